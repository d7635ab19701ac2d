"""Text from the data or from a user can neither ping anyone nor break a message's layout."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from bot.discord_bot.sanitize import ZWSP, code, no_mentions, plain
from bot.store.loader import load
from tests.support.bot import running
from tests.support.discord_standin import (
    CHANNEL_ID,
    MANAGE_GUILD,
    MEMBER_PERMISSIONS,
    ChannelOption,
)
from tests.support.paths import DATASET

HOSTILE = ["@everyone", "@here", "<@123>", "<@!123>", "<@&123>", "**bold**", "> quote",
           "# heading", "```", "[link](https://example.com)", "||spoiler||"]
RAW_MENTION = re.compile(r"@(everyone|here)|<@[!&]?\d+>")


@pytest.mark.parametrize("text", HOSTILE)
def test_plain_shows_text_as_written(text):
    out = plain(text)
    assert not RAW_MENTION.search(out)
    assert out.replace("\\", "").replace(ZWSP, "") == text


def test_code_cannot_close_a_block():
    assert "`" not in code("a ``` b")
    assert not RAW_MENTION.search(code("@everyone <@&1>"))


def test_channel_links_are_kept():
    assert no_mentions("<#123> <@456>") == f"<#123> <@{ZWSP}456>"


@pytest.fixture
def hostile_store(data_dir, loaded):
    """A second dataset whose metadata tries every trick."""
    shutil.copy(data_dir / f"{DATASET}.csv", data_dir / "hostile.csv")
    meta = json.loads((data_dir / f"{DATASET}.metadata.json").read_text())
    meta["title"] = "@everyone **Asylum** <@123>"
    meta["description"] = "> quoted\n# heading @here"
    meta["measures"]["ordered_removed"] = {"label": "<@&123>```", "short": "```"}
    meta["caveats"] = ["@everyone read [this](https://example.com)", "<@!42> ||spoiler||"]
    meta["source"] = "Source <@123> @here"
    (data_dir / "hostile.metadata.json").write_text(json.dumps(meta))
    load(data_dir, loaded)
    return loaded


def visible_text(message: dict) -> str:
    parts = [message.get("content") or ""]
    for e in message.get("embeds") or []:
        parts += [e.get("title", ""), e.get("description", ""), e.get("footer", {}).get("text", "")]
        parts += [f["name"] + f["value"] for f in e.get("fields", [])]
    parts += [a.get("description") or "" for a in message.get("attachments") or []]
    return "\n".join(parts)


@pytest.mark.parametrize(("command", "options"), [
    ("outcomes", {"year": 2022}), ("trend", {}), ("about", {}), ("compare", {"first": 2014,
                                                                            "second": 2022})])
async def test_hostile_data_reaches_discord_as_text(standin, settings, hostile_store, command,
                                                    options):
    async with running(settings):
        record = await standin.ask(command, dataset="hostile", **options)
    message = record.message
    assert message["allowed_mentions"] == {"parse": []}
    text = visible_text(message)
    assert not RAW_MENTION.search(text)
    description = message["embeds"][0]["description"]
    pieces = description.split("```")
    assert len(pieces) % 2 == 1  # every code block is closed
    blocks = pieces[1::2]
    assert all(b.startswith("\n") and b.endswith("\n") for b in blocks)  # one block per table
    assert all("`" not in b for b in blocks)


async def test_hostile_user_input_is_echoed_as_text(standin, settings):
    async with running(settings):
        record = await standin.ask("schedule add", channel=ChannelOption(CHANNEL_ID),
                                   time="@everyone <@123> **now**", timezone="UTC",
                                   cadence="daily", permissions=MEMBER_PERMISSIONS | MANAGE_GUILD)
        other = await standin.ask("about", dataset="<@&999>")
    for r in (record, other):
        assert r.message["flags"] & 64
        assert not RAW_MENTION.search(r.message["content"])
        assert r.message["allowed_mentions"] == {"parse": []}
