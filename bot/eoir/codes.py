"""The reviewed mapping from EOIR's descriptions to outcome classes.

The mapping is data/eoir/outcome_codes.csv; its README says how to review it.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from bot.eoir.errors import IngestError

CODES_FILE = Path(__file__).resolve().parent.parent.parent / "data" / "eoir" / "outcome_codes.csv"

# Outcome classes of a completed asylum case, in the order answers show them.
OUTCOMES = ("asylum_granted", "other_protection", "other_relief", "removal",
            "voluntary_departure", "terminated", "admin_closed", "other")
CLASSES = {
    # What a case decision or other completion can be: any outcome but an asylum grant
    # (read from the asylum application); no completion at all (venue change, transfer);
    # or a ruling of a case type that takes no asylum application (a bond or custody
    # ruling, a review of DHS's credible-fear, reasonable-fear or claimed-status finding),
    # which is never the end of an asylum case and is passed over.
    "decision": (*OUTCOMES[1:], "not_completion", "outside_asylum"),
    "application_decision": ("granted", "denied", "none"),
    "application": ("asylum", "withholding"),
}


def normal(description: str) -> str:
    """A description as matched: case and repeated spaces do not count."""
    return " ".join(str(description).split()).casefold()


@dataclass(frozen=True)
class Mapping:
    """Description -> class for each kind, and the file's version (a hash of its bytes)."""

    classes: dict[str, dict[str, str]]
    version: str
    frame: pd.DataFrame

    def lookup(self, kind: str, description: str) -> str | None:
        return self.classes[kind].get(normal(description))

    def codes(self, kind: str, klass: str) -> list[str]:
        """Application codes of a class, as written in the file: ['ASYL']."""
        return [d.upper() for d, c in self.classes[kind].items() if c == klass]


def load(path: Path = CODES_FILE) -> Mapping:
    """Read and check the mapping file; a bad line names the file, row and column."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise IngestError(f"{path}: cannot read the code mapping: {exc}") from exc
    frame = pd.read_csv(io.BytesIO(raw), dtype=str, keep_default_na=False)
    for column in ("kind", "description", "class"):
        if column not in frame.columns:
            raise IngestError(f"{path}: no column {column!r}")
    classes: dict[str, dict[str, str]] = {kind: {} for kind in CLASSES}
    for i, rec in enumerate(frame.to_dict("records"), start=2):
        where = f"{Path(path).name}, row {i}"
        kind, klass = rec["kind"], rec["class"]
        if kind not in CLASSES:
            raise IngestError(f"{where}, column kind: {kind!r} is not one of "
                              f"{', '.join(CLASSES)}")
        if klass not in CLASSES[kind]:
            raise IngestError(f"{where}, column class: {klass!r} is not a class of "
                              f"{kind} ({', '.join(CLASSES[kind])})")
        key = normal(rec["description"])
        if not key:
            raise IngestError(f"{where}, column description: empty")
        if key in classes[kind]:
            raise IngestError(f"{where}, column description: {rec['description']!r} "
                              "is mapped twice")
        classes[kind][key] = klass
    return Mapping(classes, hashlib.sha256(raw).hexdigest()[:8], frame)
