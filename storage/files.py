"""The document store: content-addressed files, and the route from uploaded bytes to stored ones.

``FileStore`` is deliberately narrow (put / get / exists by key) so that an S3-compatible store
can replace ``LocalFileStore`` without touching callers.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from storage.images import MESSENGER_DOWNLOAD_LIMIT, PDF_MAGIC, FileRejected, ImageLimits, check_pdf, process_image


class FileStore(Protocol):
    async def put(self, data: bytes, suffix: str) -> str:
        """Store ``data``; returns its key. The same bytes always get the same key, stored once."""

    async def get(self, key: str) -> bytes: ...

    async def exists(self, key: str) -> bool: ...


def content_key(data: bytes, suffix: str) -> str:
    digest = hashlib.sha256(data).hexdigest()
    return f"{digest[:2]}/{digest[2:4]}/{digest}{suffix}"


class LocalFileStore:
    """Files under a directory (``FILES_DIR``), named by their sha256."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if self.root.resolve() not in path.parents:
            raise ValueError(f"bad file key: {key!r}")
        return path

    def _write(self, path: Path, data: bytes) -> None:
        if path.exists():
            return
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

    async def put(self, data: bytes, suffix: str) -> str:
        key = content_key(data, suffix)
        await asyncio.to_thread(self._write, self._path(key), data)
        return key

    async def get(self, key: str) -> bytes:
        return await asyncio.to_thread(self._path(key).read_bytes)

    async def exists(self, key: str) -> bool:
        return await asyncio.to_thread(self._path(key).exists)

    def count(self) -> int:
        """How many files are stored (tests, diagnostics)."""
        return sum(1 for p in self.root.rglob("*") if p.is_file() and not p.name.startswith(".tmp-"))


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
        return StoredFile(key, None, "application/pdf", len(data), None, None, sha256, pages)
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
    )


__all__ = [
    "MESSENGER_DOWNLOAD_LIMIT",
    "FileRejected",
    "FileStore",
    "LocalFileStore",
    "StoredFile",
    "content_key",
    "store_document",
]
