"""The Convolution tab's handlers, called directly in English and French, and genkit.images on hostile files.

Every bad input of the issue (a file that is not an image, a decompression bomb, 16-bit,
palette, CMYK and RGBA images, an empty or non-numeric cell, a stride larger than the input)
is written here, on the spot, in tmp_path: no dataset image is needed or stored.
"""

import string
import struct
import zlib

import gradio as gr
import numpy as np
import pytest
import torch
from PIL import Image

from genkit import hub, images
from genkit.metrics import Classifier, ClassifierConfig
from genkit.ui import common
from genkit.ui import conv as tab
from genkit.ui.common import Page
from genkit.ui.i18n import t
from genkit.ui.text.conv import TEXT

LANGS = ("en", "fr")
EX = tab.LECTURE["conv"]
CONV = ("conv", EX["x"], EX["k"], EX["stride"], EX["padding"], EX["dilation"], 0)  # the lecture's example
TR = tab.LECTURE["transpose"]
TRANSPOSE = ("transpose", TR["x"], TR["k"], 1, 0, 1, 0)


def error(fn, *args) -> str:
    """The message of the gr.Error that fn(*args) raises (the server would show it and go on)."""
    with pytest.raises(gr.Error) as e:
        fn(*args)
    message = e.value.message
    assert message and "Something went wrong" not in message and "Une erreur est survenue" not in message
    return message


def both(fn, *args, en: str, fr: str) -> None:
    """fn(*args, lang) fails in each language with a message containing the given words."""
    assert en in error(fn, *args, "en")
    assert fr in error(fn, *args, "fr")


# ----------------------------------------------------------------------------- files written on the spot


def png(path, image: Image.Image):
    image.save(path)
    return str(path)


def bomb(path, width=30_000, height=30_000) -> str:
    """A valid 1x1 PNG whose header is rewritten to declare width x height (CRC fixed)."""
    Image.new("L", (1, 1)).save(path)
    data = bytearray(path.read_bytes())
    assert data[12:16] == b"IHDR"
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    path.write_bytes(bytes(data))
    return str(path)


def palette_alpha(path) -> str:
    """A palette PNG whose colour 0 is transparent (left half), colour 1 red."""
    im = Image.new("P", (20, 20), 1)
    im.putpalette([0, 0, 0, 255, 0, 0])
    im.paste(0, (0, 0, 10, 20))
    im.save(path, transparency=0)
    return str(path)


@pytest.fixture
def files(tmp_path):
    rgb = np.zeros((40, 60, 3), np.uint8)
    rgb[:, :30] = (255, 0, 0)
    rgb[:, 30:] = (0, 0, 255)
    rgba = np.zeros((20, 20, 4), np.uint8)
    rgba[..., 0] = 255
    rgba[:, 10:, 3] = 255  # left half fully transparent, right half opaque red
    deep = (np.arange(32 * 16, dtype=np.uint16).reshape(16, 32) * 128)  # 16-bit gradient
    deep[0, 0], deep[0, 1] = 65535, 32768
    palette = Image.fromarray(rgb).convert("P", palette=Image.Palette.ADAPTIVE, colors=4)
    truncated = tmp_path / "truncated.png"
    Image.fromarray(np.random.default_rng(0).integers(0, 255, (64, 64, 3), dtype=np.uint8)).save(truncated)
    truncated.write_bytes(truncated.read_bytes()[:400])
    (tmp_path / "notes.png").write_bytes(b"this is a text file, not an image\n" * 10)
    (tmp_path / "empty.jpg").write_bytes(b"")
    cmyk = tmp_path / "cmyk.jpg"
    Image.new("CMYK", (24, 16), (0, 255, 255, 0)).save(cmyk)  # red in print colours
    return {
        "not_image": str(tmp_path / "notes.png"),
        "empty_file": str(tmp_path / "empty.jpg"),
        "bomb": bomb(tmp_path / "bomb.png"),
        "bomb_64mp": bomb(tmp_path / "bomb64.png", 8000, 8000),  # under Pillow's own limit: our check
        "truncated": str(truncated),
        "rgb": png(tmp_path / "rgb.png", Image.fromarray(rgb)),
        "rgba": png(tmp_path / "rgba.png", Image.fromarray(rgba)),
        "la": png(tmp_path / "la.png", Image.fromarray(rgba[..., [0, 3]], "LA")),
        "deep": png(tmp_path / "deep.png", Image.fromarray(deep)),
        "palette": png(tmp_path / "palette.png", palette),
        "palette_alpha": palette_alpha(tmp_path / "palette_alpha.png"),
        "cmyk": str(cmyk),
        "bits": png(tmp_path / "bits.png", Image.fromarray(rgb[..., 0] > 0)),
        "large": png(tmp_path / "large.png", Image.fromarray(np.zeros((300, 700, 3), np.uint8))),
        "tiny": png(tmp_path / "tiny.png", Image.fromarray(rgb[:4, :4])),
    }


