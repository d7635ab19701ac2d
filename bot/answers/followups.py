"""What an answer offers next: the year before and after, the trend, the CSV, and for a
ranking, each ranked group's own answer.

Each follow-up is the question it stands for, as text: a front end puts it in a button
or a menu as it is (Discord's custom ids hold the question itself, so a button keeps
working after a restart and after the data changes), and the console lists it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from bot.answers import periods
from bot.answers.model import Answer
from bot.answers.questions import Question
from bot.store import months

MAX_ID = 100  # Discord's limit on a custom id
ASK, CSV, PICK = "ask:", "csv:", "pick:"
MENU_OPTIONS = 25  # Discord's limit on a select menu


@dataclass(frozen=True)
class FollowUp:
    label: str
    question: str  # the command it stands for: "/outcomes 2022"
    csv: bool = False  # the table as files, not an answer

    @property
    def custom_id(self) -> str:
        return (CSV if self.csv else ASK) + self.question


@dataclass(frozen=True)
class Menu:
    placeholder: str
    options: tuple[tuple[str, str], ...]  # (label, question)


def offer(answer: Answer, years: list[int], labels: dict[int, str],
          month_range: list[tuple[int, int]] | None = None
          ) -> tuple[tuple[FollowUp, ...], Menu | None]:
    """The buttons and the menu an answer carries; `years` (and `month_range`, for a
    monthly answer) are those the question's data has, `labels` their names."""
    q = answer.question
    out: list[FollowUp] = []
    if q.command in ("outcomes", "totals", "compare", "encounters", "grants") and q.years \
            and not q.by:
        out += _steps(q, years, labels, month_range or [])
        trend = dataclasses.replace(q, command="trend", years=(), month=None, raw=False,
                                    dataset=q.dataset or _dataset_of(q))
        out.append(FollowUp("Trend", trend.text))
    if answer.tables and q.command not in ("check", "help", "about", "datasets"):
        out.append(FollowUp("CSV", q.text, csv=True))
    out = [f for f in out if len(f.custom_id) <= MAX_ID]
    return tuple(out), _menu(answer)


def _dataset_of(q: Question) -> str | None:
    return {"encounters": "cbp_border_encounters", "grants": "dhs_asylum_grants"}.get(q.command)


def _steps(q: Question, years: list[int], labels: dict[int, str],
           month_range: list[tuple[int, int]]) -> list[FollowUp]:
    """◀ the period before and ▶ the one after, where the data has them."""
    if q.month is not None and month_range:
        here = month_range.index((q.years[0], q.month)) if (q.years[0], q.month) in \
            month_range else None
        if here is None:
            return []
        out = []
        for step, arrow in ((-1, "◀ "), (1, "")):
            i = here + step
            if 0 <= i < len(month_range):
                y, m = month_range[i]
                text = f"{arrow}{months.short_label(y, m)}" + (" ▶" if step > 0 else "")
                out.append(FollowUp(text, dataclasses.replace(q, years=(y,), month=m).text))
        return out
    moving = len(q.years) - 1  # the last year moves: /compare 2020 2023 -> 2020 2024
    out = []
    for step in (-1, 1):
        year = q.years[moving] + step
        if year not in years or (moving and year <= q.years[0]):
            continue
        shifted = (*q.years[:moving], year)
        label = labels.get(year, f"FY{year}")
        text = f"◀ {label}" if step < 0 else f"{label} ▶"
        out.append(FollowUp(text, dataclasses.replace(q, years=shifted).text))
    return out


def _menu(answer: Answer) -> Menu | None:
    """A ranking's groups, each opening its own answer."""
    q = answer.question
    groups = answer.details.get("groups") or []
    if not groups or not q.years:
        return None
    year = q.years[0]
    if q.command == "courts":
        make, what = (lambda g: f"/judges {g['key']} {year}"), "a court: its judges"
    elif q.command == "nationalities":
        make, what = (lambda g: f"/courts {year} nationality={g['key']}"), \
            "a nationality: its courts"
    elif q.command == "encounters" and q.by == "nationality":
        make, what = (lambda g: f"/trend dataset=cbp_border_encounters "
                                f"nationality={'_'.join(g['key'].split())}"), \
            "a citizenship: its months"
    else:
        return None
    options = tuple((str(g["name"])[:100], make(g)) for g in groups
                    if len(PICK + make(g)) <= MAX_ID)[:MENU_OPTIONS]
    return Menu(f"Pick {what}", options) if options else None


def labels_of(rows) -> dict[int, str]:
    """'FY2024*' for a partial year, so a button says the year is not whole."""
    return {r.year: periods.short(r) for r in rows}
