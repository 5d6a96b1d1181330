"""With ROCTA_TEST_SERVER=1 the command-line tests run on PostgreSQL too: each `rocta init` or
`rocta demo` gets `--server` and a new empty database of its own, owned by the server role of the
workspace's first administrator, as the server's IT would give it (tests/server/cluster.py)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from tests.conftest import ON_SERVER, SERVER_CLUSTER


def on_server(args: Sequence[str], env: dict[str, str]) -> list[str]:
    """`args` of `rocta init|demo`, given `--server` with a new database on a server run."""
    args = [str(a) for a in args]
    if not (ON_SERVER and args[:1] in (["init"], ["demo"]) and "--server" not in args):
        return args
    from tests.server.cluster import ensure_role, new_database
    user = args[args.index("--user") + 1] if "--user" in args else "admin"
    if "--password-file" in args:
        password = Path(args[args.index("--password-file") + 1]).read_text().strip()
    else:
        password = env.get("ROCTA_PASSWORD", "")
    cluster = SERVER_CLUSTER[0]  # started for the whole run (tests/conftest.py)
    ensure_role(cluster, user, password)
    return [*args, "--server", new_database(cluster, "template0", user)]
