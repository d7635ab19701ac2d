"""The console: piped input until it ends, the same answers as `ask`, help on mistakes."""

from __future__ import annotations

import io

from bot.console.repl import answer_line, run
from tests.support.cli import run as run_cli


def test_piped_console_answers_each_line(loaded_env):
    out = run_cli(loaded_env, "console", stdin="/outcomes 2022\n\n/nope\n/compare 2020\n")
    assert out.returncode == 0, out.stderr
    assert "Allowed to remain 102,550  60.1%" in out.stdout
    assert "Error: Unknown command '/nope'" in out.stdout
    assert "Error: /compare takes 2 years." in out.stdout
    assert "asylum>" not in out.stdout  # no prompt when input is not a terminal
    assert "Traceback" not in out.stdout + out.stderr


def test_run_without_token_opens_console(loaded_env):
    out = run_cli(loaded_env, stdin="/trend 2018 2020\nquit\n/outcomes 2022\n")
    assert out.returncode == 0, out.stderr
    assert "No DISCORD_TOKEN set" in out.stderr
    assert "FY2018 to FY2020" in out.stdout
    assert "courts, FY2022" not in out.stdout  # stopped at quit


def test_console_and_ask_give_the_same_answer(service, tmp_path):
    text = answer_line(service, "/totals 2021", tmp_path)
    assert text.startswith(service.ask("/totals 2021").text())


def test_run_in_process(service, tmp_path):
    out = io.StringIO()
    assert run(service, chart_dir=tmp_path, stdin=io.StringIO("help\n/about\n"), stdout=out) == 0
    assert "/outcomes YEAR" in out.getvalue()
    assert "Definitions:" in out.getvalue()
