"""The documentation (the README and docs/) covers every command, slash command and
setting the code has, the README stays a front door, and every link in it resolves."""

from __future__ import annotations

import re

import pytest

from bot.answers.questions import COMMANDS
from bot.cli import build_parser
from tests.support.paths import ROOT

README = (ROOT / "README.md").read_text()
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")),
        ROOT / "deploy" / "README.md"]
ALL = "\n".join(p.read_text() for p in DOCS)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_console_command_is_documented(name):
    assert f"`/{name}" in ALL


def test_every_cli_subcommand_is_documented():
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    for name in sub.choices:
        assert f"-m bot {name}" in ALL, name


def slash_commands() -> list[str]:
    from discord import app_commands

    from bot.discord_bot.cogs.alerts import AlertsCog
    from bot.discord_bot.cogs.answers import AnswersCog
    from bot.discord_bot.cogs.data import DataCog
    from bot.discord_bot.cogs.schedules import SchedulesCog

    names = []
    for cog in (AnswersCog, SchedulesCog, AlertsCog, DataCog):
        for cmd in cog.__cog_app_commands__:
            if isinstance(cmd, app_commands.Group):
                names += [f"/{cmd.name} {sub.name}" for sub in cmd.commands]
            else:
                names.append(f"/{cmd.name}")
    return names


def test_every_slash_command_is_documented():
    names = slash_commands()
    assert len(names) == 26
    for name in names:
        assert name in ALL, name


def test_every_setting_is_documented():
    example = (ROOT / ".env.example").read_text()
    for name in re.findall(r"^([A-Z_]+)=", example, re.M):
        assert f"`{name}`" in ALL, name


def test_the_readme_is_a_front_door():
    assert len(README.splitlines()) <= 250
    for doc in ("reporters", "editors", "operators", "data", "development"):
        assert f"docs/{doc}.md" in README


def anchors(path) -> set[str]:
    """The anchors GitHub gives a page's headings."""
    out = set()
    for line in path.read_text().splitlines():
        m = re.match(r"^#{1,6} (.*)", line)
        if m:
            out.add(re.sub(r"[^\w\- ]", "", m.group(1).strip().lower()).replace(" ", "-"))
    return out


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_link_resolves(doc):
    text = re.sub(r"```.*?```", "", doc.read_text(), flags=re.S)
    broken = []
    for link in re.findall(r"\]\(([^)\s]+)\)", text):
        if link.startswith(("http://", "https://", "mailto:")):
            continue
        path, _, anchor = link.partition("#")
        target = (doc.parent / path).resolve() if path else doc
        if not target.exists() or (anchor and target.suffix == ".md"
                                   and anchor not in anchors(target)):
            broken.append(link)
    assert broken == []
