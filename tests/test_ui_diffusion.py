"""The Diffusion tab's handlers, called directly in English and French, on tiny untrained U-Nets saved in tmp.

The checkpoints are random-weight U-Nets with the smoke preset's configuration (the real
checkpoints' schedule and target: cosine, v; flow-mnist a FlowUNet) written to a temporary GENKIT_CHECKPOINTS; the
"test images" come from a tiny IDX folder made on the spot: no dataset and no trained model needed.
"""

import math

import gradio as gr
import numpy as np
import pytest
import torch

from genkit import hub
from genkit.diffusion import make_schedule, noise
from genkit.flow import FlowUNet
from genkit.loops import flow as flow_loop
from genkit.loops.diffusion import config_for
from genkit.ui import common, inputs
from genkit.ui import diffusion as tab
from genkit.ui import diffusion_forward as fwd
from genkit.ui import diffusion_inputs as shared
from genkit.ui import diffusion_reverse as rev
from genkit.ui import diffusion_sdedit as sd
from genkit.ui.i18n import t
from genkit.unet import UNet
from genkit.views import diffusion as views
from tests.helpers import make_idx_folder
from tests.test_ui_autoencoder import LANGS, drawing, error


def _clear_caches():
    common._load.cache_clear()
    common._failures.clear()
    inputs._test_set_cached.cache_clear()


@pytest.fixture(scope="module")
def checkpoints(tmp_path_factory):
    """diffusion-mnist, diffusion-fashion and flow-mnist, untrained, in a temporary folder; a tiny IDX folder as
    GENKIT_DATA."""
    folder = tmp_path_factory.mktemp("checkpoints")
    data_dir = make_idx_folder(tmp_path_factory.mktemp("data"), n_train=16, n_test=20)
    torch.manual_seed(0)
    for d in ("mnist", "fashion"):
        hub.save(UNet(config_for("smoke")), f"diffusion-{d}", folder)
    hub.save(FlowUNet(flow_loop.config_for("smoke")), rev.FLOW, folder)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GENKIT_CHECKPOINTS", str(folder))
        mp.setenv("GENKIT_DATA", str(data_dir))
        mp.setattr(rev, "FRAME_S", 0.0)  # no pacing of the stream in the tests
        _clear_caches()
        yield folder
    _clear_caches()


def pixels(im) -> np.ndarray:
    return np.asarray(im, dtype=np.int16)


def run(gen) -> list:
    """Every picture a stream yields (the first call raises the handler's gr.Error, as Gradio sees it)."""
    return list(gen)


def stream_error(fn, *args) -> str:
    return error(lambda *a: next(fn(*a)), *args)


# ----------------------------------------------------------------------------- 1. forward process


@pytest.mark.parametrize("lang", LANGS)
def test_forward_writes_the_closed_form_with_numbers(checkpoints, lang):
    x0, xt, eps, curves, text = fwd.forward("mnist", "cosine", "test", 3, "any", None, None, 300, 0, lang)
    assert x0.size == xt.size == eps.size == (224, 224)
    assert curves.size == (2 * views.W_PANEL, views.H_PANEL + 30)
    ab = make_schedule("cosine", 1000).alpha_bar.double()[300].item()
    assert f"\\bar{{\\alpha}}_{{300}} = {ab:.4f}" in text and f"\\sqrt{{{1 - ab:.4f}}}" in text
    assert f"{math.sqrt(ab):.4f}\\, x_0 + {math.sqrt(1 - ab):.4f}\\, \\epsilon" in text
    assert f"= {ab / (1 - ab):.3g}$" in text  # the SNR
    assert ("cosine schedule" if lang == "en" else "calendrier cosinus") in text
    assert t("input.note_test", lang, label="X").split("X")[0] in text  # a test image says its class


def test_forward_worked_pixel_is_the_closed_form():
    x = torch.zeros(1, 28, 28)
    x[0, 10, 12] = 1.0
    v = views.forward_view(make_schedule("linear", 1000), x, 250, seed=3)
    assert v.pixel == (10, 12)
    x0, eps, xt = v.values
    assert x0 == 1.0 and xt == pytest.approx(math.sqrt(v.alpha_bar) * x0 + math.sqrt(1 - v.alpha_bar) * eps, abs=1e-5)
    assert v.snr == pytest.approx(v.alpha_bar / (1 - v.alpha_bar))


def test_forward_ends_are_the_image_and_the_noise(checkpoints):
    args = ("mnist", "cosine", "draw", 0, "any", drawing(), None)
    x0, xt, _, _, text = fwd.forward(*args, 0, 5, "en")
    assert np.array_equal(pixels(x0), pixels(xt)) and "\\infty" in text  # t = 0: x_t = x_0, infinite SNR
    _, xt, eps, _, text = fwd.forward(*args, 1000, 5, "en")
    assert np.abs(pixels(xt) - pixels(eps)).max() <= 1  # t = T: x_T is the noise (alpha_bar_T ~ 2e-9)
    assert "10^{-9}" in text


