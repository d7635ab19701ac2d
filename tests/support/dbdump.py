"""Every row of a SQLite file, to prove that a failed operation changed nothing."""

from __future__ import annotations

import sqlite3


def dump(db_path):
    """Every row of every table, by table name."""
    with sqlite3.connect(db_path) as conn:
        tables = [r[0] for r in conn.execute("select name from sqlite_master where type='table'")]
        return {t: conn.execute(f"select * from [{t}]").fetchall() for t in sorted(tables)}
