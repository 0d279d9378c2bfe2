"""The VAE tab: the latent map, the reparameterization, sampling, interpolation and the bound.

Lecture: "Auto-encodeur variationnel". The maths lives in genkit/vae.py (encode,
reparameterize, the ELBO's two terms, the importance-weighted log p(x), lerp and
slerp); this module turns the UI's values into tensors, calls it and draws the
results. The inputs (test image, drawing, upload) are the Autoencoder tab's helpers.
Every text is in TEXT, at the end of the file, in English and French.
"""

import functools
from html import escape

import gradio as gr
import numpy as np
import torch
from PIL import Image

from genkit import data, viz
from genkit.ui.autoencoder import (DATASETS, SEED_MAX, Z_SIZES, _bench_drawing, choice, input_block,
                                   not_trained_notice, number, read_input, test_set)
from genkit.ui.common import LATEX, Page, image, model, safe
from genkit.ui.i18n import t
from genkit.vae import binarize, bound as vae_bound, latent_grid, lerp, reparameterization_draws, slerp

N_MAP = 20  # the latent map is N_MAP x N_MAP decoded codes
LIMIT = 3.0  # over [-3, 3]^2: three standard deviations of the prior on each axis
CELL = 28  # pixels per decoded image in the map
STEP = 2 * LIMIT / (N_MAP - 1)  # distance in z between two neighbouring images of the map
PALETTE = np.array([(31, 119, 180), (255, 127, 14), (44, 160, 44), (214, 39, 40), (148, 103, 189),
                    (140, 86, 75), (227, 119, 194), (127, 127, 127), (188, 189, 34), (23, 190, 207)], dtype=np.uint8)

# ----------------------------------------------------------------------------- the latent map (z = 2)


def z_to_pixel(z1: float, z2: float) -> tuple[float, float]:
    """Where code (z1, z2) lies on the map image: the centre of cell i is the code latent_grid gives it."""
    return ((z1 + LIMIT) / STEP + 0.5) * CELL, ((LIMIT - z2) / STEP + 0.5) * CELL


def pixel_to_z(px: float, py: float) -> tuple[float, float]:
    z1 = -LIMIT + (px / CELL - 0.5) * STEP
    z2 = LIMIT - (py / CELL - 0.5) * STEP
    return float(np.clip(z1, -LIMIT - STEP / 2, LIMIT + STEP / 2)), float(np.clip(z2, -LIMIT - STEP / 2, LIMIT + STEP / 2))


def _map_model(dataset, lang):
    dataset = choice(dataset, DATASETS, "ae.dataset", lang)
    return dataset, model(f"vae-{dataset}-z2", lang)


def decoded_map(net) -> Image.Image:
    """The 20x20 decoded grid over [-3, 3]^2, one 28x28 image per code, 560x560 pixels."""
    device = next(net.parameters()).device
    with torch.inference_mode():
        x = net.decode(latent_grid(N_MAP, LIMIT, device))  # (400, 1, 28, 28)
    return image(viz.grid(x.float().cpu(), nrow=N_MAP, pad=0), 1)


@functools.cache
def _encodings(name: str, dataset: str):
    """mu of every test image under the z = 2 VAE `name`, and the labels: (N, 2), (N,) arrays (once per checkpoint)."""
    found = test_set(dataset)
    if found is None:
        return None
    x, y = found
    net = model(name, "en")
    device = next(net.parameters()).device
    with torch.inference_mode():
        mu = torch.cat([net.encode(x[i : i + 1000].to(device))[0].float().cpu() for i in range(0, len(x), 1000)])
    return mu.numpy(), y.numpy()


def scatter(mu: np.ndarray, labels: np.ndarray) -> Image.Image:
    """Each test image's code as a dot coloured by its class, on the same axes as the decoded map."""
    side = N_MAP * CELL
    canvas = np.full((side, side, 3), 255, dtype=np.uint8)
    c = int(round(z_to_pixel(0, 0)[0]))
    canvas[c, :] = canvas[:, c] = 200  # the axes z1 = 0 and z2 = 0
    px, py = z_to_pixel(mu[:, 0], mu[:, 1])
    inside = (px >= 1) & (px < side - 1) & (py >= 1) & (py < side - 1)
    px, py, col = px[inside].astype(int), py[inside].astype(int), PALETTE[labels[inside]]
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            canvas[py + dy, px + dx] = col
    return Image.fromarray(canvas)


