"""The Convolution tab made visible: grids of numbers, the matrix of a convolution, shapes through networks.

What genkit/ui/conv.py shows, as plain functions over the library (genkit/conv.py,
genkit/upsample.py): tensors in, HTML strings and PIL pictures out, no gradio. A view never
translates: titles, captions and column headers come in as arguments, already in the user's
language.

- `compute`, `step_cell`, `step_html`: one step of a convolution (the kernel over the padded
  input, its products summed into one output cell) or of a transposed convolution (one input
  cell scattering a scaled copy of the kernel, before the padding crops the result);
  `size_formulas` the output size along each axis.
- `conv_matrix`, `heatmap`: the matrix C with conv2d(x) = C x, and its transpose.
- `convolve_image`, `filters_and_maps`: a kernel on a picture; a CNN's learned first layer.
- `upsamplers`, `upsampling_html`, `checkerboard`: repetition, bilinear interpolation and a
  transposed convolution side by side, and the kernel copies each output cell receives.
- `classifier_shapes`, `unet_shapes`, `shapes_table`: the shapes layer by layer, CNN to U-Net.

References:
  Dumoulin & Visin (2016), "A guide to convolution arithmetic for deep learning": fig. 1.1 (the
    lecture's 5x5 input and 3x3 kernel, the grids drawn here), ch. 2 and sec. 5.1 (output sizes with
    padding, stride and dilation), ch. 4 (the transposed convolution; sec. 4.1, the matrix C and C^T).
  Odena, Dumoulin & Olah (2016), "Deconvolution and checkerboard artifacts", Distill (uneven overlap).
  Ronneberger, Fischer & Brox (2015), "U-Net", fig. 1 (down, bottleneck, up and the skip connections).
"""

import functools
import math
import os
import tempfile
from html import escape as _escape
from typing import Callable, NamedTuple

import numpy as np
import torch
from PIL import Image, ImageDraw

from genkit import conv, images, layers, upsample, viz
from genkit.viz import font
from genkit.metrics import Classifier, ClassifierConfig
from genkit.unet import UNet, UNetConfig

# ----------------------------------------------------------------------------- numbers as a person writes them


def escape(text: str) -> str:
    return _escape(text, quote=False)  # text between tags: apostrophes stay readable


def fmt(v: float) -> str:
    """A number as a person writes it: 3, -0.5, 0.11."""
    v = float(v)
    if abs(v - round(v)) < 1e-9:
        return str(int(round(v)))
    return f"{v:.2f}".rstrip("0").rstrip(".")


def factor(v: float) -> str:
    """A factor of a product: negative numbers in parentheses, 2·(-1)."""
    return f"({fmt(v)})" if v < 0 else fmt(v)


# ----------------------------------------------------------------------------- HTML grids

CELL = ("min-width:2.3em;height:2.3em;padding:0 .25em;text-align:center;vertical-align:middle;"
        "font:700 1.3em/1 ui-monospace,Menlo,Consolas,monospace;border:1px solid #333;")
LOOK = {
    "plain": "background:#fff;color:#000;",
    "pad": "background:#d0d0d0;color:#444;font-weight:400;",
    "read": "background:#ffd54f;color:#000;box-shadow:inset 0 0 0 3px #bf360c;",
    "chosen": "background:#ff8a65;color:#000;box-shadow:inset 0 0 0 4px #000;",
    "cropped": "background:repeating-linear-gradient(45deg,#eee 0 5px,#bbb 5px 10px);color:#555;font-weight:400;",
    "read_cropped": "background:repeating-linear-gradient(45deg,#ffe082 0 5px,#bbb 5px 10px);color:#000;"
                    "box-shadow:inset 0 0 0 3px #bf360c;",
    "index": "background:transparent;color:inherit;border:none;font:400 .85em/1 ui-monospace,monospace;opacity:.7;",
}
BOX = "display:inline-block;margin:0 1.2em .8em 0;vertical-align:top;"
TITLE = "font-weight:700;font-size:1.1em;margin-bottom:.3em;"


