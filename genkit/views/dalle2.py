"""DALL-E 2 made visible: CLIP's similarity matrix, zero-shot, text -> prior -> decoder, variations.

What the DALL-E 2 tab shows, as plain functions over the library (genkit/clip.py, genkit/prior.py,
genkit/unclip.py, genkit/scenes.py, genkit/scene_check.py): tensors in, PIL pictures, tensors in
[0, 1] or numbers out, no gradio. Words come in already translated.

References:
  Radford et al. (2021), "CLIP", Figure 3 (the N x N matrix of scaled cosines, the symmetric
    cross-entropy) and sec. 3.1.2 (zero-shot: every caption a class, the softmax over the similarities).
  Ramesh et al. (2022), "Hierarchical text-conditional image generation with CLIP latents"
    (DALL-E 2 / unCLIP): fig. 2 (caption -> text embedding -> prior -> image embedding -> decoder),
    fig. 3 (variations: one image embedding decoded from different noise), fig. 4 (interpolating two
    image embeddings with slerp, the decoder's noise fixed).

Images are (3, 32, 32) in [0, 1] on black, as genkit/scenes.py renders them; the decoder works in
[-1, 1] inside and `to_unit` brings it back. Embeddings are unit vectors (E,).
"""

import functools
import random
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image, ImageDraw

from genkit import prior as prior_lib
from genkit import scene_check, scenes, sketch, viz
from genkit.clip import CLIP, contrastive_loss, zero_shot
from genkit.diffusion import noise
from genkit.images import InputError
from genkit.unclip import UnCLIPDecoder, decoder_steps, generate, slerp
from genkit.views.diffusion import seeded, shown_steps, to_unit
from genkit.views.text2img import reading  # noqa: F401 - what the checker read, in the scenes' words

SIDE = scenes.SIZE  # 32: what CLIP's image encoder reads
INK = 0.1  # a drawing whose pixels all lie within this of one another is blank (one flat colour)
MAX_SIDE = 2048  # a larger array is not a drawing of this canvas

# ----------------------------------------------------------------------------- a drawing in colour


class DrawingError(InputError):
    """A drawing that cannot be read as a scene; `code` is a key of `messages`."""

    messages = {  # noqa: RUF012 - a class constant, as genkit.images.ImageInputError's
        "blank": "the drawing is empty (or one flat colour): draw a coloured shape on the black canvas",
        "shape": "expected an image (H, W), (H, W, 3) or (H, W, 4), got shape {shape}",
    }


def drawing_image(value) -> torch.Tensor:
    """A colour drawing (a sketchpad's dict of layers, or an array (H, W[, 3|4]) uint8 or float) -> (1, 3, 32, 32)
    in [0, 1] on black, as the scenes are: transparency is black (the canvas), the whole canvas is shrunk to
    32x32 by averaging (position and size kept: "on the left" must stay on the left). DrawingError if blank."""
    a = sketch.layers_of(value) if isinstance(value, dict) else value
    if a is None:  # a sketchpad with no layer at all: nothing drawn
        raise DrawingError("blank")
    a = np.asarray(a)
    if a.dtype == object or not (np.issubdtype(a.dtype, np.number) or a.dtype == bool):
        raise DrawingError("shape", shape=tuple(a.shape))
    if a.ndim == 3 and a.shape[-1] == 1:
        a = a[..., 0]
    if a.ndim not in (2, 3) or (a.ndim == 3 and a.shape[-1] not in (3, 4)) or min(a.shape[:2]) < 1 \
            or max(a.shape[:2]) > MAX_SIDE:
        raise DrawingError("shape", shape=tuple(a.shape))
    a = a.astype(np.float64) / (255.0 if a.dtype == np.uint8 or np.nanmax(a) > 1.0 else 1.0)
    a = np.nan_to_num(np.clip(a, 0, 1))
    rgb = np.repeat(a[..., None], 3, -1) if a.ndim == 2 else a[..., :3]
    if a.ndim == 3 and a.shape[-1] == 4:
        rgb = rgb * a[..., 3:]  # composited on black, the canvas
    if np.ptp(rgb) <= INK:
        raise DrawingError("blank")
    im = Image.fromarray((rgb * 255).round().astype(np.uint8)).resize((SIDE, SIDE), Image.BOX)
    return torch.from_numpy(np.asarray(im, dtype=np.float32) / 255).permute(2, 0, 1)[None]  # (1, 3, 32, 32)


def seed_scene(seed: int) -> scenes.Scene:
    """The single-object scene that `seed` draws (a shape, a colour, a size, one of the five positions)."""
    return scenes.sample(1, random.Random(seed), kinds=("single",))[0]


# ----------------------------------------------------------------------------- 1. the similarity matrix


@dataclass
class Similarity:
    cos: np.ndarray  # (N, N): cos[i, j] = cosine of caption i with image j (a row per caption)
    loss: float  # the symmetric cross-entropy of the batch (CLIP's Figure 3)
    scale: float  # exp(t), the learned inverse temperature
    rows_right: int  # captions whose best image is their own (the diagonal is the row's maximum)
    cols_right: int  # images whose best caption is their own


