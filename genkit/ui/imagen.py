"""The Imagen tab: a frozen text-only encoder, its size, the cascade, dynamic thresholding, failures, DALL-E 2.

Lecture: "Imagen" to "Encore loin d'être parfait ...": (1) the text encoder is pretrained on text alone
and frozen (here a masked-word model of the captions, genkit/textlm.py), (2) its size matters for
alignment (a small and a large frozen encoder against the jointly trained one, with their measured
rates), (3) a diffusion model draws a first small image, then a super-resolution model raises it
(genkit/superres.py, 32 -> 64), (4) dynamic thresholding keeps high guidance from saturating pixels,
(5) counting and relations remain hard, (6) "Par rapport à Dall-E 2": the same prompts through both.
The sub-tabs live in genkit/ui/imagen_encoder.py (1, 2), imagen_cascade.py (3, 4) and
imagen_compare.py (5, 6); what they share is genkit/ui/imagen_inputs.py. The pictures are
genkit/views/imagen.py; every text genkit/ui/text/imagen.py, in English and French.
"""

import functools

from genkit.ui import imagen_cascade, imagen_compare, imagen_encoder
from genkit.ui import imagen_inputs as im
from genkit.ui.common import Page, checkpoint_present, intro


def build(page: Page) -> None:
    missing_first = sorted(im.CHECKPOINTS, key=checkpoint_present)  # the notice names a missing one
    intro(page, "im.intro", missing_first)
    with page.tab("im.tab_encoder"):
        imagen_encoder.build_fill(page)
    with page.tab("im.tab_sizes"):
        imagen_encoder.build_sizes(page)
    with page.tab("im.tab_cascade"):
        imagen_cascade.build_cascade(page)
    with page.tab("im.tab_threshold"):
        imagen_cascade.build_threshold(page)
    with page.tab("im.tab_fails"):
        imagen_compare.build_fails(page)
    with page.tab("im.tab_compare"):
        imagen_compare.build_compare(page)


# ----------------------------------------------------------------------------- benchmark (python -m genkit.bench)


def _stream(fn, *args, items: int):
    def call():
        for _ in fn(*args):
            pass

    call.items = items
    return call


BENCH = {
    "im_fill": lambda: functools.partial(imagen_encoder.fill_blanks, imagen_encoder.FILL_EXAMPLES[0], "en"),
    "im_sizes_3x4x25": lambda: _stream(imagen_encoder.compare_sizes, im.EXAMPLES[0], 3.0, 0, "en",
                                       items=3 * im.IMAGES),
    "im_cascade_4x25": lambda: _stream(imagen_cascade.cascade, im.EXAMPLES[0], 3.0, 0, imagen_cascade.AUG_DEFAULT,
                                       "en", items=im.IMAGES),
    "im_threshold_4x25": lambda: functools.partial(imagen_cascade.threshold, "large", im.EXAMPLES[3], 0, "en"),
    "im_fails_20x25": lambda: _stream(imagen_compare.fails, 0, "en", items=len(im.MODELS) * len(imagen_compare.FAIL_PROMPTS["en"])),
    "im_compare_set": lambda: _stream(imagen_compare.compare, "set", "", imagen_compare.N_DEFAULT, 0, "en",
                                      items=2 * len(imagen_compare.COMPARE_PROMPTS["en"]) * imagen_compare.N_DEFAULT),
}
