"""The Diffusion tab: the forward process, every denoising step, step counts, and SDEdit.

Lecture: "Modèles de diffusion" (bruiter une image de façon incrémentale jusqu'à un bruit
blanc, apprendre à débruiter, générer à partir d'un bruit). The maths is in genkit/diffusion.py
(schedules, q_sample), genkit/samplers.py (DDPM, DDIM, SDEdit) and the pictures in
genkit/views/diffusion.py; the inputs (test image, drawing, upload) are the shared block of
genkit/ui/inputs.py. A run of the reverse process streams its frames and keeps them per browser session
(a small uint8 `Trajectory` in a gr.State) for the scrubbing slider. Every text is in
genkit/ui/text/diffusion.py, in English and French.
"""

import functools
import math
import time

import gradio as gr

from genkit.diffusion import make_schedule
from genkit.ui.common import HEAVY, LATEX, Page, heavy, image, intro, model, safe, safe_stream
from genkit.ui.i18n import t
from genkit.ui.inputs import (DATASETS, SEED_MAX, choice, class_hint, dataset_radio, input_block, number,
                              procedural_drawing, read_input, seed_box)
from genkit.views import diffusion as views

T = 1000  # the checkpoints' number of noising steps (UNetConfig.T); the forward process needs no model
SCHEDULES = ("cosine", "linear")  # the checkpoints were trained with the cosine one
SAMPLERS = views.SAMPLERS
MAX_STEPS = 250  # per run of the reverse process: ~2 s for DDPM on one CPU core, with the small U-Net
COUNTS = (0, 5, 10, 25, 50, 250)  # 3. the same noise x_T (0 steps) with these numbers of DDIM steps
FRAMES = 25  # at most this many pictures per streamed run (the first at once)
FRAME_S = 0.04  # at least this long between two pictures, so that a fast run can still be watched
MOMENTS = 12  # moments in a filmstrip
LABEL_PX = 34  # blank rows above a wide picture: Gradio draws the image's label over its top-left corner
SESSION_TTL_S = 3600  # a session's recorded trajectory is dropped an hour after it was made


def _net(dataset, lang):
    dataset = choice(dataset, DATASETS, "diff.dataset", lang)
    return model(f"diffusion-{dataset}", lang)


def _seed(seed, lang) -> int:
    return number(seed, "diff.seed", 0, SEED_MAX, lang, integer=True)



# ----------------------------------------------------------------------------- 1. forward process


def _power(v: float) -> str:
    """v as LaTeX "m \\times 10^{e}"."""
    mantissa, exponent = f"{v:.2e}".split("e")
    return f"{mantissa} \\times 10^{{{int(exponent)}}}"


def _num(v: float) -> str:
    """A number in [0, 1] for LaTeX: 4 decimals, 6 near 1, a power of ten near 0."""
    if v in (0, 1):
        return str(int(v))
    if v < 1e-3:
        return _power(v)
    return f"{v:.6f}" if v > 1 - 1e-3 else f"{v:.4f}"


def _snr(v: float) -> str:
    """SNR(t) for LaTeX: infinite at t = 0, a power of ten far from 1."""
    return "\\infty" if math.isinf(v) else f"{v:.3g}" if 1e-3 <= v < 1e4 else _power(v)