def legend(dataset: str, lang: str) -> str:
    names = data.CLASSES[dataset][lang if lang in ("en", "fr") else "en"]
    items = [f"<span style='color:rgb{tuple(int(v) for v in PALETTE[i])};font-size:1.4em'>&#9632;</span> "
             f"{i}&nbsp;{escape(n)}" for i, n in enumerate(names)]
    return "<p style='line-height:1.8'>" + " &nbsp; ".join(items) + "</p>"


@safe
def latent_map(dataset, lang):
    """The decoded grid, the test set's codes coloured by class (when the data is here), and a note."""
    dataset, net = _map_model(dataset, lang)
    grid = decoded_map(net)
    found = _encodings(f"vae-{dataset}-z2", dataset)
    if found is None:
        return grid, gr.update(value=None, visible=False), f"<p><i>{escape(t('vae.map_no_data', lang))}</i></p>"
    mu, labels = found
    outside = int(((np.abs(mu) > LIMIT + STEP / 2).any(1)).sum())
    note = f"<p>{escape(t('vae.map_note', lang, n=len(mu), outside=outside))}</p>" + legend(dataset, lang)
    return grid, gr.update(value=scatter(mu, labels), visible=True), note


@safe
def decode_point(dataset, z1, z2, lang):
    """Decode one code (z1, z2) of the z = 2 VAE."""
    dataset, net = _map_model(dataset, lang)
    z1 = number(z1, "vae.z1", -10, 10, lang)
    z2 = number(z2, "vae.z2", -10, 10, lang)
    with torch.inference_mode():
        x = net.decode(torch.tensor([[z1, z2]], device=next(net.parameters()).device))[0].float().cpu()
    return image(x), t("vae.point", lang, z1=f"{z1:+.2f}", z2=f"{z2:+.2f}")


@safe
def click_map(dataset, px, py, lang):
    """A click at pixel (px, py) of the map: the code there, its two sliders' values, and its decoding."""
    px = number(px, "vae.pixel", -1e4, 1e4, lang)
    py = number(py, "vae.pixel", -1e4, 1e4, lang)
    z1, z2 = pixel_to_z(px, py)
    z1, z2 = round(z1, 2), round(z2, 2)
    img, text = decode_point(dataset, z1, z2, lang)
    return z1, z2, img, text


def _click(dataset, lang, evt: gr.SelectData):
    """Gradio's select event -> click_map (the event data is injected by its type annotation)."""
    px, py = evt.index if isinstance(evt.index, (list, tuple)) else (0, 0)
    return click_map(dataset, px, py, lang)


# ----------------------------------------------------------------------------- reparameterization and the bound


def _vae(dataset, z_size, lang):
    dataset = choice(dataset, DATASETS, "ae.dataset", lang)
    z_size = choice(z_size, Z_SIZES, "ae.z", lang)
    return dataset, z_size, model(f"vae-{dataset}-z{z_size}", lang)


def _f(v: float) -> str:
    return f"{v:+.2f}"


