#!/usr/bin/env bash
# ROCTA Desktop developer entry point for a fresh Linux (Debian/Ubuntu) machine.
#   ./dev.sh demo   set everything up, create an encrypted demo workspace, start the application
#   ./dev.sh test   set everything up and run the whole test suite (what CI runs): ruff and lint-imports,
#                   the default selection (beside it the service and command-line tests on PostgreSQL), the suites below the GUI
#                   with the clock moved, then the bundle test (builds the PyInstaller bundle and runs it; only without pytest arguments)
#   ./dev.sh bench  set everything up and run the benchmarks
#   ./dev.sh bundle set everything up and build the one-folder bundle dist/rocta-desktop/ (build.spec),
#                   its tarball dist/rocta-desktop-VERSION-linux-ARCH.tar.gz and the tarball's .sha256
set -euo pipefail
cd "$(dirname "$0")"

VENV=${ROCTA_VENV:-.venv}
PY=${PYTHON:-python3}

# Qt's runtime libraries (offscreen platform) and fonts; the xcb set for a real window.
QT_OFFSCREEN_DEBS="libegl1 libgl1 libx11-6 libxkbcommon0 libfontconfig1 libfreetype6 libglib2.0-0 libdbus-1-3 fonts-dejavu-core"
# LibreOffice Calc reads our Excel returns back in the tests (does a real spreadsheet open them?);
# poppler-utils (pdftotext) reads our printed reports back; libfaketime moves the clock for the
# moved-clock runs (the suite must pass on any date); postgresql gives initdb/pg_ctl for the throwaway
# cluster the server tests start (tests/server/cluster.py: a temp folder, loopback only)
TEST_DEBS="libreoffice-calc poppler-utils libfaketime postgresql"
# the suites below the GUI, run again with the whole process's clock moved forward
CLOCK_SUITES="tests/domain tests/services tests/exchange tests/cli tests/store"
# PyInstaller reads binaries with objdump and strips them with strip
BUNDLE_DEBS="binutils"
QT_WINDOW_DEBS="libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xfixes0 libxcb-xkb1 libx11-xcb1"

need_debs() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null; then
    echo "Missing system packages (${missing[*]}) and no apt-get: install them by hand." >&2; return 0
  fi
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing system packages: ${missing[*]}" >&2
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

setup() {
  "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11+ is required" >&2; exit 2; }
  if [ ! -x "$VENV/bin/python" ]; then
    "$PY" -m venv "$VENV"
  fi
  local stamp="$VENV/.installed-$(sha1sum pyproject.toml | cut -c1-12)"
  if [ ! -f "$stamp" ]; then
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip 2>&1 | grep -v "^WARNING: Location" || true
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e ".[test]" 2>&1 | grep -v "^WARNING: Location" || true
    "$VENV/bin/python" -c "import rocta_desktop, PySide6, sqlcipher3" || { echo "installation failed" >&2; exit 1; }
    touch "$stamp"
  fi
  # the Designer forms (ui/*.ui) compiled into rocta_desktop/gui/forms/ (committed; this keeps an edited .ui in step)
  "$VENV/bin/python" ui/compile_forms.py
}

# Run a command with the whole process's clock moved by $1 (libfaketime; e.g. +400d, +3y). The
# monotonic clock is left alone (threads wait on it); tests/faketime works around libfaketime's
# broken absolute sleeps for every Python process started this way.
moved_clock() {
  local lib
  lib=$(dpkg -L libfaketime 2>/dev/null | grep -m1 '/libfaketime.so.1$') || { echo "libfaketime is missing" >&2; return 1; }
  local offset=$1; shift
  LD_PRELOAD="$lib" FAKETIME="$offset" FAKETIME_DONT_FAKE_MONOTONIC=1 \
    PYTHONPATH="$PWD/tests/faketime${PYTHONPATH:+:$PYTHONPATH}" "$@"
}

bundle_tools() {
  "$VENV/bin/python" -c "import PyInstaller" 2>/dev/null && return 0
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e ".[bundle]" 2>&1 | grep -v "^WARNING: Location" || true
  "$VENV/bin/python" -c "import PyInstaller" || { echo "installing PyInstaller failed" >&2; exit 1; }
}