@safe
def forward(dataset, schedule, source, index, klass, drawing, upload, step, seed, lang):
    """x_t = sqrt(alpha_bar_t) x0 + sqrt(1 - alpha_bar_t) eps for the chosen image, t and noise; the curves."""
    dataset = choice(dataset, DATASETS, "diff.dataset", lang)
    schedule = choice(schedule, SCHEDULES, "diff.schedule", lang)
    step = number(step, "diff.t", 0, T, lang, integer=True)
    seed = _seed(seed, lang)
    x, strip, note = read_input(source, dataset, index, klass, drawing, upload, lang)
    v = views.forward_view(make_schedule(schedule, T), x, step, seed)
    a, b = v.scales
    x0v, epsv, xtv = v.values
    text = t("diff.formula", lang, t=step, schedule=t(f"diff.schedule_{schedule}", lang), ab=_num(v.alpha_bar),
             one_minus=_num(1 - v.alpha_bar), a=_num(a), b=_num(b), snr=_snr(v.snr),
             row=v.pixel[0], col=v.pixel[1], x0=f"{x0v:.2f}", eps=f"{epsv:+.2f}", xt=f"{xtv:+.3f}")
    curves = views.schedule_curves(step, schedule, {s: t(f"diff.schedule_{s}", lang) for s in ("linear", "cosine")},
                                   (t("diff.curve_alpha", lang), t("diff.curve_snr", lang)), T)
    if strip is None:  # a test image: its class
        text += "\n\n" + note
    return image(v.x0), image(v.xt), image(v.eps), curves, text


# ----------------------------------------------------------------------------- 2. reverse process


def _settings(dataset, seed, sampler, steps, eta, lang):
    net = _net(dataset, lang)
    sampler = choice(sampler, SAMPLERS, "diff.sampler", lang)
    steps = number(steps, "diff.steps", 1, MAX_STEPS, lang, integer=True)
    eta = number(eta, "diff.eta", 0, 1, lang)
    return net, _seed(seed, lang), sampler, steps, eta


def _caption(traj: views.Trajectory, k: int, lang: str) -> str:
    s = traj.settings
    name = "DDPM" if s["sampler"] == "ddpm" else f"DDIM, η = {s['eta']:g}"
    if k == len(traj) - 1 and traj.t[k] == 0:
        return t("diff.frame_final", lang, n=s["steps"], sampler=name, seed=s["seed"])
    return t("diff.frame", lang, k=k, n=s["steps"], t=traj.t[k], sampler=name, seed=s["seed"])


@safe_stream
@heavy
def reverse(dataset, seed, sampler, steps, eta, lang):
    """Sample one image, streaming x_t and the predicted x0 (at most FRAMES pictures); then the scrubber
    and the filmstrip of the recorded trajectory. Outputs: state, x_t, x0, slider, filmstrip, text."""
    net, seed, sampler, steps, eta = _settings(dataset, seed, sampler, steps, eta, lang)
    traj = views.Trajectory(settings=dict(sampler=sampler, steps=steps, eta=eta, seed=seed))
    shown = {round(i * (steps - 1) / (FRAMES - 1)) for i in range(FRAMES)} if steps > 1 else {0}
    last = 0.0
    for step in views.sample_steps(net, sampler, steps, eta, seed):
        traj.add(step)
        if step.i in shown and step.t_prev > 0:
            wait = FRAME_S - (time.monotonic() - last)
            if wait > 0:
                time.sleep(wait)
            xt, x0, _ = traj.frame(step.i)
            slider = gr.update(interactive=False) if step.i == 0 else gr.skip()  # no replay while it runs
            yield traj, image(xt), image(x0), slider, gr.skip(), _caption(traj, step.i, lang)
            last = time.monotonic()
    k = len(traj) - 1
    xt, x0, _ = traj.frame(k)
    slider = gr.update(minimum=0, maximum=k, value=k, interactive=True)
    yield traj, image(xt), image(x0), slider, views.filmstrip(traj, MOMENTS, top=LABEL_PX), _caption(traj, k, lang)


@safe
def scrub(traj, k, lang):
    """Frame k of the session's recorded run: x_t, the predicted x0 and the caption."""
    if not isinstance(traj, views.Trajectory) or not len(traj):
        return gr.skip(), gr.skip(), t("diff.scrub_empty", lang)
    k = number(k, "diff.moment", 0, len(traj) - 1, lang, integer=True)
    xt, x0, _ = traj.frame(k)
    return image(xt), image(x0), _caption(traj, k, lang)


# ----------------------------------------------------------------------------- 3. same noise, step counts