def table(values, looks, title: str, rows=None, cols=None) -> str:
    """An HTML grid: values[r][c] (numbers), looks[r][c] (LOOK keys), optional index labels."""
    head = ""
    if cols is not None:
        head = "<tr><td style='" + CELL + LOOK["index"] + "'></td>" + "".join(
            f"<td style='{CELL}{LOOK['index']}'>{c}</td>" for c in cols) + "</tr>"
    body = "".join(
        "<tr>" + (f"<td style='{CELL}{LOOK['index']}'>{rows[r]}</td>" if rows is not None else "")
        + "".join(f"<td style='{CELL}{LOOK[looks[r][c]]}'>{fmt(v)}</td>" for c, v in enumerate(line)) + "</tr>"
        for r, line in enumerate(values))
    return (f"<div style='{BOX}'><div style='{TITLE}'>{escape(title)}</div>"
            f"<table style='border-collapse:collapse'>{head}{body}</table></div>")


def plain(x: torch.Tensor, title: str) -> str:
    """A grid of numbers, nothing highlighted, no index labels."""
    return table(x.tolist(), [["plain"] * x.shape[1]] * x.shape[0], title)


# ----------------------------------------------------------------------------- one step of the numbers

STEP_TITLES = ("input", "input_padded", "kernel", "output", "canvas")  # the grids' titles that step_html needs


class Numbers(NamedTuple):
    op: str  # "conv" or "transpose"
    x: torch.Tensor  # (H, W) input
    w: torch.Tensor  # (kh, kw) kernel
    s: int
    p: int
    d: int
    a: int  # output padding (transposed only)
    y: torch.Tensor  # (oh, ow) output
    canvas: torch.Tensor  # transposed: (oh + 2p, ow + 2p) before the padding crops; conv: padded input


def check_stride(hw: tuple, s: int, p: int) -> None:
    """conv.check_stride along each axis; the conv.ShapeError names the axis ("height" or "width")."""
    for axis, i in zip(("height", "width"), hw):
        try:
            conv.check_stride(i, s, p)
        except conv.ShapeError as e:
            e.details["axis"] = axis
            raise


def compute(op: str, x: torch.Tensor, w: torch.Tensor, s: int, p: int, d: int, a: int) -> Numbers:
    """conv2d or conv_transpose2d of one (H, W) grid by one (kh, kw) kernel (conv.ShapeError if it cannot be)."""
    if op == "conv":
        check_stride(x.shape, s, p)
        y = conv.conv2d(x[None, None], w[None, None], stride=s, padding=p, dilation=d)[0, 0]
        return Numbers(op, x, w, s, p, d, 0, y, conv.pad2d(x, p, p))
    y = conv.conv_transpose2d(x[None, None], w[None, None], stride=s, padding=p, output_padding=a, dilation=d)
    canvas = conv.conv_transpose2d(x[None, None], w[None, None], stride=s, output_padding=a, dilation=d)
    return Numbers(op, x, w, s, p, d, a, y[0, 0], canvas[0, 0])


def step_cell(q: Numbers, step: int) -> tuple[int, int, int, int]:
    """(steps, k, i, j): a step is an output cell of a convolution, an input cell of a transposed one.

    A step past the last one is the last one; (i, j) is step k's cell.
    """
    grid = q.y if q.op == "conv" else q.x
    k = min(step, grid.numel() - 1)
    return (grid.numel(), k, *divmod(k, grid.shape[1]))


