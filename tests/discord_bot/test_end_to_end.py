"""The unmodified discord.py client, running the real bot, against the local stand-in."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from bot.discord_bot import limits
from tests.support import openapi
from tests.support.bot import running, with_settings
from tests.support.discord_standin import GUILD_ID
from tests.support.mocks import shown

COMMAND_NAME = re.compile(r"^[-_'\w]{1,32}$")


def check_limits(record) -> None:
    """The reply keeps Discord's limits, matches its API description, and pings no one."""
    body = record.final.json or {}
    schema = ("IncomingWebhookRequestPartial" if record.followups
              else "CreateMessageInteractionCallbackRequest")
    assert openapi.errors(schema, body) == []
    message = body.get("data", body)
    files = list(record.final.files.values())
    assert limits.problems(message, files) == []
    assert message.get("allowed_mentions") == {"parse": []}


def text_of(item: dict) -> int:
    """Check one command or option against Discord's rules; return its text length."""
    if item.get("type") in (2, 3) and not item.get("description"):  # a context menu
        assert 1 <= len(item["name"]) <= 32  # any name of 1-32 characters, no description
        return len(item["name"])
    assert COMMAND_NAME.match(item["name"]) and item["name"] == item["name"].lower()
    assert 1 <= len(item["description"]) <= 100
    assert len(item.get("options", [])) <= 25
    assert len(item.get("choices", [])) <= 25
    assert not (item.get("autocomplete") and item.get("choices"))
    text = len(item["name"]) + len(item["description"])
    text += sum(len(ch["name"]) + len(str(ch["value"])) for ch in item.get("choices", []))
    return text + sum(text_of(o) for o in item.get("options", []))


async def test_commands_registered_to_the_guild_follow_discords_rules(standin, bot):
    commands = standin.registered[str(GUILD_ID)]
    assert {c["name"] for c in commands} == {"outcomes", "compare", "trend", "totals",
                                             "encounters", "backlog", "sources", "grants",
                                             "courts", "nationalities", "representation",
                                             "judges", "datasets",
                                             "about",
                                             "export", "schedule", "alerts", "changes", "data",
                                             "check", "Check figures"}
    for c in commands:
        assert text_of(c) <= 8000
    (put,) = [c for c in standin.calls if c.method == "PUT"]
    for definition in put.json:
        assert openapi.errors("ApplicationCommandCreateRequest", definition) == []
    assert "global" not in standin.registered


async def test_outcomes_reply_is_an_embed_with_table_chart_and_source(standin, bot):
    record = await standin.ask("outcomes", year=2022)
    assert record.ack_seconds < 3
    message = record.message
    (embed,) = message["embeds"]
    assert embed["title"] == "Asylum case outcomes in US immigration courts, FY2022"
    assert "Allowed to remain 102,550  60.1%" in embed["description"]
    assert embed["description"].count("```") == 4
    assert embed["footer"]["text"].startswith(
        "Source: TRAC Immigration, Syracuse University, as of May 2024")
    assert any(f["name"] == "Caveats" for f in embed["fields"])
    (name, png), = record.final.files.values()
    assert embed["image"]["url"] == f"attachment://{name}"
    assert Image.open(io.BytesIO(png)).size == (1200, 675)
    (attachment,) = message["attachments"]
    assert "102,550" in attachment["description"]
    assert message.get("flags", 0) & 64 == 0  # public
    check_limits(record)


@pytest.mark.parametrize(
    ("command", "options", "expected"),
    [
        ("compare", {"first": 2014, "second": 2022}, "9.9 times as many"),
        ("compare", {"first": 2023, "second": 2024}, "estimated for FY2024"),
        ("compare", {"first": 2023, "second": 2024, "raw": True}, "not comparable"),
        ("changes", {}, "No figures have been revised"),
        ("grants", {"year": 2023}, "32,050 of 54,350 people granted asylum"),
        ("grants", {}, "FY1990 to FY2023"),
        ("datasets", {}, "dhs_asylum_grants"),
        ("encounters", {"period": "2024-04"}, "5,991 a day over its 30 days"),
        ("encounters", {"period": "April 2024"}, "5,991 a day over its 30 days"),
        ("encounters", {"period": "2025"}, "FY2025 (through August)"),
        ("encounters", {"region": "coastal"}, "Border Patrol encounters, coastal border"),
        ("backlog", {"year": 2020}, "The newer release counts 245,364 more"),
        ("backlog", {}, "FY2008 to FY2024"),
        ("sources", {"topic": "granted", "year": 2022}, "TRAC report 703"),
        ("trend", {}, "FY2024*"),
        ("trend", {"end": 2016}, "FY2014 to FY2016"),
        ("totals", {"start": 2021}, "499,076"),
        ("about", {}, "Data version"),
    ],
)
async def test_every_command_answers_within_limits(standin, bot, command, options, expected):
    record = await standin.ask(command, **options)
    assert record.ack_seconds < 3
    embed = record.message["embeds"][0]
    text = embed["title"] + embed["description"] + str(embed.get("fields"))
    assert expected in text
    check_limits(record)


async def test_partial_year_is_labelled_in_discord(standin, bot):
    record = await standin.ask("outcomes", year=2024)
    embed = record.message["embeds"][0]
    assert "FY2024 (through April)" in embed["title"]
    assert "FY2024*" in embed["description"]
    assert "7 of 12 months" in embed["fields"][0]["value"]


