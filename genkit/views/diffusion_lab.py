"""The 2-D lab made visible: particles carried from the Gaussian to the data, the learned field, the loss.

What the Diffusion tab's "2-D lab" shows, as plain functions over genkit/flow2d.py: a network in,
PIL pictures and numbers out, no gradio and no translation (the curve's words come in as arguments).

References: Lipman et al. (2023), "Flow matching", fig. 3 (paths of the diffusion and the straight
"optimal transport" paths, and their trajectories); Liu et al. (2023), "Rectified flow", fig. 1-2
(reflow straightens the trajectories, so that one Euler step almost suffices); Bonneel et al. (2015)
for the sliced Wasserstein distance written under the picture.
"""

from dataclasses import dataclass

import torch
from PIL import Image, ImageDraw

from genkit import flow2d, gan2d, viz

PLANE_PX = 420  # side of a picture of the plane, in pixels (as the GAN's)
SAMPLES = 1000  # points sampled for the distance and the modes
TRAILS = 120  # particles whose whole trajectory is drawn
ARROWS = 17  # the field's arrows: a 17 x 17 grid over the plane
DATA_SEED = 3  # the data points drawn under every picture (the same for every frame)

DATA_COLOUR, TRAIL_COLOUR, POINT_COLOUR, ARROW_COLOUR = (150, 205, 160), (190, 190, 215), (30, 50, 160), (220, 110, 0)


@dataclass
class Samples:
    """One sampling run of the lab's network: the picture, where its particles ended and how good that is."""

    picture: Image.Image
    distance: float  # sliced Wasserstein distance between the samples and SAMPLES data points, plane units
    modes: tuple | None  # (covered, total) for the ring and the grid
    frame: int  # the trajectory's frame shown (0: the noise, steps: the samples)
    steps: int
    path: torch.Tensor | None = None  # (steps + 1, SAMPLES, 2): the particles' trajectories


def _to_px(xy: torch.Tensor) -> torch.Tensor:
    """Plane coordinates (n, 2) -> pixel coordinates (n, 2), y up, the plane [-EXTENT, EXTENT]^2."""
    e = gan2d.EXTENT
    return torch.stack([(xy[:, 0] + e) / (2 * e) * PLANE_PX, (e - xy[:, 1]) / (2 * e) * PLANE_PX], 1)


def _canvas(data: torch.Tensor) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    img = Image.new("RGB", (PLANE_PX, PLANE_PX), "white")
    draw = ImageDraw.Draw(img)
    mid = PLANE_PX / 2
    draw.line((0, mid, PLANE_PX, mid), fill=(232, 232, 232))
    draw.line((mid, 0, mid, PLANE_PX), fill=(232, 232, 232))
    for x, y in _to_px(data).tolist():
        draw.ellipse((x - 1.5, y - 1.5, x + 1.5, y + 1.5), fill=DATA_COLOUR)
    return img, draw


def data_points(points: flow2d.Points, n: int = SAMPLES) -> torch.Tensor:
    """The n data points every picture draws and measures against (the same ones each time)."""
    return points.sample(n, torch.Generator().manual_seed(DATA_SEED))  # (n, 2)


def frame_at(t: float, steps: int) -> int:
    """The trajectory's frame at time t of the sampling's clock (1: the noise, frame 0; 0: the samples)."""
    return min(steps, max(0, round((1 - t) * steps)))


def samples_picture(net, points: flow2d.Points, steps: int, sampler: str | None, t: float = 0.0,
                    seed: int = 0, path: torch.Tensor | None = None) -> Samples:
    """SAMPLES particles from the Gaussian through `steps` sampling steps: the data (green), the whole
    trajectories of TRAILS of them (grey), and every particle where it is at time t (blue).
    The distance and the modes are those of the final samples. `path`: the trajectory of an earlier call
    with the same network and settings (Samples.path), so that moving t alone does not sample again."""
    if path is None:
        path = flow2d.trajectory(net, SAMPLES, steps, sampler, seed)  # (steps + 1, n, 2)
    data = data_points(points)
    img, draw = _canvas(data)
    px = _to_px(path[:, :TRAILS].reshape(-1, 2)).view(steps + 1, -1, 2).clamp(-PLANE_PX, 2 * PLANE_PX)
    for k in range(px.shape[1]):
        draw.line([tuple(p) for p in px[:, k].tolist()], fill=TRAIL_COLOUR, width=1)
    k = frame_at(t, steps)
    for x, y in _to_px(path[k]).tolist():
        draw.ellipse((x - 2, y - 2, x + 2, y + 2), fill=POINT_COLOUR)
    final = path[-1]
    return Samples(img, flow2d.sliced_wasserstein(final, data), flow2d.modes(final, points.dataset), k, steps, path)


def field_picture(net, points: flow2d.Points, t: float) -> Image.Image:
    """The learned field at time t: from each point of a grid, an arrow towards the network's guess of the
    clean point, x0_hat(x, t) - x (flow: -t v; DDPM: eq. 15's x0 minus x), all arrows scaled by one factor
    (the longest is about one grid cell), over the data."""
    img, draw = _canvas(data_points(points, 500))
    v = torch.linspace(-gan2d.EXTENT, gan2d.EXTENT, ARROWS + 2)[1:-1]
    grid = torch.cartesian_prod(v, v)  # (ARROWS^2, 2)
    push = flow2d.denoised(net, grid, t) - grid  # (ARROWS^2, 2)
    cell = (v[1] - v[0]).item()
    scale = 0.9 * cell / push.norm(dim=1).max().clamp(min=1e-6)
    start, end = _to_px(grid), _to_px(grid + push * scale)
    for (x0, y0), (x1, y1) in zip(start.tolist(), end.tolist()):
        draw.line((x0, y0, x1, y1), fill=ARROW_COLOUR, width=2)
        draw.ellipse((x0 - 1.5, y0 - 1.5, x0 + 1.5, y0 + 1.5), fill=ARROW_COLOUR)
    return img


def loss_chart(lab: flow2d.Lab, name: str, axes: tuple[str, str], decimal: str = ".") -> Image.Image | None:
    """The training loss (at most ~300 points, averaged over windows); None before the first step."""
    steps, losses = lab.curve(max(1, len(lab.history) // 300))
    if not steps:
        return None
    return viz.line_chart({name: (steps, losses)}, *axes, decimal=decimal)
