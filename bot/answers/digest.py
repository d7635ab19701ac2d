"""The digest a schedule posts: the latest year's figures, with the whole series as the chart."""

from __future__ import annotations

import dataclasses

from bot.answers.model import Answer
from bot.answers.outcomes import outcomes
from bot.answers.questions import Question
from bot.answers.revisions import revised_since
from bot.answers.trend import trend
from bot.store.reader import Dataset, Snapshot


def digest(snap: Snapshot, ds: Dataset, q: Question) -> Answer:
    """Latest figures: the newest year's outcomes, charted against every year."""
    latest = outcomes(snap, ds, Question("outcomes", (ds.years[-1],), q.dataset))
    series = trend(snap, ds, Question("trend", (), q.dataset))
    return dataclasses.replace(
        latest,
        question=q,
        title=f"Latest figures: {latest.title}",
        chart=series.chart,
        caveats=tuple(dict.fromkeys(latest.caveats + series.caveats)),
        partial=latest.partial or series.partial,
    )


def with_revisions_since(answer: Answer, snap: Snapshot, ds: Dataset,
                         since: str | None) -> Answer:
    """The answer with a section on the figures revised since data version `since`."""
    sentence, table = revised_since(snap, ds, since)
    tables = answer.tables + ((table,) if table is not None else ())
    details = dict(answer.details, revised_since=since[:8] if since else None)
    return dataclasses.replace(answer, headline=f"{answer.headline} {sentence}", tables=tables,
                               details=details)
