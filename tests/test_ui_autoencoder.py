"""The Autoencoder tab's handlers, called directly in English and French, on untrained models saved in tmp.

The checkpoints are random-weight models with the real configurations (genkit.autoencoder.CONFIGS,
genkit.vae.CONFIGS) written to a temporary GENKIT_CHECKPOINTS; the "test images" come from a tiny IDX
folder made on the spot, or are absent (GENKIT_DATA unset, an empty cache): no dataset is needed.
"""

import gradio as gr
import numpy as np
import pandas as pd
import pytest
import torch
from PIL import Image, ImageDraw

from genkit import data, hub
from genkit.autoencoder import CONFIGS as AE_CONFIGS
from genkit.autoencoder import Autoencoder
from genkit.ui import autoencoder as tab
from genkit.ui import common, inputs
from genkit.ui.common import Page
from genkit.ui.i18n import t
from genkit.vae import CONFIGS as VAE_CONFIGS
from genkit.vae import VAE
from tests.helpers import make_idx_folder

LANGS = ("en", "fr")


def error(fn, *args) -> str:
    """The message of the gr.Error that fn(*args) raises; never the generic "something went wrong"."""
    with pytest.raises(gr.Error) as e:
        fn(*args)
    message = e.value.message
    assert message and "Something went wrong" not in message and "Une erreur est survenue" not in message
    return message


def _clear_caches():
    common._load.cache_clear()
    common._failures.clear()
    inputs._test_set_cached.cache_clear()
    from genkit.ui import vae as vae_tab

    vae_tab._encodings.cache_clear()


@pytest.fixture(scope="module")
def checkpoints(tmp_path_factory):
    """Every ae-* and vae-* checkpoint, untrained, in a temporary folder; a tiny IDX data folder as GENKIT_DATA."""
    folder = tmp_path_factory.mktemp("checkpoints")
    data_dir = make_idx_folder(tmp_path_factory.mktemp("data"), n_train=32, n_test=40)
    torch.manual_seed(0)
    for d in ("mnist", "fashion"):
        for z in (2, 16):
            hub.save(Autoencoder(AE_CONFIGS[z]), f"ae-{d}-z{z}", folder)
            hub.save(VAE(VAE_CONFIGS[z]), f"vae-{d}-z{z}", folder)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GENKIT_CHECKPOINTS", str(folder))
        mp.setenv("GENKIT_DATA", str(data_dir))
        _clear_caches()
        yield folder
    _clear_caches()


@pytest.fixture
def no_data(monkeypatch, tmp_path):
    """No GENKIT_DATA and an empty torchvision cache: what a fresh clone or a Space sees."""
    monkeypatch.delenv("GENKIT_DATA", raising=False)
    monkeypatch.setattr(data, "CACHE_DIR", tmp_path / "empty-cache")
    inputs._test_set_cached.cache_clear()
    yield
    inputs._test_set_cached.cache_clear()


def drawing(mode="RGBA"):
    im = Image.new(mode, (280, 280), (0, 0, 0, 0) if mode == "RGBA" else "white")
    ImageDraw.Draw(im).line([(150, 40), (110, 150), (160, 240)], fill="black", width=20)
    return {"background": None, "layers": [], "composite": np.asarray(im)}


def args(source="draw", dataset="mnist", z=2, index=0, klass="any", sketch=None, upload=None, noise=0.0,
         occlusion=0.0, lang="en"):
    return (dataset, z, source, index, klass, drawing() if sketch is None and source == "draw" else sketch, upload,
            noise, occlusion, lang)


@pytest.mark.parametrize("lang", LANGS)
def test_reconstruct_a_drawing(checkpoints, lang):
    x_in, x_hat, heat, text, code, steps = tab.reconstruct(*args(lang=lang))
    assert x_in.size == x_hat.size == (224, 224) and heat.size == (224, 224)
    frame = code["value"]
    assert isinstance(frame, pd.DataFrame) and list(frame["dimension"]) == ["z01", "z02"]
    assert code["y_lim"][0] == -code["y_lim"][1] <= -frame["value"].abs().max()
    assert steps["visible"] and steps["value"].size[0] > steps["value"].size[1] > 0  # the four steps side by side
    assert ("Bottleneck" if lang == "en" else "Goulot") in text


@pytest.mark.parametrize("z", [16, "16"])
def test_reconstruct_a_test_image_with_noise_and_occlusion(checkpoints, z):
    out = tab.reconstruct(*args(source="test", dataset="fashion", z=z, index=3, klass=4, noise=0.5, occlusion=0.5))
    assert len(out[4]["value"]) == 16 and out[5]["visible"] is False  # no preprocessing for a test image
    a = np.asarray(out[0])
    assert (a[-40:] == 128).all()  # the bottom band is hidden (grey)


