"""The VAE tab's pictures: the latent map of a 2-D VAE, its test codes as dots, the reparameterization table.

Lecture: "Auto-encodeur variationnel". Kingma & Welling (2014), "Auto-encoding variational
Bayes", fig. 4: the learned 2-D manifold, decoded on a grid of codes; sec. 2.4: the
reparameterization z = mu + sigma * eps, eps ~ N(0, I), written out here for each dimension.
"""

from html import escape

import numpy as np
import torch
from PIL import Image, ImageDraw

from genkit import viz
from genkit.vae import latent_grid
from genkit.viz import font

N_MAP = 20  # the latent map is N_MAP x N_MAP decoded codes
LIMIT = 3.0  # over [-3, 3]^2: three standard deviations of the prior on each axis
CELL = 28  # pixels per decoded image in the map
STEP = 2 * LIMIT / (N_MAP - 1)  # distance in z between two neighbouring images of the map
LEFT, TOP, RIGHT, BOTTOM = 64, 14, 14, 60  # the frame around a map: z2's axis on the left, z1's below
PALETTE = np.array([(31, 119, 180), (255, 127, 14), (44, 160, 44), (214, 39, 40), (148, 103, 189),
                    (140, 86, 75), (227, 119, 194), (127, 127, 127), (188, 189, 34), (23, 190, 207)], dtype=np.uint8)

# ----------------------------------------------------------------------------- the latent map (z = 2)


def z_to_pixel(z1: float, z2: float) -> tuple[float, float]:
    """Where code (z1, z2) lies on a framed map: the centre of cell i is the code latent_grid gives it."""
    return LEFT + ((z1 + LIMIT) / STEP + 0.5) * CELL, TOP + ((LIMIT - z2) / STEP + 0.5) * CELL


def pixel_to_z(px: float, py: float) -> tuple[float, float]:
    """The code at pixel (px, py) of a framed map (a click), within the map's edge."""
    z1 = -LIMIT + ((px - LEFT) / CELL - 0.5) * STEP
    z2 = LIMIT - ((py - TOP) / CELL - 0.5) * STEP
    return float(np.clip(z1, -LIMIT - STEP / 2, LIMIT + STEP / 2)), float(np.clip(z2, -LIMIT - STEP / 2, LIMIT + STEP / 2))


def framed(picture: Image.Image, z: tuple[float, float] | None = None) -> Image.Image:
    """A map (decoded grid or codes) with its axes: z1 below, z2 on the left, ticks at -3 ... 3; and, if `z` is
    given, a marker at that code (where the student clicked or put the sliders)."""
    side = N_MAP * CELL
    canvas = Image.new("RGB", (LEFT + side + RIGHT, TOP + side + BOTTOM), "white")
    canvas.paste(picture.convert("RGB"), (LEFT, TOP))
    draw = ImageDraw.Draw(canvas)
    for v in range(-int(LIMIT), int(LIMIT) + 1):
        x, y = z_to_pixel(v, v)
        draw.line((x, TOP + side, x, TOP + side + 6), fill="black", width=2)
        draw.text((x, TOP + side + 8), f"{v:g}".replace("-", "\u2212"), fill="black", font=font(18), anchor="ma")
        draw.line((LEFT - 6, y, LEFT, y), fill="black", width=2)
        draw.text((LEFT - 9, y), f"{v:g}".replace("-", "\u2212"), fill="black", font=font(18), anchor="rm")
    draw.text((LEFT + side / 2, TOP + side + 32), "z\u2081", fill="black", font=font(22), anchor="ma")
    draw.text((6, TOP + side / 2), "z\u2082", fill="black", font=font(22), anchor="lm")
    if z is not None:
        x, y = z_to_pixel(*z)
        for width, colour in ((7, "white"), (3, (230, 81, 0))):  # a ring and a cross, visible on black and white
            draw.ellipse((x - 13, y - 13, x + 13, y + 13), outline=colour, width=width)
            draw.line((x - 20, y, x + 20, y), fill=colour, width=width - 2)
            draw.line((x, y - 20, x, y + 20), fill=colour, width=width - 2)
    return canvas


