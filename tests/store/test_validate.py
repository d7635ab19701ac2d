"""Every way a data file can be wrong gets one error naming file, line and column."""

from __future__ import annotations

import pytest

from bot.store.errors import DataFileError
from bot.store.validate import read_rows
from tests.support.metadata import read_metadata
from tests.support.paths import DATA, DATASET

META = read_metadata(DATA / f"{DATASET}.metadata.json")
HEADER = "fiscal_year,period,ordered_removed,granted_asylum,allowed_to_remain\n"
GOOD = HEADER + "2022,full,36250,31859,102550\n2023,full,52440,43113,149305\n"


def check(content: str | bytes):
    data = content.encode() if isinstance(content, str) else content
    return read_rows("x.csv", data, META)


def test_good_file_reads_typed_rows():
    frame = check(GOOD)
    assert frame.to_dict(orient="records")[0] == {
        "fiscal_year": 2022, "period": "full", "ordered_removed": 36250,
        "granted_asylum": 31859, "allowed_to_remain": 102550,
    }


def test_shipped_file_reads():
    frame = check((DATA / f"{DATASET}.csv").read_bytes())
    assert list(frame.fiscal_year) == list(range(2014, 2025))
    assert frame.iloc[-1].period == "through-april"


@pytest.mark.parametrize(
    ("content", "line", "column", "fragment"),
    [
        ("", None, None, "file is empty"),
        ("\n\n", None, None, "file is empty"),
        (HEADER, 2, None, "no data rows"),
        ("fiscal_year,period,ordered_removed,granted_asylum\n2022,full,1,2\n", 1,
         "allowed_to_remain", "missing"),
        (HEADER.strip() + ",extra\n2022,full,1,2,3,4\n", 1, "extra", "not described"),
        (HEADER + "2022,full,36250.5,31859,102550\n", 2, "ordered_removed", "not a whole number"),
        (HEADER + "2022,full,-5,31859,102550\n", 2, "ordered_removed", "negative"),
        (HEADER + "2022,full,36250,,102550\n", 2, "granted_asylum", "empty"),
        (HEADER + "2022,full,\"36,250\",31859,102550\n", 2, "ordered_removed",
         "not a whole number"),
        (HEADER + "2022,full,=1+1,31859,102550\n", 2, "ordered_removed", "not a whole number"),
        (GOOD + "2022,full,1,2,3\n", 4, "fiscal_year", "appears twice (first on line 2)"),
        (HEADER + "twenty22,full,1,2,3\n", 2, "fiscal_year", "not a fiscal year"),
        (HEADER + "1066,full,1,2,3\n", 2, "fiscal_year", "not a fiscal year"),
        (HEADER + "2022,through-may,1,2,3\n", 2, "period", "not explained in the metadata"),
        (GOOD + "\n2024,full,1,2,3\n", 4, "fiscal_year", "not a fiscal year"),
    ],
)
def test_bad_files_name_line_and_column(content, line, column, fragment):
    with pytest.raises(DataFileError) as info:
        check(content)
    err = info.value
    assert (err.file, err.row, err.column) == ("x.csv", line, column)
    assert fragment in err.message
    assert str(err).startswith("x.csv")


def test_byte_order_mark_is_refused():
    with pytest.raises(DataFileError, match="byte-order mark") as info:
        check(b"\xef\xbb\xbf" + GOOD.encode())
    assert info.value.row == 1


def test_non_utf8_names_the_line():
    data = GOOD.encode() + "2024,full,1,2,3 # r\xe9vis\xe9\n".encode("latin-1")
    with pytest.raises(DataFileError, match="not UTF-8") as info:
        check(data)
    assert info.value.row == 4


def test_error_message_reads_as_one_line():
    with pytest.raises(DataFileError) as info:
        check(HEADER + "2022,full,-5,31859,102550\n")
    assert str(info.value) == (
        "x.csv, line 2, column 'ordered_removed': '-5' is negative; counts cannot be below zero"
    )
