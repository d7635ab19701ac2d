"""/check and the "Check figures" message menu, end to end through the Discord stand-in."""

from __future__ import annotations

from tests.discord_bot.test_end_to_end import check_limits
from tests.support.paths import ROOT

ARTICLE = ROOT.parent / "shared" / "seed" / "article.txt"

PARAGRAPH = ("In 2020, 48,000 asylum seekers were ordered removed, according to TRAC. That "
             "year, more than 30,000 asylum cases were closed. In April 2024, CBP counted 5,990 "
             "encounters a day at the southwest border. @everyone <@123> **bold**")


async def test_check_answers_in_public_with_each_figure_and_no_pings(standin, bot):
    record = await standin.ask("check", text=PARAGRAPH)
    check_limits(record)
    message = record.message
    assert not message.get("flags", 0) & 64  # a slash command answers in the channel
    embed = message["embeds"][0]
    assert embed["title"] == "Figures checked: 3 figures"
    assert embed["description"].startswith("3 figures: 2 match, 0 close, 1 differs; 0 not "
                                           "checked.")
    names = [f["name"] for f in embed["fields"]]
    assert names[0].startswith("✗ differs: “more than 30,000”")  # what to look at first
    assert "See /outcomes 2020" in embed["fields"][0]["value"]
    assert "@everyone" not in str(message) or "@\u200beveryone" in str(message)


async def test_the_message_menu_checks_that_message_privately(standin, bot):
    assert any(c.get("type") == 3 and c["name"] == "Check figures"
               for scope in standin.registered.values() for c in scope)
    text = ARTICLE.read_text()[:1900] if ARTICLE.exists() else PARAGRAPH
    record = await standin.menu("Check figures", text)
    check_limits(record)
    assert record.message["flags"] & 64  # private by default
    assert "figures:" in record.message["embeds"][0]["description"]
    # Read as published when the message was posted (its snowflake's time).
    assert "Read as published on" in str(record.message)


async def test_a_message_with_only_an_image_gets_a_short_private_answer(standin, bot):
    image = {"id": "1", "filename": "chart.png", "size": 10, "url": "https://x/chart.png",
             "proxy_url": "https://x/chart.png"}
    record = await standin.menu("Check figures", "", attachments=[image])
    assert record.message["flags"] & 64
    assert record.message["content"] == "That message has no text to check (only " \
                                        "attachments)."


async def test_text_with_no_figures_and_empty_text(standin, bot):
    none = await standin.ask("check", text="The court is in Houston.")
    assert "No figures to check" in none.message["content"]
    assert none.message["flags"] & 64


async def test_the_date_option_is_read_and_a_bad_one_is_refused(standin, bot):
    dated = await standin.ask("check", text="In June, Border Patrol recorded 6,068 "
                                            "apprehensions at the southwest border.",
                              date="2025-07-15")
    assert "Read as published on 15 July 2025" in str(dated.message)
    assert "June 2025" in str(dated.message)
    bad = await standin.ask("check", text="In 2020, 48,000 were ordered removed.",
                            date="15/07/2025")
    assert bad.message["flags"] & 64
    assert "write it as YYYY-MM-DD" in bad.message["content"]
