"""Reading what the database stores, the same way on a terminal's SQLite file and on a server
(ROCTA_TEST_SERVER=1): a JSON column comes back as text from SQLite and parsed from PostgreSQL."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import text


def stored_json(conn: Any, sql: str, **params: Any) -> Any:
    """The JSON value the first row's first column holds, parsed."""
    value = conn.execute(text(sql), params).scalar()
    return json.loads(value) if isinstance(value, (str, bytes)) else value


def table_names(conn: Any) -> list[str]:
    from sqlalchemy import inspect
    return [n for n in inspect(conn).get_table_names() if not n.startswith("sqlite_")]
