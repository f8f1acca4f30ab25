"""The pipeline for document photos and PDFs (Pillow, pillow-heif, pypdf). Blocking: call through
``files.store_document``, which runs it off the event loop.

A photo is verified by content (JPEG, PNG, WebP, GIF, BMP, TIFF, and HEIC/HEIF as iPhones send
them), decompression bombs and too-small photos are refused with the reason, the EXIF orientation
is applied, every piece of metadata (GPS included) is dropped, and the picture is re-encoded as a
JPEG with a small thumbnail for staff.

Speed (issue 15 §3, ``scripts/bench_images.py``): a phone JPEG is decoded by libjpeg's DCT
scaling at 1/2, 1/4 or 1/8 of its size, never below ``min_decoded_edge`` on its long side. A
12 MP photo (4000×3000) decodes straight to 2000×1500 and needs no resampling at all, which was
half of the old cost; ``tests/storage/test_image_quality.py`` shows that fine print survives it as
well as a full-resolution decode and a Lanczos downscale.

A PDF is read far enough to know it is whole (its cross-reference table and page tree) and how many
pages it has; it is stored as sent.
"""

from __future__ import annotations

import functools
import io
import math
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Pillow is loaded with the first photo, not at start (issue 15: RSS)
    from PIL import Image

MiB = 1024 * 1024
# The Bot API hands a bot files of at most 20 MB (getFile), on Telegram and on Bale alike
# (../shared/platforms/bale.md: "~20 MB download cap"). Anything bigger is refused before download.
MESSENGER_DOWNLOAD_LIMIT = 20 * MiB

