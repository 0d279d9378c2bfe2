"""The Convolution tab: convolution, transposed convolution and upsampling, with numbers you can edit.

Lecture: "Réseaux à convolution (CNN) — rappel", "Convolution", "« Inverser » un réseau à
convolution", "Interpolation", "Convolution transposée", "U-Nets". The maths lives in
genkit/conv.py and genkit/upsample.py; this module turns grids and sliders into tensors, calls
them, and draws the results (HTML tables for numbers, PIL images for heatmaps and pictures).
Every text is in genkit/ui/conv_text.py, in English and French (the lecture's terms).
"""

import functools
import math
import os
import tempfile
from fractions import Fraction
from html import escape as _escape
from typing import NamedTuple

import gradio as gr
import numpy as np
import torch
from PIL import Image, ImageDraw, ImageFont

from genkit import conv, hub, images, upsample, viz
from genkit.ui.common import LATEX, changes, checkpoint_present, fail, image, initial, model, safe
from genkit.ui.conv_text import TEXT  # noqa: F401  (gathered by genkit.ui.i18n)
from genkit.ui.i18n import t

CLASSIFIER = "classifier-mnist"
LIMITS = {"input": 8, "kernel": 5, "image_kernel": 7, "small": 6}  # largest editable grids
LECTURE = {  # the lecture's examples (numbers from Dumoulin & Visin's figure 1.1)
    "conv": dict(x=[[3, 3, 2, 1, 0], [0, 0, 1, 3, 1], [3, 1, 2, 2, 3], [2, 0, 0, 2, 2], [2, 0, 0, 0, 1]],
                 k=[[0, 1, 2], [2, 2, 0], [0, 1, 2]], stride=2, padding=0, dilation=1, output_padding=0),
    "transpose": dict(x=[[1, 2], [3, 4]], k=[[0, 1, 2], [2, 2, 0], [0, 1, 2]], stride=1, padding=0, dilation=1,
                      output_padding=0),
}
SMALL = [[1, 2], [3, 4]]

# ----------------------------------------------------------------------------- reading the UI's values


def escape(text: str) -> str:
    return _escape(text, quote=False)  # text between tags: apostrophes stay readable


def _fmt(v: float) -> str:
    """A number as a person writes it: 3, -0.5, 0.11."""
    v = float(v)
    if abs(v - round(v)) < 1e-9:
        return str(int(round(v)))
    return f"{v:.2f}".rstrip("0").rstrip(".")


def _factor(v: float) -> str:
    """A factor of a product: negative numbers in parentheses, 2·(-1)."""
    return f"({_fmt(v)})" if v < 0 else _fmt(v)


def _cells(rows) -> list[list]:
    if rows is None:
        return []
    if isinstance(rows, dict):
        rows = rows.get("data") or []
    if hasattr(rows, "values") and hasattr(rows, "columns"):  # a pandas DataFrame
        rows = rows.values.tolist()
    if not isinstance(rows, (list, tuple)):
        return []
    return [list(r) if isinstance(r, (list, tuple)) else None for r in rows]  # None: not a row


def _grid(rows, which: str, lang: str) -> torch.Tensor:
    """An editable grid (list of rows) as an (H, W) tensor; a translated error names the bad cell."""
    grid = t(f"conv.grid_{which}", lang)
    rows, limit = _cells(rows), LIMITS[which]
    if not rows or not rows[0]:
        fail("conv.err_grid_empty", lang, grid=grid)
    if any(r is None or len(r) != len(rows[0]) for r in rows):
        fail("conv.err_grid_ragged", lang, grid=grid)
    if len(rows) > limit or len(rows[0]) > limit:
        fail("conv.err_grid_size", lang, grid=grid, h=len(rows), w=len(rows[0]), limit=limit)
    values = []
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            text = "" if cell is None else str(cell).strip().replace("−", "-").replace(",", ".")
            if text == "" or (isinstance(cell, float) and math.isnan(cell)):
                fail("conv.err_cell_empty", lang, grid=grid, row=r + 1, col=c + 1)
            try:  # float first: '9e99999999' becomes inf at once, where Fraction would compute for minutes
                v = float(text) if "/" not in text else float(Fraction(text[:40]))  # 2, -0.5, 1e-3, 1/9
            except (ValueError, ZeroDivisionError, OverflowError):
                fail("conv.err_cell_nan", lang, grid=grid, row=r + 1, col=c + 1, value=text[:20])
            if not math.isfinite(v) or abs(v) > 1e6:
                fail("conv.err_cell_nan", lang, grid=grid, row=r + 1, col=c + 1, value=text[:20])
            values.append(v)
    return torch.tensor(values, dtype=torch.float64).reshape(len(rows), len(rows[0]))


