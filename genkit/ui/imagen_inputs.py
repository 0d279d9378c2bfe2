"""What the Imagen tab's sub-tabs share: its models, reading prompts, seeds and guidance, the prompt block.

Imported only by the Imagen tab's modules (genkit/ui/imagen*.py). Every message is a key of
genkit/ui/text/imagen.py (im.*) or of the shared validators (genkit/ui/inputs.py). The prompt
rules are the Text-to-image tab's: at most MAX_CHARS characters, unknown words highlighted and
ignored; here a prompt with no known word at all is refused (it would be the unconditional model).
"""

import time

import gradio as gr

from genkit.text import words as split_words
from genkit.ui.common import Page, fail, model, safe
from genkit.ui.i18n import lang_of, t
from genkit.ui.inputs import SEED_MAX, choice, number, seed_box
from genkit.views import imagen as views

SIZES = ("small", "large", "joint")  # the three scenes models, by their text encoder
FINER = ("large16", "joint16")  # the large and joint ones again, reading the text at 16x16 as well as 8x8
MODELS = (*SIZES, *FINER)
TEXT2IMG = {"small": "text2img-scenes-small", "large": "text2img-scenes-large", "joint": "text2img-scenes",
            "large16": "text2img-scenes-large-attn16", "joint16": "text2img-scenes-attn16"}
TEXTLM = {"small": "textlm-small", "large": "textlm-large"}
SUPERRES = "sr-scenes-64"
DALLE2 = ("clip-scenes", "prior-scenes", "unclip-scenes")
CHECKPOINTS = (*TEXTLM.values(), *TEXT2IMG.values(), SUPERRES, *DALLE2)
MAX_CHARS = 200  # a prompt or a sentence; the encoders read at most 16 known words anyway
W_MAX = 15.0  # the guidance slider's range
STEPS = 25  # DDIM steps of every stage
IMAGES = 4  # images per model and prompt
SCALE = 6  # a 32x32 scene drawn 192 px wide
FRAMES = 10  # pictures per streamed stage (the first is the noise x_T, the last the result)
FRAME_S = 0.04  # at least this long between two pictures, so that a fast run can still be watched
EXAMPLES = ["a red circle on the left", "un carré bleu en haut", "a large yellow triangle in the centre",
            "a purple square left of a green circle", "un cercle rouge au-dessus d'un triangle bleu",
            "two yellow circles", "deux triangles verts", "a red zebra on the left"]


# ----------------------------------------------------------------------------- models and values


def text2img(size, lang):
    """One of the scenes models: "small" and "large" read a frozen text-only encoder, "joint" its own; "large16"
    and "joint16" are those two with attention at 16x16 too."""
    return model(TEXT2IMG[choice(size, MODELS, "im.model", lang)], lang)


def textlm(size, lang):
    return model(TEXTLM[size], lang)


def superres(lang):
    return model(SUPERRES, lang)


def seed(value, lang) -> int:
    return number(value, "im.seed", 0, SEED_MAX, lang, integer=True)


def w(value, lang) -> float:
    return number(value, "im.w", 0, W_MAX, lang)


def fmt(v: float) -> str:
    return f"{v:g}"


def percent(v, lang) -> str:
    """A rate in [0, 1] as "92%" (French "92 %", a narrow no-break space), or the words "not measured"."""
    if v is None:
        return t("im.not_measured", lang)
    return f"{100 * v:.0f}\u202f%" if lang_of(lang) == "fr" else f"{100 * v:.0f}%"


def rates_table(lang) -> str:
    """The rates each scenes model measured (metrics.json) as a Markdown table: a row per model, a column per
    kind of prompt, then how many prompts of each kind (five short columns: a phone reads it); "–": not measured."""
    heads = [t(f"im.series_{k}", lang) for k in views.RATES] + [t("im.rates_n", lang)]
    rows = ["| | " + " | ".join(heads) + " |", "|---" * (1 + len(heads)) + "|"]
    for s in MODELS:
        r = views.rates(TEXT2IMG[s]) or {}
        cells = ["–" if r.get(k) is None else percent(r[k], lang) for k in views.RATES]
        cells.append(str(r.get("n_prompts") or "–"))
        rows.append(f"| {t(f'im.short_{s}', lang)} | " + " | ".join(cells) + " |")
    return "\n".join(rows) + "\n\n" + t("im.rates_note", lang)


