"""Number formatting and the 40-column table rule."""

from __future__ import annotations

import pytest

from bot.answers import fmt
from bot.answers.questions import COMMANDS
from bot.answers.tables import MAX_WIDTH, Table, safe_cell, wrap
from tests.support.questions import all_questions


@pytest.mark.parametrize(
    ("func", "value", "expected"),
    [
        (fmt.count, 1234567, "1,234,567"),
        (fmt.signed, 18251, "+18,251"),
        (fmt.signed, -4079, "-4,079"),
        (fmt.signed, 0, "0"),
        (fmt.pct, 0.60092, "60.1%"),
        (fmt.pct, None, "n/a"),
        (fmt.signed_pct, 1.0141, "+101.4%"),
        (fmt.signed_pct, -0.2375, "-23.8%"),
        (fmt.signed_pct, 23.068, "+2,306.8%"),
        (fmt.signed_pct, 0.00001, "0.0%"),
        (fmt.ratio, 9.856, "9.9×"),
    ],
)
def test_formats(func, value, expected):
    assert func(value) == expected


def test_too_wide_table_is_refused():
    t = Table(("a", "b"), (("x" * 30, "y" * 12),), (("x", "y"),), "lr")
    with pytest.raises(ValueError, match="wider than 40"):
        t.text()


def test_wrap_never_exceeds_width():
    lines = wrap("a " * 30 + "b" * 95, 40)
    assert all(len(line) <= 40 for line in lines)
    assert "".join(lines).replace(" ", "") == "a" * 30 + "b" * 95


def test_csv_escapes_formula_cells():
    t = Table(("Label", "n"), (("=SUM(A1)", "1"),), (("=SUM(A1)", 1), ("@x", -5)), "lr")
    assert t.csv() == "Label,n\n'=SUM(A1),1\n'@x,-5\n"
    assert safe_cell("+1") == "'+1" and safe_cell("-1") == "'-1" and safe_cell(3) == 3


def test_every_table_for_every_question_fits_a_phone(service):
    questions = all_questions(service)
    assert len(questions) > 100
    for q in questions:
        for table in service.ask(q).tables:
            assert all(len(line) <= MAX_WIDTH for line in table.text().splitlines()), q


def test_every_command_has_a_handler():
    from bot.answers.questions import CASE_COMMANDS
    from bot.answers.service import HANDLERS

    # The rankings answer from the case-level release, through bot.answers.breakdowns.
    assert set(HANDLERS) | set(CASE_COMMANDS) == set(COMMANDS)
    assert not set(HANDLERS) & set(CASE_COMMANDS)
