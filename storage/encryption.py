"""Documents sealed at rest: AES-256-GCM with a data key per file, wrapped by a master key.

A stored file is ``header || ciphertext || tag``:

    magic "NZSF" + format 1 (5 bytes) | key id (8) | wrapped data key (40) | nonce (12) | AES-256-GCM

- The data key is 32 random bytes, new for every file, so a random 96-bit nonce is used once per
  key (cryptography's AESGCM: https://cryptography.io/en/latest/hazmat/primitives/aead/). The
  associated data is the format and the file's name in the store: a sealed file moved to another
  name, or another format's header put on it, does not open.
- The data key is wrapped with AES key wrap (RFC 3394, ``keywrap.aes_key_wrap``:
  https://cryptography.io/en/latest/hazmat/primitives/keywrap.html) under the master key
  (``FILES_KEY``); the wrap carries its own integrity check, so a wrong key or a changed wrapped
  key is ``InvalidUnwrap``, never a wrong data key.
- The key id names the master key (the first 8 bytes of an HMAC-SHA256 of a fixed label under
  it): a file says which key opens it, and rotating the master key re-wraps the 40 bytes of the
  data key and leaves the ciphertext as it is (``rewrap``).

``cryptography`` is imported with the first file sealed or opened, not at start (issue 15, RSS).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
from dataclasses import dataclass

MAGIC = b"NZSF\x01"  # nezam-bot sealed file, format 1
KEY_BYTES = 32
_KEY_ID_BYTES = 8
_WRAPPED_BYTES = KEY_BYTES + 8  # RFC 3394 adds one 64-bit block
_NONCE_BYTES = 12
HEADER_BYTES = len(MAGIC) + _KEY_ID_BYTES + _WRAPPED_BYTES + _NONCE_BYTES
_TAG_BYTES = 16
_KEY_ID_LABEL = b"nezam-bot files key id"

KEY_PROBLEM = (
    "not a files key: expected 32 random bytes in URL-safe base64 (44 characters), "
    "as `nezam-bot files new-key` prints (the value is not shown)"
)


class FileUnreadable(Exception):
    """A stored file that cannot be given back: ``reason`` says why, for staff and operators."""

    def __init__(self, key: str, reason: str) -> None:
        self.key = key
        self.reason = reason
        super().__init__(f"{key}: {reason}")


class FileTampered(FileUnreadable):
    """The file changed on disk since it was stored (or was damaged): refused, never shown."""

    def __init__(self, key: str) -> None:
        super().__init__(key, "changed or damaged since it was stored (its authentication failed); refused")


class FileKeyUnknown(FileUnreadable):
    """The file was sealed with a master key that is neither FILES_KEY nor one of FILES_OLD_KEYS."""

    def __init__(self, key: str, key_id: str) -> None:
        self.key_id = key_id
        super().__init__(key, f"sealed with key {key_id}, which is neither FILES_KEY nor in FILES_OLD_KEYS")


def new_key_text() -> str:
    """A new master key as people put it in ``.env``: 32 random bytes, URL-safe base64."""
    return base64.urlsafe_b64encode(os.urandom(KEY_BYTES)).decode("ascii")


def parse_key(text: str) -> bytes:
    """A master key from its text (padding optional); ValueError(KEY_PROBLEM) otherwise."""
    compact = "".join(text.split())
    padded = compact + "=" * (-len(compact) % 4)
    try:
        raw = base64.b64decode(padded, altchars=b"-_", validate=True)
    except (binascii.Error, ValueError):
        raise ValueError(KEY_PROBLEM) from None
    if len(raw) != KEY_BYTES:
        raise ValueError(KEY_PROBLEM)
    return raw


def key_id_of(key: bytes) -> bytes:
    return hmac.new(key, _KEY_ID_LABEL, hashlib.sha256).digest()[:_KEY_ID_BYTES]


@dataclass(frozen=True)
class MasterKey:
    key: bytes
    id: bytes

    @classmethod
    def from_text(cls, text: str) -> MasterKey:
        key = parse_key(text)
        return cls(key, key_id_of(key))

    @property
    def name(self) -> str:
        """The key id as operators see it (16 hex digits): never the key."""
        return self.id.hex()

    def __repr__(self) -> str:  # never the key itself in a log or a traceback
        return f"MasterKey({self.name})"


@dataclass(frozen=True)
class Header:
    key_id: bytes
    wrapped: bytes
    nonce: bytes

    @property
    def key_name(self) -> str:
        return self.key_id.hex()


def header_of(blob: bytes) -> Header | None:
    """The header of a sealed file; None for anything else (a file stored before encryption)."""
    if not blob.startswith(MAGIC) or len(blob) < HEADER_BYTES + _TAG_BYTES:
        return None
    at = len(MAGIC)
    key_id = blob[at : at + _KEY_ID_BYTES]
    at += _KEY_ID_BYTES
    wrapped = blob[at : at + _WRAPPED_BYTES]
    at += _WRAPPED_BYTES
    return Header(key_id, wrapped, blob[at : at + _NONCE_BYTES])


class Keyring:
    """The master key new files are sealed with (``current``), and the older ones still accepted
    for reading while a rotation is under way (``FILES_OLD_KEYS``)."""

    def __init__(self, current: MasterKey, old: tuple[MasterKey, ...] = ()) -> None:
        self.current = current
        self.keys = {current.id: current, **{k.id: k for k in old if k.id != current.id}}

    @classmethod
    def from_texts(cls, current: str, old: tuple[str, ...] = ()) -> Keyring:
        return cls(MasterKey.from_text(current), tuple(MasterKey.from_text(t) for t in old))

    @property
    def names(self) -> frozenset[str]:
        return frozenset(k.name for k in self.keys.values())

    @property
    def old_ids(self) -> frozenset[bytes]:
        """The ids of FILES_OLD_KEYS (a file under one of them is sealed again when stored again)."""
        return frozenset(self.keys) - {self.current.id}

    def __repr__(self) -> str:
        return f"Keyring(current={self.current.name}, known={sorted(self.names)})"

    def seal(self, name: str, plaintext: bytes) -> bytes:
        """``plaintext`` sealed for the store under ``name``, with a fresh data key."""
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM
        from cryptography.hazmat.primitives.keywrap import aes_key_wrap

        data_key = AESGCM.generate_key(bit_length=256)
        nonce = os.urandom(_NONCE_BYTES)
        wrapped = aes_key_wrap(self.current.key, data_key)
        sealed = AESGCM(data_key).encrypt(nonce, plaintext, _associated(name))
        return b"".join((MAGIC, self.current.id, wrapped, nonce, sealed))

    def _data_key(self, name: str, header: Header) -> bytes:
        from cryptography.hazmat.primitives.keywrap import InvalidUnwrap, aes_key_unwrap

        master = self.keys.get(header.key_id)
        if master is None:
            raise FileKeyUnknown(name, header.key_name)
        try:
            return aes_key_unwrap(master.key, header.wrapped)
        except InvalidUnwrap:
            raise FileTampered(name) from None

    def open(self, name: str, blob: bytes) -> bytes:
        """The plaintext of a sealed file; ``FileTampered`` or ``FileKeyUnknown`` otherwise."""
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        header = header_of(blob)
        if header is None:
            raise FileTampered(name)
        data_key = self._data_key(name, header)
        try:
            return AESGCM(data_key).decrypt(header.nonce, blob[HEADER_BYTES:], _associated(name))
        except InvalidTag:
            raise FileTampered(name) from None

    def rewrap(self, name: str, blob: bytes) -> bytes | None:
        """The sealed file with its data key wrapped by the current master key (the ciphertext
        unchanged); None when it is already. The whole file is checked first: a tampered one is
        refused, not re-wrapped."""
        header = header_of(blob)
        if header is None:
            raise FileTampered(name)
        if header.key_id == self.current.id:
            return None
        self.open(name, blob)
        from cryptography.hazmat.primitives.keywrap import aes_key_wrap

        wrapped = aes_key_wrap(self.current.key, self._data_key(name, header))
        return b"".join((MAGIC, self.current.id, wrapped, header.nonce, blob[HEADER_BYTES:]))


def _associated(name: str) -> bytes:
    return MAGIC + name.encode("utf-8")