@safe
def reparam(dataset, z_size, source, index, klass, drawing, upload, seed, draws, lang):
    """mu and sigma per dimension, eps draws, z = mu + sigma * eps written out, and the decoded draws."""
    dataset, z_size, net = _vae(dataset, z_size, lang)
    seed = number(seed, "ae.seed", 0, SEED_MAX, lang, integer=True)
    draws = number(draws, "vae.draws", 1, 8, lang, integer=True)
    x, _, note = read_input(source, dataset, index, klass, drawing, upload, lang)
    device = next(net.parameters()).device
    r = reparameterization_draws(net, x.to(device), draws, torch.Generator().manual_seed(seed))
    mu, sigma, eps, z = (r[k].float().cpu() for k in ("mu", "sigma", "eps", "z"))
    head = "".join(f"<th>{escape(t(k, lang))}</th>" for k in ("vae.col_dim", "vae.col_mu", "vae.col_sigma"))
    head += "<th>ε<sup>(1)</sup></th><th>z<sup>(1)</sup> = μ + σ · ε<sup>(1)</sup></th>"
    head += "".join(f"<th>ε<sup>({d + 1})</sup> → z<sup>({d + 1})</sup></th>" for d in range(1, draws))
    rows = []
    for j in range(z_size):  # the first draw written out in full, the others as eps -> z
        cells = f"<td>z<sub>{j + 1}</sub></td><td>{_f(mu[j])}</td><td>{sigma[j]:.3f}</td><td>{_f(eps[0, j])}</td>"
        cells += f"<td>{_f(mu[j])} + {sigma[j]:.3f} · ({_f(eps[0, j])}) = <b>{_f(z[0, j])}</b></td>"
        cells += "".join(f"<td>{_f(eps[d, j])} → <b>{_f(z[d, j])}</b></td>" for d in range(1, draws))
        rows.append(f"<tr>{cells}</tr>")
    style = ("<style>.genkit-rep td,.genkit-rep th{padding:2px 10px;white-space:nowrap;"
             "font-family:ui-monospace,monospace}</style>")
    html = (f"{style}<div style='overflow-x:auto'><table class='genkit-rep'><tr>{head}</tr>{''.join(rows)}</table></div>")
    strip = torch.cat([x[None].cpu(), r["x_mean"][None].float().cpu(), r["x"].float().cpu()])  # (2 + draws, 1, 28, 28)
    text = t("vae.reparam_caption", lang, draws=draws, seed=seed, sigma=f"{sigma.mean():.3f}") + "\n\n" + note
    return html, image(viz.grid(strip, nrow=strip.shape[0], pad=2, value=0.3), 4), text


@safe
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
def sample(dataset, z_size, seed, temperature, lang):
    """A 6x6 grid of samples: z ~ N(0, T^2 I), decoded to the mean image."""
    dataset, z_size, net = _vae(dataset, z_size, lang)
    seed = number(seed, "ae.seed", 0, SEED_MAX, lang, integer=True)
    temperature = number(temperature, "vae.temperature", 0, 3, lang)
    with torch.inference_mode():
        x = net.sample(36, temperature, torch.Generator().manual_seed(seed)).float().cpu()
    return image(viz.grid(x, nrow=6, pad=2, value=0.3), 3)


@safe
def interpolate(dataset, z_size, source, index_a, index_b, klass, drawing_a, drawing_b, steps, lang):
    """Encode two inputs (their means mu), walk from one to the other in z, decode: linear and spherical strips."""
    dataset, z_size, net = _vae(dataset, z_size, lang)
    steps = number(steps, "vae.steps", 3, 16, lang, integer=True)
    source = choice(source, ("test", "draw"), "ae.source", lang)
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


def _model_row(page: Page, z_default: int = 16):
    with gr.Row():
        dataset = page.make(gr.Radio, label="ae.dataset", value="mnist",
                            choices_keys=[("ae.dataset_mnist", "mnist"), ("ae.dataset_fashion", "fashion")])
        z_size = page.make(gr.Radio, label="vae.z", value=z_default, choices_keys=[("ae.z_2", 2), ("ae.z_16", 16)])
    return dataset, z_size


def _png(page: Page, key: str, **kwargs):
    return page.make(gr.Image, label=key, type="pil", format="png", interactive=False, **kwargs)


