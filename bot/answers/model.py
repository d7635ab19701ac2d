"""The Answer object that travels from the logic to every front end."""

from __future__ import annotations

from dataclasses import dataclass, field

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
    def full_line(self) -> str:
        return f"{self.line} · data {self.data_version[:8]}"


@dataclass(frozen=True)
class Series:
    """One line or set of bars in a chart."""

    name: str
    values: tuple[float, ...]
    labels: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChartSpec:
    """What a chart shows; bot.answers.charts turns it into a PNG.

    `kind` is "barh" (one series across categories), "grouped" (several
    series per category) or "lines" (series over years). `partial` holds
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


@dataclass(frozen=True)
class Answer:
    """A complete answer: title, headline, tables, caveats, source and chart."""

    question: Question
    title: str
    headline: str
    tables: tuple[Table, ...]
    caveats: tuple[str, ...]
    source: Source
    chart: ChartSpec | None = None
    figures: dict = field(default_factory=dict)
    partial: bool = False
    definitions: tuple[tuple[str, str], ...] = ()
    definitions_title: str = "Definitions"

    def text(self) -> str:
        """Plain text for a terminal: title, headline, tables, caveats, source."""
        parts = [self.title, "=" * min(len(self.title), 40), self.headline, ""]
        for table in self.tables:
            parts += [table.text(), ""]
        if self.definitions:
            parts.append(f"{self.definitions_title}:")
            parts += [f"- {term}: {text}" for term, text in self.definitions]
            parts.append("")
        if self.caveats:
            parts.append("Caveats:")
            parts += [f"- {c}" for c in self.caveats]
            parts.append("")
        parts.append(self.source.full_line)
        if self.source.url:
            parts.append(self.source.url)
        return "\n".join(parts)

    def to_json(self, chart_path: str | None = None) -> dict:
        """Everything a script needs: figures, tables, caveats, source and chart."""
        return {
            "question": self.question.text,
            "title": self.title,
            "headline": self.headline,
            "partial_year": self.partial,
            "figures": self.figures,
            "tables": [
                {"header": list(t.header), "rows": t.records(), "notes": list(t.notes)}
                for t in self.tables
            ],
            "caveats": list(self.caveats),
            "definitions": dict(self.definitions),
            "source": {
                "name": self.source.name,
                "url": self.source.url,
                "as_of": self.source.as_of,
                "data_version": self.source.data_version,
                "loaded_at": self.source.loaded_at,
            },
            "chart": None
            if self.chart is None
            else {"path": chart_path, "alt_text": self.chart.alt_text, "title": self.chart.title},
        }
