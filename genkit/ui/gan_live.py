"""The GAN tab, steps 1 to 3: live training on images, the game on the plane (and its failure modes), the replay.

Lecture: "Réseaux antagonistes générateurs (GAN)" (the two players, the min-max game, Algorithm 1
of Goodfellow et al., 2014). The maths is in genkit/gan.py and genkit/gan2d.py, a session's game
and its budget in genkit/live.py, the pictures in genkit/views/gan.py, the texts in
genkit/ui/text/gan.py; here: the handlers (one game per browser session and per mode, advanced a
few steps at a time in a streaming handler) and the layout of these three sub-tabs, which
genkit/ui/gan.py lays out (imported only by it).

Classroom safety: each session has its own games (a `gr.State` with a time to live and a delete callback) and
a budget per mode (live.MAX_STEPS, live.MAX_SECONDS); at most GATES[kind].slots games train at once (beyond,
"busy, try again in N s"); a run that stops sending (closed tab) frees its slot after 10 s.
"""

import functools
import math
import os
import time

import gradio as gr

from genkit import data, gan2d, hub
from genkit import live as games
from genkit.gan import LOSSES, Game
from genkit.live import DEFAULTS, EVERY, FAILURES, MAX_SECONDS, MAX_STEPS, Live, new_live, over_budget
from genkit.ui.common import Gate, Page, changes, fail, gpu, initial, safe, safe_stream
from genkit.ui.i18n import t
from genkit.ui.inputs import choice, number
from genkit.views.gan import SERIES, curve_charts, game_charts, image_grid, plane_picture, read_replay, replay_tile

SESSION_TTL_S = 3600  # a session's games are dropped an hour after their last update
PLOT_EVERY_S = 1.0  # the two charts redrawn at most once a second (two PNGs: the pictures between them go alone)
# the server's training slots per mode: no waiting in line (patience 0), 10 s of silence frees one
GATES = {"image": Gate(int(os.environ.get("GENKIT_GAN_SLOTS", "2")), patience=0, stale_s=10.0, min_wait_s=5),
         "2d": Gate(int(os.environ.get("GENKIT_GAN_2D_SLOTS", "6")), patience=0, stale_s=10.0, min_wait_s=5)}
LIMITS = dict(k=(1, 10), lr=(1e-5, 5e-2), batch_size=(8, 512), z_dim={"image": (2, 128), "2d": (1, 16)})
REPLAY_DATASETS = ("mnist", "fashion")

# ----------------------------------------------------------------------------- one session's game


def _settings(kind, dataset, loss, k, lr_g, lr_d, batch_size, z_dim, lang) -> dict:
    """The controls' values, checked (a translated error names the bad one and what it allows)."""
    datasets = tuple(data.DATASETS) if kind == "image" else gan2d.DATASETS
    return dict(dataset=choice(dataset, datasets, "gan.dataset", lang), loss=choice(loss, LOSSES, "gan.loss", lang),
                k=number(k, "gan.k", *LIMITS["k"], lang, integer=True),
                lr_g=number(lr_g, "gan.lr_g", *LIMITS["lr"], lang), lr_d=number(lr_d, "gan.lr_d", *LIMITS["lr"], lang),
                batch_size=number(batch_size, "gan.batch", *LIMITS["batch_size"], lang, integer=True),
                z_dim=number(z_dim, "gan.z_dim", *LIMITS["z_dim"][kind], lang, integer=True))


def _prepare(old: Live | None, kind: str, s: dict, lang: str) -> tuple[Live, bool]:
    """The session's game with the controls applied (live.prepare): a stream still playing an old game
    stops; without the training images, a translated error says how to get them."""
    if kind == "image" and (detail := games.missing_data(s["dataset"])) is not None:
        fail("gan.err_no_data", lang, dataset=s["dataset"], detail=detail)
    live, fresh = games.prepare(old, kind, s)
    if fresh:
        _release(old)
    return live, fresh


def _release(live: Live | None, after: tuple | None = None) -> None:
    """Free the game's slot (end of a run, pause, reset, a failure preset, the session's delete callback).
    `after`: the view of the game that replaces it, which its stream, stopping, sends again last."""
    if isinstance(live, Live):
        live.stop, live.after = True, after
        GATES[live.kind].leave(id(live))


_advance = gpu(duration=90)(games.advance)  # `steps` iterations of Algorithm 1, on ZeroGPU inside the GPU function


def _words(lang: str) -> dict:
    """The charts' words in the user's language: the curves' names, the axes' titles, the decimal mark."""
    return dict(names={k: t(f"gan.series_{k}", lang) for k in SERIES}, decimal=t("app.decimal", lang),
                axes=(t("gan.axis_step", lang), t("gan.axis_value", lang)))


