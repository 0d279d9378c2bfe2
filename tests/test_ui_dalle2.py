"""The DALL-E 2 tab's handlers, called directly in English and French.

Two sets of checkpoints. `tiny`: random-weight CLIP, prior and decoder with the smoke presets'
configurations (the real vocabulary, schedules and targets) written to a temporary
GENKIT_CHECKPOINTS: what the tab does (sizes, streaming, words, seeds, messages, bad input)
needs no trained model. `trained`: the project's checkpoints/ (clip-scenes, prior-scenes,
unclip-scenes), for what a trained model must show: the diagonal dominates, zero-shot finds a
scene's caption, variations keep the source's colour (committed: a missing one is a defect).
"""

import random
import re

import numpy as np
import pytest
import torch
from PIL import Image, ImageDraw

from genkit import hub, scene_check, scenes
from genkit.clip import CLIP
from genkit.loops import clip as clip_loop
from genkit.loops import prior as prior_loop
from genkit.loops import unclip as unclip_loop
from genkit.prior import DiffusionPrior, PriorConfig
from genkit.ui import common
from genkit.ui import dalle2 as tab
from genkit.ui import dalle2_clip as c
from genkit.ui import dalle2_inputs as d2
from genkit.ui import dalle2_prior as p
from genkit.ui import dalle2_variations as v
from genkit.ui.i18n import t
from genkit.unclip import UnCLIPDecoder, from_text
from genkit.views import dalle2 as views
from genkit.views.text2img import tile
from tests.conftest import ROOT
from tests.test_ui_autoencoder import LANGS, error

PROMPT = "a red circle on the left"


def _clear_caches():
    common._load.cache_clear()
    common._failures.clear()
    views._bank.cache_clear()


def stream_error(fn, *args) -> str:
    return error(lambda *a: list(fn(*a)), *args)


def pixels(im) -> np.ndarray:
    return np.asarray(im, dtype=np.int16)


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    """clip-scenes, prior-scenes and unclip-scenes, untrained (smoke presets), in a temporary folder."""
    folder = tmp_path_factory.mktemp("checkpoints")
    torch.manual_seed(0)
    net = CLIP(clip_loop.config_for("smoke"))
    e = net.config.embed
    smoke = prior_loop.PRESETS["smoke"]
    hub.save(net, "clip-scenes", folder)
    hub.save(DiffusionPrior(PriorConfig(embed=e, width=smoke["width"], layers=smoke["layers"])), "prior-scenes", folder)
    hub.save(UnCLIPDecoder(unclip_loop.config_for("smoke", e)), "unclip-scenes", folder)
    n = torch.get_num_threads()
    torch.set_num_threads(1)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GENKIT_CHECKPOINTS", str(folder))
        mp.setattr(p, "FRAME_S", 0.0)  # no pacing of the stream in the tests
        _clear_caches()
        yield folder
    _clear_caches()
    torch.set_num_threads(n)


def _require(*names):
    missing = [n for n in names if not (ROOT / "checkpoints" / n / "model.safetensors").exists()]
    if missing:
        pytest.fail(f"committed checkpoints missing: {', '.join(missing)} (python -m genkit.train ... --replace)")


@pytest.fixture()
def trained(monkeypatch):
    """The project's own checkpoints/ folder."""
    monkeypatch.setenv("GENKIT_CHECKPOINTS", str(ROOT / "checkpoints"))
    monkeypatch.setattr(p, "FRAME_S", 0.0)
    _clear_caches()
    yield
    _clear_caches()


def disc(colour=(242, 26, 26), box=(30, 88, 110, 168), size=256, mode="RGBA", background=(0, 0, 0, 255)):
    canvas = Image.new(mode, (size, size), background)
    ImageDraw.Draw(canvas).ellipse(box, fill=colour)
    return {"background": None, "layers": [], "composite": np.asarray(canvas)}


# ----------------------------------------------------------------------------- 1. the similarity matrix


