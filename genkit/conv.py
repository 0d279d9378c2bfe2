"""Convolution, transposed convolution and the convolution as a matrix, from scratch.

References: Dumoulin & Visin (2016), "A guide to convolution arithmetic for deep
learning" (arXiv:1603.07285): the output sizes (relationship 6 for a convolution,
relationship 14 plus dilation and output padding for a transposed one) and the
convolution written as a sparse matrix C, whose transpose C^T is the transposed
convolution (section 4.1). Lecture: "Convolution", "Convolution transposée".

Symbols (Dumoulin & Visin): i input size, k kernel size, s stride (pas),
p padding (rembourrage), d dilation (dilatation), a output padding, o output size.
x is (B, C_in, H, W); w is (C_out, C_in, kh, kw) for conv2d and, as in PyTorch,
(C_in, C_out, kh, kw) for conv_transpose2d. Like every deep-learning library, this
"convolution" does not flip the kernel (it is a cross-correlation).

The one idea of the file: output cell o of a convolution reads the (padded) input
cells s*o + d*a, a = 0..k-1 (the kernel's taps, `_taps`). conv2d gathers them and
takes a dot product with w (im2col + one matrix product); conv_transpose2d takes
each input cell, multiplies the whole kernel by it and paints it back on the same
positions, adding where copies overlap (col2im). One is the adjoint of the other,
which `conv_matrix` makes visible: conv2d(x) = C x and conv_transpose2d(y) = C^T y.
Upsampling by repetition and bilinear interpolation lives in upsample.py.
"""

from dataclasses import dataclass, field

import torch
from torch import Tensor, nn
from torch.overrides import TorchFunctionMode

Pair = int | tuple[int, int]

# 3x3 kernels of the Image mode (applied without flipping, like conv2d).
PRESETS: dict[str, list[list[float]]] = {
    "identity": [[0, 0, 0], [0, 1, 0], [0, 0, 0]],
    "box_blur": [[1 / 9] * 3] * 3,
    "gaussian_blur": [[1 / 16, 2 / 16, 1 / 16], [2 / 16, 4 / 16, 2 / 16], [1 / 16, 2 / 16, 1 / 16]],
    "sharpen": [[0, -1, 0], [-1, 5, -1], [0, -1, 0]],
    "sobel_x": [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]],
    "sobel_y": [[-1, -2, -1], [0, 0, 0], [1, 2, 1]],
    "laplacian": [[0, 1, 0], [1, -4, 1], [0, 1, 0]],
    "emboss": [[-2, -1, 0], [-1, 1, 1], [0, 1, 2]],
}


class ShapeError(ValueError):
    """An impossible combination of sizes. `code` and `details` let the UI say it in the user's language."""

    def __init__(self, code: str, message: str, **details):
        super().__init__(message)
        self.code = code
        self.details = details


# ----------------------------------------------------------------------------- sizes


def _pair(v: Pair) -> tuple[int, int]:
    return (v, v) if isinstance(v, int) else (int(v[0]), int(v[1]))


def _check(i: int, k: int, s: int, p: int, d: int) -> None:
    if i < 1:
        raise ShapeError("input", f"the input must have at least one cell (got i={i})", i=i)
    if k < 1:
        raise ShapeError("kernel", f"the kernel must have at least one cell (got k={k})", k=k)
    if s < 1:
        raise ShapeError("stride", f"the stride must be at least 1 (got s={s})", s=s)
    if d < 1:
        raise ShapeError("dilation", f"the dilation must be at least 1 (got d={d})", d=d)
    if p < 0:
        raise ShapeError("padding", f"the padding cannot be negative (got p={p})", p=p)


