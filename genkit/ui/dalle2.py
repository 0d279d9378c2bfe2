"""The DALL-E 2 tab: CLIP's similarity matrix, zero-shot, text -> prior -> decoder, variations, live.

Lecture: "DALL.E - Survol" to "Wrap-it up!": (1) CLIP learns image and text embeddings from N pairs,
(2) a diffusion decoder draws an image from an image embedding (GLIDE), (3) a prior maps the text
embedding to an image embedding ("cartographie sémantique"), (4) P(x|y) = P(x|z_i, y) P(z_i|y).
The sub-tabs follow the lecture's order and live in their own modules: genkit/ui/dalle2_clip.py
(1. similarity matrix, 2. zero-shot), genkit/ui/dalle2_prior.py (3. text -> image),
genkit/ui/dalle2_variations.py (4. variations); what they share is genkit/ui/dalle2_inputs.py.
The models are genkit/clip.py, genkit/prior.py, genkit/unclip.py; the pictures
genkit/views/dalle2.py; every text genkit/ui/text/dalle2.py, in English and French.
"""

import functools

from genkit.ui import dalle2_clip, dalle2_inputs, dalle2_prior, dalle2_variations
from genkit.ui.common import Page, checkpoint_present, intro


def build(page: Page) -> None:
    missing_first = sorted(dalle2_inputs.CHECKPOINTS, key=checkpoint_present)  # the notice names a missing one
    intro(page, "d2.intro", missing_first)
    with page.tab("d2.tab_similarity"):
        dalle2_clip.build_similarity(page)
    with page.tab("d2.tab_zero_shot"):
        dalle2_clip.build_zero_shot(page)
    with page.tab("d2.tab_text"):
        dalle2_prior.build(page)
    with page.tab("d2.tab_variations"):
        dalle2_variations.build(page)


# ----------------------------------------------------------------------------- benchmark (python -m genkit.bench)


def _bench_text_to_image():
    def call():
        for _ in dalle2_prior.generate(dalle2_prior.EXAMPLES[0], 1.0, 3.0, 0, "en"):
            pass

    call.items = dalle2_prior.IMAGES
    return call


def _bench_similarity():
    text = dalle2_clip.new_batch(16, 0, "en")[0]
    return functools.partial(dalle2_clip.similarity, 16, 0, text, "en")


BENCH = {
    "d2_similarity_16": _bench_similarity,
    "d2_zero_shot": lambda: functools.partial(dalle2_clip.zero_shot, "seed", 3, None, "en"),
    "d2_zero_shot_drawing": lambda: functools.partial(dalle2_clip.zero_shot, "draw", 0,
                                                      dalle2_inputs.procedural_drawing(), "en"),
    "d2_text_to_image_4x25": _bench_text_to_image,
    "d2_variations_6x25": lambda: functools.partial(dalle2_variations.variations, "seed", 3, None, 3.0, "en"),
    "d2_interpolate_8x25": lambda: functools.partial(dalle2_variations.interpolate, 1, 2, 3.0, "en"),
}
