"""Every percent, share, ratio and rate a day an answer shows is the exact value rounded once.

The expected values are worked out here from the store's rows, independently of the
answer code, as exact fractions; the expected text rounds them half away from zero
with `decimal`, not with the bot's own rounding. A figure rounded twice (+118.8% for
an exact +118.7477…%) is found wherever it is shown: tables, headline, chart labels,
alt text and notes, for every pair of years of every dataset and every breakdown.
"""

from __future__ import annotations

import itertools
import re
from calendar import monthrange
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

import pytest

from bot.answers.errors import UserError
from bot.eoir.cases import Filters

PERCENT = re.compile(r"(?<![\d.])([+-]?)(\d{1,3}(?:,\d{3})*|\d+)\.(\d)%")
RATIO = re.compile(r"(?<![\d.])(\d{1,3}(?:,\d{3})*|\d+)\.(\d)(?:×| times)")
PER_DAY = re.compile(r"(?<![\d.])(\d{1,3}(?:,\d{3})*|\d+)(?:\.(\d))? a day")


def once(x: Fraction, places: int) -> Decimal:
    """The exact value rounded once, half away from zero, by the decimal module."""
    with localcontext() as ctx:
        ctx.prec = 60
        exact = Decimal(x.numerator) / Decimal(x.denominator)
        return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def percents(candidates) -> set[str]:
    return {f"{once(abs(c) * 100, 1):,.1f}" for c in candidates}


def ratios(candidates) -> set[str]:
    return {f"{once(c, 1):,.1f}" for c in candidates if c > 0}


# -- what the answer shows ------------------------------------------------------------

def shown_text(answer) -> list[str]:
    texts = [answer.headline]
    for t in answer.tables:
        texts += [" ".join(r) for r in t.rows] + list(t.notes)
    if answer.chart is not None:
        c = answer.chart
        texts += [c.subtitle, c.alt_text, c.reference_label, *c.notes]
        texts += [label for s in c.series for label in s.labels]
    return texts


def check_answer(answer, candidates: set[Fraction], per_day: set[Fraction] = frozenset()):
    """Every figure shown is one of `candidates` rounded once; table cells exactly theirs."""
    pct_ok, ratio_ok = percents(candidates), ratios(candidates)
    for text in shown_text(answer):
        for _sign, whole, tenth in PERCENT.findall(text):
            assert f"{whole}.{tenth}" in pct_ok, (answer.question.text, text)
        for whole, tenth in RATIO.findall(text):
            assert f"{whole}.{tenth}" in ratio_ok, (answer.question.text, text)
        for whole, tenth in PER_DAY.findall(text):
            allowed = {f"{once(d, 1 if tenth else 0):,.{1 if tenth else 0}f}" for d in per_day}
            shown = f"{whole}.{tenth}" if tenth else whole
            assert shown in allowed, (answer.question.text, text)
    for table in answer.tables:
        for cells, raw in zip(table.rows, table.values, strict=True):
            for cell, value in zip(cells, raw, strict=False):
                if cell.endswith("%") and isinstance(value, Fraction):
                    assert value in candidates, (answer.question.text, cell, value)
                    r = once(value * 100, 1)
                    want = (f"{r:+,.1f}%" if r else "0.0%") if cell[0] in "+-" else \
                        f"{r:,.1f}%"
                    assert cell == want, (answer.question.text, cell, value)


# -- the exact figures, from the store's rows -------------------------------------------

def year_values(ds, row) -> dict[str, Fraction]:
    v = {k: Fraction(x) for k, x in row.values.items()}
    if ds.meta.additive:
        v["total"] = Fraction(row.published_total if row.published_total is not None
                              else sum(row.values[m.name] for m in ds.meta.parts))
    for c in ds.meta.combinations:
        v[c.name] = sum(v[m] for m in c.measures)
    return v


def at_pace(ds, row, values) -> dict[str, Fraction]:
    if not row.partial:
        return values
    return {k: x if ds.meta.is_stock(k) else x * 12 / row.period.months
            for k, x in values.items()}


def shares(values) -> set[Fraction]:
    whole = values.get("total")
    return {x / whole for x in values.values()} if whole else set()


def between(a: dict, b: dict) -> set[Fraction]:
    out = set()
    for k in a:
        if a[k]:
            out |= {(b[k] - a[k]) / a[k], b[k] / a[k]}
        if b[k]:
            out.add(a[k] / b[k])
    return out


def lead_values(ds, row) -> dict[str, Fraction]:
    """The case-level classes in TRAC's three columns; the total is theirs alone."""
    combos = {c.name: c for c in ds.meta.combinations}
    v = {c: Fraction(sum(row.values[m] for m in combos[c].measures))
         for c in ds.meta.lead.columns}
    v["total"] = sum(v.values())
    return v


def views(ds):
    """How answers show a year: as the dataset's measures, and through its lead columns."""
    return [year_values] + ([lead_values] if ds.meta.lead else [])


def pair_candidates(ds, ra, rb) -> set[Fraction]:
    out = set()
    for view in views(ds):
        va, vb = view(ds, ra), view(ds, rb)
        pa, pb = at_pace(ds, ra, va), at_pace(ds, rb, vb)
        out |= shares(va) | shares(vb) | shares(pa) | shares(pb) | between(va, vb) | \
            between(pa, pb)
        span = [r for r in ds.rows if ra.year <= r.year <= rb.year]
        sums = {k: sum(view(ds, r)[k] for r in span) for k in va}
        out |= shares(sums)
    return out


def one_year(ds, row) -> set[Fraction]:
    return set().union(*(shares(view(ds, row)) for view in views(ds)))


def series_datasets(snap):
    return [ds for ds in snap.datasets.values() if ds.meta.kind == "series"]