def test_forward_noise_is_fixed_by_the_seed(checkpoints):
    args = ("mnist", "linear", "draw", 0, "any", drawing(), None)
    eps_a = pixels(fwd.forward(*args, 100, 7, "en")[2])
    eps_b = pixels(fwd.forward(*args, 900, 7, "en")[2])
    eps_c = pixels(fwd.forward(*args, 100, 8, "en")[2])
    assert np.array_equal(eps_a, eps_b) and not np.array_equal(eps_a, eps_c)


@pytest.mark.parametrize("lang", LANGS)
def test_forward_bad_values_are_translated_errors(checkpoints, lang):
    args = ["mnist", "cosine", "draw", 0, "any", drawing(), None, 300, 0, lang]
    between = "between" if lang == "en" else "entre"
    for i, bad in ((7, -1), (7, 1001), (7, float("nan")), (7, 2.5), (8, -3), (8, float("inf"))):
        assert between in error(fwd.forward, *args[:i], bad, *args[i + 1 :])
    assert "quadratic" in error(fwd.forward, *args[:1], "quadratic", *args[2:])
    assert "cifar" in error(fwd.forward, "cifar", *args[1:])
    assert error(fwd.forward, *args[:5], None, *args[6:]) == t("input.err_no_drawing", lang)


# ----------------------------------------------------------------------------- 2. reverse process


@pytest.mark.parametrize("lang", LANGS)
def test_reverse_streams_then_records_the_trajectory(checkpoints, lang):
    frames = run(rev.reverse("mnist", 0, "ddim", 50, 0, lang))
    assert 2 <= len(frames) <= rev.FRAMES + 1
    traj = frames[-1][0]
    assert isinstance(traj, views.Trajectory) and len(traj) == 51 and traj.t[0] == 1000 and traj.t[-1] == 0
    assert all(f[1].size == f[2].size == (224, 224) for f in frames)
    assert frames[0][3] == gr.update(interactive=False) and frames[1][3] == gr.skip()  # no replay while it runs
    assert frames[0][4] == gr.skip()  # the filmstrip waits for the end
    slider, film = frames[-1][3], frames[-1][4]
    assert slider["maximum"] == 50 and slider["value"] == 50 and slider["interactive"]
    assert film.size[0] > 4 * film.size[1]  # 12 moments side by side, two rows
    assert frames[0][5] == t("diff.frame", lang, k=0, n=50, t=1000, sampler="DDIM, η = 0", seed=0)
    assert frames[-1][5] == t("diff.frame_final", lang, n=50, sampler="DDIM, η = 0", seed=0)
    # the slider shows the recorded frame: the same pictures as the stream showed at that step
    second = frames[1]
    k = traj.t.index(int(second[5].split("x_{")[1].split("}")[0]))
    xt, x0, caption = rev.scrub(traj, k, lang)
    assert np.array_equal(pixels(xt), pixels(second[1])) and np.array_equal(pixels(x0), pixels(second[2]))
    assert caption == second[5]
    xt, x0, caption = rev.scrub(traj, 50, lang)
    assert np.array_equal(pixels(xt), pixels(frames[-1][1])) and caption == frames[-1][5]


def test_reverse_is_deterministic_with_a_seed(checkpoints):
    def final(*args):
        return pixels(run(rev.reverse(*args, "en"))[-1][1])

    assert np.array_equal(final("mnist", 4, "ddpm", 20, 0), final("mnist", 4, "ddpm", 20, 0.7))  # eta: DDIM only
    assert not np.array_equal(final("mnist", 4, "ddpm", 20, 0), final("mnist", 5, "ddpm", 20, 0))
    assert np.array_equal(final("fashion", 1, "ddim", 10, 0.5), final("fashion", 1, "ddim", 10, 0.5))
    one = run(rev.reverse("mnist", 0, "ddpm", 1, 0, "en"))  # one step: only the final picture
    assert len(one) == 1 and len(one[0][0]) == 2


@pytest.mark.parametrize("lang", LANGS)
def test_reverse_bad_values_are_translated_errors(checkpoints, lang):
    args = ["mnist", 0, "ddim", 50, 0.0, lang]
    between = "between" if lang == "en" else "entre"
    for i, bad in ((3, 0), (3, shared.MAX_STEPS + 1), (3, 10**9), (3, float("nan")), (3, "many"), (3, 2.5),
                   (4, -0.1), (4, 1.5), (1, -1), (1, 0.5), (1, float("inf"))):
        message = stream_error(rev.reverse, *args[:i], bad, *args[i + 1 :])
        assert between in message or ("not a number" if lang == "en" else "n'est pas un nombre") in message
    assert "euler" in stream_error(rev.reverse, "mnist", 0, "euler", 50, 0.0, lang)
    assert t("diff.steps", lang) in stream_error(rev.reverse, "mnist", 0, "ddim", 0, 0.0, lang)


