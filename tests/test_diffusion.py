"""Diffusion: schedules, q_sample and the loss, the U-Net, and the DDPM / DDIM samplers.

The samplers are checked on a toy problem where the best eps-model is known in
closed form: data x0 ~ N(mu, s^2), so x_t ~ N(sqrt(alpha_bar) mu, alpha_bar s^2 + 1 - alpha_bar) and
E[eps | x_t] = sqrt(1 - alpha_bar) (x_t - sqrt(alpha_bar) mu) / (alpha_bar s^2 + 1 - alpha_bar).
A sampler given that model must return samples with mean mu and variance s^2.
"""

import math

import pytest
import torch

from genkit import diffusion
from genkit.diffusion import (at, cosine_schedule, linear_schedule, make_schedule, predict_x0, q_sample,
                              to_eps_x0, v_target)
from genkit.samplers import ddim_sample, ddim_steps, ddpm_sample, sdedit, timesteps
from genkit.unet import PRESETS, UNet, UNetConfig

MU, S = 0.3, 0.6  # the toy data distribution N(MU, S^2)


class GaussianEps:
    """The exact eps-model (or v-model) for data x0 ~ N(MU, S^2)."""

    def __init__(self, schedule, target="eps"):
        self.schedule, self.target = schedule, target

    def __call__(self, xt, t, cond=None):
        alpha_bar = at(self.schedule.alpha_bar, t, xt)
        eps = (1 - alpha_bar).sqrt() * (xt - alpha_bar.sqrt() * MU) / (alpha_bar * S**2 + 1 - alpha_bar)
        if self.target == "eps":
            return eps
        x0 = predict_x0(self.schedule, xt, t, eps)
        return v_target(self.schedule, x0, t, eps)


pytestmark = pytest.mark.usefixtures("one_thread")  # see conftest.py


def tiny(**changes) -> UNet:
    torch.manual_seed(0)
    cfg = UNetConfig(**{**PRESETS["tiny"].__dict__, **changes})
    return UNet(cfg).eval()


def moments(x):
    return x.mean().item(), x.var().item()


# ----------------------------------------------------------------------------- schedules, q_sample, loss


@pytest.mark.parametrize("schedule", [linear_schedule(), cosine_schedule()], ids=["linear", "cosine"])
def test_schedule_properties(schedule):
    T, beta, alpha, alpha_bar = schedule.T, schedule.beta, schedule.alpha, schedule.alpha_bar
    assert T == 1000 and beta.shape == alpha.shape == alpha_bar.shape == (T + 1,)
    assert beta.dtype == alpha_bar.dtype == torch.float32
    assert alpha_bar[0] == 1 and beta[0] == 0  # index 0: the clean image
    assert (alpha_bar[1:] < alpha_bar[:-1]).all(), "alpha_bar must decrease"
    assert (alpha_bar > 0).all() and (alpha_bar <= 1).all()
    assert (beta[1:] > 0).all() and (beta < 1).all()
    torch.testing.assert_close(alpha, 1 - beta)
    torch.testing.assert_close(alpha_bar, torch.cumprod(alpha.double(), 0).float())
    snr = schedule.snr(torch.arange(T + 1))
    assert math.isinf(snr[0]) and (snr[2:] < snr[1:-1]).all()
    assert alpha_bar[T] < 1e-4  # x_T is (almost) pure noise


def test_schedule_values():
    lin = linear_schedule(T=1000)
    assert lin.beta[1].item() == pytest.approx(1e-4) and lin.beta[1000].item() == pytest.approx(0.02)
    cos = cosine_schedule(T=1000, s=0.008)  # eq. 17, away from the clipping of beta at the end
    t = torch.arange(990, dtype=torch.float64)
    f = torch.cos((t / 1000 + 0.008) / 1.008 * math.pi / 2) ** 2
    torch.testing.assert_close(cos.alpha_bar[:990].double(), f / f[0], rtol=1e-5, atol=1e-7)
    assert make_schedule("cosine", 50).T == 50
    with pytest.raises(ValueError, match="unknown schedule"):
        make_schedule("sigmoid")


def test_q_sample_at_t0_is_x0_and_predict_x0_inverts_it():
    s = cosine_schedule()
    x0, eps = torch.randn(4, 1, 8, 8), torch.randn(4, 1, 8, 8)
    assert torch.equal(q_sample(s, x0, torch.zeros(4, dtype=torch.long), eps), x0)
    t = torch.tensor([1, 10, 500, 900])
    torch.testing.assert_close(predict_x0(s, q_sample(s, x0, t, eps), t, eps), x0, rtol=1e-4, atol=1e-4)


