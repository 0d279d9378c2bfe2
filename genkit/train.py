"""Training: ``python -m genkit.train MODEL [--dataset ...] [--preset smoke|full] ...``.

One loop per model, each readable top to bottom (DiT's train.py, minDiffusion):
data -> model -> optimizer -> for step: loss, backward, step -> periodic log,
samples, checkpoint. No Trainer class, no callbacks.

``--preset smoke`` runs on a CPU in seconds on whatever data is there (the tests
use it); ``--preset full`` is what produced the committed checkpoint. On CUDA the
loops use bf16 autocast with the data on the GPU. Every run ends with one JSON
line: the checkpoint name, its figures, the time and the images per second.
"""

import argparse
import json
import platform
import shlex
import sys
import time
from pathlib import Path

import torch
import torch.nn.functional as F
from tqdm import tqdm

from genkit import data, hub, viz
from genkit.device import pick_device
from genkit.metrics import Classifier, ClassifierConfig, accuracy

# ----------------------------------------------------------------------------- helpers


def device_name(device: torch.device) -> str:
    if device.type == "cuda":
        return torch.cuda.get_device_name(device)
    return f"CPU ({platform.processor() or platform.machine()}, {torch.get_num_threads()} threads)"


def autocast(device: torch.device):
    """bf16 autocast on CUDA, nothing on the CPU (where bf16 is slower for these small models)."""
    return torch.autocast(device_type=device.type, dtype=torch.bfloat16, enabled=device.type == "cuda")


def random_shift(x: torch.Tensor, pixels: float, generator: torch.Generator) -> torch.Tensor:
    """Translate each image by up to `pixels` in x and y (data augmentation), bilinear, zeros outside."""
    b, _, h, _ = x.shape
    shift = (torch.rand(b, 2, generator=generator) * 2 - 1).to(x.device) * (2 * pixels / h)
    theta = torch.zeros(b, 2, 3, device=x.device)
    theta[:, 0, 0] = theta[:, 1, 1] = 1
    theta[:, :, 2] = shift
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)
    return F.grid_sample(x, grid, align_corners=False)


def command_line(args: argparse.Namespace, defaults: dict) -> str:
    """The exact command that reproduces this run (only the arguments that differ from defaults)."""
    parts = [args.model, "--dataset", args.dataset]
    for k in ("z",):
        if getattr(args, k, None) is not None:
            parts += [f"--{k}", str(getattr(args, k))]
    parts += ["--preset", args.preset]
    if args.seed != defaults["seed"]:
        parts += ["--seed", str(args.seed)]
    return "python -m genkit.train " + " ".join(shlex.quote(p) for p in parts)


# ----------------------------------------------------------------------------- classifier

CLASSIFIER_PRESETS = {
    # smoke: seconds on a CPU, any data; full: the committed checkpoints
    "smoke": dict(epochs=3, n_train=512, batch_size=32, lr=3e-3),
    "full": dict(epochs=12, n_train=None, batch_size=128, lr=3e-3),
}


def train_classifier(args, device, record) -> dict:
    p = CLASSIFIER_PRESETS[args.preset]
    g = torch.Generator().manual_seed(args.seed)
    torch.manual_seed(args.seed)

    # 1. data: the whole split as one tensor on the device
    x, y = data.load(args.dataset, "train", args.data_dir, device)
    x_test, y_test = data.load(args.dataset, "test", args.data_dir, device)
    if p["n_train"]:
        x, y = x[: p["n_train"]], y[: p["n_train"]]
        x_test, y_test = x_test[: p["n_train"]], y_test[: p["n_train"]]
    batch_size = min(p["batch_size"], len(x))

    # 2. model and optimizer (AdamW with a one-cycle learning rate)
    model = Classifier(ClassifierConfig()).to(device)
    steps_per_epoch = len(x) // batch_size
    total = p["epochs"] * steps_per_epoch
    opt = torch.optim.AdamW(model.parameters(), lr=p["lr"], weight_decay=5e-4)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=p["lr"], total_steps=total)

    # 3. the loop
    t0 = time.perf_counter()
    bar = tqdm(total=total, desc=f"classifier-{args.dataset}", disable=args.quiet)
    for epoch in range(p["epochs"]):
        model.train()
        for idx in data.random_batches(len(x), batch_size, g, device):
            xb = random_shift(x[idx], 2.0, g)  # (B, 1, 28, 28)
            with autocast(device):
                loss = F.cross_entropy(model(xb), y[idx], label_smoothing=0.05)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            bar.update()
            bar.set_postfix(epoch=epoch, loss=f"{loss.item():.3f}")
    bar.close()
    seconds = time.perf_counter() - t0

    # 4. evaluate, save with the first-layer filters as the card's picture
    test_acc = accuracy(model, x_test, y_test)
    name = f"classifier-{args.dataset}"
    record.update(seconds=round(seconds, 1), images_per_s=round(total * batch_size / seconds, 1),
                  steps=total, epochs=p["epochs"], batch_size=batch_size, test_accuracy=round(test_acc, 4))
    filters = viz.to_pil(viz.grid(viz.normalize(model.first_layer.weight.detach().cpu()), nrow=8, pad=1), scale=8)
    folder = hub.save(model.cpu(), name, args.out, record, sample=filters)
    return {"checkpoint": name, "folder": str(folder), "test_accuracy": round(test_acc, 4)}


# ----------------------------------------------------------------------------- command line

TRAINERS = {
    "classifier": train_classifier,
}


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m genkit.train", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("model", choices=sorted(TRAINERS), help="what to train")
    ap.add_argument("--dataset", default="mnist", help="mnist or fashion")
    ap.add_argument("--preset", default="full", choices=["smoke", "full"],
                    help="smoke: seconds on a CPU (tests); full: the committed checkpoint")
    ap.add_argument("--device", default="auto", help="auto, cpu or cuda")
    ap.add_argument("--data-dir", default=None, help="folder with mnist/ and fashion-mnist/ IDX files "
                    "(default: $GENKIT_DATA, else torchvision's download into a cache folder)")
    ap.add_argument("--out", default=None, help="where the checkpoint folder is written (default: checkpoints/)")
    ap.add_argument("--seed", type=int, default=0, help="random seed")
    ap.add_argument("--quiet", action="store_true", help="no progress bar")
    return ap


def main(argv=None) -> dict:
    ap = build_parser()
    args = ap.parse_args(argv)
    if args.dataset not in data.DATASETS:
        ap.error(f"--dataset must be one of {sorted(data.DATASETS)}")
    device = pick_device(args.device)
    record = {
        "command": command_line(args, {"seed": 0}),
        "device": device_name(device),
        "torch": torch.__version__,
        "date": time.strftime("%Y-%m-%d"),
    }
    try:
        summary = TRAINERS[args.model](args, device, record)
    except data.DataNotFoundError as e:
        print(f"error: {e}", file=sys.stderr)
        raise SystemExit(2)
    summary.update({k: record[k] for k in ("seconds", "images_per_s", "device")})
    print(json.dumps(summary))
    return summary


if __name__ == "__main__":
    main()
