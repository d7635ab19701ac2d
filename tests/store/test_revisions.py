"""The revision log: what changed between versions, including partial-year status."""

from __future__ import annotations

from bot.store.loader import load
from bot.store.reader import Reader
from tests.support.paths import DATASET


def revise(data_dir, old: str, new: str) -> None:
    csv = data_dir / f"{DATASET}.csv"
    text = csv.read_text()
    assert old in text
    csv.write_text(text.replace(old, new))


def test_first_load_logs_no_revisions(loaded):
    snap = Reader(loaded).snapshot()
    assert snap.revisions == ()
    assert snap.revisions_since(snap.version) == []


def test_changed_figures_are_logged_old_and_new(loaded, data_dir):
    first = Reader(loaded).snapshot().version
    revise(data_dir, "2024,through-april,33349,26514,113843",
           "2024,full,57000,45000,190000")
    revise(data_dir, "2019,full,52223", "2019,full,52224")
    load(data_dir, loaded)
    snap = Reader(loaded).snapshot()
    changes = {(r.year, r.measure): (r.old, r.new) for r in snap.revisions_since(first)}
    assert changes == {
        (2019, "ordered_removed"): (52223, 52224),
        (2024, "ordered_removed"): (33349, 57000),
        (2024, "granted_asylum"): (26514, 45000),
        (2024, "allowed_to_remain"): (113843, 190000),
        (2024, "period"): (7, 12),  # months covered: the words come from the metadata
    }
    assert snap.revisions_since(snap.version) == []
    assert snap.revisions_since("no-such-version") is None


def test_added_year_and_collapsed_history(loaded, data_dir):
    first = Reader(loaded).snapshot().version
    csv = data_dir / f"{DATASET}.csv"
    csv.write_text(csv.read_text() + "2025,full,1,2,3\n")
    load(data_dir, loaded)
    revise(data_dir, "2025,full,1,2,3", "2025,full,5,2,3")
    load(data_dir, loaded)
    changes = {(r.year, r.measure): (r.old, r.new)
               for r in Reader(loaded).snapshot().revisions_since(first)}
    assert changes[(2025, "ordered_removed")] == (None, 5)
    assert changes[(2025, "period")] == (None, 12)


def test_reverted_change_is_no_change(loaded, data_dir):
    first = Reader(loaded).snapshot().version
    revise(data_dir, "52223", "52224")
    load(data_dir, loaded)
    revise(data_dir, "52224", "52223")
    load(data_dir, loaded)
    snap = Reader(loaded).snapshot()
    assert snap.version == first
    assert len(snap.revisions) == 2  # both loads are in the log
    assert snap.revisions_since(first) == []  # ...and net to nothing
    (back,) = snap.revisions_since(snap.loads[1][1])
    assert (back.old, back.new) == (52224, 52223)


def test_period_revisions_logged_as_prose_by_older_stores_read_as_months():
    from bot.store.revisions import from_row

    row = (1, "d", 2024, "period", '"through April (7 of 12 months)"', '"full year"', "t")
    assert (from_row(row).old, from_row(row).new) == (7, 12)