# ----------------------------------------------------------------------------- genkit.images


def test_load_image_decodes_every_mode(files):
    x, notes = images.load_image(files["rgb"])
    assert x.shape == (3, 40, 60) and x.dtype == torch.float32 and notes == []
    assert torch.allclose(x[:, 0, 0], torch.tensor([1.0, 0, 0]))
    assert torch.allclose(x[:, 0, -1], torch.tensor([0, 0, 1.0]))
    deep = images.load_image(files["deep"]).image
    assert deep.shape == (1, 16, 32) and deep[0, 0, 0] == 1.0 and abs(deep[0, 0, 1].item() - 0.5) < 1e-4
    pal = images.load_image(files["palette"]).image
    assert pal.shape == (3, 40, 60) and torch.allclose(pal[:, 0, 0], torch.tensor([1.0, 0, 0]), atol=0.02)
    bits = images.load_image(files["bits"]).image
    assert bits.shape == (1, 40, 60) and set(bits.unique().tolist()) == {0.0, 1.0}
    cmyk, notes = images.load_image(files["cmyk"])
    assert cmyk.shape == (3, 16, 24) and notes == [("cmyk", {})]
    r, g, b = cmyk[:, 8, 12].tolist()
    assert r > 0.8 and g < 0.3 and b < 0.3  # still red


def test_load_image_composites_transparency_and_says_so(files):
    x, notes = images.load_image(files["rgba"])
    assert notes == [("alpha", {"background": "white"})] and x.shape == (3, 20, 20)
    assert torch.allclose(x[:, 0, 0], torch.ones(3)) and torch.allclose(x[:, 0, -1], torch.tensor([1.0, 0, 0]))
    x, notes = images.load_image(files["rgba"], background="black")
    assert notes == [("alpha", {"background": "black"})] and torch.allclose(x[:, 0, 0], torch.zeros(3))
    x, notes = images.load_image(files["la"])
    assert x.shape == (1, 20, 20) and notes[0][0] == "alpha"
    x, notes = images.load_image(files["palette_alpha"])
    assert x.shape == (3, 20, 20) and notes[0][0] == "alpha"


def test_load_image_downscales_with_a_note(files):
    loaded = images.load_image(files["large"])
    assert loaded.image.shape == (3, 219, 512) and loaded.downscaled
    assert loaded.notes == [("downscaled", {"width": 700, "height": 300, "new_width": 512, "new_height": 219})]
    assert images.load_image(files["large"], max_side=1000).image.shape == (3, 300, 700)


@pytest.mark.parametrize("name, code", [
    ("not_image", "not_image"), ("empty_file", "not_image"), ("bomb", "too_large"), ("bomb_64mp", "too_large"),
    ("truncated", "corrupt"),
])
def test_load_image_refuses_bad_files_with_a_code(files, name, code):
    with pytest.raises(images.ImageInputError) as e:
        images.load_image(files[name])
    assert e.value.code == code and str(e.value)
    if name == "bomb_64mp":
        assert e.value.details == {"megapixels": "64", "limit": "40"}
    with pytest.raises(images.ImageInputError, match="no image"):
        images.load_image(None)


def test_examples_are_drawn_in_code():
    for name in images.EXAMPLES:
        x = images.example_image(name, 64)
        assert x.shape[1:] == (64, 64) and x.min() >= 0 and x.max() <= 1 and x.std() > 0.1
    assert images.shrink(torch.rand(3, 100, 50), 40).shape == (3, 40, 20)
    assert images.to_gray(torch.rand(3, 5, 5)).shape == (1, 5, 5)


# ----------------------------------------------------------------------------- numbers and matrix


