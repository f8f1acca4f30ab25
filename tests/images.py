"""Real image bytes for tests, made with Pillow (synthetic: nobody's photo)."""

from __future__ import annotations

import io
import random
import struct
import zlib

from PIL import Image, ImageDraw


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


def jpeg_bytes(image: Image.Image, *, orientation: int | None = None, gps: bool = False, quality: int = 90) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone X"  # Model
    if orientation is not None:
        exif[0x0112] = orientation
    if gps:
        exif[0x8825] = {1: "N", 2: (35.0, 41.0, 21.0), 3: "E", 4: (51.0, 23.0, 22.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality, exif=exif.tobytes())
    return out.getvalue()


def png_bomb(width: int = 30000, height: int = 30000) -> bytes:
    """A tiny PNG whose header claims a huge image (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    row = b"\x00" + b"\x00" * 64
    idat = zlib.compress(row * 64, 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def minimal_pdf() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )
