"""The 2-D lab's figures: ``python -m genkit.eval flow-2d [--json]`` (not a checkpoint: trained on the spot).

From the lab's defaults (genkit.live.LAB_2D, genkit.flow2d.Flow2DConfig), for each objective (DDPM's
noise prediction, flow matching) and each of `seeds` starts (as many students): train on the ring
of 8 Gaussians for `max_steps` steps, count the modes every `check_every` steps on 1,000 samples (50
sampling steps, as the lab's default; the GAN's 2-D view counts them the same way), then sample
1,000 points with 4 steps and measure their sliced Wasserstein distance to 1,000 data points; for the
flow, then reflow (train `reflow_steps` more on the model's own noise-sample pairs) and measure again at
1 and 4 steps. The training speed is measured on this process's torch threads (one: GENKIT_THREADS, default 1).
"""

import time

import torch
from tqdm import tqdm

from genkit import flow2d, gan2d
from genkit.device import set_threads
from genkit.live import LAB_2D

SAMPLING_STEPS = 50  # the lab's default number of sampling steps
FEW_STEPS = 4  # the comparison the issue asks for: straight paths survive few steps
N = 1000  # samples and data points per measurement


def measure(lab: flow2d.Lab, steps: int, data: torch.Tensor, seed: int = 7) -> tuple[float, int]:
    """(sliced Wasserstein distance to `data`, modes of the ring covered) of N samples with `steps` steps."""
    x = flow2d.trajectory(lab.net, N, steps, seed=seed)[-1]
    return flow2d.sliced_wasserstein(x, data), flow2d.modes(x, "ring")[0]


def ring(seeds: int = 5, max_steps: int = 3000, check_every: int = 250, quiet: bool = False,
         reflow_steps: int = 2000) -> dict:
    """The lab on this machine, from its defaults: per objective and start, the first step with all 8
    modes covered (None: never within max_steps), the distances at 4 and 50 sampling steps at the end."""
    threads = set_threads()
    data = gan2d.sample("ring", N, torch.Generator().manual_seed(12345))  # (N, 2), the reference set
    out = {"seeds": seeds, "max_steps": max_steps, "threads": threads, "sampler": dict(ddpm="ddim", flow="euler"),
           "batch_size": LAB_2D["batch_size"], "lr": LAB_2D["lr"]}
    for objective in flow2d.OBJECTIVES:
        first, few, many, modes_few, steps, seconds = [], [], [], [], 0, 0.0
        one, one_after, few_after = [], [], []
        for seed in tqdm(range(seeds), desc=f"flow-2d {objective}", disable=quiet):
            lab = flow2d.new_lab("ring", objective, lr=LAB_2D["lr"], batch_size=LAB_2D["batch_size"], seed=seed)
            covered = None
            while lab.step < max_steps:
                lab.run(check_every)
                if covered is None and measure(lab, SAMPLING_STEPS, data)[1] == 8:
                    covered = lab.step
            first.append(covered)
            d4, m4 = measure(lab, FEW_STEPS, data)
            few.append(round(d4, 4))
            modes_few.append(m4)
            many.append(round(measure(lab, SAMPLING_STEPS, data)[0], 4))
            steps, seconds = steps + lab.step, seconds + lab.seconds
            if objective == "flow":  # reflow (Liu et al. sec. 2.3): the model's own pairs, then reflow_steps more
                one.append(round(measure(lab, 1, data)[0], 4))
                lab.reflow()
                lab.run(reflow_steps)
                one_after.append(round(measure(lab, 1, data)[0], 4))
                few_after.append(round(measure(lab, FEW_STEPS, data)[0], 4))
        out[objective] = {
            "steps_per_s": round(steps / seconds, 1),
            "all_modes_at": first,  # per start: the first step with all 8 modes covered
            "starts_covering_all": sum(v is not None for v in first),
            f"distance_{FEW_STEPS}_steps": few,  # per start, at the end
            f"modes_{FEW_STEPS}_steps": modes_few,
            f"distance_{SAMPLING_STEPS}_steps": many,
            f"mean_distance_{FEW_STEPS}_steps": round(sum(few) / len(few), 4),
        }
        if objective == "flow":
            out["flow"]["reflow"] = {"steps_after": reflow_steps, "distance_1_step_before": one,
                                     "distance_1_step_after": one_after, f"distance_{FEW_STEPS}_steps_after": few_after}
    out["steps_per_s"] = min(out[o]["steps_per_s"] for o in flow2d.OBJECTIVES)
    out["flow_closer_at_4_steps"] = sum(f < d for f, d in zip(out["flow"]["distance_4_steps"],
                                                               out["ddpm"]["distance_4_steps"]))
    return out


def speed(steps: int = 500) -> float:
    """Training steps per second of the default lab (flow matching) on this process's threads."""
    set_threads()
    lab = flow2d.new_lab("ring", "flow", lr=LAB_2D["lr"], batch_size=LAB_2D["batch_size"])
    lab.run(20)  # warm up
    t0 = time.perf_counter()
    lab.run(steps)
    return steps / (time.perf_counter() - t0)
