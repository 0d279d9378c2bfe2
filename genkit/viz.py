"""Tensors to pictures: grids, upscaling, colour maps and line charts shared by training and the app.

Images stay tensors in [0, 1] everywhere in the library; this file is the one
place that turns them into uint8 arrays or PIL images. Curves are drawn here too,
as pictures: a browser shows a picture at no cost, where a plotting library
redraws every point at each update (the live GAN's curves kept a phone's or a
small laptop's page busy for half a second a time).
"""

import functools
import math

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image, ImageDraw, ImageFont


def grid(images: torch.Tensor, nrow: int = 8, pad: int = 2, value: float = 0.0) -> torch.Tensor:
    """Tile (B, C, H, W) images into one (C, H', W') image, row by row."""
    b, c, h, w = images.shape
    ncol = min(nrow, b)
    nrows = (b + ncol - 1) // ncol
    out = torch.full((c, nrows * (h + pad) + pad, ncol * (w + pad) + pad), value, dtype=images.dtype)
    for i in range(b):
        r, k = divmod(i, ncol)
        out[:, pad + r * (h + pad) : pad + r * (h + pad) + h, pad + k * (w + pad) : pad + k * (w + pad) + w] = images[i]
    return out


def normalize(x: torch.Tensor) -> torch.Tensor:
    """Rescale to [0, 1] by the tensor's own min and max (for filters and feature maps)."""
    lo, hi = x.min(), x.max()
    return (x - lo) / (hi - lo) if hi > lo else torch.zeros_like(x)


def to_pil(image: torch.Tensor, scale: int = 1) -> Image.Image:
    """A (C, H, W) or (H, W) tensor in [0, 1] to a PIL image, enlarged `scale` times without blur."""
    if image.dim() == 2:
        image = image.unsqueeze(0)
    image = image.detach().float().cpu().clamp(0, 1)
    if scale > 1:
        image = F.interpolate(image[None], scale_factor=scale, mode="nearest")[0]
    array = (image * 255).round().to(torch.uint8).permute(1, 2, 0).numpy()
    return Image.fromarray(array[..., 0] if array.shape[2] == 1 else array)


def save_grid(images: torch.Tensor, path, nrow: int = 8, scale: int = 2) -> None:
    to_pil(grid(images.detach().float().cpu(), nrow), scale).save(path)


def diverging(values: np.ndarray, m: float | None = None) -> np.ndarray:
    """Map signed values to RGB uint8: blue for negative, white for zero, red for positive, full at +-m
    (default: the largest |value|)."""
    v = np.asarray(values, dtype=np.float64)
    m = m or np.abs(v).max() or 1.0
    t = np.clip(v / m, -1, 1)[..., None]
    white = np.ones(3)
    red, blue = np.array([0.80, 0.10, 0.15]), np.array([0.10, 0.30, 0.80])
    rgb = np.where(t >= 0, white + t * (red - white), white - t * (blue - white))
    return (rgb * 255).round().astype(np.uint8)


# ----------------------------------------------------------------------------- line charts

PALETTE = [(37, 99, 235), (220, 38, 38), (22, 163, 74), (217, 119, 6)]  # blue, red, green, orange


@functools.cache
def font(size: int) -> ImageFont.ImageFont:
    """DejaVu Sans (it has the Greek letters) when the system has it, else Pillow's own font."""
    try:
        return ImageFont.truetype("DejaVuSans.ttf", size)
    except OSError:
        return ImageFont.load_default(size=size)


