"""The Diffusion tab's sub-tabs 2 and 3: the reverse process, streamed and scrubbed; one noise, more and more steps.

2. A run of DDPM (Ho et al. 2020, algorithm 2) or DDIM (Song et al. 2021, eq. 12) streams x_t and the
predicted x0, and keeps its frames per browser session (a small uint8 `Trajectory` in a gr.State) for the
scrubbing slider. 3. The same x_T through DDIM with 5 to 250 steps; then the same x_T through diffusion-mnist by
DDIM and through flow-mnist by Euler steps (rectified flow, Liu et al. 2023), 1 to 25 steps. Imported only by
genkit/ui/diffusion.py.
"""

import time

import gradio as gr

from genkit.ui.common import HEAVY, LATEX, Page, heavy, image, model, safe, safe_stream
from genkit.ui import diffusion_inputs as shared
from genkit.ui.diffusion_inputs import LABEL_PX, MAX_STEPS, MOMENTS
from genkit.ui.i18n import t
from genkit.ui.inputs import choice, dataset_radio, number, seed_box
from genkit.views import diffusion as views

SAMPLERS = views.SAMPLERS
COUNTS = (0, 5, 10, 25, 50, 250)  # 3. the same noise x_T (0 steps) with these numbers of DDIM steps
FLOW = "flow-mnist"  # 3. the flow matching checkpoint set beside diffusion-mnist (trained on MNIST only)
FLOW_COUNTS = views.FLOW_COUNTS  # 3. its numbers of DDIM and Euler steps
FRAMES = 25  # at most this many pictures per streamed run (the first at once)
FRAME_S = 0.04  # at least this long between two pictures, so that a fast run can still be watched
SESSION_TTL_S = 3600  # a session's recorded trajectory is dropped an hour after it was made


def _settings(dataset, seed, sampler, steps, eta, lang):
    net = shared.net(dataset, lang)
    sampler = choice(sampler, SAMPLERS, "diff.sampler", lang)
    steps = number(steps, "diff.steps", 1, MAX_STEPS, lang, integer=True)
    eta = number(eta, "diff.eta", 0, 1, lang)
    return net, shared.seed(seed, lang), sampler, steps, eta


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
    net, seed = shared.net(dataset, lang), shared.seed(seed, lang)
    done, captions, lines = [], [], []
    for count, x, seconds in views.step_counts(net, COUNTS, seed):
        done.append(x)
        captions.append(t("diff.count_caption", lang, n=count) if count else t("diff.count_noise", lang))
        if count:
            lines.append(t("diff.count_time", lang, n=count, ms=f"{seconds * 1000:.0f}"))
        text = t("diff.counts_result", lang, seed=seed, times=" · ".join(lines)) if lines else \
            t("diff.counts_start", lang, seed=seed)
        yield views.captioned_grid([done], captions, scale=6, top=LABEL_PX), text


@safe
@heavy
def ddim_vs_flow(seed, lang):
    """The same x_T through diffusion-mnist by DDIM and through flow-mnist by Euler, 1 to 25 steps: two rows."""
    seed = shared.seed(seed, lang)
    diffusion_net, flow_net = shared.net("mnist", lang), model(FLOW, lang)
    captions = [t("diff.flow_step_one", lang) if n == 1 else t("diff.count_caption", lang, n=n) for n in FLOW_COUNTS]
    return views.ddim_vs_flow(diffusion_net, flow_net, FLOW_COUNTS, seed, captions, scale=6, top=LABEL_PX)


def build_reverse(page: Page) -> None:
    lang = page.lang
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


def build_counts(page: Page) -> None:
    lang = page.lang
    page.md("diff.counts_help")
    with gr.Row():
        c_dataset = dataset_radio(page, "diff.dataset")
        c_seed = seed_box(page, "diff.seed")
    c_go = page.button("diff.counts_go", variant="primary")
    c_strip = page.picture("diff.counts_strip")
    c_text = gr.Markdown(latex_delimiters=LATEX)
    c_go.click(compare_steps, [c_dataset, c_seed, lang], [c_strip, c_text], api_name="diff_steps",
               concurrency_id=HEAVY)
    page.md("diff.flow_help")  # then the same x_T (the seed above) through DDIM and through flow matching's Euler
    f_go = page.button("diff.flow_go", variant="primary")
    f_grid = page.picture("diff.flow_grid")
    f_go.click(ddim_vs_flow, [c_seed, lang], [f_grid], api_name="diff_flow", concurrency_id=HEAVY)
