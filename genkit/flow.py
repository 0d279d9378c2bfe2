"""Flow matching (rectified flow): the straight path from the data to the noise, its velocity, the loss.

References:
  Lipman et al. (2023), "Flow matching for generative modeling": eq. 5-7 (regress a velocity field along
    a chosen probability path), eq. 20-23 (the straight, "optimal transport" conditional path).
  Liu, Gong & Liu (2023), "Flow straight and fast: learning to generate and transfer data with rectified
    flow": eq. 1 (x_t = t X_1 + (1 - t) X_0, regress X_1 - X_0), sec. 2.3 (reflow).
  Esser et al. (2024), "Scaling rectified flow transformers" (Stable Diffusion 3): the same objective for
    images, with t = 0 the data and t = 1 the noise, as here.

Symbols (as genkit/diffusion.py's table, for a flow):
    x0   a clean sample (B, ...)          eps  Gaussian noise N(0, I), same shape
    t    a float in [0, 1], (B,): 0 the data, 1 the noise
    x_t  (1 - t) x0 + t eps               v    d x_t / dt = eps - x0, the velocity (the regression target)

Sampling integrates dx/dt = v_theta(x_t, t) from t = 1 down to 0: genkit.samplers.euler_steps and
heun_steps. The network is any model(x_t, t, cond=None): the 2-D lab's MLP (genkit/flow2d.py), or
`FlowUNet`, genkit's U-Net reading t in [0, 1].
"""

import torch
import torch.nn.functional as F
from tqdm import tqdm

from genkit.diffusion import noise
from genkit.samplers import euler_steps, heun_steps
from genkit.unet import UNet


def flow_path(x0: torch.Tensor, eps: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
    """x_t = (1 - t) x0 + t eps: the straight path from the data (t = 0) to the noise (t = 1) (Liu et al. eq. 1)."""
    t = t.view(-1, *([1] * (x0.dim() - 1)))  # (B, 1, ...)
    return (1 - t) * x0 + t * eps


def flow_target(x0: torch.Tensor, eps: torch.Tensor) -> torch.Tensor:
    """v = d x_t / dt = eps - x0, the same at every t of a straight path."""
    return eps - x0


def flow_loss(model, x0: torch.Tensor, generator=None, eps=None, t=None, cond=None) -> torch.Tensor:
    """E_{t ~ U[0, 1], x0, eps} || (eps - x0) - v_theta(x_t, t) ||^2 (Lipman et al. eq. 23; Liu et al. eq. 1).

    eps may be given: reflow trains on the model's own pairs (eps, x0) instead of independent ones."""
    if eps is None:
        eps = noise(x0.shape, generator, x0.device)  # (B, ...)
    if t is None:
        t = torch.rand(x0.shape[0], generator=generator, device=getattr(generator, "device", None)).to(x0.device)
    out = model(flow_path(x0, eps, t), t) if cond is None else model(flow_path(x0, eps, t), t, cond=cond)
    return F.mse_loss(out.float(), flow_target(x0, eps))


class FlowUNet(UNet):
    """genkit's U-Net (genkit/unet.py) predicting the velocity v; t in [0, 1] enters its time embedding as
    t * T, the scale of the diffusion checkpoints' integer timesteps (the same sinusoidal frequencies).
    Its config's `schedule` and `target` are not used: a flow has no noise schedule."""

    def forward(self, x_t: torch.Tensor, t: torch.Tensor, cond=None) -> torch.Tensor:
        t = torch.as_tensor(t, device=x_t.device).float()
        return super().forward(x_t, t * self.config.T, cond=cond)  # (B, C, H, W)


SAMPLERS = ("euler", "heun")


@torch.no_grad()
def generate(model, n: int, steps: int = 8, sampler: str = "euler", seed: int = 0, batch_size: int = 1000,
             progress: bool = False) -> torch.Tensor:
    """n samples of a velocity model by Euler or Heun steps from `seed`, as images in [0, 1]: (n, C, H, W) on the CPU."""
    if sampler not in SAMPLERS:
        raise ValueError(f"sampler must be one of {SAMPLERS}, not {sampler!r}")
    steps_fn = euler_steps if sampler == "euler" else heun_steps
    model.eval()
    cfg = model.config
    gen = torch.Generator().manual_seed(seed)
    out = []
    for i in tqdm(range(0, n, batch_size), desc=f"{sampler}-{steps}", unit="batch", disable=not progress):
        shape = (min(batch_size, n - i), cfg.image_channels, cfg.image_size, cfg.image_size)
        *_, last = steps_fn(model, shape, steps=steps, generator=gen)
        out.append(((last.x_prev.float().cpu() + 1) / 2).clamp(0, 1))  # [-1, 1] -> [0, 1]
    return torch.cat(out)
