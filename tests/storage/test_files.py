"""The document store and the image pipeline, on real JPEGs and HEICs made by Pillow and
pillow-heif, and real PDFs made by fpdf2."""

import io
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter

from storage.files import MESSENGER_DOWNLOAD_LIMIT, FileRejected, LocalFileStore, StoredFile, store_document
from storage.images import ImageLimits, process_image
from tests.factories import keyring
from tests.images import heic_bytes, jpeg_bytes, minimal_pdf, pdf_document, photo, png_bomb


@pytest.fixture
def store(tmp_path: Path) -> LocalFileStore:
    return LocalFileStore(tmp_path / "files", keyring())


async def test_the_same_photo_twice_is_stored_once(store: LocalFileStore) -> None:
    data = jpeg_bytes(photo())
    first = await store_document(store, data)
    second = await store_document(store, data)
    assert first == second
    assert store.count() == 2  # the photo and its thumbnail
    assert await store.get(first.key) == await store.get(second.key)


async def test_a_different_photo_is_a_different_file(store: LocalFileStore) -> None:
    a = await store_document(store, jpeg_bytes(photo(seed=1)))
    b = await store_document(store, jpeg_bytes(photo(seed=2)))
    assert a.key != b.key
    assert store.count() == 4


async def assert_upright_and_bare(store: LocalFileStore, stored: StoredFile, size: tuple[int, int]) -> None:
    """A phone photo taken upright (landscape pixels, orientation 6) stored turned, with no metadata."""
    data = await store.get(stored.key)
    out = Image.open(io.BytesIO(data))
    assert out.format == "JPEG"
    assert stored.content_type == "image/jpeg"
    assert out.size == size  # portrait now
    assert (stored.width, stored.height) == size
    # the red block of the top-left corner is at the top-right after a 90° clockwise turn
    r, g, b = out.convert("RGB").getpixel((size[0] - 20, 20))  # type: ignore[misc]
    assert r > 200 and g < 60 and b < 60
    assert len(out.getexif()) == 0
    assert "exif" not in out.info
    assert "icc_profile" not in out.info
    assert "xmp" not in out.info
    assert b"PhoneMaker" not in data
    thumb = Image.open(io.BytesIO(await store.get(stored.thumbnail_key or "")))
    assert max(thumb.size) == 320
    assert thumb.width < thumb.height
    assert len(thumb.getexif()) == 0


async def test_a_rotated_phone_photo_comes_out_upright_without_exif(store: LocalFileStore) -> None:
    # Stored sideways (landscape pixels) with orientation 6: the phone was held upright.
    data = jpeg_bytes(photo(1600, 1200), orientation=6, gps=True)
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825)  # the input does carry GPS
    await assert_upright_and_bare(store, await store_document(store, data), (1200, 1600))


async def test_an_iphone_heic_photo_is_turned_upright_and_stored_as_a_bare_jpeg(store: LocalFileStore) -> None:
    data = heic_bytes(photo(1000, 750), orientation=6, gps=True)
    assert data[4:12] == b"ftypheic"
    assert b"PhoneMaker" in data  # the input does carry its EXIF …
    exif = Image.Exif()
    exif.load(pillow_heif_exif(data))
    assert exif.get_ifd(0x8825)[1] == "N"  # … with GPS in it
    await assert_upright_and_bare(store, await store_document(store, data), (750, 1000))


def pillow_heif_exif(data: bytes) -> bytes:
    import pillow_heif

    exif: bytes = pillow_heif.open_heif(io.BytesIO(data)).info["exif"]
    return exif


