"""The GAN library (genkit.gan, genkit.gan2d) and its training loop, on tiny models and synthetic data.

The losses are checked against a hand computation on fixed logits; the step function is checked
to be Algorithm 1 (k steps of D, then one of G); the minimax generator's gradient is checked to
vanish when D(G(z)) -> 0 while the non-saturating one does not. No dataset is needed.
"""

import functools
import json
import math
from argparse import Namespace

import pytest
import torch

from genkit import gan2d, hub
from genkit.gan import DCGAN, DCGANConfig, Game, d_loss, diagnose, g_loss, make_optimizers, train_step
from genkit.loops import gan as loop
from genkit.metrics import Classifier, ClassifierConfig
from tests.helpers import make_idx_folder

TINY = DCGANConfig(z_dim=8, g_channels=4, d_channels=4)


def sig(v: float) -> float:
    return 1 / (1 + math.exp(-v))


# ----------------------------------------------------------------------------- the losses


def test_losses_match_a_hand_computation():
    l_real, l_fake = torch.tensor([2.0, -1.0]), torch.tensor([0.5, -3.0])
    # D maximizes mean log D(x) + mean log(1 - D(G(z))): its loss is the negative
    want_d = -(sum(math.log(sig(v)) for v in (2.0, -1.0)) / 2 + sum(math.log(1 - sig(v)) for v in (0.5, -3.0)) / 2)
    assert d_loss(l_real, l_fake).item() == pytest.approx(want_d, rel=1e-6)
    # minimax: G minimizes mean log(1 - D(G(z))); non-saturating: G minimizes -mean log D(G(z))
    assert g_loss(l_fake, "minimax").item() == pytest.approx(sum(math.log(1 - sig(v)) for v in (0.5, -3.0)) / 2,
                                                             rel=1e-6)
    assert g_loss(l_fake, "nonsaturating").item() == pytest.approx(-sum(math.log(sig(v)) for v in (0.5, -3.0)) / 2,
                                                                   rel=1e-6)
    with pytest.raises(ValueError, match="minimax"):
        g_loss(l_fake, "wasserstein")


def test_minimax_gradient_vanishes_when_d_wins_but_not_the_non_saturating_one():
    for logit, d_fake in ((-12.0, sig(-12.0)), (-6.0, sig(-6.0))):
        grads = {}
        for form in ("minimax", "nonsaturating"):
            l = torch.tensor([logit], requires_grad=True)
            g_loss(l, form).backward()
            grads[form] = l.grad.item()
        assert grads["minimax"] == pytest.approx(-d_fake, rel=1e-4)  # d/dl log(1 - sigmoid(l)) = -D(G(z)) -> 0
        assert grads["nonsaturating"] == pytest.approx(-(1 - d_fake), rel=1e-4)  # -> -1: G still learns
        assert abs(grads["minimax"]) < 3e-3 < 0.99 < abs(grads["nonsaturating"])


# ----------------------------------------------------------------------------- the step


def test_step_is_k_d_steps_then_one_g_step():
    torch.manual_seed(0)
    gan = DCGAN(TINY)
    opt_g, opt_d = make_optimizers(gan.G, gan.D, 1e-3, 1e-3)
    log = []
    for opt, name in ((opt_g, "G"), (opt_d, "D")):
        step = opt.step
        opt.step = lambda *a, _s=step, _n=name, **k: (log.append(_n), _s(*a, **k))[1]
    real = lambda: (log.append("x"), torch.rand(4, 1, 28, 28) * 2 - 1)[1]  # noqa: E731
    g_before = [p.detach().clone() for p in gan.G.parameters()]
    r = train_step(gan.G, gan.D, opt_g, opt_d, real, lambda: torch.randn(4, TINY.z_dim), k=3, loss="minimax")
    assert log == ["x", "D", "x", "D", "x", "D", "G"]
    assert all(0 < v < 1 for v in (r.d_real, r.d_fake)) and r.loss_g < 0 < r.loss_d  # minimax G loss is negative
    assert any(not torch.equal(a, b) for a, b in zip(g_before, gan.G.parameters()))
    assert all(p.requires_grad for p in gan.D.parameters())  # D is trainable again after G's step


