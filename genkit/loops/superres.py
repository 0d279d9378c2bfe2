"""Training and evaluating the x2 super-resolution stage (genkit.superres: SR3's concatenation, CDM's augmentation).

``python -m genkit.train superres --dataset scenes --preset smoke|cpu|full``: at every step fresh scenes of
every kind rendered at 64x64 (genkit.scenes.render(size=64)), their 32x32 version the 2x2 mean of it
(genkit.superres.downsample), the low-res input noised to a random level s (noise conditioning
augmentation), and the loss of genkit/diffusion.py on the 64x64 image (v-prediction, cosine schedule).
AdamW with warm-up then cosine decay, gradient clipping, EMA. Checkpoint: sr-scenes-64.

Evaluation (``python -m genkit.eval sr-scenes-64``), the protocol: n prompts of every kind (seed 0), drawn
by text2img-scenes at w = 3 (25 DDIM steps), each raised to 64x64 (25 DDIM steps, aug_sample):
  psnr_db              PSNR of the 64x64 output's 2x2 mean against its 32x32 input (the mean of the
                       per-image MSE), on the first stage's samples: the stage keeps what it was given
  attribute_agreement  share of those whose objects the scene checker reads with the same colour, shape,
                       size and position at 64x64 as at 32x32
  attribute_agreement_nearest   the checker's own consistency, the control: the same share for the
                       input merely enlarged (nearest neighbour, no new information). A first-stage sample
                       whose shape is half a cross, half a diamond is read one way or the other depending
                       on the pixel grid; no super-resolution can agree more often than this
  attribute_agreement_unambiguous   the agreement on the samples the checker reads alike at both sizes
                       when merely enlarged: the stage's own share, the checker's doubt taken out
  psnr_db_renders, attribute_agreement_renders   the same with fresh 32x32 renders as inputs
`evaluate` reads an optional ``n`` of its `args` (default 200).
"""

import random

import torch
import torch.nn.functional as F

from genkit import diffusion, hub, scenes, viz
from genkit.loops.common import ema_copy, ema_update, seeded, start_clock, stop_clock, warmup_cosine_adamw
from genkit.samplers import schedule_of
from genkit.superres import SuperRes, SuperResConfig, downsample, psnr, upscale

DATASETS = ("scenes",)
NAME = "sr-scenes-64"
UNETS = {
    "tiny": dict(channels=8, channel_mult=(1, 2), attention_levels=(), mid_attention=False, attention_heads=2,
                 norm_groups=4, dropout=0.0, time_dim=32),
    # 16/32/64 channels at 64/32/16, no attention: raising the resolution is a local job
    "small": dict(channels=16, channel_mult=(1, 2, 4), attention_levels=(), mid_attention=False, norm_groups=8,
                  dropout=0.0, time_dim=64),
    "base": dict(channels=64, channel_mult=(1, 2, 2, 4), num_res_blocks=2, attention_levels=(), mid_attention=True,
                 attention_heads=4, norm_groups=16, dropout=0.0, time_dim=256),
}
PRESETS = {
    # smoke: seconds (the tests); cpu: one thread of this machine, about 15 minutes; full: one GPU
    "smoke": dict(unet="tiny", cond_dim=16, steps=10, batch_size=8, lr=2e-3, warmup=2, ema=0.9),
    "cpu": dict(unet="small", cond_dim=32, steps=1500, batch_size=16, lr=2e-3, warmup=100, ema=0.995),
    "full": dict(unet="base", cond_dim=64, steps=20000, batch_size=128, lr=1e-3, warmup=500, ema=0.9995),
}
TARGET = "v"


def config_for(preset: str) -> SuperResConfig:
    p = PRESETS[preset]
    return SuperResConfig(cond_dim=p["cond_dim"], unet={**UNETS[p["unet"]], "schedule": "cosine", "T": 1000,
                                                        "target": TARGET})


def picture(model: SuperRes, n: int = 8, seed: int = 0):
    """The card's picture: 32x32 renders (upsampled to the same size) above their x2 outputs."""
    low = scenes.render(scenes.sample(n, random.Random(seed)))
    high = upscale(model, low, steps=25, seed=seed)
    shown = F.interpolate(low, scale_factor=2, mode="nearest")
    return viz.to_pil(viz.grid(torch.cat([shown, high]), nrow=n, pad=2), 2)


