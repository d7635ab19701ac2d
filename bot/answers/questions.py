"""Questions: the commands people type, parsed into one hashable object.

The console, `ask` and the Discord bot all build a Question, so the same
text gives the same answer everywhere, and a Question is the chart-cache key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.answers.errors import UsageError


@dataclass(frozen=True)
class Command:
    """One command: its usage line, what it does, and how many years it takes."""

    name: str
    usage: str
    summary: str
    min_years: int
    max_years: int


COMMANDS: dict[str, Command] = {
    c.name: c
    for c in (
        Command("outcomes", "/outcomes YEAR", "Outcomes in one fiscal year, with shares and "
                "the change from the year before", 1, 1),
        Command("compare", "/compare YEAR YEAR [annualize]", "Two years side by side: change, "
                "percent change, ratio", 2, 2),
        Command("trend", "/trend [START] [END]", "The series over a range of years "
                "(all years if none given)", 0, 2),
        Command("totals", "/totals START [END]", "Sums and shares over a range of years "
                "(END defaults to the latest)", 1, 2),
        Command("digest", "/digest", "The latest figures, as scheduled posts show them", 0, 0),
        Command("changes", "/changes", "Recently revised figures, old and new", 0, 0),
        Command("about", "/about", "Sources, definitions, caveats, data version", 0, 0),
        Command("help", "/help", "This list of commands", 0, 0),
    )
}
OPTIONS = "Options: dataset=NAME (any command), annualize (compare)."

_YEAR = re.compile(r"^(?:FY)?(\d{4})$|^FY(\d{2})$", re.IGNORECASE)
_RANGE = re.compile(r"^(\S+?)(?:-|–|\.\.|:)(\S+)$")
MAX_INPUT = 200


@dataclass(frozen=True)
class Question:
    """A parsed command; equal questions get equal answers for a given data version."""

    command: str
    years: tuple[int, ...] = ()
    dataset: str | None = None
    annualize: bool = False

    @property
    def text(self) -> str:
        """The question as a person would type it, in canonical form."""
        parts = [f"/{self.command}", *(str(y) for y in self.years)]
        if self.annualize:
            parts.append("annualize")
        if self.dataset:
            parts.append(f"dataset={self.dataset}")
        return " ".join(parts)

    @property
    def slug(self) -> str:
        """The question as a file name: 'compare-2014-2022'."""
        return re.sub(r"[^a-z0-9]+", "-", self.text.lower()).strip("-") or "answer"


def usage_text() -> str:
    """The command list, for /help and for any command that was not understood."""
    width = max(len(c.usage) for c in COMMANDS.values())
    lines = ["Commands:"]
    lines += [f"  {c.usage.ljust(width)}  {c.summary}" for c in COMMANDS.values()]
    lines += [OPTIONS, "Years: 2023, FY2023 or FY23; a range as 2021-2024."]
    return "\n".join(lines)


def parse(text: str) -> Question:
    """Parse '/compare 2020 2023' (leading slash optional); raise UsageError with help."""
    text = text.strip()
    if len(text) > MAX_INPUT:
        raise UsageError(f"That is longer than {MAX_INPUT} characters.\n{usage_text()}")
    words = text.split()
    if not words:
        raise UsageError(usage_text())
    name = words[0].lstrip("/").lower()
    if name not in COMMANDS:
        raise UsageError(f"Unknown command {words[0][:40]!r}.\n{usage_text()}")
    cmd = COMMANDS[name]
    years: list[int] = []
    dataset = None
    annualize = False
    for word in words[1:]:
        lowered = word.lower()
        if lowered in ("annualize", "annualise", "annualized", "--annualize"):
            annualize = True
        elif lowered.startswith(("dataset=", "dataset:")):
            dataset = re.split(r"[=:]", lowered, maxsplit=1)[1] or None
        elif _RANGE.match(word) and not _YEAR.match(word):
            a, b = _RANGE.match(word).groups()
            years += [parse_year(a, cmd), parse_year(b, cmd)]
        else:
            years.append(parse_year(word, cmd))
    return check(Question(name, tuple(years), dataset, annualize))


def check(q: Question) -> Question:
    """The question, if its command exists and it has the right number of years."""
    cmd = COMMANDS.get(q.command)
    if cmd is None:
        raise UsageError(f"Unknown command {q.command[:40]!r}.\n{usage_text()}")
    if not cmd.min_years <= len(q.years) <= cmd.max_years:
        raise UsageError(f"{_count_text(cmd)}\nUsage: {cmd.usage}")
    if q.annualize and q.command != "compare":
        raise UsageError(f"annualize goes with /compare only.\nUsage: {cmd.usage}")
    return q


def parse_year(word: str, cmd: Command | None = None) -> int:
    """'2023', 'FY2023' or 'FY23' -> 2023."""
    m = _YEAR.match(word.strip())
    if not m:
        hint = f"\nUsage: {cmd.usage}" if cmd else ""
        raise UsageError(f"{word[:40]!r} is not a year; write it as 2023 or FY2023.{hint}")
    return int(m.group(1)) if m.group(1) else 2000 + int(m.group(2))


def _count_text(cmd: Command) -> str:
    if cmd.max_years == 0:
        return f"/{cmd.name} takes no years."
    if cmd.min_years == cmd.max_years:
        n = cmd.min_years
        return f"/{cmd.name} takes {'one year' if n == 1 else f'{n} years'}."
    if cmd.min_years == 0:
        return f"/{cmd.name} takes up to {cmd.max_years} years."
    return f"/{cmd.name} takes {cmd.min_years} to {cmd.max_years} years."