@pytest.mark.parametrize("lang", LANGS)
def test_new_batch_gives_n_captions_in_the_page_language_and_the_matrix(tiny, lang):
    text, picture, note, marked = c.new_batch(8, 0, lang)
    lines = text.splitlines()
    assert len(lines) == 8 and len(set(lines)) == 8
    articles = {"en": ("a ", "an ", "two "), "fr": ("un ", "une ", "deux ")}[lang]
    assert all(line.startswith(articles) for line in lines), lines
    assert t("d2.matrix_result", lang, n=8, loss=0.5, scale=1.0, tau=1.0, rows=1, cols=1).split("$")[0] in note
    assert all(kind is None for _, kind in marked)  # the batch's own captions: every word known
    small = c.new_batch(4, 0, lang)[1]
    big = c.new_batch(16, 0, lang)[1]
    assert small.size[1] < picture.size[1] < big.size[1]  # a row per caption
    assert c.new_batch(8, 0, lang)[0] == text and c.new_batch(8, 1, lang)[0] != text  # the seed decides
    images_en = c._batch(8, 0, "en")[2]
    assert torch.equal(images_en, c._batch(8, 0, "fr")[2])  # the same scenes in both languages


@pytest.mark.parametrize("lang", LANGS)
def test_editing_one_caption_changes_its_row_only(tiny, lang):
    text = c.new_batch(6, 3, lang)[0]
    lines = text.splitlines()
    net = d2.clip(lang)
    _, _, images, _ = c._batch(6, 3, lang)
    before = views.similarity(net, images, lines).cos
    colour = {"en": ("red", "blue"), "fr": ("rouge", "bleu")}[lang]
    edited = list(lines)
    k = next((i for i, line in enumerate(lines) if colour[0] not in line), 0)
    edited[k] = f"{'a' if lang == 'en' else 'un'} {'circle' if lang == 'en' else 'cercle'} {colour[1]}"
    after = views.similarity(net, images, edited).cos
    changed = [i for i in range(6) if not np.allclose(before[i], after[i])]
    assert changed == [k]
    picture, _, marked = c.similarity(6, 3, "\n".join(edited), lang)
    assert picture.size == c.new_batch(6, 3, lang)[1].size or picture.size[1] == c.new_batch(6, 3, lang)[1].size[1]
    assert (colour[1], None) in marked


@pytest.mark.parametrize("lang", LANGS)
def test_unknown_words_are_highlighted_and_said_ignored(tiny, lang):
    lines = c.new_batch(4, 0, lang)[0].splitlines()
    lines[1] += " zèbre 🙂"
    _, note, marked = c.similarity(4, 0, "\n".join(lines), lang)
    assert ("zèbre", "unknown") in marked and ("🙂", "unknown") in marked
    assert t("d2.note_unknown", lang, words="X").split("X")[0].split(":")[0] in note and "zèbre" in note
    assert sum(1 for w, _ in marked if w == "\n") == 3  # a line per caption


@pytest.mark.parametrize("lang", LANGS)
def test_bad_captions_and_sizes_are_translated_errors(tiny, lang):
    lines = c.new_batch(4, 0, lang)[0].splitlines()
    assert error(c.similarity, 4, 0, "\n".join(lines[:3]), lang) == t("d2.err_lines", lang, n=4, found=3)
    assert error(c.similarity, 4, 0, "", lang) == t("d2.err_lines", lang, n=4, found=0)
    assert error(c.similarity, 4, 0, "x" * 10_000, lang) == t("d2.err_long_all", lang, n=10_000, max=c.MAX_TEXT)
    where = t("d2.caption_n", lang, i=2)
    unknown = "\n".join([lines[0], "zèbre girafe", *lines[2:]])
    assert error(c.similarity, 4, 0, unknown, lang) == t("d2.err_none", lang, where=where,
                                                           words=d2.quoted(["zèbre", "girafe"], lang))
    long_line = "\n".join([lines[0], "a" * 200, *lines[2:]])
    assert error(c.similarity, 4, 0, long_line, lang) == t("d2.err_long", lang, where=where, n=200, max=d2.MAX_CHARS)
    many = "\n".join([lines[0], "red " * 20, *lines[2:]])
    assert "16" in error(c.similarity, 4, 0, many, lang)
    for n in (3, 17, 2.5, "abc", None, float("nan")):
        assert t("d2.n", lang) in error(c.new_batch, n, 0, lang)
        assert t("d2.n", lang) in error(c.similarity, n, 0, "\n".join(lines), lang)
    for seed in (-1, 2**40, 0.5, "x"):
        assert t("d2.seed", lang) in error(c.new_batch, 8, seed, lang)