@pytest.mark.parametrize("lang", LANGS)
def test_numbers_lecture_example(lang):
    html, sizes, step = tab.numbers(*CONV, 0, lang)
    assert "y[0,0] = 0·3 + 1·3 + 2·2 + 2·0 + 2·0 + 0·1 + 0·3 + 1·1 + 2·2 = 12" in html  # Dumoulin & Visin fig. 1.1
    assert t("conv.title_output", lang, h=2, w=2) in html
    assert t("conv.axis_height", lang) in sizes and r"\rfloor + 1 = 2$" in sizes
    assert step["maximum"] == 3 and step["value"] == 0
    html, sizes, step = tab.numbers(*TRANSPOSE, 3, lang)
    assert t("conv.title_output", lang, h=4, w=4) in html and "y[1,3] += 4·2 = 8" in html
    assert "= 4$" in sizes and step["maximum"] == 3 and step["value"] == 3
    _, _, step = tab.numbers(*CONV, 99, lang)  # a step past the last cell selects the last cell
    assert step["value"] == 3


def test_numbers_accepts_fractions_commas_and_unicode_minus():
    kernel = [["1/9", "0,5", "−1"], [0, 1.5, "2e-1"], ["", "0", "0"]]
    kernel[2][0] = "0"
    html, _, _ = tab.numbers("conv", [[1] * 3] * 3, kernel, 1, 0, 1, 0, 0, "en")
    assert "= 1.31" in html  # 1/9 + 0.5 - 1 + 0 + 1.5 + 0.2


@pytest.mark.parametrize("args, en, fr", [
    (("conv", [[1, ""], [3, 4]], [[1]], 1, 0, 1, 0), "is empty", "est vide"),
    (("conv", [[1, None], [3, 4]], [[1]], 1, 0, 1, 0), "is empty", "est vide"),
    (("conv", [[1, 2], [3, 4]], [["abc"]], 1, 0, 1, 0), "is not a number", "n'est pas un nombre"),
    (("conv", [[1, 2], [3, 4]], [["nan"]], 1, 0, 1, 0), "is not a number", "n'est pas un nombre"),
    (("conv", [[1, 2], [3, 4]], [["1/0"]], 1, 0, 1, 0), "is not a number", "n'est pas un nombre"),
    (("conv", [], [[1]], 1, 0, 1, 0), "is empty", "est vide"),
    (("conv", None, [[1]], 1, 0, 1, 0), "is empty", "est vide"),
    (("conv", [[1, 2], [3]], [[1]], 1, 0, 1, 0), "same length", "même longueur"),
    (("conv", [[1] * 9] * 9, [[1]], 1, 0, 1, 0), "at most 8 × 8", "au plus 8 × 8"),
    (("conv", [[1] * 3] * 3, [[1]], 4, 0, 1, 0), "larger than the padded input", "dépasse l'entrée rembourrée"),
    (("conv", [[1] * 2] * 2, [[1] * 3] * 3, 1, 0, 1, 0), "does not fit", "ne tient nulle part"),
    (("conv", [[1] * 5] * 5, [[1] * 3] * 3, 1, 0, 3, 0), "dilation", "dilatation"),
    (("transpose", [[1] * 2] * 2, [[1] * 3] * 3, 1, 0, 1, 1), "must be smaller", "doit être plus petit"),
    (("transpose", [[1]], [[1]], 1, 1, 1, 0), "Reduce the padding", "Réduisez le rembourrage"),
    (("conv", [[1] * 3] * 3, [[1]], 1.5, 0, 1, 0), "whole number", "nombre entier"),
    (("conv", [[1] * 3] * 3, [[1]], float("nan"), 0, 1, 0), "whole number", "nombre entier"),
    (("conv", [[1] * 3] * 3, [[1]], "two", 0, 1, 0), "whole number", "nombre entier"),
    (("conv", [[1] * 3] * 3, [[1]], 9, 0, 1, 0), "between 1 and 4", "entre 1 et 4"),
    (("pool", [[1] * 3] * 3, [[1]], 1, 0, 1, 0), "not one of the choices", "ne fait pas partie des choix"),
])
def test_numbers_bad_input_says_why_in_the_users_language(args, en, fr):
    both(tab.numbers, *args, 0, en=en, fr=fr)
    both(tab.matrix, *args, 0, en=en, fr=fr)


@pytest.mark.parametrize("lang", LANGS)
def test_matrix_view(lang):
    text, c_img, ct_img = tab.matrix(*CONV, 1, lang)
    assert "**4 × 25**" in text and "**25 × 4**" in text and "y[0,1]" in text
    assert isinstance(c_img, Image.Image) and c_img.width > c_img.height  # 4 rows, 25 columns
    assert ct_img.height > ct_img.width
    text, c_img, _ = tab.matrix(*TRANSPOSE, 0, lang)
    assert "**4 × 16**" in text and "x[0,0]" in text
    big = tab.matrix("transpose", [[1] * 8] * 8, [[1] * 5] * 5, 4, 0, 3, 3, 0, lang)  # C is 64 x 1936
    assert max(big[1].size) <= 2000