def step_html(q: Numbers, i: int, j: int, titles: dict[str, str], caption: str) -> str:
    """Input, kernel and output with step (i, j)'s cells highlighted, the caption, the products.

    `titles`: one per STEP_TITLES. A convolution's input is drawn padded ("input_padded"); a
    transposed convolution's output is its canvas, the cells that the padding crops hatched ("canvas").
    """
    H, W = q.x.shape
    kernel = table(q.w.tolist(), [["plain"] * q.w.shape[1]] * q.w.shape[0], titles["kernel"],
                   range(q.w.shape[0]), range(q.w.shape[1]))
    cells = conv.conv_sources(i, j, q.w.shape, q.s, q.p, q.d)  # the same (r, c, a, b) both ways
    terms = []
    if q.op == "conv":
        looks = [["pad" if not (q.p <= r < q.p + H and q.p <= c < q.p + W) else "plain"
                  for c in range(W + 2 * q.p)] for r in range(H + 2 * q.p)]
        for r, c, a, b in cells:
            looks[r + q.p][c + q.p] = "read"
            terms.append(f"{factor(q.w[a, b])}·{factor(q.canvas[r + q.p, c + q.p])}")
        out_looks = [["plain"] * q.y.shape[1] for _ in range(q.y.shape[0])]
        out_looks[i][j] = "chosen"
        grids = [table(q.canvas.tolist(), looks, titles["input_padded"], range(-q.p, H + q.p), range(-q.p, W + q.p)),
                 kernel, table(q.y.tolist(), out_looks, titles["output"], range(q.y.shape[0]), range(q.y.shape[1]))]
        products = f"y[{i},{j}] = " + " + ".join(terms) + f" = {fmt(q.y[i, j])}"
    else:
        in_looks = [["plain"] * W for _ in range(H)]
        in_looks[i][j] = "chosen"
        oh, ow = q.y.shape
        looks = [["plain" if (q.p <= r < q.p + oh and q.p <= c < q.p + ow) else "cropped"
                  for c in range(q.canvas.shape[1])] for r in range(q.canvas.shape[0])]
        v = q.x[i, j]
        for r, c, a, b in cells:
            looks[r + q.p][c + q.p] = "read" if 0 <= r < oh and 0 <= c < ow else "read_cropped"
            terms.append(f"y[{r},{c}] += {factor(v)}·{factor(q.w[a, b])} = {fmt(v * q.w[a, b])}")
        grids = [table(q.x.tolist(), in_looks, titles["input"], range(H), range(W)), kernel,
                 table(q.canvas.tolist(), looks, titles["canvas" if q.p else "output"],
                       range(-q.p, q.canvas.shape[0] - q.p), range(-q.p, q.canvas.shape[1] - q.p))]
        products = "<div style='columns:3 14em'>" + "<br>".join(terms) + "</div>"
    return ("<div style='line-height:1.4'>" + "".join(grids) + f"<p style='font-size:1.15em'>{escape(caption)}</p>"
            f"<div style='font:1.2em/1.6 ui-monospace,monospace'>{products}</div></div>")


def size_formulas(q: Numbers) -> tuple[str, list[tuple[str, str]]]:
    """The general output-size formula ($$...$$) and, per axis ("height", "width"), its numbers ($...$)."""
    lines = []
    for axis, i, k, o in zip(("height", "width"), q.x.shape, q.w.shape, q.y.shape):
        if q.op == "conv":
            lines.append((axis, rf"$o = \left\lfloor \dfrac{{{i} + 2\cdot {q.p} - {q.d}\cdot({k}-1) - 1}}{{{q.s}}} "
                                rf"\right\rfloor + 1 = {o}$"))
        else:
            lines.append((axis, rf"$o = ({i}-1)\cdot {q.s} - 2\cdot {q.p} + {q.d}\cdot({k}-1) + {q.a} + 1 = {o}$"))
    general = (r"$$o = \left\lfloor \frac{i + 2p - d(k-1) - 1}{s} \right\rfloor + 1$$" if q.op == "conv"
               else r"$$o = (i-1)\,s - 2p + d(k-1) + a + 1$$")
    return general, lines


# ----------------------------------------------------------------------------- the matrix of a convolution


