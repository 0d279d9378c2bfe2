"""The VAE tab: the latent map, the reparameterization, sampling, interpolation and the bound.

Lecture: "Auto-encodeur variationnel". The maths lives in genkit/vae.py (encode,
reparameterize, the ELBO's two terms, the importance-weighted log p(x), lerp and
slerp), the pictures in genkit/views/vae.py, the texts in genkit/ui/text/vae.py; the
inputs (test image, drawing, upload) are the shared block of genkit/ui/inputs.py.
"""

import functools
from html import escape

import gradio as gr
import numpy as np
import torch

from genkit import data, viz
from genkit.ui import browser
from genkit.ui.common import GPU_S, LATEX, Page, checkpoint_present, gpu, image, initial, intro, model, safe
from genkit.ui.i18n import lang_of, t
from genkit.ui.inputs import (DATASETS, SEED_MAX, choice, dataset_radio, input_block, number, procedural_drawing,
                              read_input, seed_box, test_set)
from genkit.vae import binarize, lerp, reparameterization_draws, slerp
from genkit.vae import bound as vae_bound
from genkit.views.vae import (LIMIT, STEP, decoded_map, encode_means, framed, legend, pixel_to_z, reparam_table,
                              scatter)

Z_SIZES = (2, 16)  # the latent sizes of the committed VAEs (and autoencoders)
MAP_PX = 700  # the latent maps' blocks: the framed 638x634 map at its own size (not shrunk), label included

# ----------------------------------------------------------------------------- the latent map (z = 2)


def _map_model(dataset, lang):
    dataset = choice(dataset, DATASETS, "ae.dataset", lang)
    return dataset, model(f"vae-{dataset}-z2", lang)


@functools.cache
def _encodings(name: str, dataset: str):
    """mu of every test image under the z = 2 VAE `name`, and the labels: (N, 2), (N,) arrays (once per checkpoint)."""
    found = test_set(dataset)
    if found is None:
        return None
    x, y = found
    return encode_means(model(name, "en"), x), y.numpy()


@functools.cache
def _grid(name: str):
    """The decoded 20x20 grid of the z = 2 VAE `name`, before its frame (once per checkpoint)."""
    return decoded_map(model(name, "en"))


def _dots(name: str, dataset: str, z=None):
    """The test codes' scatter, framed (and marked at `z`), or hidden without the test set."""
    found = _encodings(name, dataset)
    if found is None:
        return gr.update(value=None, visible=False)
    return gr.update(value=framed(scatter(*found), z), visible=True)


@safe
@gpu(GPU_S)
def latent_map(dataset, lang):
    """The decoded grid, the test set's codes coloured by class (when the data is here), and a note."""
    dataset, _ = _map_model(dataset, lang)
    name = f"vae-{dataset}-z2"
    return framed(_grid(name)), _dots(name, dataset), map_note(dataset, lang)


@safe
@gpu(GPU_S)
def map_note(dataset, lang):
    """What the scatter shows (how many codes, how many fall outside the map) and its colours, in `lang`."""
    dataset, _ = _map_model(dataset, lang)
    found = _encodings(f"vae-{dataset}-z2", dataset)
    if found is None:
        return f"<p><i>{escape(t('vae.map_no_data', lang))}</i></p>"
    mu, _ = found
    outside = int(((np.abs(mu) > LIMIT + STEP / 2).any(1)).sum())
    return (f"<p>{escape(t('vae.map_note', lang, n=len(mu), outside=outside))}</p>"
            + legend(data.CLASSES[dataset][lang_of(lang)]))


@safe
@gpu(GPU_S)
def decode_point(dataset, z1, z2, lang):
    """Decode one code (z1, z2) of the z = 2 VAE."""
    dataset, net = _map_model(dataset, lang)
    z1 = number(z1, "vae.z1", -10, 10, lang)
    z2 = number(z2, "vae.z2", -10, 10, lang)
    with torch.inference_mode():
        x = net.decode(torch.tensor([[z1, z2]], device=next(net.parameters()).device))[0].float().cpu()
    name, z = f"vae-{dataset}-z2", (z1, z2)  # both maps marked where the code is
    text = t("vae.point", lang, z1=f"{z1:+.2f}", z2=f"{z2:+.2f}")
    return image(x), text, framed(_grid(name), z), _dots(name, dataset, z)


