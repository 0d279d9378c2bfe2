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
import importlib
import json
import shlex
import sys
import time

import torch

from genkit import data
from genkit.device import pick_device
from genkit.loops.common import device_name

# model name on the command line -> its loop module in genkit/loops/
MODELS = ["classifier", "ae", "vae", "gan", "diffusion", "text2img"]


def loop(model: str):
    """The loop module of `model` (imported only when that model is trained)."""
    return importlib.import_module(f"genkit.loops.{model}")


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




# ----------------------------------------------------------------------------- command line

def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m genkit.train", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("model", choices=MODELS, help="what to train")
    ap.add_argument("--dataset", default="mnist", help="mnist or fashion (text2img: also scenes)")
    ap.add_argument("--preset", default="full",
                    help="smoke: seconds on a CPU (tests); full: what a GPU runs for the committed checkpoint; "
                         "some models also have cpu: a shorter run for a machine without GPU")
    ap.add_argument("--device", default="auto", help="auto, cpu or cuda")
    ap.add_argument("--data-dir", default=None, help="folder with mnist/ and fashion-mnist/ IDX files "
                    "(default: $GENKIT_DATA, else torchvision's download into a cache folder)")
    ap.add_argument("--out", default=None, help="where the checkpoint folder is written (default: checkpoints/)")
    ap.add_argument("--seed", type=int, default=0, help="random seed")
    ap.add_argument("--quiet", action="store_true", help="no progress bar")
    return ap


def main(argv=None) -> dict:
    ap = build_parser()
    known, _ = ap.parse_known_args(argv)
    module = loop(known.model)
    if hasattr(module, "add_arguments"):  # e.g. --z for the autoencoders
        module.add_arguments(ap)
    args = ap.parse_args(argv)
    if args.preset not in module.PRESETS:
        ap.error(f"--preset must be one of {sorted(module.PRESETS)} for {args.model}")
    datasets = getattr(module, "DATASETS", data.DATASETS)  # e.g. text2img also trains on procedural scenes
    if args.dataset not in datasets:
        ap.error(f"--dataset must be one of {sorted(datasets)}")
    device = pick_device(args.device)
    record = {
        "command": command_line(args, {"seed": 0}),
        "device": device_name(device),
        "torch": torch.__version__,
        "date": time.strftime("%Y-%m-%d"),
    }
    try:
        summary = module.train(args, device, record)
    except data.DataNotFoundError as e:
        print(f"error: {e}", file=sys.stderr)
        raise SystemExit(2)
    summary.update({k: record[k] for k in ("seconds", "images_per_s", "device")})
    print(json.dumps(summary))
    return summary


if __name__ == "__main__":
    main()
