"""The Diffusion tab's "2-D lab": a denoiser trained live on the plane, by DDPM or by flow matching.

Lecture: "Modèles de diffusion" (bruiter, apprendre à débruiter, générer à partir d'un bruit), and where
it leads: flow matching / rectified flow (Lipman et al. 2023; Liu et al. 2023), straight paths from the
noise to the data. The maths is in genkit/flow2d.py, a session's lab and its budget in genkit/live.py
(kind "lab"), the pictures in genkit/views/diffusion_lab.py, the texts in genkit/ui/text/diffusion_lab.py.
Imported only by genkit/ui/diffusion.py.

Classroom safety, as the GAN's 2-D view: each session has its own lab (a gr.State with a time to live and
a delete callback) and a budget (live.MAX_STEPS["lab"], live.MAX_SECONDS["lab"]); at most GATE.slots labs
train at once (beyond, "busy, try again in N s"); a stream that stops sending frees its slot after 10 s.
"""

import math
import os
import time

import gradio as gr

from genkit import flow2d
from genkit import live as games
from genkit.live import EVERY, LAB_2D, MAX_SECONDS, MAX_STEPS, Live, over_budget, prepare_lab
from genkit.ui.common import LATEX, Gate, Page, fail, safe, safe_stream
from genkit.ui.i18n import t
from genkit.ui.inputs import choice, number
from genkit.views import diffusion_lab as views

KIND = "lab"
SESSION_TTL_S = 3600  # a session's lab is dropped an hour after its last update
PLOT_EVERY_S = 1.0  # the loss curve redrawn at most once a second
GATE = Gate(int(os.environ.get("GENKIT_LAB_SLOTS", "6")), patience=0, stale_s=10.0, min_wait_s=5)
LIMITS = dict(lr=(1e-5, 5e-2), batch_size=(16, 1024), steps=(1, flow2d.MAX_SAMPLING_STEPS))
SAMPLERS = ("ddim", "ddpm")  # DDPM's two samplers; a flow is always integrated by Euler's method
DEFAULT_VIEW = dict(steps=50, sampler="ddim", t=0.0)

# ----------------------------------------------------------------------------- the controls


def _cloud(dataset, drawing, lang):
    """The drawing's points when the dataset is the drawing (a translated error says what is wrong), else None."""
    if dataset != "drawing":
        return None
    try:
        return flow2d.drawing_points(drawing)
    except flow2d.DrawingError as e:
        fail(f"diff.lab.err_drawing_{e.code}", lang, **e.details)


def _settings(dataset, objective, lr, batch_size, lang) -> dict:
    return dict(dataset=choice(dataset, flow2d.DATASETS, "diff.lab.dataset", lang),
                objective=choice(objective, flow2d.OBJECTIVES, "diff.lab.objective", lang),
                lr=number(lr, "diff.lab.lr", *LIMITS["lr"], lang),
                batch_size=number(batch_size, "diff.lab.batch", *LIMITS["batch_size"], lang, integer=True))


def _look(steps, sampler, tt, lang) -> dict:
    return dict(steps=number(steps, "diff.lab.steps", *LIMITS["steps"], lang, integer=True),
                sampler=choice(sampler, SAMPLERS, "diff.lab.sampler", lang), t=number(tt, "diff.lab.t", 0, 1, lang))


def _prepare(old, controls, lang) -> tuple[Live, bool, dict]:
    """The session's lab with the controls applied (live.prepare_lab) and the view's settings."""
    dataset, drawing, objective, lr, batch_size, steps, sampler, tt = controls
    s = _settings(dataset, objective, lr, batch_size, lang)
    look = _look(steps, sampler, tt, lang)
    live, fresh = prepare_lab(old if isinstance(old, Live) else None, s, _cloud(s["dataset"], drawing, lang))
    if fresh:
        _release(old)
    return live, fresh, look


def _release(live, after: tuple | None = None) -> None:
    if isinstance(live, Live):
        live.stop, live.after = True, after
        GATE.leave(id(live))


# ----------------------------------------------------------------------------- what a picture says


def _sampler_name(objective: str, sampler: str) -> str:
    return "Euler" if objective == "flow" else {"ddim": "DDIM", "ddpm": "DDPM"}[sampler]


def _status(live: Live, look: dict, shown: views.Samples, lang: str) -> str:
    lab = live.game
    last = lab.history[-1][1] if lab.history else math.nan
    lines = [t("diff.lab.status", lang, step=lab.step, seconds=round(lab.seconds, 1),
               loss=round(last, 4) if lab.history else "-",
               rate=round(lab.step / lab.seconds) if lab.seconds > 0 else "-",
               objective=t(f"diff.lab.objective_{lab.objective}", lang))]
    lines.append(t("diff.lab.samples", lang, steps=shown.steps, sampler=_sampler_name(lab.objective, look["sampler"]),
                   distance=round(shown.distance, 3), t=round(look["t"], 2), frame=shown.frame))
    if shown.modes is not None:
        lines.append(t("diff.lab.modes", lang, covered=shown.modes[0], total=shown.modes[1]))
    if lab.reflows:
        lines.append(t("diff.lab.reflowed", lang, n=lab.reflows))
    return "\n\n".join(lines)


