"""Records ("the lowest since September 2020", "on record"), judged over what the bot
holds and saying so."""

from __future__ import annotations

import re
from datetime import date
from fractions import Fraction

from bot.answers import fmt
from bot.answers.claims import reading
from bot.answers.claims.clauses import Reading, clause_facets, inside
from bot.answers.claims.reading import Figure, fiscal_year_of
from bot.answers.claims.values import measure_of, month_measure
from bot.answers.claims.verdicts import DIFFERS, MATCHES, NOT_CHECKED, Line
from bot.answers.claims.words import ADMINISTRATIONS, LOW_WORDS
from bot.store import months

# "since September 2020", "since 2007": the period a record is counted from.
_SINCE = re.compile(r"since\s+(?:(?P<month>" + "|".join(months.name(x) for x in range(1, 13))
                    + r")\s+)?(?P<year>(?:19|20)\d\d)")


_SAME_MONTH = re.compile(r"(?:lowest|highest|fewest|most|busiest)\s+(" + "|".join(
    months.name(x) for x in range(1, 13)) + r")\b", re.IGNORECASE)
_ADMIN = re.compile(r"(?:during|under) the (?:first )?(biden|trump) administration",
                    re.IGNORECASE)


def beats(value: int, other: int, low: bool) -> bool:
    """Whether `other` is as low as `value` (as high, for a high): it beats a record."""
    return other <= value if low else other >= value


def record_words(series: list[tuple[str, int]], low: bool, span: int = 12) -> str | None:
    """How the last figure of a series ranks among those before it, where it beats at
    least `span` of them: 'the lowest since March 2024' (the last one it did not beat), or
    'the lowest of the 85 months held, from October 2019'. The same rule /check judges
    "the lowest since ..." by."""
    *before, (_, value) = series
    word = "lowest" if low else "highest"
    beaten = [i for i, (_, v) in enumerate(before) if beats(value, v, low)]
    if len(before) - (beaten[-1] + 1 if beaten else 0) < span:
        return None
    if beaten:
        return f"the {word} since {before[beaten[-1]][0]}"
    return f"the {word} of the {len(series)} months held, from {series[0][0]}"


def _within(key: tuple[int, int], admin) -> bool:
    """Whether a (fiscal year, position) key falls within the administration's term."""
    fiscal_year, position = key
    if position:
        month = months.ORDER[position - 1]
        first = date(months.calendar_year(fiscal_year, month), month, 1)
        return (admin.start.year, admin.start.month) <= (first.year, first.month) and (
            admin.end is None or first < admin.end)
    return fiscal_year_of(admin.start) <= fiscal_year and (
        admin.end is None or fiscal_year <= fiscal_year_of(admin.end))


class Records:
    """Records of a level over the months or years held."""

    def _record(self, sentence, m: re.Match, found, words, said, named, ctx, last) -> Line:
        """A record phrase: judged on the sentence's first count, or on its subject."""
        phrase = m.group(0).strip()
        if any(w in sentence.lower() for w in ("on track", "on pace")):
            return Line(phrase, "", NOT_CHECKED, reason="A forecast, not a figure reported.")
        if re.search(r"increase|decrease|rise|drop|fall|jump|growth|change", phrase, re.I):
            return Line(phrase, "", NOT_CHECKED, reason="A record of a change: the bot "
                        "judges records of levels only.")
        here = Figure(phrase, Fraction(0), Fraction(1), "count", "exact", m.start(), m.end())
        grain = named.get("grain", set()) | clause_facets(sentence, here, words).get("grain",
                                                                                     set())
        if "day" in grain or "day" in phrase.lower():
            return Line(phrase, "", NOT_CHECKED, reason="A record of single days: days are "
                        "not held.")
        counts = [f for f in found if f.kind == "count" and not inside(f, [m])
                  and not reading.is_condition(sentence, f)]
        if counts:
            line, rd = self._figure(sentence, counts[0], found, words, said, named, ctx, None)
            if rd is None:
                return Line(phrase, "", NOT_CHECKED, reason="The figure it qualifies is not "
                            f"checked. {line.reason}")
        else:
            rd, why = self._subject(sentence, here, found, words, said, named, ctx, last)
            if rd is None:
                return Line(phrase, "", NOT_CHECKED, reason=why)
        since = _SINCE.search(phrase)
        if since and re.search(r"began|start", phrase):  # "since the group began ... 2001"
            since = None
        same = _SAME_MONTH.search(phrase)
        who = _ADMIN.search(phrase)
        admin = next((a for a in ADMINISTRATIONS if who and a.key == who.group(1).lower()),
                     None)
        return self._judge_record(phrase, rd, bool(LOW_WORDS.search(phrase)), since,
                                  months.parse(same.group(1)) if same else None, admin)

    def _judge_record(self, phrase: str, rd: Reading, low: bool, since,
                      month: int | None = None, admin=None) -> Line:
        """Whether the period's figure is the lowest (highest) of those held before it:
        since a period, of one calendar month ("the lowest March"), within an
        administration."""
        m, p = rd.measure, rd.period
        if m.publisher:
            return Line(phrase, "", NOT_CHECKED, reason=f"The bot holds {self._label(m)} "
                        f"from {m.publisher.upper()}'s reports for too few periods to judge a "
                        "record.")
        ds = self.snap.datasets[m.dataset]
        if p.month:
            series = [((x.year, months.position(x.month)), months.label(x.year, x.month),
                       month_measure(ds, x, m.name)) for x in ds.months]
            key = (p.first, months.position(p.month))
        else:
            series = [((r.year, 0), f"FY{r.year}", measure_of(ds, r, m.name))
                      for r in ds.rows if not r.partial]
            key = (p.first, 0)
        series = [s for s in series if s[0] <= key]
        if month and p.month:  # "the lowest March": Marches only
            series = [s for s in series if s[0][1] == months.position(month)]
        if admin is not None:
            series = [s for s in series if _within(s[0], admin)]
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
        if len(before) < (2 if month else 3) and not at:
            return Line(phrase, self._read_as(m, p), NOT_CHECKED,
                        reason=f"The bot holds too few earlier figures of {self._label(m)} "
                               f"before {p.label} to judge a record.")
        beaten = [s for s in before if beats(here[2], s[2], low)]
        over = f"{before[0][1]} to {here[1]}" if before else here[1]
        start = series[0][1]
        said_over = f"in the bot's figures from {start}" + (
            f", within {admin.label}" if admin is not None else "")
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
