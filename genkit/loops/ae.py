"""Training and evaluating the autoencoder (genkit.autoencoder) on MNIST / Fashion-MNIST.

``python -m genkit.train ae --dataset mnist --z 2 --preset full``: Adam with a
one-cycle learning rate on the squared reconstruction error, on grey-level images.
The card's picture is made by the model: codes drawn from a Gaussian fitted to the
training codes (mean and standard deviation per dimension), decoded.

Evaluation (``python -m genkit.eval ae-mnist-z2``): mean squared error per pixel on
the test set; FID-LeNet of the reconstructions of the test images against the test
images; FID-LeNet of random codes z ~ N(0, I) decoded (the autoencoder's "samples",
to compare with the VAE's), and the floor. `evaluate` reads an optional ``n_fid``
attribute of its `args` (default 10,000) so that a CPU can run a subset.
"""

import torch

from genkit import data, hub, viz
from genkit.autoencoder import CONFIGS, Autoencoder
from genkit.loops.common import autocast, one_cycle_adam, seeded, start_clock, stop_clock, training_split
from genkit.metrics import N_FID

PRESETS = {
    # smoke: seconds on a CPU, any data (the tests); cpu: 1 minute (z = 2) to 2.5 minutes (z = 16) on 2 quiet cores;
    # full: what an H100 runs in under a minute (whole data on the GPU, large batches)
    "smoke": dict(epochs=1, n_train=256, batch_size=64, lr=2e-3),
    "cpu": dict(epochs=8, n_train=None, batch_size=128, lr=2e-3),
    "full": dict(epochs=50, n_train=None, batch_size=256, lr=2e-3),
}
Z_CHOICES = (2, 16)


def add_arguments(parser) -> None:
    parser.add_argument("--z", type=int, default=2, choices=Z_CHOICES, help="size of the bottleneck (the code)")


@torch.no_grad()
def encode_all(model: Autoencoder, x: torch.Tensor, batch_size: int = 1000) -> torch.Tensor:
    model.eval()
    return torch.cat([model.encode(x[i : i + batch_size]) for i in range(0, len(x), batch_size)])


@torch.no_grad()
def picture(model: Autoencoder, codes: torch.Tensor, seed: int = 0):
    """64 codes from a Gaussian fitted to the training codes, decoded: a picture the model made."""
    mean, std = codes.mean(0).cpu(), codes.std(0).cpu()
    z = mean + std * torch.randn(64, codes.shape[1], generator=torch.Generator().manual_seed(seed))
    x = model.decode(z.to(next(model.parameters()).device)).float().cpu()
    return viz.to_pil(viz.grid(x, nrow=8, pad=2), 3)


def train(args, device, record) -> dict:
    p = PRESETS[args.preset]
    g = seeded(args.seed)

    # 1. data: the whole split as one tensor on the device
    x, _, batch_size = training_split(args, p, device)

    # 2. model and optimizer
    model = Autoencoder(CONFIGS[args.z]).to(device)
    total = p["epochs"] * (len(x) // batch_size)
    opt, sched = one_cycle_adam(model, p["lr"], total, device)

    # 3. the loop: reconstruct, squared error, backward, step
    name = f"ae-{args.dataset}-z{args.z}"
    t0, bar = start_clock(total, name, args.quiet)
    for epoch in range(p["epochs"]):
        model.train()
        for idx in data.random_batches(len(x), batch_size, g, device):
            with autocast(device):
                loss = model.loss(x[idx])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            bar.update()
            if bar.n % 100 == 0:  # .item() waits for the GPU: not at every step
                bar.set_postfix(epoch=epoch, loss=f"{loss.item():.2f}")
    timing = stop_clock(t0, bar, device, total, batch_size)

    # 4. test error, then save with decoded codes as the picture
    x_test, _ = data.load(args.dataset, "test", args.data_dir, device)
    mse = test_mse(model, x_test)
    record.update(**timing, epochs=p["epochs"], batch_size=batch_size, test_mse=round(mse, 5))
    sample = picture(model, encode_all(model, x[:5000]))
    folder = hub.save(model.cpu(), name, args.out, record, sample=sample)
    return {"checkpoint": name, "folder": str(folder), "test_mse": round(mse, 5)}


@torch.no_grad()
def reconstruct_all(model: Autoencoder, x: torch.Tensor, batch_size: int = 1000) -> torch.Tensor:
    model.eval()
    return torch.cat([model(x[i : i + batch_size]) for i in range(0, len(x), batch_size)])


def test_mse(model: Autoencoder, x_test: torch.Tensor) -> float:
    """Mean squared error per pixel on the test images."""
    return (reconstruct_all(model, x_test) - x_test).square().mean().item()


def evaluate(name: str, model, args, device) -> dict:
    """Test MSE, FID-LeNet of the reconstructions and of decoded N(0, I) codes, and the floor."""
    from genkit.loops.classifier import fid_floor
    from genkit.metrics import fid_lenet

    e = hub.entry(name)
    n_fid = getattr(args, "n_fid", None) or N_FID
    x_test, _ = data.load(e.dataset, "test", args.data_dir, device)
    n_fid = min(n_fid, len(x_test))
    classifier = hub.load(f"classifier-{e.dataset}", device)
    recon = reconstruct_all(model, x_test[:n_fid])
    with torch.no_grad():
        z = torch.randn(n_fid, model.config.z, generator=torch.Generator().manual_seed(0)).to(device)
        random_codes = torch.cat([model.decode(z[i : i + 1000]) for i in range(0, n_fid, 1000)])
    return {
        "test_mse": round(test_mse(model, x_test), 5),
        "fid_lenet_reconstructions": round(fid_lenet(classifier, recon, x_test[:n_fid]), 3),
        "fid_lenet_random_codes": round(fid_lenet(classifier, random_codes, x_test[:n_fid]), 3),
        "fid_lenet_floor": round(fid_floor(classifier, e.dataset, args.data_dir, device, n_fid), 3),
        "n_samples": n_fid,
    }
