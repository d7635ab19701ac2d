"""Dataset metadata: Datasette's table metadata plus the keys the answers need.

Each `data/<name>.csv` has a `data/<name>.metadata.json` beside it. Datasette's
own keys (title, description, source, source_url, license, columns, units)
are used as Datasette defines them; the rest describe how to read the figures:
which column is the fiscal year, which columns are measures, what each period
code means, and the caveats every answer must carry.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from bot.store.errors import DataFileError

REQUIRED_KEYS = ("title", "source", "source_url", "as_of", "unit", "key", "measures")
REPORTED_COLUMNS = ("topic", "fiscal_year", "as_of", "qualifier", "value", "high", "publisher",
                    "published", "url")
QUALIFIERS = ("exact", "about", "nearly", "more than", "at least", "range")


@dataclass(frozen=True)
class Measure:
    """One counted column: its name, full label and a short label for narrow tables."""

    name: str
    label: str
    short: str
    description: str = ""
    part: bool = True  # one of the parts of the total; False for an "of which" figure
    # A level at one moment (cases pending at year end), not a count over the period:
    # never summed over years, never scaled to a full year.
    stock: bool = False
    # Shown beside the total but neither in it nor a share of it (voluntary departures
    # beside TRAC's three columns).
    apart: bool = False
    # The months the thing counted existed, as (calendar year, month), and a note saying
    # so: Title 42 expulsions ended in May 2023. Outside them a zero is no figure at all.
    since: tuple[int, int] | None = None
    until: tuple[int, int] | None = None
    in_force_note: str = ""


@dataclass(frozen=True)
class Period:
    """What a period code in the data means: how many months of the year it covers."""

    code: str
    label: str
    months: int
    description: str

    @property
    def partial(self) -> bool:
        return self.months < 12


@dataclass(frozen=True)
class Combination:
    """A sum of measures worth reporting on its own (e.g. granted or allowed to remain)."""

    name: str
    label: str
    measures: tuple[str, ...]
    description: str = ""
    phrase: str = ""  # how a headline says it: "granted asylum or allowed to remain"
    short: str = ""  # a label of seven characters or fewer, for narrow tables


@dataclass(frozen=True)
class Lead:
    """The columns a dataset's answers lead with, before its own measures: combinations
    (the parts of the lead's total), and measures shown beside them but kept apart."""

    columns: tuple[str, ...]
    apart: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class DatasetMeta:
    """Everything known about one dataset apart from its rows."""

    name: str
    title: str
    description: str
    source: str
    source_url: str
    as_of: str
    unit: str
    subject: str
    key: str
    period_column: str | None
    measures: tuple[Measure, ...]
    periods: dict[str, Period]
    additive: bool
    combinations: tuple[Combination, ...] = ()
    # A total as the source published it, kept rather than summed from the parts
    # (DHS rounds each figure on its own, so a sum could differ from what was printed).
    total_column: str | None = None
    part_noun: str = "part"  # what one measure is, in a headline: "outcome", "route"
    # A monthly dataset: one row per month, named in `month_column`; fiscal years are
    # the sums of their months. A published daily average, if given, is checked.
    month_column: str | None = None
    daily_average_column: str | None = None
    # Releases (vintages) of the same series kept side by side: the column naming a
    # row's release, and each release's label, oldest first. The newest is the default.
    release_column: str | None = None
    releases: dict[str, str] = field(default_factory=dict)
    # "series" (figures by year) or "reported" (single figures others published, each
    # with its qualifier, publisher and date, under one of `topics`).
    short_source: str = ""  # a few words naming the source in narrow tables: "DHS yearbook"
    kind: str = "series"
    # For /sources. A series: topic -> {"measure", "counts"} (which measure counts that
    # concept, and what exactly it counts). Reported figures: topic -> {"label",
    # "differs"} (what the topic is, and why sources of it disagree), and "unit":
    # "percent" for a rate.
    topics: dict[str, dict[str, str]] = field(default_factory=dict)
    caveats: tuple[str, ...] = ()
    terms: dict[str, str] = field(default_factory=dict)
    fiscal_year: str = ""
    # Answers lead with these columns (the case-level classes as TRAC's three), then
    # the measures in detail.
    lead: Lead | None = None
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def columns(self) -> list[str]:
        """The columns a data file must have, in order."""
        if self.kind == "reported":
            return list(REPORTED_COLUMNS)
        cols = [self.key]
        if self.month_column:
            cols.append(self.month_column)
        if self.release_column:
            cols.append(self.release_column)
        if self.period_column:
            cols.append(self.period_column)
        return cols + self.count_columns + ([self.daily_average_column]
                                            if self.daily_average_column else [])

    def is_stock(self, name: str) -> bool:
        """Whether a measure (or the total) is a level at one moment rather than a count."""
        return any(m.stock for m in self.measures if m.name == name)

    @property
    def parts(self) -> tuple[Measure, ...]:
        """The measures that are parts of the total (all of them, unless some are 'of which')."""
        return tuple(m for m in self.measures if m.part)

    @property
    def count_columns(self) -> list[str]:
        """Every column of whole-number counts: the measures, then a published total."""
        return [m.name for m in self.measures] + ([self.total_column] if self.total_column
                                                  else [])

    def measure(self, name: str) -> Measure:
        for m in self.measures:
            if m.name == name:
                return m
        raise KeyError(name)

    @property
    def source_line(self) -> str:
        return f"Source: {self.source}, as of {self.as_of}"


def parse_metadata(fname: str, data: bytes) -> DatasetMeta:
    """Check `<name>.metadata.json` content; raise DataFileError naming what is wrong."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataFileError(fname, f"not UTF-8 text (byte {exc.start})") from None
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataFileError(fname, f"not valid JSON: {exc.msg}", row=exc.lineno) from None
    if not isinstance(raw, dict):
        raise DataFileError(fname, "must be a JSON object")
    for key in REQUIRED_KEYS:
        if key not in raw:
            raise DataFileError(fname, f"missing required key {key!r}")
    name = fname.removesuffix(".metadata.json")
    # 26 characters at most, so a listing of datasets and their years fits a phone.
    if not re.fullmatch(r"[a-z][a-z0-9_]{0,25}", name):
        raise DataFileError(fname, "dataset names use lowercase letters, digits and _ only, "
                                   "26 characters at most")
    return DatasetMeta(
        name=name,
        title=_text(raw, "title", fname),
        description=str(raw.get("description", "")),
        source=_text(raw, "source", fname),
        source_url=_text(raw, "source_url", fname),
        as_of=_text(raw, "as_of", fname),
        unit=_text(raw, "unit", fname),
        subject=str(raw.get("subject", raw["unit"])),
        key=_text(raw, "key", fname),
        period_column=raw.get("period_column"),
        measures=_measures(raw, fname),
        periods=FULL_YEAR if "month_column" in raw or raw.get("kind") == "reported"
        else _periods(raw, fname),
        additive=bool(raw.get("additive", False)),
        combinations=_combinations(raw, fname),
        total_column=_total_column(raw, fname),
        part_noun=str(raw.get("part_noun", "part")),
        month_column=raw.get("month_column"),
        release_column=raw.get("release_column"),
        kind=_kind(raw, fname),
        short_source=str(raw.get("short_source", raw["source"].split(",")[0][:18])),
        topics=_topics(raw, fname),
        releases=_releases(raw, fname),
        daily_average_column=raw.get("daily_average_column"),
        caveats=tuple(str(c) for c in raw.get("caveats", [])),
        terms={str(k): str(v) for k, v in raw.get("terms", {}).items()},
        fiscal_year=str(raw.get("fiscal_year", "")),
        lead=_lead(raw, fname),
        raw=raw,
    )


def _text(raw: dict, key: str, fname: str) -> str:
    value = raw[key]
    if not isinstance(value, str) or not value.strip():
        raise DataFileError(fname, f"{key!r} must be a non-empty string")
    return value


def _measures(raw: dict, fname: str) -> tuple[Measure, ...]:
    spec = raw["measures"]
    if not isinstance(spec, dict) or not spec:
        raise DataFileError(fname, "'measures' must map column names to labels")
    columns = raw.get("columns", {})
    out = []
    for name, m in spec.items():
        if not isinstance(m, dict) or "label" not in m:
            raise DataFileError(fname, f"measure {name!r} needs a 'label'")
        out.append(
            Measure(
                name=name,
                label=str(m["label"]),
                short=str(m.get("short", m["label"])),
                description=str(columns.get(name, "")),
                part=bool(m.get("part", True)),
                stock=bool(m.get("stock", False)),
                **_in_force(m.get("in_force"), name, fname),
            )
        )
    return tuple(out)


def _in_force(spec, name: str, fname: str) -> dict:
    """{"from": "2020-03", "to": "2023-05", "note": "..."}: the months a measure existed."""
    if spec is None:
        return {}
    out = {"in_force_note": str(spec.get("note", ""))}
    for key, field_ in (("from", "since"), ("to", "until")):
        if key in spec:
            m = re.fullmatch(r"(\d{4})-(\d{2})", str(spec[key]))
            if m is None or not 1 <= int(m.group(2)) <= 12:
                raise DataFileError(fname, f"measure {name!r}: in_force {key!r} must be YYYY-MM")
            out[field_] = (int(m.group(1)), int(m.group(2)))
    return out


# A monthly dataset's years get their periods from the months present.
FULL_YEAR = {"full": Period("full", "", 12, "The whole fiscal year, 1 October to 30 September.")}


def _periods(raw: dict, fname: str) -> dict[str, Period]:
    if "periods" not in raw:
        raise DataFileError(fname, "missing required key 'periods'")
    spec = raw["periods"]
    if not isinstance(spec, dict) or not spec:
        raise DataFileError(fname, "'periods' must describe each period code used in the data")
    out = {}
    for code, p in spec.items():
        months = p.get("months") if isinstance(p, dict) else None
        if not isinstance(months, int) or not 1 <= months <= 12:
            raise DataFileError(fname, f"period {code!r} needs 'months' between 1 and 12")
        label = str(p.get("label", ""))
        if months < 12 and not label:
            raise DataFileError(fname, f"partial period {code!r} needs a 'label'")
        out[code] = Period(code, label, months, str(p.get("description", "")))
    return out


def _combinations(raw: dict, fname: str) -> tuple[Combination, ...]:
    measures = set(raw["measures"])
    out = []
    for name, c in raw.get("combinations", {}).items():
        parts = tuple(c.get("measures", []))
        unknown = [p for p in parts if p not in measures]
        if not parts or unknown:
            raise DataFileError(fname, f"combination {name!r} must list known measures")
        label, description = str(c.get("label", name)), str(c.get("description", ""))
        phrase = str(c.get("phrase", label.lower()))
        out.append(Combination(name, label, parts, description, phrase,
                               str(c.get("short", label))))
    return tuple(out)


def _lead(raw: dict, fname: str) -> Lead | None:
    spec = raw.get("leads_with")
    if spec is None:
        return None
    columns, apart = tuple(spec.get("columns", ())), tuple(spec.get("apart", ()))
    known = set(raw.get("combinations", {}))
    if not columns or any(c not in known for c in columns):
        raise DataFileError(fname, "'leads_with' columns must name combinations")
    if any(m not in raw["measures"] for m in apart):
        raise DataFileError(fname, "'leads_with' apart must name measures")
    return Lead(columns, apart, str(spec.get("note", "")))


def _total_column(raw: dict, fname: str) -> str | None:
    name = raw.get("total_column")
    if name is None:
        return None
    if not isinstance(name, str) or name in raw["measures"] or name == raw["key"]:
        raise DataFileError(fname, "'total_column' must name a column that is not a measure")
    if not raw.get("additive"):
        raise DataFileError(fname, "'total_column' needs 'additive': true (the measures are "
                                   "parts of that total)")
    return name


def _releases(raw: dict, fname: str) -> dict[str, str]:
    if "release_column" not in raw:
        return {}
    spec = raw.get("releases")
    if not isinstance(spec, dict) or not spec:
        raise DataFileError(fname, "'releases' must describe each release used in the data")
    return {str(code): str((r or {}).get("label", code)) for code, r in sorted(spec.items())}


def _kind(raw: dict, fname: str) -> str:
    kind = str(raw.get("kind", "series"))
    if kind not in ("series", "reported"):
        raise DataFileError(fname, f"'kind' must be series or reported, not {kind!r}")
    if kind == "reported" and not raw.get("topics"):
        raise DataFileError(fname, "a dataset of reported figures needs 'topics'")
    return kind


def _topics(raw: dict, fname: str) -> dict[str, dict[str, str]]:
    spec = raw.get("topics", {})
    needs = ("label", "differs") if raw.get("kind") == "reported" else ("measure", "counts")
    out = {}
    for topic, entry in spec.items():
        if not isinstance(entry, dict) or any(k not in entry for k in needs):
            raise DataFileError(fname, f"topic {topic!r} needs {' and '.join(needs)}")
        if "measure" in needs and entry["measure"] not in [*raw["measures"], "total",
                                                           raw.get("total_column")]:
            raise DataFileError(fname, f"topic {topic!r} names an unknown measure")
        out[str(topic)] = {k: str(v) for k, v in entry.items()}
    return out
