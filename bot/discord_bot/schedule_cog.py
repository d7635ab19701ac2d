"""Scheduling and data commands: /schedule, /alerts, /changes, /data.

Adding or removing schedules and alerts, and changing the data, need Manage
Server, checked when the command runs (whatever a server has done to the
commands' default permissions). Everything is scoped to the server it is
asked in.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.answers.errors import UserError
from bot.answers.questions import Question
from bot.discord_bot.channels import check_can_post, resolve
from bot.discord_bot.replies import NO_MENTIONS, Reply, answer_reply, clip, private
from bot.discord_bot.respond import send
from bot.schedules.store import Schedule, parse_iso
from bot.schedules.timing import WEEKDAYS, Timing, parse_time, parse_zone, zone_names
from bot.store import importer

if TYPE_CHECKING:
    from bot.discord_bot.client import DeskBot

log = logging.getLogger(__name__)
admin_only = app_commands.checks.has_permissions(manage_guild=True)
COMMON_ZONES = ("America/New_York", "America/Chicago", "America/Denver", "America/Phoenix",
                "America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu",
                "America/Puerto_Rico", "UTC", "Europe/London", "Europe/Berlin")
WEEKDAY_CHOICES = [app_commands.Choice(name=d.title(), value=i) for i, d in enumerate(WEEKDAYS)]


class ScheduleCog(commands.Cog):
    """Scheduled posts, update alerts, revisions and data refreshes."""

    schedule = app_commands.Group(name="schedule", description="Regular posts of the figures",
                                  guild_only=True)
    data = app_commands.Group(name="data", description="Refresh the figures (admins)",
                              guild_only=True,
                              default_permissions=discord.Permissions(manage_guild=True))

    def __init__(self, bot: DeskBot) -> None:
        self.bot = bot

    @property
    def store(self):
        return self.bot.poster.store

    def now(self) -> datetime:
        return self.bot.poster.clock()

    # -- /schedule ------------------------------------------------------------------

    @schedule.command(name="add")
    @app_commands.describe(
        channel="Where to post", time="Local time, e.g. 09:00 or 9am",
        timezone="IANA timezone, e.g. America/New_York", cadence="Every day, or once a week",
        weekday="For weekly posts: which day", dataset="Which dataset (default: asylum outcomes)",
        year="Post this fiscal year's outcomes instead of the latest-figures digest",
        alerts="Also post here when the figures are revised (default: yes)")
    @app_commands.choices(cadence=[app_commands.Choice(name="daily", value="daily"),
                                   app_commands.Choice(name="weekly", value="weekly")],
                          weekday=WEEKDAY_CHOICES)
    @admin_only
    async def schedule_add(self, interaction: discord.Interaction, channel: discord.TextChannel,
                           time: str, timezone: str, cadence: str, weekday: int | None = None,
                           dataset: str | None = None,
                           year: app_commands.Range[int, 1900, 2100] | None = None,
                           alerts: bool = True) -> None:
        """Post the figures to a channel every day or every week (needs Manage Server)."""
        target = resolve(interaction, channel)
        if cadence == "weekly" and weekday is None:
            raise UserError("Weekly posts need a weekday: add weekday:Monday (or another day).")
        timing = Timing(parse_time(time), parse_zone(timezone),
                        weekday if cadence == "weekly" else None)
        check_can_post(target)
        if dataset is not None or year is not None:  # refuse a post that could never be made
            question = Question("outcomes", (year,), dataset) if year else Question("about", (),
                                                                                     dataset)
            await self.bot.responder.run(lambda: self.bot.service.ask(question))
        now = self.now()
        s = await self.bot.responder.run(lambda: self.store.add(
            guild_id=interaction.guild_id, channel_id=target.id, timing=timing, dataset=dataset,
            year=year, alerts=alerts, created_by=interaction.user.id, now=now))
        nxt = s.timing.next_after(now)
        local = nxt.astimezone(s.timing.tz)
        await send(interaction, private(
            f"Schedule #{s.id}: {s.what} in {target.mention} {timing.describe()}. "
            f"Next post: {local:%a %d %b %Y %H:%M %Z} ({discord.utils.format_dt(nxt, 'R')})."
            + (" This channel will also get a post whenever the figures are revised."
               if alerts else "")))

    @schedule.command(name="list")
    async def schedule_list(self, interaction: discord.Interaction) -> None:
        """This server's scheduled posts and update alerts."""
        guild_id = interaction.guild_id
        schedules = await self.bot.responder.run(lambda: self.store.for_guild(guild_id))
        subs = await self.bot.responder.run(lambda: self.store.subscribers(guild_id))
        lines = await self.bot.responder.run(lambda: [self._describe(s) for s in schedules])
        lines = lines or ["No scheduled posts in this server."]
        if subs:
            lines.append("Figures-updated alerts go to: "
                         + ", ".join(f"<#{c}>" for _, c in subs) + ".")
        embed = discord.Embed(title="Scheduled posts", description=clip("\n".join(lines), 4096))
        await send(interaction, Reply(embed=embed, ephemeral=True))

    def _describe(self, s: Schedule) -> str:
        """One line about a schedule (reads the post log: run it off the event loop)."""
        text = f"**#{s.id}** {s.what} in <#{s.channel_id}>, {s.timing.describe()}"
        if not s.enabled:
            return f"{text}. **Disabled**: {s.disabled_reason}."
        nxt = s.timing.next_after(max(self.now(), parse_iso(s.anchor)))
        last = self.store.last_sent(s.id)
        text += f". Next: {discord.utils.format_dt(nxt, 'f')}"
        if last:
            text += f"; last sent {discord.utils.format_dt(parse_iso(last), 'R')}"
        return text + "."

    @schedule.command(name="remove")
    @app_commands.describe(schedule_id="The number shown by /schedule list")
    @admin_only
    async def schedule_remove(self, interaction: discord.Interaction, schedule_id: int) -> None:
        """Stop a scheduled post (needs Manage Server)."""
        guild_id = interaction.guild_id
        removed = await self.bot.responder.run(lambda: self.store.remove(guild_id, schedule_id))
        if not removed:
            raise UserError(f"There is no schedule #{schedule_id} in this server; "
                            "/schedule list shows them.")
        await send(interaction, private(f"Schedule #{schedule_id} removed."))

    @schedule.command(name="preview")
    @app_commands.describe(schedule_id="The number shown by /schedule list")
    async def schedule_preview(self, interaction: discord.Interaction, schedule_id: int) -> None:
        """Show, privately and now, what a scheduled post would say."""
        guild_id = interaction.guild_id
        s = await self.bot.responder.run(lambda: self.store.get(guild_id, schedule_id))
        if s is None:
            raise UserError(f"There is no schedule #{schedule_id} in this server; "
                            "/schedule list shows them.")

        def work() -> Reply:
            reply = self.bot.poster.preview(s)
            reply.ephemeral = True
            return reply

        await self.bot.responder.reply(interaction, work)

    # -- /alerts and /changes -----------------------------------------------------------

    @app_commands.command()
    @app_commands.describe(action="Turn figures-updated posts on or off",
                           channel="Which channel (default: this one)")
    @app_commands.choices(action=[app_commands.Choice(name="on", value="on"),
                                  app_commands.Choice(name="off", value="off")])
    @app_commands.guild_only()
    @admin_only
    async def alerts(self, interaction: discord.Interaction, action: str,
                     channel: discord.TextChannel | None = None) -> None:
        """Post in a channel whenever the figures are revised (needs Manage Server)."""
        target = resolve(interaction, channel or interaction.channel)
        guild_id, user_id = interaction.guild_id, interaction.user.id
        if action == "on":
            check_can_post(target)
            now = self.now()
            await self.bot.responder.run(
                lambda: self.store.subscribe(guild_id, target.id, user_id, now))
            text = f"{target.mention} will get a post whenever the figures are revised."
        else:
            await self.bot.responder.run(lambda: self.store.unsubscribe(guild_id, target.id))
            text = f"{target.mention} will no longer get figures-updated posts."
        await send(interaction, private(text))

    @app_commands.command()
    @app_commands.describe(dataset="Which dataset (default: asylum outcomes)")
    async def changes(self, interaction: discord.Interaction, dataset: str | None = None) -> None:
        """Recently revised figures, old and new."""
        question = Question("changes", (), dataset)
        await self.bot.responder.reply(
            interaction, lambda: answer_reply(self.bot.service.ask(question), None))

    # -- /data ---------------------------------------------------------------------------

    @data.command(name="import")
    @app_commands.describe(file="The dataset as a CSV file, same columns as in data/",
                           dataset="Which dataset it replaces (default: asylum outcomes)")
    @admin_only
    async def data_import(self, interaction: discord.Interaction, file: discord.Attachment,
                          dataset: str | None = None) -> None:
        """Replace a dataset with an uploaded CSV, all at once or not at all (Manage Server)."""
        settings = self.bot.settings
        name = dataset or settings.default_dataset
        if file.size > settings.import_max_bytes:  # refuse before downloading anything
            raise UserError(f"{file.filename} is {file.size:,} bytes; the limit is "
                            f"{settings.import_max_bytes:,}.")
        await interaction.response.defer(ephemeral=True, thinking=True)
        content = await file.read()
        result = await self.bot.responder.run(lambda: importer.import_csv(
            settings.data_dir, settings.db_path, name, content,
            max_bytes=settings.import_max_bytes, max_rows=settings.import_max_rows))
        log.info("user %s imported %s for %s: version %s", interaction.user.id, file.filename,
                 name, result.version)
        await self._after_load(interaction, result, f"{file.filename} as {name}")

    @data.command(name="reload")
    @admin_only
    async def data_reload(self, interaction: discord.Interaction) -> None:
        """Re-read the data folder on the server (needs Manage Server)."""
        settings = self.bot.settings
        await interaction.response.defer(ephemeral=True, thinking=True)
        result = await self.bot.responder.run(
            lambda: importer.reload(settings.data_dir, settings.db_path))
        await self._after_load(interaction, result, "the data folder")

    async def _after_load(self, interaction: discord.Interaction, result, what: str) -> None:
        if not result.changed:
            text = f"Checked {what}: nothing changed (data version {result.version[:8]})."
        else:
            snap = await self.bot.responder.run(self.bot.service.store.snapshot)
            n = len([r for r in snap.revisions if r.detected_at == result.loaded_at])
            text = (f"Loaded {what}: data version {result.version[:8]}, {n} figure"
                    f"{'s' if n != 1 else ''} revised. Subscribed channels are being told.")
            await self.bot.poster.post_updates()
        await interaction.followup.send(text, ephemeral=True, allowed_mentions=NO_MENTIONS)

    # -- autocomplete and events -------------------------------------------------------------

    @schedule_add.autocomplete("timezone")
    async def zone_autocomplete(self, interaction: discord.Interaction,
                                current: str) -> list[app_commands.Choice[str]]:
        typed = current.strip().lower().replace(" ", "_")
        if not typed:
            names = list(COMMON_ZONES)
        else:
            names = [z for z in COMMON_ZONES if typed in z.lower()]
            names += sorted(z for z in zone_names().values()
                            if typed in z.lower() and z not in names)
        return [app_commands.Choice(name=z, value=z) for z in names[:25]]

    @commands.Cog.listener()
    async def on_guild_channel_delete(self, channel: discord.abc.GuildChannel) -> None:
        n = await self.bot.responder.run(
            lambda: self.store.disable_channel(channel.id, "the channel was deleted"))
        if n:
            log.warning("channel %s deleted: disabled %d schedule(s)", channel.id, n)
