"""What the bot is, where its figures come from, what the terms mean, and the data version."""

from __future__ import annotations

import dataclasses

from bot.answers import periods
from bot.answers.common import definitions, source
from bot.answers.errors import UsageError
from bot.answers.model import Answer, Source
from bot.answers.questions import COMMANDS, OPTIONS, YEAR_FORMS, Question
from bot.answers.tables import Table
from bot.store.reader import Dataset, Snapshot


def listing(snap: Snapshot) -> Table:
    """Every dataset in the store with the years it covers, partial years footnoted, each
    footnote naming the datasets it belongs to."""
    notes: dict[str, list[str]] = {}
    for d in snap.datasets.values():
        for r in d.rows:
            if r.partial:
                notes.setdefault(periods.footnote(r).removeprefix("* "), []).append(d.meta.name)
    return Table(
        ("Dataset", "Years"),
        tuple((d.meta.name, _years(d)) for d in snap.datasets.values()),
        tuple((d.meta.name, _years(d)) for d in snap.datasets.values()),
        "ll",
        tuple(f"* {' and '.join(names)}: {note}" for note, names in notes.items()),
    )


def _dataset_details(snap: Snapshot) -> list[dict]:
    return [
        {"name": d.meta.name, "title": d.meta.title, "source": d.meta.source,
         "source_url": d.meta.source_url, "as_of": d.meta.as_of, "unit": d.meta.unit,
         "years": d.years, "partial_years": [r.year for r in d.rows if r.partial]}
        for d in snap.datasets.values()
    ]


def datasets(snap: Snapshot, ds: Dataset, q: Question) -> Answer:
    """What the bot knows: every dataset with its source, years and as-of date."""
    entries = tuple(
        (f"{d.meta.name}: {d.meta.title}",
         f"{d.meta.source}, as of {d.meta.as_of}. {_covers(d)}. "
         f"Ask with dataset={d.meta.name}.")
        for d in snap.datasets.values())
    n = len(snap.datasets)
    return Answer(
        question=q,
        title="Datasets",
        headline=f"{n} dataset{'s' if n != 1 else ''} loaded, data version {snap.version[:8]}. "
                 "Each answer names the source it comes from; /about dataset=NAME gives its "
                 "definitions and caveats.",
        tables=(listing(snap),),
        caveats=(),
        source=Source("each dataset's own, listed above", "", snap.loaded_at[:10],
                      snap.version, snap.loaded_at),
        details={"datasets": _dataset_details(snap)},
        definitions=entries,
        definitions_title="Datasets",
        show_definitions=True,
    )


def about(snap: Snapshot, ds: Dataset, q: Question) -> Answer:
    """Sources and definitions for one dataset, with every dataset in the store listed."""
    meta = ds.meta
    loaded = snap.loaded_at.replace("T", " ").replace("+00:00", " UTC")
    headline = f"{meta.description} Data version {snap.version[:8]}, loaded {loaded}."
    return Answer(
        question=q,
        title=f"About: {meta.title}",
        headline=headline,
        tables=(listing(snap),),
        caveats=meta.caveats,
        source=source(snap, ds),
        dataset=meta.name,
        details={
            "loaded_at": snap.loaded_at,
            "datasets": _dataset_details(snap),
            "load_history": list(snap.history[:5]),
        },
        definitions=definitions(ds),
        show_definitions=True,
    )


def with_sources(answer: Answer, rows: list[dict]) -> Answer:
    """/datasets and /about with how each source is kept current: fetched by the bot (its
    release in service, last check and any failure) or entered by hand."""
    entries = []
    for r in rows:
        if r["how"] != "fetched":
            continue
        s, c, f = r["in_service"], r["last_check"], r["last_failure"]
        text = (f"fetched by the bot, {r['rhythm']}. In service: " +
                (f"{s['file']} ({s['covers']}), taken {s['taken_at'][:16]} UTC." if s else
                 "no release fetched yet (the shipped figures, or a release ingested by "
                 "hand, are in service)."))
        if c:
            text += f" Last checked {c['at'][:16]} UTC: {c['outcome']}."
        if f and (not c or c["outcome"] == "failed"):
            text += f" Last failure: {f['detail']}"
        entries.append((f"Source {r['source']}", text))
    by_hand = [r["source"] for r in rows if r["how"] != "fetched"]
    if by_hand:
        entries.append(("Entered by hand", ", ".join(by_hand) + ": updated with /data import "
                        "or python -m bot load."))
    return dataclasses.replace(answer, definitions=(*answer.definitions, *entries),
                               show_definitions=True,
                               details={**answer.details, "sources": rows})


def help_answer(snap: Snapshot, ds: Dataset, q: Question) -> Answer:
    """The command list, or one command's usage; an answer so every front end shows it alike."""
    if q.topic:
        if q.topic not in COMMANDS:
            raise UsageError(f"There is no command /{q.topic[:40]}. Commands: "
                             + ", ".join(f"/{c}" for c in COMMANDS) + ".")
        chosen = [COMMANDS[q.topic]]
    else:
        chosen = list(COMMANDS.values())
    return Answer(
        question=q,
        title="Commands" if not q.topic else f"/{q.topic}",
        headline="Ask for asylum outcome figures by fiscal year. Every answer names its "
                 f"source, as-of date and caveats. {YEAR_FORMS} {OPTIONS}",
        tables=(),
        caveats=(),
        source=source(snap, ds),
        dataset=ds.meta.name,
        definitions=tuple((c.usage, c.summary) for c in chosen),
        definitions_title="Commands",
        show_definitions=True,
        details={"commands": {c.name: c.usage for c in chosen}},
    )


def _years(d: Dataset) -> str:
    if d.reported:
        return f"FY{d.reported[0].fiscal_year}-{d.reported[-1].fiscal_year % 100:02d} rep."
    return f"FY{d.all_years[0]}-{periods.short(d.rows[-1])[2:]}"


def _covers(d: Dataset) -> str:
    if d.reported:
        return (f"{len(d.reported)} figures others published, FY{d.reported[0].fiscal_year} "
                f"to FY{d.reported[-1].fiscal_year}")
    return f"Counts {d.meta.unit}, {periods.span_label(list(d.rows))}"
