"""Lay out an Answer as one Discord embed with its chart attached, within Discord's limits."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import discord

from bot.answers.model import Answer
from bot.discord_bot import limits
from bot.discord_bot.components import view_for
from bot.discord_bot.sanitize import code, no_mentions, plain

NO_MENTIONS = discord.AllowedMentions.none()
COLOUR = discord.Colour(0x0072B2)
PARTIAL_COLOUR = discord.Colour(0xE69F00)


@dataclass
class Reply:
    """What to send: an embed, its files, and whether only the asker sees it."""

    embed: discord.Embed | None = None
    content: str | None = None
    files: list[tuple[str, bytes, str]] = field(default_factory=list)  # name, data, alt text
    ephemeral: bool = False
    extra_embeds: list[discord.Embed] = field(default_factory=list)
    view: discord.ui.View | None = None  # the answer's buttons and menu

    def kwargs(self) -> dict:
        """Keyword arguments for send_message / followup.send / channel.send."""
        out: dict = {"allowed_mentions": NO_MENTIONS}
        if self.embed is not None and self.extra_embeds:
            out["embeds"] = [self.embed, *self.extra_embeds]
        elif self.embed is not None:
            out["embed"] = self.embed
        if self.content:
            out["content"] = self.content
        if self.files:
            out["files"] = [discord.File(io.BytesIO(data), filename=name, description=alt or None)
                            for name, data, alt in self.files]
        if self.view is not None:
            out["view"] = self.view
        return out

    def edit_kwargs(self) -> dict:
        """Keyword arguments for replacing a message with this reply (edit_message)."""
        out = self.kwargs()
        out["attachments"] = out.pop("files", [])
        out.setdefault("embed", None)
        out.setdefault("content", None)
        out.setdefault("view", None)
        return out


def private(message: str) -> Reply:
    """A plain message only the asker sees; any user or data text in it shows as written."""
    return Reply(content=clip(plain(message), limits.CONTENT), ephemeral=True)


def answer_reply(answer: Answer, png: bytes | None) -> Reply:
    """The answer as one public embed: title, headline, tables, caveats, chart, source."""
    # Everything below comes from the data files or the question: shown as written.
    embed = discord.Embed(
        title=clip(plain(answer.title), limits.EMBED_TITLE),
        url=answer.source.url or None,
        colour=PARTIAL_COLOUR if answer.partial else COLOUR,
    )
    blocks = [f"```\n{code(t.text())}\n```" for t in answer.tables]
    embed.description = clip("\n".join([plain(answer.headline), *blocks]),
                             limits.EMBED_DESCRIPTION)
    for term, text in answer.definitions[:15] if answer.show_definitions else ():
        embed.add_field(name=clip(plain(term), limits.FIELD_NAME),
                        value=clip(plain(text), limits.FIELD_VALUE), inline=False)
    caveats = tuple(plain(c) for c in answer.caveats)
    for i, chunk in enumerate(bullet_chunks(caveats, limits.FIELD_VALUE)):
        embed.add_field(name="Caveats" if i == 0 else "Caveats (continued)", value=chunk,
                        inline=False)
    loaded = answer.source.loaded_at[:10]
    footer = f"{answer.source.full_line} · loaded {loaded}"  # footers show no markdown
    embed.set_footer(text=clip(no_mentions(footer), limits.FOOTER))
    files = []
    if png is not None and answer.chart is not None:
        name = f"{answer.question.slug}.png"
        embed.set_image(url=f"attachment://{name}")
        alt = no_mentions(answer.chart.alt_text)
        files.append((name, png, clip(alt, limits.ATTACHMENT_DESCRIPTION)))
    _fit(embed)
    return Reply(embed=embed, files=files, view=view_for(answer))


def _fit(embed: discord.Embed) -> None:
    """Drop trailing fields (never the footer's source line) until the embed fits 6,000."""
    while len(embed) > limits.EMBED_TOTAL and embed.fields:
        embed.remove_field(len(embed.fields) - 1)


def bullet_chunks(items: tuple[str, ...], size: int) -> list[str]:
    """Bulleted lines grouped into chunks no longer than `size`."""
    chunks: list[str] = []
    current = ""
    for item in items:
        line = clip(f"• {item}", size)
        if current and len(current) + 1 + len(line) > size:
            chunks.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    if current:
        chunks.append(current)
    return chunks


def clip(text: str, size: int) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"
