"""Errors raised when a data file or its metadata cannot be accepted."""

from __future__ import annotations


class DataFileError(Exception):
    """A data or metadata file failed a check; names the file, row and column.

    `row` is the line number in the file as a person sees it in an editor
    (the header is line 1), so the message points straight at the cell.
    """

    def __init__(
        self, file: str, message: str, *, row: int | None = None, column: str | None = None
    ) -> None:
        self.file = file
        self.row = row
        self.column = column
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"line {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        return f"{', '.join(where)}: {self.message}"


class StoreError(Exception):
    """The store cannot be read or written (missing, locked, read-only, disk full)."""
