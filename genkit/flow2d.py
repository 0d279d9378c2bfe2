"""Diffusion and flow matching in two dimensions: a denoiser you can watch turn noise into data.

References:
  Ho, Jain & Abbeel (2020), "Denoising diffusion probabilistic models" (DDPM): eq. 4 and eq. 14
    (the noise-prediction loss, computed here by `genkit.diffusion.loss` on points instead of images),
    algorithm 2 (ancestral sampling, `genkit.samplers.ddpm_steps`).
  Song, Meng & Ermon (2021), "Denoising diffusion implicit models": eq. 12 (`genkit.samplers.ddim_steps`).
  Lipman et al. (2023), "Flow matching for generative modeling": eq. 5-7 (regress a velocity field
    along a chosen probability path), eq. 20-23 (the straight "optimal transport" path).
  Liu, Gong & Liu (2023), "Flow straight and fast: learning to generate and transfer data with
    rectified flow": eq. 1 (x_t = t X_1 + (1 - t) X_0, regress X_1 - X_0), algorithm 1 and
    sec. 2.3 ("reflow": train again on the pairs (noise, sample) of the model itself, which
    straightens the paths, so that few Euler steps suffice).
  Bonneel et al. (2015), "Sliced and Radon Wasserstein barycenters of measures": the sliced
    Wasserstein distance, here the mean W1 distance of the sets projected on evenly spaced directions.

Symbols (as genkit/diffusion.py's table, plus the flow's):
    x0      a data point (B, 2)                  eps     Gaussian noise N(0, I) (B, 2)
    t       DDPM: an integer 1..T; flow: a float in [0, 1] with t = 0 the data and t = 1 the noise
    x_t     DDPM: sqrt(alpha_bar_t) x0 + sqrt(1 - alpha_bar_t) eps; flow: (1 - t) x0 + t eps
    v       the flow's velocity d x_t / dt = eps - x0 (the regression target)

The data are the GAN tab's point clouds (genkit/gan2d.py) or the strokes of a drawing turned into
points (`drawing_points`), centred and scaled like the presets (they span [-2, 2]).
"""

import math
import time
from dataclasses import dataclass, field

import numpy as np
import torch
from torch import nn

from genkit import diffusion, gan2d, sketch
from genkit.flow import flow_loss, flow_path, flow_target  # noqa: F401 (the lab's objective, and its parts)
from genkit.images import InputError
from genkit.samplers import ddim_steps, ddpm_steps, euler_steps

DATASETS = (*gan2d.DATASETS, "drawing")
OBJECTIVES = ("ddpm", "flow")  # noise prediction (Ho et al. 2020); velocity, rectified flow (Liu et al. 2023)
SAMPLERS = {"ddpm": ("ddim", "ddpm"), "flow": ("euler",)}  # the first is each objective's default
SCHEDULE, T = "cosine", 1000  # DDPM's noise schedule (Nichol & Dhariwal 2021), as the image checkpoints'
MAX_SAMPLING_STEPS = 100

# ----------------------------------------------------------------------------- the data

MAX_POINTS = 2000  # a drawing gives at most this many points
MAX_DRAWING_SIDE = 4096  # a bigger canvas is refused (a sketchpad is 400 px; a script may send anything)
MIN_EXTENT = 0.03  # ink whose box is smaller than this share of the canvas is a dot, not a distribution
HALF_SPAN = 2.0  # drawings are scaled so that their longer side spans [-2, 2], as the ring's diameter
JITTER = 0.03  # noise added to a drawing's points when they are drawn (a density, not 2,000 atoms)

MESSAGES = {
    "blank": "the drawing is empty: draw some strokes",
    "dot": "the drawing is a single point ({h} x {w} pixels of ink): draw strokes that spread over the canvas",
    "large": "the drawing is {h} x {w} pixels; at most {side} x {side} is allowed",
    "shape": "expected an image (H, W), (H, W, 3) or (H, W, 4), got shape {shape}",
}


class DrawingError(InputError):
    """A drawing that cannot be made into points; `code` is a key of MESSAGES."""

    messages = MESSAGES


