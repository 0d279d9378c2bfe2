"""The CycleGAN library (genkit.cyclegan), the typeset renderer (genkit.typeset) and the training loop.

The losses are checked against a direct computation of the paper's equations on fixed tensors; the step
is checked to move the generators by eq. 3 and the discriminators by eq. 1; the renderer is checked to
be deterministic, in range, centred and to draw the digit it is asked for. No dataset is needed.
"""

import json
from argparse import Namespace

import pytest
import torch

from genkit import hub, typeset
from genkit.cyclegan import (CycleGAN, CycleGANConfig, cycle_loss, identity_loss, lsgan_d_loss, lsgan_g_loss,
                             make_cycle_optimizers, train_classifier, train_step)
from genkit.loops import cyclegan as loop
from genkit.metrics import Classifier, ClassifierConfig
from tests.helpers import make_idx_folder

TINY = CycleGANConfig(channels=4, blocks=1, d_channels=4, c_channels=4)


# ----------------------------------------------------------------------------- the losses


def test_least_squares_losses_match_a_direct_computation():
    s_real, s_fake = torch.tensor([[0.9, 1.2], [0.4, 1.0]]), torch.tensor([[0.1, -0.3], [0.5, 0.0]])
    want_d = sum((v - 1) ** 2 for v in (0.9, 1.2, 0.4, 1.0)) / 4 + sum(v ** 2 for v in (0.1, -0.3, 0.5, 0.0)) / 4
    assert lsgan_d_loss(s_real, s_fake).item() == pytest.approx(want_d, rel=1e-6)
    assert lsgan_g_loss(s_fake).item() == pytest.approx(sum((v - 1) ** 2 for v in (0.1, -0.3, 0.5, 0.0)) / 4,
                                                        rel=1e-6)
    # the optimum of each side: D scores reals 1 and fakes 0; G makes D score its fakes 1
    assert lsgan_d_loss(torch.ones(3), torch.zeros(3)).item() == 0
    assert lsgan_g_loss(torch.ones(3)).item() == 0


def test_cycle_and_identity_terms_are_the_l1_distances_of_eq_2_and_section_5_2():
    g = torch.Generator().manual_seed(0)
    a, a_back, b, b_back = (torch.rand(2, 1, 4, 4, generator=g) for _ in range(4))
    want = sum(abs(p - q) for p, q in zip(a_back.flatten().tolist(), a.flatten().tolist())) / a.numel() + \
        sum(abs(p - q) for p, q in zip(b_back.flatten().tolist(), b.flatten().tolist())) / b.numel()
    assert cycle_loss(a, a_back, b, b_back).item() == pytest.approx(want, rel=1e-5)
    assert cycle_loss(a, a, b, b).item() == 0  # a perfect round trip costs nothing
    # identity: G(b) against b and F(a) against a, the same distance
    assert identity_loss(a, a_back, b, b_back).item() == pytest.approx(want, rel=1e-5)
    assert identity_loss(a, a, b, b).item() == 0


# ----------------------------------------------------------------------------- the networks and the step


def test_shapes_ranges_and_the_round_trip():
    torch.manual_seed(0)
    model = CycleGAN(TINY).eval()
    x = torch.rand(3, 1, 28, 28)
    assert model.G(x * 2 - 1).shape == (3, 1, 28, 28) and model.D_A(x).shape == (3, 1, 7, 7)
    y, back = model.cycle(x, "a2b")
    assert y.shape == back.shape == (3, 1, 28, 28) and 0 <= y.min() and y.max() <= 1
    torch.testing.assert_close(y, model.translate(x, "a2b"))
    torch.testing.assert_close(back, model.translate(y, "b2a"))  # a2b then back through F
    p = model.p_typeset(x)
    assert p.shape == (3,) and ((0 < p) & (p < 1)).all()
    with pytest.raises(ValueError, match="direction"):
        model.translate(x, "sideways")


