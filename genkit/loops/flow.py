"""Training and evaluating flow matching on images (genkit.flow + genkit.unet + genkit.samplers' Euler / Heun).

``python -m genkit.train flow --dataset mnist --preset cpu``: the rectified-flow objective (Liu et al. 2023,
eq. 1; Lipman et al. 2023, eq. 23), || (eps - x0) - v_theta((1 - t) x0 + t eps, t) ||^2 with t ~ U[0, 1], on
the same U-Net as diffusion-mnist (genkit/loops/diffusion.py) and with the same budget per preset: the
same steps, batch, learning rate, warm-up, EMA and data. Only the objective differs, so the two can be
compared step count for step count.

Evaluation (``python -m genkit.eval flow-mnist``): FID-LeNet of Euler samples at 1, 2, 4, 8, 25 and 50 steps
against the test images, next to the floor at the same n (as diffusion-mnist's fid_lenet_ddim{10,25,50}).
"""

import torch

from genkit import data, flow, hub, viz
from genkit.loops.common import (autocast, ema_copy, ema_update, seeded, start_clock, stop_clock, training_split,
                                 warmup_cosine_adamw)
from genkit.loops.diffusion import PRESETS as DIFFUSION_PRESETS
from genkit.loops.diffusion import config_for as diffusion_config
from genkit.metrics import N_FID
from genkit.unet import UNetConfig

PRESETS = DIFFUSION_PRESETS  # smoke, cpu, full: the same budgets as the diffusion checkpoints'
DATASETS = ("mnist",)  # flow-mnist, beside diffusion-mnist
EULER_STEPS = (1, 2, 4, 8, 25, 50)


def config_for(preset: str, image_size: int = 28) -> UNetConfig:
    """The U-Net config of a preset: diffusion-mnist's (its `schedule` and `target` unused by a flow)."""
    return diffusion_config(preset, image_size)


def picture(model: flow.FlowUNet, seed: int = 0):
    """The card's picture: 64 samples, 8 Euler steps."""
    return viz.to_pil(viz.grid(flow.generate(model, 64, steps=8, seed=seed), nrow=8, pad=2), 3)


def train(args, device, record) -> dict:
    p = PRESETS[args.preset]
    g = seeded(args.seed)

    # 1. data: the whole training split as one tensor on the device, scaled to [-1, 1]
    x, _, batch_size = training_split(args, p, device)
    x = x * 2 - 1  # (N, 1, 28, 28)

    # 2. model, its EMA copy, optimizer (warm-up then cosine decay of the learning rate), as diffusion's
    model = flow.FlowUNet(config_for(args.preset, x.shape[-1])).to(device)
    ema = ema_copy(model)
    total = p["steps"]
    opt, sched = warmup_cosine_adamw(model, p["lr"], p["warmup"], total, device)
    gen = torch.Generator(device=device).manual_seed(args.seed)  # t and eps of each batch

    # 3. the loop: a batch, a random t in [0, 1] per image, the flow-matching loss, a step, the EMA
    name = f"flow-{args.dataset}"
    t0, bar = start_clock(total, name, args.quiet)
    batches = iter(())
    model.train()
    for step in range(total):
        idx = next(batches, None)
        if idx is None:  # a new epoch
            batches = iter(data.random_batches(len(x), batch_size, g, device))
            idx = next(batches)
        with autocast(device):
            loss = flow.flow_loss(model, x[idx], gen)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        ema_update(ema, model, step, p["ema"])
        bar.update()
        if step % 100 == 0:
            bar.set_postfix(loss=f"{loss.item():.4f}", lr=f"{sched.get_last_lr()[0]:.1e}")
    timing = stop_clock(t0, bar, device, total, batch_size)

    # 4. save the EMA weights, with 64 of their samples as the picture
    ema = ema.cpu()
    record.update(**timing, batch_size=batch_size, lr=p["lr"], ema=p["ema"], objective="rectified flow (velocity)",
                  final_loss=round(loss.item(), 4))
    folder = hub.save(ema, name, args.out, record, sample=picture(ema))
    return {"checkpoint": name, "folder": str(folder), "final_loss": round(loss.item(), 4)}


def evaluate(name: str, model, args, device) -> dict:
    """FID-LeNet of Euler samples at 1, 2, 4, 8, 25 and 50 steps, with the floor at the same n."""
    from genkit.loops.classifier import fid_floor
    from genkit.metrics import fid_lenet

    e = hub.entry(name)
    x_test, _ = data.load(e.dataset, "test", args.data_dir, device)
    n_fid = min(getattr(args, "n_fid", None) or N_FID, len(x_test))
    classifier = hub.load(f"classifier-{e.dataset}", device)
    model = model.to(device)
    out = {}
    for steps in EULER_STEPS:
        samples = flow.generate(model, n_fid, steps=steps, seed=0, progress=True).to(device)
        out[f"fid_lenet_euler{steps}"] = round(fid_lenet(classifier, samples, x_test[:n_fid]), 3)
    out["fid_lenet_floor"] = round(fid_floor(classifier, e.dataset, args.data_dir, device, n_fid), 3)
    out["n_samples"] = n_fid
    return out
