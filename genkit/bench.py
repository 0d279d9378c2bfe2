"""Speed: ``python -m genkit.bench [TASK...] [--json] [--repeat N]``.

CPU latency of each tab's main handler, as a person clicking would see it
(median and 95th percentile over repeated calls, after a warm-up), and on CUDA
the training throughput. Each tab module declares its tasks in a ``BENCH``
dict: task name -> setup function returning a zero-argument callable; a setup
may set ``callable.items`` (images per call) to get a throughput too, and
``callable.unit = "steps"`` to count training steps instead of images.

``--browser`` measures the browser path instead: the views that students' browsers compute, in headless
Chromium (genkit/browserbench.py).

``--peer diffusers`` adds the same diffusion tasks run on a diffusers
``UNet2DModel`` of about the same parameter count (diffusers is installed only for
that comparison: ``pip install diffusers``), so both are measured side by side in one run.

With ``--json`` the last line is one JSON object: task name -> {``median_ms``,
``p95_ms``, ``calls`` and, where it applies, ``images_per_s`` or ``steps_per_s``}. Numbers vary
between runs: compare ratios measured in one run.
"""

import argparse
import importlib
import json
import statistics
import sys
import time

import torch
from tqdm import tqdm


def _classifier_train_step(device: str):
    """One optimizer step of the classifier at batch 256: training throughput."""
    from genkit.metrics import Classifier, ClassifierConfig

    def setup():
        model = Classifier(ClassifierConfig()).to(device)
        opt = torch.optim.AdamW(model.parameters())
        x = torch.rand(256, 1, 28, 28, device=device)
        y = torch.randint(0, 10, (256,), device=device)

        def step():
            with torch.autocast(device_type=device, dtype=torch.bfloat16, enabled=device == "cuda"):
                loss = torch.nn.functional.cross_entropy(model(x), y)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            if device == "cuda":
                torch.cuda.synchronize()

        step.items = 256
        return step

    return setup


def _classifier_predict():
    """The evaluator on one image (what a tab does to label a drawing)."""
    from genkit.metrics import Classifier, ClassifierConfig

    def setup():
        model = Classifier(ClassifierConfig()).eval()
        x = torch.rand(1, 1, 28, 28)

        def call():
            with torch.inference_mode():
                return model(x)

        return call

    return setup


# ----------------------------------------------------------------------------- diffusion


def _unet(peer: str | None = None):
    """The committed diffusion-mnist U-Net (random weights of the same config if absent: same cost), or its peer."""
    from genkit import hub
    from genkit.unet import PRESETS, UNet, UNetConfig

    if peer == "diffusers":
        return DiffusersUNet()
    try:
        return hub.load("diffusion-mnist")
    except hub.CheckpointError:
        return UNet(UNetConfig(**{**PRESETS["small"].__dict__, "target": "v", "schedule": "cosine"})).eval()


class DiffusersUNet(torch.nn.Module):
    """A diffusers UNet2DModel of about our "small" U-Net's size (1.18M against 1.14M parameters), eps_model-shaped.

    Same layout (3 levels 28/14/7, one ResBlock per level down, attention at 7x7); diffusers puts two ResBlocks
    per level on the way up and a wider time embedding, so its last level is 80 channels instead of 96.
    """

    def __init__(self):
        super().__init__()
        try:
            from diffusers import UNet2DModel
        except ImportError as e:
            raise SystemExit("--peer diffusers needs diffusers: pip install diffusers (only for this comparison)") from e
        from genkit.unet import PRESETS

        self.config = PRESETS["small"]
        self.net = UNet2DModel(sample_size=28, in_channels=1, out_channels=1, block_out_channels=(24, 48, 80),
                               layers_per_block=1, norm_num_groups=8, attention_head_dim=20,
                               down_block_types=("DownBlock2D", "DownBlock2D", "AttnDownBlock2D"),
                               up_block_types=("AttnUpBlock2D", "UpBlock2D", "UpBlock2D"))

    def forward(self, x_t, t, cond=None):
        return self.net(x_t, t).sample


