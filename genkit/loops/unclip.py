"""Training and evaluating DALL-E 2's decoder (genkit.unclip) on the procedural scenes, over a frozen CLIP.

``python -m genkit.train unclip --dataset scenes --preset smoke|cpu|full``: the loop of
genkit/loops/text2img.py with the caption replaced by the scene's CLIP image embedding (clip-scenes,
frozen): at every step fresh scenes, z_i = CLIP's embedding of each, 10% of them swapped for the
learned null condition, the diffusion loss on v (cosine schedule) toward the same scene moved as a whole
by up to 2 pixels (its position word unchanged: anchors are 7 pixels apart): the decoder learns that an
embedding fixes the colour, the shape and where the object roughly is, not its exact pixel, so that
variations move, AdamW with warm-up then cosine
decay, gradient clipping, EMA (saved). The cpu preset starts from the U-Net of text2img-scenes (its
weights; the projections of z_i start from scratch), as unCLIP started from GLIDE: the U-Net
already draws scenes, it only has to learn to read a new condition. Checkpoint: unclip-scenes.

Evaluation (``python -m genkit.eval unclip-scenes``), the protocol:
  match_rate               the n seeded single-object prompts of text2img's protocol (English and French
                           alternately): CLIP's text embedding -> the prior (prior-scenes, w_prior) -> the
                           decoder (w_decoder), 25 DDIM steps each; the share the scene checker accepts
  match_rate_text2img_w3   text2img-scenes on the same prompts at w = 3 (its own protocol)
  variation_keep_rate      n/4 fresh single-object scenes, 4 decodings of each one's CLIP image embedding
                           (different noise): the share showing one object of the source's colour and shape
  variation_moved_rate     the share of those whose object's centre is 1 pixel or more from the source's
  variation_anchor_rate    the share at the source's position word (left, centre ...)
"""

import random

import torch

from genkit import diffusion, hub, scenes, viz
from genkit.loops.common import (ema_copy, ema_update, seeded, start_clock, stop_clock, warmup_cosine_adamw)
from genkit.loops.text2img import UNETS
from genkit.samplers import schedule_of
from genkit.unclip import UnCLIPConfig, UnCLIPDecoder, from_text, generate

DATASETS = ("scenes",)
NAME, CLIP, PRIOR = "unclip-scenes", "clip-scenes", "prior-scenes"
PRESETS = {
    # smoke: seconds on a CPU (the tests); cpu: ~15 minutes on 2 cores, from text2img-scenes' U-Net; full: one GPU
    "smoke": dict(unet="tiny", cond_dim=32, steps=20, batch_size=16, lr=2e-3, warmup=5, ema=0.9, init=None,
                  shift=2.0),
    "cpu": dict(unet="small", cond_dim=64, steps=1200, batch_size=64, lr=1e-3, warmup=100, ema=0.998,
                init="text2img-scenes", shift=2.0),
    "full": dict(unet="base", cond_dim=128, steps=20000, batch_size=256, lr=1e-3, warmup=500, ema=0.9995, init=None,
                 shift=2.0),
}
W_PRIOR, W_DECODER = 1.0, 3.0  # the defaults of the tab and of the protocol


def config_for(preset: str, embed: int) -> UnCLIPConfig:
    p = PRESETS[preset]
    unet = {**UNETS[p["unet"]], "image_channels": 3, "image_size": scenes.SIZE, "schedule": "cosine", "T": 1000,
            "target": "v"}
    return UnCLIPConfig(embed=embed, cond_dim=p["cond_dim"], unet=unet)


def picture(decoder: UnCLIPDecoder, clip, n: int = 8, samples: int = 6, seed: int = 0):
    """The card's picture: a row per source scene, the source first, then `samples` decodings of its embedding."""
    sources = scenes.render(scenes.distinct(n, random.Random(seed), kinds=("single",)))
    with torch.no_grad():
        z = clip.embed_images(sources)
    x = generate(decoder, z.repeat_interleave(samples, 0), W_DECODER, steps=25, seed=seed).view(n, samples, 3, 32, 32)
    rows = torch.cat([sources[:, None], x], 1).flatten(0, 1)
    return viz.to_pil(viz.grid(rows, nrow=samples + 1, pad=2, value=1.0), 3)


