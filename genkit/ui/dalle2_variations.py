"""DALL-E 2, step 2: "4. Variations", a sub-tab of the DALL-E 2 tab.

Lecture: "DALL.E - GLIDE et modèles de diffusion": from one image, make several that resemble it. An
image's CLIP embedding z_i is decoded from different noises (unCLIP's variations, Ramesh et al. fig. 3),
and two images' embeddings are interpolated on the sphere (slerp, fig. 4) and decoded from one noise.
The decoder is genkit/unclip.py; the pictures genkit/views/dalle2.py; the texts genkit/ui/text/dalle2.py.
"""

import gradio as gr

from genkit import scenes
from genkit.ui import dalle2_inputs as d2
from genkit.ui.common import HEAVY, LATEX, Page, heavy, safe
from genkit.ui.i18n import lang_of, t
from genkit.ui.inputs import SEED_MAX
from genkit.views import dalle2 as views
from genkit.views.diffusion import captioned_grid

VARIATIONS = 6  # decodings of one embedding, from 6 noises
STEPS_BETWEEN = 8  # decoded points on the great circle from z_a to z_b, both ends included
GRID_SCALE = 5  # 32 x 5 = 160 px a picture: 7 or 10 of them side by side


def _fmt(v: float) -> str:
    return f"{v:g}"


def _mark(flag) -> str:
    return "–" if flag is None else "✓" if flag else "✗"


@safe
@heavy
def variations(source, seed, drawing, w, lang):
    """The chosen image -> its CLIP image embedding -> VARIATIONS decodings from different noises, each read by
    the scene checker. Outputs: the picture (the source, then the variations), the text (a table)."""
    net, decoder = d2.clip(lang), d2.decoder(lang)
    x, _ = d2.source_image(source, seed, drawing, lang)
    w, seed = d2.w_decoder(w, lang), d2.seed(seed, lang)  # the seed draws the scene and the decoder's noises
    v = views.variations(net, decoder, x, VARIATIONS, w, d2.STEPS, seed)
    heads = [t("d2.var_source", lang)] + [str(k + 1) for k in range(VARIATIONS)]
    picture = captioned_grid([[v.source, *v.images]], heads, scale=GRID_SCALE)
    nothing = t("d2.saw_nothing", lang)
    rows = [f"| {t('d2.var_source', lang)} | {views.reading(v.found[0], lang_of(lang), nothing)} | | |"]
    rows += [f"| {k + 1} | {views.reading(f, lang_of(lang), nothing)} | {_mark(kept)} | {_mark(moved)} |"
             for k, (f, kept, moved) in enumerate(zip(v.found[1:], v.kept, v.moved))]
    kept, moved = sum(bool(k) for k in v.kept), sum(bool(m) for m in v.moved)
    text = t("d2.var_result", lang, n=VARIATIONS, w=_fmt(w), kept=kept, moved=moved, steps=d2.STEPS)
    return picture, text + "\n\n" + t("d2.var_head", lang) + "\n" + "\n".join(rows)


@safe
@heavy
def interpolate(seed_a, seed_b, w, lang):
    """The scenes of two seeds -> slerp between their embeddings at STEPS_BETWEEN points -> each decoded from the
    same noise. Outputs: the strip (A, the decoded points, B), the text (each point's nearest caption)."""
    net, decoder = d2.clip(lang), d2.decoder(lang)
    a, b = d2.seed(seed_a, lang, "d2.seed_a"), d2.seed(seed_b, lang, "d2.seed_b")
    w = d2.w_decoder(w, lang)
    spec_a, spec_b = views.seed_scene(a), views.seed_scene(b)
    xa, xb = scenes.render([spec_a]), scenes.render([spec_b])
    x, z, fractions = views.interpolation(net, decoder, xa, xb, STEPS_BETWEEN, w, d2.STEPS, a)
    decimal = t("app.decimal", lang)
    heads = ["A"] + [f"s={s:.2f}".replace(".", decimal) for s in fractions] + ["B"]
    picture = captioned_grid([[xa[0], *x, xb[0]]], heads, scale=GRID_SCALE)
    near = views.nearest(net, z, lang_of(lang), k=1)
    rows = [f"| {f'{s:.2f}'.replace('.', decimal)} | {n[0][0]} | {f'{n[0][1]:.2f}'.replace('.', decimal)} |"
            for s, n in zip(fractions, near)]
    text = t("d2.interp_result", lang, a=d2.scene_caption(spec_a, lang), b=d2.scene_caption(spec_b, lang),
             k=STEPS_BETWEEN, w=_fmt(w), steps=d2.STEPS)
    return picture, text + "\n\n" + t("d2.interp_head", lang) + "\n" + "\n".join(rows)


def build(page: Page) -> None:
    lang = page.lang
    page.md("d2.variations_help")
    source, seed, drawing = d2.source_block(page)
    w = page.make(gr.Slider, label="d2.w_decoder", info="d2.w_decoder_info", minimum=0, maximum=d2.W_DECODER_MAX,
                  step=0.1, value=3)
    go = page.button("d2.var_go", variant="primary")
    picture = page.picture("d2.var_picture", height=None, elem_classes="genkit-natural")
    text = gr.Markdown(latex_delimiters=LATEX)
    go.click(variations, [source, seed, drawing, w, lang], [picture, text], api_name="d2_variations",
             concurrency_id=HEAVY)

    page.md("d2.interp_help")
    with gr.Row():
        seed_a = page.make(gr.Number, label="d2.seed_a", value=1, precision=0, minimum=0, maximum=SEED_MAX)
        seed_b = page.make(gr.Number, label="d2.seed_b", value=2, precision=0, minimum=0, maximum=SEED_MAX)
    i_go = page.button("d2.interp_go", variant="primary")
    strip = page.picture("d2.interp_picture", height=None, elem_classes="genkit-natural")
    i_text = gr.Markdown(latex_delimiters=LATEX)
    i_inputs = [seed_a, seed_b, w, lang]
    i_go.click(interpolate, i_inputs, [strip, i_text], api_name="d2_interpolate", concurrency_id=HEAVY)
    gr.on([seed_a.submit, seed_b.submit], interpolate, i_inputs, [strip, i_text], api_visibility="private",
          concurrency_id=HEAVY, trigger_mode="always_last")
