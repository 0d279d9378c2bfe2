"""The inputs every tab shares: reading the UI's values, and the image input block.

Validators. A handler receives what the browser (or an API client) sent: a slider
may send "2.5", a radio "2" for 2, a script anything. `choice` and `number` check a
value against what the control allows and stop the handler with one translated
message that names the control (keys ``input.err_*`` in genkit/ui/text/inputs.py),
so every tab words the same mistake the same way.

The image input (Autoencoder, VAE, Diffusion): a test image (by index and class),
a drawing on a sketchpad, or an upload. `input_block` builds the components,
`read_input` turns their values into a (1, 28, 28) tensor, the way MNIST was made
(genkit/sketch.py for drawings, genkit/images.py for uploads decoded safely).
"""

import functools
import math

import gradio as gr
import numpy as np
import torch
from PIL import Image, ImageDraw

from genkit import data, images, sketch
from genkit.ui.common import Page, fail, safe
from genkit.ui.i18n import t
from genkit.views.inputs import steps_strip

DATASETS = ("mnist", "fashion")  # the 28x28 datasets of the image tabs
SOURCES = ("test", "draw", "upload")
SEED_MAX = 2**31 - 1

# ----------------------------------------------------------------------------- validators


def choice(value, allowed, key: str, lang: str):
    """`value` if it is one of `allowed` (compared as text too: radios may send "2" for 2), else a gr.Error."""
    for a in allowed:
        if value == a or str(value) == str(a):
            return a
    fail("input.err_choice", lang, name=t(key, lang), value=str(value)[:40], allowed=", ".join(map(str, allowed)))


def number(value, key: str, low: float, high: float, lang: str, integer: bool = False):
    """`value` as a float (an int if `integer`) within [low, high], else a gr.Error naming the control `key`."""
    try:
        v = float(value)
    except (TypeError, ValueError, OverflowError):
        v = math.nan
    if integer and not (math.isfinite(v) and v.is_integer() and low <= v <= high):
        fail("input.err_integer", lang, name=t(key, lang), low=low, high=high, value=str(value)[:40])
    if not math.isfinite(v):
        fail("input.err_number", lang, name=t(key, lang), value=str(value)[:40])
    if not low <= v <= high:
        fail("input.err_range", lang, name=t(key, lang), low=low, high=high, value=str(value)[:40])
    return int(v) if integer else v


# ----------------------------------------------------------------------------- test images


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
        fail("input.err_no_data", lang)
    x, y = found
    i = number(index, "input.index", 0, len(x) - 1, lang, integer=True)
    if klass not in (None, "", "any"):
        k = choice(klass, tuple(range(10)), "input.class", lang)
        pool = (y == k).nonzero().flatten()
        j = pool[i % len(pool)].item()
        return x[j], k
    return x[i], int(y[i])


# ----------------------------------------------------------------------------- drawings and uploads


def prepare_drawing(value, lang: str) -> sketch.Prepared:
    try:
        return sketch.prepare(value)
    except sketch.SketchError as e:
        fail(f"input.err_sketch_{e.code}", lang, **e.details)


def read_input(source, dataset, index, klass, drawing, upload, lang) -> tuple[torch.Tensor, Image.Image | None, str]:
    """The chosen input as a (1, 28, 28) tensor, the preprocessing strip (drawings, uploads) and a note."""
    source = choice(source, SOURCES, "input.source", lang)
    if source == "test":
        x, label = test_image(dataset, index, klass, lang)
        return x, None, t("input.note_test", lang, label=label)
    if source == "draw":
        value = sketch.layers_of(drawing) if isinstance(drawing, dict) else drawing
        if value is None:
            fail("input.err_no_drawing", lang)
        prepared = prepare_drawing(value, lang)
        return prepared.x, steps_strip(prepared), t("input.note_drawing", lang)
    if not upload:
        fail("input.err_no_upload", lang)
    try:
        loaded = images.load_image(str(upload))
    except images.ImageInputError as e:
        fail(f"input.err_image_{e.code}", lang, **e.details)
    prepared = prepare_drawing(loaded.image, lang)
    note = t("input.note_upload_inverted" if prepared.inverted else "input.note_upload", lang)
    return prepared.x, steps_strip(prepared), note


def procedural_drawing() -> dict:
    """A stroke on a transparent 280x280 canvas, as the sketchpad sends it (for benchmarks: no dataset image)."""
    canvas = Image.new("RGBA", (280, 280), (0, 0, 0, 0))
    ImageDraw.Draw(canvas).line([(140, 50), (120, 140), (150, 230)], fill=(0, 0, 0, 255), width=18)
    return {"background": None, "layers": [], "composite": np.asarray(canvas)}


# ----------------------------------------------------------------------------- the input block


@safe
def class_hint(dataset, lang):
    """How many test images there are (or a note that there are none here): the index slider's update."""
    dataset = choice(dataset, DATASETS, "input.dataset", lang)
    found = test_set(dataset)
    if found is None:
        return gr.update(interactive=False), t("input.no_data_note", lang)
    return gr.update(interactive=True, maximum=len(found[0]) - 1), t("input.data_note", lang, n=len(found[0]))


def input_block(page: Page):
    """Source radio, test image (index, class), sketchpad, upload: the components, in read_input's order."""
    has_data = any(test_set(d) is not None for d in DATASETS)
    source = page.make(gr.Radio, label="input.source", value="test" if has_data else "draw",
                       choices_keys=[("input.source_test", "test"), ("input.source_draw", "draw"),
                                     ("input.source_upload", "upload")])
    with gr.Row():
        with gr.Column():
            index = page.make(gr.Slider, label="input.index", info="input.index_info", minimum=0, maximum=9999,
                              step=1, value=0, interactive=has_data)
            klass = page.make(gr.Dropdown, label="input.class", value="any",
                              choices_keys=[("input.class_any", "any")] + [(f"input.class_{i}", i) for i in range(10)])
            data_note = page.md("input.data_note_initial" if has_data else "input.no_data_note")
        drawing = page.make(gr.Sketchpad, label="input.drawing", type="numpy", image_mode="RGBA",
                            canvas_size=(280, 280), layers=False, height=340,
                            brush=gr.Brush(colors=["#000000"], color_mode="fixed", default_size=18))
        upload = page.make(gr.Image, label="input.upload", type="filepath", sources=["upload", "clipboard"], height=340)
    return [source, index, klass, drawing, upload], data_note


def dataset_radio(page: Page, label: str, **kwargs) -> gr.Radio:
    """The 28x28 dataset to work on: digits (MNIST) or clothes (Fashion-MNIST); `label` is the tab's key."""
    return page.make(gr.Radio, label=label, value="mnist",
                     choices_keys=[("input.dataset_mnist", "mnist"), ("input.dataset_fashion", "fashion")], **kwargs)


def seed_box(page: Page, key: str, value: int = 0) -> gr.Number:
    """The seed of a random draw: a whole number from 0 to SEED_MAX (the same seed gives the same pictures)."""
    return page.make(gr.Number, label=key, value=value, precision=0, minimum=0, maximum=SEED_MAX)
