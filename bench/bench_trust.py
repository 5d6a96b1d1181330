"""Keys and the signed audit trail: what signing costs a person, measured against what they already pay.

    python -m bench.bench_trust [--events 20000]

Figures (same run):
1. Sign-in (Workspace.open at the production Argon2id cost: unwrap the slot, open the database,
   check the account's certificate). Target < 0.5 s. Baseline: one Argon2id run at that cost alone.
2. A register edit committed (signed event, audit head written). Baseline: the same edit's
   database work with the audit head and signature left out (hash-chained only, as before).
3. Signing one event (Ed25519) and checking one, in microseconds.
4. `rocta verify`'s replay of the whole trail (hash chain, signatures, roles) per 10,000 events.
Results: bench/results/trust.json (format in bench/common.py).
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from argon2.low_level import Type, hash_secret_raw

from bench.common import Result, median_time, report

USER, PASSWORD = "admin", "Bench-password-2026"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=20_000)
    args = ap.parse_args()
    from rocta_desktop.services import audit, head, registers, trust
    from rocta_desktop.services.workspace import Workspace
    from rocta_desktop.store.keyslots import PRODUCTION_COST
    from rocta_desktop.store.signing import SigningKey, audit_message

    folder = Path(tempfile.mkdtemp(prefix="bench-trust-"))
    results: list[Result] = []
    try:
        path = folder / "trust.rocta"
        ws, _ = Workspace.create(path, USER, PASSWORD, cost=PRODUCTION_COST)
        group = ws.write("g", registers.create_group, {"name": "Bench Crew", "marking": "OFFICIAL",
                                                       "management_level": "local"}).id
        ws.close()
        c = PRODUCTION_COST
        argon = median_time(lambda: hash_secret_raw(PASSWORD.encode(), b"s" * 16, c.time_cost, c.memory_kib,
                                                    c.parallelism, 64, Type.ID))
        signin = median_time(lambda: Workspace.open(path, USER, PASSWORD).close())
        results.append(Result("sign-in (production Argon2id, certificate checked)", signin, baseline=argon,
                              baseline_name="one Argon2id run alone", target=0.5))

        ws = Workspace.open(path, USER, PASSWORD)
        n = [0]

        def edit() -> None:
            n[0] += 1
            ws.write("g", registers.update_subject, group, {"description": f"edit {n[0]}"})
        edit_time = median_time(edit, 15)
        # baseline: the same edit with the signature and the head file left out (in a throwaway
        # copy of the workspace: its trail rightly fails verification afterwards)
        shutil.copytree(path, folder / "plain.rocta")
        other = Workspace.open(folder / "plain.rocta", USER, PASSWORD)
        m = [0]

        def plain_edit() -> None:
            m[0] += 1
            other.write("g", registers.update_subject, group, {"description": f"edit {m[0]}"})
        real_write_head, real_sign = head.write_head, trust.Signer.sign_event
        head.write_head = lambda *a, **k: None
        trust.Signer.sign_event = lambda self, h: "unsigned"
        try:
            plain = median_time(plain_edit, 15)
        finally:
            head.write_head, trust.Signer.sign_event = real_write_head, real_sign
            other.close()
        results.append(Result("register edit committed (signed, head written)", edit_time, baseline=plain,
                              baseline_name="same edit, no signature or head", target=0.15))

        key = SigningKey.generate()
        message = audit_message("ws", "0" * 64)
        t0 = time.perf_counter()
        for _ in range(2000):
            sig = key.sign(message)
        sign_us = (time.perf_counter() - t0) / 2000 * 1e6
        t0 = time.perf_counter()
        for _ in range(2000):
            key.public.verify(sig, message)
        verify_us = (time.perf_counter() - t0) / 2000 * 1e6
        results.append(Result("Ed25519: sign one event", sign_us, unit="us"))
        results.append(Result("Ed25519: check one event", verify_us, unit="us"))

        # a long trail: many signed events in bulk (one operation each of 500 events)
        per_op = 500
        for _ in range(max(1, args.events // per_op)):
            with ws.operation("bench.events") as uow:
                for i in range(per_op):
                    audit.record(uow.session, uow.actor, action="bench.event", entity_type="bench",
                                 summary=f"event {i}", changes={"i": i})
        with ws.reader() as s:
            total = s.execute(__import__("sqlalchemy").text("SELECT count(*) FROM audit_events")).scalar()
        t0 = time.perf_counter()
        with ws.reader() as s:
            state = trust.verify_trail(s)
        replay = time.perf_counter() - t0
        assert not state.problems, state.problems
        results.append(Result(f"verify replay per 10,000 events ({total:,} replayed)", replay / total * 10_000,
                              target=5.0))
        ws.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0 if report("trust", results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
