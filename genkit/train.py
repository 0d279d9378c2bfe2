"""Training: ``python -m genkit.train MODEL [--dataset ...] [--preset smoke|full] ...``.

One loop per model, each readable top to bottom (DiT's train.py, minDiffusion):
data -> model -> optimizer -> for step: loss, backward, step -> periodic log,
samples, checkpoint. No Trainer class, no callbacks.

``--preset smoke`` runs on a CPU in seconds on whatever data is there (the tests
use it); ``--preset cpu`` (where a model has one) is a shorter run for a machine
without GPU, ``--preset full`` the GPU recipe. Each committed checkpoint's
train.json and card name the command that made it. On CUDA the loops use bf16
autocast with the data on the GPU. Every run ends with one JSON line: the
checkpoint name, its figures, the time and the images per second.

No run replaces a committed checkpoint by default: runs are written to ``runs/``
(or ``--out DIR``); ``--replace`` writes into ``checkpoints/`` and then measures
the new weights (``genkit.eval --write``: metrics.json and the card), so that a
checkpoint never sits beside the figures of the one it replaced.
"""

import argparse
import json
import os
import shlex
import sys
import time
from pathlib import Path

import torch

from genkit import data, hub
from genkit.device import pick_device
from genkit.loops import loop
from genkit.loops.common import device_name

# model name on the command line -> its loop module in genkit/loops/
MODELS = ["classifier", "ae", "vae", "gan", "diffusion", "text2img", "clip", "prior", "unclip", "textlm", "superres",
          "cyclegan", "flow"]


def runs_dir() -> Path:
    """Where a training run writes its checkpoint folder unless told otherwise (git ignores it)."""
    return Path(os.environ.get("GENKIT_RUNS", hub.ROOT / "runs"))


def output_dir(args: argparse.Namespace, ap: argparse.ArgumentParser) -> Path:
    """runs/ (or --out); checkpoints/ only with --replace: a committed checkpoint is never overwritten silently."""
    committed = hub.checkpoints_dir().resolve()
    if args.replace:
        if args.out is not None and Path(args.out).resolve() != committed:
            ap.error("--replace writes into checkpoints/: leave out --out")
        return committed
    out = Path(args.out) if args.out is not None else runs_dir()
    if out.resolve() == committed and any(committed.glob("*/model.safetensors")):
        ap.error(f"{out} holds the committed checkpoints: write elsewhere, or pass --replace to replace one "
                 "(its metrics and card are then measured again)")
    return out


def command_line(args: argparse.Namespace, defaults: dict) -> str:
    """The exact command that reproduces this run (only the arguments that differ from defaults)."""
    parts = [args.model, "--dataset", args.dataset]
    for k in ("z", "size", "encoder", "attn16"):  # the loops' own options
        v = getattr(args, k, None)
        if v is None or v == "" or v is False:  # "" is text2img's jointly trained encoder, the default
            continue
        parts += [f"--{k}"] if v is True else [f"--{k}", str(v)]  # a flag (--attn16) is written bare
    parts += ["--preset", args.preset]
    if args.seed != defaults["seed"]:
        parts += ["--seed", str(args.seed)]
    return "python -m genkit.train " + " ".join(shlex.quote(p) for p in parts)




# ----------------------------------------------------------------------------- command line

def _own_options() -> list[str]:
    lines = []
    for m in MODELS:
        if hasattr(loop(m), "add_arguments"):
            own = argparse.ArgumentParser(add_help=False)
            loop(m).add_arguments(own)
            lines += [f"  {m}: {', '.join(a.option_strings)} {{{','.join(map(str, a.choices or []))}}} "
                      f"(default {a.default}): {a.help}" for a in own._actions]
    return lines


def build_parser(model: str | None = None) -> argparse.ArgumentParser:
    """The command line; with `model`, also that model's own options (e.g. --z for the autoencoders)."""
    epilog = "options of one model (its loop's add_arguments):\n" + "\n".join(_own_options())
    ap = argparse.ArgumentParser(prog="python -m genkit.train", description=__doc__, epilog=epilog,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("model", choices=MODELS, help="what to train")
    ap.add_argument("--dataset", default="mnist", help="mnist or fashion (text2img: also scenes; clip, prior, unclip: scenes only; textlm: captions)")
    ap.add_argument("--preset", default="full",
                    help="smoke: seconds on a CPU (tests); full: the GPU recipe; some models also have cpu: a "
                         "shorter run for a machine without GPU (each checkpoint's train.json says which made it)")
    ap.add_argument("--device", default="auto", help="auto, cpu or cuda")
    ap.add_argument("--data-dir", default=None, help="folder with mnist/ and fashion-mnist/ IDX files "
                    "(default: $GENKIT_DATA, else torchvision's download into a cache folder)")
    ap.add_argument("--out", default=None, help="where the checkpoint folder is written (default: runs/; "
                    "GENKIT_CHECKPOINTS=runs python app.py shows it in the app)")
    ap.add_argument("--replace", action="store_true", help="write into checkpoints/, replacing the committed "
                    "checkpoint, then measure it again (python -m genkit.eval NAME --write)")
    ap.add_argument("--seed", type=int, default=0, help="random seed")
    ap.add_argument("--quiet", action="store_true", help="no progress bar")
    if model in MODELS and hasattr(loop(model), "add_arguments"):
        loop(model).add_arguments(ap.add_argument_group(f"{model} only"))
    return ap


def main(argv=None) -> dict:
    first = argparse.ArgumentParser(add_help=False)
    first.add_argument("model", nargs="?")
    ap = build_parser(first.parse_known_args(argv)[0].model)
    args = ap.parse_args(argv)
    module = loop(args.model)
    if args.preset not in module.PRESETS:
        ap.error(f"--preset must be one of {sorted(module.PRESETS)} for {args.model}")
    datasets = getattr(module, "DATASETS", data.DATASETS)  # e.g. text2img also trains on procedural scenes
    if args.dataset not in datasets:
        ap.error(f"--dataset must be one of {sorted(datasets)}")
    args.out = str(output_dir(args, ap))
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
    if args.replace:  # the new weights' own figures, never the old ones
        from genkit import eval as scoreboard

        extra = ["--data-dir", args.data_dir] if args.data_dir else []
        summary["metrics"] = scoreboard.main([summary["checkpoint"], "--write", "--json", "--device", args.device,
                                              *extra]).get(summary["checkpoint"])
    print(json.dumps(summary))
    return summary


if __name__ == "__main__":
    main()
