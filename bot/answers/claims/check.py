"""/check: every figure in a paragraph set against the data, with a verdict.

For each figure: the measure its words name (who counts, what happened, what is
counted, where, the period), the bot's figure worked out exactly from the release the
text could have seen (a month, a year, a sum, a share, a change, a multiple, a record)
and a verdict by fixed rules (README, "Checking a paragraph"):

- matches: the bot's figure, rounded the way the text rounds, equals the text's;
  "more than", "fewer than", "nearly", "about" and the like as the words say;
- close: within 2 % but not equal as rounded;
- differs: both figures and the difference, only when the bot is sure what the words
  mean and holds the release the text could have seen;
- not checked: no measure accounts for every defining word, several fit and disagree,
  no period, or only a later release differs.

A figure is never forced onto the nearest number the bot happens to know.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date
from fractions import Fraction

from bot.answers import fmt
from bot.answers.claims import reading
from bot.answers.claims.measures import Measure, catalogue, fits, published
from bot.answers.claims.reading import Figure, Period
from bot.answers.claims.words import (
    ABOUT,
    BACK,
    BASE,
    CLOSE,
    EARLIER,
    FALL,
    LOW_WORDS,
    NUMBER_WORDS,
    RECORD,
    RISE,
    SAID,
    THAT_YEAR,
    YEAR_BEFORE,
    YEARS_BACK,
    Hit,
    hits,
)
from bot.answers.common import total
from bot.store import months
from bot.store.reader import Snapshot

MATCHES, CLOSE_, DIFFERS, NOT_CHECKED = "matches", "close", "differs", "not checked"
COMMANDS = {"cbp_border_encounters": "encounters", "eoir_workload": "backlog",
            "dhs_asylum_grants": "grants"}
# Who named anywhere before a figure rules out other publishers' figures.
PUBLISHERS = {"trac", "crs", "dzubow", "dhs", "cbp", "eoir"}
STRICT = {"trac", "crs", "dzubow"}  # reports: their figures only when they are named
_DAY_WORDS = re.compile(r"\b[Oo]n\s+(?:" + "|".join(months.name(m) for m in range(1, 13))
                        + r")\s+\d{1,2}\b")


@dataclass
class Line:
    """One figure's check, as a desk reads it."""

    phrase: str
    read_as: str
    verdict: str
    bot: str = ""  # the bot's figure as shown (exact to its places)
    exact: float | None = None  # the bot's figure, unrounded
    difference: str = ""
    reason: str = ""
    command: str = ""
    source: str = ""
    dataset: str = ""

    def text(self) -> str:
        parts = [f"Read as {self.read_as}."] if self.read_as else []
        if self.bot:
            parts.append(f"Bot: {self.bot}" + (f" ({self.source})" if self.source else "")
                         + ".")
        if self.difference:
            parts.append(f"Difference: {self.difference}.")
        if self.reason:
            parts.append(self.reason)
        if self.command:
            parts.append(f"See {self.command}")
        return " ".join(parts)


@dataclass
class Words:
    """The defining words around a figure, by facet."""

    clause: dict[str, set[str]]
    named: dict[str, set[str]]  # clause, sentence and the text before it

    def event(self) -> str | None:
        found = self.named.get("event", set())
        return next(iter(found)) if len(found) == 1 else None


@dataclass
class Reading:
    """A figure read: the measure, the period, and how the words were read."""

    measure: Measure
    period: Period
    words: str = ""


@dataclass
class Context:
    """What a sentence inherits from the text before it."""

    named: dict[str, set[str]] = field(default_factory=dict)
    period: Period | None = None
    periods: list[Period] = field(default_factory=list)
    reading: Reading | None = None
    year: int | None = None


@dataclass(frozen=True)
class Value:
    value: Fraction
    label: str  # "FY2022 to FY2024 (through April)", "June 2025"
    command: str
    partial: bool = False
    release: str = ""  # which release, in words
    later: bool = False  # published after the text's date
    note: str = ""


class NoFigure(Exception):
    """The data has no figure for these words: the message says which."""


def check_text(snap: Snapshot, text: str, today: date | None = None) -> list[Line]:
    """Every figure in `text`, checked; `today` is the date the text was published."""
    checker = _Checker(snap, today)
    return checker.run(text)


