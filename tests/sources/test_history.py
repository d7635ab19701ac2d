"""A sequence of CBP releases, as CBP rolls its file forward each October: every month
kept, each from the newest release that has it; revisions told apart from months a file
no longer covers; the fiscal-year totals from the same months."""

from __future__ import annotations

import dataclasses

import pytest

from bot.answers.service import Answers
from bot.encounters.store import EncounterStore
from bot.settings import Settings
from bot.sources.fetch import Fetcher
from bot.sources.update import rules, update
from bot.store.reader import Reader
from tests.support.cbp_files import series_span, write_release
from tests.support.settings import private_settings

R1 = "nationwide-encounters-fy20-fy23-aor.csv"  # October 2019 to September 2023
R2 = "nationwide-encounters-fy22-fy25-aor.csv"  # October 2021 to September 2025, revised
R3 = "nationwide-encounters-fy24-fy27-oct-aor.csv"  # October 2023 to October 2026


@pytest.fixture
def settings(tmp_path) -> Settings:
    return private_settings(tmp_path)


@pytest.fixture
def files(tmp_path):
    out = tmp_path / "releases"
    out.mkdir()
    write_release(out / R1, series_span(2020, 2023), closed=True, seed=1)
    write_release(out / R2, revised(series_span(2022, 2025)), closed=True, seed=2)
    write_release(out / R3, revised(series_span(2024, 2027, last_month=10)), seed=3)
    return out


def revised(series):
    """April 2024 as CBP revised it: 179,737 -> 179,750 (Border Patrol 128,895 -> 128,908)."""
    april = (series["fiscal_year"] == 2024) & (series["month"] == 4)
    series.loc[april, "border_patrol"] += 13
    series.loc[april, "total"] += 13
    return series


def take(settings, path):
    with Fetcher(rules(settings), sleep=lambda _s: None) as f:
        (outcome,) = update(settings, ["cbp"], fetcher=f, file=path)
    assert outcome.status in ("new", "unchanged"), outcome.message
    return outcome


def ask(settings, text):
    return Answers(Reader(settings.db_path),
                   encounters=EncounterStore(settings.cbp_db_path)).ask(text)


def test_three_releases_in_order_keep_every_month(settings, files):
    take(settings, files / R1)
    second = take(settings, files / R2)
    assert "1 month revised (April 2024)" in second.changes
    third = take(settings, files / R3)
    assert "FY2022 and FY2023 are no longer in CBP's current file; kept from release " \
           f"{R2}" in third.changes
    assert "FY2020 and FY2021 are no longer in CBP's current file; kept from release " \
           f"{R1}" in third.changes
    assert "no longer in the release" not in third.changes  # nothing dropped
    for question, release in (("/encounters 2022-05", R2), ("/encounters 2026-10", R3),
                              ("/encounters 2020-05", R1)):
        answer = ask(settings, question)
        assert answer.source.as_of.split(";")[0].endswith(f"from {release}"), \
            (question, answer.source.as_of)
    ranked = ask(settings, "/encounters 2023 by=nationality")
    assert "nationality" in ranked.title.lower()
    assert ranked.source.as_of.startswith(f"FY2023 from {R2}")
    months_csv = ask(settings, "/encounters 2024").tables[-1].csv()
    assert months_csv.splitlines()[0].endswith(",Release")
    assert any(line.endswith(R3) for line in months_csv.splitlines()[1:13])
    snap = Reader(settings.db_path).snapshot()
    ds = snap.datasets["cbp_border_encounters"]
    assert ds.years[0] == 2020 and ds.months[-1].month == 10
    april = next(m for m in ds.months if (m.year, m.month) == (2024, 4))
    assert april.values["border_patrol"] + april.values["ports_of_entry"] == 179750


def test_changes_lists_the_revision_first_and_additions_apart(settings, files):
    for name in (R1, R2, R3):
        take(settings, files / name)
    text = ask(settings, "/changes").text()
    assert "Apr 2024" in text and "179,750" in text
    rows = ask(settings, "/changes dataset=cbp_border_encounters").tables[0].rows
    assert rows[0][0] == "Apr 2024"  # the one value that changed, not the months added
    assert all(old != "–" for _, _, old, _ in rows)
    assert "Added, not revised" in " ".join(ask(settings, "/changes").caveats)
    assert "no longer in CBP's current file" in " ".join(
        ask(settings, "/changes dataset=cbp_border_encounters").caveats)


