"""Super-resolution by diffusion: 32x32 -> 64x64, the second stage of Imagen's cascade.

Lecture: "Imagen" (the cascade): a first diffusion model draws a small image from the text, then
diffusion models raise the resolution, each conditioned on the smaller image. This is one such
stage, x2, on the procedural scenes; it reads no text (Imagen's super-resolution models also read
it; here the small image already says everything a scene has).

References: Saharia et al. (2021), "Image super-resolution via iterative refinement" (SR3): the
low-resolution image, upsampled, is concatenated to x_t as input channels of the U-Net (genkit's
U-Net with cond_channels = 3). Ho et al. (2021), "Cascaded diffusion models", sec. 3 and
Saharia et al. (2022), "Imagen", sec. 2.5: noise conditioning augmentation. During training the
low-resolution input is itself noised to a random level s of the same schedule,

    z_s = sqrt(alpha_bar_s) x_low + sqrt(1 - alpha_bar_s) eps,     s ~ Uniform{0 .. aug_train},

and s is given to the network (its embedding added to the time embedding). The stage then learns
not to trust every pixel of its input, which at sampling time comes from the first model, with its
defects, rather than from a perfect downsampling; sampling uses a small fixed level (aug_sample).

Symbols and shapes: low (B, 3, 32, 32) in [-1, 1] inside, [0, 1] at the API; high (B, 3, 64, 64);
cond = dict(image (B, 3, 64, 64): z_s upsampled, pooled (B, D): the embedding of s).
API: `SuperRes(config)`, `.cond(low, s)`; `steps(model, low, steps=25, seed=0)` yields samplers.Step;
`upscale(...)` -> (B, 3, 64, 64) in [0, 1]; `downsample(x)` the 2x2 mean; `psnr(a, b)` in dB.
"""

import dataclasses
from dataclasses import dataclass, field

import torch
import torch.nn.functional as F
from torch import nn

from genkit.diffusion import noise, q_sample
from genkit.layers import TimeEmbedding
from genkit.samplers import ddim_steps, schedule_of
from genkit.unet import UNet, UNetConfig
from genkit.weights import GenkitModel


@dataclass
class SuperResConfig:
    low: int = 32  # side of the input
    factor: int = 2  # the output's side is low * factor
    cond_dim: int = 32  # D: width of the augmentation level's embedding (the U-Net's pooled condition)
    aug_train: int = 250  # training: the low-res input noised to s ~ Uniform{0 .. aug_train} (of T = 1000)
    aug_sample: int = 50  # sampling: the fixed level s of the input's noise
    unet: dict = field(default_factory=dict)  # UNetConfig fields (size, channels, cond_* set here)

    def __post_init__(self):
        unet = dataclasses.asdict(self.unet) if isinstance(self.unet, UNetConfig) else dict(self.unet)
        unet = dataclasses.asdict(UNetConfig(**{**unet, "image_channels": 3, "image_size": self.low * self.factor,
                                                "cond_channels": 3, "cond_dim": self.cond_dim}))
        self.unet = {k: list(v) if isinstance(v, tuple) else v for k, v in unet.items()}  # JSON-like
        if not 0 <= self.aug_sample <= self.aug_train < 1000:
            raise ValueError(f"need 0 <= aug_sample <= aug_train < 1000, not {self.aug_sample}, {self.aug_train}")

    def unet_config(self) -> UNetConfig:
        return UNetConfig(**self.unet)


class SuperRes(nn.Module, GenkitModel):
    """The U-Net (x_t and the upsampled, noised low-res image side by side) and the embedding of the level s."""

    def __init__(self, config: SuperResConfig):
        super().__init__()
        self.config = config
        self.unet = UNet(config.unet_config())
        self.aug_embed = TimeEmbedding(32, config.cond_dim)  # s (B,) -> (B, D), as the time t is embedded

    def forward(self, xt: torch.Tensor, t: torch.Tensor, cond=None) -> torch.Tensor:
        return self.unet(xt, t, cond=cond)

    def cond(self, low: torch.Tensor, s: torch.Tensor, generator: torch.Generator | None = None) -> dict:
        """low (B, 3, low, low) in [-1, 1], levels s (B,) long -> the U-Net's condition (noised, upsampled)."""
        schedule = schedule_of(self.unet).to(low.device)
        z = q_sample(schedule, low, s.clamp(min=1), noise(low.shape, generator, low.device))
        z = torch.where((s == 0).view(-1, 1, 1, 1), low, z)  # s = 0: the input as it is
        up = F.interpolate(z, scale_factor=self.config.factor, mode="bilinear", align_corners=False)
        return {"image": up, "pooled": self.aug_embed(s)}


def downsample(x: torch.Tensor, factor: int = 2) -> torch.Tensor:
    """The mean of each factor x factor block: how a 64x64 image is seen at 32x32."""
    return F.avg_pool2d(x, factor)


def psnr(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Peak signal-to-noise ratio in dB of images in [0, 1], one value per image: 10 log10(1 / MSE)."""
    mse = (a.float() - b.float()).square().flatten(1).mean(1).clamp(min=1e-10)
    return 10 * torch.log10(1 / mse)


def upscale_steps(model: SuperRes, low: torch.Tensor, steps: int = 25, seed: int = 0, aug: int | None = None):
    """(also `steps`) DDIM from noise to the x2 image of `low` (B, 3, 32, 32) in [0, 1]; yields samplers.Step."""
    cfg = model.config
    if low.dim() != 4 or low.shape[1] != 3 or low.shape[-1] != cfg.low or low.shape[-2] != cfg.low:
        raise ValueError(f"super-resolution takes images (B, 3, {cfg.low}, {cfg.low}), not {tuple(low.shape)}")
    model.eval()
    gen = torch.Generator().manual_seed(seed)
    s = torch.full((low.shape[0],), cfg.aug_sample if aug is None else int(aug), dtype=torch.long)
    device = next(model.parameters()).device
    with torch.no_grad():
        cond = model.cond(low.to(device) * 2 - 1, s.to(device), gen)
    side = cfg.low * cfg.factor
    yield from ddim_steps(model, schedule_of(model.unet), (low.shape[0], 3, side, side), steps=steps, generator=gen,
                          cond=cond, target=model.unet.config.target)


steps = upscale_steps  # the public name; `upscale` below has an argument called `steps`


def upscale(model: SuperRes, low: torch.Tensor, steps: int = 25, seed: int = 0, aug: int | None = None) -> torch.Tensor:
    """(B, 3, 32, 32) in [0, 1] -> (B, 3, 64, 64) in [0, 1] on the CPU."""
    last = None
    for last in upscale_steps(model, low, steps, seed, aug):
        pass
    return ((last.x_prev.float().cpu() + 1) / 2).clamp(0, 1)
