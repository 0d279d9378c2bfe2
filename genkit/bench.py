"""Speed: ``python -m genkit.bench [TASK...] [--json] [--repeat N]``.

CPU latency of each tab's main handler, as a person clicking would see it
(median and 95th percentile over repeated calls, after a warm-up), and on CUDA
the training throughput. Each tab module declares its tasks in a ``BENCH``
dict: task name -> setup function returning a zero-argument callable; a setup
may set ``callable.items`` (images per call) to get a throughput too, and
``callable.unit = "steps"`` to count training steps instead of images.

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


def tasks() -> dict:
    """Every task: the tabs' handlers, then library-level ones."""
    from genkit.ui.i18n import TAB_MODULES

    found = {}
    for name in TAB_MODULES:
        found.update(getattr(importlib.import_module(f"genkit.ui.{name}"), "BENCH", {}))
    found["classifier_predict_1"] = _classifier_predict()
    found["classifier_train_cpu"] = _classifier_train_step("cpu")
    if torch.cuda.is_available():
        found["classifier_train_cuda"] = _classifier_train_step("cuda")
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
    args = ap.parse_args(argv)

    from genkit.device import set_threads

    set_threads()  # the app's setting, so the latencies are the ones a student sees
    available = tasks()
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