def build(page: Page) -> None:
    lang = page.lang
    page.md("vae.intro")
    not_trained_notice(page, [f"vae-mnist-z{z}" for z in Z_SIZES],
                       "python -m genkit.train vae --dataset mnist --z 2 --preset full")

    with page.tab("vae.tab_map"):
        page.md("vae.map_help")
        map_dataset = page.make(gr.Radio, label="ae.dataset", value="mnist",
                                choices_keys=[("ae.dataset_mnist", "mnist"), ("ae.dataset_fashion", "fashion")])
        map_go = page.button("vae.map_go", variant="primary")
        with gr.Row():
            grid_img = _png(page, "vae.map_grid")
            scatter_img = _png(page, "vae.map_scatter")
        map_note = gr.HTML()
        with gr.Row():
            with gr.Column():
                z1 = page.make(gr.Slider, label="vae.z1", minimum=-LIMIT, maximum=LIMIT, step=0.05, value=0)
                z2 = page.make(gr.Slider, label="vae.z2", minimum=-LIMIT, maximum=LIMIT, step=0.05, value=0)
                point_text = gr.Markdown(latex_delimiters=LATEX)
            point_img = _png(page, "vae.point_img", height=260)
        map_go.click(latent_map, [map_dataset, lang], [grid_img, scatter_img, map_note], api_name="vae_map")
        map_dataset.input(latent_map, [map_dataset, lang], [grid_img, scatter_img, map_note], api_visibility="private")
        gr.on([z1.release, z2.release], decode_point, [map_dataset, z1, z2, lang], [point_img, point_text],
              api_name="vae_decode", trigger_mode="always_last")
        for img in (grid_img, scatter_img):
            img.select(_click, [map_dataset, lang], [z1, z2, point_img, point_text], api_visibility="private")

    with page.tab("vae.tab_reparam"):
        page.md("vae.reparam_help")
        dataset, z_size = _model_row(page)
        inputs, _ = input_block(page)
        with gr.Row():
            seed = page.make(gr.Number, label="ae.seed", value=0, precision=0, minimum=0, maximum=SEED_MAX)
            draws = page.make(gr.Slider, label="vae.draws", minimum=1, maximum=8, step=1, value=4)
            rep_go = page.button("vae.reparam_go", variant="primary")
        rep_strip = _png(page, "vae.reparam_strip")
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
                bound_img = _png(page, "vae.bound_img", height=200)
            bound_go.click(bound, [dataset, z_size, *inputs, k, lang], [bound_text, bound_img], api_name="vae_bound")

    with page.tab("vae.tab_sample"):
        page.md("vae.sample_help")
        s_dataset, s_z = _model_row(page)
        with gr.Row():
            s_seed = page.make(gr.Number, label="ae.seed", value=0, precision=0, minimum=0, maximum=SEED_MAX)
            temperature = page.make(gr.Slider, label="vae.temperature", info="vae.temperature_info", minimum=0,
                                    maximum=2, step=0.05, value=1)
            s_go = page.button("vae.sample_go", variant="primary")
        s_img = _png(page, "vae.sample_img")
        s_inputs = [s_dataset, s_z, s_seed, temperature, lang]
        s_go.click(sample, s_inputs, s_img, api_name="vae_sample")
        temperature.release(sample, s_inputs, s_img, api_visibility="private")

    with page.tab("vae.tab_interp"):
        page.md("vae.interp_help")
        i_dataset, i_z = _model_row(page)
        has_data = any(test_set(d) is not None for d in DATASETS)
        i_source = page.make(gr.Radio, label="ae.source", value="test" if has_data else "draw",
                             choices_keys=[("ae.source_test", "test"), ("ae.source_draw", "draw")])
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
        i_lin = _png(page, "vae.interp_linear")
        i_sph = _png(page, "vae.interp_spherical")
        i_text = gr.Markdown(latex_delimiters=LATEX)
        i_go.click(interpolate, [i_dataset, i_z, i_source, i_a, i_b, gr.State("any"), d_a, d_b, i_steps, lang],
                   [i_lin, i_sph, i_text], api_name="vae_interpolate")


# ----------------------------------------------------------------------------- benchmark (python -m genkit.bench)

BENCH = {
    "vae_decode_1": lambda: functools.partial(decode_point, "mnist", 0.5, -0.5, "en"),
    "vae_latent_map_20x20": lambda: functools.partial(latent_map, "mnist", "en"),
    "vae_reparam_4": lambda: functools.partial(reparam, "mnist", 16, "draw", 0, "any", _bench_drawing(), None, 0, 4,
                                               "en"),
    "vae_sample_36": lambda: functools.partial(sample, "mnist", 16, 0, 1.0, "en"),
    "vae_bound_k1000": lambda: functools.partial(bound, "mnist", 16, "draw", 0, "any", _bench_drawing(), None, 1000,
                                                 "en"),
}


# ----------------------------------------------------------------------------- texts (English, French)

