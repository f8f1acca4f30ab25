"""The document store: content-addressed files, sealed at rest, and the route from uploaded bytes
to stored ones.

``FileStore`` is deliberately narrow (put / get / exists by key) so that an S3-compatible store
can replace ``LocalFileStore`` without touching callers. Every file is sealed with a data key of
its own under the master key (``storage.encryption``): on disk, and in any backup of the folder,
a document is neither an image nor a PDF, and opens only with FILES_KEY. A file is named by the
SHA-256 of what it holds (the same document sent twice is stored once).
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from storage.encryption import (
    HEADER_BYTES,
    FileKeyUnknown,
    FileTampered,
    FileUnreadable,
    Header,
    Keyring,
    header_of,
)
from storage.images import MESSENGER_DOWNLOAD_LIMIT, PDF_MAGIC, FileRejected, ImageLimits, check_pdf, process_image


class FileStore(Protocol):
    @property
    def key_id(self) -> str:
        """The id of the master key new files are sealed with (kept with each document)."""

    async def put(self, data: bytes, suffix: str) -> str:
        """Store ``data``; returns its key. The same bytes always get the same key, stored once."""

    async def get(self, key: str) -> bytes:
        """The bytes stored; ``FileUnreadable`` (tampered, or sealed with an unknown key) otherwise."""

    async def exists(self, key: str) -> bool: ...


def content_key(data: bytes, suffix: str) -> str:
    digest = hashlib.sha256(data).hexdigest()
    return f"{digest[:2]}/{digest[2:4]}/{digest}{suffix}"


def _named_by(key: str, data: bytes) -> bool:
    """A file's bytes are what its name says (content-addressed names)."""
    return Path(key).name.startswith(hashlib.sha256(data).hexdigest())


def _peek(path: Path) -> Header | None:
    """The header of the file at ``path`` (its first bytes only)."""
    with path.open("rb") as handle:
        return header_of(handle.read(HEADER_BYTES + 16))


