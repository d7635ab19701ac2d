"""/schedule add, list, remove and preview: regular posts of the figures into a channel.

Adding and removing need Manage Server, checked when the command runs
(whatever a server has done to the commands' default permissions).
Everything is scoped to the server it is asked in.
"""

from __future__ import annotations

import logging

import discord
from discord import app_commands
from discord.ext import commands

from bot.answers.errors import UserError
from bot.answers.questions import Question
from bot.answers.service import Answers
from bot.discord_bot.channels import admin_only, check_can_post, resolve
from bot.discord_bot.layout import Reply, clip, private
from bot.discord_bot.offload import Offload, send
from bot.discord_bot.poster import Poster
from bot.schedules.records import Schedule, Schedules, parse_iso
from bot.schedules.timing import WEEKDAYS, Timing, parse_time, parse_zone, zone_names

log = logging.getLogger(__name__)
COMMON_ZONES = ("America/New_York", "America/Chicago", "America/Denver", "America/Phoenix",
                "America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu",
                "America/Puerto_Rico", "UTC", "Europe/London", "Europe/Berlin")
WEEKDAY_CHOICES = [app_commands.Choice(name=d.title(), value=i) for i, d in enumerate(WEEKDAYS)]


class SchedulesCog(commands.Cog):
    """Scheduled posts."""

    schedule = app_commands.Group(name="schedule", description="Regular posts of the figures",
                                  guild_only=True)

    def __init__(self, schedules: Schedules, poster: Poster, service: Answers,
                 offload: Offload) -> None:
        self.schedules = schedules
        self.poster = poster
        self.service = service
        self.offload = offload

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
            await self.offload.run(lambda: self.service.ask(question))
        now = self.poster.clock()
        s = await self.offload.run(lambda: self.schedules.add(
            guild_id=interaction.guild_id, channel_id=target.id, timing=timing, dataset=dataset,
            year=year, alerts=alerts, created_by=interaction.user.id, now=now))
        self.poster.wake()  # its sleep was timed for the schedules there were before
        nxt = s.timing.next_after(now)
        local = nxt.astimezone(s.timing.tz)
        await send(interaction, private(
            f"Schedule #{s.id}: {s.what} in {target.mention} {timing.describe()}. "
            f"Next post: {local:%a %d %b %Y %H:%M %Z} ({discord.utils.format_dt(nxt, 'R')})."
            + (" This channel will also get a post whenever the figures are revised."
               if alerts else "")))

    @schedule.command(name="list")
    async def schedule_list(self, interaction: discord.Interaction) -> None:
        """This server's scheduled posts and alert channels."""
        guild_id = interaction.guild_id
        schedules = await self.offload.run(lambda: self.schedules.for_guild(guild_id))
        alert_channels = await self.offload.run(lambda: self.schedules.alert_channels(guild_id))
        lines = await self.offload.run(lambda: [self._describe(s) for s in schedules])
        lines = lines or ["No scheduled posts in this server."]
        if alert_channels:
            lines.append("Figures-updated alerts go to: "
                         + ", ".join(f"<#{c}>" for _, c in alert_channels) + ".")
        embed = discord.Embed(title="Scheduled posts", description=clip("\n".join(lines), 4096))
        await send(interaction, Reply(embed=embed, ephemeral=True))

    def _describe(self, s: Schedule) -> str:
        """One line about a schedule (reads the post log: run it off the event loop)."""
        text = f"**#{s.id}** {s.what} in <#{s.channel_id}>, {s.timing.describe()}"
        if not s.enabled:
            return f"{text}. **Disabled**: {s.disabled_reason}."
        nxt = s.timing.next_after(max(self.poster.clock(), parse_iso(s.anchor)))
        last = self.schedules.last_sent(s.id)
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
        removed = await self.offload.run(lambda: self.schedules.remove(guild_id, schedule_id))
        if not removed:
            raise UserError(f"There is no schedule #{schedule_id} in this server; "
                            "/schedule list shows them.")
        self.poster.wake()
        await send(interaction, private(f"Schedule #{schedule_id} removed."))

    @schedule.command(name="preview")
    @app_commands.describe(schedule_id="The number shown by /schedule list")
    async def schedule_preview(self, interaction: discord.Interaction, schedule_id: int) -> None:
        """Show, privately and now, what a scheduled post would say."""
        guild_id = interaction.guild_id
        s = await self.offload.run(lambda: self.schedules.get(guild_id, schedule_id))
        if s is None:
            raise UserError(f"There is no schedule #{schedule_id} in this server; "
                            "/schedule list shows them.")

        def work() -> Reply:
            reply = self.poster.preview(s)
            reply.ephemeral = True
            return reply

        await self.offload.reply(interaction, work)

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
        n = await self.offload.run(
            lambda: self.schedules.disable_channel(channel.id, "the channel was deleted"))
        if n:
            log.warning("channel %s deleted: disabled %d schedule(s)", channel.id, n)
