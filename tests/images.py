"""Real image and PDF bytes for tests, made with Pillow, pillow-heif and fpdf2 (synthetic: nobody's
photo or certificate)."""

from __future__ import annotations

import io
import random
import struct
import zlib

import pillow_heif
from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont


def photo(width: int = 1600, height: int = 1200, *, seed: int = 1, marker: bool = True) -> Image.Image:
    """A photo-like picture (gradient and noise) with a red block in the top-left corner."""
    rng = random.Random(seed)
    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    noise = Image.effect_noise((width, height), 40).convert("RGB")
    image = Image.blend(image, noise, 0.3)
    draw = ImageDraw.Draw(image)
    for _ in range(20):
        x, y = rng.randrange(width), rng.randrange(height)
        draw.ellipse((x, y, x + width // 10, y + height // 10), fill=(rng.randrange(256), 90, 160))
    if marker:
        draw.rectangle((0, 0, width // 5, height // 5), fill=(255, 0, 0))
    return image


Box = tuple[int, int, int, int]


def certificate(width: int = 4000, height: int = 3000, *, seed: int = 7) -> tuple[Image.Image, Box]:
    """A photo of a certificate: paper on a grey desk, a frame of hairlines, a title, paragraphs of
    small print (16 px letters at 4000 px across), a table ruled with 1-pixel lines and a stamp.
    Returns the picture and the box (left, top, right, bottom) holding the small print and the table."""
    rng = random.Random(seed)
    image = Image.new("RGB", (width, height), (96, 92, 88))
    draw = ImageDraw.Draw(image)
    s = width / 4000
    left, top, right, bottom = width // 10, height // 10, width * 9 // 10, height * 9 // 10
    draw.rectangle((left - 100 * s, top - 100 * s, right + 100 * s, bottom + 100 * s), fill=(246, 243, 232))
    for inset in range(0, 24, 3):  # a guilloche-like frame of hairlines
        draw.rectangle((left - inset, top - inset, right + inset, bottom + inset), outline=(40, 60, 120), width=1)
    title, body, small = (ImageFont.load_default(size=round(n * s)) for n in (64, 26, 16))
    draw.text((left + 40 * s, top + 40 * s), "CERTIFICATE OF EDUCATION No. 1403/5521", fill=0, font=title)
    words = ["civil", "engineering", "degree", "1398/06/31", "Tehran", "grade", "17.85", "sheet", "No.", "structural"]
    y = text_top = top + 150 * s
    for row in range(24):
        font = small if row % 3 else body
        draw.text((left + 40 * s, y), " ".join(rng.choice(words) for _ in range(24)), fill=(20, 20, 30), font=font)
        y += (36 if font is body else 26) * s
    table_left, table_top, table_right = left + 40 * s, y + 20 * s, right - 40 * s
    for r in range(9):  # a table ruled with hairlines
        draw.line((table_left, table_top + r * 30 * s, table_right, table_top + r * 30 * s), fill=(30, 30, 30))
    for c in range(13):
        x = table_left + c * (table_right - table_left) / 12
        draw.line((x, table_top, x, table_top + 240 * s), fill=(30, 30, 30))
    cx, cy, radius = right - 300 * s, bottom - 250 * s, 160 * s
    draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), outline=(150, 30, 60), width=3)
    return image, (left, round(text_top), right, round(table_top + 240 * s))


def _exif(orientation: int | None, gps: bool) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone X"  # Model
    if orientation is not None:
        exif[0x0112] = orientation
    if gps:
        exif[0x8825] = {1: "N", 2: (35.0, 41.0, 21.0), 3: "E", 4: (51.0, 23.0, 22.0)}
    return exif.tobytes()


def jpeg_bytes(image: Image.Image, *, orientation: int | None = None, gps: bool = False, quality: int = 90) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality, exif=_exif(orientation, gps))
    return out.getvalue()


def heic_bytes(image: Image.Image, *, orientation: int | None = None, gps: bool = False, quality: int = 60) -> bytes:
    """A HEIC file as an iPhone writes one: HEVC pixels as taken, the turn to make them upright in
    the container (irot) and in EXIF, GPS in EXIF."""
    out = io.BytesIO()
    pillow_heif.from_pillow(image).save(out, quality=quality, exif=_exif(orientation, gps))
    return out.getvalue()


def png_bomb(width: int = 30000, height: int = 30000) -> bytes:
    """A tiny PNG whose header claims a huge image (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    row = b"\x00" + b"\x00" * 64
    idat = zlib.compress(row * 64, 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def pdf_document(pages: int = 3) -> bytes:
    """A real PDF of ``pages`` pages (as a scanner app makes of a birth certificate's pages)."""
    pdf = FPDF()
    pdf.set_font("helvetica", size=14)
    for page in range(1, pages + 1):
        pdf.add_page()
        pdf.cell(text=f"Birth certificate, page {page} of {pages}")
    return bytes(pdf.output())


def minimal_pdf() -> bytes:
    return pdf_document(pages=1)