def test_an_older_release_taken_last_never_overwrites_newer_months(settings, files):
    take(settings, files / R3)
    out = take(settings, files / R1)  # no month in common: it fills FY2020 to FY2023
    assert "older than the release in service" not in out.changes
    out = take(settings, files / R2)  # older than R3 for FY2024 and FY2025; newer than R1
    assert "24 months of " + R2 + " are older than the release in service" in out.changes
    cbp = EncounterStore(settings.cbp_db_path)
    sources = cbp.snapshot().info["releases"]
    assert R1 in sources and R2 in sources and R3 in sources
    ds = Reader(settings.db_path).snapshot().datasets["cbp_border_encounters"]
    assert ds.years[0] == 2020 and ds.months[-1].month == 10
    for question, release in (("/encounters 2023-03", R2), ("/encounters 2021-03", R1),
                              ("/encounters 2024-04", R3)):
        assert ask(settings, question).source.as_of.split(";")[0].endswith(release)


def test_the_fiscal_year_totals_come_from_the_same_months(settings, files):
    for name in (R1, R2, R3):
        take(settings, files / name)
    snap = Reader(settings.db_path).snapshot()
    monthly, annual = snap.datasets["cbp_border_encounters"], snap.datasets[
        "cbp_encounters_annual"]
    for row in annual.rows:
        held = [m for m in monthly.months if m.year == row.year]
        assert row.values["border_patrol"] == sum(m.values["border_patrol"] for m in held)
        assert row.period.months == len(held)
    fy2027 = annual.row(2027)
    assert fy2027.partial and "October" in fy2027.period.label


def test_backfill_takes_the_older_files_once_oldest_first(settings, files):
    from bot.sources.update import backfill, status, status_lines
    from tests.support.source_server import SourceServer

    with SourceServer() as server:
        settings = dataclasses.replace(settings, source_urls={"cbp": server.url("/stats/page")})
        gone = "/sites/default/files/2021-10/nationwide-encounters-fy18-fy21-aor.csv"
        server.links.append(gone)  # linked, but answers 404
        for folder, name in (("2023-10", R1), ("2025-10", R2), ("2026-11", R3)):
            server.serve(f"/sites/default/files/{folder}/{name}", files / name)
        with Fetcher(rules(settings), sleep=lambda _s: None) as f:
            (newest,) = update(settings, ["cbp"], fetcher=f)
        assert R3 in newest.message
        assert any("--backfill takes those the page links to" in line
                   for line in status_lines(status(settings)))
        with Fetcher(rules(settings), sleep=lambda _s: None) as f:
            outcomes = backfill(settings, "cbp", fetcher=f)
        assert [o.status for o in outcomes] == ["failed", "new", "new"]
        assert outcomes[0].message.startswith("skipped nationwide-encounters-fy18-fy21")
        assert "404" in outcomes[0].message and "\n" not in outcomes[0].message
        assert R1 in outcomes[1].message and R2 in outcomes[2].message
        ds = Reader(settings.db_path).snapshot().datasets["cbp_border_encounters"]
        assert ds.years[0] == 2020
        rows = {r["source"]: r for r in status(settings)}
        assert R3 in rows["cbp"]["in_service"]["file"]  # still the newest in service
        assert rows["cbp"]["backfills"] == 2
        with Fetcher(rules(settings), sleep=lambda _s: None) as f:
            again = backfill(settings, "cbp", fetcher=f)
        assert [o.status for o in again] == ["failed"]  # only the 404 is left to try


def test_a_store_from_before_histories_becomes_one_release(tmp_path, files):
    """A store written by the bot before it kept histories: its months stay, named by the
    file it was built from, when the next release is merged in."""
    import json
    import sqlite3

    from bot.encounters import read, store

    old = read.read(files / R1)
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)  # the layout the bot wrote before
    conn.execute("create table release (key text primary key, value text)")
    conn.executemany("insert into release values (?, ?)", {
        "version": "old0000000000000", "file": R1, "sha256": "", "taken_at": "2024-01-01",
        "as_of": "September 2023", "months": json.dumps(old.months),
        "covers": old.covers}.items())
    old.frame.to_sql("encounters", conn, index=False)
    conn.commit()
    conn.close()
    merged = store.write(read.read(files / R3), tmp_path / "new.db",
                         {"sha256": "ab", "taken_at": "2026-12-01", "as_of": "October 2026"},
                         previous=path)
    assert R1 in merged.kept and (2020, 10) in merged.kept[R1]
    _frame, held = store.southwest(tmp_path / "new.db")
    assert held[0] == (2020, 10) and held[-1] == (2027, 10)
    info = store.release_info(tmp_path / "new.db")
    assert {r["release"] for r in json.loads(info["releases"])} == {R1, R3}
