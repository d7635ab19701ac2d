"""Monospace tables that read on a phone: at most 40 columns inside a code block."""

from __future__ import annotations

import csv
import io
import textwrap
from dataclasses import dataclass, field

from bot.answers import fmt

MAX_WIDTH = 40  # Discord's mobile clients wrap code blocks in embeds at about 40 columns


@dataclass(frozen=True)
class Table:
    """A small table: display cells, the raw values behind them, and footnotes.

    `align` has one letter per column, "l" or "r". `values` holds the same
    table with raw numbers, for CSV and JSON.
    """

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    values: tuple[tuple[object, ...], ...]
    align: str
    notes: tuple[str, ...] = field(default=())
    # Columns for the CSV only (too wide for a phone): (heading, one value per row).
    csv_columns: tuple[tuple[str, tuple[object, ...]], ...] = field(default=())

    @property
    def width(self) -> int:
        """How wide the table's widest row is, in characters."""
        return sum(self._widths()) + len(self.header) - 1

    def _widths(self) -> list[int]:
        return [max(len(r[i]) for r in (self.header, *self.rows))
                for i in range(len(self.header))]

    def text(self) -> str:
        """The table as fixed-width text, footnotes wrapped to the same width."""
        widths = self._widths()
        lines = [_line(self.header, widths, self.align)]
        lines += [_line(r, widths, self.align) for r in self.rows]
        for note in self.notes:
            lines += wrap(note, MAX_WIDTH)
        too_wide = [ln for ln in lines if len(ln) > MAX_WIDTH]
        if too_wide:
            raise ValueError(f"table line wider than {MAX_WIDTH} columns: {too_wide[0]!r}")
        return "\n".join(lines)

    def csv(self, source: str | None = None) -> str:
        """The raw values as CSV, cells a spreadsheet would run as formulas escaped.

        The footnotes (a partial year, say) and the source follow as `#` comment
        lines, so the file keeps them when it travels; pandas reads it with
        comment="#".
        """
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([safe_cell(h) for h in (*self.header,
                                                 *(c[0] for c in self.csv_columns))])
        for i, row in enumerate(self.values):
            extra = tuple(c[1][i] for c in self.csv_columns)
            writer.writerow([safe_cell(fmt.plain(v)) for v in (*row, *extra)])
        for line in (*self.notes, *([source] if source else [])):
            out.write(f"# {' '.join(line.split())}\n")
        return out.getvalue()



def _line(cells: tuple[str, ...], widths: list[int], align: str) -> str:
    parts = [
        c.ljust(w) if a == "l" else c.rjust(w)
        for c, w, a in zip(cells, widths, align, strict=True)
    ]
    return " ".join(parts).rstrip()


def wrap(text: str, width: int) -> list[str]:
    """Word wrap; a single over-long word is split so no line exceeds `width`."""
    return textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False)


def safe_cell(value: object) -> object:
    """Prefix text that a spreadsheet would treat as a formula (= + - @) with a quote."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
