"""The Text-to-image tab's handlers, called directly in English and French, on tiny untrained models saved in tmp.

The checkpoints are random-weight TextToImage models with the smoke preset's configuration
(the real vocabularies, schedule and target) written to a temporary GENKIT_CHECKPOINTS as
text2img-scenes and text2img-digits: no dataset and no trained model needed. An untrained model
draws noise, so the checks are about what the tab does (sizes, streaming, words, seeds, formula,
messages), not about what the images show.
"""

import numpy as np
import pytest
import torch

from genkit import hub, viz
from genkit.views import imagen as imagen_views
from genkit.views import text2img as views
from genkit.loops.superres import config_for as config_for_sr
from genkit.loops.text2img import config_for
from genkit.samplers import predict, schedule_of
from genkit.superres import SuperRes
from genkit.text2img import TextToImage, generate, guidance_parts
from genkit.ui import common
from genkit.ui import text2img as tab
from genkit.ui import text2img_inputs as ti
from genkit.ui.i18n import t
from tests.test_ui_autoencoder import LANGS, error

PROMPT = "a red circle on the left"


def _clear_caches():
    common._load.cache_clear()
    common._failures.clear()


def tiny(dataset: str) -> TextToImage:
    torch.manual_seed(0)
    net = TextToImage(config_for("smoke", dataset)).eval()
    with torch.no_grad():  # a fresh null embedding is ~0: make the two conditions clearly different
        net.null_token.normal_()
        net.null_pooled.normal_()
    return net


@pytest.fixture(scope="module")
def checkpoints(tmp_path_factory):
    """text2img-scenes, text2img-digits and sr-scenes-64, untrained, in a temporary folder."""
    folder = tmp_path_factory.mktemp("checkpoints")
    hub.save(tiny("scenes"), "text2img-scenes", folder)
    hub.save(tiny("mnist"), "text2img-digits", folder)
    hub.save(SuperRes(config_for_sr("smoke")), "sr-scenes-64", folder)
    n = torch.get_num_threads()
    torch.set_num_threads(1)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GENKIT_CHECKPOINTS", str(folder))
        mp.setattr(tab, "FRAME_S", 0.0)  # no pacing of the stream in the tests
        mp.setattr(tab, "TRADEOFF_STEPS", 4)
        _clear_caches()
        yield folder
    _clear_caches()
    torch.set_num_threads(n)


def stream_error(fn, *args) -> str:
    return error(lambda *a: list(fn(*a)), *args)


def pixels(im) -> np.ndarray:
    return np.asarray(im, dtype=np.int16)


# ----------------------------------------------------------------------------- 1. generate


@pytest.mark.parametrize("lang", LANGS)
def test_generate_streams_the_denoising_then_the_result(checkpoints, lang):
    frames = list(tab.generate("scenes", PROMPT, 3, 0, 10, 4, lang))
    assert len(frames) == tab.FRAMES
    sizes = {f[0].size for f in frames}
    assert sizes == {(6 * (4 * 34 + 2), 6 * (36 + 6))}  # 4 images of 32 x 32, 2-pixel gaps, 6 blank rows, 6x
    assert t("t2i.frame", lang, i=0, n=10, t=1000, w=3, seed=0) == frames[0][1]
    assert frames[-1][1] == t("t2i.frame_final", lang, count=4, n=10, w=3, seed=0)
    assert not np.array_equal(pixels(frames[0][0]), pixels(frames[-1][0]))  # x_T is not the result
    digits = list(tab.generate("digits", "un trois manuscrit", 2.5, 1, 3, 1, lang))
    assert digits[-1][0].size == (7 * 32, 7 * (32 + 5))  # one 28 x 28 digit, 5 blank rows (35 px) for the label


