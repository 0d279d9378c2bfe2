"""Samplers: DDPM ancestral sampling and DDIM, as plain loops over timesteps that take the model.

References:
  Ho, Jain & Abbeel (2020), "Denoising diffusion probabilistic models": algorithm 2,
    eq. 7 (the posterior mean and variance beta_tilde), eq. 11 and 15.
  Nichol & Dhariwal (2021), "Improved DDPM", sec. 4: ancestral sampling on a
    subsequence of timesteps, with beta recomputed from alpha_bar.
  Song, Meng & Ermon (2021), "Denoising diffusion implicit models": eq. 12 (the
    DDIM update) and eq. 16 (sigma; eta = 1 is DDPM, eta = 0 is deterministic).
  Lin et al. (2024), "Common diffusion noise schedules and sample steps are
    flawed", table 2: "trailing" timesteps that start at t = T.
  Liu, Gong & Liu (2023), "Flow straight and fast" (rectified flow) and Lipman et al. (2023),
    "Flow matching": a velocity v_theta(x_t, t) integrated from t = 1 to 0 by Euler's method;
    Karras et al. (2022), "Elucidating the design space", algorithm 1: Heun's second-order step.
  Meng et al. (2022), "SDEdit": noise an image to t_start, then denoise from there.
  Ho & Salimans (2022), "Classifier-free diffusion guidance":
    eps = eps_uncond + w * (eps_cond - eps_uncond), the two passes as one doubled batch.

Each sampler is a generator that yields one `Step` per denoising step (a UI
streams them as frames); `ddpm_sample` / `ddim_sample` run it to the end and
return (the final sample, the list of steps). Noise comes from `generator`,
drawn on the generator's device, so a CPU generator gives the same samples on
any device. Put the model in eval() mode first (dropout).
"""

from dataclasses import dataclass

import torch
from tqdm import tqdm

from genkit.diffusion import Schedule, at, make_schedule, noise, predict_eps, q_sample, to_eps_x0


@dataclass
class Step:
    """One denoising step: the model saw xt at time t, predicted x0, and the step made x_prev at t_prev."""

    i: int  # step index, 0 .. steps - 1
    t: int  # the timestep of xt
    t_prev: int  # the timestep of x_prev (< t; 0 after the last step)
    xt: torch.Tensor  # (B, C, H, W) the input of the step
    x0: torch.Tensor  # (B, C, H, W) the model's prediction of the clean image, from xt
    x_prev: torch.Tensor  # (B, C, H, W) the output of the step (the final sample after the last step)


