"""Verdicts: the rules that judge a figure, and the line a desk reads for each."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from fractions import Fraction

from bot.answers import fmt
from bot.answers.claims.reading import Figure
from bot.answers.claims.words import (
    ABOUT,
    CLOSE,
)

MATCHES, CLOSE_, DIFFERS, NOT_CHECKED = "matches", "close", "differs", "not checked"


@dataclass
class Line:
    """One figure's check, as a desk reads it."""

    phrase: str
    read_as: str
    verdict: str
    bot: str = ""  # the bot's figure as shown (exact to its places)
    exact: float | None = None  # the bot's figure, unrounded
    difference: str = ""
    reason: str = ""
    command: str = ""
    source: str = ""
    dataset: str = ""

    def text(self) -> str:
        parts = [f"Read as {self.read_as}."] if self.read_as else []
        if self.bot:
            parts.append(f"Bot: {self.bot}" + (f" ({self.source})" if self.source else "")
                         + ".")
        if self.difference:
            parts.append(f"Difference: {self.difference}.")
        if self.reason:
            parts.append(self.reason)
        if self.command:
            parts.append(f"See {self.command}")
        return " ".join(parts)


def judge(fig: Figure, bot: Fraction, precision: int = 1, reported: bool = False) -> str:
    """The verdict, by the rules in docs/reporters.md. `precision`: the data is rounded to it, so a
    figure is compared at the coarser of its own rounding and the data's."""
    stated = fig.value
    step = max(fig.step, Fraction(precision)) if fig.kind == "count" else fig.step
    rounded = round_to(bot, step)
    near = abs(bot - stated) <= CLOSE * abs(stated) if stated else bot == stated
    if reported:  # a rounded figure someone else published: only the same words match
        return MATCHES if bot == stated else NOT_CHECKED
    q = fig.qualifier
    if q == "exact":
        ok = rounded == round_to(stated, step)
    elif q == "more":
        ok = bot > stated
    elif q == "at_least":
        ok = bot >= stated
    elif q == "less":
        ok = bot < stated
    elif q == "nearly":  # just under: a figure above it is not "nearly" it
        ok = stated * (1 - Fraction(ABOUT)) <= bot <= stated
    else:  # about
        ok = abs(bot - stated) <= Fraction(ABOUT) * abs(stated) or rounded == stated
    return MATCHES if ok else CLOSE_ if near else DIFFERS


def round_to(x: Fraction, step: Fraction) -> Fraction:
    return Fraction(fmt.rounded(x / step)) * step


def shown(fig: Figure, x: Fraction) -> str:
    if fig.kind == "percent":
        return f"{fmt.rounded(x, 2):,.2f}%".replace(".00%", "%")
    if fig.kind == "times":
        return fmt.ratio(x)
    if fig.kind == "per_day" or x.denominator != 1:
        return fmt.decimal(x, 1)
    return fmt.count(x)


def count_text(x: Fraction) -> str:
    return fmt.count(x) if x.denominator == 1 else fmt.decimal(x, 1)


def summary(lines: list[Line]) -> str:
    """'11 figures: 9 match, 1 close, 1 differs; 2 not checked.'"""
    n = {v: sum(1 for x in lines if x.verdict == v) for v in
         (MATCHES, CLOSE_, DIFFERS, NOT_CHECKED)}
    checked = [f"{n[MATCHES]} match" + ("es" if n[MATCHES] == 1 else ""),
               f"{n[CLOSE_]} close", f"{n[DIFFERS]} differ" + ("s" if n[DIFFERS] == 1 else "")]
    return (f"{len(lines)} figure{'s' if len(lines) != 1 else ''}: {', '.join(checked)}; "
            f"{n[NOT_CHECKED]} not checked.")


def as_dicts(lines: list[Line]) -> list[dict]:
    return [asdict(x) for x in lines]