@pytest.mark.parametrize("lang", LANGS)
def test_scrub_before_any_run_and_out_of_range(checkpoints, lang):
    assert rev.scrub(None, 3, lang) == (gr.skip(), gr.skip(), t("diff.scrub_empty", lang))
    traj = run(rev.reverse("mnist", 0, "ddim", 5, 0, lang))[-1][0]
    assert t("diff.moment", lang) in error(rev.scrub, traj, 6, lang)
    assert t("diff.moment", lang) in error(rev.scrub, traj, float("nan"), lang)


def test_first_frame_comes_at_once(checkpoints):
    run(rev.reverse("mnist", 0, "ddpm", 5, 0, "en"))  # the model is loaded
    import time

    start = time.perf_counter()
    gen = rev.reverse("mnist", 0, "ddpm", shared.MAX_STEPS, 0, "en")
    next(gen)
    assert time.perf_counter() - start < 1.0
    gen.close()


# ----------------------------------------------------------------------------- 3. step counts


@pytest.mark.parametrize("lang", LANGS)
def test_same_noise_different_step_counts(checkpoints, lang):
    frames = run(rev.compare_steps("mnist", 2, lang))
    assert len(frames) == len(rev.COUNTS)
    assert frames[0][0].size[0] < frames[-1][0].size[0]  # the strip grows as each run ends
    assert frames[0][1] == t("diff.counts_start", lang, seed=2)  # x_T first
    strip, text = frames[-1]
    assert strip.size[0] > 3 * strip.size[1]  # five images side by side
    assert all(t("diff.count_time", lang, n=n, ms="X").split("X")[0] in text for n in rev.COUNTS if n)
    again = run(rev.compare_steps("mnist", 2, lang))[-1][0]
    assert np.array_equal(pixels(strip), pixels(again))
    assert "-1" in stream_error(rev.compare_steps, "mnist", -1, lang)
    assert t("diff.dataset", lang) in stream_error(rev.compare_steps, "svhn", 0, lang)


CELL = 6 * 28 + 8  # one picture of the DDIM / flow grid, enlarged 6 times, and its gap


@pytest.mark.parametrize("lang", LANGS)
def test_ddim_beside_flow_two_rows_five_counts(checkpoints, lang):
    grid = rev.ddim_vs_flow(3, lang)
    size = 18  # the captions' font size for 168-pixel cells (captioned_grid)
    assert grid.size[1] == shared.LABEL_PX + size + 10 + 2 * CELL + 8  # two rows under the captions
    label_w = grid.size[0] - len(rev.FLOW_COUNTS) * CELL - 8
    assert 100 < label_w < 300  # five columns right of the row labels "DDIM (diffusion-mnist)" ...
    assert np.array_equal(pixels(grid), pixels(rev.ddim_vs_flow(3, lang)))
    assert not np.array_equal(pixels(grid), pixels(rev.ddim_vs_flow(4, lang)))
    assert "-1" in error(rev.ddim_vs_flow, -1, lang)
    assert t("diff.seed", lang) in error(rev.ddim_vs_flow, 2.5, lang)


class Spy(torch.nn.Module):
    """A model that records what it sees (x_t of each call) and answers as the wrapped one."""

    def __init__(self, net):
        super().__init__()
        self.net, self.config, self.seen = net, net.config, []

    def forward(self, x, t, cond=None):
        self.seen.append(x.clone())
        return self.net(x, t, cond=cond)


def test_ddim_and_flow_start_from_the_same_noise():
    torch.manual_seed(0)
    ddim, euler = Spy(UNet(config_for("smoke")).eval()), Spy(FlowUNet(flow_loop.config_for("smoke")).eval())
    im = views.ddim_vs_flow(ddim, euler, counts=(1, 2), seed=5, captions=["a", "b"], scale=2)
    x_T = noise((1, 1, 28, 28), views.seeded(5))  # as step_counts draws it
    assert len(ddim.seen) == len(euler.seen) == 1 + 2  # one pass per step
    for first in (ddim.seen[0], ddim.seen[1], euler.seen[0], euler.seen[1]):  # each run's first x_t is x_T
        assert torch.equal(first.cpu(), x_T)
    assert im.size[1] == 12 + 10 + 2 * (56 + 8) + 8  # two rows of 56-pixel cells under 12-pixel captions
    with pytest.raises(ValueError, match="flow makes"):
        views.ddim_vs_flow(ddim, Spy(FlowUNet(flow_loop.config_for("smoke", image_size=32))), counts=(1,))


