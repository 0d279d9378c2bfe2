"""The Autoencoder tab: compress, reconstruct, and see why the latent space cannot be sampled.

Lecture: "Auto-encodeur". The model is genkit/autoencoder.py (and genkit/vae.py for the
comparison); the input (a test image, a drawing, an upload) comes from the shared block of
genkit/ui/inputs.py, the pictures from genkit/views/autoencoder.py, the texts from
genkit/ui/text/autoencoder.py.
"""

import functools

import gradio as gr
import torch

from genkit import viz
from genkit.autoencoder import reconstruction_error
from genkit.ui.common import GPU_S, LATEX, Page, gpu, image, intro, model, safe
from genkit.ui.i18n import t
from genkit.ui.inputs import (DATASETS, SEED_MAX, choice, class_hint, dataset_radio, input_block, number,
                              procedural_drawing, read_input, seed_box)
from genkit.views.autoencoder import code_frame, corrupt, signed_heatmap

Z_SIZES = (2, 16)


# ----------------------------------------------------------------------------- handlers


@safe
@gpu(GPU_S)
def reconstruct(dataset, z_size, source, index, klass, drawing, upload, noise, occlusion, lang):
    """Encode the (corrupted) input, decode it: input, reconstruction, error heatmap, numbers, code, steps."""
    dataset = choice(dataset, DATASETS, "ae.dataset", lang)
    z_size = choice(z_size, Z_SIZES, "ae.z", lang)
    noise = number(noise, "ae.noise", 0, 1, lang)
    occlusion = number(occlusion, "ae.occlusion", 0, 0.9, lang)
    x, steps, note = read_input(source, dataset, index, klass, drawing, upload, lang)
    net = model(f"ae-{dataset}-z{z_size}", lang)
    device = next(net.parameters()).device
    x_in = corrupt(x, noise, occlusion)
    with torch.inference_mode():
        z = net.encode(x_in[None].to(device))  # (1, z)
        x_hat = net.decode(z)[0].float().cpu()  # (1, 28, 28)
    err_clean = reconstruction_error(x[None], x_hat[None]).item()
    err_in = reconstruction_error(x_in[None], x_hat[None]).item()
    text = t("ae.result", lang, z=z_size, mse=f"{err_clean:.4f}", mse_in=f"{err_in:.4f}",
             norm=f"{z.norm().item():.2f}") + "\n\n" + note
    heat = signed_heatmap((x_hat - x)[0].numpy())
    top = max(1e-3, z.abs().max().item()) * 1.1  # symmetric axis: a bar's length is its value, from 0
    code = gr.update(value=code_frame(z.cpu()), y_lim=[-top, top])
    steps = gr.update(value=steps, visible=steps is not None)  # the preprocessing, for drawings and uploads
    return image(x_in), image(x_hat), heat, text, code, steps


def _random_codes(n: int, z_size: int, seed: int) -> torch.Tensor:
    return torch.randn(n, z_size, generator=torch.Generator().manual_seed(seed))


@safe
@gpu(GPU_S)
def sample(dataset, z_size, seed, lang):
    """The same random codes z ~ N(0, I) decoded by the autoencoder and by the VAE."""
    dataset = choice(dataset, DATASETS, "ae.dataset", lang)
    z_size = choice(z_size, Z_SIZES, "ae.z", lang)
    seed = number(seed, "ae.seed", 0, SEED_MAX, lang, integer=True)
    ae, vae = model(f"ae-{dataset}-z{z_size}", lang), model(f"vae-{dataset}-z{z_size}", lang)
    z = _random_codes(36, z_size, seed)
    with torch.inference_mode():
        x_ae = ae.decode(z.to(next(ae.parameters()).device)).float().cpu()
        x_vae = vae.decode(z.to(next(vae.parameters()).device)).float().cpu()
    grids = [image(viz.grid(x, nrow=6, pad=2, value=0.3), 3) for x in (x_ae, x_vae)]
    return grids[0], grids[1], t("ae.sample_why", lang, z=z_size)


# ----------------------------------------------------------------------------- layout


def build(page: Page) -> None:
    lang = page.lang
    intro(page, "ae.intro", [f"ae-mnist-z{z}" for z in Z_SIZES])
    with gr.Row():
        dataset = dataset_radio(page, "ae.dataset")
        z_size = page.make(gr.Radio, label="ae.z", info="ae.z_info", value=2,
                           choices_keys=[("ae.z_2", 2), ("ae.z_16", 16)])
    (source, index, klass, drawing, upload), data_note = input_block(page)
    with gr.Row():
        noise = page.make(gr.Slider, label="ae.noise", info="ae.noise_info", minimum=0, maximum=1, step=0.05, value=0)
        occlusion = page.make(gr.Slider, label="ae.occlusion", info="ae.occlusion_info", minimum=0, maximum=0.9,
                              step=0.05, value=0)
    go = page.button("ae.go", variant="primary")
    img_in, img_out, img_err = page.pictures("ae.input", "ae.output", "ae.error")
    result = gr.Markdown(latex_delimiters=LATEX)
    code = page.make(gr.BarPlot, label="ae.code", x="dimension", y="value", sort=None, height=260,
                     x_title="ae.axis_dimension", y_title="ae.axis_value")
    with gr.Group():
        steps = page.picture("ae.steps", visible=False)
        page.md("ae.steps_help")

    with page.accordion("ae.sample_title", open=True):
        page.md("ae.sample_help")
        with gr.Row():
            seed = seed_box(page, "ae.seed")
            sample_go = page.button("ae.sample_go")
        ae_grid, vae_grid = page.pictures("ae.sample_ae", "ae.sample_vae")
        sample_text = gr.Markdown(latex_delimiters=LATEX)

    inputs = [dataset, z_size, source, index, klass, drawing, upload, noise, occlusion, lang]
    outputs = [img_in, img_out, img_err, result, code, steps]
    go.click(reconstruct, inputs, outputs, api_name="ae_reconstruct")
    gr.on([noise.release, occlusion.release, z_size.input, index.release, klass.input], reconstruct, inputs, outputs,
          api_visibility="private", trigger_mode="always_last")
    dataset.input(class_hint, [dataset, lang], [index, data_note], api_visibility="private")
    sample_go.click(sample, [dataset, z_size, seed, lang], [ae_grid, vae_grid, sample_text], api_name="ae_sample")


# ----------------------------------------------------------------------------- benchmark (python -m genkit.bench)


def _bench_reconstruct():
    drawing = procedural_drawing()
    return functools.partial(reconstruct, "mnist", 2, "draw", 0, "any", drawing, None, 0.0, 0.0, "en")


BENCH = {
    "ae_encode_decode_1": _bench_reconstruct,
    "ae_sample_36": lambda: functools.partial(sample, "mnist", 2, 0, "en"),
}