@pytest.mark.parametrize("lang", LANGS)
def test_typing_says_what_is_wrong_in_the_text_and_keeps_the_matrix(tiny, lang):
    lines = c.new_batch(4, 0, lang)[0].splitlines()
    picture, note, marked = c.similarity_typed(4, 0, "\n".join(lines[:3] + ["zèbre"]), lang)
    assert isinstance(picture, dict) and note.startswith("⚠")  # gr.update(): the matrix keeps its picture
    assert ("zèbre", "unknown") in marked and marked[-1] == ("zèbre", "unknown")  # every line's words, marked
    picture, note, marked = c.similarity_typed(4, 0, "\n".join(lines[:3]), lang)
    assert note == "⚠ " + t("d2.err_lines", lang, n=4, found=3)
    assert c.similarity_typed(4, 0, "\n".join(lines), lang)[1] == c.similarity(4, 0, "\n".join(lines), lang)[1]


def test_the_matrix_picture_writes_every_value_and_outlines_the_diagonal():
    cos = np.array([[0.9, -0.2, 0.1], [0.0, 0.8, -0.5], [0.3, 0.2, 1.0]])
    images = scenes.render(scenes.sample(3, random.Random(0)))
    im = views.matrix_picture(cos, ["a", "b", "c"], images, "captions", "images", decimal=",")
    a = np.asarray(im)
    cell, top = 76, 22 + 12 + 22 + 4 + 76
    label_w = im.size[0] - 3 * cell - 12
    for k in range(3):  # the diagonal's outline is black, off-diagonal cells have none
        y, x = top + k * cell + 2, label_w + k * cell + cell // 2
        assert (a[y, x] < 40).all(), (k, a[y, x])
    y, x = top + 2, label_w + cell + cell // 2
    assert (a[y, x] > 100).any()
    assert views._number(-0.5, ",") == "\u22120,50" and views._number(-0.001, ".") == "0.00"


# ----------------------------------------------------------------------------- 2. zero-shot and drawings


@pytest.mark.parametrize("lang", LANGS)
def test_zero_shot_gives_the_top_5_of_300_captions(tiny, lang):
    seen, label, text = c.zero_shot("seed", 3, None, lang)
    assert seen.size == (192, 192) and len(label) == 5
    assert all(k in views.single_captions(lang) for k in label) and sum(label.values()) <= 1 + 1e-6
    assert list(label.values()) == sorted(label.values(), reverse=True)
    truth = scenes.caption(views.seed_scene(3), lang)
    assert f"*{truth}*" in text
    seen, label, text = c.zero_shot("draw", 0, disc(), lang)
    assert text.startswith(t("d2.zs_drawing", lang, best="X", p=1.0, n=300).split("*")[0])
    assert np.asarray(seen)[96, 40, 0] > 150  # the red disc, on the left, as CLIP reads it


@pytest.mark.parametrize("lang", LANGS)
def test_bad_drawings_are_translated_errors(tiny, lang):
    blank = t("d2.err_drawing_blank", lang)
    assert error(c.zero_shot, "draw", 0, None, lang) == t("d2.err_no_drawing", lang)
    assert error(c.zero_shot, "draw", 0, d2.black_canvas(), lang) == blank
    assert error(c.zero_shot, "draw", 0, {"background": None, "layers": [], "composite": None}, lang) == blank
    white = {"composite": np.full((280, 280, 3), 255, dtype=np.uint8)}  # one flat colour
    assert error(c.zero_shot, "draw", 0, white, lang) == blank
    clear = {"composite": np.zeros((64, 64, 4), dtype=np.uint8)}  # a transparent canvas
    assert error(c.zero_shot, "draw", 0, clear, lang) == blank
    for bad in ("abc", np.zeros((5, 5, 7)), np.zeros((3,)), {"composite": [[1, "a"]]}, np.zeros((0, 4, 3)),
                np.zeros((5000, 4))):
        assert error(c.zero_shot, "draw", 0, bad, lang).startswith(t("d2.err_drawing_shape", lang, shape="X")[:8])
    assert t("d2.source", lang) in error(c.zero_shot, "upload", 0, None, lang)
    assert t("d2.seed", lang) in error(c.zero_shot, "seed", -3, None, lang)


