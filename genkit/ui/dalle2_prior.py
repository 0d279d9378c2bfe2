"""DALL-E 2, steps 3 and 4: "3. Text -> image", a sub-tab of the DALL-E 2 tab.

Lecture: "DALL.E - Cartographie sémantique" (the prior maps the caption's CLIP text embedding to a
CLIP image embedding, trained by diffusion) and "Wrap-it up!" (P(x|y) = P(x|z_i, y) P(z_i|y); our
decoder reads z_i only). The models are genkit/prior.py and genkit/unclip.py; the stages are
genkit/views/dalle2.py's `text_to_image`; the texts genkit/ui/text/dalle2.py (d2.*).
"""

import time

import gradio as gr

from genkit.ui import dalle2_inputs as d2
from genkit.ui.common import GPU_S, HEAVY, LATEX, Page, gpu, heavy, safe, safe_stream
from genkit.ui.i18n import lang_of, t
from genkit.ui.inputs import SEED_MAX, number
from genkit.views import dalle2 as views
from genkit.views.text2img import tile

IMAGES = 4  # images per prompt: 4 x 25 prior steps + 4 x 25 decoder steps ~ 1 s on a CPU
FRAMES = 10  # pictures per streamed run (the first is the noise x_T, the last the result)
FRAME_S = 0.04  # at least this long between two pictures, so that a fast run can still be watched
EXAMPLES = ["a red circle on the left", "un carré bleu en haut", "a large yellow triangle in the centre",
            "une croix verte à droite", "a purple diamond at the bottom", "un petit losange blanc au centre",
            "a red circle left of a blue square", "a red zebra on the left"]


def _fmt(v: float) -> str:
    return f"{v:g}"


def _near(near: list[tuple[str, float]], decimal: str) -> str:
    return " · ".join(f"{c} ({f'{v:.2f}'.replace('.', decimal)})" for c, v in near)


def _stages(net, stage, w_prior, w_decoder, lang) -> str:
    """What each stage knows, in words: the text embedding's nearest captions, each sampled image embedding's
    (with its cosine to the text embedding), as Markdown lists (a table's columns are too narrow on a phone)."""
    lang, decimal = lang_of(lang), t("app.decimal", lang)
    text = "- " + _near(views.nearest(net, stage.z_txt, lang)[0], decimal)
    rows = [t("d2.stage_row", lang, k=k + 1, cos=f"{c:.2f}".replace(".", decimal), captions=_near(near, decimal))
            for k, (near, c) in enumerate(zip(views.nearest(net, stage.z_img, lang),
                                              views.cosines(stage.z_img, stage.z_txt)))]
    return "\n\n".join([t("d2.stage_text_title", lang), text, t("d2.stage_prior_title", lang, w=_fmt(w_prior)),
                         "\n".join(rows), t("d2.stage_decoder_title", lang, w=_fmt(w_decoder))])


@safe_stream
@heavy
def generate(prompt, w_prior, w_decoder, seed, lang):
    """prompt -> CLIP text embedding -> the prior's 4 image embeddings -> the decoder's 4 images, streamed.
    Outputs: images, status, words, stages."""
    net, prior, decoder = d2.clip(lang), d2.prior(lang), d2.decoder(lang)
    prompt, marked = d2.caption(net, prompt, lang)
    w_prior, w_decoder, seed = d2.w_prior(w_prior, lang), d2.w_decoder(w_decoder, lang), d2.seed(seed, lang)
    last, stages = 0.0, None
    for stage in views.text_to_image(net, prior, decoder, prompt, IMAGES, w_prior, w_decoder, d2.STEPS, seed,
                                     FRAMES):
        wait = FRAME_S - (time.monotonic() - last)
        if wait > 0:
            time.sleep(wait)
        if stages is None:
            note = d2.unknown_note(marked, lang)
            stages = (note + "\n\n" if note else "") + _stages(net, stage, w_prior, w_decoder, lang)
        if stage.t == 0:
            status = t("d2.frame_final", lang, count=IMAGES, n=d2.STEPS, wp=_fmt(w_prior), wd=_fmt(w_decoder),
                       seed=seed)
        else:
            status = t("d2.frame", lang, i=stage.i, n=d2.STEPS, t=stage.t, seed=seed)
        yield d2.show(tile(stage.x)), status, marked, stages
        last = time.monotonic()


@safe
@gpu(GPU_S)
def read_words(prompt, lang):
    """The words view while the prompt is typed: unknown words marked; a prompt CLIP cannot read is said in the
    note (not as an error: the student is still typing)."""
    net = d2.clip(lang)
    try:
        _, marked = d2.caption(net, prompt, lang)
        return marked, d2.unknown_note(marked, lang) or t("d2.note_known", lang)
    except gr.Error as e:
        return d2.marked_only(net, prompt), f"⚠ {e.message}"


@safe
def pick_example(index, lang):
    return EXAMPLES[number(index, "d2.examples", 0, len(EXAMPLES) - 1, lang, integer=True)]


def build(page: Page) -> None:
    lang = page.lang
    page.md("d2.text_help")
    prompt = page.make(gr.Textbox, label="d2.prompt", placeholder="d2.prompt_placeholder", lines=1,
                       max_length=d2.MAX_CHARS, value=EXAMPLES[0])
    examples = page.make(gr.Dataset, label="d2.examples", components=["textbox"], samples=[[p] for p in EXAMPLES],
                         type="index", samples_per_page=len(EXAMPLES))
    with gr.Row():
        w_prior = page.make(gr.Slider, label="d2.w_prior", info="d2.w_prior_info", minimum=0, maximum=d2.W_PRIOR_MAX,
                            step=0.1, value=1)
        w_decoder = page.make(gr.Slider, label="d2.w_decoder", info="d2.w_decoder_info", minimum=0,
                              maximum=d2.W_DECODER_MAX, step=0.1, value=3)
        seed = page.make(gr.Number, label="d2.seed", value=0, precision=0, minimum=0, maximum=SEED_MAX)
    go = page.button("d2.generate", variant="primary")
    images = page.picture("d2.images", height=300)
    status = gr.Markdown()
    marked = page.make(gr.HighlightedText, label="d2.words", color_map={"unknown": "red"},
                       show_inline_category=False, show_legend=False, combine_adjacent=False)
    stages = gr.Markdown(latex_delimiters=LATEX)
    inputs, outputs = [prompt, w_prior, w_decoder, seed, lang], [images, status, marked, stages]
    go.click(generate, inputs, outputs, api_name="d2_text_to_image", concurrency_id=HEAVY)
    gr.on([prompt.submit, w_prior.release, w_decoder.release], generate, inputs, outputs, api_visibility="private",
          concurrency_id=HEAVY, trigger_mode="always_last")
    examples.click(pick_example, [examples, lang], [prompt], api_visibility="private", queue=False)
    prompt.input(read_words, [prompt, lang], [marked, stages], api_visibility="private", trigger_mode="always_last")
