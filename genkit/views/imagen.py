"""Imagen made visible: a text-only encoder's guesses, three encoders side by side, the cascade, thresholding.

What the Imagen tab shows, as plain functions over the library (genkit/textlm.py, genkit/text2img.py,
genkit/superres.py, genkit/unclip.py, genkit/scene_check.py): tensors in, PIL pictures, tensors in
[0, 1] or numbers out, no gradio. Words (labels, titles) come in already translated.

References:
  Saharia et al. (2022), "Imagen": sec. 2.1 (a frozen text encoder pretrained on text only; fig. 4a,
    alignment grows with the encoder's size), sec. 2.3 (dynamic thresholding: at large guidance
    weights x0 leaves [-1, 1]), sec. 2.5 (the cascade 64 -> 256 -> 1024 with noise conditioning
    augmentation), sec. 4.4 (DrawBench: counting and spatial relations remain hard; compared with
    DALL-E 2 by human raters on alignment and fidelity).
  Ho et al. (2021), "Cascaded diffusion models" (the cascade; P(x_64 | x_32) here).

Images are (3, 32, 32) or (3, 64, 64) in [0, 1] on black, as genkit/scenes.py renders them.
"""

import json
import math
from dataclasses import dataclass

import torch
from PIL import Image, ImageDraw

from genkit import hub, scene_check, scenes, superres, viz
from genkit.diffusion import noise
from genkit.samplers import ddim_steps, schedule_of
from genkit.text2img import TextToImage, _check_w, generate, thresholded
from genkit.unclip import from_text
from genkit.views.diffusion import seeded, shown_steps, to_unit
from genkit.views.text2img import diversity, frames

RATES = ("match_rate", "relation_rate", "count_rate")  # metrics.json of a text2img scenes checkpoint
GREEN, RED, GREY = (22, 163, 74), (220, 38, 38), (150, 150, 150)  # a verdict's frame: matches, does not, unread


def measured(name: str) -> dict:
    """What `python -m genkit.eval --write` measured for checkpoint `name` (its metrics.json), {} if nothing."""
    try:
        found = json.loads((hub.checkpoints_dir() / name / "metrics.json").read_text())
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def rates(name: str) -> dict | None:
    """The measured rates of checkpoint `name` (match_rate, relation_rate, count_rate, n_prompts of its
    metrics.json; a missing one is None), or None when none of them was measured."""
    found = measured(name)
    out = {k: float(found[k]) if isinstance(found.get(k), (int, float)) else None for k in RATES}
    if all(v is None for v in out.values()):
        return None
    return {**out, "n_prompts": found.get("n_prompts")}