async def test_wrong_year_gets_a_private_reply_naming_the_years(standin, bot):
    record = await standin.ask("outcomes", year=2030)
    message = record.message
    assert message["flags"] & 64  # ephemeral
    assert message["content"] == (
        "No figures for FY2030 in Asylum case outcomes in US immigration courts. "
        "Years available: FY2014 to FY2024; FY2024 covers through April only.")
    check_limits(record)


async def test_unknown_dataset_is_a_private_reply(standin, bot):
    record = await standin.ask("about", dataset="nope")
    assert record.message["flags"] & 64
    assert ("Datasets: cbp_border_encounters, cbp_encounters_annual, dhs_asylum_grants, "
            "eoir_workload, "
            "reported_figures, trac_asylum_outcomes, usbp_encounters_by_region."
            in shown(record.message["content"]))


async def test_year_autocomplete_labels_partial_year(standin, bot):
    record = await standin.interact("outcomes", focused="year", year="20")
    await record.done.wait()
    body = record.callbacks[0].json
    assert body["type"] == 8
    choices = body["data"]["choices"]
    assert choices[0] == {"name": "2024 (through April)", "value": 2024}
    assert {"name": "2014", "value": 2014} in choices
    assert len(choices) <= 25


async def test_year_autocomplete_filters(standin, bot):
    record = await standin.interact("compare", focused="second", first=2014, second="FY202")
    await record.done.wait()
    values = [c["value"] for c in record.callbacks[0].json["data"]["choices"]]
    assert values == [2024, 2023, 2022, 2021, 2020]


async def test_dataset_autocomplete(standin, bot):
    record = await standin.interact("about", focused="dataset", dataset="trac")
    await record.done.wait()
    (choice,) = record.callbacks[0].json["data"]["choices"]
    assert choice["value"] == "trac_asylum_outcomes"


async def test_export_returns_the_table_just_shown(standin, bot):
    empty = await standin.ask("export")
    assert empty.message["flags"] & 64
    assert "Nothing to export yet" in empty.message["content"]
    await standin.ask("compare", first=2014, second=2022)
    record = await standin.ask("export")
    files = dict(record.final.files.values())
    assert sorted(files) == ["compare-2014-2022-2.csv", "compare-2014-2022.csv"]
    assert files["compare-2014-2022.csv"].decode().splitlines() == [
        ",FY2014,FY2022",
        "Ordered removed,10661,36250",
        "Granted asylum,12816,31859",
        "Allowed to remain,10405,102550",
        "Total,33882,170659",
        "# Source: TRAC Immigration, Syracuse University, as of May 2024",
    ]
    assert "as of May 2024" in record.message["content"]
    check_limits(record)


async def test_export_keeps_the_partial_year_label(standin, bot):
    await standin.ask("trend", start=2022)
    record = await standin.ask("export")
    ((_, data),) = record.final.files.values()
    lines = data.decode().splitlines()
    assert lines[-3].startswith("FY2024 (through April),33349,26514,113843,173706")
    assert lines[-2] == "# * FY2024: through April only (7 of 12 months)."
    assert lines[-1].startswith("# Source: TRAC Immigration")


async def test_unexpected_error_is_logged_and_apologised_for(standin, bot, caplog,
                                                             monkeypatch):
    def boom(question):
        raise RuntimeError("secret internals /var/db")

    monkeypatch.setattr(bot.service, "ask", boom)
    record = await standin.ask("outcomes", year=2022)
    assert record.message["flags"] & 64
    assert record.message["content"].startswith("Sorry, something went wrong")
    assert "internals" not in record.message["content"]
    assert "secret internals" in caplog.text  # the traceback is in the log


async def test_slow_answer_is_deferred_then_followed_up(standin, bot, monkeypatch):
    import time

    real = bot.service.chart_png

    def slow(answer):
        time.sleep(1.5)
        return real(answer)

    monkeypatch.setattr(bot.service, "chart_png", slow)
    record = await standin.ask("outcomes", year=2021)
    assert record.deferred
    assert record.ack_seconds < 1.5
    assert record.followups and record.message["embeds"][0]["title"].endswith("FY2021")
    check_limits(record)


async def test_sharded_bot_connects(standin, settings):
    async with running(with_settings(settings, shard_count=1)) as sharded:
        assert sharded.shard_count == 1
        record = await standin.ask("outcomes", year=2022)
    assert record.message["embeds"]


async def test_grants_year_autocomplete_offers_the_dhs_years(standin, bot):
    record = await standin.interact("grants", focused="year", year="199")
    await record.done.wait()
    values = [c["value"] for c in record.callbacks[0].json["data"]["choices"]]
    assert values == list(range(1999, 1989, -1))


async def test_encounters_period_autocomplete_offers_months_and_years(standin, bot):
    record = await standin.interact("encounters", focused="period", period="april 2024")
    await record.done.wait()
    choices = record.callbacks[0].json["data"]["choices"]
    assert choices == [{"name": "April 2024 (FY2024)", "value": "2024-04"}]
    newest = await standin.interact("encounters", focused="period", period="")
    await newest.done.wait()
    values = [c["value"] for c in newest.callbacks[0].json["data"]["choices"]]
    assert values[:2] == ["2025-08", "2025-07"] and len(values) == 25


async def test_encounters_with_a_month_that_is_not_there_says_which_there_are(standin, bot):
    record = await standin.ask("encounters", period="2026-05")
    assert record.message["flags"] & 64
    assert "Months available: October 2021 to August 2025" in record.message["content"]
