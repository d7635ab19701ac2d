"""Make text from the data or from a user safe to show in Discord.

Nothing the bot sends can ping anyone (every message goes out with mentions
disabled), but text can still render as a mention pill, as markdown, or break
out of a code block and wreck a table. These functions keep it showing exactly
as written.
"""

from __future__ import annotations

import re

import discord

ZWSP = "\u200b"  # zero-width space: invisible, but breaks the mention syntax
_EVERYONE = re.compile(r"@(everyone|here)")
_USER_OR_ROLE = re.compile(r"<@([!&]?)(\d+)>")  # channel mentions <#id> are left as links
_LINE_START = re.compile(r"(?m)^(\s*)([>#-])")


def no_mentions(text: str) -> str:
    """@everyone, @here, <@id> and <@&id> shown as text, never as mentions."""
    text = _EVERYONE.sub(f"@{ZWSP}\\1", text)
    return _USER_OR_ROLE.sub(f"<@\\1{ZWSP}\\2>", text)


def plain(text: str) -> str:
    """Text shown as written: no markdown, no mentions, no quote or heading at a line start."""
    text = discord.utils.escape_markdown(text, ignore_links=False)
    text = _LINE_START.sub(r"\1\\\2", text)
    return no_mentions(text)


def code(text: str) -> str:
    """Text for inside a ``` block: a backtick in the data cannot close the block."""
    return no_mentions(text.replace("`", "ˋ"))
