"""Forgery made evident: an insider holding the database key attacks roles and the audit trail the
way the first version allowed, and `rocta verify` (the replay) names the first event that fails.
Real encrypted workspaces; the attacks go around the application with the key, as such a person
would (tests/attacks.py)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from rocta_desktop.domain.errors import PermissionDenied
from rocta_desktop.domain.users import Role
from rocta_desktop.services import assessments, audit, maintenance, registers, trust, users
from rocta_desktop.services.audit import Actor
from rocta_desktop.services.head import head_path, read_head
from rocta_desktop.services.workspace import SignInError, Workspace
from rocta_desktop.store.models import AuditEvent, User
from tests.attacks import drop_guards, insider, refused_on_server
from tests.conftest import ADMIN, ADMIN_PASSWORD, TEAM_PASSWORD
from tests.domain.test_schemes import MORILE_ANSWERS


def failures(ws) -> dict[str, list[str]]:
    return {c.name: c.details for c in maintenance.verify(ws) if not c.ok}


def trail_problems(ws) -> list[str]:
    return failures(ws).get("audit trail: hash chain, signatures, roles", [])


def rechain(conn) -> None:
    """What an attacker does after editing events: recompute every hash so the chain is whole again
    (they cannot re-sign: signatures stay as they were)."""
    prev = audit.GENESIS
    rows = conn.execute(select(AuditEvent).order_by(AuditEvent.id)).all()
    for row in rows:
        ev = AuditEvent(**{c: getattr(row, c) for c in row._fields})
        h = audit.chain_hash(prev, ev)
        conn.execute(text("UPDATE audit_events SET prev_hash = :p, hash = :h WHERE id = :i"),
                     {"p": prev, "h": h, "i": ev.id})
        prev = h


@pytest.fixture
def group(workspace):
    return workspace.write("g", registers.create_group, {"name": "Harbour Crew", "marking": "OFFICIAL",
                                                         "management_level": "local"}).id


def test_a_new_workspace_verifies_and_every_event_is_signed(workspace, team, group):
    assert failures(workspace) == {}
    with workspace.reader() as s:
        unsigned = s.scalar(select(AuditEvent.id).where(AuditEvent.signature.is_(None)).limit(1))
        root = s.scalar(text("SELECT value FROM workspace_meta WHERE key = 'root_key_id'"))
        first = s.scalars(select(AuditEvent).order_by(AuditEvent.id)).first()
    assert unsigned is None and root == workspace.keyfile.root_key_id
    assert first.key_id == root and json.loads(first.changes["cert"]["after"])["issuer"] == root
    head = read_head(workspace.path)
    assert head["seq"] == workspace.read(lambda s: s.scalar(text("SELECT max(id) FROM audit_events")))


def test_an_analyst_who_makes_themselves_administrator_is_refused_and_found(workspace, team, ws_path):
    ana = team.open("ana")
    with insider(workspace, ana) as conn:  # the key opens the database: the role is one UPDATE away
        conn.execute(text("UPDATE users SET role = 'administrator' WHERE username = 'ana'"))
    ana.close()
    with pytest.raises(SignInError, match="does not match its signed certificate"):
        Workspace.open(ws_path, "ana", TEAM_PASSWORD)
    found = failures(workspace)
    assert any("user ana: role 'administrator' but the signed trail says 'analyst'" in d
               for d in found["audit trail: hash chain, signatures, roles"])


def test_a_forged_role_change_event_is_named(workspace, team):
    """Ana writes the event that would have made her an administrator, re-chains the trail, and
    re-signs it with her own key: the change carries no administrator's certificate."""
    ana = team.open("ana")
    with refused_on_server(workspace) as refused:
        with ana.operation("user.set_role") as uow:  # through the application's own audit code, as ana
            user = uow.session.scalar(select(User).where(User.username == "ana"))
            user.role = Role.ADMINISTRATOR  # no certificate: the service would have refused her anyway
    if refused:
        return  # a server's database refuses her role the change outright
    problems = trail_problems(workspace)
    assert problems and "(user.set_role by ana)" in problems[0] and "without an administrator's certificate" in problems[0]


def test_events_rewritten_as_another_person_are_found(workspace, team, group):
    ana = team.open("ana")
    created = ana.write("a", assessments.start, group, "morile-reference")
    # on a terminal whoever holds the key can rewrite the file; on a server only the schema's owner can
    with (workspace if workspace.on_server else ana).engine.begin() as conn:
        drop_guards(conn)
        conn.execute(text("UPDATE audit_events SET username = 'sam', user_id = (SELECT id FROM users WHERE "
                          "username = 'sam'), role = 'supervisor' WHERE username = 'ana'"))
        rechain(conn)
    problems = trail_problems(workspace)
    assert problems and "by sam" in problems[0] and "signed with the key of ana, not of sam" in problems[0]
    assert created.reference  # (the draft itself is untouched)