def _view(live: Live, look: dict, lang: str, note: str = "", plots: bool = True) -> tuple:
    """state, the particles, the field, the loss curve (unchanged if not `plots`), the status."""
    lab = live.game
    sampler = "euler" if lab.objective == "flow" else look["sampler"]
    key = (id(lab), lab.step, lab.reflows, look["steps"], sampler)  # the same network and run: only t moved
    with live.lock:
        kept = live.kept[1] if live.kept is not None and live.kept[0] == key else None
        shown = views.samples_picture(lab.net, lab.data, look["steps"], sampler, look["t"], path=kept)
        live.kept = (key, shown.path)
        field = views.field_picture(lab.net, lab.data, max(look["t"], 0.01))
        curve = views.loss_chart(lab, t("diff.lab.loss", lang), (t("diff.lab.axis_step", lang),
                                 t("diff.lab.axis_loss", lang)), decimal=t("app.decimal", lang)) if plots else gr.skip()
    live.said = _status(live, look, shown, lang)
    return live, shown.picture, field, curve, f"{live.said}\n\n{note}" if note else live.said


def _limit_note(lang: str) -> str:
    return t("diff.lab.limit", lang, steps=MAX_STEPS[KIND], seconds=int(MAX_SECONDS[KIND]))


# ----------------------------------------------------------------------------- handlers


@safe_stream
def train(live, dataset, drawing, objective, lr, batch_size, steps, sampler, tt, lang):
    """Start or resume the session's lab: a few training steps, then the particles, the field and the loss."""
    live, fresh, look = _prepare(live, (dataset, drawing, objective, lr, batch_size, steps, sampler, tt), lang)
    if over_budget(live):
        yield _view(live, look, lang, _limit_note(lang))
        return
    GATE.enter(lang, key=id(live), left_s=games.budget_left(live))
    live.run_id += 1
    mine, live.stop, live.paused = live.run_id, False, False
    try:
        yield _view(live, look, lang, t("diff.lab.fresh", lang) if fresh else "")
        plotted = time.monotonic()
        while live.run_id == mine and not live.stop and not over_budget(live):
            with live.lock:
                live.game.run(EVERY[KIND])
            if plots := over_budget(live) or time.monotonic() - plotted >= PLOT_EVERY_S:
                plotted = time.monotonic()
            view = _view(live, look, lang, _limit_note(lang) if over_budget(live) else "", plots)
            if live.stop:  # paused meanwhile: its answer is the last word
                break
            GATE.beat(id(live), games.budget_left(live))
            yield (gr.skip(), *view[1:])  # the state is this lab already: a late picture cannot bring it back
            time.sleep(0.01)
        if live.run_id == mine and live.paused:
            yield _view(live, look, lang, t("diff.lab.paused", lang))
        elif live.run_id == mine and live.after is not None:
            yield live.after
    finally:
        if live.run_id == mine:
            GATE.leave(id(live))


@safe
def single(live, dataset, drawing, objective, lr, batch_size, steps, sampler, tt, lang):
    """One training step (one batch, one step of Adam), then the pictures."""
    live, _, look = _prepare(live, (dataset, drawing, objective, lr, batch_size, steps, sampler, tt), lang)
    if over_budget(live):
        return _view(live, look, lang, _limit_note(lang))
    with live.lock:
        live.game.run(1)
    return _view(live, look, lang, t("diff.lab.one_step_done", lang))


@safe
def pause(live, lang):
    """Stop the session's stream after its current step (start resumes); the pictures stay."""
    if not isinstance(live, Live):
        return ""
    live.paused = True
    _release(live)
    return f"{live.said}\n\n{t('diff.lab.paused', lang)}"


@safe
def reset(live, dataset, drawing, objective, lr, batch_size, steps, sampler, tt, lang):
    """A new lab from random weights with the current controls."""
    fresh, _, look = _prepare(None, (dataset, drawing, objective, lr, batch_size, steps, sampler, tt), lang)
    view = _view(fresh, look, lang, t("diff.lab.reset_done", lang))
    _release(live, after=view)
    return view


@safe
def reflow(live, dataset, drawing, objective, lr, batch_size, steps, sampler, tt, lang):
    """Reflow (Liu et al. 2023): from now on the lab trains on its own pairs (noise, sample); Start goes on."""
    live, _, look = _prepare(live, (dataset, drawing, objective, lr, batch_size, steps, sampler, tt), lang)
    if live.game.objective != "flow":
        fail("diff.lab.err_reflow_ddpm", lang)
    if live.game.step < 100:
        fail("diff.lab.err_reflow_early", lang, steps=100)
    with live.lock:
        live.game.reflow()
    return _view(live, look, lang, t("diff.lab.reflow_done", lang, n=live.game.reflows))


