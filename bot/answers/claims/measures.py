"""What each measure the bot holds counts, as facets, and which measures words fit.

Built from the "claims" key of each dataset's metadata: who counts or acts, what
happened, what is counted, the scope and the place of each measure, and when its
release was published. Figures reported by others are measures too, one per topic and
publisher, so a TRAC report's count is matched against that report only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from bot.answers.claims.words import SAID
from bot.store.reader import Dataset, Reported


@dataclass(frozen=True)
class Measure:
    """One measure of one dataset, by its facets."""

    dataset: str
    name: str  # the measure, a combination, "total", or a reported topic
    event: str
    who: frozenset[str]  # who may be named beside it
    units: frozenset[str]
    scope: frozenset[str]  # scope words it accounts for; the first is required
    place: str | None = None  # required: "southwest"
    need: tuple[str, ...] = ()  # "usbp" or "a|b": one of these must be named
    not_who: frozenset[str] = frozenset()  # named, these rule it out
    rate: bool = False  # a percentage (a reported rate), not a count
    precision: int = 1  # the data is rounded to this
    publisher: str = ""  # reported figures: whose report
    priority: int = 9
    published: date | None = None  # when the release in service was published
    rows: tuple[Reported, ...] = field(default=(), compare=False, repr=False)

    @property
    def key(self) -> str:
        return f"{self.dataset}:{self.name}:{self.publisher}"


def catalogue(datasets: dict[str, Dataset]) -> list[Measure]:
    """Every measure the claims metadata describes."""
    out: list[Measure] = []
    for name, ds in datasets.items():
        spec = ds.meta.raw.get("claims") or {}
        if "topics" in spec:
            out += _reported(name, ds, spec)
            continue
        released = published(spec.get("published", ""))
        for measure, m in spec.get("measures", {}).items():
            out.append(Measure(
                name, measure, m["event"], frozenset(spec.get("who", ())),
                frozenset(m.get("units", ())), frozenset(m.get("scope", ())),
                m.get("place"), tuple(m.get("need", ())), frozenset(m.get("not_who", ())),
                precision=int(spec.get("precision", 1)), priority=int(spec.get("priority", 9)),
                published=released))
    return out


def _reported(name: str, ds: Dataset, spec: dict) -> list[Measure]:
    out = []
    for topic, m in spec["topics"].items():
        for publisher, words in spec.get("publishers", {}).items():
            rows = tuple(r for r in ds.reported if r.topic == topic
                         and any(w in r.publisher.lower() for w in words))
            if rows:
                out.append(Measure(
                    name, topic, m["event"], frozenset([*m.get("who", ()), publisher]),
                    frozenset(m.get("units", ())), frozenset(m.get("scope", ())),
                    need=(*m.get("need", ()), publisher), rate=bool(m.get("rate")),
                    publisher=publisher,
                    priority=int(spec.get("priority", 9)), rows=rows))
    return out


_MONTH = {m: i for i, m in enumerate(("january", "february", "march", "april", "may", "june",
                                      "july", "august", "september", "october", "november",
                                      "december"), 1)}


def published(text: str) -> date | None:
    """'2024-05-01', '29 November 2022', 'May 2024', '2024': the first day it may mean
    (a text of that month or year may have seen it)."""
    text = text.strip().lower()
    if m := re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", text):
        return date(*map(int, m.groups()))
    if m := re.fullmatch(r"(\d{1,2}) ([a-z]+) (\d{4})", text):
        return date(int(m.group(3)), _MONTH.get(m.group(2), 12), int(m.group(1)))
    if m := re.search(r"([a-z]+) (\d{4})$", text):
        return date(int(m.group(2)), _MONTH.get(m.group(1), 1), 1)
    if m := re.search(r"(\d{4})$", text):
        return date(int(m.group(1)), 1, 1)
    return None


def fits(m: Measure, named: dict[str, set[str]], clause: dict[str, set[str]]
         ) -> tuple[list[str], list[str]]:
    """The defining words the measure does not account for, and what it needs that the
    words do not say; it fits when both are empty.

    `clause` holds the words of the figure's own clause: each must be accounted for.
    `named` holds those of the clause, the sentence and the text before it: what the
    measure needs (its place, who counts) may come from there.
    """
    other: list[str] = []
    for value in clause.get("who", set()) | named.get("publisher", set()):
        if value not in m.who:
            other.append(SAID.get(value, value))
    for value in clause.get("who", set()) & m.not_who:
        other.append(SAID.get(value, value))
    for value in clause.get("unit", set()):
        if value not in m.units:
            other.append(SAID.get(value, value))
    for value in clause.get("scope", set()):
        if value not in m.scope:
            other.append(value.replace("_", " "))
    for value in clause.get("place", set()) or named.get("place", set()):
        if value != m.place:
            other.append(SAID.get(value, value))
    for value in clause.get("grain", set()):
        other.append(SAID.get(value, value))
    if other:
        return other, []
    missing = []
    if m.place and m.place not in named.get("place", set()):
        missing.append(m.place)
    for need in m.need:
        options = set(need.split("|"))
        if not options & (named.get("who", set()) | named.get("scope", set())):
            missing.append(" or ".join(SAID.get(o, o) for o in sorted(options)))
    return [], missing
