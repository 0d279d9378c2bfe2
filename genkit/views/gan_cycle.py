"""The CycleGAN made visible: a round trip a -> G(a) -> F(G(a)) with its error, a grid of translations, a replay.

What the GAN tab's "CycleGAN" sub-tab shows, as plain functions over genkit/cyclegan.py:
tensors in, PIL pictures and numbers out, no gradio and no translation (captions come in as
arguments, in the user's language).

Reference: Zhu et al. (2017), "Unpaired image-to-image translation using cycle-consistent
adversarial networks" (fig. 3: the two round trips x -> G(x) -> F(G(x)) ~ x and y -> F(y) -> G(F(y)) ~ y).
"""

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from PIL import Image

from genkit.cyclegan import DIRECTIONS, CycleGAN
from genkit.metrics import predict
from genkit.views.diffusion import captioned_grid

SCALE = 6  # a 28x28 digit drawn 168 px wide in the round trip
GRID_SCALE = 3  # and 84 px in the grid of 8
TOP = 30  # blank pixels above the captions: the picture's label and its buttons sit over the top of the picture


def difference(x: torch.Tensor, back: torch.Tensor) -> torch.Tensor:
    """back - x as an RGB picture (3, 28, 28) in [0, 1]: red = ink the round trip added, blue = ink it lost,
    white = the same (fixed scale: full colour at a difference of 1)."""
    v = (back - x).clamp(-1, 1)[0].cpu().numpy()[..., None]  # (28, 28, 1)
    white, red, blue = np.ones(3), np.array([0.80, 0.10, 0.15]), np.array([0.10, 0.30, 0.80])
    rgb = np.where(v >= 0, white + v * (red - white), white - v * (blue - white))  # (28, 28, 3)
    return torch.from_numpy(rgb).float().permute(2, 0, 1)


@dataclass
class RoundTrip:
    picture: Image.Image  # input | translation | back | difference, captioned
    cycle_l1: float  # mean |back - x| per pixel, images in [0, 1]
    p_typeset_in: float  # the domain classifier's P(typeset) for the input
    p_typeset_out: float  # and for the translation
    digit_in: int | None  # classifier-mnist's reading of the input (None without a classifier)
    digit_out: int | None  # and of the translation


@torch.no_grad()
def round_trip(model: CycleGAN, x: torch.Tensor, direction: str, captions: list[str], classifier=None) -> RoundTrip:
    """x (1, 28, 28) in [0, 1] through G then F (a2b) or F then G (b2a); `captions`: the four columns' titles."""
    if direction not in DIRECTIONS:
        raise ValueError(f"unknown direction {direction!r}; choose one of {DIRECTIONS}")
    x = x.float().cpu()[None]  # (1, 1, 28, 28)
    y, back = model.cycle(x, direction)
    y, back = y.float().cpu(), back.float().cpu()
    p = model.p_typeset(torch.cat([x, y])).float().cpu()  # (2,)
    digits = (None, None)
    if classifier is not None:
        digits = tuple(predict(classifier, torch.cat([x, y]).to(next(classifier.parameters()).device))[1]
                       .argmax(1).tolist())
    picture = captioned_grid([[x[0], y[0], back[0], difference(x[0], back[0])]], captions, scale=SCALE, top=TOP)
    return RoundTrip(picture, (back - x).abs().mean().item(), p[0].item(), p[1].item(), *digits)


@torch.no_grad()
def translation_grid(model: CycleGAN, xa: torch.Tensor | None, xb: torch.Tensor, captions: list[str],
                     row_labels: list[str]) -> tuple[Image.Image, float]:
    """Rows a, G(a), F(G(a)) (when xa is given), then b, F(b), G(F(b)): 8 images (8, 1, 28, 28) each. `row_labels`
    are the six rows' names (the first three are left out without xa). Returns the picture and the mean cycle error."""
    rows, labels, errors = [], [], []
    for x, direction, names in ((xa, "a2b", row_labels[:3]), (xb, "b2a", row_labels[3:])):
        if x is None:
            continue
        y, back = model.cycle(x.float(), direction)
        rows += [list(x.cpu()), list(y.float().cpu()), list(back.float().cpu())]
        labels += list(names)
        errors.append((back.float().cpu() - x.cpu()).abs().mean().item())
    return captioned_grid(rows, captions, labels, scale=GRID_SCALE, top=TOP), sum(errors) / len(errors)


def read_replay(folder: Path) -> tuple[dict, Image.Image] | None:
    """The run's record (genkit/loops/cyclegan.py, save_replay) as (record, grayscale strip); None if absent."""
    if not (folder / "replay.json").exists() or not (folder / "replay.png").exists():
        return None
    record = json.loads((folder / "replay.json").read_text())
    with Image.open(folder / "replay.png") as im:
        return record, im.convert("L").copy()


def replay_tile(strip: Image.Image, tile: dict, i: int) -> torch.Tensor:
    """The i-th tile of the strip as images (2, n, 1, 28, 28) in [0, 1]: G of the n fixed handwritten digits,
    then F of the n typeset ones (the tile is their grid with 1-pixel gaps, genkit/loops/cyclegan.py)."""
    r, c = divmod(i, tile["cols"])
    w, h = tile["width"], tile["height"]
    x = torch.from_numpy(np.asarray(strip.crop((c * w, r * h, (c + 1) * w, (r + 1) * h)), dtype=np.float32) / 255)
    n = (w - 1) // 29
    return torch.stack([torch.stack([x[1 + k * 29 : 29 + k * 29, 1 + j * 29 : 29 + j * 29][None] for j in range(n)])
                        for k in range(2)])


def replay_picture(strip: Image.Image, tile: dict, i: int, xa: torch.Tensor | None, xb: torch.Tensor,
                   row_labels: list[str]) -> Image.Image:
    """The replay at moment i: rows a (when the test images are here), G(a), b, F(b); `row_labels` as in
    translation_grid (a, G(a), F(G(a)), b, F(b), G(F(b)))."""
    ga, fb = replay_tile(strip, tile, i)
    rows, labels = [list(ga), list(xb.float()), list(fb)], [row_labels[1], row_labels[3], row_labels[4]]
    if xa is not None:
        rows, labels = [list(xa.float())] + rows, [row_labels[0]] + labels
    return captioned_grid(rows, [str(j) for j in range(len(ga))], labels, scale=GRID_SCALE, top=TOP)