@pytest.mark.parametrize("lang", LANGS)
def test_lecture_example_and_presets(lang):
    x, k, s, p, d, a, step = tab.lecture_example("transpose", lang)
    assert x == TR["x"] and s == 1 and a["visible"] and step == 0
    assert not tab.lecture_example("conv", lang)[5]["visible"]
    assert tab.preset_kernel("box_blur", lang) == [["1/9"] * 3] * 3
    assert tab.preset_kernel("gaussian_blur", lang)[1] == ["1/8", "1/4", "1/8"]
    both(tab.preset_kernel, "blur", en="not one of the choices", fr="ne fait pas partie des choix")


# ----------------------------------------------------------------------------- images


SOBEL = tab._kernel_cells(tab.conv.PRESETS["sobel_x"])


@pytest.mark.parametrize("lang", LANGS)
def test_image_mode_on_the_examples(lang):
    x_img, y_img, text = tab.image_conv(None, "shapes", SOBEL, 1, 1, lang)
    assert x_img.size == y_img.size == (256, 256)
    assert t("conv.image_caption", lang, h=256, w=256, c=3, oh=256, ow=256, s=1, p=1) in text
    assert t("conv.image_rescaled", lang, low="X", high="Y").split("X")[0] in text  # signed output, rescaled
    x_img, y_img, text = tab.image_conv(None, "rings", tab._kernel_cells(tab.conv.PRESETS["box_blur"]), 2, 0, lang)
    assert x_img.size == (256, 256) and y_img.size == (254, 254)  # 127 x 127, shown enlarged twice
    assert t("conv.image_enlarged", lang, scale=2) in text and "127 × 127" in text


@pytest.mark.parametrize("name, en, fr", [
    ("not_image", "is not an image", "n'est pas une image"),
    ("empty_file", "is not an image", "n'est pas une image"),
    ("bomb", "decompression bomb", "bombe de décompression"),
    ("bomb_64mp", "64 megapixels", "64 mégapixels"),
    ("truncated", "could not be decoded", "n'a pas pu être décodée"),
])
def test_image_mode_refuses_bad_files_in_the_users_language(files, name, en, fr):
    both(tab.image_conv, files[name], "shapes", SOBEL, 1, 1, en=en, fr=fr)
    both(tab.upsampling, tab.SMALL, 2, 3, "box", False, files[name], "shapes", en=en, fr=fr)
    both(tab.first_layer, files[name], "shapes", en=en, fr=fr)


@pytest.mark.parametrize("name, note_en, note_fr", [
    ("deep", None, None), ("palette", None, None), ("bits", None, None),
    ("cmyk", "CMYK image", "Image CMJN"),
    ("rgba", "on a white background", "sur un fond blanc"),
    ("la", "on a white background", "sur un fond blanc"),
    ("large", "was downscaled to 512 × 219", "a été réduite à 512 × 219"),
])
def test_image_mode_reads_unusual_images_and_says_what_it_did(files, name, note_en, note_fr):
    for lang, note in (("en", note_en), ("fr", note_fr)):
        x_img, y_img, text = tab.image_conv(files[name], "shapes", SOBEL, 1, 1, lang)
        assert isinstance(x_img, Image.Image) and y_img.size == x_img.size
        if note:
            assert note in text


def test_image_mode_bad_kernel_and_stride(files):
    both(tab.image_conv, None, "shapes", [["1", "", "1"]], 1, 1, en="is empty", fr="est vide")
    both(tab.image_conv, None, "shapes", [["1", "x", "1"]], 1, 1, en="is not a number", fr="n'est pas un nombre")
    both(tab.image_conv, files["tiny"], "shapes", SOBEL, 8, 1, en="larger than the padded input",
         fr="dépasse l'entrée rembourrée")
    both(tab.image_conv, None, "mnist", SOBEL, 1, 1, en="not one of the choices", fr="ne fait pas partie des choix")
    both(tab.image_conv, None, "shapes", SOBEL, 1, 99, en="between 0 and 8", fr="entre 0 et 8")


@pytest.fixture
def checkpoints(tmp_path, monkeypatch):
    """An empty checkpoints folder of our own; the loader's caches are cleared around the test."""
    folder = tmp_path / "checkpoints"
    folder.mkdir()
    monkeypatch.setenv("GENKIT_CHECKPOINTS", str(folder))
    common._load.cache_clear()
    common._failures.clear()
    yield folder
    common._load.cache_clear()
    common._failures.clear()


