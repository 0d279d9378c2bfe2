"""DALL-E 2, step 1: CLIP. "1. Similarity matrix" and "2. Zero-shot", two sub-tabs of the DALL-E 2 tab.

Lecture: "DALL.E - CLIP": from a batch of N (image, caption) pairs, maximize the N similarities of
the matching pairs, minimize the N^2 - N others. The maths are genkit/clip.py; the heatmap and
the zero-shot ranking genkit/views/dalle2.py; the texts genkit/ui/text/dalle2.py (d2.*).
Only encoders run here (no sampling): each answer takes milliseconds.
"""

import random

import gradio as gr

from genkit import scenes
from genkit.ui import dalle2_inputs as d2
from genkit.ui.common import GPU_S, LATEX, Page, fail, gpu, safe
from genkit.ui.i18n import lang_of, t
from genkit.ui.inputs import SEED_MAX, number
from genkit.views import dalle2 as views

N_MIN, N_MAX, N_DEFAULT = 4, 16, 8
MAX_TEXT = N_MAX * (d2.MAX_CHARS + 1)  # the captions box, all lines together


# ----------------------------------------------------------------------------- 1. the similarity matrix


def _batch(n, seed, lang):
    """The batch of n scenes that `seed` draws, with distinct captions in the page's language."""
    n = number(n, "d2.n", N_MIN, N_MAX, lang, integer=True)
    seed = d2.seed(seed, lang)
    images, captions, _ = scenes.batch(n, random.Random(seed), langs=(lang_of(lang),), unique=True)
    return n, seed, images, captions


def _lines(text, n, lang) -> list[str]:
    text = "" if text is None else str(text)
    if len(text) > MAX_TEXT:
        fail("d2.err_long_all", lang, n=len(text), max=MAX_TEXT)
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) != n:
        fail("d2.err_lines", lang, n=n, found=len(lines))
    return lines


def _latex_number(v: float, decimal: str) -> str:
    """3 significant digits for LaTeX: 1.23, 0.0456, or 2.24 \\times 10^{-8} (a trained CLIP's loss can be tiny)."""
    if v != 0 and abs(v) < 1e-3:
        mantissa, exponent = f"{v:.2e}".split("e")
        return f"{mantissa.replace('.', decimal)} \\times 10^{{{int(exponent)}}}"
    return f"{v:.3g}".replace(".", decimal)


def _matrix(net, images, captions, lang):
    """The heatmap, its text and the words marked, for N images and their N captions (already checked)."""
    marked = []
    for i, c in enumerate(captions):
        _, words = d2.caption(net, c, lang, where=t("d2.caption_n", lang, i=i + 1))
        marked += words + [("\n", None)]
    s = views.similarity(net, images, captions)
    decimal, n = t("app.decimal", lang), len(captions)
    picture = views.matrix_picture(s.cos, captions, images, t("d2.rows_title", lang), t("d2.cols_title", lang), decimal)
    text = t("d2.matrix_result", lang, n=n, loss=_latex_number(s.loss, decimal), scale=s.scale, tau=1 / s.scale,
             rows=s.rows_right, cols=s.cols_right)
    note = d2.unknown_note(marked, lang)
    return picture, text + ("\n\n" + note if note else ""), marked[:-1]


@safe
@gpu(GPU_S)
def new_batch(n, seed, lang):
    """A fresh batch: its captions (one per line, editable), the matrix, its text, the words read."""
    net = d2.clip(lang)
    _, _, images, captions = _batch(n, seed, lang)
    return ("\n".join(captions), *_matrix(net, images, captions, lang))


def _similarity(n, seed, text, lang):
    net = d2.clip(lang)
    n, _, images, _ = _batch(n, seed, lang)
    return _matrix(net, images, _lines(text, n, lang), lang)


@safe
@gpu(GPU_S)
def similarity(n, seed, text, lang):
    """The batch's images against the captions of the box (one per line, EN or FR): matrix, text, words."""
    return _similarity(n, seed, text, lang)


