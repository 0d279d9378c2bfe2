"""The denoising network of diffusion: a U-Net that predicts the noise, eps_model(x_t, t, cond=None).

References: Ronneberger et al. (2015), "U-Net: convolutional networks for
biomedical image segmentation" (fig. 1: encoder, decoder, skip connections);
Ho et al. (2020), "Denoising diffusion probabilistic models" (appendix B: the
PixelCNN++-style U-Net with ResBlocks, group norm, a sinusoidal time embedding
and self-attention at low resolution); Rombach et al. (2022), "High-resolution
image synthesis with latent diffusion models" (sec. 3.3: cross-attention to
the condition's tokens); Nichol & Dhariwal (2021), "Improved denoising
diffusion probabilistic models" (the pooled condition added to the time embedding).

The network knows nothing of the noise schedule: it maps a noisy image x_t and
its timestep t to an image-shaped output (eps, or v, whatever the loss in
diffusion.py trained it for). The "small" preset on 28x28 (channels 24, channel_mult (1, 2, 4)):

    conv_in                 (B, 1, 28, 28) -> (B, 24, 28, 28)
    down.0  res             (B, 24, 28, 28) -> skip 0, downsample -> (B, 24, 14, 14)
    down.1  res             (B, 48, 14, 14) -> skip 1, downsample -> (B, 48, 7, 7)
    down.2  res, attn       (B, 96, 7, 7)   -> skip 2
    mid     res, attn, res  (B, 96, 7, 7)
    up.0    cat skip 2 (B, 192, 7, 7),  res, attn (B, 96, 7, 7) -> upsample -> (B, 48, 14, 14)
    up.1    cat skip 1 (B, 96, 14, 14), res (B, 48, 14, 14)     -> upsample -> (B, 24, 28, 28)
    up.2    cat skip 0 (B, 48, 28, 28), res (B, 24, 28, 28)
    out     GroupNorm, SiLU, conv -> (B, 1, 28, 28)

Like Ronneberger's up-conv, each upsample also halves the channels (to the
next level's width): this keeps the costly full-resolution convolutions narrow.

The condition (unused by unconditional models, cond_dim = 0) is either a pooled
vector (B, cond_dim), added to the time embedding, or tokens (B, L, cond_dim)
read by cross-attention wherever there is self-attention, or a dict with
"pooled", "tokens" and "mask" (B, L) bool (True = a real token). A U-Net with cond_channels > 0 also reads
cond["image"] (B, cond_channels, H, W), concatenated to x_t as input channels (super-resolution, SR3).
"""

from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

from genkit.layers import Attention, Downsample, ResBlock, TimeEmbedding, Upsample
from genkit.weights import GenkitModel


@dataclass
class UNetConfig:
    image_channels: int = 1  # 1 for MNIST, 3 for RGB scenes
    image_size: int = 28  # side of the square image; must halve exactly at every level (28 -> 14 -> 7)
    channels: int = 24  # channels of the first level; level i has channels * channel_mult[i]
    channel_mult: tuple = (1, 2, 4)  # one entry per resolution level
    num_res_blocks: int = 1  # ResBlocks per level, on the way down and on the way up
    attention_levels: tuple = (2,)  # levels (0 = full size) with self-attention: (2,) is 7x7 at 28, 8x8 at 32
    attention_heads: int = 4  # heads of every attention block (must divide the level's channels)
    mid_attention: bool = True  # self-attention in the middle block, between its two ResBlocks
    norm_groups: int = 8  # groups of every GroupNorm (must divide every channel count)
    dropout: float = 0.1  # in every ResBlock, training only
    time_dim: int = 128  # size of the time embedding fed to every ResBlock
    cond_dim: int = 0  # size of the condition's vectors; 0 = unconditional (no cond layers built)
    cond_channels: int = 0  # channels of an image condition concatenated to x_t (super-resolution: the low-res image)
    # how a checkpoint was trained, stored with its weights; read by the samplers, never by the network:
    schedule: str = "cosine"  # the noise schedule of genkit.diffusion.SCHEDULES
    T: int = 1000  # number of noising steps
    target: str = "eps"  # what the output is: "eps" (the noise) or "v" (genkit.diffusion.v_target)

    def __post_init__(self):
        # JSON turns tuples into lists: make a reloaded config equal to the saved one
        self.channel_mult = tuple(self.channel_mult)
        self.attention_levels = tuple(self.attention_levels)
        levels = len(self.channel_mult)
        if self.image_size % 2 ** (levels - 1):
            raise ValueError(f"image_size {self.image_size} cannot be halved {levels - 1} times exactly; "
                             f"use a size divisible by {2 ** (levels - 1)} or fewer channel_mult entries")
        bad = [i for i in self.attention_levels if not 0 <= i < levels]
        if bad:
            raise ValueError(f"attention_levels {bad} do not exist; levels are 0..{levels - 1}")
        if self.target not in ("eps", "v"):
            raise ValueError(f"target must be 'eps' or 'v', not {self.target!r}")
        widths = [self.channels * m for m in self.channel_mult]
        odd = [c for c in widths if c % self.norm_groups]
        if odd:
            raise ValueError(f"norm_groups={self.norm_groups} does not divide the channel counts {sorted(set(odd))}")