def _status(g: Game, lang: str, modes=None, push=None) -> str:
    last = g.history[-1] if g.history else (0, math.nan, math.nan, math.nan, math.nan)
    lines = [t("gan.status", lang, step=g.step, seconds=round(g.seconds, 1),  # numbers: t writes them the French way
               rate=round(g.step / g.seconds) if g.seconds > 0 else "-",
               loss_d=round(last[1], 3), loss_g=round(last[2], 3), d_real=round(last[3], 2), d_fake=round(last[4], 2))]
    if modes is not None:
        lines.append(t("gan.modes", lang, covered=modes[0], total=modes[1]))
    if push is not None:
        lines.append(t("gan.push", lang, push=float(f"{push:.3g}")))
    lines.append(t("gan.diagnosis", lang, text=" ".join(t(f"gan.diag_{c}", lang) for c in games.diagnosis(g, modes))))
    return "\n\n".join(lines)


def _view(live: Live, lang: str, note: str = "", plots: bool = True) -> tuple:
    """Everything a stream shows: the state, the picture, the two plots (unchanged if not `plots`), the status."""
    game = live.game
    losses, probs = game_charts(game, **_words(lang)) if plots else (gr.skip(), gr.skip())
    if live.kind == "image":
        picture, live.said = image_grid(game.gan, game.z_fixed), _status(game, lang)
    else:
        picture, modes, push = plane_picture(game.gan, live.settings["dataset"], live.settings["loss"])
        live.said = _status(game, lang, modes, push)
    return live, picture, losses, probs, f"{live.said}\n\n{note}" if note else live.said


# ----------------------------------------------------------------------------- handlers


def _limit_note(kind: str, lang: str) -> str:
    return t("gan.limit", lang, steps=MAX_STEPS[kind], seconds=int(MAX_SECONDS[kind]))


def _stream(kind, live, controls, lang):
    live, fresh = _prepare(live, kind, _settings(kind, *controls, lang), lang)
    if over_budget(live):
        yield _view(live, lang, _limit_note(kind, lang))
        return
    gate = GATES[kind]
    gate.enter(lang, key=id(live), left_s=games.budget_left(live))  # a resumed game re-enters its own slot
    live.run_id += 1
    mine, live.stop, live.paused = live.run_id, False, False
    try:
        with live.lock:
            first = _view(live, lang, t("gan.fresh", lang) if fresh else "")
        yield first
        plotted = time.monotonic()
        while live.run_id == mine and not live.stop and not over_budget(live):
            with live.lock:
                live.game = _advance(live.game, EVERY[kind])
                if plots := over_budget(live) or time.monotonic() - plotted >= PLOT_EVERY_S:
                    plotted = time.monotonic()
                view = _view(live, lang, _limit_note(kind, lang) if over_budget(live) else "", plots)
            if live.stop:  # paused meanwhile: its answer is the last word (a later picture would hide its note)
                break
            gate.beat(id(live), games.budget_left(live))
            yield (gr.skip(), *view[1:])  # the state is this game already: a late picture cannot bring it back
            time.sleep(0.01)  # let the other handlers of the server run
        # stopped by pause, reset or a failure preset, whose answer may reach the browser before the picture in
        # flight: the stream's last word repeats it (pause used to cancel the stream; the late picture hid "paused")
        if live.run_id == mine and live.paused:
            with live.lock:
                last = _view(live, lang, t("gan.paused", lang))
            yield last
        elif live.run_id == mine and live.after is not None:
            yield live.after
    finally:
        if live.run_id == mine:  # a newer stream of the same game keeps the slot
            gate.leave(id(live))


@safe_stream
def train_images(live, dataset, loss, k, lr_g, lr_d, batch_size, z_dim, lang):
    """Start or resume live training on 28x28 images; streams the grid, curves and diagnosis every few steps."""
    yield from _stream("image", live, (dataset, loss, k, lr_g, lr_d, batch_size, z_dim), lang)


@safe_stream
def train_2d(live, dataset, loss, k, lr_g, lr_d, batch_size, z_dim, lang):
    """Start or resume live training on the plane; streams D's heatmap, the points and G's push."""
    yield from _stream("2d", live, (dataset, loss, k, lr_g, lr_d, batch_size, z_dim), lang)


def _single(kind, live, controls, lang):
    s = _settings(kind, *controls, lang)
    live, _ = _prepare(live, kind, s, lang)
    with live.lock:
        if over_budget(live):
            return _view(live, lang, _limit_note(kind, lang))
        live.game = _advance(live.game, 1)
        return _view(live, lang, t("gan.one_step_done", lang, k=s["k"]))


