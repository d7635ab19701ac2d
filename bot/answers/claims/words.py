"""The checker's words that belong to no one dataset, in one place.

Each dataset's own words (the phrases that name its measures and its whole, and the
words that name its source) are in its metadata under "claims"; `vocabulary` reads
them, so adding a dataset adds its words without touching the checker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.store.reader import Dataset

# How the words before a figure qualify it.
QUALIFIERS = {
    "more than": "more", "over": "more", "above": "more", "exceeding": "more",
    "surpass": "more", "at least": "at_least", "fewer than": "less", "less than": "less",
    "under": "less", "below": "less", "nearly": "nearly", "almost": "nearly",
    "close to": "nearly", "about": "about", "roughly": "about", "around": "about",
    "approximately": "about", "some": "about", "an estimated": "about",
}
# A figure after these words is a condition or a plan, not a figure reported.
CONDITIONS = ("once ", "if ", "would ", "could ", "reaches", "threshold", "target of",
              "goal of", "within ")
# Words that point back to the measure of the sentence before.
BACK = ("this latter category", "that category", "that figure", "those", "these cases",
        "this category", "the same category", "that equates to", "which equates to",
        "in other words")
# A period these words stand before is the other side of a comparison, not the figure's.
COMPARED = re.compile(r"\b(times|(?<!more )(?<!less )(?<!fewer )(?<!rather )than|compared "
                      r"with|compared to|up from|down from|the number in|against)\b[^.]*$",
                      re.IGNORECASE)
# The figure's period is the one the sentence before named.
THAT_YEAR = re.compile(r"\b(that|the same) (year|month)\b", re.IGNORECASE)
# The verdicts' tolerances: "close" within 2 %; "about" and "nearly" within 5 %.
CLOSE = 0.02
ABOUT = 0.05
MULTIPLES = {"doubled": 2, "tripled": 3, "quadrupled": 4, "halved": 0.5}


@dataclass(frozen=True)
class Administration:
    key: str
    label: str
    start: date
    end: date | None
    words: tuple[str, ...]


# Periods named by administration; fiscal years do not start on inauguration day, so a
# period "since Biden took office" is read as the fiscal years from the one it began in.
ADMINISTRATIONS = (
    Administration("trump", "the first Trump administration", date(2017, 1, 20),
                   date(2021, 1, 20), ("trump",)),
    Administration("biden", "the Biden administration", date(2021, 1, 20), date(2025, 1, 20),
                   ("biden",)),
)


@dataclass(frozen=True)
class Phrase:
    """A phrase that names a measure of a dataset ('ordered removed' -> ordered_removed)."""

    text: str
    dataset: str
    measure: str  # a measure, a combination, or "total"
    pattern: re.Pattern


@dataclass(frozen=True)
class Vocabulary:
    phrases: tuple[Phrase, ...]  # longest first
    sources: dict[str, tuple[str, ...]]  # dataset -> words naming its source
    priority: dict[str, int]  # lower first, when words fit several datasets


def vocabulary(datasets: dict[str, Dataset]) -> Vocabulary:
    """Every dataset's words, from the "claims" key of its metadata."""
    phrases, sources, priority = [], {}, {}
    for name, ds in datasets.items():
        spec = ds.meta.raw.get("claims")
        if not spec:
            continue
        for measure, words in spec.get("measures", {}).items():
            for w in words:
                pattern = re.compile(r"\b" + r"\s+".join(map(re.escape, w.split())) + r"\b",
                                     re.IGNORECASE)
                phrases.append(Phrase(w, name, measure, pattern))
        sources[name] = tuple(s.lower() for s in spec.get("sources", ()))
        priority[name] = int(spec.get("priority", 9))
    phrases.sort(key=lambda p: -len(p.text))
    return Vocabulary(tuple(phrases), sources, priority)
