"""The GAN made visible: the curves of the game, the fixed-z grid, D over the plane, a replay's moments.

What the GAN tab shows, as plain functions over the library (genkit/gan.py, genkit/gan2d.py):
tensors and games in, PIL pictures out, no gradio and no translation (the
curves' names come in as an argument, in the user's language).

References: Goodfellow et al. (2014), "Generative adversarial nets" (the two losses and the
mean outputs D(x), D(G(z)) of Algorithm 1's players); Kahng et al. (2018), "GAN Lab" (D's
output as a heatmap over the plane, G's gradient drawn on its points); Metz et al. (2017),
"Unrolled GANs" (counting the modes of the ring that G covers).
"""

import json
import math
from pathlib import Path

import torch
from PIL import Image, ImageDraw

from genkit import gan2d, viz

SERIES = ("loss_d", "loss_g", "d_real", "d_fake")  # the curves of Game.curves, in the keys of `names`
PLANE_PX = 420  # side of the plane's picture, in pixels


def curve_charts(curves: dict, names: dict, axes: tuple[str, str], up_to: int | None = None,
                 decimal: str = ".") -> tuple:
    """A game's curves (Game.curves, or a replay's) as two pictures: the players' losses, and the mean
    outputs D(x) and D(G(z)) (between 0 and 1). `names` maps each of SERIES to its (translated) name,
    `axes` are the titles of the x and y axes; None and None before the first step."""
    keep = [j for j, step in enumerate(curves["step"]) if up_to is None or step <= up_to]
    if not keep:
        return None, None

    def chart(keys, y_lim=None):
        series = {names[k]: ([curves["step"][j] for j in keep], [curves[k][j] for j in keep]) for k in keys}
        return viz.line_chart(series, *axes, y_lim=y_lim, decimal=decimal)

    return chart(("loss_d", "loss_g")), chart(("d_real", "d_fake"), y_lim=(0, 1))


def game_charts(game, names: dict, axes: tuple[str, str], decimal: str = ".") -> tuple:
    """The curves of a game in play (at most ~300 points each)."""
    return curve_charts(game.curves(max(1, len(game.history) // 300)), names, axes, decimal=decimal)


def image_grid(gan, z: torch.Tensor) -> Image.Image:
    """G(z) for the fixed z, 8 per row, enlarged 3 times for the projector."""
    x = gan.generate(z)  # (64, 1, 28, 28) in [0, 1]
    return viz.to_pil(viz.grid(x.float().cpu(), nrow=8, pad=2, value=1.0), scale=3)


def plane_picture(gan, dataset: str, loss: str) -> tuple[Image.Image, tuple | None, float]:
    """D over the plane (red: "real", blue: "generated"), real points (green), generated ones (black)
    with G's push as orange segments. Returns the picture, the modes covered (covered, total) where
    the dataset has modes, and the mean length of the push."""
    gen = torch.Generator().manual_seed(7)
    real = gan2d.sample(dataset, 500, gen)  # (500, 2)
    fake = gan.generate(gan.sample_z(500, gen))  # (500, 2)
    heat, push = gan2d.field(gan, fake[:120], loss)
    rgb = viz.diverging((heat - 0.5).numpy() * 2)  # D = 1 red, 0.5 white, 0 blue
    img = Image.fromarray(rgb).resize((PLANE_PX, PLANE_PX), Image.BILINEAR)
    draw = ImageDraw.Draw(img)
    to_px = lambda p: ((p[0] + gan2d.EXTENT) / (2 * gan2d.EXTENT) * PLANE_PX,  # noqa: E731
                       (gan2d.EXTENT - p[1]) / (2 * gan2d.EXTENT) * PLANE_PX)
    for p in real.tolist():
        x, y = to_px(p)
        draw.ellipse((x - 2, y - 2, x + 2, y + 2), fill=(20, 140, 60))
    for p in fake.tolist():
        x, y = to_px(p)
        draw.ellipse((x - 2, y - 2, x + 2, y + 2), fill=(20, 20, 20))
    for p, g in zip(fake[:120].tolist(), push.tolist()):
        norm = math.hypot(*g)
        length = min(0.5, 0.25 * norm)  # plane units: a vanishing gradient draws a vanishing segment
        if norm > 1e-8:
            x0, y0 = to_px(p)
            x1, y1 = to_px((p[0] + g[0] / norm * length, p[1] + g[1] / norm * length))
            draw.line((x0, y0, x1, y1), fill=(230, 120, 0), width=2)
    centers = gan2d.centers(dataset)
    modes = gan2d.count_modes(fake, centers)[:2] if centers is not None else None
    return img, modes, push.norm(dim=1).mean().item()


def read_replay(folder: Path) -> tuple[dict, Image.Image] | None:
    """A committed run's record (genkit/loops/gan.py, save_replay): replay.json and the strip of grids
    replay.png, as (record, grayscale picture); None if the folder does not hold both."""
    if not (folder / "replay.json").exists() or not (folder / "replay.png").exists():
        return None
    record = json.loads((folder / "replay.json").read_text())
    with Image.open(folder / "replay.png") as im:
        return record, im.convert("L").copy()


def replay_tile(strip: Image.Image, tile: dict, i: int) -> Image.Image:
    """The i-th grid of a replay's strip (genkit/loops/gan.py, save_replay), enlarged 3 times."""
    r, c = divmod(i, tile["cols"])
    size = tile["size"]
    return strip.crop((c * size, r * size, (c + 1) * size, (r + 1) * size)).resize((size * 3, size * 3), Image.NEAREST)
