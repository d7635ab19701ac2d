"""What answers offer next: every button and menu option is a question that answers."""

from __future__ import annotations

import pytest

from bot.answers.followups import MAX_ID


@pytest.mark.parametrize("question", [
    "/outcomes 2023", "/outcomes 2014", "/outcomes 2024", "/compare 2020 2023",
    "/totals 2021 2023", "/grants 2022", "/encounters 2024-04", "/encounters 2025",
    "/outcomes 2022 dataset=usbp_encounters_by_region",
])
def test_every_follow_up_answers(service, question):
    answer = service.ask(question)
    assert answer.followups
    for f in answer.followups:
        assert len(f.custom_id) <= MAX_ID
        assert service.ask(f.question).question.text == f.question


def test_the_ends_of_the_data_have_no_step_past_them(service):
    assert next(f.label for f in service.ask("/outcomes 2014").followups) == "FY2015 ▶"
    labels = [f.label for f in service.ask("/outcomes 2023").followups]
    assert labels[:2] == ["◀ FY2022", "FY2024* ▶"]  # the partial year marked
    assert not any("▶" in f.label for f in service.ask("/outcomes 2024").followups)
    month = [f.label for f in service.ask("/encounters 2021-10").followups]
    assert month[0] == "Nov 21 ▶"


def test_case_level_follow_ups_keep_the_breakdown_and_rankings_offer_a_menu(case_service):
    answer = case_service.ask("/outcomes 2023 court=HOU")
    assert "/trend court=HOU" in [f.question for f in answer.followups]
    ranking = case_service.ask("/courts 2023")
    assert ranking.menu is not None and len(ranking.menu.options) <= 25
    _label, question = ranking.menu.options[0]
    assert question.startswith("/judges ") and question.endswith(" 2023")
    assert case_service.ask(question).question.command == "judges"


def test_json_and_console_list_the_follow_ups(service):
    answer = service.ask("/compare 2020 2023")
    doc = answer.to_json()
    assert doc["followups"][0] == {"label": "◀ FY2022", "command": "/compare 2020 2022",
                                   "csv": False}
    assert "Next: ◀ FY2022 (/compare 2020 2022)" in answer.text()