def test_shapes_and_ranges():
    gan = DCGAN(TINY)
    z = gan.sample_z(5, torch.Generator().manual_seed(0))
    assert z.shape == (5, 8)
    assert gan.G(z).shape == (5, 1, 28, 28) and gan.G(z).abs().max() <= 1
    deeper = DCGAN(DCGANConfig(z_dim=8, g_channels=4, d_channels=4, hidden=12))  # the live tab's: a hidden layer each
    assert deeper.G.hidden[0].weight.shape == (12, 8) and deeper.G(z).shape == (5, 1, 28, 28)
    assert deeper.D.net[-3].weight.shape == (12, 8 * 49) and deeper.D(deeper.G(z)).shape == (5,)
    assert not any("hidden" in k for k in gan.state_dict())  # hidden = 0: the plain DCGAN's weights, nothing more
    assert gan.D(torch.zeros(5, 1, 28, 28)).shape == (5,)
    x = gan.generate(z)
    assert x.shape == (5, 1, 28, 28) and 0 <= x.min() and x.max() <= 1
    assert gan.G.training  # generate() leaves the training mode as it found it
    g2 = gan2d.GAN2D(gan2d.GAN2DConfig(z_dim=3, hidden=16, layers=2))
    assert g2.generate(g2.sample_z(7)).shape == (7, 2) and g2.D(torch.zeros(7, 2)).shape == (7,)
    for name in gan2d.DATASETS:
        pts = gan2d.sample(name, 300, torch.Generator().manual_seed(0))
        assert pts.shape == (300, 2) and pts.abs().max() < gan2d.EXTENT
    heat, push = gan2d.field(g2, torch.zeros(4, 2), "minimax", resolution=16)
    assert heat.shape == (16, 16) and push.shape == (4, 2) and 0 <= heat.min() and heat.max() <= 1


def test_game_trains_changes_rules_and_keeps_history():
    gen = torch.Generator().manual_seed(0)
    game = Game(gan2d.GAN2D(gan2d.GAN2DConfig(hidden=16, layers=1)), lambda n: gan2d.sample("ring", n, gen),
                batch_size=32)
    game.run(5)
    game.set(loss="minimax", k=2, lr_g=1e-2, lr_d=3e-3, batch_size=16)
    game.run(5)
    assert game.step == 10 and len(game.history) == 10 and game.seconds > 0
    assert game.opt_g.param_groups[0]["lr"] == 1e-2 and game.opt_d.param_groups[0]["lr"] == 3e-3
    c = game.curves(every=5)
    assert c["step"] == [5, 10] and len(c["loss_d"]) == 2
    with pytest.raises(ValueError):
        game.set(loss="hinge")


# ----------------------------------------------------------------------------- modes and diagnosis


def test_count_modes_on_synthetic_points():
    c = gan2d.ring_centers()
    g = torch.Generator().manual_seed(0)
    all8 = c.repeat(50, 1) + 0.01 * torch.randn(400, 2, generator=g)
    assert gan2d.count_modes(all8, c)[:2] == (8, 8)
    five = c[:5].repeat(80, 1) + 0.01 * torch.randn(400, 2, generator=g)
    assert gan2d.count_modes(five, c)[:2] == (5, 8)
    assert gan2d.count_modes(torch.zeros(400, 2), c)[0] == 0  # the centre of the ring is no mode
    one_straggler = torch.cat([c[:1].repeat(399, 1), c[1:2]])  # one point is not coverage
    assert gan2d.count_modes(one_straggler, c)[0] == 1
    assert gan2d.count_modes(gan2d.sample("grid", 2500, g), gan2d.centers("grid"))[:2] == (25, 25)


def test_diagnose_reads_the_curves():
    n = 200
    assert diagnose([0.01] * n, [8.0] * n, [0.001] * n)[0] == "d_wins"
    assert "g_climbing" in diagnose([0.5] * n, [0.7] * 100 + [3.0] * 100, [0.3] * n)
    assert "oscillating" in diagnose([1.3] * n, [0.1, 4.0] * 100, [0.4] * n)
    spikes = [0.8] * n
    for i in range(5, n, 40):  # a few spikes in a calm curve: G learning, not the players oscillating
        spikes[i] = 11.0
    assert "oscillating" not in diagnose([1.3] * n, spikes, [0.4] * n)
    assert "oscillating" in diagnose([1.3 + 0.8 * math.sin(i / 3) for i in range(n)], [0.8] * n, [0.4] * n)
    assert "collapse" in diagnose([1.3] * n, [0.8] * n, [0.4] * n, modes=(2, 8))
    assert diagnose([1.3] * n, [0.8] * n, [0.45] * n, modes=(8, 8)) == ["balanced"]
    assert diagnose([1.3] * 5, [0.8] * 5, [0.45] * 5) == ["warming_up"]


# ----------------------------------------------------------------------------- checkpoints and the loop


def test_save_load_round_trip(tmp_path, monkeypatch):
    monkeypatch.setenv("GENKIT_CHECKPOINTS", str(tmp_path))
    gan = DCGAN(TINY).eval()
    hub.save(gan, "gan-mnist")
    back = hub.load("gan-mnist")
    assert isinstance(back, DCGAN) and back.config == TINY
    z = gan.sample_z(3, torch.Generator().manual_seed(0))
    torch.testing.assert_close(back.generate(z), gan.generate(z), atol=2e-2, rtol=0)  # weights stored in fp16


