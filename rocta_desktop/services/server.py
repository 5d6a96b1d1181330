"""The regional server mode: a workspace held by PostgreSQL on a closed network.

The same services run on it as on a terminal's encrypted file; what differs is here.
- Sign-in: each person connects as their own PostgreSQL role with their own password (SCRAM), so
  the server's logs and grants name the person. The application never stores that password: the
  profile (server.json) holds the server's address only, and a password set here reaches the server
  as a SCRAM verifier computed on this computer (libpq's PQencryptPasswordConn), never in clear.
- Membership: the roles of a workspace's people belong to one group role per database
  (`<database>_members`), which alone may connect to it and holds the table privileges.
- Writers take one advisory lock per transaction (store/engine.py), so the audit chain stays linear
  with many clients; migrations are run by the database's owner (`rocta server migrate`).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, make_url
from sqlalchemy.engine import URL

from ..domain.errors import RoctaError
from ..store.models.server import ServerKeyFile
from .folders import SERVER_NAME

if TYPE_CHECKING:
    from ..store.keyslots import KeyFile


class ServerError(RoctaError):
    """A server address or server-side step that cannot work; says what to do."""


def on_server(engine: Engine | Connection) -> bool:
    return engine.dialect.name == "postgresql"


def profile_url(url: str) -> str:
    """The address to keep in a profile: PostgreSQL through psycopg, no username, no password."""
    try:
        parsed = make_url(url)
    except Exception as exc:  # SQLAlchemy raises ArgumentError for anything unparsable
        raise ServerError(f"{url!r} is not a server address (postgresql://host[:port]/database): {exc}") from None
    if parsed.get_backend_name() != "postgresql":
        raise ServerError(f"{url!r} is not a PostgreSQL address (postgresql://host[:port]/database)")
    if not parsed.database:
        raise ServerError(f"{url!r} names no database (postgresql://host[:port]/database)")
    parsed = parsed.set(drivername="postgresql+psycopg", username=None, password=None)
    return parsed.render_as_string(hide_password=False)


def signed_in_url(url: str, username: str, password: str) -> URL:
    return make_url(profile_url(url)).set(username=username, password=password)


def write_profile(folder: Path, url: str, workspace_id: str) -> None:
    from ..store.keyslots import write_atomic
    text = json.dumps({"format": 1, "url": profile_url(url), "workspace_id": workspace_id}, indent=2)
    write_atomic(Path(folder) / SERVER_NAME, text.encode("utf-8"))


def _quote(conn: Connection, name: str) -> str:
    return conn.dialect.identifier_preparer.quote(name)


def _group(conn: Connection, suffix: str) -> str:
    database = conn.exec_driver_sql("SELECT current_database()").scalar_one()
    return re.sub(r"[^a-z0-9_]", "_", database.lower())[:50] + suffix


def members_role(conn: Connection) -> str:
    return _group(conn, "_members")


def admins_role(conn: Connection) -> str:
    """The workspace's administrators: they alone may change who a person is (role, clearance, state)."""
    return _group(conn, "_admins")


# what a person may change in their own account row (a new password brings a new key and certificate);
# role, clearance and whether the account is active are the administrators' (row-level security
# reads the clearance from here, so an analyst must not be able to raise their own)
USER_SELF_COLUMNS = ("display_name", "must_change_password", "key_id", "public_key", "cert", "cert_sig", "updated_at")


def prepare(conn: Connection, admin: str) -> None:
    """First setup by the database's owner: the group roles, who may connect, privileges."""
    for group in (members_role(conn), admins_role(conn)):
        if conn.exec_driver_sql("SELECT 1 FROM pg_roles WHERE rolname = %(r)s", {"r": group}).first() is None:
            conn.exec_driver_sql(f"CREATE ROLE {_quote(conn, group)} NOLOGIN")
    members = members_role(conn)
    database = conn.exec_driver_sql("SELECT current_database()").scalar_one()
    conn.exec_driver_sql(f"REVOKE ALL ON DATABASE {_quote(conn, database)} FROM PUBLIC")
    conn.exec_driver_sql(f"GRANT CONNECT, TEMPORARY ON DATABASE {_quote(conn, database)} TO {_quote(conn, members)}")
    conn.exec_driver_sql(f"GRANT USAGE ON SCHEMA public TO {_quote(conn, members)}")
    grant_tables(conn)
    conn.exec_driver_sql(f"GRANT {_quote(conn, members)}, {_quote(conn, admins_role(conn))} TO {_quote(conn, admin)}")


