"""Photos the desk is handed (catalog pictures, step photos): their size checked before decoding.

A 32000×32000 PNG is a few hundred kilobytes on disk and gigabytes once decoded, so an
image's width and height are read from its header (Pillow opens files lazily: nothing is
decoded until the pixels are asked for) and anything past a sane pixel count is refused.
"""

from __future__ import annotations

from pathlib import Path

# 50 megapixels: above every phone and most cameras (12–48 MP), a tenth of what decoding
# the 32000×32000 attack would need (about 3 GB for a colour image).
MAX_IMAGE_PIXELS = 50_000_000


def image_problem(path: Path, shown_as: str | None = None) -> str | None:
    """Why the image file cannot be used (not an image, too many pixels), from its header only."""
    from PIL import Image, UnidentifiedImageError

    name = shown_as or str(path)
    # Pillow is used for nothing but this header read; its own bomb check would refuse at
    # open without telling the size, so ours (lower, with the size in words) replaces it.
    Image.MAX_IMAGE_PIXELS = None
    try:
        with Image.open(path) as image:
            width, height = image.size
    except (UnidentifiedImageError, OSError, ValueError):
        return f"{name} cannot be read as an image"
    if width * height > MAX_IMAGE_PIXELS:
        return (
            f"{name} is {width}×{height} pixels ({width * height / 1e6:,.0f} million); the "
            f"limit is {MAX_IMAGE_PIXELS // 1_000_000} million: save a smaller copy and use that"
        )
    return None
