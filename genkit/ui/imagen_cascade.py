"""Imagen, sub-tabs 3 and 4: "3. Cascade 32 → 64" and "4. Dynamic thresholding".

Lecture: "Imagen - Architecture" (a diffusion model for a first image, then other diffusion models for
higher resolutions) and "« Classifier-free » guidance" (Imagen avoids pixels that saturate during
diffusion). 3: a prompt through text2img-scenes-large (32x32), then sr-scenes-64 (x2, noise
conditioning augmentation, genkit/superres.py), both streamed. 4: the same noise at w = 8 and 15,
x0 clipped or thresholded (genkit/text2img.py's `thresholded`). The pictures are
genkit/views/imagen.py's; the texts genkit/ui/text/imagen.py (im.*).
"""

import gradio as gr

from genkit.superres import SuperResConfig
from genkit.ui import imagen_inputs as im
from genkit.ui.common import GPU_S, HEAVY, LATEX, Page, gpu, heavy, safe, safe_stream
from genkit.ui.i18n import lang_of, t
from genkit.ui.inputs import number
from genkit.views import imagen as views
from genkit.views.diffusion import captioned_grid

AUG_MAX = SuperResConfig().aug_train  # the augmentation slider's range: the levels the x2 stage was trained on
AUG_DEFAULT = SuperResConfig().aug_sample
THRESHOLD_W = (8.0, 15.0)  # Imagen's point: at large guidance x0 leaves [-1, 1]
PERCENTILE = 0.995  # Imagen's p (sec. 2.3)
THRESHOLD_SCALE = 8  # a cell 256 px wide
TOP_PX = 34  # blank rows above a picture's captions: Gradio draws its buttons over the top-right corner


# ----------------------------------------------------------------------------- 3. the cascade


@safe_stream
@heavy
def cascade(prompt, w, seed, aug, lang):
    """text2img-scenes-large draws 4 images at 32x32, then sr-scenes-64 raises them to 64x64, both streamed.
    Outputs: the 32x32 images, the 64x64 ones (the same size on screen), status, words."""
    lang = lang_of(lang)
    base, sr = im.text2img("large", lang), im.superres(lang)
    prompt, marked, note = im.prompt([base], prompt, lang)
    w, seed = im.w(w, lang), im.seed(seed, lang)
    aug = number(aug, "im.aug", 0, sr.config.aug_train, lang, integer=True)
    last = 0.0
    for f in views.cascade(base, sr, [prompt] * im.IMAGES, w, im.STEPS, seed, im.FRAMES, aug):
        last = im.pace(last)
        small, large = views.cascade_pictures(f.x if f.stage == "base" else f.low, f.x if f.stage == "sr" else None,
                                              im.SCALE)
        if f.stage == "sr" and f.t == 0:
            status = t("im.cascade_done", lang, n=im.IMAGES, steps=im.STEPS, w=im.fmt(w), seed=seed, s=aug,
                       db=round(views.kept_db(f.x, f.low), 1))
        else:
            status = t(f"im.cascade_{f.stage}", lang, i=f.i, n=im.STEPS, t=f.t, seed=seed)
        yield small, large, f"{note}\n\n{status}", marked


@safe
@gpu(GPU_S)
def read_cascade(prompt, lang):
    return im.typed([im.text2img("large", lang)], prompt, lang)


# ----------------------------------------------------------------------------- 4. dynamic thresholding


@safe
@heavy
def threshold(size, prompt, seed, lang):
    """One prompt and seed at w = 8 and 15, x0 clipped to [-1, 1] or dynamically thresholded: a 2x2 grid.
    Outputs: the grid, text, words."""
    lang = lang_of(lang)
    net = im.text2img(size, lang)
    prompt, marked, note = im.prompt([net], prompt, lang)
    seed = im.seed(seed, lang)
    r = views.thresholding(net, prompt, THRESHOLD_W, PERCENTILE, im.STEPS, seed)
    columns = [t("im.th_static", lang), t("im.th_dynamic", lang)]
    grid = captioned_grid([list(row) for row in r.images], columns, [f"w = {im.fmt(w)}" for w in THRESHOLD_W],
                          scale=THRESHOLD_SCALE, top=TOP_PX)
    decimal = t("app.decimal", lang)
    rows = []
    for i, w in enumerate(THRESHOLD_W):
        cells = [t("im.th_cell", lang, s=f"{r.s_max[i, j].item():.2f}".replace(".", decimal),
                   verdict=_verdict(r.matched[i][j], lang)) for j in range(2)]
        rows.append(f"| w = {im.fmt(w)} | {cells[0]} | {cells[1]} |")
    text = "\n".join([note, "", t("im.th_head", lang, seed=seed, steps=im.STEPS, p=PERCENTILE), *rows])
    return grid, text, marked


def _verdict(matched, lang) -> str:
    return "–" if matched is None else t("im.verdict_yes" if matched else "im.verdict_no", lang)


@safe
@gpu(GPU_S)
def read_threshold(size, prompt, lang):
    return im.typed([im.text2img(size, lang)], prompt, lang)


# ----------------------------------------------------------------------------- layout


def build_cascade(page: Page) -> None:
    lang = page.lang
    page.md("im.cascade_help")
    prompt, seed = im.prompt_block(page)
    with gr.Row():
        w = im.w_slider(page)
        aug = page.make(gr.Slider, label="im.aug", info="im.aug_info", minimum=0, maximum=AUG_MAX, step=1,
                        value=AUG_DEFAULT)
    go = page.button("im.cascade_go", variant="primary")
    with gr.Row():
        small = page.picture("im.cascade_32", min_width=300, height=560)  # each 32x32 drawn some 260 px wide
        large = page.picture("im.cascade_64", min_width=300, height=560)
    status = gr.Markdown(latex_delimiters=LATEX)
    marked = im.words(page)
    inputs, outputs = [prompt, w, seed, aug, lang], [small, large, status, marked]
    go.click(cascade, inputs, outputs, api_name="im_cascade", concurrency_id=HEAVY)
    gr.on([prompt.submit, w.release, aug.release], cascade, inputs, outputs, api_visibility="private",
          concurrency_id=HEAVY, trigger_mode="always_last")
    prompt.input(read_cascade, [prompt, lang], [marked, status], api_visibility="private",
                 trigger_mode="always_last")


def build_threshold(page: Page) -> None:
    lang = page.lang
    page.md("im.th_help")
    size = page.make(gr.Radio, label="im.model", value="large",
                     choices_keys=[(f"im.short_{s}", s) for s in im.SIZES])
    prompt, seed = im.prompt_block(page, im.EXAMPLES[3])
    go = page.button("im.th_go", variant="primary")
    with gr.Row():
        grid = page.picture("im.th_grid", height=None, elem_classes="genkit-natural")
        text = gr.Markdown(latex_delimiters=LATEX)
    marked = im.words(page)
    inputs, outputs = [size, prompt, seed, lang], [grid, text, marked]
    go.click(threshold, inputs, outputs, api_name="im_threshold", concurrency_id=HEAVY)
    gr.on([prompt.submit, size.input], threshold, inputs, outputs, api_visibility="private", concurrency_id=HEAVY,
          trigger_mode="always_last")
    prompt.input(read_threshold, [size, prompt, lang], [marked, text], api_visibility="private",
                 trigger_mode="always_last")

