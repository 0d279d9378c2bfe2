"""Imagen, sub-tabs 1 and 2: "1. A frozen text encoder" (trained on text alone) and "2. The encoder's size".

Lecture: "Imagen - Architecture" (an encoder pretrained on text only and frozen: "Aucune image !") and
"La taille de l'encodeur est un hyperparamètre important" (alignment grows with the encoder's size).
1: a sentence with blanks, filled by the masked-word models textlm-small and textlm-large
(genkit/textlm.py), which never saw an image. 2: one prompt through the three scenes models,
the two frozen encoders and the jointly trained one, with each one's measured rates (metrics.json).
The pictures are genkit/views/imagen.py's; the texts genkit/ui/text/imagen.py (im.*).
"""

import gradio as gr

from genkit.text import words as split_words
from genkit.textlm import MASK, fill
from genkit.ui import imagen_inputs as im
from genkit.ui.common import GPU_S, HEAVY, LATEX, Page, fail, gpu, heavy, safe, safe_stream
from genkit.ui.i18n import lang_of, t
from genkit.ui.inputs import number
from genkit.views import imagen as views

TOP_K = 5  # words shown per blank
MAX_BLANKS = 4
FILL_EXAMPLES = ["a _ circle on the left", "une _ verte à gauche", "un _ rouge au-dessus d'un triangle bleu",
                 "a red circle _ of a blue square", "_ green triangles", "un carré bleu en _", "a large yellow _ in the _"]


# ----------------------------------------------------------------------------- 1. the text-only encoder


def _sentence(lm, text, lang) -> str:
    """A sentence with blanks "_" as fill() reads it; no blank, unknown words, too long: a translated error."""
    text = "" if text is None else str(text)
    if len(text) > im.MAX_CHARS:
        fail("im.err_long", lang, n=len(text), max=im.MAX_CHARS)
    if not text.strip():
        fail("im.err_fill_empty", lang)
    blanks = text.count("_")
    if not blanks:
        fail("im.err_no_blank", lang)
    if blanks > MAX_BLANKS:
        fail("im.err_blanks", lang, n=blanks, max=MAX_BLANKS)
    ws = [w for w in split_words(text.replace("_", " ")) if w]
    unknown = [w for w in ws if w not in lm.tokenizer.ids or w == MASK]
    if unknown:
        fail("im.err_fill_unknown", lang, words=im.quoted(unknown, lang))
    if len(ws) + blanks > lm.config.max_len:
        fail("im.err_fill_words", lang, n=len(ws) + blanks, max=lm.config.max_len)
    return text.strip()


def _filled(text: str, guesses) -> str:
    """The sentence with each blank replaced by its likeliest word, in bold."""
    parts = text.split("_")
    return "".join(p + (f"**{guesses[k][0][0]}**" if k < len(guesses) else "") for k, p in enumerate(parts))


@safe
@gpu(GPU_S)
def fill_blanks(sentence, lang):
    """Each blank's 5 likeliest words for textlm-small and textlm-large. Outputs: small's bars, large's, text."""
    lang = lang_of(lang)
    lms = {s: im.textlm(s, lang) for s in im.TEXTLM}
    sentence = _sentence(lms["small"], sentence, lang)
    guesses = {s: fill(lm, sentence, TOP_K) for s, lm in lms.items()}
    titles = [t("im.blank_n", lang, k=k + 1) for k in range(sentence.count("_"))]
    decimal = t("app.decimal", lang)
    pictures = [views.fill_picture(guesses[s], titles, decimal) for s in im.TEXTLM]
    lines = [t("im.fill_head", lang)]
    for s, lm in lms.items():
        accuracy = views.measured(im.TEXTLM[s]).get("masked_accuracy")
        params = views.millions(views.parameters(lm.encoder), decimal)
        lines.append(t("im.fill_row", lang, model=im.TEXTLM[s], layers=lm.config.layers, width=lm.config.width,
                       params=params, sentence=_filled(sentence, guesses[s]), accuracy=im.percent(accuracy, lang)))
    return pictures[0], pictures[1], "\n".join(lines)


@safe
def pick_fill(index, lang):
    return FILL_EXAMPLES[number(index, "im.fill_examples", 0, len(FILL_EXAMPLES) - 1, lang, integer=True)]


# ----------------------------------------------------------------------------- 2. the encoder's size


def _encoder_line(net, lang) -> str:
    c = net.config
    return t("im.panel_encoder", lang, layers=c.text_layers, width=c.text_width,
             params=views.millions(views.parameters(net.text), t("app.decimal", lang)))


