"""The systemd unit: verified by systemd-analyze, with the paths of this checkout."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.support.paths import ROOT

UNIT = ROOT / "deploy" / "asylum-desk-bot.service"


@pytest.mark.skipif(shutil.which("systemd-analyze") is None,
                    reason="systemd-analyze is not on this machine")
def test_the_unit_verifies(tmp_path):
    unit = tmp_path / "asylum-desk-bot.service"
    # This checkout in place of /opt/asylum-desk-bot: verify checks the commands exist.
    unit.write_text(UNIT.read_text().replace("/opt/asylum-desk-bot", str(ROOT)))
    done = subprocess.run(["systemd-analyze", "verify", str(unit)], capture_output=True,
                          text=True, timeout=60)
    problems = [line for line in (done.stdout + done.stderr).splitlines()
                if "asylum-desk-bot.service" in line]
    assert done.returncode == 0 and problems == [], done.stdout + done.stderr


def test_the_unit_says_what_a_supervised_bot_needs():
    text = UNIT.read_text()
    for line in ("Type=notify", "WatchdogSec=", "Restart=on-failure", "EnvironmentFile=",
                 "User=asylum-desk-bot", "ProtectSystem=strict", "ReadWritePaths=",
                 "NoNewPrivileges=yes", "PrivateTmp=yes", "MemoryMax=",
                 "ExecStartPre=/opt/asylum-desk-bot/.venv/bin/python -m bot doctor --offline"):
        assert line in text, line
