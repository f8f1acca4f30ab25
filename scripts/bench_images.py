"""Micro-benchmark of the document-photo pipeline (not a test): phone-like JPEGs of 12 MP
(4000×3000) and 48 MP (8000×6000) through ``storage.images.process_image`` as it is in this tree
("after") and as it is on a git revision ("before", default ``main``), in the same run.

    python scripts/bench_images.py [--runs 15] [--base main] [--heic]

The two versions are timed alternately, photo by photo, so that a noisy machine (other processes on
two cores) slows both alike; it prints medians and two ratios: of the medians, and the median of
the per-pair ratios. With pyvips installed it also times the same work done by libvips (the
candidate that was measured and not kept); ``--heic`` adds a 12 MP HEIC (pillow-heif).

Issue 28: "after, sealed" is the pipeline as a stored document goes through it now — the photo and
its thumbnail then sealed for the disk (AES-256-GCM, a data key each, ``storage.encryption``) — and
the stored JPEG's sealing and opening alone are timed after each photo size.
"""

from __future__ import annotations

import argparse
import io
import statistics
import subprocess
import sys
import time
import types
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PIL import Image, ImageDraw, ImageFilter

from storage.encryption import Keyring, new_key_text
from storage.images import ProcessedImage, process_image

ROOT = Path(__file__).resolve().parents[1]

Pipeline = Callable[[bytes], object]


def phone_photo(width: int, height: int) -> Image.Image:
    image = Image.effect_noise((width, height), 64).convert("RGB")
    image = image.filter(ImageFilter.GaussianBlur(2))
    draw = ImageDraw.Draw(image)
    for i in range(0, width, 97):
        draw.line((i, 0, width - i, height), fill=(i % 255, 80, 200 - i % 200), width=9)
    return image


def phone_jpeg(width: int = 4000, height: int = 3000) -> bytes:
    """Held upright (orientation 6), quality 92: about 2.7 MB at 12 MP, like a phone's."""
    exif = Image.Exif()
    exif[0x0112] = 6
    out = io.BytesIO()
    phone_photo(width, height).save(out, "JPEG", quality=92, exif=exif.tobytes())
    return out.getvalue()


def phone_heic(width: int = 4032, height: int = 3024) -> bytes:
    from pillow_heif import register_heif_opener

    register_heif_opener()
    exif = Image.Exif()
    exif[0x0112] = 6
    out = io.BytesIO()
    phone_photo(width, height).save(out, "HEIF", quality=80, exif=exif.tobytes())
    return out.getvalue()


def pipeline_at(revision: str) -> Pipeline | None:
    """``process_image`` of storage/images.py as committed at ``revision``, or None."""
    try:
        source = subprocess.run(  # noqa: S603  (a developer's own argument)
            ["git", "show", f"{revision}:storage/images.py"],  # noqa: S607
            cwd=ROOT,
            capture_output=True,
            check=True,
            text=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    module = types.ModuleType(f"images_at_{revision}")
    sys.modules[module.__name__] = module  # dataclasses look their module up
    exec(compile(source, f"{revision}:storage/images.py", "exec"), module.__dict__)  # noqa: S102
    fn: Pipeline = module.process_image
    return fn


def vips_pipeline() -> Pipeline | None:
    """The same work in libvips: shrink-on-load (as Pillow's draft), autorotate, strip, thumbnail."""
    try:
        import pyvips
    except (ImportError, OSError):
        return None

    def run(data: bytes) -> object:
        long_edge = max(pyvips.Image.new_from_buffer(data, "").width, pyvips.Image.new_from_buffer(data, "").height)
        shrink = next(s for s in (8, 4, 2, 1) if long_edge // s >= 2000)
        image = pyvips.Image.new_from_buffer(data, "", shrink=shrink).autorot().copy_memory()
        factor = max(image.width, image.height) / 320
        thumb = image.reduce(factor, factor)
        return image.jpegsave_buffer(Q=85, strip=True), thumb.jpegsave_buffer(Q=70, strip=True)

    return run


KEYRING = Keyring.from_texts(new_key_text())  # made for this run, never stored


def sealed_pipeline(data: bytes) -> object:
    """process_image, then both outputs sealed as the store writes them (issue 28)."""
    image = process_image(data)
    return KEYRING.seal("ab/cd/photo.jpg", image.jpeg), KEYRING.seal("ab/cd/thumb.jpg", image.thumbnail)


def sealing(stored: ProcessedImage, runs: int) -> None:
    """Sealing and opening the stored JPEG alone (what a document costs on the way to and from disk)."""
    KEYRING.open("x.jpg", KEYRING.seal("x.jpg", stored.jpeg))  # warm up: cryptography loaded
    seal, open_ = [], []
    for _ in range(runs * 4):
        start = time.perf_counter()
        blob = KEYRING.seal("ab/cd/photo.jpg", stored.jpeg)
        seal.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        KEYRING.open("ab/cd/photo.jpg", blob)
        open_.append((time.perf_counter() - start) * 1000)
    print(  # noqa: T201
        f"  the stored JPEG ({len(stored.jpeg) / 1e6:.2f} MB): sealed in {statistics.median(seal):.2f} ms, "
        f"opened in {statistics.median(open_):.2f} ms (medians of {len(seal)}; "
        f"max {max(seal):.2f} / {max(open_):.2f} ms)"
    )


def once(fn: Pipeline, data: bytes) -> float:
    start = time.perf_counter()
    fn(data)
    return (time.perf_counter() - start) * 1000


def compare(name: str, data: bytes, pipelines: dict[str, Pipeline], runs: int) -> None:
    for fn in pipelines.values():
        fn(data)  # warm up (and load pillow-heif for a HEIC)
    samples: dict[str, list[float]] = {label: [] for label in pipelines}
    for i in range(runs):
        order = list(pipelines.items())
        for label, fn in order if i % 2 == 0 else reversed(order):
            samples[label].append(once(fn, data))
    after = process_image(data)
    print(f"{name}, {len(data) / 1e6:.1f} MB → stored {after.width}×{after.height}, median of {runs} runs")  # noqa: T201
    medians = {label: statistics.median(s) for label, s in samples.items()}
    for label, ms in medians.items():
        spread = f"{min(samples[label]):.0f}–{max(samples[label]):.0f}"
        print(f"  {label:28s} {ms:7.1f} ms   (min–max {spread} ms)")  # noqa: T201
    if "before" in samples:
        pairs = [b / a for b, a in zip(samples["before"], samples["after"], strict=True)]
        print(  # noqa: T201
            f"  speed-up before/after: {medians['before'] / medians['after']:.2f}x of the medians, "
            f"{statistics.median(pairs):.2f}x median of pairs"
        )
    sealing(after, runs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--base", default="main", help="git revision timed as 'before'")
    parser.add_argument("--heic", action="store_true", help="also a 12 MP HEIC (encoding it takes a while)")
    args = parser.parse_args()
    pipelines: dict[str, Pipeline] = {"after": process_image, "after, sealed (issue 28)": sealed_pipeline}
    before = pipeline_at(args.base)
    if before is not None:
        pipelines["before"] = before
    vips = vips_pipeline()
    if vips is not None:
        pipelines["pyvips (not kept)"] = vips
    for width, height in ((4000, 3000), (8000, 6000)):
        compare(f"{width * height / 1e6:.0f} MP JPEG {width}×{height}", phone_jpeg(width, height), pipelines, args.runs)
    if args.heic:
        compare("12 MP HEIC 4032×3024", phone_heic(), {"after": process_image}, max(3, args.runs // 5))


if __name__ == "__main__":
    main()
