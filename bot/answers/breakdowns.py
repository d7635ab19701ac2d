"""Rankings from the case-level release: /courts, /nationalities, /judges, /representation.

Each ranks groups by asylum grant rate (grants over grants plus denials), shows
the counts behind every rate, and leaves out groups with too few decisions to
rank, saying how many and how small.
"""

from __future__ import annotations

import dataclasses
import re

from bot.answers import fmt, periods
from bot.answers.common import caveats, definitions, source
from bot.answers.model import Answer, ChartSpec, Series, Value
from bot.answers.questions import Question
from bot.answers.tables import MAX_WIDTH, Table
from bot.eoir.cases import CaseSnapshot, CaseStore, Filters, Group
from bot.store.reader import Dataset

# Fewest decisions a group needs to be ranked, as TRAC's judge reports do.
MIN_DECISIONS = {"court": 100, "nat": 100, "judge": 50, "represented": 1}
CHART_GROUPS = 25  # bars that stay readable on one chart
NOUNS = {"court": ("court", "courts"), "nat": ("nationality", "nationalities"),
         "judge": ("judge", "judges"), "represented": ("group", "groups")}
HEADS = {"court": "Court", "nat": "Nationality", "judge": "Judge",
         "represented": "Lawyer"}
BY = {"courts": "court", "nationalities": "nat", "judges": "judge",
      "representation": "represented"}
RATE_NOTE = "Rate: grants of decisions (asylum granted or denied by the judge)."


def ranking(store: CaseStore, snap: CaseSnapshot, ds: Dataset, q: Question,
            f: Filters) -> Answer:
    by = BY[q.command]
    row = periods.row(ds, q.years[0])  # a year without cases names the years there are
    when = periods.label(row)
    groups = store.ranking(snap, by, row.year, f)
    if by == "represented":
        groups = sorted(groups, key=lambda g: g.key, reverse=True)  # with a lawyer first
        floor = MIN_DECISIONS[by]
    else:
        floor = q.min_decisions or MIN_DECISIONS[by]
        groups = sorted(groups, key=lambda g: (-(g.rate or 0), -g.decisions, g.name))
    ranked = [g for g in groups if g.decisions >= floor]
    left_out = [g for g in groups if g.decisions < floor]
    all_granted = sum(g.granted for g in groups)
    all_decided = sum(g.decisions for g in groups)
    overall = fmt.share(all_granted, all_decided)
    noun, nouns = NOUNS[by]
    scope = snap.filter_label(f)
    what = {"courts": "by court", "nationalities": "by nationality",
            "judges": "by judge", "representation": "with and without a lawyer"}[q.command]
    title = ("SYNTHETIC, not real: " if snap.synthetic else "") + \
        f"Asylum grant rate {what}, {when}" + (f": {scope}" if scope else "")

    notes = [RATE_NOTE]
    if left_out and by != "represented":
        few = fmt.count(sum(g.decisions for g in left_out))
        notes.append(f"Left out: {len(left_out)} {nouns if len(left_out) != 1 else noun} with "
                     f"fewer than {floor} decisions ({few} decisions in all).")
    notes += list(periods.footnotes([row]))
    table = _table(by, ranked, overall, all_decided, tuple(notes))
    headline = _headline(q, by, ranked, overall, all_decided, floor, when, nouns)
    if by == "represented":
        extra = tuple(f"Small group: {g.name.lower()}, {g.decisions} decisions; a few cases "
                      "move the rate a lot." for g in ranked if g.decisions < 100)
    else:
        extra = tuple(f"Small group: {g.name} has {g.decisions} decisions; a few cases move "
                      "its rate a lot." for g in ranked if g.decisions < 2 * max(floor, 50))[:3]
    return Answer(
        question=q,
        title=title,
        headline=headline,
        tables=(table,),
        caveats=(*extra, *caveats(ds, [row])),
        source=source(snap.as_snapshot(ds), ds),
        chart=_chart(ds, snap, q, by, ranked, overall, title, floor, row) if ranked else None,
        dataset=ds.meta.name,
        values=_values(by, ranked, row),
        partial=row.partial,
        definitions=definitions(ds),
        details={"groups": [{**dataclasses.asdict(g), "rate": g.rate} for g in ranked],
                 "left_out": [dataclasses.asdict(g) for g in left_out],
                 "min_decisions": floor, "grant_rate": overall, "decisions": all_decided},
    )


