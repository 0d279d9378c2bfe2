"""The scene checker: reads the objects of a (generated) scene image and says whether it matches its prompt.

Analytic, no training: a pixel is foreground when its brightest channel exceeds 0.4;
the objects are the connected components of the foreground (8-neighbourhood, at
least MIN_PIXELS pixels); an object's colour is the palette colour nearest to its
mean colour (both divided by their brightest channel, so a dim red is still red);
its shape is the template of genkit.scenes, drawn at the object's bounding box,
that overlaps it best (intersection over union); its size is read from the fitted
half-size; its position is the anchor of genkit.scenes nearest to its centroid.

This is how Imagen's DrawBench or the GenEval benchmark (Ghosh et al., 2023) score
prompts on colour, position and counting, with an object detector there and
pixel geometry here. `accuracy(n)` measures the checker on fresh renders, where
the truth is known; a test keeps it above the level measured when it was written.
"""

import random
from collections import deque
from dataclasses import dataclass

import torch

from genkit import scenes as S

THRESHOLD = 0.4  # brightest channel above this: foreground
MIN_PIXELS = 6  # smaller components are noise


@dataclass
class Found:
    colour: str
    shape: str
    size: str
    position: str
    x: float  # centroid, pixels from the left
    y: float  # centroid, pixels from the top
    pixels: int


def components(fg: torch.Tensor) -> list[list[tuple[int, int]]]:
    """Connected components of a (H, W) bool mask, 8-neighbourhood, by breadth-first search: lists of (row, col)."""
    H, W = fg.shape
    todo = fg.tolist()
    out = []
    for r0 in range(H):
        for c0 in range(W):
            if not todo[r0][c0]:
                continue
            todo[r0][c0] = False
            comp, queue = [], deque([(r0, c0)])
            while queue:
                r, c = queue.popleft()
                comp.append((r, c))
                for dr in (-1, 0, 1):
                    for dc in (-1, 0, 1):
                        rr, cc = r + dr, c + dc
                        if 0 <= rr < H and 0 <= cc < W and todo[rr][cc]:
                            todo[rr][cc] = False
                            queue.append((rr, cc))
            out.append(comp)
    return out


_PALETTE = torch.tensor([v[0] for v in S.COLOURS.values()])  # (K, 3)
_PALETTE_N = _PALETTE / _PALETTE.max(1, keepdim=True).values
# bounding-box half-extent of each template per unit of r (x, y), and its vertical offset of the centre
_EXTENT = {"circle": (1, 1, 0), "square": (0.85, 0.85, 0), "diamond": (1.15, 1.15, 0), "cross": (1, 1, 0),
           "triangle": (1.116, 0.9, 0.1)}


def _shape(mask: torch.Tensor, rows: torch.Tensor, cols: torch.Tensor) -> tuple[str, float]:
    """The template with the best intersection over union at the component's bounding box -> (shape, r)."""
    x0, x1, y0, y1 = cols.min().item(), cols.max().item() + 1, rows.min().item(), rows.max().item() + 1
    cx, cy, hx, hy = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 2, (y1 - y0) / 2
    best, best_iou, best_r = "", -1.0, 0.0
    for shape, (ex, ey, off) in _EXTENT.items():
        r = (hx / ex + hy / ey) / 2
        m = S.shape_masks(torch.tensor([cx]), torch.tensor([cy + off * r]), torch.tensor([r]), mask.shape[-1])[shape][0]
        iou = (m & mask).sum().item() / max(1, (m | mask).sum().item())
        if iou > best_iou:
            best, best_iou, best_r = shape, iou, r
    return best, best_r


def describe(image: torch.Tensor) -> list[Found]:
    """The objects of one image (3, H, W) in [0, 1], largest first."""
    if image.dim() != 3 or image.shape[0] != 3:
        raise ValueError(f"describe takes one RGB image (3, H, W), not {tuple(image.shape)}")
    image = image.float().cpu()
    scale = S.SIZE / image.shape[-1]
    fg = image.max(0).values > THRESHOLD  # (H, W)
    found = []
    for comp in components(fg):
        if len(comp) < MIN_PIXELS:
            continue
        rows, cols = torch.tensor([p[0] for p in comp]), torch.tensor([p[1] for p in comp])
        mask = torch.zeros_like(fg)
        mask[rows, cols] = True
        mean = image[:, rows, cols].mean(1)  # (3,)
        colour = list(S.COLOURS)[((mean / mean.max()) - _PALETTE_N).square().sum(1).argmin().item()]
        shape, r = _shape(mask, rows, cols)
        x, y = (cols.float().mean().item() + 0.5) * scale, (rows.float().mean().item() + 0.5) * scale
        position = min(S.ANCHORS, key=lambda a: (S.ANCHORS[a][0] - x) ** 2 + (S.ANCHORS[a][1] - y) ** 2)
        size = "small" if r * scale < (S.RADIUS["small"] + S.RADIUS["large"]) / 2 else "large"
        found.append(Found(colour, shape, size, position, x, y, len(comp)))
    return sorted(found, key=lambda f: -f.pixels)


def _is(f: Found, o: S.Obj) -> bool:
    return f.colour == o.colour and f.shape == o.shape


def _related(a: Found, b: Found, relation: str) -> bool:
    """a <relation> b, along the relation's axis, with that axis dominant."""
    dx, dy = a.x - b.x, a.y - b.y
    want_x, want_y = S.RELATIONS[relation][2]
    if want_x:
        return dx * want_x > 0 and abs(dx) > abs(dy)
    return dy * want_y > 0 and abs(dy) > abs(dx)


def match(spec: S.Scene, image: torch.Tensor) -> bool:
    """Does the image show its spec? single: one object of the colour, shape and position (size not checked);
    relation: two objects, the named ones in the named relation; count: exactly two of the colour and shape."""
    found = describe(image)
    if spec.kind == "single":
        o = spec.objects[0]
        return len(found) == 1 and _is(found[0], o) and found[0].position == o.position
    if spec.kind == "relation":
        a, b = spec.objects
        return len(found) == 2 and any(_is(f, a) and _is(g, b) and _related(f, g, spec.relation)
                                       for f, g in (found, found[::-1]))
    if spec.kind == "count":
        o = spec.objects[0]
        return len(found) == 2 and all(_is(f, o) for f in found)
    raise ValueError(f"unknown scene kind {spec.kind!r}; allowed: {', '.join(S.KINDS)}")


def accuracy(n: int = 300, seed: int = 1) -> dict:
    """The checker on n fresh renders of each kind: per-attribute accuracy on single objects, match rates."""
    rng = random.Random(seed)
    out = {}
    singles = S.sample(n, rng, kinds=("single",))
    found = [describe(img) for img in S.render(singles)]
    for attr in ("colour", "shape", "size", "position"):
        out[attr] = sum(len(f) == 1 and getattr(f[0], attr) == getattr(s.objects[0], attr)
                        for f, s in zip(found, singles)) / n
    for kind in S.KINDS:
        specs = S.sample(n, rng, kinds=(kind,))
        out[f"match_{kind}"] = sum(match(s, img) for s, img in zip(specs, S.render(specs))) / n
    return out
