"""The GAN tab: watch a generator and a discriminator play, live, and see them fail.

Lecture: "Réseaux antagonistes générateurs (GAN)" (the two players, the min-max game,
Algorithm 1). The maths is in genkit/gan.py (networks, losses, the shared training step,
`Game`) and genkit/gan2d.py (point clouds, mode counting, D over the plane); this module
keeps one game per browser session and per mode, advances it a few steps at a time in a
streaming handler, and draws the results.

Classroom safety: each session has its own games (a `gr.State` with a time to live and a
delete callback); a session trains at most MAX_STEPS steps and MAX_SECONDS seconds per mode;
at most SLOTS games train at once on the server (beyond, the translated "busy, try again in
N s"); a run that stops sending (closed tab, cancelled event) frees its slot after STALE_S.
Every text is in TEXT, at the end of the file, in English and French.
"""

import functools
import json
import math
import os
import threading
import time
from dataclasses import dataclass, field

import gradio as gr
import pandas as pd
import torch
from PIL import Image, ImageDraw

from genkit import data, gan2d, hub, viz
from genkit.device import pick_device
from genkit.gan import LIVE, LOSSES, Game, diagnose, live_dcgan
from genkit.ui.common import Page, changes, fail, gpu, initial, safe, safe_stream
from genkit.ui.i18n import t

KINDS = ("image", "2d")
SLOTS = {"image": int(os.environ.get("GENKIT_GAN_SLOTS", "2")), "2d": int(os.environ.get("GENKIT_GAN_2D_SLOTS", "6"))}
MAX_STEPS = {"image": 20_000, "2d": 50_000}  # per session and per mode
MAX_SECONDS = {"image": 600.0, "2d": 600.0}  # training time per session and per mode
EVERY = {"image": 20, "2d": 50}  # steps between two pictures of the stream
STALE_S = 10.0  # a run that has not reported for this long has stopped: its slot is free
SESSION_TTL_S = 3600  # a session's games are dropped an hour after their last update
DEFAULTS = {
    "image": dict(dataset="mnist", **LIVE),  # measured by `python -m genkit.eval gan-live`
    "2d": dict(dataset="ring", **gan2d.LIVE),  # measured by `python -m genkit.eval gan-2d`
}
FAILURES = {  # one click: the 2-D settings that show each failure (and one sentence in TEXT)
    "collapse": dict(dataset="ring", loss="nonsaturating", k=1, lr_g=2e-3, lr_d=2e-4, batch_size=256, z_dim=2),
    "d_wins": dict(dataset="ring", loss="minimax", k=10, lr_g=1e-4, lr_d=2e-3, batch_size=64, z_dim=2),
    "oscillation": dict(dataset="ring", loss="nonsaturating", k=1, lr_g=5e-2, lr_d=5e-2, batch_size=256, z_dim=2),
}
LIMITS = dict(k=(1, 10), lr=(1e-5, 5e-2), batch_size=(8, 512), z_dim={"image": (2, 128), "2d": (1, 16)})
REPLAY_DATASETS = ("mnist", "fashion")


# ----------------------------------------------------------------------------- one session's game


class RealImages:
    """x ~ P_r for a Game: n random training images in [-1, 1] (the split is loaded once per process)."""

    def __init__(self, dataset: str, seed: int = 0):
        self.dataset, self.g = dataset, torch.Generator().manual_seed(seed)

    def __call__(self, n: int) -> torch.Tensor:
        x = _train_images(self.dataset)
        return x[torch.randint(len(x), (n,), generator=self.g)]  # (n, 1, 28, 28)


class RealPoints:
    """x ~ P_r for a Game on the plane."""

    def __init__(self, dataset: str, seed: int = 0):
        self.dataset, self.g = dataset, torch.Generator().manual_seed(seed)

    def __call__(self, n: int) -> torch.Tensor:
        return gan2d.sample(self.dataset, n, self.g)  # (n, 2)


@functools.cache
def _train_images(dataset: str) -> torch.Tensor:
    x, _ = data.load(dataset, "train")  # GENKIT_DATA, else torchvision's cache; raises DataNotFoundError
    return x * 2 - 1  # (N, 1, 28, 28) in [-1, 1]


_data_failures: dict[str, tuple[float, str]] = {}  # dataset -> (when, why) of the last failed load
DATA_RETRY_S = 60.0  # a missing dataset is not looked for (maybe downloaded) again on every click


def _check_data(dataset: str, lang: str) -> None:
    """Load the training images once; without them, say so (translated) and how to get them."""
    failed = _data_failures.get(dataset)
    if failed and time.monotonic() - failed[0] < DATA_RETRY_S:
        detail = failed[1]
    else:
        try:
            _train_images(dataset)
            return
        except data.DataNotFoundError as e:
            detail = str(e)[:300]
            _data_failures[dataset] = (time.monotonic(), detail)
    fail("gan.err_no_data", lang, dataset=dataset, detail=detail)


@dataclass
class Live:
    """What one browser session trains in one mode: the game, its settings and its budget."""

    kind: str
    settings: dict
    game: Game
    stop: bool = False  # set by pause; the stream looks at it between two pictures
    paused: bool = False  # set by pause only (not by a reset or a new game): the stream's last picture says so
    run_id: int = 0  # the stream that owns the game; a newer start makes an older stream end
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)  # one step or picture at a time


def _new_live(kind: str, s: dict) -> Live:
    if kind == "image":
        gan, real = live_dcgan(s["z_dim"]), RealImages(s["dataset"])
    else:
        gan, real = gan2d.GAN2D(gan2d.GAN2DConfig(z_dim=s["z_dim"])), RealPoints(s["dataset"])
    game = Game(gan, real, loss=s["loss"], k=s["k"], lr_g=s["lr_g"], lr_d=s["lr_d"], batch_size=s["batch_size"])
    return Live(kind, dict(s), game)