@torch.no_grad()
def similarity(model: CLIP, images: torch.Tensor, captions: list[str]) -> Similarity:
    """N images (N, 3, 32, 32) and their N captions -> the N x N cosines, the batch's loss, the scale."""
    device = model.log_scale.device
    z_img, z_txt = model.embed_images(images.to(device)), model.embed_captions(captions)  # (N, E) each
    logits = model.logits(z_img, z_txt)  # (N, N), a row per image as in Figure 3
    cos = (z_txt @ z_img.T).float().cpu().numpy()  # (N, N), a row per caption
    n = np.arange(len(captions))
    return Similarity(cos, contrastive_loss(logits).item(), model.scale().item(),
                      int((cos.argmax(1) == n).sum()), int((cos.argmax(0) == n).sum()))


def _number(v: float, decimal: str) -> str:
    text = f"{v:.2f}".replace("-0.00", "0.00").replace("-", "\u2212")  # a minus sign, not a hyphen
    return text.replace(".", decimal)


def _fit(text: str, px: int, size: int) -> str:
    """`text`, cut with an ellipsis so that it is at most `px` wide in viz.font(size)."""
    if viz.font(size).getlength(text) <= px:
        return text
    while text and viz.font(size).getlength(text + "…") > px:
        text = text[:-1]
    return text + "…"


def matrix_picture(cos: np.ndarray, captions: list[str], images: torch.Tensor, rows_title: str, cols_title: str,
                   decimal: str = ".", cell: int = 76, text_px: int = 22) -> Image.Image:
    """The N x N cosines as a heatmap, a row per caption (its text on the left), a column per image (the scene
    above it), each value written in its cell, the diagonal (the matching pairs) outlined in black."""
    n = len(captions)
    big, small = viz.font(text_px), viz.font(text_px - 2)
    labels = [_fit(f"{i + 1}. {c}", 640, text_px) for i, c in enumerate(captions)]
    label_w = max(int(max(big.getlength(s) for s in labels)), int(big.getlength(rows_title))) + 16
    numbers_y = text_px + 12  # the columns' title, then each image's number, then the images
    top = numbers_y + text_px + 4 + cell
    im = Image.new("RGB", (label_w + n * cell + 12, top + n * cell + 12), "white")
    draw = ImageDraw.Draw(im)
    colours = viz.diverging(cos, m=1.0)  # (N, N, 3): cosines on their own scale, -1 blue, 0 white, 1 red
    x0, y0 = label_w, top
    draw.text((x0 + n * cell / 2, 4), cols_title, fill="black", font=big, anchor="ma")
    draw.text((x0 - 10, top - 8), rows_title, fill="black", font=big, anchor="rd")
    for j in range(n):  # each image above its column, with its number
        thumb = viz.to_pil(images[j], 1).convert("RGB").resize((cell - 8, cell - 8), Image.NEAREST)
        im.paste(thumb, (x0 + j * cell + 4, top - cell - 2))
        draw.text((x0 + j * cell + cell / 2, numbers_y), str(j + 1), fill="black", font=small, anchor="ma")
    for i in range(n):
        y = y0 + i * cell
        draw.text((x0 - 10, y + cell / 2), labels[i], fill="black", font=big, anchor="rm")
        for j in range(n):
            x, v = x0 + j * cell, float(cos[i, j])
            draw.rectangle((x, y, x + cell - 1, y + cell - 1), fill=tuple(colours[i, j].tolist()))
            draw.text((x + cell / 2, y + cell / 2), _number(v, decimal), fill="white" if abs(v) > 0.55 else "black",
                      font=small, anchor="mm")
    for k in range(n):  # the matching pairs: the diagonal
        x, y = x0 + k * cell, y0 + k * cell
        draw.rectangle((x + 1, y + 1, x + cell - 2, y + cell - 2), outline="black", width=4)
    draw.rectangle((x0 - 1, y0 - 1, x0 + n * cell, y0 + n * cell), outline=(110, 110, 110), width=2)
    return im


# ----------------------------------------------------------------------------- 2. zero-shot, and captions near z


single_captions = scenes.single_captions  # the 300 candidates, in "en" or "fr"


@functools.lru_cache(maxsize=8)
def _bank(model: CLIP, lang: str) -> torch.Tensor:
    with torch.no_grad():
        return model.embed_captions(list(single_captions(lang)))  # (300, E)


def classify(model: CLIP, image: torch.Tensor, lang: str, k: int = 5) -> list[tuple[str, float]]:
    """CLIP as a classifier with no classifier trained: one image (1, 3, 32, 32) against every single-object
    caption in `lang` -> the top k (caption, probability), best first (clip.zero_shot)."""
    device = model.log_scale.device
    p = zero_shot(model, image.to(device), list(single_captions(lang)))[0].cpu()  # (300,)
    top = p.topk(k)
    return [(single_captions(lang)[i], v) for v, i in zip(top.values.tolist(), top.indices.tolist())]