def test_smoke_training_run_and_evaluation(tmp_path, monkeypatch):
    from genkit import train

    data_dir = make_idx_folder(tmp_path / "data", n_train=128, n_test=64)
    out = tmp_path / "ckpt"
    summary = train.main(["gan", "--dataset", "mnist", "--preset", "smoke", "--data-dir", str(data_dir),
                          "--out", str(out), "--quiet"])
    folder = out / "gan-mnist"
    assert summary["checkpoint"] == "gan-mnist" and summary["images_per_s"] > 0
    for f in ("config.json", "model.safetensors", "README.md", "train.json", "sample.png", "replay.json", "replay.png"):
        assert (folder / f).exists(), f
    record = json.loads((folder / "replay.json").read_text())
    assert len(record["moments"]) == loop.MOMENTS == record["tile"]["count"]
    assert [m["step"] for m in record["moments"]] == sorted({m["step"] for m in record["moments"]})
    assert set(record["curves"]) == {"step", "loss_d", "loss_g", "d_real", "d_fake"}
    assert (folder / "replay.png").stat().st_size + (folder / "replay.json").stat().st_size < 300_000

    monkeypatch.setenv("GENKIT_CHECKPOINTS", str(out))
    hub.save(Classifier(ClassifierConfig()), "classifier-mnist", out)  # an untrained evaluator: numbers only
    model = hub.load("gan-mnist")
    metrics = loop.evaluate("gan-mnist", model, Namespace(data_dir=str(data_dir)), torch.device("cpu"))
    assert set(metrics) == {"fid_lenet", "fid_lenet_floor", "confident_fraction", "n_samples"}
    assert metrics["n_samples"] == 64 and metrics["fid_lenet"] >= 0 and 0 <= metrics["confident_fraction"] <= 1


@pytest.mark.parametrize("temperature, confident", [(1.0, 1.0), (1e3, 0.0)])
def test_eval_gan_live_trains_the_tab_game_and_scores_it(tmp_path, monkeypatch, temperature, confident):
    """`python -m genkit.eval gan-live`: the live tab's default game for a moment, scored by the classifier."""
    from genkit import eval as evaluate
    from genkit.live import GAN_IMAGE

    data_dir = make_idx_folder(tmp_path / "data", n_train=128, n_test=64)
    monkeypatch.setenv("GENKIT_CHECKPOINTS", str(tmp_path / "ckpt"))
    judge = Classifier(ClassifierConfig(temperature=temperature))
    with torch.no_grad():  # a classifier that says "0" with logit margin 20 to every image
        judge.head.weight.zero_()
        judge.head.bias.copy_(torch.tensor([20.0] + [0.0] * 9))
    hub.save(judge, "classifier-mnist", tmp_path / "ckpt")
    monkeypatch.setenv("GENKIT_THREADS", "1")
    threads = torch.get_num_threads()
    try:
        out = evaluate.main(["gan-live", "--minutes", "0.01", "--data-dir", str(data_dir), "--json"])["gan-live"]
    finally:
        torch.set_num_threads(threads)  # the measurement takes the app's threads per request; give them back
    assert out["steps"] >= 20 and out["steps"] % 20 == 0 and out["steps_per_s"] > 0 and out["threads"] == 1
    assert out["confident_fraction"] == confident and out["classes_seen"] == 1 and out["n_samples"] == 2000
    assert GAN_IMAGE["batch_size"] == 64 and GAN_IMAGE["loss"] == "nonsaturating"  # what the figure is about
    assert not (tmp_path / "ckpt" / "gan-live").exists()  # a measurement, nothing written


@pytest.mark.parametrize("covered, first", [(8, [100, 100]), (7, [None, None])])
def test_eval_gan_2d_says_when_each_start_covers_the_ring(monkeypatch, covered, first):
    """`python -m genkit.eval gan-2d`: the 2-D tab's game from several starts; the modes are counted by
    gan2d.count_modes (replaced here by one that always finds `covered` of the 8)."""
    from genkit import eval as evaluate

    counted = []

    def count(points, centers):
        counted.append(points.shape)
        return covered, len(centers), 1.0

    monkeypatch.setattr(gan2d, "count_modes", count)
    monkeypatch.setattr(loop, "ring", functools.partial(loop.ring, seeds=2, max_steps=200))
    monkeypatch.setenv("GENKIT_THREADS", "1")
    threads = torch.get_num_threads()
    try:
        out = evaluate.main(["gan-2d", "--json"])["gan-2d"]
    finally:
        torch.set_num_threads(threads)
    assert out["all_modes_at"] == first and out["starts_covering_all"] == (2 if covered == 8 else 0)
    assert out["modes_at_end"] == [covered, covered] and out["steps_per_s"] > 0 and out["threads"] == 1
    assert counted == [(500, 2)] * 4  # every 100 steps, on 500 samples as the tab counts them