@safe
@gpu(GPU_S)
def click_map(dataset, px, py, lang):
    """A click at pixel (px, py) of the map: the code there (its two sliders' values), its decoding, the marked maps."""
    px = number(px, "vae.pixel", -1e4, 1e4, lang)
    py = number(py, "vae.pixel", -1e4, 1e4, lang)
    z1, z2 = pixel_to_z(px, py)
    z1, z2 = round(z1, 2), round(z2, 2)
    return z1, z2, *decode_point(dataset, z1, z2, lang)


def _click(dataset, lang, evt: gr.SelectData):
    """Gradio's select event -> click_map (the event data is injected by its type annotation)."""
    px, py = evt.index if isinstance(evt.index, (list, tuple)) else (0, 0)
    return click_map(dataset, px, py, lang)


# ----------------------------------------------------------------------------- reparameterization and the bound


def _vae(dataset, z_size, lang):
    dataset = choice(dataset, DATASETS, "ae.dataset", lang)
    z_size = choice(z_size, Z_SIZES, "ae.z", lang)
    return dataset, z_size, model(f"vae-{dataset}-z{z_size}", lang)


@safe
@gpu(GPU_S)
def reparam(dataset, z_size, source, index, klass, drawing, upload, seed, draws, lang):
    """mu and sigma per dimension, eps draws, z = mu + sigma * eps written out, and the decoded draws."""
    dataset, z_size, net = _vae(dataset, z_size, lang)
    seed = number(seed, "ae.seed", 0, SEED_MAX, lang, integer=True)
    draws = number(draws, "vae.draws", 1, 8, lang, integer=True)
    x, _, note = read_input(source, dataset, index, klass, drawing, upload, lang)
    device = next(net.parameters()).device
    r = reparameterization_draws(net, x.to(device), draws, torch.Generator().manual_seed(seed))
    mu, sigma, eps, z = (r[k].float().cpu() for k in ("mu", "sigma", "eps", "z"))
    html = reparam_table(mu, sigma, eps, z, tuple(t(k, lang) for k in ("vae.col_dim", "vae.col_mu", "vae.col_sigma")))
    strip = torch.cat([x[None].cpu(), r["x_mean"][None].float().cpu(), r["x"].float().cpu()])  # (2 + draws, 1, 28, 28)
    text = t("vae.reparam_caption", lang, draws=draws, seed=seed, sigma=f"{sigma.mean():.3f}") + "\n\n" + note
    return html, image(viz.grid(strip, nrow=strip.shape[0], pad=2, value=0.3), 4), text


@safe
@gpu(GPU_S)
def bound(dataset, z_size, source, index, klass, drawing, upload, k, lang):
    """For the input, binarized: E[log p(x|z)], KL(q(z|x) || p(z)), their difference (the ELBO), and the IW estimate."""
    dataset, z_size, net = _vae(dataset, z_size, lang)
    k = number(k, "vae.k", 1, 1000, lang, integer=True)
    x, _, _ = read_input(source, dataset, index, klass, drawing, upload, lang)
    x_bin = binarize(x, torch.Generator().manual_seed(0))  # the likelihood is of a binary image
    b = vae_bound(net, x_bin.to(next(net.parameters()).device), samples=64, k=k, generator=torch.Generator().manual_seed(0))
    text = t("vae.bound_text", lang, rec=f"{b['rec']:.1f}", kl=f"{b['kl']:.1f}", elbo=f"{b['elbo']:.1f}",
             iw=f"{b['iw']:.1f}", k=k, gap=f"{b['iw'] - b['elbo']:.1f}", nelbo=f"{-b['elbo']:.1f}", nll=f"{-b['iw']:.1f}")
    return text, image(x_bin)


# ----------------------------------------------------------------------------- sampling and interpolation


@safe
@gpu(GPU_S)
def sample(dataset, z_size, seed, temperature, lang):
    """A 6x6 grid of samples: z ~ N(0, T^2 I), decoded to the mean image."""
    dataset, z_size, net = _vae(dataset, z_size, lang)
    seed = number(seed, "ae.seed", 0, SEED_MAX, lang, integer=True)
    temperature = number(temperature, "vae.temperature", 0, 3, lang)
    with torch.inference_mode():
        x = net.sample(36, temperature, torch.Generator().manual_seed(seed)).float().cpu()
    return image(viz.grid(x, nrow=6, pad=2, value=0.3), 3)


