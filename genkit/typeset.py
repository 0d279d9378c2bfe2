"""Typeset digits, rendered on the fly: the CycleGAN's domain B (genkit/cyclegan.py).

Domain A is MNIST's handwriting; domain B is the same ten digits as a printer sets them, in
Pillow's bundled font (Aileron, `ImageFont.load_default(size=...)`), with a random size,
slant (an affine shear), stroke weight and position. Nothing is downloaded or stored: a
digit is a function of its seed, so the "test set" of domain B is simply the seeds
TEST_SEED, TEST_SEED + 1, ... and every machine draws the same images.

An image is drawn at 4 times the final resolution (112 x 112), sheared, placed so that its
centre of mass falls near the centre (as MNIST's digits are, LeCun et al. 1998), then
reduced to 28 x 28 by averaging 4 x 4 blocks (antialiasing). Light ink on black, in [0, 1],
the layout of genkit/data.py's images.
"""

import functools
import random

import numpy as np
import torch
from PIL import Image, ImageDraw, ImageFont

SIDE = 28  # side of a rendered digit, pixels
SCALE = 4  # drawn at SCALE x SIDE, then reduced
SIZES = (76, 104)  # font size range at 4x: a digit about 14 to 19 pixels tall at 28 x 28
SLANT = 0.35  # shear range: x += shear * (y - centre), |shear| <= SLANT (about 19 degrees)
STROKES = (0, 4)  # extra stroke width range at 4x: from hairline to bold
SHIFT = 1.5  # the centre of mass moves up to this many pixels (at 28 x 28) from the centre
TEST_SEED = 1_000_000  # the B test set: seeds TEST_SEED + i (training draws seeds below it)


@functools.cache
def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.load_default(size=size)


def _shift(a: np.ndarray, ty: int, tx: int) -> np.ndarray:
    """`a` moved down by ty and right by tx pixels, zeros where nothing comes in (no wrap-around)."""
    out = np.zeros_like(a)
    h, w = a.shape
    out[max(0, ty):h + min(0, ty), max(0, tx):w + min(0, tx)] = a[max(0, -ty):h - max(0, ty), max(0, -tx):w - max(0, tx)]
    return out


def render(digit: int, size: int, slant: float, stroke: int, dx: float = 0.0, dy: float = 0.0) -> np.ndarray:
    """One typeset digit: (28, 28) float array in [0, 1], light ink on black.

    size: the font size at 4x; slant: the shear factor (positive leans right); stroke: extra
    stroke width at 4x (0: the font's own weight); (dx, dy): where the centre of mass goes,
    in pixels from the centre of the 28 x 28 field.
    """
    if not 0 <= int(digit) <= 9:
        raise ValueError(f"digit must be 0 to 9, got {digit}")
    big = SIDE * SCALE
    im = Image.new("L", (big, big), 0)
    ImageDraw.Draw(im).text((big / 2, big / 2), str(int(digit)), fill=255, font=_font(int(size)), anchor="mm",
                            stroke_width=int(stroke), stroke_fill=255)
    # slant: output (x, y) reads input (x + slant * (y - c), y), so the top of the digit moves right
    c = big / 2
    im = im.transform(im.size, Image.AFFINE, (1, float(slant), -float(slant) * c, 0, 1, 0), resample=Image.BILINEAR)
    ink = np.asarray(im, dtype=np.float64) / 255  # (112, 112)
    mass = ink.sum()
    if mass > 0:  # the centre of mass to (centre + shift), whole pixels at 4x
        ys, xs = np.arange(big), np.arange(big)
        cy, cx = (ink.sum(1) * ys).sum() / mass, (ink.sum(0) * xs).sum() / mass
        ty, tx = round((big - 1) / 2 + dy * SCALE - cy), round((big - 1) / 2 + dx * SCALE - cx)
        ink = _shift(ink, ty, tx)
    return ink.reshape(SIDE, SCALE, SIDE, SCALE).mean(axis=(1, 3)).clip(0, 1)  # (28, 28)


def draw_style(rng: random.Random) -> dict:
    """A random size, slant, stroke and position (the arguments of `render` but the digit)."""
    return dict(size=rng.randint(*SIZES), slant=rng.uniform(-SLANT, SLANT), stroke=rng.randint(*STROKES),
                dx=rng.uniform(-SHIFT, SHIFT), dy=rng.uniform(-SHIFT, SHIFT))


def sample(seed: int, digit: int | None = None) -> tuple[torch.Tensor, int]:
    """The typeset digit of `seed`: ((1, 28, 28) in [0, 1], its digit); `digit` forces the digit."""
    rng = random.Random(seed)
    d = rng.randrange(10)
    d = d if digit is None else int(digit)
    return torch.from_numpy(render(d, **draw_style(rng))).float()[None], d


def batch(n: int, start: int, digits=None) -> tuple[torch.Tensor, torch.Tensor]:
    """n typeset digits of seeds start, start + 1, ...: ((n, 1, 28, 28) in [0, 1], their digits (n,))."""
    pairs = [sample(start + i, None if digits is None else digits[i]) for i in range(n)]
    return torch.stack([x for x, _ in pairs]), torch.tensor([d for _, d in pairs])


def test_set(n: int) -> tuple[torch.Tensor, torch.Tensor]:
    """The first n images of domain B's test set (seeds TEST_SEED ...), the same on every machine."""
    return batch(n, TEST_SEED)


class Stream:
    """Fresh typeset digits for training, never repeating a seed below TEST_SEED: `next(n)` -> (n, 1, 28, 28)."""

    def __init__(self, seed: int = 0):
        self.next_seed = seed * 10_000_019 % (TEST_SEED // 2)  # different runs start at different places

    def next(self, n: int) -> torch.Tensor:
        x, _ = batch(n, self.next_seed)
        self.next_seed = (self.next_seed + n) % TEST_SEED
        return x