async def test_a_damaged_heic_is_refused(store: LocalFileStore) -> None:
    data = heic_bytes(photo(1000, 750))
    with pytest.raises(FileRejected) as info:
        await store_document(store, data[: len(data) // 2])
    assert info.value.key == "file-not-an-image"
    assert store.count() == 0


async def test_a_12_megapixel_photo_is_decoded_at_half_size_keeping_2000_px(store: LocalFileStore) -> None:
    stored = await store_document(store, jpeg_bytes(photo(4000, 3000)))
    assert (stored.width, stored.height) == (2000, 1500)


async def test_a_photo_too_small_for_half_size_is_downscaled_to_2560(store: LocalFileStore) -> None:
    # 3000 px: a half-size decode would leave 1500 < 2000, so it is decoded whole and resampled
    stored = await store_document(store, jpeg_bytes(photo(3000, 2250)))
    assert (stored.width, stored.height) == (2560, 1920)


def test_a_larger_photo_is_decoded_at_a_smaller_scale_down_to_the_kept_edge() -> None:
    # the same rule at a size a test makes quickly: 2400 px keeping ≥ 500 → 1/4, not 1/8 (300 px)
    limits = ImageLimits(min_width=200, min_height=150, min_decoded_edge=500, max_edge=640)
    out = process_image(jpeg_bytes(photo(2400, 1800)), limits)
    assert (out.width, out.height) == (600, 450)
    # as a 6000 px photo in production: 1/2 gives 750 px (1/4 would be 375 < 500), more than the
    # stored maximum of 640, so it is downscaled to that
    out = process_image(jpeg_bytes(photo(1500, 1125)), limits)
    assert (out.width, out.height) == (640, 480)


async def test_png_and_transparency_become_jpeg(store: LocalFileStore) -> None:
    image = photo(900, 700).convert("RGBA")
    out = io.BytesIO()
    image.save(out, "PNG")
    stored = await store_document(store, out.getvalue())
    assert Image.open(io.BytesIO(await store.get(stored.key))).format == "JPEG"


async def test_a_text_file_renamed_jpg_is_refused(store: LocalFileStore, tmp_path: Path) -> None:
    fake = tmp_path / "degree.jpg"
    fake.write_text("this is not a photo of a degree certificate\n" * 20)
    with pytest.raises(FileRejected) as info:
        await store_document(store, fake.read_bytes())
    assert info.value.key == "file-not-an-image"
    assert store.count() == 0


async def test_a_truncated_jpeg_is_refused(store: LocalFileStore) -> None:
    data = jpeg_bytes(photo())
    with pytest.raises(FileRejected) as info:
        await store_document(store, data[: len(data) // 3])
    assert info.value.key == "file-not-an-image"


async def test_a_decompression_bomb_is_refused(store: LocalFileStore) -> None:
    bomb = png_bomb()
    assert len(bomb) < 1000
    with pytest.raises(FileRejected) as info:
        await store_document(store, bomb)
    assert info.value.key == "image-too-many-pixels"


async def test_a_too_small_image_is_refused_with_the_minimum(store: LocalFileStore) -> None:
    with pytest.raises(FileRejected) as info:
        await store_document(store, jpeg_bytes(photo(500, 380)))
    assert info.value.key == "image-too-small"
    assert info.value.params == {"min_width": 600, "min_height": 400}
    # orientation does not matter: a 400×600 portrait scan is fine
    assert (await store_document(store, jpeg_bytes(photo(400, 600)))).width == 400


def test_the_minimum_size_is_configurable() -> None:
    small = jpeg_bytes(photo(320, 240))
    assert process_image(small, ImageLimits(min_width=300, min_height=200)).width == 320
    with pytest.raises(FileRejected):
        process_image(small)


async def test_a_multi_page_pdf_is_stored_as_is_with_its_page_count(store: LocalFileStore) -> None:
    pdf = pdf_document(pages=3)
    stored = await store_document(store, pdf)
    assert stored.content_type == "application/pdf"
    assert stored.pages == 3
    assert await store.get(stored.key) == pdf
    assert stored.thumbnail_key is None
    assert (await store_document(store, minimal_pdf())).pages == 1


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda pdf: pdf[: len(pdf) * 2 // 3], id="cut off during upload"),
        pytest.param(lambda pdf: pdf[:-12], id="last bytes missing"),
        pytest.param(lambda pdf: b"%PDF-1.7\n" + b"\x00\x13garbage" * 200, id="only the magic"),
        pytest.param(
            lambda pdf: (
                b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>"
                b"endobj\nxref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n"
                b"trailer<</Size 3/Root 1 0 R>>\nstartxref\n103\n%%EOF\n"
            ),
            id="no pages",
        ),
    ],
)
async def test_a_damaged_pdf_is_refused_as_damaged(store: LocalFileStore, damage: object) -> None:
    data = damage(pdf_document(pages=3))  # type: ignore[operator]
    assert data.startswith(b"%PDF-")
    with pytest.raises(FileRejected) as info:
        await store_document(store, data)
    assert info.value.key == "pdf-damaged"
    assert store.count() == 0


def locked_pdf(user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_document(pages=2))))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


async def test_a_pdf_that_needs_a_password_is_refused(store: LocalFileStore) -> None:
    with pytest.raises(FileRejected) as info:
        await store_document(store, locked_pdf(user_password="1234"))
    assert info.value.key == "pdf-password"
    # only an owner password (printing/copying restricted): any viewer opens it, so it is accepted
    assert (await store_document(store, locked_pdf(user_password=""))).pages == 2


async def test_a_pdf_over_the_cap_is_refused(store: LocalFileStore) -> None:
    big = minimal_pdf() + b"0" * (2 * 1024 * 1024)
    with pytest.raises(FileRejected) as info:
        await store_document(store, big, ImageLimits(max_pdf_bytes=1024 * 1024))
    assert info.value.key == "file-too-large"


def test_what_the_messenger_will_not_hand_over_is_refused_before_download() -> None:
    limits = ImageLimits()
    assert limits.download_max_bytes == MESSENGER_DOWNLOAD_LIMIT == 20 * 1024 * 1024
    with pytest.raises(FileRejected) as info:
        limits.refuse_before_download(25 * 1024 * 1024)
    assert (info.value.key, info.value.params) == ("file-too-large", {"max_mb": 20})
    limits.refuse_before_download(20 * 1024 * 1024)  # exactly the limit: downloadable
    limits.refuse_before_download(None)  # no size announced: nothing to check before download
    # a PDF is stored up to its own, smaller cap: refused before download too, with that cap
    with pytest.raises(FileRejected) as info:
        limits.refuse_before_download(15 * 1024 * 1024, pdf=True)
    assert info.value.params == {"max_mb": 10}
    # a bigger stored-file cap does not lift the messenger's limit
    with pytest.raises(FileRejected) as info:
        ImageLimits(max_bytes=50 * 1024 * 1024).refuse_before_download(21 * 1024 * 1024)
    assert info.value.params == {"max_mb": 20}


async def test_keys_cannot_escape_the_store(store: LocalFileStore) -> None:
    with pytest.raises(ValueError, match="bad file key"):
        await store.get("../../etc/passwd")
