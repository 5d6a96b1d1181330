"""Who may do what, made evident: signing keys, account certificates, and the replay that checks them.

The database key cannot be hidden from the person at the keyboard, so anyone signed in can write any
row, including roles and the audit trail. What they cannot do is sign as somebody else:

- Each person has an Ed25519 key pair; the private half lives only in their key slot. The
  workspace's signer (`Signer`) is built at sign-in from that slot: a service never takes the acting
  person from a settable attribute, and every audit event is signed with the signer's key.
- An account's role, state and key are bound by a *certificate*: a small signed document. An
  administrator's key issues it (adding a user, a role change, disabling, enabling, a reset); a person
  rotating their own key (changing their password) issues the next one with their previous key. The
  chain goes back to the key made at `rocta init` (the root, whose id the key file and the database
  keep, and `rocta verify` prints as the workspace's fingerprint to compare with the one on paper).
- `replay` walks the whole trail in order: each event's hash, its signature, that its key belonged
  to the person it names at that moment, that the role it claims was theirs then, that the
  permissions it relied on came with that role, and that every change to an account came with a
  valid certificate. It names the first event that fails. The users table is then compared with the
  state the trail proves.

Workspaces from before signatures keep their hash-chained (unsigned) prefix; each person then enrols
a key the first time they sign in (a self-signed certificate that must match the role and state the
earlier trail gives them), and the recovery key enrols its own at its first use.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain import clock
from ..domain.markings import Marking
from ..domain.users import ROLE_PERMISSIONS, Permission, Role
from ..store.models import AuditEvent, User, UserCertificate
from ..store.signing import PublicKey, SigningKey, audit_message, canonical, certificate_message
from .actor import Actor
from .folders import RECOVERY_ACTOR

CERT_VERSION = 1
_ACCOUNT_FIELDS = ("username", "role", "active", "clearance", "key_id", "public_key")


class TrustError(Exception):
    """An account's certificate does not hold (altered outside the application)."""


class Signer:
    """The person signed in: their certified identity and their private signing key. Read-only: a
    service asks it who is acting, and it signs; nothing can make it sign as someone else."""

    __slots__ = ("_actor", "_key", "workspace_id")

    def __init__(self, actor: Actor, key: SigningKey, workspace_id: str):
        self._actor = Actor(actor.user_id, actor.username, actor.display_name, actor.role, key.id, actor.clearance)
        self._key = key
        self.workspace_id = workspace_id

    @property
    def actor(self) -> Actor:
        return self._actor

    @property
    def key_id(self) -> str:
        return self._key.id

    @property
    def public(self) -> PublicKey:
        return self._key.public

    def sign(self, message: bytes) -> str:
        return self._key.sign(message)

    def sign_event(self, event_hash: str) -> str:
        return self._key.sign(audit_message(self.workspace_id, event_hash))

    # the workspace changes these after the person's own key or account changed (services only)
    def _rebind(self, actor: Actor | None = None, key: SigningKey | None = None) -> None:
        self._key = key or self._key
        a = actor or self._actor
        self._actor = Actor(a.user_id, a.username, a.display_name, a.role, self._key.id, a.clearance)

    @property
    def _signing_key(self) -> SigningKey:
        return self._key


# ------------------------------------------------------------------ certificates

def make_certificate(workspace_id: str, *, user_id: int | None, username: str, role: Role, active: bool,
                     public: PublicKey | None, issuer: str, clearance: Marking = Marking.SECRET) -> dict[str, Any]:
    return {"v": CERT_VERSION, "workspace": workspace_id, "user_id": user_id, "username": username,
            "role": role.value, "active": bool(active), "clearance": clearance.value,
            "key_id": public.id if public else None,
            "public_key": public.b64 if public else None, "issuer": issuer,
            "issued_at": clock.now().isoformat(timespec="seconds")}