def grant_tables(conn: Connection) -> None:
    """After every migration: the members may read and write the tables, never the schema's version."""
    members, admins = _quote(conn, members_role(conn)), _quote(conn, admins_role(conn))
    conn.exec_driver_sql(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {members}")
    conn.exec_driver_sql(f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {members}")
    conn.exec_driver_sql(f"REVOKE INSERT, UPDATE, DELETE ON alembic_version FROM {members}")
    conn.exec_driver_sql(f"REVOKE INSERT, UPDATE, DELETE ON users FROM {members}")
    conn.exec_driver_sql(f"GRANT UPDATE ({', '.join(USER_SELF_COLUMNS)}) ON users TO {members}")
    conn.exec_driver_sql(f"GRANT INSERT, UPDATE, DELETE ON users TO {admins}")
    # teams (whom a restriction names) are the administrators' to make and fill
    conn.exec_driver_sql(f"REVOKE INSERT, UPDATE, DELETE ON teams, team_members FROM {members}")
    conn.exec_driver_sql(f"GRANT INSERT, UPDATE, DELETE ON teams, team_members TO {admins}")


def _verifier(conn: Connection, username: str, password: str) -> str:
    """The SCRAM-SHA-256 verifier of a password, computed here: the password never reaches the server."""
    raw: Any = conn.connection.driver_connection
    return raw.pgconn.encrypt_password(password.encode("utf-8"), username.encode("utf-8"),
                                       b"scram-sha-256").decode("ascii")


def set_login(conn: Connection, username: str, password: str, *, administrator: bool) -> None:
    """Give a person their server role (or a new password for it), in the workspace's group.
    Administrators may create and change the roles of others (CREATEROLE) and are in the admins' group."""
    role, members = _quote(conn, username), _quote(conn, members_role(conn))
    verifier = _verifier(conn, username, password).replace("'", "''")
    exists = conn.exec_driver_sql("SELECT 1 FROM pg_roles WHERE rolname = %(r)s", {"r": username}).first()
    attributes = f"LOGIN PASSWORD '{verifier}'"
    if exists is None:
        conn.exec_driver_sql(f"CREATE ROLE {role} {attributes}")
    else:
        conn.exec_driver_sql(f"ALTER ROLE {role} {attributes}")
    conn.exec_driver_sql(f"GRANT {members} TO {role}")
    set_administrator(conn, username, administrator)


def change_own_password(conn: Connection, username: str, password: str) -> None:
    verifier = _verifier(conn, username, password).replace("'", "''")
    conn.exec_driver_sql(f"ALTER ROLE {_quote(conn, username)} PASSWORD '{verifier}'")


def set_administrator(conn: Connection, username: str, administrator: bool) -> None:
    role, admins = _quote(conn, username), _quote(conn, admins_role(conn))
    conn.exec_driver_sql(f"ALTER ROLE {role} {'CREATEROLE' if administrator else 'NOCREATEROLE'}")
    conn.exec_driver_sql(f"GRANT {admins} TO {role}" if administrator else f"REVOKE {admins} FROM {role}")


def disable_login(conn: Connection, username: str) -> None:
    """A disabled account can no longer connect; its role stays (the server's logs name it)."""
    conn.exec_driver_sql(f"REVOKE {_quote(conn, members_role(conn))}, {_quote(conn, admins_role(conn))} "
                         f"FROM {_quote(conn, username)}")


def migrate_server(folder: Path, username: str, password: str) -> tuple[str | None, str]:
    """`rocta server migrate`: bring the server's schema to this version's head, as the database's
    owner (one transaction; PostgreSQL's DDL is transactional), then give the members the new tables.
    Returns (from, to)."""
    from ..store import migrate
    from ..store.engine import make_server_engine
    from .folders import WorkspaceError, server_profile
    profile = server_profile(folder)
    if profile is None:
        raise WorkspaceError(f"{folder} is not a server profile (no {SERVER_NAME})")
    engine = make_server_engine(signed_in_url(profile["url"], username, password))
    try:
        state = migrate.schema_state(engine)
        migrate.check_not_too_new(state)
        migrate.upgrade(engine)
        with engine.begin() as conn:
            grant_tables(conn)
        return state.current, state.head
    finally:
        engine.dispose()


def read_keyfile(conn: Connection, where: Path, *, for_update: bool = False) -> KeyFile:
    """The key file the server keeps (`for_update`: locked to this transaction until it ends)."""
    from sqlalchemy import select

    from ..store.keyslots import KeyFile, KeyFileError
    table = ServerKeyFile.__table__
    q = select(table.c.document).where(table.c.id == 1)
    document = conn.execute(q.with_for_update() if for_update else q).scalar()
    if document is None:
        raise KeyFileError(f"the server workspace {where} has no key file: it was not created by ROCTA, or "
                           "was altered")
    return KeyFile.from_document(where, document)


def write_keyfile(conn: Connection, keyfile: KeyFile, *, new: bool = False) -> None:
    from sqlalchemy import insert, update
    table = ServerKeyFile.__table__
    document = keyfile.to_bytes().decode("utf-8")
    if new:
        conn.execute(insert(table).values(id=1, document=document))
    else:
        conn.execute(update(table).where(table.c.id == 1).values(document=document))


# ------------------------------------------------------------------ live change notices (LISTEN/NOTIFY)

CHANNEL = "rocta_changes"
_PAYLOAD_LIMIT = 7000  # PostgreSQL's limit is 8,000 bytes: past it, records are left out (areas stay)


def notify(conn: Connection, client_id: str, username: str, areas: set[str],
           records: set[tuple[str, int]]) -> None:
    """Queue a notice of this transaction's changes; PostgreSQL delivers it to every listener when
    (and only if) the transaction commits. Areas and record ids only: no record content."""
    from sqlalchemy import text
    notice = {"client": client_id, "by": username, "areas": sorted(areas), "records": sorted(records)}
    payload = json.dumps(notice)
    if len(payload) > _PAYLOAD_LIMIT:
        payload = json.dumps({**notice, "records": []})
    conn.execute(text("SELECT pg_notify(:channel, :payload)"), {"channel": CHANNEL, "payload": payload})


class Follower:
    """A thread listening on its own connection for the notices other clients commit, calling
    `deliver(areas, records)` for each (on that thread: the GUI's notifier queues it to its own)."""

    def __init__(self, engine: Engine, client_id: str, deliver: Any):
        import threading
        self._client_id, self._deliver = client_id, deliver
        self._raw = engine.raw_connection()
        conn = self._raw.driver_connection
        conn.autocommit = True
        conn.execute(f"LISTEN {CHANNEL}")
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rocta-follow", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        conn = self._raw.driver_connection
        while not self._stopping.is_set():
            try:
                for notice in conn.notifies(timeout=0.5, stop_after=50):
                    self._heard(notice.payload)
            except Exception:  # the connection went (server restart, network): stop quietly
                if not self._stopping.is_set():
                    self._stopping.set()
                return

    def _heard(self, payload: str) -> None:
        try:
            notice = json.loads(payload)
        except ValueError:
            return
        if notice.get("client") == self._client_id:
            return  # this window's own change: it already told itself
        self._deliver(set(notice.get("areas", [])), {(t, int(i)) for t, i in notice.get("records", [])})

    @property
    def alive(self) -> bool:
        return self._thread.is_alive()

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join(timeout=5)
        self._raw.invalidate()  # never handed back to the pool still listening