def _diffusion_sample(n: int, steps: int, peer: str | None = None):
    """n DDIM samples with `steps` steps, the Diffusion tab's generation."""

    def setup():
        from genkit.samplers import ddim_sample, make_schedule

        model = _unet(peer).eval()
        schedule = make_schedule("cosine")

        def call():
            return ddim_sample(model, schedule, (n, 1, 28, 28), steps=steps, generator=torch.Generator().manual_seed(0),
                               target="v")

        call.items = n
        return call

    return setup


def _diffusion_train_step(device: str, peer: str | None = None, batch_size: int = 128):
    """One training step of the U-Net at batch 128 (loss of eq. 14, AdamW): training throughput."""

    def setup():
        from genkit import diffusion

        model = _unet(peer).to(device).train()
        opt = torch.optim.AdamW(model.parameters(), lr=1e-4)
        schedule = diffusion.make_schedule("cosine").to(device)
        x0 = torch.rand(batch_size, 1, 28, 28, device=device) * 2 - 1

        def step():
            with torch.autocast(device_type=device, dtype=torch.bfloat16, enabled=device == "cuda"):
                loss = diffusion.loss(model, schedule, x0, target="v")
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            if device == "cuda":
                torch.cuda.synchronize()

        step.items = batch_size
        return step

    return setup


def diffusion_tasks(peer: str | None = None) -> dict:
    prefix = f"peer_{peer}_" if peer else ""
    found = {f"{prefix}diffusion_sample_16x25": _diffusion_sample(16, 25, peer),
             f"{prefix}diffusion_sample_1x25": _diffusion_sample(1, 25, peer),
             f"{prefix}diffusion_train_cpu": _diffusion_train_step("cpu", peer)}
    if torch.cuda.is_available():
        found[f"{prefix}diffusion_train_cuda"] = _diffusion_train_step("cuda", peer)
    return found


# ----------------------------------------------------------------------------- the GAN's live game


def _gan_game(kind: str, steps: int = 10):
    """The GAN tab's default game (genkit.live.DEFAULTS), fresh, on synthetic images or the plane (no dataset
    needed): one call is `steps` iterations of Algorithm 1 (k steps of D, one of G)."""

    def setup():
        from genkit import gan2d, live
        from genkit.gan import Game

        s = live.DEFAULTS[kind]
        if kind == "image":
            x = torch.rand(2048, 1, 28, 28) * 2 - 1  # (2048, 1, 28, 28) in [-1, 1], as the training images
            gan, gen = live.live_dcgan(s["z_dim"]), torch.Generator().manual_seed(0)
            real = lambda n: x[torch.randint(len(x), (n,), generator=gen)]  # noqa: E731
        else:
            gan, real = gan2d.GAN2D(gan2d.GAN2DConfig(z_dim=s["z_dim"])), live.RealPoints(s["dataset"])
        game = Game(gan, real, loss=s["loss"], k=s["k"], lr_g=s["lr_g"], lr_d=s["lr_d"], batch_size=s["batch_size"])

        def call():
            game.run(steps)

        call.items, call.unit = steps, "steps"  # reported as steps_per_s
        return call

    return setup


def gan_tasks() -> dict:
    return {"gan_live_step": _gan_game("image"), "gan_2d_step": _gan_game("2d")}


def _lab_steps(objective: str, steps: int = 20):
    """The Diffusion tab's 2-D lab (genkit.live.LAB_2D) on the ring: one call is `steps` training steps."""

    def setup():
        from genkit import live

        lab = live.new_lab_live({**live.LAB_2D, "objective": objective}).game

        def call():
            lab.run(steps)

        call.items, call.unit = steps, "steps"  # reported as steps_per_s
        return call

    return setup


def _flow_sample(n: int, steps: int):
    """n samples of flow-mnist by `steps` Euler steps (random weights of diffusion-mnist's U-Net if it is absent:
    the same cost)."""

    def setup():
        from genkit import flow, hub
        from genkit.loops.flow import config_for

        try:
            model = hub.load("flow-mnist")
        except hub.CheckpointError:
            model = flow.FlowUNet(config_for("cpu")).eval()

        def call():
            return flow.generate(model, n, steps=steps, seed=0)

        call.items = n
        return call

    return setup