@safe
@gpu(GPU_S)
def interpolate(dataset, z_size, source, index_a, index_b, klass, drawing_a, drawing_b, steps, lang):
    """Encode two inputs (their means mu), walk from one to the other in z, decode: linear and spherical strips."""
    dataset, z_size, net = _vae(dataset, z_size, lang)
    steps = number(steps, "vae.steps", 3, 16, lang, integer=True)
    source = choice(source, ("test", "draw"), "input.source", lang)
    xa, _, _ = read_input(source, dataset, index_a, klass, drawing_a, None, lang)
    xb, _, _ = read_input(source, dataset, index_b, klass, drawing_b, None, lang)
    device = next(net.parameters()).device
    with torch.inference_mode():
        mu, _ = net.encode(torch.stack([xa, xb]).to(device))  # (2, z)
        strips = [net.decode(path(mu[0], mu[1], steps)).float().cpu() for path in (lerp, slerp)]
    ends = (xa[None].cpu(), xb[None].cpu())  # the two inputs at both ends of each strip
    pictures = [image(viz.grid(torch.cat([ends[0], s, ends[1]]), nrow=steps + 2, pad=2, value=0.3), 3) for s in strips]
    return pictures[0], pictures[1], t("vae.interp_caption", lang, steps=steps, z=z_size,
                                       na=f"{mu[0].norm():.2f}", nb=f"{mu[1].norm():.2f}")


# ----------------------------------------------------------------------------- layout


def _first_map() -> tuple:
    """The map of the digits' VAE, drawn when the app is built; nothing (the button draws it) if it cannot be."""
    try:
        return initial(latent_map, "mnist", "en") if checkpoint_present("vae-mnist-z2") else (None, {}, "")
    except gr.Error:  # an unreadable checkpoint: the tab still opens, the button says what is wrong
        return None, {}, ""


def _model_row(page: Page, z_default: int = 16):
    with gr.Row():
        dataset = dataset_radio(page, "ae.dataset")
        z_size = page.make(gr.Radio, label="vae.z", value=z_default, choices_keys=[("ae.z_2", 2), ("ae.z_16", 16)])
    return dataset, z_size


