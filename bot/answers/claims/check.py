"""/check: every figure in a paragraph set against the data, with a verdict.

For each figure: what it is read as (measure, period, dataset), the bot's figure
worked out exactly from the data (a year's count, a sum over years, a share, a ratio
between two periods, a rate a day), and a verdict by fixed rules (README, "Checking
a paragraph"):

- matches: the bot's figure, rounded the way the text rounds, equals the text's;
  "more than", "fewer than", "nearly", "about" and the like as the words say;
- close: within 2 % but not equal as rounded;
- differs: both figures and the difference;
- not checked: no figure fits the words, or several fit equally well.

A figure is never forced onto the nearest number the bot happens to know.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from fractions import Fraction

from bot.answers import fmt
from bot.answers.claims import reading
from bot.answers.claims.reading import Figure, Period
from bot.answers.claims.words import (
    ABOUT,
    BACK,
    CLOSE,
    COMPARED,
    THAT_YEAR,
    Phrase,
    Vocabulary,
    vocabulary,
)
from bot.answers.common import total
from bot.store import months
from bot.store.reader import Dataset, Snapshot

MATCHES, CLOSE_, DIFFERS, NOT_CHECKED = "matches", "close", "differs", "not checked"
COMMANDS = {"cbp_border_encounters": "encounters", "eoir_workload": "backlog",
            "dhs_asylum_grants": "grants"}


@dataclass(frozen=True)
class Reading:
    """One way to read a figure: a measure of a dataset over a period."""

    dataset: str
    measure: str
    whole: str | None = None  # a percent: the measure it is a share of


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
class Context:
    """What a sentence inherits from the ones before it."""

    readings: list[Reading]
    period: Period | None
    year: int | None  # the latest calendar year the text has named


def check_text(snap: Snapshot, text: str) -> list[Line]:
    """Every figure in `text`, checked."""
    vocab = vocabulary(snap.datasets)
    ctx = Context([], None, None)
    lines: list[Line] = []
    header: list[list[Reading]] | None = None
    for sentence in reading.sentences(text):
        if "|" in sentence:
            header, found = _table_line(snap, vocab, sentence, header)
            lines += found
            continue
        header = None
        lines += _sentence(snap, vocab, sentence, ctx)
    return lines


# -- a sentence ----------------------------------------------------------------------------

def _sentence(snap: Snapshot, vocab: Vocabulary, sentence: str, ctx: Context) -> list[Line]:
    found = reading.figures(sentence)
    years = reading.years_in(sentence)
    said = reading.periods(sentence, max([*years, ctx.year or 0]) or None)
    phrases = _phrases(vocab, sentence)
    sources = [name for name, words in vocab.sources.items()
               if any(w in sentence.lower() for w in words)]
    out = []
    sentence_readings = None
    for fig in found:
        if reading.is_condition(sentence, fig):
            out.append(Line(fig.text, "", NOT_CHECKED, reason="A condition or a plan, not a "
                            "figure reported: nothing to check."))
            continue
        readings, words = _readings(vocab, phrases, sentence, fig, ctx, sources)
        period = _period_for(said, fig, ctx, sentence)
        if fig.kind == "times":
            out.append(_times(snap, fig, readings, said, period, ctx))
            continue
        out.append(_one(snap, fig, readings, words, period, sentence))
        sentence_readings = readings or sentence_readings
    # What the next sentence inherits.
    if sentence_readings:
        ctx.readings = sentence_readings
    before_figures = [p for p in said if not found or p.at <= found[-1].start]
    if before_figures:
        ctx.period = _most_specific(before_figures)
    elif said:
        ctx.period = said[0]
    if years:
        ctx.year = max([*years, ctx.year or 0])
    return out


def _phrases(vocab: Vocabulary, sentence: str) -> list[tuple[int, int, Phrase]]:
    """The vocabulary's phrases in the sentence, longest first, never overlapping."""
    taken: list[tuple[int, int, Phrase]] = []
    for p in vocab.phrases:
        for m in p.pattern.finditer(sentence):
            if all(m.end() <= a or m.start() >= b for a, b, q in taken if q.text != p.text):
                taken.append((m.start(), m.end(), p))
    return sorted(taken, key=lambda t: t[0])


