"""A certificate's fine print survives the fast path (JPEG decoded at 1/2 scale by libjpeg).

The fast output is compared, at its own resolution, with the slow path: the full-resolution decode
downscaled with Lanczos. Two measures, both over the small print and the ruled table only (the
blank paper would flatter any path): SSIM (Wang et al. 2004, 7×7 windows) and the strength of
the edges (mean gradient magnitude; a blurred or blocky path loses it). Deliberately bad paths are
measured too, so the test can be seen to fail.

Figures on the synthetic certificate (4000×3000, small print 16 px high → 8 px at 2000 px):
- fast path as stored (DCT 1/2, JPEG q85): SSIM 0.945, edges 0.97 — the print reads as before;
- slow path as stored (Lanczos, q85): SSIM 0.983; old pipeline's Hamming at 2000 px, q85: 0.958;
- nearest neighbour to 800 px and back: SSIM 0.64, edges 0.67 (the text is a smear);
- nearest neighbour straight to 2000 px: SSIM 0.79 (aliasing: strokes broken, letters jagged).
The fast path's gap to Lanczos is the box filter's softness (Pillow's own ``reduce(2)`` scores the
same 0.945), not lost detail: its edges stay within 3 %.
"""

from __future__ import annotations

import io

import numpy as np
import numpy.typing as npt
import pytest
from PIL import Image, ImageOps

from storage.images import process_image
from tests.images import certificate, jpeg_bytes

Array = npt.NDArray[np.float64]


def _grey(image: Image.Image) -> Array:
    return np.asarray(image.convert("L"), dtype=np.float64)


def _window_mean(values: Array, k: int = 7) -> Array:
    summed: Array = np.pad(values, ((1, 0), (1, 0))).cumsum(0).cumsum(1)
    window: Array = (summed[k:, k:] - summed[:-k, k:] - summed[k:, :-k] + summed[:-k, :-k]) / (k * k)
    return window


def ssim(a: Array, b: Array) -> float:
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    mean_a, mean_b = _window_mean(a), _window_mean(b)
    var_a = _window_mean(a * a) - mean_a**2
    var_b = _window_mean(b * b) - mean_b**2
    covariance = _window_mean(a * b) - mean_a * mean_b
    index = ((2 * mean_a * mean_b + c1) * (2 * covariance + c2)) / ((mean_a**2 + mean_b**2 + c1) * (var_a + var_b + c2))
    return float(index.mean())


def edge_strength(a: Array) -> float:
    dy, dx = np.gradient(a)
    return float(np.hypot(dx, dy).mean())


def slow_path(data: bytes, size: tuple[int, int]) -> Image.Image:
    """Full-resolution decode, upright, Lanczos down to ``size``: the best a downscale can do."""
    return ImageOps.exif_transpose(Image.open(io.BytesIO(data))).convert("RGB").resize(size, Image.Resampling.LANCZOS)


def nearest_800(data: bytes, size: tuple[int, int]) -> Image.Image:
    """Nearest neighbour to 800 px, brought back to ``size`` to be compared: fine print lost."""
    image = Image.open(io.BytesIO(data)).convert("RGB")
    image.thumbnail((800, 800), Image.Resampling.NEAREST, reducing_gap=None)
    return image.resize(size, Image.Resampling.BICUBIC)


def nearest(data: bytes, size: tuple[int, int]) -> Image.Image:
    """Nearest neighbour straight to ``size``: the right resolution, but aliased."""
    return Image.open(io.BytesIO(data)).convert("RGB").resize(size, Image.Resampling.NEAREST)


@pytest.fixture(scope="module")
def measured() -> dict[str, tuple[float, float]]:
    picture, (left, top, right, bottom) = certificate(4000, 3000)
    data = jpeg_bytes(picture, quality=92)
    fast = process_image(data)
    size = (fast.width, fast.height)
    assert size == (2000, 1500)  # decoded at 1/2: the long edge keeps 2000 px
    scale = fast.width / 4000
    box = (round(left * scale), round(top * scale), round(right * scale), round(bottom * scale))
    reference = _grey(slow_path(data, size).crop(box))
    paths = {"fast": Image.open(io.BytesIO(fast.jpeg)), "nearest 800": nearest_800(data, size)}
    paths["nearest"] = nearest(data, size)
    results = {}
    for name, image in paths.items():
        region = _grey(image.crop(box))
        results[name] = (ssim(region, reference), edge_strength(region) / edge_strength(reference))
    return results


def test_fine_print_survives_the_fast_path(measured: dict[str, tuple[float, float]]) -> None:
    structure, edges = measured["fast"]
    assert structure >= 0.93, measured
    assert 0.9 <= edges <= 1.1, measured


def test_the_measure_fails_a_path_that_loses_the_fine_print(measured: dict[str, tuple[float, float]]) -> None:
    structure, edges = measured["nearest 800"]
    assert structure < 0.85, measured
    assert edges < 0.9, measured


def test_the_measure_fails_a_path_that_aliases_the_fine_print(measured: dict[str, tuple[float, float]]) -> None:
    structure, _ = measured["nearest"]
    assert structure < 0.85, measured