def quoted(words, lang) -> str:
    return ", ".join(f"« {w} »" if lang_of(lang) == "fr" else f"“{w}”" for w in dict.fromkeys(words))


def pace(last: float) -> float:
    """Wait until FRAME_S has passed since `last` (a stream's previous picture); the time now."""
    wait = FRAME_S - (time.monotonic() - last)
    if wait > 0:
        time.sleep(wait)
    return time.monotonic()


# ----------------------------------------------------------------------------- prompts


def marked_only(nets, text) -> list:
    """The words of `text` marked for gr.HighlightedText: "unknown" when one of the models `nets` does not know it."""
    out = []
    for word in split_words("" if text is None else str(text)[: 4 * MAX_CHARS]):
        known = all(word in net.tokenizer.ids for net in nets)
        out += [(word, None if known else "unknown"), (" ", None)]
    return out[:-1]


def prompt(nets, text, lang) -> tuple[str, list, str]:
    """A prompt as the models `nets` read it -> (the text, its words marked, a note on the unknown ones).
    Too long, empty, no known word, more known words than an encoder reads: a translated error."""
    text = "" if text is None else str(text)
    if len(text) > MAX_CHARS:
        fail("im.err_long", lang, n=len(text), max=MAX_CHARS)
    ws = split_words(text)
    if not ws:
        fail("im.err_empty", lang)
    marked = marked_only(nets, text)
    unknown = [w for w, kind in marked if kind == "unknown"]
    known = len(ws) - len(unknown)
    if not known:
        fail("im.err_none", lang, words=quoted(unknown, lang))
    most = min(net.config.max_len for net in nets)
    if known > most:
        fail("im.err_words", lang, n=known, max=most)
    note = t("im.note_unknown", lang, words=quoted(unknown, lang)) if unknown else t("im.note_known", lang)
    return text.strip(), marked, note


def typed(nets, text, lang) -> tuple[list, str]:
    """The words view while a prompt is typed: what is wrong is said in the note, not as an error."""
    try:
        _, marked, note = prompt(nets, text, lang)
        return marked, note
    except gr.Error as e:
        return marked_only(nets, text), f"⚠ {e.message}"


@safe
def pick_example(index, lang):
    return EXAMPLES[number(index, "im.examples", 0, len(EXAMPLES) - 1, lang, integer=True)]


# ----------------------------------------------------------------------------- components


def prompt_block(page: Page, value: str = EXAMPLES[0]):
    """The prompt, its examples (a click fills the prompt) and the seed: (prompt box, seed box)."""
    with gr.Row():
        box = page.make(gr.Textbox, label="im.prompt", placeholder="im.prompt_placeholder", lines=1,
                        max_length=MAX_CHARS, value=value, scale=3)
        seed_in = seed_box(page, "im.seed")
    examples = page.make(gr.Dataset, label="im.examples", components=["textbox"], samples=[[p] for p in EXAMPLES],
                         type="index", samples_per_page=len(EXAMPLES))
    examples.click(pick_example, [examples, page.lang], [box], api_visibility="private", queue=False)
    return box, seed_in


def w_slider(page: Page, value: float = 3.0) -> gr.Slider:
    return page.make(gr.Slider, label="im.w", info="im.w_info", minimum=0, maximum=W_MAX, step=0.1, value=value)


def words(page: Page) -> gr.HighlightedText:
    """The prompt's words as the models read them, unknown ones highlighted."""
    return page.make(gr.HighlightedText, label="im.words", color_map={"unknown": "red"}, show_inline_category=False,
                     show_legend=False, combine_adjacent=False)