def conv_output_size(i: int, k: int, s: int = 1, p: int = 0, d: int = 1) -> int:
    """o = floor((i + 2p - d(k-1) - 1) / s) + 1 (Dumoulin & Visin, relationship 6 with dilation)."""
    _check(i, k, s, p, d)
    span = d * (k - 1) + 1  # cells covered by the dilated kernel
    if span > i + 2 * p:
        raise ShapeError(
            "kernel_too_large",
            f"the kernel covers d(k-1)+1 = {span} cells but the padded input has only i+2p = {i + 2 * p}: "
            "add padding, or use a smaller kernel or dilation",
            i=i, k=k, p=p, d=d, span=span, padded=i + 2 * p,
        )
    return (i + 2 * p - span) // s + 1


def conv_transpose_output_size(i: int, k: int, s: int = 1, p: int = 0, d: int = 1, a: int = 0) -> int:
    """o = (i - 1)s - 2p + d(k-1) + a + 1: the input size of the convolution it transposes."""
    _check(i, k, s, p, d)
    if a < 0 or (a >= s and a >= d):
        raise ShapeError(
            "output_padding",
            f"the output padding a={a} must be smaller than the stride s={s} or the dilation d={d} "
            "(it only chooses among the input sizes that the convolution maps to the same output size)",
            a=a, s=s, d=d,
        )
    o = (i - 1) * s - 2 * p + d * (k - 1) + a + 1
    if o < 1:
        raise ShapeError(
            "padding_too_large",
            f"the padding p={p} crops 2p = {2 * p} cells from a result of only {o + 2 * p}: reduce the padding",
            p=p, full=o + 2 * p,
        )
    return o


def check_stride(i: int, s: int, p: int = 0) -> None:
    """Refuse a stride that jumps over the whole padded input (PyTorch allows it: the kernel is placed once)."""
    if s > i + 2 * p:
        raise ShapeError(
            "stride_past_input",
            f"the stride s={s} is larger than the padded input i+2p = {i + 2 * p}: "
            "the kernel would be placed only once and the rest of the input ignored",
            s=s, padded=i + 2 * p,
        )


def _sizes(f, hw: tuple[int, int], khw: tuple[int, int], *pairs: tuple[int, int]) -> tuple[int, int]:
    """Apply a size function to the height and the width, naming the axis in the error."""
    out = []
    for axis in (0, 1):
        try:
            out.append(f(hw[axis], khw[axis], *(q[axis] for q in pairs)))
        except ShapeError as e:
            e.details["axis"] = ("height", "width")[axis]
            raise
    return out[0], out[1]


def _taps(o: int, k: int, s: int, d: int) -> Tensor:
    """(o, k) padded positions s*o + d*a: where tap a of the kernel lands for output cell o."""
    return s * torch.arange(o)[:, None] + d * torch.arange(k)[None, :]


def pad2d(x: Tensor, ph: int, pw: int) -> Tensor:
    """Surround the last two axes with ph rows and pw columns of zeros (rembourrage)."""
    h, w = x.shape[-2:]
    out = x.new_zeros(*x.shape[:-2], h + 2 * ph, w + 2 * pw)
    out[..., ph : ph + h, pw : pw + w] = x
    return out


# ----------------------------------------------------------------------------- convolution


