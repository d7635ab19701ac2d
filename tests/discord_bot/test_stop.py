"""The real bot process stopping: Ctrl-C (SIGINT) or SIGTERM while it answers, a bad token."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from benchmarks.standin_thread import StandInThread
from tests.support.bot import TEST_TOKEN
from tests.support.discord_standin import GUILD_ID
from tests.support.paths import ROOT

pytestmark = pytest.mark.slow


def wait_for(condition, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError
        time.sleep(0.05)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_signal_stops_the_bot_cleanly_while_it_answers(sig, loaded_env, tmp_path):
    env = dict(loaded_env, DISCORD_TOKEN=TEST_TOKEN, DISCORD_GUILD_ID=str(GUILD_ID),
               BOT_RENDER_WORKERS="2")
    log = tmp_path / "bot.log"
    with StandInThread() as stand, open(log, "w") as out:
        # A process group of its own, as a terminal gives it: Ctrl-C reaches every
        # process in the group, chart workers included.
        bot = subprocess.Popen([sys.executable, "-m", "tests.support.bot_process",
                                str(stand.server.port)], cwd=ROOT, env=env, stdout=out,
                               stderr=subprocess.STDOUT, start_new_session=True)
        try:
            wait_for(lambda: "answering" in log.read_text())
            stand.call(stand.server.ask("outcomes", year=2022))  # the chart workers are up
            # One chart in hand: one worker drawing, the other waiting for work.
            record = stand.call(stand.server.interact("trend", start=2015))
            wait_for(lambda: bool(record.callbacks) or record.done.is_set())
            if sig == signal.SIGINT:
                os.killpg(bot.pid, sig)  # what Ctrl-C does
            else:
                bot.send_signal(sig)  # what a service manager does
            code = bot.wait(30)
        finally:
            if bot.poll() is None:
                os.killpg(bot.pid, signal.SIGKILL)
    text = log.read_text()
    assert code == 0, text
    assert "Traceback" not in text and "KeyboardInterrupt" not in text, text
    assert text.rstrip().splitlines()[-1].endswith("bot.discord_bot.runner: stopped"), text


def test_a_rejected_token_is_one_line_and_no_traceback(loaded_env, tmp_path):
    env = dict(loaded_env, DISCORD_TOKEN=TEST_TOKEN, BOT_RENDER_WORKERS="2")
    with StandInThread() as stand:
        stand.server.reject_login = True
        out = subprocess.run([sys.executable, "-m", "tests.support.bot_process",
                              str(stand.server.port)], cwd=ROOT, env=env, capture_output=True,
                             text=True, timeout=60)
    text = out.stdout + out.stderr
    assert out.returncode == 1, text
    assert "Discord rejected DISCORD_TOKEN; check it in .env or the environment" in text
    assert "Traceback" not in text, text
    assert TEST_TOKEN not in text