def test_v_prediction_converts_back():
    s = linear_schedule()
    x0, eps, t = torch.randn(3, 1, 4, 4), torch.randn(3, 1, 4, 4), torch.tensor([1, 300, 1000])
    xt = q_sample(s, x0, t, eps)
    eps2, x02 = to_eps_x0(s, xt, t, v_target(s, x0, t, eps), target="v")
    torch.testing.assert_close(eps2, eps, atol=1e-4, rtol=1e-4)
    torch.testing.assert_close(x02, x0, atol=1e-4, rtol=1e-4)


@pytest.mark.parametrize("schedule", [linear_schedule(), cosine_schedule()], ids=["linear", "cosine"])
def test_q_sample_moments(schedule):
    g = torch.Generator().manual_seed(0)
    x0 = torch.full((20_000, 1, 1, 1), 0.7)
    for t in (1, 100, 500, 1000):
        tt = torch.full((len(x0),), t)
        xt = q_sample(schedule, x0, tt, diffusion.noise(x0.shape, g))
        mean, var = moments(xt)
        alpha_bar = schedule.alpha_bar[t].item()
        assert mean == pytest.approx(math.sqrt(alpha_bar) * 0.7, abs=0.03)
        assert var == pytest.approx(1 - alpha_bar, abs=0.03 * (1 - alpha_bar) + 1e-6)


@pytest.mark.parametrize("target", ["eps", "v"])
def test_loss_is_reproducible_and_trains_the_unet(target):
    model, s = tiny(), linear_schedule(T=100)
    x0 = torch.rand(4, 1, 28, 28) * 2 - 1
    l1 = diffusion.loss(model, s, x0, torch.Generator().manual_seed(1), target=target)
    l2 = diffusion.loss(model, s, x0, torch.Generator().manual_seed(1), target=target)
    assert l1.dim() == 0 and torch.isfinite(l1) and l1.item() == l2.item()
    l1.backward()
    assert all(p.grad is not None for p in model.parameters())
    # the exact model has a lower loss than predicting zeros
    x0 = MU + S * torch.randn(512, 1, 1, 1)
    best = diffusion.loss(GaussianEps(s, target), s, x0, torch.Generator().manual_seed(2), target=target)
    zero = diffusion.loss(lambda xt, t, cond=None: torch.zeros_like(xt), s, x0, torch.Generator().manual_seed(2),
                          target=target)
    assert best < zero
    with pytest.raises(ValueError, match="target"):
        diffusion.loss(model, s, x0, target="noise")


# ----------------------------------------------------------------------------- the U-Net


@pytest.mark.parametrize("preset,size,channels", [("tiny", 28, 1), ("tiny", 32, 3), ("small", 28, 1),
                                                  ("small", 32, 3)])
def test_unet_shapes(preset, size, channels):
    model = tiny(image_size=size, image_channels=channels) if preset == "tiny" else \
        UNet(UNetConfig(**{**PRESETS[preset].__dict__, "image_size": size, "image_channels": channels})).eval()
    x = torch.randn(2, channels, size, size)
    with torch.no_grad():
        assert model(x, torch.tensor([1, 999])).shape == x.shape
        assert model(x, torch.tensor([0.5, 10.0])).shape == x.shape  # float t too
        assert model(x, torch.tensor(7)).shape == x.shape  # one t for the batch


def test_unet_layout_and_skips():
    model = UNet(PRESETS["small"]).eval()
    names = dict(model.named_modules())
    for name in ("conv_in", "down.0.res.0", "down.0.downsample", "down.2.attn.0", "mid.res.1", "mid.attn",
                 "up.0.res.0", "up.0.upsample", "up.1.res.0", "up.2.res.0", "conv_out"):
        assert name in names, name
    assert "up.2.upsample" not in names and "down.2.downsample" not in names and "mid.xattn" not in names
    shapes = {}
    hooks = [names[n].register_forward_hook(lambda m, i, o, n=n: shapes.__setitem__(n, tuple(o.shape)))
             for n in ("down.0", "down.1", "down.2", "mid", "up.0", "up.1", "up.2", "up.0.upsample")]
    with torch.no_grad():
        model(torch.randn(2, 1, 28, 28), torch.tensor([3, 4]))
    for h in hooks:
        h.remove()
    assert shapes == {"down.0": (2, 24, 28, 28), "down.1": (2, 48, 14, 14), "down.2": (2, 96, 7, 7),
                      "mid": (2, 96, 7, 7), "up.0": (2, 96, 7, 7), "up.1": (2, 48, 14, 14),
                      "up.2": (2, 24, 28, 28), "up.0.upsample": (2, 48, 14, 14)}
    assert 1e6 < sum(p.numel() for p in model.parameters()) < 3e6


