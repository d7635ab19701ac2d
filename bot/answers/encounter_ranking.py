"""/encounters YEAR|MONTH by=nationality|demographic|sector|component: CBP's nationwide
file ranked, the ten largest groups and the rest, each with its share of the whole."""

from __future__ import annotations

from bot.answers import fmt, periods
from bot.answers.common import definitions, sourced
from bot.answers.model import Answer, ChartSpec, Series, Value
from bot.answers.questions import Question
from bot.answers.tables import MAX_WIDTH, Table
from bot.encounters.store import COMPONENT_LABELS, DEMOGRAPHIC_LABELS, citizenship_name
from bot.store import months
from bot.store.reader import Dataset, Snapshot

SHOWN = 10  # groups listed by name; the rest are added up
HEADS = {"nationality": "Citizenship", "demographic": "Demographic", "sector": "Sector/office",
         "component": "Component"}
NOUNS = {"nationality": "citizenships", "demographic": "demographic groups",
         "sector": "sectors and field offices", "component": "components"}


def name_of(by: str, key: str) -> str:
    """A group as people read it: 'Venezuela', 'family units', 'Border Patrol'."""
    if by == "nationality":
        return citizenship_name(key)[0].upper() + citizenship_name(key)[1:]
    if by == "demographic":
        return DEMOGRAPHIC_LABELS.get(key, key).capitalize()
    if by == "component":
        return COMPONENT_LABELS.get(key, key).removesuffix(" alone").capitalize() \
            .replace("Border patrol", "Border Patrol")
    return key


def ranking(snap: Snapshot, ds: Dataset, q: Question,
            groups: list[tuple[str, int]]) -> Answer:
    """The ranked answer for `groups` (name, encounters), largest first, from `ds`'s file."""
    year = q.years[0]
    if q.month:
        when, partial, covered, notes = months.label(year, q.month), False, 1, ()
    else:
        row = periods.row(ds, year)
        when, partial, covered = periods.label(row), row.partial, row.period.months
        notes = periods.footnotes([row])
    named = sourced(snap, ds, year, q.month)  # the release (or releases) of these months
    total = sum(n for _k, n in groups)
    shown = groups[:SHOWN]
    rest = groups[SHOWN:]
    lines = [(name_of(q.by, k), n) for k, n in shown]
    if rest:
        lines.append((f"All other {len(rest)}", sum(n for _k, n in rest)))
    subject = ds.meta.subject
    title = f"{ds.meta.title}, {when}, by {q.by}"
    cells = [(label, fmt.count(n), fmt.pct(fmt.share(n, total))) for label, n in lines]
    cells.append(("Total", fmt.count(total), fmt.pct(1) if total else "n/a"))
    room = MAX_WIDTH - max(len("Encounters"), *(len(c[1]) for c in cells)) \
        - max(len("Share"), *(len(c[2]) for c in cells)) - 2
    table = Table(
        (HEADS[q.by], "Encounters", "Share"),
        tuple((_fit(label, room), *rest_) for label, *rest_ in cells),
        tuple((label, n, fmt.share(n, total)) for label, n in [*lines, ("Total", total)]),
        "lrr", (*notes, f"Where: {ds.meta.title.split(': ', 1)[-1]}."))
    if not total:
        headline = f"No encounters in {when} for {ds.meta.title.split(': ', 1)[-1]}."
    else:
        first = lines[0]
        headline = (f"{first[0]} had the most {subject} in {when}: "
                    f"{fmt.count(first[1])} of {fmt.count(total)} "
                    f"({fmt.pct(fmt.share(first[1], total))})")
        if len(lines) > 2:
            headline += "; then " + ", ".join(
                f"{label} ({fmt.pct(fmt.share(n, total))})" for label, n in lines[1:3])
        headline += f". {len(groups)} {NOUNS[q.by]} in all."
    labels = tuple(f"{fmt.count(n)} ({fmt.pct(fmt.share(n, total))})" for _l, n in lines)
    chart = ChartSpec(
        kind="barh", title=title, subtitle=f"Encounters; total {fmt.count(total)}",
        categories=tuple(_fit(label, 28) for label, _n in lines),
        series=(Series(when, tuple(n for _l, n in lines), labels),),
        unit="encounters", source=named.full_line,
        notes=tuple(f"Partial year: {n.removeprefix('* ')}" for n in notes),
        hatched=(0,) if partial else (),
        alt_text=(f"Bar chart: {title}. " + "; ".join(
            f"{label}: {lab}" for (label, _n), lab in zip(lines, labels, strict=True))
            + f". {ds.meta.source_line}.")[:1000]) if total else None
    values = tuple(Value(f"{q.by}:{label}", label, n, year, when, covered, partial,
                         fmt.share(n, total)) for label, n in [*lines, ("Total", total)])
    return Answer(
        question=q, title=title, headline=headline, tables=(table,),
        caveats=(*((periods.caveat(row),) if partial else ()), *ds.meta.caveats),
        source=named, chart=chart, dataset=ds.meta.name, values=values,
        partial=partial, definitions=definitions(ds),
        details={"groups": [{"key": k, "name": name_of(q.by, k), "encounters": n}
                            for k, n in groups], "total": total})


def _fit(label: str, room: int) -> str:
    return label if len(label) <= room else label[: room - 1] + "…"
