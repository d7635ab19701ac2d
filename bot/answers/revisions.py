"""What was revised: the revision log as tables, for /changes, digests and alerts."""

from __future__ import annotations

from bot.answers import fmt
from bot.answers.common import definitions, source
from bot.answers.model import Answer, Source
from bot.answers.questions import Question
from bot.answers.tables import Table
from bot.store import months
from bot.store.reader import Dataset, Snapshot
from bot.store.revisions import PERIOD, Revision

RECENT = 20


def value_text(measure: str, value) -> str:
    """A figure for the table: '113,843', '7 mo' for a period, '–' for none."""
    if value is None:
        return "–"
    if measure == PERIOD:
        return f"{value} mo"
    return fmt.count(value)


def revisions_table(ds: Dataset, revisions: list[Revision]) -> Table:
    """One row per changed figure: year, measure, old, new."""
    short = {m.name: m.short for m in ds.meta.measures} | {PERIOD: "Period"} | {
        c.name: (c.short or c.label)[:8] for c in ds.meta.combinations}
    if ds.meta.total_column:
        short[ds.meta.total_column] = "Total"
    rows = [(_when(r), short.get(r.measure, r.measure[:8]),
             value_text(r.measure, r.old), value_text(r.measure, r.new)) for r in revisions]
    values = [(_when(r), r.measure, r.old, r.new) for r in revisions]
    notes = ("Period: months of the fiscal year covered (12 mo = full year).",) \
        if any(r.measure == PERIOD for r in revisions) else ()
    notes += tuple(f"r{code[2:4]} = {label}." for code, label in ds.meta.releases.items()
                   if any(r.release == code for r in revisions))
    return Table(("Year", "Figure", "Old", "New"), tuple(rows), tuple(values), "llrr", notes)


def _when(r: Revision) -> str:
    """'FY2024'; 'Apr 2024' for a month of a monthly dataset; 'FY2020 r25' for a figure
    of the 2025 release of a dataset kept in releases."""
    if r.month is not None:
        return f"{months.name(r.month)[:3]} {months.calendar_year(r.year, r.month)}"
    return f"FY{r.year}" + (f" r{r.release[2:4]}" if r.release else "")


def revised_since(snap: Snapshot, ds: Dataset, since: str | None) -> tuple[str, Table | None]:
    """A sentence, and a table if anything changed, on the figures since version `since`."""
    if since is None:
        return "This is the first post here, so there is nothing to compare with yet.", None
    changes = snap.revisions_since(since)
    if changes is None:
        return (f"The data version of the previous post ({since[:8]}) is no longer in the "
                "load history, so changes since then cannot be listed."), None
    mine = [r for r in changes if r.dataset == ds.meta.name]
    if not mine:
        return f"No figures have changed since the previous post (data {since[:8]}).", None
    n = len(mine)
    return (f"{n} figure{'s' if n != 1 else ''} changed since the previous post "
            f"(data {since[:8]} → {snap.version[:8]}):"), revisions_table(ds, mine)


def details(revisions: list[Revision]) -> list[dict]:
    """The revisions as tidy rows, for JSON."""
    return [{"year": r.year, "month": r.month, "measure": r.measure, "old": r.old, "new": r.new,
             "detected_at": r.detected_at} for r in revisions]


def is_revision(r: Revision) -> bool:
    """A figure whose value changed; a month or year that was added, or that a release no
    longer covers, is not a revision."""
    return r.old is not None and r.new is not None


def revisions_answer(snap: Snapshot, ds: Dataset, q: Question) -> Answer:
    """The most recent revisions, newest load first (/changes): of one dataset when
    `dataset=` names it, else of every dataset, one table each."""
    chosen = [ds] if q.dataset else list(snap.datasets.values())
    names = {d.meta.name for d in chosen}
    changed = [r for r in snap.revisions if r.dataset in names and is_revision(r)]
    rank = {name: i for i, name in enumerate(snap.datasets)}
    recent = sorted(changed, key=lambda r: (-r.load_id, rank.get(r.dataset, 99), r.year,
                                            r.month or 0, r.measure))[:RECENT]
    tables: list[Table] = []
    order = list(dict.fromkeys(r.dataset for r in recent))  # newest release first
    for name in order:
        mine = [r for r in recent if r.dataset == name]
        when = sorted({r.detected_at[:10] for r in mine}, reverse=True)
        table = revisions_table(snap.datasets[name], mine)
        title = () if q.dataset else (f"{snap.datasets[name].meta.title}.",)
        tables.append(Table(table.header, table.rows, table.values, table.align,
                            (*title, *table.notes, f"Loaded: {', '.join(when)}.")))
    added = [r for r in snap.revisions if r.dataset in names and r.old is None
             and r.measure != PERIOD]
    caveats = [_added_line(snap, added)] if added else []
    caveats += list(dict.fromkeys(d.meta.raw["history"] for d in chosen
                                  if d.meta.raw.get("history")))
    if recent:
        headline = (f"The {len(recent)} most recent revised figures, newest first "
                    f"(data version now {snap.version[:8]}).")
    else:
        headline = "No figures have been revised since the data was first loaded."
    title = ds.meta.title if q.dataset else "every dataset"
    return Answer(
        question=q,
        title=f"Revisions: {title}",
        headline=headline,
        tables=tuple(tables),
        caveats=tuple(caveats),
        source=source(snap, ds) if q.dataset else Source(
            "the datasets named on each table", "", snap.loaded_at[:10], snap.version,
            snap.loaded_at),
        dataset=ds.meta.name if q.dataset else "",
        details={"revisions": details(recent)},
        definitions=definitions(ds) if q.dataset else (),
    )


def _added_line(snap: Snapshot, added: list[Revision]) -> str:
    """'Added, not revised: 14 months of southwest border encounters (CBP) ...'."""
    parts = []
    for name in dict.fromkeys(r.dataset for r in sorted(added, key=lambda r: -r.load_id)):
        mine = [r for r in added if r.dataset == name]
        periods = sorted({(r.year, r.month) for r in mine})
        what = "month" if periods[0][1] is not None else "year"
        parts.append(f"{len(periods)} {what}{'s' if len(periods) != 1 else ''} of "
                     f"{snap.datasets[name].meta.title}")
    return "Added, not revised (new figures, not changed ones): " + "; ".join(parts) + "."
