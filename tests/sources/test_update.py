"""`update` against a stand-in for CBP's site on 127.0.0.1: the release fetched, checked,
loaded and recorded; every fault answered with one line and the way to do it by hand,
and the data in service left as it was."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from bot.answers.service import Answers
from bot.encounters.store import EncounterStore
from bot.settings import Settings
from bot.sources.fetch import Fetcher
from bot.sources.records import Records
from bot.sources.update import rules, status, update
from bot.store.reader import Reader
from tests.support.cbp_files import southwest_series, with_month, write_release
from tests.support.paths import DATA
from tests.support.settings import private_settings
from tests.support.source_server import SourceServer

FILE = "/sites/default/files/2025-10/nationwide-encounters-fy22-fy25-aug-aor.csv"
NEXT = "/sites/default/files/2025-11/nationwide-encounters-fy22-fy25-aor.csv"


@pytest.fixture
def server():
    with SourceServer() as s:
        yield s


@pytest.fixture
def settings(tmp_path, server) -> Settings:
    return private_settings(tmp_path, source_urls={"cbp": server.url("/stats/page")})


def run(settings, **kw):
    with Fetcher(rules(settings), sleep=lambda _s: None) as f:
        (outcome,) = update(settings, ["cbp"], fetcher=f, **kw)
    return outcome


def release(tmp_path, name="release.csv", series=None, **kw) -> Path:
    path = tmp_path / name
    write_release(path, southwest_series() if series is None else series, **kw)
    return path


def test_a_first_fetch_loads_the_release_and_records_it(tmp_path, server, settings):
    server.serve(FILE, release(tmp_path))
    out = run(settings)
    assert out.status == "new", out.message
    assert out.covers == "October 2021 to August 2025"
    assert out.changes == ""  # the same southwest figures as the series in service
    taken = Records(settings.sources_db_path).in_service("cbp")
    assert taken.url == server.url(FILE) and taken.etag and len(taken.sha256) == 64
    assert Path(taken.file).exists() and taken.announcement.startswith(
        "New CBP figures: August 2025, 9,740 southwest border encounters, 314 a day")
    snap = Reader(settings.db_path).snapshot()
    assert "release nationwide-encounters-fy22-fy25-aug-aor.csv" in \
        snap.datasets["cbp_border_encounters"].meta.as_of
    assert EncounterStore(settings.cbp_db_path).snapshot() is not None
    assert not list((settings.downloads_dir / "cbp").glob(".*"))  # no partial file left


def test_an_unchanged_release_costs_one_request(tmp_path, server, settings):
    server.serve(FILE, release(tmp_path))
    run(settings)
    server.requests.clear()
    out = run(settings)
    assert out.status == "unchanged"
    assert [(m, p) for m, p, _h in server.requests] == [("GET", "/stats/page")]
    assert "If-None-Match" in server.requests[0][2]


def test_the_file_unchanged_behind_a_changed_page_is_not_downloaded(tmp_path, server,
                                                                      settings):
    server.serve(FILE, release(tmp_path))
    run(settings)
    server.links.append("/about.html")  # the page changes, the newest file does not
    server.requests.clear()
    out = run(settings)
    assert out.status == "unchanged"
    head = server.seen("HEAD", FILE)
    assert head and "If-None-Match" in head[0][2] and not server.seen("GET", FILE)


def test_a_new_month_is_a_revision_announced_and_answered(tmp_path, server, settings):
    server.serve(FILE, release(tmp_path))
    run(settings)
    more = with_month(southwest_series(), 2025, 9, 7000, 3300)
    server.serve(NEXT, release(tmp_path, "next.csv", more, closed=True))
    out = run(settings)
    assert out.status == "new", out.message
    assert out.changes == "1 month added (September 2025)"
    assert out.announcement.startswith(
        "New CBP figures: September 2025, 10,300 southwest border encounters, 343 a day, 9.3% "
        "more a day than in August. 89.9% fewer than in September 2024; the citizenship that "
        "moved most: ")
    service = Answers(Reader(settings.db_path))
    assert "10,300 southwest border encounters in September 2025" in \
        service.ask("/encounters 2025-09").headline
    assert "September 2025" in service.ask("/changes dataset=cbp_border_encounters").text()


def test_a_revised_month_is_recorded_never_silently_replaced(tmp_path, server, settings):
    server.serve(FILE, release(tmp_path))
    run(settings)
    revised = southwest_series()
    revised.loc[revised.index[-1], "border_patrol"] += 6
    server.serve(NEXT, release(tmp_path, "revised.csv", revised, seed=2))
    out = run(settings)
    assert out.changes == "1 month revised (August 2025)"
    text = Answers(Reader(settings.db_path)).ask("/changes dataset=cbp_border_encounters").text()
    assert "6,321" in text and "6,327" in text  # old and new, side by side


def test_a_broken_connection_is_resumed(tmp_path, server, settings):
    server.serve(FILE, release(tmp_path))
    server.faults[FILE] = "break-once"
    out = run(settings)
    assert out.status == "new", out.message
    ranged = [h for m, p, h in server.seen("GET", FILE) if "Range" in h]
    assert ranged and ranged[-1]["Range"].startswith("bytes=") and \
        ranged[-1]["Range"] != "bytes=0-"


def test_a_server_that_cannot_resume_is_downloaded_again(tmp_path, server, settings):
    server.serve(FILE, release(tmp_path))
    server.faults[FILE] = "break-once-no-range"
    out = run(settings)
    assert out.status == "new", out.message


def _unchanged(settings, before: bytes) -> None:
    assert (settings.data_dir / "cbp_border_encounters.csv").read_bytes() == before
    assert not settings.cbp_db_path.exists()
    assert not [p for p in settings.downloads_dir.rglob("*") if p.is_file()]


@pytest.mark.parametrize(("damage", "message"), [
    (lambda b: b[: len(b) * 2 // 3].rsplit(b",", 4)[0], "'' is not"),  # cut mid-row
    (lambda b: b.replace(b"Southwest Land Border", b"Southwest Lnd Border", 1),
     "'Southwest Lnd Border' is not Southwest Land Border"),
])
def test_a_truncated_or_garbled_file_is_refused_and_nothing_changes(tmp_path, server,
                                                                    settings, damage, message):
    path = release(tmp_path)
    path.write_bytes(damage(path.read_bytes()))
    server.serve(FILE, path)
    before = (settings.data_dir / "cbp_border_encounters.csv").read_bytes()
    out = run(settings)
    assert out.status == "failed" and message in out.message, out.message
    assert "line " in out.message and "nothing was changed" in out.message
    _unchanged(settings, before)


def test_a_renamed_column_is_named(tmp_path, server, settings):
    path = release(tmp_path)
    path.write_bytes(path.read_bytes().replace(b"Land Border Region", b"Border Region", 1))
    server.serve(FILE, path)
    before = (settings.data_dir / "cbp_border_encounters.csv").read_bytes()
    out = run(settings)
    assert "column 5 of the header is 'Border Region', expected 'Land Border Region'" in \
        out.message
    _unchanged(settings, before)


@pytest.mark.parametrize(("fault", "said"), [
    ("403", "refused (403: the site blocks scripts)"),
    ("html", "is a web page, not CBP's CSV"),
    ("redirect-away", "redirects to another host (localhost)"),
])
def test_refusals_say_what_failed_and_how_to_do_it_by_hand(tmp_path, server, settings,
                                                           fault, said):
    server.serve(FILE, release(tmp_path))
    server.faults[FILE] = fault
    before = (settings.data_dir / "cbp_border_encounters.csv").read_bytes()
    out = run(settings)
    assert out.status == "failed" and said in out.message, out.message
    assert "--file" in out.message and len(out.message.splitlines()) == 1
    _unchanged(settings, before)
    assert Records(settings.sources_db_path).last_failure("cbp").detail == out.message


def test_a_page_without_the_link_says_the_page_changed(server, settings):
    out = run(settings)
    assert out.status == "failed" and "no link to a CBP nationwide encounters" in out.message


def test_a_server_error_is_retried(tmp_path, server, settings):
    server.serve(FILE, release(tmp_path))
    server.faults[FILE] = "503-once"
    assert run(settings).status == "new"


def test_a_file_downloaded_by_hand_gets_the_same_checks(tmp_path, settings):
    good = release(tmp_path)
    assert run(settings, file=good).status == "new"
    bad = tmp_path / "page.csv"
    bad.write_text("<html><body>Access denied</body></html>")
    out = run(settings, file=bad)
    assert out.status == "failed" and "is a web page" in out.message


def test_check_changes_nothing_and_url_may_name_the_file(tmp_path, server, settings):
    server.serve(FILE, release(tmp_path))
    out = run(settings, check_only=True)
    assert out.status == "available" and server.url(FILE) in out.message
    assert not settings.cbp_db_path.exists()
    out = run(settings, url=server.url(FILE))
    assert out.status == "new"
    rows = {r["source"]: r for r in status(settings)}
    assert rows["cbp"]["in_service"]["covers"] == "October 2021 to August 2025"
    assert rows["cbp"]["in_service"]["file"] == Path(FILE).name
    assert rows["trac_asylum_outcomes"]["how"] == "entered by hand"
    listed = dict(Answers(Reader(settings.db_path), releases=Records(
        settings.sources_db_path)).ask("/datasets").definitions)
    assert f"In service: {Path(FILE).name} (October 2021 to August 2025)" in listed["Source cbp"]
    assert "Last checked" in listed["Source cbp"]
    assert "trac_asylum_outcomes" in listed["Entered by hand"]


EOIR_ZIP = DATA.parent / "eoir-deflate64.zip"  # Deflate64 members, as some releases have


def run_eoir(settings, **kw):
    with Fetcher(rules(settings), sleep=lambda _s: None) as f:
        (outcome,) = update(settings, ["eoir"], fetcher=f, allow_synthetic=True, **kw)
    return outcome


def test_eoir_s_zip_is_found_at_its_address_and_ingested(server, settings):
    address = server.serve("/EOIR%20Case%20Data.zip", EOIR_ZIP, linked=False)
    settings = dataclasses.replace(settings, source_urls={"eoir": address})
    out = run_eoir(settings)
    assert out.status == "new", out.message
    assert "data through 1 April 2023" in out.covers
    assert out.announcement.startswith("New EOIR case data: release of")
    assert "FY2023 (through April): 1 ordered removed, 1 granted asylum, 0 allowed to " \
           "remain; voluntary departure, kept apart, 1." in out.announcement
    server.requests.clear()
    again = run_eoir(settings)
    assert again.status == "unchanged"
    assert [(m, h.get("If-None-Match") is not None) for m, _p, h in server.requests] == \
        [("HEAD", True)]  # one small request


def test_eoir_refuses_a_synthetic_release_outside_tests(server, settings):
    address = server.serve("/EOIR%20Case%20Data.zip", EOIR_ZIP, linked=False)
    settings = dataclasses.replace(settings, source_urls={"eoir": address})
    with Fetcher(rules(settings), sleep=lambda _s: None) as f:
        (out,) = update(settings, ["eoir"], fetcher=f)
    assert out.status == "failed" and "synthetic" in out.message.lower()
    assert not settings.eoir_db_path.exists()


def test_a_release_taken_from_a_file_is_then_checked_in_one_request(tmp_path, server,
                                                                     settings):
    path = release(tmp_path)
    assert run(settings, file=path).status == "new"
    server.serve(FILE, path)  # the same file, now on the site
    assert run(settings).status == "unchanged"  # downloaded once, found to be the same
    server.requests.clear()
    assert run(settings).status == "unchanged"
    assert [(m, p) for m, p, _h in server.requests] == [("GET", "/stats/page")]


def test_requests_name_the_bot_and_a_contact_and_a_size_limit_holds(tmp_path, server,
                                                                     settings):
    server.serve(FILE, release(tmp_path))
    small = dataclasses.replace(settings, fetch_contact="desk@example.org", fetch_max_mb=1)
    out = run(small)
    agent = server.requests[0][2]["User-Agent"]
    assert agent.startswith("asylum-desk-bot/") and "desk@example.org" in agent
    assert out.status == "failed" and "over the limit of 1,048,576" in out.message
    assert not [p for p in settings.downloads_dir.rglob("*") if p.is_file()]


def test_a_release_that_no_longer_covers_a_year_keeps_the_months_it_dropped(tmp_path, server,
                                                                           settings):
    later = southwest_series()
    later = later[later["fiscal_year"] > 2022]  # a file spanning FY2023 to FY2025
    server.serve("/sites/default/files/2025-10/nationwide-encounters-fy23-fy25-aug-aor.csv",
                 release(tmp_path, series=later))
    out = run(settings)
    assert "no longer in the release" not in out.changes
    assert "12 months (October 2021 to September 2022) are in no CBP file" in out.changes
    ds = Reader(settings.db_path).snapshot().datasets["cbp_border_encounters"]
    assert ds.years[0] == 2022  # the months the file dropped did not stop being true
