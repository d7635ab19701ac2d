"""The Discord front end's modules import each other in one direction only, counting the
imports made inside functions too (a cycle there works, but each module then needs the
other to find its way back)."""

from __future__ import annotations

import ast

from tests.support.paths import ROOT

PACKAGE = ROOT / "bot" / "discord_bot"


def graph() -> dict[str, set[str]]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        name = "bot." + ".".join(path.relative_to(ROOT / "bot").with_suffix("").parts)
        name = name.removesuffix(".__init__")
        found = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and \
                    node.module.startswith("bot.discord_bot"):
                found.add(node.module)
            elif isinstance(node, ast.Import):
                found |= {a.name for a in node.names if a.name.startswith("bot.discord_bot")}
        out[name] = found
    return out


def test_no_cycles():
    g = graph()
    cycles = []

    def visit(node, path):
        for nxt in g.get(node, ()):
            if nxt in path:
                cycles.append([*path[path.index(nxt):], nxt])
            elif len(path) < 12:
                visit(nxt, [*path, nxt])

    for start in g:
        visit(start, [start])
    assert cycles == []
