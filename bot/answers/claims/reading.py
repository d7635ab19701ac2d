"""Reading a paragraph: its sentences, the figures in each, and the periods they speak of.

A figure keeps how it was written, because the verdict rounds the bot's figure the
way the text rounds: "48,000" to the thousand, "3.5 million" to the hundred
thousand, "77%" to the whole percent, "5,990" to the ten.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from bot.answers.claims.words import ADMINISTRATIONS, CONDITIONS, MULTIPLES, QUALIFIERS
from bot.store import months

_NUMBER = re.compile(
    r"(?P<num>(?<![\w.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\w.,])\d+(?:\.\d+)?)"
    r"(?:\s*(?P<scale>million|billion|thousand)\b)?"
    r"(?P<pct>\s*(?:%|percent\b|per cent\b))?"
    r"(?P<times>\s*times\b)?", re.IGNORECASE)
_MULTIPLE = re.compile(r"\b(" + "|".join(MULTIPLES) + r")\b", re.IGNORECASE)
_QUALIFIER = re.compile(r"(" + "|".join(sorted(map(re.escape, QUALIFIERS), key=len,
                                                reverse=True)) + r")\s+$", re.IGNORECASE)
_PER_DAY = re.compile(r"^[^.;]{0,40}?\b(?:a|per|each)\s+day\b", re.IGNORECASE)
SCALES = {"thousand": 1000, "million": 10 ** 6, "billion": 10 ** 9}
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"(])|\n+")
_DATE_WORDS = re.compile(r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s*$",
                         re.IGNORECASE)


@dataclass(frozen=True)
class Figure:
    """A figure as written: its value, how finely it is rounded, and what qualifies it."""

    text: str  # as written, with its qualifier: "more than 350,000"
    value: Fraction  # a percentage as its number of percent: 77
    step: Fraction  # the rounding the text uses: 1000 for "48,000"
    kind: str  # count, percent, per_day, times
    qualifier: str  # exact, more, at_least, less, nearly, about
    start: int
    end: int


@dataclass(frozen=True)
class Period:
    """Fiscal years from `first` to `last`, or one month; how the text said it."""

    first: int
    last: int
    said: str
    month: int | None = None  # a calendar month, in fiscal year `first`
    so_far: bool = False  # "so far in fiscal 2024": a year not yet over, named as such
    note: str = ""
    at: int = 0  # where in the sentence it was said
    day: bool = False  # "on June 28": a single day
    ends: bool = False  # "between 2021 and 2023": the two years, not the years between

    @property
    def label(self) -> str:
        if self.day:
            return "a single day"
        if self.first == 0:
            return "the text's date"
        if self.month:
            return months.label(self.first, self.month)
        if self.first == self.last:
            return f"FY{self.first}"
        return f"FY{self.first} to FY{self.last}"


def sentences(text: str) -> list[str]:
    """The text's sentences (a line of a table counts as one)."""
    return [s.strip() for s in _SENTENCE.split(text) if s and s.strip()]


def figures(sentence: str) -> list[Figure]:
    """Every figure in the sentence that is not a year, a date or a name (Title 42)."""
    out = []
    for m in _NUMBER.finditer(sentence):
        raw, scale = m.group("num"), (m.group("scale") or "").lower()
        before = sentence[: m.start()]
        if _not_a_figure(raw, scale, m, before, sentence):
            continue
        value = Fraction(raw.replace(",", ""))
        step = _step(raw)
        if scale:
            value, step = value * SCALES[scale], step * SCALES[scale]
        kind = "percent" if m.group("pct") else "times" if m.group("times") else "count"
        if kind == "count" and _PER_DAY.match(sentence[m.end():]):
            kind = "per_day"
        q = _QUALIFIER.search(before[-20:])
        qualifier = QUALIFIERS[q.group(1).lower()] if q else "exact"
        start = m.start() - (len(q.group(0)) if q else 0)
        out.append(Figure(sentence[start:m.end()].strip(), value, step, kind, qualifier,
                          start, m.end()))
    for m in _MULTIPLE.finditer(sentence):
        word = m.group(1).lower()
        q = _QUALIFIER.search(sentence[: m.start()][-20:])
        qualifier = QUALIFIERS[q.group(1).lower()] if q else "about"
        start = m.start() - (len(q.group(0)) if q else 0)
        out.append(Figure(sentence[start:m.end()], Fraction(MULTIPLES[word]), Fraction(1, 10),
                          "times", qualifier, start, m.end()))
    return sorted(out, key=lambda f: f.start)