def train(args, device, record) -> dict:
    p = PRESETS[args.preset]
    rng, g = random.Random(args.seed), seeded(args.seed)

    # 1. model, its EMA copy, optimizer (warm-up then cosine decay of the learning rate)
    model = SuperRes(config_for(args.preset)).to(device)
    ema = ema_copy(model)
    schedule = schedule_of(model.unet).to(device)
    total, aug = p["steps"], model.config.aug_train
    opt, sched = warmup_cosine_adamw(model, p["lr"], p["warmup"], total, device)

    # 2. the loop: scenes at 64x64, their 2x2 mean, the input noised to a random level, the loss on the 64x64
    t0, bar = start_clock(total, NAME, args.quiet)
    model.train()
    for step in range(total):
        high = scenes.render(scenes.sample(p["batch_size"], rng), size=64).to(device) * 2 - 1  # (B, 3, 64, 64)
        s = torch.randint(0, aug + 1, (len(high),), generator=g).to(device)  # (B,) augmentation levels
        cond = model.cond(downsample(high), s, None)
        loss = diffusion.loss(model, schedule, high, cond=cond, target=TARGET)
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

    # 3. save the EMA weights, with renders and their x2 as the picture
    ema = ema.cpu().eval()
    record.update(**timing, batch_size=p["batch_size"], lr=p["lr"], ema=p["ema"], target=TARGET,
                  aug_train=model.config.aug_train, final_loss=round(loss.item(), 4))
    folder = hub.save(ema, NAME, args.out, record, sample=picture(ema))
    return {"checkpoint": NAME, "folder": str(folder), "final_loss": round(loss.item(), 4)}


# ----------------------------------------------------------------------------- evaluation


def _read(image: torch.Tensor) -> list:
    from genkit.scene_check import describe

    return sorted((f.colour, f.shape, f.size, f.position) for f in describe(image))


def agreement(model: SuperRes, low: torch.Tensor, seed: int = 0, batch: int = 50) -> dict:
    """low (n, 3, 32, 32) in [0, 1] -> its x2's PSNR (2x2 mean vs low) and the checker's agreement at both sizes."""
    high = torch.cat([upscale(model, low[i : i + batch], steps=25, seed=seed + i) for i in range(0, len(low), batch)])
    mse = (downsample(high) - low).square().flatten(1).mean(1)
    read = [_read(a) for a in low]
    same = sum(r == _read(b) for r, b in zip(read, high))
    nearest = F.interpolate(low, scale_factor=2, mode="nearest")  # the same pixels, each drawn 2x2: no new information
    kept = [r == _read(b) for r, b in zip(read, nearest)]  # the checker reads the enlarged input as the input
    control = sum(kept)
    same_kept = sum(r == _read(b) for r, b, k in zip(read, high, kept) if k)
    return {"psnr_db": round(10 * torch.log10(1 / mse.mean()).item(), 2),
            "psnr_db_median": round(psnr(downsample(high), low).median().item(), 2),
            "attribute_agreement": round(same / len(low), 4),
            "attribute_agreement_nearest": round(control / len(low), 4),
            "attribute_agreement_unambiguous": round(same_kept / max(1, control), 4)}


def evaluate(name: str, model, args, device) -> dict:
    from genkit.text2img import generate

    model = model.cpu().eval()
    n = getattr(args, "n", None) or 200
    specs = scenes.sample(n, random.Random(0))
    prompts = [scenes.caption(s, "en" if i % 2 == 0 else "fr") for i, s in enumerate(specs)]
    base = hub.load("text2img-scenes", "cpu").eval()
    low = torch.cat([generate(base, prompts[i : i + 100], 3.0, steps=25, seed=i) for i in range(0, n, 100)])
    ours = agreement(model, low)
    renders = agreement(model, scenes.render(specs))
    return {**ours, **{f"{k}_renders": v for k, v in renders.items()}, "aug_sample": model.config.aug_sample,
            "n_images": n}
