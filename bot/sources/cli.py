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
    u.add_argument("--json", action="store_true", help="print the outcome as JSON")


def run(args: argparse.Namespace, settings: Settings) -> int:
    from bot.sources.update import status, update

    if args.file is not None and not args.file.is_file():
        print(f"Error: {args.file}: no such file", file=sys.stderr)
        return 2
    try:
        outcomes = update(settings, args.sources or None, check_only=args.check,
                          file=args.file, url=args.url)
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


def status_lines(rows: list[dict]) -> list[str]:
    """Each source in a line or two: how it is updated, the release in service, the last
    check and any failure."""
    out = []
    for r in rows:
        if r["how"] != "fetched":
            out.append(f"{r['source']}: entered by hand ({r['rhythm']})")
            continue
        s = r["in_service"]
        out.append(f"{r['source']}: fetched, {r['rhythm']}; in service: "
                   + (f"{s['file']} ({s['covers']}), taken {s['taken_at']}" if s else "the "
                      "shipped data (no release fetched yet)"))
        if r["last_check"]:
            c = r["last_check"]
            out.append(f"  last checked {c['at']}: {c['outcome']}")
        if r["last_failure"]:
            f = r["last_failure"]
            out.append(f"  last failure {f['at']}: {f['detail']}")
    return out
