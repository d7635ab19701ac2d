"""Answers that lead with a dataset's headline columns, then show its measures in detail.

The case-level release has eight outcome classes, but the table a desk knows (TRAC's)
has three columns: ordered removed, granted asylum, allowed to remain. A dataset whose
metadata says `leads_with` is answered twice by the same question's handler: first
through those columns (each the sum of the classes it is made of, with voluntary
departure beside them but kept apart, as TRAC keeps it), then class by class. The
first answer gives the headline, the chart and the first tables; the classes follow
under "By class", so every figure comes from the same code as any other dataset's.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from bot.answers.common import TOTAL
from bot.answers.model import Answer
from bot.answers.questions import Question
from bot.store.metadata import Measure
from bot.store.reader import Dataset, Snapshot

DETAIL = "By class"
# The lead's total (the three columns' sum) as scripts see it, apart from the classes' total.
LEAD_TOTAL = "columns_total"


def columns(ds: Dataset) -> Dataset | None:
    """The dataset as its lead columns (the sums of their classes), or None without a lead."""
    lead = ds.meta.lead
    if lead is None:
        return None
    combos = {c.name: c for c in ds.meta.combinations}
    measures = [Measure(name, combos[name].label, combos[name].short or combos[name].label,
                        combos[name].description) for name in lead.columns]
    measures += [dataclasses.replace(ds.meta.measure(m), part=False, apart=True)
                 for m in lead.apart]
    meta = dataclasses.replace(ds.meta, measures=tuple(measures), combinations=(), lead=None,
                               additive=True, total_column=None)
    rows = tuple(dataclasses.replace(r, published_total=None, values={
        **{name: sum(r.values[m] for m in combos[name].measures) for name in lead.columns},
        **{m: r.values[m] for m in lead.apart}}) for r in ds.rows)
    return dataclasses.replace(ds, meta=meta, rows=rows)


def made_of(ds: Dataset) -> tuple[str, ...]:
    """Which classes make each lead column, and what is kept apart: notes under the table."""
    names = {m.name: m.label.lower() for m in ds.meta.measures}
    combos = {c.name: c for c in ds.meta.combinations}
    lead = ds.meta.lead
    out = []
    for c in lead.columns:
        parts = [names[m] for m in combos[c].measures]
        if parts != [combos[c].label.lower()]:  # "Granted asylum = granted asylum" says nothing
            listed = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
            out.append(f"{combos[c].label} = {listed}.")
    return (*out, *((lead.note,) if lead.note else ()))


def leading(handler: Callable[[Snapshot, Dataset, Question], Answer], snap: Snapshot,
            ds: Dataset, q: Question) -> Answer:
    """The handler's answer through the lead columns, with the classes in detail beneath."""
    top = columns(ds)
    if top is None:
        return handler(snap, ds, q)
    # The lead columns are the combinations: the detail lists the classes alone.
    detail = handler(snap, dataclasses.replace(
        ds, meta=dataclasses.replace(ds.meta, combinations=())), q)
    first = handler(snap, top, q)
    led = list(first.tables)
    led[0] = dataclasses.replace(led[0], notes=(*led[0].notes, *made_of(ds)))
    below = [dataclasses.replace(t, header=(DETAIL, *t.header[1:])) if i == 0 else t
             for i, t in enumerate(detail.tables)]
    # In JSON each measure appears once: the columns' total is named apart from the
    # classes' total, and a measure kept apart is listed with the classes.
    apart = set(ds.meta.lead.apart)
    lead_values = tuple(dataclasses.replace(v, measure=LEAD_TOTAL) if v.measure == TOTAL else v
                        for v in first.values if v.measure not in apart)
    lead_changes = tuple(dataclasses.replace(c, measure=LEAD_TOTAL) if c.measure == TOTAL else c
                         for c in first.changes if c.measure not in apart)
    return dataclasses.replace(
        first,
        tables=(*led, *below),
        values=lead_values + detail.values,
        changes=lead_changes + detail.changes,
        caveats=tuple(dict.fromkeys(first.caveats + detail.caveats)),
        definitions=tuple(dict.fromkeys(first.definitions + detail.definitions)),
    )

