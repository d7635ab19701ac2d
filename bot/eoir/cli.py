"""`python -m bot eoir ingest|codes|check|synth`: the case-level release from the command line."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

from bot.eoir.errors import IngestError
from bot.settings import Settings


def add_parser(sub) -> None:
    e = sub.add_parser("eoir", help="EOIR's case-level release: ingest, review codes, check")
    cmds = e.add_subparsers(dest="eoir_command", required=True)
    i = cmds.add_parser("ingest", help="read a release (zip or folder) into the case store")
    i.add_argument("path", type=Path, help="the release as downloaded, or its extracted folder")
    i.add_argument("--allow-synthetic", action="store_true",
                   help="accept a release made by `eoir synth` (tests and benchmarks only)")
    i.add_argument("--store", type=Path, help="the case store (default: BOT_EOIR_DB_PATH)")
    c = cmds.add_parser("codes", help="print the code mapping with counts from a release")
    c.add_argument("path", type=Path)
    k = cmds.add_parser("check", help="compare the case-level figures with TRAC's, year by year")
    k.add_argument("--json", action="store_true", help="print the comparison as JSON")
    k.add_argument("--store", type=Path, help="the case store (default: BOT_EOIR_DB_PATH)")
    s = cmds.add_parser("synth", help="write a synthetic release, for tests and benchmarks")
    s.add_argument("out", type=Path, help="folder to write (OUT.zip too with --zip)")
    s.add_argument("--cases", type=int, default=100_000, help="number of cases")
    s.add_argument("--seed", type=int, default=1)
    s.add_argument("--release-date", type=date.fromisoformat, default=date(2026, 7, 1))
    s.add_argument("--zip", action="store_true", help="also write OUT.zip, as EOIR ships it")


def run(args, settings: Settings) -> int:
    try:
        return {"ingest": _ingest, "codes": _codes, "check": _check,
                "synth": _synth}[args.eoir_command](args, settings)
    except IngestError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        print("Nothing was changed: the release in service, if any, still is.", file=sys.stderr)
        return 1


def _ingest(args, settings: Settings) -> int:
    from bot.eoir.ingest import bad_rows_report
    from bot.eoir.revised import ingest_recording

    store = args.store or settings.eoir_db_path
    result, n = ingest_recording(settings, args.path, store,
                                 allow_synthetic=args.allow_synthetic)
    if n:
        print(f"{n} figures of past years differ from the release before: recorded as "
              "revisions (/changes).")
    if not result.changed:
        print(f"Unchanged: release {args.path.name} (version {result.version[:8]}) is already "
              f"in service in {store}.")
        return 0
    print(f"Ingested {args.path.name} into {store}: {result.cases:,} completed asylum cases, "
          f"release of {result.release_date}, version {result.version[:8]}, "
          f"{result.seconds:.0f} s.")
    if result.outside:
        print(f"{result.outside:,} asylum cases also have a bond, custody or fear-review ruling "
              "(a case type with no asylum application): passed over; each case counts by its "
              "own completion (docs/method-eoir.md).")
    report = bad_rows_report(result.bad)
    print("Rows skipped:" if report else "No rows skipped.")
    for line in report:
        print(f"  {line}")
    return 0


def _codes(args, settings: Settings) -> int:
    from bot.eoir.review import review

    print(review(args.path, memory_mb=settings.eoir_ingest_memory_mb))
    return 0


def _check(args, settings: Settings) -> int:
    from bot import startup
    from bot.eoir.check import check

    startup.refresh(settings)  # TRAC's table and figures come from data/
    result = check(args.store or settings.eoir_db_path, settings)
    print(json.dumps(result.to_json(), indent=2) if args.json else result.text())
    return 0


def _synth(args, settings: Settings) -> int:
    from bot.eoir.synth import synthesize

    sizes = synthesize(args.out, args.cases, args.seed, release_date=args.release_date,
                       as_zip=args.zip)
    print(f"Wrote a synthetic release to {args.out}: {sizes.cases:,} case rows, "
          f"{sizes.proceedings:,} proceedings, {sizes.applications:,} applications "
          f"(with {sum(sizes.bad_rows.values())} bad rows); true counts in "
          f"{args.out / 'truth.csv'}. For tests and benchmarks only.")
    return 0
