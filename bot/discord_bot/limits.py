"""Discord's published limits, and a check of an outgoing message against them.

discord.py checks none of these; a message over a limit comes back as 400.
"""

from __future__ import annotations

EMBED_TITLE = 256
EMBED_DESCRIPTION = 4096
EMBED_FIELDS = 25
FIELD_NAME = 256
FIELD_VALUE = 1024
FOOTER = 2048
EMBED_TOTAL = 6000
EMBEDS_PER_MESSAGE = 10
CONTENT = 2000
ATTACHMENT_DESCRIPTION = 1024
FILE_BYTES = 10 * 1024 * 1024
AUTOCOMPLETE_CHOICES = 25
CHOICE_NAME = 100


def embed_text_length(embed: dict) -> int:
    """All text of one embed as Discord counts it toward the 6,000 limit."""
    total = len(embed.get("title", "")) + len(embed.get("description", ""))
    total += len(embed.get("footer", {}).get("text", ""))
    total += len(embed.get("author", {}).get("name", ""))
    for field in embed.get("fields", []):
        total += len(field.get("name", "")) + len(field.get("value", ""))
    return total


def problems(message: dict, files: list[tuple[str, bytes]] = ()) -> list[str]:
    """Every limit a message payload (as sent to Discord) breaks; empty when it is fine."""
    out = []
    if len(message.get("content") or "") > CONTENT:
        out.append("content over 2,000 characters")
    embeds = message.get("embeds") or []
    if len(embeds) > EMBEDS_PER_MESSAGE:
        out.append("more than 10 embeds")
    total = 0
    for e in embeds:
        total += embed_text_length(e)
        if len(e.get("title", "")) > EMBED_TITLE:
            out.append("embed title over 256")
        if len(e.get("description", "")) > EMBED_DESCRIPTION:
            out.append("embed description over 4,096")
        if len(e.get("footer", {}).get("text", "")) > FOOTER:
            out.append("footer over 2,048")
        fields = e.get("fields", [])
        if len(fields) > EMBED_FIELDS:
            out.append("more than 25 fields")
        for f in fields:
            if not 0 < len(f.get("name", "")) <= FIELD_NAME:
                out.append(f"field name length {len(f.get('name', ''))}")
            if not 0 < len(f.get("value", "")) <= FIELD_VALUE:
                out.append(f"field value length {len(f.get('value', ''))}")
    if total > EMBED_TOTAL:
        out.append(f"embed text {total} over 6,000")
    for a in message.get("attachments") or []:
        if len(a.get("description") or "") > ATTACHMENT_DESCRIPTION:
            out.append("attachment description over 1,024")
    for name, data in files:
        if len(data) > FILE_BYTES:
            out.append(f"file {name} over 10 MiB")
    return out
