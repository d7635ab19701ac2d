"""/check: every figure in a paragraph set against the data, with a verdict.

For each figure: the measure its words name (who counts, what happened, what is
counted, where, the period), the bot's figure worked out exactly from the release the
text could have seen (a month, a year, a sum, a share, a change, a multiple, a record)
and a verdict by fixed rules (docs/reporters.md, "Checking a paragraph"):

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
from datetime import date

from bot.answers import fmt
from bot.answers.claims import reading
from bot.answers.claims.clauses import (
    DAY_WORDS,
    Context,
    Reading,
    Words,
    by_priority,
    change_of,
    clause_facets,
    event_of,
    facets,
    inherit,
    inside,
    is_base,
    most_specific,
    near,
    period_for,
    subordinate,
)
from bot.answers.claims.comparisons import Comparisons
from bot.answers.claims.measures import Measure, catalogue, fits
from bot.answers.claims.reading import Figure, Period
from bot.answers.claims.records import Records
from bot.answers.claims.values import NoFigure, Value, Values
from bot.answers.claims.verdicts import CLOSE_, DIFFERS, MATCHES, NOT_CHECKED, Line, judge, shown
from bot.answers.claims.words import (
    BACK,
    EARLIER,
    RECORD,
    hits,
)
from bot.store.reader import Snapshot


def check_text(snap: Snapshot, text: str, today: date | None = None) -> list[Line]:
    """Every figure in `text`, checked; `today` is the date the text was published."""
    checker = _Checker(snap, today)
    return checker.run(text)


class _Checker(Values, Comparisons, Records):
    """One paragraph's check: reads each sentence in turn, with what it inherits."""

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
        found = reading.figures(sentence)
        years = reading.years_in(sentence)
        said = reading.periods(sentence, max([*years, ctx.year or 0]) or None, self.today)
        words = hits(sentence)
        named = facets(words)
        if DAY_WORDS.search(sentence):
            named.setdefault("grain", set()).add("day")
        inherited = inherit(ctx.named, named)
        records = list(RECORD.finditer(sentence))
        said = [p for p in said if not any(m.start() <= p.at < m.end() for m in records)]
        out: list[tuple[int, Line]] = []
        last: Reading | None = None
        for fig in found:
            if inside(fig, records):
                continue
            if reading.is_condition(sentence, fig):
                out.append((fig.start, Line(fig.text, "", NOT_CHECKED, reason="A condition, a "
                            "plan or a forecast, not a figure reported: nothing to check.")))
                continue
            line, rd = self._figure(sentence, fig, found, words, said, inherited, ctx, last)
            out.append((fig.start, line))
            # A figure in a "when" clause describes the other side of a comparison; what
            # follows still speaks of the sentence's subject.
            if rd is not None and fig.kind in ("count", "per_day") and \
                    not subordinate(sentence, fig):
                last = rd
        for m in records:
            out.append((m.start(), self._record(sentence, m, found, words, said, inherited,
                                                ctx, last)))
        # What the next sentence inherits.
        for facet in ("who", "place", "scope", "publisher", "event"):
            if named.get(facet):
                ctx.named[facet] = set(named[facet])
        if last is not None:
            ctx.reading = last
        whole = [p for p in said if not p.day and p.first and not is_base(sentence, p)]
        earlier = EARLIER.search(sentence)
        if whole and not (earlier and earlier.start() < whole[0].at):
            before = [p for p in whole if not found or p.at <= found[-1].start]
            ctx.period = most_specific(before or whole)
            ctx.periods = whole
        if years:
            ctx.year = max([*years, ctx.year or 0])
        return [line for _, line in sorted(out, key=lambda t: t[0])]

    def _figure(self, sentence, fig, found, words, said, named, ctx, last
                ) -> tuple[Line, Reading | None]:
        clause = clause_facets(sentence, fig, words)
        places = [h for h in words if h.facet == "place"]
        if len({h.value for h in places}) > 1 and not clause.get("place"):
            before = [h for h in places if h.start < fig.start]
            named = {**named, "place": {(before or places)[-1].value}}
        period = period_for(said, fig, ctx, sentence, found)
        change = change_of(sentence, fig) if fig.kind == "percent" else None
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
            # "this latter category", "of these": the measure of the sentence before
            rd = Reading(ctx.reading.measure, period or ctx.reading.period)
            return self._judge_one(fig, [rd])
        event = event_of(clause, sentence, fig, words) or \
            (None if named.get("event") else (ctx.reading.measure.event
                                                if ctx.reading else None))
        if event is None:
            return Line(fig.text, "", NOT_CHECKED, reason="The words around it name no "
                        f"measure the bot holds (“{near(sentence, fig)}”)."), None
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
        return self._judge_one(fig, [Reading(m, period) for m in candidates])

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
        return by_priority(out), rejected

    def _unplaced(self, fig: Figure, event: str, rejected, sentence: str) -> Line:
        if rejected:
            m, other, missing = min(rejected, key=lambda t: (len(t[1]) + len(t[2]),
                                                             t[0].priority))
            said = (f"also say {', '.join(dict.fromkeys(other))}, which it does not count"
                    if other else f"do not say {', '.join(missing)}, which it counts")
            return Line(fig.text, "", NOT_CHECKED, reason=(
                f"The bot's nearest figure is {self._label(m)} ({self._short(m)}); the words "
                f"“{near(sentence, fig)}” {said}."))
        return Line(fig.text, "", NOT_CHECKED, reason=(
            f"No figure the bot holds is named by the words around it "
            f"(“{near(sentence, fig)}”): it holds no {event.replace('_', ' ')} figures."))

    # -- values ----------------------------------------------------------------------

    def _judge_one(self, fig: Figure, readings: list[Reading]
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
                               f"{shown(fig, x.value)}" for r, x, _, _ in verdicts[1:])
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
                               f"{shown(fig, x.value)}" for r, x, _, _ in verdicts
                               if r is not rd)
            line.reason = (line.reason + " " if line.reason else "") + \
                f"The words also fit {others}, which is far from the text's figure."
            return line, rd
        listed = "; ".join(f"{self._label(r.measure)} ({self._short(r.measure)}): "
                           f"{shown(fig, x.value)} ({x.command})" for r, x, _, _ in verdicts)
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
            diff = (f"{'+' if d > 0 else ''}{shown(fig, d)}"
                    + (f" ({fmt.signed_pct(d / fig.value)})" if fig.value else ""))
        source = f"{ds.meta.source}, as of {ds.meta.as_of}" if not m.publisher else \
            f"{m.publisher.upper()}'s report"
        return Line(fig.text, self._read_as(m, rd.period, v.label), verdict,
                    bot=shown(fig, v.value), exact=float(v.value), difference=diff,
                    reason=" ".join(note), command=v.command, source=source,
                    dataset=m.dataset)

    # -- tables ----------------------------------------------------------------------

    def _table_line(self, line: str, header, ctx: Context) -> tuple[list | None, list[Line]]:
        """A line of a table: a header names the measures, a row starts with its year."""
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        first = re.match(r"^(?:FY\s?)?(\d{4})\b(.*)$", cells[0]) if cells else None
        if first is None:  # a header: each cell read as a measure
            found = []
            for cell in cells[1:]:
                said = facets(hits(cell))
                event = next(iter(said.get("event", set())), None)
                named = inherit(ctx.named, said)
                cands, _ = self._candidates(event, Words(said, named), False) if event \
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
            out.append(self._judge_one(fig, [Reading(m, period) for m in measures])[0])
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
