"""The Diffusion tab's sub-tab 6: sampling in the student's own browser, the server's same picture beside it.

16 samples in 1 to 50 steps from one seed, DDIM (eta = 0) on diffusion-mnist or -fashion or Euler on
flow-mnist, computed by onnxruntime-web in the page (genkit/ui/browser.js runs the step graph of
genkit/export.py), x_t and the predicted x0 painted at each step. The second button asks the server for the
same seed: it draws the same x_T (export.portable_noise) and runs samplers.ddim_sample or euler_steps, so the
two pictures agree (to float32 rounding); the browser clicks it itself when it cannot compute. Imported only
by genkit/ui/diffusion.py.
"""

import gradio as gr
import torch

from genkit import export, viz
from genkit.flow import FlowUNet
from genkit.samplers import ddim_sample, euler_steps, schedule_of
from genkit.ui import browser
from genkit.ui import diffusion_inputs as shared
from genkit.ui.common import HEAVY, Page, heavy, image, model, safe
from genkit.ui.i18n import t
from genkit.ui.inputs import choice, number, seed_box
from genkit.views.diffusion import to_unit

N, COLS = 16, 4  # samples per run, and per row of the grid (browser.js draws the same grid)
VIEW, SERVER = "genkit-b-diffusion", "genkit-b-diffusion-server"  # the elem_ids browser.js paints and clicks
COUNTS_VIEW, COUNTS_SERVER = "genkit-b-counts", "genkit-b-counts-server"


MODELS = ("diffusion-mnist", "diffusion-fashion", "flow-mnist")  # the checkpoints a student may sample here


def samples(net, steps: int, seed: int, n: int = N):
    """What the browser computes, on the server: from x_T = portable_noise(seed), DDIM (a diffusion checkpoint) or
    Euler (a flow), images (n, C, H, W) in [0, 1]."""
    c, s = net.config.image_channels, net.config.image_size
    x_T = export.portable_noise(seed, (n, c, s, s))
    if isinstance(net, FlowUNet):
        *_, last = euler_steps(net, steps=steps, x_T=x_T)
        return to_unit(last.x_prev)
    x, _ = ddim_sample(net, schedule_of(net), steps=steps, x_T=x_T, target=net.config.target)
    return to_unit(x)


@safe
@heavy
def on_server(name, steps, seed, lang):
    """The same seed's grid computed by the server, and a caption saying so."""
    net = model(choice(name, MODELS, "diff.browser_model", lang), lang)
    steps = number(steps, "diff.steps", 1, browser.MAX_STEPS, lang, integer=True)
    seed = shared.seed(seed, lang)
    grid = viz.grid(samples(net, steps, seed), nrow=COLS, pad=2, value=0.3)
    return image(grid, 5), t("diff.browser_server_done", lang, n=N, steps=steps, seed=seed)


def count_samples(nets, seed: int):
    """What the browser's step-count view computes, on the server: one x_T through each net (browser.COUNT_ROWS) with
    each number of steps (browser.COUNTS), (len(nets) * len(COUNTS), C, H, W) in [0, 1], a row per net."""
    return torch.cat([samples(net, k, seed, n=1) for net in nets for k in browser.COUNTS])


@safe
@heavy
def on_counts_server(seed, lang):
    """The step-count strip of the same seed computed by the server, and a caption saying so."""
    nets, seed = [model(name, lang) for name in browser.COUNT_ROWS], shared.seed(seed, lang)
    grid = viz.grid(count_samples(nets, seed), nrow=len(browser.COUNTS), pad=2, value=0.3)
    counts = ", ".join(map(str, browser.COUNTS))
    return image(grid, 6), t("diff.browser_counts_server_done", lang, seed=seed, counts=counts)


def build(page: Page) -> None:
    lang = page.lang
    page.md("diff.browser_help")
    with gr.Row():
        name = page.make(gr.Radio, label="diff.browser_model", value=MODELS[0],
                         choices_keys=[(f"diff.browser_model_{m.replace('-', '_')}", m) for m in MODELS])
        steps = page.make(gr.Slider, label="diff.steps", minimum=1, maximum=browser.MAX_STEPS, step=1, value=25,
                          elem_id=f"{VIEW}-steps")
        seed = seed_box(page, "diff.seed")
    go, server, server_img, server_text = browser.panel(page, "diff.browser", VIEW, SERVER, "xt", "x0")
    inputs = [name, steps, seed]
    go.click(None, inputs, None, js=browser.run_js("diffusion", VIEW, SERVER))
    server.click(on_server, [*inputs, lang], [server_img, server_text], api_name="diff_browser_server",
                 concurrency_id=HEAVY)
    # the same x_T at 1 to 25 steps, DDIM and flow matching (sub-tab 3's strip), in the browser
    page.md("diff.browser_counts_help")
    c_go, c_server, c_img, c_text = browser.panel(page, "diff.browser_counts", COUNTS_VIEW, COUNTS_SERVER, "counts",
                                                  width=900, height=300)
    c_go.click(None, [seed], None, js=browser.run_js("counts", COUNTS_VIEW, COUNTS_SERVER))
    c_server.click(on_counts_server, [seed, lang], [c_img, c_text], api_name="diff_counts_server",
                   concurrency_id=HEAVY)