def lab_tasks() -> dict:
    return {"lab_2d_step_flow": _lab_steps("flow"), "lab_2d_step_ddpm": _lab_steps("ddpm"),
            "flow_sample_16x8": _flow_sample(16, 8)}


def tasks(peer: str | None = None) -> dict:
    """Every task: the tabs' handlers, then library-level ones (and the peer's, if asked)."""
    from genkit.ui import TABS

    found = {}
    for name, _ in TABS:
        found.update(getattr(importlib.import_module(f"genkit.ui.{name}"), "BENCH", {}))
    found["classifier_predict_1"] = _classifier_predict()
    found["classifier_train_cpu"] = _classifier_train_step("cpu")
    if torch.cuda.is_available():
        found["classifier_train_cuda"] = _classifier_train_step("cuda")
    found.update(diffusion_tasks())
    found.update(gan_tasks())
    found.update(lab_tasks())
    if peer:
        found.update(diffusion_tasks(peer))
    return found


def measure(fn, repeat: int, warmup: int, budget_s: float) -> dict:
    """Median and p95 of `repeat` calls (fewer if `budget_s` runs out), after `warmup` calls."""
    for _ in range(warmup):
        fn()
    times, start = [], time.perf_counter()
    while len(times) < repeat and (len(times) < 5 or time.perf_counter() - start < budget_s):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    times.sort()
    median = statistics.median(times)
    result = {"median_ms": round(median * 1000, 2),
              "p95_ms": round(times[min(len(times) - 1, int(0.95 * len(times)))] * 1000, 2),
              "calls": len(times)}
    if getattr(fn, "items", None):  # throughput: images (or steps, with fn.unit = "steps") per second
        result[f"{getattr(fn, 'unit', 'images')}_per_s"] = round(fn.items / median, 1)
    return result


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(prog="python -m genkit.bench", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("tasks", nargs="*", help="task names (default: all; --list shows them)")
    ap.add_argument("--list", action="store_true", help="list the tasks and exit")
    ap.add_argument("--repeat", type=int, default=30, help="timed calls per task")
    ap.add_argument("--warmup", type=int, default=3, help="untimed calls first")
    ap.add_argument("--budget", type=float, default=20.0, help="seconds at most per task (at least 5 calls)")
    ap.add_argument("--json", action="store_true", help="only the JSON line")
    ap.add_argument("--browser", action="store_true",
                    help="the browser path instead, in headless Chromium (genkit/browserbench.py)")
    ap.add_argument("--peer", choices=["diffusers"], default=None,
                    help="also run the diffusion tasks on a diffusers UNet2DModel of similar size")
    args = ap.parse_args(argv)
    if args.browser:
        from genkit import browserbench

        results = browserbench.main()
        if not args.json:
            print("\n".join(f"{k:28s} {v}" for k, v in results.items()))
        print(json.dumps(results))
        return results

    from genkit.device import set_threads

    set_threads()  # the app's setting, so the latencies are the ones a student sees
    available = tasks(args.peer)
    if args.peer and not args.tasks:  # the comparison: ours and the peer's diffusion tasks, side by side
        args.tasks = [n for n in available if "diffusion_" in n]
    if args.list:
        print("\n".join(sorted(available)))
        return {}
    unknown = [t for t in args.tasks if t not in available]
    if unknown:
        ap.error(f"unknown task(s) {unknown}; known: {sorted(available)}")
    results = {}
    for name in tqdm(args.tasks or list(available), desc="bench", file=sys.stderr):
        results[name] = measure(available[name](), args.repeat, args.warmup, args.budget)
        if not args.json:
            print(f"{name:28s} " + "  ".join(f"{k}={v}" for k, v in results[name].items()))
    print(json.dumps(results))
    return results


if __name__ == "__main__":
    main()
