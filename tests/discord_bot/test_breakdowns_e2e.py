"""The case-level commands through the real client and the Discord stand-in."""

from __future__ import annotations

import dataclasses

import pytest

from tests.support.bot import running


@pytest.fixture
async def case_bot(standin, settings, case_store):
    async with running(dataclasses.replace(settings, eoir_db_path=case_store)) as b:
        yield b


def _embed(record) -> dict:
    (embed,) = record.message["embeds"]
    return embed


async def test_outcomes_at_one_court(standin, case_bot):
    record = await standin.ask("outcomes", year=2023, court="HOU")
    embed = _embed(record)
    assert "Houston, TX (HOU)" in embed["title"]
    assert "Granted asylum" in embed["description"]
    assert "release of 1 July 2026" in embed["footer"]["text"]
    assert record.message["allowed_mentions"] == {"parse": []}
    assert record.final.files  # the chart


async def test_court_autocomplete_finds_both_houston_courts(standin, case_bot):
    record = await standin.interact("outcomes", focused="court", year=2023, court="houston")
    await record.done.wait()
    choices = record.callbacks[0].json["data"]["choices"]
    assert [c["value"] for c in choices] == ["HLG", "HOU"]
    assert choices[1]["name"] == "Houston, TX (HOU)"


async def test_nationality_autocomplete_matches_inside_a_name(standin, case_bot):
    record = await standin.interact("courts", focused="nationality", year=2023,
                                    nationality="venez")
    await record.done.wait()
    assert record.callbacks[0].json["data"]["choices"] == [{"name": "Venezuela", "value": "VE"}]


async def test_year_autocomplete_of_a_ranking_offers_the_release_years(standin, case_bot):
    record = await standin.interact("courts", focused="year", year="2026")
    await record.done.wait()
    assert record.callbacks[0].json["data"]["choices"] == [
        {"name": "2026 (through June)", "value": 2026}]


async def test_courts_judges_and_representation(standin, case_bot):
    courts = _embed(await standin.ask("courts", year=2023))
    assert courts["title"] == "SYNTHETIC, not real: Asylum grant rate by court, FY2023"
    assert "Decided Granted" in courts["description"]
    judges = _embed(await standin.ask("judges", court="HOU", year=2023, min_decisions=20))
    assert judges["title"] == ("SYNTHETIC, not real: Asylum grant rate by judge, FY2023: "
                               "Houston, TX (HOU)")
    rep = _embed(await standin.ask("representation", year=2024, court="SFR"))
    assert "With a lawyer" in rep["description"]


async def test_an_ambiguous_court_gets_a_private_message(standin, case_bot):
    record = await standin.ask("outcomes", year=2023, court="houston")
    assert record.message["flags"] & 64
    assert "matches 2 courts" in record.message["content"]


async def test_without_a_release_the_bot_says_how_to_ingest(standin, bot):
    record = await standin.ask("courts", year=2023)
    assert record.message["flags"] & 64
    assert "python -m bot eoir ingest" in record.message["content"]
    complete = await standin.interact("outcomes", focused="court", year=2023, court="hou")
    await complete.done.wait()
    assert complete.callbacks[0].json["data"]["choices"] == []
