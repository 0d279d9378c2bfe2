"""The Diffusion tab's sub-tab 1: the forward process q(x_t | x_0), x_t = sqrt(alpha_bar_t) x0 + sqrt(1 - alpha_bar_t) eps.

No model: the closed form of Ho et al. (2020), eq. 4, for a test image, a drawing or an upload, at any t,
with the schedules' curves (genkit/views/diffusion.py). Imported only by genkit/ui/diffusion.py.
"""

import math

import gradio as gr

from genkit.diffusion import make_schedule
from genkit.ui.common import LATEX, Page, image, safe
from genkit.ui import diffusion_inputs as shared
from genkit.ui.diffusion_inputs import T
from genkit.ui.i18n import t
from genkit.ui.inputs import DATASETS, choice, class_hint, dataset_radio, input_block, number, read_input, seed_box
from genkit.views import diffusion as views

SCHEDULES = ("cosine", "linear")  # the checkpoints were trained with the cosine one


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
    seed = shared.seed(seed, lang)
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


def build(page: Page) -> None:
    lang = page.lang
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