def parameters(module: torch.nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


def _percent(v: float, decimal: str) -> str:
    """A share in [0, 1] in per cent, "18%"; written the French way ("18 %") with a decimal comma."""
    return f"{100 * v:.0f}" + ("\u202f%" if decimal == "," else "%")


def millions(n: int, decimal: str = ".") -> str:
    """A parameter count, short: "0.11 M", "4.8 M" (French "4,8 M")."""
    return f"{n / 1e6:.2g} M".replace(".", decimal)


# ----------------------------------------------------------------------------- 1. the text-only encoder


def fill_picture(blanks: list[list[tuple[str, float]]], titles: list[str], decimal: str = ".", width: int = 560,
                 text_px: int = 28) -> Image.Image:
    """A masked-word model's guesses as bars: for each blank its title, then its words, best first, each with a
    bar as long as its probability and the value in per cent."""
    font, row, bar_x = viz.font(text_px), text_px + 16, 200
    height = 8 + sum(row + len(words) * row + 8 for words in blanks)
    im = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(im)
    y = 8
    for title, words in zip(titles, blanks):
        draw.text((8, y + row / 2), title, fill="black", font=font, anchor="lm")
        y += row
        for k, (word, p) in enumerate(words):
            draw.text((bar_x - 10, y + row / 2), word, fill="black", font=font, anchor="rm")
            length = max(2, round((width - bar_x - 110) * p))
            draw.rectangle((bar_x, y + 5, bar_x + length, y + row - 5), fill=viz.PALETTE[0 if k == 0 else 3])
            draw.text((bar_x + length + 8, y + row / 2), _percent(p, decimal), fill="black",
                      font=font, anchor="lm")
            y += row
        y += 8
    return im


# ----------------------------------------------------------------------------- 2. the encoder's size


def tiles(x: torch.Tensor, pad: int = 2, nrow: int = 2) -> torch.Tensor:
    """(B, 3, H, W) in [0, 1] -> one (3, H', W') picture, white gaps of `pad` pixels, `nrow` images a row."""
    return viz.grid(x.float().cpu(), nrow=nrow, pad=pad, value=1.0)


def panel(x: torch.Tensor, lines: list[str], scale: int = 6, text_px: int = 22, top: int = 34) -> Image.Image:
    """Images (B, 3, H, W) in [0, 1] two a row, enlarged `scale` times, with `lines` of text written under them,
    `top` blank pixels above (the page's buttons go there)."""
    pictures = viz.to_pil(tiles(x), scale).convert("RGB")
    line_h = text_px + 10
    im = Image.new("RGB", (pictures.width, top + pictures.height + 8 + line_h * len(lines)), "white")
    im.paste(pictures, (0, top))
    draw = ImageDraw.Draw(im)
    for k, line in enumerate(lines):
        draw.text((8, top + pictures.height + 4 + k * line_h + line_h / 2), line, fill="black",
                  font=viz.font(text_px), anchor="lm")
    return im


def rates_chart(models: list[tuple[str, dict | None]], series: dict[str, str], y_title: str, missing: str,
                decimal: str = ".", height: int = 400, text_px: int = 20) -> Image.Image:
    """Grouped bars: for each (label, rates) a group of one bar per key of `series` (key -> its name in the
    legend), the value written above it; a model with no rates gets the word `missing` instead. A label is
    written one part per line ("large, frozen, 16x16" on three), the chart 150 px wider per model."""
    labels = [label.split(", ") for label, _ in models]
    lines = max(2, *map(len, labels))  # the labels' room under the bars, two lines at least
    w, h = max(640, 86 + 150 * len(models)), height + text_px * (lines - 2)
    im = Image.new("RGB", (w, h), "white")
    draw = ImageDraw.Draw(im)
    font, small = viz.font(text_px), viz.font(text_px - 2)
    x0, x1, y0, y1 = 70, w - 16, 2 * text_px + 30, h - lines * text_px - 16
    for v in (0, 0.25, 0.5, 0.75, 1.0):
        y = y1 - (y1 - y0) * v
        draw.line((x0, y, x1, y), fill=(225, 225, 225), width=1)
        draw.text((x0 - 8, y), _percent(v, decimal), fill="black", font=small, anchor="rm")
    draw.text((8, 4), y_title, fill="black", font=font)
    x = x0
    for (key, name), colour in zip(series.items(), viz.PALETTE):  # the legend, on one line
        draw.rectangle((x, text_px + 12, x + 22, 2 * text_px + 8), fill=colour)
        draw.text((x + 30, text_px + 10 + text_px / 2), name, fill="black", font=small, anchor="lm")
        x += 30 + draw.textlength(name, font=small) + 24
    group = (x1 - x0) / max(1, len(models))
    bar = group * 0.8 / max(1, len(series))
    for g, ((_, values), parts) in enumerate(zip(models, labels)):
        left = x0 + g * group + group * 0.1
        draw.multiline_text((left + group * 0.4, y1 + 8), "\n".join(parts), fill="black", font=font, anchor="ma",
                            align="center", spacing=2)
        if values is None:
            draw.text((left + group * 0.4, (y0 + y1) / 2), missing, fill=(90, 90, 90), font=small, anchor="mm")
            continue
        for k, (key, colour) in enumerate(zip(series, viz.PALETTE)):
            v = values.get(key)
            bx = left + k * bar
            if v is None:
                draw.text((bx + bar / 2, y1 - 4), "–", fill="black", font=small, anchor="mb")
                continue
            draw.rectangle((bx + 2, y1 - (y1 - y0) * min(max(v, 0), 1), bx + bar - 2, y1), fill=colour)
            draw.text((bx + bar / 2, y1 - (y1 - y0) * min(max(v, 0), 1) - 4), f"{100 * v:.0f}",
                      fill="black", font=small, anchor="mb")
    draw.line((x0, y1, x1, y1), fill="black", width=2)
    return im


# ----------------------------------------------------------------------------- 3. the cascade 32 -> 64


@dataclass
class CascadeFrame:
    stage: str  # "base" (text -> 32x32) or "sr" (32x32 -> 64x64)
    i: int  # steps done in this stage
    t: int  # the stage's timestep (0: done)
    x: torch.Tensor  # (B, 3, H, W) in [0, 1]: x_t of the stage, then its samples
    low: torch.Tensor | None  # the base stage's samples (B, 3, 32, 32), once it is done


def cascade(base: TextToImage, sr: superres.SuperRes, prompts: list[str], w: float = 3.0, steps: int = 25,
            seed: int = 0, count: int = 10, aug: int | None = None):
    """Text -> 32x32 (the guided DDIM run of text2img) -> 64x64 (superres.upscale_steps, the base's samples as
    condition): at most `count` CascadeFrames per stage, x_T first, the samples last (t = 0)."""
    low = None
    for i, t, x in frames(base, prompts, w, steps, seed, count):
        if t == 0:
            low = x
        yield CascadeFrame("base", i, t, x, low)
    shown = shown_steps(steps, count)
    for step in superres.upscale_steps(sr, low, steps, seed, aug):
        if step.i in shown:
            yield CascadeFrame("sr", step.i, step.t, to_unit(step.xt), low)
        if step.t_prev == 0:
            yield CascadeFrame("sr", steps, 0, to_unit(step.x_prev), low)


def cascade_pictures(low: torch.Tensor | None, high: torch.Tensor | None, scale: int = 6):
    """The two stages at the same size on screen: the 32x32 images enlarged `scale` times (2-pixel gaps), the
    64x64 ones `scale / 2` times (4-pixel gaps). -> (PIL or None, PIL or None)."""
    small = None if low is None else viz.to_pil(tiles(low, pad=2), scale)
    large = None if high is None else viz.to_pil(tiles(high, pad=4), scale // 2)
    return small, large


def kept_db(high: torch.Tensor, low: torch.Tensor) -> float:
    """How much of its input the x2 stage kept: the mean PSNR (dB) of the outputs' 2x2 means against the inputs."""
    return superres.psnr(superres.downsample(high), low).mean().item()


# ----------------------------------------------------------------------------- 4. dynamic thresholding


@dataclass
class Thresholded:
    images: torch.Tensor  # (len(ws), 2, 3, H, W) in [0, 1]: for each w, static clipping then dynamic thresholding
    s_max: torch.Tensor  # (len(ws), 2): the largest quantile_p(|x0|) the guided prediction reached in the run
    matched: list  # (len(ws), 2) the scene checker's verdicts (None: the prompt is not one it reads)


@torch.no_grad()
def thresholding(model: TextToImage, prompt: str, ws=(8.0, 15.0), p: float = 0.995, steps: int = 25,
                 seed: int = 0) -> Thresholded:
    """The same starting noise (that of text2img.generate(model, [prompt], w, steps, seed)) at each w, with x0
    clipped to [-1, 1] (static) and with Imagen's dynamic thresholding at percentile p, in one batch.

    Each run records s = quantile_p(|x0|) of its guided prediction before it is clipped or thresholded:
    above 1 the prediction has left [-1, 1], and static clipping flattens every pixel beyond it.
    """
    ws = [_check_w(w) for w in ws]
    model.eval()
    device = next(model.parameters()).device
    ucfg = model.unet.config
    x_T = noise((1, ucfg.image_channels, ucfg.image_size, ucfg.image_size), seeded(seed))  # (1, C, H, W)
    n = 2 * len(ws)
    w = torch.tensor(ws, device=device).repeat_interleave(2).view(-1, 1, 1, 1)  # (n, 1, 1, 1)
    dynamic = torch.tensor([False, True] * len(ws), device=device)  # (n,)
    s_max = torch.zeros(n)

    def clip(x0):  # (n, C, H, W): record s, then clip (static) or threshold (dynamic), row by row
        s = x0.flatten(1).abs().float().quantile(p, dim=1)  # (n,)
        s_max.copy_(torch.maximum(s_max, s.cpu()))
        return torch.where(dynamic.view(-1, 1, 1, 1), thresholded(x0, p), x0.clamp(-1, 1))

    cond, null = model.cond([prompt] * n), model.null_cond(1)
    start = x_T.expand(n, -1, -1, -1).contiguous()  # (n, C, H, W): the same noise in every cell
    last = None
    for last in ddim_steps(model, schedule_of(model.unet), None, steps=steps, x_T=start, cond=cond, null_cond=null,
                           w=w, target=ucfg.target, clip_x0=clip):
        pass
    images = to_unit(last.x_prev)  # (n, C, H, W)
    spec = scenes.parse(prompt)
    matched = [None if spec is None else scene_check.match(spec, img) for img in images]
    return Thresholded(images.view(len(ws), 2, *images.shape[1:]), s_max.view(len(ws), 2),
                       [matched[k:k + 2] for k in range(0, n, 2)])


# ----------------------------------------------------------------------------- 5, 6. verdicts and comparisons


def verdict_grid(rows: list[tuple[str, torch.Tensor, list]], columns: list[str] | None = None, scale: int = 6,
                 text_px: int = 20, gap: int = 12, top: int = 34) -> Image.Image:
    """Rows of images with the scene checker's verdicts: each row its caption above, then its images (B, 3, H, W)
    in [0, 1], each framed green with ✓ (it matches), red with ✗ (it does not) or grey (not read); `columns`,
    if given, are written once above the first row; `top` blank pixels above all (the page's buttons go there)."""
    h, w = rows[0][1].shape[-2:]
    cell_w, cell_h, font = w * scale, h * scale, viz.font(text_px)
    ncol = max(len(r[1]) for r in rows)
    head = top + ((text_px + 24) if columns else 0)
    line_h = text_px + 12
    width = gap + ncol * (cell_w + gap)
    im = Image.new("RGB", (width, head + len(rows) * (line_h + cell_h + gap) + gap), "white")
    draw = ImageDraw.Draw(im)
    for j, text in enumerate(columns or []):
        draw.text((gap + j * (cell_w + gap) + cell_w / 2, top + 6), _fit(text, cell_w, text_px), fill="black",
                  font=font, anchor="ma")
    for i, (caption, images, marks) in enumerate(rows):
        y = head + i * (line_h + cell_h + gap)
        draw.text((gap, y + line_h / 2 + 2), _fit(caption, width - 2 * gap, text_px), fill="black", font=font,
                  anchor="lm")
        y += line_h
        for j, (img, mark) in enumerate(zip(images, marks)):
            x = gap + j * (cell_w + gap)
            im.paste(viz.to_pil(img, scale).convert("RGB"), (x, y))
            colour = GREY if mark is None else GREEN if mark else RED
            draw.rectangle((x - 4, y - 4, x + cell_w + 3, y + cell_h + 3), outline=colour, width=4)
            if mark is not None:
                draw.rectangle((x + cell_w - 34, y, x + cell_w - 1, y + 33), fill=colour)
                draw.text((x + cell_w - 17, y + 17), "✓" if mark else "✗", fill="white", font=viz.font(26),
                          anchor="mm")
    return im


def _fit(text: str, px: int, size: int) -> str:
    if viz.font(size).getlength(text) <= px:
        return text
    while text and viz.font(size).getlength(text + "…") > px:
        text = text[:-1]
    return text + "…"


@dataclass
class Judged:
    prompt: str
    images: torch.Tensor  # (n, 3, H, W) in [0, 1]
    matched: list  # the scene checker's verdict for each (None: a prompt it cannot read)

    @property
    def share(self) -> float | None:
        return None if self.matched[0] is None else sum(self.matched) / len(self.matched)

    @property
    def diversity(self) -> float:
        return diversity(self.images)  # mean pairwise pixel distance, as the guidance trade-off measures it


def judge(prompts: list[str], x: torch.Tensor, n: int) -> list[Judged]:
    """Samples x (len(prompts) n, 3, H, W), n per prompt in order, each read by the scene checker."""
    out = []
    for k, prompt in enumerate(prompts):
        spec, images = scenes.parse(prompt), x[k * n:(k + 1) * n]
        out.append(Judged(prompt, images, [None if spec is None else scene_check.match(spec, img) for img in images]))
    return out


def mean(values: list) -> float | None:
    values = [v for v in values if v is not None and math.isfinite(v)]
    return sum(values) / len(values) if values else None


def imagen_samples(model: TextToImage, prompts: list[str], n: int, w: float = 3.0, steps: int = 25,
                   seed: int = 0) -> list[Judged]:
    """n samples of each prompt by a text-to-image model (one batch), judged."""
    return judge(prompts, generate(model, [p for p in prompts for _ in range(n)], w, steps, seed), n)


@torch.no_grad()
def dalle2_samples(clip, prior, decoder, prompts: list[str], n: int, w_prior: float = 1.0, w_decoder: float = 3.0,
                   steps: int = 25, seed: int = 0) -> list[Judged]:
    """n samples of each prompt by DALL-E 2 (CLIP's text embedding -> the prior -> the decoder), judged."""
    z_txt = clip.embed_captions([p for p in prompts for _ in range(n)])  # (len(prompts) n, E)
    return judge(prompts, from_text(prior, decoder, z_txt, w_prior, w_decoder, steps, seed), n)
