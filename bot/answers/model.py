"""The Answer object that travels from the logic to every front end."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from fractions import Fraction

from bot.answers import fmt
from bot.answers.questions import Question
from bot.answers.tables import Table


@dataclass(frozen=True)
class Source:
    """Where the figures come from and how current they are."""

    name: str
    url: str
    as_of: str
    data_version: str
    loaded_at: str

    @property
    def line(self) -> str:
        return f"Source: {self.name}, as of {self.as_of}"

    @property
    def version(self) -> str:
        """The data version as people see and quote it: its first 8 characters."""
        return self.data_version[:8]

    @property
    def full_line(self) -> str:
        return f"{self.line} · data {self.version}"


@dataclass(frozen=True)
class Value:
    """One figure of an answer, as a tidy row: what, when, how much, and how it was got.

    `basis` is "counted" (as published), "estimate" (a partial year scaled to twelve
    months; `months` says how many were counted) or "sum" (over `from_year` to `year`).
    `share` is a fraction of the total, where the measures are parts of one total.
    Counts are integers; estimates, shares and rates a day are exact fractions.
    """

    measure: str
    label: str
    value: int | Fraction
    year: int
    period: str
    months: int
    partial: bool
    share: Fraction | None = None
    basis: str = "counted"
    from_year: int | None = None


@dataclass(frozen=True)
class Change:
    """The change in one measure between two periods, compared like for like.

    `percent_change` is a fraction (0.307 for +30.7%), exact like `ratio`: neither is
    rounded until it is shown. `basis` is "estimate" when either side is a partial year
    scaled to twelve months.
    """

    measure: str
    label: str
    from_year: int
    to_year: int
    from_value: int | Fraction
    to_value: int | Fraction
    change: int | Fraction
    percent_change: Fraction | None
    ratio: Fraction | None
    basis: str = "counted"


@dataclass(frozen=True)
class Series:
    """One line or set of bars in a chart; `estimates` holds full-year estimates for
    partial years (None elsewhere), drawn beside the counted values."""

    name: str
    values: tuple[float, ...]
    labels: tuple[str, ...] = ()
    estimates: tuple[float | None, ...] = ()

    def __post_init__(self) -> None:
        # Lengths and heights to draw; the figures people read are in `labels`, already
        # rounded once from the exact values.
        object.__setattr__(self, "values", tuple(float(v) for v in self.values))
        object.__setattr__(self, "estimates", tuple(None if v is None else float(v)
                                                    for v in self.estimates))


@dataclass(frozen=True)
class ChartSpec:
    """What a chart shows; bot.charts.draw turns it into a PNG.

    `kind` is "barh" (one series across categories), "grouped" (several
    series per category), "lines" (series over years) or "rates" (percentages
    across categories, ranked, with `reference` the overall rate). `partial` holds
    the indices of categories that cover part of a year; `hatched` the
    indices of series that do (for comparisons of two years).
    """

    kind: str
    title: str
    subtitle: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str
    source: str
    notes: tuple[str, ...] = ()
    partial: tuple[int, ...] = ()
    hatched: tuple[int, ...] = ()
    alt_text: str = ""
    reference: float | None = None  # "rates": the overall rate, drawn as a line
    reference_label: str = ""  # and as it reads beside the line: "38.2%"


@dataclass(frozen=True)
class Answer:
    """A complete answer: title, headline, tables, caveats, source and chart.

    `values` and `changes` are the figures as tidy rows, for scripts; `details`
    carries what some answers add (the dataset list for /about, the revisions for
    /changes). `definitions` always holds the terms of the dataset; front ends list
    them only where `show_definitions` asks for it (/about, /help).
    """

    question: Question
    title: str
    headline: str
    tables: tuple[Table, ...]
    caveats: tuple[str, ...]
    source: Source
    chart: ChartSpec | None = None
    dataset: str = ""
    values: tuple[Value, ...] = ()
    changes: tuple[Change, ...] = ()
    details: dict = field(default_factory=dict)
    partial: bool = False
    definitions: tuple[tuple[str, str], ...] = ()
    definitions_title: str = "Definitions"
    show_definitions: bool = False
    # What the answer offers next (bot.answers.followups): buttons, and a ranking's menu.
    followups: tuple = ()
    menu: object | None = None

    def text(self) -> str:
        """Plain text for a terminal: title, headline, tables, caveats, source."""
        parts = [self.title, "=" * min(len(self.title), 40), self.headline, ""]
        for table in self.tables:
            parts += [table.text(), ""]
        if self.show_definitions and self.definitions:
            parts.append(f"{self.definitions_title}:")
            parts += [f"- {term}: {text}" for term, text in self.definitions]
            parts.append("")
        if self.followups or self.menu:
            nxt = [f"{f.label} ({'CSV of ' if f.csv else ''}{f.question})"
                   for f in self.followups]
            if self.menu is not None:
                nxt.append(f"{self.menu.placeholder}: {len(self.menu.options)} choices, e.g. "
                           f"{self.menu.options[0][1]}")
            parts += ["Next: " + " · ".join(nxt), ""]
        if self.caveats:
            parts.append("Caveats:")
            parts += [f"- {c}" for c in self.caveats]
            parts.append("")
        parts.append(self.source.full_line)
        if self.source.url:
            parts.append(self.source.url)
        return "\n".join(parts)

    def to_json(self, chart_path: str | None = None) -> dict:
        """Everything a script needs, in one shape for every command (see docs/reporters.md).

        Figures are exact: counts as integers, shares, changes and estimates as floats
        that were never rounded (a script rounds them once, as it shows them).
        """
        return _plain({
            "question": self.question.text,
            "command": self.question.command,
            "dataset": self.dataset,
            "title": self.title,
            "headline": self.headline,
            "partial_year": self.partial,
            "values": [asdict(v) for v in self.values],
            "changes": [asdict(c) for c in self.changes],
            "tables": [
                {"header": list(t.header), "rows": [list(r) for r in t.values],
                 "notes": list(t.notes)}
                for t in self.tables
            ],
            "caveats": list(self.caveats),
            "definitions": dict(self.definitions),
            "details": self.details,
            "source": {
                "name": self.source.name,
                "url": self.source.url,
                "as_of": self.source.as_of,
                "data_version": self.source.version,
                "loaded_at": self.source.loaded_at,
            },
            "chart": None
            if self.chart is None
            else {"path": chart_path, "alt_text": self.chart.alt_text, "title": self.chart.title},
            "followups": [{"label": f.label, "command": f.question, "csv": f.csv}
                          for f in self.followups],
            "menu": None if self.menu is None else {
                "placeholder": self.menu.placeholder,
                "options": [{"label": label, "command": q} for label, q in self.menu.options]},
        })


def _plain(obj: object) -> object:
    """The JSON shape with every exact fraction as a float."""
    if isinstance(obj, dict):
        return {k: _plain(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_plain(v) for v in obj]
    return fmt.plain(obj)