TEXT = {
    "vae.intro": {
        "en": "## Variational autoencoder (VAE)\n"
              "The data $x$ is generated from a latent variable $z$: $p_\\theta(x) = \\int_z p_\\theta(x \\mid z)\\, "
              "p(z)\\, dz$. The integral and the posterior are intractable, so the encoder learns an approximation "
              "$q_\\phi(z \\mid x) = \\mathcal{N}(\\mu, \\sigma^2)$ and we maximize a lower bound (the ELBO):\n\n"
              "$$\\log p_\\theta(x) \\ge -\\mathrm{KL}\\big(q_\\phi(z \\mid x) \\,\\|\\, p(z)\\big) + "
              "\\mathbb{E}_{q_\\phi(z \\mid x)}\\big[\\log p_\\theta(x \\mid z)\\big]$$\n\n"
              "**Reparameterization**: $z = \\mu + \\sigma \\epsilon$ with $\\epsilon \\sim \\mathcal{N}(0, 1)$, so the "
              "network only has to learn $\\mu$ and $\\sigma$, and gradients flow through the sampling. "
              "Because the KL term pulls every code towards the prior $p(z) = \\mathcal{N}(0, I)$, "
              "a random $z \\sim p(z)$ now decodes to a plausible image: the VAE is a generative model.",
        "fr": "## Auto-encodeur variationnel (VAE)\n"
              "Les données $x$ sont générées à partir d'une variable latente $z$ : $p_\\theta(x) = \\int_z "
              "p_\\theta(x \\mid z)\\, p(z)\\, dz$. L'intégrale et le *posterior* sont intraitables ; l'encodeur "
              "apprend donc une approximation $q_\\phi(z \\mid x) = \\mathcal{N}(\\mu, \\sigma^2)$ et l'on maximise "
              "une borne inférieure (l'ELBO) :\n\n"
              "$$\\log p_\\theta(x) \\ge -\\mathrm{KL}\\big(q_\\phi(z \\mid x) \\,\\|\\, p(z)\\big) + "
              "\\mathbb{E}_{q_\\phi(z \\mid x)}\\big[\\log p_\\theta(x \\mid z)\\big]$$\n\n"
              "**Reparamétrisation** : $z = \\mu + \\sigma \\epsilon$ avec $\\epsilon \\sim \\mathcal{N}(0, 1)$ ; le "
              "réseau n'a qu'à apprendre $\\mu$ et $\\sigma$, et le gradient traverse l'échantillonnage. "
              "Comme le terme KL rapproche chaque code de l'a priori $p(z) = \\mathcal{N}(0, I)$, un $z \\sim p(z)$ "
              "tiré au hasard se décode maintenant en une image plausible : le VAE est un modèle génératif.",
    },
    "vae.z": {"en": "Latent size (z)", "fr": "Taille de la variable latente (z)"},
    "vae.tab_map": {"en": "Latent map (z = 2)", "fr": "Carte latente (z = 2)"},
    "vae.map_help": {
        "en": "With a 2-dimensional latent variable, the whole latent space fits on a screen. **Left**: the decoder's "
              "image for each code of a 20x20 grid over $[-3, 3]^2$ (three standard deviations of the a priori "
              "$\\mathcal{N}(0, I)$). **Right**: where the encoder puts the test images ($\\mu$ of $q(z \\mid x)$), "
              "coloured by class, on the same axes. Click either picture (or move the sliders) to decode that $z$.",
        "fr": "Avec une variable latente de dimension 2, tout l'espace latent tient sur un écran. **À gauche** : "
              "l'image que le décodeur donne à chaque code d'une grille 20x20 sur $[-3, 3]^2$ (trois écarts types de "
              "l'a priori $\\mathcal{N}(0, I)$). **À droite** : où l'encodeur place les images de test ($\\mu$ de "
              "$q(z \\mid x)$), colorées par classe, sur les mêmes axes. Cliquez sur l'une ou l'autre image (ou "
              "déplacez les curseurs) pour décoder ce $z$.",
    },
    "vae.map_go": {"en": "Draw the map", "fr": "Tracer la carte"},
    "vae.map_grid": {"en": "Decoded grid: decoder(z) over [-3, 3]²", "fr": "Grille décodée : décodeur(z) sur [-3, 3]²"},
    "vae.map_scatter": {"en": "Test images encoded (μ), by class", "fr": "Images de test encodées (μ), par classe"},
    "vae.map_no_data": {
        "en": "The test images are not on this machine (set GENKIT_DATA), so only the decoded grid is shown; "
              "the map of encodings needs the data set.",
        "fr": "Les images de test ne sont pas sur cette machine (définir GENKIT_DATA) : seule la grille décodée "
              "est montrée ; la carte des encodages demande le jeu de données.",
    },
    "vae.map_note": {
        "en": "{n} test images encoded ({outside} fall outside the square). The classes form regions, and together "
              "they fill the a priori's disc: that is the KL term at work.",
        "fr": "{n} images de test encodées ({outside} tombent hors du carré). Les classes forment des régions, et "
              "ensemble elles remplissent le disque de l'a priori : c'est l'effet du terme KL.",
    },
    "vae.z1": {"en": "z₁ (horizontal)", "fr": "z₁ (horizontal)"},
    "vae.z2": {"en": "z₂ (vertical)", "fr": "z₂ (vertical)"},
    "vae.pixel": {"en": "Position on the map", "fr": "Position sur la carte"},
    "vae.point_img": {"en": "decoder(z)", "fr": "décodeur(z)"},
    "vae.point": {"en": "Decoded code z = ({z1}, {z2}).", "fr": "Code décodé z = ({z1}, {z2})."},
    "vae.tab_reparam": {"en": "Reparameterization and the bound", "fr": "Reparamétrisation et la borne"},
    "vae.reparam_help": {
        "en": "The encoder gives, for each dimension $j$ of $z$, a mean $\\mu_j$ and a standard deviation "
              "$\\sigma_j$ of $q(z \\mid x)$. A code is drawn as $z = \\mu + \\sigma \\epsilon$ with "
              "$\\epsilon \\sim \\mathcal{N}(0, I)$: the randomness is an input, so the gradient reaches $\\mu$ and "
              "$\\sigma$. Each draw gives a slightly different image.",
        "fr": "L'encodeur donne, pour chaque dimension $j$ de $z$, une moyenne $\\mu_j$ et un écart type $\\sigma_j$ "
              "de $q(z \\mid x)$. Un code se tire comme $z = \\mu + \\sigma \\epsilon$ avec "
              "$\\epsilon \\sim \\mathcal{N}(0, I)$ : le hasard est une entrée, le gradient atteint donc $\\mu$ et "
              "$\\sigma$. Chaque tirage donne une image un peu différente.",
    },
    "vae.draws": {"en": "Draws of ε", "fr": "Tirages de ε"},
    "vae.reparam_go": {"en": "Draw ε", "fr": "Tirer ε"},
    "vae.reparam_strip": {"en": "Input, decoder(μ), then decoder(z) for each draw",
                          "fr": "Entrée, décodeur(μ), puis décodeur(z) pour chaque tirage"},
    "vae.reparam_caption": {
        "en": "{draws} draws of ε (seed {seed}). Mean σ over the dimensions: {sigma}; a small σ means the encoder "
              "is sure of the code, and the draws look alike.",
        "fr": "{draws} tirages de ε (graine {seed}). σ moyen sur les dimensions : {sigma} ; un petit σ signifie "
              "que l'encodeur est sûr du code, et les tirages se ressemblent.",
    },
    "vae.col_dim": {"en": "dimension", "fr": "dimension"},
    "vae.col_mu": {"en": "μ", "fr": "μ"},
    "vae.col_sigma": {"en": "σ", "fr": "σ"},
    "vae.bound_title": {"en": "The bound, in nats", "fr": "La borne, en nats"},
    "vae.bound_help": {
        "en": "For the same input, binarized (the decoder is a Bernoulli per pixel: the likelihood is of a black "
              "and white image), the two terms of the bound, in nats (natural logarithms), and the "
              "importance-weighted estimate of $\\log p(x)$ with $k$ samples (Burda et al. 2016), which is tighter.",
        "fr": "Pour la même entrée, binarisée (le décodeur est une Bernoulli par pixel : la vraisemblance est celle "
              "d'une image noir et blanc), les deux termes de la borne, en nats (logarithmes naturels), et "
              "l'estimation par échantillonnage d'importance de $\\log p(x)$ avec $k$ échantillons (Burda et al. "
              "2016), plus serrée.",
    },
    "vae.k": {"en": "Importance samples k", "fr": "Échantillons d'importance k"},
    "vae.k_info": {"en": "k = 1 gives the bound itself (one draw)", "fr": "k = 1 redonne la borne (un tirage)"},
    "vae.bound_go": {"en": "Compute the bound", "fr": "Calculer la borne"},
    "vae.bound_img": {"en": "The binarized input", "fr": "L'entrée binarisée"},
    "vae.bound_text": {
        "en": "| term | nats |\n|---|---|\n"
              "| reconstruction $E_q[\\log p(x \\mid z)]$ (64 draws) | **{rec}** |\n"
              "| $-$ KL$(q(z \\mid x) \\Vert p(z))$ | **−{kl}** |\n"
              "| = ELBO (the bound) | **{elbo}** |\n"
              "| importance-weighted $\\log p(x)$, k = {k} | **{iw}** |\n\n"
              "The estimate is {gap} nats above the bound. As losses: negative ELBO {nelbo} nats, "
              "negative log-likelihood about {nll} nats (published VAEs on MNIST: about 85 to 87 nats).",
        "fr": "| terme | nats |\n|---|---|\n"
              "| reconstruction $E_q[\\log p(x \\mid z)]$ (64 tirages) | **{rec}** |\n"
              "| $-$ KL$(q(z \\mid x) \\Vert p(z))$ | **−{kl}** |\n"
              "| = ELBO (la borne) | **{elbo}** |\n"
              "| $\\log p(x)$ par échantillonnage d'importance, k = {k} | **{iw}** |\n\n"
              "L'estimation est {gap} nats au-dessus de la borne. En pertes : ELBO négative {nelbo} nats, "
              "log-vraisemblance négative d'environ {nll} nats (VAE publiés sur MNIST : environ 85 à 87 nats).",
    },
    "vae.tab_sample": {"en": "Sampling", "fr": "Échantillonnage"},
    "vae.sample_help": {
        "en": "The VAE as a generative model: draw $z \\sim \\mathcal{N}(0, T^2 I)$ from the a priori and decode "
              "it. The temperature $T$ scales the draws: below 1, typical and blurry images; above 1, stranger ones.",
        "fr": "Le VAE comme modèle génératif : tirer $z \\sim \\mathcal{N}(0, T^2 I)$ selon l'a priori et le "
              "décoder. La température $T$ met les tirages à l'échelle : sous 1, des images typiques et floues ; "
              "au-dessus, plus étranges.",
    },
    "vae.temperature": {"en": "Temperature T", "fr": "Température T"},
    "vae.temperature_info": {"en": "standard deviation of the draws of z", "fr": "écart type des tirages de z"},
    "vae.sample_go": {"en": "Sample", "fr": "Échantillonner"},
    "vae.sample_img": {"en": "decoder(z), z ~ N(0, T² I)", "fr": "décodeur(z), z ~ N(0, T² I)"},
    "vae.tab_interp": {"en": "Interpolation", "fr": "Interpolation"},
    "vae.interp_help": {
        "en": "Encode two images ($\\mu$ of each), walk from one code to the other, decode each step. "
              "**Linear**: the straight segment. **Spherical** (slerp): along the great circle, which keeps the norm "
              "of $z$ where the a priori puts typical codes, instead of cutting through the middle.",
        "fr": "Encoder deux images ($\\mu$ de chacune), aller d'un code à l'autre, décoder chaque étape. "
              "**Linéaire** : le segment. **Sphérique** (slerp) : le long du grand cercle, qui garde la norme de "
              "$z$ là où l'a priori place les codes typiques, au lieu de couper par le milieu.",
    },
    "vae.index_a": {"en": "Test image A", "fr": "Image de test A"},
    "vae.index_b": {"en": "Test image B", "fr": "Image de test B"},
    "vae.drawing_a": {"en": "Drawing A", "fr": "Dessin A"},
    "vae.drawing_b": {"en": "Drawing B", "fr": "Dessin B"},
    "vae.steps": {"en": "Steps", "fr": "Étapes"},
    "vae.interp_go": {"en": "Interpolate", "fr": "Interpoler"},
    "vae.interp_linear": {"en": "Linear", "fr": "Linéaire"},
    "vae.interp_spherical": {"en": "Spherical (slerp)", "fr": "Sphérique (slerp)"},
    "vae.interp_caption": {
        "en": "At both ends, the inputs A and B; between them, {steps} decoded steps in a {z}-dimensional latent "
              "space, from |μ_A| = {na} to |μ_B| = {nb}.",
        "fr": "Aux deux bouts, les entrées A et B ; entre elles, {steps} étapes décodées dans un espace latent de "
              "dimension {z}, de |μ_A| = {na} à |μ_B| = {nb}.",
    },
}
