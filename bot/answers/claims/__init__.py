"""/check: the figures in a paragraph, each set against the data with a verdict.

`reading` finds the sentences, figures and periods; `words` holds the defining words and
what each says; `measures` what each dataset's measures count (from its metadata);
`clauses` reads the words around each figure; `values` works out the bot's figure from
the release the text could have seen; `comparisons` and `records` judge changes,
multiples and records; `verdicts` holds the rules; `check` reads a paragraph through
them. `check_answer` is the Answer every front end shows.
"""

from __future__ import annotations

from datetime import date

from bot.answers.claims.check import check_text
from bot.answers.claims.verdicts import (
    CLOSE_,
    DIFFERS,
    MATCHES,
    NOT_CHECKED,
    as_dicts,
    summary,
)
from bot.answers.errors import UsageError
from bot.answers.model import Answer, Source
from bot.answers.questions import Question
from bot.store.reader import Dataset, Snapshot

MAX_TEXT = 6000  # what Discord allows in a string option
MARKS = {DIFFERS: "✗ differs", CLOSE_: "≈ close", NOT_CHECKED: "? not checked",
         MATCHES: "✓ matches"}
ORDER = (DIFFERS, CLOSE_, NOT_CHECKED, MATCHES)  # what a desk must look at first
LISTED = 80  # lines listed; the summary counts them all


def check_answer(snap: Snapshot, _ds: Dataset, q: Question) -> Answer:
    text = (q.paragraph or "").strip()
    if not text:
        raise UsageError("Give the text to check, e.g. /check In 2020, 48,000 asylum seekers "
                         "were ordered removed.")
    if len(text) > MAX_TEXT:
        raise UsageError(f"That is {len(text):,} characters; /check takes up to "
                         f"{MAX_TEXT:,} (Discord's limit). Check it in parts.")
    published = date.fromisoformat(q.published) if q.published else None
    lines = check_text(snap, text, published)
    if not lines:
        raise UsageError("No figures to check in that text: it has no numbers other than "
                         "years and dates.")
    ranked = sorted(lines, key=lambda x: ORDER.index(x.verdict))
    shown = ranked[:LISTED]
    entries = tuple((f"{MARKS[x.verdict]}: “{x.phrase}”", x.text()) for x in shown)
    dated = (f"Read as published on {published:%-d %B %Y}: “now”, “this fiscal year”, "
             "“last month” and a month without its year count from that date, and each "
             "figure is judged against the release the text could have seen."
             if published else "No publication date given (date=YYYY-MM-DD): “now” and "
             "“current” are not checked, a month without its year takes the year the text "
             "names, and figures are judged against the newest release.")
    caveats = [dated, "Verdicts follow fixed rules (docs/reporters.md, 'Checking a "
               "paragraph'): the bot's figure is rounded the way the text rounds; close is "
               "within 2 %; a figure is "
               "matched only to a measure its words name (who, what, what is counted, "
               "where), never to the nearest number.",
               "Years are read as federal fiscal years (October to September) unless a "
               "month is named."]
    if len(lines) > LISTED:
        caveats.insert(0, f"{len(lines) - LISTED} more figures are not listed here; "
                          "ask --json lists every one.")
    return Answer(
        question=q,
        title=f"Figures checked: {summary(lines).split(':')[0]}",
        headline=summary(lines) + " Those that do not match come first.",
        tables=(),
        caveats=tuple(caveats),
        source=Source("the datasets named on each line", "", snap.loaded_at[:10],
                      snap.version, snap.loaded_at),
        definitions=entries,
        definitions_title="Figures",
        show_definitions=True,
        details={"summary": summary(lines), "published": q.published,
                 "figures": as_dicts(lines)},
    )