def _clause(sentence: str, fig: Figure) -> tuple[int, int]:
    """The stretch of the sentence the figure belongs to: between commas, semicolons,
    dashes and 'and'."""
    cuts = [0, *[m.end() for m in re.finditer(r"[,;:](?=\s)|[—–]|\s-\s|\band\b", sentence)],
            len(sentence)]
    start = max(c for c in cuts if c <= fig.start)
    end = min((c for c in cuts if c > fig.end), default=len(sentence))
    return start, end


def _readings(vocab: Vocabulary, phrases, sentence: str, fig: Figure, ctx: Context,
              sources: list[str]) -> tuple[list[Reading], str]:
    """How the words around the figure read it, and the words that were read.

    In order: a whole named right after a count ("648,000 who applied for asylum"); a
    measure in the figure's own clause (a multiple or a share may look further); the
    measure of the sentence before, where the text points back to it ("this latter
    category"); a whole in the clause ("5,990 migrants a day ... intercepted"); the
    measure of the sentence before, where this one names none at all.
    """
    start, end = _clause(sentence, fig)
    parts = [t for t in phrases if t[2].measure != "total"]
    wholes = [t for t in phrases if t[2].measure == "total"]
    near = [t for t in parts if start <= t[0] < end] or \
        (parts if fig.kind in ("times", "percent") else [])
    others = [f.start for f in reading.figures(sentence) if f.start > fig.end]
    limit = min([*others, fig.end + 45])
    whole_here = [t for t in wholes if fig.end <= t[0] < limit]
    back = any(w in sentence.lower() for w in BACK)
    whole_in_clause = [t for t in wholes if start <= t[0] < end]
    if fig.kind == "count" and whole_here and not [t for t in parts
                                                   if fig.end <= t[0] < limit]:
        chosen, words = [(t, "total") for t in whole_here], whole_here[0][2].text
    elif near and not back:
        # The phrase nearest the figure, after it first (48,000 migrants were ordered removed).
        best = min(near, key=lambda t: (t[0] < fig.start, abs(t[0] - fig.end)))
        # The same words may name one dataset's measure and another's whole ("granted
        # asylum": TRAC's column, DHS's total); the dataset the text names decides.
        chosen = [(t, t[2].measure) for t in phrases if t[0] == best[0]
                  and t[2].text.lower() == best[2].text.lower()]
        words = best[2].text
    elif back and ctx.readings:
        return _as_share(fig, list(ctx.readings)), "the measure of the sentence before"
    elif whole_in_clause and fig.kind != "percent":
        chosen, words = [(t, "total") for t in whole_in_clause], whole_in_clause[0][2].text
    elif not phrases and ctx.readings:
        return _as_share(fig, list(ctx.readings)), "the measure of the sentence before"
    else:
        return [], ""
    readings = _one_dataset(vocab, [Reading(t[2].dataset, m) for t, m in chosen], sources)
    return _unique(_as_share(fig, readings)), words


def _as_share(fig: Figure, readings: list[Reading]) -> list[Reading]:
    """A percent is a share of its dataset's whole."""
    if fig.kind != "percent":
        return [Reading(r.dataset, r.measure) for r in readings]
    return [Reading(r.dataset, r.measure, "total") for r in readings]


def _one_dataset(vocab: Vocabulary, readings: list[Reading], sources: list[str]
                 ) -> list[Reading]:
    """Readings in the dataset the text names, else in the first by priority."""
    if not readings:
        return readings
    named = [r for r in readings if r.dataset in sources]
    if named:
        return named
    best = min(vocab.priority.get(r.dataset, 9) for r in readings)
    return [r for r in readings if vocab.priority.get(r.dataset, 9) == best]