def _int(value, key: str, low: int, high: int, lang: str) -> int:
    name = t(key, lang)
    try:
        v = float(value)
    except (TypeError, ValueError):
        fail("conv.err_integer", lang, name=name, value=value)
    if not v.is_integer():
        fail("conv.err_integer", lang, name=name, value=_fmt(v) if math.isfinite(v) else value)
    if not low <= v <= high:
        fail("conv.err_range", lang, name=name, low=low, high=high, value=int(v))
    return int(v)


def _choice(value, choices, key: str, lang: str):
    if value not in choices:
        fail("conv.err_choice", lang, name=t(key, lang), value=str(value)[:40])
    return value


def _shape_fail(e: conv.ShapeError, lang: str):
    details = dict(e.details)
    details["axis"] = t(f"conv.axis_{details.get('axis', 'height')}", lang).lower()
    fail(f"conv.err_{e.code}", lang, **details)


def _check_stride(hw, s: int, p: int, lang: str) -> None:
    for axis, i in zip(("height", "width"), hw):
        try:
            conv.check_stride(i, s, p)
        except conv.ShapeError as e:
            e.details["axis"] = axis
            _shape_fail(e, lang)


class Numbers(NamedTuple):
    op: str
    x: torch.Tensor  # (H, W) input
    w: torch.Tensor  # (kh, kw) kernel
    s: int
    p: int
    d: int
    a: int
    y: torch.Tensor  # (oh, ow) output
    canvas: torch.Tensor  # transposed: (oh + 2p, ow + 2p) before the padding crops; conv: padded input


def _numbers(op, x_grid, k_grid, stride, padding, dilation, output_padding, lang) -> Numbers:
    op = _choice(op, ("conv", "transpose"), "conv.op", lang)
    x, w = _grid(x_grid, "input", lang), _grid(k_grid, "kernel", lang)
    s, p = _int(stride, "conv.stride", 1, 4, lang), _int(padding, "conv.padding", 0, 3, lang)
    d, a = _int(dilation, "conv.dilation", 1, 3, lang), _int(output_padding, "conv.output_padding", 0, 3, lang)
    try:
        if op == "conv":
            _check_stride(x.shape, s, p, lang)
            y = conv.conv2d(x[None, None], w[None, None], stride=s, padding=p, dilation=d)[0, 0]
            return Numbers(op, x, w, s, p, d, 0, y, conv.pad2d(x, p, p))
        y = conv.conv_transpose2d(x[None, None], w[None, None], stride=s, padding=p, output_padding=a, dilation=d)
        canvas = conv.conv_transpose2d(x[None, None], w[None, None], stride=s, output_padding=a, dilation=d)
        return Numbers(op, x, w, s, p, d, a, y[0, 0], canvas[0, 0])
    except conv.ShapeError as e:
        _shape_fail(e, lang)


# ----------------------------------------------------------------------------- drawing numbers

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


def _table(values, looks, title: str, rows=None, cols=None) -> str:
    """An HTML grid: values[r][c] (numbers), looks[r][c] (LOOK keys), optional index labels."""
    head = ""
    if cols is not None:
        head = "<tr><td style='" + CELL + LOOK["index"] + "'></td>" + "".join(
            f"<td style='{CELL}{LOOK['index']}'>{c}</td>" for c in cols) + "</tr>"
    body = "".join(
        "<tr>" + (f"<td style='{CELL}{LOOK['index']}'>{rows[r]}</td>" if rows is not None else "")
        + "".join(f"<td style='{CELL}{LOOK[looks[r][c]]}'>{_fmt(v)}</td>" for c, v in enumerate(line)) + "</tr>"
        for r, line in enumerate(values))
    return (f"<div style='{BOX}'><div style='{TITLE}'>{escape(title)}</div>"
            f"<table style='border-collapse:collapse'>{head}{body}</table></div>")


