"""Mistakes the person asking can fix. Front ends show the message as it is."""

from __future__ import annotations


class UserError(Exception):
    """A question that cannot be answered as asked; the message says how to fix it."""


class UsageError(UserError):
    """An unknown command or a badly formed argument."""


class UnknownYear(UserError):
    """A year with no data; the message names the years there are."""


class UnknownDataset(UserError):
    """A dataset name that is not in the store."""


class NotIngested(UserError):
    """A breakdown asked for before any case-level release was ingested."""
