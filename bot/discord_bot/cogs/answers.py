"""Slash commands over bot.answers: /outcomes, /compare, /trend, /totals, the rankings from
EOIR's case-level release (/courts, /nationalities, /representation, /judges), /changes,
/about, /export.

Each command builds a Question and hands it to the answer service on a worker
thread; the function's docstring is the command's description in Discord. A
chart that has to be drawn counts against the render limit; nothing else does.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections import OrderedDict

import discord
from discord import app_commands
from discord.ext import commands

from bot.answers.claims import MAX_TEXT
from bot.answers.errors import UserError
from bot.answers.model import Answer
from bot.answers.questions import (
    BY_WORDS,
    CASE_COMMANDS,
    COMMAND_DATASETS,
    Question,
    check_date,
    parse,
)
from bot.answers.service import Answers
from bot.discord_bot import limits
from bot.discord_bot.components import own
from bot.discord_bot.layout import Reply, answer_reply, private
from bot.discord_bot.offload import Offload, send
from bot.discord_bot.render_limit import RenderLimit
from bot.discord_bot.sanitize import code, plain

Year = app_commands.Range[int, 1900, 2100]
LAST_ANSWERS_KEPT = 500  # channels whose last table /export can return


DATASET_HELP = "Which dataset (default: asylum outcomes)"
COURT_HELP = "An immigration court: type part of its name (from EOIR's case-level release)"
NATIONALITY_HELP = "A nationality: type part of its name (from EOIR's case-level release)"
REPRESENTED_HELP = "Only cases with (True) or without (False) a lawyer on file"
CUSTODY_HELP = "Only cases in this custody status"
MIN_HELP = "Leave out groups with fewer asylum decisions than this"
CUSTODY_CHOICES = [app_commands.Choice(name=n, value=v) for n, v in
                   (("detained", "detained"), ("released", "released"),
                    ("never detained", "never_detained"))]
CLAIM_HELP = "Only affirmative claims (referred by USCIS) or defensive ones"
CLAIM_CHOICES = [app_commands.Choice(name=c, value=c) for c in ("affirmative", "defensive")]
BREAKDOWN_HELP = {"court": COURT_HELP, "nationality": NATIONALITY_HELP,
                  "represented": REPRESENTED_HELP, "custody": CUSTODY_HELP,
                  "claim": CLAIM_HELP}


log = logging.getLogger(__name__)

class AnswersCog(commands.Cog):
    """The question-answering commands."""

    def __init__(self, service: Answers, offload: Offload, render_limit: RenderLimit) -> None:
        self.service = service
        self.offload = offload
        self.render_limit = render_limit
        self._last: OrderedDict[int, Answer] = OrderedDict()
        self._last_lock = threading.Lock()

    async def _answer(self, interaction: discord.Interaction, question: Question, *,
                      private: bool = False) -> None:
        channel_id, user_id = interaction.channel_id or 0, interaction.user.id

        def compose() -> tuple[Answer, bool]:
            answer = self.service.ask(question)
            return answer, self.service.has_chart(answer)

        answer, drawn = await self.offload.run(compose)
        if not drawn and self.render_limit.expected_wait() > self.offload.defer_after:
            # Too many charts ahead of this one to finish inside Discord's deadline:
            # acknowledge now rather than after waiting to find out.
            await interaction.response.defer(thinking=True)

        def work() -> Reply:
            if drawn:
                png = self.service.chart_png(answer)
            else:
                with self.render_limit.render(user_id):
                    png = self.service.chart_png(answer)
            if not private:
                self._remember(channel_id, answer)
            reply = answer_reply(answer, png)
            reply.ephemeral = private
            return reply

        await self.offload.reply(interaction, work)

    async def note(self, interaction: discord.Interaction, text: str) -> None:
        """A short private reply (a button from an older answer, a choice not offered)."""
        await send(interaction, private(text))

    async def follow(self, interaction: discord.Interaction, text: str, *,
                     csv: bool = False) -> None:
        """A button or a menu pressed: its question answered under the typed commands'
        rules. The presser's own answer is replaced; anyone else is answered privately."""
        mine = own(interaction)
        try:
            question = parse(text)
            answer, drawn = await self.offload.run(
                lambda: (a := self.service.ask(question), self.service.has_chart(a)))
        except UserError as exc:  # a year gone in a revision, a question from an old version
            first = str(exc).splitlines()[0] if str(exc) else "That button has no answer now."
            await send(interaction, private(first))
            return
        except Exception:
            log.exception("a button press failed: %r", text[:100])
            await send(interaction, private("Sorry, that did not work; the error was logged."))
            return
        if csv:
            reply = _csv_reply(answer)
            reply.ephemeral = not mine
            await send(interaction, reply)
            return
        if not drawn and self.render_limit.expected_wait() > self.offload.defer_after:
            await (interaction.response.defer() if mine else
                   interaction.response.defer(ephemeral=True, thinking=True))
        user_id = interaction.user.id

        def work() -> Reply:
            if drawn:
                png = self.service.chart_png(answer)
            else:
                with self.render_limit.render(user_id):
                    png = self.service.chart_png(answer)
            reply = answer_reply(answer, png)
            reply.ephemeral = not mine
            return reply

        reply = await self.offload.run(work)
        if not mine:
            await send(interaction, reply)
        elif interaction.response.is_done():
            await interaction.edit_original_response(**reply.edit_kwargs())
        else:
            await interaction.response.edit_message(**reply.edit_kwargs())

    def _remember(self, channel_id: int, answer: Answer) -> None:
        with self._last_lock:
            self._last[channel_id] = answer
            self._last.move_to_end(channel_id)
            while len(self._last) > LAST_ANSWERS_KEPT:
                self._last.popitem(last=False)

    def last_answer(self, channel_id: int) -> Answer | None:
        with self._last_lock:
            return self._last.get(channel_id)

    @app_commands.command()
    @app_commands.describe(year="Fiscal year, e.g. 2023", dataset=DATASET_HELP,
                           **BREAKDOWN_HELP)
    @app_commands.choices(custody=CUSTODY_CHOICES, claim=CLAIM_CHOICES)
    async def outcomes(self, interaction: discord.Interaction, year: Year,
                       dataset: str | None = None, court: str | None = None,
                       nationality: str | None = None, represented: bool | None = None,
                       custody: str | None = None, claim: str | None = None) -> None:
        """Asylum outcomes in one fiscal year: counts, shares, change from the year before."""
        await self._answer(interaction, Question(
            "outcomes", (year,), dataset, court=court, nationality=nationality,
            represented=represented, custody=custody, claim=claim))

    @app_commands.command()
    @app_commands.describe(first="A fiscal year, e.g. 2020", second="Another fiscal year",
                           raw="Show a partial year as counted, marked not comparable (default: "
                               "at its full-year pace, an estimate)",
                           dataset=DATASET_HELP, **BREAKDOWN_HELP)
    @app_commands.choices(custody=CUSTODY_CHOICES, claim=CLAIM_CHOICES)
    async def compare(self, interaction: discord.Interaction, first: Year, second: Year,
                      raw: bool = False, dataset: str | None = None, court: str | None = None,
                      nationality: str | None = None, represented: bool | None = None,
                      custody: str | None = None, claim: str | None = None) -> None:
        """Two fiscal years side by side: change, percent change and ratio."""
        await self._answer(interaction, Question(
            "compare", (first, second), dataset, raw, court=court, nationality=nationality,
            represented=represented, custody=custody, claim=claim))

    @app_commands.command()
    @app_commands.describe(start="First fiscal year (default: the earliest)",
                           end="Last fiscal year (default: the latest)", dataset=DATASET_HELP,
                           **BREAKDOWN_HELP)
    @app_commands.choices(custody=CUSTODY_CHOICES, claim=CLAIM_CHOICES)
    async def trend(self, interaction: discord.Interaction, start: Year | None = None,
                    end: Year | None = None, dataset: str | None = None,
                    court: str | None = None, nationality: str | None = None,
                    represented: bool | None = None, custody: str | None = None,
                    claim: str | None = None) -> None:
        """Outcomes year by year over a range, as a table and a line chart."""
        q = Question("trend", (), dataset, court=court, nationality=nationality,
                     represented=represented, custody=custody, claim=claim)
        if start is None and end is not None:  # from the earliest year up to `end`
            start = (await self.offload.run(lambda: self.service.year_choices(
                dataset, breakdown=q.breakdown)))[0][0]
        years = tuple(y for y in (start, end) if y is not None)
        await self._answer(interaction, dataclasses.replace(q, years=years))

    @app_commands.command()
    @app_commands.describe(start="First fiscal year, e.g. 2021",
                           end="Last fiscal year (default: the latest)", dataset=DATASET_HELP,
                           **BREAKDOWN_HELP)
    @app_commands.choices(custody=CUSTODY_CHOICES, claim=CLAIM_CHOICES)
    async def totals(self, interaction: discord.Interaction, start: Year,
                     end: Year | None = None, dataset: str | None = None,
                     court: str | None = None, nationality: str | None = None,
                     represented: bool | None = None, custody: str | None = None,
                     claim: str | None = None) -> None:
        """Sums and shares over a range of fiscal years, to check claims like '77% since 2021'."""
        years = (start,) if end is None else (start, end)
        await self._answer(interaction, Question(
            "totals", years, dataset, court=court, nationality=nationality,
            represented=represented, custody=custody, claim=claim))

    @app_commands.command()
    @app_commands.describe(year="Fiscal year, e.g. 2023", nationality=NATIONALITY_HELP,
                           min_decisions=MIN_HELP + " (default 100)")
    async def courts(self, interaction: discord.Interaction, year: Year,
                     nationality: str | None = None,
                     min_decisions: app_commands.Range[int, 1, 100_000] | None = None) -> None:
        """Immigration courts ranked by asylum grant rate, with the counts behind each rate."""
        await self._answer(interaction, Question("courts", (year,), nationality=nationality,
                                                 min_decisions=min_decisions))

    @app_commands.command()
    @app_commands.describe(year="Fiscal year, e.g. 2023", court=COURT_HELP,
                           min_decisions=MIN_HELP + " (default 100)")
    async def nationalities(self, interaction: discord.Interaction, year: Year,
                            court: str | None = None,
                            min_decisions: app_commands.Range[int, 1, 100_000] | None = None
                            ) -> None:
        """Nationalities ranked by asylum grant rate, with the counts behind each rate."""
        await self._answer(interaction, Question("nationalities", (year,), court=court,
                                                 min_decisions=min_decisions))

    @app_commands.command()
    @app_commands.describe(year="Fiscal year, e.g. 2023", court=COURT_HELP,
                           nationality=NATIONALITY_HELP)
    async def representation(self, interaction: discord.Interaction, year: Year,
                             court: str | None = None, nationality: str | None = None) -> None:
        """Asylum grant rate with and without a lawyer, side by side."""
        await self._answer(interaction, Question("representation", (year,), court=court,
                                                 nationality=nationality))

    @app_commands.command()
    @app_commands.describe(court=COURT_HELP, year="Fiscal year, e.g. 2023",
                           min_decisions=MIN_HELP + " (default 50)")
    async def judges(self, interaction: discord.Interaction, court: str, year: Year,
                     min_decisions: app_commands.Range[int, 1, 100_000] | None = None) -> None:
        """A court's immigration judges ranked by asylum grant rate, with their decisions."""
        await self._answer(interaction, Question("judges", (year,), court=court,
                                                 min_decisions=min_decisions))

    @app_commands.command()
    @app_commands.describe(dataset=DATASET_HELP)
    async def about(self, interaction: discord.Interaction, dataset: str | None = None) -> None:
        """Sources, definitions, caveats, data version, and what this bot is."""
        await self._answer(interaction, Question("about", (), dataset))

    @app_commands.command()
    @app_commands.describe(
        period="A month (2024-04, April 2024) or a fiscal year (2024)",
        region="A border region; with no period, Border Patrol's annual series there",
        nationality="Citizenship, from CBP's nationwide file: type part of the name",
        demographic="Who: single adults, families, unaccompanied children, accompanied minors",
        component="Border Patrol alone, or the ports of entry alone",
        sector="A Border Patrol sector or field office: type part of the name",
        by="Rank the period's encounters by this, the ten largest and the rest")
    @app_commands.choices(
        region=[app_commands.Choice(name=r, value=r) for r in
                ("southwest", "northern", "coastal", "nationwide")],
        demographic=[app_commands.Choice(name=n, value=v) for n, v in
                     (("single adults", "single_adults"), ("families", "families"),
                      ("unaccompanied children", "unaccompanied_children"),
                      ("accompanied minors", "accompanied_minors"))],
        component=[app_commands.Choice(name="Border Patrol", value="border_patrol"),
                   app_commands.Choice(name="ports of entry", value="ports")],
        by=[app_commands.Choice(name=b, value=b) for b in BY_WORDS])
    async def encounters(self, interaction: discord.Interaction, period: str | None = None,
                         region: str | None = None, nationality: str | None = None,
                         demographic: str | None = None, component: str | None = None,
                         sector: str | None = None, by: str | None = None) -> None:
        """Border encounters (CBP): a month with its average a day, or a year; broken down."""
        base = parse(f"/encounters {(period or '')[:40]}") if period else None
        q = Question("encounters", base.years if base else (),
                     month=base.month if base else None, region=region,
                     nationality=nationality, demographic=demographic, component=component,
                     sector=sector, by=by)
        await self._answer(interaction, q)

    @encounters.autocomplete("nationality")
    async def citizenship_autocomplete(self, interaction: discord.Interaction,
                                       current: str) -> list[app_commands.Choice[str]]:
        return await self._file_choices("nationality", current)

    @encounters.autocomplete("sector")
    async def sector_autocomplete(self, interaction: discord.Interaction,
                                  current: str) -> list[app_commands.Choice[str]]:
        return await self._file_choices("sector", current)

    async def _file_choices(self, kind: str, current: str) -> list[app_commands.Choice[str]]:
        return await self._choices(lambda: self.service.encounter_choices(kind, current))

    @encounters.autocomplete("period")
    async def period_autocomplete(self, interaction: discord.Interaction,
                                  current: str) -> list[app_commands.Choice[str]]:
        try:
            choices = await self.offload.run(lambda: self.service.period_choices("encounters"))
        except Exception:  # see year_autocomplete
            return []
        typed = current.strip().lower()
        return [app_commands.Choice(name=label[: limits.CHOICE_NAME], value=value)
                for value, label in choices
                if typed in value or typed in label.lower()][: limits.AUTOCOMPLETE_CHOICES]

    @app_commands.command()
    @app_commands.describe(topic="What to count", year="Fiscal year, e.g. 2022")
    @app_commands.choices(topic=[app_commands.Choice(name=t, value=t) for t in
                                 ("granted", "decisions", "denial_rate", "grant_rate",
                                  "backlog", "completions", "encounters")])
    async def sources(self, interaction: discord.Interaction, topic: str, year: Year) -> None:
        """One figure from every source side by side, with what each counts and why they differ."""
        await self._answer(interaction, Question("sources", (year,), topic=topic))

    @app_commands.command()
    @app_commands.describe(year="Fiscal year, e.g. 2020 (default: every year)")
    async def backlog(self, interaction: discord.Interaction, year: Year | None = None) -> None:
        """Cases pending in immigration court, from each EOIR release side by side."""
        await self._answer(interaction, Question("backlog", () if year is None else (year,)))

    @app_commands.command()
    @app_commands.describe(year="Fiscal year, e.g. 2023 (default: every year)")
    async def grants(self, interaction: discord.Interaction, year: Year | None = None) -> None:
        """People granted asylum, affirmative and defensive, as DHS counts them."""
        await self._answer(interaction, Question("grants", () if year is None else (year,)))

    @app_commands.command(name="check")
    @app_commands.describe(text="A paragraph: every figure in it is set against the data",
                           date="When it was published, YYYY-MM-DD: 'now', 'last month' "
                                "and the release it saw are read from it")
    async def check_text(self, interaction: discord.Interaction,
                         text: app_commands.Range[str, 1, MAX_TEXT],
                         date: app_commands.Range[str, 10, 10] | None = None) -> None:
        """Check every figure in a paragraph against the data, with a verdict for each."""
        published = check_date(date) if date is not None else None
        await self._answer(interaction, Question("check", paragraph=text, published=published))

    async def check_message(self, interaction: discord.Interaction,
                            message: discord.Message) -> None:
        """The "Check figures" message menu: that message's text, answered privately."""
        if not message.content.strip():
            raise UserError("That message has no text to check"
                            + (" (only attachments)." if message.attachments else "."))
        # A message is read as published when it was posted.
        posted = message.created_at.date().isoformat()
        await self._answer(interaction, Question("check", paragraph=message.content,
                                                 published=posted), private=True)

    @app_commands.command()
    async def datasets(self, interaction: discord.Interaction) -> None:
        """Every dataset the bot knows, with its source, years and as-of date."""
        await self._answer(interaction, Question("datasets"))

    @app_commands.command()
    @app_commands.describe(dataset=DATASET_HELP)
    async def changes(self, interaction: discord.Interaction, dataset: str | None = None) -> None:
        """Recently revised figures, old and new."""
        await self._answer(interaction, Question("changes", (), dataset))

    @app_commands.command()
    async def export(self, interaction: discord.Interaction) -> None:
        """The last table shown in this channel, as CSV files for a spreadsheet."""
        answer = self.last_answer(interaction.channel_id or 0)
        if answer is None or not answer.tables:
            raise UserError("Nothing to export yet in this channel: ask /outcomes, /compare, "
                            "/trend or /totals first.")
        await interaction.response.send_message(**_csv_reply(answer).kwargs())

    @outcomes.autocomplete("court")
    @compare.autocomplete("court")
    @trend.autocomplete("court")
    @totals.autocomplete("court")
    @nationalities.autocomplete("court")
    @representation.autocomplete("court")
    @judges.autocomplete("court")
    async def court_autocomplete(self, interaction: discord.Interaction,
                                 current: str) -> list[app_commands.Choice[str]]:
        return await self._named_choices("court", current)

    @outcomes.autocomplete("nationality")
    @compare.autocomplete("nationality")
    @trend.autocomplete("nationality")
    @totals.autocomplete("nationality")
    @courts.autocomplete("nationality")
    @representation.autocomplete("nationality")
    async def nationality_autocomplete(self, interaction: discord.Interaction,
                                       current: str) -> list[app_commands.Choice[str]]:
        return await self._named_choices("nationality", current)

    async def _named_choices(self, kind: str, current: str) -> list[app_commands.Choice[str]]:
        return await self._choices(lambda: self.service.name_choices(kind, current))

    async def _choices(self, find) -> list[app_commands.Choice[str]]:
        """(value, label) pairs from `find`, run off the loop, as autocomplete choices."""
        try:
            found = await self.offload.run(find)
        except Exception:  # see year_autocomplete
            return []
        return [app_commands.Choice(name=label[: limits.CHOICE_NAME], value=value[:100])
                for value, label in found[: limits.AUTOCOMPLETE_CHOICES]]

    @outcomes.autocomplete("year")
    @compare.autocomplete("first")
    @compare.autocomplete("second")
    @trend.autocomplete("start")
    @trend.autocomplete("end")
    @totals.autocomplete("start")
    @totals.autocomplete("end")
    @grants.autocomplete("year")
    @backlog.autocomplete("year")
    @courts.autocomplete("year")
    @nationalities.autocomplete("year")
    @representation.autocomplete("year")
    @judges.autocomplete("year")
    async def year_autocomplete(self, interaction: discord.Interaction,
                                current: str) -> list[app_commands.Choice[int]]:
        name = interaction.command.name if interaction.command else ""
        ns = interaction.namespace
        dataset = getattr(ns, "dataset", None) or COMMAND_DATASETS.get(name)
        # A breakdown or a ranking answers from the case-level release: offer its years.
        breakdown = name in CASE_COMMANDS or any(
            getattr(ns, k, None) is not None for k in ("court", "nationality", "represented",
                                                        "custody", "claim"))
        try:
            choices = await self.offload.run(lambda: self.service.year_choices(
                dataset, breakdown=breakdown))
        except Exception:  # an autocomplete must answer; an empty list is the safe answer
            return []
        typed = current.strip().upper().removeprefix("FY")
        matches = [(y, label) for y, label in reversed(choices) if typed in label]
        return [app_commands.Choice(name=label[: limits.CHOICE_NAME], value=y)
                for y, label in matches[: limits.AUTOCOMPLETE_CHOICES]]

    @outcomes.autocomplete("dataset")
    @compare.autocomplete("dataset")
    @trend.autocomplete("dataset")
    @totals.autocomplete("dataset")
    @changes.autocomplete("dataset")
    @about.autocomplete("dataset")
    async def dataset_autocomplete(self, interaction: discord.Interaction,
                                   current: str) -> list[app_commands.Choice[str]]:
        try:
            snap = await self.offload.run(self.service.reader.snapshot)
        except Exception:  # see year_autocomplete
            return []
        typed = current.lower()
        return [
            app_commands.Choice(name=f"{d.meta.title} ({name})"[: limits.CHOICE_NAME], value=name)
            for name, d in snap.datasets.items()
            if typed in name or typed in d.meta.title.lower()
        ][: limits.AUTOCOMPLETE_CHOICES]


def _csv_reply(answer: Answer) -> Reply:
    """The answer's tables as CSV files, as /export and the CSV button send them."""
    base = answer.question.slug
    files = [(f"{base}{'' if i == 0 else f'-{i + 1}'}.csv",
              t.csv(answer.source.line).encode("utf-8"), "")
             for i, t in enumerate(answer.tables)]
    content = (f"Tables from `{code(answer.question.text[:200])}`: {plain(answer.title)}. "
               f"{plain(answer.source.full_line)}.")
    if answer.partial:
        content += " Includes a partial year; see the notes in the answer."
    return Reply(content=content[: limits.CONTENT], files=files)