@safe_stream
@heavy
def compare_steps(dataset, seed, lang):
    """One starting noise x_T, then DDIM with 5, 10, 25, 50 and 250 steps: the strip grows as each run ends."""
    net, seed = _net(dataset, lang), _seed(seed, lang)
    done, captions, lines = [], [], []
    for count, x, seconds in views.step_counts(net, COUNTS, seed):
        done.append(x)
        captions.append(t("diff.count_caption", lang, n=count) if count else t("diff.count_noise", lang))
        if count:
            lines.append(t("diff.count_time", lang, n=count, ms=f"{seconds * 1000:.0f}"))
        text = t("diff.counts_result", lang, seed=seed, times=" · ".join(lines)) if lines else \
            t("diff.counts_start", lang, seed=seed)
        yield views.captioned_grid([done], captions, scale=6, top=LABEL_PX), text


# ----------------------------------------------------------------------------- 4. SDEdit


@safe
@heavy
def denoise_drawing(dataset, source, index, klass, drawing, upload, t_start, steps, seed, lang):
    """SDEdit: the input noised to t_start, then denoised by DDIM; the input, the noised input, the result."""
    net = _net(dataset, lang)
    t_start = number(t_start, "diff.t_start", 1, net.config.T, lang, integer=True)
    steps = number(steps, "diff.sd_steps", 1, MAX_STEPS, lang, integer=True)
    seed = _seed(seed, lang)
    x, strip, note = read_input(source, dataset, index, klass, drawing, upload, lang)
    noised, result, traj = views.sdedit_view(net, x, t_start, steps, seed)
    text = t("diff.sd_result", lang, t_start=t_start, T=net.config.T, share=f"{t_start / net.config.T:.0%}",
             steps=len(traj) - 1, seed=seed)
    if strip is None:  # a test image: its class (a drawing's note is about a preprocessing strip not shown here)
        text += "\n\n" + note
    return image(x), image(noised), image(result), views.filmstrip(traj, MOMENTS, top=LABEL_PX), text


# ----------------------------------------------------------------------------- layout


