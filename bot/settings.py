"""Settings, read once from the environment and `.env`; the token is never shown."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from dotenv import load_dotenv

ROOT = Path(__file__).resolve().parent.parent


class Secret:
    """A value that prints as '***' so it cannot leak through a log line or a traceback."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__

    def __bool__(self) -> bool:
        return bool(self._value)


class SettingsError(ValueError):
    """A setting has a value that cannot be used; the message names the setting."""


@dataclass(frozen=True)
class Settings:
    """Every setting the bot reads. `.env.example` documents each one."""

    token: Secret = field(default_factory=lambda: Secret(""))
    guild_id: int | None = None
    shard_count: int | None = None
    db_path: Path = ROOT / "var" / "asylum.db"
    eoir_db_path: Path = ROOT / "var" / "eoir.db"
    eoir_ingest_memory_mb: int = 1024  # the ingest's working database, EOIR_INGEST_MEMORY
    data_dir: Path = ROOT / "data"
    chart_dir: Path = ROOT / "out"
    default_dataset: str = "trac_asylum_outcomes"
    chart_cache_size: int = 128
    chart_store_dir: Path | None = None  # None: "charts" beside the store
    chart_store_mb: int = 200
    render_rate: int = 10
    render_window_seconds: float = 60.0
    render_queue_max: int = 100
    post_grace_minutes: int = 60
    scheduler_poll_seconds: float = 20.0
    import_max_bytes: int = 1024 * 1024
    import_max_rows: int = 10_000
    render_workers: int = 2
    render_ahead: bool = True
    log_level: str = "INFO"
    # Fetching the sources' releases (python -m bot update, and the daily check).
    cbp_db_path: Path = ROOT / "var" / "cbp.db"
    sources_db_path: Path = ROOT / "var" / "sources.db"
    downloads_dir: Path = ROOT / "var" / "downloads"
    update: bool = True
    update_at: str = "06:30"
    update_tz: str = "America/New_York"
    update_sources: tuple[str, ...] = ()  # () means every source fetched automatically
    fetch_contact: str = ""
    fetch_hosts: tuple[str, ...] = ()
    fetch_max_mb: int = 6144
    source_urls: dict[str, str] = field(default_factory=dict)  # another address per source
    # A backup of every store each day at BOT_UPDATE_AT, the newest BOT_BACKUP_KEEP kept.
    backup_dir: Path | None = None
    backup_keep: int = 7

    @property
    def charts_on_disk(self) -> Path:
        """Where drawn charts are kept: BOT_CHART_STORE_DIR, or `charts` beside the store."""
        return self.chart_store_dir or self.db_path.parent / "charts"

    @classmethod
    def from_env(cls, env_file: Path | None = None) -> Settings:
        """Read the environment, after filling gaps from `.env` (the environment wins)."""
        load_dotenv(env_file or ROOT / ".env", override=False)
        e = os.environ
        return cls(
            token=Secret(e.get("DISCORD_TOKEN", "").strip()),
            guild_id=_int(e, "DISCORD_GUILD_ID"),
            shard_count=_int(e, "DISCORD_SHARD_COUNT"),
            db_path=_path(e, "BOT_DB_PATH", cls.db_path),
            eoir_db_path=_path(e, "BOT_EOIR_DB_PATH", cls.eoir_db_path),
            eoir_ingest_memory_mb=_memory(e, "EOIR_INGEST_MEMORY", cls.eoir_ingest_memory_mb),
            data_dir=_path(e, "BOT_DATA_DIR", cls.data_dir),
            chart_dir=_path(e, "BOT_CHART_DIR", cls.chart_dir),
            default_dataset=e.get("BOT_DEFAULT_DATASET", cls.default_dataset),
            chart_cache_size=_int(e, "BOT_CHART_CACHE_SIZE") or cls.chart_cache_size,
            chart_store_dir=_path(e, "BOT_CHART_STORE_DIR", None),
            chart_store_mb=_int(e, "BOT_CHART_STORE_MB", allow_zero=True)
            if e.get("BOT_CHART_STORE_MB", "").strip() else cls.chart_store_mb,
            render_rate=_int(e, "BOT_RENDER_RATE") or cls.render_rate,
            render_window_seconds=float(_int(e, "BOT_RENDER_WINDOW_SECONDS")
                                        or cls.render_window_seconds),
            render_queue_max=_int(e, "BOT_RENDER_QUEUE_MAX") or cls.render_queue_max,
            post_grace_minutes=_int(e, "BOT_POST_GRACE_MINUTES") or cls.post_grace_minutes,
            scheduler_poll_seconds=float(_int(e, "BOT_SCHEDULER_POLL_SECONDS")
                                         or cls.scheduler_poll_seconds),
            import_max_bytes=_int(e, "BOT_IMPORT_MAX_BYTES") or cls.import_max_bytes,
            import_max_rows=_int(e, "BOT_IMPORT_MAX_ROWS") or cls.import_max_rows,
            render_workers=_int(e, "BOT_RENDER_WORKERS", allow_zero=True)
            if e.get("BOT_RENDER_WORKERS", "").strip() else cls.render_workers,
            render_ahead=_flag(e, "BOT_RENDER_AHEAD", cls.render_ahead),
            log_level=_level(e),
            cbp_db_path=_path(e, "BOT_CBP_DB_PATH", cls.cbp_db_path),
            sources_db_path=_path(e, "BOT_SOURCES_DB_PATH", cls.sources_db_path),
            downloads_dir=_path(e, "BOT_DOWNLOADS_DIR", cls.downloads_dir),
            update=_flag(e, "BOT_UPDATE", cls.update),
            update_at=_clock(e, "BOT_UPDATE_AT", cls.update_at),
            update_tz=_zone(e, "BOT_UPDATE_TZ", cls.update_tz),
            update_sources=_words(e, "BOT_UPDATE_SOURCES"),
            fetch_contact=e.get("BOT_CONTACT", "").strip(),
            fetch_hosts=_words(e, "BOT_FETCH_HOSTS"),
            fetch_max_mb=_int(e, "BOT_FETCH_MAX_MB") or cls.fetch_max_mb,
            source_urls=_pairs(e, "BOT_SOURCE_URLS"),
            backup_dir=_path(e, "BOT_BACKUP_DIR", None),
            backup_keep=_int(e, "BOT_BACKUP_KEEP") or cls.backup_keep,
        )


