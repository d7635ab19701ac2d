"""The checker's words, in one place: what each defining word in a paragraph says.

A figure is read by the facets its words name: who counts or acts, what happened,
what is counted, the scope (asylum, defensive, on the merits), where, and the kind
of period. Each dataset's metadata says, under "claims", which facets each of its
measures has (bot/answers/claims/measures.py); a figure is matched to a measure only
when every defining word around it is one that measure accounts for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

# facet -> value -> the phrases that name it. Longest phrases are matched first, and a
# phrase never overlaps another, so "between ports of entry" is not also "ports of entry".
LEXICON: dict[str, dict[str, tuple[str, ...]]] = {
    "who": {
        "trac": ("trac", "transactional records access clearinghouse",
                 "transactional records"),
        "crs": ("congressional research service", "crs"),
        "dzubow": ("dzubow",),
        "judges": ("immigration judges", "immigration judge", "immigration court judges",
                   "judges", "judge"),
        "court": ("immigration courts", "immigration court", "the courts", "court's",
                  "courts", "court"),
        "eoir": ("eoir", "executive office for immigration review"),
        "doj": ("department of justice", "justice department", "doj"),
        "dhs": ("dhs", "department of homeland security", "homeland security"),
        "uscis": ("uscis", "asylum officers", "asylum office",
                  "citizenship and immigration services"),
        "usbp": ("border patrol", "usbp", "agents", "agent", "between ports of entry",
                 "between southwest ports of entry", "between ports"),
        "ofo": ("office of field operations", "ofo", "cbp officers", "at ports of entry",
                "ports of entry", "inadmissibles", "found inadmissible"),
        "cbp": ("cbp", "customs and border protection"),
        "ice": ("ice", "immigration and customs enforcement"),
    },
    "event": {
        "granted": ("granted asylum", "granted", "grants", "awarded asylum", "won asylum",
                    "given asylum", "received asylum", "grant rate", "grant rates",
                    "approved"),
        "ordered_removed": ("ordered removed", "ordered deported", "removal orders",
                            "removal order", "ordered to leave"),
        "removed": ("removed or returned", "removed", "deported", "removals",
                    "deportations", "returned", "returns"),
        "closed": ("had their cases closed", "cases closed", "closed", "dismissed",
                   "dismissal", "terminated", "taken off the books", "allowed to remain",
                   "allowed to stay", "closed or dismissed"),
        "not_removed": ("allowed to remain in the country", "allowed to stay in the country",
                        "allowed to remain in the us", "granted asylum or allowed to remain",
                        "not ordered removed"),
        "decided": ("decided", "decisions", "decision"),
        "denied": ("denied", "denials", "denial rate", "turned down", "rejected", "refused",
                   "refusal rate"),
        "completed": ("completed", "completions", "case completions", "disposed of",
                      "dispositions"),
        "pending": ("pending", "backlog", "backlogged", "caseload", "awaiting"),
        "filed": ("filed", "new cases", "case receipts", "receipts", "new filings",
                  "applied for asylum", "applied"),
        "encountered": ("encounters", "encountered", "apprehended", "apprehensions",
                        "apprehension", "arrests", "arrested", "taken into custody",
                        "took", "caught", "crossings", "crossing", "intercepted",
                        "stopped", "enforcement actions", "presented themselves"),
        "expelled": ("expelled", "expulsions", "title 42 expulsions"),
        "released": ("released", "releases"),
        "processed": ("processed",),
        "gotaway": ("gotaways", "got away"),
    },
    "unit": {
        "cases": ("cases", "case"),
        "applications": ("applications", "application", "claims"),
        "people": ("people", "individuals", "migrants", "persons", "asylum seekers",
                   "illegal entrants", "illegal migrants", "aliens", "immigrants",
                   "applicants"),
        "families": ("family unit aliens", "family units", "family unit", "families",
                     "family members", "family unit individuals"),
        "single_adults": ("single adults", "single adult"),
        "children": ("unaccompanied children", "unaccompanied minors",
                     "unaccompanied alien children", "children", "minors"),
    },
    "scope": {
        "asylum": ("asylum",),
        "defensive": ("defensive", "defensively"),
        "affirmative": ("affirmative", "affirmatively"),
        "merits": ("on the merits", "on their merits", "merits"),
        "in_absentia": ("in absentia",),
        "title42": ("title 42",),
        "appointments": ("with appointments", "cbp one"),
        "represented": ("with lawyers", "without lawyers", "represented", "unrepresented",
                        "with representation", "without representation"),
        "detained": ("detained", "detention"),
    },
    "place": {
        "southwest": ("southwest border", "southern border", "us-mexico border",
                      "u.s.-mexico border", "mexico border", "southwest", "southern"),
        "northern": ("northern border",),
        "coastal": ("coastal border", "coast"),
        "nationwide": ("nationwide", "across the country", "all borders"),
    },
    "grain": {
        "day": ("in a single day", "single-day", "single day", "on some days", "some days",
                "in one day", "daily crossings"),
    },
}

# The names a line uses for what a facet value counts.
SAID = {
    "usbp": "Border Patrol", "ofo": "ports of entry (Office of Field Operations)",
    "judges": "immigration judges", "court": "the immigration courts", "dhs": "DHS",
    "uscis": "USCIS", "doj": "the Justice Department", "cbp": "CBP", "trac": "TRAC",
    "crs": "CRS", "eoir": "EOIR", "ice": "ICE", "nationwide": "nationwide",
    "applications": "applications", "families": "families", "single_adults": "single adults",
    "children": "children", "day": "single days",
}

# How the words before a figure qualify it.
QUALIFIERS = {
    "more than": "more", "over": "more", "above": "more", "exceeding": "more",
    "exceeded": "more", "surpass": "more", "just over": "more", "topped": "more",
    "at least": "at_least", "fewer than": "less", "less than": "less",
    "just fewer than": "less", "just under": "less", "under": "less", "below": "less",
    "nearly": "nearly", "almost": "nearly", "close to": "nearly", "about": "about",
    "roughly": "about", "around": "about", "approximately": "about", "some": "about",
    "an estimated": "about",
}
# A figure after these words is a condition, a plan or a forecast, not a figure reported.
CONDITIONS = ("once ", "if ", "would ", "could ", "reaches", "threshold", "target of",
              "goal of", "within ", "on track", "on pace")
# Words that point back to the measure of the sentence before.
BACK = ("this latter category", "that category", "that figure", "those", "these cases",
        "this category", "the same category", "that equates to", "which equates to",
        "in other words", "of these", "of them", "the decisions", "these decisions")
# The figure's period is the one the sentence before named.
THAT_YEAR = re.compile(r"\b(that|the same) (year|month)\b", re.IGNORECASE)
# The verdicts' tolerances: "close" within 2 %; "about" and "nearly" within 5 %.
CLOSE = 0.02
ABOUT = 0.05
MULTIPLES = {"doubled": 2, "tripled": 3, "quadrupled": 4, "halved": 0.5, "double": 2,
             "triple": 3, "quadruple": 4}
# A percent is a change when these words stand beside it ("15% fewer", "rose 68 percent").
FALL = re.compile(r"\b(fewer|lower|less|declined?|decrease[sd]?|drop(?:ped)?|down|"
                  r"below|fell|reduction|cut)\b", re.IGNORECASE)
RISE = re.compile(r"\b(more|higher|increased?|increases|rise|rose|up|above|greater|"
                  r"jump(?:ed)?|grew|growth)\b", re.IGNORECASE)
# The other side of a comparison: "than in June", "from March 2025", "compared with ...".
BASE = re.compile(r"\b(?:than(?:\s+(?:in|during|for))?|from|over|compared\s+(?:with|to)|"
                  r"against|since|set in)\s*$", re.IGNORECASE)
# "six years before": a period counted back from the text's period.
YEARS_BACK = re.compile(r"\b(one|two|three|four|five|six|seven|eight|nine|ten|\d+) years? "
                        r"(?:before|earlier)\b", re.IGNORECASE)
NUMBER_WORDS = {w: i for i, w in enumerate(("zero", "one", "two", "three", "four", "five",
                                            "six", "seven", "eight", "nine", "ten"))}
# A sentence about an earlier reference point does not move the text's period.
EARLIER = re.compile(r"\b(previous|prior|earlier)\b", re.IGNORECASE)
# A year or month before the subject: "a year before", "the prior fiscal year".
YEAR_BEFORE = re.compile(r"\b(?:a|one) year (?:before|earlier|ago)|the (?:prior|previous|"
                         r"preceding) (?:fiscal )?year|the year before|last year's",
                         re.IGNORECASE)
# Records: "the lowest monthly total since September 2020", "a record", "on record".
RECORD = re.compile(
    r"(?:\bthe\s+(?:\w+\s+){0,3}?(?P<dir>lowest|highest|most|fewest|largest|busiest)\b"
    r"(?P<what>[^.;()]{0,70}?)(?P<span>\bsince\s+[^.;,()]{0,60}?\b(?:19|20)\d\d\b|"
    r"\bon record\b|\bever\b(?:\s+(?:recorded|reported))?|\bin\s+(?:\w+'?s?\s+){0,3}"
    r"history\b|\bin modern data collection\b|\bin a quarter of a century\b|"
    r"\bin (?:at least )?(?:\d+|a) (?:years|decades?)\b|"
    r"\b(?:during|under) the (?:biden|trump|first trump) administration\b))"
    r"|(?:\b(?:a|the)\s+(?:new\s+)?(?:historic|record)(?:[- ](?:high|low|number|"
    r"breaking|setting))?\b|\brecord[- ](?:high|low)\b)",
    re.IGNORECASE)
LOW_WORDS = re.compile(r"\b(low|lowest|fewest|smallest)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Administration:
    key: str
    label: str
    start: date
    end: date | None
    words: tuple[str, ...]


# Periods named by administration; fiscal years do not start on inauguration day, so a
# period "since Biden took office" is read as the fiscal years from the one it began in.
ADMINISTRATIONS = (
    Administration("trump", "the first Trump administration", date(2017, 1, 20),
                   date(2021, 1, 20), ("trump",)),
    Administration("biden", "the Biden administration", date(2021, 1, 20), date(2025, 1, 20),
                   ("biden",)),
)


@dataclass(frozen=True)
class Hit:
    """A defining word found in a sentence."""

    start: int
    end: int
    facet: str
    value: str
    text: str


def _pattern(phrase: str) -> re.Pattern:
    words = r"\s+".join(map(re.escape, phrase.split()))
    return re.compile(rf"(?<![\w-]){words}(?![\w-])", re.IGNORECASE)


_PHRASES = sorted(((p, facet, value, _pattern(p)) for facet, values in LEXICON.items()
                   for value, phrases in values.items() for p in phrases),
                  key=lambda t: -len(t[0]))


def hits(sentence: str) -> list[Hit]:
    """Every defining word in the sentence, longest phrases first, never overlapping."""
    taken: list[Hit] = []
    for _phrase, facet, value, pattern in _PHRASES:
        for m in pattern.finditer(sentence):
            if all(m.end() <= h.start or m.start() >= h.end for h in taken):
                taken.append(Hit(m.start(), m.end(), facet, value, m.group(0)))
    # "ordered 52,440 asylum seekers removed": the words stand around the figure
    for m in _ORDERED.finditer(sentence):
        taken = [h for h in taken if not (h.facet == "event" and h.start == m.start("done"))]
        taken.append(Hit(m.start("done"), m.end("done"), "event", "ordered_removed",
                         m.group(0)))
    return sorted(taken, key=lambda h: h.start)


_ORDERED = re.compile(r"\bordered\b(?:\s+[\w,.]+){1,5}?\s+(?P<done>removed|deported)\b",
                      re.IGNORECASE)