case "${1:-}" in
  demo)
    need_debs $QT_OFFSCREEN_DEBS $QT_WINDOW_DEBS
    setup
    DEMO=${ROCTA_DEMO_WORKSPACE:-${XDG_DATA_HOME:-$HOME/.local/share}/ROCTA/demo.rocta}
    export ROCTA_PASSWORD=${ROCTA_DEMO_PASSWORD:-Demo-Password-2026}
    if [ ! -d "$DEMO" ]; then
      mkdir -p "$(dirname "$DEMO")"
      "$VENV/bin/rocta" demo "$DEMO" --groups "${ROCTA_DEMO_GROUPS:-200}" --nominals "${ROCTA_DEMO_NOMINALS:-2000}"
    fi
    echo "Demo workspace: $DEMO"
    echo "Sign in as admin, supervisor or analyst with password: $ROCTA_PASSWORD  (demo only)"
    unset ROCTA_PASSWORD
    if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
      need_debs xvfb xauth
      exec xvfb-run -a "$VENV/bin/python" -m rocta_desktop "$DEMO"
    fi
    exec "$VENV/bin/python" -m rocta_desktop "$DEMO"
    ;;
  test)
    need_debs $QT_OFFSCREEN_DEBS $TEST_DEBS
    setup
    shift
    export QT_QPA_PLATFORM=offscreen
    if [ "${1:-}" = "--clock" ]; then   # ./dev.sh test --clock +400d [pytest args]: the clock moved
      shift; offset=$1; shift
      moved_clock "$offset" "$VENV/bin/python" -m pytest -q -p no:cacheprovider "$@"
      exit $?
    fi
    if [ $# -gt 0 ]; then
      exec "$VENV/bin/python" -m pytest -q "$@"
    fi
    # the whole suite (CI): ruff and the import contracts; then two lanes, one core each. One runs the
    # default selection except the suites below the GUI (the GUI, faults, architecture...), then those
    # suites with the clock moved forward 3 years, then the bundle (its tools installed first, so nothing
    # is installed while tests run); the other runs the service and command-line tests on a throwaway
    # PostgreSQL cluster, then the suites below the GUI with the clock moved forward 400 days. Every test
    # runs; the suites below the GUI run at two moved dates instead of today's and one moved date.
    status=0
    echo "== ruff, and the floors' import contracts (lint-imports)"
    "$VENV/bin/ruff" check . || status=$?
    "$VENV/bin/lint-imports" --no-cache || status=$?
    need_debs $BUNDLE_DEBS
    bundle_tools
    logs=$(mktemp -d)
    # each step records its own status (under `set -e` a failing step would end its lane unrecorded)
    (
      if ROCTA_TEST_SERVER=1 "$VENV/bin/python" -m pytest -q -p no:cacheprovider tests/services tests/server tests/cli \
        > "$logs/server.log" 2>&1; then echo 0 > "$logs/server.rc"; else echo $? > "$logs/server.rc"; fi
      if moved_clock +400d "$VENV/bin/python" -m pytest -q -p no:cacheprovider $CLOCK_SUITES \
        > "$logs/clock+400d.log" 2>&1; then echo 0 > "$logs/clock+400d.rc"; else echo $? > "$logs/clock+400d.rc"; fi
    ) &
    side=$!
    echo "== the default selection, less the suites below the GUI (they run below with the clock moved)"
    # shellcheck disable=SC2046
    "$VENV/bin/python" -m pytest -q $(for suite in $CLOCK_SUITES; do printf -- "--ignore=%s " "$suite"; done) \
      || status=$?
    if moved_clock +3y "$VENV/bin/python" -m pytest -q -p no:cacheprovider $CLOCK_SUITES > "$logs/clock+3y.log" 2>&1
    then echo 0 > "$logs/clock+3y.rc"; else echo $? > "$logs/clock+3y.rc"; fi
    if "$VENV/bin/python" -m pytest -q -p no:cacheprovider -m bundle > "$logs/bundle.log" 2>&1; then
      echo 0 > "$logs/bundle.rc"; else echo $? > "$logs/bundle.rc"; fi
    wait "$side" || status=$?
    for part in server clock+400d clock+3y bundle; do
      case $part in
        server) echo "== the service and command-line tests on PostgreSQL (ROCTA_TEST_SERVER=1: the regional server mode)" ;;
        clock*) echo "== the suites below the GUI with the clock moved ${part#clock} (libfaketime)" ;;
        bundle) echo "== the bundle (PyInstaller)" ;;
      esac
      cat "$logs/$part.log" 2>/dev/null || echo "(no log: this step did not run)"
      rc=$(cat "$logs/$part.rc" 2>/dev/null || echo 1)
      [ "$rc" = 0 ] || status=$rc
    done
    rm -rf "$logs"
    exit $status
    ;;
  bench)
    setup
    shift
    exec "$VENV/bin/python" -m bench "$@"
    ;;
  bundle)
    # the Qt runtime libraries present here are the ones bundled (the xcb set too: a real window needs it)
    need_debs $BUNDLE_DEBS $QT_OFFSCREEN_DEBS $QT_WINDOW_DEBS
    setup
    bundle_tools
    "$VENV/bin/python" -m PyInstaller --noconfirm --log-level WARN --workpath build/pyinstaller build.spec
    version=$("$VENV/bin/python" -c "import rocta_desktop; print(rocta_desktop.__version__)")
    tarball="rocta-desktop-$version-linux-$(uname -m).tar.gz"
    tar -C dist -czf "dist/$tarball" rocta-desktop
    (cd dist && sha256sum "$tarball" > "$tarball.sha256")
    echo "Built dist/rocta-desktop/ ($(du -sh dist/rocta-desktop | cut -f1)); copy dist/$tarball and its .sha256"
    ;;
  *)
    echo "usage: ./dev.sh demo | test [pytest args] | bench | bundle" >&2
    exit 2
    ;;
esac