def _unique(readings: list[Reading]) -> list[Reading]:
    return list(dict.fromkeys(readings))


def _period_for(said: list[Period], fig: Figure, ctx: Context, sentence: str
                ) -> Period | None:
    """The period said before the figure (a single year over a longer span: "In 2020,
    during the Trump administration, 48,000 ..."), else after it (but not the other side
    of a comparison: "10 times the number in 2014"), else the one before ("That year")."""
    if THAT_YEAR.search(sentence[: fig.start]) and ctx.period is not None:
        return ctx.period
    right_after = [p for p in said if 0 <= p.at - fig.end <= 12  # "52,223 in 2019"
                   and not _compared(sentence, p.at)]
    if right_after and fig.kind != "times":
        return right_after[0]
    before = [p for p in said if p.at <= fig.start]
    if before:
        return _most_specific(before)
    later = [p for p in said if not _compared(sentence, p.at)]
    if later and fig.kind != "times":
        return later[0]
    return ctx.period


def _compared(sentence: str, at: int) -> bool:
    """Whether comparison words stand shortly before `at`: "10 times the number in 2014"."""
    m = COMPARED.search(sentence[:at])
    return m is not None and m.start() >= at - 40


def _most_specific(said: list[Period]) -> Period:
    singles = [p for p in said if p.first == p.last]
    return singles[-1] if singles else said[-1]


# -- figures from the data -----------------------------------------------------------------

@dataclass(frozen=True)
class Value:
    value: Fraction
    label: str  # what was summed: "FY2022 to FY2024 (through April)"
    command: str
    partial: bool


class NoFigure(Exception):
    """The data has no figure for these words: the message says which."""


def _value(snap: Snapshot, r: Reading, period: Period, kind: str) -> Value:
    ds = snap.datasets[r.dataset]
    name = COMMANDS.get(r.dataset)
    if period.month:
        return _month_value(ds, r, period, kind)
    rows = _rows(ds, period)
    if ds.meta.is_stock(r.measure):
        rows = rows[-1:]  # a level at year end is never summed
    value = sum(_measure(ds, row, r.measure) for row in rows)
    label = rows[0].year if len(rows) == 1 else None
    shown = (f"FY{rows[0].year}" + (f" ({rows[0].period.label})" if rows[0].partial else "")
             if label else f"FY{rows[0].year} to FY{rows[-1].year}"
             + (f" ({rows[-1].period.label})" if rows[-1].partial else ""))
    dataset_opt = "" if name or r.dataset == "trac_asylum_outcomes" else \
        f" dataset={r.dataset}"
    if kind == "per_day":
        days = sum(months.days(row.year, m) for row in rows for m in
                   months.ORDER[: row.period.months])
        value = Fraction(value) / days
    if name:
        command = f"/{name} {rows[-1].year}"
    elif len(rows) == 1:
        command = f"/outcomes {rows[0].year}{dataset_opt}"
    else:
        command = f"/totals {rows[0].year} {rows[-1].year}{dataset_opt}"
    return Value(Fraction(value), shown, command, any(row.partial for row in rows))


def _rows(ds: Dataset, period: Period):
    if period.first == 0:  # "current", "now": the latest the bot has
        return [ds.rows[-1]]
    last = period.last or ds.years[-1]
    rows = [row for row in ds.rows if period.first <= row.year <= last]
    wanted = set(range(period.first, min(last, ds.years[-1]) + 1))
    if not rows or wanted - {row.year for row in rows} or period.first > ds.years[-1]:
        raise NoFigure(f"no figures for {period.label} in {ds.meta.title} (it has FY"
                       f"{ds.years[0]} to FY{ds.years[-1]})")
    if period.last and period.last > ds.years[-1]:
        raise NoFigure(f"{ds.meta.title} stops at FY{ds.years[-1]}")
    return rows


def _measure(ds: Dataset, row, measure: str) -> int:
    if measure == "total":
        t = total(ds, row)
        return t if t is not None else sum(row.values[m.name] for m in ds.meta.parts)
    combos = {c.name: c for c in ds.meta.combinations}
    if measure in combos:
        return sum(row.values[m] for m in combos[measure].measures)
    return row.values[measure]


