"""`python -m bot ask "/outcomes 2023"`: one answer, as text or JSON, with its chart saved."""

from __future__ import annotations

import sys
from pathlib import Path

from bot.answers.errors import UserError
from bot.answers.service import Answers
from bot.console.layout import as_json, as_text, chart_file, error_json


def ask(service: Answers, question: str, *, chart_dir: Path, json_out: bool,
        chart: bool = True) -> int:
    """Print one answer; exit status 0, or 2 for a question that cannot be answered."""
    try:
        answer = service.ask(question)
    except UserError as exc:
        if json_out:
            print(error_json(str(exc)))
        else:
            print(exc, file=sys.stderr)
        return 2
    path = chart_file(service, answer, chart_dir) if chart else None
    print(as_json(answer, path) if json_out else as_text(answer, path))
    return 0