def issue(session: Session, signer: Signer, *, user: User | None, username: str, role: Role, active: bool,
          public: PublicKey | None, issuing_key: SigningKey | None = None,
          clearance: Marking | None = None) -> tuple[str, str]:
    """Sign a certificate (with the signer's key, or `issuing_key` for a self-signed one), put it on
    the user's row (so the row's change carries it into the audit trail) and into the certificate
    table. Returns (certificate text, signature)."""
    key = issuing_key or signer._signing_key
    clearance = clearance or (user.clearance if user is not None and user.clearance else Marking.SECRET)
    cert = make_certificate(signer.workspace_id, user_id=user.id if user else None, username=username, role=role,
                            active=active, public=public, issuer=key.id, clearance=clearance)
    text = canonical(cert).decode("utf-8")
    sig = key.sign(certificate_message(signer.workspace_id, cert))
    if user is not None:
        user.role, user.active, user.clearance = role, active, clearance
        user.key_id = public.id if public else None
        user.public_key = public.b64 if public else None
        user.cert, user.cert_sig = text, sig
    session.add(UserCertificate(user_id=user.id if user else None, username=username,
                                key_id=public.id if public else None, public_key=public.b64 if public else None,
                                issuer=key.id, cert=text, cert_sig=sig))
    return text, sig


def apply_certificate(session: Session, user: User | None, text: str, sig: str) -> None:
    """Put a certificate signed elsewhere (a re-key signs them before it re-encrypts) on its account."""
    cert = parse_certificate(text)
    if cert is None:
        raise TrustError("a certificate cannot be read")
    if user is not None:
        user.role, user.active = Role(cert["role"]), bool(cert["active"])
        user.clearance = Marking(cert.get("clearance", Marking.SECRET.value))
        user.key_id, user.public_key, user.cert, user.cert_sig = cert["key_id"], cert["public_key"], text, sig
    session.add(UserCertificate(user_id=cert.get("user_id"), username=cert["username"], key_id=cert["key_id"],
                                public_key=cert["public_key"], issuer=cert["issuer"], cert=text, cert_sig=sig))


def has_recovery_certificate(session: Session) -> bool:
    return session.scalar(select(UserCertificate.id).where(UserCertificate.user_id.is_(None)).limit(1)) is not None


def parse_certificate(text: str | None) -> dict[str, Any] | None:
    if not text:
        return None
    try:
        cert = json.loads(text)
    except ValueError:
        return None
    return cert if isinstance(cert, dict) and cert.get("v") == CERT_VERSION else None


def _cert_valid_signature(workspace_id: str, cert: dict[str, Any], sig: str | None,
                          issuer_public: str | None) -> bool:
    if not issuer_public:
        return False
    try:
        return PublicKey.from_b64(issuer_public).verify(sig, certificate_message(workspace_id, cert))
    except ValueError:
        return False


def check_account(session: Session, workspace_id: str, root_key_id: str | None, user: User | None, *,
                  key_id: str | None, legacy_trail: bool) -> None:
    """The sign-in check: the account row is what its certificate says, the certificate is signed
    by an administrator's key (or is the root's own, or a rotation by the person's previous key, or
    a first key enrolled on a workspace from before signatures), and the key from the slot is the
    certified one. Cheap (no replay); `rocta verify` replays the whole trail. Raises TrustError."""
    if user is None:
        cert_row = session.scalars(select(UserCertificate).where(UserCertificate.user_id.is_(None))
                                   .order_by(UserCertificate.id.desc()).limit(1)).first()
        cert, sig = (parse_certificate(cert_row.cert), cert_row.cert_sig) if cert_row else (None, None)
        expected = {"username": RECOVERY_ACTOR, "role": Role.ADMINISTRATOR.value, "active": True}
    else:
        cert, sig = parse_certificate(user.cert), user.cert_sig
        expected = {"user_id": user.id, "username": user.username, "role": user.role.value, "active": user.active,
                    "clearance": user.clearance.value, "key_id": user.key_id, "public_key": user.public_key}
    if cert is None:
        raise TrustError("the account has no certificate")
    if cert.get("workspace") != workspace_id:
        raise TrustError("the account's certificate belongs to another workspace")
    for name, value in expected.items():
        if cert.get(name) != value:
            raise TrustError(f"the account's {name} is not the certified one")
    if key_id is not None and cert.get("key_id") != key_id:
        raise TrustError("the signing key in the key slot is not the certified one")
    if not _issuer_ok(session, workspace_id, root_key_id, cert, sig, legacy_trail, set()):
        raise TrustError("the account's certificate is not signed by an administrator")


