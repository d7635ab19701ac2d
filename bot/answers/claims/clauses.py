"""Reading a sentence: the words around each figure, the period it speaks of, and what
a sentence inherits from the text before it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.answers.claims.measures import Measure
from bot.answers.claims.reading import Figure, Period
from bot.answers.claims.words import (
    BASE,
    FALL,
    NUMBER_WORDS,
    RISE,
    THAT_YEAR,
    YEARS_BACK,
    Hit,
)
from bot.store import months

PUBLISHERS = {"trac", "crs", "dzubow", "dhs", "cbp", "eoir"}
STRICT = {"trac", "crs", "dzubow"}  # reports: their figures only when they are named
DAY_WORDS = re.compile(r"\b[Oo]n\s+(?:" + "|".join(months.name(m) for m in range(1, 13))
                        + r")\s+\d{1,2}\b")


@dataclass
class Words:
    """The defining words around a figure, by facet."""

    clause: dict[str, set[str]]
    named: dict[str, set[str]]  # clause, sentence and the text before it


@dataclass
class Reading:
    """A figure read: the measure and the period."""

    measure: Measure
    period: Period


@dataclass
class Context:
    """What a sentence inherits from the text before it."""

    named: dict[str, set[str]] = field(default_factory=dict)
    period: Period | None = None
    periods: list[Period] = field(default_factory=list)
    reading: Reading | None = None
    year: int | None = None


def facets(words: list[Hit]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for h in words:
        out.setdefault(h.facet, set()).add(h.value)
        if "asylum" in h.text.lower():  # "granted asylum", "asylum seekers"
            out.setdefault("scope", set()).add("asylum")
    pubs = out.get("who", set()) & PUBLISHERS
    if pubs:
        out["publisher"] = set(pubs)
    return out


def inherit(before: dict[str, set[str]], here: dict[str, set[str]]) -> dict[str, set[str]]:
    """This sentence's words, with who, where and the scope taken from the text before
    where this sentence names none. A publisher named here replaces the one before."""
    out = {k: set(v) for k, v in here.items()}
    for facet in ("who", "place"):
        if before.get(facet) and not here.get(facet):
            out[facet] = set(before[facet])
    out.setdefault("scope", set()).update(before.get("scope", set()))  # "asylum" carries on
    reports = before.get("publisher", set()) & STRICT  # "According to TRAC, ..." carries on
    if reports and not here.get("publisher"):
        out["publisher"] = set(reports)
        out.setdefault("who", set()).update(reports)
    return out


CUT = re.compile(r"[;:](?=\s)|[—–(]|\s-\s|,\s+(?:and|but|while|against|with|including|"
                  r"up|down|a|an|the)?\b|\band\b(?!\s+(?:unaccompanied|family))")


def clause_span(sentence: str, fig: Figure) -> tuple[int, int]:
    """The stretch of the sentence the figure belongs to."""
    cuts = [0, *[m.end() for m in CUT.finditer(sentence)], len(sentence)]
    start = max(c for c in cuts if c <= fig.start)
    end = min((c for c in cuts if c > fig.end), default=len(sentence))
    return start, end


def subordinate(sentence: str, fig: Figure) -> bool:
    """Whether the figure stands in a "when" clause ("from February, when ... 8,346")."""
    start, end = clause_span(sentence, fig)
    return bool(re.match(r"\s*when\b", sentence[start:end]))


def clause_facets(sentence: str, fig: Figure, words: list[Hit]) -> dict[str, set[str]]:
    start, end = clause_span(sentence, fig)
    out = facets([h for h in words if start <= h.start < end])
    if DAY_WORDS.search(sentence[start:end]):
        out.setdefault("grain", set()).add("day")
    return out


def event_of(clause: dict[str, set[str]], sentence: str, fig: Figure, words: list[Hit]
           ) -> str | None:
    """What happened, from the figure's clause; else the sentence's only event."""
    found = clause.get("event", set())
    if len(found) == 1:
        return next(iter(found))
    if len(found) > 1:  # the word nearest the figure, after it first
        near = [h for h in words if h.facet == "event"]
        if len(found - {"filed"}) == 1:  # "cases filed by migrants have been closed"
            return next(iter(found - {"filed"}))
        return min(near, key=lambda h: (h.start < fig.start, abs(h.start - fig.end))).value
    events = {h.value for h in words if h.facet == "event"}
    return next(iter(events)) if len(events) == 1 else None


def change_of(sentence: str, fig: Figure) -> str | None:
    """'fall' or 'rise' where the percent is a change ('15% fewer', 'rose 68 percent')."""
    after = sentence[fig.end: fig.end + 30]
    before = sentence[max(0, fig.start - 18): fig.start]
    if re.match(r"\s*(?:of|of all)\b", after):
        return None
    for text in (after, before):
        fall, rise = FALL.search(text), RISE.search(text)
        if fall or rise:
            if fall and rise:
                return "fall" if fall.start() < rise.start() else "rise"
            return "fall" if fall else "rise"
    return None


def is_base(sentence: str, p: Period) -> bool:
    return bool(BASE.search(sentence[max(0, p.at - 25): p.at]))


def period_for(said: list[Period], fig: Figure, ctx: Context, sentence: str,
                found: list[Figure]) -> Period | None:
    """The period said right after the figure ('51,607 in FY 2022'), else before it, else
    after it (not the other side of a comparison), else the one before ('That year')."""
    start, end = clause_span(sentence, fig)
    if THAT_YEAR.search(sentence[: end]) and ctx.period is not None:
        return ctx.period
    if subordinate(sentence, fig):  # "from February 2025, when ... 8,346"
        before = [p for p in said if p.at < start]
        if before:
            return before[-1]
    back = YEARS_BACK.search(sentence[:end])
    if back and ctx.period is not None and ctx.period.first and not said:
        n = NUMBER_WORDS.get(back.group(1).lower()) or int(back.group(1))
        y = ctx.period.first - n
        return Period(y, y, back.group(0), note=f"counted back from FY{ctx.period.first}")
    right_after = [p for p in said if 0 <= p.at - fig.end <= 12 and p.at < end
                   and not is_base(sentence, p)]
    if right_after:
        return right_after[0]
    in_clause = [p for p in said if start <= p.at < end and p.at > fig.end
                 and not is_base(sentence, p)]
    if in_clause:
        return in_clause[0]
    glued = [p for p in said if 0 <= fig.start - (p.at + len(p.said)) <= 3]  # "June (83,533"
    if glued:
        return glued[-1]
    # "went from 8,945 to 23,686": the two periods of the sentence before, in order
    if not said and len(ctx.periods) == 2 and re.search(r"\bfrom\s+$", sentence[:fig.start]):
        return ctx.periods[0]
    if not said and len(ctx.periods) == 2 and re.search(r"\bto\s+$", sentence[:fig.start]):
        return ctx.periods[1]
    before = [p for p in said if p.at <= fig.start and not is_base(sentence, p)]
    if before:
        return most_specific(before)
    later = [p for p in said if not is_base(sentence, p) and not any(
        fig.end < f.start < p.at for f in found)]  # a period after another figure is its own
    if later:
        return later[0]
    return ctx.period


def most_specific(said: list[Period]) -> Period:
    singles = [p for p in said if p.first == p.last or p.month]
    return singles[-1] if singles else said[-1]


def inside(fig: Figure, spans: list[re.Match]) -> bool:
    """Whether the figure stands inside one of the matched phrases (a record's words)."""
    return any(m.start() <= fig.start < m.end() for m in spans)


def near(sentence: str, fig: Figure) -> str:
    return sentence[max(0, fig.start - 30): fig.end + 40].strip()


def by_priority(found: list[Measure]) -> list[Measure]:
    return sorted(found, key=lambda m: m.priority)