@pytest.mark.parametrize("lang", LANGS)
def test_then_x2_draws_the_same_images_then_raises_them_to_64(checkpoints, lang):
    """Imagen's cascade from the Generate sub-tab: the 32x32 images are Generate's own (same seed), then the
    x2 stage streams (untrained here: tests/test_ui_imagen.py checks what the trained one keeps)."""
    frames = list(tab.then_x2("scenes", PROMPT, 3, 5, 6, 2, lang))
    base = [f for f in frames if f[1] is None]
    raised = [f for f in frames if f[1] is not None]
    assert base and raised and frames[-1] is raised[-1]
    assert all(f[0].size == (4 * (2 * 34 + 2), 4 * (34 + 2)) for f in frames)  # 2 images 32x32, 2-px gaps, 4x
    assert raised[-1][1].size == raised[-1][0].size  # 64x64 at half the scale: the same size on screen
    x = generate(hub.load("text2img-scenes"), [PROMPT] * 2, 3, steps=6, seed=5)  # what Generate draws
    assert np.array_equal(pixels(base[-1][0]), pixels(imagen_views.cascade_pictures(x, None, tab.X2_SCALE)[0]))
    db = float(raised[-1][2].split("**")[3].split()[0].replace(",", "."))  # French writes 8,1
    assert raised[-1][2].startswith(t("t2i.x2_done", lang, count=2, n=6, w=3, seed=5, db=db).split("**")[0])
    assert t("t2i.err_x2", lang) == stream_error(tab.then_x2, "digits", "un trois", 3, 0, 6, 2, lang)
    assert t("t2i.n", lang) in stream_error(tab.then_x2, "scenes", PROMPT, 3, 0, 6, 9, lang)


def test_generate_is_deterministic_with_a_seed(checkpoints):
    first = pixels(list(tab.generate("scenes", PROMPT, 3, 7, 5, 2, "en"))[-1][0])
    again = pixels(list(tab.generate("scenes", PROMPT, 3, 7, 5, 2, "en"))[-1][0])
    other = pixels(list(tab.generate("scenes", PROMPT, 3, 8, 5, 2, "en"))[-1][0])
    assert np.array_equal(first, again) and not np.array_equal(first, other)


@pytest.mark.parametrize("lang", LANGS)
def test_unknown_words_are_highlighted_and_said_ignored(checkpoints, lang):
    *_, marked, note = list(tab.generate("scenes", "a red zebra on the left 🙂", 3, 0, 2, 1, lang))[-1]
    assert ("zebra", "unknown") in marked and ("🙂", "unknown") in marked and ("red", None) in marked
    assert "zebra" in note and ("ignored" if lang == "en" else "ignorés") in note
    marked, note = tab.read_words("scenes", "zèbre girafe", lang)  # only unknown words: refused, said while typing
    assert note.startswith("⚠ " + t("t2i.err_none", lang, words="X", known="").split("(")[0]) and "girafe" in note
    assert "circle" in note and "cercle" in note  # the words it knows are listed
    *_, marked, note = list(tab.generate("scenes", "   ", 3, 0, 2, 1, lang))[-1]  # empty: unconditional, said so
    assert marked == [] and note == t("t2i.note_empty", lang)
    vocab = len(ti.network("digits", lang).config.vocab) - 1
    assert tab.read_words("digits", "a handwritten seven", lang)[1] == t("t2i.note_known", lang, n=3, vocab=vocab)
    assert tab.read_words("digits", "the digit 7", lang)[1] == t("t2i.note_known", lang, n=3, vocab=vocab)


@pytest.mark.parametrize("lang", LANGS)
def test_a_prompt_that_names_nothing_known_is_refused_never_drawn(checkpoints, lang):
    """Unknown words with only articles around them ("the digit 7" to a model that learned "seven") would be drawn
    as something else: refused, with the words the model knows."""
    for prompt in ("zèbre girafe", "the digit 🙂", "un 🙂 écrit à la main"):
        message = stream_error(tab.generate, "digits", prompt, 3, 0, 2, 1, lang)
        assert message.startswith(t("t2i.err_none", lang, words="X", known="").split("(")[0]), prompt
        assert "seven" in message and "sept" in message
    for prompt in ("the number seven", "un sept"):  # a known digit among unknown words: drawn, the rest ignored
        list(tab.generate("digits", prompt, 3, 0, 2, 1, lang))


@pytest.mark.parametrize("lang", LANGS)
def test_bad_inputs_are_translated_errors(checkpoints, lang):
    gen = tab.generate
    assert t("t2i.err_long", lang, n=10_000, max=ti.MAX_CHARS) == stream_error(gen, "scenes", "a" * 10_000, 3, 0,
                                                                              25, 4, lang)
    assert "16" in stream_error(gen, "scenes", "red " * 20, 3, 0, 25, 4, lang)  # too many known words
    name = t("t2i.w", lang)
    for w in (float("nan"), -1, 15.5, 1e9, "three"):
        assert name in stream_error(gen, "scenes", PROMPT, w, 0, 25, 4, lang)
    for steps in (0, 51, 10**9, 2.5):
        assert t("t2i.steps", lang) in stream_error(gen, "scenes", PROMPT, 3, 0, steps, 4, lang)
    for n in (0, 9):
        assert t("t2i.n", lang) in stream_error(gen, "scenes", PROMPT, 3, 0, 25, n, lang)
    assert t("t2i.seed", lang) in stream_error(gen, "scenes", PROMPT, 3, -1, 25, 4, lang)
    assert t("t2i.model", lang) in stream_error(gen, "cats", PROMPT, 3, 0, 25, 4, lang)
    assert t("t2i.w", lang) in error(tab.open_step, "scenes", PROMPT, 0, 99, 3, lang)
    assert t("t2i.at_step", lang) in error(tab.open_step, "scenes", PROMPT, 0, 3, 25, lang)
    assert t("t2i.err_long", lang, n=300, max=ti.MAX_CHARS) in tab.read_words("scenes", "x" * 300, lang)[1]


