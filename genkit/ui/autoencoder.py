"""The Autoencoder tab: compress, reconstruct, and see why the latent space cannot be sampled.

Lecture: "Auto-encodeur". The models are genkit/autoencoder.py (and genkit/vae.py for the
comparison); drawings go through genkit/sketch.py (MNIST's preprocessing), uploads through
genkit/images.py. The input helpers here (test image, drawing, upload) are reused by the
VAE tab. Every text is in TEXT, at the end of the file, in English and French.
"""

import functools

import gradio as gr
import numpy as np
import pandas as pd
import torch
from PIL import Image, ImageDraw

from genkit import data, images, sketch, viz
from genkit.autoencoder import reconstruction_error
from genkit.ui.common import LATEX, Page, checkpoint_present, fail, image, model, safe
from genkit.ui.i18n import t

DATASETS = ("mnist", "fashion")
Z_SIZES = (2, 16)
SOURCES = ("test", "draw", "upload")
SEED_MAX = 2**31 - 1

# ----------------------------------------------------------------------------- reading the UI's values


def choice(value, allowed, key: str, lang: str):
    """`value` if it is one of `allowed` (compared as text too: radios may send "2" for 2), else a gr.Error."""
    for a in allowed:
        if value == a or str(value) == str(a):
            return a
    fail("ae.err_choice", lang, name=t(key, lang), value=str(value)[:40])


def number(value, key: str, low: float, high: float, lang: str, integer: bool = False):
    try:
        v = float(value)
    except (TypeError, ValueError):
        fail("ae.err_number", lang, name=t(key, lang), value=str(value)[:40])
    if not np.isfinite(v) or not low <= v <= high or (integer and not v.is_integer()):
        fail("ae.err_range", lang, name=t(key, lang), low=low, high=high, value=str(value)[:40])
    return int(v) if integer else v


@functools.cache
def _test_set_cached(dataset: str, where: str):
    return data.load(dataset, "test", where or None)


def test_set(dataset: str):
    """(x, y) of the test split when the data is on this machine (GENKIT_DATA or the cache), else None.

    Never downloads: a Space or a fresh clone without data simply has no test images.
    """
    folder, _ = data.resolve_data_dir()
    if folder is not None:
        if not (folder / data.DATASETS[dataset][0] / data.FILES["test"][0]).exists():
            return None
    elif not (data.CACHE_DIR / data.DATASETS[dataset][1] / "raw").exists():
        return None
    try:
        return _test_set_cached(dataset, str(folder) if folder else "")
    except (data.DataNotFoundError, ValueError, OSError):
        return None


def test_image(dataset: str, index, klass, lang: str) -> tuple[torch.Tensor, int]:
    """The index-th test image (of class `klass` unless "any"): ((1, 28, 28), its label)."""
    found = test_set(dataset)
    if found is None:
        fail("ae.err_no_data", lang)
    x, y = found
    i = number(index, "ae.index", 0, len(x) - 1, lang, integer=True)
    if klass not in (None, "", "any"):
        k = choice(klass, tuple(range(10)), "ae.class", lang)
        pool = (y == k).nonzero().flatten()
        j = pool[i % len(pool)].item()
        return x[j], k
    return x[i], int(y[i])