def conv2d(x: Tensor, w: Tensor, bias: Tensor | None = None, stride: Pair = 1, padding: Pair = 0,
           dilation: Pair = 1, method: str = "unfold") -> Tensor:
    """y[n, o, i, j] = bias[o] + sum_{c,a,b} w[o, c, a, b] x_pad[n, c, s*i + d*a, s*j + d*b].

    method="unfold" (the default, the textbook form): gather every window into one row (im2col),
    then one matrix product with w. method="taps": the same sum taken tap by tap, one small matrix
    product w[:, :, a, b] per kernel cell on a shifted, strided view of x: k^2 times less memory,
    much faster on large images (the Image mode uses it).
    """
    (sh, sw), (ph, pw), (dh, dw) = _pair(stride), _pair(padding), _pair(dilation)
    B, C, H, W = x.shape
    C_out, C_w, kh, kw = w.shape
    if C != C_w:
        raise ShapeError("channels", f"the input has {C} channels but the kernel expects {C_w}", c=C, c_w=C_w)
    oh, ow = _sizes(conv_output_size, (H, W), (kh, kw), (sh, sw), (ph, pw), (dh, dw))
    xp = pad2d(x, ph, pw)  # (B, C, H + 2ph, W + 2pw)
    if method == "taps":
        y = x.new_zeros(B, C_out, oh, ow)
        for a in range(kh):
            for b in range(kw):
                shifted = xp[:, :, a * dh : a * dh + sh * (oh - 1) + 1 : sh, b * dw : b * dw + sw * (ow - 1) + 1 : sw]
                y = y + torch.einsum("nchw,oc->nohw", shifted, w[:, :, a, b])  # (B, C_out, oh, ow)
    elif method == "unfold":
        rows, cols = _taps(oh, kh, sh, dh), _taps(ow, kw, sw, dw)  # (oh, kh), (ow, kw)
        windows = xp[:, :, rows[:, :, None, None], cols[None, None, :, :]]  # (B, C, oh, kh, ow, kw)
        windows = windows.permute(0, 2, 4, 1, 3, 5).reshape(B, oh * ow, C * kh * kw)  # im2col: a row per output
        y = (windows @ w.reshape(C_out, C * kh * kw).T).transpose(1, 2).reshape(B, C_out, oh, ow)
    else:
        raise ValueError(f"unknown method {method!r}: 'unfold' or 'taps'")
    return y if bias is None else y + bias[:, None, None]


def conv2d_loops(x: Tensor, w: Tensor, bias: Tensor | None = None, stride: Pair = 1, padding: Pair = 0,
                 dilation: Pair = 1) -> Tensor:
    """The same definition, one output cell at a time (slow: for reading, and for the tests)."""
    (sh, sw), (ph, pw), (dh, dw) = _pair(stride), _pair(padding), _pair(dilation)
    B, _, H, W = x.shape
    C_out, _, kh, kw = w.shape
    oh, ow = _sizes(conv_output_size, (H, W), (kh, kw), (sh, sw), (ph, pw), (dh, dw))
    xp = pad2d(x, ph, pw)
    y = x.new_zeros(B, C_out, oh, ow)
    for i in range(oh):
        for j in range(ow):
            window = xp[:, :, i * sh : i * sh + dh * (kh - 1) + 1 : dh, j * sw : j * sw + dw * (kw - 1) + 1 : dw]
            y[:, :, i, j] = torch.einsum("ncab,ocab->no", window, w)  # (B, C_out): one dot product per kernel
    return y if bias is None else y + bias[:, None, None]


# ----------------------------------------------------------------------------- transposed convolution


def conv_transpose2d(x: Tensor, w: Tensor, bias: Tensor | None = None, stride: Pair = 1, padding: Pair = 0,
                     output_padding: Pair = 0, dilation: Pair = 1) -> Tensor:
    """Each input cell paints w * x[n, c, i, j] at rows s*i + d*a, columns s*j + d*b; overlaps add up.

    The padding then crops p cells from each side of the painted canvas (the inverse of the
    convolution's padding); the output padding adds a cells at the bottom and the right.
    """
    (sh, sw), (ph, pw), (dh, dw), (ah, aw) = _pair(stride), _pair(padding), _pair(dilation), _pair(output_padding)
    B, C, H, W = x.shape
    C_w, C_out, kh, kw = w.shape
    if C != C_w:
        raise ShapeError("channels", f"the input has {C} channels but the kernel expects {C_w}", c=C, c_w=C_w)
    oh, ow = _sizes(conv_transpose_output_size, (H, W), (kh, kw), (sh, sw), (ph, pw), (dh, dw), (ah, aw))
    copies = torch.einsum("ncij,coab->ijabno", x, w)  # (H, W, kh, kw, B, C_out): one weighted kernel per input cell
    rows, cols = _taps(H, kh, sh, dh), _taps(W, kw, sw, dw)  # (H, kh), (W, kw): the same taps as conv2d
    canvas = x.new_zeros((H - 1) * sh + dh * (kh - 1) + 1 + ah, (W - 1) * sw + dw * (kw - 1) + 1 + aw, B, C_out)
    canvas = canvas.index_put((rows[:, None, :, None], cols[None, :, None, :]), copies, accumulate=True)  # col2im
    y = canvas[ph : ph + oh, pw : pw + ow].permute(2, 3, 0, 1)  # (B, C_out, oh, ow): the padding crops
    return y if bias is None else y + bias[:, None, None]


