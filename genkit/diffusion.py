"""Diffusion maths: noise schedules, the forward process q(x_t | x_0), the training loss. No layers.

References:
  Ho, Jain & Abbeel (2020), "Denoising diffusion probabilistic models" (DDPM):
    eq. 4 (q(x_t | x_0) in closed form), eq. 7 (the posterior q(x_{t-1} | x_t, x_0)),
    eq. 14 (the simplified loss), sec. 4 (the linear schedule 1e-4 .. 0.02, T = 1000).
  Nichol & Dhariwal (2021), "Improved denoising diffusion probabilistic models":
    eq. 17 (the cosine schedule) and the clipping of beta_t at 0.999.
  Salimans & Ho (2022), "Progressive distillation for fast sampling of diffusion
    models": sec. 4 and appendix D (v-prediction, v = sqrt(alpha_bar) eps - sqrt(1 - alpha_bar) x0).

Symbols (the papers' names are the code's names):

    symbol      code          meaning
    x_0         x0            a clean image (B, C, H, W), scaled to [-1, 1]
    x_t         xt            the image after t steps of noising (B, C, H, W)
    t           t             timestep, an integer 0..T; t = 0 is the clean image, (B,) long
    T           schedule.T    number of noising steps (1000)
    eps         eps           standard Gaussian noise N(0, I), same shape as x0
    beta_t      beta          variance added at step t: q(x_t | x_{t-1}) = N(sqrt(1 - beta_t) x_{t-1}, beta_t I)
    alpha_t     alpha         1 - beta_t
    alpha_bar_t alpha_bar     prod_{s <= t} alpha_s: the share of x0's variance left in x_t
    snr(t)      snr           alpha_bar_t / (1 - alpha_bar_t), signal-to-noise ratio, decreasing in t
    v           v             sqrt(alpha_bar_t) eps - sqrt(1 - alpha_bar_t) x0, the v-prediction target

Indexing: the schedule's tensors have T + 1 entries so that index t is the
paper's t; entry 0 is "no noise" (beta_0 = 0, alpha_bar_0 = 1). Training draws
t uniformly in 1..T; samplers run from t = T down to t = 0.
"""

import math
from dataclasses import dataclass

import torch
import torch.nn.functional as F

TARGETS = ("eps", "v", "x0")  # what the network is trained to predict (x0: the clean sample, as DALL-E 2's prior)


@dataclass
class Schedule:
    """beta, alpha, alpha_bar as float32 tensors of length T + 1 (index 0: no noise), computed in float64."""

    beta: torch.Tensor  # (T + 1,)
    alpha: torch.Tensor  # (T + 1,)
    alpha_bar: torch.Tensor  # (T + 1,)
    name: str = ""

    @property
    def T(self) -> int:
        return len(self.beta) - 1

    def snr(self, t) -> torch.Tensor:
        """alpha_bar_t / (1 - alpha_bar_t): infinite at t = 0, decreasing to ~0 at t = T."""
        alpha_bar = self.alpha_bar.double()[torch.as_tensor(t, device="cpu")]
        return (alpha_bar / (1 - alpha_bar)).float()

    def to(self, device) -> "Schedule":
        return Schedule(self.beta.to(device), self.alpha.to(device), self.alpha_bar.to(device), self.name)


def _from_alpha_bar(alpha_bar: torch.Tensor, name: str, max_beta: float = 1.0) -> Schedule:
    """Build a Schedule from alpha_bar_0..T (float64, alpha_bar_0 = 1)."""
    beta = (1 - alpha_bar[1:] / alpha_bar[:-1]).clamp(max=max_beta)  # beta_t = 1 - alpha_bar_t / alpha_bar_{t-1}
    beta = torch.cat([beta.new_zeros(1), beta])  # beta_0 = 0
    alpha = 1 - beta
    alpha_bar = torch.cumprod(alpha, dim=0)  # recomputed so that the three always agree
    return Schedule(beta.float(), alpha.float(), alpha_bar.float(), name)


def linear_schedule(T: int = 1000, beta_1: float = 1e-4, beta_T: float = 0.02) -> Schedule:
    """beta_t rising linearly from beta_1 to beta_T (Ho et al. 2020, sec. 4)."""
    beta = torch.cat([torch.zeros(1, dtype=torch.float64), torch.linspace(beta_1, beta_T, T, dtype=torch.float64)])
    return _from_alpha_bar(torch.cumprod(1 - beta, dim=0), f"linear(T={T})")


def cosine_schedule(T: int = 1000, s: float = 0.008, max_beta: float = 0.999) -> Schedule:
    """alpha_bar_t = f(t) / f(0), f(t) = cos^2(pi/2 (t/T + s) / (1 + s)) (Nichol & Dhariwal 2021, eq. 17).

    beta_t is clipped at max_beta = 0.999 to avoid the singularity at t = T (their sec. 3.2).
    """
    t = torch.arange(T + 1, dtype=torch.float64)
    f = torch.cos((t / T + s) / (1 + s) * math.pi / 2) ** 2
    return _from_alpha_bar(f / f[0], f"cosine(T={T})", max_beta)


SCHEDULES = {"linear": linear_schedule, "cosine": cosine_schedule}


def make_schedule(name: str = "linear", T: int = 1000) -> Schedule:
    if name not in SCHEDULES:
        raise ValueError(f"unknown schedule {name!r}; choose one of {', '.join(SCHEDULES)}")
    return SCHEDULES[name](T)


