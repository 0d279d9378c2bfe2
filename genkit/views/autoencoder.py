"""The Autoencoder tab's pictures: a corrupted input, the signed reconstruction error, the code as a table.

Lecture: "Auto-encodeur" (an encoder f compresses x into z, a decoder g rebuilds
x_hat = g(z)); denoising and inpainting as in Vincent et al. (2008), "Extracting and
composing robust features with denoising autoencoders": the input is corrupted, the
reconstruction is judged against the clean image.
"""

import numpy as np
import pandas as pd
import torch
from PIL import Image


def corrupt(x: torch.Tensor, noise: float, occlusion: float, seed: int = 0) -> torch.Tensor:
    """Gaussian noise of standard deviation `noise` (seeded), then the bottom `occlusion` share of rows hidden."""
    g = torch.Generator().manual_seed(seed)
    x = (x + noise * torch.randn(x.shape, generator=g)).clamp(0, 1)
    rows = int(round(occlusion * x.shape[-2]))
    if rows:
        x = x.clone()
        x[..., x.shape[-2] - rows :, :] = 0.5  # a grey band: neither ink nor background
    return x


def signed_heatmap(diff: np.ndarray, scale: int = 8) -> Image.Image:
    """x_hat - x as colours on a fixed scale: red = too much ink, blue = missing ink, white = right."""
    v = np.clip(diff, -1, 1)[..., None]
    white, red, blue = np.ones(3), np.array([0.80, 0.10, 0.15]), np.array([0.10, 0.30, 0.80])
    rgb = np.where(v >= 0, white + v * (red - white), white - v * (blue - white))
    im = Image.fromarray((rgb * 255).round().astype(np.uint8))
    return im.resize((im.width * scale, im.height * scale), Image.NEAREST)


def code_frame(z: torch.Tensor) -> pd.DataFrame:
    """The code as a table for the bar chart: one row per dimension (z01, z02, ... so they sort right)."""
    values = z.flatten().tolist()
    return pd.DataFrame({"dimension": [f"z{i + 1:02d}" for i in range(len(values))], "value": values})