def ask(service, text):
    try:
        return service.ask(text)
    except UserError:
        return None  # a question the dataset cannot answer (a stock summed, say)


# -- the tests ---------------------------------------------------------------------------

def test_the_change_the_story_got_wrong_is_rounded_once(service):
    a = service.ask("/compare 2020 2023")
    granted = next(r for r in a.tables[1].rows if r[0] == "Granted asylum")
    assert granted[2] == "+118.7%"  # 43,113 / 19,709 - 1 = 1.187477…, not 1.1875
    check_answer(a, pair_candidates(*_rows(service, "trac_asylum_outcomes", 2020, 2023)))


def test_rounding_is_half_away_from_zero_on_the_decimal_value():
    from bot.answers import fmt
    assert fmt.pct(Fraction(11185, 100000)) == "11.2%"  # 11.185 exactly: up
    assert fmt.signed_pct(Fraction(-25, 10000)) == "-0.3%"  # -0.25: away from zero
    assert fmt.decimal(0.15) == "0.2"  # a float by the decimal it prints as
    assert fmt.count(Fraction(5, 2)) == "3" and fmt.count(Fraction(-5, 2)) == "-3"
    assert fmt.signed_pct(Fraction(-1, 10**6)) == "0.0%"


def _rows(service, name, a, b):
    ds = service.reader.snapshot().datasets[name]
    return ds, ds.row(a), ds.row(b)


def test_every_pair_of_years_of_every_dataset(service):
    checked = 0
    for ds in series_datasets(service.reader.snapshot()):
        for ra, rb in itertools.combinations(ds.rows, 2):
            candidates = pair_candidates(ds, ra, rb)
            for text in (f"/compare {ra.year} {rb.year}", f"/totals {ra.year} {rb.year}",
                         f"/trend {ra.year} {rb.year}"):
                answer = ask(service, f"{text} dataset={ds.meta.name}")
                if answer is not None:
                    check_answer(answer, candidates)
                    checked += 1
        for r in ds.rows:
            prev = ds.row(r.year - 1)
            candidates = pair_candidates(ds, prev, r) if prev else one_year(ds, r)
            check_answer(service.ask(f"/outcomes {r.year} dataset={ds.meta.name}"), candidates)
            checked += 1
    assert checked > 1000


def test_every_month_and_its_rate_a_day(service):
    ds = service.reader.snapshot().datasets["cbp_border_encounters"]
    for m in ds.months:
        total = m.published_total if m.published_total is not None else \
            sum(m.values[x.name] for x in ds.meta.parts)
        cal_year = m.year - 1 if m.month >= 10 else m.year
        days = monthrange(cal_year, m.month)[1]
        values = {**{k: Fraction(v) for k, v in m.values.items()}, "total": Fraction(total)}
        answer = service.ask(f"/encounters {cal_year}-{m.month:02d}")
        per_day = {Fraction(total, days)}
        if m.daily_average is not None:
            per_day.add(Fraction(repr(m.daily_average)))
        check_answer(answer, shares(values), per_day)
        daily = answer.tables[1]
        assert daily.values[0][1] == Fraction(total, days)  # exact in the model
        assert daily.rows[0][1] == f"{once(Fraction(total, days), 1):,.1f}"


def _busiest_court(case_service, snap) -> str:
    ds = case_service.cases.dataset(snap, Filters())
    groups = case_service.cases.ranking(snap, "court", ds.rows[-1].year, Filters())
    return max(groups, key=lambda g: g.completed).key


def _filters(snap):
    court = sorted(snap.courts)[0]  # any court the release names
    nation = next(iter(snap.nations))
    return {f"court={court}": Filters(court=court), f"nationality={nation}":
            Filters(nat=nation), "represented=yes": Filters(represented=True),
            "custody=detained": Filters(custody="detained"),
            "claim=affirmative": Filters(claim="affirmative")}


@pytest.mark.parametrize("kind", ["court", "nationality", "represented", "custody", "claim"])
def test_every_pair_of_years_of_every_breakdown(case_service, kind):
    snap = case_service.release()
    (typed, f), = [(t, f) for t, f in _filters(snap).items() if t.startswith(kind)]
    ds = case_service.cases.dataset(snap, f)
    for ra, rb in itertools.combinations(ds.rows, 2):
        candidates = pair_candidates(ds, ra, rb)
        for text in (f"/compare {ra.year} {rb.year}", f"/totals {ra.year} {rb.year}"):
            check_answer(case_service.ask(f"{text} {typed}"), candidates)
    for r in ds.rows:
        prev = ds.row(r.year - 1)
        candidates = pair_candidates(ds, prev, r) if prev else one_year(ds, r)
        check_answer(case_service.ask(f"/outcomes {r.year} {typed}"), candidates)


@pytest.mark.parametrize("command", ["courts", "nationalities", "judges", "representation"])
def test_every_ranking_rate(case_service, command):
    snap = case_service.release()
    ds = case_service.cases.dataset(snap, Filters())
    court = _busiest_court(case_service, snap)
    f = Filters(court=court) if command == "judges" else Filters()
    by = {"courts": "court", "nationalities": "nat", "judges": "judge",
          "representation": "represented"}[command]
    for r in ds.rows:
        groups = case_service.cases.ranking(snap, by, r.year, f)
        decided = sum(g.granted + g.denied for g in groups)
        rates = {Fraction(g.granted, g.granted + g.denied) for g in groups
                 if g.granted + g.denied}
        if decided:
            rates.add(Fraction(sum(g.granted for g in groups), decided))
        extra = {"representation": "", "judges": f" {court} min=1"}.get(command, " min=1")
        check_answer(case_service.ask(f"/{command} {r.year}{extra}"), rates)