def train(args, device, record) -> dict:
    p = PRESETS[args.preset]
    rng, g = random.Random(args.seed), seeded(args.seed)

    # 1. the frozen CLIP whose image embeddings are decoded
    clip = hub.load(CLIP, device).eval().requires_grad_(False)

    # 2. model (its U-Net from text2img-scenes on the cpu preset), its EMA copy, optimizer
    model = UnCLIPDecoder(config_for(args.preset, clip.config.embed)).to(device)
    if p["init"]:
        model.unet.load_state_dict(hub.load(p["init"], device).unet.state_dict())
    ema = ema_copy(model)
    schedule = schedule_of(model.unet).to(device)
    total = p["steps"]
    opt, sched = warmup_cosine_adamw(model, p["lr"], p["warmup"], total, device)

    # 3. the loop: scenes, their CLIP embeddings, condition dropout, the loss on v, a step, the EMA
    t0, bar = start_clock(total, NAME, args.quiet)
    model.train()
    for step in range(total):
        images, _, specs = scenes.batch(p["batch_size"], rng)
        with torch.no_grad():
            z_img = clip.embed_images(images.to(device))  # (B, E)
        # the image to draw: the same scene moved by up to `shift` pixels, so that z_i pins what CLIP reads
        # (colour, shape, the position word), not the exact pixel: decodings of one z_i then move
        x0 = scenes.render([scenes.shifted(sp, rng.uniform(-p["shift"], p["shift"]), rng.uniform(-p["shift"], p["shift"]))
                            for sp in specs]).to(device)
        drop = torch.rand(len(images), generator=g) < model.config.p_uncond  # (B,)
        loss = diffusion.loss(model, schedule, x0 * 2 - 1, cond=model.cond(z_img, drop), target="v")
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        ema_update(ema, model, step, p["ema"])
        bar.update()
        if step % 100 == 0:
            bar.set_postfix(loss=f"{loss.item():.4f}", lr=f"{sched.get_last_lr()[0]:.1e}")
    timing = stop_clock(t0, bar, device, total, p["batch_size"])

    # 4. save the EMA weights, with variations of eight scenes as the picture
    ema, clip = ema.cpu(), clip.cpu()
    record.update(**timing, batch_size=p["batch_size"], lr=p["lr"], ema=p["ema"], target="v", clip=CLIP,
                  p_uncond=model.config.p_uncond, shift=p["shift"], final_loss=round(loss.item(), 4), **({"init": p["init"]} if p["init"] else {}))
    folder = hub.save(ema, NAME, args.out, record, sample=picture(ema, clip))
    return {"checkpoint": NAME, "folder": str(folder), "final_loss": round(loss.item(), 4)}


# ----------------------------------------------------------------------------- evaluation


def _match(specs, images) -> float:
    from genkit.scene_check import match

    return sum(match(s, x) for s, x in zip(specs, images)) / len(specs)


def variation_scores(clip, decoder, n: int, k: int = 4, seed: int = 2) -> dict:
    from genkit.scene_check import describe

    sources = scenes.sample(n, random.Random(seed), kinds=("single",))
    with torch.no_grad():
        z = clip.embed_images(scenes.render(sources))
    x = generate(decoder, z.repeat_interleave(k, 0), W_DECODER, steps=25, seed=seed)
    keep = moved = anchor = 0
    for j, img in enumerate(x):
        o, found = sources[j // k].objects[0], describe(img)
        if len(found) == 1 and found[0].colour == o.colour and found[0].shape == o.shape:
            keep += 1
            moved += ((found[0].x - o.x) ** 2 + (found[0].y - o.y) ** 2) ** 0.5 >= 1
            anchor += found[0].position == o.position
    total = len(x)
    return {"variation_keep_rate": round(keep / total, 4), "variation_moved_rate": round(moved / total, 4),
            "variation_anchor_rate": round(anchor / total, 4), "n_variations": total}


def evaluate(name: str, model, args, device) -> dict:
    model = model.cpu().eval()
    clip, prior = hub.load(model.config.clip, "cpu").eval(), hub.load(PRIOR, "cpu").eval()
    n = getattr(args, "n", None) or 200
    specs = scenes.sample(n, random.Random(0), kinds=("single",))  # text2img's protocol: the same prompts
    prompts = [scenes.caption(s, "en" if i % 2 == 0 else "fr") for i, s in enumerate(specs)]
    with torch.no_grad():
        z_txt = clip.embed_captions(prompts)
    ours = torch.cat([from_text(prior, model, z_txt[i : i + 100], W_PRIOR, W_DECODER, 25, i) for i in range(0, n, 100)])
    from genkit.text2img import generate as t2i

    baseline = hub.load("text2img-scenes", "cpu").eval()
    theirs = torch.cat([t2i(baseline, prompts[i : i + 100], 3.0, steps=25, seed=i) for i in range(0, n, 100)])
    return {"match_rate": round(_match(specs, ours), 4), "match_rate_text2img_w3": round(_match(specs, theirs), 4),
            **variation_scores(clip, model, max(1, n // 4)), "w_prior": W_PRIOR, "w_decoder": W_DECODER,
            "n_prompts": n}