def test_unet_errors():
    with pytest.raises(ValueError, match="halved"):
        UNetConfig(image_size=30)
    with pytest.raises(ValueError, match="norm_groups"):
        UNetConfig(channels=12)
    with pytest.raises(ValueError, match="attention_levels"):
        UNetConfig(attention_levels=(3,))
    model = tiny()
    with pytest.raises(ValueError, match="unconditional"):
        model(torch.randn(1, 1, 28, 28), torch.tensor([1]), cond=torch.randn(1, 8))
    with pytest.raises(ValueError, match="expected"):
        model(torch.randn(1, 3, 28, 28), torch.tensor([1]))


def test_unet_cond_shapes():
    model = tiny(cond_dim=16)
    assert "mid.xattn" in dict(model.named_modules()) and model.cond_embed is not None
    x, t = torch.randn(2, 1, 28, 28), torch.tensor([5, 50])
    tokens, pooled = torch.randn(2, 7, 16), torch.randn(2, 16)
    mask = torch.tensor([[True] * 7, [True] * 3 + [False] * 4])
    with torch.no_grad():
        outs = [model(x, t, cond) for cond in (None, tokens, pooled,
                                               {"tokens": tokens, "mask": mask, "pooled": pooled})]
        assert all(o.shape == x.shape and torch.isfinite(o).all() for o in outs)
        assert not torch.allclose(outs[0], outs[1]) and not torch.allclose(outs[0], outs[2])
        # padding tokens are ignored: changing them leaves the output alone
        tokens2 = tokens.clone()
        tokens2[1, 3:] = 100
        again = model(x, t, {"tokens": tokens2, "mask": mask, "pooled": pooled})
        torch.testing.assert_close(again, outs[3])
    with pytest.raises(ValueError, match="cond"):
        model(x, t, {"words": tokens})
    with pytest.raises(ValueError, match="cond_dim"):
        model(x, t, torch.randn(2, 8))


def test_hub_round_trip(tmp_path):
    model = tiny(cond_dim=8)
    model.save_pretrained(tmp_path)
    loaded = UNet.from_pretrained(tmp_path)
    assert loaded.config == model.config and not loaded.training
    # the checkpoint is fp16: compare with the same weights rounded to fp16
    model.load_state_dict({k: v.half().float() for k, v in model.state_dict().items()})
    x, t, cond = torch.randn(2, 1, 28, 28), torch.tensor([3, 700]), torch.randn(2, 4, 8)
    with torch.no_grad():
        torch.testing.assert_close(loaded(x, t, cond), model(x, t, cond), atol=1e-5, rtol=1e-5)


# ----------------------------------------------------------------------------- samplers


def test_timesteps():
    assert timesteps(1000, 4) == [1000, 750, 500, 250, 0]
    assert timesteps(10, 10) == list(range(10, -1, -1))
    assert timesteps(1000, 7)[0] == 1000 and len(set(timesteps(1000, 7))) == 8
    with pytest.raises(ValueError, match="steps"):
        timesteps(10, 11)


def test_tiny_model_samples_are_reproducible():
    model, s = tiny(), linear_schedule(T=50)
    for sample in (lambda g: ddim_sample(model, s, (2, 1, 28, 28), steps=5, eta=1.0, generator=g)[0],
                   lambda g: ddpm_sample(model, s, (2, 1, 28, 28), generator=g, steps=10)[0]):
        a, b = sample(torch.Generator().manual_seed(0)), sample(torch.Generator().manual_seed(0))
        c = sample(torch.Generator().manual_seed(1))
        assert torch.equal(a, b) and not torch.equal(a, c)
        assert a.shape == (2, 1, 28, 28) and a.abs().max() <= 1  # x0 is clipped to [-1, 1]


