"""The GAN tab's sub-tab 5: the trained generator in the student's own browser, 64 codes z at a time.

G(z) for the 64 codes z of a seed, computed by onnxruntime-web in the page (genkit/ui/browser.js runs
the generator graph of genkit/export.py): moving the seed's slider draws 64 new images at once, with no
server round trip. The second button asks the server for the same seed (the same z from
export.portable_noise, the same G); the browser clicks it itself when it cannot compute. Imported only
by genkit/ui/gan.py.
"""

import gradio as gr
import torch

from genkit import export, viz
from genkit.ui import browser
from genkit.ui.common import GPU_S, Page, gpu, image, model, safe
from genkit.ui.i18n import t
from genkit.ui.inputs import DATASETS, choice, dataset_radio, number

N, COLS = 64, 8  # images per grid, and per row (browser.js draws the same grid)
SEEDS = 999  # the slider's last seed
VIEW, SERVER = "genkit-b-gan", "genkit-b-gan-server"  # the elem_ids browser.js paints and clicks


def samples(net, seed: int, n: int = N) -> torch.Tensor:
    """What the browser computes, on the server: G(z) for z = portable_noise(seed, (n, z_dim)), in [0, 1]."""
    with torch.inference_mode():
        return export.to_image(net.G(export.portable_noise(seed, (n, net.z_dim)).to(next(net.parameters()).device)))


@safe
@gpu(GPU_S)
def on_server(dataset, seed, lang):
    """The same seed's grid computed by the server, and a caption saying so."""
    dataset = choice(dataset, DATASETS, "gan.dataset", lang)
    net = model(f"gan-{dataset}", lang)
    seed = number(seed, "gan.browser_seed", 0, SEEDS, lang, integer=True)
    grid = viz.grid(samples(net, seed).float().cpu(), nrow=COLS, pad=2, value=0.3)
    return image(grid, 3), t("gan.browser_server_done", lang, n=N, seed=seed)


def build(page: Page) -> None:
    lang = page.lang
    page.md("gan.browser_help")
    with gr.Row():
        dataset = dataset_radio(page, "gan.dataset")
        seed = page.make(gr.Slider, label="gan.browser_seed", info="gan.browser_seed_info", minimum=0, maximum=SEEDS,
                         step=1, value=0, elem_id=f"{VIEW}-seed")
    go, server, server_img, server_text = browser.panel(page, "gan.browser", VIEW, SERVER, "g", width=760, height=560)
    gr.on([go.click, seed.input, dataset.input], None, [dataset, seed], None, js=browser.run_js("gan", VIEW, SERVER))
    server.click(on_server, [dataset, seed, lang], [server_img, server_text], api_name="gan_browser_server")
