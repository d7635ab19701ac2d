"""The reviewed mapping file, and `eoir codes` for reviewing it against a release."""

from __future__ import annotations

import pytest

from bot.eoir import codes
from bot.eoir.errors import IngestError
from bot.eoir.review import review
from tests.support.paths import ROOT

PUBLISHED = ROOT / "tests" / "fixtures" / "published"


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


PUBLIC_RECORD = PUBLISHED / "eoir_decision_descriptions.txt"
NOTE = ROOT.parent / "shared" / "notes" / "eoir-case-data.md"


def _listed(path) -> list[str]:
    return [ln.strip() for ln in path.read_text().splitlines()
            if ln.strip() and not ln.startswith("#")]


def test_every_description_in_the_public_record_has_a_class():
    mapping = codes.load()
    described = _listed(PUBLIC_RECORD)
    assert len(described) >= 50
    missing = [d for d in described if mapping.lookup("decision", d) is None]
    assert missing == []
    # Matched without regard to case or spacing: the record writes "Change of Venue",
    # the file "Change Of Venue".
    assert mapping.lookup("decision", "change of  VENUE") == "not_completion"
    assert mapping.lookup("decision", "Deport") == mapping.lookup("decision", "Exclude") \
        == "removal"
    assert mapping.lookup("decision", "Final Grant of EOIR 42B/SUSP") == "other_relief"
    for ruling in ("ZERO BOND", "Affirmed - DHS Decision and no Credible Fear",
                   "Vacate - DHS Decision and Alien's Claimed Status Valid"):
        assert mapping.lookup("decision", ruling) == "outside_asylum"


def test_every_application_ruling_in_the_public_record_has_a_class():
    mapping = codes.load()
    for desc in ("ABANDONMENT", "CONDITIONAL GRANT", "DENY", "FULL GRANT", "GRANT",
                 "IN COURT STIPULATED GRANT", "GRANT WCAT", "NOT ADJUDICATED", "OTHER",
                 "PAPER STIPULATED GRANT", "RESERVED", "ADMIN CLOSURE", "COV/TRANSFER",
                 "WITHDRAWN"):
        assert mapping.lookup("application_decision", desc) is not None, desc


def test_every_line_says_why():
    frame = codes.load().frame
    assert (frame["note"].str.strip() != "").all()


@pytest.mark.skipif(not NOTE.exists(), reason="the shared notes are not beside the checkout")
def test_the_vendored_list_is_the_notes_list():
    note = NOTE.read_text()
    line = next(ln for ln in note[note.index("## 7."):].splitlines()
                if ln.startswith("- Merits and completions"))
    listed = [x.strip() for x in line.split("): ", 1)[1].rstrip(".").split(";")]
    assert listed == _listed(PUBLIC_RECORD)
