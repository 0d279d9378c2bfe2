"""A drawing or a photo of a digit, prepared the way MNIST's digits were.

Reference: LeCun, Cortes & Burges, "The MNIST database" (yann.lecun.com/exdb/mnist):
"the images were size normalized to fit in a 20x20 pixel box while preserving their
aspect ratio ... [then] centered in a 28x28 image by computing the center of mass
of the pixels, and translating the image so as to position this point at the
center of the 28x28 field."

The steps, each returned for display:
  1. ink       grayscale ink in [0, 1] (1 = ink): transparency composited on white,
               dark-on-light pictures inverted (MNIST is light ink on black)
  2. crop      the bounding box of the ink
  3. box       resized so that its longer side is 20 pixels, aspect ratio kept
  4. centered  pasted in 28x28 so that its centre of mass sits at the centre

Bad input raises `SketchError(code)`: ``blank`` (no ink at all, e.g. an empty canvas
or an all-white image), ``dot`` (the ink fits in a tiny box: enlarging it to 20 pixels
would only draw a blob), ``shape`` (not an image array). The app translates the codes.
No gradio here: the tabs pass arrays, dicts of layers or tensors.
"""

from typing import NamedTuple

import numpy as np
import torch
from PIL import Image

from genkit.images import InputError

BOX = 20  # side of the box the digit is fitted into
SIDE = 28  # side of the final image
INK = 0.1  # grey level above which a pixel counts as ink (for the bounding box)
MAX_SIDE = 512  # larger inputs are shrunk first (the result is 28x28 anyway)
MIN_BOX = 0.1  # ink whose box is smaller than this share of the canvas side (and than 3 pixels) is a dot

MESSAGES = {
    "blank": "the drawing is empty: there is no ink to read",
    "dot": "the drawing is a single dot ({h} x {w} pixels of ink): draw a whole digit",
    "shape": "expected an image (H, W), (H, W, 3) or (H, W, 4), got shape {shape}",
}


class SketchError(InputError):
    """Input that cannot be made into a digit; `code` is a key of MESSAGES."""

    messages = MESSAGES


class Prepared(NamedTuple):
    x: torch.Tensor  # (1, 28, 28) in [0, 1]: the model's input
    steps: dict  # name -> (H, W) float array in [0, 1]: ink, crop, box, centered
    inverted: bool  # the picture was dark on light and was inverted


def layers_of(value) -> np.ndarray | None:
    """A sketchpad's value (dict with 'composite', 'background', 'layers'), or an array, as one array.

    The composite is used when present; otherwise the layers are stacked on the background
    (alpha over). Returns None when there is nothing at all.
    """
    if value is None:
        return None
    if not isinstance(value, dict):
        return np.asarray(value)
    if value.get("composite") is not None:
        return np.asarray(value["composite"])
    parts = [np.asarray(p) for p in [value.get("background"), *(value.get("layers") or [])] if p is not None]
    if not parts:
        return None
    out = _rgba(parts[0])
    for layer in parts[1:]:
        top = _rgba(layer)
        if top.shape != out.shape:
            continue
        a = top[..., 3:] / 255.0
        out = np.concatenate([top[..., :3] * a + out[..., :3] * (1 - a),
                              np.maximum(out[..., 3:], top[..., 3:])], axis=-1)
    return out


def _rgba(a: np.ndarray) -> np.ndarray:
    a = np.asarray(a, dtype=np.float64)
    if a.max(initial=0) <= 1.0 and a.dtype != np.uint8:
        a = a * 255
    if a.ndim == 2:
        a = np.stack([a, a, a, np.full_like(a, 255)], axis=-1)
    elif a.shape[-1] == 3:
        a = np.concatenate([a, np.full(a.shape[:2] + (1,), 255.0)], axis=-1)
    return a


