"""Key slots: one random 256-bit database key, wrapped once per user password and once for recovery.

Like disk-encryption key slots (LUKS): the database key never touches the disk unwrapped. Each slot
holds that key encrypted with AES-256-GCM under a key derived from the user's password (Argon2id) or
from the recovery key (HKDF: it is already 200 bits of randomness), and beside it the owner's private
signing key (store/signing.py), wrapped the same way: only the owner's password releases it.

Format 2 (this one):
- One Argon2id cost and salt for the whole file. A password slot is found by a tag derived from the
  same Argon2id run that makes its wrapping key (salt = file salt + username), so a sign-in costs
  exactly one Argon2id run at the file's cost whether or not the user exists, and the tags cannot be
  tested against guessed usernames without the password. Format 1 tagged slots with SHA-256 of the
  workspace id and username: anyone could test names offline.
- Each slot's owner is written encrypted under a key derived from the database key, so the file lists
  nobody, yet a signed-in administrator can tell whose slot is whose.
- A generation counter, raised on every write, inside the authenticated part. Every change is a
  read-modify-write of the file as it is on disk now, under an exclusive lock (`keyslots.lock`), so
  two windows or processes never undo each other's changes (a stale in-memory copy is never written
  back). The database keeps the generation it last saw: a key file older than that is an old copy.
- The whole file is authenticated with an HMAC keyed from the database key, so a slot cannot be
  added, swapped or edited without it.

Format 1 files are still read; their slots are converted the next time each user signs in.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import os
import secrets
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from .signing import SigningKey

FORMAT = "rocta-keyslots"
FORMAT_VERSION = 2
READABLE_VERSIONS = (1, 2)
KEY_BYTES = 32
LOCK_NAME = "keyslots.lock"
MAX_FILE_BYTES = 1_000_000
_RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off paper safely
_RECOVERY_GROUPS = 8
_RECOVERY_GROUP_LEN = 5
# Bounds on the Argon2id cost a key file may ask for: a hostile file must not make a sign-in run for
# hours or allocate the machine's memory, nor pass off a trivially cheap cost as a real one.
_KDF_BOUNDS = {"t": (1, 64), "m": (8, 4 * 1024 * 1024), "p": (1, 64)}

T = TypeVar("T")


class KeyFileError(Exception):
    """The key file is missing, damaged or does not belong to this workspace."""


class BadCredentials(Exception):
    """Username/password or recovery key did not open any slot. Deliberately says no more."""


@dataclass(frozen=True)
class KdfCost:
    """Argon2id cost. Production ~0.25 s per unwrap on a 2-core workstation; tests lower it."""

    time_cost: int = 2
    memory_kib: int = 262_144
    parallelism: int = 2


PRODUCTION_COST = KdfCost()
TEST_COST = KdfCost(time_cost=1, memory_kib=8, parallelism=1)


def default_cost() -> KdfCost:
    """Tests and benchmarks of other things set ROCTA_KDF_COST=test. The installed application (a
    frozen bundle) ignores it: a stray variable on a workstation must never make weak key slots."""
    if getattr(sys, "frozen", False):
        return PRODUCTION_COST
    return TEST_COST if os.environ.get("ROCTA_KDF_COST") == "test" else PRODUCTION_COST


@dataclass(frozen=True)
class Unlocked:
    """What a slot released: the database key and, if the slot holds one, the owner's signing key.
    `legacy`: the slot is still in format 1 (converted at this sign-in)."""

    key: bytes
    signing: SigningKey | None
    legacy: bool = False


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise ValueError("expected base64 text")
    return base64.b64decode(text.encode("ascii"), validate=True)


def _hkdf(secret: bytes, salt: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=salt, info=info).derive(secret)


def user_tag(workspace_id: str, username: str) -> str:
    """Format 1's slot tag (public values only); kept to find format 1 slots."""
    return hashlib.sha256(f"rocta-user|{workspace_id}|{username.lower()}".encode()).hexdigest()


