"""The GAN tab's CycleGAN sub-tab (genkit/ui/gan_cycle.py): its handlers in English and French, bad input
included, on an untrained model saved in tmp with a smoke replay, a tiny IDX folder, or no data at all.
"""

import json

import numpy as np
import pytest
import torch
from PIL import Image, ImageDraw

from genkit import data, hub, typeset
from genkit.cyclegan import CycleGAN, CycleGANConfig
from genkit.loops import cyclegan as loop
from genkit.metrics import Classifier, ClassifierConfig
from genkit.ui import common, inputs
from genkit.ui import gan as gan_tab
from genkit.ui import gan_cycle as tab
from genkit.ui.i18n import t
from genkit.ui.text.gan_cycle import TEXT
from tests.helpers import make_idx_folder
from tests.test_ui_autoencoder import LANGS, error

def _clear():
    common._load.cache_clear()
    common._failures.clear()
    inputs._test_set_cached.cache_clear()
    tab._replay.cache_clear()


@pytest.fixture(scope="module")
def checkpoints(tmp_path_factory):
    """An untrained cyclegan-digits with a replay of 12 moments, an untrained classifier-mnist, a tiny IDX folder."""
    folder = tmp_path_factory.mktemp("checkpoints")
    data_dir = make_idx_folder(tmp_path_factory.mktemp("data"), n_train=32, n_test=40)
    torch.manual_seed(0)
    model = CycleGAN(CycleGANConfig(channels=4, blocks=1, d_channels=4, c_channels=4)).eval()
    hub.save(model, tab.NAME, folder)
    hub.save(Classifier(ClassifierConfig()), tab.CLASSIFIER, folder)
    a, b = torch.rand(8, 1, 28, 28), typeset.test_set(8)[0]
    tiles = [loop.replay_tile(model, a, b) for _ in range(loop.MOMENTS)]
    moments = [{"step": 10 * (i + 1), "seconds": i, "loss_g": 3.0, "adv": 1.0, "cycle": 0.2, "identity": 0.1,
                "loss_d": 0.5} for i in range(loop.MOMENTS)]
    loop.save_replay(folder / tab.NAME, moments, tiles, {"step": [10], **{k: [1.0] for k in loop.TERMS}})
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GENKIT_CHECKPOINTS", str(folder))
        mp.setenv("GENKIT_DATA", str(data_dir))
        _clear()
        yield folder
    _clear()


@pytest.fixture
def no_data(monkeypatch, tmp_path):
    """No GENKIT_DATA and an empty torchvision cache: what a fresh clone or a Space sees."""
    monkeypatch.delenv("GENKIT_DATA", raising=False)
    monkeypatch.setattr(data, "CACHE_DIR", tmp_path / "empty-cache")
    inputs._test_set_cached.cache_clear()
    yield
    inputs._test_set_cached.cache_clear()


def drawing():
    im = Image.new("RGBA", (280, 280), (0, 0, 0, 0))
    ImageDraw.Draw(im).line([(150, 40), (110, 150), (160, 240)], fill="black", width=20)
    return {"background": None, "layers": [], "composite": np.asarray(im)}


# ----------------------------------------------------------------------------- one round trip


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("direction", ["a2b", "b2a"])
def test_round_trip_of_a_test_digit_both_ways(checkpoints, direction, lang):
    picture, text, steps = tab.translate(direction, "test", 3, "any", None, None, lang)
    assert picture.size[0] > 4 * 168 and picture.size[1] > 168  # 4 pictures of 28 x 6 and their captions
    assert steps["visible"] is False  # no preprocessing for a test image
    assert t("gan.cy_result", lang, l1="", x="", y="", back="", p_in="", p_out="", d_in="", d_out="",
             digit_in="", digit_out="", note="")[:12] in text
    symbols = tab.CAPTIONS[direction]
    assert symbols[1] in text and symbols[2] in text
    if direction == "b2a":  # a typeset test digit, drawn from its seed: the note names it
        digit = typeset.sample(typeset.TEST_SEED + 3)[1]
        assert t("gan.cy_note_typeset", lang, label=digit, seed=typeset.TEST_SEED + 3) in text


def test_the_cycle_error_is_the_mean_distance_of_the_round_trip(checkpoints):
    net = common.model(tab.NAME, "en")
    x, _, _ = tab.read_digit("b2a", "test", 5, 2, None, None, "en")
    _, back = net.cycle(x[None], "b2a")
    _, text, _ = tab.translate("b2a", "test", 5, 2, None, None, "en")
    assert f"**{(back[0] - x).abs().mean().item():.3f}**" in text
    assert typeset.sample(typeset.TEST_SEED + 5, 2)[1] == 2  # the class forces the digit


@pytest.mark.parametrize("lang", LANGS)
def test_round_trip_of_a_drawing_and_an_upload(checkpoints, tmp_path, lang):
    picture, text, steps = tab.translate("a2b", "draw", 0, "any", drawing(), None, lang)
    assert steps["visible"] and steps["value"].size[0] > steps["value"].size[1]  # the preprocessing strip
    path = tmp_path / "digit.png"
    Image.fromarray(drawing()["composite"][..., 3]).convert("RGB").save(path)
    picture, text, steps = tab.translate("b2a", "upload", 0, "any", None, str(path), lang)
    assert picture.size[0] > 4 * 168 and steps["visible"]