def _size_lines(q: Numbers, lang: str) -> str:
    lines = []
    for axis, i, k, o in zip(("height", "width"), q.x.shape, q.w.shape, q.y.shape):
        if q.op == "conv":
            math_ = (rf"$o = \left\lfloor \dfrac{{{i} + 2\cdot {q.p} - {q.d}\cdot({k}-1) - 1}}{{{q.s}}} "
                     rf"\right\rfloor + 1 = {o}$")
        else:
            math_ = rf"$o = ({i}-1)\cdot {q.s} - 2\cdot {q.p} + {q.d}\cdot({k}-1) + {q.a} + 1 = {o}$"
        lines.append("- " + t("conv.size_line", lang, axis=t(f"conv.axis_{axis}", lang), math=math_))
    general = (r"$$o = \left\lfloor \frac{i + 2p - d(k-1) - 1}{s} \right\rfloor + 1$$" if q.op == "conv"
               else r"$$o = (i-1)\,s - 2p + d(k-1) + a + 1$$")
    return t(f"conv.formula_{q.op}", lang) + "\n" + general + "\n" + "\n".join(lines)


@safe
def numbers(op, x_grid, k_grid, stride, padding, dilation, output_padding, step, lang):
    """Numbers mode: the grids with the cells of one step highlighted, the products, the size formula."""
    q = _numbers(op, x_grid, k_grid, stride, padding, dilation, output_padding, lang)
    H, W = q.x.shape
    n_cells = q.y.numel() if q.op == "conv" else q.x.numel()
    k = min(_int(step, "conv.step", 0, 10_000, lang), n_cells - 1)
    i, j = divmod(k, q.y.shape[1] if q.op == "conv" else W)
    kernel = _table(q.w.tolist(), [["plain"] * q.w.shape[1]] * q.w.shape[0], t("conv.title_kernel", lang),
                    range(q.w.shape[0]), range(q.w.shape[1]))
    cells = conv.conv_sources(i, j, q.w.shape, q.s, q.p, q.d)  # the same (r, c, a, b) both ways
    terms = []
    if q.op == "conv":
        looks = [["pad" if not (q.p <= r < q.p + H and q.p <= c < q.p + W) else "plain"
                  for c in range(W + 2 * q.p)] for r in range(H + 2 * q.p)]
        for r, c, a, b in cells:
            looks[r + q.p][c + q.p] = "read"
            terms.append(f"{_factor(q.w[a, b])}·{_factor(q.canvas[r + q.p, c + q.p])}")
        out_looks = [["plain"] * q.y.shape[1] for _ in range(q.y.shape[0])]
        out_looks[i][j] = "chosen"
        grids = [_table(q.canvas.tolist(), looks, t("conv.title_input_padded", lang),
                        range(-q.p, H + q.p), range(-q.p, W + q.p)), kernel,
                 _table(q.y.tolist(), out_looks, t("conv.title_output", lang, h=q.y.shape[0], w=q.y.shape[1]),
                        range(q.y.shape[0]), range(q.y.shape[1]))]
        products = f"y[{i},{j}] = " + " + ".join(terms) + f" = {_fmt(q.y[i, j])}"
        caption = t("conv.step_conv", lang, n=k + 1, total=n_cells, i=i, j=j)
    else:
        in_looks = [["plain"] * W for _ in range(H)]
        in_looks[i][j] = "chosen"
        oh, ow = q.y.shape
        looks = [["plain" if (q.p <= r < q.p + oh and q.p <= c < q.p + ow) else "cropped"
                  for c in range(q.canvas.shape[1])] for r in range(q.canvas.shape[0])]
        v = q.x[i, j]
        for r, c, a, b in cells:
            looks[r + q.p][c + q.p] = "read" if 0 <= r < oh and 0 <= c < ow else "read_cropped"
            terms.append(f"y[{r},{c}] += {_factor(v)}·{_factor(q.w[a, b])} = {_fmt(v * q.w[a, b])}")
        grids = [_table(q.x.tolist(), in_looks, t("conv.title_input", lang), range(H), range(W)), kernel,
                 _table(q.canvas.tolist(), looks,
                        t("conv.title_canvas" if q.p else "conv.title_output", lang, h=oh, w=ow),
                        range(-q.p, q.canvas.shape[0] - q.p), range(-q.p, q.canvas.shape[1] - q.p))]
        products = "<div style='columns:3 14em'>" + "<br>".join(terms) + "</div>"
        caption = t("conv.step_transpose", lang, n=k + 1, total=n_cells, i=i, j=j, v=_fmt(v))
        if q.p:
            caption += " " + t("conv.cropped_note", lang, p=q.p)
    html = ("<div style='line-height:1.4'>" + "".join(grids) + f"<p style='font-size:1.15em'>{escape(caption)}</p>"
            f"<div style='font:1.2em/1.6 ui-monospace,monospace'>{products}</div></div>")
    return html, _size_lines(q, lang), gr.update(maximum=n_cells - 1, value=k)


# ----------------------------------------------------------------------------- the matrix view


@functools.cache
def _font(size: int):
    return ImageFont.load_default(size=size)


