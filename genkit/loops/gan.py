"""Training and evaluating the DCGAN (genkit.gan), and the record of its training for the tab's replay.

``python -m genkit.train gan --dataset mnist|fashion --preset full``: Algorithm 1 of
Goodfellow et al. (2014) with k = 1 and the non-saturating generator loss, Adam
(beta1 = 0.5) for both players, through `genkit.gan.Game`, the same step the live tab runs.
``--preset cpu`` is a shorter run for a machine without GPU (about 5 minutes on 2 cores).

``python -m genkit.eval gan-live [--minutes 3]`` measures the live tab's promise instead
of a checkpoint: its default game, from scratch on MNIST, trained for that many minutes of
wall clock on this machine, then 2,000 of its samples scored by the classifier.
``python -m genkit.eval gan-2d`` measures the 2-D tab's: its default game on the ring of 8
Gaussians, from several starts, and the step at which each covers all 8 modes.

Besides the checkpoint, the run leaves in its folder the replay of the tab:

    replay.json   ~40 moments of training (step, seconds, losses, mean D(x), mean D(G(z)))
                  and the loss curves averaged over windows of steps
    replay.png    the sample grid of a fixed z at each moment, tiles side by side
                  (generated images only, never dataset images)
"""

import json
import time
from pathlib import Path

import torch
from tqdm import tqdm

from genkit import data, gan2d, hub, viz
from genkit.device import set_threads
from genkit.gan import DCGAN, DCGANConfig, Game
from genkit.live import GAN_2D, GAN_HIDDEN, GAN_IMAGE, live_dcgan
from genkit.metrics import N_FID, confident_fraction, fid_lenet, predict

PRESETS = {
    # smoke: seconds on a CPU, any data; cpu: ~3 min on 2 cores (it made the committed checkpoints, no GPU
    # being lent); full: the GPU recipe. All with the live tab's networks (a hidden layer in each player),
    # so that the replay shows its game.
    "smoke": dict(steps=40, n_train=256, batch_size=32, lr=2e-4, channels=8, z_dim=16, hidden=16),
    "cpu": dict(steps=6000, n_train=None, batch_size=64, lr=5e-4, channels=32, z_dim=64, hidden=GAN_HIDDEN),
    "full": dict(steps=15000, n_train=None, batch_size=128, lr=2e-4, channels=64, z_dim=64, hidden=GAN_HIDDEN),
}
MOMENTS = 40  # sample grids kept for the replay
GRID = 16  # images per replay grid (4 x 4)
CURVE_POINTS = 400  # points of the replay's loss curves


def replay_tiles(gan: DCGAN, z: torch.Tensor) -> torch.Tensor:
    """The 4x4 grid of G(z) for the fixed z, (1, 117, 117), pixels in [0, 1]."""
    return viz.grid(gan.generate(z).float().cpu(), nrow=4, pad=1, value=1.0)


def save_replay(folder, moments: list, tiles: list, curves: dict, cols: int = 8) -> None:
    """replay.json and replay.png (the tiles laid out `cols` per row) in the checkpoint folder."""
    strip = viz.grid(torch.stack(tiles), nrow=cols, pad=0)  # (1, rows * 117, cols * 117)
    viz.to_pil(strip).save(folder / "replay.png", optimize=True)
    side = tiles[0].shape[-1]
    record = {"tile": {"size": side, "cols": cols, "count": len(tiles)}, "moments": moments, "curves": curves}
    (folder / "replay.json").write_text(json.dumps(record) + "\n")


