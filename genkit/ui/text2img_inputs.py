"""What the Text-to-image tab's handlers share: its models, and reading a prompt, a seed and w.

Imported only by genkit/ui/text2img.py. Every message is a key of genkit/ui/text/text2img.py (t2i.*)
or of the shared validators (genkit/ui/inputs.py).
"""

from genkit.text import words as split_words
from genkit.ui.common import fail, image, model
from genkit.ui.i18n import lang_of, t
from genkit.ui.inputs import SEED_MAX, choice, number
from genkit.views import text2img as views

MODELS = ("scenes", "digits")  # checkpoint text2img-<name>
W_MAX = 15.0  # the slider's range; the library accepts up to 50 through the API
MAX_STEPS = 50  # DDIM steps per run: 4 images x 50 steps ~ 4 s on a CPU
MAX_IMAGES = 8
MAX_CHARS = 200  # a prompt longer than this is refused (the encoder reads at most 16 known words anyway)
LABEL_PX = 34  # blank rows above a wide picture: Gradio draws the image's label over its top-left corner
DISPLAY_PX = 192  # an image's side on screen (32 x 6, 28 x 7), pixels kept sharp


def network(name, lang):
    name = choice(name, MODELS, "t2i.model", lang)
    return model(f"text2img-{name}", lang)


def scale_of(net) -> int:
    return max(1, round(DISPLAY_PX / net.unet.config.image_size))


def show(net, x):
    """A (C, H, W) picture in [0, 1] enlarged for the projector, blank rows on top for the label drawn over it."""
    k = scale_of(net)
    return image(views.pad_top(x, -(-LABEL_PX // k)), k)


def read_prompt(prompt, lang) -> str:
    prompt = "" if prompt is None else str(prompt)
    if len(prompt) > MAX_CHARS:
        fail("t2i.err_long", lang, n=len(prompt), max=MAX_CHARS)
    return prompt.strip()


def read_seed(seed, lang) -> int:
    return number(seed, "t2i.seed", 0, SEED_MAX, lang, integer=True)


def read_w(w, lang) -> float:
    return number(w, "t2i.w", 0, W_MAX, lang)


def marked_words(net, prompt: str, lang: str) -> tuple[list, str]:
    """The words as the model reads them (for gr.HighlightedText: unknown ones highlighted) and a note.
    A prompt that names nothing the model knows (only unknown words and articles) is refused, with the list."""
    ws = split_words(prompt)
    known = sum(w in net.tokenizer.ids for w in ws)
    if known > net.config.max_len:
        fail("t2i.err_words", lang, n=known, max=net.config.max_len)
    unknown = net.unknown_words(prompt)
    marked = []
    for word in ws:
        marked += [(word, "unknown" if word in unknown else None), (" ", None)]
    listed = ", ".join(f"« {w} »" if lang_of(lang) == "fr" else f"“{w}”" for w in dict.fromkeys(unknown))
    content = net.content_words()
    if ws and not set(ws) & set(content):
        fail("t2i.err_none", lang, words=listed or "–", known=", ".join(content))
    if not ws:
        note = t("t2i.note_empty", lang)
    elif unknown:
        note = t("t2i.note_unknown", lang, words=listed, n=known)
    else:
        note = t("t2i.note_known", lang, n=known, vocab=len(net.config.vocab) - 1)
    return marked[:-1], note


def fmt(v: float) -> str:
    return f"{v:g}"
