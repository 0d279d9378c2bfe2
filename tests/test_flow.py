"""Flow matching on images (genkit/flow.py, genkit/loops/flow.py): the loss, the U-Net's time, the Euler and
Heun samplers on a tiny seeded model, and the smoke preset's training and evaluation."""

import shutil
from argparse import Namespace

import pytest
import torch

from genkit import flow, hub, train
from genkit.loops import diffusion as diffusion_loop
from genkit.loops import flow as loop
from genkit.samplers import euler_steps, heun_steps
from genkit.unet import UNet
from tests.helpers import make_idx_folder


def tiny() -> flow.FlowUNet:
    torch.manual_seed(0)
    return flow.FlowUNet(loop.config_for("smoke")).eval()


def test_flow_loss_on_images_is_the_velocity_regression():
    model = tiny()
    g = torch.Generator().manual_seed(0)
    x0, eps, t = torch.rand(3, 1, 28, 28, generator=g) * 2 - 1, torch.randn(3, 1, 28, 28, generator=g), torch.rand(3)
    xt = (1 - t.view(3, 1, 1, 1)) * x0 + t.view(3, 1, 1, 1) * eps
    with torch.no_grad():
        by_hand = ((eps - x0 - model(xt, t)) ** 2).mean()
        assert torch.allclose(flow.flow_loss(model, x0, eps=eps, t=t), by_hand)


def test_the_unet_reads_t_in_zero_one_as_t_times_T():
    model = tiny()
    plain = UNet(model.config)
    plain.load_state_dict(model.state_dict())
    x = torch.randn(2, 1, 28, 28)
    with torch.no_grad():
        assert torch.allclose(model(x, torch.tensor([0.25, 0.5])), plain.eval()(x, torch.tensor([250.0, 500.0])))


@pytest.mark.parametrize("steps_fn", [euler_steps, heun_steps])
def test_samplers_yield_every_step_and_are_seeded(steps_fn):
    model = tiny()
    run = lambda seed: list(steps_fn(model, (2, 1, 28, 28), steps=3, generator=torch.Generator().manual_seed(seed)))  # noqa: E731
    a, b, c = run(1), run(1), run(2)
    assert [s.i for s in a] == [0, 1, 2] and a[0].t == 1.0 and a[-1].t_prev == 0.0
    assert [v for s in a for v in (s.t, s.t_prev)] == pytest.approx([1.0, 2 / 3, 2 / 3, 1 / 3, 1 / 3, 0.0])
    assert all(s.x_prev.shape == (2, 1, 28, 28) for s in a)
    assert torch.equal(a[-1].x_prev, b[-1].x_prev) and not torch.equal(a[-1].x_prev, c[-1].x_prev)
    assert all(torch.equal(s.xt, r.x_prev) for s, r in zip(a[1:], a[:-1]))  # each step starts where the last ended
    with pytest.raises(ValueError, match="steps"):
        next(steps_fn(model, (1, 1, 28, 28), steps=0))
    assert flow.generate(model, 3, steps=2, sampler="heun").shape == (3, 1, 28, 28)
    with pytest.raises(ValueError, match="sampler"):
        flow.generate(model, 1, sampler="ddim")


def test_presets_have_diffusion_mnists_budget():
    assert loop.PRESETS["cpu"] == diffusion_loop.PRESETS["cpu"]
    assert loop.PRESETS.keys() == {"smoke", "cpu", "full"}
    assert hub.entry("flow-mnist").model_class() is flow.FlowUNet
    assert hub.entry("flow-mnist").train_command.startswith("python -m genkit.train flow --dataset mnist")


@pytest.fixture(scope="module")
def smoke_run(tmp_path_factory):
    """`python -m genkit.train flow --preset smoke` on a made-up IDX folder, beside the committed classifier."""
    root = tmp_path_factory.mktemp("flow")
    data_dir = make_idx_folder(root / "data", n_train=300, n_test=100)
    shutil.copytree(hub.ROOT / "checkpoints" / "classifier-mnist", root / "checkpoints" / "classifier-mnist")
    summary = train.main(["flow", "--dataset", "mnist", "--preset", "smoke", "--data-dir", str(data_dir),
                          "--out", str(root / "checkpoints"), "--quiet"])
    return root, data_dir, summary


def test_smoke_training_writes_a_loadable_checkpoint(smoke_run, monkeypatch):
    root, _, summary = smoke_run
    assert summary["checkpoint"] == "flow-mnist" and summary["images_per_s"] > 0
    folder = root / "checkpoints" / "flow-mnist"
    assert {"config.json", "model.safetensors", "README.md", "train.json", "sample.png"} <= {p.name for p in folder.iterdir()}
    monkeypatch.setenv("GENKIT_CHECKPOINTS", str(root / "checkpoints"))
    model = hub.load("flow-mnist")
    assert isinstance(model, flow.FlowUNet)
    a, b = flow.generate(model, 2, steps=4, seed=3), flow.generate(model, 2, steps=4, seed=3)
    assert a.shape == (2, 1, 28, 28) and 0 <= a.min() and a.max() <= 1 and torch.equal(a, b)
    with pytest.raises(SystemExit):
        train.main(["flow", "--dataset", "fashion", "--preset", "smoke"])  # flow-mnist only


def test_evaluate_reports_the_euler_step_counts_and_the_floor(smoke_run, monkeypatch):
    root, data_dir, _ = smoke_run
    monkeypatch.setenv("GENKIT_CHECKPOINTS", str(root / "checkpoints"))
    out = loop.evaluate("flow-mnist", hub.load("flow-mnist"), Namespace(data_dir=str(data_dir), n_fid=40),
                        torch.device("cpu"))
    assert set(out) == {*(f"fid_lenet_euler{n}" for n in (1, 2, 4, 8, 25, 50)), "fid_lenet_floor", "n_samples"}
    assert out["n_samples"] == 40 and all(v >= 0 for v in out.values())
    assert out["fid_lenet_euler8"] > out["fid_lenet_floor"]  # 20 steps of training are far from the data


def test_bench_has_the_flow_and_lab_tasks():
    from genkit import bench

    names = bench.tasks()
    assert {"flow_sample_16x8", "lab_2d_step_flow", "lab_2d_step_ddpm"} <= set(names)
    call = names["flow_sample_16x8"]()
    assert call.items == 16 and call().shape == (16, 1, 28, 28)
    step = names["lab_2d_step_ddpm"]()
    step()
    assert step.unit == "steps" and step.items == 20
