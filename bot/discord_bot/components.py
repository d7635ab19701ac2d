"""Answers you can click: the buttons and the menu an answer carries, and what a press does.

Each button's custom id is the question it asks ("ask:/outcomes 2022", "csv:/compare
2020 2023"), and a menu's options are questions too, so nothing is held in memory: a
press is answered after a restart, or after the data changed, the same way as a typed
command. discord.py's dynamic items match the ids by pattern (`add_dynamic_items`).

Who sees what: pressing a button on your own answer replaces that answer; pressing one
on someone else's answer, or on a scheduled or alert post, answers you privately and
leaves theirs alone.
"""

from __future__ import annotations

import re

import discord

from bot.answers.followups import ASK, CSV, PICK
from bot.answers.model import Answer

# Discord's limits: five buttons a row, five rows; a menu on a row of its own.
BUTTONS_PER_ROW = 5


class AskButton(discord.ui.DynamicItem[discord.ui.Button],
                template=r"(?P<kind>ask|csv):(?P<question>.*)"):
    """A button that asks its question (or sends its table as CSV) when pressed."""

    def __init__(self, kind: str, question: str, label: str = "…") -> None:
        style = discord.ButtonStyle.secondary if kind == "csv" else \
            discord.ButtonStyle.primary
        super().__init__(discord.ui.Button(label=label[:80], style=style,
                                           custom_id=f"{kind}:{question}"[:100]))
        self.kind, self.question = kind, question

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button,
                             match: re.Match[str], /) -> AskButton:
        return cls(match["kind"], match["question"], item.label or "…")

    async def callback(self, interaction: discord.Interaction) -> None:
        await follow(interaction, self.question, csv=self.kind == "csv")


class PickMenu(discord.ui.DynamicItem[discord.ui.Select], template=r"pick:(?P<what>[a-z]+)"):
    """A ranking's menu: each option is the question a group's own answer asks."""

    def __init__(self, what: str, options: list[discord.SelectOption],
                 placeholder: str = "Pick one") -> None:
        super().__init__(discord.ui.Select(custom_id=f"{PICK}{what}", options=options,
                                           placeholder=placeholder[:150]))
        self.what = what

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Select,
                             match: re.Match[str], /) -> PickMenu:
        return cls(match["what"], list(item.options), item.placeholder or "Pick one")

    async def callback(self, interaction: discord.Interaction) -> None:
        chosen = (interaction.data or {}).get("values") or []
        offered = {o.value for o in self.item.options}
        if len(chosen) != 1 or (offered and chosen[0] not in offered):
            await private_note(interaction, "That choice is not on the menu; ask again.")
            return
        await follow(interaction, chosen[0])


def view_for(answer: Answer) -> discord.ui.View | None:
    """The answer's buttons (and a ranking's menu) as components, or None."""
    if not answer.followups and answer.menu is None:
        return None
    view = discord.ui.View(timeout=None)
    for i, f in enumerate(answer.followups[: BUTTONS_PER_ROW * 4]):
        kind = CSV if f.csv else ASK
        button = AskButton(kind[:-1], f.question, f.label)
        button.item.row = i // BUTTONS_PER_ROW
        view.add_item(button)
    if answer.menu is not None:
        what = answer.question.command
        options = [discord.SelectOption(label=label[:100] or "?", value=q[:100])
                   for label, q in answer.menu.options]
        menu = PickMenu(what, options, answer.menu.placeholder)
        menu.item.row = 4
        view.add_item(menu)
    # Nothing is kept in memory for the message: a press is matched by its custom id.
    view.stop()
    return view


async def follow(interaction: discord.Interaction, question: str, *, csv: bool = False) -> None:
    """Answer a press: the cog that answers typed commands answers it too."""
    cog = interaction.client.get_cog("AnswersCog")  # type: ignore[union-attr]
    await cog.follow(interaction, question, csv=csv)


async def private_note(interaction: discord.Interaction, text: str) -> None:
    """A short private reply, sent by the cog that sends every reply (this module builds
    components and needs nothing of the layout's)."""
    cog = interaction.client.get_cog("AnswersCog")  # type: ignore[union-attr]
    await cog.note(interaction, text)


def own(interaction: discord.Interaction) -> bool:
    """Whether the pressed message is the presser's own answer (a private one always is)."""
    message = interaction.message
    if message is None:
        return False
    if message.flags.ephemeral:
        return True
    meta = getattr(message, "interaction_metadata", None)
    return meta is not None and meta.user.id == interaction.user.id


OURS = re.compile(r"(?:ask|csv):.*|pick:[a-z]+")


async def unmatched(interaction: discord.Interaction) -> None:
    """A press discord.py will not route to a button or menu of ours: a custom id from an
    older version of the bot, or one that is not on the message (forged, cut short).
    Answered privately and briefly, so the presser never sees 'interaction failed'."""
    if interaction.type is not discord.InteractionType.component:
        return
    custom_id = str((interaction.data or {}).get("custom_id", ""))
    message = interaction.message
    shown = {getattr(c, "custom_id", None) for row in (message.components if message else [])
             for c in getattr(row, "children", [])}
    if OURS.fullmatch(custom_id) and custom_id in shown:
        return  # a button or menu of ours: its dynamic item answers it
    await private_note(interaction, "That button does not work any more (it is from an "
                                    "older answer). Ask again with the command.")