def to_ink(image) -> tuple[np.ndarray, bool]:
    """Any image (array (H, W[, 3|4]) uint8 or float, or tensor (C, H, W)) -> ((H, W) ink in [0, 1], inverted)."""
    if isinstance(image, torch.Tensor):
        t = image.detach().float().cpu()
        image = (t.permute(1, 2, 0) if t.dim() == 3 else t).numpy()
    a = np.asarray(image)
    if a.ndim == 3 and a.shape[-1] == 1:
        a = a[..., 0]
    if a.ndim not in (2, 3) or (a.ndim == 3 and a.shape[-1] not in (3, 4)) or min(a.shape[:2]) < 1:
        raise SketchError("shape", shape=tuple(a.shape))
    a = a.astype(np.float64) / (255.0 if a.dtype == np.uint8 or a.max(initial=0) > 1.0 else 1.0)
    a = np.nan_to_num(np.clip(a, 0, 1))
    if a.ndim == 2:
        gray, alpha = a, np.ones_like(a)
    else:
        gray = a[..., :3] @ np.array([0.299, 0.587, 0.114])  # ITU-R 601 luma, as PIL's "L"
        alpha = a[..., 3] if a.shape[-1] == 4 else np.ones(a.shape[:2])
    if alpha.max() > 0 and alpha.min() < 1 and (alpha < 0.5).mean() > 0.5:
        # a transparent canvas (a sketchpad): the strokes are what is opaque, whatever their colour
        return alpha, False
    gray = alpha * gray + (1 - alpha)  # transparency composited on white
    border = np.concatenate([gray[0], gray[-1], gray[:, 0], gray[:, -1]])
    inverted = bool(np.median(border) > 0.5)  # light background: dark ink on paper, invert
    return (1 - gray) if inverted else gray, inverted


def _shrink(ink: np.ndarray) -> np.ndarray:
    h, w = ink.shape
    if max(h, w) <= MAX_SIDE:
        return ink
    s = MAX_SIDE / max(h, w)
    im = Image.fromarray(ink.astype(np.float32), mode="F")
    return np.asarray(im.resize((max(1, round(w * s)), max(1, round(h * s))), Image.BOX), dtype=np.float64)


def prepare(image) -> Prepared:
    """The MNIST preprocessing of a drawing or photo; raises SketchError for an empty canvas or a dot."""
    ink, inverted = to_ink(layers_of(image) if isinstance(image, dict) else image)
    full = ink
    ink = _shrink(ink)
    if ink.max() < INK:
        raise SketchError("blank")
    ink = ink / ink.max()  # a faint pencil becomes full ink

    # 2. crop to the bounding box of the ink
    rows, cols = np.nonzero(ink > INK)
    crop = ink[rows.min() : rows.max() + 1, cols.min() : cols.max() + 1]
    h, w = crop.shape
    if max(h, w) < max(3, MIN_BOX * max(ink.shape)):
        raise SketchError("dot", h=h, w=w)

    # 3. fit in a 20x20 box, aspect ratio kept (antialiased, as MNIST's grey levels come from antialiasing)
    s = BOX / max(h, w)
    size = (max(1, round(w * s)), max(1, round(h * s)))  # (width, height) for PIL
    box = np.asarray(Image.fromarray(crop.astype(np.float32), mode="F").resize(size, Image.LANCZOS), dtype=np.float64)
    box = np.clip(box, 0, 1)

    # 4. centre of mass to the centre of the 28x28 field
    bh, bw = box.shape
    mass = box.sum()
    cy = (box.sum(1) * np.arange(bh)).sum() / mass if mass > 0 else (bh - 1) / 2
    cx = (box.sum(0) * np.arange(bw)).sum() / mass if mass > 0 else (bw - 1) / 2
    top = int(np.clip(round((SIDE - 1) / 2 - cy), 0, SIDE - bh))  # stay inside the field
    left = int(np.clip(round((SIDE - 1) / 2 - cx), 0, SIDE - bw))
    centered = np.zeros((SIDE, SIDE))
    centered[top : top + bh, left : left + bw] = box
    x = torch.from_numpy(centered).float()[None]  # (1, 28, 28)
    return Prepared(x, {"ink": full, "crop": crop, "box": box, "centered": centered}, inverted)