def drawing_points(image, n: int = MAX_POINTS, seed: int = 0) -> torch.Tensor:
    """The ink of a drawing (a sketchpad's value or an image array) as at most `n` points (m, 2) of the plane.

    A pixel is ink when its ink level (genkit.sketch.to_ink: strokes on a transparent canvas, or dark
    on light) is above one half; up to `n` of them are drawn at random, each moved uniformly within
    its pixel. The cloud is centred on its box and scaled so that its longer side spans [-2, 2];
    y points up. Raises DrawingError (blank, dot, large, shape)."""
    a = sketch.layers_of(image) if isinstance(image, dict) else image
    if a is None:
        raise DrawingError("blank")
    a = np.asarray(a)
    if a.ndim >= 2 and max(a.shape[:2]) > MAX_DRAWING_SIDE:
        raise DrawingError("large", h=a.shape[0], w=a.shape[1], side=MAX_DRAWING_SIDE)
    try:
        ink, _ = sketch.to_ink(a)
    except sketch.SketchError as e:
        raise DrawingError("shape", shape=tuple(a.shape)) from e
    rows, cols = np.nonzero(ink > 0.5)
    if len(rows) == 0:
        raise DrawingError("blank")
    h, w = rows.max() - rows.min() + 1, cols.max() - cols.min() + 1
    if max(h, w) < max(3, MIN_EXTENT * max(ink.shape)):
        raise DrawingError("dot", h=int(h), w=int(w))
    g = torch.Generator().manual_seed(seed)
    pick = torch.randperm(len(rows), generator=g)[:n]
    xy = torch.stack([torch.from_numpy(cols).float()[pick], -torch.from_numpy(rows).float()[pick]], 1)  # (m, 2)
    xy = xy + torch.rand(xy.shape, generator=g) - 0.5
    lo, hi = xy.min(0).values, xy.max(0).values
    return (xy - (lo + hi) / 2) * (2 * HALF_SPAN / (hi - lo).max().clamp(min=1.0))  # (m, 2) in [-2, 2]


class Points:
    """x0 ~ the data: `sample(n)` draws n points (n, 2) of a preset (gan2d.sample) or of a drawing's cloud."""

    def __init__(self, dataset: str, cloud: torch.Tensor | None = None, seed: int = 0):
        if dataset not in DATASETS:
            raise ValueError(f"unknown 2-D dataset {dataset!r}; choose one of {DATASETS}")
        if dataset == "drawing" and (cloud is None or len(cloud) < 2):
            raise ValueError("the 'drawing' dataset needs its cloud of points (drawing_points)")
        self.dataset, self.cloud, self.g = dataset, cloud, torch.Generator().manual_seed(seed)

    def sample(self, n: int, generator: torch.Generator | None = None) -> torch.Tensor:
        g = generator or self.g
        if self.cloud is None:
            return gan2d.sample(self.dataset, n, g)
        pick = torch.randint(len(self.cloud), (n,), generator=g)
        return self.cloud[pick] + JITTER * torch.randn(n, 2, generator=g)  # (n, 2)


# ----------------------------------------------------------------------------- the network


@dataclass
class Flow2DConfig:
    objective: str = "flow"  # "ddpm": predicts eps (t an integer 1..T); "flow": predicts v (t in [0, 1])
    hidden: int = 64  # width of the hidden layers (128 is no better on the ring: python -m genkit.eval flow-2d)
    layers: int = 3  # hidden layers
    freqs: int = 8  # sinusoidal features of t (sin and cos of each)


class Denoiser(nn.Module):
    """(x_t (B, 2), t (B,)) -> eps (DDPM) or v (flow), (B, 2): a multilayer perceptron on x_t and features of t.

    t enters as sin / cos of 2^k pi tau for k < freqs (Vaswani et al. 2017's embedding, on a log scale of
    frequencies), tau = t / T for DDPM and t for the flow, so both see time in [0, 1]."""

    def __init__(self, config: Flow2DConfig):
        super().__init__()
        if config.objective not in OBJECTIVES:
            raise ValueError(f"objective must be one of {OBJECTIVES}, not {config.objective!r}")
        self.config = config
        self.register_buffer("omega", math.pi * 2.0 ** torch.arange(config.freqs), persistent=False)
        mods, d = [], 2 + 2 * config.freqs
        for _ in range(config.layers):
            mods += [nn.Linear(d, config.hidden), nn.SiLU()]
            d = config.hidden
        self.net = nn.Sequential(*mods, nn.Linear(d, 2))

    def forward(self, xt: torch.Tensor, t: torch.Tensor, cond=None) -> torch.Tensor:
        tau = t.float() / (T if self.config.objective == "ddpm" else 1.0)  # (B,) in [0, 1]
        a = tau[:, None] * self.omega  # (B, freqs)
        return self.net(torch.cat([xt, a.sin(), a.cos()], 1))  # (B, 2)


# ----------------------------------------------------------------------------- the two objectives


@dataclass
class Pairs:
    """Reflow's coupling: noise eps (N, 2) and the sample x0 (N, 2) the model made of it."""

    eps: torch.Tensor
    x0: torch.Tensor