@safe
def single_images(live, dataset, loss, k, lr_g, lr_d, batch_size, z_dim, lang):
    """One iteration of Algorithm 1 (k steps of D, one of G) on images."""
    return _single("image", live, (dataset, loss, k, lr_g, lr_d, batch_size, z_dim), lang)


@safe
def single_2d(live, dataset, loss, k, lr_g, lr_d, batch_size, z_dim, lang):
    """One iteration of Algorithm 1 on the plane."""
    return _single("2d", live, (dataset, loss, k, lr_g, lr_d, batch_size, z_dim), lang)


@safe
def pause(live, lang):
    """Stop the session's stream after its current step (start resumes the game); the figures stay."""
    if not isinstance(live, Live):
        return ""
    live.paused = True
    _release(live)  # the stream stops after its current step, with a picture that says "paused"
    return f"{live.said}\n\n{t('gan.paused', lang)}"  # at once: the figures last shown, not waiting for the step


def _reset(kind, live, controls, lang):
    fresh, _ = _prepare(None, kind, _settings(kind, *controls, lang), lang)  # says so if the data is missing
    view = _view(fresh, lang, t("gan.reset_done", lang))
    _release(live, after=view)
    return view


@safe
def reset_images(live, dataset, loss, k, lr_g, lr_d, batch_size, z_dim, lang):
    """A new game from scratch with the current controls (image mode)."""
    return _reset("image", live, (dataset, loss, k, lr_g, lr_d, batch_size, z_dim), lang)


@safe
def reset_2d(live, dataset, loss, k, lr_g, lr_d, batch_size, z_dim, lang):
    """A new game from scratch with the current controls (2-D mode)."""
    return _reset("2d", live, (dataset, loss, k, lr_g, lr_d, batch_size, z_dim), lang)


@safe
def failure(name, live, lang):
    """One failure mode: its 2-D settings, a new game, and one sentence of explanation (start follows)."""
    s = FAILURES[choice(name, tuple(FAILURES), "gan.failures", lang)]
    view = _view(new_live("2d", s), lang)
    _release(live, after=view)
    return (*view, t(f"gan.why_{name}", lang),
            s["dataset"], s["loss"], s["k"], s["lr_g"], s["lr_d"], s["batch_size"], s["z_dim"])


_replay = functools.cache(lambda dataset: read_replay(hub.checkpoints_dir() / f"gan-{dataset}"))  # read once


@safe
def replay(dataset, moment, lang):
    """The committed run at one of its ~40 moments: the fixed-z grid and the curves up to then."""
    dataset = choice(dataset, REPLAY_DATASETS, "gan.dataset", lang)
    found = _replay(dataset)
    if found is None:
        return (None, None, None, t("gan.replay_missing", lang, name=f"gan-{dataset}",
                                    command=hub.entry(f"gan-{dataset}").train_command))
    record, strip = found
    moments = record["moments"]
    # moments count from 1, as the slider and the status say; beyond the ends, the first or the last one
    i = min(max(int(number(moment, "gan.moment", -math.inf, math.inf, lang)), 1), len(moments)) - 1
    m = moments[i]
    losses, probs = curve_charts(record["curves"], up_to=m["step"], **_words(lang))
    text = t("gan.replay_status", lang, n=i + 1, total=len(moments), step=m["step"], seconds=m["seconds"],
             loss_d=m["loss_d"], loss_g=m["loss_g"], d_real=m["d_real"], d_fake=m["d_fake"])
    return replay_tile(strip, record["tile"], i), losses, probs, text


# ----------------------------------------------------------------------------- layout


def _controls(page: Page, kind: str) -> list:
    d, names = DEFAULTS[kind], (tuple(data.DATASETS) if kind == "image" else gan2d.DATASETS)
    with gr.Row():
        dataset = page.make(gr.Radio, label="gan.dataset", value=d["dataset"],
                            choices_keys=[(f"gan.ds_{n}", n) for n in names])
        loss = page.make(gr.Radio, label="gan.loss", info="gan.loss_info", value=d["loss"],
                         choices_keys=[("gan.loss_nonsaturating", "nonsaturating"), ("gan.loss_minimax", "minimax")])
    with gr.Row():
        k = page.make(gr.Slider, label="gan.k", info="gan.k_info", minimum=1, maximum=LIMITS["k"][1], step=1, value=d["k"])
        lr_g = page.make(gr.Number, label="gan.lr_g", value=d["lr_g"], minimum=LIMITS["lr"][0], maximum=LIMITS["lr"][1])
        lr_d = page.make(gr.Number, label="gan.lr_d", value=d["lr_d"], minimum=LIMITS["lr"][0], maximum=LIMITS["lr"][1])
        batch = page.make(gr.Slider, label="gan.batch", minimum=LIMITS["batch_size"][0], maximum=LIMITS["batch_size"][1],
                          step=8, value=d["batch_size"])
        z_dim = page.make(gr.Slider, label="gan.z_dim", info="gan.z_dim_info", step=1, value=d["z_dim"],
                          minimum=LIMITS["z_dim"][kind][0], maximum=LIMITS["z_dim"][kind][1])
    return [dataset, loss, k, lr_g, lr_d, batch, z_dim]


