"""The Diffusion tab's sub-tab 4: SDEdit (Meng et al. 2022), a drawing noised to t_start, then denoised by DDIM.

Imported only by genkit/ui/diffusion.py.
"""

import gradio as gr

from genkit.ui.common import HEAVY, LATEX, Page, heavy, image, safe
from genkit.ui import diffusion_inputs as shared
from genkit.ui.diffusion_inputs import LABEL_PX, MAX_STEPS, MOMENTS, T
from genkit.ui.i18n import t
from genkit.ui.inputs import class_hint, dataset_radio, input_block, number, read_input, seed_box
from genkit.views import diffusion as views


@safe
@heavy
def denoise_drawing(dataset, source, index, klass, drawing, upload, t_start, steps, seed, lang):
    """SDEdit: the input noised to t_start, then denoised by DDIM; the input, the noised input, the result."""
    net = shared.net(dataset, lang)
    t_start = number(t_start, "diff.t_start", 1, net.config.T, lang, integer=True)
    steps = number(steps, "diff.sd_steps", 1, MAX_STEPS, lang, integer=True)
    seed = shared.seed(seed, lang)
    x, strip, note = read_input(source, dataset, index, klass, drawing, upload, lang)
    noised, result, traj = views.sdedit_view(net, x, t_start, steps, seed)
    text = t("diff.sd_result", lang, t_start=t_start, T=net.config.T, share=f"{t_start / net.config.T:.0%}",
             steps=len(traj) - 1, seed=seed)
    if strip is None:  # a test image: its class (a drawing's note is about a preprocessing strip not shown here)
        text += "\n\n" + note
    return image(x), image(noised), image(result), views.filmstrip(traj, MOMENTS, top=LABEL_PX), text


def build(page: Page) -> None:
    lang = page.lang
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
