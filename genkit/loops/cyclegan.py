"""Training and evaluating the CycleGAN (genkit.cyclegan): handwritten digits <-> typeset digits.

``python -m genkit.train cyclegan --dataset mnist --preset smoke|cpu|full``: first the domain
classifier C (real A vs real B, a few hundred steps, then frozen), then the game of Zhu et al.
(2017): each step draws a batch of MNIST training digits (A) and a batch of freshly rendered
typeset digits (B, genkit/typeset.py), never paired, and runs genkit.cyclegan.train_step
(eq. 3 for G and F, eq. 1 for D_A and D_B). Adam (beta1 = 0.5), the learning rate constant for
the first half of the run, then linearly down to 0 (section 4). ``--preset cpu`` runs on one
thread in about 20 minutes alone, 27 on this shared machine beside two other runs (it made the committed
checkpoint).

Besides the checkpoint, the run leaves in its folder the replay of the tab:

    replay.json   MOMENTS moments (step, seconds, the loss terms averaged since the last moment),
                  the loss curves, and which test images the tiles translate (MNIST test indices
                  for A, typeset seeds for B)
    replay.png    at each moment, G of the 8 fixed A test images above F of the 8 fixed B test
                  images, tiles side by side (translations only, never dataset images)

``python -m genkit.eval cyclegan-digits`` measures content kept (the project's digit classifier,
classifier-mnist, reads G(a) and F(b) as the input's digit), style changed (C says "B" for G(a)
and "A" for F(b)) and the cycle error, on 2,000 test images each way.
"""

import json
import time
from pathlib import Path

import torch

from genkit import hub, typeset, viz
from genkit.cyclegan import CycleGAN, CycleGANConfig, make_cycle_optimizers, train_classifier, train_step
from genkit.loops.common import seeded, start_clock, stop_clock, training_split

DATASETS = {"mnist": None}  # A is MNIST; B is rendered (genkit/typeset.py)
PRESETS = {
    # smoke: seconds on a CPU, any data; cpu: ~17-25 min on one shared thread (the committed checkpoint); full: the
    # GPU recipe. lam_id: the identity weight (the paper's 0.5 lambda made G and F copy their input in the cpu run)
    "smoke": dict(steps=12, n_train=256, batch_size=8, lr=2e-4, channels=4, blocks=1, d_channels=4, d_extra=1,
                  c_channels=4, c_steps=5, lam_id=0.5),
    "cpu": dict(steps=2400, n_train=None, batch_size=32, lr=3e-4, channels=16, blocks=3, d_channels=32, d_extra=1,
                c_channels=16, c_steps=800, lam_id=0.5),
    "full": dict(steps=20000, n_train=None, batch_size=64, lr=2e-4, channels=32, blocks=4, d_channels=32, d_extra=1,
                 c_channels=16, c_steps=1500, lam_id=0.5),
}
LAMBDA = 10.0  # the paper's lambda (the identity weight is the preset's lam_id)
MOMENTS = 12  # tiles kept for the replay
FIXED = 8  # test images of each domain in a tile
TERMS = ("loss_g", "adv", "cycle", "identity", "loss_d")
N_EVAL = 2000  # test images each way


def fixed_inputs(data_dir=None) -> tuple[torch.Tensor | None, torch.Tensor]:
    """The replay's fixed inputs: the first FIXED MNIST test digits (None without the data) and B's first test seeds."""
    from genkit import data

    try:
        a = data.load("mnist", "test", data_dir)[0][:FIXED]
    except (data.DataNotFoundError, ValueError, OSError):
        a = None
    return a, typeset.test_set(FIXED)[0]


