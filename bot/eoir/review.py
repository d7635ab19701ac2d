"""`python -m bot eoir codes PATH`: every code the method meets in a release, its description,
the class the mapping gives it and how often it occurs, for a person to review."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from bot.eoir import codes as codes_mod
from bot.eoir import method
from bot.eoir.progress import Progress
from bot.eoir.release import DATA_TABLES, Release
from bot.eoir.scan import scan
from bot.eoir.work import DEFAULT_MEMORY_MB, Work


def review(path: Path, codes_file: Path = codes_mod.CODES_FILE, bar: bool | None = None,
           memory_mb: int = DEFAULT_MEMORY_MB) -> str:
    release = Release(path)
    mapping = codes_mod.load(codes_file)
    progress = Progress(sum(release.member(s).size for s in
                            (DATA_TABLES["applications"], DATA_TABLES["proceedings"])), bar)
    with tempfile.TemporaryDirectory(prefix="eoir-codes-") as tmp, \
            Work(Path(tmp) / "work", memory_mb) as work:
        try:
            found = scan(release, mapping, date.today(), work, progress, with_cases=False)
        finally:
            progress.close()
        result = method.classify(work, found.lookups, mapping, found.asylum_cases)
    r = result.codes
    lines = [f"Code mapping {codes_mod.CODES_FILE.name} (version {mapping.version}) against "
             f"{Path(path).name}, asylum cases only.", ""]
    decisions = r[r["kind"] == "decision"].sort_values(["case_type", "type", "code"])
    lines.append("Completed proceedings: case type, code, C (decision) or O (other "
                 "completion), description, class, proceedings")
    lines += [f"  {x['case_type']:<4} {x['code']:<3} {x['type']:<1}  {x['description']:<50} "
              f"{x['class']:<20} {x['rows']:>12,}" for x in decisions.to_dict("records")]
    apps = r[r["kind"] == "application_decision"].sort_values(["case_type", "code"])
    lines += ["", "Application rulings: application kind, code, description, class, "
              "applications"]
    lines += [f"  {x['case_type']:<11} {x['code'] or '-':<3} "
              f"{x['description'] or '(no ruling)':<40} {x['class']:<10} {x['rows']:>12,}"
              for x in apps.to_dict("records")]
    unmapped = result.unmapped
    lines.append("")
    lines.append(f"Descriptions with no class: {len(unmapped)}"
                 + (" (the ingest stops until each is in the file)" if len(unmapped) else ""))
    unmatched = result.unmatched
    if len(unmatched):
        lines.append(f"Codes not in their lookup (counted as 'other'): "
                     f"{int(unmatched['rows'].sum()):,} rows")
    return "\n".join(lines)