def at(values: torch.Tensor, t: torch.Tensor, like: torch.Tensor) -> torch.Tensor:
    """values[t] shaped to broadcast against `like`: (B,) -> (B, 1, 1, 1) for images."""
    t = torch.as_tensor(t, device=like.device)
    out = values.to(like.device)[t]  # (B,) or ()
    return out.reshape(out.shape + (1,) * (like.dim() - out.dim())).to(like.dtype)


def noise(shape, generator: torch.Generator | None = None, device=None) -> torch.Tensor:
    """eps ~ N(0, I), drawn on the generator's device then moved to `device`.

    A CPU generator thus gives the same noise whichever device runs the model.
    """
    device = torch.device(device or "cpu")
    where = generator.device if generator is not None else device
    return torch.randn(shape, generator=generator, device=where).to(device)


def q_sample(schedule: Schedule, x0: torch.Tensor, t: torch.Tensor, eps: torch.Tensor) -> torch.Tensor:
    """x_t = sqrt(alpha_bar_t) x0 + sqrt(1 - alpha_bar_t) eps (Ho et al. 2020, eq. 4)."""
    alpha_bar = at(schedule.alpha_bar, t, x0)  # (B, 1, 1, 1)
    return alpha_bar.sqrt() * x0 + (1 - alpha_bar).sqrt() * eps  # (B, C, H, W)


def predict_x0(schedule: Schedule, xt: torch.Tensor, t: torch.Tensor, eps: torch.Tensor) -> torch.Tensor:
    """x0 = (x_t - sqrt(1 - alpha_bar_t) eps) / sqrt(alpha_bar_t): eq. 4 solved for x0 (Ho et al. eq. 15)."""
    alpha_bar = at(schedule.alpha_bar, t, xt)
    return (xt - (1 - alpha_bar).sqrt() * eps) / alpha_bar.sqrt()


def predict_eps(schedule: Schedule, xt: torch.Tensor, t: torch.Tensor, x0: torch.Tensor) -> torch.Tensor:
    """eps = (x_t - sqrt(alpha_bar_t) x0) / sqrt(1 - alpha_bar_t): eq. 4 solved for eps (t >= 1)."""
    alpha_bar = at(schedule.alpha_bar, t, xt)
    return (xt - alpha_bar.sqrt() * x0) / (1 - alpha_bar).sqrt()


def v_target(schedule: Schedule, x0: torch.Tensor, t: torch.Tensor, eps: torch.Tensor) -> torch.Tensor:
    """v = sqrt(alpha_bar_t) eps - sqrt(1 - alpha_bar_t) x0 (Salimans & Ho 2022, sec. 4)."""
    alpha_bar = at(schedule.alpha_bar, t, x0)
    return alpha_bar.sqrt() * eps - (1 - alpha_bar).sqrt() * x0


def to_eps_x0(schedule: Schedule, xt: torch.Tensor, t: torch.Tensor, out: torch.Tensor, target: str = "eps",
              clip_x0: bool = False) -> tuple[torch.Tensor, torch.Tensor]:
    """The network's output (eps, v or x0) -> (eps, x0). clip_x0 clamps x0 to [-1, 1] and recomputes eps from it.

    From v: x0 = sqrt(alpha_bar) x_t - sqrt(1 - alpha_bar) v, eps = sqrt(1 - alpha_bar) x_t + sqrt(alpha_bar) v
    (Salimans & Ho 2022, appendix D), well-behaved even where alpha_bar_t is ~0.
    """
    if target == "eps":
        eps, x0 = out, predict_x0(schedule, xt, t, out)
    elif target == "v":
        alpha_bar = at(schedule.alpha_bar, t, xt)
        x0 = alpha_bar.sqrt() * xt - (1 - alpha_bar).sqrt() * out
        eps = (1 - alpha_bar).sqrt() * xt + alpha_bar.sqrt() * out
    elif target == "x0":
        x0 = out
        eps = predict_eps(schedule, xt, t, x0)
    else:
        raise ValueError(f"target must be one of {TARGETS}, not {target!r}")
    if clip_x0:
        x0 = x0.clamp(-1, 1)
        eps = predict_eps(schedule, xt, t, x0)
    return eps, x0


def loss(model, schedule: Schedule, x0: torch.Tensor, generator: torch.Generator | None = None, cond=None,
         target: str = "eps", t: torch.Tensor | None = None) -> torch.Tensor:
    """The simplified objective E_{t, x0, eps} || eps - eps_theta(x_t, t) ||^2 (Ho et al. 2020, eq. 14).

    x0 (B, C, H, W) in [-1, 1]; t ~ Uniform{1..T} unless given; target "v" regresses v instead of eps
    (Salimans & Ho 2022), which stays informative where the image is almost all noise; "x0" regresses
    the clean sample itself (DALL-E 2's prior, Ramesh et al. 2022, sec. 2.2).
    Returns the mean squared error, a scalar.
    """
    if target not in TARGETS:
        raise ValueError(f"target must be one of {TARGETS}, not {target!r}")
    B = x0.shape[0]
    if t is None:
        where = generator.device if generator is not None else x0.device
        t = torch.randint(1, schedule.T + 1, (B,), generator=generator, device=where).to(x0.device)  # (B,)
    eps = noise(x0.shape, generator, x0.device)  # (B, C, H, W)
    xt = q_sample(schedule, x0, t, eps)  # (B, C, H, W)
    out = model(xt, t, cond=cond)  # (B, C, H, W)
    goal = {"eps": eps, "x0": x0}[target] if target != "v" else v_target(schedule, x0, t, eps)
    return F.mse_loss(out.float(), goal)
