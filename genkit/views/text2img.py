"""Text-to-image made visible: streamed frames, the guidance sweep, the trade-off, the eps images, verdicts.

What the Text-to-image tab shows, as plain functions over the library (genkit/text2img.py,
genkit/scene_check.py): tensors in, tensors in [0, 1] or numbers out, no gradio.

References:
  Ho & Salimans (2022), "Classifier-free diffusion guidance": fig. 1 and 3 (the same noise at
    growing w: more fidelity to the condition, less diversity), eq. 6 (here written
    eps = eps_uncond + w * (eps_cond - eps_uncond), w = 0 unconditional, w = 1 conditional).
  Saharia et al. (2022), "Imagen", fig. 4 (the fidelity / diversity trade-off over the guidance weight)
    and sec. 4.4, DrawBench (counting and spatial relations are where models fail).
  Ghosh et al. (2023), "GenEval": a prompt judged by what a detector reads in the image (here the
    analytic scene checker).

Images of the model live in [-1, 1]; everything returned for display is in [0, 1]. A noise
prediction eps is signed: `signed` maps it on a symmetric scale (zero in the middle).
"""

from dataclasses import dataclass

import torch

from genkit import scene_check, scenes, viz
from genkit.diffusion import noise
from genkit.samplers import ddim_steps, schedule_of
from genkit.text2img import TextToImage, _check_w, guidance_parts, guided_steps
from genkit.views.diffusion import seeded, shown_steps, to_unit

SWEEP_W = (0.0, 1.0, 2.0, 4.0, 8.0, 15.0)  # the guidance sweep's weights
RED, BLUE = (0.80, 0.10, 0.15), (0.10, 0.30, 0.80)  # the ends of the one-channel signed scale (viz.diverging's)


def _shape(model: TextToImage, n: int) -> tuple:
    ucfg = model.unet.config
    return (n, ucfg.image_channels, ucfg.image_size, ucfg.image_size)


def tile(x: torch.Tensor, nrow: int = 4) -> torch.Tensor:
    """(B, C, H, W) images in [0, 1] -> one (C, H', W') picture, white gaps between them."""
    return viz.grid(x.float().cpu(), nrow=nrow, pad=2, value=1.0)


def pad_top(x: torch.Tensor, rows: int) -> torch.Tensor:
    """(C, H, W) in [0, 1] with `rows` white rows on top (room for a label drawn over the picture)."""
    return torch.cat([torch.ones(x.shape[0], rows, x.shape[2], dtype=x.dtype), x], dim=1)


# ----------------------------------------------------------------------------- 1. generate, streamed


def frames(model: TextToImage, prompts: list[str], w: float, steps: int = 25, seed: int = 0, count: int = 10):
    """The guided DDIM run of text2img.steps, at most `count` frames: yields (i, t, x_t (B, C, H, W) in [0, 1]).

    The first frame is the starting noise x_T, the last (t = 0) the final samples; i counts the steps done.
    """
    shown = shown_steps(steps, count)
    for step in guided_steps(model, prompts, w, steps, seed):
        if step.i in shown:
            yield step.i, step.t, to_unit(step.xt)
        if step.t_prev == 0:
            yield steps, 0, to_unit(step.x_prev)


# ----------------------------------------------------------------------------- 2. the sweep and the trade-off


@torch.no_grad()
def guided_batch(model: TextToImage, prompt: str, ws, x_T: torch.Tensor, steps: int = 25) -> torch.Tensor:
    """One prompt from the starting noises x_T (n, C, H, W), at each weight of `ws`, in one batch.

    -> (len(ws), n, C, H, W) in [0, 1]: row k is the n samples at ws[k], all from the same x_T.
    The guidance formula is the samplers' (eps = eps_uncond + w (eps_cond - eps_uncond)) with w a
    tensor of one weight per image.
    """
    ws = [_check_w(w) for w in ws]
    n = x_T.shape[0]
    model.eval()
    device = next(model.parameters()).device
    w = torch.tensor(ws, device=device).repeat_interleave(n).view(-1, 1, 1, 1)  # (len(ws) n, 1, 1, 1)
    start = x_T.to(device).repeat(len(ws), 1, 1, 1)  # (len(ws) n, C, H, W)
    cond, null = model.cond([prompt] * len(start)), model.null_cond(1)
    last = None
    for last in ddim_steps(model, schedule_of(model.unet), None, steps=steps, x_T=start, cond=cond, null_cond=null,
                           w=w, target=model.unet.config.target):
        pass
    return to_unit(last.x_prev).view(len(ws), n, *x_T.shape[1:])


def sweep(model: TextToImage, prompt: str, ws=SWEEP_W, steps: int = 25, seed: int = 0) -> torch.Tensor:
    """The same starting noise (from `seed`) at each w -> (len(ws), C, H, W) in [0, 1].

    The starting noise is the one of text2img.generate(model, [prompt], w, steps, seed), so each
    picture is what the Generate view gives for one image at that w.
    """
    x_T = noise(_shape(model, 1), seeded(seed))  # (1, C, H, W)
    return guided_batch(model, prompt, ws, x_T, steps)[:, 0]


def diversity(x: torch.Tensor) -> float:
    """Mean pairwise distance of n images (n, C, H, W) in [0, 1]: the mean absolute pixel difference
    over all pairs (0: all the same picture)."""
    n = x.shape[0]
    if n < 2:
        return 0.0
    flat = x.flatten(1).float()  # (n, C H W)
    d = torch.cdist(flat, flat, p=1) / flat.shape[1]  # (n, n)
    return (d.sum() / (n * (n - 1))).item()