def conv_matrix(q: Numbers) -> tuple[np.ndarray, tuple]:
    """C of the convolution that q is or transposes (x -> y, or y -> x: same kernel), and that convolution's
    output shape: (C (cells of its output, cells of its input), (oh, ow))."""
    conv_in, conv_out = (q.x.shape, q.y.shape) if q.op == "conv" else (q.y.shape, q.x.shape)
    return conv.conv_matrix(q.w, tuple(conv_in), q.s, q.p, q.d).numpy(), tuple(conv_out)


def heatmap(M: np.ndarray, row: int | None = None, col: int | None = None) -> Image.Image:
    """A signed matrix as a picture: red positive, blue negative, white zero; one row or column outlined."""
    R, C = M.shape
    cell = max(1, min(40, 900 // max(R, C)))
    margin = 34 if cell >= 12 else 0
    rgb = np.repeat(np.repeat(viz.diverging(M), cell, 0), cell, 1)
    if cell >= 6:
        rgb[::cell, :] = rgb[:, ::cell] = 150  # grid lines
    canvas = Image.new("RGB", (C * cell + margin + 2, R * cell + margin + 2), "white")
    canvas.paste(Image.fromarray(rgb), (margin, margin))
    draw = ImageDraw.Draw(canvas)
    if cell >= 24:
        cell_font = font(int(cell * 0.42))
        for r, c in zip(*np.nonzero(M)):
            draw.text((margin + c * cell + cell / 2, margin + r * cell + cell / 2), fmt(M[r, c]), fill="black",
                      font=cell_font, anchor="mm")
    if margin:
        every = math.ceil(22 / cell)
        for n in range(0, R, every):
            draw.text((margin - 4, margin + n * cell + cell / 2), str(n), fill="black", font=font(12), anchor="rm")
        for n in range(0, C, every):
            draw.text((margin + n * cell + cell / 2, margin - 4), str(n), fill="black", font=font(12), anchor="mb")
    if row is not None or col is not None:
        x0, y0, x1, y1 = (0, row, C, row + 1) if row is not None else (col, 0, col + 1, R)
        draw.rectangle((margin + x0 * cell - 1, margin + y0 * cell - 1, margin + x1 * cell + 1, margin + y1 * cell + 1),
                       outline=(230, 81, 0), width=3)
    return canvas


# ----------------------------------------------------------------------------- a kernel on a picture


def convolve_image(x: torch.Tensor, w: torch.Tensor, s: int, p: int) -> tuple[torch.Tensor, tuple | None, int]:
    """Each channel of x (C, H, W) by the kernel w (kh, kw): (the output in [0, 1] for display, its range
    (low, high) when it had to be rescaled into [0, 1] else None, the enlargement back to the input's size)."""
    y = conv.conv2d(x[:, None], w[None, None], stride=s, padding=p, method="taps")[:, 0]  # (C, oh, ow)
    lo, hi = y.min().item(), y.max().item()
    rescaled = (lo, hi) if lo < -1e-6 or hi > 1 + 1e-6 else None
    scale = max(1, round(max(x.shape[1:]) / max(y.shape[1:])))
    return (viz.normalize(y) if rescaled else y), rescaled, scale


def filters_and_maps(w: torch.Tensor, b: torch.Tensor, x: torch.Tensor) -> tuple[Image.Image, torch.Tensor, tuple]:
    """A first layer's filters w (n, 1, k, k), 8 a row, 12 px a weight (red positive, blue negative), and their
    feature maps on x in grayscale (at most 128 px a side), each rescaled on its own: (filters, maps, (h, w))."""
    gray = images.to_gray(images.shrink(x, 128))  # (1, h, w)
    maps = conv.conv2d(gray[None], w, b, padding=w.shape[-1] // 2, method="taps")[0]  # (n, h, w)
    tiles = viz.grid(w, nrow=8, pad=1, value=0.0)[0].numpy()  # (rows, cols), 0 between filters
    filters = Image.fromarray(viz.diverging(tiles)).resize((tiles.shape[1] * 12, tiles.shape[0] * 12), Image.NEAREST)
    maps = viz.grid(torch.stack([viz.normalize(m) for m in maps])[:, None], nrow=4, pad=2, value=1.0)
    return filters, maps, tuple(gray.shape[1:])


# ----------------------------------------------------------------------------- increasing the size


def upsamplers(s: int, k: int, kind: str, align_corners: bool) -> dict[str, Callable]:
    """The three ways to multiply the size by s, by name: repeat, bilinear, transposed (kernel k of `kind`)."""
    return {
        "repeat": lambda z: upsample.upsample_nearest(z, scale_factor=s),
        "bilinear": lambda z: upsample.upsample_bilinear(z, scale_factor=s, align_corners=align_corners),
        "transposed": lambda z: upsample.upsample_transposed(z, s, k, kind),
    }


def copies(s: int, k: int) -> tuple[int, int]:
    """The fewest and the most copies of a k x k kernel at stride s that an output cell receives, off the borders."""
    return (k // s) ** 2, math.ceil(k / s) ** 2


def checkerboard(s: int, k: int, kind: str) -> tuple[str, int, int, float]:
    """How the copies of a transposed convolution's kernel (k of `kind`, stride s) overlap: "holes" (k < s),
    "yes" (a checkerboard: k % s != 0) or "no"; `copies`; the mean gain sum(w) / s^2 that
    upsample_transposed divides by."""
    why = "holes" if k < s else "yes" if k % s else "no"
    return (why, *copies(s, k), upsample.KERNELS[kind](k).sum().item() / s**2)


def upsampling_html(x: torch.Tensor, methods: dict[str, Callable], s: int, k: int, titles: dict[str, str]) -> str:
    """The input, each method's output and the copies of the kernel each cell receives (the most highlighted).

    `titles`: one per key of `methods`, plus "small" (the input) and "counts".
    """
    html = plain(x, titles["small"])
    for name, f in methods.items():
        html += plain(f(x), titles[name])
    counts = upsample.overlap_counts(tuple(x.shape), s, k).tolist()  # (sH, sW)
    hi = copies(s, k)[1]
    return "<div>" + html + table(counts, [["read" if c == hi else "plain" for c in r] for r in counts],
                                  titles["counts"]) + "</div>"


def small_picture(picture: torch.Tensor, s: int) -> tuple[torch.Tensor, int]:
    """The picture shrunk to 48 px a side (every pixel visible) and the zoom that shows it s times larger at 384 px."""
    small = images.shrink(picture, 48)  # (C, h, w)
    return small, max(1, 384 // (s * max(small.shape[1:])))


# ----------------------------------------------------------------------------- from CNN to U-Net

PHASE_COLOR = {"down": "#1565c0", "bottleneck": "#6a1b9a", "up": "#2e7d32", "other": "#616161"}
SHAPE_COLUMNS = ("layer", "type", "in", "out", "size", "values", "path")  # "path" only for a U-Net (phases)


def classifier_shapes(config: ClassifierConfig | None = None) -> list[conv.LayerShape]:
    """The classifier's shapes on a 28 x 28 image (the shapes do not depend on the weights). A fresh copy of
    the network, because layer_shapes adds hooks to the module, and a loaded model is shared by every request
    running at the same moment."""
    return conv.layer_shapes(Classifier(config or ClassifierConfig()), torch.zeros(1, 1, 28, 28))


@functools.cache
def unet_shapes() -> tuple[conv.LayerShape, ...]:
    """The U-Net's shapes, one row per block (ResBlock, attention, down/upsampling) or plain layer."""
    units = (layers.TimeEmbedding, layers.ResBlock, layers.Attention, layers.Downsample, layers.Upsample)
    x_t, t = torch.zeros(1, 1, 28, 28), torch.zeros(1, dtype=torch.long)
    return tuple(conv.layer_shapes(UNet(UNetConfig()), x_t, t, units=units))


def phases(rows: list[conv.LayerShape]) -> list[str]:
    """Down until the input reaches the smallest image side, bottleneck while there, up once it grows again."""
    side = lambda shape: shape[-1] if len(shape) == 3 else None  # noqa: E731
    sides = [side(r.output_shape) for r in rows]
    if not any(sides):
        return ["other"] * len(rows)
    low = min(v for v in sides if v)
    first = next(n for n, r in enumerate(rows) if side(r.input_shape) == low)
    last = max(n for n, v in enumerate(sides) if v == low)
    return ["other" if v is None else "down" if n < first else "bottleneck" if n <= last else "up"
            for n, v in enumerate(sides)]


def shapes_table(rows, title: str, headers: dict[str, str], phase_names: dict[str, str] | None,
                 skip_from: Callable[[str, str], str], skip_to: Callable[[str], str]) -> str:
    """The shapes layer by layer: name, type, input, output, a bar as long as the image side, the values.

    `headers`: a title per SHAPE_COLUMNS. With `phase_names` ("down", "bottleneck", "up", "other" ->
    words), for a U-Net's rows, a last column says where each layer is on the path.
    `skip_from(source, shape)` and `skip_to(target)` word the skip connections.
    """
    side_max = max([r.output_shape[-1] for r in rows if len(r.output_shape) == 3] + [1])
    kinds = phases(rows) if phase_names else ["other"] * len(rows)
    targets = {s: r.name for r in rows for s in r.skips}
    th = "padding:.3em .6em;border-bottom:2px solid #333;text-align:left;background:#fff;color:#000;"
    td = "padding:.25em .6em;border-bottom:1px solid #ccc;background:#fff;color:#000;font-size:1.05em;"
    head = "".join(f"<th style='{th}'>{escape(headers[c])}</th>" for c in SHAPE_COLUMNS[:7 if phase_names else 6])
    shape_of = lambda shape: " × ".join(map(str, shape)) or "—"  # noqa: E731 - () is one number per image (t)
    body = ""
    for r, kind in zip(rows, kinds):
        for source in r.skips:
            shape = next((shape_of(q.output_shape) for q in rows if q.name == source), "?")
            body += (f"<tr><td colspan='7' style='{td}background:#e8f5e9;color:#1b5e20;font-weight:700'>"
                     f"{escape(skip_from(source, shape))}</td></tr>")
        side = r.output_shape[-1] if len(r.output_shape) == 3 else None
        bar = (f"<span style='display:inline-block;width:{8 * side / side_max:.2f}em;height:.9em;margin-right:.4em;"
               f"vertical-align:middle;background:{PHASE_COLOR[kind]}'></span>{side} × {side}" if side else "—")
        note = f"<br><small>→ {escape(skip_to(targets[r.name]))}</small>" if r.name in targets else ""
        cells = [f"<code>{escape(r.name)}</code>{note}", escape(r.kind), shape_of(r.input_shape),
                 shape_of(r.output_shape), bar, f"{math.prod(r.output_shape):,}".replace(",", "\u202f")]
        if phase_names:
            cells.append(f"<span style='color:{PHASE_COLOR[kind]};font-weight:700'>{escape(phase_names[kind])}</span>")
        body += "<tr>" + "".join(f"<td style='{td}'>{c}</td>" for c in cells) + "</tr>"
    return (f"<div style='{TITLE}margin-top:1em'>{escape(title)}</div><div style='overflow-x:auto'>"
            f"<table style='border-collapse:collapse;min-width:60%'><tr>{head}</tr>{body}</table></div>")


# ----------------------------------------------------------------------------- benchmarks (python -m genkit.bench)


@functools.cache
def bench_image(side: int = 512) -> str:
    """A procedural side x side PNG in a temporary folder, for the benchmarks (never a dataset image)."""
    path = os.path.join(tempfile.mkdtemp(prefix="genkit-bench-"), f"shapes-{side}.png")
    viz.to_pil(images.example_image("shapes", side)).save(path)
    return path