def test_a_drawing_becomes_a_scene_on_black():
    x = views.drawing_image(disc())
    assert x.shape == (1, 3, 32, 32) and 0 <= x.min() and x.max() <= 1
    assert x[0, 0, 16, 8] > 0.8 and x[0, 1:, 16, 8].max() < 0.2 and x[0, :, 16, 28].max() == 0  # red, left, black
    found = scene_check.describe(x[0])
    assert len(found) == 1 and found[0].colour == "red" and found[0].position == "left"
    see_through = disc(background=(0, 0, 0, 0))  # transparency is the black canvas
    assert torch.allclose(views.drawing_image(see_through), x)
    gray = views.drawing_image(np.asarray(Image.fromarray(np.asarray(disc()["composite"])).convert("L")))
    assert gray.shape == (1, 3, 32, 32) and torch.equal(gray[0, 0], gray[0, 1])
    floats = views.drawing_image(np.asarray(disc()["composite"], dtype=np.float32) / 255)
    assert torch.allclose(floats, x, atol=1 / 255)


# ----------------------------------------------------------------------------- 3. text -> image


@pytest.mark.parametrize("lang", LANGS)
def test_text_to_image_streams_the_decoder_then_the_result_of_from_text(tiny, lang):
    frames = list(p.generate(PROMPT, 1, 3, 5, lang))
    assert len(frames) == p.FRAMES
    assert {f[0].size for f in frames} == {(6 * (4 * 34 + 2), 6 * 36)}  # 4 images of 32 x 32, 2-pixel gaps, 6x
    assert frames[0][1] == t("d2.frame", lang, i=0, n=25, t=1000, seed=5)
    assert frames[-1][1] == t("d2.frame_final", lang, count=4, n=25, wp=1, wd=3, seed=5)
    net, prior, decoder = d2.clip(lang), d2.prior(lang), d2.decoder(lang)
    expected = from_text(prior, decoder, net.embed_captions([PROMPT] * 4).detach(), 1.0, 3.0, 25, 5)
    assert np.abs(pixels(frames[-1][0]) - pixels(d2.show(tile(expected)))).max() <= 1
    stages = frames[-1][3]
    for key in ("d2.stage_text_title", "d2.stage_prior_title", "d2.stage_decoder_title"):
        assert t(key, lang, w=1).split("$")[0] in stages
    assert len(re.findall(r"^- ", stages, re.MULTILINE)) == 1  # the text embedding's nearest captions
    assert len(re.findall(r"^\d\. ", stages, re.MULTILINE)) == 4  # then one per sampled image embedding


@pytest.mark.parametrize("lang", LANGS)
def test_bad_prompts_are_translated_errors(tiny, lang):
    gen, where = p.generate, t("d2.the_prompt", lang)
    assert stream_error(gen, "", 1, 3, 0, lang) == t("d2.err_empty", lang, where=where)
    assert stream_error(gen, "  ,;  ", 1, 3, 0, lang) == t("d2.err_empty", lang, where=where)
    assert stream_error(gen, "x" * 10_000, 1, 3, 0, lang) == t("d2.err_long", lang, where=where, n=10_000,
                                                                  max=d2.MAX_CHARS)
    assert stream_error(gen, "zèbre girafe", 1, 3, 0, lang) == t("d2.err_none", lang, where=where,
                                                                    words=d2.quoted(["zèbre", "girafe"], lang))
    assert "16" in stream_error(gen, "red " * 20, 1, 3, 0, lang)
    for w in (-1, 10.5, float("nan"), "x", None):
        assert t("d2.w_prior", lang) in stream_error(gen, PROMPT, w, 3, 0, lang)
    for w in (-1, 15.5, 1e9):
        assert t("d2.w_decoder", lang) in stream_error(gen, PROMPT, 1, w, 0, lang)
    assert t("d2.seed", lang) in stream_error(gen, PROMPT, 1, 3, -1, lang)
    marked, note = p.read_words("a red zebra 🙂", lang)
    assert ("zebra", "unknown") in marked and ("red", None) in marked and "zebra" in note
    marked, note = p.read_words("zèbre", lang)
    assert marked == [("zèbre", "unknown")] and note.startswith("⚠")
    assert p.read_words(PROMPT, lang)[1] == t("d2.note_known", lang)
    assert p.pick_example(1, lang) == p.EXAMPLES[1]
    assert t("d2.examples", lang) in error(p.pick_example, 99, lang)