PRESETS = {
    # tiny: tests, a forward pass in milliseconds (28 -> 14, attention at 14x14)
    "tiny": UNetConfig(channels=8, channel_mult=(1, 2), attention_levels=(1,), attention_heads=2,
                       norm_groups=4, dropout=0.0, time_dim=32),
    # small: the default for 28x28 MNIST, 1.1M parameters, 24/48/96 channels at 28/14/7, attention at 7x7;
    # 25 DDIM steps take ~1.1 s for 16 samples and ~0.15 s for one on one CPU core
    # (32/64/128 channels, 2.0M parameters, took ~1.6 s: over the 1.5 s budget of the demo)
    "small": UNetConfig(),
    # base: a GPU model, e.g. 32x32 RGB scenes (32 -> 16 -> 8, attention at 8x8)
    "base": UNetConfig(image_channels=3, image_size=32, channels=64, channel_mult=(1, 2, 2), num_res_blocks=2,
                       attention_levels=(2,), attention_heads=4, norm_groups=16, time_dim=256),
}


class Level(nn.Module):
    """The ResBlocks of one resolution, each followed by self- (and cross-) attention if asked."""

    def __init__(self, c_in: int, c_out: int, config: UNetConfig, attention: bool,
                 downsample: bool = False, upsample_to: int = 0):
        super().__init__()
        n, cfg = config.num_res_blocks, config
        self.res = nn.ModuleList(
            ResBlock(c_in if i == 0 else c_out, c_out, cfg.time_dim, cfg.norm_groups, cfg.dropout) for i in range(n))
        self.attn = nn.ModuleList(
            Attention(c_out, cfg.attention_heads, cfg.norm_groups) for _ in range(n)) if attention else None
        self.xattn = nn.ModuleList(
            Attention(c_out, cfg.attention_heads, cfg.norm_groups, cfg.cond_dim) for _ in range(n)
        ) if attention and cfg.cond_dim else None
        self.downsample = Downsample(c_out) if downsample else None
        self.upsample = Upsample(c_out, upsample_to) if upsample_to else None

    def forward(self, h, emb, tokens=None, mask=None):
        for i, res in enumerate(self.res):
            h = res(h, emb)  # (B, c_out, H, W)
            if self.attn is not None:
                h = self.attn[i](h)
            if self.xattn is not None and tokens is not None:
                h = self.xattn[i](h, tokens, mask)
        return h


class Mid(nn.Module):
    """The bottom of the U: ResBlock, attention (self, then cross), ResBlock at the lowest resolution."""

    def __init__(self, c: int, config: UNetConfig):
        super().__init__()
        cfg = config
        self.res = nn.ModuleList(ResBlock(c, c, cfg.time_dim, cfg.norm_groups, cfg.dropout) for _ in range(2))
        self.attn = Attention(c, cfg.attention_heads, cfg.norm_groups) if cfg.mid_attention else None
        self.xattn = Attention(c, cfg.attention_heads, cfg.norm_groups, cfg.cond_dim) if cfg.cond_dim else None

    def forward(self, h, emb, tokens=None, mask=None):
        h = self.res[0](h, emb)  # (B, c, H, W)
        if self.attn is not None:
            h = self.attn(h)
        if self.xattn is not None and tokens is not None:
            h = self.xattn(h, tokens, mask)
        return self.res[1](h, emb)  # (B, c, H, W)


