"""What stops an ingest, with a message a person can act on."""

from __future__ import annotations


class IngestError(Exception):
    """The release cannot be ingested; the previous release stays in service."""