class LocalFileStore:
    """Files under a directory (``FILES_DIR``), named by the SHA-256 of their content, sealed with
    ``keyring``'s current master key.

    A file stored before encryption (plain bytes) is still given back while it waits for
    ``nezam-bot files encrypt-existing``, but only if its bytes are what its name says: anything
    else that is not a sealed file is refused as tampered."""

    def __init__(self, root: str | os.PathLike[str], keyring: Keyring) -> None:
        self.root = Path(root)
        self.keyring = keyring

    @property
    def key_id(self) -> str:
        return self.keyring.current.name

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if self.root.resolve() not in path.parents:
            raise ValueError(f"bad file key: {key!r}")
        return path

    @staticmethod
    def _replace(path: Path, data: bytes) -> None:
        """Write ``data`` at ``path`` whole or not at all (a temporary file, fsync, rename)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def _write(self, key: str, data: bytes) -> None:
        path = self._path(key)
        try:
            header = _peek(path)
        except FileNotFoundError:
            header = None
        if header is not None and header.key_id not in self.keyring.old_ids:
            # stored already, under the current key — or under one this process does not know: a
            # newer one, from a replica already restarted for a rotation (never sealed back to
            # the old key here); marked as just used (see ``delete``)
            os.utime(path)
            return
        # new, or held plain or under an older key: sealed now under the current one
        self._replace(path, self.keyring.seal(key, data))

    def _read(self, key: str) -> bytes:
        blob = self._path(key).read_bytes()
        if header_of(blob) is not None:
            return self.keyring.open(key, blob)
        if blob.startswith(b"NZSF") or not _named_by(key, blob):
            raise FileTampered(key)
        return blob  # stored before encryption, and intact

    async def put(self, data: bytes, suffix: str) -> str:
        key = content_key(data, suffix)
        await asyncio.to_thread(self._write, key, data)
        return key

    async def get(self, key: str) -> bytes:
        return await asyncio.to_thread(self._read, key)

    async def exists(self, key: str) -> bool:
        return await asyncio.to_thread(self._path(key).exists)

    def count(self) -> int:
        """How many files are stored (tests, diagnostics)."""
        return sum(1 for _ in self.file_keys())

    # ---- maintenance (blocking: the CLI, or through a thread) ---------------------------------

    def file_keys(self) -> Iterator[str]:
        """Every file's key, in a stable order (a resumed run walks the same way)."""
        if not self.root.is_dir():
            return
        for path in sorted(self.root.rglob("*")):
            if path.is_file() and not path.name.startswith(".tmp-"):
                yield path.relative_to(self.root).as_posix()

    def sealed_with(self, key: str) -> str | None:
        """The id of the master key a file is sealed with; None for a file stored before encryption."""
        header = _peek(self._path(key))
        return header.key_name if header is not None else None

    def check(self, key: str) -> bool:
        """Open the file whole (``FileUnreadable`` if it does not); True when it is one stored
        before encryption, False when sealed."""
        plain = self.sealed_with(key) is None
        self._read(key)
        return plain

    def seal_existing(self, key: str) -> bool:
        """Seal a file stored before encryption (checked against its name first); False when it
        is sealed already. Resumable: each file is replaced whole, in one rename."""
        path = self._path(key)
        blob = path.read_bytes()
        if header_of(blob) is not None:
            return False
        if not _named_by(key, blob):
            raise FileTampered(key)
        self._replace(path, self.keyring.seal(key, blob))
        return True

    def rewrap(self, key: str) -> bool:
        """Re-wrap a sealed file's data key with the current master key; False when it is
        already. A plain (pre-encryption) file is sealed. Checked whole before anything is written."""
        path = self._path(key)
        blob = path.read_bytes()
        if header_of(blob) is None:
            return self.seal_existing(key)
        rewrapped = self.keyring.rewrap(key, blob)
        if rewrapped is None:
            return False
        self._replace(path, rewrapped)
        return True

    def delete(self, key: str, *, unless_used_after: float | None = None) -> bool:
        """Remove a file; False if it was not there, or was stored or used again after
        ``unless_used_after`` (a timestamp: the same bytes uploaded again for another document
        meanwhile, whose row may not have committed yet — kept)."""
        path = self._path(key)
        try:
            if unless_used_after is not None and path.stat().st_mtime > unless_used_after:
                return False
            path.unlink()
        except FileNotFoundError:
            return False
        return True


@dataclass(frozen=True, slots=True)
class StoredFile:
    key: str
    thumbnail_key: str | None
    content_type: str
    size: int
    width: int | None
    height: int | None
    sha256: str
    pages: int | None = None  # of a PDF (a birth certificate has several); None for a photo
    key_id: str | None = None  # the master key the file (and its thumbnail) is sealed with


async def store_document(store: FileStore, data: bytes, limits: ImageLimits | None = None) -> StoredFile:
    """An uploaded photo, image file (HEIC too) or PDF → checked, processed (off the event loop) and
    stored. A PDF is kept as sent, with its page count.

    Raises ``FileRejected`` with the reason when the bytes are not acceptable.
    """
    limits = limits or ImageLimits()
    if data.startswith(PDF_MAGIC):
        pages = await asyncio.to_thread(check_pdf, data, limits)
        key = await store.put(data, ".pdf")
        sha256 = hashlib.sha256(data).hexdigest()
        return StoredFile(key, None, "application/pdf", len(data), None, None, sha256, pages, store.key_id)
    if not data:
        raise FileRejected("file-not-an-image")
    image = await asyncio.to_thread(process_image, data, limits)
    key = await store.put(image.jpeg, ".jpg")
    thumb_key = await store.put(image.thumbnail, ".jpg")
    return StoredFile(
        key,
        thumb_key,
        "image/jpeg",
        len(image.jpeg),
        image.width,
        image.height,
        hashlib.sha256(image.jpeg).hexdigest(),
        key_id=store.key_id,
    )


__all__ = [
    "MESSENGER_DOWNLOAD_LIMIT",
    "FileKeyUnknown",
    "FileRejected",
    "FileStore",
    "FileTampered",
    "FileUnreadable",
    "LocalFileStore",
    "StoredFile",
    "content_key",
    "store_document",
]
