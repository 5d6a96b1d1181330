"""The PyInstaller bundle (build.spec): built once per run in a temp folder (or the one named by
ROCTA_BUNDLE_DIR, e.g. `ROCTA_BUNDLE_DIR=dist/rocta-desktop` after `./dev.sh bundle`), then its CLI
creates, opens and verifies a workspace and its GUI reaches the sign-in screen, offscreen.

    ./dev.sh test -m bundle        (./dev.sh test with no arguments runs it after the default suite)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rocta_desktop.store.keyslots import PRODUCTION_COST

pytestmark = [pytest.mark.slow, pytest.mark.bundle]

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "Bundle-check-2026"
# What bundle/qt_trim.py and build.spec leave out: if one of these is back, the trimming stopped working.
TRIMMED = ("PySide6/Qt/translations", "platforms/libqeglfs.so", "platforms/libqvnc.so", "platformthemes/libqgtk3.so",
           "imageformats/libqjpeg.so", "plugins/tls", "libQt6Network.so.6", "libQt6EglFSDeviceIntegration.so.6",
           "libcairo.so.2", "PySide6/QtNetwork.abi3.so")


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    given = os.environ.get("ROCTA_BUNDLE_DIR")
    if given:
        folder = Path(given).resolve()
        assert (folder / "rocta").is_file(), f"ROCTA_BUNDLE_DIR={given} holds no built bundle"
        return folder
    pytest.importorskip("PyInstaller", reason="PyInstaller is not installed: pip install -e '.[bundle]'")
    out = tmp_path_factory.mktemp("bundle")
    log = out / "pyinstaller.log"
    t0 = time.perf_counter()
    with log.open("w") as fh:
        done = subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--distpath", str(out / "dist"),
                               "--workpath", str(out / "build"), "build.spec"], cwd=ROOT, stdout=fh,
                              stderr=subprocess.STDOUT, timeout=900, check=False)
    assert done.returncode == 0, log.read_text()[-4000:]
    print(f"bundle built in {time.perf_counter() - t0:.0f} s")
    return out / "dist" / "rocta-desktop"


def bundle_env(home: Path) -> dict[str, str]:
    """A clean environment: nothing from the virtual environment or the source tree, user folders in `home`."""
    env = {k: os.environ[k] for k in ("PATH", "LANG", "LC_ALL", "TMPDIR") if k in os.environ}
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"), XDG_DATA_HOME=str(home / ".local/share"),
               XDG_CACHE_HOME=str(home / ".cache"), XDG_RUNTIME_DIR=str(home / "run"), QT_QPA_PLATFORM="offscreen",
               ROCTA_KDF_COST="test", ROCTA_PASSWORD=PASSWORD)  # set on purpose: a bundle must ignore it
    (home / "run").mkdir(parents=True, exist_ok=True, mode=0o700)
    return env


def listing(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in folder.rglob("*") if p.is_file() and not p.is_symlink()}


def test_bundle_holds_the_data_files_and_not_what_was_trimmed(bundle):
    internal = bundle / "_internal"
    assert (bundle / "rocta").is_file() and (bundle / "rocta-desktop").is_file()
    assert sorted(p.name for p in (internal / "migrations" / "versions").glob("*.py")) == \
        sorted(p.name for p in (ROOT / "migrations" / "versions").glob("*.py"))
    assert (internal / "migrations" / "env.py").is_file()
    assert {p.name for p in (internal / "resources" / "schemes").glob("*.json")} == \
        {p.name for p in (ROOT / "resources" / "schemes").glob("*.json")}
    assert (internal / "resources" / "fonts" / "DejaVuSans.ttf").is_file()
    files = [str(p.relative_to(internal)) for p in internal.rglob("*")]
    back = [name for name in TRIMMED if any(name in f for f in files)]
    assert not back, f"trimmed parts are back in the bundle: {back}"


def test_bundled_cli_creates_opens_and_verifies_a_workspace(bundle, tmp_path):
    env = bundle_env(tmp_path / "home")
    before = listing(bundle)
    ws = tmp_path / "Region.rocta"

    def rocta(*args):
        return subprocess.run([str(bundle / "rocta"), *args], capture_output=True, text=True, env=env, cwd=tmp_path,
                              timeout=120, check=False)

    r = rocta("init", str(ws), "--user", "admin", "--json")
    assert r.returncode == 0, r.stderr
    assert len(json.loads(r.stdout)["recovery_key"].split("-")) == 8
    kdf = json.loads((ws / "keyslots.json").read_text())["kdf"]  # one cost for every password slot
    assert (kdf["t"], kdf["m"], kdf["p"]) == (PRODUCTION_COST.time_cost, PRODUCTION_COST.memory_kib,
                                              PRODUCTION_COST.parallelism)  # never the test cost when installed
    r = rocta("info", str(ws), "--user", "admin", "--json")
    assert r.returncode == 0, r.stderr
    info = json.loads(r.stdout)
    assert info["schema_revision"] == info["schema_head"]  # the bundled migrations ran
    assert info["signed_in_as"] == {"username": "admin", "role": "administrator"}
    r = rocta("verify", str(ws), "--user", "admin")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "no problems found" in r.stdout
    r = rocta("scheme", "list")  # the shipped schemes, read from the bundle
    assert r.returncode == 0 and "morile-reference" in r.stdout, r.stderr
    r = rocta("info", str(ws), "--user", "admin", "--password-file", str(tmp_path / "missing"))
    assert r.returncode == 2  # bad input is still exit code 2 when frozen
    assert listing(bundle) == before, "the bundle folder changed: user data must never be written there"


def test_bundled_gui_reaches_the_sign_in_screen(bundle, tmp_path):
    env = bundle_env(tmp_path / "home")
    before = listing(bundle)
    r = subprocess.run([str(bundle / "rocta-desktop"), "--smoke-exit-after-start"], capture_output=True, text=True,
                       env=env, cwd=tmp_path, timeout=120, check=False)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "sign-in screen shown" in r.stdout
    assert listing(bundle) == before
