"""Run `python -m bot` in a subprocess, as a newcomer or a script would."""

from __future__ import annotations

import subprocess
import sys

from tests.support.paths import ROOT


def run(env, *args, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot", *args], capture_output=True, text=True,
                          env=env, cwd=ROOT, input=stdin, timeout=120)
