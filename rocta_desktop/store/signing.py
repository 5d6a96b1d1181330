"""Signing keys: one Ed25519 key pair per person (and one for the recovery key).

The database key cannot be hidden from the person using the workspace, so anyone signed in could
rewrite rows, roles and the audit trail with it. What they cannot do is sign as somebody else: the
private half of each key lives only inside its owner's key slot (wrapped under their password), and
every audit event and every account certificate carries a signature. Forgery becomes evident.

Key ids are fingerprints: the first 16 bytes of SHA-256 over the raw public key, in hex.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def canonical(data: Any) -> bytes:
    """The one byte form a signed document takes (sorted keys, no spaces, UTF-8)."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def key_id(public_raw: bytes) -> str:
    return hashlib.sha256(b"rocta-signing-key|" + public_raw).hexdigest()[:32]


def fingerprint(public_raw: bytes) -> str:
    """A key id for reading aloud or comparing on paper: 8 groups of 4 hex digits."""
    kid = key_id(public_raw).upper()
    return " ".join(kid[i:i + 4] for i in range(0, len(kid), 4))


@dataclass(frozen=True)
class PublicKey:
    raw: bytes

    @classmethod
    def from_b64(cls, text: str) -> PublicKey:
        raw = unb64(text)
        if len(raw) != 32:
            raise ValueError("a signing public key is 32 bytes")
        return cls(raw)

    @property
    def id(self) -> str:
        return key_id(self.raw)

    @property
    def b64(self) -> str:
        return b64(self.raw)

    def verify(self, signature_b64: str | None, message: bytes) -> bool:
        if not signature_b64:
            return False
        try:
            Ed25519PublicKey.from_public_bytes(self.raw).verify(unb64(signature_b64), message)
        except (InvalidSignature, ValueError):
            return False
        return True


class SigningKey:
    """A private signing key (held in memory only while its owner is signed in)."""

    __slots__ = ("_key", "public")

    def __init__(self, key: Ed25519PrivateKey):
        self._key = key
        self.public = PublicKey(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))

    @classmethod
    def generate(cls) -> SigningKey:
        return cls(Ed25519PrivateKey.generate())

    @classmethod
    def from_raw(cls, raw: bytes) -> SigningKey:
        if len(raw) != 32:
            raise ValueError("a signing private key is 32 bytes")
        return cls(Ed25519PrivateKey.from_private_bytes(raw))

    def raw(self) -> bytes:
        """The private bytes, only to be wrapped into a key slot."""
        return self._key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())

    @property
    def id(self) -> str:
        return self.public.id

    def sign(self, message: bytes) -> str:
        return b64(self._key.sign(message))

    def __repr__(self) -> str:  # never the private bytes
        return f"SigningKey({self.id})"


def audit_message(workspace_id: str, event_hash: str) -> bytes:
    """What an audit event's signature covers: its hash (content and chain), bound to the workspace."""
    return f"rocta-audit|{workspace_id}|{event_hash}".encode()


def certificate_message(workspace_id: str, cert: dict[str, Any]) -> bytes:
    return b"rocta-certificate|" + workspace_id.encode() + b"|" + canonical(cert)


def head_message(workspace_id: str, seq: int, event_hash: str) -> bytes:
    return f"rocta-audit-head|{workspace_id}|{seq}|{event_hash}".encode()
