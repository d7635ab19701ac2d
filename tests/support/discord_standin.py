"""A local stand-in for Discord: its REST API and its gateway, on 127.0.0.1.

The unmodified discord.py client logs in to it, receives READY and GUILD_CREATE,
registers slash commands, and answers the interactions a test dispatches. Every
HTTP request the bot makes is recorded, so a test can check exactly what would
have reached Discord: command definitions, replies, files, timings.

Only what the bot uses is implemented. Two details matter for discord.py:
replies must carry `Content-Type: application/json` exactly (no charset), and
the interaction callback must answer 200 with `{"interaction": {...}}`.

Use it as an async context manager; `point_client_here()` redirects
discord.py's two base addresses (REST and gateway) to it.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

import discord
import yarl
from aiohttp import WSMsgType, web

APP_ID = 700000000000000001
BOT_ID = 700000000000000002
GUILD_ID = 800000000000000001
OTHER_GUILD_ID = 800000000000000002
CHANNEL_ID = 900000000000000001
NO_FILES_CHANNEL_ID = 900000000000000002  # the bot may not embed links or attach files here
SECOND_CHANNEL_ID = 900000000000000003
OTHER_CHANNEL_ID = 900000000000000009  # in the other server
ADMINISTRATOR = 1 << 3
MANAGE_GUILD = 1 << 5
# View channel, send messages, embed links, attach files, read history, use app commands.
MEMBER_PERMISSIONS = (1 << 10) | (1 << 11) | (1 << 14) | (1 << 15) | (1 << 16) | (1 << 31)
EMBED_AND_FILES = (1 << 14) | (1 << 15)
JSON = "application/json"


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat()


def text_channel(cid: int, guild_id: int, name: str, position: int, deny: int = 0) -> dict:
    """A text channel; `deny` removes permissions from @everyone there."""
    overwrites = [{"id": str(guild_id), "type": 0, "allow": "0", "deny": str(deny)}] if deny \
        else []
    return {"id": str(cid), "type": 0, "name": name, "position": position,
            "permission_overwrites": overwrites, "guild_id": str(guild_id), "nsfw": False,
            "parent_id": None}


def user(uid: int, name: str, bot: bool = False) -> dict:
    return {"id": str(uid), "username": name, "discriminator": "0", "global_name": name,
            "avatar": None, "bot": bot, "flags": 0, "public_flags": 0}


BOT_USER = user(BOT_ID, "desk-bot", bot=True)


@dataclass(frozen=True)
class ChannelOption:
    """A channel picked in a slash-command option."""

    id: int


@dataclass(frozen=True)
class FileOption:
    """A file attached to a slash-command option."""

    filename: str
    content: bytes


@dataclass
class Call:
    """One HTTP request the bot made."""

    method: str
    path: str
    query: dict[str, str]
    json: Any
    files: dict[str, tuple[str, bytes]]
    at: float


@dataclass
class Interaction:
    """One dispatched interaction and everything the bot sent back for it."""

    id: int
    token: str
    payload: dict
    dispatched_at: float
    callbacks: list[Call] = field(default_factory=list)
    followups: list[Call] = field(default_factory=list)
    acked: asyncio.Event = field(default_factory=asyncio.Event)
    done: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def ack_seconds(self) -> float:
        return self.callbacks[0].at - self.dispatched_at

    @property
    def done_seconds(self) -> float:
        last = (self.followups or self.callbacks)[-1]
        return last.at - self.dispatched_at

    @property
    def final(self) -> Call:
        """The call carrying the answer: the message callback, or the follow-up after a defer."""
        if self.followups:
            return self.followups[-1]
        return self.callbacks[-1]

    @property
    def message(self) -> dict:
        body = self.final.json or {}
        return body.get("data", body)

    @property
    def deferred(self) -> bool:
        return bool(self.callbacks) and (self.callbacks[0].json or {}).get("type") == 5


class DiscordStandIn:
    """The HTTP API and gateway, with helpers to dispatch interactions and await replies."""

    def __init__(self, guild_permissions: int = MEMBER_PERMISSIONS) -> None:
        self.calls: list[Call] = []
        self.registered: dict[str, list[dict]] = {}
        self.interactions: dict[int, Interaction] = {}
        self.identified = asyncio.Event()
        self.guild_permissions = guild_permissions
        self.reject_login = False  # answer GET /users/@me with 401, as for a revoked token
        self.channel_posts: list[tuple[int, Call, dict]] = []  # (channel, request, message)
        self.deleted_channels: set[int] = set()
        self.uploads: dict[str, bytes] = {}
        self._nonces: dict[tuple[int, str], dict] = {}
        # Failures to answer channel posts with, in order: {"status": 500, "create": True}
        # makes the message and then fails, as when a reply is lost on the way back.
        self.post_failures: list[dict] = []
        self._backlog: list[tuple[str, dict]] = []  # events sent while no client is connected
        self.resumes = 0
        self._ids = itertools.count(1)
        self._sockets: list[web.WebSocketResponse] = []
        self._seq = 0
        self._runner: web.AppRunner | None = None
        self.port = 0

    # -- lifecycle ---------------------------------------------------------------

    async def __aenter__(self) -> DiscordStandIn:
        app = web.Application(client_max_size=30 * 1024 * 1024)
        r = app.router
        r.add_get("/api/v10/users/@me", self._me)
        r.add_get("/api/v10/oauth2/applications/@me", self._application)
        r.add_get("/api/v10/gateway/bot", self._gateway_bot)
        r.add_get("/api/v10/gateway", self._gateway_bot)
        r.add_put("/api/v10/applications/{app}/commands", self._put_commands)
        r.add_put("/api/v10/applications/{app}/guilds/{guild}/commands", self._put_commands)
        r.add_get("/api/v10/applications/{app}/commands", self._get_commands)
        r.add_get("/api/v10/applications/{app}/guilds/{guild}/commands", self._get_commands)
        r.add_post("/api/v10/interactions/{id}/{token}/callback", self._callback)
        r.add_post("/api/v10/webhooks/{app}/{token}", self._followup)
        r.add_patch("/api/v10/webhooks/{app}/{token}/messages/{message}", self._followup)
        r.add_post("/api/v10/channels/{channel}/messages", self._channel_message)
        r.add_get("/api/v10/channels/{channel}", self._get_channel)
        r.add_get("/uploads/{name}", self._upload)
        r.add_get("/gw", self._gateway)
        r.add_route("*", "/{tail:.*}", self._unknown)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc) -> None:
        for ws in list(self._sockets):
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    def point_client_here(self, monkeypatch) -> None:
        """Send discord.py's REST calls and gateway connection here for this test."""
        monkeypatch.setattr(discord.http.Route, "BASE", f"http://127.0.0.1:{self.port}/api/v10")
        monkeypatch.setattr(discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY",
                            yarl.URL(f"ws://127.0.0.1:{self.port}/gw"))

    # -- REST ---------------------------------------------------------------------

    @staticmethod
    def _json(data: Any, status: int = 200) -> web.Response:
        # Exactly "application/json": discord.py parses nothing else as JSON.
        return web.Response(body=json.dumps(data).encode(), status=status,
                            headers={"Content-Type": JSON})

    async def _record(self, request: web.Request) -> Call:
        body: Any = None
        files: dict[str, tuple[str, bytes]] = {}
        if request.content_type.startswith("multipart/"):
            reader = await request.multipart()
            async for part in reader:
                data = await part.read()
                if part.name == "payload_json":
                    body = json.loads(data)
                else:
                    files[part.name] = (part.filename, bytes(data))
        elif request.can_read_body:
            body = await request.json()
        call = Call(request.method, request.path, dict(request.query), body, files,
                    time.perf_counter())
        self.calls.append(call)
        return call

    async def _me(self, request: web.Request) -> web.Response:
        if self.reject_login or not request.headers.get("Authorization", "").startswith("Bot "):
            return self._json({"message": "401: Unauthorized", "code": 0}, 401)
        return self._json(BOT_USER)

    async def _application(self, request: web.Request) -> web.Response:
        return self._json({
            "id": str(APP_ID), "name": "desk-bot", "description": "", "icon": None,
            "bot_public": False, "bot_require_code_grant": False, "verify_key": "0" * 64,
            "owner": user(1, "owner"), "flags": 0, "summary": "", "team": None,
            "bot": BOT_USER,
        })

    async def _gateway_bot(self, request: web.Request) -> web.Response:
        return self._json({
            "url": f"ws://127.0.0.1:{self.port}/gw", "shards": 1,
            "session_start_limit": {"total": 1000, "remaining": 1000, "reset_after": 0,
                                    "max_concurrency": 1},
        })

    async def _put_commands(self, request: web.Request) -> web.Response:
        call = await self._record(request)
        scope = request.match_info.get("guild", "global")
        # As Discord does: a context menu, sent without a description, is stored with "".
        echoed = [
            {"description": "", **cmd, "id": str(next(self._ids) + APP_ID),
             "application_id": str(APP_ID),
             "version": "1", "default_member_permissions": cmd.get("default_member_permissions")}
            for cmd in call.json
        ]
        self.registered[scope] = echoed
        return self._json(echoed)

    async def _get_commands(self, request: web.Request) -> web.Response:
        return self._json(self.registered.get(request.match_info.get("guild", "global"), []))

    async def _callback(self, request: web.Request) -> web.Response:
        call = await self._record(request)
        iid = int(request.match_info["id"])
        record = self.interactions.get(iid)
        if record is None:
            return self._json({"message": "Unknown interaction", "code": 10062}, 404)
        record.callbacks.append(call)
        record.acked.set()
        kind = (call.json or {}).get("type")
        if kind in (4, 7, 8):  # a message, an update, or autocomplete choices: final
            record.done.set()
        return self._json({"interaction": {
            "id": str(iid), "type": record.payload["type"],
            "response_message_loading": kind == 5,
            "response_message_ephemeral": bool(((call.json or {}).get("data") or {})
                                               .get("flags", 0) & 64),
        }})

    async def _followup(self, request: web.Request) -> web.Response:
        call = await self._record(request)
        token = request.match_info["token"]
        record = next((i for i in self.interactions.values() if i.token == token), None)
        if record is not None:
            record.followups.append(call)
            record.done.set()
        channel = record.payload.get("channel_id", CHANNEL_ID) if record else CHANNEL_ID
        return self._json(self.message(int(channel), call))

    async def _channel_message(self, request: web.Request) -> web.Response:
        call = await self._record(request)
        channel = int(request.match_info["channel"])
        if channel in self.deleted_channels:
            return self._json({"message": "Unknown Channel", "code": 10003}, 404)
        body = call.json or {}
        nonce = body.get("nonce")
        if nonce and body.get("enforce_nonce") and (channel, nonce) in self._nonces:
            # Discord returns the message already created with this nonce, and makes no other.
            return self._json(self._nonces[(channel, nonce)])
        failure = self.post_failures.pop(0) if self.post_failures else None
        if failure is not None and not failure.get("create"):
            return self._failure(failure["status"])
        message = self.message(channel, call)
        if nonce:
            self._nonces[(channel, nonce)] = message
        self.channel_posts.append((channel, call, message))
        if failure is not None:
            return self._failure(failure["status"])
        return self._json(message)

    def _failure(self, status: int) -> web.Response:
        if status == 429:  # discord.py retries a 429 only with a Via header and retry_after
            return web.Response(
                body=json.dumps({"message": "You are being rate limited.", "retry_after": 0.2,
                                 "global": False}).encode(),
                status=429, headers={"Content-Type": JSON, "Via": "1.1 google",
                                     "X-RateLimit-Scope": "user"})
        messages = {403: ("Missing Permissions", 50013), 404: ("Unknown Channel", 10003)}
        text, code = messages.get(status, ("Server error", 0))
        return self._json({"message": text, "code": code}, status)

    def pretend_sent(self, channel: int, nonce: str) -> dict:
        """A message that reached the channel earlier, e.g. from a process that then died."""
        call = Call("POST", f"/api/v10/channels/{channel}/messages", {},
                    {"content": "sent before the restart", "nonce": nonce,
                     "enforce_nonce": True}, {}, time.perf_counter())
        message = self.message(channel, call)
        self._nonces[(channel, nonce)] = message
        self.channel_posts.append((channel, call, message))
        return message

    async def _get_channel(self, request: web.Request) -> web.Response:
        channel = int(request.match_info["channel"])
        for guild in (self.guild(), self.other_guild()):
            for c in guild["channels"]:
                if int(c["id"]) == channel and channel not in self.deleted_channels:
                    return self._json(c)
        return self._json({"message": "Unknown Channel", "code": 10003}, 404)

    async def _upload(self, request: web.Request) -> web.Response:
        data = self.uploads.get(request.match_info["name"])
        if data is None:
            return web.Response(status=404)
        return web.Response(body=data, content_type="text/csv")

    async def _unknown(self, request: web.Request) -> web.Response:
        await self._record(request)
        return self._json({"message": "404: Not Found", "code": 0}, 404)

    def message(self, channel_id: int, call: Call) -> dict:
        """A message object as Discord returns it for a sent message."""
        body = call.json or {}
        attachments = [
            {"id": str(next(self._ids)), "filename": name, "size": len(data),
             "url": f"http://127.0.0.1:{self.port}/a/{name}",
             "proxy_url": f"http://127.0.0.1:{self.port}/a/{name}"}
            for name, data in call.files.values()
        ]
        return {
            "id": str(discord.utils.time_snowflake(datetime.now(timezone.utc))
                      + next(self._ids)),
            "channel_id": str(channel_id), "author": BOT_USER,
            "content": body.get("content") or "", "timestamp": now_iso(),
            "edited_timestamp": None, "tts": False, "mention_everyone": False, "mentions": [],
            "mention_roles": [], "attachments": attachments, "embeds": body.get("embeds") or [],
            "pinned": False, "type": 0, "flags": body.get("flags", 0),
        }

    # -- gateway --------------------------------------------------------------------

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._sockets.append(ws)
        await ws.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": 41250}}))
        try:
            async for msg in ws:
                if msg.type != WSMsgType.TEXT:
                    break
                await self._on_gateway(ws, json.loads(msg.data))
        finally:
            if ws in self._sockets:
                self._sockets.remove(ws)
        return ws

    async def _on_gateway(self, ws: web.WebSocketResponse, msg: dict) -> None:
        op = msg.get("op")
        if op == 1:
            await ws.send_str(json.dumps({"op": 11}))
        elif op == 2:
            shard = msg["d"].get("shard", [0, 1])
            await self._send(ws, "READY", {
                "v": 10, "user": BOT_USER, "session_id": "standin-session",
                "resume_gateway_url": f"ws://127.0.0.1:{self.port}/gw",
                "guilds": [{"id": str(GUILD_ID), "unavailable": True},
                           {"id": str(OTHER_GUILD_ID), "unavailable": True}],
                "application": {"id": str(APP_ID), "flags": 0}, "shard": shard,
            })
            await self._send(ws, "GUILD_CREATE", self.guild())
            await self._send(ws, "GUILD_CREATE", self.other_guild())
            self.identified.set()
        elif op == 6:
            self.resumes += 1
            await self._send(ws, "RESUMED", {})
            backlog, self._backlog = self._backlog, []
            for event, data in backlog:  # what the client missed, as Discord replays it
                await self._send(ws, event, data)

    async def _send(self, ws: web.WebSocketResponse, event: str, data: dict) -> None:
        self._seq += 1
        await ws.send_str(json.dumps({"op": 0, "t": event, "s": self._seq, "d": data}))

    async def send_event(self, event: str, data: dict) -> None:
        """Send a dispatch event to every connected client; keep it if none is connected."""
        if not self._sockets:
            self._backlog.append((event, data))
        for ws in list(self._sockets):
            await self._send(ws, event, data)

    async def drop_connections(self) -> None:
        """Cut every gateway connection, as a network fault would."""
        for ws in list(self._sockets):
            self._sockets.remove(ws)
            await ws.close(code=4000, message=b"dropped by the stand-in")

    def guild(self) -> dict:
        everyone = {"id": str(GUILD_ID), "name": "@everyone", "permissions": str(
            self.guild_permissions), "position": 0, "color": 0, "hoist": False,
            "managed": False, "mentionable": False, "flags": 0}
        return {
            "id": str(GUILD_ID), "name": "Newsroom", "icon": None, "owner_id": "1",
            "roles": [everyone], "emojis": [], "stickers": [], "features": [],
            "member_count": 2, "large": False, "unavailable": False,
            "joined_at": now_iso(), "voice_states": [], "presences": [], "threads": [],
            "stage_instances": [], "guild_scheduled_events": [], "soundboard_sounds": [],
            "premium_tier": 0, "preferred_locale": "en-US", "verification_level": 0,
            "default_message_notifications": 0, "explicit_content_filter": 0, "mfa_level": 0,
            "nsfw_level": 0, "system_channel_flags": 0,
            "channels": [c for c in (
                text_channel(CHANNEL_ID, GUILD_ID, "desk", 0),
                text_channel(SECOND_CHANNEL_ID, GUILD_ID, "politics", 1),
                text_channel(NO_FILES_CHANNEL_ID, GUILD_ID, "no-files", 2, deny=EMBED_AND_FILES),
            ) if int(c["id"]) not in self.deleted_channels],
            "members": [{"user": BOT_USER, "roles": [], "joined_at": now_iso(), "deaf": False,
                         "mute": False, "flags": 0}],
        }

    def other_guild(self) -> dict:
        """A second server the bot is in, to check that servers cannot reach each other."""
        g = self.guild()
        g.update(id=str(OTHER_GUILD_ID), name="Other newsroom",
                 channels=[text_channel(OTHER_CHANNEL_ID, OTHER_GUILD_ID, "elsewhere", 0)])
        g["roles"][0]["id"] = str(OTHER_GUILD_ID)
        return g

    async def delete_channel(self, channel_id: int) -> None:
        """Delete a channel, telling connected clients as Discord does."""
        self.deleted_channels.add(channel_id)
        await self.send_event("CHANNEL_DELETE", text_channel(channel_id, GUILD_ID, "gone", 0))

    def upload(self, filename: str, content: bytes) -> dict:
        """Make a file downloadable, as Discord's CDN serves attachments."""
        self.uploads[filename] = content
        url = f"http://127.0.0.1:{self.port}/uploads/{filename}"
        return {"id": str(next(self._ids) + 5000), "filename": filename, "size": len(content),
                "url": url, "proxy_url": url, "content_type": "text/csv"}

    # -- interactions ------------------------------------------------------------------

    def _interaction_payload(self, kind: int, name: str, options: list[dict], *, user_id: int,
                             permissions: int, guild_id: int, channel_id: int) -> dict:
        iid = discord.utils.time_snowflake(datetime.now(timezone.utc)) + next(self._ids)
        payload = {
            "id": str(iid), "application_id": str(APP_ID), "type": kind,
            "token": f"token-{iid}", "version": 1, "guild_id": str(guild_id),
            "channel_id": str(channel_id),
            "channel": {"id": str(channel_id), "type": 0, "name": "desk", "position": 0,
                        "guild_id": str(guild_id), "permission_overwrites": [],
                        "nsfw": False, "parent_id": None},
            # Discord sends the member's resolved permissions: all of them for an administrator.
            "member": {"user": user(user_id, f"reporter{user_id}"), "roles": [], "flags": 0,
                       "permissions": str(discord.Permissions.all().value
                                          if permissions & ADMINISTRATOR else permissions),
                       "joined_at": now_iso(),
                       "deaf": False, "mute": False},
            "app_permissions": str(MEMBER_PERMISSIONS), "locale": "en-US",
            "guild_locale": "en-US", "entitlements": [], "context": 0,
            "authorizing_integration_owners": {"0": str(guild_id)},
            "attachment_size_limit": 10 * 1024 * 1024,
            "data": {"id": str(APP_ID + 1000), "name": name, "type": 1, "options": options},
        }
        if " " in name:  # "schedule add": a subcommand of a group
            group, sub = name.split(" ", 1)
            payload["data"].update(name=group, options=[{"name": sub, "type": 1,
                                                         "options": options}])
        return payload

    async def interact(self, name: str, _kind: int = 2, *, user_id: int = 111,
                       permissions: int = MEMBER_PERMISSIONS, guild_id: int = GUILD_ID,
                       channel_id: int = CHANNEL_ID, focused: str | None = None,
                       **options: Any) -> Interaction:
        """Dispatch INTERACTION_CREATE for a slash command (or autocomplete, with `focused`)."""
        opts, resolved = [], {}
        for key, value in options.items():
            if value is None:
                continue
            if isinstance(value, ChannelOption):
                guild = self.guild() if value.id != OTHER_CHANNEL_ID else self.other_guild()
                data = next(c for c in guild["channels"] if int(c["id"]) == value.id)
                resolved.setdefault("channels", {})[str(value.id)] = {
                    **data, "permissions": str(MEMBER_PERMISSIONS)}
                kind, value = 7, str(value.id)
            elif isinstance(value, FileOption):
                attachment = self.upload(value.filename, value.content)
                resolved.setdefault("attachments", {})[attachment["id"]] = attachment
                kind, value = 11, attachment["id"]
            else:
                kind = 5 if isinstance(value, bool) else 4 if isinstance(value, int) else 3
            opt = {"name": key, "type": kind, "value": value}
            if key == focused:
                opt["focused"] = True
            opts.append(opt)
        kind = 4 if focused else _kind
        payload = self._interaction_payload(kind, name, opts, user_id=user_id,
                                            permissions=permissions, guild_id=guild_id,
                                            channel_id=channel_id)
        if resolved:
            payload["data"]["resolved"] = resolved
        record = Interaction(int(payload["id"]), payload["token"], payload, time.perf_counter())
        self.interactions[record.id] = record
        await self.send_event("INTERACTION_CREATE", payload)
        return record

    async def menu(self, name: str, content: str, *, attachments: list[dict] | None = None,
                   timeout: float = 15, user_id: int = 111) -> Interaction:
        """Right-click a message, Apps, `name`: a message context menu (command type 3) on a
        message by another user, carrying `content`; wait for the final reply."""
        payload = self._interaction_payload(2, name, [], user_id=user_id,
                                            permissions=MEMBER_PERMISSIONS, guild_id=GUILD_ID,
                                            channel_id=CHANNEL_ID)
        mid = str(next(self._ids) + 900_000_000_000_000_000)
        message = {"id": mid, "channel_id": str(CHANNEL_ID), "guild_id": str(GUILD_ID),
                   "author": user(222, "columnist"), "content": content,
                   "timestamp": now_iso(), "edited_timestamp": None, "tts": False,
                   "mention_everyone": False, "mentions": [], "mention_roles": [],
                   "attachments": attachments or [], "embeds": [], "pinned": False,
                   "type": 0}
        payload["data"] = {"id": str(APP_ID + 2000), "name": name, "type": 3,
                           "target_id": mid, "resolved": {"messages": {mid: message}}}
        record = Interaction(int(payload["id"]), payload["token"], payload, time.perf_counter())
        self.interactions[record.id] = record
        await self.send_event("INTERACTION_CREATE", payload)
        await asyncio.wait_for(record.done.wait(), timeout)
        return record

    def message_of(self, record: Interaction) -> dict:
        """The message a reply made, as Discord sends it back in a component interaction:
        its embeds and components, and who asked (the interaction that made it)."""
        body = record.message
        mid = str(next(self._ids) + 800_000_000_000_000_000)
        asker = record.payload.get("member", {}).get("user") or user(111, "reporter111")
        message = {
            "id": mid, "channel_id": record.payload.get("channel_id", str(CHANNEL_ID)),
            "author": user(BOT_ID, "desk-bot", bot=True), "content": body.get("content") or "",
            "timestamp": now_iso(), "edited_timestamp": None, "tts": False,
            "mention_everyone": False, "mentions": [], "mention_roles": [],
            "attachments": [], "embeds": body.get("embeds") or [], "pinned": False,
            "type": 20, "flags": body.get("flags", 0),
            "components": body.get("components") or [],
        }
        if record.payload.get("type") == 2:
            message["interaction_metadata"] = {
                "id": str(record.id), "type": 2, "user": asker,
                "authorizing_integration_owners": {"0": str(GUILD_ID)}}
        return message

    async def press(self, message: dict, custom_id: str, *, user_id: int = 111,
                    values: list[str] | None = None, timeout: float = 15) -> Interaction:
        """Press a button (or pick from a menu, with `values`) on `message`; wait for the
        final reply: the message updated, or a new one."""
        payload = self._interaction_payload(3, "", [], user_id=user_id,
                                            permissions=MEMBER_PERMISSIONS, guild_id=GUILD_ID,
                                            channel_id=int(message["channel_id"]))
        payload["data"] = {"custom_id": custom_id, "component_type": 3 if values else 2,
                           **({"values": values} if values else {})}
        payload["message"] = message
        record = Interaction(int(payload["id"]), payload["token"], payload, time.perf_counter())
        self.interactions[record.id] = record
        await self.send_event("INTERACTION_CREATE", payload)
        await asyncio.wait_for(record.done.wait(), timeout)
        return record

    async def ask(self, name: str, timeout: float = 15, **options: Any) -> Interaction:
        """Dispatch a command and wait until its final reply arrives."""
        record = await self.interact(name, **options)
        await asyncio.wait_for(record.done.wait(), timeout)
        return record