def test_reconstruct_an_upload(checkpoints, tmp_path):
    path = tmp_path / "digit.png"
    Image.fromarray(drawing("RGB")["composite"]).save(path)
    *_, text, code, steps = tab.reconstruct(*args(source="upload", upload=str(path), lang="fr"))
    assert "inversée" in text and steps["value"] is not None


@pytest.mark.parametrize("lang", LANGS)
def test_bad_inputs_are_translated_errors(checkpoints, tmp_path, lang):
    blank = {"background": None, "layers": [], "composite": np.zeros((280, 280, 4), np.uint8)}
    dot = np.zeros((280, 280, 4), np.uint8)
    dot[100:103, 100:103] = (0, 0, 0, 255)
    white = tmp_path / "white.png"
    Image.new("RGB", (64, 64), "white").save(white)
    not_image = tmp_path / "notes.png"
    not_image.write_text("not an image")
    messages = [
        error(tab.reconstruct, *args(sketch=blank, lang=lang)),
        error(tab.reconstruct, *args(sketch={"background": None, "layers": [], "composite": dot}, lang=lang)),
        error(tab.reconstruct, *args(source="upload", upload=str(white), lang=lang)),
        error(tab.reconstruct, *args(source="upload", upload=str(not_image), lang=lang)),
        error(tab.reconstruct, *args(source="upload", upload=None, lang=lang)),
        error(tab.reconstruct, *args(source="draw", sketch={"composite": None, "layers": []}, lang=lang)),
        error(tab.reconstruct, *args(z=3, lang=lang)),
        error(tab.reconstruct, *args(dataset="cifar", lang=lang)),
        error(tab.reconstruct, *args(source="test", index=10**6, lang=lang)),
        error(tab.reconstruct, *args(noise="a lot", lang=lang)),
        error(tab.reconstruct, *args(occlusion=2, lang=lang)),
        error(tab.sample, "mnist", 2, -1, lang),
    ]
    words = ("empty", "dot", "empty", "not an image", "Upload", "Draw", "not one of", "not one of", "between",
             "not a number", "between", "between")
    if lang == "fr":
        words = ("vide", "point", "vide", "n'est pas une image", "Téléversez", "Dessinez", "ne fait pas partie",
                 "ne fait pas partie", "entre", "n'est pas un nombre", "entre", "entre")
    for message, word in zip(messages, words):
        assert word in message, (word, message)


def test_huge_upload_is_downscaled_not_a_crash(checkpoints, tmp_path):
    path = tmp_path / "huge.png"
    im = Image.new("L", (3000, 2000), 255)
    ImageDraw.Draw(im).line([(1500, 200), (1500, 1800)], fill=0, width=120)
    im.save(path)
    assert tab.reconstruct(*args(source="upload", upload=str(path)))[1].size == (224, 224)


@pytest.mark.parametrize("lang", LANGS)
def test_sample_ae_beside_vae(checkpoints, lang):
    a, v, text = tab.sample("mnist", 16, 7, lang)
    assert a.size == v.size
    assert text == t("ae.sample_why", lang, z=16) and ("not the ten classes" if lang == "en" else "pas les dix") in text


def test_without_data_the_test_images_say_so_and_drawings_work(checkpoints, no_data):
    assert inputs.test_set("mnist") is None
    assert "GENKIT_DATA" in error(tab.reconstruct, *args(source="test", lang="en"))
    assert "GENKIT_DATA" in error(tab.reconstruct, *args(source="test", lang="fr"))
    update, note = inputs.class_hint("mnist", "fr")
    assert update["interactive"] is False and "GENKIT_DATA" in note
    assert tab.reconstruct(*args())[1] is not None


def test_missing_checkpoint_is_a_translated_error(tmp_path, monkeypatch):
    monkeypatch.setenv("GENKIT_CHECKPOINTS", str(tmp_path))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    _clear_caches()
    try:
        assert "ae-mnist-z2" in error(tab.reconstruct, *args(lang="fr"))
    finally:
        _clear_caches()


def test_tab_builds_and_bench_runs(checkpoints):
    with gr.Blocks():
        page = Page(gr.Radio(["en", "fr"], value="en"))
        tab.build(page)
    assert len(page.tracked) > 20 and len(page.texts("fr")) == len(page.tracked) and all(page.texts("fr"))
    for name, setup in tab.BENCH.items():
        assert setup()() is not None, name