def _heatmap(M: np.ndarray, row: int | None = None, col: int | None = None) -> Image.Image:
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
        font = _font(int(cell * 0.42))
        for r, c in zip(*np.nonzero(M)):
            draw.text((margin + c * cell + cell / 2, margin + r * cell + cell / 2), _fmt(M[r, c]), fill="black",
                      font=font, anchor="mm")
    if margin:
        every = math.ceil(22 / cell)
        for n in range(0, R, every):
            draw.text((margin - 4, margin + n * cell + cell / 2), str(n), fill="black", font=_font(12), anchor="rm")
        for n in range(0, C, every):
            draw.text((margin + n * cell + cell / 2, margin - 4), str(n), fill="black", font=_font(12), anchor="mb")
    if row is not None or col is not None:
        x0, y0, x1, y1 = (0, row, C, row + 1) if row is not None else (col, 0, col + 1, R)
        draw.rectangle((margin + x0 * cell - 1, margin + y0 * cell - 1, margin + x1 * cell + 1, margin + y1 * cell + 1),
                       outline=(230, 81, 0), width=3)
    return canvas


@safe
def matrix(op, x_grid, k_grid, stride, padding, dilation, output_padding, step, lang):
    """Matrix view: C (conv2d(x) = C x) and its transpose, with the current step's row outlined."""
    q = _numbers(op, x_grid, k_grid, stride, padding, dilation, output_padding, lang)
    # the convolution that C describes: x -> y, or for the transposed one, y -> x (same kernel and settings)
    conv_in, conv_out = (q.x.shape, q.y.shape) if q.op == "conv" else (q.y.shape, q.x.shape)
    C = conv.conv_matrix(q.w, tuple(conv_in), q.s, q.p, q.d).numpy()  # (cells of conv_out, cells of conv_in)
    k = min(_int(step, "conv.step", 0, 10_000, lang), C.shape[0] - 1)  # the step's cell is a row of C
    cell = f"[{k // conv_out[1]},{k % conv_out[1]}]"
    text = t(f"conv.matrix_shapes_{q.op}", lang, rows=C.shape[0], cols=C.shape[1], cell=cell,
             xh=q.x.shape[0], xw=q.x.shape[1], yh=q.y.shape[0], yw=q.y.shape[1], zeros=f"{100 * (C == 0).mean():.0f}")
    return text, _heatmap(C, row=k), _heatmap(C.T, col=k)


@safe
def lecture_example(op, lang):
    """The lecture's example for the chosen operation: grids and sliders."""
    e = LECTURE[_choice(op, tuple(LECTURE), "conv.op", lang)]
    return (e["x"], e["k"], e["stride"], e["padding"], e["dilation"],
            gr.update(value=e["output_padding"], visible=op == "transpose"), 0)


# ----------------------------------------------------------------------------- images


def _picture(path, example, lang) -> tuple[torch.Tensor, list[str]]:
    """The uploaded image (decoded safely) or the example; the notes translated."""
    if path:
        try:
            loaded = images.load_image(str(path))
        except images.ImageInputError as e:
            fail(f"conv.err_image_{e.code}", lang, **e.details)
        notes = []
        for code, details in loaded.notes:
            if "background" in details:
                details = {**details, "background": t(f"conv.bg_{details['background']}", lang)}
            notes.append(t(f"conv.note_{code}", lang, **details))
        return loaded.image, notes
    return images.example_image(_choice(example, tuple(images.EXAMPLES), "conv.example", lang)), []


def _kernel_cells(values) -> list[list[str]]:
    return [[str(Fraction(v).limit_denominator(64)) for v in row] for row in values]


@safe
def preset_kernel(name, lang):
    """The preset's kernel, as editable cells (fractions stay fractions: 1/9)."""
    return _kernel_cells(conv.PRESETS[_choice(name, tuple(conv.PRESETS), "conv.preset", lang)])


