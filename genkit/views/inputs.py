"""Pictures of the shared inputs: what MNIST's preprocessing did to a drawing or an upload.

genkit/sketch.py turns a drawing into a 28x28 digit the way MNIST was made (ink, crop to
its box, fit in 20x20, centre by mass in 28x28); `steps_strip` shows those steps side by
side, so that a class sees what the model is actually given.
"""

import numpy as np
from PIL import Image

from genkit import sketch

STEPS = ("ink", "crop", "box", "centered")  # sketch.Prepared.steps, in order
TILE = 112  # pixels of each step's picture (a 28x28 image at 4x)


def steps_strip(prepared: sketch.Prepared) -> Image.Image:
    """The preprocessing steps side by side, each in a 112x112 frame: ink, crop, 20x20 box, centred 28x28."""
    tiles = []
    for name in STEPS:
        a = prepared.steps[name]
        im = Image.fromarray((np.clip(a, 0, 1) * 255).astype(np.uint8))
        s = TILE / max(im.size)
        im = im.resize((max(1, round(im.width * s)), max(1, round(im.height * s))),
                       Image.NEAREST if max(a.shape) <= 28 else Image.BILINEAR)
        tile = Image.new("L", (TILE + 4, TILE + 4), 90)
        tile.paste(im, ((tile.width - im.width) // 2, (tile.height - im.height) // 2))
        tiles.append(tile)
    strip = Image.new("L", (len(tiles) * (TILE + 12), TILE + 4), 255)
    for i, tile in enumerate(tiles):
        strip.paste(tile, (i * (TILE + 12), 0))
    return strip