# Formats a phone or a scanner produces; anything else is "not an image" for us.
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF", "BMP", "TIFF")  # JPEG also opens MPO
# Major brands of an ISO base media file that holds a HEIF still image (iPhone photos are "heic").
_HEIF_BRANDS = frozenset({b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"})

_ORIENTATION = 0x0112
# EXIF orientation → the transpose that makes the picture upright (names of Image.Transpose).
_TRANSPOSE = {
    2: "FLIP_LEFT_RIGHT",
    3: "ROTATE_180",
    4: "FLIP_TOP_BOTTOM",
    5: "TRANSPOSE",
    6: "ROTATE_270",
    7: "TRANSVERSE",
    8: "ROTATE_90",
}


@dataclass(frozen=True, slots=True)
class ImageLimits:
    min_width: int = 600
    min_height: int = 400
    max_edge: int = 2560  # the stored photo's long edge at most
    # JPEG DCT scaling never decodes below this long edge: a certificate's fine print stays legible
    min_decoded_edge: int = 2000
    max_pixels: int = 50_000_000  # beyond this a "photo" is a decompression bomb
    max_bytes: int = 20 * MiB  # the largest image file processed
    max_pdf_bytes: int = 10 * MiB  # the largest PDF stored
    download_max_bytes: int = MESSENGER_DOWNLOAD_LIMIT  # what the messenger lets a bot download
    quality: int = 85
    thumbnail_edge: int = 320
    thumbnail_quality: int = 70

    def refuse_before_download(self, file_size: int | None, *, pdf: bool = False) -> None:
        """Raise ``FileRejected("file-too-large", max_mb=…)`` for a file the messenger announces as
        bigger than it lets a bot download, or than we would accept anyway: checked before the
        download, from the ``file_size`` of the message (absent → nothing to check here)."""
        cap = min(self.download_max_bytes, self.max_pdf_bytes if pdf else self.max_bytes)
        if file_size is not None and file_size > cap:
            raise FileRejected("file-too-large", max_mb=cap // MiB)


class FileRejected(Exception):
    """A file refused with a reason (a Fluent message key of the bot's texts, and its variables)."""

    def __init__(self, key: str, **params: int | str) -> None:
        self.key = key
        self.params = params
        super().__init__(key)


@dataclass(frozen=True, slots=True)
class ProcessedImage:
    jpeg: bytes
    width: int
    height: int
    thumbnail: bytes


def _is_heif(data: bytes) -> bool:
    # an ISO base media file starts with its "ftyp" box, whose major brand names what it holds
    return data[4:8] == b"ftyp" and data[8:12] in _HEIF_BRANDS


@functools.cache
def _heif_formats() -> tuple[str, ...]:
    """Teach Pillow HEIF, once, when the first iPhone photo arrives (not at start: issue 15, RSS)."""
    import pillow_heif

    # Embedded thumbnails, depth maps and auxiliary images are never needed: leave them unread.
    pillow_heif.register_heif_opener(thumbnails=False, depth_images=False, aux_images=False)
    return ("HEIF",)


def _open(data: bytes, limits: ImageLimits) -> Image.Image:
    from PIL import Image, UnidentifiedImageError

    if len(data) > limits.max_bytes:
        raise FileRejected("file-too-large", max_mb=limits.max_bytes // MiB)
    formats = _heif_formats() if _is_heif(data) else ACCEPTED_FORMATS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=formats)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise FileRejected("image-too-many-pixels") from None
    except (UnidentifiedImageError, OSError, ValueError, RuntimeError):
        raise FileRejected("file-not-an-image") from None
    width, height = image.size
    if width * height > limits.max_pixels:
        raise FileRejected("image-too-many-pixels")
    long_min, short_min = max(limits.min_width, limits.min_height), min(limits.min_width, limits.min_height)
    if max(width, height) < long_min or min(width, height) < short_min:
        raise FileRejected("image-too-small", min_width=limits.min_width, min_height=limits.min_height)
    return image


def _draft(image: Image.Image, limits: ImageLimits) -> None:
    """Let libjpeg decode a big JPEG at 1/2, 1/4 or 1/8 scale, keeping ``min_decoded_edge``."""
    if image.format not in ("JPEG", "MPO"):
        return
    width, height = image.size
    keep = limits.min_decoded_edge / max(width, height)
    if keep <= 0.5:
        # draft picks the largest scale that still gives at least the size asked for
        image.draft("RGB", (math.ceil(width * keep), math.ceil(height * keep)))


def _flatten(image: Image.Image) -> Image.Image:
    """RGB for JPEG: transparency over white, CMYK, 16-bit and palettes converted."""
    from PIL import Image

    if image.mode in ("RGB", "L"):
        return image
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def _jpeg(image: Image.Image, quality: int) -> bytes:
    out = io.BytesIO()
    # no exif=, icc_profile= or comment: the re-encoded file carries no metadata at all
    image.save(out, "JPEG", quality=quality)
    return out.getvalue()


def process_image(data: bytes, limits: ImageLimits | None = None) -> ProcessedImage:
    """The whole pipeline; raises FileRejected with a specific reason."""
    from PIL import Image

    limits = limits or ImageLimits()
    image: Image.Image = _open(data, limits)
    _draft(image, limits)
    try:
        image.load()
    except (OSError, ValueError, SyntaxError, RuntimeError):
        raise FileRejected("file-not-an-image") from None
    # HEIF: libheif has already turned the pixels (irot/imir) and pillow-heif has reset this to 1
    orientation = image.getexif().get(_ORIENTATION, 1)
    image = _flatten(image)
    if max(image.size) > limits.max_edge:
        # Downscale before rotating: turning the small picture is cheaper. Hamming is a proper
        # antialiasing filter and about half the cost of Lanczos.
        image.thumbnail((limits.max_edge, limits.max_edge), Image.Resampling.HAMMING, reducing_gap=3.0)
    if orientation in _TRANSPOSE:
        image = image.transpose(Image.Transpose[_TRANSPOSE[orientation]])
    thumb = image.copy()
    # a box reduction by a whole factor, then bilinear: half the cost of a bilinear resize alone
    thumb.thumbnail((limits.thumbnail_edge, limits.thumbnail_edge), Image.Resampling.BILINEAR, reducing_gap=1.5)
    return ProcessedImage(
        _jpeg(image, limits.quality), image.width, image.height, _jpeg(thumb, limits.thumbnail_quality)
    )


PDF_MAGIC = b"%PDF-"


def check_pdf(data: bytes, limits: ImageLimits | None = None) -> int | None:
    """A PDF that a staff member's viewer will open → its page count; raises FileRejected otherwise.

    None: encrypted with AES-256, whose password check needs the ``cryptography`` package; such a
    file is accepted unchecked.
    """
    limits = limits or ImageLimits()
    if not data.startswith(PDF_MAGIC):
        raise FileRejected("file-not-pdf")
    if len(data) > limits.max_pdf_bytes:
        raise FileRejected("file-too-large", max_mb=limits.max_pdf_bytes // MiB)
    # loaded with the first PDF, not at start (issue 15: RSS)
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise FileNotDecryptedError("opening it needs a password")
        pages = len(reader.pages)
    except FileNotDecryptedError:
        raise FileRejected("pdf-password") from None
    except DependencyError:
        return None
    except Exception:
        # a truncated or corrupt file: pypdf raises many kinds (PdfReadError, KeyError, ValueError…)
        raise FileRejected("pdf-damaged") from None
    if pages == 0:
        raise FileRejected("pdf-damaged")
    return pages
