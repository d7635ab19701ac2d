"""Every question the default dataset can answer, for tests that check them all."""

from __future__ import annotations


def all_questions(service):
    years = service.reader.snapshot().datasets["trac_asylum_outcomes"].years
    qs = ["/trend", "/about", "/help"]
    for y in years:
        qs += [f"/outcomes {y}", f"/totals {y}", f"/trend {y}"]
        for z in years:
            if z > y:
                qs += [f"/compare {y} {z}", f"/totals {y} {z}", f"/trend {y} {z}"]
    return qs
