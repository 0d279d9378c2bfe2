"""The VAE's maths against hand computations and torch.distributions, and smoke runs of both training loops.

References: Kingma & Welling (2014), appendix B (the KL in closed form); Burda et al.
(2016), eq. 8 (the importance-weighted estimate). The smoke runs train on a tiny IDX
folder written on the spot (tests/helpers.py), never on real data.
"""

import argparse
import json
import math

import pytest
import torch
from torch.distributions import Bernoulli, Normal, kl_divergence

from genkit import hub, train
from genkit.metrics import Classifier, ClassifierConfig
from genkit.vae import (CONFIGS, VAE, VAEConfig, bernoulli_log_likelihood, binarize, bound, kl_diagonal_gaussian,
                        latent_grid, lerp, reparameterization_draws, slerp)
from tests.helpers import make_idx_folder

TINY = VAEConfig(z=3, channels=(4, 8), hidden=16)


def tiny(seed=0) -> VAE:
    torch.manual_seed(seed)
    return VAE(TINY).eval()


def test_kl_matches_torch_distributions():
    mu, logvar = torch.randn(6, 5), torch.randn(6, 5)
    q = Normal(mu, (0.5 * logvar).exp())
    p = Normal(torch.zeros(5), torch.ones(5))
    assert torch.allclose(kl_diagonal_gaussian(mu, logvar), kl_divergence(q, p).sum(-1), atol=1e-5)
    assert kl_diagonal_gaussian(torch.zeros(1, 4), torch.zeros(1, 4)).item() == 0  # q = p


def test_elbo_terms_by_hand():
    model = tiny()
    x = binarize(torch.rand(4, 1, 28, 28), torch.Generator().manual_seed(1))
    eps = torch.randn(4, 3)
    with torch.no_grad():
        rec, kl = model.elbo_terms(x, eps)
        mu, logvar = model.encode(x)
        z = mu + torch.exp(0.5 * logvar) * eps
        p = torch.sigmoid(model.decode_logits(z))
        by_hand = (x * torch.log(p) + (1 - x) * torch.log(1 - p)).sum((1, 2, 3))
        assert torch.allclose(rec, by_hand, atol=1e-3)
        assert torch.allclose(rec, Bernoulli(logits=model.decode_logits(z)).log_prob(x).sum((1, 2, 3)), atol=1e-3)
        assert torch.allclose(kl, kl_divergence(Normal(mu, (0.5 * logvar).exp()), Normal(0.0, 1.0)).sum(-1), atol=1e-4)
        loss, parts = model.loss(x, beta=0.5)  # fresh eps: just the shape of the formula
        assert loss.dim() == 0 and set(parts) == {"rec", "kl"}
    assert rec.shape == kl.shape == (4,) and (kl >= 0).all() and (rec <= 0).all()


def test_bernoulli_log_likelihood_of_certain_pixels():
    logits = torch.full((1, 1, 28, 28), 30.0)
    assert bernoulli_log_likelihood(logits, torch.ones(1, 1, 28, 28)).item() == pytest.approx(0, abs=1e-6)
    assert bernoulli_log_likelihood(torch.zeros(1, 1, 28, 28), torch.ones(1, 1, 28, 28)).item() == pytest.approx(
        -784 * math.log(2), rel=1e-5)


def test_reparameterize_mean_and_std():
    mu, logvar = torch.tensor([[1.5, -2.0]]), torch.log(torch.tensor([[0.25, 4.0]]))
    torch.manual_seed(0)
    z = VAE.reparameterize(mu.expand(200_000, 2), logvar.expand(200_000, 2))
    assert torch.allclose(z.mean(0), mu[0], atol=0.02)
    assert torch.allclose(z.std(0), torch.tensor([0.5, 2.0]), atol=0.02)
    assert torch.equal(VAE.reparameterize(mu, logvar, torch.zeros(1, 2)), mu)  # eps = 0: the mean
    mu.requires_grad_(True)
    VAE.reparameterize(mu, logvar).sum().backward()  # the gradient reaches mu through the sampling
    assert torch.equal(mu.grad, torch.ones_like(mu))


class Toy(VAE):
    """q(z|x) = N(0.5, I) whatever x (not the true posterior), and a decoder very sensitive to z."""

    W = torch.randn(3, 784, generator=torch.Generator().manual_seed(0))

    def encode(self, x):
        return torch.full((len(x), 3), 0.5), torch.zeros(len(x), 3)

    def decode_logits(self, z):
        return (z @ self.W).view(-1, 1, 28, 28)


def test_iwae_k1_is_the_elbo_in_expectation_and_increases_with_k():
    model = Toy(TINY).eval()
    x = binarize(torch.rand(4, 1, 28, 28), torch.Generator().manual_seed(2))
    n = 4000
    with torch.no_grad():
        torch.manual_seed(0)
        rec, kl = model.elbo_terms(x.repeat(n, 1, 1, 1))
        elbo = (rec - kl).view(n, 4)  # (n, 4): n one-sample ELBOs per image
        k1 = model.iw_log_px(x.repeat(n, 1, 1, 1), k=1, generator=torch.Generator().manual_seed(1)).view(n, 4)
        se = (elbo.std(0) ** 2 / n + k1.std(0) ** 2 / n).sqrt()
        assert ((k1.mean(0) - elbo.mean(0)).abs() < 4 * se).all()  # same expectation, within Monte Carlo error
        means = [model.iw_log_px(x.repeat(20, 1, 1, 1), k=k, chunk=64, generator=torch.Generator().manual_seed(k))
                 .mean().item() for k in (1, 10, 100)]
    assert means[0] < means[1] < means[2]