def _rate_lines(rates, lang) -> list[str]:
    """One line per measured rate ("not measured" where metrics.json has none)."""
    return [t(f"im.panel_{k}", lang, rate=im.percent((rates or {}).get(k), lang)) for k in views.RATES]


def _rates_chart(lang):
    series = {k: t(f"im.series_{k}", lang) for k in views.RATES}
    models = [(t(f"im.short_{s}", lang), views.rates(im.TEXT2IMG[s])) for s in im.MODELS]
    return views.rates_chart(models, series, t("im.chart_title", lang), t("im.not_measured", lang),
                             t("app.decimal", lang))


@safe_stream
@heavy
def compare_sizes(prompt, w, seed, lang):
    """The prompt through the three scenes models, one model at a time, each with its measured rates written
    under its images. Outputs: the three panels, the rates chart, text, words."""
    lang = lang_of(lang)
    nets = [im.text2img(s, lang) for s in im.SIZES]
    prompt, marked, note = im.prompt(nets, prompt, lang)
    w, seed = im.w(w, lang), im.seed(seed, lang)
    chart, panels = _rates_chart(lang), [None] * len(nets)
    for k, (size, net) in enumerate(zip(im.SIZES, nets)):
        judged = views.imagen_samples(net, [prompt], im.IMAGES, w, im.STEPS, seed)[0]
        if judged.share is None:
            run = t("im.panel_unread", lang)
        else:
            run = t("im.panel_run", lang, hits=sum(judged.matched), n=im.IMAGES)
        rates = views.rates(im.TEXT2IMG[size])
        panels[k] = views.panel(judged.images, [_encoder_line(net, lang), *_rate_lines(rates, lang), run])
        status = t("im.sizes_status" if k < len(nets) - 1 else "im.sizes_done", lang, done=k + 1, total=len(nets),
                   n=im.IMAGES, steps=im.STEPS, w=im.fmt(w), seed=seed)
        yield (*panels, chart, "\n\n".join([note, status, im.rates_table(lang)]), marked)


@safe
@gpu(GPU_S)
def read_sizes(prompt, lang):
    return im.typed([im.text2img(s, lang) for s in im.SIZES], prompt, lang)


# ----------------------------------------------------------------------------- layout


def build_fill(page: Page) -> None:
    lang = page.lang
    page.md("im.fill_help")
    sentence = page.make(gr.Textbox, label="im.sentence", placeholder="im.sentence_placeholder", lines=1,
                         max_length=im.MAX_CHARS, value=FILL_EXAMPLES[0])
    examples = page.make(gr.Dataset, label="im.fill_examples", components=["textbox"],
                         samples=[[s] for s in FILL_EXAMPLES], type="index", samples_per_page=len(FILL_EXAMPLES))
    go = page.button("im.fill_go", variant="primary")
    with gr.Row():
        small = page.picture("im.fill_small", height=None, elem_classes="genkit-chart genkit-natural")
        large = page.picture("im.fill_large", height=None, elem_classes="genkit-chart genkit-natural")
    text = gr.Markdown(latex_delimiters=LATEX)
    outputs = [small, large, text]
    go.click(fill_blanks, [sentence, lang], outputs, api_name="im_fill")
    sentence.submit(fill_blanks, [sentence, lang], outputs, api_visibility="private", trigger_mode="always_last")
    examples.click(pick_fill, [examples, lang], [sentence], api_visibility="private", queue=False).success(
        fill_blanks, [sentence, lang], outputs, api_visibility="private", trigger_mode="always_last")


def build_sizes(page: Page) -> None:
    lang = page.lang
    page.md("im.sizes_help")
    prompt, seed = im.prompt_block(page)
    w = im.w_slider(page)
    go = page.button("im.sizes_go", variant="primary")
    with gr.Row():
        panels = [page.picture(f"im.model_{s}", height=None, elem_classes="genkit-natural", min_width=300)
                  for s in im.SIZES]
    with gr.Row():
        chart = page.picture("im.chart", height=None, elem_classes="genkit-chart genkit-natural")
        text = gr.Markdown(latex_delimiters=LATEX)
    marked = im.words(page)
    inputs, outputs = [prompt, w, seed, lang], [*panels, chart, text, marked]
    go.click(compare_sizes, inputs, outputs, api_name="im_sizes", concurrency_id=HEAVY)
    gr.on([prompt.submit, w.release], compare_sizes, inputs, outputs, api_visibility="private",
          concurrency_id=HEAVY, trigger_mode="always_last")
    prompt.input(read_sizes, [prompt, lang], [marked, text], api_visibility="private", trigger_mode="always_last")
