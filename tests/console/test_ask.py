"""`python -m bot ask`, run as a subprocess exactly as a newcomer or a script would."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.cli import run


def test_ask_prints_answer_and_chart_path(loaded_env):
    out = run(loaded_env, "ask", "/outcomes 2023")
    assert out.returncode == 0, out.stderr
    assert "Asylum case outcomes in US immigration courts, FY2023" in out.stdout
    assert "Allowed to remain 149,305  61.0%" in out.stdout
    assert "Source: TRAC Immigration, Syracuse University, as of May 2024" in out.stdout
    chart = Path(out.stdout.split("Chart: ")[1].splitlines()[0])
    assert chart.exists() and chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert chart.parent == Path(loaded_env["BOT_CHART_DIR"])


def test_ask_json_is_machine_readable(loaded_env):
    out = run(loaded_env, "ask", "--json", "/compare 2014 2022")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)  # nothing but JSON on stdout
    assert doc["figures"]["measures"]["allowed_to_remain"]["ratio"] == 9.86
    assert doc["source"]["as_of"] == "May 2024"
    assert doc["caveats"] and doc["chart"]["alt_text"]
    assert Path(doc["chart"]["path"]).exists()
    assert doc["tables"][0]["rows"][2] == {"": "Allowed to remain", "FY2014": 10405,
                                           "FY2022": 102550}


def test_ask_wrong_year_names_years_and_exits_2(loaded_env):
    out = run(loaded_env, "ask", "/outcomes 2030")
    assert out.returncode == 2
    assert "Years available: FY2014 to FY2024" in out.stderr
    assert "Traceback" not in out.stderr


def test_ask_json_error(loaded_env):
    out = run(loaded_env, "ask", "--json", "/outcomes", "banana")
    assert out.returncode == 2
    assert "not a year" in json.loads(out.stdout)["error"]


def test_unknown_command_gets_usage(loaded_env):
    out = run(loaded_env, "ask", "/bogus")
    assert out.returncode == 2
    assert "Unknown command" in out.stderr and "/outcomes YEAR" in out.stderr


def test_bad_data_file_is_reported_and_old_data_answers(loaded_env):
    assert run(loaded_env, "load").returncode == 0
    csv = Path(loaded_env["BOT_DATA_DIR"]) / "trac_asylum_outcomes.csv"
    csv.write_text(csv.read_text().replace("52440", "-52440"))
    load = run(loaded_env, "load")
    assert load.returncode == 1
    assert ("trac_asylum_outcomes.csv, line 11, column 'ordered_removed': '-52440' is negative"
            in load.stderr)
    ask = run(loaded_env, "ask", "/outcomes 2023")
    assert ask.returncode == 0
    assert "52,440" in ask.stdout
    assert "still answering from the version in service" in ask.stderr


def test_load_twice_reports_unchanged(loaded_env):
    first = run(loaded_env, "load")
    second = run(loaded_env, "load")
    assert first.stdout.startswith("Loaded data version")
    assert second.stdout.startswith("Unchanged: data version")
