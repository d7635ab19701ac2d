"""Metadata files: the shipped one reads; a broken one is refused with a reason."""

from __future__ import annotations

import json

import pytest

from bot.store.errors import DataFileError
from bot.store.metadata import parse_metadata
from tests.support.metadata import read_metadata
from tests.support.paths import DATA, DATASET

PATH = DATA / f"{DATASET}.metadata.json"


def raw() -> dict:
    return json.loads(PATH.read_text())


def parse(doc: dict):
    return parse_metadata(f"{DATASET}.metadata.json", json.dumps(doc).encode())


def test_shipped_metadata_describes_the_dataset():
    meta = read_metadata(PATH)
    assert meta.name == DATASET
    assert meta.columns == ["fiscal_year", "period", "ordered_removed", "granted_asylum",
                            "allowed_to_remain"]
    assert meta.periods["through-april"].partial
    assert meta.periods["through-april"].months == 7
    assert not meta.periods["full"].partial
    assert meta.as_of == "May 2024"
    assert meta.source_line == "Source: TRAC Immigration, Syracuse University, as of May 2024"
    assert any("Voluntary departures" in c for c in meta.caveats)
    assert any("DHS" in c for c in meta.caveats)


@pytest.mark.parametrize("key", ["title", "source", "source_url", "as_of", "unit", "measures",
                                 "periods"])
def test_missing_required_key(key):
    doc = raw()
    del doc[key]
    with pytest.raises(DataFileError, match=key):
        parse(doc)


def test_partial_period_needs_a_label():
    doc = raw()
    doc["periods"]["through-april"]["label"] = ""
    with pytest.raises(DataFileError, match="needs a 'label'"):
        parse(doc)


def test_period_months_must_be_in_range():
    doc = raw()
    doc["periods"]["full"]["months"] = 13
    with pytest.raises(DataFileError, match="between 1 and 12"):
        parse(doc)


def test_invalid_json_names_the_line():
    with pytest.raises(DataFileError, match="not valid JSON") as info:
        parse_metadata("m.metadata.json", b'{\n "title": }')
    assert info.value.row == 2


def test_combination_must_name_known_measures():
    doc = raw()
    doc["combinations"]["not_removed"]["measures"] = ["granted_asylum", "nope"]
    with pytest.raises(DataFileError, match="known measures"):
        parse(doc)


def test_a_dataset_name_too_long_for_a_phone_listing_is_refused():
    with pytest.raises(DataFileError, match="26 characters at most"):
        parse_metadata("a_dataset_name_far_too_long_x.metadata.json", PATH.read_bytes())


def test_a_measure_in_force_names_its_months(tmp_path):
    doc = json.loads((DATA / "cbp_border_encounters.metadata.json").read_text())
    meta = parse_metadata("cbp_border_encounters.metadata.json", json.dumps(doc).encode())
    t42 = meta.measure("title42")
    assert (t42.since, t42.until) == ((2020, 3), (2023, 5)) and "11 May 2023" in \
        t42.in_force_note
    doc["measures"]["title42"]["in_force"]["to"] = "May 2023"
    with pytest.raises(DataFileError, match="in_force 'to' must be YYYY-MM"):
        parse_metadata("cbp_border_encounters.metadata.json", json.dumps(doc).encode())
