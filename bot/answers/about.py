"""What the bot is, where its figures come from, what the terms mean, and the data version."""

from __future__ import annotations

from bot.answers import years
from bot.answers.common import source
from bot.answers.model import Answer
from bot.answers.questions import COMMANDS, Question
from bot.answers.tables import Table
from bot.store.reader import Dataset, Snapshot


def about(snap: Snapshot, ds: Dataset, q: Question) -> Answer:
    """Sources and definitions for one dataset, with every dataset in the store listed."""
    listing = Table(
        ("Dataset", "Years"),
        tuple((d.meta.name, _years(d)) for d in snap.datasets.values()),
        tuple((d.meta.name, f"{d.years[0]}-{d.years[-1]}") for d in snap.datasets.values()),
        "ll",
        tuple(years.partial_note(r) for d in snap.datasets.values() for r in d.rows if r.partial),
    )
    meta = ds.meta
    definitions = [(m.label, m.description) for m in meta.measures if m.description]
    definitions += [(term, text) for term, text in meta.terms.items()
                    if term not in {m.label for m in meta.measures}]
    definitions += [(f"Period {p.label or 'full year'}", p.description)
                    for p in meta.periods.values() if p.description]
    loaded = snap.loaded_at.replace("T", " ").replace("+00:00", " UTC")
    headline = (
        f"{meta.description} "
        f"Data version {snap.version[:8]}, loaded {loaded}."
    )
    return Answer(
        question=q,
        title=f"About: {meta.title}",
        headline=headline,
        tables=(listing,),
        caveats=meta.caveats,
        source=source(snap, ds),
        figures={
            "dataset": meta.name,
            "data_version": snap.version,
            "loaded_at": snap.loaded_at,
            "datasets": {
                d.meta.name: {"title": d.meta.title, "source": d.meta.source,
                              "source_url": d.meta.source_url, "as_of": d.meta.as_of,
                              "years": d.years}
                for d in snap.datasets.values()
            },
            "load_history": list(snap.history[:5]),
        },
        definitions=tuple(definitions),
    )


def help_answer(snap: Snapshot, ds: Dataset, q: Question) -> Answer:
    """The command list, as an answer so every front end shows it the same way."""
    return Answer(
        question=q,
        title="Commands",
        headline="Ask for asylum outcome figures by fiscal year. Every answer names its "
                 "source, as-of date and caveats.",
        tables=(),
        caveats=(),
        source=source(snap, ds),
        definitions=tuple((c.usage, c.summary) for c in COMMANDS.values()),
        definitions_title="Commands",
        figures={"commands": {c.name: c.usage for c in COMMANDS.values()}},
    )


def _years(d: Dataset) -> str:
    last = d.rows[-1]
    return f"FY{d.years[0]}-{years.short(last)[2:]}"