class _Checker:
    def __init__(self, snap: Snapshot, today: date | None) -> None:
        self.snap = snap
        self.today = today
        self.measures = catalogue(snap.datasets)

    def run(self, text: str) -> list[Line]:
        ctx = Context()
        lines: list[Line] = []
        header = None
        for sentence in reading.sentences(text):
            if "|" in sentence:
                header, found = self._table_line(sentence, header, ctx)
                lines += found
                continue
            header = None
            lines += self._sentence(sentence, ctx)
        return lines

    # -- a sentence ------------------------------------------------------------------

    def _sentence(self, sentence: str, ctx: Context) -> list[Line]:
        found = [f for f in reading.figures(sentence)]
        years = reading.years_in(sentence)
        said = reading.periods(sentence, max([*years, ctx.year or 0]) or None, self.today)
        words = hits(sentence)
        named = _facets(words)
        if _DAY_WORDS.search(sentence):
            named.setdefault("grain", set()).add("day")
        inherited = _inherit(ctx.named, named)
        records = [(m, "record") for m in RECORD.finditer(sentence)]
        said = [p for p in said if not any(m.start() <= p.at < m.end() for m, _ in records)]
        out: list[tuple[int, Line]] = []
        last: Reading | None = None
        for fig in found:
            if _inside(fig, records):
                continue
            if reading.is_condition(sentence, fig):
                out.append((fig.start, Line(fig.text, "", NOT_CHECKED, reason="A condition, a "
                            "plan or a forecast, not a figure reported: nothing to check.")))
                continue
            line, rd = self._figure(sentence, fig, found, words, said, inherited, ctx, last)
            out.append((fig.start, line))
            if rd is not None and fig.kind in ("count", "per_day"):
                last = rd
        for m, _ in records:
            out.append((m.start(), self._record(sentence, m, found, words, said, inherited,
                                                ctx, last)))
        # What the next sentence inherits.
        for facet in ("who", "place", "scope", "publisher", "event"):
            if named.get(facet):
                ctx.named[facet] = set(named[facet])
        if last is not None:
            ctx.reading = last
        whole = [p for p in said if not p.day and p.first and not _is_base(sentence, p)]
        earlier = EARLIER.search(sentence)
        if whole and not (earlier and earlier.start() < whole[0].at):
            before = [p for p in whole if not found or p.at <= found[-1].start]
            ctx.period = _most_specific(before or whole)
            ctx.periods = whole
        if years:
            ctx.year = max([*years, ctx.year or 0])
        return [line for _, line in sorted(out, key=lambda t: t[0])]

    def _figure(self, sentence, fig, found, words, said, named, ctx, last
                ) -> tuple[Line, Reading | None]:
        clause = _clause_facets(sentence, fig, words)
        places = [h for h in words if h.facet == "place"]
        if len({h.value for h in places}) > 1 and not clause.get("place"):
            before = [h for h in places if h.start < fig.start]
            named = {**named, "place": {(before or places)[-1].value}}
        period = _period_for(said, fig, ctx, sentence, found)
        change = _change(sentence, fig) if fig.kind == "percent" else None
        if fig.kind == "times" or change:
            return self._comparison(sentence, fig, found, words, said, named, ctx, last,
                                    change), None
        if (period is not None and period.day) or "day" in clause.get("grain", set()):
            return Line(fig.text, "", NOT_CHECKED, reason="A single day's count: the bot "
                        "holds months and years, not days."), None
        back = any(w in sentence.lower() for w in BACK)
        w = Words(clause, named)
        if back and ctx.reading is not None and not clause.get("event") \
                and fig.kind in ("count", "per_day"):
            rd = Reading(ctx.reading.measure, period or ctx.reading.period,
                         "the measure of the sentence before")
            return self._judge_one(fig, [rd], sentence)
        event = _event(clause, sentence, fig, words) or \
            (None if named.get("event") else (ctx.reading.measure.event
                                                if ctx.reading else None))
        if event is None:
            return Line(fig.text, "", NOT_CHECKED, reason="The words around it name no "
                        f"measure the bot holds (“{_near(sentence, fig)}”)."), None
        percent_rate = fig.kind == "percent"
        if percent_rate:  # "denied in 65.0 percent of these decisions": the rate's event
            for e in sorted(clause.get("event", set()) or named.get("event", set())):
                if self._candidates(e, w, rate=True)[0]:
                    event = e
        candidates, rejected = self._candidates(event, w, rate=percent_rate)
        if not candidates and percent_rate:
            # "77% of asylum seekers were allowed to remain": a share of a count's whole.
            shares, rejected2 = self._candidates(event, w, rate=False)
            shares = [m for m in shares if self._has_whole(m)]
            if shares and re.match(r"\s*(?:of|of all)\b", sentence[fig.end:]):
                return self._share(fig, shares, period, sentence), None
            rejected = rejected or rejected2
        if not candidates:
            return self._unplaced(fig, event, rejected, sentence), None
        if period is None:
            return Line(fig.text, self._names(candidates), NOT_CHECKED,
                        reason="The text names no period for it."), None
        return self._judge_one(fig, [Reading(m, period, "") for m in candidates], sentence)

    def _has_whole(self, m: Measure) -> bool:
        """Whether the measure is a part of a whole of other outcomes (a share can be taken)."""
        return any(x.dataset == m.dataset and x.name == "total" and x.event != m.event
                   for x in self.measures)

    def _candidates(self, event: str, w: Words, rate: bool
                    ) -> tuple[list[Measure], list[tuple[Measure, list[str]]]]:
        """The measures whose facets account for every defining word."""
        out, rejected = [], []
        for m in self.measures:
            if m.event != event or m.rate != rate:
                continue
            other, missing = fits(m, w.named, w.clause)
            if not other and not missing:
                out.append(m)
            else:
                rejected.append((m, other, missing))
        return _by_priority(out), rejected

    def _unplaced(self, fig: Figure, event: str, rejected, sentence: str) -> Line:
        if rejected:
            m, other, missing = min(rejected, key=lambda t: (len(t[1]) + len(t[2]),
                                                             t[0].priority))
            said = (f"also say {', '.join(dict.fromkeys(other))}, which it does not count"
                    if other else f"do not say {', '.join(missing)}, which it counts")
            return Line(fig.text, "", NOT_CHECKED, reason=(
                f"The bot's nearest figure is {self._label(m)} ({self._short(m)}); the words "
                f"“{_near(sentence, fig)}” {said}."))
        return Line(fig.text, "", NOT_CHECKED, reason=(
            f"No figure the bot holds is named by the words around it "
            f"(“{_near(sentence, fig)}”): it holds no {event.replace('_', ' ')} figures."))

    # -- values ----------------------------------------------------------------------

    def _judge_one(self, fig: Figure, readings: list[Reading], sentence: str
                   ) -> tuple[Line, Reading | None]:
        results = []
        for rd in readings:
            try:
                results.append((rd, self._value(rd.measure, rd.period, fig.kind, fig)))
            except NoFigure as exc:
                results.append((rd, exc))
        good = [(rd, v) for rd, v in results if not isinstance(v, Exception)]
        if not good:
            rd, exc = results[0]
            return Line(fig.text, self._read_as(rd.measure, rd.period), NOT_CHECKED,
                        reason=f"The bot has {exc}."), None
        seen = [(rd, v) for rd, v in good if not v.later]
        if self.today is not None and seen:  # the releases the text could have seen
            good = seen
        verdicts = [(rd, v, self._verdict_of(fig, rd.measure, v),
                     judge(fig, v.value, rd.measure.precision)) for rd, v in good]
        if len({v.value for _, v, _, _ in verdicts}) == 1:
            rd, v, verdict, _ = verdicts[0]
            return self._line(fig, rd, v, verdict), rd
        if len({t[2] for t in verdicts}) == 1 and verdicts[0][2] in (MATCHES, DIFFERS):
            # every measure the words fit gives the same verdict: it holds whichever is meant
            rd, v, verdict, _ = verdicts[0]
            line = self._line(fig, rd, v, verdict)
            others = "; ".join(f"{self._label(r.measure)} ({self._short(r.measure)}): "
                               f"{_shown(fig, x.value)}" for r, x, _, _ in verdicts[1:])
            line.reason = (line.reason + " " if line.reason else "") + \
                f"The words also fit {others}: the verdict is the same for each."
            return line, rd
        near = [t for t in verdicts if t[3] in (MATCHES, CLOSE_)]
        precise = fig.qualifier == "exact" and fig.step <= 10  # a figure that names its source
        if precise and len(near) == 1 and all(t[3] == DIFFERS for t in verdicts
                                              if t is not near[0]):
            rd, v, verdict, _ = near[0]
            line = self._line(fig, rd, v, verdict)
            others = "; ".join(f"{self._label(r.measure)} ({self._short(r.measure)}): "
                               f"{_shown(fig, x.value)}" for r, x, _, _ in verdicts
                               if r is not rd)
            line.reason = (line.reason + " " if line.reason else "") + \
                f"The words also fit {others}, which is far from the text's figure."
            return line, rd
        listed = "; ".join(f"{self._label(r.measure)} ({self._short(r.measure)}): "
                           f"{_shown(fig, x.value)} ({x.command})" for r, x, _, _ in verdicts)
        return Line(fig.text, f"{verdicts[0][0].period.label}", NOT_CHECKED,
                    reason=f"The words fit {len(verdicts)} figures that count differently: "
                           f"{listed}."), None

    def _verdict_of(self, fig: Figure, m: Measure, v: Value) -> str:
        verdict = judge(fig, v.value, m.precision, reported=v.note == "reported")
        if v.later and verdict == DIFFERS:
            return NOT_CHECKED
        return verdict

    def _line(self, fig: Figure, rd: Reading, v: Value, verdict: str) -> Line:
        m = rd.measure
        ds = self.snap.datasets[m.dataset]
        note = []
        if v.partial:
            note.append(f"{v.label} is part of a year, as the data counts it.")
        if rd.period.note:
            note.append(f"“{rd.period.said}”: {rd.period.note}.")
        if v.release:
            note.append(v.release)
        if v.later and verdict != MATCHES:
            note.append("The bot holds only a release published after the text, and its "
                        "publisher revises: a difference may be a revision, so it is not "
                        "called wrong." if verdict == NOT_CHECKED else
                        "The bot's release was published after the text.")
        if m.precision > 1:
            note.append(f"The data is rounded to {m.precision}.")
        diff = ""
        if verdict != MATCHES:
            d = v.value - fig.value
            diff = (f"{'+' if d > 0 else ''}{_shown(fig, d)}"
                    + (f" ({fmt.signed_pct(d / fig.value)})" if fig.value else ""))
        source = f"{ds.meta.source}, as of {ds.meta.as_of}" if not m.publisher else \
            f"{m.publisher.upper()}'s report"
        return Line(fig.text, self._read_as(m, rd.period, v.label), verdict,
                    bot=_shown(fig, v.value), exact=float(v.value), difference=diff,
                    reason=" ".join(note), command=v.command, source=source,
                    dataset=m.dataset)

    def _value(self, m: Measure, period: Period, kind: str, fig: Figure | None = None
               ) -> Value:
        if m.publisher:
            return self._reported(m, period)
        ds = self.snap.datasets[m.dataset]
        if period.first == 0:
            raise NoFigure("no figure at the text's date: it holds year ends and months, "
                           "and a count “now” or “current” is not one of them")
        if period.month:
            return self._month(m, period, kind)
        if ds.months and (period.so_far or m.dataset == "cbp_border_encounters"):
            return self._months_sum(m, period, kind)
        rows, release, later = self._release_rows(m, period, fig)
        if ds.meta.is_stock(m.name):
            rows = rows[-1:]  # a level at year end is never summed
        value = Fraction(sum(_measure(ds, row, m.name) for row in rows))
        shown = (f"FY{rows[0].year}" if len(rows) == 1 else
                 f"FY{rows[0].year} to FY{rows[-1].year}") + \
            (f" ({rows[-1].period.label})" if rows[-1].partial else "")
        if any(r.partial for r in rows) and not period.so_far:
            raise NoFigure(f"only part of {f'FY{rows[-1].year}'} "
                           f"({rows[-1].period.label}) in {ds.meta.title}, and the text "
                           "does not say “so far”")
        if kind == "per_day":
            days = sum(months.days(row.year, mo) for row in rows for mo in
                       months.ORDER[: row.period.months])
            value = value / days
        name = COMMANDS.get(m.dataset)
        opt = "" if name or m.dataset == "trac_asylum_outcomes" else f" dataset={m.dataset}"
        command = (f"/{name} {rows[-1].year}" if name else
                   f"/outcomes {rows[0].year}{opt}" if len(rows) == 1 else
                   f"/totals {rows[0].year} {rows[-1].year}{opt}")
        return Value(value, shown, command, any(r.partial for r in rows), release, later)

    def _release_rows(self, m: Measure, period: Period, fig: Figure | None):
        """The rows of the release the text could have seen, else the newest. With no
        date, the newest release whose figure the text gives (a text may quote either)."""
        ds = self.snap.datasets[m.dataset]
        releases = ds.releases or {None: ds.rows}
        seen = [code for code in releases if code is None or self.today is None
                or (published(code) or date.max) <= self.today]
        if self.today is None and fig is not None and len(releases) > 1:
            quoted = [c for c in releases if (rows := _rows_for(releases[c], period))
                      and judge(fig, Fraction(sum(_measure(ds, r, m.name) for r in
                                                  (rows[-1:] if ds.meta.is_stock(m.name)
                                                   else rows))), m.precision) == MATCHES]
            seen = quoted[-1:] or seen
        later = False
        newest = list(releases)[-1]
        for code in reversed(seen):
            rows = _rows_for(releases[code], period)
            if rows is not None:
                break
        else:
            code, rows = newest, _rows_for(releases[newest], period)
            later = (self.today is not None and code is not None) or (
                self.today is not None and m.published is not None and m.published > self.today)
            if rows is None:
                held = ds.all_years or [0]
                raise NoFigure(f"no figures for {period.label} in {ds.meta.title} "
                               f"(it has FY{held[0]} to FY{held[-1]})")
        if code is None and self.today is not None and m.published is not None \
                and m.published > self.today:
            later = True
        words = ""
        if code is not None:
            words = f"From {_release_name(m.dataset, code)}."
            newer = [c for c in releases if c != code and (published(c) or date.min)
                     > (published(code) or date.min)]
            for c in newer:
                again = _rows_for(releases[c], period)
                if again and ds.meta.is_stock(m.name) and \
                        _measure(ds, again[-1], m.name) != _measure(ds, rows[-1], m.name):
                    words += (f" Revised to {fmt.count(_measure(ds, again[-1], m.name))} in "
                              f"{_release_name(m.dataset, c)}.")
        return rows, words, later

    def _month(self, m: Measure, period: Period, kind: str) -> Value:
        ds = self.snap.datasets[m.dataset]
        found = [x for x in ds.months if (x.year, x.month) == (period.first, period.month)]
        if not found:
            first = ds.months[0] if ds.months else None
            raise NoFigure(f"no figures for {period.label} in {ds.meta.title}"
                           + (f" (its months start in {months.label(first.year, first.month)})"
                              if first else ""))
        x = found[0]
        value = Fraction(_month_measure(ds, x, m.name))
        release, later = "", self._later(m)
        seen = self._as_first_published(m, x.year, x.month)
        if seen is not None:  # the text saw the figure before the bot saw it revised
            old, revised = seen
            release = (f"As first published: {fmt.count(old)}; revised to "
                       f"{fmt.count(value)} in the release the bot took on {revised}.")
            value, later = Fraction(old), False
        if kind == "per_day":
            value = value / months.days(x.year, x.month)
        cal = months.calendar_year(x.year, x.month)
        return Value(value, months.label(x.year, x.month), f"/encounters {cal}-{x.month:02d}",
                     release=release, later=later)

    def _as_first_published(self, m: Measure, year: int, month: int
                            ) -> tuple[int, str] | None:
        """The month's figure as it stood at the text's date, where a release the bot took
        after that date revised it: (the figure then, when the revision was taken)."""
        if self.today is None:
            return None
        after = [r for r in self.snap.revisions if r.dataset == m.dataset and r.year == year
                 and r.month == month and r.measure == m.name and isinstance(r.old, int)
                 and r.detected_at[:10] > self.today.isoformat()]
        return (after[0].old, after[0].detected_at[:10]) if after else None

    def _months_sum(self, m: Measure, period: Period, kind: str) -> Value:
        ds = self.snap.datasets[m.dataset]
        last = period.last or period.first
        want = [(y, mo) for y in range(period.first, last + 1) for mo in months.ORDER]
        if period.so_far and self.today is not None:  # through the month before the date
            cut = (months.fiscal_year(self.today.year, self.today.month),
                   months.position(self.today.month))
            want = [(y, mo) for y, mo in want if (y, months.position(mo)) < cut]
        held = {(x.year, x.month): x for x in ds.months}
        have = [held[k] for k in want if k in held]
        if not have:
            raise NoFigure(f"no figures for {period.label} in {ds.meta.title}")
        if len(have) < len(want) and not period.so_far:
            lacking = [k for k in want if k not in held]
            raise NoFigure(f"only part of {period.label} in {ds.meta.title}: not "
                           f"{months.label(*lacking[0])}" +
                           (f" to {months.label(*lacking[-1])}" if len(lacking) > 1 else "")
                           + "; a part of a year is not the year")
        value = Fraction(sum(_month_measure(ds, x, m.name) for x in have))
        if kind == "per_day":
            value = value / sum(months.days(x.year, x.month) for x in have)
        shown = f"FY{period.first}" if last == period.first else \
            f"FY{period.first} to FY{last}"
        if len(have) < len(want) or period.so_far:
            shown += f" (through {months.label(have[-1].year, have[-1].month)})"
        return Value(value, shown, f"/encounters {last}", len(have) < 12, "",
                     self._later(m))

    def _later(self, m: Measure) -> bool:
        return self.today is not None and m.published is not None and m.published > self.today

    def _reported(self, m: Measure, period: Period) -> Value:
        rows = [r for r in m.rows if _reported_period(r) == _period_key(period)]
        if self.today is not None:  # a report can only confirm what it said before the text
            later = [r for r in rows if (published(r.published) or date.max) > self.today]
            rows = [r for r in rows if r not in later]
            if later and not rows:
                raise NoFigure(f"{m.publisher.upper()}'s figure for {period.label} only in "
                               f"{later[0].publisher}, published after the text "
                               f"({later[0].published}: {later[0].text})")
        if not rows:
            raise NoFigure(f"no figure of {m.publisher.upper()}'s for {period.label}")
        r = rows[-1]
        note = f"{r.publisher}, {r.published}: {r.text}."
        if len(rows) > 1 and rows[0].value != r.value:
            note += f" (Earlier: {rows[0].value:,} in {rows[0].publisher}.)"
        return Value(Fraction(r.value), r.as_of, f"/sources {r.topic} {r.fiscal_year}",
                     release=note,
                     note="reported" if r.qualifier != "exact" else "")

    # -- shares, changes, multiples, records --------------------------------------------

    def _share(self, fig: Figure, measures: list[Measure], period: Period | None,
               sentence: str) -> Line:
        if period is None:
            return Line(fig.text, self._names(measures), NOT_CHECKED,
                        reason="The text names no period for it.")
        if len(measures) > 1:
            return Line(fig.text, self._names(measures), NOT_CHECKED,
                        reason="The words fit several measures: " + self._names(measures))
        m = measures[0]
        if m.publisher:
            return Line(fig.text, self._read_as(m, period), NOT_CHECKED,
                        reason="A share of a figure others reported: the bot holds no whole "
                               "for it.")
        try:
            part = self._value(m, period, "count")
            whole = self._value(Measure(m.dataset, "total", m.event, m.who, m.units, m.scope,
                                        m.place, published=m.published), period, "count")
        except NoFigure as exc:
            return Line(fig.text, self._read_as(m, period), NOT_CHECKED,
                        reason=f"The bot has {exc}.")
        if not whole.value:
            return Line(fig.text, self._read_as(m, period), NOT_CHECKED,
                        reason="No total to take a share of.")
        v = Value(part.value / whole.value * 100, part.label,
                  part.command.replace("/outcomes", "/totals", 1), part.partial,
                  part.release, part.later)
        line = self._line(fig, Reading(m, period), v, self._verdict_of(fig, m, v))
        line.read_as = (f"share of all {self.snap.datasets[m.dataset].meta.subject}: "
                        + line.read_as)
        return line

    def _subject(self, sentence, fig, found, words, said, named, ctx, last
                 ) -> tuple[Reading | None, str]:
        """The measure and period a change, a multiple or a record speaks of."""
        if last is not None:
            return last, ""
        clause = _clause_facets(sentence, fig, words)
        event = _event(clause, sentence, fig, words)
        if event is None and ctx.reading is not None:
            return ctx.reading, ""
        if event is None:
            return None, "It does not say what is compared."
        candidates, rejected = self._candidates(event, Words(clause, named), rate=False)
        # a sentence that names Border Patrol speaks of Border Patrol's figures
        candidates = [m for m in candidates if not m.not_who & named.get("who", set())]
        if not candidates:
            return None, self._unplaced(fig, event, rejected, sentence).reason
        subject = next((p for p in said if p.at < fig.start and not p.day
                        and not _is_base(sentence, p)), None) or ctx.period or next(
            (p for p in said if not p.day and not _is_base(sentence, p)), None)
        if subject is None:
            return None, "The text names no period for it."
        held = []
        for m in candidates:
            try:
                held.append((m, self._value(m, subject, "count").value))
            except NoFigure:
                continue
        if len({v for _, v in held}) > 1:
            return None, "The words fit several measures: " + self._names(
                [m for m, _ in held]) + "."
        if not held:
            return None, f"The bot has no figure for {subject.label} of " + \
                self._names(candidates) + "."
        return Reading(held[0][0], subject), ""

    def _comparison(self, sentence, fig, found, words, said, named, ctx, last, change
                    ) -> Line:
        subject, why = self._subject(sentence, fig, found, words, said, named, ctx, last)
        if subject is None:
            return Line(fig.text, "", NOT_CHECKED, reason=why)
        if "day" in named.get("grain", set()) and last is None:
            return Line(fig.text, "", NOT_CHECKED, reason="Single days are not held.")
        base, subject = self._base(sentence, fig, said, subject, ctx)
        if base is None:
            return Line(fig.text, self._read_as(subject.measure, subject.period),
                        NOT_CHECKED, reason="It does not say what it is compared with.")
        m = subject.measure
        try:
            now = self._value(m, subject.period, "count")
            then = self._value(m, base, "count")
        except NoFigure as exc:
            return Line(fig.text, self._read_as(m, subject.period), NOT_CHECKED,
                        reason=f"The bot has {exc}.")
        if not then.value:
            return Line(fig.text, self._read_as(m, subject.period), NOT_CHECKED,
                        reason="Nothing to divide by.")
        later = now.later or then.later
        if fig.kind == "times":
            ratio = now.value / then.value
            if ratio < 1:
                ratio = 1 / ratio
            v = Value(ratio, f"{now.label} against {then.label}",
                      f"/compare {then.label} {now.label}", later=later)
            what = "as a multiple of"
        else:
            pct = (now.value - then.value) / then.value * 100
            if (change == "fall") != (pct < 0):
                v = Value(pct, f"{now.label} against {then.label}", "", later=later)
                line = self._line(fig, subject, v, DIFFERS if not later else NOT_CHECKED)
                line.reason = (f"The text says {'fewer' if change == 'fall' else 'more'}; "
                               f"the bot's figures go the other way ({fmt.signed_pct(pct / 100)}). "
                               + line.reason)
                return line
            v = Value(abs(pct), f"{now.label} against {then.label}", "", later=later)
            what = "change from"
        verdict = judge(fig, v.value)
        if later and verdict == DIFFERS:
            verdict = NOT_CHECKED
        line = self._line(fig, Reading(m, subject.period), v, verdict)
        line.read_as = (f"{self._label(m)}, {now.label} ({_count(now.value)}) {what} "
                        f"{then.label} ({_count(then.value)}), {self._short(m)}")
        line.command = now.command if subject.period.month else \
            f"/compare {base.first} {subject.period.first}"
        return line

    def _base(self, sentence, fig, said, subject: Reading, ctx: Context
              ) -> tuple[Period | None, Reading]:
        p = subject.period
        if p.ends:  # "more than tripled between 2021 and 2023"
            return (Period(p.first, p.first, p.said),
                    Reading(subject.measure, Period(p.last, p.last, p.said)))
        after = sentence[fig.end:]
        start, end = _clause(sentence, fig)
        if YEAR_BEFORE.search(sentence[fig.end:end]) or \
                YEAR_BEFORE.search(sentence[start:fig.start]):
            p = subject.period
            if p.month:
                return Period(p.first - 1, 0, "a year before", month=p.month), subject
            return Period(p.first - 1, p.first - 1, "the year before"), subject
        rng = re.match(r"[^.;]{0,30}?\bfrom\b", after)
        later = [p for p in said if p.at > fig.start and not p.day]
        if rng and len(later) >= 2:  # "more than doubled, from 24,810 in FY 2021 to ..."
            return later[0], Reading(subject.measure, later[1])
        bases = [p for p in said if _is_base(sentence, p) and p is not subject.period]
        if bases:
            after_fig = [p for p in bases if p.at > fig.start]
            base = (after_fig or bases)[0]
            if base.month and not re.search(r"\d{4}", base.said) and subject.period.month:
                # "than in March": the latest March up to the subject's month
                year = subject.period.first if months.position(base.month) < \
                    months.position(subject.period.month) else subject.period.first - 1
                base = Period(year, 0, base.said, month=base.month)
            return base, subject
        if re.search(r"\bthan\s+last\s+month\b", after) and subject.period.month:
            p = subject.period
            prev = months.ORDER[(months.position(p.month) - 2) % 12]
            year = p.first - (p.month == 10)
            return Period(year, 0, "last month", month=prev), subject
        following = [p for p in said if p.at > fig.end and not p.day and p.at < end + 60
                     and p is not subject.period]
        if fig.kind == "percent" and following:  # "97 percent below ... of December 2022"
            return following[0], subject
        if fig.kind == "times" and ctx.periods and len(ctx.periods) >= 1 and \
                subject.period is not None:
            candidates = [p for p in said if p.at > fig.start]
            if candidates:
                return candidates[0], subject
        return None, subject

    def _record(self, sentence, m: re.Match, found, words, said, named, ctx, last) -> Line:
        phrase = m.group(0).strip()
        if any(w in sentence.lower() for w in ("on track", "on pace")):
            return Line(phrase, "", NOT_CHECKED, reason="A forecast, not a figure reported.")
        if re.search(r"increase|decrease|rise|drop|fall|jump|growth|change", phrase, re.I):
            return Line(phrase, "", NOT_CHECKED, reason="A record of a change: the bot "
                        "judges records of levels only.")
        span = re.compile(re.escape(phrase))
        local = [f for f in found if not reading.is_condition(sentence, f)
                 and f.kind == "count" and not _inside(f, [(m, "")])]
        near = local[0] if local else None
        grain = named.get("grain", set()) | _clause_facets(
            sentence, Figure(phrase, Fraction(0), Fraction(1), "count", "exact", m.start(),
                             m.end()), words).get("grain", set())
        if "day" in grain or "single-day" in phrase.lower() or "day" in phrase.lower():
            return Line(phrase, "", NOT_CHECKED, reason="A record of single days: days are "
                        "not held.")
        if near is not None:
            line, rd = self._figure(sentence, near, found, words, said, named, ctx, None)
            if rd is None or (line.verdict == NOT_CHECKED and "fit" in line.reason):
                return Line(phrase, "", NOT_CHECKED, reason="The figure it qualifies is not "
                            f"checked. {line.reason}")
        else:
            fake = Figure(phrase, Fraction(0), Fraction(1), "count", "exact", m.start(),
                          m.end())
            rd, why = self._subject(sentence, fake, found, words, said, named, ctx, last)
            if rd is None:
                return Line(phrase, "", NOT_CHECKED, reason=why)
        del span
        low = bool(LOW_WORDS.search(phrase))
        since = re.search(r"since\s+(?:(?P<month>" + "|".join(months.name(x) for x in
                          range(1, 13)) + r")\s+)?(?P<year>(?:19|20)\d\d)", phrase)
        if since and not re.search(r"since\s+(?:" + "|".join(months.name(x) for x in range(
                1, 13)) + r"\s+)?(?:19|20)\d\d", phrase[since.start():since.end()]):
            since = None
        if since and re.search(r"began|start", phrase):
            since = None
        return self._judge_record(phrase, rd, low, since)

    def _judge_record(self, phrase: str, rd: Reading, low: bool, since) -> Line:
        m, p = rd.measure, rd.period
        if m.publisher:
            return Line(phrase, "", NOT_CHECKED, reason=f"The bot holds {self._label(m)} "
                        f"from {m.publisher.upper()}'s reports for too few periods to judge a "
                        "record.")
        ds = self.snap.datasets[m.dataset]
        if p.month:
            series = [((x.year, months.position(x.month)), months.label(x.year, x.month),
                       _month_measure(ds, x, m.name)) for x in ds.months]
            key = (p.first, months.position(p.month))
        else:
            series = [((r.year, 0), f"FY{r.year}", _measure(ds, r, m.name))
                      for r in ds.rows if not r.partial]
            key = (p.first, 0)
        series = [s for s in series if s[0] <= key]
        if not series or series[-1][0] != key:
            return Line(phrase, self._read_as(m, p), NOT_CHECKED,
                        reason=f"The bot has no figure for {p.label}.")
        here = series[-1]
        if since:
            mo = months.parse(since.group("month")) if since.group("month") else None
            y = int(since.group("year"))
            skey = (months.fiscal_year(y, mo), months.position(mo)) if mo else (y, 0)
            if p.month and not mo:
                skey = (y + 1, 1)
            before = [s for s in series if s[0] > skey and s[0] < key]
            at = [s for s in series if s[0] == skey]
        else:
            before, at = series[:-1], []
        if len(before) < 3 and not at:
            return Line(phrase, self._read_as(m, p), NOT_CHECKED,
                        reason=f"The bot holds too few earlier figures of {self._label(m)} "
                               f"before {p.label} to judge a record.")
        beaten = [s for s in before if (s[2] <= here[2] if low else s[2] >= here[2])]
        over = f"{before[0][1]} to {here[1]}" if before else here[1]
        start = series[0][1]
        said_over = f"in the bot's figures from {start}"
        if beaten:
            worst = beaten[0]
            return Line(phrase, self._read_as(m, p), DIFFERS, bot=f"{worst[1]}: "
                        f"{fmt.count(worst[2])}", reason=f"{here[1]} ({fmt.count(here[2])}) is "
                        f"not the {'lowest' if low else 'highest'} of {over}: {worst[1]} was "
                        f"{'lower' if low else 'higher'}.", dataset=m.dataset)
        if at and (at[0][2] > here[2] if low else at[0][2] < here[2]):
            return Line(phrase, self._read_as(m, p), DIFFERS, reason=(
                f"{at[0][1]} ({fmt.count(at[0][2])}) was not "
                f"{'lower' if low else 'higher'} than {here[1]} ({fmt.count(here[2])})."),
                dataset=m.dataset)
        reason = (f"{here[1]} ({fmt.count(here[2])}) is the {'lowest' if low else 'highest'}"
                  f" of {over} {said_over}.")
        if at:
            reason += f" {at[0][1]} was {fmt.count(at[0][2])}."
        elif since:
            reason += " The bot does not hold the months or years before that."
        ds_meta = ds.meta
        return Line(phrase, self._read_as(m, p), MATCHES, bot=f"{here[1]}: "
                    f"{fmt.count(here[2])}", reason=reason,
                    source=f"{ds_meta.source}, as of {ds_meta.as_of}", dataset=m.dataset)

    # -- tables ----------------------------------------------------------------------

    def _table_line(self, line: str, header, ctx: Context) -> tuple[list | None, list[Line]]:
        """A line of a table: a header names the measures, a row starts with its year."""
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        first = re.match(r"^(?:FY\s?)?(\d{4})\b(.*)$", cells[0]) if cells else None
        if first is None:  # a header: each cell read as a measure
            found = []
            for cell in cells[1:]:
                facets = _facets(hits(cell))
                event = next(iter(facets.get("event", set())), None)
                named = _inherit(ctx.named, facets)
                cands, _ = self._candidates(event, Words(facets, named), False) if event \
                    else ([], [])
                found.append(cands)
            return found, []
        if header is None:
            return None, []
        year = int(first.group(1))
        so_far = bool(re.search(r"through|so far|partial", first.group(2), re.IGNORECASE))
        period = Period(year, year, cells[0], so_far=so_far)
        out = []
        for cell, measures in zip(cells[1:], header, strict=False):
            figs = reading.figures(cell)
            if len(figs) != 1 or not measures:
                continue
            f = figs[0]
            fig = Figure(f"{cells[0]}: {cell}", f.value, f.step, f.kind, f.qualifier, 0, 0)
            out.append(self._judge_one(fig, [Reading(m, period, "the table's heading")
                                             for m in measures], line)[0])
        return header, out

    # -- words -----------------------------------------------------------------------

    def _label(self, m: Measure) -> str:
        if m.publisher:
            ds = self.snap.datasets[m.dataset]
            topic = ds.meta.raw.get("topics", {}).get(m.name, {})
            return topic.get("label", m.name)
        ds = self.snap.datasets[m.dataset]
        if m.name == "total":
            return f"all {ds.meta.subject}"
        combos = {c.name: c.label for c in ds.meta.combinations}
        label = combos.get(m.name) or ds.meta.measure(m.name).label
        if m.dataset.startswith(("cbp", "usbp")):  # "southwest border encounters: Border Patrol"
            return f"{ds.meta.subject}: {label}"
        return label.lower() if not label.isupper() else label

    def _short(self, m: Measure) -> str:
        if m.publisher:
            return f"{m.publisher.upper()}'s reports"
        return self.snap.datasets[m.dataset].meta.short_source

    def _names(self, measures: list[Measure]) -> str:
        return ", ".join(f"{self._label(m)} ({self._short(m)})" for m in measures)

    def _read_as(self, m: Measure, period: Period, label: str = "") -> str:
        return (f"{self._label(m)}, {label or period.label}"
                + (f" (“{period.said}”)" if period.said else "")
                + f", {self._short(m)}")


