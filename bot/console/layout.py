"""Lay out an Answer for a terminal or a script, and save its chart to a file."""

from __future__ import annotations

import json
from pathlib import Path

from bot.answers.model import Answer
from bot.answers.service import Answers


def chart_file(service: Answers, answer: Answer, chart_dir: Path) -> Path | None:
    """Write the answer's chart as PNG under chart_dir; return its path."""
    png = service.chart_png(answer)
    if png is None:
        return None
    path = chart_dir / f"{answer.question.slug}-{answer.source.data_version[:8]}.png"
    chart_dir.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".png.tmp")
    tmp.write_bytes(png)
    tmp.replace(path)
    return path


def as_text(answer: Answer, chart: Path | None) -> str:
    text = answer.text()
    if chart is not None:
        text += f"\nChart: {chart}\nAlt text: {answer.chart.alt_text}"
    return text


def as_json(answer: Answer, chart: Path | None) -> str:
    return json.dumps(answer.to_json(None if chart is None else str(chart)), indent=2,
                      ensure_ascii=False)


def error_json(message: str) -> str:
    return json.dumps({"error": message}, ensure_ascii=False)