def _issuer_ok(session: Session, workspace_id: str, root_key_id: str | None, cert: dict[str, Any], sig: str | None,
               legacy_trail: bool, seen: set[str]) -> bool:
    issuer = cert.get("issuer")
    if issuer == cert.get("key_id"):  # self-signed: the root, or a first key on a pre-signature workspace
        if not _cert_valid_signature(workspace_id, cert, sig, cert.get("public_key")):
            return False
        return issuer == root_key_id or legacy_trail
    if not isinstance(issuer, str) or issuer in seen:  # a loop of keys vouching for each other proves nothing
        return False
    seen.add(issuer)
    for row in session.scalars(select(UserCertificate).where(UserCertificate.key_id == issuer)):
        issuer_cert = parse_certificate(row.cert)
        if issuer_cert is None or not _cert_valid_signature(workspace_id, cert, sig, row.public_key):
            continue
        if issuer_cert.get("workspace") != workspace_id:
            continue
        admin = issuer_cert.get("role") == Role.ADMINISTRATOR.value and issuer_cert.get("active")
        own = (issuer_cert.get("user_id") == cert.get("user_id") and issuer_cert.get("username") == cert.get("username")
               and issuer_cert.get("role") == cert.get("role") and issuer_cert.get("active") == cert.get("active")
               and issuer_cert.get("clearance") == cert.get("clearance"))
        if (admin or own) and _issuer_ok(session, workspace_id, root_key_id, issuer_cert, row.cert_sig, legacy_trail,
                                         seen):
            return True
    return False


# ------------------------------------------------------------------ the replay

@dataclass
class _Account:
    username: str
    role: str | None
    active: bool
    clearance: str = Marking.SECRET.value  # what accounts from before clearances were given
    key_id: str | None = None
    public_key: str | None = None
    cert: str | None = None


@dataclass
class Replay:
    """What the signed trail proves: the accounts and their keys, and the first problems found."""

    problems: list[str] = field(default_factory=list)
    accounts: dict[Any, _Account] = field(default_factory=dict)  # user id, or RECOVERY_ACTOR
    keys: dict[str, tuple[Any, str]] = field(default_factory=dict)  # key id -> (account, public key)
    retired: set[str] = field(default_factory=set)
    events: int = 0
    signed: int = 0
    legacy: int = 0
    head: tuple[int, str] | None = None

    def fail(self, text: str) -> None:
        if len(self.problems) < 20:
            self.problems.append(text)


def _after(changes: dict[str, Any], name: str) -> Any:
    value = changes.get(name)
    return value.get("after") if isinstance(value, dict) else None


def _changed(changes: dict[str, Any], name: str) -> bool:
    value = changes.get(name)
    return isinstance(value, dict) and "after" in value


def _account_key(ev: AuditEvent) -> Any:
    return ev.user_id if ev.user_id is not None else (RECOVERY_ACTOR if ev.username == RECOVERY_ACTOR else None)


