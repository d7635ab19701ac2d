"""Questions: the commands people type, parsed into one hashable object.

The console, `ask` and the Discord bot all build a Question, so the same
text gives the same answer everywhere, and a Question is the chart-cache key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.answers.errors import UsageError
from bot.store import months


@dataclass(frozen=True)
class Command:
    """One command: its usage line, what it does, and how many years it takes."""

    name: str
    usage: str
    summary: str
    min_years: int
    max_years: int
    months: bool = False  # takes a month (2024-04, April 2024) in place of a year


COMMANDS: dict[str, Command] = {
    c.name: c
    for c in (
        Command("outcomes", "/outcomes YEAR", "Outcomes in one fiscal year, with shares and "
                "the change from the year before", 1, 1),
        Command("compare", "/compare YEAR YEAR [raw]", "Two years side by side: change, "
                "percent change, ratio; a partial year at its full-year pace (raw: as counted)",
                2, 2),
        Command("trend", "/trend [START] [END]", "The series over a range of years "
                "(all years if none given)", 0, 2),
        Command("totals", "/totals START [END]", "Sums and shares over a range of years "
                "(END defaults to the latest)", 1, 2),
        Command("encounters", "/encounters MONTH|YEAR [region=REGION] [nationality=NAME] "
                "[demographic=WHO] [component=border_patrol|ports] [sector=NAME] "
                "[by=nationality|demographic|sector|component]", "Southwest border "
                "encounters (CBP) in a month, with the average a day, or a fiscal year month "
                "by month; broken down or ranked from CBP's nationwide file; with a region "
                "and no year, Border Patrol's annual series there", 0, 1, months=True),
        Command("backlog", "/backlog [YEAR]", "Cases pending in immigration court at the end of "
                "a fiscal year, from each EOIR release side by side (every year if none given)",
                0, 1),
        Command("sources", "/sources TOPIC YEAR", "One figure from every source side by side: "
                "granted, backlog, completions or encounters", 1, 1),
        Command("grants", "/grants [YEAR]", "People granted asylum, affirmative and defensive, "
                "as DHS counts them (every year if none given)", 0, 1),
        Command("courts", "/courts YEAR [nationality=NAME] [min=N]", "Immigration courts ranked "
                "by asylum grant rate, from EOIR's case-level release", 1, 1),
        Command("nationalities", "/nationalities YEAR [court=NAME] [min=N]", "Nationalities "
                "ranked by asylum grant rate, from EOIR's case-level release", 1, 1),
        Command("representation", "/representation YEAR [court=NAME] [nationality=NAME]",
                "Asylum grant rate with and without a lawyer, side by side", 1, 1),
        Command("judges", "/judges COURT YEAR [min=N]", "A court's immigration judges ranked by "
                "asylum grant rate, with their decision counts", 1, 1),
        Command("check", "/check [date=YYYY-MM-DD] TEXT", "Every figure in a paragraph set "
                "against the data, with a verdict and the command that shows it", 0, 0),
        Command("digest", "/digest", "The latest figures, as scheduled posts show them", 0, 0),
        Command("changes", "/changes", "Recently revised figures, old and new", 0, 0),
        Command("datasets", "/datasets", "Every dataset: its source, years and as-of date", 0, 0),
        Command("about", "/about", "Sources, definitions, caveats, data version", 0, 0),
        Command("help", "/help [COMMAND]", "This list of commands, or how to use one", 0, 0),
    )
}
# Commands that answer from one dataset of their own.
COMMAND_DATASETS = {"grants": "dhs_asylum_grants", "encounters": "cbp_border_encounters",
                    "backlog": "eoir_workload"}
OPTIONS = ("Options: dataset=NAME (any command); release=DATE for a dataset kept in several "
           "releases (the newest by default); raw (compare: a partial year as counted, marked "
           "not comparable). Breakdowns from EOIR's case-level release (/outcomes, /compare, "
           "/trend, /totals): court=NAME, nationality=NAME (part of a name will do; quote a "
           "name with spaces), represented=yes|no, custody=detained|released|never, "
           "claim=affirmative|defensive. From CBP's nationwide file (/encounters, and /trend with "
           "dataset=cbp_border_encounters): nationality=NAME (citizenship), "
           "demographic=single_adults|families|unaccompanied_children|accompanied_minors, "
           "component=border_patrol|ports, sector=NAME, region=southwest|northern|coastal|"
           "nationwide, by=nationality|demographic|sector|component (/encounters).")
# Commands answered from the case-level release, and the options each takes.
CASE_COMMANDS = {"courts": ("nationality", "min"), "nationalities": ("court", "min"),
                 "representation": ("court", "nationality"), "judges": ("court", "min")}
BREAKDOWN_COMMANDS = ("outcomes", "compare", "trend", "totals")
# From CBP's nationwide file: the options of /encounters, and of /trend on its dataset.
ENCOUNTER_OPTIONS = ("demographic", "component", "sector", "by")
BY_WORDS = ("nationality", "demographic", "sector", "component")
BREAKDOWNS = ("court", "nationality", "represented", "custody", "claim")
CLAIMS = ("affirmative", "defensive")
CUSTODY_WORDS = {"detained": "detained", "released": "released", "never": "never_detained",
                 "never_detained": "never_detained", "never-detained": "never_detained"}
YES_NO = {"yes": True, "y": True, "true": True, "1": True, "no": False, "n": False,
          "false": False, "0": False}
YEAR_FORMS = ("Years: 2023, FY2023 or FY23; a range as 2021-2024, 2021-24, FY21-24 or 2021 to "
              "2024. Months: 2024-04, April 2024 or Apr 2024.")

_YEAR = re.compile(r"^(?:FY)?(\d{4})$|^FY(\d{2})$", re.IGNORECASE)
_RANGE = re.compile(r"^(\S+?)(?:-|–|\.\.|:)(\S+)$")
_SHORT_END = re.compile(r"^(?:FY)?(\d{2})$", re.IGNORECASE)
# Spaced-out forms a reporter types, joined up before the words are read.
_TIDY = (
    (re.compile(r"\bdataset\s*[=:]\s*", re.IGNORECASE), "dataset="),
    (re.compile(r"\brelease\s*[=:]\s*", re.IGNORECASE), "release="),
    (re.compile(r"\bregion\s*[=:]\s*", re.IGNORECASE), "region="),
    (re.compile(r"\b(court|nationality|nat|represented|custody|claim|min|demographic|"
                r"component|sector|by)\s*[=:]\s*",
                re.IGNORECASE),
     lambda m: {"nat": "nationality"}.get(m.group(1).lower(), m.group(1).lower()) + "="),
    # A quoted name keeps its spaces: court="san antonio" -> court=san_antonio
    (re.compile(r"=\s*[\"“']([^\"”']+)[\"”']"), lambda m: "=" + "_".join(m.group(1).split())),
    # So does a name of several words: court=san antonio 2023 -> court=san_antonio 2023
    (re.compile(r"\b(court|nationality|sector)=([^\s=]+(?:\s+(?![^\s]*=)(?!(?:FY)?\d)(?!raw\b)"
                r"[^\s=]+)*)",
                re.IGNORECASE), lambda m: f"{m.group(1)}={'_'.join(m.group(2).split())}"),
    (re.compile(r"\bFY\s+(?=\d)", re.IGNORECASE), "FY"),
    (re.compile(r"(\d)\s*(?:-|–|\.\.)\s*(?=(?:FY)?\d)", re.IGNORECASE), r"\1-"),
    (re.compile(r"(\d)\s+(?:to|through|thru)\s+(?=(?:FY)?\d)", re.IGNORECASE), r"\1-"),
)
# "annualize" was once needed to compare a partial year like for like; that is now the default.
_LIKE_FOR_LIKE = ("annualize", "annualise", "annualized", "--annualize")
MAX_INPUT = 200


@dataclass(frozen=True)
class Question:
    """A parsed command; equal questions get equal answers for a given data version."""

    command: str
    years: tuple[int, ...] = ()
    dataset: str | None = None
    raw: bool = False
    topic: str | None = None  # /help COMMAND
    month: int | None = None  # a calendar month of the fiscal year in `years`
    release: str | None = None  # for a dataset kept in releases: which (a prefix will do)
    region: str | None = None  # /encounters: a border region, for its annual series
    # Breakdowns from the case-level release: a court or nationality as typed (a code once
    # the answer service has matched it), with or without a lawyer, a custody status.
    court: str | None = None
    nationality: str | None = None
    represented: bool | None = None
    custody: str | None = None
    claim: str | None = None  # affirmative or defensive
    min_decisions: int | None = None  # rankings: leave out groups with fewer decisions
    # CBP's nationwide file (nationality= is the citizenship there): who, which agency,
    # which sector or field office, and what to rank by.
    demographic: str | None = None
    component: str | None = None
    sector: str | None = None
    by: str | None = None
    paragraph: str | None = None  # /check: the text to check, as written
    published: str | None = None  # /check: when the text was published (ISO date)

    @property
    def breakdown(self) -> bool:
        """Whether the question asks for cases of one court, nationality, and so on."""
        return any(v is not None for v in (self.court, self.nationality, self.represented,
                                           self.custody, self.claim))

    @property
    def month_text(self) -> str:
        """'2024-04': the month as people write it, in its calendar year."""
        return f"{months.calendar_year(self.years[0], self.month)}-{self.month:02d}"

    @property
    def text(self) -> str:
        """The question as a person would type it, in canonical form."""
        parts = [f"/{self.command}"]
        if self.paragraph is not None:
            dated = f"date={self.published} " if self.published else ""
            return f"/check {dated}{self.paragraph}"
        parts += [self.month_text] if self.month else [str(y) for y in self.years]
        if self.topic:
            parts.append(self.topic)
        if self.raw:
            parts.append("raw")
        if self.dataset:
            parts.append(f"dataset={self.dataset}")
        if self.release:
            parts.append(f"release={self.release}")
        if self.region:
            parts.append(f"region={self.region}")
        for key, value in (("court", self.court), ("nationality", self.nationality),
                           ("custody", self.custody), ("claim", self.claim)):
            if value is not None:
                parts.append(f"{key}={'_'.join(value.split())}")
        if self.represented is not None:
            parts.append(f"represented={'yes' if self.represented else 'no'}")
        if self.min_decisions is not None:
            parts.append(f"min={self.min_decisions}")
        for key in ENCOUNTER_OPTIONS:
            value = getattr(self, key)
            if value is not None:
                parts.append(f"{key}={'_'.join(value.split())}")
        return " ".join(parts)

    @property
    def encounter_filters(self) -> bool:
        """Whether the question asks CBP's nationwide file for a breakdown or a ranking."""
        return any(getattr(self, k) is not None for k in ENCOUNTER_OPTIONS)

    @property
    def slug(self) -> str:
        """The question as a file name: 'compare-2014-2022'."""
        return re.sub(r"[^a-z0-9]+", "-", self.text.lower())[:80].strip("-") or "answer"


