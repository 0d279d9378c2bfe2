"""Training and evaluating the VAE (genkit.vae) on dynamically binarized MNIST / Fashion-MNIST.

``python -m genkit.train vae --dataset mnist --z 16 --preset full``: Adam with a
one-cycle learning rate on the negative ELBO, each batch binarized afresh (every
pixel is 1 with probability its grey level: "dynamic binarization", the protocol of
Burda et al. 2016, so that our nats compare with published ones). The card's
picture is the decoded latent grid for z = 2, samples from the prior otherwise.

Evaluation (``python -m genkit.eval vae-mnist-z16``), the protocol:
  - test NLL = -log p(x) estimated with k = 1000 importance samples (Burda et al.,
    eq. 8) on the whole test set, binarized once with a fixed seed;
  - test negative ELBO on the whole binarized test set (one z per image);
  - FID-LeNet of 10,000 prior samples (mean images) against the test set, next to its floor.
`evaluate` reads optional attributes ``k``, ``n`` (test images) and ``n_fid`` of its
`args`, so that a CPU can run a subset; genkit.eval's namespace has none and gets the protocol.
"""

import torch
from tqdm import tqdm

from genkit import data, hub, viz
from genkit.loops.common import autocast, one_cycle_adam, seeded, start_clock, stop_clock, training_split
from genkit.metrics import N_FID
from genkit.vae import CONFIGS, VAE, binarize, latent_grid

PRESETS = {
    # smoke: seconds on a CPU, any data (the tests); cpu: 1 minute (z = 2) to 2.5 minutes (z = 16) on 2 quiet cores;
    # full: what an H100 runs in under a minute (whole data on the GPU, large batches)
    "smoke": dict(epochs=1, n_train=256, batch_size=64, lr=2e-3, beta=1.0),
    "cpu": dict(epochs=8, n_train=None, batch_size=128, lr=2e-3, beta=1.0),
    "full": dict(epochs=100, n_train=None, batch_size=256, lr=2e-3, beta=1.0),
}
Z_CHOICES = (2, 16)


def add_arguments(parser) -> None:
    parser.add_argument("--z", type=int, default=2, choices=Z_CHOICES, help="size of the latent variable z")


def picture(model: VAE, seed: int = 0):
    """The card's picture, made by the model: the decoded 20x20 latent grid (z = 2) or 64 prior samples."""
    model.eval()
    device = next(model.parameters()).device
    with torch.no_grad():
        if model.config.z == 2:
            return viz.to_pil(viz.grid(model.decode(latent_grid(20, device=device)).float().cpu(), nrow=20, pad=0), 2)
        x = model.sample(64, generator=torch.Generator().manual_seed(seed)).float().cpu()
    return viz.to_pil(viz.grid(x, nrow=8, pad=2), 3)