def test_step_moves_generators_by_eq_3_and_discriminators_by_eq_1():
    torch.manual_seed(0)
    model = CycleGAN(TINY)
    opt_g, opt_d = make_cycle_optimizers(model, 1e-3)
    before = {k: v.clone() for k, v in model.state_dict().items()}
    a, b = torch.rand(4, 1, 28, 28) * 2 - 1, torch.rand(4, 1, 28, 28) * 2 - 1
    r = train_step(model, opt_g, opt_d, a, b, lam=10.0, lam_id=5.0)
    assert set(r) == {"loss_g", "adv", "cycle", "identity", "loss_d"}
    assert r["loss_g"] == pytest.approx(r["adv"] + 10 * r["cycle"] + 5 * r["identity"], rel=1e-5)
    moved = {k.split(".")[0] for k, v in model.state_dict().items() if not torch.equal(v, before[k])}
    assert moved == {"G", "F", "D_A", "D_B"}  # the domain classifier C is not part of the game
    # without the identity term its value is 0 and loss_g has only eq. 3
    r = train_step(model, opt_g, opt_d, a, b, lam=10.0, lam_id=0.0)
    assert r["identity"] == 0 and r["loss_g"] == pytest.approx(r["adv"] + 10 * r["cycle"], rel=1e-5)


def test_the_cycle_term_is_what_the_generators_learn_first():
    """A few steps with the cycle alone (no adversary, no identity) bring the round trip closer to its input."""
    torch.manual_seed(0)
    model = CycleGAN(TINY)
    opt_g, opt_d = make_cycle_optimizers(model, 3e-3)
    a, b = typeset.batch(8, 0)[0] * 2 - 1, typeset.batch(8, 50)[0] * 2 - 1
    first = train_step(model, opt_g, opt_d, a, b, lam=1e3, lam_id=0.0)["cycle"]
    for _ in range(30):
        last = train_step(model, opt_g, opt_d, a, b, lam=1e3, lam_id=0.0)["cycle"]
    assert last < 0.7 * first


def test_domain_classifier_learns_handwritten_from_typeset_and_is_frozen():
    torch.manual_seed(0)
    model = CycleGAN(CycleGANConfig(channels=4, blocks=1, d_channels=4, c_channels=8))
    stream = typeset.Stream(0)
    thin = lambda n: torch.zeros(n, 1, 28, 28).index_fill_(3, torch.tensor([13, 14]), 0.8)  # noqa: E731 - "A"
    acc = train_classifier(model, thin, stream.next, steps=40, batch_size=16)
    assert acc > 0.9 and not any(p.requires_grad for p in model.C.parameters())


def test_save_load_round_trip(tmp_path, monkeypatch):
    monkeypatch.setenv("GENKIT_CHECKPOINTS", str(tmp_path))
    model = CycleGAN(TINY).eval()
    hub.save(model, "cyclegan-digits")
    back = hub.load("cyclegan-digits")
    assert isinstance(back, CycleGAN) and back.config == TINY
    x = torch.rand(2, 1, 28, 28)
    torch.testing.assert_close(back.translate(x, "b2a"), model.translate(x, "b2a"), atol=2e-2, rtol=0)


# ----------------------------------------------------------------------------- the typeset digits


def test_typeset_digits_are_deterministic_in_range_and_centred():
    x1, d1 = typeset.batch(20, 123)
    x2, d2 = typeset.batch(20, 123)
    assert torch.equal(x1, x2) and torch.equal(d1, d2)  # a digit is a function of its seed
    assert x1.shape == (20, 1, 28, 28) and x1.min() >= 0 and x1.max() <= 1
    assert set(d1.tolist()) <= set(range(10)) and len(set(d1.tolist())) > 3
    mass = x1.sum((1, 2, 3))
    assert (mass > 10).all()  # every image has ink
    rows = torch.arange(28.0)
    cy = (x1.sum(3)[:, 0] * rows).sum(1) / mass
    cx = (x1.sum(2)[:, 0] * rows).sum(1) / mass
    assert ((cy - 13.5).abs() <= typeset.SHIFT + 1).all() and ((cx - 13.5).abs() <= typeset.SHIFT + 1).all()
    assert x1[:, :, 0].max() < 0.5 and x1[:, :, :, 0].max() < 0.5  # nothing is cut at the edges
    # the test set is fixed seeds; training streams never reach them
    xt, _ = typeset.test_set(3)
    assert torch.equal(xt, typeset.batch(3, typeset.TEST_SEED)[0])