class UNet(nn.Module, GenkitModel):
    """eps_model(x_t (B, C, H, W), t (B,), cond=None) -> (B, C, H, W). See the module docstring for the layout."""

    def __init__(self, config: UNetConfig):
        super().__init__()
        self.config = cfg = config
        widths = [cfg.channels * m for m in cfg.channel_mult]  # channels of each level
        last = len(widths) - 1
        self.time_embed = TimeEmbedding(cfg.channels, cfg.time_dim)
        self.cond_embed = nn.Linear(cfg.cond_dim, cfg.time_dim) if cfg.cond_dim else None  # pooled condition
        self.conv_in = nn.Conv2d(cfg.image_channels + cfg.cond_channels, widths[0], 3, padding=1)
        # the encoder: level i keeps its output as skip i, then halves the side (except the last level)
        self.down = nn.ModuleList(
            Level(widths[i - 1] if i else widths[0], widths[i], cfg, i in cfg.attention_levels, downsample=i < last)
            for i in range(last + 1))
        self.mid = Mid(widths[-1], cfg)
        # the decoder, lowest resolution first: up.j concatenates skip i = last - j (h and skip have
        # widths[i] channels each), then doubles the side and goes to the next level's width (except the last)
        self.up = nn.ModuleList(
            Level(2 * widths[i], widths[i], cfg, i in cfg.attention_levels, upsample_to=widths[i - 1] if i else 0)
            for i in reversed(range(last + 1)))
        self.norm_out = nn.GroupNorm(cfg.norm_groups, widths[0])
        self.conv_out = nn.Conv2d(widths[0], cfg.image_channels, 3, padding=1)

    def split_cond(self, cond, batch: int):
        """cond -> (pooled (B, cond_dim) or None, tokens (B, L, cond_dim) or None, mask (B, L) or None).
        An image condition (cond["image"], cond_channels > 0) is taken out first by `forward`."""
        if cond is None:
            return None, None, None
        if not self.config.cond_dim:
            raise ValueError("this UNet is unconditional (cond_dim=0): call it with cond=None")
        if isinstance(cond, torch.Tensor):
            cond = {2: {"pooled": cond}, 3: {"tokens": cond}}.get(cond.dim())
            if cond is None:
                raise ValueError("a cond tensor must be pooled (B, cond_dim) or tokens (B, L, cond_dim)")
        unknown = set(cond) - {"pooled", "tokens", "mask"}
        if unknown:
            raise ValueError(f"unknown cond keys {sorted(unknown)}; allowed: pooled, tokens, mask")
        pooled, tokens, mask = cond.get("pooled"), cond.get("tokens"), cond.get("mask")
        for name, c in (("pooled", pooled), ("tokens", tokens)):
            if c is not None and (c.shape[0] != batch or c.shape[-1] != self.config.cond_dim):
                raise ValueError(f"cond {name} has shape {tuple(c.shape)}; expected batch {batch} "
                                 f"and last dimension cond_dim={self.config.cond_dim}")
        return pooled, tokens, mask

    def forward(self, x_t: torch.Tensor, t: torch.Tensor, cond=None) -> torch.Tensor:
        cfg = self.config
        B, C, H, W = x_t.shape
        if C != cfg.image_channels or H % 2 ** (len(cfg.channel_mult) - 1) or W % 2 ** (len(cfg.channel_mult) - 1):
            raise ValueError(f"x_t has shape {tuple(x_t.shape)}; expected (B, {cfg.image_channels}, H, W) "
                             f"with H and W divisible by {2 ** (len(cfg.channel_mult) - 1)}")
        t = torch.as_tensor(t, device=x_t.device)
        t = t.expand(B) if t.dim() == 0 else t  # (B,)
        if cfg.cond_channels:  # SR3 / Imagen's super-resolution: the low-res image, upsampled, beside x_t
            if not isinstance(cond, dict) or cond.get("image") is None or cond["image"].shape[1] != cfg.cond_channels:
                raise ValueError(f"this UNet reads an image condition: cond['image'] of shape (B, {cfg.cond_channels}, H, W)")
            x_t = torch.cat([x_t, cond["image"]], dim=1)  # (B, C + cond_channels, H, W)
            cond = {k: v for k, v in cond.items() if k != "image"} or None
        pooled, tokens, mask = self.split_cond(cond, B)

        emb = self.time_embed(t)  # (B, time_dim)
        if pooled is not None:
            emb = emb + self.cond_embed(pooled)  # (B, time_dim)

        h = self.conv_in(x_t)  # (B, C0, H, W)
        skips = []  # the U's horizontal arrows, one per level
        for level in self.down:
            h = level(h, emb, tokens, mask)  # (B, C_i, H_i, W_i)
            skips.append(h)
            if level.downsample is not None:
                h = level.downsample(h)  # (B, C_i, H_i / 2, W_i / 2)
        h = self.mid(h, emb, tokens, mask)  # (B, C_last, H_last, W_last)
        for level in self.up:
            h = torch.cat([h, skips.pop()], dim=1)  # (B, 2 C_i, H_i, W_i)
            h = level(h, emb, tokens, mask)  # (B, C_i, H_i, W_i)
            if level.upsample is not None:
                h = level.upsample(h)  # (B, C_(i-1), 2 H_i, 2 W_i)
        return self.conv_out(F.silu(self.norm_out(h)))  # (B, C, H, W)