def _month_value(ds: Dataset, r: Reading, period: Period, kind: str) -> Value:
    found = [m for m in ds.months if (m.year, m.month) == (period.first, period.month)]
    if not found:
        raise NoFigure(f"no figures for {period.label} in {ds.meta.title}")
    m = found[0]
    if r.measure == "total":
        value = m.published_total if m.published_total is not None else \
            sum(m.values[x.name] for x in ds.meta.parts)
    else:
        value = m.values[r.measure]
    if kind == "per_day":
        value = Fraction(value, months.days(m.year, m.month))
    cal = months.calendar_year(m.year, m.month)
    return Value(Fraction(value), months.label(m.year, m.month),
                 f"/encounters {cal}-{m.month:02d}", False)


# -- one figure --------------------------------------------------------------------------

def _one(snap: Snapshot, fig: Figure, readings: list[Reading], words: str,
         period: Period | None, sentence: str) -> Line:
    if not readings:
        unplaced = sentence[max(0, fig.start - 30): fig.end + 40].strip()
        return Line(fig.text, "", NOT_CHECKED, reason=f"No figure the bot has fits the words "
                    f"around it (“{unplaced}”).")
    if period is None:
        return Line(fig.text, _names(snap, readings), NOT_CHECKED,
                    reason="The text names no year for it.")
    results = []
    for r in readings:
        try:
            results.append((r, _figure(snap, fig, r, period)))
        except NoFigure as exc:
            results.append((r, exc))
    good = [(r, v) for r, v in results if not isinstance(v, Exception)]
    if not good:
        return Line(fig.text, _read_as(snap, readings[0], period), NOT_CHECKED,
                    reason=f"The bot has {results[0][1]}.")
    if len(good) > 1:
        listed = "; ".join(f"{_names(snap, [r])}: {_shown(fig, v.value)} ({v.command})"
                           for r, v in good)
        return Line(fig.text, f"“{words}”, {period.label}", NOT_CHECKED,
                    reason=f"The words fit {len(good)} figures equally well: {listed}.")
    (r, v), = good
    return _verdict(snap, fig, r, v, period)


def _figure(snap: Snapshot, fig: Figure, r: Reading, period: Period) -> Value:
    if fig.kind == "percent":
        part = _value(snap, r, period, "count")
        whole = _value(snap, Reading(r.dataset, r.whole or "total"), period, "count")
        if not whole.value:
            raise NoFigure("no total to take a share of")
        return Value(part.value / whole.value * 100, part.label,
                     part.command.replace("/outcomes", "/totals", 1)
                     if period.first == (period.last or 0) else part.command, part.partial)
    return _value(snap, r, period, fig.kind)


def _verdict(snap: Snapshot, fig: Figure, r: Reading, v: Value, period: Period) -> Line:
    ds = snap.datasets[r.dataset]
    verdict = judge(fig, v.value)
    note = []
    if v.partial:
        note.append(f"{v.label} is part of a year, as the data counts it.")
    if period.note:
        note.append(f"“{period.said}”: {period.note}.")
    diff = ""
    if verdict != MATCHES:
        d = v.value - fig.value
        diff = (f"{'+' if d > 0 else ''}{_shown(fig, d)}"
                + (f" ({fmt.signed_pct(d / fig.value)})" if fig.value else ""))
    return Line(fig.text, _read_as(snap, r, period, v.label), verdict,
                bot=_shown(fig, v.value), exact=float(v.value), difference=diff,
                reason=" ".join(note), command=v.command,
                source=f"{ds.meta.source}, as of {ds.meta.as_of}", dataset=r.dataset)


def judge(fig: Figure, bot: Fraction) -> str:
    """The verdict, by the README's rules."""
    stated = fig.value
    rounded = _round(bot, fig.step)
    near = abs(bot - stated) <= CLOSE * abs(stated) if stated else bot == stated
    q = fig.qualifier
    if q == "exact":
        ok = rounded == stated
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


