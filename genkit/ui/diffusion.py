"""The Diffusion tab: the forward process, every denoising step, step counts, SDEdit, and the 2-D lab.

Lecture: "Modèles de diffusion" (bruiter une image de façon incrémentale jusqu'à un bruit
blanc, apprendre à débruiter, générer à partir d'un bruit). The sub-tabs follow the lecture's order
and live in their own modules: genkit/ui/diffusion_forward.py (1. the forward process),
genkit/ui/diffusion_reverse.py (2. the reverse process streamed and scrubbed, 3. one noise with more
and more steps), genkit/ui/diffusion_sdedit.py (4. SDEdit), genkit/ui/diffusion_lab.py (5. DDPM and
flow matching trained live on the plane), genkit/ui/diffusion_browser.py (6. sampling in the
student's browser); what they share is genkit/ui/diffusion_inputs.py. The maths
is in genkit/diffusion.py, genkit/samplers.py and genkit/flow2d.py, the pictures in
genkit/views/diffusion.py and genkit/views/diffusion_lab.py; every text is in genkit/ui/text/diffusion.py
and genkit/ui/text/diffusion_lab.py, in English and French.
"""

import functools

from genkit.ui import (browser, diffusion_browser, diffusion_forward, diffusion_lab, diffusion_reverse,
                       diffusion_sdedit)
from genkit.ui.common import Page, intro
from genkit.ui.inputs import DATASETS, procedural_drawing


def build(page: Page) -> None:
    intro(page, "diff.intro", [f"diffusion-{d}" for d in DATASETS])
    with page.tab("diff.tab_forward"):  # 1. forward process: no model needed
        diffusion_forward.build(page)
    with page.tab("diff.tab_reverse"):  # 2. reverse process: stream, then scrub
        diffusion_reverse.build_reverse(page)
    with page.tab("diff.tab_counts"):  # 3. same noise, different step counts
        diffusion_reverse.build_counts(page)
    with page.tab("diff.tab_sdedit"):  # 4. SDEdit
        diffusion_sdedit.build(page)
    with page.tab("diff.tab_lab"):  # 5. the 2-D lab: DDPM and flow matching trained live on the plane
        diffusion_lab.build(page)
    with page.tab("diff.tab_browser") as tab:  # 6. sampling in the student's browser, the server's same picture beside
        diffusion_browser.build(page)
    tab.select(None, js=browser.preload_js("diffusion-mnist"))


# ----------------------------------------------------------------------------- benchmark (python -m genkit.bench)


def _bench_forward():
    drawing = procedural_drawing()
    return functools.partial(diffusion_forward.forward, "mnist", "cosine", "draw", 0, "any", drawing, None, 300, 0, "en")


def _bench_sdedit():
    drawing = procedural_drawing()
    return functools.partial(diffusion_sdedit.denoise_drawing, "mnist", "draw", 0, "any", drawing, None, 500, 25, 0,
                             "en")


BENCH = {"diffusion_forward_view": _bench_forward, "diffusion_sdedit_25": _bench_sdedit, **diffusion_lab.BENCH}