# ----------------------------------------------------------------------------- 4. variations and interpolation


@pytest.mark.parametrize("lang", LANGS)
def test_variations_decode_one_embedding_from_six_noises(tiny, lang):
    picture, text = v.variations("seed", 3, None, 3, lang)
    assert picture.size == (7 * (160 + 8) + 8, 18 + 10 + 160 + 16)  # the source and 6 decodings, 5x
    rows = [line for line in text.splitlines() if line.startswith("| ") and "---" not in line]
    assert len(rows) == 1 + 1 + 6  # the head, the source, the variations
    again = v.variations("seed", 3, None, 3, lang)[0]
    assert np.array_equal(pixels(again), pixels(picture))
    drawn = v.variations("draw", 3, disc(), 3, lang)[0]
    assert drawn.size == picture.size
    assert t("d2.w_decoder", lang) in error(v.variations, "seed", 3, None, 99, lang)
    assert error(v.variations, "draw", 3, d2.black_canvas(), 3, lang) == t("d2.err_drawing_blank", lang)


@pytest.mark.parametrize("lang", LANGS)
def test_interpolation_decodes_eight_points_from_one_noise(tiny, lang):
    strip, text = v.interpolate(1, 2, 3, lang)
    assert strip.size == (10 * (160 + 8) + 8, 18 + 10 + 160 + 16)  # A, 8 points, B
    assert t("d2.interp_result", lang, a=scenes.caption(views.seed_scene(1), lang),
             b=scenes.caption(views.seed_scene(2), lang), k=8, w=3, steps=25) in text
    net, decoder = d2.clip(lang), d2.decoder(lang)
    a, b = scenes.render([views.seed_scene(1)]), scenes.render([views.seed_scene(2)])
    _, z, fractions = views.interpolation(net, decoder, a, b, 8, 3.0, 5, 1)
    assert fractions[0] == 0 and fractions[-1] == 1 and torch.allclose(z[0], net.embed_images(a)[0].detach(),
                                                                          atol=1e-5)
    one = views.interpolation(net, decoder, a, a, 3, 3.0, 5, 1)[0]  # one embedding: the same noise, one image
    assert torch.allclose(one[0], one[2], atol=1e-5)
    for bad in (-1, "x", 2**40):
        assert t("d2.seed_a", lang) in error(v.interpolate, bad, 2, 3, lang)
        assert t("d2.seed_b", lang) in error(v.interpolate, 1, bad, 3, lang)


# ----------------------------------------------------------------------------- missing models, the tab, the bench


@pytest.mark.parametrize("lang", LANGS)
def test_missing_checkpoints_are_translated_errors(tmp_path, monkeypatch, lang):
    monkeypatch.setenv("GENKIT_CHECKPOINTS", str(tmp_path))
    _clear_caches()
    try:
        start = t("err.checkpoint", lang, name="clip-scenes", detail="X").split("X")[0]
        assert error(c.new_batch, 8, 0, lang).startswith(start)
        assert error(c.zero_shot, "seed", 0, None, lang).startswith(start)
        assert "clip-scenes" in stream_error(p.generate, PROMPT, 1, 3, 0, lang)
        assert "clip-scenes" in error(v.variations, "seed", 0, None, 3, lang)
    finally:
        _clear_caches()


