"""EOIR's lookup tables, read whole (they are small), one row per code.

Lookups repeat a code with an active and an inactive row; the active row wins,
then the last one in the file. Codes lose their trailing spaces.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from bot.eoir.errors import IngestError
from bot.eoir.reading import BadRows
from bot.eoir.release import LOOKUP_TABLES, Release, read_text

# Columns read from each lookup, by the name the method uses.
COLUMNS = {
    "decisions": {"strCaseType": "case_type", "strDecCode": "code", "strDecType": "type",
                  "strDecDescription": "description"},
    "application_decisions": {"strCourtApplnDecCode": "code",
                              "strCourtApplnDecDesc": "description"},
    "courts": {"BASE_CITY_CODE": "code", "BASE_CITY": "city", "BASE_STATE": "state"},
    "nationalities": {"NAT_CODE": "code", "NAT_NAME": "name"},
    "judges": {"JUDGE_CODE": "code", "JUDGE_NAME": "name"},
}
KEYS = {"decisions": ["case_type", "code", "type"]}
ACTIVE = "blnActive"


@dataclass(frozen=True)
class Lookups:
    decisions: pd.DataFrame  # case_type, code, type (C or O), description
    application_decisions: pd.DataFrame  # code, description
    courts: pd.DataFrame  # code, city, state
    nationalities: pd.DataFrame  # code, name
    judges: pd.DataFrame  # code, name
    bad: dict[str, BadRows]


def read(release: Release) -> Lookups:
    frames, bad = {}, {}
    for name, stem in LOOKUP_TABLES.items():
        frames[name], bad[stem] = _read_one(release, name, stem)
    return Lookups(**frames, bad=bad)


def _read_one(release: Release, name: str, stem: str) -> tuple[pd.DataFrame, BadRows]:
    text = read_text(release.member(stem))
    lines = text.splitlines()
    if not lines:
        raise IngestError(f"{stem}.csv is empty")
    header = [h.strip() for h in lines[0].split("\t")]
    bad = BadRows(stem)
    rows = []
    for line in lines[1:]:
        if not line.strip():
            continue
        bad.read += 1
        fields = line.split("\t")
        if len(fields) != len(header):
            bad.add(f"{len(fields)} fields where the header has {len(header)}", sample=line)
            continue
        rows.append([f.strip() for f in fields])
    frame = pd.DataFrame(rows, columns=header, dtype=str)
    wanted = COLUMNS[name]
    missing = [c for c in wanted if c not in frame.columns]
    if missing:
        raise IngestError(f"{stem}.csv has no column {', '.join(missing)}")
    if ACTIVE in frame.columns:
        frame["_active"] = frame[ACTIVE].str.strip().isin(["1", "True", "true", "Y"])
    else:
        frame["_active"] = True
    frame = frame.rename(columns=wanted)
    keys = KEYS.get(name, ["code"])
    frame["_order"] = range(len(frame))
    frame = (frame[frame["code"] != ""].sort_values(["_active", "_order"])
             .drop_duplicates(keys, keep="last").sort_values("_order"))
    return frame[list(wanted.values())].reset_index(drop=True), bad