def new_recovery_key() -> str:
    chars = [secrets.choice(_RECOVERY_ALPHABET) for _ in range(_RECOVERY_GROUPS * _RECOVERY_GROUP_LEN)]
    groups = ["".join(chars[i:i + _RECOVERY_GROUP_LEN]) for i in range(0, len(chars), _RECOVERY_GROUP_LEN)]
    return "-".join(groups)


def normalise_recovery_key(text: str) -> str:
    cleaned = "".join(c for c in text.upper() if c.isalnum())
    cleaned = cleaned.replace("0", "O").replace("1", "I")
    if len(cleaned) != _RECOVERY_GROUPS * _RECOVERY_GROUP_LEN or any(c not in _RECOVERY_ALPHABET for c in cleaned):
        raise BadCredentials("that is not a recovery key (8 groups of 5 letters and digits)")
    return "-".join(cleaned[i:i + _RECOVERY_GROUP_LEN] for i in range(0, len(cleaned), _RECOVERY_GROUP_LEN))


def _check_kdf(kdf: Any, where: str) -> None:
    if not isinstance(kdf, dict) or kdf.get("name") not in ("argon2id", "hkdf-sha256"):
        raise ValueError(f"{where}: unknown key derivation")
    _unb64(kdf.get("salt"))
    if kdf["name"] == "argon2id":
        for field, (low, high) in _KDF_BOUNDS.items():
            value = kdf.get(field)
            if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
                raise ValueError(f"{where}: Argon2id parameter {field}={value!r} is out of range")


