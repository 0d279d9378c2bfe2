"""The GAN tab: watch a generator and a discriminator play, live, see them fail, and translate without pairs.

Lecture: "Réseaux antagonistes générateurs (GAN)" (the two players, the min-max game, Algorithm 1
of Goodfellow et al., 2014) and "GANs - Varia" (CycleGAN, Zhu et al., 2017). The sub-tabs follow the
lecture's order and live in their own modules, imported only by this one: genkit/ui/gan_live.py
(1. live training on images, 2. the game on the plane and its failure modes, 3. the replay of a
full run), genkit/ui/gan_cycle.py (4. CycleGAN: handwritten <-> typeset digits) and genkit/ui/gan_browser.py
(5. the trained generator run by the student's browser). The maths is
in genkit/gan.py, genkit/gan2d.py, genkit/cyclegan.py; the pictures in genkit/views/gan.py and
genkit/views/gan_cycle.py; the texts in genkit/ui/text/gan.py and genkit/ui/text/gan_cycle.py.
"""

import functools

from genkit.ui import browser, gan_browser, gan_cycle, gan_live
from genkit.ui.common import Page


def build(page: Page) -> None:
    page.md("gan.intro")
    with page.tab("gan.tab_live"):
        gan_live.build_live(page)
    with page.tab("gan.tab_2d"):
        gan_live.build_2d(page)
    with page.tab("gan.tab_replay"):
        gan_live.build_replay(page)
    with page.tab("gan.tab_cycle"):
        gan_cycle.build(page)
    with page.tab("gan.tab_browser") as tab:
        gan_browser.build(page)
    tab.select(None, js=browser.preload_js("gan-mnist"))


# ----------------------------------------------------------------------------- benchmark (python -m genkit.bench)
# (the game's own speed, gan_live_step and gan_2d_step, is a library task of genkit/bench.py)

BENCH = {"gan_2d_view": gan_live.bench_view,
         "gan_replay": lambda: functools.partial(gan_live.replay, "mnist", 20, "en"),
         **gan_cycle.BENCH}
