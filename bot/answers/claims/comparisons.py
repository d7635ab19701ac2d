"""Shares, changes and multiples, each worked out on the measure of the figure it
qualifies."""

from __future__ import annotations

import dataclasses
import re

from bot.answers import fmt
from bot.answers.claims.clauses import (
    Context,
    Reading,
    Words,
    clause_facets,
    clause_span,
    event_of,
    is_base,
)
from bot.answers.claims.measures import Measure
from bot.answers.claims.reading import Figure, Period
from bot.answers.claims.values import NoFigure, Value
from bot.answers.claims.verdicts import DIFFERS, NOT_CHECKED, Line, count_text, judge
from bot.answers.claims.words import YEAR_BEFORE
from bot.store import months


class Comparisons:
    """Shares, changes from another period and multiples of it. A part of the checker
    (check._Checker), whose measures, values and lines it uses."""

    def _share(self, fig: Figure, measures: list[Measure], period: Period | None,
               sentence: str) -> Line:
        """'77% of asylum seekers were allowed to remain': a part over its dataset's whole."""
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
            whole = self._value(dataclasses.replace(m, name="total"), period, "count")
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
        clause = clause_facets(sentence, fig, words)
        event = event_of(clause, sentence, fig, words)
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
                        and not is_base(sentence, p)), None) or ctx.period or next(
            (p for p in said if not p.day and not is_base(sentence, p)), None)
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
        line.read_as = (f"{self._label(m)}, {now.label} ({count_text(now.value)}) {what} "
                        f"{then.label} ({count_text(then.value)}), {self._short(m)}")
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
        start, end = clause_span(sentence, fig)
        if YEAR_BEFORE.search(sentence[fig.end:end]) or \
                YEAR_BEFORE.search(sentence[start:fig.start]):
            p = subject.period
            if p.month:
                return Period(p.first - 1, 0, "a year before", month=p.month), subject
            return Period(p.first - 1, p.first - 1, "the year before"), subject
        rng = re.match(r"[^.;]{0,30}?\bfrom\b", after)
        later = [p for p in said if p.at > fig.start and not p.day]
        if rng and len(later) >= 2 and re.search(  # "more than doubled, from A in FY 2021 to B"
                r"\bto\b", sentence[later[0].at + len(later[0].said):later[1].at]):
            return later[0], Reading(subject.measure, later[1])
        bases = [p for p in said if is_base(sentence, p) and p is not subject.period]
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
