"""The U-Net's building blocks (genkit/unet.py): time embedding, ResBlock, attention, Down/Upsample.

The U-Net of diffusion and of text-to-image is assembled from these; the convolutional
encoder and decoder of the autoencoder and the VAE live in genkit/autoencoder.py.

References: Vaswani et al. (2017), "Attention is all you need" (sec. 3.5, the
sinusoidal position encoding, reused for the diffusion time step by Ho et al.);
He et al. (2016), "Deep residual learning" (the residual block); Wu & He (2018),
"Group normalization"; Ho et al. (2020), "Denoising diffusion probabilistic
models" (appendix B: a ResBlock receives the time embedding through a dense
layer and adds it to its feature maps; self-attention at 16x16); Rombach et al.
(2022), "High-resolution image synthesis with latent diffusion models" (sec.
3.3, cross-attention to a condition's tokens); Odena et al. (2016),
"Deconvolution and checkerboard artifacts" (resize then convolve).

Every block takes and returns images as (B, C, H, W); attention flattens the
H*W pixels into a sequence of tokens and folds them back.
"""

import math

import torch
import torch.nn.functional as F
from torch import nn


def timestep_embedding(t: torch.Tensor, dim: int, max_period: float = 10_000.0) -> torch.Tensor:
    """Sinusoidal embedding of (B,) timesteps (int or float) -> (B, dim): [cos(t w_k), sin(t w_k)].

    The frequencies w_k = max_period^(-k / (dim/2)) go from 1 to 1/max_period, so
    nearby t have nearby embeddings at every scale (Vaswani et al. 2017, sec. 3.5).
    """
    half = dim // 2
    w = torch.exp(-math.log(max_period) * torch.arange(half, device=t.device, dtype=torch.float32) / half)  # (dim/2,)
    angles = t.float()[:, None] * w[None, :]  # (B, dim/2)
    emb = torch.cat([torch.cos(angles), torch.sin(angles)], dim=1)  # (B, 2 * (dim/2))
    if dim % 2:
        emb = F.pad(emb, (0, 1))  # (B, dim)
    return emb


class TimeEmbedding(nn.Module):
    """t (B,) -> sinusoid (B, freq_dim) -> Linear -> SiLU -> Linear -> (B, dim)."""

    def __init__(self, freq_dim: int, dim: int):
        super().__init__()
        self.freq_dim = freq_dim
        self.fc1 = nn.Linear(freq_dim, dim)
        self.fc2 = nn.Linear(dim, dim)

    def forward(self, t: torch.Tensor) -> torch.Tensor:
        return self.fc2(F.silu(self.fc1(timestep_embedding(t, self.freq_dim))))  # (B, dim)


class ResBlock(nn.Module):
    """GroupNorm, SiLU, conv 3x3, + time embedding, GroupNorm, SiLU, dropout, conv 3x3, + skip.

    The skip is the identity when the channels stay, a 1x1 convolution when they change.
    """

    def __init__(self, c_in: int, c_out: int, emb_dim: int, groups: int = 8, dropout: float = 0.0):
        super().__init__()
        self.norm1 = nn.GroupNorm(groups, c_in)
        self.conv1 = nn.Conv2d(c_in, c_out, 3, padding=1)
        self.emb = nn.Linear(emb_dim, c_out)  # the time (and pooled condition) embedding, one bias per channel
        self.norm2 = nn.GroupNorm(groups, c_out)
        self.dropout = nn.Dropout(dropout)
        self.conv2 = nn.Conv2d(c_out, c_out, 3, padding=1)
        self.skip = nn.Conv2d(c_in, c_out, 1) if c_in != c_out else nn.Identity()

    def forward(self, x: torch.Tensor, emb: torch.Tensor) -> torch.Tensor:
        h = self.conv1(F.silu(self.norm1(x)))  # (B, c_out, H, W)
        h = h + self.emb(F.silu(emb))[:, :, None, None]  # (B, c_out, H, W) + (B, c_out, 1, 1)
        h = self.conv2(self.dropout(F.silu(self.norm2(h))))  # (B, c_out, H, W)
        return self.skip(x) + h  # (B, c_out, H, W)