def _not_a_figure(raw: str, scale: str, m: re.Match, before: str, sentence: str) -> bool:
    plain = raw.replace(",", "")
    if len(plain) > 15:
        return True  # an id or a string of digits, not a figure anyone writes
    if re.fullmatch(r"(19|20)\d\d", plain) and not scale and not m.group("pct") \
            and not m.group("times"):
        return True  # a year
    if re.search(r"(?:title|fy|form|i-)\s*$", before, re.IGNORECASE):
        return True  # Title 42, FY2023, Form I-589
    if re.search(r"<[@#][!&]?$|https?://\S*$", before):
        return True  # a Discord mention or channel, a link
    if _DATE_WORDS.search(before[-10:]) and "," not in raw and int(float(plain)) <= 31:
        return True  # Sept. 30, May 11
    return bool(re.match(r"^\s*(?:st|nd|rd|th)\b", sentence[m.end():]))  # the 3rd


def _step(raw: str) -> Fraction:
    """The rounding a number shows: '48,000' -> 1000, '102,550' -> 10, '3.5' -> 1/10."""
    digits = raw.replace(",", "")
    if "." in digits:
        return Fraction(1, 10 ** len(digits.split(".")[1]))
    zeros = len(digits) - len(digits.rstrip("0"))
    return Fraction(10 ** min(zeros, len(digits) - 1)) if digits.strip("0") else Fraction(1)


def is_condition(sentence: str, figure: Figure) -> bool:
    """Whether the figure is a threshold, a plan or a condition, not a figure reported."""
    before = sentence[max(0, figure.start - 60): figure.start].lower()
    return any(w in before for w in CONDITIONS)


# -- periods -----------------------------------------------------------------------------

_FY = r"(?:fy\s?|fiscal\s+(?:year\s+)?|financial\s+year\s+)"
_MONTHS = "|".join(months.name(m) for m in range(1, 13)) + \
    r"|Sept?\.?|Jan\.|Feb\.|Aug\.|Oct\.|Nov\.|Dec\."
_PATTERNS = (
    ("fy_ending", re.compile(rf"\b(?:the\s+)?fiscal\s+year\s+(?:ending|ended)\s+(?:{_MONTHS})"
                             r"\s*\d{1,2},?\s+(\d{4})", re.IGNORECASE)),
    ("span", re.compile(rf"\bfrom\s+(?:{_MONTHS})\s*(?:\d{{1,2}},?\s+)?(\d{{4}}),?\s+"
                        rf"(?:to|through|until)\s+(?:{_MONTHS})\s*(?:\d{{1,2}},?\s+)?(\d{{4}})",
                        re.IGNORECASE)),
    ("range", re.compile(rf"\bfrom\s+(?:{_FY})?(\d{{4}})\s+(?:to|through|until)\s+(?:{_FY})?"
                         r"(\d{4})", re.IGNORECASE)),
    ("between", re.compile(rf"\bbetween\s+(?:{_FY})?(\d{{4}})\s+and\s+(?:{_FY})?(\d{{4}})",
                           re.IGNORECASE)),
    ("since", re.compile(rf"\bsince\s+(?:{_FY})?(\d{{4}})\b", re.IGNORECASE)),
    ("so_far", re.compile(rf"\bso\s+far\s+(?:in|this)\s+(?:the\s+)?{_FY}(\d{{4}})",
                          re.IGNORECASE)),
    ("so_far_after", re.compile(rf"\b{_FY}(\d{{4}})\s+so\s+far\b", re.IGNORECASE)),
    ("this_fy", re.compile(r"\b(?:so\s+far\s+)?this\s+(?:fy|fiscal\s+year)\b|\b(?:the\s+)?"
                           r"(?:fiscal\s+)?year\s+to\s+date\b", re.IGNORECASE)),
    ("last_year", re.compile(r"\blast\s+year\b(?!'s)", re.IGNORECASE)),
    ("fy", re.compile(rf"\b{_FY}(\d{{4}}|\d\d)\b", re.IGNORECASE)),
    ("last_month", re.compile(r"\blast\s+month\b", re.IGNORECASE)),
    ("month", re.compile(r"\b(" + "|".join(months.name(m) for m in range(1, 13))
                         + r")(?:\s+(\d{4}))?\b(?!\s+\d{1,2}\b)")),
    ("day", re.compile(r"\b[Oo]n\s+(" + "|".join(months.name(m) for m in range(1, 13))
                       + r")\s+\d{1,2}\b")),
    ("year", re.compile(r"\b(?:in|during|for|of)\s+(?:the\s+)?(?:year\s+)?(\d{4})\b",
                        re.IGNORECASE)),
)
_NOW = re.compile(r"\b(current|currently|now|today|at present)\b", re.IGNORECASE)
_ADMIN = re.compile(r"\b(since|under|during)\s+(?:the\s+)?(trump|biden)\b", re.IGNORECASE)