def test_swapping_the_acting_person_in_memory_is_found(workspace, team, group):
    """The first version let a script set ws.actor and approve its own assessment. Now the actor
    cannot be set, and forcing the signer's identity still signs with the analyst's key."""
    ana, sam = team.open("ana"), team.open("sam")
    created = ana.write("a", assessments.start, group, "morile-reference")
    ana.write("a", assessments.save, created.id, MORILE_ANSWERS)
    ana.write("a", assessments.submit, created.id)
    with pytest.raises(AttributeError):
        ana.actor = sam.actor
    ana._signer._rebind(Actor(sam.actor.user_id, "sam", "Sam", Role.SUPERVISOR))  # forced, around the API
    with pytest.raises(PermissionDenied, match="no longer the one this window signed in with"):
        ana.write("a", assessments.approve, created.id)   # every session checks the account as it is now
    ana._settled = False   # and should the forger get round that check too:
    if workspace.on_server:  # the database refuses an event in another person's name outright (migration 0015)
        with pytest.raises(DBAPIError, match="row-level security"):
            ana.write("a", assessments.approve, created.id)
        return
    ana.write("a", assessments.approve, created.id)
    problems = trail_problems(workspace)
    assert problems and "(assessment.approve by sam)" in problems[0]
    assert "signed with the key of ana, not of sam" in problems[0]


def test_an_event_relying_on_a_permission_the_role_lacks_is_found(workspace, team, group):
    ana = team.open("ana")
    ana._signer._rebind(Actor(ana.actor.user_id, "ana", "Ana", Role.SUPERVISOR))  # claims more than she has
    ana.write("g", registers.update_subject, group, {"name": "Harbour Crew Two"})
    assert ana.actor.role is Role.ANALYST and trail_problems(workspace) == []   # the session took the row's role
    ana._signer._rebind(Actor(ana.actor.user_id, "ana", "Ana", Role.SUPERVISOR))
    ana._settled = False   # a forger who gets round that check too
    ana.write("g", registers.update_subject, group, {"name": "Harbour Crew Three"})
    problems = trail_problems(workspace)
    assert problems and "claims role supervisor, but ana was analyst then" in problems[0]


@pytest.mark.parametrize("cut", [1, 20])
def test_cutting_the_end_of_the_trail_is_found(workspace, team, group, cut):
    for n in range(25):
        workspace.write("g", registers.update_subject, group, {"description": f"note {n}"})
    with workspace.engine.begin() as conn:
        drop_guards(conn)
        conn.execute(text("DELETE FROM audit_events WHERE id > (SELECT max(id) FROM audit_events) - :n"), {"n": cut})
    found = failures(workspace)
    assert list(found) == ["audit trail head (nothing cut from the end)"]
    assert f"{cut} event(s) were cut from the end" in found["audit trail head (nothing cut from the end)"][0]


def test_the_head_file_removed_or_an_edited_event_is_found(workspace, group):
    head_path(workspace.path).unlink()
    assert "audit-head.json is missing" in failures(workspace)["audit trail head (nothing cut from the end)"][0]
    workspace.write("g", registers.update_subject, group, {"description": "again"})  # a commit writes it back
    assert failures(workspace) == {}
    with workspace.engine.begin() as conn:
        drop_guards(conn)
        conn.execute(text("UPDATE audit_events SET summary = 'nothing happened' WHERE id = 3"))
    assert "audit event 3" in trail_problems(workspace)[0] and "does not match its hash" in trail_problems(workspace)[0]


def test_a_certificate_for_a_new_administrator_needs_an_administrator(workspace, team):
    """Sue (a supervisor) forges Ana's promotion with a certificate she signs herself."""
    sue = team.open("sue")
    with refused_on_server(workspace) as refused:
        with sue.operation("user.set_role") as uow:
            ana = uow.session.scalar(select(User).where(User.username == "ana"))
            from rocta_desktop.store.signing import PublicKey
            trust.issue(uow.session, uow.signer, user=ana, username="ana", role=Role.ADMINISTRATOR, active=True,
                        public=PublicKey.from_b64(ana.public_key))
    if refused:
        return  # a server's database refuses a supervisor's role the change outright
    problems = trail_problems(workspace)
    assert problems and "issued by sue, who was not an administrator then" in problems[0]


def test_roles_changed_by_an_administrator_verify(workspace, team, ws_path):
    workspace.write("u", users.set_role, "ana", "supervisor")
    workspace.write("u", users.disable_user, "sue")
    workspace.write("u", users.reset_password, "sam", "Temporary-pass-99")
    with Workspace.open(ws_path, "sam", "Temporary-pass-99") as sam:
        sam.write("p", users.change_own_password, "Temporary-pass-99", "Own-secret-pass-2026")
        key_after = sam._signer.key_id
    with Workspace.open(ws_path, "ana", TEAM_PASSWORD) as ana:
        assert ana.actor.role is Role.SUPERVISOR
    assert failures(workspace) == {}
    with workspace.reader() as s:
        sam_row = s.scalar(select(User).where(User.username == "sam"))
    assert sam_row.key_id == key_after  # the password change rotated the key, certified by the previous one
    assert json.loads(sam_row.cert)["issuer"] != key_after