def build(page: Page) -> None:
    lang = page.lang
    intro(page, "vae.intro", [f"vae-mnist-z{z}" for z in Z_SIZES])

    with page.tab("vae.tab_map"):
        page.md("vae.map_help")
        map_dataset = dataset_radio(page, "ae.dataset", elem_id=browser.POINTER["radio"])
        map_go = page.button("vae.map_go", variant="primary")
        # drawn when the app is built, so that the tab opens on the map (its note follows the page's language)
        first = _first_map()
        with gr.Row():
            grid_img = page.picture("vae.map_grid", value=first[0], height=MAP_PX, elem_id=browser.POINTER["image"])
            scatter_img = page.picture("vae.map_scatter", value=first[1].get("value"), height=MAP_PX,
                                       visible=first[1].get("visible", True))
        note = gr.HTML(first[2])
        with gr.Row():
            with gr.Column():
                z1 = page.make(gr.Slider, label="vae.z1", minimum=-LIMIT, maximum=LIMIT, step=0.05, value=0)
                z2 = page.make(gr.Slider, label="vae.z2", minimum=-LIMIT, maximum=LIMIT, step=0.05, value=0)
                point_text = gr.Markdown(latex_delimiters=LATEX)
            point_img = page.picture("vae.point_img", height=260)
            with gr.Column():  # the code under the pointer, decoded by the browser at every move (browser.js)
                browser.view(browser.POINTER["view"], "x", width=260, hint="pointer_hint")
        map_go.click(latent_map, [map_dataset, lang], [grid_img, scatter_img, note], api_name="vae_map")
        map_dataset.input(latent_map, [map_dataset, lang], [grid_img, scatter_img, note], api_visibility="private")
        lang.change(map_note, [map_dataset, lang], note, api_visibility="private")
        marked = [point_img, point_text, grid_img, scatter_img]
        gr.on([z1.release, z2.release], decode_point, [map_dataset, z1, z2, lang], marked, api_name="vae_decode",
              trigger_mode="always_last")
        for img in (grid_img, scatter_img):
            img.select(_click, [map_dataset, lang], [z1, z2, *marked], api_visibility="private")

    with page.tab("vae.tab_reparam"):
        page.md("vae.reparam_help")
        dataset, z_size = _model_row(page)
        inputs, _ = input_block(page)
        with gr.Row():
            seed = seed_box(page, "ae.seed")
            draws = page.make(gr.Slider, label="vae.draws", minimum=1, maximum=8, step=1, value=4)
            rep_go = page.button("vae.reparam_go", variant="primary")
        rep_strip = page.picture("vae.reparam_strip")
        rep_text = gr.Markdown(latex_delimiters=LATEX)
        rep_table = gr.HTML()
        rep_go.click(reparam, [dataset, z_size, *inputs, seed, draws, lang], [rep_table, rep_strip, rep_text],
                     api_name="vae_reparam")
        with page.accordion("vae.bound_title", open=True):
            page.md("vae.bound_help")
            with gr.Row():
                k = page.make(gr.Slider, label="vae.k", info="vae.k_info", minimum=1, maximum=1000, step=1, value=1000)
                bound_go = page.button("vae.bound_go")
            with gr.Row():
                bound_text = gr.Markdown(latex_delimiters=[{"left": "$", "right": "$", "display": False}])
                bound_img = page.picture("vae.bound_img", height=200)
            bound_go.click(bound, [dataset, z_size, *inputs, k, lang], [bound_text, bound_img], api_name="vae_bound")

    with page.tab("vae.tab_sample"):
        page.md("vae.sample_help")
        s_dataset, s_z = _model_row(page)
        with gr.Row():
            s_seed = seed_box(page, "ae.seed")
            temperature = page.make(gr.Slider, label="vae.temperature", info="vae.temperature_info", minimum=0,
                                    maximum=2, step=0.05, value=1)
            s_go = page.button("vae.sample_go", variant="primary")
        s_img = page.picture("vae.sample_img")
        s_inputs = [s_dataset, s_z, s_seed, temperature, lang]
        s_go.click(sample, s_inputs, s_img, api_name="vae_sample")
        temperature.release(sample, s_inputs, s_img, api_visibility="private")

    with page.tab("vae.tab_interp"):
        page.md("vae.interp_help")
        i_dataset, i_z = _model_row(page)
        has_data = any(test_set(d) is not None for d in DATASETS)
        i_source = page.make(gr.Radio, label="input.source", value="test" if has_data else "draw",
                             choices_keys=[("input.source_test", "test"), ("input.source_draw", "draw")])
        with gr.Row():
            i_a = page.make(gr.Slider, label="vae.index_a", minimum=0, maximum=9999, step=1, value=0,
                            interactive=has_data)
            i_b = page.make(gr.Slider, label="vae.index_b", minimum=0, maximum=9999, step=1, value=1,
                            interactive=has_data)
        with gr.Row():
            brush = dict(type="numpy", image_mode="RGBA", canvas_size=(280, 280), layers=False, height=320,
                         brush=gr.Brush(colors=["#000000"], color_mode="fixed", default_size=18))
            d_a = page.make(gr.Sketchpad, label="vae.drawing_a", **brush)
            d_b = page.make(gr.Sketchpad, label="vae.drawing_b", **brush)
        i_steps = page.make(gr.Slider, label="vae.steps", minimum=3, maximum=16, step=1, value=10)
        i_go = page.button("vae.interp_go", variant="primary")
        i_lin = page.picture("vae.interp_linear")
        i_sph = page.picture("vae.interp_spherical")
        i_text = gr.Markdown(latex_delimiters=LATEX)
        i_go.click(interpolate, [i_dataset, i_z, i_source, i_a, i_b, gr.State("any"), d_a, d_b, i_steps, lang],
                   [i_lin, i_sph, i_text], api_name="vae_interpolate")


# ----------------------------------------------------------------------------- benchmark (python -m genkit.bench)

BENCH = {
    "vae_decode_1": lambda: functools.partial(decode_point, "mnist", 0.5, -0.5, "en"),
    "vae_latent_map_20x20": lambda: functools.partial(latent_map, "mnist", "en"),
    "vae_reparam_4": lambda: functools.partial(reparam, "mnist", 16, "draw", 0, "any", procedural_drawing(), None, 0, 4,
                                               "en"),
    "vae_sample_36": lambda: functools.partial(sample, "mnist", 16, 0, 1.0, "en"),
    "vae_bound_k1000": lambda: functools.partial(bound, "mnist", 16, "draw", 0, "any", procedural_drawing(), None, 1000,
                                                 "en"),
}
