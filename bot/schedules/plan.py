"""Which scheduled posts are due now, which were missed for too long, and what each says."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.answers import periods, revisions
from bot.answers.common import source
from bot.answers.digest import with_revisions_since
from bot.answers.model import Answer
from bot.answers.questions import Question
from bot.answers.revisions import revisions_table
from bot.answers.service import Answers
from bot.schedules.records import Schedule, parse_iso
from bot.store.revisions import PERIOD


@dataclass(frozen=True)
class Decision:
    """For one schedule: the occurrence to post now (if any), and occurrences to skip."""

    schedule: Schedule
    post: datetime | None
    skip: tuple[datetime, ...]
    handled_until: datetime | None


def decide(schedule: Schedule, now: datetime, grace: timedelta) -> Decision:
    """Post the latest occurrence due within `grace`; skip older ones missed while offline."""
    due = schedule.timing.between(parse_iso(schedule.anchor), now)
    if not due:
        return Decision(schedule, None, (), None)
    latest = due[-1]
    if now - latest <= grace:
        return Decision(schedule, latest, tuple(due[:-1]), latest)
    return Decision(schedule, None, tuple(due), latest)


def post_key(schedule: Schedule, due: datetime) -> str:
    """The post's identity: a schedule's occurrence is posted at most once, ever."""
    return f"schedule:{schedule.id}:{due.isoformat()}"


def alert_key(channel_id: int, version: str) -> str:
    return f"update:{channel_id}:{version}"


def scheduled_answer(service: Answers, schedule: Schedule, since: str | None) -> Answer:
    """What a schedule posts: the digest or the chosen year, plus what changed since `since`."""
    if schedule.year is None:
        question = Question("digest", (), schedule.dataset)
    else:
        question = Question("outcomes", (schedule.year,), schedule.dataset)
    answer = service.ask(question)
    snap = service.reader.snapshot()
    return with_revisions_since(answer, snap, service.dataset(snap, schedule.dataset), since)


def alert_answers(service: Answers, since: str) -> list[Answer]:
    """One 'figures updated' answer per dataset whose figures changed since version `since`."""
    snap = service.reader.snapshot()
    changes = snap.revisions_since(since) or []
    out = []
    for name, ds in snap.datasets.items():
        mine = [r for r in changes if r.dataset == name]
        if not mine:
            continue
        n = len(mine)
        partial = [r for r in mine if r.measure == PERIOD]
        headline = (f"{n} figure{'s' if n != 1 else ''} in {ds.meta.title} changed in the "
                    f"data loaded {snap.loaded_at[:16].replace('T', ' ')} UTC "
                    f"(version {since[:8]} → {snap.version[:8]}).")
        if partial:
            headline += " " + " ".join(
                f"FY{r.year} now covers {periods.months_text(r.new)}, was "
                f"{periods.months_text(r.old)}." for r in partial)
        out.append(Answer(
            question=Question("changes", (), name),
            title=f"Figures updated: {ds.meta.title}",
            headline=headline,
            tables=(revisions_table(ds, mine),),
            caveats=ds.meta.caveats,
            source=source(snap, ds),
            dataset=name,
            details={"from_version": since[:8], "to_version": snap.version[:8],
                     "revisions": revisions.details(mine)},
        ))
    return out
