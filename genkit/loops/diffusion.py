"""Training and evaluating the diffusion model (genkit.unet + genkit.diffusion + genkit.samplers).

``python -m genkit.train diffusion --dataset mnist|fashion --preset full``: the
simplified objective of Ho et al. (2020, algorithm 1, eq. 14) on the U-Net of
genkit.unet, with the cosine schedule of Nichol & Dhariwal (2021) and the
v-prediction target of Salimans & Ho (2022), which keeps the predicted x0 sharp
when sampling with few DDIM steps. AdamW with warm-up then cosine decay, gradient
clipping, and an exponential moving average (EMA) of the weights: the EMA weights
are the ones saved (DDPM's appendix B; the EMA is one `lerp`, as in EDM).

Evaluation (``python -m genkit.eval diffusion-mnist``), the protocol: FID-LeNet of
10,000 DDIM samples (eta = 0, seeded) against the 10,000 test images at 50 steps,
and at 10 and 25 steps, next to the train-vs-test floor. `evaluate` reads an
optional ``n_fid`` of its `args` so that a CPU can run a subset.
"""

import torch

from genkit import data, diffusion, hub, viz
from genkit.loops.common import (autocast, ema_copy, ema_update, seeded, start_clock, stop_clock, training_split,
                                 warmup_cosine_adamw)
from genkit.metrics import N_FID
from genkit.samplers import generate, schedule_of
from genkit.unet import PRESETS as UNET_PRESETS, UNet, UNetConfig

PRESETS = {
    # smoke: seconds on a CPU, any data (the tests); cpu: ~35 minutes on 2 quiet cores (~190 images/s);
    # full: the committed quality on one GPU (bf16, big batches)
    "smoke": dict(unet="tiny", steps=20, n_train=256, batch_size=32, lr=2e-3, warmup=5, ema=0.9),
    "cpu": dict(unet="small", steps=6000, n_train=None, batch_size=64, lr=1.5e-3, warmup=200, ema=0.999),
    "full": dict(unet="small", steps=20000, n_train=None, batch_size=256, lr=2e-3, warmup=500, ema=0.9995),
}
SCHEDULE, TARGET = "cosine", "v"


def config_for(preset: str, image_size: int = 28) -> UNetConfig:
    """The U-Net config of a preset, with the schedule and target the loop trains it for."""
    base = UNET_PRESETS[PRESETS[preset]["unet"]].__dict__
    return UNetConfig(**{**base, "image_size": image_size, "schedule": SCHEDULE, "T": 1000, "target": TARGET})


def picture(model: UNet, seed: int = 0):
    """The card's picture: 64 samples, 25 DDIM steps, made by the model."""
    return viz.to_pil(viz.grid(generate(model, 64, steps=25, seed=seed), nrow=8, pad=2), 3)


def train(args, device, record) -> dict:
    p = PRESETS[args.preset]
    g = seeded(args.seed)

    # 1. data: the whole training split as one tensor on the device, scaled to [-1, 1]
    x, _, batch_size = training_split(args, p, device)
    x = x * 2 - 1  # (N, 1, 28, 28)

    # 2. model, its EMA copy, optimizer (warm-up then cosine decay of the learning rate)
    model = UNet(config_for(args.preset, x.shape[-1])).to(device)
    ema = ema_copy(model)
    schedule = schedule_of(model).to(device)
    total = p["steps"]
    opt, sched = warmup_cosine_adamw(model, p["lr"], p["warmup"], total, device)

    # 3. the loop: a batch, a random t per image, the loss of eq. 14, a step, the EMA
    name = f"diffusion-{args.dataset}"
    t0, bar = start_clock(total, name, args.quiet)
    batches = iter(())
    model.train()
    for step in range(total):
        idx = next(batches, None)
        if idx is None:  # a new epoch
            batches = iter(data.random_batches(len(x), batch_size, g, device))
            idx = next(batches)
        with autocast(device):
            loss = diffusion.loss(model, schedule, x[idx], cond=None, target=TARGET)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        ema_update(ema, model, step, p["ema"])
        bar.update()
        if step % 100 == 0:  # .item() waits for the GPU: not at every step
            bar.set_postfix(loss=f"{loss.item():.4f}", lr=f"{sched.get_last_lr()[0]:.1e}")
    timing = stop_clock(t0, bar, device, total, batch_size)

    # 4. save the EMA weights, with 64 of their samples as the picture
    ema = ema.cpu()
    record.update(**timing, batch_size=batch_size, lr=p["lr"], ema=p["ema"], schedule=SCHEDULE, target=TARGET,
                  final_loss=round(loss.item(), 4))
    folder = hub.save(ema, name, args.out, record, sample=picture(ema))
    return {"checkpoint": name, "folder": str(folder), "final_loss": round(loss.item(), 4)}


def evaluate(name: str, model, args, device) -> dict:
    """FID-LeNet of DDIM samples at 50, 25 and 10 steps, with the floor."""
    from genkit.loops.classifier import fid_floor
    from genkit.metrics import fid_lenet

    e = hub.entry(name)
    x_test, _ = data.load(e.dataset, "test", args.data_dir, device)
    n_fid = min(getattr(args, "n_fid", None) or N_FID, len(x_test))
    classifier = hub.load(f"classifier-{e.dataset}", device)
    model = model.to(device)
    out = {}
    for steps in (50, 25, 10):
        samples = generate(model, n_fid, steps=steps, seed=0, progress=True).to(device)
        out[f"fid_lenet_ddim{steps}"] = round(fid_lenet(classifier, samples, x_test[:n_fid]), 3)
    out["fid_lenet_floor"] = round(fid_floor(classifier, e.dataset, args.data_dir, device, n_fid), 3)
    out["n_samples"] = n_fid
    return out