def nice_ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    """About `n` round values (1, 2, 2.5 or 5 times a power of ten apart) covering [lo, hi]."""
    if not hi > lo:
        return [lo]
    raw = (hi - lo) / max(1, n - 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.ceil(lo / step - 1e-9)
    return [k * step for k in range(first, math.floor(hi / step + 1e-9) + 1)]


def french_number(text: str) -> str:
    """A number as Python writes it ("12,000.5", grouped or not) written the French way: a decimal comma, a
    narrow no-break space between thousands ("12 000,5"). The one rule, for the charts and for genkit.ui.i18n."""
    return text.replace(",", "\u202f").replace(".", ",")


def number_text(v: float, decimal: str = ".") -> str:
    """A tick's value, short ("0.25", "1200", "12,000"); with decimal="," written the French way ("0,25", "12 000").
    Thousands are grouped from 10 000 on, as t() does."""
    text = f"{round(v):,}" if abs(v) >= 10_000 else f"{round(v)}" if v == round(v) else f"{v:.4g}"
    return french_number(text) if decimal == "," else text.replace(",", "")


def line_chart(series: dict[str, tuple[list, list]], x_title: str, y_title: str, y_lim=None, x_lim=None,
               size: tuple[int, int] = (560, 400), text_px: int = 22, decimal: str = ".") -> Image.Image:
    """One polyline per named series of (xs, ys), on axes with round ticks, the legend above.

    `y_lim` fixes the vertical range (else the data's, with a margin), `x_lim` the horizontal one (else the
    data's); non-finite values leave a gap; a lone point is drawn as a dot.
    Text is `text_px` high (legible at the back of a room); the picture is drawn at `size`.
    """
    w, h = size
    im = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(im)
    small, big = font(text_px - 2), font(text_px)
    xs = [x for xs_, _ in series.values() for x in xs_]
    ys = [y for _, ys_ in series.values() for y in ys_ if math.isfinite(y)]
    x_lo, x_hi = x_lim if x_lim is not None else (min(xs), max(xs)) if xs else (0, 1)
    x_hi = x_hi if x_hi > x_lo else x_lo + 1
    if y_lim is not None:
        y_lo, y_hi = y_lim
    else:
        y_lo, y_hi = (min(ys), max(ys)) if ys else (0, 1)
        pad = (y_hi - y_lo) * 0.05 or 0.5
        y_lo, y_hi = y_lo - pad, y_hi + pad
    y_ticks = nice_ticks(y_lo, y_hi)
    left = 16 + text_px + max(draw.textlength(number_text(v, decimal), font=small) for v in y_ticks)
    x0, x1, y0, y1 = left, w - 24, 2 * text_px + 18, h - 2 * text_px - 26
    px = lambda x: x0 + (x1 - x0) * (x - x_lo) / (x_hi - x_lo)  # noqa: E731
    py = lambda y: y1 - (y1 - y0) * (min(max(y, y_lo), y_hi) - y_lo) / (y_hi - y_lo)  # noqa: E731

    for v in y_ticks:  # horizontal grid lines and the values on the left
        draw.line((x0, py(v), x1, py(v)), fill=(225, 225, 225), width=1)
        draw.text((x0 - 8, py(v)), number_text(v, decimal), fill="black", font=small, anchor="rm")
    for v in nice_ticks(x_lo, x_hi):
        draw.line((px(v), y1, px(v), y1 + 6), fill="black", width=2)
        draw.text((px(v), y1 + 9), number_text(v, decimal), fill="black", font=small, anchor="ma")
    draw.rectangle((x0, y0, x1, y1), outline=(110, 110, 110), width=2)
    draw.text(((x0 + x1) / 2, h - 6), x_title, fill="black", font=big, anchor="md")
    title = Image.new("RGBA", (int(draw.textlength(y_title, font=big)) + 4, text_px + 8), (255, 255, 255, 0))
    ImageDraw.Draw(title).text((2, 2), y_title, fill="black", font=big)
    rotated = title.rotate(90, expand=True)
    im.paste(rotated, (4, int((y0 + y1 - rotated.height) / 2)), rotated)

    x = x0
    for (name, (sx, sy)), colour in zip(series.items(), PALETTE):
        run = []  # the points of the polyline since the last gap
        for a, b in [*zip(sx, sy), (None, math.nan)]:
            if math.isfinite(b):
                run.append((px(a), py(b)))
            elif run:
                if len(run) < 12:  # a few points (a sweep over w): each one marked
                    for cx, cy in run:
                        draw.ellipse((cx - 5, cy - 5, cx + 5, cy + 5), fill=colour)
                if len(run) > 1:
                    draw.line(run, fill=colour, width=3, joint="curve")
                run = []
        draw.line((x, text_px / 2 + 10, x + 34, text_px / 2 + 10), fill=colour, width=5)  # its legend
        draw.text((x + 42, text_px / 2 + 10), name, fill="black", font=big, anchor="lm")
        x += 42 + draw.textlength(name, font=big) + 32
    return im
