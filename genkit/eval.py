"""The scoreboard: ``python -m genkit.eval [CHECKPOINT...] [--data-dir DIR] [--json] [--write]``.

Evaluates every checkpoint present in ``checkpoints/`` (or those named) with the
fixed protocol of `genkit.metrics`: 10,000 samples against the 10,000 test
images, FID-LeNet always next to its floor. With ``--json`` the last line is one
JSON object, checkpoint name -> {metric name -> number}. With ``--write`` each
checkpoint's metrics.json and model card are updated.

``python -m genkit.eval gan-live [--minutes 3]`` is not a checkpoint: it trains the GAN
tab's default game from scratch for that long on this machine and scores its samples
(genkit.loops.gan.live), the figure behind the tab's "digits within 3 minutes".
``python -m genkit.eval gan-2d`` plays the 2-D tab's default game on the ring of 8 Gaussians
from 5 starts and says when each covers all 8 modes (genkit.loops.gan.ring).
``python -m genkit.eval flow-2d`` trains the Diffusion tab's 2-D lab (DDPM and flow matching) on the
ring from 5 starts each: modes covered, distances at 4 sampling steps (genkit.loops.flow2d.ring).

Each kind of model is evaluated by the ``evaluate`` function of its loop module
(genkit/loops/<model>.py); a kind without one is said to be not evaluated.
"""

import argparse
import json
import sys
import time

from tqdm import tqdm

from genkit import card, data, hub
from genkit.device import pick_device
from genkit.loops import loop


LIVE_GAN = "gan-live"  # a measurement of the live tab, not a checkpoint
RING_GAN = "gan-2d"  # a measurement of the 2-D tab, not a checkpoint
LAB_2D = "flow-2d"  # a measurement of the Diffusion tab's 2-D lab, not a checkpoint


def present() -> list[str]:
    """Registered checkpoints that have a folder in checkpoints/."""
    return [name for name in hub.REGISTRY if (hub.checkpoints_dir() / name / "model.safetensors").exists()]


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(prog="python -m genkit.eval", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("checkpoints", nargs="*", help="checkpoint names (default: every one present)")
    ap.add_argument("--data-dir", default=None, help="folder with mnist/ and fashion-mnist/ (default: $GENKIT_DATA)")
    ap.add_argument("--device", default="auto", help="auto, cpu or cuda")
    ap.add_argument("--k", type=int, default=None, help="VAE: importance samples per test image (protocol: 1000)")
    ap.add_argument("--n", type=int, default=None, help="VAE: test images for the importance-weighted NLL "
                    "(protocol: all 10,000); text2img: prompts per match rate (default 200); fewer for a quick "
                    "CPU run, recorded in the metrics")
    ap.add_argument("--n-fid", type=int, default=None, help="generated images for FID-LeNet (protocol: 10,000; "
                    "fewer for a CPU run, recorded in the metrics as n_samples)")
    ap.add_argument("--minutes", type=float, default=3.0, help="gan-live: minutes of live training (default 3)")
    ap.add_argument("--json", action="store_true", help="end with one JSON line: name -> {metric -> number}")
    ap.add_argument("--write", action="store_true", help="store metrics.json and refresh each model card")
    args = ap.parse_args(argv)

    device = pick_device(args.device)
    names = args.checkpoints or present()
    results, t0 = {}, time.perf_counter()
    for name in tqdm(names, desc="eval", disable=len(names) < 2):
        try:
            if name == LIVE_GAN:
                results[name] = loop("gan").live(args.minutes, args.data_dir, quiet=args.json)
            elif name == RING_GAN:
                results[name] = loop("gan").ring(quiet=args.json)
            elif name == LAB_2D:
                results[name] = loop("flow2d").ring(quiet=args.json)
            else:
                e = hub.entry(name)
                evaluate = getattr(loop(e.model), "evaluate", None)
                if evaluate is None:
                    print(f"{name}: no evaluator for models of kind {e.model!r} yet", file=sys.stderr)
                    continue
                results[name] = evaluate(name, hub.load(name, device), args, device)
        except (hub.CheckpointError, data.DataNotFoundError) as err:
            print(f"error: {err}", file=sys.stderr)
            raise SystemExit(2)
        if args.write and name not in (LIVE_GAN, RING_GAN, LAB_2D):
            folder = hub.checkpoints_dir() / name
            (folder / "metrics.json").write_text(json.dumps(results[name], indent=2) + "\n")
            card.write(folder, name)
        if not args.json:
            print(f"{name:24s} " + "  ".join(f"{k}={v}" for k, v in results[name].items()))
    if not args.json:
        print(f"({time.perf_counter() - t0:.1f} s)")
    print(json.dumps(results))
    return results


if __name__ == "__main__":
    main()
