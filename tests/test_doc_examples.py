"""The examples in the README and docs/ are what the bot answers today.

Every text block of `ask` (or piped `console`) runs here against the shipped data; each
line it shows, except those cut short ("…", "...") and the data version, must be in the
answer. A refresh of data/ that changes a figure shown in an example fails this test
too: update the example with the new answer. Runs with other set-ups (an update, an
ingest, a synthetic release) are not re-run here; the tests of those features check them.
"""

from __future__ import annotations

import re
import shlex
import shutil

import pytest

from bot.answers.errors import UserError
from bot.answers.service import Answers
from bot.console import layout
from bot.store.loader import load
from bot.store.reader import Reader
from tests.support.paths import ROOT

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
COMMAND = re.compile(r"^\$ (?:printf '(?P<piped>[^']*)' \| )?\.venv/bin/python -m bot "
                     r"(?P<rest>.*)$")


def examples() -> list[tuple[str, str, list[str]]]:
    """(where, question, lines shown) for every re-runnable example; a question asked with
    --json starts with "json ".
    """
    out = []
    for doc in DOCS:
        for block in re.findall(r"```text\n(.*?)```", doc.read_text(), re.S):
            lines = block.rstrip("\n").split("\n")
            runs = [i for i, line in enumerate(lines) if line.startswith("$ ")]
            if not runs or not all(_question(lines[i]) for i in runs) or "SYNTHETIC" in block:
                continue  # a run with another set-up (a synthetic release), or prose
            for k, i in enumerate(runs):
                end = runs[k + 1] if k + 1 < len(runs) else len(lines)
                out.append((f"{doc.name}:{lines[i][:60]}", _question(lines[i]),
                            lines[i + 1:end]))
    return out


def _question(line: str) -> str | None:
    m = COMMAND.match(line)
    if m is None:
        return None
    if m["piped"]:
        return m["piped"].replace("\\n", "").strip() if "console" in m["rest"] else None
    if " | " in m["rest"]:
        return None  # piped through another tool (jq)
    words = shlex.split(m["rest"])
    if words[:1] != ["ask"]:
        return None
    question = " ".join(w for w in words[1:] if not w.startswith("--"))
    return f"json {question}" if "--json" in words else question


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    folder = tmp_path_factory.mktemp("shipped")
    shutil.copytree(ROOT / "data", folder / "data")
    load(folder / "data", folder / "store.db")
    return Answers(Reader(folder / "store.db"))


def test_there_are_examples_to_check():
    assert len(examples()) >= 8


@pytest.mark.parametrize(("where", "question", "shown"), examples(),
                         ids=[e[0] for e in examples()])
def test_the_example_is_what_the_bot_answers(service, where, question, shown):
    as_json = question.startswith("json ")
    try:
        answer = service.ask(question.removeprefix("json "))
        text = layout.as_json(answer, None) if as_json else layout.as_text(answer, None)
        if answer.chart is not None:
            text += f"\nAlt text: {answer.chart.alt_text}"
    except UserError as exc:
        text = str(exc)
    actual = {" ".join(re.sub(r" · data [0-9a-f]{8}", "", line).split())
              for line in text.splitlines()}
    missing = [line for line in shown if line.strip() and not _cut(line)
               and " ".join(line.split()) not in actual]
    assert missing == [], text


def _cut(line: str) -> bool:
    """A line the example shortens, or one that names this load's data version."""
    return "…" in line or "..." in line or "· data " in line or line.startswith("Chart:")
