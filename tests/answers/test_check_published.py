"""/check on paragraphs others published (tests/fixtures/published_paragraphs.json).

Each figure's verdict was written down, with its reason, before the checker was run on
it. The targets: no figure the bot cannot rule on called "differs", no altered figure
confirmed, and at least 90 % of the figures the bot holds judged right.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from bot.answers.claims.check import check_text
from tests.support.paths import ROOT

CORPUS = json.loads((ROOT / "tests" / "fixtures" / "published_paragraphs.json").read_text())


def judged(snap) -> list[tuple[str, dict, str | None]]:
    """Every expected figure with the verdict the checker gave it (None: not found)."""
    out = []
    for p in CORPUS["paragraphs"]:
        lines = check_text(snap, p["text"], date.fromisoformat(p["date"]))
        left = list(lines)
        for f in p["figures"]:
            hit = next((x for x in left if x.phrase.lower() == f["phrase"].lower()), None)
            if hit is not None:
                left.remove(hit)
            out.append((p["id"], f, hit.verdict if hit else None))
    return out


@pytest.fixture(scope="module")
def results(service):
    return judged(service.reader.snapshot())


def test_the_corpus_is_large_enough():
    paragraphs = CORPUS["paragraphs"]
    assert len(paragraphs) >= 30 and len({p["source"] for p in paragraphs}) >= 30


def test_no_false_differs(results):
    wrong = [(pid, f["phrase"]) for pid, f, got in results
             if got == "differs" and f["expect"] != "differs"]
    assert wrong == []


def test_no_false_confirmations(results):
    wrong = [(pid, f["phrase"]) for pid, f, got in results
             if got == "matches" and f["expect"] != "matches"]
    assert wrong == []


def test_nine_in_ten_held_figures_judged_right(results):
    held = [(pid, f, got) for pid, f, got in results if f["held"]]
    right = [1 for _, f, got in held if got == f["expect"]]
    assert len(right) >= 0.9 * len(held), [(pid, f["phrase"], f["expect"], got)
                                          for pid, f, got in held if got != f["expect"]]


def test_figures_not_held_are_never_judged(results):
    judged_ = [(pid, f["phrase"], got) for pid, f, got in results
               if not f["held"] and got not in ("not checked", None)]
    assert judged_ == []