def test_ddim_eta0_is_deterministic_given_x_T():
    model, s = tiny(), cosine_schedule(T=50)
    x_T = torch.randn(2, 1, 28, 28)
    a, _ = ddim_sample(model, s, steps=5, eta=0.0, generator=torch.Generator().manual_seed(0), x_T=x_T)
    b, _ = ddim_sample(model, s, steps=5, eta=0.0, generator=torch.Generator().manual_seed(1), x_T=x_T)
    assert torch.equal(a, b)


def test_intermediates_shapes_and_count():
    model, s = tiny(), linear_schedule(T=40)
    x, steps = ddim_sample(model, s, (3, 1, 28, 28), steps=8, generator=torch.Generator().manual_seed(0))
    assert len(steps) == 8 and [st.i for st in steps] == list(range(8))
    assert [st.t for st in steps] == timesteps(40, 8)[:-1] and steps[-1].t_prev == 0
    for a, b in zip(steps, steps[1:]):
        assert a.t_prev == b.t and a.x_prev is b.xt
    assert all(st.xt.shape == st.x0.shape == st.x_prev.shape == (3, 1, 28, 28) for st in steps)
    assert x is steps[-1].x_prev
    _, steps = ddpm_sample(model, s, (3, 1, 28, 28), generator=torch.Generator().manual_seed(0))
    assert len(steps) == 40 and [st.t for st in steps] == list(range(40, 0, -1))
    # streaming: the generator version yields the same records one by one
    first = next(ddim_steps(model, s, (3, 1, 28, 28), steps=8, generator=torch.Generator().manual_seed(0)))
    assert first.t == 40 and first.x0.shape == (3, 1, 28, 28)


def test_start_from_t_start_sdedit():
    model, s = tiny(), linear_schedule(T=100)
    drawing = torch.rand(2, 1, 28, 28) * 2 - 1
    x, steps = sdedit(model, s, drawing, t_start=30, steps=10, generator=torch.Generator().manual_seed(0))
    assert x.shape == drawing.shape and len(steps) == 10 and steps[0].t == 30
    _, steps = sdedit(model, s, drawing, t_start=5, steps=10, generator=torch.Generator().manual_seed(0))
    assert [st.t for st in steps] == [5, 4, 3, 2, 1]
    with pytest.raises(ValueError, match="x_T"):
        ddim_sample(model, s, (2, 1, 28, 28), steps=5, t_start=30)


def test_classifier_free_guidance_shapes():
    model, s = tiny(cond_dim=8), linear_schedule(T=20)
    cond, null = torch.randn(2, 3, 8), torch.zeros(1, 3, 8)
    x_T = torch.randn(2, 1, 28, 28)
    guided, steps = ddim_sample(model, s, steps=4, x_T=x_T, cond=cond, null_cond=null, w=3.0)
    assert guided.shape == x_T.shape and len(steps) == 4
    # w = 1 is the conditional model alone (the doubled batch changes nothing per sample)
    plain, _ = ddim_sample(model, s, steps=4, x_T=x_T, cond=cond)
    one, _ = ddim_sample(model, s, steps=4, x_T=x_T, cond=cond, null_cond=null, w=1.0)
    torch.testing.assert_close(one, plain, atol=1e-4, rtol=1e-4)
    assert not torch.allclose(guided, plain)
    with pytest.raises(ValueError, match="null_cond"):
        ddim_sample(model, s, steps=4, x_T=x_T, cond=cond, w=2.0)


@pytest.mark.parametrize("target", ["eps", "v"])
def test_ddim_eta1_all_steps_matches_ddpm(target):
    s = linear_schedule(T=1000)
    model, shape = GaussianEps(s, target), (20_000, 1, 1, 1)
    opts = dict(target=target, clip_x0=False)
    ddpm, _ = ddpm_sample(model, s, shape, generator=torch.Generator().manual_seed(0), **opts)
    ddim, _ = ddim_sample(model, s, shape, steps=1000, eta=1.0, generator=torch.Generator().manual_seed(1), **opts)
    for x in (ddpm, ddim):  # both sample the data distribution N(MU, S^2)
        mean, var = moments(x)
        assert mean == pytest.approx(MU, abs=0.02) and var == pytest.approx(S**2, abs=0.02)
    assert moments(ddpm) == pytest.approx(moments(ddim), abs=0.02)
    # with the same noise they are the same process, step by step (Song et al. 2021, eq. 16 with eta = 1)
    same, _ = ddim_sample(model, s, shape, steps=1000, eta=1.0, generator=torch.Generator().manual_seed(0), **opts)
    torch.testing.assert_close(same, ddpm, atol=1e-3, rtol=1e-3)


