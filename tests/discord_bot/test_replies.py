"""Laying out answers as embeds: content, limits, and no mentions, for every question."""

from __future__ import annotations

import discord

from bot.answers.model import Answer
from bot.discord_bot import limits
from bot.discord_bot.layout import answer_reply, bullet_chunks, clip, private
from tests.support.questions import all_questions


def payload(reply) -> dict:
    data = reply.embed.to_dict()
    return {"embeds": [data], "attachments": [{"description": alt} for _, _, alt in reply.files]}


def test_every_answer_fits_discords_limits(service):
    for q in all_questions(service):
        answer = service.ask(q)
        reply = answer_reply(answer, b"png" if answer.chart else None)
        assert limits.problems(payload(reply)) == [], q
        assert len(reply.embed) <= limits.EMBED_TOTAL


def test_embed_layout(service):
    answer = service.ask("/outcomes 2024")
    reply = answer_reply(answer, b"png-bytes")
    e = reply.embed
    assert e.title == answer.title
    assert e.url == "https://trac.syr.edu/immigration/"
    assert e.description.startswith(answer.headline + "\n```\nFY2024*")
    assert e.footer.text.startswith("Source: TRAC Immigration, Syracuse University, as of "
                                    "May 2024 · data ")
    assert e.image.url == "attachment://outcomes-2024.png"
    ((name, data, alt),) = reply.files
    assert (name, data) == ("outcomes-2024.png", b"png-bytes")
    assert alt == answer.chart.alt_text
    assert e.colour.value == 0xE69F00  # partial years stand out


def test_kwargs_never_ping():
    kwargs = private("hi").kwargs()
    assert kwargs["allowed_mentions"].to_dict() == {"parse": []}
    assert kwargs["content"] == "hi"


def test_files_carry_alt_text(service):
    reply = answer_reply(service.ask("/outcomes 2022"), b"x")
    (file,) = reply.kwargs()["files"]
    assert isinstance(file, discord.File)
    assert "102,550" in file.description


def test_oversized_embed_drops_fields_but_keeps_source(service):
    base = service.ask("/about")
    big = Answer(base.question, base.title, base.headline, base.tables,
                 tuple("x" * 900 for _ in range(12)), base.source)
    reply = answer_reply(big, None)
    assert len(reply.embed) <= limits.EMBED_TOTAL
    assert reply.embed.footer.text.startswith("Source:")


def test_bullet_chunks_respect_size():
    chunks = bullet_chunks(("a" * 600, "b" * 600, "c" * 2000), 1024)
    assert all(len(c) <= 1024 for c in chunks)
    assert len(chunks) == 3


def test_clip():
    assert clip("abcdef", 4) == "abc…"
    assert clip("abc", 4) == "abc"


def test_limits_catch_problems():
    bad = {"content": "x" * 2001,
           "embeds": [{"title": "t" * 257, "fields": [{"name": "", "value": "v"}]}]}
    found = limits.problems(bad)
    assert "content over 2,000 characters" in found
    assert "embed title over 256" in found
    assert any(p.startswith("field name length") for p in found)
