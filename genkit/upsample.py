"""Upsampling: repetition, bilinear interpolation, and the transposed convolution used as an upsampler.

References: the lecture's "Interpolation" slide (1. répétition, 2. interpolation
(bi-)linéaire: no parameters to learn) and "Convolution transposée"; Odena,
Dumoulin & Olah (2016), "Deconvolution and checkerboard artifacts" (Distill): when
the kernel size k is not divisible by the stride s, output cells receive unequal
numbers of kernel copies; Long, Shelhamer & Darrell (2015), "Fully convolutional
networks" (section 3.3): a transposed convolution initialised to bilinear interpolation.

Both interpolations are separable: each output row (column) is a fixed mix of at
most two input rows (columns), so bilinear interpolation is the product
A_h @ x @ A_w^T of two interpolation matrices. Positions follow PyTorch's
F.interpolate exactly (align_corners both ways, float32 arithmetic), so that the
tests can compare values and gradients.
"""

import math

import torch
from torch import Tensor

from genkit.conv import conv_transpose2d


def _out_size(n_in: int, size: int | None, scale_factor: float | None) -> int:
    if (size is None) == (scale_factor is None):
        raise ValueError("give exactly one of size and scale_factor")
    n_out = size if size is not None else math.floor(n_in * scale_factor)
    if n_out < 1:
        raise ValueError(f"the output would have {n_out} cells: use a larger size or scale factor")
    return n_out


def _ratio(n_in: int, n_out: int, scale_factor: float | None) -> float:
    """Input cells per output cell: 1/scale when a scale factor is given (as PyTorch), else n_in/n_out."""
    return 1.0 / scale_factor if scale_factor else n_in / n_out


def source_positions(n_in: int, n_out: int, align_corners: bool, scale_factor: float | None = None,
                     dtype=torch.float32) -> Tensor:
    """(n_out,) position in the input of each output cell's centre (in input cell units).

    align_corners=True: the first and last cells' centres coincide, src = dst (n_in - 1)/(n_out - 1).
    align_corners=False: the cells' edges coincide, src = (dst + 1/2) n_in/n_out - 1/2 (clamped at 0).
    """
    dst = torch.arange(n_out, dtype=dtype)
    if align_corners:
        return dst * ((n_in - 1) / (n_out - 1) if n_out > 1 else 0.0)
    scale = torch.tensor(_ratio(n_in, n_out, scale_factor), dtype=dtype)
    return ((dst + 0.5) * scale - 0.5).clamp(min=0)


def upsample_nearest(x: Tensor, size: tuple[int, int] | None = None, scale_factor: float | None = None) -> Tensor:
    """Repetition: output cell (i, j) copies input cell (floor(i * H/H'), floor(j * W/W')). x is (..., H, W)."""
    H, W = x.shape[-2:]
    oh = _out_size(H, size and size[0], scale_factor)
    ow = _out_size(W, size and size[1], scale_factor)
    rows = _nearest_index(H, oh, scale_factor)  # (oh,)
    cols = _nearest_index(W, ow, scale_factor)  # (ow,)
    return x[..., rows[:, None], cols[None, :]]  # (..., oh, ow)


def _nearest_index(n_in: int, n_out: int, scale_factor: float | None) -> Tensor:
    if n_out in (n_in, 2 * n_in):  # PyTorch computes these two cases exactly, whatever the scale factor
        scale_factor = None
    scale = torch.tensor(_ratio(n_in, n_out, scale_factor), dtype=torch.float32)
    return torch.floor(torch.arange(n_out, dtype=torch.float32) * scale).long().clamp(max=n_in - 1)


def interpolation_matrix(n_in: int, n_out: int, align_corners: bool, scale_factor: float | None = None,
                         dtype=torch.float32) -> Tensor:
    """(n_out, n_in) matrix A: row o mixes the two input cells around o's source position, weights 1-λ and λ."""
    src = source_positions(n_in, n_out, align_corners, scale_factor, dtype)  # (n_out,)
    i0 = src.long()  # left neighbour (floor: src >= 0)
    lam = (src - i0).clamp(0, 1)  # distance to it, in [0, 1)
    i1 = (i0 + 1).clamp(max=n_in - 1)  # right neighbour (the last cell is its own neighbour)
    A = torch.zeros(n_out, n_in, dtype=dtype)
    o = torch.arange(n_out)
    A.index_put_((o, i0), 1 - lam, accumulate=True)
    A.index_put_((o, i1), lam, accumulate=True)
    return A


def upsample_bilinear(x: Tensor, size: tuple[int, int] | None = None, scale_factor: float | None = None,
                      align_corners: bool = False) -> Tensor:
    """Bilinear interpolation of x (..., H, W): interpolate the columns, then the rows, y = A_h x A_w^T."""
    H, W = x.shape[-2:]
    oh = _out_size(H, size and size[0], scale_factor)
    ow = _out_size(W, size and size[1], scale_factor)
    A_h = interpolation_matrix(H, oh, align_corners, scale_factor, x.dtype).to(x.device)  # (oh, H)
    A_w = interpolation_matrix(W, ow, align_corners, scale_factor, x.dtype).to(x.device)  # (ow, W)
    return A_h @ (x @ A_w.T)  # (..., oh, ow)


# ----------------------------------------------------------------------------- transposed convolution as upsampler


def box_kernel(k: int) -> Tensor:
    """(k, k) ones: with k = s the transposed convolution is exactly repetition."""
    return torch.ones(k, k)


def bilinear_kernel(k: int) -> Tensor:
    """(k, k) tent of FCN (Long et al. 2015): with k = 2s it reproduces bilinear interpolation inside the image."""
    f = math.ceil(k / 2)
    c = (2 * f - 1 - f % 2) / (2 * f)
    tent = 1 - (torch.arange(k) / f - c).abs()  # (k,)
    return tent[:, None] * tent[None, :]


KERNELS = {"box": box_kernel, "bilinear": bilinear_kernel}


def same_scale_padding(k: int, s: int) -> tuple[int, int]:
    """(p, a) such that a transposed convolution with kernel k and stride s maps i cells to exactly s*i.

    (i-1)s - 2p + k + a = s i  <=>  k - 2p + a = s, with 0 <= a < s.
    """
    p = max(0, math.ceil((k - s) / 2))
    return p, s - k + 2 * p


def upsample_transposed(x: Tensor, s: int, k: int, kind: str = "box") -> Tensor:
    """Upsample x (..., H, W) s times with a fixed (unlearned) transposed convolution, channel by channel.

    The result is divided by the mean gain sum(w)/s^2, so that brightness is kept on average: what is
    left is the uneven overlap of the kernel copies (the checkerboard when s does not divide k).
    """
    w = KERNELS[kind](k).to(x.dtype)  # (k, k)
    p, a = same_scale_padding(k, s)
    lead, (H, W) = x.shape[:-2], x.shape[-2:]
    y = conv_transpose2d(x.reshape(-1, 1, H, W), w[None, None], stride=s, padding=p, output_padding=a)
    return (y / (w.sum() / s**2)).reshape(*lead, s * H, s * W)


def overlap_counts(shape: tuple[int, int], s: int, k: int) -> Tensor:
    """(s H, s W) number of kernel copies that land on each output cell (a box kernel on an input of ones)."""
    p, a = same_scale_padding(k, s)
    ones = torch.ones(1, 1, *shape)
    return conv_transpose2d(ones, torch.ones(1, 1, k, k), stride=s, padding=p, output_padding=a)[0, 0]