def usage_text() -> str:
    """The command list, for /help and for any command that was not understood."""
    width = max(len(c.usage) for c in COMMANDS.values())
    lines = ["Commands:"]
    lines += [f"  {c.usage.ljust(width)}  {c.summary}" for c in COMMANDS.values()]
    lines += [OPTIONS, YEAR_FORMS]
    return "\n".join(lines)


def parse(text: str) -> Question:
    """Parse '/compare 2020 2023' (leading slash optional); raise UsageError with help."""
    text = text.strip()
    checked = re.match(r"^/?check\b\s*", text, re.IGNORECASE)
    if checked:  # the rest is the paragraph to check, as written
        rest = text[checked.end():]
        dated = re.match(r"date\s*[=:]\s*(\S+)\s*", rest, re.IGNORECASE)
        published = check_date(dated.group(1)) if dated else None
        return check(Question("check", paragraph=rest[dated.end():] if dated else rest,
                              published=published))
    if len(text) > MAX_INPUT:
        raise UsageError(f"That is longer than {MAX_INPUT} characters.\n{usage_text()}")
    for pattern, replacement in _TIDY:
        text = pattern.sub(replacement, text)
    words = text.split()
    if not words:
        raise UsageError(usage_text())
    name = words[0].lstrip("/").lower()
    if name not in COMMANDS:
        raise UsageError(f"Unknown command {words[0][:40]!r}.\n{usage_text()}")
    cmd = COMMANDS[name]
    if name == "help":
        topic = words[1].lstrip("/").lower() if len(words) > 1 else None
        return check(Question("help", topic=topic))
    topic = None
    if name == "sources" and len(words) > 1 and not _YEAR.match(words[1]):
        topic, words = words[1].lower(), words[:1] + words[2:]
    years: list[int] = []
    dataset = None
    raw = False
    month = None
    release = None
    region = None
    options: dict = {}
    if cmd.months:
        words, month, year = _month(words)
        years += [year] if month else []
    for word in words[1:]:
        lowered = word.lower()
        if lowered == "raw" and name == "compare":
            raw = True
        elif lowered in _LIKE_FOR_LIKE and name == "compare":
            pass
        elif lowered.startswith("release="):
            release = lowered.split("=", 1)[1] or None
        elif lowered.startswith("region=") and name == "encounters":
            region = lowered.split("=", 1)[1] or None
        elif "=" in lowered and lowered.split("=", 1)[0] in (*BREAKDOWNS, "min",
                                                             *ENCOUNTER_OPTIONS):
            key, value = word.split("=", 1)
            options.update(_option(key.lower(), value, cmd))
        elif name == "judges" and not _YEAR.match(word):
            options["court"] = f"{options.get('court', '')} {word}".strip()  # new york
        elif lowered.startswith("dataset="):
            dataset = lowered.split("=", 1)[1] or None
            if dataset is None:
                raise UsageError(f"dataset= needs a name, e.g. dataset=trac_asylum_outcomes."
                                 f"\nUsage: {cmd.usage}")
        elif _RANGE.match(word) and not _YEAR.match(word):
            a, b = _RANGE.match(word).groups()
            first = parse_year(a, cmd)
            short = _SHORT_END.match(b)
            years += [first, first // 100 * 100 + int(short.group(1)) if short
                      else parse_year(b, cmd)]
        else:
            years.append(parse_year(word, cmd))
    return check(Question(name, tuple(years), dataset, raw, topic=topic, month=month,
                          release=release, region=region, **options))


