"""Tensors to pictures: grids, upscaling and colour maps shared by training and the app.

Images stay tensors in [0, 1] everywhere in the library; this file is the one
place that turns them into uint8 arrays or PIL images.
"""

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image


def grid(images: torch.Tensor, nrow: int = 8, pad: int = 2, value: float = 0.0) -> torch.Tensor:
    """Tile (B, C, H, W) images into one (C, H', W') image, row by row."""
    b, c, h, w = images.shape
    ncol = min(nrow, b)
    nrows = (b + ncol - 1) // ncol
    out = torch.full((c, nrows * (h + pad) + pad, ncol * (w + pad) + pad), value, dtype=images.dtype)
    for i in range(b):
        r, k = divmod(i, ncol)
        out[:, pad + r * (h + pad) : pad + r * (h + pad) + h, pad + k * (w + pad) : pad + k * (w + pad) + w] = images[i]
    return out


def normalize(x: torch.Tensor) -> torch.Tensor:
    """Rescale to [0, 1] by the tensor's own min and max (for filters and feature maps)."""
    lo, hi = x.min(), x.max()
    return (x - lo) / (hi - lo) if hi > lo else torch.zeros_like(x)


def to_pil(image: torch.Tensor, scale: int = 1) -> Image.Image:
    """A (C, H, W) or (H, W) tensor in [0, 1] to a PIL image, enlarged `scale` times without blur."""
    if image.dim() == 2:
        image = image.unsqueeze(0)
    image = image.detach().float().cpu().clamp(0, 1)
    if scale > 1:
        image = F.interpolate(image[None], scale_factor=scale, mode="nearest")[0]
    array = (image * 255).round().to(torch.uint8).permute(1, 2, 0).numpy()
    return Image.fromarray(array[..., 0] if array.shape[2] == 1 else array)


def save_grid(images: torch.Tensor, path, nrow: int = 8, scale: int = 2) -> None:
    to_pil(grid(images.detach().float().cpu(), nrow), scale).save(path)


def diverging(values: np.ndarray) -> np.ndarray:
    """Map signed values to RGB uint8: blue for negative, white for zero, red for positive."""
    v = np.asarray(values, dtype=np.float64)
    m = np.abs(v).max() or 1.0
    t = np.clip(v / m, -1, 1)[..., None]
    white = np.ones(3)
    red, blue = np.array([0.80, 0.10, 0.15]), np.array([0.10, 0.30, 0.80])
    rgb = np.where(t >= 0, white + t * (red - white), white - t * (blue - white))
    return (rgb * 255).round().astype(np.uint8)
