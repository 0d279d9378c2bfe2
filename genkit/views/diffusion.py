"""Diffusion made visible: the forward process at one t, the schedules' curves, recorded trajectories, strips.

What the Diffusion tab shows, as plain functions over the library (genkit/diffusion.py,
genkit/samplers.py): tensors in, tensors in [0, 1] or PIL pictures out, no gradio.

References:
  Ho, Jain & Abbeel (2020), "Denoising diffusion probabilistic models": eq. 4
    (x_t = sqrt(alpha_bar_t) x0 + sqrt(1 - alpha_bar_t) eps), algorithm 2 (the reverse process).
  Nichol & Dhariwal (2021), "Improved DDPM", fig. 5: alpha_bar_t of the linear and cosine schedules.
  Kingma et al. (2021), "Variational diffusion models", sec. 3: a schedule seen as its SNR(t), on a log scale.
  Song, Meng & Ermon (2021), "DDIM", fig. 4: one starting noise x_T sampled with more and more steps.
  Liu, Gong & Liu (2023), "Flow straight and fast" (rectified flow): a straight path needs few Euler steps.
  Meng et al. (2022), "SDEdit", fig. 2: a sketch noised to t_start, then denoised.

Images of the models live in [-1, 1]; everything returned here for display is in [0, 1]
(black -1, white +1, clipped), noise included, so that x_T and eps look alike.
"""

import functools
import math
import time
from dataclasses import dataclass, field

import torch
from PIL import Image, ImageDraw

from genkit import viz
from genkit.viz import font
from genkit.diffusion import Schedule, make_schedule, noise, q_sample
from genkit.samplers import ddim_sample, ddim_steps, ddpm_steps, euler_steps, schedule_of, sdedit

SAMPLERS = ("ddpm", "ddim")
COLOURS = {"linear": (217, 95, 2), "cosine": (27, 110, 190)}  # one colour per schedule in every picture


def to_unit(x: torch.Tensor) -> torch.Tensor:
    """[-1, 1] -> [0, 1] for display (values outside are clipped), on the CPU in float32."""
    return ((x.detach().float().cpu() + 1) / 2).clamp(0, 1)


def shown_steps(steps: int, count: int) -> set[int]:
    """Which of a run's `steps` steps a stream of at most `count` pictures shows (evenly spaced, the first
    included); the final sample is sent after them."""
    count = max(3, count)
    return {round(k * (steps - 1) / (count - 2)) for k in range(count - 1)} if steps > 1 else {0}


def seeded(seed: int) -> torch.Generator:
    """A CPU generator: the same seed gives the same noise on any device (genkit.diffusion.noise)."""
    return torch.Generator().manual_seed(int(seed))


# ----------------------------------------------------------------------------- 1. the forward process


@dataclass
class ForwardView:
    """x_t for one image, one t and one noise eps, with the numbers of eq. 4 at that t."""

    x0: torch.Tensor  # (C, H, W) in [0, 1], the clean image
    xt: torch.Tensor  # (C, H, W) in [0, 1], the noisy image at t
    eps: torch.Tensor  # (C, H, W) in [0, 1], the noise (shown like an image: -1 black, +1 white)
    t: int
    alpha_bar: float  # alpha_bar_t
    snr: float  # alpha_bar_t / (1 - alpha_bar_t), inf at t = 0
    pixel: tuple[int, int]  # (row, column) of x0's brightest pixel, for a worked example
    values: tuple[float, float, float]  # x0, eps and x_t at that pixel, in [-1, 1] units

    @property
    def scales(self) -> tuple[float, float]:
        """(sqrt(alpha_bar_t), sqrt(1 - alpha_bar_t)): the weights of x0 and eps in x_t."""
        return math.sqrt(self.alpha_bar), math.sqrt(1 - self.alpha_bar)


def forward_view(schedule: Schedule, x0: torch.Tensor, t: int, seed: int = 0) -> ForwardView:
    """Noise one image x0 (C, H, W) in [0, 1] to step t in one jump (eq. 4); the noise is fixed by `seed`.

    The same seed gives the same eps at every t, so moving t moves along one path from x0 to noise.
    """
    if not 0 <= t <= schedule.T:
        raise ValueError(f"t must be between 0 and T={schedule.T}, not {t}")
    x = x0.float().cpu()[None] * 2 - 1  # (1, C, H, W) in [-1, 1]
    eps = noise(x.shape, seeded(seed))  # (1, C, H, W)
    xt = q_sample(schedule, x, torch.tensor([t]), eps)  # (1, C, H, W)
    alpha_bar = schedule.alpha_bar.double()[t].item()
    snr = math.inf if alpha_bar >= 1 else alpha_bar / (1 - alpha_bar)
    flat = int(x[0, 0].argmax())  # the brightest pixel of the first channel
    r, c = divmod(flat, x.shape[-1])
    values = (x[0, 0, r, c].item(), eps[0, 0, r, c].item(), xt[0, 0, r, c].item())
    return ForwardView(to_unit(x[0]), to_unit(xt[0]), to_unit(eps[0]), t, alpha_bar, snr, (r, c), values)


