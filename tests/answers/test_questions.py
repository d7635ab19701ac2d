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
        ("/outcomes FY 2023", Question("outcomes", (2023,))),
        ("/compare 2020 2023", Question("compare", (2020, 2023))),
        ("/compare 2023 2024 raw", Question("compare", (2023, 2024), raw=True)),
        # Like for like is the default now; the old word still works and changes nothing.
        ("/compare 2023 2024 annualize", Question("compare", (2023, 2024))),
        ("/trend", Question("trend")),
        ("/trend 2014-2020", Question("trend", (2014, 2020))),
        ("/trend FY21-24", Question("trend", (2021, 2024))),
        ("/trend FY2021-FY2024", Question("trend", (2021, 2024))),
        ("/totals 2021-24", Question("totals", (2021, 2024))),
        ("/totals 2021 - 2024", Question("totals", (2021, 2024))),
        ("/totals 2021 to 2024", Question("totals", (2021, 2024))),
        ("/totals 2021..2024", Question("totals", (2021, 2024))),
        ("/totals 2021", Question("totals", (2021,))),
        ("/about dataset=other", Question("about", dataset="other")),
        ("/about dataset = other", Question("about", dataset="other")),
        ("/about dataset: other", Question("about", dataset="other")),
        ("/help", Question("help")),
        ("/help outcomes", Question("help", topic="outcomes")),
        ("/help /compare", Question("help", topic="compare")),
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
        ("/outcomes twenty", "'twenty' is not a year; write a year as 2023, FY2023 or FY23"),
        ("/compare 2020 2023 rwa", "'rwa' is not a year or raw"),
        ("/outcomes 99999999999999999999", "is not a year"),
        ("/trend 2020 raw", "'raw' is not a year"),
        ("/about 2020", "/about takes no years"),
        ("/about dataset=", "dataset= needs a name"),
        ("/outcomes " + "9" * 300, "longer than 200 characters"),
    ],
)
def test_bad_input_gets_usage_help(text, fragment):
    with pytest.raises(UsageError) as info:
        parse(text)
    assert fragment in str(info.value)


def test_question_text_is_canonical():
    assert parse("compare fy20 2023 raw dataset=x").text == "/compare 2020 2023 raw dataset=x"
    assert parse("help outcomes").text == "/help outcomes"


def test_help_for_one_command_and_for_an_unknown_one(service):
    answer = service.ask("/help totals")
    assert answer.definitions == (("/totals START [END]", answer.definitions[0][1]),)
    with pytest.raises(UsageError, match=r"There is no command /nope\. Commands: /outcomes"):
        service.ask("/help nope")
