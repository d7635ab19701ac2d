"""Posting scheduled digests and figures-updated alerts into channels.

The loop sleeps until the next post falls due (or, at the longest, until it is
time to look for new data and failed posts to retry), and wakes early when a
schedule is added or removed or new figures are loaded.

Every post is claimed in the store (a unique key per schedule occurrence, or
per channel and data version) before it is sent, and marked sent with its
message id after. Each carries a nonce derived from that key, which Discord
enforces: if a send is repeated after a crash or a retried request, Discord
returns the first message instead of creating a second.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

import aiohttp
import discord
from discord.ext import tasks

from bot.answers.errors import UserError
from bot.answers.model import Answer
from bot.answers.service import Answers
from bot.discord_bot.layout import Reply, answer_reply
from bot.discord_bot.offload import Offload
from bot.discord_bot.sanitize import plain
from bot.schedules import plan
from bot.schedules.records import Post, Schedule, Schedules, parse_iso
from bot.sources.catalog import SOURCES
from bot.sources.records import Records, Release
from bot.store.state import BotState

log = logging.getLogger(__name__)

ALERTED = "alerted_version"  # bot state: the data version channels were last told about
# Discord remembers a message nonce for a few minutes; within this window a post whose
# reply never arrived is sent again safely, after it the outcome is recorded as unknown.
NONCE_WINDOW = timedelta(minutes=2)
MAX_ATTEMPTS = 5  # sends of one post, counting the first
# Wake this long after a post's minute begins, so a clock read then is surely past it.
AFTER_DUE = timedelta(milliseconds=50)


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Poster:
    """Runs the scheduler loop: due posts, start-up catch-up, and figures-updated alerts.

    `client` is the Discord client, used to find channels and to wait for the gateway.
    """

    def __init__(self, client: discord.Client, service: Answers, schedules: Schedules,
                 state: BotState, offload: Offload, *, grace: timedelta, poll_seconds: float,
                 clock: Callable[[], datetime] = utcnow, releases: Records | None = None) -> None:
        self.client = client
        self.releases = releases  # sources' releases taken, whose sentence alert channels get
        self.service = service
        self.schedules = schedules
        self.state = state
        self.offload = offload
        self.grace = grace
        self.poll = timedelta(seconds=poll_seconds)
        self.clock = clock
        self.loop = tasks.loop()(self._cycle)
        self.loop.before_loop(self._before_first)
        self._wake = asyncio.Event()
        self._recovered = False

    async def start(self) -> None:
        """Take the alert baseline, then start the loop (it waits for the gateway)."""
        await self.run(self._take_baseline)
        self.loop.start()

    def stop(self) -> None:
        self.loop.cancel()

    def wake(self) -> None:
        """Look again now: the schedules or the data changed."""
        self._wake.set()

    async def run(self, func):
        return await self.offload.run(func)

    def _take_baseline(self) -> None:
        """The version channels were told about, if none yet: the one in service at start.

        Taken before any import can run, so the first revision is always announced.
        """
        if self.state.get(ALERTED) is None:
            self.state.set(ALERTED, self.service.reader.snapshot().version)
            if self.releases is not None:  # a first start tells nobody of old releases
                self.releases.announce_none()

    async def _before_first(self) -> None:
        await self.client.wait_until_ready()

    async def _cycle(self) -> None:
        self._wake.clear()  # a wake during the pass below is kept for the sleep after it
        await self.tick()
        delay = await self.run(self.seconds_to_next)
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(self._wake.wait(), delay)

    def next_post(self) -> datetime | None:
        """When the next scheduled post is due (UTC), or None without schedules."""
        now = self.clock()
        due = [schedule.timing.next_after(parse_iso(schedule.anchor))
               for schedule in self.schedules.enabled()]
        later = [d for d in due if d > now]
        return min(later) if later else None

    def seconds_to_next(self) -> float:
        """How long to sleep: until the next post is due, or the next poll for new data."""
        now = self.clock()
        wake_at = now + self.poll
        for schedule in self.schedules.enabled():
            due = schedule.timing.next_after(parse_iso(schedule.anchor))
            if due > now:  # one already due but not handled waits for the next poll
                wake_at = min(wake_at, due + AFTER_DUE)
        return max((wake_at - now).total_seconds(), 0.0)

    async def tick(self) -> None:
        """One pass; an error is logged and the loop carries on with the next pass."""
        try:
            if not self._recovered:
                await self.recover()
                self._recovered = True
            await self.post_due()
            await self.retry_failed()
            await self.post_alerts()
            await self.post_releases()
        except Exception:
            log.exception("scheduler pass failed; trying again on the next tick")

    # -- scheduled posts ------------------------------------------------------------

    async def post_due(self) -> None:
        now = self.clock()
        for schedule in await self.run(self.schedules.enabled):
            decision = plan.decide(schedule, now, self.grace)
            for missed in decision.skip:
                await self._skip(schedule, missed, now)
            if decision.post is not None:
                post = await self.run(lambda s=schedule, d=decision.post: self.schedules.claim(
                    key=plan.post_key(s, d), kind="scheduled", guild_id=s.guild_id,
                    channel_id=s.channel_id, schedule_id=s.id, due_at=d,
                    data_version=self.service.reader.snapshot().version, now=now))
                if post is not None:
                    late = now - decision.post
                    if late > timedelta(minutes=1):
                        log.info("schedule %s: posting the %s post %s late", schedule.id,
                                 decision.post.isoformat(), str(late).split(".")[0])
                    await self._send_scheduled(schedule, post)
            if decision.handled_until is not None:
                await self.run(lambda s=schedule, t=decision.handled_until:
                               self.schedules.advance(s.id, t))

    async def _skip(self, schedule: Schedule, due: datetime, now: datetime) -> None:
        claimed = await self.run(lambda: self.schedules.claim(
            key=plan.post_key(schedule, due), kind="scheduled", guild_id=schedule.guild_id,
            channel_id=schedule.channel_id, schedule_id=schedule.id, due_at=due,
            data_version="", now=now, status="skipped"))
        if claimed is not None:
            log.warning("schedule %s: skipped the post due %s; it was missed by more than %s",
                        schedule.id, due.isoformat(), self.grace)

    async def _send_scheduled(self, schedule: Schedule, post: Post) -> None:
        since = await self.run(lambda: self.schedules.last_version(schedule.channel_id))
        try:
            reply = await self.run(lambda: self._compose(schedule, since))
        except UserError as exc:  # e.g. the schedule's year or dataset is gone from the data
            reason = str(exc)
            await self.run(lambda: self.schedules.failed(post.id, reason))
            log.warning("schedule %s: nothing to post: %s", schedule.id, reason)
            return
        await self.deliver(post, reply)

    def _compose(self, schedule: Schedule, since: str | None) -> Reply:
        answer = plan.scheduled_answer(self.service, schedule, since)
        return answer_reply(answer, self.service.chart_png(answer))

    def preview(self, schedule: Schedule) -> Reply:
        """The post this schedule would make now (blocking; run it off the loop)."""
        return self._compose(schedule, self.schedules.last_version(schedule.channel_id))

    # -- figures-updated alerts ------------------------------------------------------

    async def post_alerts(self) -> None:
        """Tell alert channels what changed when a new data version is in service."""
        version = (await self.run(self.service.reader.snapshot)).version
        alerted = await self.run(lambda: self.state.get(ALERTED))
        if alerted == version:
            return
        answers = await self.run(lambda: plan.alert_answers(self.service, alerted))
        now = self.clock()
        channels = await self.run(self.schedules.alert_channels) if answers else []
        for guild_id, channel_id in channels:
            post = await self.run(lambda g=guild_id, c=channel_id: self.schedules.claim(
                key=plan.alert_key(c, version), kind="alert", guild_id=g, channel_id=c,
                schedule_id=None, due_at=now, data_version=version, now=now))
            if post is not None:
                await self.deliver(post, alert_reply(answers))
        await self.run(lambda: self.state.set(ALERTED, version))

    async def post_releases(self) -> None:
        """Tell alert channels of each new release a source published, in its own words:
        'New CBP figures: October 2026, ...'. Each is claimed per channel, so none is
        posted twice, whichever process took the release."""
        if self.releases is None:
            return
        pending = await self.run(self.releases.unannounced)
        if not pending:
            return
        channels = await self.run(self.schedules.alert_channels)
        now = self.clock()
        for release in pending:
            for guild_id, channel_id in channels:
                post = await self.run(lambda g=guild_id, c=channel_id, r=release:
                                      self.schedules.claim(
                                          key=f"release:{r.id}:{c}", kind="release",
                                          guild_id=g, channel_id=c, schedule_id=None,
                                          due_at=now, data_version=r.sha256[:16], now=now))
                if post is not None:
                    await self.deliver(post, release_reply(release))
            await self.run(lambda r=release: self.releases.announced(r.id))

    # -- delivery ------------------------------------------------------------------------

    async def deliver(self, post: Post, reply: Reply) -> discord.Message | None:
        """Send a claimed post and record the outcome; never raises for a Discord error."""
        try:
            channel = self.client.get_channel(post.channel_id) or \
                await self.client.fetch_channel(post.channel_id)
            message = await channel.send(**reply.kwargs(), nonce=post.nonce)
        except discord.NotFound as exc:
            await self._give_up(post, f"channel not found: {exc.text or exc}", disable=True)
            return None
        except discord.Forbidden as exc:
            await self._give_up(post, f"not allowed to post: {exc.text or exc}", disable=True)
            return None
        except (discord.DiscordServerError, discord.RateLimited, aiohttp.ClientError, OSError,
                asyncio.TimeoutError) as exc:
            # Discord's trouble or the network's: try again on a later pass, same nonce.
            await self._give_up(post, f"temporary error: {exc}", disable=False, retryable=True)
            return None
        except discord.HTTPException as exc:
            await self._give_up(post, f"Discord refused it: {exc}", disable=False)
            return None
        now = self.clock()
        await self.run(lambda: self.schedules.sent(post.id, message.id, now))
        log.info("posted %s %s to channel %s as message %s", post.kind, post.key,
                 post.channel_id, message.id)
        return message

    async def _give_up(self, post: Post, reason: str, *, disable: bool,
                       retryable: bool = False) -> None:
        await self.run(lambda: self.schedules.failed(post.id, reason, retryable))
        log.error("post %s to channel %s failed: %s", post.key, post.channel_id, reason)
        if disable:
            n = await self.run(lambda: self.schedules.disable_channel(post.channel_id, reason))
            if n:
                log.warning("disabled %d schedule(s) for channel %s", n, post.channel_id)

    async def retry_failed(self) -> None:
        """Send again posts that failed for a passing reason, while they are still timely."""
        now = self.clock()
        for post in await self.run(lambda: self.schedules.retries_due(now, self.grace,
                                                                  MAX_ATTEMPTS)):
            await self.run(lambda p=post: self.schedules.retrying(p.id))
            log.info("retrying post %s to channel %s", post.key, post.channel_id)
            await self._resend(post)

    async def recover(self) -> None:
        """After a restart: finish posts whose send may not have completed, without doubles."""
        now = self.clock()
        for post in await self.run(self.schedules.in_flight):
            if now - parse_iso(post.claimed_at) > NONCE_WINDOW:
                await self.run(lambda p=post: self.schedules.unknown(
                    p.id, "the bot stopped while sending; check the channel"))
                log.error("post %s may or may not have reached channel %s (the bot stopped "
                          "while sending); not sending it again", post.key, post.channel_id)
                continue
            await self._resend(post)

    async def _resend(self, post: Post) -> None:
        if post.kind == "scheduled":
            schedule = next((s for s in await self.run(self.schedules.enabled)
                             if s.id == post.schedule_id), None)
            if schedule is not None:
                await self._send_scheduled(schedule, post)
                return
        elif post.kind == "release" and self.releases is not None:
            release_id = int(post.key.split(":")[1])
            found = await self.run(lambda: self.releases.release(release_id))
            if found is not None:
                await self.deliver(post, release_reply(found))
                return
        else:
            alerted = await self.run(lambda: self.state.get(ALERTED))
            answers = await self.run(lambda: plan.alert_answers(self.service, alerted))
            if answers:
                await self.deliver(post, alert_reply(answers))
                return
        await self.run(lambda: self.schedules.failed(post.id, "nothing left to resend"))


def release_reply(release: Release) -> Reply:
    """A source's new release: its sentence, what it covers and changed, the file."""
    embed = discord.Embed(title=f"New release: {SOURCES[release.source].title}"[:256],
                          description=plain(release.announcement)[:4000],
                          colour=discord.Colour.dark_teal())
    embed.add_field(name="Covers", value=plain(release.covers)[:1024] or "-", inline=False)
    embed.add_field(name="What changed", value=plain(release.changes)[:1024] or "-",
                    inline=False)
    embed.set_footer(text=f"{Path(release.file).name} · taken {release.taken_at[:16]} UTC · "
                          f"sha256 {release.sha256[:12]}"[:2048])
    return Reply(embed=embed)


def alert_reply(answers: list[Answer]) -> Reply:
    """One message with an embed per dataset that changed (Discord allows ten)."""
    replies = [answer_reply(a, None) for a in answers[:10]]
    first = replies[0]
    return Reply(embed=first.embed, extra_embeds=[r.embed for r in replies[1:]],
                 view=first.view)