@safe
def look(live, steps, sampler, tt, lang):
    """The session's lab seen again with other sampling steps, sampler or t (no training)."""
    view = _look(steps, sampler, tt, lang)
    if not isinstance(live, Live) or live.kind != KIND:
        return gr.skip(), gr.skip(), t("diff.lab.nothing_yet", lang)
    _, samples, field, _, status = _view(live, view, lang, plots=False)
    return samples, field, status


# ----------------------------------------------------------------------------- layout


def build(page: Page) -> None:
    lang = page.lang
    page.md("diff.lab.help")
    state = gr.State(None, time_to_live=SESSION_TTL_S, delete_callback=_release)
    with gr.Row():
        with gr.Column(scale=2):
            dataset = page.make(gr.Radio, label="diff.lab.dataset", info="diff.lab.dataset_info",
                                value=LAB_2D["dataset"], choices_keys=[(f"diff.lab.ds_{n}", n) for n in flow2d.DATASETS])
            objective = page.make(gr.Radio, label="diff.lab.objective", value=LAB_2D["objective"],
                                  choices_keys=[(f"diff.lab.objective_{o}", o) for o in flow2d.OBJECTIVES])
            with gr.Row():
                lr = page.make(gr.Number, label="diff.lab.lr", value=LAB_2D["lr"], minimum=LIMITS["lr"][0],
                               maximum=LIMITS["lr"][1])
                batch = page.make(gr.Slider, label="diff.lab.batch", minimum=LIMITS["batch_size"][0],
                                  maximum=LIMITS["batch_size"][1], step=16, value=LAB_2D["batch_size"])
        drawing = page.make(gr.Sketchpad, label="diff.lab.drawing", type="numpy", image_mode="RGBA",
                            canvas_size=(300, 300), layers=False, height=340, scale=1,
                            brush=gr.Brush(colors=["#000000"], color_mode="fixed", default_size=14))
    with gr.Row():
        start, stop, once, again = (page.button("diff.lab.start", variant="primary"), page.button("diff.lab.pause"),
                                    page.button("diff.lab.one_step"), page.button("diff.lab.reset", variant="stop"))
        straighten = page.button("diff.lab.reflow", variant="secondary")
    with gr.Row():
        steps = page.make(gr.Slider, label="diff.lab.steps", info="diff.lab.steps_info", minimum=1,
                          maximum=LIMITS["steps"][1], step=1, value=DEFAULT_VIEW["steps"])
        sampler = page.make(gr.Radio, label="diff.lab.sampler", info="diff.lab.sampler_info",
                            value=DEFAULT_VIEW["sampler"], choices_keys=[(f"diff.lab.sampler_{s}", s) for s in SAMPLERS])
        tt = page.make(gr.Slider, label="diff.lab.t", info="diff.lab.t_info", minimum=0, maximum=1, step=0.01,
                       value=DEFAULT_VIEW["t"])
    with gr.Row():
        samples = page.picture("diff.lab.particles", scale=1, height=views.PLANE_PX)
        field = page.picture("diff.lab.field", scale=1, height=views.PLANE_PX)
    with gr.Row():
        curve = page.picture("diff.lab.curve", scale=1, height=None, elem_classes="genkit-chart genkit-natural")
        with gr.Column(scale=1, min_width=300):  # beside the curve; under it on a phone
            status = gr.Markdown(latex_delimiters=LATEX)
    controls = [dataset, drawing, objective, lr, batch, steps, sampler, tt]
    outputs = [state, samples, field, curve, status]
    start.click(train, [state, *controls, lang], outputs, api_name="diff_lab_step", concurrency_limit=None,
                show_progress="hidden", trigger_mode="multiple")
    stop.click(pause, [state, lang], status, api_name="diff_lab_pause")
    once.click(single, [state, *controls, lang], outputs, api_name="diff_lab_single")
    again.click(reset, [state, *controls, lang], outputs, api_name="diff_lab_reset")
    straighten.click(reflow, [state, *controls, lang], outputs, api_name="diff_lab_reflow")
    gr.on([steps.release, sampler.input, tt.release], look, [state, steps, sampler, tt, lang],
          [samples, field, status], api_name="diff_lab_view", trigger_mode="always_last")


# ----------------------------------------------------------------------------- benchmark (python -m genkit.bench)


def _bench_view(steps: int, t_only: bool = False):
    """The view after a change of the sampling steps (a new run of the sampler), or of t alone (the same run)."""
    def make():
        live = games.new_lab_live(LAB_2D)
        live.game.run(20)

        def call():
            if not t_only:
                live.kept = None
            return look(live, steps, "ddim", 0.3, "en")
        return call
    return make


BENCH = {"diff_lab_view_4": _bench_view(4), "diff_lab_view_50": _bench_view(50),
         "diff_lab_view_100": _bench_view(100), "diff_lab_move_t_100": _bench_view(100, t_only=True)}