# flow matching's objective is genkit.flow.flow_loss (the path x_t = (1 - t) x0 + t eps, the target eps - x0);
# DDPM's is genkit.diffusion.loss on the cosine schedule:


def schedule() -> diffusion.Schedule:
    """DDPM's noise schedule of the lab: cosine, T = 1000 (as the image checkpoints')."""
    return diffusion.make_schedule(SCHEDULE, T)


def ddpm_loss(model, x0: torch.Tensor, generator=None) -> torch.Tensor:
    """|| eps - eps_theta(x_t, t) ||^2 with t ~ U{1..T} (Ho et al. eq. 14): genkit.diffusion.loss itself."""
    return diffusion.loss(model, schedule(), x0, generator)


# ----------------------------------------------------------------------------- sampling


def clip(x0: torch.Tensor) -> torch.Tensor:
    """DDPM's x0 kept in the plane shown (a static threshold, as images are kept in [-1, 1])."""
    return x0.clamp(-gan2d.EXTENT, gan2d.EXTENT)


@torch.no_grad()
def trajectory(model, n: int = 500, steps: int = 50, sampler: str | None = None, seed: int = 0,
               x_T: torch.Tensor | None = None) -> torch.Tensor:
    """Sample n points from the noise with `steps` steps; the whole path, (steps + 1, n, 2): [x_T, ..., x_0].

    DDPM: DDIM (eta = 0, deterministic) or DDPM's ancestral steps on the trailing timesteps of T;
    flow: Euler steps on dx/dt = v_theta(x_t, t) from t = 1 to t = 0. DDPM's predicted x0 is clipped to the
    plane shown, [-3, 3]^2, as the images' is to [-1, 1]: near t = T, x0 = (x_t - sqrt(1 - alpha_bar_t) eps) /
    sqrt(alpha_bar_t) divides by almost 0."""
    objective = model.config.objective
    sampler = sampler or SAMPLERS[objective][0]
    if sampler not in SAMPLERS[objective]:
        raise ValueError(f"sampler {sampler!r} does not sample a {objective!r} model; choose one of "
                         f"{SAMPLERS[objective]}")
    if not 1 <= steps <= MAX_SAMPLING_STEPS:
        raise ValueError(f"steps must be between 1 and {MAX_SAMPLING_STEPS}, not {steps}")
    g = torch.Generator().manual_seed(seed)
    x_T = torch.randn(n, 2, generator=g) if x_T is None else x_T  # (n, 2)
    was = model.training
    model.eval()
    if sampler == "euler":
        records = euler_steps(model, steps=steps, generator=g, x_T=x_T)
    elif sampler == "ddim":
        records = ddim_steps(model, schedule(), steps=steps, generator=g, x_T=x_T, clip_x0=clip)
    else:
        records = ddpm_steps(model, schedule(), generator=g, steps=steps, x_T=x_T, clip_x0=clip)
    path = [x_T] + [r.x_prev for r in records]
    model.train(was)
    return torch.stack(path)  # (steps + 1, n, 2)


@torch.no_grad()
def denoised(model, x: torch.Tensor, tau: float) -> torch.Tensor:
    """The model's guess of the clean point x0 for points x seen at time tau in [0, 1] of the sampling's clock
    (1: the noise, 0: the data). DDPM: x0 = (x_t - sqrt(1 - alpha_bar_t) eps) / sqrt(alpha_bar_t) (eq. 15)
    at t = round(tau T); flow: x0 = x_t - t v (the straight path's start)."""
    was = model.training
    model.eval()
    if model.config.objective == "flow":
        t = torch.full((len(x),), float(tau))
        out = x - tau * model(x, t)
    else:
        t = torch.full((len(x),), max(1, round(tau * T)), dtype=torch.long)
        out = clip(diffusion.predict_x0(schedule(), x, t, model(x, t)))
    model.train(was)
    return out  # (n, 2)


def reflow_pairs(model, n: int = 4000, steps: int = 50, seed: int = 0) -> Pairs:
    """The model's own coupling (Liu et al. sec. 2.3): n noises and the samples it makes of them."""
    g = torch.Generator().manual_seed(seed)
    eps = torch.randn(n, 2, generator=g)  # (n, 2)
    sampler = "euler" if model.config.objective == "flow" else "ddim"
    return Pairs(eps, trajectory(model, n, steps, sampler, x_T=eps)[-1])


# ----------------------------------------------------------------------------- how good the samples are


