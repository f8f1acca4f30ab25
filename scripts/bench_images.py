"""Micro-benchmark of the document-photo pipeline (not a test): a 12-megapixel phone-like JPEG
(and a 48-megapixel one, where JPEG draft mode can decode at half scale) through
``storage.images.process_image`` and through a naive open/resize/save.

    python scripts/bench_images.py [--runs 10]
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PIL import Image, ImageDraw, ImageFilter

from storage.images import naive_process_image, process_image


def phone_jpeg(width: int = 4000, height: int = 3000) -> bytes:
    image = Image.effect_noise((width, height), 64).convert("RGB")
    image = image.filter(ImageFilter.GaussianBlur(2))
    draw = ImageDraw.Draw(image)
    for i in range(0, width, 97):
        draw.line((i, 0, width - i, height), fill=(i % 255, 80, 200 - i % 200), width=9)
    exif = Image.Exif()
    exif[0x0112] = 6
    out = io.BytesIO()
    image.save(out, "JPEG", quality=92, exif=exif.tobytes())
    return out.getvalue()


def timed(fn: object, data: bytes, runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn(data)  # type: ignore[operator]
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    for width, height in ((4000, 3000), (8000, 6000)):
        data = phone_jpeg(width, height)
        process_image(data)  # warm up
        naive_process_image(data)
        pipeline_ms = timed(process_image, data, args.runs)
        naive_ms = timed(naive_process_image, data, args.runs)
        mp = width * height / 1e6
        print(f"{mp:.0f} MP ({width}x{height} JPEG, {len(data) / 1e6:.1f} MB), median of {args.runs} runs")  # noqa: T201
        print(f"  pipeline (draft + EXIF + strip + thumbnail): {pipeline_ms:7.1f} ms/photo")  # noqa: T201
        print(f"  naive open/transpose/resize/save:            {naive_ms:7.1f} ms/photo")  # noqa: T201
        print(f"  ratio naive/pipeline: {naive_ms / pipeline_ms:.2f}x")  # noqa: T201


if __name__ == "__main__":
    main()