@pytest.mark.terminal
def test_recovery_key_sign_in_is_signed_by_its_own_certified_key(workspace, ws_path):
    recovery = workspace.recovery_key
    workspace.close()
    with Workspace.open_with_recovery(ws_path, recovery) as ws:
        ws.write("u", users.add_user, "newbie", "Fresh-start-pass-1", "analyst")
        assert ws.actor.username == "recovery-key" and failures(ws) == {}
        with ws.reader() as s:
            last = s.scalars(select(AuditEvent).where(AuditEvent.action == "user.create")
                             .order_by(AuditEvent.id.desc())).first()
        assert last.username == "recovery-key" and last.key_id == ws._signer.key_id


@pytest.mark.terminal  # about keyslots.json itself (a server keeps the key file in its database)
def test_sign_in_with_a_password_stays_one_argon2_run_whoever_asks(workspace, team, ws_path, monkeypatch):
    """Known and unknown usernames cost the same (one Argon2id run at the file's cost), and the key
    file offers nothing to test a guessed username against without the password."""
    from rocta_desktop.store import keyslots
    workspace.close()
    calls = []
    real = keyslots.hash_secret_raw
    monkeypatch.setattr(keyslots, "hash_secret_raw", lambda *a: calls.append(a[2:5]) or real(*a))
    for name, password in (("ana", TEAM_PASSWORD), ("ana", "wrong-password-1"), ("nobody", TEAM_PASSWORD)):
        calls.clear()
        try:
            keyslots.KeyFile.load(ws_path / "keyslots.json").open_password(name, password)
        except keyslots.BadCredentials:
            pass
        assert len(calls) == 1
    kf = json.loads((ws_path / "keyslots.json").read_text())
    public_tags = {keyslots.user_tag(kf["workspace_id"], n) for n in ("admin", "ana", "sam", "sue")}
    assert not public_tags & {s.get("tag") for s in kf["slots"]}
    assert b"ana" not in (ws_path / "keyslots.json").read_bytes()
    assert ADMIN and ADMIN_PASSWORD  # (the fixture's administrator is not named either)


def test_an_unsigned_event_slipped_in_as_a_batch_is_not_sealed_by_the_next_signature(workspace, team, group):
    """An import's per-record events carry no signature each: the batch's last event, written in
    the same transaction at the same moment, seals them. Ana, who holds the database key, appends an
    unsigned "batched" event in the administrator's name at the end of the trail, hoping the
    administrator's next signature seals it: the administrator's next write refuses to, and `rocta
    verify` names the event even if some other signed event follows it."""
    import json as _json
    from types import SimpleNamespace

    from rocta_desktop.domain.errors import Conflict
    from rocta_desktop.services.chain import BATCHED_VERSION, chain_hash
    from rocta_desktop.store.models.base import UTCDateTime

    def slip_in(conn) -> None:
        last = conn.execute(text("SELECT at, hash, user_id, username, role, key_id FROM audit_events "
                                 "WHERE username = :u ORDER BY id DESC LIMIT 1"), {"u": ADMIN}).one()
        head = conn.execute(text("SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1")).scalar_one()
        ev = SimpleNamespace(at=UTCDateTime().process_result_value(last.at, None), user_id=last.user_id,
                             username=last.username, action="nominal.delete", entity_type="nominal", entity_id=None,
                             entity_ref=None, summary="nominal deleted", changes={}, version=BATCHED_VERSION,
                             role=last.role, relied_on=[], key_id=last.key_id, prev_hash=head)
        ev.hash = chain_hash(ev.prev_hash, ev)
        conn.execute(text("INSERT INTO audit_events (at, user_id, username, action, entity_type, entity_id, entity_ref, "
                          "summary, changes, prev_hash, hash, version, role, relied_on, key_id, signature) VALUES "
                          "(:at, :user_id, :username, :action, :entity_type, :entity_id, :entity_ref, :summary, "
                          ":changes, :prev_hash, :hash, :version, :role, :relied_on, :key_id, NULL)"),
                     {**vars(ev), "at": last.at, "changes": "{}", "relied_on": _json.dumps([])})

    ana = team.open("ana")
    with insider(workspace, ana) as conn:
        slip_in(conn)
    with pytest.raises(Conflict, match="unsealed"):
        workspace.write("g", registers.update_subject, group, {"description": "sealing it?"})
    assert any("no signature after it" in p or "not sealed" in p for p in trail_problems(workspace))