@dataclass
class TradeoffPoint:
    w: float
    match: float | None  # share of the samples the scene checker accepts; None when the prompt cannot be judged
    diversity: float  # mean pairwise pixel distance of the samples
    images: torch.Tensor  # (n, C, H, W) in [0, 1]


def tradeoff(model: TextToImage, prompt: str, ws=SWEEP_W, n: int = 8, steps: int = 15, seed: int = 0):
    """Fidelity against diversity over w: n samples of `prompt` at each w, from the same n starting noises.

    Yields a TradeoffPoint per w (in order). The match share needs a scenes model and a prompt that
    genkit.scenes.parse understands (a caption of its templates); otherwise it is None.
    """
    if n < 2:
        raise ValueError(f"the trade-off needs at least 2 samples per w, not {n}")
    spec = scenes.parse(prompt) if model.config.dataset == "scenes" else None
    x_T = noise(_shape(model, n), seeded(seed))  # (n, C, H, W)
    for w in ws:
        x = guided_batch(model, prompt, [w], x_T, steps)[0]  # (n, C, H, W)
        share = None if spec is None else sum(scene_check.match(spec, img) for img in x) / n
        yield TradeoffPoint(float(w), share, diversity(x), x)


# ----------------------------------------------------------------------------- 3. inside guidance


def signed(x: torch.Tensor, m: float) -> torch.Tensor:
    """A signed (C, H, W) tensor on the symmetric scale [-m, m] -> an RGB (3, H, W) image in [0, 1].

    One channel: blue (negative), white (0), red (positive), as viz.diverging. Three channels: each
    channel 0.5 + x / 2m, so mid-grey is 0 and a colour shows the channels pushed up.
    """
    x = x.detach().float().cpu()
    m = max(float(m), 1e-8)
    if x.shape[0] == 1:
        v = (x / m).clamp(-1, 1)  # (1, H, W)
        white, red, blue = torch.ones(3, 1, 1), torch.tensor(RED)[:, None, None], torch.tensor(BLUE)[:, None, None]
        return torch.where(v >= 0, white + v * (red - white), white - v * (blue - white))  # (3, H, W)
    return (0.5 + x / (2 * m)).clamp(0, 1)


@dataclass
class Inside:
    """One step of a guided run, opened up: the pictures (C, H, W) in [0, 1] and the numbers behind them."""

    t: int
    xt: torch.Tensor  # the input x_t
    eps_uncond: torch.Tensor  # signed, scale m
    eps_cond: torch.Tensor  # signed, scale m
    eps_guided: torch.Tensor  # signed, scale m
    push: torch.Tensor  # eps_cond - eps_uncond, signed, on its own scale m_push
    x0: torch.Tensor  # the guided prediction of the clean image
    m: float  # the eps pictures' scale: max |value| over the three
    m_push: float
    norms: dict  # RMS of eps_uncond, eps_cond, eps_guided, push


def inside(model: TextToImage, prompt: str, w: float, at_step: int, steps: int = 25, seed: int = 0) -> Inside:
    """text2img.guidance_parts as pictures: the three eps on one symmetric scale, their difference on its own."""
    p = guidance_parts(model, prompt, w, at_step, steps, seed)
    eps = {k: p[k][0].float().cpu() for k in ("eps_uncond", "eps_cond", "eps_guided")}  # (C, H, W) each
    push = eps["eps_cond"] - eps["eps_uncond"]
    m = max(v.abs().max().item() for v in eps.values())
    m_push = push.abs().max().item()
    rms = {k: v.square().mean().sqrt().item() for k, v in {**eps, "push": push}.items()}
    return Inside(int(p["t"]), to_unit(p["xt"][0]), *(signed(eps[k], m) for k in eps), signed(push, m_push),
                  to_unit(p["x0_guided"][0]), m, m_push, rms)


# ----------------------------------------------------------------------------- 4. where it fails


@dataclass
class Verdict:
    prompt: str
    image: torch.Tensor  # (C, H, W) in [0, 1]
    spec: scenes.Scene | None  # what the prompt asks (None: not a caption the checker can read)
    matched: bool | None
    found: list  # scene_check.Found, what the checker reads in the image


def judged(model: TextToImage, prompts: list[str], w: float = 3.0, steps: int = 25, seed: int = 0,
           per_prompt: int = 2) -> list[Verdict]:
    """`per_prompt` samples of each prompt (one batch), each judged by the scene checker."""
    from genkit.text2img import generate

    batch = [p for p in prompts for _ in range(per_prompt)]
    x = generate(model, batch, w, steps, seed)
    out = []
    for prompt, img in zip(batch, x):
        spec = scenes.parse(prompt)
        found = scene_check.describe(img) if img.shape[0] == 3 else []
        out.append(Verdict(prompt, img, spec, None if spec is None else scene_check.match(spec, img), found))
    return out


def reading(found: list, lang: str, nothing: str) -> str:
    """What the checker read, in the scenes' own words: "red circle (left), white square (centre)".

    `found`: scene_check's objects; `lang`: "en" or "fr" (the scenes' vocabulary, genkit/scenes.py);
    `nothing`: what to say when it read no object.
    """
    if not found:
        return nothing
    parts = []
    for f in found:
        if lang == "fr":
            gender = scenes.SHAPES[f.shape][2]
            parts.append(f"{scenes.SHAPES[f.shape][1]} {scenes.COLOURS[f.colour][2 + (gender == 'f')]} "
                         f"({scenes.FR_POS[f.position][0]})")
        else:
            parts.append(f"{f.colour} {f.shape} ({f.position})")
    return ", ".join(parts)