def conv_transpose2d_loops(x: Tensor, w: Tensor, bias: Tensor | None = None, stride: Pair = 1, padding: Pair = 0,
                           output_padding: Pair = 0, dilation: Pair = 1) -> Tensor:
    """The same definition, one input cell at a time (slow: for reading, and for the tests)."""
    (sh, sw), (ph, pw), (dh, dw), (ah, aw) = _pair(stride), _pair(padding), _pair(dilation), _pair(output_padding)
    B, _, H, W = x.shape
    _, C_out, kh, kw = w.shape
    oh, ow = _sizes(conv_transpose_output_size, (H, W), (kh, kw), (sh, sw), (ph, pw), (dh, dw), (ah, aw))
    canvas = x.new_zeros(B, C_out, oh + 2 * ph, ow + 2 * pw)  # (H-1)s + d(k-1) + 1 + a rows
    for i in range(H):
        for j in range(W):
            painted = torch.einsum("nc,coab->noab", x[:, :, i, j], w)  # (B, C_out, kh, kw)
            canvas[:, :, i * sh : i * sh + dh * (kh - 1) + 1 : dh, j * sw : j * sw + dw * (kw - 1) + 1 : dw] += painted
    y = canvas[:, :, ph : ph + oh, pw : pw + ow]
    return y if bias is None else y + bias[:, None, None]


# ----------------------------------------------------------------------------- the matrix view


def conv_matrix(kernel: Tensor, input_shape: tuple, stride: Pair = 1, padding: Pair = 0, dilation: Pair = 1) -> Tensor:
    """The matrix C with conv2d(x) = C @ x.flatten(), and conv_transpose2d(y) = C.T @ y.flatten().

    `kernel` is (kh, kw) or (C_out, C_in, kh, kw); `input_shape` is (H, W) or (C_in, H, W). A row of C
    is an output cell (o, i, j), a column an input cell (c, r, q); row (i, j) holds the kernel's
    weights at the input cells under its taps. Taps on the padding multiply zeros and leave no trace.
    """
    w = kernel if kernel.dim() == 4 else kernel[None, None]
    (sh, sw), (ph, pw), (dh, dw) = _pair(stride), _pair(padding), _pair(dilation)
    C_out, C_in, kh, kw = w.shape
    H, W = input_shape[-2:]
    oh, ow = _sizes(conv_output_size, (H, W), (kh, kw), (sh, sw), (ph, pw), (dh, dw))
    C = w.new_zeros(C_out, oh, ow, C_in, H, W)
    for i in range(oh):
        for j in range(ow):
            for a in range(kh):
                for b in range(kw):
                    r, q = i * sh + a * dh - ph, j * sw + b * dw - pw  # input cell under tap (a, b)
                    if 0 <= r < H and 0 <= q < W:
                        C[:, i, j, :, r, q] = w[:, :, a, b]
    return C.reshape(C_out * oh * ow, C_in * H * W)


def conv_sources(i: int, j: int, kernel_shape: tuple, stride: Pair = 1, padding: Pair = 0,
                 dilation: Pair = 1) -> list[tuple[int, int, int, int]]:
    """The cells that output cell (i, j) of a convolution reads: [(r, q, a, b)], input cell (r, q) under tap (a, b).

    (r, q) are input coordinates: a cell outside the input is on the padding (a zero).
    """
    (sh, sw), (ph, pw), (dh, dw) = _pair(stride), _pair(padding), _pair(dilation)
    kh, kw = kernel_shape[-2:]
    return [(i * sh + a * dh - ph, j * sw + b * dw - pw, a, b) for a in range(kh) for b in range(kw)]