@safe
def image_conv(path, example, k_grid, stride, padding, lang):
    """Image mode: one kernel applied to each channel, input and output side by side."""
    x, notes = _picture(path, example, lang)  # (C, H, W)
    w = _grid(k_grid, "image_kernel", lang).float()
    s, p = _int(stride, "conv.stride", 1, 8, lang), _int(padding, "conv.padding", 0, 8, lang)
    _check_stride(x.shape[1:], s, p, lang)
    try:
        y = conv.conv2d(x[:, None], w[None, None], stride=s, padding=p, method="taps")[:, 0]  # (C, oh, ow)
    except conv.ShapeError as e:
        _shape_fail(e, lang)
    (c, h, wd), (oh, ow) = x.shape, y.shape[1:]
    lines = [t("conv.image_caption", lang, h=h, w=wd, c=c, oh=oh, ow=ow, s=s, p=p)]
    lo, hi = y.min().item(), y.max().item()
    if lo < -1e-6 or hi > 1 + 1e-6:
        lines.append(t("conv.image_rescaled", lang, low=_fmt(lo), high=_fmt(hi)))
        y = viz.normalize(y)
    scale = max(1, round(max(h, wd) / max(oh, ow)))
    if scale > 1:
        lines.append(t("conv.image_enlarged", lang, scale=scale))
    return image(x, 1), image(y, scale), "\n\n".join(lines + notes)


def _classifier(lang):
    """The trained classifier, or None and the translated reason (no network call if it was never published)."""
    if not checkpoint_present(CLASSIFIER) and hub.entry(CLASSIFIER).revision is None:
        return None, t("conv.filters_missing", lang, command=hub.entry(CLASSIFIER).train_command)
    try:
        return model(CLASSIFIER, lang), ""
    except gr.Error as e:
        return None, e.message