def _names(snap: Snapshot, readings: list[Reading]) -> str:
    return ", ".join(f"{_label(snap, r)} ({snap.datasets[r.dataset].meta.short_source})"
                     for r in readings)


def _label(snap: Snapshot, r: Reading) -> str:
    ds = snap.datasets[r.dataset]
    if r.measure == "total":
        return f"all {ds.meta.subject}"
    combos = {c.name: c.label for c in ds.meta.combinations}
    label = combos.get(r.measure) or ds.meta.measure(r.measure).label
    return label.lower() if not label.isupper() else label


def _read_as(snap: Snapshot, r: Reading, period: Period, label: str = "") -> str:
    what = _label(snap, r)
    share = f"share of all {snap.datasets[r.dataset].meta.subject}: " if r.whole else ""
    return (f"{share}{what}, {label or period.label}"
            + (f" (“{period.said}”)" if period.said else "")
            + f", {snap.datasets[r.dataset].meta.short_source}")


# -- multiples ---------------------------------------------------------------------------

def _times(snap: Snapshot, fig: Figure, readings: list[Reading],
           said: list[Period], subject: Period | None, ctx: Context) -> Line:
    after = [p for p in said if p.at > fig.start]
    base = after[0] if after else None
    if subject is None or subject is base:
        subject = ctx.period
    if not readings or base is None or subject is None:
        return Line(fig.text, "", NOT_CHECKED, reason="It does not say what is compared with "
                    "what (a measure and two periods).")
    if len(readings) > 1:
        return Line(fig.text, "", NOT_CHECKED, reason="The words fit several measures: "
                    + _names(snap, readings) + ".")
    r = readings[0]
    try:
        now, then = (_value(snap, r, p, "count") for p in (subject, base))
    except NoFigure as exc:
        return Line(fig.text, _names(snap, [r]), NOT_CHECKED, reason=f"The bot has {exc}.")
    if not then.value:
        return Line(fig.text, _names(snap, [r]), NOT_CHECKED, reason="Nothing to divide by.")
    ratio = now.value / then.value
    line = _verdict(snap, fig, r, Value(ratio, f"{now.label} against {then.label}",
                                        f"/compare {base.first} {subject.first}",
                                        now.partial or then.partial), subject)
    line.read_as = (f"{_label(snap, r)}, {now.label} ({fmt.count(now.value)}) as a multiple "
                    f"of {then.label} ({fmt.count(then.value)}), "
                    f"{snap.datasets[r.dataset].meta.short_source}")
    return line


# -- tables ------------------------------------------------------------------------------

def _table_line(snap: Snapshot, vocab: Vocabulary, line: str, header
                ) -> tuple[list | None, list[Line]]:
    """A line of a table: a header names the measures, a row starts with its year."""
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if not cells:
        return header, []
    first = re.match(r"^(?:FY\s?)?(\d{4})\b(.*)$", cells[0])
    if first is None:  # a header: each cell read as a measure
        found = []
        for cell in cells[1:]:
            readings = [Reading(p.dataset, p.measure) for p in vocab.phrases
                        if p.pattern.fullmatch(cell.strip())]
            found.append(_one_dataset(vocab, _unique(readings), []))
        return found, []
    if header is None:
        return None, []
    year = int(first.group(1))
    so_far = bool(re.search(r"through|so far|partial", first.group(2), re.IGNORECASE))
    period = Period(year, year, cells[0], so_far=so_far)
    out = []
    for cell, readings in zip(cells[1:], header, strict=False):
        figs = reading.figures(cell)
        if len(figs) != 1 or not readings:
            continue
        fig = figs[0]
        fig = Figure(f"{cells[0]}: {cell}", fig.value, fig.step, fig.kind, fig.qualifier, 0, 0)
        out.append(_one(snap, fig, readings, "the table's heading", period, line))
    return header, out


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