def test_the_tab_builds_its_four_sub_tabs_with_public_endpoints(tiny):
    import gradio as gr

    from genkit.ui.common import Page

    with gr.Blocks() as demo:
        tab.build(Page(gr.Radio(["en", "fr"], value="en")))
    titles = [b.label.key for b in demo.blocks.values() if isinstance(b, gr.Tab)]
    assert titles == ["d2.tab_similarity", "d2.tab_zero_shot", "d2.tab_text", "d2.tab_variations"]
    public = {f.api_name for f in demo.fns.values() if f.api_visibility == "public"}
    assert public == {"d2_batch", "d2_similarity", "d2_zero_shot", "d2_text_to_image", "d2_variations",
                      "d2_interpolate"}
    assert all(len(f.outputs) <= 4 for f in demo.fns.values())
    heavy = {f.api_name for f in demo.fns.values() if f.concurrency_id == common.HEAVY}
    assert {"d2_text_to_image", "d2_variations", "d2_interpolate"} <= heavy


def test_bench_tasks_run(tiny):
    assert {"d2_similarity_16", "d2_zero_shot", "d2_text_to_image_4x25"} <= set(tab.BENCH)
    for name in ("d2_similarity_16", "d2_zero_shot", "d2_zero_shot_drawing"):
        tab.BENCH[name]()()


# ----------------------------------------------------------------------------- with the trained models


@pytest.mark.parametrize("lang", LANGS)
def test_trained_clip_the_diagonal_dominates(trained, lang):
    _require("clip-scenes")
    net = d2.clip(lang)
    for seed in range(3):
        _, _, images, captions = c._batch(16, seed, lang)
        s = views.similarity(net, images, captions)
        assert s.rows_right >= 15 and s.cols_right >= 15, (seed, s.rows_right, s.cols_right)
        assert np.diag(s.cos).mean() > s.cos[~np.eye(16, dtype=bool)].mean() + 0.3
        assert s.loss < 0.5


@pytest.mark.parametrize("lang", LANGS)
def test_trained_clip_editing_a_colour_moves_the_row_away_from_its_image(trained, lang):
    _require("clip-scenes")
    net = d2.clip(lang)
    _, _, images, _ = c._batch(4, 0, lang)
    specs = [views.seed_scene(s) for s in range(4)]
    images = scenes.render(specs)
    captions = [scenes.caption(s, lang) for s in specs]
    before = views.similarity(net, images, captions).cos
    other = "blue" if specs[0].objects[0].colour != "blue" else "green"
    names = {k: (val[1], val[2 + (scenes.SHAPES[specs[0].objects[0].shape][2] == "f")]) for k, val in
             scenes.COLOURS.items()}
    old, new = names[specs[0].objects[0].colour], names[other]
    edited = [captions[0].replace(old[lang == "fr"], new[lang == "fr"]), *captions[1:]]
    assert edited[0] != captions[0]
    after = views.similarity(net, images, edited).cos
    assert after[0, 0] < before[0, 0] - 0.2  # the caption no longer says the image's colour
    assert np.allclose(after[1:], before[1:])


@pytest.mark.parametrize("lang", LANGS)
def test_trained_clip_zero_shot_finds_the_scenes_caption(trained, lang):
    _require("clip-scenes")
    right = 0
    for seed in range(20):
        _, label, _ = c.zero_shot("seed", seed, None, lang)
        right += next(iter(label)) == scenes.caption(views.seed_scene(seed), lang)
    assert right >= 19
    _, label, _ = c.zero_shot("draw", 0, disc(), lang)  # a red disc on the left, drawn
    best = next(iter(label))
    assert {"en": ("red", "left"), "fr": ("rouge", "gauche")}[lang][0] in best


def test_trained_text_to_image_and_variations_keep_the_colour(trained):
    _require("clip-scenes", "prior-scenes", "unclip-scenes")
    net, decoder = d2.clip("en"), d2.decoder("en")
    kept = 0
    for seed in range(4):
        x = scenes.render([views.seed_scene(seed)])
        out = views.variations(net, decoder, x, 6, 3.0, 25, seed)
        kept += sum(bool(f) and f[0].colour == out.found[0][0].colour for f in out.found[1:])
    assert kept >= 0.8 * 24, kept
    frames = list(p.generate(PROMPT, 1, 3, 0, "en"))
    found = [scene_check.describe(img) for img in
             from_text(d2.prior("en"), decoder, net.embed_captions([PROMPT] * 4).detach(), 1.0, 3.0, 25, 0)]
    assert sum(bool(f) and f[0].colour == "red" for f in found) >= 3 and len(frames) == p.FRAMES