@pytest.mark.parametrize("lang", LANGS)
def test_first_layer_without_the_classifier_says_so(checkpoints, lang):
    text, filters, maps = tab.first_layer(None, "shapes", lang)
    assert text == t("conv.filters_missing", lang, command=hub.entry("classifier-mnist").train_command)
    assert filters is None and maps is None
    assert t("conv.untrained_note", lang) in tab.shapes(lang)


def test_first_layer_with_a_classifier(checkpoints):
    torch.manual_seed(0)
    hub.save(Classifier(ClassifierConfig()), "classifier-mnist", out_dir=checkpoints)
    text, filters, maps = tab.first_layer(None, "rings", "fr")
    assert "16 filtres de 5 × 5" in text and isinstance(filters, Image.Image) and isinstance(maps, Image.Image)
    assert filters.size == ((8 * 6 + 1) * 12, (2 * 6 + 1) * 12)  # 2 rows of 8 filters 5 x 5, 12 px a weight
    assert t("conv.trained_note", "en") in tab.shapes("en")


# ----------------------------------------------------------------------------- upsampling and shapes


@pytest.mark.parametrize("lang", LANGS)
def test_upsampling(lang):
    html, text, *pictures = tab.upsampling(tab.SMALL, 2, 3, "box", False, None, "shapes", lang)
    assert t("conv.title_transposed", lang, k=3, s=2) in html and t("conv.title_counts", lang) in html
    assert text.startswith(t("conv.checker_yes", lang, k=3, s=2, low=1, high=4).split(".")[0])
    assert len(pictures) == 4 and len({p.size for p in pictures}) == 1  # all shown at the same size
    _, text, *_ = tab.upsampling([[1, 1], [1, 1]], 2, 4, "bilinear", True, None, "rings", lang)
    assert text.startswith(t("conv.checker_no", lang, k=4, s=2, low=4, high=4).split(".")[0])
    _, text, *_ = tab.upsampling(tab.SMALL, 3, 1, "box", False, None, "shapes", lang)
    assert text.startswith(t("conv.checker_holes", lang, k=1, s=3, low=0, high=1).split(".")[0])
    both(tab.upsampling, [["a"]], 2, 3, "box", False, None, "shapes", en="is not a number", fr="n'est pas un nombre")
    both(tab.upsampling, tab.SMALL, 2, 3, "gauss", False, None, "shapes", en="not one of", fr="ne fait pas partie")
    both(tab.upsampling, tab.SMALL, 5, 3, "box", False, None, "shapes", en="between 2 and 4", fr="entre 2 et 4")


@pytest.mark.parametrize("lang", LANGS)
def test_shapes_from_cnn_to_unet(lang):
    html = tab.shapes(lang)
    assert "block1.0" in html and "16 × 28 × 28" in html and "32 × 7 × 7" in html
    assert t("conv.shapes_classifier", lang) in html
    assert t("conv.shapes_unet", lang) in html  # the real U-Net: down, bottleneck, up and its connections
    for phase in ("down", "bottleneck", "up"):
        assert t(f"conv.phase_{phase}", lang) in html
    assert t("conv.skip_from", lang, source="X", shape="Y").split("X")[0] in html


# ----------------------------------------------------------------------------- the tab itself


def test_tab_builds_and_names_its_endpoints():
    with gr.Blocks() as demo:
        page = Page(gr.Radio(["en", "fr"], value="en"))
        tab.build(page)
    names = {fn.api_name for fn in demo.fns.values()}
    assert {"conv", "conv_matrix", "conv_example", "conv_image", "conv_preset", "conv_filters", "conv_upsample",
            "conv_shapes"} <= names
    assert len(page.texts("fr")) == len(page.tracked) > 30 and all(page.texts("fr"))


def test_texts_are_complete_in_both_languages():
    fields = lambda s: {f for _, f, _, _ in string.Formatter().parse(s) if f}  # noqa: E731
    same = 0
    for key, texts in TEXT.items():
        assert key.startswith("conv.") and texts["en"].strip() and texts["fr"].strip(), key
        if "{" in texts["en"] and "$" not in texts["en"]:
            assert fields(texts["en"]) == fields(texts["fr"]), key
        same += texts["en"] == texts["fr"]
    assert same < 0.1 * len(TEXT)  # the French is written, not copied


def test_bench_tasks_run():
    assert {"conv_numbers", "conv_matrix", "conv_image_512", "conv_upsample_512", "conv_shapes"} <= set(tab.BENCH)
    for name, setup in tab.BENCH.items():
        call = setup()
        assert callable(call)
        call()
