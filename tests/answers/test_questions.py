"""Parsing commands: the forms people type, and usage help for everything else."""

from __future__ import annotations

import pytest

from bot.answers.errors import UsageError
from bot.answers.questions import Question, parse


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/outcomes 2023", Question("outcomes", (2023,))),
        ("outcomes FY2023", Question("outcomes", (2023,))),
        ("  /OUTCOMES fy23 ", Question("outcomes", (2023,))),
        ("/compare 2020 2023", Question("compare", (2020, 2023))),
        ("/compare 2023 2024 annualize", Question("compare", (2023, 2024), annualize=True)),
        ("/trend", Question("trend")),
        ("/trend 2014-2020", Question("trend", (2014, 2020))),
        ("/totals 2021..2024", Question("totals", (2021, 2024))),
        ("/totals 2021", Question("totals", (2021,))),
        ("/about dataset=other", Question("about", dataset="other")),
        ("/help", Question("help")),
    ],
)
def test_parse(text, expected):
    assert parse(text) == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "Commands:"),
        ("/nope", "Unknown command '/nope'"),
        ("/outcomes", "/outcomes takes one year"),
        ("/outcomes 2020 2021", "/outcomes takes one year"),
        ("/compare 2020", "/compare takes 2 years"),
        ("/outcomes twenty", "'twenty' is not a year"),
        ("/outcomes 99999999999999999999", "is not a year"),
        ("/trend 2020 annualize", "annualize goes with /compare only"),
        ("/about 2020", "/about takes no years"),
        ("/outcomes " + "9" * 300, "longer than 200 characters"),
    ],
)
def test_bad_input_gets_usage_help(text, fragment):
    with pytest.raises(UsageError) as info:
        parse(text)
    assert fragment in str(info.value)


def test_question_text_is_canonical():
    assert parse("compare fy20 2023 annualize dataset=x").text == \
        "/compare 2020 2023 annualize dataset=x"
