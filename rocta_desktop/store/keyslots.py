"""Key slots: one random 256-bit database key, wrapped once per user password and once for recovery.

Like disk-encryption key slots (LUKS): the database key never touches the disk unwrapped. Each slot
holds that key encrypted with AES-256-GCM under a key derived from the user's password (Argon2id) or
from the recovery key (HKDF: it is already 200 bits of randomness). The slot list is authenticated
with an HMAC keyed from the database key, so a slot cannot be added, swapped or edited without it.

A slot names its user only by a salted hash of the username, so the key file does not list the
people who can open the workspace.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import sys
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

FORMAT = "rocta-keyslots"
FORMAT_VERSION = 1
KEY_BYTES = 32
_RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off paper safely
_RECOVERY_GROUPS = 8
_RECOVERY_GROUP_LEN = 5


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


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def _hkdf(secret: bytes, salt: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=salt, info=info).derive(secret)


def user_tag(workspace_id: str, username: str) -> str:
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


class KeyFile:
    """The key slots of one workspace, read from and written to `keyslots.json` atomically."""

    def __init__(self, path: Path, data: dict[str, Any]):
        self.path = Path(path)
        self._data = data

    # ------------------------------------------------------------ creation and loading
    @classmethod
    def create(cls, path: Path, workspace_id: str, master_key: bytes) -> KeyFile:
        kf = cls(path, {"format": FORMAT, "version": FORMAT_VERSION, "workspace_id": workspace_id,
                        "slots": []})
        kf._seal(master_key)
        return kf

    @classmethod
    def load(cls, path: Path) -> KeyFile:
        path = Path(path)
        if not path.exists():
            raise KeyFileError(f"the key file {path} is missing; a workspace folder must keep its "
                               "database and keyslots.json together (restore both from a backup)")
        try:
            raw = path.read_bytes()
            if len(raw) > 1_000_000:
                raise ValueError("too large")
            data = json.loads(raw.decode("utf-8"))
            cls._check_structure(data)
        except (ValueError, UnicodeDecodeError, TypeError, KeyError) as exc:
            raise KeyFileError(f"the key file {path} is damaged ({exc}); restore it from a backup") from None
        return cls(path, data)

    @staticmethod
    def _check_structure(data: Any) -> None:
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError("not a ROCTA key file")
        if data.get("version") != FORMAT_VERSION:
            raise ValueError(f"key file version {data.get('version')!r} is not supported")
        if not isinstance(data.get("workspace_id"), str) or not isinstance(data.get("slots"), list):
            raise ValueError("workspace id or slot list missing")
        if not isinstance(data.get("mac"), str):
            raise ValueError("integrity code missing")
        for i, slot in enumerate(data["slots"]):
            if not isinstance(slot, dict) or slot.get("type") not in ("password", "recovery"):
                raise ValueError(f"slot {i} is malformed")
            for field in ("id", "nonce", "ciphertext", "kdf"):
                if field not in slot:
                    raise ValueError(f"slot {i} has no {field}")
            _unb64(slot["nonce"]), _unb64(slot["ciphertext"])

    # ------------------------------------------------------------ properties
    @property
    def workspace_id(self) -> str:
        return self._data["workspace_id"]

    @property
    def slots(self) -> list[dict[str, Any]]:
        return list(self._data["slots"])

    def has_user(self, username: str) -> bool:
        tag = user_tag(self.workspace_id, username)
        return any(s.get("tag") == tag for s in self._data["slots"])

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

    # ------------------------------------------------------------ unwrapping
    def _aad(self, slot: dict[str, Any]) -> bytes:
        return f"rocta-keyslot|{self.workspace_id}|{slot['id']}|{slot['type']}|{slot.get('tag', '')}".encode()

    def _decrypt(self, slot: dict[str, Any], kek: bytes) -> bytes | None:
        try:
            key = AESGCM(kek).decrypt(_unb64(slot["nonce"]), _unb64(slot["ciphertext"]), self._aad(slot))
        except InvalidTag:
            return None
        return key if len(key) == KEY_BYTES else None

    @staticmethod
    def _password_kek(password: str, kdf: dict[str, Any]) -> bytes:
        if kdf.get("name") != "argon2id":
            raise KeyFileError(f"unsupported key derivation {kdf.get('name')!r}")
        return hash_secret_raw(password.encode("utf-8"), _unb64(kdf["salt"]), int(kdf["t"]),
                               int(kdf["m"]), int(kdf["p"]), KEY_BYTES, Type.ID)

    def unlock_password(self, username: str, password: str) -> bytes:
        """The database key for this user's password, or BadCredentials. Costs one Argon2id run
        whether or not the user exists, so timing does not tell which usernames have slots."""
        tag = user_tag(self.workspace_id, username)
        slot = next((s for s in self._data["slots"] if s["type"] == "password" and s.get("tag") == tag), None)
        if slot is None:
            cost = default_cost()
            self._password_kek(password, {"name": "argon2id", "salt": _b64(b"\0" * 16), "t": cost.time_cost,
                                          "m": cost.memory_kib, "p": cost.parallelism})
            raise BadCredentials("the username or password is not correct")
        key = self._decrypt(slot, self._password_kek(password, slot["kdf"]))
        if key is None:
            raise BadCredentials("the username or password is not correct")
        return self._checked(key)

    def unlock_recovery(self, recovery_key: str) -> bytes:
        secret = normalise_recovery_key(recovery_key).encode()
        for slot in self._data["slots"]:
            if slot["type"] != "recovery":
                continue
            kek = _hkdf(secret, _unb64(slot["kdf"]["salt"]), b"rocta recovery slot")
            key = self._decrypt(slot, kek)
            if key is not None:
                return self._checked(key)
        raise BadCredentials("the recovery key does not open this workspace")

    def _checked(self, key: bytes) -> bytes:
        if not self.verify_mac(key):
            raise KeyFileError(f"the key file {self.path} has been altered (integrity code does not match)")
        return key

    # ------------------------------------------------------------ changing slots (need the key)
    def _new_slot(self, slot_type: str, kek: bytes, master_key: bytes, **extra: Any) -> dict[str, Any]:
        slot = {"id": secrets.token_hex(8), "type": slot_type, **extra}
        nonce = os.urandom(12)
        slot["nonce"] = _b64(nonce)
        slot["ciphertext"] = _b64(AESGCM(kek).encrypt(nonce, master_key, self._aad(slot)))
        return slot

    def set_password(self, master_key: bytes, username: str, password: str,
                     cost: KdfCost | None = None) -> None:
        """Add the user's slot, or replace it (password change or reset)."""
        cost = cost or default_cost()
        tag = user_tag(self.workspace_id, username)
        kdf = {"name": "argon2id", "salt": _b64(os.urandom(16)), "t": cost.time_cost,
               "m": cost.memory_kib, "p": cost.parallelism}
        slot = self._new_slot("password", self._password_kek(password, kdf), master_key, tag=tag, kdf=kdf)
        self._data["slots"] = [s for s in self._data["slots"] if s.get("tag") != tag] + [slot]
        self._seal(master_key)

    def remove_user(self, master_key: bytes, username: str) -> bool:
        tag = user_tag(self.workspace_id, username)
        before = len(self._data["slots"])
        self._data["slots"] = [s for s in self._data["slots"] if s.get("tag") != tag]
        self._seal(master_key)
        return len(self._data["slots"]) < before

    def new_recovery(self, master_key: bytes) -> str:
        """Replace any recovery slot with a new one; returns the recovery key to show once."""
        recovery = new_recovery_key()
        salt = os.urandom(16)
        kek = _hkdf(recovery.encode(), salt, b"rocta recovery slot")
        slot = self._new_slot("recovery", kek, master_key, kdf={"name": "hkdf-sha256", "salt": _b64(salt)})
        self._data["slots"] = [s for s in self._data["slots"] if s["type"] != "recovery"] + [slot]
        self._seal(master_key)
        return recovery

    # ------------------------------------------------------------ persistence
    def to_bytes(self) -> bytes:
        return json.dumps(self._data, indent=1, sort_keys=True).encode("utf-8")

    def save(self, path: Path | None = None) -> None:
        """Atomic replace in the same folder: a crash leaves the old or the new file, never half."""
        write_atomic(Path(path or self.path), self.to_bytes())


def write_atomic(target: Path, data: bytes) -> None:
    """Write to a temporary file beside `target`, sync it, rename it over `target`, sync the folder."""
    target = Path(target)
    fd, tmp = tempfile.mkstemp(prefix=".keyslots-", dir=target.parent)
    try:
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
