#!/usr/bin/env python3
"""Set up and run the project with nothing but python3.

    python3 dev.py run      # make .venv if needed, then start the bot (or the offline console)
    python3 dev.py test     # make .venv if needed, then run the whole test suite
    python3 dev.py bench    # make .venv if needed, then run the benchmarks
    python3 dev.py lint     # ruff

The virtual environment is rebuilt when pyproject.toml changes.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PY = VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
STAMP = VENV / ".installed"

COMMANDS = {
    "run": ["-m", "bot"],
    "test": ["-m", "pytest", "-q"],
    "bench": ["-m", "benchmarks"],
    "lint": ["-m", "ruff", "check", "."],
}


def ensure_venv() -> None:
    """Create .venv and install the project with its dev tools, once per pyproject.toml."""
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted and PY.exists():
        return
    print("Setting up .venv (first run, or pyproject.toml changed) ...", file=sys.stderr)
    venv.EnvBuilder(with_pip=True, clear=not PY.exists()).create(VENV)
    pip = [str(PY), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "-e", f"{ROOT}[dev]"], check=True)
    STAMP.write_text(wanted)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    ensure_venv()
    return subprocess.call([str(PY), *COMMANDS[argv[0]], *argv[1:]], cwd=ROOT)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
