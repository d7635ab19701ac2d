"""The running bot's own small memory, key by key: which data version channels were told about."""

from __future__ import annotations

import contextlib
from datetime import datetime, timezone
from pathlib import Path

from bot.store.schema import connect_rw, write_transaction

BOT_STATE = "_bot_state"


class BotState:
    """Read and write `_bot_state`; each call opens its own short connection."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def get(self, key: str) -> str | None:
        with contextlib.closing(connect_rw(self.path)) as db:
            if BOT_STATE not in db.table_names():
                return None
            row = db.execute(f"select value from {BOT_STATE} where key = ?", [key]).fetchone()
            return row[0] if row else None

    def set(self, key: str, value: str) -> None:
        with contextlib.closing(connect_rw(self.path)) as db, write_transaction(db):
            db[BOT_STATE].upsert(
                {"key": key, "value": value,
                 "updated_at": datetime.now(timezone.utc).isoformat(timespec="seconds")},
                pk="key",
            )
