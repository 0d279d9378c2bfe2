"""The GAN game in two dimensions: point clouds, a small MLP GAN, and counting the modes it covers.

References: Metz et al. (2017), "Unrolled generative adversarial networks" (the ring of
8 Gaussians and the grid of 25, and counting the modes a generator covers); Kahng et al.
(2018), "GAN Lab" (the discriminator's output as a heatmap over the plane, the
generator's gradient drawn on its points). Training uses the same step as the images:
`genkit.gan.train_step`, through `genkit.gan.Game`.
"""

import math
from dataclasses import dataclass

import torch
from torch import nn

from genkit.gan import g_loss

EXTENT = 3.0  # the plane shown is [-EXTENT, EXTENT]^2
STD = 0.05  # standard deviation of each Gaussian of the ring and the grid
DATASETS = ("ring", "grid", "moons", "spiral")


def ring_centers(n: int = 8, radius: float = 2.0) -> torch.Tensor:
    a = torch.arange(n, dtype=torch.float32) * (2 * math.pi / n)
    return torch.stack([radius * a.cos(), radius * a.sin()], 1)  # (n, 2)


def grid_centers(side: int = 5, spacing: float = 1.0) -> torch.Tensor:
    v = (torch.arange(side, dtype=torch.float32) - (side - 1) / 2) * spacing
    return torch.cartesian_prod(v, v)  # (side^2, 2)


def centers(name: str) -> torch.Tensor | None:
    """The modes of a mixture of Gaussians (None for the moons and the spiral, which have none)."""
    return {"ring": ring_centers, "grid": grid_centers}.get(name, lambda: None)()


def sample(name: str, n: int, generator: torch.Generator | None = None) -> torch.Tensor:
    """n points (n, 2) of the named distribution."""
    if name in ("ring", "grid"):
        c = centers(name)
        pick = torch.randint(len(c), (n,), generator=generator)
        return c[pick] + STD * torch.randn(n, 2, generator=generator)
    if name == "moons":  # two interleaved half circles (scikit-learn's make_moons, scaled)
        t = torch.rand(n, generator=generator) * math.pi
        upper = torch.rand(n, generator=generator) < 0.5
        x = torch.where(upper, t.cos(), 1 - t.cos())
        y = torch.where(upper, t.sin(), 0.5 - t.sin())
        pts = torch.stack([x - 0.5, y - 0.25], 1) * 1.6
        return pts + 0.06 * torch.randn(n, 2, generator=generator)
    if name == "spiral":  # one arm, 1.5 turns
        t = torch.rand(n, generator=generator).sqrt() * 3 * math.pi
        pts = torch.stack([t * t.cos(), t * t.sin()], 1) * (2.6 / (3 * math.pi))
        return pts + 0.05 * torch.randn(n, 2, generator=generator)
    raise ValueError(f"unknown 2-D dataset {name!r}; choose one of {DATASETS}")


# ----------------------------------------------------------------------------- the networks


@dataclass
class GAN2DConfig:
    z_dim: int = 2  # size of the noise z
    hidden: int = 128  # width of every hidden layer, in both players
    layers: int = 3  # hidden layers of each player


def _mlp(d_in: int, hidden: int, layers: int, d_out: int, act) -> nn.Sequential:
    mods, d = [], d_in
    for _ in range(layers):
        mods += [nn.Linear(d, hidden), act()]
        d = hidden
    return nn.Sequential(*mods, nn.Linear(d, d_out))


class GAN2D(nn.Module):
    """G: z (B, z_dim) -> point (B, 2); D: point (B, 2) -> logit (B,). Both multilayer perceptrons."""

    def __init__(self, config: GAN2DConfig):
        super().__init__()
        self.config = config
        self.G = _mlp(config.z_dim, config.hidden, config.layers, 2, nn.ReLU)
        self.D = nn.Sequential(_mlp(2, config.hidden, config.layers, 1, lambda: nn.LeakyReLU(0.2)), nn.Flatten(0))

    def sample_z(self, n: int, generator: torch.Generator | None = None) -> torch.Tensor:
        return torch.randn(n, self.config.z_dim, generator=generator)

    @torch.no_grad()
    def generate(self, z: torch.Tensor) -> torch.Tensor:
        return self.G(z)  # (B, 2)


# ----------------------------------------------------------------------------- what the tab draws


def count_modes(points: torch.Tensor, modes: torch.Tensor, std: float = STD, min_share: float = 0.25) -> tuple:
    """(modes covered, total, share of points near a mode).

    A point belongs to its nearest mode when it is within 4 standard deviations of it; a mode is
    covered when it holds at least `min_share` of a fair share (n / number of modes) of the points.
    """
    d = torch.cdist(points.float(), modes.float())  # (n, modes)
    dist, nearest = d.min(1)
    good = dist < 4 * std
    counts = torch.bincount(nearest[good], minlength=len(modes))
    fair = len(points) / len(modes)
    return int((counts >= min_share * fair).sum()), len(modes), good.float().mean().item()


def field(gan: GAN2D, points: torch.Tensor, loss: str, resolution: int = 64) -> tuple:
    """D(x) on a resolution^2 grid over the plane (row 0 at the top), and G's push on `points`.

    The push is -dL_G/dx~ for each generated point x~: where G's gradient moves its points
    (its size shows the vanishing gradient of the minimax loss).
    """
    v = torch.linspace(-EXTENT, EXTENT, resolution)
    ys, xs = torch.meshgrid(v.flip(0), v, indexing="ij")
    plane = torch.stack([xs.reshape(-1), ys.reshape(-1)], 1)  # (res^2, 2)
    was = gan.training
    gan.eval()
    with torch.no_grad():
        heat = torch.sigmoid(gan.D(plane)).view(resolution, resolution)  # (res, res)
    x = points.detach().clone().requires_grad_(True)
    push = -torch.autograd.grad(g_loss(gan.D(x), loss) * len(x), x)[0]  # (n, 2), per point
    gan.train(was)
    return heat, push