def _plots(page: Page, values=(None, None)):
    # pictures drawn on the server (genkit/viz.py's line_chart): the browser's plots redrew hundreds of points
    # each second while a game streamed, and a click (Pause) waited for them
    with gr.Row():
        return (page.picture("gan.plot_losses", value=values[0], elem_classes="genkit-chart"),
                page.picture("gan.plot_probs", value=values[1], elem_classes="genkit-chart"))


def _live_tab(page: Page, kind: str, picture: str, handlers: tuple, api: str):
    """One live mode: its controls, buttons, picture, plots and status, and the four events of its buttons."""
    lang, (train, single, reset_handler) = page.lang, handlers
    state = gr.State(None, time_to_live=SESSION_TTL_S, delete_callback=_release)
    controls = _controls(page, kind)
    with gr.Row():
        start, stop, once, reset = (page.button("gan.start", variant="primary"), page.button("gan.pause"),
                                    page.button("gan.one_step"), page.button("gan.reset", variant="stop"))
    with gr.Row():  # the picture on the left, large; its curves and the status on the right
        image = page.picture(picture, scale=1, height=840 if kind == "image" else 440)  # 8x8 grid: 100 px a digit
        with gr.Column(scale=1):
            losses, probs = _plots(page)
            status = gr.Markdown()
    outputs = [state, image, losses, probs, status]
    # the status says the stream's progress: Gradio's timers on five outputs would redraw the page every frame
    start.click(train, [state, *controls, lang], outputs, api_name=f"{api}_step", concurrency_limit=None,
                show_progress="hidden", trigger_mode="multiple")
    # no cancels: the stream ends after its step with the stopper's answer (_stream); Start answers even meanwhile
    stop.click(pause, [state, lang], status, api_name=f"{api}_pause")
    once.click(single, [state, *controls, lang], outputs, api_name=f"{api}_single")
    reset.click(reset_handler, [state, *controls, lang], outputs, api_name=f"{api}_reset")
    return state, controls, outputs


def build_live(page: Page) -> None:
    """1. live training on images."""
    page.md("gan.live_help")
    _live_tab(page, "image", "gan.grid", (train_images, single_images, reset_images), "gan")


def build_2d(page: Page) -> None:
    """2. the plane, and its failure modes."""
    lang = page.lang
    page.md("gan.2d_help")
    state2, controls2, outputs2 = _live_tab(page, "2d", "gan.plane", (train_2d, single_2d, reset_2d), "gan_2d")
    with page.accordion("gan.failures", open=True):
        page.md("gan.failures_help")
        with gr.Row():
            fail_buttons = {name: page.button(f"gan.fail_{name}", variant="secondary") for name in FAILURES}
        why = gr.Markdown()
    for name, button in fail_buttons.items():
        name_box = gr.State(name)
        button.click(failure, [name_box, state2, lang], [*outputs2, why, *controls2],
                     api_name="gan_failure" if name == "collapse" else None,
                     api_visibility="public" if name == "collapse" else "private").then(
            train_2d, [state2, *controls2, lang], outputs2, concurrency_limit=None, api_visibility="private")


def build_replay(page: Page) -> None:
    """3. replay of the committed run."""
    lang = page.lang
    page.md("gan.replay_help")
    with gr.Row():
        r_dataset = page.make(gr.Radio, label="gan.dataset", value="mnist",
                              choices_keys=[(f"gan.ds_{n}", n) for n in REPLAY_DATASETS])
        moment = page.make(gr.Slider, label="gan.moment", info="gan.moment_info", minimum=1, maximum=40, step=1,
                           value=40)
    first = initial(replay, "mnist", 40, "en")
    with gr.Row():
        r_grid = page.picture("gan.grid", scale=1, value=first[0])
        with gr.Column(scale=2):
            r_losses, r_probs = _plots(page, first[1:3])
    r_status = gr.Markdown(first[3])
    gr.on(changes([r_dataset, moment, lang]), replay, [r_dataset, moment, lang], [r_grid, r_losses, r_probs, r_status],
          api_name="gan_replay", trigger_mode="always_last")


# ----------------------------------------------------------------------------- benchmark (genkit/ui/gan.py's BENCH)


def bench_view():
    live = new_live("2d", DEFAULTS["2d"])
    live.game.run(5)
    return functools.partial(_view, live, "en")