def test_examples_set_the_prompt_and_the_model(checkpoints):
    assert tab.pick_example(0, "en") == (PROMPT, "scenes")
    assert tab.pick_example(9, "fr") == ("un trois manuscrit", "digits")
    for name, prompt in tab.EXAMPLES:  # every example but the zebra uses only known words
        assert tab.read_words(name, prompt, "en")[1].startswith("All") or "zebra" in prompt


# ----------------------------------------------------------------------------- 2. sweep and trade-off


@pytest.mark.parametrize("lang", LANGS)
def test_sweep_shows_six_values_of_w(checkpoints, lang):
    strip, text, _, _ = tab.sweep("scenes", PROMPT, 3, lang)
    assert strip.size == (6 * (192 + 8) + 8, ti.LABEL_PX + 18 + 10 + 192 + 16)
    assert "3" in text and PROMPT in text
    x = views.sweep(common.model("text2img-scenes", "en"), PROMPT, steps=5, seed=3)
    assert x.shape == (6, 3, 32, 32)


def test_sweep_uses_the_noise_of_generate(checkpoints):
    """Each picture of the sweep is what generate gives for one image at that w and seed."""
    net = common.model("text2img-scenes", "en")
    x = views.sweep(net, PROMPT, (0.0, 4.0), steps=4, seed=5)
    for k, w in enumerate((0.0, 4.0)):
        assert torch.allclose(x[k], generate(net, [PROMPT], w, 4, 5)[0], atol=1e-5)


@pytest.mark.parametrize("lang", LANGS)
def test_tradeoff_streams_match_and_diversity(checkpoints, lang):
    points = list(tab.tradeoff("scenes", PROMPT, 0, lang))
    assert len(points) == len(views.SWEEP_W)
    chart, grid, text = points[-1]
    rows = [line.split("|")[1:-1] for line in text.splitlines() if line.startswith("| ") and "%" in line]
    assert [float(w.replace(",", ".")) for w, _, _ in rows] == list(views.SWEEP_W)
    assert all(0 <= float(m.strip(" %")) <= 100 and 0 <= float(d) <= 1 for _, m, d in rows)
    colours = {c for _, c in chart.crop((0, 60, *chart.size)).getcolors(1 << 20)}
    assert all(c in colours for c in viz.PALETTE[:2])  # both curves are drawn
    assert grid.size[1] > 6 * 96 and text.count("\n|") >= 7
    chart, _, text = list(tab.tradeoff("digits", "a handwritten seven", 0, lang))[-1]
    assert text.startswith(t("t2i.tradeoff_unparsed", lang))  # no checker for this prompt: diversity only
    colours = {c for _, c in chart.crop((0, 60, *chart.size)).getcolors(1 << 20)}
    assert viz.PALETTE[0] not in colours and viz.PALETTE[1] in colours


def test_diversity():
    same = torch.zeros(4, 1, 2, 2)
    assert views.diversity(same) == 0 and views.diversity(same[:1]) == 0
    two = torch.stack([torch.zeros(1, 2, 2), torch.ones(1, 2, 2)])
    assert views.diversity(two) == pytest.approx(1.0)


# ----------------------------------------------------------------------------- 3. inside guidance


def test_guided_eps_is_the_formula_the_sampler_uses(checkpoints):
    net = common.model("text2img-scenes", "en")
    w = 4.0
    p = guidance_parts(net, PROMPT, w, at_step=3, steps=10, seed=2)
    assert torch.allclose(p["eps_guided"], p["eps_uncond"] + w * (p["eps_cond"] - p["eps_uncond"]))
    tt = torch.tensor([p["t"]])
    eps, _ = predict(net, schedule_of(net.unet), p["xt"], p["t"], net.cond([PROMPT]), net.null_cond(1), w,
                     net.unet.config.target, clip_x0=False)  # the sampler's guided step, one doubled batch
    assert torch.allclose(eps, p["eps_guided"], atol=1e-4), tt
    v = views.inside(net, PROMPT, w, 3, 10, 2)
    assert torch.allclose(v.eps_guided, views.signed(p["eps_guided"][0], v.m))
    assert v.m == pytest.approx(max(p[k].abs().max().item() for k in ("eps_uncond", "eps_cond", "eps_guided")))


