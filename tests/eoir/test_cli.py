"""`python -m bot eoir ...` as a newsroom runs it: synth, ingest, codes, check, and the bot
answering from what was ingested."""

from __future__ import annotations

import json
import logging

from bot.eoir.progress import Progress
from tests.support.cli import run


def test_from_synth_to_an_answer(loaded_env, tmp_path):
    release = tmp_path / "release"
    made = run(loaded_env, "eoir", "synth", str(release), "--cases", "20000", "--seed", "3")
    assert made.returncode == 0, made.stderr
    assert "For tests and benchmarks only" in made.stdout

    refused = run(loaded_env, "eoir", "ingest", str(release))
    assert refused.returncode == 1
    assert "synthetic release" in refused.stderr and "Nothing was changed" in refused.stderr

    env = dict(loaded_env, BOT_EOIR_DB_PATH=str(tmp_path / "eoir.db"))
    done = run(env, "eoir", "ingest", str(release), "--allow-synthetic")
    assert done.returncode == 0, done.stderr
    assert "completed asylum cases, release of 2026-07-01" in done.stdout
    assert "Rows skipped:" in done.stdout and "COMP_DATE is not a possible date" in done.stdout
    again = run(env, "eoir", "ingest", str(release), "--allow-synthetic")
    assert again.stdout.startswith("Unchanged:")

    answer = run(env, "ask", "--json", "--no-chart", "/outcomes 2023 court=HOU")
    assert answer.returncode == 0, answer.stderr
    data = json.loads(answer.stdout)
    assert data["dataset"] == "eoir_asylum_cases"
    assert data["question"] == "/outcomes 2023 court=HOU"

    check = run(env, "eoir", "check", "--json")
    assert check.returncode == 0, check.stderr
    assert {r["measure"] for r in json.loads(check.stdout)["rows"]} >= {"ordered removed",
                                                                       "asylum decisions"}
    codes = run(env, "eoir", "codes", str(release))
    assert "Descriptions with no class: 0" in codes.stdout


def test_breakdowns_before_any_ingest(loaded_env, tmp_path):
    env = dict(loaded_env, BOT_EOIR_DB_PATH=str(tmp_path / "none.db"))
    answer = run(env, "ask", "/courts 2023")
    assert answer.returncode == 2
    assert "python -m bot eoir ingest" in answer.stdout + answer.stderr


def test_progress_is_a_log_line_every_tenth_off_a_terminal(caplog):
    progress = Progress(1000, bar=False)
    progress.start("B_TblProceeding")
    with caplog.at_level(logging.INFO, logger="bot.eoir"):
        for _ in range(100):
            progress(10)
    lines = [r.getMessage() for r in caplog.records if "of the release read" in r.getMessage()]
    assert len(lines) == 10
    assert lines[-1].startswith("100% of the release read (B_TblProceeding)")


def test_progress_on_a_terminal_is_a_bar(capsys):
    progress = Progress(1000, bar=True)
    progress.start("A_TblCase")
    progress(500)
    progress.close()
    err = capsys.readouterr().err
    assert "reading A_TblCase" in err and "50%" in err