@safe
@gpu(GPU_S)
def similarity_typed(n, seed, text, lang):
    """`similarity` while a caption is typed: a caption still being written is said in the text, not as an
    error, and the matrix keeps its last picture; the words view follows every key."""
    net = d2.clip(lang)
    try:
        return _similarity(n, seed, text, lang)
    except gr.Error as e:
        marked = []
        for line in ("" if text is None else str(text)[:MAX_TEXT]).splitlines():
            marked += d2.marked_only(net, line) + [("\n", None)]
        return gr.update(), f"⚠ {e.message}", marked[:-1]


# ----------------------------------------------------------------------------- 2. zero-shot


@safe
@gpu(GPU_S)
def zero_shot(source, seed, drawing, lang):
    """One scene (the seed's, or a drawing) against every single-object caption: the image as CLIP reads it,
    the top 5 (a gr.Label: caption -> probability) and a text."""
    net = d2.clip(lang)
    x, spec = d2.source_image(source, seed, drawing, lang)
    top = views.classify(net, x, lang_of(lang), k=5)
    best, p = top[0]
    n = len(views.single_captions(lang_of(lang)))
    if spec is not None:
        truth = d2.scene_caption(spec, lang)
        rank = next((k + 1 for k, (c, _) in enumerate(top) if c == truth), None)
        key = "d2.zs_right" if best == truth else "d2.zs_wrong" if rank is None else "d2.zs_rank"
        text = t(key, lang, truth=truth, best=best, p=100 * p, rank=rank, n=n)
    else:
        text = t("d2.zs_drawing", lang, best=best, p=100 * p, n=n)
    return d2.show(x[0]), {c: v for c, v in top}, text


# ----------------------------------------------------------------------------- layout


def build_similarity(page: Page) -> None:
    lang = page.lang
    page.md("d2.similarity_help")
    with gr.Row():
        n = page.make(gr.Slider, label="d2.n", info="d2.n_info", minimum=N_MIN, maximum=N_MAX, step=1,
                      value=N_DEFAULT)
        seed = page.make(gr.Number, label="d2.seed", info="d2.batch_seed_info", value=0, precision=0, minimum=0,
                         maximum=SEED_MAX)
    go = page.button("d2.new_batch", variant="primary")
    captions = page.make(gr.Textbox, label="d2.captions", info="d2.captions_info", lines=N_DEFAULT,
                         max_lines=N_MAX + 2, max_length=MAX_TEXT)
    compute = page.button("d2.compute")
    matrix = page.picture("d2.matrix", height=None, elem_classes="genkit-natural")
    text = gr.Markdown(latex_delimiters=LATEX)
    marked = page.make(gr.HighlightedText, label="d2.words", color_map={"unknown": "red"},
                       show_inline_category=False, show_legend=False, combine_adjacent=False)
    go.click(new_batch, [n, seed, lang], [captions, matrix, text, marked], api_name="d2_batch")
    gr.on([n.release, seed.submit], new_batch, [n, seed, lang], [captions, matrix, text, marked],
          api_visibility="private", trigger_mode="always_last")
    compute.click(similarity, [n, seed, captions, lang], [matrix, text, marked], api_name="d2_similarity")
    captions.input(similarity_typed, [n, seed, captions, lang], [matrix, text, marked], api_visibility="private",
                   trigger_mode="always_last")


def build_zero_shot(page: Page) -> None:
    lang = page.lang
    page.md("d2.zero_shot_help")
    source, seed, drawing = d2.source_block(page)
    go = page.button("d2.zs_go", variant="primary")
    with gr.Row():
        seen = page.picture("d2.zs_input", min_width=240)
        label = page.make(gr.Label, label="d2.zs_label", num_top_classes=5, min_width=300)
    text = gr.Markdown(latex_delimiters=LATEX)
    inputs, outputs = [source, seed, drawing, lang], [seen, label, text]
    go.click(zero_shot, inputs, outputs, api_name="d2_zero_shot")
    gr.on([seed.submit, source.input], zero_shot, inputs, outputs, api_visibility="private",
          trigger_mode="always_last")