@safe
def first_layer(path, example, lang):
    """The first layer's filters of our classifier, and their feature maps on the chosen image."""
    x, _ = _picture(path, example, lang)
    net, reason = _classifier(lang)
    if net is None:
        return reason, None, None
    layer = net.first_layer
    w, b = layer.weight.detach().float().cpu(), layer.bias.detach().float().cpu()  # (16, 1, k, k), (16,)
    gray = images.to_gray(images.shrink(x, 128))  # (1, h, w)
    maps = conv.conv2d(gray[None], w, b, padding=w.shape[-1] // 2, method="taps")[0]  # (16, h, w)
    tiles = viz.grid(w, nrow=8, pad=1, value=0.0)[0].numpy()  # (rows, cols), 0 between filters
    filters = Image.fromarray(viz.diverging(tiles)).resize((tiles.shape[1] * 12, tiles.shape[0] * 12), Image.NEAREST)
    maps = viz.grid(torch.stack([viz.normalize(m) for m in maps])[:, None], nrow=4, pad=2, value=1.0)
    text = t("conv.filters_caption", lang, n=w.shape[0], k=w.shape[-1], h=gray.shape[1], w=gray.shape[2])
    return text, filters, image(maps, 2)


# ----------------------------------------------------------------------------- upsampling


@safe
def upsampling(small_grid, factor, kernel_size, kind, align_corners, path, example, lang):
    """Repetition, bilinear interpolation and a transposed convolution side by side, on numbers and an image."""
    x = _grid(small_grid, "small", lang).float()
    s, k = _int(factor, "conv.factor", 2, 4, lang), _int(kernel_size, "conv.t_kernel", 1, 8, lang)
    kind = _choice(kind, tuple(upsample.KERNELS), "conv.t_kind", lang)
    align = bool(align_corners)
    methods = {
        "repeat": lambda z: upsample.upsample_nearest(z, scale_factor=s),
        "bilinear": lambda z: upsample.upsample_bilinear(z, scale_factor=s, align_corners=align),
        "transposed": lambda z: upsample.upsample_transposed(z, s, k, kind),
    }
    counts = upsample.overlap_counts(tuple(x.shape), s, k)  # (sH, sW)
    html = _table(x.tolist(), [["plain"] * x.shape[1]] * x.shape[0], t("conv.title_small", lang))
    for name, f in methods.items():
        y = f(x)
        html += _table(y.tolist(), [["plain"] * y.shape[1]] * y.shape[0], t(f"conv.title_{name}", lang, k=k, s=s))
    lo, hi = (k // s) ** 2, math.ceil(k / s) ** 2  # copies per output cell, away from the borders
    html += _table(counts.tolist(), [["read" if c == hi else "plain" for c in r] for r in counts.tolist()],
                   t("conv.title_counts", lang))
    why = "holes" if k < s else "yes" if k % s else "no"
    text = t(f"conv.checker_{why}", lang, k=k, s=s, low=lo, high=hi)
    gain = upsample.KERNELS[kind](k).sum().item() / s**2
    text += "\n\n" + t("conv.transposed_gain", lang, gain=_fmt(gain), s=s)
    picture, _ = _picture(path, example, lang)
    small = images.shrink(picture, 48)  # (C, h, w): small enough to see every pixel
    zoom = max(1, 384 // (s * max(small.shape[1:])))
    pictures = [image(small, zoom * s)] + [image(f(small), zoom) for f in methods.values()]
    return ("<div>" + html + "</div>", text, *pictures)


# ----------------------------------------------------------------------------- from CNN to U-Net

PHASE_COLOR = {"down": "#1565c0", "bottleneck": "#6a1b9a", "up": "#2e7d32", "other": "#616161"}


def _phases(rows: list[conv.LayerShape]) -> list[str]:
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


def _shapes_table(rows: list[conv.LayerShape], title: str, lang: str, phases: bool) -> str:
    side_max = max([r.output_shape[-1] for r in rows if len(r.output_shape) == 3] + [1])
    kinds = _phases(rows) if phases else ["other"] * len(rows)
    targets = {s: r.name for r in rows for s in r.skips}
    th = "padding:.3em .6em;border-bottom:2px solid #333;text-align:left;background:#fff;color:#000;"
    td = "padding:.25em .6em;border-bottom:1px solid #ccc;background:#fff;color:#000;font-size:1.05em;"
    head = "".join(f"<th style='{th}'>{escape(t(k, lang))}</th>" for k in
                   ("conv.col_layer", "conv.col_type", "conv.col_in", "conv.col_out", "conv.col_size",
                    "conv.col_values") + (("conv.col_path",) if phases else ()))
    fmt = lambda shape: " × ".join(map(str, shape)) or "—"  # noqa: E731 - () is one number per image (t)
    body = ""
    for r, kind in zip(rows, kinds):
        for source in r.skips:
            shape = next((fmt(q.output_shape) for q in rows if q.name == source), "?")
            body += (f"<tr><td colspan='7' style='{td}background:#e8f5e9;color:#1b5e20;font-weight:700'>"
                     f"{escape(t('conv.skip_from', lang, source=source, shape=shape))}</td></tr>")
        side = r.output_shape[-1] if len(r.output_shape) == 3 else None
        bar = (f"<span style='display:inline-block;width:{8 * side / side_max:.2f}em;height:.9em;margin-right:.4em;"
               f"vertical-align:middle;background:{PHASE_COLOR[kind]}'></span>{side} × {side}" if side else "—")
        note = ""
        if r.name in targets:
            note = f"<br><small>→ {escape(t('conv.skip_to', lang, target=targets[r.name]))}</small>"
        cells = [f"<code>{escape(r.name)}</code>{note}", escape(r.kind), fmt(r.input_shape), fmt(r.output_shape), bar,
                 f"{math.prod(r.output_shape):,}".replace(",", "\u202f")]
        if phases:
            phase = escape(t(f"conv.phase_{kind}", lang))
            cells.append(f"<span style='color:{PHASE_COLOR[kind]};font-weight:700'>{phase}</span>")
        body += "<tr>" + "".join(f"<td style='{td}'>{c}</td>" for c in cells) + "</tr>"
    return (f"<div style='{TITLE}margin-top:1em'>{escape(title)}</div><div style='overflow-x:auto'>"
            f"<table style='border-collapse:collapse;min-width:60%'><tr>{head}</tr>{body}</table></div>")


@functools.cache
def _unet_rows() -> tuple:
    """The U-Net's shapes, one row per block (ResBlock, attention, down/upsampling) or plain layer."""
    from genkit import layers  # written alongside this tab; may be missing
    from genkit.unet import UNet, UNetConfig

    units = tuple(getattr(layers, n) for n in ("TimeEmbedding", "ResBlock", "Attention", "Downsample", "Upsample")
                  if hasattr(layers, n))
    x_t, t_ = torch.zeros(1, 1, 28, 28), torch.zeros(1, dtype=torch.long)
    return tuple(conv.layer_shapes(UNet(UNetConfig()), x_t, t_, units=units))


@safe
def shapes(lang):
    """From CNN to U-Net: the shapes through our classifier, then through our diffusion U-Net."""
    from genkit.metrics import Classifier, ClassifierConfig

    trained = _classifier(lang)[0] if checkpoint_present(CLASSIFIER) else None
    note = t("conv.untrained_note" if trained is None else "conv.trained_note", lang)
    # the shapes do not depend on the weights: a fresh copy, because layer_shapes adds hooks to the
    # module, and the cached classifier is shared by every request running at the same moment
    net = Classifier(trained.config if trained is not None else ClassifierConfig())
    x = torch.zeros(1, 1, 28, 28)
    html = _shapes_table(conv.layer_shapes(net, x), t("conv.shapes_classifier", lang), lang, phases=False)
    try:
        html += _shapes_table(list(_unet_rows()), t("conv.shapes_unet", lang), lang, phases=True)
    except Exception as e:  # noqa: BLE001 - the U-Net is optional here: show why it is absent
        why = t("conv.unet_missing", lang, detail=f"{type(e).__name__}: {e}")
        html += f"<p style='font-size:1.1em'>{escape(why)}</p>"
    return f"<p>{escape(note)}</p>" + html


# ----------------------------------------------------------------------------- layout


def _clear():
    return None


def build(page) -> None:
    """The tab's layout and wiring (called by the shell inside its gr.Tab)."""
    lang = page.lang
    page.md("conv.intro")
    with page.tab("conv.tab_numbers"):
        page.md("conv.numbers_help")
        e = LECTURE["conv"]
        with gr.Row():
            op = page.make(gr.Radio, label="conv.op", value="conv",
                           choices_keys=[("conv.op_conv", "conv"), ("conv.op_transpose", "transpose")])
            reset = page.button("conv.lecture_example")
        with gr.Row():
            grid = dict(datatype="str", type="array", interactive=True)
            x_df = page.make(gr.Dataframe, label="conv.input_grid", value=e["x"], **grid)
            k_df = page.make(gr.Dataframe, label="conv.kernel_grid", value=e["k"], **grid)
        with gr.Row():
            stride = page.make(gr.Slider, label="conv.stride", minimum=1, maximum=4, step=1, value=e["stride"])
            padding = page.make(gr.Slider, label="conv.padding", minimum=0, maximum=3, step=1, value=0)
            dilation = page.make(gr.Slider, label="conv.dilation", minimum=1, maximum=3, step=1, value=1)
            out_pad = page.make(gr.Slider, label="conv.output_padding", minimum=0, maximum=3, step=1, value=0,
                                visible=False)
        step = page.make(gr.Slider, label="conv.step", info="conv.step_info", minimum=0, maximum=3, step=1, value=0)
        defaults = ["conv", e["x"], e["k"], e["stride"], 0, 1, 0, 0, "en"]
        first, first_matrix = initial(numbers, *defaults), initial(matrix, *defaults)
        view = gr.HTML(first[0])
        sizes = gr.Markdown(first[1], latex_delimiters=LATEX)
        with page.accordion("conv.matrix_title", open=True):
            page.md("conv.matrix_help")
            matrix_text = gr.Markdown(first_matrix[0], latex_delimiters=LATEX)
            with gr.Row():  # C is usually wide and short, its transpose narrow and tall
                c_img = page.make(gr.Image, label="conv.matrix_c", type="pil", format="png", interactive=False, scale=3,
                                  value=first_matrix[1])
                ct_img = page.make(gr.Image, label="conv.matrix_ct", type="pil", format="png", interactive=False,
                                   scale=1, value=first_matrix[2])
        inputs = [op, x_df, k_df, stride, padding, dilation, out_pad, step, lang]
        shown = gr.on(changes(inputs), numbers, inputs, [view, sizes, step], api_name="conv", trigger_mode="always_last")
        shown.success(matrix, inputs, [matrix_text, c_img, ct_img], api_name="conv_matrix")  # one error, not two
        example_outputs = [x_df, k_df, stride, padding, dilation, out_pad, step]
        gr.on([op.input, reset.click], lecture_example, [op, lang], example_outputs, api_name="conv_example")

    with page.tab("conv.tab_image"):
        page.md("conv.image_help")
        with gr.Row():
            upload = page.make(gr.File, label="conv.upload", type="filepath", file_count="single", height=140)
            example = page.make(gr.Radio, label="conv.example", info="conv.example_info", value="shapes",
                                choices_keys=[(f"conv.example_{n}", n) for n in images.EXAMPLES])
        with gr.Row():
            preset = page.make(gr.Dropdown, label="conv.preset", value="sobel_x",
                               choices_keys=[(f"conv.preset_{n}", n) for n in conv.PRESETS])
            kernel3 = page.make(gr.Dataframe, label="conv.kernel_grid", value=_kernel_cells(conv.PRESETS["sobel_x"]),
                                **grid)
            with gr.Column():
                img_stride = page.make(gr.Slider, label="conv.stride", minimum=1, maximum=8, step=1, value=1)
                img_padding = page.make(gr.Slider, label="conv.padding", minimum=0, maximum=8, step=1, value=1)
        first = initial(image_conv, None, "shapes", _kernel_cells(conv.PRESETS["sobel_x"]), 1, 1, "en")
        with gr.Row():
            img_in = page.make(gr.Image, label="conv.image_in", type="pil", format="png", interactive=False,
                               value=first[0])
            img_out = page.make(gr.Image, label="conv.image_out", type="pil", format="png", interactive=False,
                                value=first[1])
        img_text = gr.Markdown(first[2])
        with page.accordion("conv.filters_title", open=False):
            page.md("conv.filters_help")
            first = initial(first_layer, None, "shapes", "en")
            filters_text = gr.Markdown(first[0])
            with gr.Row():
                filters_img = page.make(gr.Image, label="conv.filters_img", type="pil", format="png", interactive=False,
                                        value=first[1])
                maps_img = page.make(gr.Image, label="conv.maps_img", type="pil", format="png", interactive=False,
                                     value=first[2])
        example.input(_clear, None, upload, api_visibility="private")
        preset.input(preset_kernel, [preset, lang], kernel3, api_name="conv_preset")
        image_inputs = [upload, example, kernel3, img_stride, img_padding, lang]
        gr.on(changes(image_inputs), image_conv, image_inputs, [img_in, img_out, img_text],
              api_name="conv_image", trigger_mode="always_last")
        gr.on(changes([upload, example, lang]), first_layer, [upload, example, lang], [filters_text, filters_img, maps_img],
              api_name="conv_filters", trigger_mode="always_last")

    with page.tab("conv.tab_upsample"):
        page.md("conv.upsample_help")
        with gr.Row():
            small = page.make(gr.Dataframe, label="conv.small_grid", value=SMALL, **grid)
            with gr.Column():
                factor = page.make(gr.Slider, label="conv.factor", minimum=2, maximum=4, step=1, value=2)
                t_kernel = page.make(gr.Slider, label="conv.t_kernel", minimum=1, maximum=8, step=1, value=3)
            with gr.Column():
                t_kind = page.make(gr.Radio, label="conv.t_kind", value="box",
                                   choices_keys=[("conv.kind_box", "box"), ("conv.kind_bilinear", "bilinear")])
                align = page.make(gr.Checkbox, label="conv.align", value=False)
        first = initial(upsampling, SMALL, 2, 3, "box", False, None, "shapes", "en")
        up_html = gr.HTML(first[0])
        up_text = gr.Markdown(first[1])
        with gr.Row():
            up_images = [page.make(gr.Image, label=f"conv.up_{n}", type="pil", format="png", interactive=False,
                                   value=v) for n, v in zip(("input", "repeat", "bilinear", "transposed"), first[2:])]
        up_inputs = [small, factor, t_kernel, t_kind, align, upload, example, lang]
        gr.on(changes(up_inputs), upsampling, up_inputs, [up_html, up_text, *up_images], api_name="conv_upsample", trigger_mode="always_last")

    with page.tab("conv.tab_unet"):
        page.md("conv.unet_help")
        refresh = page.button("conv.refresh")
        table = gr.HTML(initial(shapes, "en"))
        lang.change(shapes, [lang], table, api_name="conv_shapes", trigger_mode="always_last")
        refresh.click(shapes, [lang], table, api_visibility="private")


# ----------------------------------------------------------------------------- benchmark (python -m genkit.bench)


@functools.cache
def _bench_image(side: int = 512) -> str:
    """A procedural side x side PNG in a temporary folder (never a dataset image)."""
    path = os.path.join(tempfile.mkdtemp(prefix="genkit-bench-"), f"shapes-{side}.png")
    viz.to_pil(images.example_image("shapes", side)).save(path)
    return path


def _lecture_args(op: str) -> tuple:
    e = LECTURE[op]
    return (op, e["x"], e["k"], e["stride"], e["padding"], e["dilation"], e["output_padding"], 1, "en")


SOBEL = _kernel_cells(conv.PRESETS["sobel_x"])
BENCH = {
    "conv_numbers": lambda: functools.partial(numbers, *_lecture_args("conv")),
    "conv_numbers_transpose": lambda: functools.partial(numbers, *_lecture_args("transpose")),
    "conv_matrix": lambda: functools.partial(matrix, *_lecture_args("conv")),
    "conv_image_512": lambda: functools.partial(image_conv, _bench_image(), "shapes", SOBEL, 1, 1, "en"),
    "conv_image_512_stride2": lambda: functools.partial(image_conv, _bench_image(), "shapes", SOBEL, 2, 1, "en"),
    "conv_filters_512": lambda: functools.partial(first_layer, _bench_image(), "shapes", "en"),
    "conv_upsample_512": lambda: functools.partial(upsampling, SMALL, 2, 3, "box", False, _bench_image(), "shapes",
                                                   "en"),
    "conv_shapes": lambda: functools.partial(shapes, "en"),
}