def decoded_map(net) -> Image.Image:
    """The 20x20 decoded grid over [-3, 3]^2, one 28x28 image per code, 560x560 pixels."""
    device = next(net.parameters()).device
    with torch.inference_mode():
        x = net.decode(latent_grid(N_MAP, LIMIT, device))  # (400, 1, 28, 28)
    return viz.to_pil(viz.grid(x.float().cpu(), nrow=N_MAP, pad=0), 1)


def encode_means(net, x: torch.Tensor) -> np.ndarray:
    """mu of q(z|x) for every image of x (N, 1, 28, 28), by batches of 1,000: an (N, z) array."""
    device = next(net.parameters()).device
    with torch.inference_mode():
        mu = torch.cat([net.encode(x[i : i + 1000].to(device))[0].float().cpu() for i in range(0, len(x), 1000)])
    return mu.numpy()


def scatter(mu: np.ndarray, labels: np.ndarray) -> Image.Image:
    """Each test image's code as a dot coloured by its class, on the same axes as the decoded map."""
    side = N_MAP * CELL
    canvas = np.full((side, side, 3), 255, dtype=np.uint8)
    c = int(round(z_to_pixel(0, 0)[0] - LEFT))
    canvas[c, :] = canvas[:, c] = 200  # the axes z1 = 0 and z2 = 0
    px, py = z_to_pixel(mu[:, 0], mu[:, 1])
    px, py = px - LEFT, py - TOP  # on the map itself, before its frame
    inside = (px >= 1) & (px < side - 1) & (py >= 1) & (py < side - 1)
    px, py, col = px[inside].astype(int), py[inside].astype(int), PALETTE[labels[inside]]
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            canvas[py + dy, px + dx] = col
    return Image.fromarray(canvas)


def legend(names: list[str]) -> str:
    """The scatter's colour key as HTML: one coloured square and class name per class."""
    items = [f"<span style='color:rgb{tuple(int(v) for v in PALETTE[i])};font-size:1.4em'>&#9632;</span> "
             f"{i}&nbsp;{escape(n)}" for i, n in enumerate(names)]
    return "<p style='line-height:1.8'>" + " &nbsp; ".join(items) + "</p>"


# ----------------------------------------------------------------------------- the reparameterization


def _f(v: float) -> str:
    return f"{v:+.2f}"


def reparam_table(mu, sigma, eps, z, headers: tuple[str, str, str]) -> str:
    """z = mu + sigma * eps per dimension as an HTML table: the first draw written out, the others as eps -> z.

    mu, sigma: (z,); eps, z: (draws, z); `headers`: the translated titles of the dimension, mu and sigma columns.
    """
    draws = eps.shape[0]
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    head += "<th>ε<sup>(1)</sup></th><th>z<sup>(1)</sup> = μ + σ · ε<sup>(1)</sup></th>"
    head += "".join(f"<th>ε<sup>({d + 1})</sup> → z<sup>({d + 1})</sup></th>" for d in range(1, draws))
    rows = []
    for j in range(mu.shape[0]):
        cells = f"<td>z<sub>{j + 1}</sub></td><td>{_f(mu[j])}</td><td>{sigma[j]:.3f}</td><td>{_f(eps[0, j])}</td>"
        cells += f"<td>{_f(mu[j])} + {sigma[j]:.3f} · ({_f(eps[0, j])}) = <b>{_f(z[0, j])}</b></td>"
        cells += "".join(f"<td>{_f(eps[d, j])} → <b>{_f(z[d, j])}</b></td>" for d in range(1, draws))
        rows.append(f"<tr>{cells}</tr>")
    style = ("<style>.genkit-rep td,.genkit-rep th{padding:2px 10px;white-space:nowrap;"
             "font-family:ui-monospace,monospace}</style>")
    return f"{style}<div style='overflow-x:auto'><table class='genkit-rep'><tr>{head}</tr>{''.join(rows)}</table></div>"