def train(args, device, record) -> dict:
    p = PRESETS[args.preset]
    g = seeded(args.seed)

    # 1. data: the whole split as one tensor on the device (grey levels; binarized per batch)
    x, _, batch_size = training_split(args, p, device)

    # 2. model and optimizer
    model = VAE(CONFIGS[args.z]).to(device)
    total = p["epochs"] * (len(x) // batch_size)
    opt, sched = one_cycle_adam(model, p["lr"], total, device)

    # 3. the loop: binarize, -ELBO, backward, step
    name = f"vae-{args.dataset}-z{args.z}"
    t0, bar = start_clock(total, name, args.quiet)
    for epoch in range(p["epochs"]):
        model.train()
        for idx in data.random_batches(len(x), batch_size, g, device):
            xb = binarize(x[idx])  # (B, 1, 28, 28) of 0/1, a fresh draw every time
            with autocast(device):
                loss, parts = model.loss(xb, beta=p["beta"])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            bar.update()
            if bar.n % 100 == 0:  # .item() waits for the GPU: not at every step
                bar.set_postfix(epoch=epoch, nelbo=f"{loss.item():.1f}", kl=f"{parts['kl'].item():.1f}")
    timing = stop_clock(t0, bar, device, total, batch_size)

    # 4. a quick figure on the test set (one z per image), then save with model-made samples as the picture
    x_test, _ = data.load(args.dataset, "test", args.data_dir, device)
    x_test = binarize(x_test[:2000], torch.Generator().manual_seed(0))
    neg_elbo = negative_elbo(model, x_test)
    record.update(**timing, epochs=p["epochs"], batch_size=batch_size, beta=p["beta"],
                  test_neg_elbo_2000=round(neg_elbo, 2))
    folder = hub.save(model.cpu(), name, args.out, record, sample=picture(model))
    return {"checkpoint": name, "folder": str(folder), "test_neg_elbo_2000": round(neg_elbo, 2)}


@torch.no_grad()
def negative_elbo(model: VAE, x_bin: torch.Tensor, batch_size: int = 1000) -> float:
    """-(rec - kl) averaged over binarized images, in nats, one z per image (seeded)."""
    model.eval()
    torch.manual_seed(0)
    total = 0.0
    for i in range(0, len(x_bin), batch_size):
        rec, kl = model.elbo_terms(x_bin[i : i + batch_size])
        total += (kl - rec).sum().item()
    return total / len(x_bin)


@torch.no_grad()
def test_nll(model: VAE, x_bin: torch.Tensor, k: int, device) -> float:
    """-log p(x) averaged over images, importance-weighted with k samples (Burda et al., eq. 8)."""
    model.eval()
    gen = torch.Generator().manual_seed(0)
    per_pass = 100_000 if device.type == "cuda" else 4_000  # decoder passes at once: images x samples
    chunk = min(k, per_pass)
    batch = max(1, per_pass // chunk)
    total = 0.0
    for i in tqdm(range(0, len(x_bin), batch), desc=f"IW k={k}", leave=False):
        total -= model.iw_log_px(x_bin[i : i + batch], k=k, chunk=chunk, generator=gen).sum().item()
    return total / len(x_bin)


def evaluate(name: str, model, args, device) -> dict:
    """Test NLL (IW, k samples), negative ELBO, FID-LeNet of prior samples and its floor."""
    from genkit.loops.classifier import fid_floor
    from genkit.metrics import fid_lenet

    e = hub.entry(name)
    k = getattr(args, "k", None) or 1000
    n = getattr(args, "n", None)
    n_fid = getattr(args, "n_fid", None) or N_FID
    x_test, _ = data.load(e.dataset, "test", args.data_dir, device)
    x_all = binarize(x_test, torch.Generator().manual_seed(0))  # the test set, binarized once (fixed seed)
    x_bin = x_all[: n or len(x_test)]  # the images of the IW estimate (all of them in the protocol)
    n_fid = min(n_fid, len(x_test))
    classifier = hub.load(f"classifier-{e.dataset}", device)
    model.eval()
    with torch.no_grad():
        samples = torch.cat([model.sample(min(1000, n_fid - i), generator=torch.Generator().manual_seed(i))
                             for i in range(0, n_fid, 1000)])
    out = {
        "test_nll_iw": round(test_nll(model, x_bin, k, device), 2),
        "test_neg_elbo": round(negative_elbo(model, x_all), 2),  # always the whole test set (cheap)
        "iw_k": k,
        "n_test": len(x_bin),
    }
    if len(x_bin) < len(x_all):  # a subset: the bound on the same images, to compare with the IW estimate
        out["test_neg_elbo_subset"] = round(negative_elbo(model, x_bin), 2)
    return {
        **out,
        "fid_lenet_prior_samples": round(fid_lenet(classifier, samples, x_test[:n_fid]), 3),
        "fid_lenet_floor": round(fid_floor(classifier, e.dataset, args.data_dir, device, n_fid), 3),
        "n_samples": n_fid,
    }