def _headline(q, by, ranked: list[Group], overall, decided, floor, when, nouns) -> str:
    if not ranked:
        return (f"No {nouns} had {floor} or more asylum decisions in {when} "
                f"({fmt.count(decided)} decisions in all); ask with a lower min= to see them.")
    if by == "represented":
        return f"In {when}: " + "; ".join(
            f"{g.name.lower()}, {fmt.pct(g.rate)} of {fmt.count(g.decisions)} asylum decisions "
            "were grants" for g in ranked) + "."
    top, bottom = ranked[0], ranked[-1]
    text = (f"Of {len(ranked)} {nouns} with at least {floor} asylum decisions in {when}, "
            f"{top.name} had the highest grant rate ({fmt.pct(top.rate)} of "
            f"{fmt.count(top.decisions)})")
    if len(ranked) > 1:
        text += f" and {bottom.name} the lowest ({fmt.pct(bottom.rate)} of " \
                f"{fmt.count(bottom.decisions)})"
    return text + f". Overall {fmt.pct(overall)} of {fmt.count(decided)} decisions were grants."


def _table(by: str, ranked: list[Group], overall, decided: int, notes: tuple[str, ...]) -> Table:
    header = (HEADS[by], "Decided", "Granted", "Rate")
    numbers = [(fmt.count(g.decisions), fmt.count(g.granted), fmt.pct(g.rate)) for g in ranked]
    numbers.append((fmt.count(decided), fmt.count(sum(g.granted for g in ranked)),
                    fmt.pct(overall)))
    widths = [max(len(h), *(len(r[i]) for r in numbers)) for i, h in enumerate(header[1:])]
    room = MAX_WIDTH - sum(widths) - 3
    names = [_fit(g.name, room) for g in ranked] + ["All"]
    rows = tuple((name, *cells) for name, cells in zip(names, numbers, strict=True))
    values = tuple((g.name, g.decisions, g.granted, g.rate) for g in ranked)
    values += (("All", decided, sum(g.granted for g in ranked), overall),)
    return Table(header, rows, values, "lrrr", (*notes, "All: every group, ranked or not."))


def _fit(name: str, room: int) -> str:
    """The name in `room` characters; a court keeps its code: 'Salt Lake City, UT (SLC)' ->
    'Salt Lake City (SLC)' -> 'Houston - S. G… (HLG)'."""
    if len(name) <= room:
        return name
    code = re.search(r" \([A-Z0-9]{2,4}\)$", name)
    if code is None:
        return name[: room - 1] + "…"
    head = re.sub(r", [A-Z]{2}$", "", name[: code.start()])
    if len(head) + len(code.group()) <= room:
        return head + code.group()
    return head[: room - len(code.group()) - 1] + "…" + code.group()


def _values(by: str, ranked: list[Group], row) -> tuple[Value, ...]:
    out = []
    for g in ranked:
        for measure, value in (("asylum_granted", g.granted), ("asylum_denied", g.denied),
                               ("completed", g.completed)):
            out.append(Value(f"{by}:{g.key}:{measure}", f"{g.name}: {measure.replace('_', ' ')}",
                             value, row.year, periods.name(row), row.period.months, row.partial))
    return tuple(out)


def _chart(ds, snap, q, by, ranked: list[Group], overall, title, floor, row) -> ChartSpec:
    shown = ranked
    notes = []
    if len(ranked) > CHART_GROUPS:
        shown = sorted(sorted(ranked, key=lambda g: -g.decisions)[:CHART_GROUPS],
                       key=lambda g: -(g.rate or 0))
        notes.append(f"The {CHART_GROUPS} {NOUNS[by][1]} with the most decisions; "
                     "the table lists every one.")
    if row.partial:
        notes.append(f"Partial year: {periods.note(row)}")
    labels = tuple(f"{fmt.pct(g.rate)} of {fmt.count(g.decisions)}" for g in shown)
    alt = (f"Bar chart: {title}. " + "; ".join(f"{g.name}: {lab}" for g, lab in
                                                zip(shown, labels, strict=True))
           + f". Overall {fmt.pct(overall)}. {ds.meta.source_line}.")
    return ChartSpec(
        kind="rates",
        title=title,
        subtitle=f"Share of asylum decisions that were grants; "
                 f"{NOUNS[by][1]} with {floor}+ decisions" if by != "represented" else
                 "Share of asylum decisions that were grants",
        categories=tuple(_fit(g.name, 28) for g in shown),
        series=(Series("grant rate", tuple(100 * (g.rate or 0) for g in shown), labels),),
        unit="the share of decisions, %",
        source=source(snap.as_snapshot(ds), ds).full_line,
        notes=tuple(notes),
        hatched=(0,) if row.partial else (),
        alt_text=alt[:1000],
        reference=None if overall is None else float(100 * overall),
        reference_label=fmt.pct(overall),
    )