class Attention(nn.Module):
    """Multi-head attention of the pixels, with a residual connection.

    context_dim == 0: self-attention, every pixel attends to every pixel (queries,
    keys and values from the image). context_dim > 0: cross-attention, the pixels
    (queries) attend to a condition's tokens (keys and values), e.g. the words of
    a caption, (B, L, context_dim). softmax(q k^T / sqrt(d)) v is computed by
    F.scaled_dot_product_attention (a fused kernel on GPUs, same maths).
    """

    def __init__(self, channels: int, heads: int = 4, groups: int = 8, context_dim: int = 0):
        super().__init__()
        if channels % heads:
            raise ValueError(f"attention: {channels} channels cannot be split into {heads} heads")
        self.heads = heads
        self.context_dim = context_dim
        self.norm = nn.GroupNorm(groups, channels)
        if context_dim:
            self.q = nn.Linear(channels, channels)
            self.kv = nn.Linear(context_dim, 2 * channels)
        else:
            self.qkv = nn.Linear(channels, 3 * channels)
        self.proj = nn.Linear(channels, channels)

    def forward(self, x: torch.Tensor, context: torch.Tensor | None = None,
                mask: torch.Tensor | None = None) -> torch.Tensor:
        """x (B, C, H, W); context (B, L, context_dim) and mask (B, L) bool, True = attend (cross only).

        Every row of the mask needs at least one True (an all-padding caption gives NaN): drop the
        condition with a null embedding instead.
        """
        B, C, H, W = x.shape
        h = self.norm(x).flatten(2).transpose(1, 2)  # (B, H*W, C): one token per pixel
        if self.context_dim:
            if context is None:
                raise ValueError("cross-attention needs a context (B, L, context_dim)")
            q = self.q(h)  # (B, H*W, C)
            k, v = self.kv(context).chunk(2, dim=-1)  # (B, L, C) each
        else:
            q, k, v = self.qkv(h).chunk(3, dim=-1)  # (B, H*W, C) each
        d = C // self.heads
        q, k, v = (z.unflatten(-1, (self.heads, d)).transpose(1, 2) for z in (q, k, v))  # (B, heads, N, d)
        attn_mask = None if mask is None else mask[:, None, None, :]  # (B, 1, 1, L)
        a = F.scaled_dot_product_attention(q, k, v, attn_mask=attn_mask)  # (B, heads, H*W, d)
        a = a.transpose(1, 2).reshape(B, H * W, C)  # (B, H*W, C)
        return x + self.proj(a).transpose(1, 2).reshape(B, C, H, W)  # (B, C, H, W)


class Downsample(nn.Module):
    """Halve the side with a strided 3x3 convolution: (B, C, H, W) -> (B, C, ceil(H/2), ceil(W/2))."""

    def __init__(self, channels: int):
        super().__init__()
        self.conv = nn.Conv2d(channels, channels, 3, stride=2, padding=1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.conv(x)


class Upsample(nn.Module):
    """Double the side: nearest-neighbour upsampling, then a 3x3 convolution (B, C, H, W) -> (B, C_out, 2H, 2W).

    Like the up-conv of Ronneberger et al. (2015), it may also change the number of
    channels (a U-Net's decoder halves them on the way up).

    This is the lecture's "up-conv" done as resize-then-convolve rather than a
    transposed convolution: a stride-2 transposed convolution with a 3x3 kernel
    makes the kernels overlap unevenly (some output pixels receive 4 kernel taps,
    their neighbours 1 or 2), which prints a checkerboard pattern on generated
    images (Odena et al. 2016). After a nearest resize every output pixel sees
    the same number of taps, so no checkerboard.
    """

    def __init__(self, channels: int, out_channels: int | None = None):
        super().__init__()
        self.conv = nn.Conv2d(channels, out_channels or channels, 3, padding=1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.conv(F.interpolate(x, scale_factor=2.0, mode="nearest"))  # (B, C_out, 2H, 2W)