# ----------------------------------------------------------------------------- 4. SDEdit


@pytest.mark.parametrize("lang", LANGS)
def test_sdedit_on_a_drawing(checkpoints, lang):
    args = ["mnist", "draw", 0, "any", drawing(), None, 500, 25, 0, lang]
    x0, noised, out, film, text = sd.denoise_drawing(*args)
    assert x0.size == noised.size == out.size == (224, 224) and film.size[0] > 4 * film.size[1]
    assert text == t("diff.sd_result", lang, t_start=500, T=1000, share="50%", steps=25, seed=0)
    again = sd.denoise_drawing(*args)
    assert np.array_equal(pixels(out), pixels(again[2]))
    short = sd.denoise_drawing(*args[:6], 10, 25, 0, lang)  # only 10 timesteps below t_start = 10
    assert "10" in short[4] and t("diff.sd_result", lang, t_start=10, T=1000, share="1%", steps=10, seed=0) == short[4]
    between = "between" if lang == "en" else "entre"
    for i, bad in ((6, 0), (6, 1001), (6, float("nan")), (7, 0), (7, 10**6), (8, -5)):
        assert between in error(sd.denoise_drawing, *args[:i], bad, *args[i + 1 :])
    assert error(sd.denoise_drawing, *args[:4], None, *args[5:]) == t("input.err_no_drawing", lang)


def test_sdedit_on_a_test_image_says_its_class(checkpoints):
    text = sd.denoise_drawing("fashion", "test", 2, "any", None, None, 300, 5, 1, "fr")[4]
    assert t("input.note_test", "fr", label="X").split("X")[0] in text


# ----------------------------------------------------------------------------- no checkpoint, the layout, bench


@pytest.mark.parametrize("lang", LANGS)
def test_missing_checkpoint_is_a_translated_error_and_the_forward_view_still_works(tmp_path, monkeypatch, lang):
    monkeypatch.setenv("GENKIT_CHECKPOINTS", str(tmp_path))
    _clear_caches()
    try:
        message = stream_error(rev.reverse, "mnist", 0, "ddim", 10, 0.0, lang)
        assert message.startswith(t("err.checkpoint", lang, name="diffusion-mnist", detail="X").split("X")[0])
        assert "diffusion-fashion" in stream_error(rev.compare_steps, "fashion", 0, lang)
        assert "diffusion-mnist" in error(sd.denoise_drawing, "mnist", "draw", 0, "any", drawing(), None, 500, 25, 0,
                                          lang)
        assert fwd.forward("mnist", "cosine", "draw", 0, "any", drawing(), None, 10, 0, lang)[1].size == (224, 224)
    finally:
        _clear_caches()


@pytest.mark.parametrize("lang", LANGS)
def test_missing_flow_checkpoint_says_how_to_train_it(checkpoints, tmp_path, monkeypatch, lang):
    (tmp_path / "diffusion-mnist").symlink_to(checkpoints / "diffusion-mnist")  # only flow-mnist is missing
    monkeypatch.setenv("GENKIT_CHECKPOINTS", str(tmp_path))
    _clear_caches()
    try:
        message = error(rev.ddim_vs_flow, 0, lang)
        assert message.startswith(t("err.checkpoint", lang, name=rev.FLOW, detail="X").split("X")[0])
        assert hub.entry(rev.FLOW).train_command in message
    finally:
        _clear_caches()


def test_the_tab_builds_with_four_sub_tabs_and_its_endpoints(checkpoints):
    from genkit.ui import build_app

    demo = build_app()
    names = {fn.api_name for fn in demo.fns.values() if fn.api_name}
    assert {"diff_forward", "diff_reverse", "diff_steps", "diff_flow", "diff_sdedit"} <= names
    keys = {getattr(b.label, "key", None) for b in demo.blocks.values() if isinstance(b, gr.Tab)}
    assert {"diff.tab_forward", "diff.tab_reverse", "diff.tab_counts", "diff.tab_sdedit"} <= keys


def test_bench_tasks_run(checkpoints):
    for name, setup in tab.BENCH.items():
        call = setup()
        assert call() is not None, name


def test_views_pictures():
    traj = views.Trajectory()
    assert traj.moments(12) == []
    rows = [[torch.rand(1, 28, 28) for _ in range(3)]]
    im = views.captioned_grid(rows, ["a", "b", "c"], ["row"], scale=2, top=20)
    assert im.size[1] > 56 + 20 and im.size[0] > 3 * 56
    with pytest.raises(ValueError, match="t must be between"):
        views.forward_view(make_schedule("cosine", 10), torch.rand(1, 28, 28), 11)