def _int(env, name: str, allow_zero: bool = False) -> int | None:
    raw = env.get(name, "").strip()
    if not raw:
        return None
    if not raw.isdigit() or (int(raw) == 0 and not allow_zero):
        kind = "a whole number" if allow_zero else "a positive whole number"
        raise SettingsError(f"{name} must be {kind}")
    return int(raw)


def _memory(env, name: str, default: int) -> int:
    """A size such as 1GB, 1.5 GB, 800MB or 800M, in megabytes (at least 64)."""
    raw = env.get(name, "").strip()
    if not raw:
        return default
    number = raw.upper().replace(" ", "").removesuffix("B").removesuffix("I")
    scale = 1024 if number.endswith("G") else 1
    try:
        mb = float(number.rstrip("GM")) * scale
    except ValueError:
        raise SettingsError(f"{name} must be a size such as 1GB or 800MB, not {raw!r}") from None
    if mb < 64:
        raise SettingsError(f"{name} must be at least 64MB: the ingest needs that much")
    return int(mb)


def _flag(env, name: str, default: bool) -> bool:
    raw = env.get(name, "").strip().lower()
    if not raw:
        return default
    if raw not in ("0", "1", "yes", "no", "true", "false", "on", "off"):
        raise SettingsError(f"{name} must be 1 or 0 (yes or no)")
    return raw in ("1", "yes", "true", "on")


LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


def _level(env) -> str:
    raw = env.get("LOG_LEVEL", "").strip().upper() or Settings.log_level
    if raw not in LOG_LEVELS:
        raise SettingsError(f"LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}")
    return raw


def _words(env, name: str) -> tuple[str, ...]:
    """'cbp, eoir' or 'cbp eoir' -> ('cbp', 'eoir')."""
    return tuple(w for w in env.get(name, "").replace(",", " ").split() if w)


def _pairs(env, name: str) -> dict[str, str]:
    """'cbp=https://mirror/page eoir=https://mirror/x.zip' -> {'cbp': ..., 'eoir': ...}."""
    out = {}
    for word in _words(env, name):
        key, sep, value = word.partition("=")
        if not sep or not value:
            raise SettingsError(f"{name} must be SOURCE=URL pairs, such as cbp=https://...")
        out[key.strip().lower()] = value.strip()
    return out


def _clock(env, name: str, default: str) -> str:
    raw = env.get(name, "").strip() or default
    hh, sep, mm = raw.partition(":")
    if not (sep and hh.isdigit() and mm.isdigit() and int(hh) < 24 and int(mm) < 60):
        raise SettingsError(f"{name} must be a time of day such as 06:30")
    return f"{int(hh):02d}:{int(mm):02d}"


def _zone(env, name: str, default: str) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    raw = env.get(name, "").strip() or default
    try:
        ZoneInfo(raw)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingsError(f"{name} must be a time zone such as America/New_York") from None
    return raw


def _path(env, name: str, default: Path | None) -> Path | None:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    p = Path(raw).expanduser()
    return p if p.is_absolute() else ROOT / p
