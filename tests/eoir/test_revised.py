"""A case-level release that changes past years' figures: each change a revision in the
log, listed by /changes; a year still running and a year added are not revisions."""

from __future__ import annotations

from datetime import date

from bot.answers.service import Answers
from bot.eoir import revised
from bot.eoir.cases import CaseStore
from bot.eoir.ingest import ingest
from bot.eoir.synth import synthesize
from bot.store.reader import Reader


def test_past_years_that_change_are_revisions(tmp_path, loaded):
    first, second = tmp_path / "r1", tmp_path / "r2"
    synthesize(first, 3000, 1, release_date=date(2026, 6, 1))
    synthesize(second, 3000, 2, release_date=date(2026, 7, 1))
    store = tmp_path / "eoir.db"
    ingest(first, store, allow_synthetic=True, bar=False)
    before = revised.year_figures(store)
    ingest(second, store, allow_synthetic=True, bar=False)
    after = revised.year_figures(store)
    n = revised.record(loaded, before, after)
    assert n > 0
    logged = [r for r in Reader(loaded).snapshot().revisions if r.dataset == revised.DATASET]
    assert len(logged) == n
    running = max(before)  # FY2026, through May in the first release: not a revision
    assert before[running]["period"] < 12 and all(r.year != running for r in logged)
    assert all(r.old is not None and r.new is not None for r in logged)
    text = Answers(Reader(loaded), cases=CaseStore(store)).ask("/changes").text()
    assert "EOIR case data" in " ".join(text.split())


def test_the_same_release_again_records_nothing(tmp_path, loaded):
    release = tmp_path / "r"
    synthesize(release, 2000, 3)
    store = tmp_path / "eoir.db"
    ingest(release, store, allow_synthetic=True, bar=False)
    same = revised.year_figures(store)
    assert revised.record(loaded, same, same) == 0
