"""The benchmark report: printed, and written to docs/benchmarks.md."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.stats import Summary

HEAD = ["n", "p50 ms", "p95 ms", "max ms"]
NOTES = Path(__file__).resolve().parent.parent / "docs" / "benchmark-notes.md"


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


@dataclass
class Report:
    machine: dict[str, str]
    quick: bool
    sizes: dict[str, int]
    inprocess: dict = field(default_factory=dict)
    ours: dict = field(default_factory=dict)  # restarted on data it has seen: warm
    naive: dict = field(default_factory=dict)
    before: dict = field(default_factory=dict)  # no charts kept, none drawn ahead
    first: dict = field(default_factory=dict)  # first start on new data, drawing ahead
    disk_mb: float = 0.0
    ceiling: dict = field(default_factory=dict)  # "warm"/"cold": [(rate, result, pss)]
    startup: list[tuple[float, float]] = field(default_factory=list)

    def _worst(self, kind: str) -> float:
        return max(row[kind].p95 for row in self.inprocess.values() if kind in row)

    def targets(self) -> list[tuple[str, str, str, bool]]:
        burst = self.ours["burst"]
        first = self.first["burst"]
        warm = self.ours["idle"][1]
        ready = max(s for s, _ in self.startup)
        rss = self.ours["rss_peak"]
        return [
            ("table answers, p95 (worst command)", "≤ 5 ms", f"{self._worst('table'):.2f} ms",
             self._worst("table") <= 5),
            ("chart rendered cold, p95 (worst command)", "≤ 150 ms",
             f"{self._worst('chart cold'):.1f} ms", self._worst("chart cold") <= 150),
            ("chart cached, p95 (worst command)", "≤ 2 ms",
             f"{self._worst('chart cached'):.2f} ms", self._worst("chart cached") <= 2),
            ("burst: acknowledged within 3 s", "100 %", f"{burst.acked_in_time:.1%}",
             burst.acked_in_time == 1),
            ("burst: completion p95", "≤ 5 s", f"{burst.done.p95 / 1000:.2f} s",
             burst.done.p95 <= 5000),
            ("burst: event-loop lag, max", "≤ 250 ms", f"{self.ours['burst_lag_ms']:.0f} ms",
             self.ours["burst_lag_ms"] <= 250),
            ("RSS, peak (the bot's process)", "≤ 250 MB", f"{rss:.0f} MB", rss <= 250),
            ("memory of the bot with its chart workers (PSS)", "≤ 250 MB",
             f"{self.ours['pss_total']:.0f} MB", self.ours["pss_total"] <= 250),
            ("ready after start (slowest)", "≤ 5 s", f"{ready:.2f} s", ready <= 5),
            ("restarted on seen data: burst acknowledged within 3 s", "100 %",
             f"{burst.acked_in_time:.1%}", burst.acked_in_time == 1),
            ("restarted on seen data: burst completion p95", "≤ 1 s",
             f"{burst.done.p95 / 1000:.2f} s", burst.done.p95 <= 1000),
            ("restarted on seen data: event-loop lag in the burst", "≤ 100 ms",
             f"{self.ours['burst_lag_ms']:.0f} ms", self.ours["burst_lag_ms"] <= 100),
            ("a single warm answer, interaction → reply (p95 of the idle run)", "≤ 20 ms",
             f"{warm.p95:.1f} ms", warm.p95 <= 20),
            ("first start on new data: burst completion p95", "≤ 4 s",
             f"{first.done.p95 / 1000:.2f} s", first.done.p95 <= 4000),
            ("disk used by stored charts", "≤ 200 MB", f"{self.disk_mb:.0f} MB",
             self.disk_mb <= 200),
        ]

    def markdown(self) -> str:
        m = self.machine
        out = [
            "# Benchmarks",
            "",
            "Made by `python3 dev.py bench` (`.venv/bin/python -m benchmarks`)"
            + (" with `--quick`: tiny run counts, figures not meaningful." if self.quick
               else "."),
            "",
            f"- date: {m['date']}",
            f"- machine: {m['cpu']}, {m['memory']}, {m['os']}",
            f"- Python {m['python']}; {m['libraries']}",
            f"- sizes: {self.sizes['runs']} runs per in-process figure, "
            f"{self.sizes['idle']} idle interactions, a burst of {self.sizes['burst']}, "
            f"{self.sizes['starts']} start-ups",
            "",
            "## Targets",
            "",
            table(["what", "target", "measured", "met"],
                  [[w, t, v, "yes" if ok else "**no**"] for w, t, v, ok in self.targets()]),
            "",
            "## Answers in process",
            "",
            "Time to answer a question in the process, without Discord: the table alone "
            "(query, figures, formatting), the chart rendered with an empty cache, and the "
            "whole answer when the chart is cached.",
            "",
            table(["command", "what", *HEAD],
                  [[cmd, kind, *s.cells()] for cmd, row in self.inprocess.items()
                   for kind, s in row.items()]),
            "",
            "## End to end through the local Discord stand-in",
            "",
            "From INTERACTION_CREATE leaving the stand-in to the bot's acknowledgement "
            "(a reply, or a defer) and to its final reply. Each bot runs in a process of "
            "its own, as in production; the stand-in runs in the benchmark's. The naive "
            "bot draws with pyplot inside its event loop, with no defer and no cache, and "
            "has only the chart commands.",
            "",
            self._e2e(),
            "",
            self._burst(),
            "",
            "## Charts kept and drawn ahead: before and after, in this run",
            "",
            self._before_after(),
            "",
            "## The ceiling of one process",
            "",
            self._ceiling(),
            "",
            "## Start-up and memory",
            "",
            self._startup(),
            "",
        ]
        eoir = NOTES.with_name("benchmarks-eoir.md")  # written by `--eoir`, a longer run
        if eoir.exists():
            out += ["<!-- eoir:start -->", eoir.read_text().strip(), "<!-- eoir:end -->", ""]
        # Written by `--check` and `--sources`: each a section here, a level down.
        for key, name in (("buttons", "benchmarks-buttons.md"), ("check", "benchmarks-check.md"),
                          ("sources", "benchmarks-sources.md")):
            part = NOTES.with_name(name)
            if part.exists():
                title, _, body = part.read_text().strip().partition("\n")
                heading = "## " + title.removeprefix("# Benchmarks: ").capitalize()
                out += [f"<!-- {key}:start -->", heading,
                        body.replace("\n## ", "\n### "), f"<!-- {key}:end -->", ""]
        if NOTES.exists():  # the hand-written record of what was profiled and fixed
            out += [NOTES.read_text().strip(), ""]
        return "\n".join(out)

    def _e2e(self) -> str:
        rows = []
        for who, res in (("this bot", self.ours), ("naive bot", self.naive)):
            ack, done = res["idle"]
            rows.append([who, "idle: acknowledged", *ack.cells()])
            rows.append([who, "idle: final reply", *done.cells()])
        lag = (f"Event-loop lag during the idle run, max: this bot "
               f"{self.ours['idle_lag_ms']:.0f} ms, naive bot {self.naive['idle_lag_ms']:.0f} ms.")
        return table(["bot", "what", *HEAD], rows) + "\n\n" + lag

    def _burst(self) -> str:
        o, n = self.ours["burst"], self.naive["burst"]

        def ratio(a: float, b: float) -> str:
            return f"{a / b:.2f}" if b else "n/a"

        rows = [
            ["interactions sent", str(o.sent), str(n.sent), ""],
            ["acknowledged within 3 s", f"{o.acked_in_time:.1%}", f"{n.acked_in_time:.1%}", ""],
            ["completed", f"{o.completed:.1%}", f"{n.completed:.1%}", ""],
            ["acknowledged, p95", f"{o.ack.p95:,.0f} ms", f"{n.ack.p95:,.0f} ms",
             ratio(o.ack.p95, n.ack.p95)],
            ["final reply, p50", f"{o.done.p50:,.0f} ms", f"{n.done.p50:,.0f} ms",
             ratio(o.done.p50, n.done.p50)],
            ["final reply, p95", f"{o.done.p95:,.0f} ms", f"{n.done.p95:,.0f} ms",
             ratio(o.done.p95, n.done.p95)],
            ["final reply, max", f"{o.done.max:,.0f} ms", f"{n.done.max:,.0f} ms",
             ratio(o.done.max, n.done.max)],
            ["event-loop lag, max", f"{self.ours['burst_lag_ms']:,.0f} ms",
             f"{self.naive['burst_lag_ms']:,.0f} ms",
             ratio(self.ours["burst_lag_ms"], self.naive["burst_lag_ms"])],
        ]
        hits, misses = self.ours["cache"]
        return (f"A burst of {o.sent} simultaneous interactions, each from a different user, "
                "mixed across the commands (the same mix for both bots, less /about for the "
                "naive one). Ratio = this bot ÷ naive bot; below 1 is better.\n\n"
                + table(["burst", "this bot", "naive bot", "ratio"], rows)
                + f"\n\nChart cache over the idle run and the burst: {hits} hits, "
                  f"{misses} renders.")

    def _before_after(self) -> str:
        b, f, o, n = self.before, self.first, self.ours, self.naive

        def row(what: str, get) -> list[str]:
            return [what, *(get(r) for r in (b, f, o, n))]

        rows = [
            row("burst: acknowledged within 3 s", lambda r: f"{r['burst'].acked_in_time:.1%}"),
            row("burst: final reply p50", lambda r: f"{r['burst'].done.p50:,.0f} ms"),
            row("burst: final reply p95", lambda r: f"{r['burst'].done.p95:,.0f} ms"),
            row("burst: final reply max", lambda r: f"{r['burst'].done.max:,.0f} ms"),
            row("burst: event-loop lag, max",
                lambda r: f"{r.get('burst_lag_ms', r.get('lag_ms', 0)):,.0f} ms"),
            row("idle: final reply p50",
                lambda r: f"{r['idle'][1].p50:,.1f} ms" if "idle" in r else "—"),
            row("idle: final reply p95",
                lambda r: f"{r['idle'][1].p95:,.1f} ms" if "idle" in r else "—"),
            row("PSS of the bot and its workers",
                lambda r: f"{r.get('pss_total', r.get('pss', 0)):,.0f} MB"),
        ]
        return ("The same burst of 200 and idle run against: this bot as it was before charts "
                "were kept on disk and drawn ahead (`--cold`); its first start on data it has "
                "never drawn, with the burst arriving while it draws ahead; the same bot "
                "restarted on that data; and the naive bot.\n\n"
                + table(["", "before", "first start", "restarted", "naive bot"], rows)
                + f"\n\nDrawing ahead after the first start: {self.first['ahead_drawn']} charts "
                  f"in {self.first['ahead_s']:.0f} s after the burst; charts kept on disk: "
                  f"{self.disk_mb:.0f} MB.")

    def _ceiling(self) -> str:
        parts = ["Mixed questions (the four chart commands and /about, mostly recent years) "
                 "sent at a steady rate, each from another user, for "
                 f"{self.sizes['ceiling_seconds']} s at each rate, rising until one process no "
                 "longer acknowledges every interaction within 3 s with completion p95 under "
                 "1 s. Warm: restarted on data it has seen. Cold: a fresh process at each "
                 "rate, with no charts kept or drawn ahead."]
        for kind in ("warm", "cold"):
            runs = self.ceiling.get(kind, [])
            ok = [rate for rate, r, _ in runs if r.acked_in_time == 1 and r.done.p95 <= 1000]
            rows = [[f"{rate:,}", str(r.sent), f"{r.acked_in_time:.1%}",
                     f"{r.done.p95:,.0f} ms", f"{pss:,.0f} MB"] for rate, r, pss in runs]
            parts += ["", f"**{kind.capitalize()}**: sustained "
                          + (f"**{max(ok):,} interactions a minute**" if ok else
                             "below the lowest rate tried") + ".", "",
                      table(["a minute", "sent", "acked in 3 s", "final reply p95", "PSS"], rows)]
        return "\n".join(parts)

    def _startup(self) -> str:
        times = [s for s, _ in self.startup]
        child_rss = [r for _, r in self.startup]
        rows = [
            ["launch → connected, commands synced (median)",
             f"{statistics.median(times):.2f} s"],
            ["launch → connected, commands synced (slowest)", f"{max(times):.2f} s"],
            ["RSS just after start-up", f"{max(child_rss):.0f} MB"],
            ["RSS after the idle run", f"{self.ours['rss_idle']:.0f} MB"],
            ["RSS after the burst", f"{self.ours['rss_after']:.0f} MB"],
            ["RSS, peak", f"{self.ours['rss_peak']:.0f} MB"],
            ["RSS of the chart worker processes after the burst, together",
             f"{self.ours['workers_rss']:.0f} MB"],
            ["PSS of the bot and its workers after the burst (shared pages counted once)",
             f"{self.ours['pss_total']:.0f} MB"],
        ]
        return (table(["what", "figure"], rows)
                + "\n\nFigures are for the bot's own processes (the stand-in runs in the "
                  "benchmark's process). The chart workers fork from a server process that "
                  "has already loaded matplotlib, so much of their memory is shared; PSS "
                  "counts each shared page once.")


__all__ = ["Report", "Summary"]