def test_bound_and_draws_helpers():
    model = tiny()
    x = binarize(torch.rand(1, 28, 28), torch.Generator().manual_seed(3))
    b = bound(model, x, samples=16, k=50, generator=torch.Generator().manual_seed(0))
    assert b["elbo"] == pytest.approx(b["rec"] - b["kl"]) and b["kl"] >= 0 and b["k"] == 50
    r = reparameterization_draws(model, x, 5, torch.Generator().manual_seed(0))
    assert r["eps"].shape == r["z"].shape == (5, 3) and r["x"].shape == (5, 1, 28, 28)
    assert torch.allclose(r["z"], r["mu"] + r["sigma"] * r["eps"], atol=1e-6)


def test_paths_and_grid():
    z0, z1 = torch.tensor([1.0, 0.0]), torch.tensor([0.0, 2.0])
    for path in (lerp, slerp):
        p = path(z0, z1, 5)
        assert p.shape == (5, 2) and torch.allclose(p[0], z0, atol=1e-5) and torch.allclose(p[-1], z1, atol=1e-5)
    s = slerp(z0, z1, 3)
    assert s[1].norm().item() == pytest.approx(1.5, abs=1e-5)  # norms interpolated, direction on the circle
    assert torch.allclose(slerp(z0, z0, 4), z0.expand(4, 2))  # same point: no division by zero
    g = latent_grid(20)
    assert g.shape == (400, 2) and g[0].tolist() == [-3.0, 3.0] and g[-1].tolist() == [3.0, -3.0]


def test_sample_temperature_zero_is_the_decoded_origin():
    model = tiny()
    with torch.no_grad():
        assert torch.allclose(model.sample(3, temperature=0.0), model.decode(torch.zeros(1, 3)).expand(3, -1, -1, -1))


def test_save_load_round_trip(tmp_path, monkeypatch):
    monkeypatch.setenv("GENKIT_CHECKPOINTS", str(tmp_path))
    model = VAE(CONFIGS[16]).eval()
    hub.save(model, "vae-mnist-z16", train_record={"command": "test"})
    back = hub.load("vae-mnist-z16")
    assert isinstance(back, VAE) and back.config == model.config
    x = torch.rand(2, 1, 28, 28)
    with torch.no_grad():
        for a, b in zip(back.encode(x), model.encode(x)):
            assert torch.allclose(a, b, atol=2e-2)


# ----------------------------------------------------------------------------- the training loops


@pytest.fixture(scope="module")
def idx_folder(tmp_path_factory):
    return make_idx_folder(tmp_path_factory.mktemp("data"), n_train=256, n_test=64)


@pytest.mark.parametrize("kind", ["ae", "vae"])
def test_smoke_training_and_evaluation(kind, idx_folder, tmp_path, monkeypatch):
    monkeypatch.setenv("GENKIT_CHECKPOINTS", str(tmp_path))
    summary = train.main([kind, "--dataset", "mnist", "--z", "2", "--preset", "smoke", "--data-dir", str(idx_folder),
                          "--out", str(tmp_path), "--quiet"])
    name = f"{kind}-mnist-z2"
    assert summary["checkpoint"] == name and summary["images_per_s"] > 0
    folder = tmp_path / name
    for f in ("config.json", "model.safetensors", "README.md", "train.json", "sample.png"):
        assert (folder / f).exists(), f
    record = json.loads((folder / "train.json").read_text())
    assert record["command"] == f"python -m genkit.train {kind} --dataset mnist --z 2 --preset smoke"
    # evaluation, on a subset, with an (untrained) classifier for FID-LeNet
    hub.save(Classifier(ClassifierConfig()), "classifier-mnist", tmp_path)
    model = hub.load(name)
    args = argparse.Namespace(data_dir=str(idx_folder), k=5, n=16, n_fid=64)
    metrics = train.loop(kind).evaluate(name, model, args, torch.device("cpu"))
    if kind == "vae":
        assert metrics["iw_k"] == 5 and metrics["n_test"] == 16
        assert metrics["test_nll_iw"] <= metrics["test_neg_elbo"] + 5  # the IW bound is (nearly always) tighter
        assert {"fid_lenet_prior_samples", "fid_lenet_floor"} <= set(metrics)
    else:
        assert {"test_mse", "fid_lenet_reconstructions", "fid_lenet_random_codes", "fid_lenet_floor"} <= set(metrics)
    assert metrics["n_samples"] == 64


def test_cpu_preset_exists_and_z_is_checked():
    from genkit.loops import ae, vae

    for module in (ae, vae):
        assert {"smoke", "cpu", "full"} <= set(module.PRESETS)
    with pytest.raises(SystemExit):
        train.main(["vae", "--z", "5", "--preset", "smoke"])