def _option(key: str, value: str, cmd: Command) -> dict:
    """One breakdown option as typed: court=houston, represented=no, min=50."""
    value = value.strip()
    if not value:
        raise UsageError(f"{key}= needs a value.\nUsage: {cmd.usage}")
    if key == "represented":
        if value.lower() not in YES_NO:
            raise UsageError(f"represented= takes yes or no, not {value[:20]!r}.")
        return {"represented": YES_NO[value.lower()]}
    if key == "custody":
        if value.lower() not in CUSTODY_WORDS:
            raise UsageError(f"custody= takes detained, released or never, not {value[:20]!r}.")
        return {"custody": CUSTODY_WORDS[value.lower()]}
    if key == "claim":
        if value.lower() not in CLAIMS:
            raise UsageError(f"claim= takes affirmative or defensive, not {value[:20]!r}.")
        return {"claim": value.lower()}
    if key == "by":
        if value.lower() not in BY_WORDS:
            raise UsageError(f"by= takes {', '.join(BY_WORDS)}, not {value[:20]!r}.")
        return {"by": value.lower()}
    if key in ("demographic", "component"):
        return {key: "_".join(value.lower().replace("-", " ").split())[:40]}
    if key == "min":
        if not value.isdigit() or not 1 <= int(value) <= 100_000:
            raise UsageError(f"min= takes a number of decisions, such as 100, not {value[:20]!r}.")
        return {"min_decisions": int(value)}
    return {key: " ".join(value.replace("_", " ").split())[:60]}