def build(page: Page) -> None:
    lang = page.lang
    intro(page, "diff.intro", [f"diffusion-{d}" for d in DATASETS])

    # 1. forward process: no model needed
    with page.tab("diff.tab_forward"):
        page.md("diff.forward_help")
        with gr.Row():
            f_dataset = dataset_radio(page, "diff.dataset")
            f_schedule = page.make(gr.Radio, label="diff.schedule", info="diff.schedule_info", value="cosine",
                                   choices_keys=[(f"diff.schedule_{s}", s) for s in SCHEDULES])
            f_seed = seed_box(page, "diff.seed")
        f_inputs, f_note = input_block(page)
        f_t = page.make(gr.Slider, label="diff.t", info="diff.t_info", minimum=0, maximum=T, step=1, value=300)
        go = page.button("diff.forward_go", variant="primary")
        f_x0, f_xt, f_eps = page.pictures("diff.x0_clean", "diff.xt_forward", "diff.eps")
        f_text = gr.Markdown(latex_delimiters=LATEX)
        f_curves = page.picture("diff.curves")
        inputs = [f_dataset, f_schedule, *f_inputs, f_t, f_seed, lang]
        outputs = [f_x0, f_xt, f_eps, f_curves, f_text]
        go.click(forward, inputs, outputs, api_name="diff_forward")
        _, index, klass, _, _ = f_inputs
        gr.on([f_t.input, f_schedule.input, f_seed.submit, index.release, klass.input], forward, inputs,
              outputs, api_visibility="private", trigger_mode="always_last")
        f_dataset.input(class_hint, [f_dataset, lang], [index, f_note], api_visibility="private")

    # 2. reverse process: stream, then scrub
    with page.tab("diff.tab_reverse"):
        page.md("diff.reverse_help")
        state = gr.State(None, time_to_live=SESSION_TTL_S)
        with gr.Row():
            r_dataset = dataset_radio(page, "diff.dataset")
            r_sampler = page.make(gr.Radio, label="diff.sampler", value="ddim",
                                  choices_keys=[(f"diff.sampler_{s}", s) for s in SAMPLERS])
            r_seed = seed_box(page, "diff.seed")
        with gr.Row():
            r_steps = page.make(gr.Slider, label="diff.steps", info="diff.steps_info", minimum=1, maximum=MAX_STEPS,
                                step=1, value=50)
            r_eta = page.make(gr.Slider, label="diff.eta", info="diff.eta_info", minimum=0, maximum=1, step=0.1,
                              value=0)
        r_go = page.button("diff.generate", variant="primary")
        r_xt, r_x0 = page.pictures("diff.xt", "diff.x0_pred")
        r_text = gr.Markdown(latex_delimiters=LATEX)
        r_moment = page.make(gr.Slider, label="diff.moment", info="diff.moment_info", minimum=0, maximum=50, step=1,
                             value=0, interactive=False)
        r_film = page.picture("diff.filmstrip")
        r_go.click(reverse, [r_dataset, r_seed, r_sampler, r_steps, r_eta, lang],
                   [state, r_xt, r_x0, r_moment, r_film, r_text], api_name="diff_reverse", concurrency_id=HEAVY)
        r_moment.input(scrub, [state, r_moment, lang], [r_xt, r_x0, r_text], api_visibility="private",
                       trigger_mode="always_last")

    # 3. same noise, different step counts
    with page.tab("diff.tab_counts"):
        page.md("diff.counts_help")
        with gr.Row():
            c_dataset = dataset_radio(page, "diff.dataset")
            c_seed = seed_box(page, "diff.seed")
        c_go = page.button("diff.counts_go", variant="primary")
        c_strip = page.picture("diff.counts_strip")
        c_text = gr.Markdown(latex_delimiters=LATEX)
        c_go.click(compare_steps, [c_dataset, c_seed, lang], [c_strip, c_text], api_name="diff_steps",
                   concurrency_id=HEAVY)

    # 4. SDEdit
    with page.tab("diff.tab_sdedit"):
        page.md("diff.sdedit_help")
        with gr.Row():
            s_dataset = dataset_radio(page, "diff.dataset")
            s_seed = seed_box(page, "diff.seed")
        s_inputs, s_note = input_block(page)
        with gr.Row():
            s_t = page.make(gr.Slider, label="diff.t_start", info="diff.t_start_info", minimum=10, maximum=T,
                            step=10, value=400)
            s_steps = page.make(gr.Slider, label="diff.sd_steps", info="diff.sd_steps_info", minimum=1,
                                maximum=MAX_STEPS, step=1, value=25)
        s_go = page.button("diff.sdedit_go", variant="primary")
        s_in, s_noised, s_out = page.pictures("diff.sd_input", "diff.sd_noised", "diff.sd_output")
        s_text = gr.Markdown(latex_delimiters=LATEX)
        s_film = page.picture("diff.filmstrip")
        s_go.click(denoise_drawing, [s_dataset, *s_inputs, s_t, s_steps, s_seed, lang],
                   [s_in, s_noised, s_out, s_film, s_text], api_name="diff_sdedit", concurrency_id=HEAVY)
        s_dataset.input(class_hint, [s_dataset, lang], [s_inputs[1], s_note], api_visibility="private")


# ----------------------------------------------------------------------------- benchmark (python -m genkit.bench)


def _bench_forward():
    drawing = procedural_drawing()
    return functools.partial(forward, "mnist", "cosine", "draw", 0, "any", drawing, None, 300, 0, "en")


def _bench_sdedit():
    drawing = procedural_drawing()
    return functools.partial(denoise_drawing, "mnist", "draw", 0, "any", drawing, None, 500, 25, 0, "en")


BENCH = {"diffusion_forward_view": _bench_forward, "diffusion_sdedit_25": _bench_sdedit}