def timesteps(t_start: int, steps: int) -> list[int]:
    """steps + 1 integers from t_start down to 0, evenly spaced ("trailing": t_start is included)."""
    if not 1 <= steps <= t_start:
        raise ValueError(f"steps must be between 1 and t_start={t_start}, not {steps}")
    return [t_start * (steps - i) // steps for i in range(steps + 1)]


def _device(model, x_T):
    params = getattr(model, "parameters", None)
    first = next(params(), None) if params else None
    if first is not None:
        return first.device
    return x_T.device if x_T is not None else torch.device("cpu")


def _cat_cond(a, b):
    """Stack two conditions along the batch (tensors, or dicts of tensors with the same keys)."""
    if isinstance(a, dict):
        if set(a) != set(b):
            raise ValueError(f"null_cond has keys {sorted(a)} but cond has {sorted(b)}")
        return {k: _cat_cond(a[k], b[k]) for k in a}
    if a.shape[0] == 1 and b.shape[0] > 1:
        a = a.expand(b.shape[0], *a.shape[1:])  # one null condition for the whole batch
    return torch.cat([a, b])


def predict(model, schedule, xt, t, cond=None, null_cond=None, w=None, target="eps", clip_x0=True):
    """Run the model once at time t (an int, or a tensor of one timestep) -> (eps, x0), with classifier-free
    guidance when w is given.

    clip_x0: True clamps x0 to [-1, 1]; a function x0 -> x0 thresholds it instead (eps recomputed from it).
    """
    tt = torch.as_tensor(t, device=xt.device, dtype=torch.long).reshape(-1).expand(xt.shape[0])  # (B,)
    if w is None:
        out = model(xt, tt, cond=cond)  # (B, C, H, W)
    else:
        # classifier-free guidance: the unconditional and conditional passes as one batch of 2B
        if cond is None or null_cond is None:
            raise ValueError("guidance (w) needs both cond and null_cond")
        out = model(torch.cat([xt, xt]), torch.cat([tt, tt]), cond=_cat_cond(null_cond, cond))  # (2B, C, H, W)
        out_uncond, out_cond = out.chunk(2)
        out = out_uncond + w * (out_cond - out_uncond)  # eps = eps_uncond + w (eps_cond - eps_uncond)
    if callable(clip_x0):  # a thresholding function x0 -> x0 (e.g. Imagen's dynamic thresholding), eps follows
        eps, x0 = to_eps_x0(schedule, xt, tt, out, target, False)
        x0 = clip_x0(x0)
        return predict_eps(schedule, xt, tt, x0), x0
    return to_eps_x0(schedule, xt, tt, out, target, clip_x0)


def _start(model, schedule, shape, generator, x_T, t_start):
    """The first x_t: x_T if given (moved to the model's device), else pure noise at t = T."""
    t_start = schedule.T if t_start is None else int(t_start)
    if not 1 <= t_start <= schedule.T:
        raise ValueError(f"t_start must be between 1 and T={schedule.T}, not {t_start}")
    device = _device(model, x_T)
    if x_T is None:
        if t_start != schedule.T:
            raise ValueError("starting at t_start < T needs x_T: the image noised to t_start (see sdedit)")
        if shape is None:
            raise ValueError("give the shape (B, C, H, W) of the samples, or x_T")
        return noise(tuple(shape), generator, device), t_start  # (B, C, H, W)
    if shape is not None and tuple(shape) != tuple(x_T.shape):
        raise ValueError(f"shape {tuple(shape)} and x_T's shape {tuple(x_T.shape)} differ; give one of them")
    return x_T.to(device), t_start


@torch.no_grad()
def ddpm_steps(model, schedule: Schedule, shape=None, generator=None, steps=None, x_T=None, t_start=None,
               cond=None, null_cond=None, w=None, target="eps", clip_x0=True, variance="beta_tilde"):
    """DDPM ancestral sampling, yielding a Step per step (all t_start steps if `steps` is None).

    variance: "beta_tilde" (the posterior's, eq. 7; with eta = 1 DDIM is the same process) or "beta".
    """
    if variance not in ("beta_tilde", "beta"):
        raise ValueError(f"variance must be 'beta_tilde' or 'beta', not {variance!r}")
    # 1. x_T ~ N(0, I) (algorithm 2, line 1), or the given start
    xt, t_start = _start(model, schedule, shape, generator, x_T, t_start)
    ts = timesteps(t_start, steps or t_start)
    for i, (t, s) in enumerate(zip(ts[:-1], ts[1:])):  # s = t - 1 when every step is taken
        # 2. alphas of the jump t -> s: alpha_bar_t / alpha_bar_s (Nichol & Dhariwal, sec. 4)
        alpha_bar_t, alpha_bar_s = at(schedule.alpha_bar, t, xt), at(schedule.alpha_bar, s, xt)
        alpha_ts = alpha_bar_t / alpha_bar_s
        beta_ts = 1 - alpha_ts
        # 3. the model's noise and the clean image it implies,
        #    x0 = (x_t - sqrt(1 - alpha_bar_t) eps) / sqrt(alpha_bar_t) (eq. 15)
        eps, x0 = predict(model, schedule, xt, t, cond, null_cond, w, target, clip_x0)
        # 4. the mean of q(x_s | x_t, x0) (eq. 7); unclipped, it equals algorithm 2's
        #    1/sqrt(alpha_t) (x_t - beta_t / sqrt(1 - alpha_bar_t) eps) (eq. 11)
        mean = (alpha_bar_s.sqrt() * beta_ts / (1 - alpha_bar_t)) * x0 \
            + (alpha_ts.sqrt() * (1 - alpha_bar_s) / (1 - alpha_bar_t)) * xt  # (B, C, H, W)
        # 5. sigma_t^2 = beta_tilde_t = (1 - alpha_bar_s) / (1 - alpha_bar_t) beta_t (eq. 7), or beta_t
        var = (1 - alpha_bar_s) / (1 - alpha_bar_t) * beta_ts if variance == "beta_tilde" else beta_ts
        # 6. x_s = mean + sigma z, z ~ N(0, I), no noise on the last step (algorithm 2, lines 3-4)
        x_prev = (mean + var.sqrt() * noise(xt.shape, generator, xt.device)) if s > 0 else mean
        yield Step(i, t, s, xt, x0, x_prev)
        xt = x_prev


@torch.no_grad()
def ddim_steps(model, schedule: Schedule, shape=None, steps=50, eta=0.0, generator=None, x_T=None, t_start=None,
               cond=None, null_cond=None, w=None, target="eps", clip_x0=True):
    """DDIM sampling on `steps` timesteps from t_start (default T) to 0, yielding a Step per step.

    eta = 0: deterministic given x_T (an ODE solver); eta = 1 with all steps: DDPM.
    """
    # 1. x_T ~ N(0, I), or the given start
    xt, t_start = _start(model, schedule, shape, generator, x_T, t_start)
    ts = timesteps(t_start, steps)
    for i, (t, s) in enumerate(zip(ts[:-1], ts[1:])):
        x_prev, x0, sigma = ddim_step(model, schedule, xt, t, s, eta, cond, null_cond, w, target, clip_x0)
        # 5. (continued) + sigma z, z ~ N(0, I); sigma = 0 on the last step
        if eta > 0 and s > 0:
            x_prev = x_prev + sigma * noise(xt.shape, generator, xt.device)
        yield Step(i, t, s, xt, x0, x_prev)
        xt = x_prev


def ddim_step(model, schedule: Schedule, xt, t, s, eta=0.0, cond=None, null_cond=None, w=None, target="eps",
              clip_x0=True):
    """One DDIM update from timestep t to s < t (ints, or tensors of one timestep: genkit.export traces this
    function into the browser's graph) -> (x_s without its noise term, x0, sigma)."""
    alpha_bar_t, alpha_bar_s = at(schedule.alpha_bar, t, xt), at(schedule.alpha_bar, s, xt)
    # 2. the model's noise and "predicted x0" = (x_t - sqrt(1 - alpha_bar_t) eps) / sqrt(alpha_bar_t) (eq. 12)
    eps, x0 = predict(model, schedule, xt, t, cond, null_cond, w, target, clip_x0)
    # 3. sigma = eta sqrt((1 - alpha_bar_s) / (1 - alpha_bar_t)) sqrt(1 - alpha_bar_t / alpha_bar_s) (eq. 16)
    sigma = eta * ((1 - alpha_bar_s) / (1 - alpha_bar_t) * (1 - alpha_bar_t / alpha_bar_s)).sqrt()
    # 4. "direction pointing to x_t" = sqrt(1 - alpha_bar_s - sigma^2) eps (eq. 12)
    direction = (1 - alpha_bar_s - sigma**2).clamp(min=0).sqrt() * eps
    # 5. x_s = sqrt(alpha_bar_s) x0 + direction + sigma z (eq. 12)
    return alpha_bar_s.sqrt() * x0 + direction, x0, sigma  # (B, C, H, W)


def flow_times(steps: int) -> list[float]:
    """steps + 1 times of a flow from t = 1 (the noise) down to t = 0 (the data), evenly spaced."""
    if not steps >= 1:
        raise ValueError(f"steps must be at least 1, not {steps}")
    return [1 - i / steps for i in range(steps + 1)]


def _flow_start(model, shape, generator, x_T):
    if x_T is None:
        if shape is None:
            raise ValueError("give the shape of the samples, or x_T")
        return noise(tuple(shape), generator, _device(model, None))
    return x_T.to(_device(model, x_T))


def _velocity(model, xt, t, cond=None):
    tt = torch.as_tensor(t, dtype=torch.float32, device=xt.device).reshape(-1).expand(xt.shape[0])  # (B,)
    return model(xt, tt, cond=cond)  # v_theta(x_t, t)


@torch.no_grad()
def euler_steps(model, shape=None, steps=8, generator=None, x_T=None, cond=None):
    """Euler's method on the flow's ODE dx_t/dt = v_theta(x_t, t), from t = 1 (x_1 ~ N(0, I)) to t = 0,
    yielding a Step per step (t and t_prev are floats in [0, 1] here). The model predicts the velocity
    v = eps - x0 of the straight path x_t = (1 - t) x0 + t eps (Liu et al. 2023, rectified flow, eq. 1).
    """
    # 1. x_1 ~ N(0, I), or the given start
    xt = _flow_start(model, shape, generator, x_T)
    ts = flow_times(steps)
    for i, (t, s) in enumerate(zip(ts[:-1], ts[1:])):
        x_prev, x0 = euler_step(model, xt, t, s, cond)
        yield Step(i, t, s, xt, x0, x_prev)
        xt = x_prev


def euler_step(model, xt, t, s, cond=None):
    """One Euler step of the flow from time t to s < t (floats, or tensors of one time: genkit.export traces this
    function into the browser's graph) -> (x_s, x0)."""
    # 2. the velocity, and the clean point it implies: x0 = x_t - t v (the path's start)
    v = _velocity(model, xt, t, cond)
    # 3. x_s = x_t + (s - t) v (Euler; s < t, so the step goes against v, towards the data)
    return xt + (s - t) * v, xt - t * v


@torch.no_grad()
def heun_steps(model, shape=None, steps=8, generator=None, x_T=None, cond=None):
    """Heun's method (the trapezoid rule, Karras et al. 2022, algorithm 1) on the same ODE: an Euler guess,
    then the mean of the velocities at both ends; two network passes per step."""
    xt = _flow_start(model, shape, generator, x_T)
    ts = flow_times(steps)
    for i, (t, s) in enumerate(zip(ts[:-1], ts[1:])):
        # 1. Euler's guess x_s' = x_t + (s - t) v(x_t, t)
        v = _velocity(model, xt, t, cond)
        guess = xt + (s - t) * v
        # 2. the velocity there, and the step with the mean of the two: x_s = x_t + (s - t) (v + v') / 2
        x_prev = xt + (s - t) * 0.5 * (v + _velocity(model, guess, s, cond))
        yield Step(i, t, s, xt, xt - t * v, x_prev)
        xt = x_prev


def ddpm_sample(model, schedule: Schedule, shape=None, generator=None, steps=None, x_T=None, cond=None, **kwargs):
    """Run `ddpm_steps` to the end -> (samples (B, C, H, W), list of Step). kwargs as `ddpm_steps`."""
    records = list(ddpm_steps(model, schedule, shape, generator, steps, x_T, cond=cond, **kwargs))
    return records[-1].x_prev, records


def ddim_sample(model, schedule: Schedule, shape=None, steps=50, eta=0.0, generator=None, x_T=None, cond=None,
                **kwargs):
    """Run `ddim_steps` to the end -> (samples (B, C, H, W), list of Step). kwargs as `ddim_steps`."""
    records = list(ddim_steps(model, schedule, shape, steps, eta, generator, x_T, cond=cond, **kwargs))
    return records[-1].x_prev, records


def sdedit(model, schedule: Schedule, x0: torch.Tensor, t_start: int, steps=25, eta=0.0, generator=None, **kwargs):
    """SDEdit: noise an image x0 (B, C, H, W) in [-1, 1] to t_start (eq. 4), then denoise it with DDIM.

    A small t_start keeps the drawing's layout and fixes its details; t_start = T ignores it.
    Takes min(steps, t_start) steps (there are only t_start timesteps below t_start).
    Returns (samples, list of Step) like `ddim_sample`.
    """
    device = _device(model, x0)
    x0 = x0.to(device)
    t = torch.full((x0.shape[0],), int(t_start), device=device, dtype=torch.long)
    xt = q_sample(schedule, x0, t, noise(x0.shape, generator, device))  # (B, C, H, W)
    return ddim_sample(model, schedule, None, min(steps, int(t_start)), eta, generator, x_T=xt,
                       t_start=t_start, **kwargs)


def schedule_of(model) -> Schedule:
    """The noise schedule a checkpoint was trained with (its config's schedule and T)."""
    return make_schedule(model.config.schedule, model.config.T)


@torch.no_grad()
def generate(model, n: int, steps: int = 50, seed: int = 0, batch_size: int = 1000, eta: float = 0.0,
             progress: bool = False) -> torch.Tensor:
    """n samples of a trained checkpoint by DDIM from `seed`, as images in [0, 1]: (n, C, H, W) on the CPU.

    Reads the schedule and the target (eps or v) from the model's config; `progress` shows a
    tqdm bar over the batches (10,000 samples take minutes on a CPU).
    """
    model.eval()
    cfg, schedule = model.config, schedule_of(model)
    gen = torch.Generator().manual_seed(seed)
    out = []
    for i in tqdm(range(0, n, batch_size), desc=f"DDIM-{steps}", unit="batch", disable=not progress):
        shape = (min(batch_size, n - i), cfg.image_channels, cfg.image_size, cfg.image_size)
        x, _ = ddim_sample(model, schedule, shape, steps=steps, eta=eta, generator=gen, target=cfg.target)
        out.append(((x.float().cpu() + 1) / 2).clamp(0, 1))  # [-1, 1] -> [0, 1]
    return torch.cat(out)
