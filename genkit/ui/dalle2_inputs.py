"""What the DALL-E 2 tab's sub-tabs share: its three models, reading seeds, guidance, captions and drawings.

Imported only by the DALL-E 2 tab's modules (genkit/ui/dalle2*.py). Every message is a key of
genkit/ui/text/dalle2.py (d2.*) or of the shared validators (genkit/ui/inputs.py).
"""

import gradio as gr
import torch

from genkit import scenes
from genkit.text import words as split_words
from genkit.ui.common import Page, fail, image, model
from genkit.ui.i18n import lang_of, t
from genkit.ui.inputs import SEED_MAX, choice, number
from genkit.views import dalle2 as views

CHECKPOINTS = ("clip-scenes", "prior-scenes", "unclip-scenes")
MAX_CHARS = 120  # one caption or prompt; the text encoder reads at most 16 known words anyway
W_PRIOR_MAX, W_DECODER_MAX = 10.0, 15.0  # the sliders' ranges (the library accepts up to 50)
STEPS = 25  # DDIM steps of the prior and of the decoder
SCALE = 6  # a 32x32 scene drawn 192 px wide
SOURCES = ("seed", "draw")
PALETTE = ["#" + "".join(f"{round(c * 255):02x}" for c in v[0]) for v in scenes.COLOURS.values()]  # the scenes'


def clip(lang):
    return model("clip-scenes", lang)


def prior(lang):
    return model("prior-scenes", lang)


def decoder(lang):
    return model("unclip-scenes", lang)


def seed(value, lang, key: str = "d2.seed") -> int:
    return number(value, key, 0, SEED_MAX, lang, integer=True)


def w_prior(value, lang) -> float:
    return number(value, "d2.w_prior", 0, W_PRIOR_MAX, lang)


def w_decoder(value, lang) -> float:
    return number(value, "d2.w_decoder", 0, W_DECODER_MAX, lang)


def quoted(words, lang) -> str:
    return ", ".join(f"« {w} »" if lang_of(lang) == "fr" else f"“{w}”" for w in dict.fromkeys(words))


def caption(net, text, lang, where: str | None = None) -> tuple[str, list]:
    """One caption or prompt as CLIP will read it -> (the text, its words marked for gr.HighlightedText, unknown
    ones as "unknown"). Empty, too long, too many known words, or no known word at all: a translated error
    (`where` says which caption, for a list)."""
    where = t("d2.the_prompt", lang) if where is None else where
    text = "" if text is None else str(text)
    if len(text) > MAX_CHARS:
        fail("d2.err_long", lang, where=where, n=len(text), max=MAX_CHARS)
    ws = split_words(text)
    if not ws:
        fail("d2.err_empty", lang, where=where)
    known = [w for w in ws if w in net.tokenizer.ids]
    if len(known) > net.config.max_len:
        fail("d2.err_words", lang, where=where, n=len(known), max=net.config.max_len)
    if not known:
        fail("d2.err_none", lang, where=where, words=quoted(ws, lang))
    return text.strip(), marked_only(net, text)


def marked_only(net, text) -> list:
    """The words of `text` marked known / unknown, whatever else is wrong with it (the view while typing)."""
    out = []
    for word in split_words("" if text is None else str(text)[: 4 * MAX_CHARS]):
        out += [(word, None if word in net.tokenizer.ids else "unknown"), (" ", None)]
    return out[:-1]


def unknown_note(marked, lang) -> str:
    """A line naming the words CLIP ignores ("" when it knows them all)."""
    unknown = [w for w, kind in marked if kind == "unknown"]
    return t("d2.note_unknown", lang, words=quoted(unknown, lang)) if unknown else ""


def source_image(source, seed_value, drawing, lang) -> tuple[torch.Tensor, scenes.Scene | None]:
    """The chosen image (1, 3, 32, 32) in [0, 1]: the scene the seed draws (and its spec), or the drawing."""
    source = choice(source, SOURCES, "d2.source", lang)
    if source == "seed":
        spec = views.seed_scene(seed(seed_value, lang))
        return scenes.render([spec]), spec
    return drawing_image(drawing, lang), None


def drawing_image(drawing, lang) -> torch.Tensor:
    if drawing is None or (isinstance(drawing, dict) and all(drawing.get(k) is None for k in
                                                             ("background", "layers", "composite"))):
        fail("d2.err_no_drawing", lang)
    try:
        return views.drawing_image(drawing)
    except views.DrawingError as e:
        fail(f"d2.err_drawing_{e.code}", lang, **e.details)
    except (TypeError, ValueError) as e:  # an array numpy cannot even read as numbers
        fail("d2.err_drawing_shape", lang, shape=type(e).__name__)


def show(x):
    """A (3, H, W) picture in [0, 1] enlarged SCALE times for the projector."""
    return image(x, SCALE)


def scene_caption(spec, lang) -> str:
    return scenes.caption(spec, lang_of(lang))


# ----------------------------------------------------------------------------- components


def source_block(page: Page, seed_key: str = "d2.seed"):
    """Source radio, seed and colour sketchpad on black (the scenes' six colours): (source, seed, drawing)."""
    with gr.Row():
        with gr.Column(min_width=260):
            source = page.make(gr.Radio, label="d2.source", value="seed",
                               choices_keys=[("d2.source_seed", "seed"), ("d2.source_draw", "draw")])
            seed_box = page.make(gr.Number, label=seed_key, info="d2.seed_info", value=3, precision=0, minimum=0,
                                 maximum=SEED_MAX)
        with gr.Column(min_width=260):
            drawing = page.make(gr.Sketchpad, label="d2.drawing", type="numpy", image_mode="RGBA",
                                canvas_size=(256, 256), layers=False, height=340, value=black_canvas(),
                                brush=gr.Brush(colors=PALETTE, default_color=PALETTE[0], color_mode="fixed",
                                               default_size=36))
            # under the pad, a hint: Gradio's editor reaches below its block by its label's height (the page's CSS
            # puts labels above pictures), and there it would catch the taps meant for the button below
            page.md("d2.drawing_hint")
    return source, seed_box, drawing


def black_canvas() -> dict:
    import numpy as np

    return {"background": np.zeros((256, 256, 4), dtype=np.uint8) + np.array([0, 0, 0, 255], dtype=np.uint8),
            "layers": [], "composite": None}


def procedural_drawing() -> dict:
    """A filled red disc on the left of a black canvas, as the sketchpad sends it (benchmarks, tests)."""
    import numpy as np
    from PIL import Image, ImageDraw

    canvas = Image.new("RGBA", (256, 256), (0, 0, 0, 255))
    ImageDraw.Draw(canvas).ellipse((30, 88, 110, 168), fill=(242, 26, 26, 255))
    return {"background": None, "layers": [], "composite": np.asarray(canvas)}
