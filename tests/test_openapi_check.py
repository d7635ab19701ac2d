"""The OpenAPI check itself catches what it should, so a passing payload means something."""

from __future__ import annotations

from tests.support import openapi


def test_bad_command_definition_is_caught():
    assert openapi.errors("ApplicationCommandCreateRequest", {"name": "x" * 40, "type": 1})


def test_oversized_embed_title_is_caught():
    payload = {"type": 4, "data": {"embeds": [{"title": "t" * 300}]}}
    assert openapi.errors("CreateMessageInteractionCallbackRequest", payload)


def test_valid_message_passes():
    payload = {"type": 4, "data": {"content": "ok", "allowed_mentions": {"parse": []}}}
    assert openapi.errors("CreateMessageInteractionCallbackRequest", payload) == []