def _apply_legacy(state: Replay, ev: AuditEvent) -> None:
    """Pre-signature events still say who had which role: the enrolment of a first key must match."""
    if ev.entity_type != "user" or ev.entity_id is None:
        return
    changes = ev.changes or {}
    acct = state.accounts.get(ev.entity_id)
    if acct is None:
        acct = state.accounts[ev.entity_id] = _Account(ev.entity_ref or "", None, True)
    if _changed(changes, "username"):
        acct.username = _after(changes, "username")
    if _changed(changes, "role"):
        acct.role = _after(changes, "role")
    if _changed(changes, "active"):
        acct.active = bool(_after(changes, "active"))
    if _changed(changes, "clearance"):
        acct.clearance = _after(changes, "clearance")


def _check_certificate(state: Replay, workspace_id: str, root_key_id: str | None, ev: AuditEvent,
                       cert: dict[str, Any], sig: str | None) -> str | None:
    """Why a certificate carried by `ev` does not hold, given what the trail proved before it (None: it holds)."""
    if cert.get("workspace") != workspace_id:
        return "a certificate for another workspace"
    account = cert.get("user_id") if cert.get("user_id") is not None else RECOVERY_ACTOR
    if ev.entity_type == "user" and account != ev.entity_id:
        return "a certificate for another account"
    before = state.accounts.get(account)
    issuer = cert.get("issuer")
    if issuer == cert.get("key_id"):
        if not _cert_valid_signature(workspace_id, cert, sig, cert.get("public_key")):
            return "a self-signed certificate whose signature does not verify"
        if state.signed == 0 and not state.legacy and issuer == root_key_id:
            return None  # the workspace's first certificate: the root key
        if state.legacy and (before is None or before.key_id is None) and account == RECOVERY_ACTOR:
            return None  # the recovery key enrols its first key on a workspace from before signatures
        if state.legacy and before is not None and before.key_id is None:
            if before.role == cert.get("role") and before.active == cert.get("active") and \
                    before.clearance == cert.get("clearance"):
                return None  # a person enrols their first key, with the role the earlier trail gave them
            return (f"a self-enrolled certificate claims role {cert.get('role')}, but the trail says "
                    f"{before.role}")
        return "a self-signed certificate where an administrator's was needed"
    holder = state.keys.get(issuer)
    if holder is None or issuer in state.retired:
        return f"a certificate issued by a key the trail does not know at that point ({issuer})"
    issuer_account, issuer_public = holder
    if not _cert_valid_signature(workspace_id, cert, sig, issuer_public):
        return "a certificate whose signature does not verify"
    issuer_state = state.accounts.get(issuer_account)
    if issuer_state is not None and issuer_state.role == Role.ADMINISTRATOR.value and issuer_state.active:
        return None
    if issuer_account == account and before is not None and before.key_id == issuer and \
            before.role == cert.get("role") and before.active == cert.get("active") and \
            before.clearance == cert.get("clearance"):
        return None  # the person rotated their own key, nothing else
    who = issuer_state.username if issuer_state else issuer_account
    return f"a certificate issued by {who}, who was not an administrator then"


def _apply_certificate(state: Replay, cert: dict[str, Any], text: str) -> None:
    account = cert.get("user_id") if cert.get("user_id") is not None else RECOVERY_ACTOR
    acct = state.accounts.get(account)
    if acct is None:
        acct = state.accounts[account] = _Account(cert.get("username") or "", None, True)
    if acct.key_id and acct.key_id != cert.get("key_id"):
        state.retired.add(acct.key_id)
    acct.username, acct.role, acct.active = cert.get("username") or acct.username, cert.get("role"), \
        bool(cert.get("active"))
    acct.clearance = cert.get("clearance", Marking.SECRET.value)
    acct.key_id, acct.public_key, acct.cert = cert.get("key_id"), cert.get("public_key"), text
    if acct.key_id and acct.public_key:
        state.keys[acct.key_id] = (account, acct.public_key)
        state.retired.discard(acct.key_id)


