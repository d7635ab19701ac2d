"""Command line: `python -m bot [run|load|ask|console|sync|doctor|eoir|update]`; `run` is
the default."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from bot.logs import setup_logging
from bot.settings import Settings, SettingsError
from bot.store.errors import DataFileError, StoreError

log = logging.getLogger("bot")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m bot",
        description="Asylum outcome figures for newsrooms: Discord bot and offline console.",
    )
    sub = p.add_subparsers(dest="command")
    sub.add_parser("run", help="start the Discord bot if DISCORD_TOKEN is set, else the console")
    sub.add_parser("load", help="check data/ and load it into the SQLite store")
    a = sub.add_parser("ask", help='answer one question, e.g. ask "/outcomes 2023"')
    a.add_argument("question", nargs="+", help="the command, e.g. /compare 2020 2023")
    a.add_argument("--json", action="store_true", help="print the answer as JSON")
    a.add_argument("--no-chart", action="store_true", help="do not render the chart")
    sub.add_parser("console", help="answer commands typed line by line (or piped in)")
    sub.add_parser("sync", help="register the slash commands with Discord now")
    d = sub.add_parser("doctor", help="check the token, channels, stores, disk, sources and "
                                      "schedules; one line each")
    d.add_argument("--offline", action="store_true",
                   help="only what needs no network: stores, disk, schedules")
    b = sub.add_parser("backup", help="copy every store in var/ into a new folder under DIR, "
                                      "consistent while the bot runs")
    b.add_argument("dir", type=Path)
    r = sub.add_parser("restore", help="check a backup folder, then put its stores in place "
                                       "(stop the bot first)")
    r.add_argument("dir", type=Path)
    from bot.eoir.cli import add_parser
    from bot.sources.cli import add_parser as add_update

    add_parser(sub)
    add_update(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = Settings.from_env()
    except SettingsError as exc:
        print(f"Setting error: {exc}", file=sys.stderr)
        return 2
    command = args.command or "run"
    # The bot logs to stdout; the command-line tools keep stdout for their output.
    bot_running = command == "run" and bool(settings.token)
    setup_logging(settings.log_level, sys.stdout if bot_running else sys.stderr)
    try:
        return _dispatch(command, args, settings)
    except (DataFileError, StoreError) as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1


def _dispatch(command: str, args, settings: Settings) -> int:
    if command == "run" and settings.token:
        from bot.lean import without_pyarrow

        without_pyarrow()  # before `startup` brings in pandas
    from bot import startup

    if command == "load":
        return _load(settings)
    if command == "doctor":
        from bot.doctor import run as doctor

        return doctor(settings, offline=args.offline)
    if command in ("backup", "restore"):
        return _backup(command, args.dir, settings)
    if command == "eoir":
        from bot.eoir.cli import run

        return run(args, settings)
    if command == "update":
        from bot.sources.cli import run as run_update

        startup.refresh(settings)  # the store the update loads into
        return run_update(args, settings)
    if command in ("run", "sync") and settings.token:
        from bot.discord_bot.runner import run_bot, sync_commands

        startup.refresh(settings)
        return sync_commands(settings) if command == "sync" else run_bot(settings)
    if command == "sync":
        print("DISCORD_TOKEN is not set; nothing to sync. See .env.example.", file=sys.stderr)
        return 2
    startup.refresh(settings)
    service = startup.answers(settings)
    if command == "ask":
        from bot.console.ask import ask

        return ask(service, " ".join(args.question), chart_dir=settings.chart_dir,
                   json_out=args.json, chart=not args.no_chart)
    from bot.console.repl import run

    if command == "run":
        print("No DISCORD_TOKEN set: opening the offline console on the bundled data.",
              file=sys.stderr)
    return run(service, chart_dir=settings.chart_dir)


def _backup(command: str, folder: Path, settings: Settings) -> int:
    from bot import backup

    try:
        if command == "backup":
            made = backup.backup(settings, folder)
            print(f"Backed up {len(made.files)} stores into {made.folder} (data version "
                  f"{str(made.data_version)[:8]}): "
                  + ", ".join(f"{f['name']} {f['bytes']:,} bytes" for f in made.files))
        else:
            done = backup.restore(settings, folder)
            print(f"Restored {len(done.files)} stores from {folder} (data version "
                  f"{str(done.data_version)[:8]}); start the bot again.")
        return 0
    except backup.BackupError as exc:
        print(f"Error: {exc}; nothing was changed.", file=sys.stderr)
        return 1


def _load(settings: Settings) -> int:
    from bot.store.loader import load

    result = load(settings.data_dir, settings.db_path)
    counts = ", ".join(f"{name}: {n} rows" for name, n in result.rows.items())
    if result.changed:
        print(f"Loaded data version {result.version} into {settings.db_path} ({counts}).")
    else:
        print(f"Unchanged: data version {result.version} is already in service ({counts}).")
    return 0