# ----------------------------------------------------------------------------- the schedules' curves

W_PANEL, H_PANEL = 470, 300  # one panel of the curves picture, margins included
MARGIN = dict(left=58, right=16, top=38, bottom=44)


@functools.cache
def _curves(T: int) -> dict[str, tuple[torch.Tensor, torch.Tensor]]:
    """alpha_bar_t (t = 0..T) and log10 SNR(t) (t = 1..T) of both schedules."""
    out = {}
    for name in ("linear", "cosine"):
        s = make_schedule(name, T)
        out[name] = (s.alpha_bar.double(), s.snr(torch.arange(1, T + 1)).double().clamp(min=1e-30).log10())
    return out


def _panel(draw, left: int, title: str, T: int, y_range, y_ticks, series, t: int, dot_values) -> None:
    """Axes, ticks, one polyline per (values starting at t0, colour) and the marker of the current t."""
    x0, x1 = left + MARGIN["left"], left + W_PANEL - MARGIN["right"]
    y0, y1 = MARGIN["top"], H_PANEL - MARGIN["bottom"]
    lo, hi = y_range
    px = lambda tt: x0 + (x1 - x0) * tt / T  # noqa: E731
    py = lambda v: y1 - (y1 - y0) * (min(max(v, lo), hi) - lo) / (hi - lo)  # noqa: E731
    draw.text(((x0 + x1) / 2, 6), title, fill="black", font=font(17), anchor="ma")
    for v, label in y_ticks:
        draw.line((x0, py(v), x1, py(v)), fill=(228, 228, 228))
        draw.text((x0 - 6, py(v)), label, fill="black", font=font(13), anchor="rm")
    for tt in range(0, T + 1, T // 4):
        draw.line((px(tt), y1, px(tt), y1 + 4), fill="black")
        draw.text((px(tt), y1 + 6), str(tt), fill="black", font=font(13), anchor="ma")
    draw.text(((x0 + x1) / 2, y1 + 24), "t", fill="black", font=font(15), anchor="ma")
    draw.rectangle((x0, y0, x1, y1), outline=(120, 120, 120))
    for values, t0, colour, width in series:
        step = max(1, len(values) // 400)
        pts = [(px(t0 + i), py(values[i].item())) for i in range(0, len(values), step)]
        pts.append((px(t0 + len(values) - 1), py(values[-1].item())))
        draw.line(pts, fill=colour, width=width, joint="curve")
    draw.line((px(t), y0, px(t), y1), fill=(60, 60, 60), width=2)  # the current t
    for v, colour in dot_values:
        x, y = px(t), py(v)
        draw.ellipse((x - 6, y - 6, x + 6, y + 6), fill=colour, outline="black")


def schedule_curves(t: int, chosen: str, names: dict[str, str], titles: tuple[str, str], T: int = 1000):
    """alpha_bar_t (left) and SNR(t) on a log scale (right) of the linear and cosine schedules, t marked.

    `names` labels the schedules in the legend ({"linear": ..., "cosine": ...}), `titles` the two panels;
    the `chosen` schedule is drawn thicker. A PIL image of 2 * W_PANEL x H_PANEL + legend.
    """
    curves = _curves(T)
    legend_h = 30
    im = Image.new("RGB", (2 * W_PANEL, H_PANEL + legend_h), "white")
    draw = ImageDraw.Draw(im)
    width = {n: 4 if n == chosen else 2 for n in curves}
    _panel(draw, 0, titles[0], T, (0, 1), [(v, f"{v:g}") for v in (0, 0.25, 0.5, 0.75, 1)],
           [(curves[n][0], 0, COLOURS[n], width[n]) for n in curves], t,
           [(curves[n][0][t].item(), COLOURS[n]) for n in curves])
    snr_dots = [(curves[n][1][t - 1].item() if t >= 1 else 99.0, COLOURS[n]) for n in curves]  # t = 0: infinite
    _panel(draw, W_PANEL, titles[1], T, (-9, 5), [(v, f"1e{v}" if v else "1") for v in (-8, -4, 0, 4)],
           [(curves[n][1], 1, COLOURS[n], width[n]) for n in curves], t, snr_dots)
    x = MARGIN["left"]
    for n in curves:  # the legend, under the panels
        y = H_PANEL + legend_h // 2
        draw.line((x, y, x + 30, y), fill=COLOURS[n], width=width[n])
        draw.text((x + 38, y), names[n], fill="black", font=font(15), anchor="lm")
        x += 38 + draw.textlength(names[n], font=font(15)) + 40
    draw.text((x, H_PANEL + legend_h // 2), f"t = {t}", fill=(60, 60, 60), font=font(15), anchor="lm")
    return im


# ----------------------------------------------------------------------------- 2. the reverse process


@dataclass
class Trajectory:
    """The first sample's frames of a sampling run, as uint8 (C, H, W) tensors: small enough to keep per session.

    Frame k < steps is what step k saw (x_t) and predicted (x0); the last frame is the final sample
    (at t = 0, where x_t and the predicted x0 are the same image).
    """

    t: list[int] = field(default_factory=list)
    xt: list[torch.Tensor] = field(default_factory=list)
    x0: list[torch.Tensor] = field(default_factory=list)
    settings: dict = field(default_factory=dict)  # what made it (sampler, steps, seed ...), for captions

    @staticmethod
    def _u8(x: torch.Tensor) -> torch.Tensor:
        return (to_unit(x[0]) * 255).round().to(torch.uint8)  # (C, H, W)

    def add(self, step) -> None:
        """Record a samplers.Step (and the final sample after the last one)."""
        self.t.append(step.t)
        self.xt.append(self._u8(step.xt))
        self.x0.append(self._u8(step.x0))
        if step.t_prev == 0:
            final = self._u8(step.x_prev)
            self.t.append(0)
            self.xt.append(final)
            self.x0.append(final)

    def __len__(self) -> int:
        return len(self.t)

    def frame(self, k: int) -> tuple[torch.Tensor, torch.Tensor, int]:
        """(x_t, predicted x0, t) of frame k, the images (C, H, W) in [0, 1]."""
        return self.xt[k].float() / 255, self.x0[k].float() / 255, self.t[k]

    def moments(self, n: int = 12) -> list[int]:
        """n frame indices evenly spread from the first to the last (fewer if there are fewer frames)."""
        last = len(self) - 1
        if last <= 0:
            return [0] * (last + 1)
        return sorted({round(i * last / (n - 1)) for i in range(n)}) if n > 1 else [last]


def sample_steps(model, sampler: str, steps: int, eta: float = 0.0, seed: int = 0, n: int = 1):
    """The steps (samplers.Step) of one run of `sampler` ("ddpm" or "ddim") for n samples from `seed`.

    Reads the schedule and the target (eps or v) from the model's config; DDPM ignores eta.
    """
    if sampler not in SAMPLERS:
        raise ValueError(f"sampler must be one of {SAMPLERS}, not {sampler!r}")
    cfg, schedule = model.config, schedule_of(model)
    shape = (n, cfg.image_channels, cfg.image_size, cfg.image_size)
    gen = seeded(seed)
    if sampler == "ddpm":
        return ddpm_steps(model, schedule, shape, gen, steps=steps, target=cfg.target)
    return ddim_steps(model, schedule, shape, steps=steps, eta=eta, generator=gen, target=cfg.target)


def captioned_grid(rows: list[list[torch.Tensor]], captions: list[str], row_labels: list[str] | None = None,
                   scale: int = 3, gap: int = 8, top: int = 0):
    """Images (C, H, W) in [0, 1] in rows, enlarged `scale` times, a caption above each column,
    a label left of each row, `top` blank pixels above all (room for a label shown over the picture).
    A white RGB PIL picture."""
    h, w = rows[0][0].shape[-2:]
    cell_w, cell_h = w * scale, h * scale
    size = max(12, min(18, cell_w // 5))
    label_w = (max(int(font(size).getlength(s)) for s in row_labels) + 12) if row_labels else 0
    cap_h = top + size + 10
    cols = max(len(r) for r in rows)
    im = Image.new("RGB", (label_w + cols * (cell_w + gap) + gap, cap_h + len(rows) * (cell_h + gap) + gap), "white")
    draw = ImageDraw.Draw(im)
    for j, text in enumerate(captions[:cols]):
        draw.text((label_w + gap + j * (cell_w + gap) + cell_w / 2, cap_h - 4), text, fill="black", font=font(size),
                  anchor="mb")
    for i, row in enumerate(rows):
        y = cap_h + gap + i * (cell_h + gap)
        if row_labels:
            draw.text((label_w - 6, y + cell_h / 2), row_labels[i], fill="black", font=font(size), anchor="rm")
        for j, x in enumerate(row):
            im.paste(viz.to_pil(x, scale).convert("RGB"), (label_w + gap + j * (cell_w + gap), y))
    return im


def filmstrip(traj: Trajectory, n: int = 12, scale: int = 3, row_labels=("xₜ", "x̂₀"), top: int = 0):
    """n moments of a trajectory: x_t on top, the predicted x0 below, t above each column."""
    ks = traj.moments(n)
    frames = [traj.frame(k) for k in ks]
    return captioned_grid([[f[0] for f in frames], [f[1] for f in frames]], [f"t={f[2]}" for f in frames],
                          list(row_labels), scale, top=top)


# ----------------------------------------------------------------------------- 3. same noise, more steps


def step_counts(model, counts, seed: int = 0):
    """One starting noise x_T (from `seed`) sampled by deterministic DDIM (eta = 0) with each number of steps.

    A generator: yields (count, image (C, H, W) in [0, 1], seconds) as each run ends; 0 steps is x_T itself.
    """
    cfg, schedule = model.config, schedule_of(model)
    x_T = noise((1, cfg.image_channels, cfg.image_size, cfg.image_size), seeded(seed))  # (1, C, H, W)
    for count in counts:
        if count == 0:
            yield 0, to_unit(x_T[0]), 0.0
            continue
        start = time.perf_counter()
        x, _ = ddim_sample(model, schedule, steps=count, eta=0.0, x_T=x_T, target=cfg.target)
        yield count, to_unit(x[0]), time.perf_counter() - start


FLOW_COUNTS = (1, 2, 4, 8, 25)
FLOW_ROWS = ("DDIM (diffusion-mnist)", "Euler (flow-mnist)")


def ddim_vs_flow(diffusion_model, flow_model, counts=FLOW_COUNTS, seed: int = 0, captions=None,
                 row_labels=FLOW_ROWS, scale: int = 6, top: int = 0):
    """ONE starting noise x_T (from `seed`, as `step_counts` draws it) through a diffusion checkpoint by
    deterministic DDIM (eta = 0, from t = T) and through a flow checkpoint by Euler steps (from t = 1, its
    noise end), with each number of steps: a grid of two rows (DDIM, Euler) and one column per count.

    Both models must make images of the same shape. `captions` name the columns (default: the counts).
    """
    cfg, schedule = diffusion_model.config, schedule_of(diffusion_model)
    shape = (1, cfg.image_channels, cfg.image_size, cfg.image_size)
    f = flow_model.config
    if (f.image_channels, f.image_size) != shape[1:3]:
        raise ValueError(f"the flow makes {f.image_channels}x{f.image_size}x{f.image_size} images, "
                         f"the diffusion model {shape[1]}x{shape[2]}x{shape[3]}")
    x_T = noise(shape, seeded(seed))  # (1, C, H, W): x_T of DDIM is x_1 of the flow
    ddim, euler = [], []
    for count in counts:
        x, _ = ddim_sample(diffusion_model, schedule, steps=count, eta=0.0, x_T=x_T, target=cfg.target)
        ddim.append(to_unit(x[0]))
        *_, last = euler_steps(flow_model, steps=count, x_T=x_T)  # x_{t - dt} = x_t - dt v, from t = 1 to 0
        euler.append(to_unit(last.x_prev[0]))
    captions = [str(n) for n in counts] if captions is None else list(captions)
    return captioned_grid([ddim, euler], captions, list(row_labels), scale, top=top)


# ----------------------------------------------------------------------------- 4. SDEdit


def sdedit_view(model, x0: torch.Tensor, t_start: int, steps: int = 25, seed: int = 0):
    """SDEdit on one image x0 (C, H, W) in [0, 1]: (noised x_{t_start}, result, Trajectory), images in [0, 1]."""
    cfg, schedule = model.config, schedule_of(model)
    x = x0.float()[None] * 2 - 1  # (1, C, H, W) in [-1, 1]
    out, records = sdedit(model, schedule, x, t_start, steps=steps, generator=seeded(seed), target=cfg.target)
    traj = Trajectory(settings=dict(t_start=t_start, steps=len(records), seed=seed))
    for step in records:
        traj.add(step)
    return to_unit(records[0].xt[0]), to_unit(out[0]), traj
