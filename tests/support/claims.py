"""Scoring /check on the published corpus (tests/fixtures/published_paragraphs.json):
shared by its test and by `python -m benchmarks --check`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from bot.answers.claims.check import check_text
from tests.support.paths import ROOT

CORPUS_PATH = ROOT / "tests" / "fixtures" / "published_paragraphs.json"


def corpus() -> dict:
    return json.loads(CORPUS_PATH.read_text())


@dataclass(frozen=True)
class Judged:
    paragraph: str
    phrase: str
    expect: str
    held: bool
    got: str | None  # None: the checker gave the figure no line


def judged(snap) -> list[Judged]:
    """Every annotated figure with the verdict the checker gave it."""
    out = []
    for p in corpus()["paragraphs"]:
        left = check_text(snap, p["text"], date.fromisoformat(p["date"]))
        for f in p["figures"]:
            want = f["phrase"].lower()
            hit = next((x for x in left if x.phrase.lower() == want), None) or next(
                (x for x in left if want in x.phrase.lower() or x.phrase.lower() in want), None)
            if hit is not None:
                left.remove(hit)
            out.append(Judged(p["id"], f["phrase"], f["expect"], f["held"],
                              hit.verdict if hit else None))
    return out


def tally(results: list[Judged]) -> dict[str, int]:
    """The figures the issue's targets are stated in."""
    held = [r for r in results if r.held]
    return {
        "figures": len(results),
        "held": len(held),
        "held_right": sum(r.got == r.expect for r in held),
        "right": sum(r.got == r.expect or (r.got is None and r.expect == "not checked")
                     for r in results),
        "false_differs": sum(r.got == "differs" and r.expect != "differs" for r in results),
        "false_matches": sum(r.got == "matches" and r.expect != "matches" for r in results),
        "no_line": sum(r.got is None for r in results),
    }
