"""User images in, (C, H, W) tensors in [0, 1] out, or a clear refusal; and procedural example images.

References: Pillow's handbook, "Concepts" (modes: 1, L, P, LA, RGBA, CMYK, I;16, I,
F ...) and "Decompression bomb protection" (a small file may declare billions of
pixels: the declared size is checked from the header, before any decoding).

`load_image` never guesses silently: what it had to change (downscaling, flattening
transparency on a background, converting CMYK, rescaling unusual ranges) comes back
as notes, and what it cannot read raises `ImageInputError(code, **details)`; the app
translates both codes. No dataset image is ever stored in the repository: the
examples are drawn here, in code.
"""

import functools
import math
import os
import re
import warnings
from typing import NamedTuple

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_SIDE = 512  # larger images are downscaled (with a note) so that every interaction stays fast
MAX_PIXELS = 40_000_000  # declared pixels beyond which a file is refused before decoding

MESSAGES = {  # English text of each error code (the app has its own translations)
    "missing": "no image was given",
    "not_image": "{name} is not an image that can be read (PNG, JPEG, WebP, GIF, BMP, TIFF ...)",
    "too_large": "the image declares {megapixels} megapixels, more than the {limit} allowed; it was refused "
                 "before decoding (a small file can expand to gigabytes: a decompression bomb)",
    "empty": "the image has no pixels ({width} x {height})",
    "corrupt": "the image could not be decoded: {detail}",
    "unsupported": "the image mode {mode} is not supported",
}


class InputError(ValueError):
    """Input refused with a reason: `code` is a key of the class's `messages`, `details` fills its text.

    The English text is the exception's message; the app translates the same code with the same
    details (genkit/ui/inputs.py), so a student reads the reason in their own language.
    """

    messages: dict[str, str] = {}

    def __init__(self, code: str, **details):
        super().__init__(self.messages[code].format(**details))
        self.code = code
        self.details = details


class ImageInputError(InputError):
    """A file that cannot be used as an image; `code` is a key of MESSAGES."""

    messages = MESSAGES


class Loaded(NamedTuple):
    image: torch.Tensor  # (C, H, W) float in [0, 1], C = 1 (grayscale) or 3 (RGB)
    notes: list  # [(code, details)]: downscaled, alpha, cmyk, rescaled

    @property
    def downscaled(self) -> bool:
        return any(code == "downscaled" for code, _ in self.notes)


def load_image(path, max_side: int = MAX_SIDE, background: str = "white", max_pixels: int = MAX_PIXELS) -> Loaded:
    """Decode the image file at `path`; transparency is composited on `background` ('white' or 'black')."""
    if not path or not os.path.isfile(path):
        raise ImageInputError("missing")
    stat = os.stat(path)
    x, notes = _load(str(path), stat.st_mtime_ns, stat.st_size, max_side, background, max_pixels)
    return Loaded(x.clone(), list(notes))


@functools.lru_cache(maxsize=16)  # the same upload is read by several handlers, once
def _load(path, mtime_ns, size, max_side, background, max_pixels) -> tuple[torch.Tensor, tuple]:
    limit = min(max_pixels, Image.MAX_IMAGE_PIXELS or max_pixels)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # we check the size ourselves
            im = Image.open(path)
    except Image.DecompressionBombError as e:  # Pillow refused the header already
        found = re.search(r"\((\d+) pixels\)", str(e))
        mp = int(found.group(1)) / 1e6 if found else float("nan")
        raise ImageInputError("too_large", megapixels=f"{mp:.0f}", limit=f"{limit / 1e6:.0f}") from e
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as e:
        raise ImageInputError("not_image", name=os.path.basename(path)) from e
    with im:
        width, height = im.size
        if width * height > limit:
            raise ImageInputError("too_large", megapixels=f"{width * height / 1e6:.0f}", limit=f"{limit / 1e6:.0f}")
        if width < 1 or height < 1:
            raise ImageInputError("empty", width=width, height=height)
        if im.format == "JPEG" and max(width, height) > max_side:
            im.draft(im.mode, (max_side, max_side))  # let the JPEG decoder skip detail we would discard
        try:
            im.load()
            im = ImageOps.exif_transpose(im)  # phone photos: apply the stored rotation
        except Exception as e:  # noqa: BLE001 - Pillow's decoders raise many types on damaged data
            raise ImageInputError("corrupt", detail=f"{type(e).__name__}: {e}") from e
        im, divisor, notes = _normalize_mode(im, background)
        if max(im.size) > max_side:
            scale = max_side / max(im.size)
            new = (max(1, round(im.width * scale)), max(1, round(im.height * scale)))
            im = im.resize(new, Image.Resampling.LANCZOS, reducing_gap=3.0)
            notes.append(("downscaled", {"width": width, "height": height, "new_width": new[0], "new_height": new[1]}))
        array = np.asarray(im, dtype=np.float32) / divisor  # (H, W) or (H, W, 3)
    x = torch.from_numpy(np.ascontiguousarray(array)).clamp_(0, 1)
    x = x[None] if x.dim() == 2 else x.permute(2, 0, 1)  # (C, H, W)
    return x.contiguous(), tuple(notes)


