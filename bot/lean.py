"""Keep the bot's own process small."""

from __future__ import annotations

import sys


def without_pyarrow() -> None:
    """Stop pandas from loading pyarrow in this process (about 40 MB).

    pandas imports pyarrow whenever it is installed. The bot answers from SQLite
    and never reads the EOIR release (the ingest does, in its own process), so the
    bot's process tells pandas it is absent. Call before anything imports pandas.
    """
    if "pandas" not in sys.modules:
        sys.modules.setdefault("pyarrow", None)