def test_signed_scale_is_symmetric():
    x = torch.tensor([[[-2.0, 0.0, 2.0]]])  # (1, 1, 3)
    rgb = views.signed(x, 2.0)
    assert rgb.shape == (3, 1, 3) and torch.allclose(rgb[:, 0, 1], torch.ones(3))  # 0 is white
    assert torch.allclose(rgb[:, 0, 0], torch.tensor(views.BLUE))
    assert torch.allclose(rgb[:, 0, 2], torch.tensor(views.RED))
    grey = views.signed(torch.tensor([-1.0, 0.0, 1.0]).view(3, 1, 1), 1.0)
    assert torch.allclose(grey.flatten(), torch.tensor([0.0, 0.5, 1.0]))


@pytest.mark.parametrize("lang", LANGS)
def test_open_step_shows_the_parts(checkpoints, lang):
    *pictures, text, marked, note = tab.open_step("scenes", PROMPT, 0, 3, 12, lang)
    assert [p.size for p in pictures] == [(192, 192 + 36)] * 6  # 6 blank rows above (the label is drawn there)
    assert "\\hat{\\epsilon}" in text and "x_{" in text and "w = 3" in text
    pictures = tab.open_step("digits", "a handwritten seven", 0, 3, 0, lang)[:6]
    assert [p.size for p in pictures] == [(196, 196 + 35)] * 6


# ----------------------------------------------------------------------------- 4. where it fails, missing model


@pytest.mark.parametrize("lang", LANGS)
def test_fails_gives_a_verdict_under_each_image(checkpoints, lang):
    gallery, text = tab.fails(0, lang)
    assert len(gallery) == len(tab.FAIL_PROMPTS[lang]) * tab.FAIL_PER_PROMPT
    assert all(caption[0] in "✓✗" for _, caption in gallery)
    first_row = [caption[2:] for _, caption in gallery[: len(tab.FAIL_PROMPTS[lang])]]
    assert first_row == tab.FAIL_PROMPTS[lang]  # one column per prompt
    assert t("t2i.verdict_yes", lang) in text or t("t2i.verdict_no", lang) in text
    assert all(im.size == (192, 192) for im, _ in gallery)
    assert text.count("\n|") == len(gallery) + 2 and t("t2i.kind_count", lang) in text
    assert tab.fails(0, lang.upper() + "-CA")[1] == text  # a language as the API may send it


@pytest.mark.parametrize("lang", LANGS)
def test_missing_checkpoint_is_a_translated_error(tmp_path, monkeypatch, lang):
    monkeypatch.setenv("GENKIT_CHECKPOINTS", str(tmp_path))
    _clear_caches()
    try:
        start = t("err.checkpoint", lang, name="text2img-scenes", detail="X").split("X")[0]
        assert stream_error(tab.generate, "scenes", PROMPT, 3, 0, 25, 4, lang).startswith(start)
        assert "text2img-digits" in error(tab.sweep, "digits", "a handwritten seven", 0, lang)
        assert "text2img-scenes" in error(tab.fails, 0, lang)
        assert tab.read_words("scenes", PROMPT, lang)[1].startswith("⚠")  # typing: a note, not a toast
    finally:
        _clear_caches()


def test_letting_go_of_the_guidance_slider_generates_again(checkpoints):
    """w's release runs the same streamed generation as the button (same inputs, so the same seed)."""
    import gradio as gr

    from genkit.ui.common import Page

    with gr.Blocks() as demo:
        tab.build(Page(gr.Radio(["en", "fr"], value="en")))
    w = next(b for b in demo.blocks.values() if isinstance(b, gr.Slider) and getattr(b.label, "key", "") == "t2i.w")
    button = next(f for f in demo.fns.values() if f.api_name == "t2i_generate")
    on_release = [f for f in demo.fns.values() if (w._id, "release") in f.targets]
    assert len(on_release) == 1 and on_release[0].fn is button.fn
    assert [c._id for c in on_release[0].inputs] == [c._id for c in button.inputs]
    assert [c._id for c in on_release[0].outputs] == [c._id for c in button.outputs]
