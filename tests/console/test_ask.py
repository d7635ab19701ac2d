"""`python -m bot ask`, run as a subprocess exactly as a newcomer or a script would."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

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
    remain = next(c for c in doc["changes"] if c["measure"] == "allowed_to_remain")
    # Exact, never pre-rounded: a script rounds once, as it shows the figure.
    assert remain["ratio"] == 102550 / 10405 and remain["percent_change"] == 92145 / 10405
    assert doc["source"]["as_of"] == "May 2024"
    assert doc["caveats"] and doc["chart"]["alt_text"]
    assert Path(doc["chart"]["path"]).exists()
    assert doc["tables"][0]["rows"][2] == ["Allowed to remain", 10405, 102550]


VALUE_KEYS = {"measure", "label", "value", "year", "period", "months", "partial", "share",
              "basis", "from_year"}
CHANGE_KEYS = {"measure", "label", "from_year", "to_year", "from_value", "to_value", "change",
               "percent_change", "ratio", "basis"}
TOP_KEYS = {"question", "command", "dataset", "title", "headline", "partial_year", "values",
            "changes", "tables", "caveats", "definitions", "details", "source", "chart",
            "followups", "menu"}


@pytest.mark.parametrize("question", ["/outcomes 2024", "/compare 2023 2024", "/trend 2022",
                                      "/totals 2021", "/changes", "/about", "/digest",
                                      "/encounters 2024-04", "/backlog 2020",
                                      "/sources granted 2022", "/grants 2023", "/datasets"])
def test_json_has_one_stable_shape(loaded_env, question):
    out = run(loaded_env, "ask", "--json", "--no-chart", question)
    doc = json.loads(out.stdout)
    assert set(doc) == TOP_KEYS
    assert doc["command"] == question.split()[0][1:]
    assert doc["dataset"] in ("trac_asylum_outcomes", "cbp_border_encounters", "eoir_workload",
                              "dhs_asylum_grants", "")
    assert all(set(v) == VALUE_KEYS for v in doc["values"])
    assert all(set(c) == CHANGE_KEYS for c in doc["changes"])
    # Shares and percent changes are fractions, in values, changes and tables alike.
    assert all(v["share"] is None or 0 <= v["share"] <= 1 for v in doc["values"])
    if doc["dataset"] == "trac_asylum_outcomes":
        assert doc["definitions"]["Allowed to remain"].startswith("Cases that ended")
    assert len(doc["source"]["data_version"]) == 8
    assert doc["source"]["data_version"] in run(loaded_env, "ask", "--no-chart",
                                                question).stdout


def test_json_marks_partial_years_and_estimates(loaded_env):
    doc = json.loads(run(loaded_env, "ask", "--json", "--no-chart", "/outcomes 2024").stdout)
    granted = [v for v in doc["values"] if v["measure"] == "granted_asylum"]
    assert [(v["value"], v["basis"], v["period"], v["months"], v["partial"]) for v in granted] \
        == [(26514, "counted", "through April", 7, True),
            (26514 * 12 / 7, "estimate", "through April", 7, True)]
    share = next(v["share"] for v in granted if v["basis"] == "counted")
    assert share == 26514 / 173706
    assert doc["tables"][0]["rows"][1] == ["Granted asylum", 26514, 26514 / 173706]



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