def conv_transpose_targets(i: int, j: int, kernel_shape: tuple, stride: Pair = 1, padding: Pair = 0,
                           dilation: Pair = 1) -> list[tuple[int, int, int, int]]:
    """The output cells that input cell (i, j) of a transposed convolution paints: [(r, q, a, b)].

    The same formula as `conv_sources`, read the other way (the transpose). (r, q) are output
    coordinates; a cell outside the output was painted, then cropped by the padding.
    """
    return conv_sources(i, j, kernel_shape, stride, padding, dilation)


# ----------------------------------------------------------------------------- shapes through a network


@dataclass
class LayerShape:
    name: str  # module path, e.g. "block1.0"
    kind: str  # class name, e.g. "Conv2d"
    input_shape: tuple  # shape of the first tensor input, without the batch axis
    output_shape: tuple  # shape of the (first) output, without the batch axis
    skips: list[str] = field(default_factory=list)  # earlier layers concatenated into this input (U-Net)


class _RecordConcat(TorchFunctionMode):
    """Remembers every torch.cat during a forward pass: (result, the tensors joined)."""

    def __init__(self):
        super().__init__()
        self.joins: list[tuple[Tensor, list[Tensor]]] = []

    def __torch_function__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        out = func(*args, **kwargs)
        if func in (torch.cat, torch.concat, torch.concatenate):
            self.joins.append((out, list(args[0] if args else kwargs["tensors"])))
        return out


def _first_tensor(value):
    if isinstance(value, Tensor):
        return value
    if isinstance(value, (tuple, list)):
        return next((t for t in map(_first_tensor, value) if t is not None), None)
    if isinstance(value, dict):
        return _first_tensor(list(value.values()))
    return None


@torch.no_grad()
def layer_shapes(module: nn.Module, *inputs, units: tuple[type, ...] = (), **kwargs) -> list[LayerShape]:
    """Run `module(*inputs, **kwargs)` once and record the shapes through its layers, in order.

    A layer is a leaf module, or a module of one of the `units` classes (a whole ResBlock counts as
    one layer). Concatenations (torch.cat) are recorded too: a layer whose input joins the output of
    an earlier layer other than the one just before it lists that layer in `skips` (the U-Net's
    connexions between encoder and decoder).
    """
    watched: dict[str, nn.Module] = {}

    def visit(parent: nn.Module, prefix: str) -> None:
        for name, child in parent.named_children():
            if isinstance(child, units) or not any(child.children()):
                watched[prefix + name] = child
            else:
                visit(child, f"{prefix}{name}.")

    visit(module, "")
    calls: list[list] = []  # [name, module, input tensor, output tensor], in the order of the forward pass
    handles = []
    for name, m in watched.items():

        def pre(mod, args, kw, name=name):
            calls.append([name, mod, _first_tensor((args, kw)), None])

        def post(mod, args, kw, out, name=name):
            next(c for c in reversed(calls) if c[0] == name and c[3] is None)[3] = _first_tensor(out)

        handles.append(m.register_forward_pre_hook(pre, with_kwargs=True))
        handles.append(m.register_forward_hook(post, with_kwargs=True))
    was_training = module.training
    module.eval()
    recorder = _RecordConcat()
    try:
        with recorder:
            module(*inputs, **kwargs)
    finally:
        for h in handles:
            h.remove()
        module.train(was_training)
    records, producer = [], {}  # producer: id(tensor) -> the first layer that output it (Identity passes it on)
    for k, (name, mod, x_in, x_out) in enumerate(calls):
        skips = []
        for joined, parts in recorder.joins:
            if x_in is joined:
                previous = calls[k - 1][0] if k else None
                skips = [producer[id(t)] for t in parts if id(t) in producer and producer[id(t)] != previous]
        shape = lambda t: tuple(t.shape[1:]) if t is not None else ()  # noqa: E731 - drop the batch axis
        records.append(LayerShape(name, type(mod).__name__, shape(x_in), shape(x_out), skips))
        if x_out is not None:
            producer.setdefault(id(x_out), name)
    return records
