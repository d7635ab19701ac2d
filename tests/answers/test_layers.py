"""The answer logic must run where discord.py is not installed."""

from __future__ import annotations

import subprocess
import sys

BLOCK_DISCORD = """
import sys, importlib.abc
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name == "discord" or name.startswith("discord."):
            raise ImportError("discord is blocked in this test")
sys.meta_path.insert(0, Block())
"""


def test_answers_and_console_run_without_discord(loaded_env):
    code = BLOCK_DISCORD + """
from bot.cli import main
raise SystemExit(main(["ask", "/compare 2014 2022"]))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=loaded_env, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "9.9 times as many" in out.stdout


def test_no_logic_module_imports_discord():
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "bot"
    offenders = []
    for folder in ("answers", "charts", "store", "console", "eoir", "encounters", "sources"):
        for path in (root / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                names = []
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module]
                offenders += [f"{path.name}: {n}" for n in names
                              if n == "discord" or n.startswith(("discord.", "bot.discord_bot"))]
    assert offenders == []