class KeyFile:
    """The key slots of one workspace, read from and written to `keyslots.json` atomically."""

    def __init__(self, path: Path, data: dict[str, Any]):
        self.path = Path(path)
        self._data = data

    # ------------------------------------------------------------ creation and loading
    @classmethod
    def create(cls, path: Path, workspace_id: str, master_key: bytes, cost: KdfCost | None = None) -> KeyFile:
        kf = cls(path, {"format": FORMAT, "version": FORMAT_VERSION, "workspace_id": workspace_id,
                        "generation": 0, "slots": []})
        kf._new_kdf(cost)
        kf._seal(master_key)
        return kf

    def _new_kdf(self, cost: KdfCost | None) -> None:
        cost = cost or default_cost()
        self._data["kdf"] = {"name": "argon2id", "salt": _b64(os.urandom(16)), "t": cost.time_cost,
                             "m": cost.memory_kib, "p": cost.parallelism}

    @classmethod
    def load(cls, path: Path) -> KeyFile:
        path = Path(path)
        if path.is_dir():
            raise KeyFileError(f"the key file {path} is a folder, not a file; restore keyslots.json from a backup")
        if not path.exists():
            raise KeyFileError(f"the key file {path} is missing; a workspace folder must keep its "
                               "database and keyslots.json together (restore both from a backup)")
        try:
            with open(path, "rb") as f:
                raw = f.read(MAX_FILE_BYTES + 1)
            if len(raw) > MAX_FILE_BYTES:
                raise ValueError("too large")
            data = json.loads(raw.decode("utf-8"))
            cls._check_structure(data)
        except OSError as exc:
            raise KeyFileError(f"the key file {path} cannot be read ({exc.strerror or exc})") from None
        except (ValueError, UnicodeDecodeError, TypeError, KeyError, AttributeError) as exc:
            raise KeyFileError(f"the key file {path} is damaged ({exc}); restore it from a backup") from None
        return cls(path, data)

    @classmethod
    def from_document(cls, where: Path, text: str) -> KeyFile:
        """A key file kept somewhere else than a file (a server workspace keeps it in its database);
        `where` names it in messages."""
        try:
            if len(text) > MAX_FILE_BYTES:
                raise ValueError("too large")
            data = json.loads(text)
            cls._check_structure(data)
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            raise KeyFileError(f"the key file of {where} is damaged ({exc})") from None
        return cls(where, data)

    @staticmethod
    def _check_structure(data: Any) -> None:
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError("not a ROCTA key file")
        if data.get("version") not in READABLE_VERSIONS:
            raise ValueError(f"key file version {data.get('version')!r} is not supported")
        if not isinstance(data.get("workspace_id"), str) or not isinstance(data.get("slots"), list):
            raise ValueError("workspace id or slot list missing")
        if not isinstance(data.get("mac"), str):
            raise ValueError("integrity code missing")
        generation = data.get("generation", 0)
        if not isinstance(generation, int) or isinstance(generation, bool) or generation < 0:
            raise ValueError("generation is not a count")
        if data["version"] >= 2:
            _check_kdf(data.get("kdf"), "the file's key derivation")
        for i, slot in enumerate(data["slots"]):
            if not isinstance(slot, dict) or slot.get("type") not in ("password", "recovery"):
                raise ValueError(f"slot {i} is malformed")
            for field in ("id", "nonce", "ciphertext"):
                if not isinstance(slot.get(field), str):
                    raise ValueError(f"slot {i} has no {field}")
            _unb64(slot["nonce"]), _unb64(slot["ciphertext"])
            if "kdf" in slot or slot["type"] == "recovery":
                _check_kdf(slot.get("kdf"), f"slot {i}")
            elif not isinstance(slot.get("tag"), str):
                raise ValueError(f"slot {i} has no tag")
            for field in ("sign_nonce", "sign_ciphertext", "owner"):
                if field in slot:
                    _unb64(slot[field])

    # ------------------------------------------------------------ properties
    @property
    def workspace_id(self) -> str:
        return self._data["workspace_id"]

    @property
    def version(self) -> int:
        return self._data["version"]

    @property
    def generation(self) -> int:
        return int(self._data.get("generation", 0))

    @property
    def slots(self) -> list[dict[str, Any]]:
        return list(self._data["slots"])

    @property
    def root_key_id(self) -> str | None:
        """The signing key made when the workspace was created (the first administrator's)."""
        value = self._data.get("root_key_id")
        return value if isinstance(value, str) else None

    def set_root_key_id(self, master_key: bytes, key_id: str) -> None:
        self._data["root_key_id"] = key_id
        self._seal(master_key)

    @property
    def rekey_info(self) -> dict[str, Any] | None:
        """What the last re-key did (its id, who made it, whose passwords it reset: user ids, never
        names), so that a re-key interrupted after the database changed can be finished later."""
        info = self._data.get("rekey")
        return dict(info) if isinstance(info, dict) else None

    def set_rekey_info(self, master_key: bytes, info: dict[str, Any]) -> None:
        self._data["rekey"] = dict(info)
        self._seal(master_key)

    def slot_summary(self) -> dict[str, int]:
        kinds = [s["type"] for s in self._data["slots"]]
        return {"password": kinds.count("password"), "recovery": kinds.count("recovery")}

    # ------------------------------------------------------------ integrity
    def _mac(self, master_key: bytes) -> str:
        body = {k: v for k, v in self._data.items() if k != "mac"}
        canonical = json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
        mac_key = _hkdf(master_key, self.workspace_id.encode(), b"rocta keyslots mac")
        return hmac.new(mac_key, canonical, hashlib.sha256).hexdigest()

    def _seal(self, master_key: bytes) -> None:
        self._data["mac"] = self._mac(master_key)

    def verify_mac(self, master_key: bytes) -> bool:
        return hmac.compare_digest(self._data.get("mac", ""), self._mac(master_key))

    # ------------------------------------------------------------ slot owners (readable with the key only)
    def _owner_key(self, master_key: bytes) -> bytes:
        return _hkdf(master_key, self.workspace_id.encode(), b"rocta keyslot owner")

    def _seal_owner(self, master_key: bytes, slot_id: str, username: str) -> str:
        nonce = os.urandom(12)
        aad = f"rocta-owner|{self.workspace_id}|{slot_id}".encode()
        return _b64(nonce + AESGCM(self._owner_key(master_key)).encrypt(nonce, username.encode(), aad))

    def _owner(self, master_key: bytes, slot: dict[str, Any]) -> str | None:
        sealed = slot.get("owner")
        if not sealed:
            return None
        raw = _unb64(sealed)
        aad = f"rocta-owner|{self.workspace_id}|{slot['id']}".encode()
        try:
            return AESGCM(self._owner_key(master_key)).decrypt(raw[:12], raw[12:], aad).decode()
        except (InvalidTag, UnicodeDecodeError):
            return None

    def _is_users(self, master_key: bytes, slot: dict[str, Any], username: str) -> bool:
        if slot["type"] != "password":
            return False
        if "kdf" in slot:  # format 1: the tag names the user
            return slot.get("tag") == user_tag(self.workspace_id, username)
        return self._owner(master_key, slot) == username

    def users(self, master_key: bytes) -> set[str]:
        """The usernames that have a password slot (format 1 slots are not listed by name)."""
        return {o for s in self._data["slots"] if s["type"] == "password" and (o := self._owner(master_key, s))}

    def has_user(self, master_key: bytes, username: str) -> bool:
        return any(self._is_users(master_key, s, username) for s in self._data["slots"])

    # ------------------------------------------------------------ unwrapping
    def _aad(self, slot: dict[str, Any], what: str = "rocta-keyslot") -> bytes:
        return f"{what}|{self.workspace_id}|{slot['id']}|{slot['type']}|{slot.get('tag', '')}".encode()

    def _decrypt(self, slot: dict[str, Any], kek: bytes) -> Unlocked | None:
        try:
            key = AESGCM(kek).decrypt(_unb64(slot["nonce"]), _unb64(slot["ciphertext"]), self._aad(slot))
        except InvalidTag:
            return None
        if len(key) != KEY_BYTES:
            return None
        signing = None
        if slot.get("sign_ciphertext"):
            try:
                raw = AESGCM(kek).decrypt(_unb64(slot["sign_nonce"]), _unb64(slot["sign_ciphertext"]),
                                          self._aad(slot, "rocta-signing"))
                signing = SigningKey.from_raw(raw)
            except (InvalidTag, ValueError):
                raise KeyFileError(f"the key file {self.path} has been altered (a signing key does not "
                                   "unwrap)") from None
        return Unlocked(key, signing, legacy="kdf" in slot and slot["type"] == "password")

    def _file_kdf(self) -> dict[str, Any] | None:
        kdf = self._data.get("kdf")
        return kdf if isinstance(kdf, dict) else None

    def _derive(self, username: str, password: str) -> tuple[bytes, str]:
        """Format 2: one Argon2id run gives the slot's wrapping key and its tag."""
        kdf = self._file_kdf()
        assert kdf is not None
        salt = hashlib.sha256(b"rocta-slot|" + _unb64(kdf["salt"]) + b"|" + username.encode()).digest()[:16]
        out = hash_secret_raw(password.encode("utf-8"), salt, kdf["t"], kdf["m"], kdf["p"], 2 * KEY_BYTES, Type.ID)
        return out[:KEY_BYTES], hashlib.sha256(b"rocta-slot-tag|" + out[KEY_BYTES:]).hexdigest()

    @staticmethod
    def _legacy_kek(password: str, kdf: dict[str, Any]) -> bytes:
        return hash_secret_raw(password.encode("utf-8"), _unb64(kdf["salt"]), int(kdf["t"]),
                               int(kdf["m"]), int(kdf["p"]), KEY_BYTES, Type.ID)

    def open_password(self, username: str, password: str) -> Unlocked:
        """What this user's password unlocks, or BadCredentials. One Argon2id run at the file's cost
        whether or not the user exists (a second one only for a format 1 slot not yet converted)."""
        username = username.strip().lower()
        if self._file_kdf() is not None:
            kek, tag = self._derive(username, password)
            for slot in self._data["slots"]:
                if slot["type"] == "password" and "kdf" not in slot and hmac.compare_digest(slot.get("tag", ""), tag):
                    unlocked = self._decrypt(slot, kek)
                    if unlocked is None:
                        raise BadCredentials("the username or password is not correct")
                    return self._checked(unlocked)
        legacy_tag = user_tag(self.workspace_id, username)
        slot = next((s for s in self._data["slots"] if s["type"] == "password" and "kdf" in s
                     and s.get("tag") == legacy_tag), None)
        if slot is None:
            if self._file_kdf() is None:  # a format 1 file: the same cost for names that have no slot
                model = next((s["kdf"] for s in self._data["slots"] if s["type"] == "password"), None)
                cost = default_cost()
                self._legacy_kek(password, model or {"salt": _b64(b"\0" * 16), "t": cost.time_cost,
                                                     "m": cost.memory_kib, "p": cost.parallelism})
            raise BadCredentials("the username or password is not correct")
        unlocked = self._decrypt(slot, self._legacy_kek(password, slot["kdf"]))
        if unlocked is None:
            raise BadCredentials("the username or password is not correct")
        return self._checked(unlocked)

    def unlock_password(self, username: str, password: str) -> bytes:
        """The database key for this user's password, or BadCredentials."""
        return self.open_password(username, password).key

    def open_recovery(self, recovery_key: str) -> Unlocked:
        secret = normalise_recovery_key(recovery_key).encode()
        for slot in self._data["slots"]:
            if slot["type"] != "recovery":
                continue
            unlocked = self._decrypt(slot, _hkdf(secret, _unb64(slot["kdf"]["salt"]), b"rocta recovery slot"))
            if unlocked is not None:
                return self._checked(unlocked)
        raise BadCredentials("the recovery key does not open this workspace")

    def unlock_recovery(self, recovery_key: str) -> bytes:
        return self.open_recovery(recovery_key).key

    def _checked(self, unlocked: Unlocked) -> Unlocked:
        if not self.verify_mac(unlocked.key):
            raise KeyFileError(f"the key file {self.path} has been altered (integrity code does not match)")
        return unlocked

    # ------------------------------------------------------------ changing slots (need the key)
    def _upgrade_format(self) -> None:
        """A format 1 file takes format 2's file-wide key derivation before its first new slot."""
        if self._file_kdf() is None:
            self._data["version"] = FORMAT_VERSION
            self._data.setdefault("generation", 0)
            model = next((s["kdf"] for s in self._data["slots"] if s["type"] == "password"), None)
            cost = (KdfCost(model["t"], model["m"], model["p"]) if model else None)
            self._new_kdf(cost)

    def _wrap(self, slot: dict[str, Any], kek: bytes, master_key: bytes, signing: SigningKey | None) -> None:
        nonce = os.urandom(12)
        slot["nonce"] = _b64(nonce)
        slot["ciphertext"] = _b64(AESGCM(kek).encrypt(nonce, master_key, self._aad(slot)))
        if signing is not None:
            sign_nonce = os.urandom(12)
            slot["sign_nonce"] = _b64(sign_nonce)
            slot["sign_ciphertext"] = _b64(AESGCM(kek).encrypt(sign_nonce, signing.raw(),
                                                               self._aad(slot, "rocta-signing")))

    def set_password(self, master_key: bytes, username: str, password: str,
                     signing: SigningKey | None = None) -> None:
        """Add the user's slot, or replace it (password change or reset), holding `signing`."""
        self._upgrade_format()
        username = username.strip().lower()
        kek, tag = self._derive(username, password)
        slot: dict[str, Any] = {"id": secrets.token_hex(8), "type": "password", "tag": tag}
        slot["owner"] = self._seal_owner(master_key, slot["id"], username)
        self._wrap(slot, kek, master_key, signing)
        self._data["slots"] = [s for s in self._data["slots"] if not self._is_users(master_key, s, username)] + [slot]
        self._seal(master_key)

    def remove_user(self, master_key: bytes, username: str) -> bool:
        before = len(self._data["slots"])
        self._data["slots"] = [s for s in self._data["slots"] if not self._is_users(master_key, s, username)]
        self._seal(master_key)
        return len(self._data["slots"]) < before

    def new_recovery(self, master_key: bytes, signing: SigningKey | None = None, recovery: str | None = None) -> str:
        """Replace any recovery slot with a new one (holding `signing`, the recovery key's own signing
        key); returns the recovery key to show once."""
        self._upgrade_format()
        recovery = normalise_recovery_key(recovery) if recovery else new_recovery_key()
        salt = os.urandom(16)
        slot: dict[str, Any] = {"id": secrets.token_hex(8), "type": "recovery",
                                "kdf": {"name": "hkdf-sha256", "salt": _b64(salt)}}
        self._wrap(slot, _hkdf(recovery.encode(), salt, b"rocta recovery slot"), master_key, signing)
        self._data["slots"] = [s for s in self._data["slots"] if s["type"] != "recovery"] + [slot]
        self._seal(master_key)
        return recovery

    # ------------------------------------------------------------ persistence
    def to_bytes(self) -> bytes:
        return json.dumps(self._data, indent=1, sort_keys=True).encode("utf-8")

    def copy(self) -> KeyFile:
        return KeyFile(self.path, json.loads(json.dumps(self._data)))

    def save(self, path: Path | None = None) -> None:
        """Atomic replace in the same folder: a crash leaves the old or the new file, never half.
        (Writing the workspace's own key file goes through `locked`, which also raises the
        generation; this writes a copy, e.g. into a backup.)"""
        write_atomic(Path(path or self.path), self.to_bytes())

    def continue_generation(self, master_key: bytes, after: int) -> None:
        """A key file that replaces another (a re-key) continues its generations."""
        self._data["generation"] = max(self.generation, after) + 1
        self._seal(master_key)

    def next_generation(self, master_key: bytes) -> None:
        self._upgrade_format()
        self._data["generation"] = self.generation + 1
        self._seal(master_key)


