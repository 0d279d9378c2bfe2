"""What the training loops share, in the order a loop uses them: the seeds, the training split,
the optimizers with their learning-rate schedules (Adam + one-cycle; AdamW + warm-up then cosine),
the EMA copy of the diffusion loops, the clock and progress bar, bf16 autocast on CUDA, data
augmentation, and the device's name. Each loop still reads top to bottom; these are its steps."""

import copy
import math
import platform
import time

import torch
import torch.nn.functional as F
from tqdm import tqdm

from genkit import data


def seeded(seed: int) -> torch.Generator:
    """Seed torch's global generator (initial weights, the noise drawn inside the models) and return a
    generator of the same seed for the loop's own draws (the order of the batches, augmentation)."""
    g = torch.Generator().manual_seed(seed)
    torch.manual_seed(seed)
    return g


def training_split(args, preset: dict, device) -> tuple[torch.Tensor, torch.Tensor, int]:
    """The training split of `args.dataset` as one tensor on the device: images (N, 1, 28, 28) in [0, 1]
    and labels (N,), the first preset["n_train"] only when that is set; and the batch size,
    preset["batch_size"] or the number of images if fewer."""
    x, y = data.load(args.dataset, "train", args.data_dir, device)
    if preset["n_train"]:
        x, y = x[: preset["n_train"]], y[: preset["n_train"]]
    return x, y, min(preset["batch_size"], len(x))


def one_cycle_adam(model: torch.nn.Module, lr: float, total: int, device: torch.device):
    """Adam (fused on CUDA) and its one-cycle learning rate (Smith & Topin 2019): up to `lr` over the
    first 10 % of the `total` steps, then down. Returns (optimizer, scheduler)."""
    opt = torch.optim.Adam(model.parameters(), lr=lr, fused=device.type == "cuda")
    return opt, torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=total, pct_start=0.1)


def warmup_cosine_adamw(model: torch.nn.Module, lr: float, warmup: int, total: int, device: torch.device):
    """AdamW without weight decay (fused on CUDA) and `warmup_cosine` of its learning rate: the
    optimizer of the diffusion loops. Returns (optimizer, scheduler)."""
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.0, fused=device.type == "cuda")
    return opt, warmup_cosine(opt, warmup, total)


def ema_copy(model: torch.nn.Module) -> torch.nn.Module:
    """The EMA copy of `model`: the same weights to start with, in eval mode, never trained by a gradient
    (`ema_update` moves it)."""
    return copy.deepcopy(model).eval().requires_grad_(False)


def start_clock(total: int, name: str, quiet: bool) -> tuple[float, tqdm]:
    """The start time (time.perf_counter) and a progress bar of `total` steps named `name`."""
    return time.perf_counter(), tqdm(total=total, desc=name, disable=quiet)


def stop_clock(t0: float, bar: tqdm, device: torch.device, steps: int, batch_size: int) -> dict:
    """Close the bar, wait for the GPU to finish its queue, and the run's timing for the record:
    seconds since `t0`, images per second (steps x batch_size images), steps."""
    bar.close()
    if device.type == "cuda":
        torch.cuda.synchronize()
    seconds = time.perf_counter() - t0
    return dict(seconds=round(seconds, 1), images_per_s=round(steps * batch_size / seconds, 1), steps=steps)


def device_name(device: torch.device) -> str:
    """What the record calls the device: the GPU's name, or the CPU with its number of threads."""
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
