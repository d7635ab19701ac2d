"""`python -m bot console`: type commands, get the same answers the Discord bot gives."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from bot.answers.errors import UserError
from bot.answers.questions import usage_text
from bot.answers.service import Answers
from bot.console.layout import as_text, chart_file

PROMPT = "asylum> "
QUIT = {"quit", "exit", "/quit", "/exit", "q"}


def run(service: Answers, *, chart_dir: Path, stdin: TextIO | None = None,
        stdout: TextIO | None = None) -> int:
    """Answer each line until end of input or `quit`; a prompt only on a terminal."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    interactive = stdin.isatty()
    if interactive:
        print("Asylum outcomes desk, offline. Type /help for commands, quit to leave.",
              file=stdout)
    while True:
        if interactive:
            print(PROMPT, end="", file=stdout, flush=True)
        try:
            line = stdin.readline()
        except KeyboardInterrupt:
            print(file=stdout)
            return 0
        if not line:
            return 0
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.lower() in QUIT:
            return 0
        print(answer_line(service, line, chart_dir), file=stdout, flush=True)
        print(file=stdout)


def answer_line(service: Answers, line: str, chart_dir: Path) -> str:
    """One line in, the text to print out; never raises for a user's mistake."""
    if line.lower() in ("help", "?"):
        return usage_text()
    try:
        answer = service.ask(line)
    except UserError as exc:
        return f"Error: {exc}"
    return as_text(answer, chart_file(service, answer, chart_dir))
