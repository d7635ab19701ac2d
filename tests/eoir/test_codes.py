"""The reviewed mapping file, and `eoir codes` for reviewing it against a release."""

from __future__ import annotations

import pytest

from bot.eoir import codes
from bot.eoir.errors import IngestError
from bot.eoir.review import review


def test_the_shipped_mapping_loads_and_covers_every_outcome():
    mapping = codes.load()
    assert set(mapping.classes["decision"].values()) == set(codes.CLASSES["decision"])
    assert mapping.codes("application", "asylum") == ["ASYL"]
    assert mapping.lookup("decision", "  remove ") == "removal"
    assert len(mapping.version) == 8


@pytest.mark.parametrize(("line", "message"), [
    ("decision,Remove,deported,", "row 2, column class: 'deported' is not a class"),
    ("verdict,Remove,removal,", "row 2, column kind: 'verdict'"),
    ("decision,,removal,", "row 2, column description: empty"),
])
def test_a_bad_mapping_line_names_row_and_column(tmp_path, line, message):
    path = tmp_path / "codes.csv"
    path.write_text(f"kind,description,class,note\n{line}\n")
    with pytest.raises(IngestError, match=message):
        codes.load(path)


def test_a_description_mapped_twice_is_refused(tmp_path):
    path = tmp_path / "codes.csv"
    path.write_text("kind,description,class,note\ndecision,Remove,removal,\n"
                    "decision,REMOVE,other,\n")
    with pytest.raises(IngestError, match=r"row 3.*mapped twice"):
        codes.load(path)


def test_review_lists_every_code_with_its_class_and_count(release):
    text = review(release, bar=False)
    assert "RMV  X   C  Remove" in text
    assert "RMV  T   O  Transfer" in text and "RMV  T   C  Terminated" in text
    assert "not_completion" in text
    assert "GRANT WCAT" in text
    assert "Descriptions with no class: 0" in text
