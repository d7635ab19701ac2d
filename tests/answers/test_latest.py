"""The headline commands past TRAC's last year: the courts' own case-level data in TRAC's
three columns, with every answer saying which years come from which source."""

from __future__ import annotations

import pytest

from bot.answers.errors import UnknownYear


def test_a_year_after_trac_s_table_says_how_to_get_it(service):
    with pytest.raises(UnknownYear, match=r"Years available: FY2014 to FY2024.*python -m bot "
                                          "eoir ingest"):
        service.ask("/outcomes 2026")
    with pytest.raises(UnknownYear) as far:
        service.ask("/outcomes 2099")
    assert "ingest" not in str(far.value)  # a year not begun: no promise


def test_outcomes_of_the_latest_year_in_trac_s_columns(case_service):
    answer = case_service.ask("/outcomes 2026")
    assert answer.title.startswith("SYNTHETIC, not real")  # the test release is synthetic
    rows = [r[0] for r in answer.tables[0].rows]
    assert rows[:3] == ["Ordered removed", "Granted asylum", "Allowed to remain"]
    assert not any("Voluntary" in r for r in rows)  # kept apart, as TRAC keeps it
    assert "FY2026" in answer.title and "through June" in answer.title
    text = " ".join(answer.caveats)
    assert "Years from two sources" in text and "TRAC's table" in text
    assert "docs/method-eoir.md" in text
    assert "which both cover, TRAC's table against the case-level count" in text
    assert "EOIR case data" in answer.source.name


def test_compare_and_trend_across_the_two_sources(case_service):
    compared = case_service.ask("/compare 2023 2026")
    assert "FY2026" in compared.headline and "Years from two sources" in " ".join(
        compared.caveats)
    trend = case_service.ask("/trend")
    years = [v.year for v in trend.values]
    assert 2014 in years and 2025 in years and 2026 in years
    assert "EOIR case data" in trend.chart.alt_text


def test_a_dataset_named_is_answered_as_it_is(case_service):
    answer = case_service.ask("/outcomes 2023 dataset=trac_asylum_outcomes")
    assert "Years from two sources" not in " ".join(answer.caveats)
