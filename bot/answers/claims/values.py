"""The bot's figure for a reading: a month, a year, a sum or a report's figure, from
the release the text could have seen."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from bot.answers import fmt
from bot.answers.claims.measures import Measure, published
from bot.answers.claims.reading import Figure, Period
from bot.answers.claims.verdicts import MATCHES, judge
from bot.answers.common import total
from bot.store import months
from bot.store.reader import Snapshot

COMMANDS = {"cbp_border_encounters": "encounters", "eoir_workload": "backlog",
            "dhs_asylum_grants": "grants"}


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


class Values:
    """Figures from the data, as of the text's date (`today`)."""

    snap: Snapshot
    today: date | None

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
        value = Fraction(sum(measure_of(ds, row, m.name) for row in rows))
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

        def figure(code) -> int | None:
            rows = rows_for(releases[code], period)
            if rows is None:
                return None
            return sum(measure_of(ds, r, m.name)
                       for r in (rows[-1:] if ds.meta.is_stock(m.name) else rows))

        value = {code: figure(code) for code in releases}.get  # each release worked out once
        seen = [code for code in releases if not self._after_text(code, m)]
        if self.today is None and fig is not None and len(releases) > 1:
            # No date: the text may quote either release; the newest that gives its figure.
            quoted = [c for c in releases if value(c) is not None
                      and judge(fig, Fraction(value(c)), m.precision) == MATCHES]
            seen = quoted[-1:] or seen
        code = next((c for c in reversed(seen) if value(c) is not None), None)
        if code is None and value(list(releases)[-1]) is None:
            held = ds.all_years or [0]
            raise NoFigure(f"no figures for {period.label} in {ds.meta.title} "
                           f"(it has FY{held[0]} to FY{held[-1]})")
        if code is None:  # only a release published after the text holds it
            code = list(releases)[-1]
        rows = rows_for(releases[code], period)
        words = ""
        if code is not None:
            words = f"From {release_name(m.dataset, code)}."
            for c in releases:
                later = (published(c) or date.min) > (published(code) or date.min)
                if later and value(c) is not None and value(c) != value(code):
                    words += f" Revised to {fmt.count(value(c))} in {release_name(m.dataset, c)}."
        return rows, words, self._after_text(code, m)

    def _after_text(self, code: str | None, m: Measure) -> bool:
        """Whether a release (or the dataset, kept in one) came out after the text's date."""
        if self.today is None:
            return False
        when = published(code) if code is not None else m.published
        return when is not None and when > self.today

    def _month(self, m: Measure, period: Period, kind: str) -> Value:
        ds = self.snap.datasets[m.dataset]
        found = [x for x in ds.months if (x.year, x.month) == (period.first, period.month)]
        if not found:
            first = ds.months[0] if ds.months else None
            raise NoFigure(f"no figures for {period.label} in {ds.meta.title}"
                           + (f" (its months start in {months.label(first.year, first.month)})"
                              if first else ""))
        x = found[0]
        value = Fraction(month_measure(ds, x, m.name))
        release, later = "", self._after_text(None, m)
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
        value = Fraction(sum(month_measure(ds, x, m.name) for x in have))
        if kind == "per_day":
            value = value / sum(months.days(x.year, x.month) for x in have)
        shown = f"FY{period.first}" if last == period.first else \
            f"FY{period.first} to FY{last}"
        if len(have) < len(want) or period.so_far:
            shown += f" (through {months.label(have[-1].year, have[-1].month)})"
        return Value(value, shown, f"/encounters {last}", len(have) < 12, "",
                     self._after_text(None, m))

    def _reported(self, m: Measure, period: Period) -> Value:
        rows = [r for r in m.rows if reported_period(r) == period_key(period)]
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


def rows_for(rows, period: Period):
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


def release_name(dataset: str, code: str) -> str:
    day = published(code)
    return f"the release of {day:%B %Y}" if day else f"release {code}"


def measure_of(ds, row, name: str) -> int:
    if name == "total":
        t = total(ds, row)
        return t if t is not None else sum(row.values[m.name] for m in ds.meta.parts)
    combos = {c.name: c for c in ds.meta.combinations}
    if name in combos:
        return sum(row.values[m] for m in combos[name].measures)
    return row.values[name]


def month_measure(ds, x, name: str) -> int:
    if name == "total":
        return x.published_total if x.published_total is not None else \
            sum(x.values[p.name] for p in ds.meta.parts)
    return x.values[name]


def period_key(p: Period) -> tuple:
    if p.month:
        return ("month", p.first, p.month)
    return ("fy", p.first)


def reported_period(r) -> tuple:
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