def _settings(kind, dataset, loss, k, lr_g, lr_d, batch_size, z_dim, lang) -> dict:
    """The controls' values, checked (a translated error names the bad one)."""
    datasets = tuple(data.DATASETS) if kind == "image" else gan2d.DATASETS
    if dataset not in datasets:
        fail("gan.err_choice", lang, name=t("gan.dataset", lang), value=str(dataset)[:30], allowed=", ".join(datasets))
    if loss not in LOSSES:
        fail("gan.err_choice", lang, name=t("gan.loss", lang), value=str(loss)[:30], allowed=", ".join(LOSSES))

    def number(v, key, low, high, integer):
        try:
            x = float(v)
        except (TypeError, ValueError):
            x = math.nan
        if not math.isfinite(x) or not low <= x <= high or (integer and not x.is_integer()):
            fail("gan.err_range", lang, name=t(key, lang), value=str(v)[:20], low=low, high=high)
        return int(x) if integer else x

    return dict(dataset=dataset, loss=loss, k=number(k, "gan.k", *LIMITS["k"], True),
                lr_g=number(lr_g, "gan.lr_g", *LIMITS["lr"], False), lr_d=number(lr_d, "gan.lr_d", *LIMITS["lr"], False),
                batch_size=number(batch_size, "gan.batch", *LIMITS["batch_size"], True),
                z_dim=number(z_dim, "gan.z_dim", *LIMITS["z_dim"][kind], True))


def _prepare(live: Live | None, kind: str, s: dict, lang: str) -> tuple[Live, bool]:
    """The session's game with the controls applied: a new one if the data or the latent size changed."""
    if kind == "image":
        _check_data(s["dataset"], lang)
    if live is None or live.kind != kind or any(live.settings[n] != s[n] for n in ("dataset", "z_dim")):
        return _new_live(kind, s), True
    live.settings.update(s)
    live.game.set(loss=s["loss"], k=s["k"], lr_g=s["lr_g"], lr_d=s["lr_d"], batch_size=s["batch_size"])
    return live, False


# ----------------------------------------------------------------------------- the server's slots


_slots_lock = threading.Lock()
_running: dict[str, dict[int, tuple[float, float]]] = {k: {} for k in KINDS}  # id(live) -> (heartbeat, s left)


def _acquire(live: Live, lang: str) -> None:
    """Take one of the server's training slots for this session's game, or fail with "busy, try again in N s"."""
    now = time.monotonic()
    with _slots_lock:
        runs = _running[live.kind]
        for key in [key for key, (beat, _) in runs.items() if now - beat > STALE_S]:
            del runs[key]
        if id(live) not in runs and len(runs) >= SLOTS[live.kind]:
            wait = min(left for _, left in runs.values())
            fail("err.busy", lang, seconds=max(5, math.ceil(wait)))
        runs[id(live)] = (now, _budget_left(live))


def _beat(live: Live) -> None:
    with _slots_lock:
        if id(live) in _running[live.kind]:
            _running[live.kind][id(live)] = (time.monotonic(), _budget_left(live))


def _release(live: Live | None) -> None:
    """Free the game's slot (end of a run, pause, reset, and the session's delete callback)."""
    if isinstance(live, Live):
        live.stop = True
        with _slots_lock:
            _running[live.kind].pop(id(live), None)


def running(kind: str) -> int:
    """Games training right now (for the tests and the load test)."""
    with _slots_lock:
        return sum(time.monotonic() - beat <= STALE_S for beat, _ in _running[kind].values())


def _budget_left(live: Live) -> float:
    return max(0.0, MAX_SECONDS[live.kind] - live.game.seconds)


def _over_budget(live: Live) -> bool:
    return live.game.step >= MAX_STEPS[live.kind] or _budget_left(live) <= 0


@gpu(duration=90)
def _advance(game: Game, steps: int) -> Game:
    """`steps` iterations of Algorithm 1 (on ZeroGPU inside the GPU function; the game comes back)."""
    device = pick_device()
    if device.type != "cpu":
        game.to(device)
    game.run(steps)  # on the process's torch threads (genkit.device.set_threads, GENKIT_THREADS)
    return game.to("cpu") if device.type != "cpu" else game


# ----------------------------------------------------------------------------- pictures and curves


def _plot_tables(curves: dict, lang: str, up_to: int | None = None) -> tuple:
    """A game's curves (Game.curves, or a replay's) as the long tables of the two gr.LinePlots.

    None and None before the first step: the browser's plot fixes its axes and colours from the
    first table it gets, and an empty one would leave them as categories with no colour.
    """
    keep = [j for j, step in enumerate(curves["step"]) if up_to is None or step <= up_to]
    if not keep:
        return None, None
    names = {k: t(f"gan.series_{k}", lang) for k in ("loss_d", "loss_g", "d_real", "d_fake")}

    def table(keys):
        rows = [(curves["step"][j], curves[k][j], names[k]) for j in keep for k in keys]
        return pd.DataFrame(rows, columns=["step", "value", "series"])

    return table(("loss_d", "loss_g")), table(("d_real", "d_fake"))


