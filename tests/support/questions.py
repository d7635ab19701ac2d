"""Every question the loaded datasets can answer, for tests that check them all."""

from __future__ import annotations

from bot.answers.questions import COMMAND_DATASETS
from bot.store import months


def all_questions(service) -> list[str]:
    """Every command over every dataset: each year, each pair of years, each range, each
    month of a monthly dataset. DHS's 34 years are sampled to keep the run short."""
    snap = service.reader.snapshot()
    qs = ["/help", "/datasets", "/digest", "/grants"]
    for name, ds in snap.datasets.items():
        opt = f" dataset={name}"
        if ds.reported:  # single reported figures: described, and shown by /sources
            qs += [f"/about{opt}", f"/changes{opt}"]
            qs += [f"/sources {r.topic} {r.fiscal_year}" for r in ds.reported]
            continue
        years = ds.years if len(ds.years) <= 12 else ds.years[:3] + ds.years[-4:]
        qs += [f"/trend{opt}", f"/about{opt}", f"/changes{opt}", f"/digest{opt}"]
        for y in years:
            qs += [f"/outcomes {y}{opt}", f"/totals {y}{opt}", f"/trend {y}{opt}"]
            for z in years:
                if z > y:
                    qs += [f"/compare {y} {z}{opt}", f"/totals {y} {z}{opt}",
                           f"/trend {y} {z}{opt}"]
    qs += [f"/sources {topic} {y}" for topic in ("granted", "backlog", "completions",
                                                  "encounters") for y in (2022, 2023, 2024)]
    qs += [f"/backlog {y}" for y in range(2008, 2025)]
    for command, name in COMMAND_DATASETS.items():
        ds = snap.datasets[name]
        qs += [f"/{command} {y}" for y in ds.years]
        qs += [f"/{command} {months.calendar_year(r.year, r.month)}-{r.month:02d}"
               for r in ds.months]
    return qs