def sliced_wasserstein(a: torch.Tensor, b: torch.Tensor, directions: int = 64) -> float:
    """Mean over `directions` evenly spaced directions of the 1-D Wasserstein-1 distance between the sets
    projected on it (plane units: how far, on average, points must move). 0 for identical sets;
    a shift s of one set gives about 2 |s| / pi. Sets of different sizes are compared by quantiles."""
    angle = torch.arange(directions, dtype=torch.float64) * (math.pi / directions)
    d = torch.stack([angle.cos(), angle.sin()], 1)  # (D, 2)
    pa, pb = (a.double() @ d.T).sort(0).values, (b.double() @ d.T).sort(0).values  # (n, D), (m, D)
    if len(pa) != len(pb):
        q = (torch.arange(max(len(pa), len(pb)), dtype=torch.float64) + 0.5) / max(len(pa), len(pb))
        pa, pb = torch.quantile(pa, q, dim=0), torch.quantile(pb, q, dim=0)
    return (pa - pb).abs().mean().item()


def modes(points: torch.Tensor, dataset: str) -> tuple | None:
    """(covered, total) for the ring and the grid, counted as the GAN's 2-D view counts them; else None."""
    centers = gan2d.centers(dataset)
    return gan2d.count_modes(points, centers)[:2] if centers is not None else None


# ----------------------------------------------------------------------------- training, a few steps at a time


@dataclass
class Lab:
    """A denoiser in training that a front end advances a few steps at a time (the live sub-tab, the eval).

    The history has one row per step: (step, loss). After `reflow()` the batches are drawn from the
    model's own pairs (eps, x0) instead of independent noise and data."""

    net: Denoiser
    data: Points
    lr: float = 2e-3
    batch_size: int = 256
    seed: int = 0
    step: int = 0
    seconds: float = 0.0
    reflows: int = 0  # how many times the coupling was replaced by the model's own
    pairs: Pairs | None = None
    history: list = field(default_factory=list)

    def __post_init__(self):
        self.opt = torch.optim.Adam(self.net.parameters(), lr=self.lr)
        self.rng = torch.Generator().manual_seed(self.seed)

    @property
    def objective(self) -> str:
        return self.net.config.objective

    def set(self, lr=None, batch_size=None) -> None:
        if lr is not None:
            self.lr = lr
            for group in self.opt.param_groups:
                group["lr"] = lr
        self.batch_size = batch_size or self.batch_size

    def loss(self) -> torch.Tensor:
        if self.pairs is not None:  # reflow: the model's own (eps, x0) pairs, with a fresh t
            pick = torch.randint(len(self.pairs.eps), (self.batch_size,), generator=self.rng)
            return flow_loss(self.net, self.pairs.x0[pick], self.rng, eps=self.pairs.eps[pick])
        x0 = self.data.sample(self.batch_size, self.rng)  # (B, 2)
        return ddpm_loss(self.net, x0, self.rng) if self.objective == "ddpm" else flow_loss(self.net, x0, self.rng)

    def run(self, n: int) -> float:
        """n steps of Adam on the objective; returns the last loss."""
        t0 = time.perf_counter()
        self.net.train()
        for _ in range(n):
            loss = self.loss()
            self.opt.zero_grad(set_to_none=True)
            loss.backward()
            self.opt.step()
            self.step += 1
            self.history.append((self.step, loss.item()))
        self.seconds += time.perf_counter() - t0
        return self.history[-1][1] if self.history else math.nan

    def reflow(self, n: int = 4000, steps: int = 50) -> None:
        """Replace the coupling by the model's own pairs (a flow only: the pairs of its Euler ODE)."""
        if self.objective != "flow":
            raise ValueError("reflow straightens a flow's paths: train with the 'flow' objective")
        self.pairs = reflow_pairs(self.net, n, steps, seed=self.reflows)
        self.reflows += 1

    def curve(self, every: int = 1) -> tuple[list, list]:
        """(steps, losses), averaged over windows of `every` steps."""
        h = torch.tensor([r[1] for r in self.history], dtype=torch.float64)
        m = len(h) // every * every
        if m == 0:
            return [], []
        return [self.history[i][0] for i in range(every - 1, m, every)], h[:m].view(-1, every).mean(1).tolist()


def new_lab(dataset: str, objective: str, cloud=None, lr: float = 2e-3, batch_size: int = 256, seed: int = 0,
            config: Flow2DConfig | None = None) -> Lab:
    torch.manual_seed(seed)  # the network's initialization
    cfg = config or Flow2DConfig()
    net = Denoiser(Flow2DConfig(objective, cfg.hidden, cfg.layers, cfg.freqs))
    return Lab(net, Points(dataset, cloud, seed), lr=lr, batch_size=batch_size, seed=seed)
