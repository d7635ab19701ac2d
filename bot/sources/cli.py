"""`python -m bot update [SOURCE ...] [--check] [--file PATH] [--url URL] [--json]`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bot.settings import Settings


def add_parser(sub) -> None:
    u = sub.add_parser("update", help="fetch each source's new release, check it, load it")
    u.add_argument("sources", nargs="*", metavar="SOURCE",
                   help="cbp, eoir (default: every source fetched automatically)")
    u.add_argument("--check", action="store_true",
                   help="say whether there is a new release; change nothing")
    u.add_argument("--file", type=Path, help="a file downloaded by hand: the same checks "
                                             "and loading")
    u.add_argument("--url", help="another address: a mirror, a test server; the page that "
                                 "links to the file, or the file itself")
    u.add_argument("--backfill", action="store_true",
                   help="take once the older releases the source's page links to, oldest "
                        "first, so its history reaches back as far as the page offers")
    u.add_argument("--json", action="store_true", help="print the outcome as JSON")
    u.add_argument("--allow-synthetic", action="store_true",
                   help="accept a synthetic EOIR release (tests and benchmarks only)")


def run(args: argparse.Namespace, settings: Settings) -> int:
    from bot.sources.update import backfill, status, status_lines, update

    if args.file is not None and not args.file.is_file():
        print(f"Error: {args.file}: no such file", file=sys.stderr)
        return 2
    try:
        if args.backfill:
            if len(args.sources) != 1 or args.check or args.file or args.url:
                raise ValueError("--backfill takes one source and no other option: "
                                 "python -m bot update cbp --backfill")
            outcomes = backfill(settings, args.sources[0])
        else:
            outcomes = update(settings, args.sources or None, check_only=args.check,
                              file=args.file, url=args.url,
                              allow_synthetic=args.allow_synthetic)
    except ValueError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps({"outcomes": [o.__dict__ for o in outcomes],
                          "sources": status(settings)}, indent=2))
    else:
        for o in outcomes:
            print(o.line)
            if o.announcement:
                print(f"  {o.announcement}")
        if args.check:
            print()
            print("\n".join(status_lines(status(settings))))
    return 1 if any(o.status == "failed" for o in outcomes) else 0