def test_ddim_deterministic_converges_to_the_toy_distribution():
    # eta = 0 is a first-order ODE solver: with few steps it shrinks the variance a little,
    # and the error falls as the steps grow (the mean is right at any number of steps)
    s = cosine_schedule(T=1000)
    errors = []
    for steps in (10, 50, 250):
        x, _ = ddim_sample(GaussianEps(s, "v"), s, (20_000, 1, 1, 1), steps=steps, eta=0.0,
                           generator=torch.Generator().manual_seed(0), target="v", clip_x0=False)
        mean, var = moments(x)
        assert mean == pytest.approx(MU, abs=0.02)
        errors.append(abs(var - S**2))
    assert errors[0] > errors[1] > errors[2] and errors[2] < 0.01


# ----------------------------------------------------------------------------- the training loop and the bench


@pytest.fixture(scope="module")
def smoke_run(tmp_path_factory):
    """`python -m genkit.train diffusion --preset smoke` on a made-up IDX folder, beside the committed classifier."""
    import shutil

    from genkit import hub, train
    from tests.helpers import make_idx_folder

    root = tmp_path_factory.mktemp("diffusion")
    data_dir = make_idx_folder(root / "data", n_train=300, n_test=100)
    shutil.copytree(hub.ROOT / "checkpoints" / "classifier-mnist", root / "checkpoints" / "classifier-mnist")
    summary = train.main(["diffusion", "--dataset", "mnist", "--preset", "smoke", "--data-dir", str(data_dir),
                          "--out", str(root / "checkpoints"), "--quiet"])
    return root, data_dir, summary


def test_training_writes_a_loadable_checkpoint_with_its_schedule(smoke_run, monkeypatch):
    from genkit import hub
    from genkit.samplers import generate, schedule_of

    root, _, summary = smoke_run
    assert summary["checkpoint"] == "diffusion-mnist" and summary["images_per_s"] > 0
    folder = root / "checkpoints" / "diffusion-mnist"
    assert {"config.json", "model.safetensors", "README.md", "train.json", "sample.png"} <= {p.name for p in folder.iterdir()}
    monkeypatch.setenv("GENKIT_CHECKPOINTS", str(root / "checkpoints"))
    model = hub.load("diffusion-mnist")
    assert (model.config.target, model.config.schedule, model.config.T) == ("v", "cosine", 1000)
    assert schedule_of(model).name == "cosine(T=1000)"
    a, b = generate(model, 3, steps=4, seed=7), generate(model, 3, steps=4, seed=7)
    assert a.shape == (3, 1, 28, 28) and 0 <= a.min() and a.max() <= 1
    torch.testing.assert_close(a, b)  # a seed gives the same samples
    assert not torch.equal(a, generate(model, 3, steps=4, seed=8))
    assert "python -m genkit.train diffusion --dataset mnist --preset smoke" in (folder / "README.md").read_text()


def test_evaluate_reports_fid_at_three_step_counts(smoke_run, monkeypatch):
    from argparse import Namespace

    from genkit import hub
    from genkit.loops import diffusion as loop

    root, data_dir, _ = smoke_run
    monkeypatch.setenv("GENKIT_CHECKPOINTS", str(root / "checkpoints"))
    args = Namespace(data_dir=str(data_dir), n_fid=40)
    out = loop.evaluate("diffusion-mnist", hub.load("diffusion-mnist"), args, torch.device("cpu"))
    assert set(out) == {"fid_lenet_ddim50", "fid_lenet_ddim25", "fid_lenet_ddim10", "fid_lenet_floor", "n_samples"}
    assert out["n_samples"] == 40 and all(out[k] >= 0 for k in out)
    assert out["fid_lenet_ddim50"] > out["fid_lenet_floor"]  # 20 steps of training are far from the data


def test_bench_has_the_diffusion_tasks_and_a_clear_peer_error(monkeypatch):
    import sys

    from genkit import bench

    names = bench.tasks()
    assert {"diffusion_sample_16x25", "diffusion_sample_1x25", "diffusion_train_cpu"} <= set(names)
    call = names["diffusion_sample_1x25"]()
    assert call.items == 1 and call()[0].shape == (1, 1, 28, 28)
    monkeypatch.setitem(sys.modules, "diffusers", None)  # as if it were not installed
    with pytest.raises(SystemExit, match="pip install diffusers"):
        bench.tasks("diffusers")["peer_diffusers_diffusion_sample_1x25"]()
