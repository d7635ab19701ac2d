"""Posting scheduled digests and figures-updated alerts into channels.

Every post is claimed in the store (a unique key per schedule occurrence, or
per channel and data version) before it is sent, and marked sent with its
message id after. Each carries a nonce derived from that key, which Discord
enforces: if a send is repeated after a crash or a retried request, Discord
returns the first message instead of creating a second.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING

import aiohttp
import discord
from discord.ext import tasks

from bot.answers.errors import UserError
from bot.answers.model import Answer
from bot.discord_bot.replies import Reply, answer_reply
from bot.schedules import plan
from bot.schedules.store import Post, Schedule, ScheduleStore, parse_iso

if TYPE_CHECKING:
    from bot.discord_bot.client import DeskBot

log = logging.getLogger(__name__)

ALERTED = "alerted_version"  # bot state: the data version channels were last told about
# Discord remembers a message nonce for a few minutes; within this window a post whose
# reply never arrived is sent again safely, after it the outcome is recorded as unknown.
NONCE_WINDOW = timedelta(minutes=2)
MAX_ATTEMPTS = 5  # sends of one post, counting the first


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Poster:
    """Runs the scheduler loop: due posts, start-up catch-up, and update alerts."""

    def __init__(self, bot: DeskBot, clock: Callable[[], datetime] = utcnow) -> None:
        self.bot = bot
        self.clock = clock
        self.store = ScheduleStore(bot.settings.db_path)
        self.grace = timedelta(minutes=bot.settings.post_grace_minutes)
        self.loop = tasks.loop(seconds=bot.settings.scheduler_tick_seconds)(self.tick)
        self.loop.before_loop(self._ready)
        self._recovered = False

    async def _ready(self) -> None:
        await self.bot.wait_until_ready()

    def start(self) -> None:
        self.loop.start()

    def stop(self) -> None:
        self.loop.cancel()

    async def run(self, func):
        return await self.bot.responder.run(func)

    async def tick(self) -> None:
        """One pass; an error is logged and the loop carries on with the next pass."""
        try:
            if not self._recovered:
                await self.recover()
                self._recovered = True
            await self.post_due()
            await self.retry_failed()
            await self.post_updates()
        except Exception:
            log.exception("scheduler pass failed; trying again on the next tick")

    # -- scheduled posts ------------------------------------------------------------

    async def post_due(self) -> None:
        now = self.clock()
        for schedule in await self.run(self.store.enabled):
            decision = plan.decide(schedule, now, self.grace)
            for missed in decision.skip:
                await self._skip(schedule, missed, now)
            if decision.post is not None:
                post = await self.run(lambda s=schedule, d=decision.post: self.store.claim(
                    key=plan.post_key(s, d), kind="scheduled", guild_id=s.guild_id,
                    channel_id=s.channel_id, schedule_id=s.id, due_at=d,
                    data_version=self.bot.service.store.snapshot().version, now=now))
                if post is not None:
                    late = now - decision.post
                    if late > timedelta(minutes=1):
                        log.info("schedule %s: posting the %s post %s late", schedule.id,
                                 decision.post.isoformat(), str(late).split(".")[0])
                    await self._send_scheduled(schedule, post)
            if decision.handled_until is not None:
                await self.run(lambda s=schedule, t=decision.handled_until:
                               self.store.advance(s.id, t))

    async def _skip(self, schedule: Schedule, due: datetime, now: datetime) -> None:
        claimed = await self.run(lambda: self.store.claim(
            key=plan.post_key(schedule, due), kind="scheduled", guild_id=schedule.guild_id,
            channel_id=schedule.channel_id, schedule_id=schedule.id, due_at=due,
            data_version="", now=now, status="skipped"))
        if claimed is not None:
            log.warning("schedule %s: skipped the post due %s; it was missed by more than %s",
                        schedule.id, due.isoformat(), self.grace)

    async def _send_scheduled(self, schedule: Schedule, post: Post) -> None:
        since = await self.run(lambda: self.store.last_version(schedule.channel_id))
        try:
            reply = await self.run(lambda: self._compose(schedule, since))
        except UserError as exc:  # e.g. the schedule's year or dataset is gone from the data
            reason = str(exc)
            await self.run(lambda: self.store.failed(post.id, reason))
            log.warning("schedule %s: nothing to post: %s", schedule.id, reason)
            return
        await self.deliver(post, reply)

    def _compose(self, schedule: Schedule, since: str | None) -> Reply:
        answer = plan.scheduled_answer(self.bot.service, schedule, since)
        return answer_reply(answer, self.bot.service.chart_png(answer))

    def preview(self, schedule: Schedule) -> Reply:
        """The post this schedule would make now (blocking; run it off the loop)."""
        return self._compose(schedule, self.store.last_version(schedule.channel_id))

    # -- figures-updated alerts ------------------------------------------------------

    async def post_updates(self) -> None:
        """Tell subscribed channels what changed when a new data version is in service."""
        version = (await self.run(self.bot.service.store.snapshot)).version
        alerted = await self.run(lambda: self.bot.state.get(ALERTED))
        if alerted is None:  # first start: nothing to compare with
            await self.run(lambda: self.bot.state.set(ALERTED, version))
            return
        if alerted == version:
            return
        answers = await self.run(lambda: plan.update_answers(self.bot.service, alerted))
        now = self.clock()
        for guild_id, channel_id in await self.run(self.store.subscribers) if answers else []:
            post = await self.run(lambda g=guild_id, c=channel_id: self.store.claim(
                key=plan.update_key(c, version), kind="update", guild_id=g, channel_id=c,
                schedule_id=None, due_at=now, data_version=version, now=now))
            if post is not None:
                await self.deliver(post, update_reply(answers))
        await self.run(lambda: self.bot.state.set(ALERTED, version))

    # -- delivery ------------------------------------------------------------------------

    async def deliver(self, post: Post, reply: Reply) -> discord.Message | None:
        """Send a claimed post and record the outcome; never raises for a Discord error."""
        try:
            channel = self.bot.get_channel(post.channel_id) or \
                await self.bot.fetch_channel(post.channel_id)
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
        await self.run(lambda: self.store.sent(post.id, message.id, now))
        log.info("posted %s %s to channel %s as message %s", post.kind, post.key,
                 post.channel_id, message.id)
        return message

    async def _give_up(self, post: Post, reason: str, *, disable: bool,
                       retryable: bool = False) -> None:
        await self.run(lambda: self.store.failed(post.id, reason, retryable))
        log.error("post %s to channel %s failed: %s", post.key, post.channel_id, reason)
        if disable:
            n = await self.run(lambda: self.store.disable_channel(post.channel_id, reason))
            if n:
                log.warning("disabled %d schedule(s) for channel %s", n, post.channel_id)

    async def retry_failed(self) -> None:
        """Send again posts that failed for a passing reason, while they are still timely."""
        now = self.clock()
        for post in await self.run(lambda: self.store.retries_due(now, self.grace,
                                                                  MAX_ATTEMPTS)):
            await self.run(lambda p=post: self.store.retrying(p.id))
            log.info("retrying post %s to channel %s", post.key, post.channel_id)
            await self._resend(post)

    async def recover(self) -> None:
        """After a restart: finish posts whose send may not have completed, without doubles."""
        now = self.clock()
        for post in await self.run(self.store.in_flight):
            if now - parse_iso(post.claimed_at) > NONCE_WINDOW:
                await self.run(lambda p=post: self.store.unknown(
                    p.id, "the bot stopped while sending; check the channel"))
                log.error("post %s may or may not have reached channel %s (the bot stopped "
                          "while sending); not sending it again", post.key, post.channel_id)
                continue
            await self._resend(post)

    async def _resend(self, post: Post) -> None:
        if post.kind == "scheduled":
            schedule = next((s for s in await self.run(self.store.enabled)
                             if s.id == post.schedule_id), None)
            if schedule is not None:
                await self._send_scheduled(schedule, post)
                return
        else:
            alerted = await self.run(lambda: self.bot.state.get(ALERTED))
            answers = await self.run(lambda: plan.update_answers(self.bot.service, alerted))
            if answers:
                await self.deliver(post, update_reply(answers))
                return
        await self.run(lambda: self.store.failed(post.id, "nothing left to resend"))


def update_reply(answers: list[Answer]) -> Reply:
    """One message with an embed per dataset that changed (Discord allows ten)."""
    replies = [answer_reply(a, None) for a in answers[:10]]
    first = replies[0]
    return Reply(embed=first.embed, extra_embeds=[r.embed for r in replies[1:]])
