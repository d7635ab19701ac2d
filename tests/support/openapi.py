"""Check payloads against Discord's published OpenAPI description (tests/fixtures).

The description is marked preview upstream. One known mismatch is smoothed
over here: discord.py sends `attachments[].id` as an integer index where the
description expects a snowflake string.
"""

from __future__ import annotations

import copy
import functools
import json
from pathlib import Path

import jsonschema

SPEC = Path(__file__).resolve().parents[1] / "fixtures" / "discord_openapi.json"


@functools.cache
def _components() -> dict:
    return json.loads(SPEC.read_text())["components"]


@functools.cache
def validator(schema: str) -> jsonschema.Draft202012Validator:
    doc = {"$ref": f"#/components/schemas/{schema}", "components": _components()}
    return jsonschema.Draft202012Validator(doc)


def errors(schema: str, payload: dict) -> list[str]:
    """Every way `payload` breaks the named schema, as readable lines."""
    payload = copy.deepcopy(payload)
    message = payload.get("data", payload) if isinstance(payload.get("data"), dict) else payload
    for attachment in message.get("attachments") or []:
        attachment["id"] = str(attachment["id"])
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator(schema).iter_errors(payload)]
