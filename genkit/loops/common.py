"""What the training loops share: the device's name, bf16 autocast on CUDA, data augmentation,
the warm-up + cosine learning rate and the EMA of the diffusion loops."""

import math
import platform

import torch
import torch.nn.functional as F


def device_name(device: torch.device) -> str:
    if device.type == "cuda":
        return torch.cuda.get_device_name(device)
    n = torch.get_num_threads()
    return f"CPU ({platform.processor() or platform.machine()}, {n} thread{'s' if n > 1 else ''})"


def autocast(device: torch.device):
    """bf16 autocast on CUDA, nothing on the CPU (where bf16 is slower for these small models)."""
    return torch.autocast(device_type=device.type, dtype=torch.bfloat16, enabled=device.type == "cuda")


def random_shift(x: torch.Tensor, pixels: float, generator: torch.Generator) -> torch.Tensor:
    """Translate each image by up to `pixels` in x and y (data augmentation), bilinear, zeros outside."""
    b, _, h, _ = x.shape
    shift = (torch.rand(b, 2, generator=generator) * 2 - 1).to(x.device) * (2 * pixels / h)
    theta = torch.zeros(b, 2, 3, device=x.device)
    theta[:, 0, 0] = theta[:, 1, 1] = 1
    theta[:, :, 2] = shift
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)
    return F.grid_sample(x, grid, align_corners=False)


def warmup_cosine(opt: torch.optim.Optimizer, warmup: int, total: int) -> torch.optim.lr_scheduler.LambdaLR:
    """Linear warm-up over `warmup` steps, then cosine decay of the learning rate to 0 at step `total`."""
    return torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / warmup) * 0.5 * (1 + math.cos(math.pi * min(s, total) / total)))


@torch.no_grad()
def ema_update(ema: torch.nn.Module, model: torch.nn.Module, step: int, decay: float) -> None:
    """ema = d * ema + (1 - d) * model, one `lerp` per tensor (EDM), d = min(decay, (1 + step) / (10 + step)):
    a short memory at first, so the average does not remember the random initialization."""
    d = min(decay, (1 + step) / (10 + step))
    for pe, pm in zip(ema.parameters(), model.parameters()):
        pe.lerp_(pm.detach(), 1 - d)