def _certificates_in(ev: AuditEvent) -> Iterator[tuple[dict[str, Any] | None, str, str | None]]:
    changes = ev.changes or {}
    if _changed(changes, "cert") and _after(changes, "cert"):
        text = _after(changes, "cert")
        sig = _after(changes, "cert_sig") if _changed(changes, "cert_sig") else None
        yield parse_certificate(text), text, sig


def replay(events: Iterable[AuditEvent], workspace_id: str, root_key_id: str | None,
           chain_hash: Any, *, check_chain: bool = True) -> Replay:
    """Walk the trail (oldest first). `chain_hash(prev, ev)` recomputes an event's hash."""
    from .chain import BATCHED_VERSION, GENESIS
    state = Replay()
    prev = GENESIS
    # batched events waiting for their batch's signature: (where, key id, the moment written)
    sealed_by: list[tuple[str, str | None, Any]] = []
    for ev in events:
        state.events += 1
        where = f"audit event {ev.id} ({ev.action} by {ev.username})"
        if check_chain:
            if ev.prev_hash != prev:
                state.fail(f"{where}: previous-hash link broken (an event before it was removed or altered)")
            elif chain_hash(ev.prev_hash, ev) != ev.hash:
                state.fail(f"{where}: content does not match its hash (altered)")
        prev = ev.hash
        state.head = (ev.id, ev.hash)
        if (ev.version or 1) < 2:
            if state.signed:
                state.fail(f"{where}: an unsigned event after signatures began (inserted)")
            state.legacy += 1
            _apply_legacy(state, ev)
            continue
        # certificates this event carries are judged against the state before it
        introduced: dict[str, tuple[Any, str]] = {}
        certs = []
        for cert, text, sig in _certificates_in(ev):
            if cert is None:
                state.fail(f"{where}: carries a certificate that cannot be read")
                continue
            why = _check_certificate(state, workspace_id, root_key_id, ev, cert, sig)
            if why:
                state.fail(f"{where}: {why}")
                continue
            certs.append((cert, text))
            if cert.get("key_id"):
                account = cert.get("user_id") if cert.get("user_id") is not None else RECOVERY_ACTOR
                introduced[cert["key_id"]] = (account, cert.get("public_key"))
        if ev.entity_type == "user" and not certs and any(_changed(ev.changes or {}, f) for f in _ACCOUNT_FIELDS):
            state.fail(f"{where}: changes an account's {', '.join(f for f in _ACCOUNT_FIELDS if _changed(ev.changes or {}, f))} "
                       "without an administrator's certificate (forged)")
        # the signature, by a key that belonged to the person the event names at that moment
        holder = state.keys.get(ev.key_id or "") if ev.key_id not in state.retired else None
        holder = holder or introduced.get(ev.key_id or "")
        account = _account_key(ev)
        batched = ev.version == BATCHED_VERSION
        if sealed_by and ev.key_id != sealed_by[0][1]:
            for w, _key, _at in sealed_by:
                state.fail(f"{w}: a batched event not sealed by its signer's next signature (inserted or altered)")
            sealed_by.clear()
        if holder is None:
            state.fail(f"{where}: signed by a key the trail does not know or has retired ({ev.key_id})")
        elif holder[0] != account:
            owner = state.accounts.get(holder[0])
            state.fail(f"{where}: signed with the key of {owner.username if owner else holder[0]}, not of "
                       f"{ev.username}")
        elif batched and (ev.signature or certs):  # a batch carries no signature of its own, and no certificate
            state.fail(f"{where}: a batched event that carries a signature or a certificate (altered)")
        elif not batched and not PublicKey.from_b64(holder[1]).verify(ev.signature,
                                                                       audit_message(workspace_id, ev.hash)):
            state.fail(f"{where}: the signature does not verify (forged or altered)")
            for w, _key, _at in sealed_by:
                state.fail(f"{w}: its batch's signature does not verify (forged or altered)")
            sealed_by.clear()
        else:
            acct = state.accounts.get(account)
            for cert, _text in certs:  # a key introduced here: the role is the one it certifies
                if (cert.get("user_id") if cert.get("user_id") is not None else RECOVERY_ACTOR) == account \
                        and (acct is None or acct.key_id is None):
                    acct = _Account(cert.get("username") or "", cert.get("role"), bool(cert.get("active")))
            if acct is None or acct.role is None:
                state.fail(f"{where}: by an account the trail does not know")
            elif acct.username != ev.username and account != RECOVERY_ACTOR:
                state.fail(f"{where}: names {ev.username}, but the account is {acct.username}")
            elif ev.role != acct.role:
                state.fail(f"{where}: claims role {ev.role}, but {ev.username} was {acct.role} then")
            elif not acct.active and ev.action not in ("permission.denied",):
                state.fail(f"{where}: by a disabled account")
            else:
                try:
                    granted = ROLE_PERMISSIONS[Role(acct.role)]
                    needed = {Permission(p) for p in (ev.relied_on or [])}
                except ValueError as exc:
                    state.fail(f"{where}: names an unknown role or permission ({exc})")
                else:
                    if not needed <= granted:
                        missing = ", ".join(sorted(p.value for p in needed - granted))
                        state.fail(f"{where}: relied on '{missing}', which a {acct.role} may not do")
        if batched:
            sealed_by.append((where, ev.key_id, ev.at))
        else:
            # the signature, verified above, covers the batch through the chain; a batch is written
            # whole at one moment with its seal (services/audit.py `record_many`): an unsigned event
            # of another moment before a signature was slipped in for that signature to seal
            for w, _key, at in sealed_by:
                if at != ev.at:
                    state.fail(f"{w}: a batched event not sealed by its own batch (the signature after it was "
                               "made at another moment: appended or inserted)")
            sealed_by.clear()
        state.signed += 1
        for cert, text in certs:
            _apply_certificate(state, cert, text)
    for w, _key, _at in sealed_by:
        state.fail(f"{w}: a batched event with no signature after it (appended)")
    return state


