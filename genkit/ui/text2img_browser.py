"""The Text-to-image tab's sub-tab 5: guided generation in the student's own browser, the server's same picture beside.

4 images of a prompt at guidance w, DDIM (eta = 0) in 1 to 50 steps from one seed, computed by onnxruntime-web in
the page: genkit/ui/browser.js splits the prompt into words and looks them up in the checkpoint's vocabulary (as
genkit.text.Tokenizer does), checks it as genkit/ui/text2img_inputs.py does, then runs the guided step graph of
genkit/export.py (the text encoder inside it). The second button asks the server for the same seed: it draws the
same x_T (export.portable_noise) and runs text2img.generate, so the two pictures agree (to float32 rounding); the
browser clicks it itself when it cannot compute. Imported only by genkit/ui/text2img.py.
"""

import gradio as gr

from genkit import export, text2img, viz
from genkit.ui import browser
from genkit.ui import text2img_inputs as ti
from genkit.ui.common import HEAVY, Page, heavy, image, safe
from genkit.ui.i18n import t
from genkit.ui.inputs import number, seed_box

N, COLS = 4, 2  # images per run, and per row of the grid: 2 x 2, large on a projector (browser.js draws the same)
VIEW, SERVER = "genkit-b-t2i", "genkit-b-t2i-server"  # the elem_ids browser.js paints and clicks


def samples(net, prompt: str, w: float, steps: int, seed: int, n: int = N):
    """What the browser computes, on the server: guided DDIM from x_T = portable_noise(seed), (n, C, H, W) in [0, 1]."""
    c, s = net.unet.config.image_channels, net.unet.config.image_size
    return text2img.generate(net, [prompt] * n, w, steps, x_T=export.portable_noise(seed, (n, c, s, s)))


@safe
@heavy
def on_server(name, prompt, w, steps, seed, lang):
    """The same prompt and seed's images computed by the server, and a caption saying so."""
    net = ti.network(name, lang)
    prompt, w, seed = ti.read_prompt(prompt, lang), ti.read_w(w, lang), ti.read_seed(seed, lang)
    steps = number(steps, "t2i.steps", 1, browser.MAX_STEPS, lang, integer=True)
    ti.marked_words(net, prompt, lang)  # refuses a prompt that names nothing the model knows, as the browser does
    grid = viz.grid(samples(net, prompt, w, steps, seed), nrow=COLS, pad=2, value=0.3)
    return image(grid, 5), t("t2i.browser_server_done", lang, n=N, w=ti.fmt(w), steps=steps, seed=seed)


def build(page: Page) -> None:
    lang = page.lang
    page.md("t2i.browser_help")
    with gr.Row():
        name = page.make(gr.Radio, label="t2i.model", value="scenes",
                         choices_keys=[(f"t2i.model_{m}", m) for m in ti.MODELS])
        seed = seed_box(page, "t2i.seed")
    prompt = page.make(gr.Textbox, label="t2i.prompt", placeholder="t2i.prompt_placeholder", lines=1,
                       max_length=ti.MAX_CHARS, value="a red circle left of a blue square", elem_id=f"{VIEW}-prompt")
    with gr.Row():
        w = page.make(gr.Slider, label="t2i.w", info="t2i.w_info", minimum=0, maximum=ti.W_MAX, step=0.1, value=3,
                      elem_id=f"{VIEW}-w")
        steps = page.make(gr.Slider, label="t2i.steps", minimum=1, maximum=browser.MAX_STEPS, step=1, value=25,
                          elem_id=f"{VIEW}-steps")
    go, server, server_img, server_text = browser.panel(page, "t2i.browser", VIEW, SERVER, "xt", "x0")
    inputs = [name, prompt, w, steps, seed]
    gr.on([go.click, prompt.submit, w.release], None, inputs, None, js=browser.run_js("text2img", VIEW, SERVER))
    server.click(on_server, [*inputs, lang], [server_img, server_text], api_name="t2i_browser_server",
                 concurrency_id=HEAVY)