def _steps_strip(prepared: sketch.Prepared) -> Image.Image:
    """The preprocessing steps side by side, each in a 112x112 frame: ink, crop, 20x20 box, centred 28x28."""
    tiles = []
    for name in ("ink", "crop", "box", "centered"):
        a = prepared.steps[name]
        im = Image.fromarray((np.clip(a, 0, 1) * 255).astype(np.uint8))
        s = 112 / max(im.size)
        im = im.resize((max(1, round(im.width * s)), max(1, round(im.height * s))),
                       Image.NEAREST if max(a.shape) <= 28 else Image.BILINEAR)
        tile = Image.new("L", (116, 116), 90)
        tile.paste(im, ((116 - im.width) // 2, (116 - im.height) // 2))
        tiles.append(tile)
    strip = Image.new("L", (len(tiles) * 124, 116), 255)
    for i, tile in enumerate(tiles):
        strip.paste(tile, (i * 124, 0))
    return strip


def prepare_drawing(value, lang: str) -> sketch.Prepared:
    try:
        return sketch.prepare(value)
    except sketch.SketchError as e:
        fail(f"ae.err_sketch_{e.code}", lang, **e.details)


def read_input(source, dataset, index, klass, drawing, upload, lang) -> tuple[torch.Tensor, Image.Image | None, str]:
    """The chosen input as a (1, 28, 28) tensor, the preprocessing strip (drawings, uploads) and a note."""
    source = choice(source, SOURCES, "ae.source", lang)
    if source == "test":
        x, label = test_image(dataset, index, klass, lang)
        return x, None, t("ae.note_test", lang, label=label)
    if source == "draw":
        value = sketch.layers_of(drawing) if isinstance(drawing, dict) else drawing
        if value is None:
            fail("ae.err_no_drawing", lang)
        prepared = prepare_drawing(value, lang)
        return prepared.x, _steps_strip(prepared), t("ae.note_drawing", lang)
    if not upload:
        fail("ae.err_no_upload", lang)
    try:
        loaded = images.load_image(str(upload))
    except images.ImageInputError as e:
        fail(f"ae.err_image_{e.code}", lang, **{k: v for k, v in e.details.items()})
    prepared = prepare_drawing(loaded.image, lang)
    note = t("ae.note_upload_inverted" if prepared.inverted else "ae.note_upload", lang)
    return prepared.x, _steps_strip(prepared), note


def corrupt(x: torch.Tensor, noise: float, occlusion: float, seed: int = 0) -> torch.Tensor:
    """Gaussian noise of standard deviation `noise` (seeded), then the bottom `occlusion` share of rows hidden."""
    g = torch.Generator().manual_seed(seed)
    x = (x + noise * torch.randn(x.shape, generator=g)).clamp(0, 1)
    rows = int(round(occlusion * x.shape[-2]))
    if rows:
        x = x.clone()
        x[..., x.shape[-2] - rows :, :] = 0.5  # a grey band: neither ink nor background
    return x


def signed_heatmap(diff: np.ndarray, scale: int = 8) -> Image.Image:
    """x_hat - x as colours on a fixed scale: red = too much ink, blue = missing ink, white = right."""
    v = np.clip(diff, -1, 1)[..., None]
    white, red, blue = np.ones(3), np.array([0.80, 0.10, 0.15]), np.array([0.10, 0.30, 0.80])
    rgb = np.where(v >= 0, white + v * (red - white), white - v * (blue - white))
    im = Image.fromarray((rgb * 255).round().astype(np.uint8))
    return im.resize((im.width * scale, im.height * scale), Image.NEAREST)


def code_frame(z: torch.Tensor) -> pd.DataFrame:
    """The code as a table for the bar chart: one row per dimension (z01, z02, ... so they sort right)."""
    values = z.flatten().tolist()
    return pd.DataFrame({"dimension": [f"z{i + 1:02d}" for i in range(len(values))], "value": values})


# ----------------------------------------------------------------------------- handlers


@safe
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


@safe
def class_hint(dataset, lang):
    """How many test images there are (or a note that there are none here)."""
    dataset = choice(dataset, DATASETS, "ae.dataset", lang)
    found = test_set(dataset)
    if found is None:
        return gr.update(interactive=False), t("ae.no_data_note", lang)
    return gr.update(interactive=True, maximum=len(found[0]) - 1), t("ae.data_note", lang, n=len(found[0]))


# ----------------------------------------------------------------------------- layout


def input_block(page: Page, prefix: str = "ae"):
    """Source radio, test image (index, class), sketchpad, upload: the components, in read_input's order."""
    has_data = any(test_set(d) is not None for d in DATASETS)
    source = page.make(gr.Radio, label="ae.source", value="test" if has_data else "draw",
                       choices_keys=[("ae.source_test", "test"), ("ae.source_draw", "draw"),
                                     ("ae.source_upload", "upload")])
    with gr.Row():
        with gr.Column():
            index = page.make(gr.Slider, label="ae.index", info="ae.index_info", minimum=0, maximum=9999, step=1,
                              value=0, interactive=has_data)
            klass = page.make(gr.Dropdown, label="ae.class", value="any",
                              choices_keys=[("ae.class_any", "any")] + [(f"ae.class_{i}", i) for i in range(10)])
            data_note = page.md("ae.data_note_initial" if has_data else "ae.no_data_note")
        drawing = page.make(gr.Sketchpad, label="ae.drawing", type="numpy", image_mode="RGBA", canvas_size=(280, 280),
                            brush=gr.Brush(colors=["#000000"], color_mode="fixed", default_size=18), layers=False,
                            height=340)
        upload = page.make(gr.Image, label="ae.upload", type="filepath", sources=["upload", "clipboard"], height=340)
    return [source, index, klass, drawing, upload], data_note


def not_trained_notice(page: Page, names: list[str], command: str) -> None:
    """The shell's "not trained yet" notice and the command to run, when some of `names` are missing."""
    if any(not checkpoint_present(n) for n in names):
        with gr.Group(elem_classes=["genkit-notice"]):
            page.md("err.not_trained")
            gr.Code(command, language="shell", interactive=False, show_label=False, lines=1)


def build(page: Page) -> None:
    lang = page.lang
    page.md("ae.intro")
    not_trained_notice(page, [f"ae-mnist-z{z}" for z in Z_SIZES],
                       "python -m genkit.train ae --dataset mnist --z 2 --preset full")
    with gr.Row():
        dataset = page.make(gr.Radio, label="ae.dataset", value="mnist",
                            choices_keys=[("ae.dataset_mnist", "mnist"), ("ae.dataset_fashion", "fashion")])
        z_size = page.make(gr.Radio, label="ae.z", info="ae.z_info", value=2,
                           choices_keys=[("ae.z_2", 2), ("ae.z_16", 16)])
    (source, index, klass, drawing, upload), data_note = input_block(page)
    with gr.Row():
        noise = page.make(gr.Slider, label="ae.noise", info="ae.noise_info", minimum=0, maximum=1, step=0.05, value=0)
        occlusion = page.make(gr.Slider, label="ae.occlusion", info="ae.occlusion_info", minimum=0, maximum=0.9,
                              step=0.05, value=0)
    go = page.button("ae.go", variant="primary")
    with gr.Row():
        img_in = page.make(gr.Image, label="ae.input", type="pil", format="png", interactive=False)
        img_out = page.make(gr.Image, label="ae.output", type="pil", format="png", interactive=False)
        img_err = page.make(gr.Image, label="ae.error", type="pil", format="png", interactive=False)
    result = gr.Markdown(latex_delimiters=LATEX)
    code = page.make(gr.BarPlot, label="ae.code", x="dimension", y="value", sort=None, height=260,
                     x_title="ae.axis_dimension", y_title="ae.axis_value")
    with gr.Group():
        steps = page.make(gr.Image, label="ae.steps", type="pil", format="png", interactive=False, visible=False)
        page.md("ae.steps_help")

    with page.accordion("ae.sample_title", open=True):
        page.md("ae.sample_help")
        with gr.Row():
            seed = page.make(gr.Number, label="ae.seed", value=0, precision=0, minimum=0, maximum=SEED_MAX)
            sample_go = page.button("ae.sample_go")
        with gr.Row():
            ae_grid = page.make(gr.Image, label="ae.sample_ae", type="pil", format="png", interactive=False)
            vae_grid = page.make(gr.Image, label="ae.sample_vae", type="pil", format="png", interactive=False)
        sample_text = gr.Markdown(latex_delimiters=LATEX)

    inputs = [dataset, z_size, source, index, klass, drawing, upload, noise, occlusion, lang]
    outputs = [img_in, img_out, img_err, result, code, steps]
    go.click(reconstruct, inputs, outputs, api_name="ae_reconstruct")
    gr.on([noise.release, occlusion.release, z_size.input, index.release, klass.input], reconstruct, inputs, outputs,
          api_visibility="private", trigger_mode="always_last")
    dataset.input(class_hint, [dataset, lang], [index, data_note], api_visibility="private")
    sample_go.click(sample, [dataset, z_size, seed, lang], [ae_grid, vae_grid, sample_text], api_name="ae_sample")


# ----------------------------------------------------------------------------- benchmark (python -m genkit.bench)


def _bench_drawing() -> dict:
    """A procedural stroke on a transparent 280x280 canvas, as the sketchpad sends it (no dataset image)."""
    canvas = Image.new("RGBA", (280, 280), (0, 0, 0, 0))
    ImageDraw.Draw(canvas).line([(140, 50), (120, 140), (150, 230)], fill=(0, 0, 0, 255), width=18)
    return {"background": None, "layers": [], "composite": np.asarray(canvas)}


def _bench_reconstruct():
    drawing = _bench_drawing()
    return functools.partial(reconstruct, "mnist", 2, "draw", 0, "any", drawing, None, 0.0, 0.0, "en")


BENCH = {
    "ae_encode_decode_1": _bench_reconstruct,
    "ae_sample_36": lambda: functools.partial(sample, "mnist", 2, 0, "en"),
}


# ----------------------------------------------------------------------------- texts (English, French)

_CLASS_TEXT = {
    f"ae.class_{i}": {
        "en": f"{i}: {data.CLASSES['mnist']['en'][i]} / {data.CLASSES['fashion']['en'][i]}",
        "fr": f"{i} : {data.CLASSES['mnist']['fr'][i]} / {data.CLASSES['fashion']['fr'][i]}",
    }
    for i in range(10)
}

TEXT = {
    "ae.intro": {
        "en": "## Autoencoder\n"
              "An **encoder** $f_\\phi$ compresses an image $x$ into a small code $z = f_\\phi(x)$ (the *bottleneck*), "
              "and a **decoder** $g_\\theta$ rebuilds it: $\\hat{x} = g_\\theta(z)$. Both are trained together to make "
              "the reconstruction error small:\n\n"
              "$$\\min_{\\phi, \\theta} \\; \\lVert x - g_\\theta(f_\\phi(x)) \\rVert^2$$\n\n"
              "The code $z$ is a learned representation, an *embedding*. But nothing organizes the space of codes: "
              "a random $z$ decodes to garbage, so an autoencoder is **not** a generative model. "
              "The next tab, the VAE, fixes exactly that.",
        "fr": "## Auto-encodeur\n"
              "Un **encodeur** $f_\\phi$ compresse une image $x$ en un petit code $z = f_\\phi(x)$ (le *goulot "
              "d'étranglement*), et un **décodeur** $g_\\theta$ la reconstruit : $\\hat{x} = g_\\theta(z)$. Les deux "
              "sont entraînés ensemble pour rendre l'erreur de reconstruction petite :\n\n"
              "$$\\min_{\\phi, \\theta} \\; \\lVert x - g_\\theta(f_\\phi(x)) \\rVert^2$$\n\n"
              "Le code $z$ est une représentation apprise, un *plongement* (« embedding »). Mais rien n'organise "
              "l'espace des codes : un $z$ tiré au hasard se décode en n'importe quoi, donc un auto-encodeur "
              "**n'est pas** un modèle génératif. L'onglet suivant, le VAE, corrige précisément cela.",
    },
    "ae.dataset": {"en": "Dataset", "fr": "Jeu de données"},
    "ae.dataset_mnist": {"en": "Digits (MNIST)", "fr": "Chiffres (MNIST)"},
    "ae.dataset_fashion": {"en": "Clothes (Fashion-MNIST)", "fr": "Vêtements (Fashion-MNIST)"},
    "ae.z": {"en": "Bottleneck size", "fr": "Taille du goulot"},
    "ae.z_info": {"en": "dimensions of the code z", "fr": "dimensions du code z"},
    "ae.z_2": {"en": "z = 2", "fr": "z = 2"},
    "ae.z_16": {"en": "z = 16", "fr": "z = 16"},
    "ae.source": {"en": "Input", "fr": "Entrée"},
    "ae.source_test": {"en": "Test image", "fr": "Image de test"},
    "ae.source_draw": {"en": "My drawing", "fr": "Mon dessin"},
    "ae.source_upload": {"en": "Uploaded image", "fr": "Image téléversée"},
    "ae.index": {"en": "Test image number", "fr": "Numéro de l'image de test"},
    "ae.index_info": {"en": "among the test images of the chosen class",
                      "fr": "parmi les images de test de la classe choisie"},
    "ae.class": {"en": "Class", "fr": "Classe"},
    "ae.class_any": {"en": "any class", "fr": "toutes les classes"},
    **_CLASS_TEXT,
    "ae.data_note_initial": {"en": "The test images are on this machine.",
                             "fr": "Les images de test sont sur cette machine."},
    "ae.data_note": {"en": "{n} test images on this machine.", "fr": "{n} images de test sur cette machine."},
    "ae.no_data_note": {
        "en": "*The test images are not on this machine (set `GENKIT_DATA`): draw or upload an image instead.*",
        "fr": "*Les images de test ne sont pas sur cette machine (définir `GENKIT_DATA`) : dessinez ou téléversez "
              "plutôt une image.*",
    },
    "ae.drawing": {"en": "Draw a digit with the mouse or a finger", "fr": "Dessinez un chiffre à la souris ou au doigt"},
    "ae.upload": {"en": "Or upload an image", "fr": "Ou téléversez une image"},
    "ae.noise": {"en": "Noise", "fr": "Bruit"},
    "ae.noise_info": {"en": "standard deviation of Gaussian noise added before encoding",
                      "fr": "écart type d'un bruit gaussien ajouté avant l'encodage"},
    "ae.occlusion": {"en": "Occlusion", "fr": "Occultation"},
    "ae.occlusion_info": {"en": "share of the image hidden (from the bottom) before encoding",
                          "fr": "part de l'image cachée (depuis le bas) avant l'encodage"},
    "ae.go": {"en": "Encode and decode", "fr": "Encoder et décoder"},
    "ae.input": {"en": "Input x (as encoded)", "fr": "Entrée x (telle qu'encodée)"},
    "ae.output": {"en": "Reconstruction x̂", "fr": "Reconstruction x̂"},
    "ae.error": {"en": "Error x̂ − x (red: too much ink, blue: missing)",
                 "fr": "Erreur x̂ − x (rouge : trop d'encre, bleu : manquante)"},
    "ae.code": {"en": "The code z (the bottleneck)", "fr": "Le code z (le goulot)"},
    "ae.axis_dimension": {"en": "dimension of z", "fr": "dimension de z"},
    "ae.axis_value": {"en": "value", "fr": "valeur"},
    "ae.steps": {"en": "Preprocessing, MNIST's way", "fr": "Prétraitement, à la manière de MNIST"},
    "ae.steps_help": {
        "en": "For drawings and uploads, left to right: grayscale ink, cropped to its bounding box, fitted in a "
              "20x20 box (aspect ratio kept), centred by its centre of mass in 28x28, as MNIST's digits were.",
        "fr": "Pour les dessins et les images téléversées, de gauche à droite : l'encre en niveaux de gris, recadrée "
              "sur sa boîte englobante, ajustée dans une boîte 20x20 (proportions gardées), centrée par son centre de "
              "masse dans 28x28, comme les chiffres de MNIST.",
    },
    "ae.result": {
        "en": "**Bottleneck z = {z}.** Mean squared error per pixel against the clean input: **{mse}** "
              "(against the corrupted input: {mse_in}). Norm of the code: |z| = {norm}.",
        "fr": "**Goulot z = {z}.** Erreur quadratique moyenne par pixel par rapport à l'entrée propre : **{mse}** "
              "(par rapport à l'entrée corrompue : {mse_in}). Norme du code : |z| = {norm}.",
    },
    "ae.note_test": {"en": "Test image of class {label}.", "fr": "Image de test de la classe {label}."},
    "ae.note_drawing": {"en": "Your drawing, preprocessed as below.", "fr": "Votre dessin, prétraité comme ci-dessous."},
    "ae.note_upload": {"en": "Your image, preprocessed as below.", "fr": "Votre image, prétraitée comme ci-dessous."},
    "ae.note_upload_inverted": {
        "en": "Your image had a light background: it was inverted (MNIST is light ink on black), then preprocessed.",
        "fr": "Votre image avait un fond clair : elle a été inversée (MNIST est de l'encre claire sur fond noir), "
              "puis prétraitée.",
    },
    "ae.sample_title": {"en": "Sample the latent space", "fr": "Échantillonner l'espace latent"},
    "ae.sample_help": {
        "en": "The same random codes $z \\sim \\mathcal{N}(0, I)$, decoded by the autoencoder (left) and by the "
              "VAE of the next tab (right), with the same bottleneck size.",
        "fr": "Les mêmes codes aléatoires $z \\sim \\mathcal{N}(0, I)$, décodés par l'auto-encodeur (à gauche) et "
              "par le VAE de l'onglet suivant (à droite), avec la même taille de goulot.",
    },
    "ae.seed": {"en": "Seed", "fr": "Graine"},
    "ae.sample_go": {"en": "Draw random codes", "fr": "Tirer des codes au hasard"},
    "ae.sample_ae": {"en": "Autoencoder: g(z), z ~ N(0, I)", "fr": "Auto-encodeur : g(z), z ~ N(0, I)"},
    "ae.sample_vae": {"en": "VAE: decoder(z), z ~ N(0, I)", "fr": "VAE : décodeur(z), z ~ N(0, I)"},
    "ae.sample_why": {
        "en": "**Why the autoencoder's are garbage (z = {z}):** its training only asked codes to be decodable, "
              "never to lie where $\\mathcal{{N}}(0, I)$ puts them, so random codes fall in regions the decoder never "
              "saw; the VAE's KL term pulls its codes onto the prior, so the same draws land on images.",
        "fr": "**Pourquoi ceux de l'auto-encodeur ne ressemblent à rien (z = {z}) :** son entraînement demandait "
              "seulement des codes décodables, jamais qu'ils se trouvent là où $\\mathcal{{N}}(0, I)$ les tire ; les "
              "codes aléatoires tombent donc dans des régions que le décodeur n'a jamais vues. Le terme KL du VAE "
              "ramène ses codes sur l'a priori : les mêmes tirages y deviennent des images.",
    },
    "ae.err_choice": {"en": "{name}: {value} is not one of the allowed choices.",
                      "fr": "{name} : {value} ne fait pas partie des choix permis."},
    "ae.err_number": {"en": "{name}: {value} is not a number.", "fr": "{name} : {value} n'est pas un nombre."},
    "ae.err_range": {"en": "{name} must be between {low} and {high} (got {value}).",
                     "fr": "{name} doit être entre {low} et {high} (reçu : {value})."},
    "ae.err_no_data": {
        "en": "The test images are not on this machine (set GENKIT_DATA to a folder with mnist/ and "
              "fashion-mnist/): choose “My drawing” or “Uploaded image” instead.",
        "fr": "Les images de test ne sont pas sur cette machine (définir GENKIT_DATA vers un dossier contenant "
              "mnist/ et fashion-mnist/) : choisissez plutôt « Mon dessin » ou « Image téléversée ».",
    },
    "ae.err_no_drawing": {"en": "Draw something on the canvas first.", "fr": "Dessinez d'abord quelque chose."},
    "ae.err_no_upload": {"en": "Upload an image first.", "fr": "Téléversez d'abord une image."},
    "ae.err_sketch_blank": {
        "en": "The drawing is empty (or the image is uniform): there is no ink to read. Draw a digit.",
        "fr": "Le dessin est vide (ou l'image est uniforme) : il n'y a aucune encre à lire. Dessinez un chiffre.",
    },
    "ae.err_sketch_dot": {
        "en": "The drawing is a single dot ({h} x {w} pixels of ink): enlarged to 20x20 it would be a blob. "
              "Draw a whole digit.",
        "fr": "Le dessin n'est qu'un point ({h} x {w} pixels d'encre) : agrandi à 20x20, ce serait une tache. "
              "Dessinez un chiffre entier.",
    },
    "ae.err_sketch_shape": {"en": "This is not an image (array of shape {shape}).",
                            "fr": "Ce n'est pas une image (tableau de forme {shape})."},
    "ae.err_image_missing": {"en": "No image was given.", "fr": "Aucune image n'a été fournie."},
    "ae.err_image_not_image": {"en": "{name} is not an image that can be read (PNG, JPEG, WebP ...).",
                               "fr": "{name} n'est pas une image lisible (PNG, JPEG, WebP ...)."},
    "ae.err_image_too_large": {
        "en": "The image declares {megapixels} megapixels, more than the {limit} allowed: refused before decoding.",
        "fr": "L'image déclare {megapixels} mégapixels, plus que les {limit} permis : refusée avant le décodage.",
    },
    "ae.err_image_empty": {"en": "The image has no pixels ({width} x {height}).",
                           "fr": "L'image n'a aucun pixel ({width} x {height})."},
    "ae.err_image_corrupt": {"en": "The image could not be decoded: {detail}",
                             "fr": "L'image n'a pas pu être décodée : {detail}"},
    "ae.err_image_unsupported": {"en": "The image mode {mode} is not supported.",
                                 "fr": "Le mode d'image {mode} n'est pas pris en charge."},
}
