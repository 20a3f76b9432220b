"""Set up and run Caseworker on a fresh machine: `python3 dev.py run` or `python3 dev.py test`.

Each command makes (or reuses) a virtual environment in `.venv`, installs what the project
declares in setup.cfg when that has changed, then starts the app or runs the test suite.
On Linux it also installs, through apt-get when it may, the few system libraries that Qt and
the PDF checks need and that a bare server image lacks.
"""

from __future__ import annotations

import ctypes.util
import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"

# Shared libraries Qt loads even on the offscreen platform, and the Debian packages that hold them.
QT_RUNTIME = {
    "EGL": "libegl1",
    "GL": "libgl1",
    "xkbcommon": "libxkbcommon0",
    "fontconfig": "libfontconfig1",
    "dbus-1": "libdbus-1-3",
}
# A real window on X11 needs these too (only for `run`).
QT_X11 = {"xcb-cursor": "libxcb-cursor0", "xkbcommon-x11": "libxkbcommon-x11-0"}
# Tools the tests call: pdftotext / pdftoppm read back the PDFs the app writes.
TEST_TOOLS = {"pdftotext": "poppler-utils"}


def venv_python() -> Path:
    """Return the interpreter inside the project's virtual environment."""
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def ensure_system_packages(libraries: dict[str, str], tools: dict[str, str]) -> None:
    """Install missing Debian packages for Qt and the PDF tools, when apt-get can be used."""
    if not sys.platform.startswith("linux"):
        return
    missing = [pkg for lib, pkg in libraries.items() if ctypes.util.find_library(lib) is None]
    missing += [pkg for tool, pkg in tools.items() if shutil.which(tool) is None]
    if not missing:
        return
    apt = shutil.which("apt-get")
    if apt is None or os.geteuid() != 0:
        print(f"dev.py: please install these system packages: {' '.join(missing)}")
        return
    print(f"dev.py: installing system packages {' '.join(missing)}")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run([apt, "-q", "update"], check=False, env=env, stdout=subprocess.DEVNULL)
    subprocess.run([apt, "-q", "install", "-y", "--no-install-recommends", *missing],
                   check=True, env=env, stdout=subprocess.DEVNULL)


def ensure_venv(extras: str) -> Path:
    """Create `.venv` and install the project with `extras` unless setup.cfg is unchanged."""
    python = venv_python()
    if not python.exists():
        print("dev.py: creating .venv")
        venv.EnvBuilder(with_pip=True).create(VENV)
    digest = hashlib.sha256()
    for name in ("setup.cfg", "pyproject.toml"):
        digest.update((ROOT / name).read_bytes())
    digest.update(extras.encode())
    stamp = VENV / f".installed-{extras or 'app'}"
    if stamp.exists() and stamp.read_text() == digest.hexdigest():
        return python
    print("dev.py: installing Caseworker and its dependencies into .venv")
    subprocess.run([python, "-m", "pip", "install", "-q", "--upgrade", "pip"], check=True)
    target = f".[{extras}]" if extras else "."
    subprocess.run([python, "-m", "pip", "install", "-q", "-e", target], check=True, cwd=ROOT)
    stamp.write_text(digest.hexdigest())
    return python


def run_app(args: list[str]) -> int:
    """Start the app (or one of its commands, such as `demo`) with `args`."""
    ensure_system_packages({**QT_RUNTIME, **QT_X11}, {})
    python = ensure_venv("")
    return subprocess.run([python, str(ROOT / "main.py"), *args], cwd=ROOT).returncode


def run_tests(args: list[str]) -> int:
    """Lint, then run the whole test suite headless (Qt on its offscreen platform)."""
    ensure_system_packages(QT_RUNTIME, TEST_TOOLS)
    python = ensure_venv("test")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    lint = subprocess.run([python, "-m", "ruff", "check", "."], cwd=ROOT, env=env)
    if lint.returncode != 0:
        print("dev.py: ruff found problems (above); tests not run")
        return lint.returncode
    workers = [] if any(a.startswith("-n") for a in args) else ["-n", "2"]
    return subprocess.run([python, "-m", "pytest", *workers, *args], cwd=ROOT, env=env).returncode


def main() -> int:
    """Dispatch `run` or `test`; anything after the command is passed on."""
    if len(sys.argv) < 2 or sys.argv[1] not in {"run", "test"}:
        print(__doc__)
        print("usage: python3 dev.py run [APP ARGS...] | python3 dev.py test [PYTEST ARGS...]")
        return 2
    command, rest = sys.argv[1], sys.argv[2:]
    if rest[:1] == ["--"]:
        rest = rest[1:]
    return run_app(rest) if command == "run" else run_tests(rest)


if __name__ == "__main__":
    raise SystemExit(main())