def _curves(game: Game, lang: str) -> tuple:
    """Loss curves and mean D outputs of a game in play (at most ~300 points each)."""
    return _plot_tables(game.curves(max(1, len(game.history) // 300)), lang)


def _image_grid(live: Live) -> Image.Image:
    x = live.game.gan.generate(live.game.z_fixed)  # (64, 1, 28, 28) in [0, 1]
    return viz.to_pil(viz.grid(x.float().cpu(), nrow=8, pad=2, value=1.0), scale=3)


PLANE_PX = 420


def _plane_picture(live: Live) -> tuple[Image.Image, tuple | None, float]:
    """D over the plane (red: "real", blue: "generated"), real points (green), generated ones (black)
    with G's push as orange segments. Returns the picture, the modes covered and the mean push."""
    game, s = live.game, live.settings
    gen = torch.Generator().manual_seed(7)
    real = gan2d.sample(s["dataset"], 500, gen)
    fake = game.gan.generate(game.gan.sample_z(500, gen))
    heat, push = gan2d.field(game.gan, fake[:120], s["loss"])
    rgb = viz.diverging((heat - 0.5).numpy() * 2)  # D = 1 red, 0.5 white, 0 blue
    img = Image.fromarray(rgb).resize((PLANE_PX, PLANE_PX), Image.BILINEAR)
    draw = ImageDraw.Draw(img)
    to_px = lambda p: ((p[0] + gan2d.EXTENT) / (2 * gan2d.EXTENT) * PLANE_PX,  # noqa: E731
                       (gan2d.EXTENT - p[1]) / (2 * gan2d.EXTENT) * PLANE_PX)
    for p in real.tolist():
        x, y = to_px(p)
        draw.ellipse((x - 2, y - 2, x + 2, y + 2), fill=(20, 140, 60))
    for p in fake.tolist():
        x, y = to_px(p)
        draw.ellipse((x - 2, y - 2, x + 2, y + 2), fill=(20, 20, 20))
    for p, g in zip(fake[:120].tolist(), push.tolist()):
        norm = math.hypot(*g)
        length = min(0.5, 0.25 * norm)  # plane units: a vanishing gradient draws a vanishing segment
        if norm > 1e-8:
            x0, y0 = to_px(p)
            x1, y1 = to_px((p[0] + g[0] / norm * length, p[1] + g[1] / norm * length))
            draw.line((x0, y0, x1, y1), fill=(230, 120, 0), width=2)
    centers = gan2d.centers(s["dataset"])
    modes = gan2d.count_modes(fake, centers)[:2] if centers is not None else None
    return img, modes, push.norm(dim=1).mean().item()


def _status(live: Live, lang: str, modes=None, push=None, note: str = "") -> str:
    g = live.game
    recent = g.history[-400:]
    last = g.history[-1] if g.history else (0, math.nan, math.nan, math.nan, math.nan)
    lines = [t("gan.status", lang, step=g.step, seconds=f"{g.seconds:.1f}",
               rate=f"{g.step / g.seconds:.0f}" if g.seconds > 0 else "-",
               loss_d=f"{last[1]:.3f}", loss_g=f"{last[2]:.3f}", d_real=f"{last[3]:.2f}", d_fake=f"{last[4]:.2f}")]
    if modes is not None:
        lines.append(t("gan.modes", lang, covered=modes[0], total=modes[1]))
    if push is not None:
        lines.append(t("gan.push", lang, push=f"{push:.3g}"))
    judged = modes if g.step >= 1000 else None  # modes are only counted against G once it had time to spread
    codes = diagnose([r[1] for r in recent], [r[2] for r in recent], [r[4] for r in recent], judged)
    lines.append(t("gan.diagnosis", lang, text=" ".join(t(f"gan.diag_{code}", lang) for code in codes)))
    if note:
        lines.append(note)
    return "\n\n".join(lines)


def _view(live: Live, lang: str, note: str = "") -> tuple:
    """Everything a stream shows: the state, the picture, the two plots and the status line."""
    losses, probs = _curves(live.game, lang)
    if live.kind == "image":
        return live, _image_grid(live), losses, probs, _status(live, lang, note=note)
    picture, modes, push = _plane_picture(live)
    return live, picture, losses, probs, _status(live, lang, modes, push, note)


# ----------------------------------------------------------------------------- handlers



def _limit_note(kind: str, lang: str) -> str:
    return t("gan.limit", lang, steps=MAX_STEPS[kind], seconds=int(MAX_SECONDS[kind]))


def _stream(kind, live, controls, lang):
    s = _settings(kind, *controls, lang)
    old = live
    live, fresh = _prepare(live, kind, s, lang)
    if fresh:
        _release(old)  # a stream still playing the old game stops
    if _over_budget(live):
        yield _view(live, lang, _limit_note(kind, lang))
        return
    _acquire(live, lang)
    live.run_id += 1
    mine, live.stop, live.paused = live.run_id, False, False
    try:
        with live.lock:
            first = _view(live, lang, t("gan.fresh", lang) if fresh else "")
        yield first
        while live.run_id == mine and not live.stop and not _over_budget(live):
            with live.lock:
                live.game = _advance(live.game, EVERY[kind])
                view = _view(live, lang, _limit_note(kind, lang) if _over_budget(live) else "")
            _beat(live)
            yield view
            time.sleep(0.01)  # let the other handlers of the server run
        if live.paused and live.run_id == mine:  # the last picture says so (pause's own answer may come first)
            with live.lock:
                last = _view(live, lang, t("gan.paused", lang))
            yield last
    finally:
        if live.run_id == mine:
            with _slots_lock:
                _running[kind].pop(id(live), None)


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
    old = live
    live, fresh = _prepare(live, kind, s, lang)
    if fresh:
        _release(old)
    with live.lock:
        if _over_budget(live):
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
    """Stop the session's stream after its current picture (the game is kept: start resumes it).

    The status keeps the game's figures and diagnosis, for the class to discuss while it is paused."""
    if not isinstance(live, Live):
        return ""
    live.paused = True
    _release(live)
    with live.lock:  # the stream's current step ends first
        return _view(live, lang, t("gan.paused", lang))[-1]


def _reset(kind, live, controls, lang):
    _release(live)
    s = _settings(kind, *controls, lang)
    if kind == "image":
        _prepare(None, kind, s, lang)  # says so if the data is missing
    return _view(_new_live(kind, s), lang, t("gan.reset_done", lang))


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
    if name not in FAILURES:
        fail("gan.err_choice", lang, name=t("gan.failures", lang), value=str(name)[:30], allowed=", ".join(FAILURES))
    _release(live)
    s = FAILURES[name]
    view = _view(_new_live("2d", s), lang)
    return (*view, t(f"gan.why_{name}", lang), s["dataset"], s["loss"], s["k"], s["lr_g"], s["lr_d"],
            s["batch_size"], s["z_dim"])


@functools.cache
def _replay(dataset: str) -> tuple[dict, Image.Image] | None:
    folder = hub.checkpoints_dir() / f"gan-{dataset}"
    if not (folder / "replay.json").exists() or not (folder / "replay.png").exists():
        return None
    record = json.loads((folder / "replay.json").read_text())
    with Image.open(folder / "replay.png") as im:
        return record, im.convert("L").copy()


@safe
def replay(dataset, moment, lang):
    """The committed run at one of its ~40 moments: the fixed-z grid and the curves up to then."""
    if dataset not in REPLAY_DATASETS:
        fail("gan.err_choice", lang, name=t("gan.dataset", lang), value=str(dataset)[:30],
             allowed=", ".join(REPLAY_DATASETS))
    found = _replay(dataset)
    if found is None:
        return (None, None, None, t("gan.replay_missing", lang, name=f"gan-{dataset}",
                                    command=hub.entry(f"gan-{dataset}").train_command))
    record, strip = found
    tile, moments = record["tile"], record["moments"]
    try:
        i = min(max(int(float(moment)), 0), len(moments) - 1)
    except (TypeError, ValueError):
        fail("gan.err_range", lang, name=t("gan.moment", lang), value=str(moment)[:20], low=0, high=len(moments) - 1)
    r, c = divmod(i, tile["cols"])
    size = tile["size"]
    picture = strip.crop((c * size, r * size, (c + 1) * size, (r + 1) * size)).resize((size * 3, size * 3), Image.NEAREST)
    m = moments[i]
    losses, probs = _plot_tables(record["curves"], lang, up_to=m["step"])
    text = t("gan.replay_status", lang, n=i + 1, total=len(moments), step=m["step"], seconds=m["seconds"],
             loss_d=m["loss_d"], loss_g=m["loss_g"], d_real=m["d_real"], d_fake=m["d_fake"])
    return picture, losses, probs, text


# ----------------------------------------------------------------------------- layout


def _controls(page: Page, kind: str) -> list:
    d = DEFAULTS[kind]
    with gr.Row():
        if kind == "image":
            dataset = page.make(gr.Radio, label="gan.dataset", value=d["dataset"],
                                choices_keys=[("gan.ds_mnist", "mnist"), ("gan.ds_fashion", "fashion")])
        else:
            dataset = page.make(gr.Radio, label="gan.dataset", value=d["dataset"],
                                choices_keys=[(f"gan.ds_{n}", n) for n in gan2d.DATASETS])
        loss = page.make(gr.Radio, label="gan.loss", info="gan.loss_info", value=d["loss"],
                         choices_keys=[("gan.loss_nonsaturating", "nonsaturating"), ("gan.loss_minimax", "minimax")])
    with gr.Row():
        k = page.make(gr.Slider, label="gan.k", info="gan.k_info", minimum=1, maximum=LIMITS["k"][1], step=1, value=d["k"])
        lr_g = page.make(gr.Number, label="gan.lr_g", value=d["lr_g"], minimum=LIMITS["lr"][0], maximum=LIMITS["lr"][1])
        lr_d = page.make(gr.Number, label="gan.lr_d", value=d["lr_d"], minimum=LIMITS["lr"][0], maximum=LIMITS["lr"][1])
        batch = page.make(gr.Slider, label="gan.batch", minimum=LIMITS["batch_size"][0], maximum=LIMITS["batch_size"][1],
                          step=8, value=d["batch_size"])
        low, high = LIMITS["z_dim"][kind]
        z_dim = page.make(gr.Slider, label="gan.z_dim", info="gan.z_dim_info", minimum=low, maximum=high, step=1,
                          value=d["z_dim"])
    return [dataset, loss, k, lr_g, lr_d, batch, z_dim]


def _buttons(page: Page) -> tuple:
    with gr.Row():
        return (page.button("gan.start", variant="primary"), page.button("gan.pause"), page.button("gan.one_step"),
                page.button("gan.reset", variant="stop"))


AXIS_TITLES = dict(x_title="gan.axis_step", y_title="gan.axis_value", color_title="gan.axis_series")


def _plots(page: Page, values=(None, None)):
    # no fixed height: Gradio counts the legend in it, and at 260 px the legend's entries were cut off
    with gr.Row():
        losses = page.make(gr.LinePlot, label="gan.plot_losses", x="step", y="value", color="series",
                           value=values[0], **AXIS_TITLES)
        probs = page.make(gr.LinePlot, label="gan.plot_probs", x="step", y="value", color="series", y_lim=[0, 1],
                          value=values[1], **AXIS_TITLES)
    return losses, probs


def build(page: Page) -> None:
    lang = page.lang
    page.md("gan.intro")

    # 1. live training on images
    with page.tab("gan.tab_live"):
        page.md("gan.live_help")
        state = gr.State(None, time_to_live=SESSION_TTL_S, delete_callback=_release)
        controls = _controls(page, "image")
        start, stop, once, reset = _buttons(page)
        with gr.Row():
            grid = page.make(gr.Image, label="gan.grid", type="pil", format="png", interactive=False, scale=1)
            with gr.Column(scale=2):
                losses, probs = _plots(page)
        status = gr.Markdown()
        outputs = [state, grid, losses, probs, status]
        run = start.click(train_images, [state, *controls, lang], outputs, api_name="gan_step",
                          concurrency_limit=None)
        stop.click(pause, [state, lang], status, api_name="gan_pause", cancels=[run])
        once.click(single_images, [state, *controls, lang], outputs, api_name="gan_single")
        reset.click(reset_images, [state, *controls, lang], outputs, api_name="gan_reset", cancels=[run])

    # 2. the plane, and 3. failure modes
    with page.tab("gan.tab_2d"):
        page.md("gan.2d_help")
        state2 = gr.State(None, time_to_live=SESSION_TTL_S, delete_callback=_release)
        controls2 = _controls(page, "2d")
        start2, stop2, once2, reset2 = _buttons(page)
        with gr.Row():
            plane = page.make(gr.Image, label="gan.plane", type="pil", format="png", interactive=False, scale=1)
            with gr.Column(scale=1):
                losses2, probs2 = _plots(page)
        status2 = gr.Markdown()
        with page.accordion("gan.failures", open=True):
            page.md("gan.failures_help")
            with gr.Row():
                fail_buttons = {name: page.button(f"gan.fail_{name}", variant="secondary") for name in FAILURES}
            why = gr.Markdown()
        outputs2 = [state2, plane, losses2, probs2, status2]
        run2 = start2.click(train_2d, [state2, *controls2, lang], outputs2, api_name="gan_2d_step",
                            concurrency_limit=None)
        stop2.click(pause, [state2, lang], status2, api_name="gan_2d_pause", cancels=[run2])
        once2.click(single_2d, [state2, *controls2, lang], outputs2, api_name="gan_2d_single")
        reset2.click(reset_2d, [state2, *controls2, lang], outputs2, api_name="gan_2d_reset", cancels=[run2])
        for name, button in fail_buttons.items():
            name_box = gr.State(name)
            button.click(failure, [name_box, state2, lang], [*outputs2, why, *controls2], cancels=[run2],
                         api_name="gan_failure" if name == "collapse" else None,
                         api_visibility="public" if name == "collapse" else "private").then(
                train_2d, [state2, *controls2, lang], outputs2, concurrency_limit=None, api_visibility="private")

    # 4. replay of the committed run
    with page.tab("gan.tab_replay"):
        page.md("gan.replay_help")
        with gr.Row():
            r_dataset = page.make(gr.Radio, label="gan.dataset", value="mnist",
                                  choices_keys=[("gan.ds_mnist", "mnist"), ("gan.ds_fashion", "fashion")])
            moment = page.make(gr.Slider, label="gan.moment", info="gan.moment_info", minimum=0, maximum=39, step=1,
                               value=39)
        first = initial(replay, "mnist", 39, "en")
        with gr.Row():
            r_grid = page.make(gr.Image, label="gan.grid", type="pil", format="png", interactive=False, scale=1,
                               value=first[0])
            with gr.Column(scale=2):
                r_losses, r_probs = _plots(page, first[1:3])
        r_status = gr.Markdown(first[3])
        gr.on(changes([r_dataset, moment, lang]), replay, [r_dataset, moment, lang], [r_grid, r_losses, r_probs, r_status],
              api_name="gan_replay", trigger_mode="always_last")


# ----------------------------------------------------------------------------- benchmark (python -m genkit.bench)


def _bench_game(kind: str):
    """A fresh game on synthetic data (no dataset needed): one call is one iteration of Algorithm 1."""

    def setup():
        s = DEFAULTS[kind]
        if kind == "image":
            x = torch.rand(2048, 1, 28, 28) * 2 - 1
            gan = live_dcgan(s["z_dim"])
            gen = torch.Generator().manual_seed(0)
            real = lambda n: x[torch.randint(len(x), (n,), generator=gen)]  # noqa: E731
        else:
            gan, real = gan2d.GAN2D(gan2d.GAN2DConfig(z_dim=s["z_dim"])), RealPoints(s["dataset"])
        game = Game(gan, real, loss=s["loss"], k=s["k"], lr_g=s["lr_g"], lr_d=s["lr_d"], batch_size=s["batch_size"])
        steps = 10

        def call():
            game.run(steps)

        call.items, call.unit = steps, "steps"  # genkit.bench reports steps_per_s
        return call

    return setup


def _bench_view():
    def setup():
        live = _new_live("2d", DEFAULTS["2d"])
        live.game.run(5)
        return functools.partial(_view, live, "en")

    return setup


BENCH = {"gan_live_step": _bench_game("image"), "gan_2d_step": _bench_game("2d"), "gan_2d_view": _bench_view(),
         "gan_replay": lambda: functools.partial(replay, "mnist", 20, "en")}


# ----------------------------------------------------------------------------- texts (English, French)

TEXT = {
    "gan.intro": {
        "en": "## Generative adversarial networks (GAN)\n"
              "Two players. The **generator** $G$ turns noise $z \\sim p(z)$ into an image $\\tilde{x} = G(z)$; the "
              "**discriminator** $D$ says whether an image is real ($x \\sim \\mathbb{P}_r$) or generated "
              "($\\tilde{x} \\sim \\mathbb{P}_g$). They play a min-max game:\n\n"
              "$$\\min_G \\max_D \\; \\mathbb{E}_{x \\sim \\mathbb{P}_r}[\\log D(x)] + "
              "\\mathbb{E}_{\\tilde{x} \\sim \\mathbb{P}_g}[\\log(1 - D(\\tilde{x}))]$$\n\n"
              "In practice $G$ maximizes $\\mathbb{E}[\\log D(G(z))]$ (the *non-saturating* form), whose gradient does "
              "not vanish when $D$ wins early, and training alternates $k$ steps of $D$ with one step of $G$ "
              "(Goodfellow et al., 2014, Algorithm 1).",
        "fr": "## Réseaux antagonistes générateurs (GAN)\n"
              "Deux joueurs. Le **générateur** $G$ transforme un bruit $z \\sim p(z)$ en une image "
              "$\\tilde{x} = G(z)$ ; le **discriminateur** $D$ décide si une image est réelle ($x \\sim \\mathbb{P}_r$) "
              "ou générée ($\\tilde{x} \\sim \\mathbb{P}_g$). Ils jouent un jeu min-max :\n\n"
              "$$\\min_G \\max_D \\; \\mathbb{E}_{x \\sim \\mathbb{P}_r}[\\log D(x)] + "
              "\\mathbb{E}_{\\tilde{x} \\sim \\mathbb{P}_g}[\\log(1 - D(\\tilde{x}))]$$\n\n"
              "En pratique $G$ maximise $\\mathbb{E}[\\log D(G(z))]$ (la forme *non saturante*), dont le gradient ne "
              "s'annule pas quand $D$ gagne trop tôt, et l'entraînement alterne $k$ pas de $D$ et un pas de $G$ "
              "(Goodfellow et al., 2014, algorithme 1).",
    },
    # --- 1. live training
    "gan.tab_live": {"en": "1. Live training", "fr": "1. Entraînement en direct"},
    "gan.live_help": {
        "en": "A GAN trains here, on the server, for your browser session only. **Start** plays Algorithm 1: $k$ steps "
              "of the discriminator (ascend $\\log D(x) + \\log(1 - D(G(z)))$), then one step of the generator. Every "
              "few steps you see 64 images $G(z)$ for the same fixed $z$, the two losses, and the mean $D(x)$ and "
              "$D(G(z))$. From scratch, MNIST digits become recognizable within about 3 minutes on a CPU: each player "
              "here has one hidden layer more than the plain DCGAN (256 units, after $z$ in $G$ and before the logit "
              "in $D$), which gives the digits their shape sooner. "
              "A new dataset or latent size starts a new game.",
        "fr": "Un GAN s'entraîne ici, sur le serveur, pour votre session seulement. **Démarrer** joue l'algorithme 1 : "
              "$k$ pas du discriminateur (monter $\\log D(x) + \\log(1 - D(G(z)))$), puis un pas du générateur. Tous "
              "les quelques pas, vous voyez 64 images $G(z)$ pour le même $z$ fixé, les deux pertes, et les moyennes "
              "de $D(x)$ et $D(G(z))$. En partant de zéro, les chiffres MNIST deviennent reconnaissables en environ "
              "3 minutes sur un CPU : chaque joueur a ici une couche cachée de plus que le DCGAN de base (256 unités, "
              "après $z$ dans $G$ et avant le logit dans $D$), ce qui donne plus tôt leur forme aux chiffres. "
              "Un autre jeu de données ou une autre taille latente recommence une partie.",
    },
    "gan.dataset": {"en": "Data", "fr": "Données"},
    "gan.ds_mnist": {"en": "Digits (MNIST)", "fr": "Chiffres (MNIST)"},
    "gan.ds_fashion": {"en": "Clothes (Fashion-MNIST)", "fr": "Vêtements (Fashion-MNIST)"},
    "gan.ds_ring": {"en": "Ring of 8 Gaussians", "fr": "Anneau de 8 gaussiennes"},
    "gan.ds_grid": {"en": "Grid of 25 Gaussians", "fr": "Grille de 25 gaussiennes"},
    "gan.ds_moons": {"en": "Two moons", "fr": "Deux lunes"},
    "gan.ds_spiral": {"en": "Spiral", "fr": "Spirale"},
    "gan.loss": {"en": "Generator loss", "fr": "Perte du générateur"},
    "gan.loss_info": {"en": "minimax: G minimizes log(1 − D(G(z))); non-saturating: G maximizes log D(G(z))",
                      "fr": "minimax : G minimise log(1 − D(G(z))) ; non saturante : G maximise log D(G(z))"},
    "gan.loss_nonsaturating": {"en": "Non-saturating", "fr": "Non saturante"},
    "gan.loss_minimax": {"en": "Minimax", "fr": "Minimax"},
    "gan.k": {"en": "k (discriminator steps per generator step)", "fr": "k (pas du discriminateur par pas du générateur)"},
    "gan.k_info": {"en": "Algorithm 1 of Goodfellow et al. uses k = 1", "fr": "L'algorithme 1 de Goodfellow et al. prend k = 1"},
    "gan.lr_g": {"en": "Learning rate of G", "fr": "Taux d'apprentissage de G"},
    "gan.lr_d": {"en": "Learning rate of D", "fr": "Taux d'apprentissage de D"},
    "gan.batch": {"en": "Batch size m", "fr": "Taille du lot m"},
    "gan.z_dim": {"en": "Latent size (dimension of z)", "fr": "Taille latente (dimension de z)"},
    "gan.z_dim_info": {"en": "changing it starts a new game", "fr": "la changer recommence une partie"},
    "gan.start": {"en": "Start / resume", "fr": "Démarrer / reprendre"},
    "gan.pause": {"en": "Pause", "fr": "Pause"},
    "gan.one_step": {"en": "One step", "fr": "Un pas"},
    "gan.reset": {"en": "Reset", "fr": "Recommencer"},
    "gan.grid": {"en": "G(z) for a fixed z", "fr": "G(z) pour un z fixé"},
    "gan.plot_losses": {"en": "Losses", "fr": "Pertes"},
    "gan.plot_probs": {"en": "Mean output of the discriminator", "fr": "Sortie moyenne du discriminateur"},
    "gan.axis_step": {"en": "step", "fr": "itération"},
    "gan.axis_value": {"en": "value", "fr": "valeur"},
    "gan.axis_series": {"en": "curve", "fr": "courbe"},
    "gan.series_loss_d": {"en": "D loss", "fr": "perte de D"},
    "gan.series_loss_g": {"en": "G loss", "fr": "perte de G"},
    "gan.series_d_real": {"en": "D(x), real", "fr": "D(x), réel"},
    "gan.series_d_fake": {"en": "D(G(z)), generated", "fr": "D(G(z)), généré"},
    "gan.status": {
        "en": "**Step {step}** ({seconds} s of training, {rate} steps/s). D loss {loss_d}, G loss {loss_g}; "
              "mean D(x) = {d_real}, mean D(G(z)) = {d_fake}.",
        "fr": "**Pas {step}** ({seconds} s d'entraînement, {rate} pas/s). Perte de D {loss_d}, perte de G {loss_g} ; "
              "D(x) moyen = {d_real}, D(G(z)) moyen = {d_fake}.",
    },
    "gan.modes": {"en": "**Modes covered: {covered} of {total}.**", "fr": "**Modes couverts : {covered} sur {total}.**"},
    "gan.push": {
        "en": "Orange segments: where the generator's gradient pushes its points (mean size {push}; a tiny size is a "
              "vanishing gradient).",
        "fr": "Segments orange : où le gradient du générateur pousse ses points (taille moyenne {push} ; une taille "
              "minuscule est un gradient qui s'annule).",
    },
    "gan.diagnosis": {"en": "**Diagnosis.** {text}", "fr": "**Diagnostic.** {text}"},
    "gan.diag_warming_up": {"en": "Too early to tell.", "fr": "Trop tôt pour le dire."},
    "gan.diag_balanced": {"en": "The two players are balanced: neither loss runs away.",
                          "fr": "Les deux joueurs sont à l'équilibre : aucune perte ne s'emballe."},
    "gan.diag_d_wins": {
        "en": "D loss near 0 and D(G(z)) near 0: the discriminator wins; with the minimax loss G's gradient vanishes.",
        "fr": "Perte de D proche de 0 et D(G(z)) proche de 0 : le discriminateur gagne ; avec la perte minimax, le "
              "gradient de G s'annule.",
    },
    "gan.diag_g_climbing": {"en": "G loss climbing: the generator is losing ground.",
                            "fr": "La perte de G grimpe : le générateur perd du terrain."},
    "gan.diag_oscillating": {"en": "The losses swing widely: the players oscillate instead of converging.",
                             "fr": "Les pertes oscillent fortement : les joueurs tournent en rond au lieu de converger."},
    "gan.diag_collapse": {"en": "Few modes covered: mode collapse, G produces only part of the data.",
                          "fr": "Peu de modes couverts : effondrement des modes, G ne produit qu'une partie des données."},
    "gan.limit": {
        "en": "This session reached its limit ({steps} steps or {seconds} s of training): press Reset to play again.",
        "fr": "Cette session a atteint sa limite ({steps} pas ou {seconds} s d'entraînement) : appuyez sur "
              "Recommencer pour rejouer.",
    },
    "gan.fresh": {"en": "New game: both players start from random weights.",
                  "fr": "Nouvelle partie : les deux joueurs partent de poids aléatoires."},
    "gan.one_step_done": {"en": "One iteration: {k} step(s) of D, then one step of G.",
                          "fr": "Une itération : {k} pas de D, puis un pas de G."},
    "gan.paused": {"en": "Paused. Start resumes the same game.", "fr": "En pause. Démarrer reprend la même partie."},
    "gan.reset_done": {"en": "Reset: a new game with random weights.",
                       "fr": "Recommencé : une nouvelle partie aux poids aléatoires."},
    "gan.err_choice": {"en": "{name}: “{value}” is not one of the choices ({allowed}).",
                       "fr": "{name} : « {value} » ne fait pas partie des choix ({allowed})."},
    "gan.err_range": {"en": "{name} must be a number from {low} to {high} (got “{value}”).",
                      "fr": "{name} doit être un nombre de {low} à {high} (reçu « {value} »)."},
    "gan.err_no_data": {
        "en": "Live training on images needs the {dataset} training images, which this server does not have ({detail}). "
              "To get them: set GENKIT_DATA to a folder holding mnist/ and fashion-mnist/ (the original IDX .gz "
              "files), or run `python -m genkit.train classifier --preset smoke` once with internet access so that "
              "torchvision downloads them. The 2-D mode and the replay work without any data.",
        "fr": "L'entraînement en direct sur images a besoin des images d'entraînement {dataset}, que ce serveur n'a pas "
              "({detail}). Pour les obtenir : faites pointer GENKIT_DATA vers un dossier contenant mnist/ et "
              "fashion-mnist/ (les fichiers IDX .gz originaux), ou lancez une fois "
              "`python -m genkit.train classifier --preset smoke` avec un accès à internet pour que torchvision les "
              "télécharge. Le mode 2D et la rediffusion fonctionnent sans données.",
    },
    # --- 2. the plane
    "gan.tab_2d": {"en": "2. In two dimensions", "fr": "2. En deux dimensions"},
    "gan.2d_help": {
        "en": "The same game on points of the plane, fast enough to watch every step (the GAN Lab view). Background: "
              "the discriminator's output $D(x)$ (red: “real”, white: 1/2, blue: “generated”). Green: real points "
              "$x \\sim \\mathbb{P}_r$; black: generated points $G(z)$; orange: the direction in which the generator's "
              "gradient moves each of its points. On the ring and the grid, the modes covered are counted. By default $D$ "
              "learns twice as fast as $G$ (Heusel et al., 2017): with equal rates, $G$ often settles on a few of "
              "the ring's 8 modes.",
        "fr": "Le même jeu sur des points du plan, assez rapide pour suivre chaque pas (la vue de GAN Lab). En fond : "
              "la sortie du discriminateur $D(x)$ (rouge : « réel », blanc : 1/2, bleu : « généré »). En vert : les "
              "points réels $x \\sim \\mathbb{P}_r$ ; en noir : les points générés $G(z)$ ; en orange : la direction "
              "dans laquelle le gradient du générateur déplace chacun de ses points. Sur l'anneau et la grille, on "
              "compte les modes couverts. Par défaut, $D$ apprend deux fois plus vite que $G$ (Heusel et al., 2017) : "
              "à taux égaux, $G$ se fixe souvent sur quelques-uns des 8 modes de l'anneau.",
    },
    "gan.plane": {"en": "D(x) over the plane, real and generated points", "fr": "D(x) sur le plan, points réels et générés"},
    # --- 3. failure modes
    "gan.failures": {"en": "3. Failure modes", "fr": "3. Échecs typiques"},
    "gan.failures_help": {
        "en": "Each button loads settings that make the game fail in a known way, and starts it. Watch the diagnosis line.",
        "fr": "Chaque bouton charge des réglages qui font échouer le jeu d'une façon connue, et le démarre. Suivez la "
              "ligne de diagnostic.",
    },
    "gan.fail_collapse": {"en": "Mode collapse", "fr": "Effondrement des modes"},
    "gan.fail_d_wins": {"en": "D wins too fast (minimax)", "fr": "D gagne trop vite (minimax)"},
    "gan.fail_oscillation": {"en": "Oscillation (learning rate too high)", "fr": "Oscillation (taux trop élevé)"},
    "gan.why_collapse": {
        "en": "**Mode collapse.** G learns 10 times faster than D: it sends all its points to the one place the current "
              "D finds most real, faster than D can correct, and covers one or two of the 8 modes instead of all.",
        "fr": "**Effondrement des modes.** G apprend 10 fois plus vite que D : il envoie tous ses points à l'endroit que "
              "le D du moment juge le plus réel, plus vite que D ne corrige, et couvre un ou deux des 8 modes au lieu "
              "de tous.",
    },
    "gan.why_d_wins": {
        "en": "**The discriminator wins too fast.** With k = 10 steps of D per step of G and a faster D, D(G(z)) → 0; "
              "the minimax loss log(1 − D(G(z))) then has a vanishing gradient: the orange segments shrink and G stalls.",
        "fr": "**Le discriminateur gagne trop vite.** Avec k = 10 pas de D par pas de G et un D plus rapide, "
              "D(G(z)) → 0 ; la perte minimax log(1 − D(G(z))) a alors un gradient qui s'annule : les segments orange "
              "rétrécissent et G n'avance plus.",
    },
    "gan.why_oscillation": {
        "en": "**Oscillation.** With learning rates 50 times too high, each player overshoots the other's last move: "
              "the losses swing and jump and the points never settle.",
        "fr": "**Oscillation.** Avec des taux d'apprentissage 50 fois trop élevés, chaque joueur dépasse le dernier "
              "coup de l'autre : les pertes oscillent et font des bonds, et les points ne se posent jamais.",
    },
    # --- 4. replay
    "gan.tab_replay": {"en": "3. Replay of a full run", "fr": "3. Rediffusion d'un entraînement complet"},
    "gan.replay_help": {
        "en": "The committed checkpoint's training, recorded at 40 moments: move the slider through training time to "
              "see G(z) for a fixed z and the curves up to that moment.",
        "fr": "L'entraînement du modèle fourni, enregistré à 40 moments : déplacez le curseur dans le temps pour voir "
              "G(z) pour un z fixé et les courbes jusqu'à ce moment.",
    },
    "gan.moment": {"en": "Moment of training", "fr": "Moment de l'entraînement"},
    "gan.moment_info": {"en": "0: the start, 39: the end", "fr": "0 : le début, 39 : la fin"},
    "gan.replay_missing": {
        "en": "The record of {name} is not here (`checkpoints/{name}/replay.json` and `replay.png`). Build it with "
              "`{command}`.",
        "fr": "L'enregistrement de {name} n'est pas là (`checkpoints/{name}/replay.json` et `replay.png`). "
              "Construisez-le avec `{command}`.",
    },
    "gan.replay_status": {
        "en": "**Moment {n} of {total}**: step {step}, {seconds} s into training. D loss {loss_d}, G loss {loss_g}; "
              "mean D(x) = {d_real}, mean D(G(z)) = {d_fake}.",
        "fr": "**Moment {n} sur {total}** : pas {step}, {seconds} s après le début. Perte de D {loss_d}, perte de G "
              "{loss_g} ; D(x) moyen = {d_real}, D(G(z)) moyen = {d_fake}.",
    },
}
