"""Every source, described once: where its release is found, how a new one is told
apart, what kind of file it is, and the adapter that checks it and loads it.

Adding a source is adding one `Source` here and its adapter in `adapters.py`.
Sources with no file to fetch are listed in MANUAL: they are updated by
`/data import` or `python -m bot load`, and `/data status` says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.store import months


@dataclass(frozen=True)
class Source:
    name: str
    title: str
    kind: str  # "csv" or "zip": what the file must be
    datasets: tuple[str, ...]  # what a release of it updates
    rhythm: str
    page: str | None = None  # a page that links to the file ...
    link: re.Pattern | None = None  # ... by this pattern (the newest link wins)
    url: str | None = None  # or the file's fixed address
    manual: str = ""  # where a person downloads it by hand

    def newest(self, links: list[str]) -> str | None:
        """The newest release among the links a page has."""
        found = [(rank(self.name, u), u) for u in links]
        found = [(r, u) for r, u in found if r is not None]
        return max(found)[1] if found else None


def rank(source: str, url: str):
    """What orders a source's links by release: CBP's span of fiscal years, then the month
    the file runs to (none: the year closed), then the upload folder."""
    if source != "cbp":
        return (url,)
    m = CBP_FILE.search(url)
    if m is None:
        return None
    end = int(m.group(2))
    through = months.position(months.parse(m.group(3))) if m.group(3) else 13
    return (end, through, url)


CBP_FILE = re.compile(r"nationwide-encounters-fy(\d\d)-fy(\d\d)(?:-([a-z]{3}))?-aor\.csv$",
                      re.IGNORECASE)

SOURCES: dict[str, Source] = {
    "cbp": Source(
        name="cbp",
        title="CBP nationwide encounters, by area of responsibility",
        kind="csv",
        datasets=("cbp_border_encounters", "cbp_encounters_annual"),
        rhythm="monthly, about six weeks after the month, no fixed day",
        page="https://www.cbp.gov/document/stats/nationwide-encounters",
        link=re.compile(r"""href=["']([^"']*nationwide-encounters-fy\d\d-fy\d\d(?:-[a-z]{3})?"""
                        r"""-aor\.csv)["']""", re.IGNORECASE),
        manual="open https://www.cbp.gov/document/stats/nationwide-encounters in a browser, "
               "download the newest 'by area of responsibility' CSV",
    ),
    "eoir": Source(
        name="eoir",
        title="EOIR case data (the immigration courts' case-level release)",
        kind="zip",
        datasets=("eoir_asylum_cases",),
        rhythm="monthly, in the first three days of the month",
        url="https://fileshare.eoir.justice.gov/EOIR%20Case%20Data.zip",
        manual="download 'EOIR Case Data' from https://www.justice.gov/eoir/foia-library-0 "
               "in a browser",
    ),
}

# Sources with no file to fetch: a person enters their figures.
MANUAL = {
    "trac_asylum_outcomes": "TRAC's table, as published in a report: /data import",
    "reported_figures": "figures reported by others, entered by hand: /data import",
    "dhs_asylum_grants": "DHS's yearbook tables, once a year: /data import",
    "eoir_workload": "EOIR's workload statistics releases: /data import",
    "usbp_encounters_by_region": "DHS's Border Patrol tables: /data import",
}


def links(page: str, source: Source, base: str) -> list[str]:
    """Every link on a page that matches the source's pattern, made absolute."""
    from urllib.parse import urljoin

    return [urljoin(base, m.group(1)) for m in source.link.finditer(page)]
