"""The Diffusion tab's 2-D lab, its handlers called directly in English and French: streams, sessions, caps,
the drawing, reflow, and bad input (each a translated message naming the control)."""

import itertools
import math

import gradio as gr
import numpy as np
import pytest
from PIL import Image, ImageDraw

from genkit import flow2d
from genkit import live as games
from genkit.ui import diffusion as diffusion_tab
from genkit.ui import diffusion_lab as tab
from genkit.ui.common import Gate
from genkit.ui.i18n import t
from genkit.views import diffusion_lab as views

LANGS = ("en", "fr")
CONTROLS = ("ring", None, "flow", 2e-3, 256, 8, "ddim", 0.0)  # dataset, drawing, objective, lr, batch, steps, sampler, t


@pytest.fixture(autouse=True)
def fresh_server(monkeypatch):
    monkeypatch.setitem(games.EVERY, "lab", 5)
    monkeypatch.setattr(tab, "PLOT_EVERY_S", 0.0)
    monkeypatch.setattr(tab, "GATE", Gate(tab.GATE.slots, tab.GATE.patience, tab.GATE.stale_s, tab.GATE.min_wait_s))


def controls(**changes):
    names = ("dataset", "drawing", "objective", "lr", "batch", "steps", "sampler", "t")
    values = dict(zip(names, CONTROLS))
    values.update(changes)
    return tuple(values[n] for n in names)


def sketch(strokes=(((60, 60), (240, 240)), ((60, 240), (240, 60))), width=14):
    im = Image.new("RGBA", (300, 300), (0, 0, 0, 0))
    draw = ImageDraw.Draw(im)
    for line in strokes:
        draw.line(line, fill=(0, 0, 0, 255), width=width)
    return {"background": None, "layers": [], "composite": np.asarray(im)}


def error(fn, *args) -> str:
    with pytest.raises(gr.Error) as e:
        out = fn(*args)
        if hasattr(out, "__next__"):
            next(out)
    message = e.value.message
    assert "Something went wrong" not in message and "Une erreur est survenue" not in message
    return message


def take(gen, n: int) -> list:
    out = list(itertools.islice(gen, n))
    gen.close()
    return out


def check(view, lang):
    live, samples, field, curve, status = view
    assert isinstance(samples, Image.Image) and samples.size == (views.PLANE_PX, views.PLANE_PX)
    assert isinstance(field, Image.Image) and field.size == (views.PLANE_PX, views.PLANE_PX)
    assert t("diff.lab.status", lang, objective="X", step="X", seconds="X", rate="X", loss="X").split("X")[0] in status
    return curve, status


@pytest.mark.parametrize("lang", LANGS)
def test_stream_pause_resume_one_step_reset(lang):
    frames = take(tab.train(None, *controls(), lang), 3)
    live = frames[0][0]
    assert isinstance(live, games.Live) and live.kind == "lab" and all(f[0] == gr.skip() for f in frames[1:])
    assert live.game.step == 10  # two chunks of EVERY steps after the first picture
    curve, status = check((live, *frames[-1][1:]), lang)
    assert isinstance(curve, Image.Image)
    assert t("diff.lab.samples", lang, steps=8, sampler="Euler", t=0, frame=8, distance="X").split("X")[0][:30] \
        in status.replace("0,0", "0").replace("0.0", "0")
    said = tab.pause(live, lang)
    assert said.endswith(t("diff.lab.paused", lang)) and live.stop
    resumed = take(tab.train(live, *controls(), lang), 2)
    assert resumed[0][0] is live and live.game.step == 15  # the same network goes on
    one = tab.single(live, *controls(), lang)
    assert one[0] is live and live.game.step == 16 and one[4].endswith(t("diff.lab.one_step_done", lang))
    fresh = tab.reset(live, *controls(objective="ddpm"), lang)
    assert fresh[0] is not live and fresh[0].game.step == 0 and fresh[0].game.objective == "ddpm"
    assert fresh[3] is None  # no curve before the first step
    assert tab.pause(None, lang) == ""