def compare_accounts(state: Replay, users: Iterable[User]) -> list[str]:
    """The users table against what the trail proves (a role or state written straight into the
    table shows here)."""
    problems = []
    for user in users:
        acct = state.accounts.get(user.id)
        if acct is None:
            problems.append(f"user {user.username}: not in the signed trail (added outside the application)")
            continue
        if acct.cert is None and state.legacy and user.cert is None:
            if acct.role != user.role.value or acct.active != user.active or acct.clearance != user.clearance.value:
                problems.append(f"user {user.username}: role, state or clearance differs from the trail")
            continue  # has not signed in since signatures began
        for name, have, proved in (("role", user.role.value, acct.role), ("state", user.active, acct.active),
                                   ("clearance", user.clearance.value, acct.clearance),
                                   ("signing key", user.key_id, acct.key_id), ("certificate", user.cert, acct.cert)):
            if have != proved:
                shown = (f"{have!r} but the signed trail says {proved!r}" if name in ("role", "clearance")
                         else "differs from the signed trail")
                problems.append(f"user {user.username}: {name} {shown} (altered outside the application)")
    return problems


def verify_trail(session: Session) -> Replay:
    """The whole trail replayed, and the users table compared with what it proves."""
    from ..store.models import WorkspaceMeta
    from .chain import chain_hash, iter_events
    meta = dict(session.execute(select(WorkspaceMeta.key, WorkspaceMeta.value)
                                .where(WorkspaceMeta.key.in_(("workspace_id", "root_key_id")))).all())
    def rehash(prev: str, ev: Any) -> str:  # an event withheld from this reader: its links and signature only
        return ev.hash if getattr(ev, "withheld", False) else chain_hash(prev, ev)

    state = replay(iter_events(session), meta.get("workspace_id", ""), meta.get("root_key_id"), rehash)
    state.problems.extend(compare_accounts(state, session.scalars(select(User).order_by(User.id))))
    return state