def _normalize_mode(im: Image.Image, background: str) -> tuple[Image.Image, float, list]:
    """One of 'L', 'RGB' (8 bits) or 'F' (float), with the divisor that maps it to [0, 1]."""
    notes = []
    mode = im.mode
    if mode == "P":
        im = im.convert("RGBA" if "transparency" in im.info else "RGB")
    elif mode == "PA":
        im = im.convert("RGBA")
    elif mode == "1":
        im = im.convert("L")
    elif mode == "CMYK":
        im = im.convert("RGB")
        notes.append(("cmyk", {}))
    elif mode in ("YCbCr", "LAB", "HSV", "RGBX"):
        im = im.convert("RGB")
    if im.mode in ("RGBA", "RGBa", "LA", "La"):
        gray = im.mode.startswith("L")
        rgba = im.convert("RGBA")
        if rgba.getchannel("A").getextrema()[0] < 255:  # some pixel is not opaque
            notes.append(("alpha", {"background": background}))
        base = Image.new("RGBA", rgba.size, (255, 255, 255, 255) if background == "white" else (0, 0, 0, 255))
        im = Image.alpha_composite(base, rgba).convert("L" if gray else "RGB")
    if im.mode in ("L", "RGB"):
        return im, 255.0, notes
    if im.mode.startswith("I;16"):
        return Image.fromarray(np.asarray(im).astype(np.float32), mode="F"), 65535.0, notes
    if im.mode in ("I", "F"):
        array = np.asarray(im).astype(np.float32)
        lo, hi = float(array.min()), float(array.max())
        top = 1.0 if im.mode == "F" else 65535.0  # a 32-bit integer image is most often 16-bit data
        if lo < 0 or hi > top:
            notes.append(("rescaled", {"low": f"{lo:g}", "high": f"{hi:g}"}))
            array = (array - lo) / (hi - lo) if hi > lo else np.zeros_like(array)
            top = 1.0
        return Image.fromarray(array, mode="F"), top, notes
    raise ImageInputError("unsupported", mode=im.mode)


# ----------------------------------------------------------------------------- tensors


def to_gray(x: torch.Tensor) -> torch.Tensor:
    """(C, H, W) -> (1, H, W) luminance with the ITU-R 601 weights (Pillow's 'L')."""
    if x.shape[0] == 1:
        return x
    return (0.299 * x[0] + 0.587 * x[1] + 0.114 * x[2])[None]


def shrink(x: torch.Tensor, max_side: int) -> torch.Tensor:
    """(C, H, W) downscaled with antialiasing so that its longer side is at most `max_side`."""
    h, w = x.shape[-2:]
    if max(h, w) <= max_side:
        return x
    scale = max_side / max(h, w)
    size = (max(1, round(h * scale)), max(1, round(w * scale)))
    return F.interpolate(x[None], size=size, mode="bilinear", antialias=True, align_corners=False)[0].clamp(0, 1)


# ----------------------------------------------------------------------------- examples, drawn in code


def _shapes(n: int) -> np.ndarray:
    """A checkerboard, a disc, a triangle, stripes and a ring on a soft gradient: edges in every direction."""
    y, x = np.mgrid[0:n, 0:n] / n  # (n, n) each, in [0, 1)
    img = np.stack([0.75 + 0.2 * x, 0.75 + 0.1 * y, 0.8 - 0.1 * x], -1)  # (n, n, 3) background
    checker = ((np.floor(x * 16) + np.floor(y * 16)) % 2)[..., None]
    img = np.where(((x < 0.45) & (y < 0.45))[..., None], 0.1 + 0.8 * checker, img)
    disc = (x - 0.72) ** 2 + (y - 0.28) ** 2 < 0.18**2
    img[disc] = (0.9, 0.35, 0.1)
    triangle = (y > 0.55) & (y < 0.92) & (np.abs(x - 0.25) < (y - 0.55) * 0.6)
    img[triangle] = (0.15, 0.3, 0.85)
    stripes = (x > 0.55) & (y > 0.55) & (x < 0.92) & (y < 0.92) & (np.floor((x + y) * 24) % 2 == 0)
    img[stripes] = (0.05, 0.05, 0.05)
    ring = np.abs(np.hypot(x - 0.72, y - 0.28) - 0.22) < 0.012
    img[ring] = (0.1, 0.5, 0.2)
    return img


def _rings(n: int) -> np.ndarray:
    """A zone plate: rings whose frequency grows outward, up to the pixel grid's limit (shows aliasing)."""
    y, x = np.mgrid[0:n, 0:n] - n / 2
    return (0.5 + 0.5 * np.cos(math.pi * (x**2 + y**2) / n))[..., None]


EXAMPLES = {"shapes": _shapes, "rings": _rings}


def example_image(name: str, size: int = 256) -> torch.Tensor:
    """(C, size, size) example image in [0, 1], drawn procedurally."""
    if name not in EXAMPLES:
        raise KeyError(f"unknown example {name!r}; known: {', '.join(EXAMPLES)}")
    array = EXAMPLES[name](size).astype(np.float32)  # (H, W, C)
    return torch.from_numpy(array).permute(2, 0, 1).contiguous()