@pytest.mark.parametrize("lang", LANGS)
def test_the_view_follows_the_sliders_without_training(lang):
    assert tab.look(None, 4, "ddim", 0.5, lang) == (gr.skip(), gr.skip(), t("diff.lab.nothing_yet", lang))
    live = tab.single(None, *controls(dataset="grid", objective="ddpm"), lang)[0]
    for steps, sampler, tt in ((1, "ddim", 0.0), (100, "ddpm", 1.0), (4, "ddim", 0.37)):
        samples, field, status = tab.look(live, steps, sampler, tt, lang)
        assert isinstance(samples, Image.Image) and isinstance(field, Image.Image)
        assert t("diff.lab.modes", lang, covered="X", total=25).split("X")[0] in status and "/ 25" in status
        assert ("DDIM" if sampler == "ddim" else "DDPM") in status
    assert live.game.step == 1
    noise = tab.look(live, 10, "ddim", 1.0, lang)[0]
    kept = live.kept
    samples = tab.look(live, 10, "ddim", 0.0, lang)[0]  # t alone: the same run of the sampler, another moment
    assert live.kept[1] is kept[1] and np.asarray(noise).tobytes() != np.asarray(samples).tobytes()
    tab.look(live, 12, "ddim", 0.0, lang)  # other steps: a new run
    assert live.kept[1] is not kept[1] and live.kept[1].shape == (13, views.SAMPLES, 2)
    tab.single(live, *controls(dataset="grid", objective="ddpm", steps=12), lang)  # trained on: a new run
    assert live.kept[0][1] == 2
    moons = tab.single(None, *controls(dataset="moons"), lang)
    assert t("diff.lab.modes", lang, covered=0, total=0).split("0")[0] not in moons[4]  # no modes for the moons


@pytest.mark.parametrize("lang", LANGS)
def test_a_drawing_becomes_the_data(lang):
    live = tab.single(None, *controls(dataset="drawing", drawing=sketch()), lang)[0]
    assert live.game.data.dataset == "drawing" and live.game.data.cloud.shape[1] == 2
    same = tab.single(live, *controls(dataset="drawing", drawing=sketch()), lang)[0]
    assert same is live and live.game.step == 2  # the same drawing: the same lab
    other = tab.single(live, *controls(dataset="drawing", drawing=sketch(strokes=(((50, 150), (250, 150)),))), lang)[0]
    assert other is not live and other.game.step == 1
    assert tab.single(None, *controls(drawing=None), lang)[0].game.data.dataset == "ring"  # ignored for a preset


@pytest.mark.parametrize("lang", LANGS)
def test_bad_drawings_are_explained(lang):
    blank = sketch(strokes=())
    assert error(tab.train, None, *controls(dataset="drawing", drawing=blank), lang) == \
        t("diff.lab.err_drawing_blank", lang)
    assert error(tab.single, None, *controls(dataset="drawing", drawing=None), lang) == \
        t("diff.lab.err_drawing_blank", lang)
    dot = sketch(strokes=(((150, 150), (151, 151)),), width=3)
    message = error(tab.reset, None, *controls(dataset="drawing", drawing=dot), lang)
    assert message.split("(")[0] == t("diff.lab.err_drawing_dot", lang, h=0, w=0).split("(")[0]
    huge = np.zeros((5000, 10, 4), dtype=np.uint8)
    assert error(tab.single, None, *controls(dataset="drawing", drawing=huge), lang) == \
        t("diff.lab.err_drawing_large", lang, h=5000, w=10, side=flow2d.MAX_DRAWING_SIDE)
    assert error(tab.single, None, *controls(dataset="drawing", drawing=np.zeros((2, 2, 2, 2))), lang).startswith(
        t("diff.lab.err_drawing_shape", lang, shape="X").split("X")[0])


@pytest.mark.parametrize("lang", LANGS)
def test_extreme_controls_name_the_control(lang):
    bad = [("steps", 0, "diff.lab.steps"), ("steps", 101, "diff.lab.steps"), ("steps", 2.5, "diff.lab.steps"),
           ("steps", math.nan, "diff.lab.steps"), ("t", -0.1, "diff.lab.t"), ("t", 1e9, "diff.lab.t"),
           ("t", math.inf, "diff.lab.t"), ("lr", 10.0, "diff.lab.lr"), ("lr", "fast", "diff.lab.lr"),
           ("batch", 0, "diff.lab.batch"), ("batch", 10**9, "diff.lab.batch"), ("dataset", "swiss", "diff.lab.dataset"),
           ("objective", "gan", "diff.lab.objective"), ("sampler", "euler", "diff.lab.sampler")]
    for name, value, key in bad:
        for handler in (tab.train, tab.single, tab.reset, tab.reflow):
            assert t(key, lang) in error(handler, None, *controls(**{name: value}), lang), (name, value)
    live = tab.single(None, *controls(), lang)[0]
    assert t("diff.lab.steps", lang) in error(tab.look, live, 1000, "ddim", 0.0, lang)
    assert t("diff.lab.t", lang) in error(tab.look, live, 4, "ddim", -5, lang)
    assert t("diff.lab.sampler", lang) in error(tab.look, live, 4, None, 0.0, lang)