@torch.no_grad()
def nearest(model: CLIP, z: torch.Tensor, lang: str, k: int = 3) -> list[list[tuple[str, float]]]:
    """For each embedding of z (B, E), the k single-object captions whose text embeddings are closest, with
    their cosines: what the vector "says" in words."""
    cos = F.normalize(z.float(), dim=-1).to(_bank(model, lang).device) @ _bank(model, lang).T  # (B, 300)
    top = cos.topk(k, dim=-1)
    return [[(single_captions(lang)[i], v) for v, i in zip(vs, ids)]
            for vs, ids in zip(top.values.tolist(), top.indices.tolist())]


# ----------------------------------------------------------------------------- 3. text -> prior -> decoder


@dataclass
class Stage:
    """One moment of text -> image: the embeddings known so far and the decoder's pictures."""

    z_txt: torch.Tensor  # (1, E) CLIP's text embedding of the prompt
    z_img: torch.Tensor  # (n, E) the image embeddings the prior sampled
    i: int  # decoder steps done
    t: int  # the decoder's timestep (0: done)
    x: torch.Tensor  # (n, 3, H, W) in [0, 1]: x_t, then the samples


@torch.no_grad()
def text_to_image(clip: CLIP, prior, decoder: UnCLIPDecoder, prompt: str, n: int = 4, w_prior: float = 1.0,
                  w_decoder: float = 3.0, steps: int = 25, seed: int = 0, frames: int = 10):
    """P(x | y) = P(x | z_i) P(z_i | y): the prompt's text embedding, n image embeddings sampled by the prior,
    the decoder's DDIM run on them, as at most `frames` Stages (x_T first, the samples last, t = 0). The
    samples are unclip.from_text's for the same seed."""
    z_txt = clip.embed_captions([prompt])  # (1, E)
    z_img = prior_lib.sample(prior, z_txt.expand(n, -1), w_prior, steps, seed)  # (n, E), unit
    shown = shown_steps(steps, frames)
    for step in decoder_steps(decoder, z_img, w_decoder, steps, seed):
        if step.i in shown:
            yield Stage(z_txt, z_img, step.i, step.t, to_unit(step.xt))
        if step.t_prev == 0:
            yield Stage(z_txt, z_img, steps, 0, to_unit(step.x_prev))


def cosines(a: torch.Tensor, b: torch.Tensor) -> list[float]:
    """Row-wise cosines of (B, E) and (B, E) or (1, E)."""
    return F.cosine_similarity(a.float(), b.float().expand_as(a), dim=-1).tolist()


# ----------------------------------------------------------------------------- 4. variations and interpolation


@dataclass
class Variations:
    source: torch.Tensor  # (3, H, W) in [0, 1]
    images: torch.Tensor  # (n, 3, H, W) in [0, 1]
    z: torch.Tensor  # (1, E) the source's CLIP image embedding
    found: list  # scene_check's reading of the source, then of each variation
    kept: list  # for each variation: same colour and shape as the source's largest object (None: nothing read)
    moved: list  # for each variation: its object's position differs from the source's


def _keeps(a: list, b: list) -> tuple[bool | None, bool | None]:
    if not a or not b:
        return None, None
    return a[0].colour == b[0].colour and a[0].shape == b[0].shape, a[0].position != b[0].position


@torch.no_grad()
def variations(clip: CLIP, decoder: UnCLIPDecoder, image: torch.Tensor, n: int = 6, w: float = 3.0,
               steps: int = 25, seed: int = 0) -> Variations:
    """One image (1, 3, 32, 32) -> its CLIP image embedding z_i -> n decodings of the same z_i from n different
    noises (unCLIP's variations), each read by the scene checker."""
    z = clip.embed_images(image.to(clip.log_scale.device))  # (1, E)
    x = generate(decoder, z.expand(n, -1), w, steps, seed)  # (n, 3, H, W)
    found = [scene_check.describe(image[0])] + [scene_check.describe(v) for v in x]
    pairs = [_keeps(found[0], f) for f in found[1:]]
    return Variations(image[0].cpu(), x, z.cpu(), found, [k for k, _ in pairs], [m for _, m in pairs])


@torch.no_grad()
def interpolation(clip: CLIP, decoder: UnCLIPDecoder, a: torch.Tensor, b: torch.Tensor, k: int = 8,
                  w: float = 3.0, steps: int = 25, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor, list]:
    """Two images (1, 3, 32, 32) -> k embeddings along the great circle from z_a to z_b (slerp at s = 0 ... 1),
    each decoded from the same noise x_T -> (images (k, 3, H, W) in [0, 1], the embeddings (k, E), the s)."""
    device = clip.log_scale.device
    z_a, z_b = clip.embed_images(a.to(device))[0], clip.embed_images(b.to(device))[0]  # (E,) each
    fractions = [j / (k - 1) for j in range(k)]
    z = torch.stack([slerp(z_a, z_b, s) for s in fractions])  # (k, E)
    ucfg = decoder.unet.config
    x_T = noise((1, ucfg.image_channels, ucfg.image_size, ucfg.image_size), seeded(seed))
    x = generate(decoder, z, w, steps, seed, x_T=x_T.expand(k, -1, -1, -1).contiguous())
    return x, z.cpu(), fractions