def periods(sentence: str, context_year: int | None, today: date | None = None
            ) -> list[Period]:
    """The periods the sentence names, in order, each with the place it was said."""
    found: list[Period] = []
    taken: list[tuple[int, int]] = []

    def free(span) -> bool:
        return all(span[1] <= a or span[0] >= b for a, b in taken)

    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(sentence):
            if not free(m.span()):
                continue
            p = _period(kind, m, context_year, today, sentence)
            if p is not None:
                found.append(p)
                taken.append(m.span())
    for m in _ADMIN.finditer(sentence):
        if free(m.span()):
            found.append(_administration(m))
            taken.append(m.span())
    now = _NOW.search(sentence)
    if now and not found:
        found.append(Period(0, 0, now.group(0), at=now.start(),
                            note="a count at the text's date"))
    return sorted(found, key=lambda p: p.at)


def _period(kind: str, m: re.Match, context_year: int | None, today: date | None,
            sentence: str) -> Period | None:
    said, at = m.group(0), m.start()
    if kind == "fy_ending":
        y = int(m.group(1))
        return Period(y, y, said, at=at)
    if kind == "span":  # from October 1, 2009, through September 30, 2019
        return Period(int(m.group(1)) + 1, int(m.group(2)), said, at=at,
                      note="the fiscal years between those dates")
    if kind == "this_fy":
        if today is None:
            return None
        y = fiscal_year_of(today)
        return Period(y, y, said, so_far=True, at=at,
                      note=f"the fiscal year of the text's date ({today:%-d %B %Y}), so far")
    if kind == "last_year":
        if today is None:
            return None
        y = today.year - 1
        return Period(y, y, said, at=at, note=f"the year before the text's date "
                      f"({today:%-d %B %Y}), read as a fiscal year")
    if kind == "last_month":
        if today is None:
            return None
        month = today.month - 1 or 12
        year = today.year - (today.month == 1)
        return Period(months.fiscal_year(year, month), 0, said, month=month, at=at,
                      note=f"the month before the text's date ({today:%-d %B %Y})")
    if kind == "day":
        return Period(0, 0, said, at=at, day=True, note="a single day")
    if kind == "month" and re.search(r"\bthrough\s*$", sentence[:m.start()]):
        return None  # "so far, through April": the end of a period, not a month
    if kind == "month" and m.group(1) == "May" and not m.group(2) \
            and not re.search(r"\b(?:in|of|from|since|than|for|during|was|until|through)\s*$",
                              sentence[:m.start()], re.IGNORECASE):
        return None  # the verb, not the month
    if kind == "between":  # two ends: a change or a multiple between them
        a, b = int(m.group(1)), int(m.group(2))
        return Period(min(a, b), max(a, b), said, at=at, note="fiscal years", ends=True)
    if kind == "range":
        a, b = int(m.group(1)), int(m.group(2))
        return Period(min(a, b), max(a, b), said, at=at, note="fiscal years")
    if kind == "since":  # to the latest, a year not yet over included
        return Period(int(m.group(1)), 0, said, so_far=True, at=at,
                      note="fiscal years, to the latest")
    if kind == "so_far_after":
        y = int(m.group(1))
        return Period(y, y, said, so_far=True, at=at, note="the months counted so far")
    if kind == "so_far":
        y = int(m.group(1))
        return Period(y, y, said, so_far=True, at=at, note="the months counted so far")
    if kind == "fy":
        y = int(m.group(1))
        y = y + 2000 if y < 100 else y
        return Period(y, y, said, at=at)
    if kind == "month":
        month = months.parse(m.group(1))
        if m.group(2):
            return Period(months.fiscal_year(int(m.group(2)), month), 0, said, month=month,
                          at=at)
        if today is not None:  # the latest such month before the text's date
            year = today.year if month < today.month else today.year - 1
            return Period(months.fiscal_year(year, month), 0, said, month=month, at=at,
                          note=f"the latest {months.name(month)} before the text's date "
                               f"({today:%-d %B %Y})")
        if context_year is None:
            return None
        return Period(months.fiscal_year(context_year, month), 0, said, month=month, at=at,
                      note=f"the year taken from the text: {context_year}")
    y = int(m.group(1))
    return Period(y, y, said, at=at, note="read as a fiscal year")


def _administration(m: re.Match) -> Period:
    who = next(a for a in ADMINISTRATIONS if a.key == m.group(2).lower())
    first = fiscal_year_of(who.start)
    last = fiscal_year_of(who.end) if who.end and m.group(1).lower() != "since" else 0
    return Period(first, last, m.group(0), at=m.start(), so_far=not last,
                  note=f"{who.label} began {who.start:%-d %B %Y}, in FY{first}; fiscal years "
                       "do not start on inauguration day, so the whole of that year is in")


def fiscal_year_of(day: date) -> int:
    return day.year + (day.month >= 10)


def years_in(text: str) -> list[int]:
    """Calendar years written in the text, for 'in April' with no year of its own."""
    return [int(y) for y in re.findall(r"\b(20\d\d)\b", text)]