def test_render_draws_the_asked_digit_with_its_style():
    one, eight = typeset.render(1, 90, 0.0, 0), typeset.render(8, 90, 0.0, 0)
    assert one.sum() < eight.sum()  # an 8 has more ink than a 1
    bold = typeset.render(8, 90, 0.0, 4)
    assert bold.sum() > 1.2 * eight.sum()  # the stroke weight adds ink
    left, right = typeset.render(1, 90, -0.3, 0), typeset.render(1, 90, 0.3, 0)
    top = slice(0, 12)
    cols = torch.arange(28.0).numpy()
    lean = lambda im: (im[top].sum(0) * cols).sum() / im[top].sum()  # noqa: E731 - where the top half's ink is
    assert lean(right) > lean(left) + 1  # a positive slant moves the top to the right
    assert typeset.sample(5, digit=7)[1] == 7
    with pytest.raises(ValueError, match="digit"):
        typeset.render(12, 90, 0.0, 0)


# ----------------------------------------------------------------------------- the loop and the eval


def test_smoke_training_run_replay_and_evaluation(tmp_path, monkeypatch):
    from genkit import train

    data_dir = make_idx_folder(tmp_path / "data", n_train=128, n_test=64)
    out = tmp_path / "ckpt"
    summary = train.main(["cyclegan", "--dataset", "mnist", "--preset", "smoke", "--data-dir", str(data_dir),
                          "--out", str(out), "--quiet"])
    folder = out / "cyclegan-digits"
    assert summary["checkpoint"] == "cyclegan-digits" and summary["images_per_s"] > 0
    for f in ("config.json", "model.safetensors", "README.md", "train.json", "sample.png", "replay.json", "replay.png"):
        assert (folder / f).exists(), f
    record = json.loads((folder / "replay.json").read_text())
    assert len(record["moments"]) == loop.MOMENTS == record["tile"]["count"]
    assert [m["step"] for m in record["moments"]] == sorted({m["step"] for m in record["moments"]})
    assert set(record["moments"][0]) == {"step", "seconds", *loop.TERMS}
    assert set(record["curves"]) == {"step", *loop.TERMS}
    assert record["inputs"]["b_seeds"][0] == typeset.TEST_SEED and len(record["inputs"]["a_test_indices"]) == 8
    train_record = json.loads((folder / "train.json").read_text())
    assert train_record["lambda_cycle"] == 10 and "classifier_last_batch_accuracy" in train_record

    monkeypatch.setenv("GENKIT_CHECKPOINTS", str(out))
    hub.save(Classifier(ClassifierConfig()), "classifier-mnist", out)  # an untrained evaluator: numbers only
    model = hub.load("cyclegan-digits")
    metrics = loop.evaluate("cyclegan-digits", model, Namespace(data_dir=str(data_dir)), torch.device("cpu"))
    assert {"content_kept_a2b", "content_kept_b2a", "style_a2b", "style_b2a", "cycle_l1",
            "domain_accuracy"} <= set(metrics)
    assert metrics["n_images"] == 64
    assert all(0 <= metrics[k] <= 1 for k in ("content_kept_a2b", "content_kept_b2a", "style_a2b", "style_b2a",
                                              "domain_accuracy", "cycle_l1"))
    assert metrics["cycle_l1"] == pytest.approx(0.5 * (metrics["cycle_l1_a"] + metrics["cycle_l1_b"]), abs=1e-3)
