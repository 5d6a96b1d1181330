# Overrides PyInstaller's hook of the same name: the same Qt collection minus plugins and translations
# ROCTA never uses (bundle/qt_trim.py; build.spec puts bundle/ on sys.path).
from qt_trim import trimmed_qt_dependencies

hiddenimports, binaries, datas = trimmed_qt_dependencies(__file__)
