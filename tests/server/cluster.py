"""A throwaway PostgreSQL cluster for the server tests: initdb in a temp folder, loopback only.

Debian's `postgresql` package gives the binaries (`pg_config --bindir`, or /usr/lib/postgresql/N/bin).
PostgreSQL refuses to run as root, so under root (CI containers) the cluster runs as the package's
`postgres` user through `runuser`. The superuser signs in with a password (SCRAM) over TCP on
127.0.0.1 and a free port; nothing listens beyond the loopback interface.
"""

from __future__ import annotations

import contextlib
import glob
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

SUPERUSER = "rocta_super"


def bindir() -> Path | None:
    with contextlib.suppress(OSError, subprocess.CalledProcessError):
        out = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True, check=True).stdout.strip()
        if out and (Path(out) / "initdb").exists():
            return Path(out)
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[4]))
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    def __init__(self) -> None:
        self.bin = bindir()
        if self.bin is None:
            raise RuntimeError("PostgreSQL is not installed (Debian package postgresql); ./dev.sh installs it")
        self.root = Path(tempfile.mkdtemp(prefix="rocta-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.password = secrets.token_urlsafe(18)
        self._as: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
            self._as = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str) -> None:
        subprocess.run([*self._as, *args], check=True, capture_output=True, text=True)

    def start(self) -> Cluster:
        pwfile = self.root / "pw"
        pwfile.write_text(self.password)
        if self._as:
            shutil.chown(pwfile, "postgres", "postgres")
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", SUPERUSER, "--auth=scram-sha-256",
                  f"--pwfile={pwfile}", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
        pwfile.unlink()
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write(f"\nlisten_addresses = '127.0.0.1'\nport = {self.port}\n"
                       f"unix_socket_directories = '{self.root}'\nfsync = off\nsynchronous_commit = off\n"
                       "full_page_writes = off\nmax_connections = 200\nshared_buffers = 64MB\n")
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.root / "log"), "-w", "-t", "60",
                  "start")
        return self

    def url(self, database: str = "postgres", user: str = SUPERUSER, password: str | None = None) -> str:
        return f"postgresql+psycopg://{user}:{password or self.password}@127.0.0.1:{self.port}/{database}"

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError, OSError):
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        for _ in range(20):
            with contextlib.suppress(OSError):
                shutil.rmtree(self.root)
                return
            time.sleep(0.1)


def _admin(cluster: Cluster):
    import sqlalchemy as sa
    return sa.create_engine(cluster.url(), isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)


def ensure_role(cluster: Cluster, role: str, password: str) -> None:
    """The administrator's server role, as the server's IT creates it (CREATEROLE, not superuser)."""
    engine = _admin(cluster)
    with engine.connect() as conn:
        quoted = conn.dialect.identifier_preparer.quote(role)
        verb = "ALTER" if conn.exec_driver_sql("SELECT 1 FROM pg_roles WHERE rolname = %(r)s", {"r": role}).first() \
            else "CREATE"
        conn.exec_driver_sql(f"{verb} ROLE {quoted} LOGIN CREATEROLE PASSWORD '{password}'")
    engine.dispose()


_counter = iter(range(1, 10**9))


def migrated_template(cluster: Cluster, admin: str, password: str) -> str:
    """A database with the schema at head and no workspace in it, to copy for each test."""
    from rocta_desktop.store import migrate
    from rocta_desktop.store.engine import make_server_engine
    ensure_role(cluster, admin, password)
    engine = _admin(cluster)
    with engine.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE rocta_template OWNER {admin}")
    engine.dispose()
    engine = make_server_engine(cluster.url("rocta_template", admin, password))
    migrate.upgrade(engine)
    engine.dispose()
    return "rocta_template"


def new_database(cluster: Cluster, template: str, owner: str) -> str:
    """A new database copied from the template; its address without credentials."""
    name = f"ws_{os.getpid()}_{next(_counter)}"
    engine = _admin(cluster)
    with engine.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name} TEMPLATE {template} OWNER {owner}")
    engine.dispose()
    return f"postgresql://127.0.0.1:{cluster.port}/{name}"