@contextlib.contextmanager
def exclusive(folder: Path, *, wait: float = 30.0) -> Iterator[None]:
    """The key file's write lock (an advisory lock on `.keyslots.lock` in the workspace folder):
    every read-modify-write of the key file holds it (`keyslots.lock`, kept in the folder). Released by
    the kernel if the process dies."""
    try:
        import fcntl
    except ImportError:  # no advisory locks here: the atomic rename still keeps the file whole
        yield
        return
    lock_path = Path(folder) / LOCK_NAME
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        try:  # a read-only folder or file: a shared read still gives exclusion against writers who can
            fd = os.open(lock_path, os.O_RDONLY)
        except OSError:
            raise  # the caller says what cannot be written, and where
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise KeyFileError("the key file is being changed by another window or process; "
                                       "try again in a moment") from None
                time.sleep(0.02)
        yield
    finally:
        os.close(fd)


@contextlib.contextmanager
def locked(path: Path, master_key: bytes) -> Iterator[KeyFile]:
    """The key file as it is on disk now, under its write lock, checked with the database key.
    The caller changes it and calls `write_locked`; nobody else writes it meanwhile."""
    path = Path(path)
    with exclusive(path.parent):
        current = KeyFile.load(path)
        if not current.verify_mac(master_key):
            raise KeyFileError(f"the key file {path} has been altered (integrity code does not match)")
        yield current


def write_locked(kf: KeyFile, master_key: bytes) -> None:
    """Write a key file obtained from `locked` (inside that block): the generation goes up by one."""
    kf.next_generation(master_key)
    kf.save()


def update(path: Path, master_key: bytes, edit: Callable[[KeyFile], T]) -> tuple[KeyFile, T]:
    """Read-modify-write: apply `edit` to the current file under the lock and write it back."""
    with locked(path, master_key) as kf:
        result = edit(kf)
        write_locked(kf, master_key)
    return kf, result


def write_atomic(target: Path, data: bytes, mode: int = 0o600) -> None:
    """Write to a temporary file beside `target`, sync it, rename it over `target`, sync the folder."""
    target = Path(target)
    fd, tmp = tempfile.mkstemp(prefix=".keyslots-", dir=target.parent)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_dir(target.parent)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
