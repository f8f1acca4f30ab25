"""Documents sealed at rest (issue 28): on disk a stored photo or PDF is neither an image nor a PDF
and carries no EXIF, yet the store gives back exactly what was stored; a rotated key opens every
file and the old key alone none; a flipped byte anywhere is refused, never shown."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from storage.encryption import (
    HEADER_BYTES,
    MAGIC,
    FileKeyUnknown,
    FileTampered,
    Keyring,
    MasterKey,
    header_of,
    new_key_text,
    parse_key,
)
from storage.files import LocalFileStore, StoredFile, content_key, store_document
from tests.factories import FILES_KEY, keyring
from tests.images import jpeg_bytes, pdf_document, photo

KEY_A, KEY_B = new_key_text(), new_key_text()


def files_on_disk(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


PDF = pdf_document(2)  # once: fpdf2 writes the time into each PDF it makes


async def a_photo_and_a_pdf(store: LocalFileStore) -> tuple[StoredFile, StoredFile]:
    taken = jpeg_bytes(photo(1600, 1200), orientation=6, gps=True)  # a phone's photo, GPS and all
    return await store_document(store, taken), await store_document(store, PDF)


async def test_stored_files_are_no_image_and_no_pdf_on_disk_but_open_through_the_store(tmp_path: Path) -> None:
    store = LocalFileStore(tmp_path, keyring())
    image, pdf = await a_photo_and_a_pdf(store)
    on_disk = files_on_disk(tmp_path)
    assert len(on_disk) == 3  # the photo, its thumbnail, the PDF
    for path in on_disk:
        data = path.read_bytes()
        assert data.startswith(MAGIC)
        # the body does not start as a JPEG does (random bytes may hold \xff\xd8 anywhere else)
        assert data[HEADER_BYTES : HEADER_BYTES + 3] != b"\xff\xd8\xff" and b"%PDF" not in data and b"Exif" not in data
        assert b"JFIF" not in data and b"PhoneMaker" not in data
        with pytest.raises(UnidentifiedImageError):
            Image.open(io.BytesIO(data))
        with pytest.raises(PdfReadError):
            PdfReader(io.BytesIO(data))
    # … and what staff are given is the photo as processed and the PDF as sent
    shown = Image.open(io.BytesIO(await store.get(image.key)))
    assert shown.format == "JPEG" and shown.size == (1200, 1600) and len(shown.getexif()) == 0
    assert Image.open(io.BytesIO(await store.get(image.thumbnail_key or ""))).format == "JPEG"
    assert await store.get(pdf.key) == PDF
    assert len(PdfReader(io.BytesIO(await store.get(pdf.key))).pages) == 2
    assert image.key_id == pdf.key_id == keyring().current.name


async def test_each_file_has_a_data_key_of_its_own(tmp_path: Path) -> None:
    store = LocalFileStore(tmp_path, keyring())
    await a_photo_and_a_pdf(store)
    headers = [header_of(p.read_bytes()) for p in files_on_disk(tmp_path)]
    assert all(h is not None for h in headers)
    assert len({h.wrapped for h in headers if h}) == 3 and len({h.nonce for h in headers if h}) == 3


async def test_a_rotated_key_opens_every_file_and_the_old_key_alone_none(tmp_path: Path) -> None:
    before = LocalFileStore(tmp_path, Keyring.from_texts(KEY_A))
    image, pdf = await a_photo_and_a_pdf(before)
    keys = (image.key, image.thumbnail_key or "", pdf.key)
    plain = {key: await before.get(key) for key in keys}
    ciphertexts = {p: p.read_bytes()[HEADER_BYTES:] for p in files_on_disk(tmp_path)}
    during = LocalFileStore(tmp_path, Keyring.from_texts(KEY_B, (KEY_A,)))
    assert [during.rewrap(key) for key in during.file_keys()] == [True, True, True]
    assert [during.rewrap(key) for key in during.file_keys()] == [False, False, False]  # run again: nothing to do
    assert {p: p.read_bytes()[HEADER_BYTES:] for p in files_on_disk(tmp_path)} == ciphertexts  # only re-wrapped
    after = LocalFileStore(tmp_path, Keyring.from_texts(KEY_B))
    for key in keys:
        assert after.sealed_with(key) == MasterKey.from_text(KEY_B).name
        assert await after.get(key) == plain[key]
        with pytest.raises(FileKeyUnknown):
            await before.get(key)


async def test_a_rotation_interrupted_half_way_goes_on_where_it_stopped(tmp_path: Path) -> None:
    await a_photo_and_a_pdf(LocalFileStore(tmp_path, Keyring.from_texts(KEY_A)))
    rotating = LocalFileStore(tmp_path, Keyring.from_texts(KEY_B, (KEY_A,)))
    first = next(iter(rotating.file_keys()))
    assert rotating.rewrap(first)  # … and the operator's terminal closed here
    names = {rotating.sealed_with(key) for key in rotating.file_keys()}
    assert names == {MasterKey.from_text(KEY_A).name, MasterKey.from_text(KEY_B).name}
    for key in rotating.file_keys():  # the bot, with both keys, opens every file meanwhile
        await rotating.get(key)
    assert sum(rotating.rewrap(key) for key in rotating.file_keys()) == 2  # run again: the other two


def flipped(path: Path, at: int) -> None:
    data = bytearray(path.read_bytes())
    data[at] ^= 0x01
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("where", "at"),
    [
        ("magic", 2),
        ("key id", len(MAGIC) + 3),
        ("wrapped data key", len(MAGIC) + 8 + 20),
        ("nonce", HEADER_BYTES - 5),
        ("ciphertext", HEADER_BYTES + 100),
        ("tag", -3),
    ],
)
async def test_a_flipped_byte_anywhere_is_refused(tmp_path: Path, where: str, at: int) -> None:
    store = LocalFileStore(tmp_path, keyring())
    image, _ = await a_photo_and_a_pdf(store)
    path = tmp_path / image.key
    flipped(path, at if at >= 0 else path.stat().st_size + at)
    refused = FileKeyUnknown if where == "key id" else FileTampered
    with pytest.raises(refused) as caught:
        await store.get(image.key)
    assert image.key in str(caught.value)  # names the file, never shows it
    damaged = path.read_bytes()
    rotating = LocalFileStore(tmp_path, Keyring.from_texts(new_key_text(), (FILES_KEY,)))
    with pytest.raises(refused):
        rotating.rewrap(image.key)  # a rotation refuses it too, and leaves it as it is
    assert path.read_bytes() == damaged


async def test_a_sealed_file_put_under_another_name_does_not_open(tmp_path: Path) -> None:
    store = LocalFileStore(tmp_path, keyring())
    image, pdf = await a_photo_and_a_pdf(store)
    (tmp_path / pdf.key).write_bytes((tmp_path / image.key).read_bytes())
    with pytest.raises(FileTampered):
        await store.get(pdf.key)


async def test_files_stored_before_encryption_open_until_sealed_and_a_changed_one_is_refused(tmp_path: Path) -> None:
    old = jpeg_bytes(photo(seed=5))
    key = content_key(old, ".jpg")
    (tmp_path / key).parent.mkdir(parents=True)
    (tmp_path / key).write_bytes(old)  # as the store wrote it before issue 28
    store = LocalFileStore(tmp_path, keyring())
    assert store.sealed_with(key) is None
    assert await store.get(key) == old
    assert store.seal_existing(key) and not store.seal_existing(key)
    assert (tmp_path / key).read_bytes().startswith(MAGIC)
    assert await store.get(key) == old
    forged = content_key(b"other", ".jpg")
    (tmp_path / forged).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / forged).write_bytes(old)  # plain bytes that are not what the name says
    with pytest.raises(FileTampered):
        await store.get(forged)
    with pytest.raises(FileTampered):
        store.seal_existing(forged)


async def test_the_same_bytes_stored_again_are_sealed_with_the_current_key(tmp_path: Path) -> None:
    data = jpeg_bytes(photo(seed=9))
    first = await LocalFileStore(tmp_path, Keyring.from_texts(KEY_A)).put(data, ".jpg")
    store = LocalFileStore(tmp_path, Keyring.from_texts(KEY_B, (KEY_A,)))
    assert await store.put(data, ".jpg") == first
    assert store.sealed_with(first) == MasterKey.from_text(KEY_B).name


async def test_a_replica_not_yet_restarted_for_a_rotation_never_seals_a_file_back_to_the_old_key(
    tmp_path: Path,
) -> None:
    data = jpeg_bytes(photo(seed=10))
    rotated = LocalFileStore(tmp_path, Keyring.from_texts(KEY_B, (KEY_A,)))
    key = await rotated.put(data, ".jpg")
    behind = LocalFileStore(tmp_path, Keyring.from_texts(KEY_A))  # still on the old configuration
    assert await behind.put(data, ".jpg") == key
    assert rotated.sealed_with(key) == MasterKey.from_text(KEY_B).name
    assert await rotated.get(key) == data


def test_keys_are_32_bytes_in_url_safe_base64_and_never_shown() -> None:
    text = new_key_text()
    assert len(text) == 44 and len(parse_key(text)) == 32
    assert parse_key(text.rstrip("=")) == parse_key(text)  # padding optional
    for bad in ("", "short", text[:-4], text.replace(text[0], "*"), "A" * 60):
        with pytest.raises(ValueError, match="URL-safe base64") as caught:
            parse_key(bad)
        assert bad not in str(caught.value) or not bad
    key = MasterKey.from_text(text)
    assert len(key.name) == 16 and key.name == MasterKey.from_text(text).name
    assert text not in repr(key) and text not in repr(Keyring(key))