# -- helpers ---------------------------------------------------------------------------

def _facets(words: list[Hit]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for h in words:
        out.setdefault(h.facet, set()).add(h.value)
        if "asylum" in h.text.lower():  # "granted asylum", "asylum seekers"
            out.setdefault("scope", set()).add("asylum")
    pubs = out.get("who", set()) & PUBLISHERS
    if pubs:
        out["publisher"] = set(pubs)
    return out


def _inherit(before: dict[str, set[str]], here: dict[str, set[str]]) -> dict[str, set[str]]:
    """This sentence's words, with who, where and the scope taken from the text before
    where this sentence names none. A publisher named here replaces the one before."""
    out = {k: set(v) for k, v in here.items()}
    for facet in ("who", "place", "scope"):
        if before.get(facet):
            out.setdefault(facet, set()).update(before[facet] if not here.get(facet)
                                                or facet == "scope" else set())
    if not here.get("publisher") and before.get("publisher") & STRICT \
            if before.get("publisher") else False:
        out["publisher"] = before["publisher"] & STRICT
        out.setdefault("who", set()).update(out["publisher"])
    return out


_CUT = re.compile(r"[;:](?=\s)|[—–(]|\s-\s|,\s+(?:and|but|while|against|with|including|"
                  r"up|down|a|an|the)?\b|\band\b(?!\s+(?:unaccompanied|family))")


def _clause(sentence: str, fig: Figure) -> tuple[int, int]:
    """The stretch of the sentence the figure belongs to."""
    cuts = [0, *[m.end() for m in _CUT.finditer(sentence)], len(sentence)]
    start = max(c for c in cuts if c <= fig.start)
    end = min((c for c in cuts if c > fig.end), default=len(sentence))
    return start, end


def _clause_facets(sentence: str, fig: Figure, words: list[Hit]) -> dict[str, set[str]]:
    start, end = _clause(sentence, fig)
    out = _facets([h for h in words if start <= h.start < end])
    if _DAY_WORDS.search(sentence[start:end]):
        out.setdefault("grain", set()).add("day")
    return out


def _event(clause: dict[str, set[str]], sentence: str, fig: Figure, words: list[Hit]
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


def _change(sentence: str, fig: Figure) -> str | None:
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


def _is_base(sentence: str, p: Period) -> bool:
    return bool(BASE.search(sentence[max(0, p.at - 25): p.at]))


def _period_for(said: list[Period], fig: Figure, ctx: Context, sentence: str,
                found: list[Figure]) -> Period | None:
    """The period said right after the figure ('51,607 in FY 2022'), else before it, else
    after it (not the other side of a comparison), else the one before ('That year')."""
    start, end = _clause(sentence, fig)
    if THAT_YEAR.search(sentence[: end]) and ctx.period is not None:
        return ctx.period
    back = YEARS_BACK.search(sentence[:end])
    if back and ctx.period is not None and ctx.period.first and not said:
        n = NUMBER_WORDS.get(back.group(1).lower()) or int(back.group(1))
        y = ctx.period.first - n
        return Period(y, y, back.group(0), note=f"counted back from FY{ctx.period.first}")
    right_after = [p for p in said if 0 <= p.at - fig.end <= 12 and p.at < end
                   and not _is_base(sentence, p)]
    if right_after:
        return right_after[0]
    in_clause = [p for p in said if start <= p.at < end and p.at > fig.end
                 and not _is_base(sentence, p)]
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
    before = [p for p in said if p.at <= fig.start and not _is_base(sentence, p)]
    if before:
        return _most_specific(before)
    later = [p for p in said if not _is_base(sentence, p) and not any(
        fig.end < f.start < p.at for f in found)]  # a period after another figure is its own
    if later:
        return later[0]
    return ctx.period


def _most_specific(said: list[Period]) -> Period:
    singles = [p for p in said if p.first == p.last or p.month]
    return singles[-1] if singles else said[-1]


def _inside(fig: Figure, records) -> bool:
    return any(m.start() <= fig.start < m.end() for m, _ in records)


def _near(sentence: str, fig: Figure) -> str:
    return sentence[max(0, fig.start - 30): fig.end + 40].strip()


def _by_priority(found: list[Measure]) -> list[Measure]:
    return sorted(found, key=lambda m: m.priority)


def _rows_for(rows, period: Period):
    """The rows covering the period, or None."""
    if not rows:
        return None
    years = [r.year for r in rows]
    last = period.last or years[-1]
    want = set(range(period.first, last + 1))
    got = [r for r in rows if period.first <= r.year <= last]
    if not got or want - {r.year for r in got}:
        return None
    return got


def _release_name(dataset: str, code: str) -> str:
    day = published(code)
    return f"the release of {day:%B %Y}" if day else f"release {code}"


def _measure(ds, row, name: str) -> int:
    if name == "total":
        t = total(ds, row)
        return t if t is not None else sum(row.values[m.name] for m in ds.meta.parts)
    combos = {c.name: c for c in ds.meta.combinations}
    if name in combos:
        return sum(row.values[m] for m in combos[name].measures)
    return row.values[name]


def _month_measure(ds, x, name: str) -> int:
    if name == "total":
        return x.published_total if x.published_total is not None else \
            sum(x.values[p.name] for p in ds.meta.parts)
    return x.values[name]


def _period_key(p: Period) -> tuple:
    if p.month:
        return ("month", p.first, p.month)
    return ("fy", p.first)


def _reported_period(r) -> tuple:
    """A reported figure's moment: ('month', FY, month) or ('fy', FY)."""
    text = r.as_of.lower()
    if "start of fy" in text:
        return ("fy", r.fiscal_year - 1)
    m = re.search(r"(january|february|march|april|may|june|july|august|september|october|"
                  r"november|december) (\d{4})", text)
    if m and "/" not in text and " to " not in text:
        mo = months.parse(m.group(1))
        return ("month", months.fiscal_year(int(m.group(2)), mo), mo)
    if "/" in text or " to " in text:
        return ("other",)
    return ("fy", r.fiscal_year)


def judge(fig: Figure, bot: Fraction, precision: int = 1, reported: bool = False) -> str:
    """The verdict, by the README's rules. `precision`: the data is rounded to it, so a
    figure is compared at the coarser of its own rounding and the data's."""
    stated = fig.value
    step = max(fig.step, Fraction(precision)) if fig.kind == "count" else fig.step
    rounded = _round(bot, step)
    near = abs(bot - stated) <= CLOSE * abs(stated) if stated else bot == stated
    if reported:  # a rounded figure someone else published: only the same words match
        return MATCHES if bot == stated else NOT_CHECKED
    q = fig.qualifier
    if q == "exact":
        ok = rounded == _round(stated, step)
    elif q == "more":
        ok = bot > stated
    elif q == "at_least":
        ok = bot >= stated
    elif q == "less":
        ok = bot < stated
    elif q == "nearly":  # just under: a figure above it is not "nearly" it
        ok = stated * (1 - Fraction(ABOUT)) <= bot <= stated
    else:  # about
        ok = abs(bot - stated) <= Fraction(ABOUT) * abs(stated) or rounded == stated
    return MATCHES if ok else CLOSE_ if near else DIFFERS


def _round(x: Fraction, step: Fraction) -> Fraction:
    return Fraction(fmt.rounded(x / step)) * step


def _shown(fig: Figure, x: Fraction) -> str:
    if fig.kind == "percent":
        return f"{fmt.rounded(x, 2):,.2f}%".replace(".00%", "%")
    if fig.kind == "times":
        return fmt.ratio(x)
    if fig.kind == "per_day" or x.denominator != 1:
        return fmt.decimal(x, 1)
    return fmt.count(x)


def _count(x: Fraction) -> str:
    return fmt.count(x) if x.denominator == 1 else fmt.decimal(x, 1)


# -- summary ------------------------------------------------------------------------------

def summary(lines: list[Line]) -> str:
    """'11 figures: 9 match, 1 close, 1 differs; 2 not checked.'"""
    n = {v: sum(1 for x in lines if x.verdict == v) for v in
         (MATCHES, CLOSE_, DIFFERS, NOT_CHECKED)}
    checked = [f"{n[MATCHES]} match" + ("es" if n[MATCHES] == 1 else ""),
               f"{n[CLOSE_]} close", f"{n[DIFFERS]} differ" + ("s" if n[DIFFERS] == 1 else "")]
    return (f"{len(lines)} figure{'s' if len(lines) != 1 else ''}: {', '.join(checked)}; "
            f"{n[NOT_CHECKED]} not checked.")


def as_dicts(lines: list[Line]) -> list[dict]:
    return [asdict(x) for x in lines]


__all__ = ["CLOSE_", "DIFFERS", "MATCHES", "NOT_CHECKED", "SAID", "Line", "as_dicts",
           "check_text", "judge", "summary"]