def train(args, device, record) -> dict:
    p = PRESETS[args.preset]
    torch.manual_seed(args.seed)

    # 1. data: the whole training split as one tensor on the device, in the networks' range [-1, 1]
    x, _ = data.load(args.dataset, "train", args.data_dir, device)
    if p["n_train"]:
        x = x[: p["n_train"]]
    x = x * 2 - 1
    b = min(p["batch_size"], len(x))
    g = torch.Generator(device=device).manual_seed(args.seed)

    def sample_real(n: int) -> torch.Tensor:
        return x[torch.randint(len(x), (n,), generator=g, device=device)]  # (n, 1, 28, 28)

    # 2. both players and their optimizers, inside the game the live tab also plays
    config = DCGANConfig(z_dim=p["z_dim"], hidden=p["hidden"], g_channels=p["channels"], d_channels=p["channels"])
    gan = DCGAN(config).to(device)
    game = Game(gan, sample_real, loss="nonsaturating", k=1, lr_g=p["lr"], lr_d=p["lr"], batch_size=b, seed=args.seed)
    z_grid = game.z_fixed[:GRID]

    # 3. the loop, with a pause at each of the replay's moments
    total = p["steps"]
    marks = sorted({max(1, round(total * (i + 1) / MOMENTS)) for i in range(MOMENTS)})
    moments, tiles = [], []
    t0 = time.perf_counter()
    bar = tqdm(total=total, desc=f"gan-{args.dataset}", disable=args.quiet)
    for mark in marks:
        r = game.run(mark - game.step)
        bar.update(mark - bar.n)
        bar.set_postfix(loss_d=f"{r.loss_d:.3f}", loss_g=f"{r.loss_g:.3f}")
        recent = game.history[-max(1, total // MOMENTS):]
        mean = lambda i: round(sum(row[i] for row in recent) / len(recent), 4)  # noqa: E731
        moments.append({"step": game.step, "seconds": round(time.perf_counter() - t0, 1), "loss_d": mean(1),
                        "loss_g": mean(2), "d_real": mean(3), "d_fake": mean(4)})
        tiles.append(replay_tiles(gan, z_grid))
    bar.close()
    seconds = time.perf_counter() - t0

    # 4. save the checkpoint (sample: 64 images of the fixed z) and the replay beside it
    name = f"gan-{args.dataset}"
    record.update(seconds=round(seconds, 1), images_per_s=round(total * b / seconds, 1), steps=total,
                  batch_size=b, k=1, loss="nonsaturating", lr_g=p["lr"], lr_d=p["lr"])
    sample = viz.to_pil(viz.grid(gan.generate(game.z_fixed).float().cpu(), nrow=8, pad=2), scale=2)
    folder = Path(args.out) / name
    folder.mkdir(parents=True, exist_ok=True)
    save_replay(folder, moments, tiles, game.curves(max(1, total // CURVE_POINTS)))  # first: the run is not redone
    folder = hub.save(gan.cpu(), name, args.out, record, sample=sample)
    last = moments[-1]
    return {"checkpoint": name, "folder": str(folder), "loss_d": last["loss_d"], "loss_g": last["loss_g"]}


@torch.no_grad()
def samples(gan: DCGAN, n: int, device, seed: int = 0, batch_size: int = 1000) -> torch.Tensor:
    """n images G(z) in [0, 1], (n, 1, 28, 28), from a seeded z."""
    gen = torch.Generator().manual_seed(seed)
    return torch.cat([gan.generate(gan.sample_z(min(batch_size, n - i), gen).to(device))
                      for i in range(0, n, batch_size)])


def evaluate(name: str, model, args, device) -> dict:
    """FID-LeNet of 10,000 samples against the test set, next to its floor, and the confident fraction."""
    from genkit.loops.classifier import fid_floor

    e = hub.entry(name)
    classifier = hub.load(f"classifier-{e.dataset}", device)
    x_test, _ = data.load(e.dataset, "test", args.data_dir, device)
    n = min(N_FID, len(x_test))
    x_gen = samples(model, n, device)
    _, probs = predict(classifier, x_gen)
    return {
        "fid_lenet": round(fid_lenet(classifier, x_gen, x_test[:n]), 3),
        "fid_lenet_floor": round(fid_floor(classifier, e.dataset, args.data_dir, device, n), 3),
        "confident_fraction": round(confident_fraction(probs), 4),
        "n_samples": n,
    }


def live(minutes: float, data_dir=None, seed: int = 0, n: int = 2000, picture_every: int = 20, quiet=False) -> dict:
    """The live tab on this machine: its default game (genkit.live.GAN_IMAGE) trained from scratch on MNIST
    for `minutes` of wall clock, drawing the fixed z's grid every `picture_every` steps as the tab's
    stream does; then n samples of a seeded z scored by the (calibrated) MNIST classifier."""
    threads = set_threads()  # what one request of the app gets (GENKIT_THREADS, default 1)
    x, _ = data.load("mnist", "train", data_dir)
    x = x * 2 - 1  # (60000, 1, 28, 28) in [-1, 1]
    torch.manual_seed(seed)
    g = torch.Generator().manual_seed(seed)
    gan = live_dcgan()
    game = Game(gan, lambda b: x[torch.randint(len(x), (b,), generator=g)], loss=GAN_IMAGE["loss"],
                k=GAN_IMAGE["k"], lr_g=GAN_IMAGE["lr_g"], lr_d=GAN_IMAGE["lr_d"], batch_size=GAN_IMAGE["batch_size"],
                seed=seed)
    budget = minutes * 60
    t0 = time.perf_counter()
    with tqdm(total=round(budget), unit="s", desc="gan-live", disable=quiet) as bar:
        while (elapsed := time.perf_counter() - t0) < budget:
            game.run(picture_every)
            gan.generate(game.z_fixed)  # the picture the tab would stream
            bar.update(min(round(elapsed), round(budget)) - bar.n)

    classifier = hub.load("classifier-mnist")
    x_gen = samples(gan, n, "cpu", seed=seed + 1)
    _, probs = predict(classifier, x_gen)
    share = torch.bincount(probs.argmax(1), minlength=10).float() / n
    return {
        "minutes": minutes,
        "threads": threads,
        "steps": game.step,
        "steps_per_s": round(game.step / elapsed, 1),
        "confident_fraction": round(confident_fraction(probs), 4),
        "classes_seen": int((share >= 0.05).sum()),  # digits that make at least 5% of the samples
        "n_samples": n,
    }


def ring(seeds: int = 5, max_steps: int = 5000, check_every: int = 100, quiet=False) -> dict:
    """The 2-D tab on this machine: its default game (genkit.live.GAN_2D) on the ring of 8 Gaussians,
    from `seeds` different starts (as many students), for `max_steps` steps each. Every
    `check_every` steps the modes are counted on 500 samples, as the tab counts them; reported: the
    first step at which each start covered all 8 (None: never) and the modes it covers at the end."""
    threads = set_threads()
    centers, z_seed = gan2d.ring_centers(), torch.Generator()
    settings = {k: v for k, v in GAN_2D.items() if k != "z_dim"}  # the game's; z_dim is the network's
    first, at_end, steps, seconds = [], [], 0, 0.0
    for seed in tqdm(range(seeds), desc="gan-2d", disable=quiet):
        torch.manual_seed(seed)  # the networks' initialization
        g = torch.Generator().manual_seed(seed)
        game = Game(gan2d.GAN2D(gan2d.GAN2DConfig(z_dim=GAN_2D["z_dim"])), lambda n: gan2d.sample("ring", n, g),
                    **settings, seed=seed)
        covered = None
        while game.step < max_steps:
            game.run(check_every)
            modes = gan2d.count_modes(game.gan.generate(game.gan.sample_z(500, z_seed.manual_seed(7))), centers)[0]
            if covered is None and modes == len(centers):
                covered = game.step
        first.append(covered)
        at_end.append(modes)
        steps, seconds = steps + game.step, seconds + game.seconds
    return {
        "seeds": seeds,
        "max_steps": max_steps,
        "threads": threads,
        "steps_per_s": round(steps / seconds, 1),
        "all_modes_at": first,  # per start: the first step with all 8 modes covered
        "starts_covering_all": sum(v is not None for v in first),
        "modes_at_end": at_end,
    }
