"""Fuzzing data files: any bytes give a clear error naming the file, or a correct load."""

from __future__ import annotations

import tracemalloc

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.store.errors import DataFileError
from bot.store.importer import import_csv
from bot.store.validate import MAX_FILE_BYTES, read_rows
from tests.support.metadata import read_metadata
from tests.support.paths import DATA, DATASET

META = read_metadata(DATA / f"{DATASET}.metadata.json")
HEADER = "fiscal_year,period,ordered_removed,granted_asylum,allowed_to_remain"
FUZZ = settings(max_examples=300, deadline=2000,
                suppress_health_check=[HealthCheck.function_scoped_fixture])

cells = st.one_of(
    st.integers(min_value=-10**20, max_value=10**20).map(str),
    st.sampled_from(["=1+1", "+1", "-1", "@SUM(A1)", "=HYPERLINK(\"x\")", "", " ", "1.0",
                     "1e5", "NaN", "null", "full", "through-april", "FY2020", "２０２０",
                     "\"quoted, cell\"", "\u200b", "10,661"]),
    st.text(max_size=8),
)
rows = st.lists(st.lists(cells, min_size=3, max_size=7).map(",".join), max_size=12)


def check(data: bytes) -> None:
    try:
        frame = read_rows("fuzz.csv", data, META)
    except DataFileError as exc:
        assert exc.file == "fuzz.csv" and exc.message
        return
    # Accepted: then every figure is a whole number at or above zero, every year unique.
    assert frame.fiscal_year.is_unique
    for m in META.measures:
        assert (frame[m.name] >= 0).all()
    assert set(frame.period) <= set(META.periods)


@FUZZ
@given(data=st.binary(max_size=2000))
def test_random_bytes(data):
    check(data)


@FUZZ
@given(body=rows, header=st.sampled_from([HEADER, HEADER.upper(), HEADER + ",x",
                                          "fiscal_year,period", ""]))
def test_csv_shaped_text(body, header):
    check(("\n".join([header, *body]) + "\n").encode("utf-8", "surrogatepass"))


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "latin-1", "cp1252", "utf-32"])
def test_wrong_encodings(encoding):
    text = HEADER + "\n2022,full,36250,31859,102550\n2023,full,1,2,3 # révisé\n"
    data = text.encode(encoding)
    try:
        read_rows("enc.csv", data, META)
    except DataFileError as exc:
        assert exc.file == "enc.csv"
    else:
        pytest.fail(f"{encoding} file accepted")


@pytest.mark.parametrize("cell", ["=1+1", "+5", "-5", "@SUM(A1)", "=cmd|' /C calc'!A0"])
def test_formula_cells_are_refused(cell):
    data = f"{HEADER}\n2022,full,{cell},1,2\n".encode()
    with pytest.raises(DataFileError, match="ordered_removed"):
        read_rows("f.csv", data, META)


def test_very_large_file_is_refused_before_it_is_read():
    big = (HEADER + "\n" + "2022,full,1,2,3\n" * 400_000).encode()
    assert len(big) > MAX_FILE_BYTES
    tracemalloc.start()
    with pytest.raises(DataFileError, match="limited to"):
        read_rows("big.csv", big, META)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 1024 * 1024  # not even one copy of the 6 MB was made


def test_file_just_under_the_limit_is_read_in_bounded_memory():
    rows_ = "".join(f"{1900 + i % 201},full,1,2,3\n" for i in range(200_000))
    data = (HEADER + "\n" + rows_).encode()[: MAX_FILE_BYTES - 100]
    tracemalloc.start()
    with pytest.raises(DataFileError, match="appears twice"):
        read_rows("near.csv", data, META)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 200 * 1024 * 1024


@settings(max_examples=40, deadline=5000,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=500))
def test_imports_change_nothing_unless_they_load(loaded, data_dir, data):
    from bot.store.reader import Reader

    before = Reader(loaded).snapshot().version
    try:
        result = import_csv(data_dir, loaded, DATASET, data, max_bytes=10_000, max_rows=100)
    except DataFileError:
        assert Reader(loaded).snapshot().version == before
    else:
        assert Reader(loaded).snapshot().version == result.version
