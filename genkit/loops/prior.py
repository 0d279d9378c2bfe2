"""Training and evaluating DALL-E 2's prior (genkit.prior) on the procedural scenes, over a frozen CLIP.

``python -m genkit.train prior --dataset scenes --preset smoke|cpu|full``: at every step a fresh batch
of scenes with a random caption each (English or French), embedded by the committed CLIP (clip-scenes,
frozen: no gradient reaches it); the image embedding scaled by sqrt(E) is noised to a random t and
the transformer predicts it back from the noised one, the time and the caption's embedding
(L_prior of genkit/prior.py), the caption dropped 10% of the time. AdamW, warm-up then cosine decay,
gradient clipping, EMA of the weights (saved). Checkpoint: prior-scenes.

Evaluation (``python -m genkit.eval prior-scenes``), on `n` seeded single-object captions (English and
French alternately) at w = 1 and 25 DDIM steps: `cosine_to_image`, the mean cosine between the sampled
z_i and the CLIP embedding of a render of the caption's scene (and `cosine_text`, the text
embedding's own cosine to that image embedding, the gap the prior closes), `nearest_caption_rate`,
how often the caption nearest to the sampled z_i (among the 300 single-object captions, see
genkit.loops.clip) names the prompt's scene. The images themselves are scored under unclip-scenes.
"""

import random

import numpy as np
import torch
from PIL import Image

from genkit import diffusion, hub, scenes, viz
from genkit.loops.common import ema_copy, ema_update, seeded, start_clock, stop_clock, warmup_cosine_adamw
from genkit.prior import DiffusionPrior, PriorConfig, sample

DATASETS = ("scenes",)
NAME, CLIP = "prior-scenes", "clip-scenes"
PRESETS = {
    # smoke: seconds on a CPU (the tests); cpu: ~10 minutes on 2 cores; full: one GPU
    "smoke": dict(width=32, layers=1, steps=20, batch_size=32, lr=2e-3, warmup=5, ema=0.9),
    "cpu": dict(width=128, layers=4, steps=4000, batch_size=256, lr=5e-4, warmup=200, ema=0.999),
    "full": dict(width=256, layers=6, steps=20000, batch_size=1024, lr=3e-4, warmup=500, ema=0.9995),
}
W_EVAL = 1.0
PICTURE_PROMPTS = ["a red circle on the left", "un carré bleu en haut", "a large yellow triangle in the centre",
                   "une petite croix verte en bas", "a white diamond on the right", "un losange violet au centre"]


def embedded(clip, n: int, rng: random.Random, device) -> tuple[torch.Tensor, torch.Tensor]:
    """n fresh scenes -> (z_img, z_txt), each (n, E), by the frozen CLIP."""
    images, captions, _ = scenes.batch(n, rng)
    with torch.no_grad():
        return clip.embed_images(images.to(device)), clip.embed_captions(captions)


def picture(model: DiffusionPrior, clip, seed: int = 0):
    """The card's picture: for each of six prompts, three rows of E cells (red > 0 > blue): the caption's CLIP text
    embedding, the image embedding the prior samples from it (w = 1), and the CLIP embedding of a render of it."""
    specs = [scenes.parse(p) for p in PICTURE_PROMPTS]
    with torch.no_grad():
        z_txt, z_true = clip.embed_captions(PICTURE_PROMPTS), clip.embed_images(scenes.render(specs))
        z = sample(model, z_txt, W_EVAL, steps=25, seed=seed)
    rows = torch.stack([z_txt, z, z_true], 1)  # (6, 3, E)
    gap = torch.full((len(specs), 1, rows.shape[-1]), float("nan"))
    cells = torch.cat([rows, gap], 1).flatten(0, 1)[:-1].numpy()  # a blank row between prompts
    rgb = viz.diverging(np.nan_to_num(cells))
    rgb[np.isnan(cells)] = 255
    return Image.fromarray(rgb).resize((rgb.shape[1] * 10, rgb.shape[0] * 10), Image.NEAREST)


def train(args, device, record) -> dict:
    p = PRESETS[args.preset]
    rng, g = random.Random(args.seed), seeded(args.seed)

    # 1. the frozen CLIP whose embeddings are mapped
    clip = hub.load(CLIP, device).eval().requires_grad_(False)

    # 2. model, its EMA copy, optimizer (warm-up then cosine decay of the learning rate)
    model = DiffusionPrior(PriorConfig(embed=clip.config.embed, width=p["width"], layers=p["layers"])).to(device)
    ema = ema_copy(model)
    schedule = diffusion.make_schedule(model.config.schedule, model.config.T).to(device)
    total = p["steps"]
    opt, sched = warmup_cosine_adamw(model, p["lr"], p["warmup"], total, device)

    # 3. the loop: embed, drop some captions, noise sqrt(E) z_i to t, predict it back (target x0)
    t0, bar = start_clock(total, NAME, args.quiet)
    model.train()
    for step in range(total):
        z_img, z_txt = embedded(clip, p["batch_size"], rng, device)
        drop = torch.rand(len(z_txt), generator=g) < model.config.p_uncond  # (B,) token_drop
        loss = diffusion.loss(model, schedule, z_img * model.scale(), cond=model.cond(z_txt, drop), target=model.target)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        ema_update(ema, model, step, p["ema"])
        bar.update()
        if step % 100 == 0:
            bar.set_postfix(loss=f"{loss.item():.4f}")
    timing = stop_clock(t0, bar, device, total, p["batch_size"])

    # 4. save the EMA weights, with the embeddings of six prompts as the picture
    ema, clip = ema.cpu(), clip.cpu()
    record.update(**timing, batch_size=p["batch_size"], lr=p["lr"], ema=p["ema"], target=model.target,
                  p_uncond=model.config.p_uncond, clip=CLIP, final_loss=round(loss.item(), 4))
    folder = hub.save(ema, NAME, args.out, record, sample=picture(ema, clip))
    return {"checkpoint": NAME, "folder": str(folder), "final_loss": round(loss.item(), 4)}


# ----------------------------------------------------------------------------- evaluation


def evaluate(name: str, model, args, device) -> dict:
    model = model.cpu().eval()
    clip = hub.load(model.config.clip, "cpu").eval()
    n = getattr(args, "n", None) or 200
    specs = scenes.sample(n, random.Random(0), kinds=("single",))
    prompts = [scenes.caption(s, "en" if i % 2 == 0 else "fr") for i, s in enumerate(specs)]
    with torch.no_grad():
        z_txt, z_true = clip.embed_captions(prompts), clip.embed_images(scenes.render(specs))
        z = sample(model, z_txt, W_EVAL, steps=25, seed=0)
        names, name_specs = list(scenes.single_captions("en")), scenes.single_scenes()
        nearest = (z @ clip.embed_captions(names).T).argmax(1).tolist()
    keys = [(s.objects[0].shape, s.objects[0].colour, s.objects[0].position) for s in specs]
    found = [(o.shape, o.colour, o.position) for o in (name_specs[k].objects[0] for k in nearest)]
    return {"cosine_to_image": round((z * z_true).sum(1).mean().item(), 4),
            "cosine_text": round((z_txt * z_true).sum(1).mean().item(), 4),
            "nearest_caption_rate": round(sum(a == b for a, b in zip(keys, found)) / n, 4), "w": W_EVAL, "n_prompts": n}