_YEAR_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_MONTH_NAME = re.compile(r"^([A-Za-z]{3,9})\.?$")


def _month(words: list[str]) -> tuple[list[str], int | None, int | None]:
    """Take a month ('2024-04', 'April 2024', 'Apr 2024') out of the words, if there is one.

    Returns the other words, the calendar month and its fiscal year.
    """
    for i, word in enumerate(words[1:], start=1):
        m = _YEAR_MONTH.match(word)
        if m and months.parse(m.group(2)):
            month = months.parse(m.group(2))
            return words[:i] + words[i + 1:], month, months.fiscal_year(int(m.group(1)), month)
        m = _MONTH_NAME.match(word)
        if m and months.parse(m.group(1)) and i + 1 < len(words) and \
                re.fullmatch(r"\d{4}", words[i + 1]):
            month = months.parse(m.group(1))
            return (words[:i] + words[i + 2:], month,
                    months.fiscal_year(int(words[i + 1]), month))
    return words, None, None


def check_date(text: str) -> str:
    """A publication date as YYYY-MM-DD, or a UsageError that says how to write it."""
    try:
        return date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise UsageError(f"The date {text[:20]!r} is not a date: write it as YYYY-MM-DD, "
                         "e.g. date=2024-05-20.") from None


def check(q: Question) -> Question:
    """The question, if its command exists and it has the right number of years."""
    cmd = COMMANDS.get(q.command)
    if cmd is None:
        raise UsageError(f"Unknown command {q.command[:40]!r}.\n{usage_text()}")
    if not cmd.min_years <= len(q.years) <= cmd.max_years:
        raise UsageError(f"{_count_text(cmd)}\nUsage: {cmd.usage}")
    if q.raw and q.command != "compare":
        raise UsageError(f"raw goes with /compare only.\nUsage: {cmd.usage}")
    if q.command == "encounters" and not q.years and not q.region:
        raise UsageError(f"/encounters takes a month or a year.\nUsage: {cmd.usage}")
    if q.by is not None and not q.years:
        raise UsageError(f"by= ranks one month or one year: give it, e.g. /encounters 2024 "
                         f"by={q.by}.\nUsage: {cmd.usage}")
    if q.month is not None and (not cmd.months or not 1 <= q.month <= 12 or len(q.years) != 1):
        raise UsageError(f"/{q.command} does not take a month that way.\nUsage: {cmd.usage}")
    given = {k for k in (*BREAKDOWNS, "min", *ENCOUNTER_OPTIONS)
             if getattr(q, _FIELD.get(k, k)) is not None}
    allowed = set(CASE_COMMANDS.get(q.command, BREAKDOWNS if q.command in BREAKDOWN_COMMANDS
                                    else ()))
    if q.command == "encounters":
        allowed = {"nationality", *ENCOUNTER_OPTIONS}
    elif q.command == "trend":
        allowed |= {"demographic", "component", "sector"}
    if given - allowed:
        extra = ", ".join(f"{k}=" for k in sorted(given - allowed))
        takes = ", ".join(f"{k}=" for k in sorted(allowed)) or "none of these options"
        raise UsageError(f"/{q.command} does not take {extra}; it takes {takes}."
                         f"\nUsage: {cmd.usage}")
    if q.command == "judges" and q.court is None:
        raise UsageError(f"/judges needs a court, e.g. /judges houston 2023.\nUsage: {cmd.usage}")
    if q.dataset and q.command in COMMAND_DATASETS:
        raise UsageError(f"/{q.command} always answers from {COMMAND_DATASETS[q.command]}; "
                         f"leave out dataset=.\nUsage: {cmd.usage}")
    return q


_FIELD = {"min": "min_decisions"}


def parse_year(word: str, cmd: Command | None = None) -> int:
    """'2023', 'FY2023' or 'FY23' -> 2023."""
    m = _YEAR.match(word.strip())
    if not m:
        what = "a year" if cmd is None or cmd.name != "compare" else "a year or raw"
        hint = f"\nUsage: {cmd.usage}" if cmd else ""
        raise UsageError(f"{word[:40]!r} is not {what}; write a year as 2023, FY2023 or FY23, "
                         f"a dataset as dataset=NAME.{hint}")
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