@pytest.mark.parametrize("lang", LANGS)
def test_bad_inputs_are_translated_errors(checkpoints, tmp_path, lang):
    blank = {"background": None, "layers": [], "composite": np.zeros((280, 280, 4), np.uint8)}
    not_image = tmp_path / "notes.png"
    not_image.write_text("these are not pixels\n" * 20)
    huge = tmp_path / "bomb.png"
    Image.new("1", (20_000, 20_000)).save(huge, optimize=True)
    cases = [("a2b", "draw", 0, "any", blank, None), ("a2b", "upload", 0, "any", None, str(not_image)),
             ("b2a", "upload", 0, "any", None, str(huge)), ("a2b", "upload", 0, "any", None, None),
             ("a2b", "draw", 0, "any", None, None), ("sideways", "test", 0, "any", None, None),
             ("b2a", "test", 10_000, "any", None, None), ("b2a", "test", 2.5, "any", None, None),
             ("b2a", "test", 0, 11, None, None), ("a2b", "nowhere", 0, "any", None, None)]
    messages = [error(tab.translate, *case, lang) for case in cases]
    assert len(set(messages)) == len(messages)  # each mistake has its own words
    assert t("input.err_sketch_blank", lang) in messages[0]
    assert error(tab.grid, -8, lang) and error(tab.grid, "many", lang)
    assert error(tab.replay, "late", lang)


def test_without_mnist_the_typeset_side_still_works(checkpoints, no_data):
    for lang in LANGS:
        assert error(tab.translate, "a2b", "test", 0, "any", None, None, lang) == t("gan.cy_err_no_mnist", lang)
        picture, text, _ = tab.translate("b2a", "test", 0, "any", None, None, lang)  # rendered here
        assert picture is not None
        assert tab.translate("a2b", "draw", 0, "any", drawing(), None, lang)[0] is not None
        picture, text = tab.grid(0, lang)
        assert t("gan.cy_grid_no_mnist", lang) in text and picture.size[1] < 400  # the 3 typeset rows only
        picture, text = tab.replay(12, lang)
        assert t("gan.cy_replay_inputs_missing", lang) in text
        assert tab.index_state("b2a", lang)["interactive"] and not tab.index_state("a2b", lang)["interactive"]


def test_without_the_checkpoint_the_tab_says_how_to_train_it(checkpoints, tmp_path, monkeypatch):
    monkeypatch.setenv("GENKIT_CHECKPOINTS", str(tmp_path))
    _clear()
    try:
        message = error(tab.translate, "b2a", "test", 0, "any", None, None, "fr")
        assert tab.NAME in message
        picture, text = tab.replay(3, "en")
        assert picture is None and "python -m genkit.train cyclegan" in text
    finally:
        monkeypatch.setenv("GENKIT_CHECKPOINTS", str(checkpoints))
        _clear()


def test_a_corrupt_digit_classifier_only_blanks_the_readings(checkpoints, tmp_path, monkeypatch):
    """classifier-mnist cut in half (its own tab says so): the translation still works, its digits read "–"."""
    import shutil

    folder = tmp_path / "checkpoints"
    shutil.copytree(checkpoints, folder)
    weights = folder / tab.CLASSIFIER / "model.safetensors"
    weights.write_bytes(weights.read_bytes()[: weights.stat().st_size // 2])
    monkeypatch.setenv("GENKIT_CHECKPOINTS", str(folder))
    _clear()
    try:
        picture, text, _ = tab.translate("b2a", "test", 0, "any", None, None, "fr")
        assert picture is not None and t("gan.cy_no_classifier", "fr") in text and tab.CLASSIFIER not in text
    finally:
        monkeypatch.setenv("GENKIT_CHECKPOINTS", str(checkpoints))
        _clear()


# ----------------------------------------------------------------------------- the grid and the replay


@pytest.mark.parametrize("lang", LANGS)
def test_grid_of_eight_of_each_domain(checkpoints, lang):
    picture, text = tab.grid(8, lang)
    assert picture.size[1] > 6 * 84  # six rows of 84-pixel digits: a, G(a), F(G(a)), b, F(b), G(F(b))
    assert t("gan.cy_grid_result", lang, start=8, end=15, l1="")[:10] in text
    assert error(tab.grid, 9999, lang)  # the last 8 start at 9992


@pytest.mark.parametrize("lang", LANGS)
def test_replay_moves_through_the_moments(checkpoints, lang):
    first, text_1 = tab.replay(1, lang)
    last, text_12 = tab.replay(12, lang)
    assert first.size == last.size and first.size[1] > 4 * 84  # rows a, G(a), b, F(b)
    assert t("gan.cy_replay_status", lang, n=12, total=12, step=120, seconds=11, adv=1.0, cycle=0.2, identity=0.1,
             loss_d=0.5) == text_12
    assert tab.replay(99, lang)[1] == text_12  # beyond the end: the last moment
    assert tab.replay(-3, lang)[1] == text_1
    record = json.loads((checkpoints / tab.NAME / "replay.json").read_text())
    assert record["tile"]["count"] == 12


def test_the_replay_tile_is_read_back_as_the_translations(checkpoints):
    record, strip = tab._replay()
    net = common.model(tab.NAME, "en")
    ga, fb = tab.views.replay_tile(strip, record["tile"], 4)
    want = net.translate(typeset.test_set(8)[0], "b2a")
    assert (fb - want).abs().max() < 1 / 255 + 1e-3  # 8-bit PNG of the same translations


def test_bench_tasks_run(checkpoints):
    for name in ("gan_cy_translate_both_ways", "gan_cy_grid"):
        gan_tab.BENCH[name]()()


def test_every_key_in_both_languages_and_under_the_gan_prefix():
    assert all(k.startswith("gan.") and v["en"] and v["fr"] for k, v in TEXT.items())