def replay_tile(model: CycleGAN, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """G(a) above F(b) for the fixed inputs: (1, 2 * 29 + 1, FIXED * 29 + 1) in [0, 1] (1-pixel white gaps)."""
    was = model.training
    model.eval()
    x = torch.cat([model.translate(a, "a2b"), model.translate(b, "b2a")]).float().cpu()  # (2 * FIXED, 1, 28, 28)
    model.train(was)
    return viz.grid(x, nrow=FIXED, pad=1, value=1.0)


def save_replay(folder: Path, moments: list, tiles: list, curves: dict, cols: int = 4) -> None:
    """replay.json and replay.png (the tiles laid out `cols` per row) in the checkpoint folder."""
    strip = viz.grid(torch.stack(tiles), nrow=cols, pad=0)
    viz.to_pil(strip).save(folder / "replay.png", optimize=True)
    h, w = tiles[0].shape[-2:]
    record = {"tile": {"height": h, "width": w, "cols": cols, "count": len(tiles)},
              "inputs": {"a_test_indices": list(range(FIXED)), "b_seeds": [typeset.TEST_SEED + i for i in range(FIXED)]},
              "moments": moments, "curves": curves}
    (folder / "replay.json").write_text(json.dumps(record) + "\n")


def train(args, device, record) -> dict:
    p = PRESETS[args.preset]
    g = seeded(args.seed)

    # 1. data: A = the MNIST training split (in [0, 1]); B = typeset digits rendered as we go, never paired
    xa, _, b = training_split(args, p, device)
    stream = typeset.Stream(args.seed)
    sample_a = lambda n: xa[torch.randint(len(xa), (n,), generator=g).to(device)]  # noqa: E731
    sample_b = lambda n: stream.next(n).to(device)  # noqa: E731

    # 2. the model: two generators, two discriminators, the domain classifier
    config = CycleGANConfig(channels=p["channels"], blocks=p["blocks"], d_channels=p["d_channels"],
                            d_extra=p["d_extra"], c_channels=p["c_channels"])
    model = CycleGAN(config).to(device)
    c_acc = train_classifier(model, sample_a, sample_b, p["c_steps"])
    opt_g, opt_d = make_cycle_optimizers(model, p["lr"])
    total = p["steps"]
    decay = lambda s: min(1.0, 2.0 * (total - s) / total)  # noqa: E731 - constant, then linearly to 0 (section 4)
    scheds = [torch.optim.lr_scheduler.LambdaLR(o, decay) for o in (opt_g, opt_d)]
    fixed_a, fixed_b = fixed_inputs(args.data_dir)
    fixed_a = xa[:FIXED] if fixed_a is None else fixed_a  # (smoke runs on made-up data: any 8 images will do)
    fixed_a, fixed_b = fixed_a.to(device), fixed_b.to(device)

    # 3. the loop, with a pause at each of the replay's moments
    marks = {max(1, round(total * (i + 1) / MOMENTS)) for i in range(MOMENTS)}
    history, moments, tiles, since = [], [], [], 0
    t0, bar = start_clock(total, "cyclegan-digits", args.quiet)
    model.train()
    for step in range(1, total + 1):
        a, bb = sample_a(b) * 2 - 1, sample_b(b) * 2 - 1  # (b, 1, 28, 28) each, in [-1, 1]
        r = train_step(model, opt_g, opt_d, a, bb, LAMBDA, p["lam_id"])
        for s in scheds:
            s.step()
        history.append([r[k] for k in TERMS])
        bar.update(1)
        if step in marks:
            recent = torch.tensor(history[since:]).mean(0).tolist()
            since = len(history)
            moments.append({"step": step, "seconds": round(time.perf_counter() - t0, 1),
                            **{k: round(v, 4) for k, v in zip(TERMS, recent)}})
            tiles.append(replay_tile(model, fixed_a, fixed_b))
            bar.set_postfix(cycle=f"{recent[2]:.3f}", loss_d=f"{recent[4]:.3f}")
    record.update(stop_clock(t0, bar, device, total, 2 * b))
    record.update(batch_size=b, lr=p["lr"], lambda_cycle=LAMBDA, lambda_identity=p["lam_id"],
                  classifier_steps=p["c_steps"], classifier_last_batch_accuracy=round(c_acc, 4))

    # 4. the checkpoint (sample: the last tile, enlarged) and the replay beside it
    every = max(1, total // 300)
    h = torch.tensor(history)[: total // every * every].view(-1, every, len(TERMS)).mean(1)
    curves = {"step": list(range(every, total // every * every + 1, every)),
              **{k: [round(v, 4) for v in h[:, i].tolist()] for i, k in enumerate(TERMS)}}
    name = "cyclegan-digits"
    folder = Path(args.out) / name
    folder.mkdir(parents=True, exist_ok=True)
    save_replay(folder, moments, tiles, curves)
    model.eval()
    folder = hub.save(model.cpu(), name, args.out, record, sample=viz.to_pil(tiles[-1], scale=3))
    last = moments[-1]
    return {"checkpoint": name, "folder": str(folder), "cycle": last["cycle"], "loss_d": last["loss_d"]}


@torch.no_grad()
def _read(classifier, x: torch.Tensor) -> torch.Tensor:
    from genkit.metrics import predict

    return predict(classifier, x)[1].argmax(1)


@torch.no_grad()
def evaluate(name: str, model: CycleGAN, args, device) -> dict:
    """Content kept, style changed, the cycle error and the domain classifier's accuracy, N_EVAL images each way."""
    from genkit import data

    classifier = hub.load("classifier-mnist", device)
    xa, ya = data.load("mnist", "test", args.data_dir, device)
    n = min(N_EVAL, len(xa))
    xa, ya = xa[:n], ya[:n]
    xb, yb = typeset.test_set(n)
    xb, yb = xb.to(device), yb.to(device)
    model.eval()
    ga, back_a = model.cycle(xa, "a2b")  # G(a), F(G(a))
    fb, back_b = model.cycle(xb, "b2a")  # F(b), G(F(b))
    is_b = lambda x: model.p_typeset(x) > 0.5  # noqa: E731
    domain_acc = 0.5 * ((~is_b(xa)).float().mean() + is_b(xb).float().mean()).item()
    return {
        "content_kept_a2b": round((_read(classifier, ga) == ya).float().mean().item(), 4),
        "content_kept_b2a": round((_read(classifier, fb) == yb).float().mean().item(), 4),
        "style_a2b": round(is_b(ga).float().mean().item(), 4),
        "style_b2a": round((~is_b(fb)).float().mean().item(), 4),
        "cycle_l1": round(0.5 * ((back_a - xa).abs().mean() + (back_b - xb).abs().mean()).item(), 4),
        "cycle_l1_a": round((back_a - xa).abs().mean().item(), 4),
        "cycle_l1_b": round((back_b - xb).abs().mean().item(), 4),
        "domain_accuracy": round(domain_acc, 4),
        "classifier_reads_typeset": round((_read(classifier, xb) == yb).float().mean().item(), 4),
        "n_images": n,
    }