@pytest.mark.parametrize("lang", LANGS)
def test_reflow(lang):
    assert error(tab.reflow, None, *controls(), lang) == t("diff.lab.err_reflow_early", lang, steps=100)
    live = take(tab.train(None, *controls(), lang), 1)[0][0]
    live.game.run(100)
    view = tab.reflow(live, *controls(), lang)
    assert view[0] is live and live.game.reflows == 1 and live.game.pairs is not None
    assert view[4].endswith(t("diff.lab.reflow_done", lang, n=1)) and t("diff.lab.reflowed", lang, n=1) in view[4]
    take(tab.train(live, *controls(), lang), 2)  # training goes on, on the pairs
    assert live.game.step == 105
    ddpm = tab.single(None, *controls(objective="ddpm"), lang)[0]
    assert error(tab.reflow, ddpm, *controls(objective="ddpm"), lang) == t("diff.lab.err_reflow_ddpm", lang)


def test_busy_cap_and_a_silent_run(monkeypatch):
    monkeypatch.setattr(tab.GATE, "slots", 1)
    first = tab.train(None, *controls(), "en")
    next(first)
    for lang in LANGS:
        message = error(tab.train, None, *controls(), lang)
        assert message.startswith(t("err.busy", lang, seconds=0).split("0")[0])
    monkeypatch.setattr(tab.GATE, "stale_s", 0.0)  # the first stream went silent: its slot is taken back
    take(tab.train(None, *controls(), "fr"), 2)
    first.close()
    assert tab.GATE.running() == 0


def test_per_session_caps_and_cleanup(monkeypatch):
    monkeypatch.setitem(games.MAX_STEPS, "lab", 12)
    frames = list(tab.train(None, *controls(), "fr"))  # ends by itself at the cap
    live = frames[0][0]
    note = t("diff.lab.limit", "fr", steps=12, seconds=int(games.MAX_SECONDS["lab"]))
    assert 12 <= live.game.step < 12 + games.EVERY["lab"] and frames[-1][4].endswith(note)
    again = list(tab.train(live, *controls(), "fr"))
    assert len(again) == 1 and again[0][4].endswith(note)
    assert tab.single(live, *controls(), "en")[0].game.step == live.game.step
    monkeypatch.setitem(games.MAX_STEPS, "lab", 10**6)
    monkeypatch.setitem(games.MAX_SECONDS, "lab", 0.0)
    assert len(list(tab.train(live, *controls(), "en"))) == 1
    monkeypatch.setitem(games.MAX_SECONDS, "lab", 600.0)
    gen = tab.train(None, *controls(), "en")
    held = next(gen)[0]
    assert tab.GATE.running() == 1
    tab._release(held)  # the gr.State's delete callback
    assert tab.GATE.running() == 0 and list(gen) == []
    tab._release(None)


def test_sessions_are_isolated():
    a = take(tab.train(None, *controls(), "en"), 2)[0][0]
    b = take(tab.train(None, *controls(objective="ddpm"), "fr"), 3)[0][0]
    assert a is not b and a.game.net is not b.game.net and (a.game.step, b.game.step) == (5, 10)
    tab.reset(b, *controls(), "fr")
    assert a.game.step == 5 and not a.stop


def test_bench_entries_run():
    for name in ("diff_lab_view_4", "diff_lab_view_50", "diff_lab_view_100", "diff_lab_move_t_100"):
        assert name in diffusion_tab.BENCH
        samples, field, status = diffusion_tab.BENCH[name]()()
        assert isinstance(samples, Image.Image) and isinstance(field, Image.Image) and status


def test_the_sub_tab_and_its_endpoints_are_in_the_app():
    from genkit.ui import build_app

    demo = build_app()
    names = {fn.api_name for fn in demo.fns.values() if fn.api_name}
    assert {"diff_lab_step", "diff_lab_pause", "diff_lab_single", "diff_lab_reset", "diff_lab_reflow",
            "diff_lab_view"} <= names
    keys = {getattr(b.label, "key", None) for b in demo.blocks.values() if isinstance(b, gr.Tab)}
    assert "diff.tab_lab" in keys
