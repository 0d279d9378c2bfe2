"""Imagen, sub-tabs 5 and 6: "5. Where it still fails" and "6. DALL-E 2 vs Imagen".

Lecture: "Encore loin d'être parfait ..." (operations that need counting remain hard) and "Par rapport à
Dall-E 2" (better alignment and fidelity by human raters; a simpler architecture, without CLIP).
5: counts and relations through the three scenes models, read by the scene checker, with the rates
each model measured (metrics.json). 6: the same prompts through DALL-E 2 (CLIP, prior, decoder:
genkit/unclip.py) and through Imagen-style text2img-scenes-large: the checker's match share and the
samples' diversity (genkit/views/text2img.py's measure). Pictures: genkit/views/imagen.py; texts:
genkit/ui/text/imagen.py (im.*).
"""

import gradio as gr
import torch

from genkit.ui import imagen_inputs as im
from genkit.ui.common import GPU_S, HEAVY, LATEX, Page, gpu, heavy, model, safe, safe_stream
from genkit.ui.i18n import lang_of, t
from genkit.ui.inputs import choice, number, seed_box
from genkit.views import imagen as views

FAIL_W = 3.0
FAIL_PROMPTS = {  # two counts, two relations (the scenes' only count is "two")
    "en": ["two green triangles", "two blue squares", "a red circle left of a blue square",
           "a yellow diamond above a white cross"],
    "fr": ["deux triangles verts", "deux carrés bleus", "un cercle rouge à gauche d'un carré bleu",
           "un losange jaune au-dessus d'une croix blanche"],
}
COMPARE_PROMPTS = {  # two single objects, a relation, a count
    "en": ["a red circle on the left", "a large yellow triangle in the centre", "a purple square left of a green circle",
           "two blue squares"],
    "fr": ["un cercle rouge à gauche", "un grand triangle jaune au centre", "un carré violet à gauche d'un cercle vert",
           "deux carrés bleus"],
}
WHICH = ("set", "mine")  # the lecture's prompts, or the user's own
N_MIN, N_MAX, N_DEFAULT = 2, 3, 2  # samples per prompt and pipeline (diversity needs two); 4 x 2 ~ 3 s in all,
# at most 3 so that one click stays within a few seconds on a CPU
W_PRIOR, W_DECODER, W_IMAGEN = 1.0, 3.0, 3.0  # each pipeline's default guidance
CELL_SCALE = 6


def _verdict(matched, lang) -> str:
    return "–" if matched is None else t("im.verdict_yes" if matched else "im.verdict_no", lang)


# ----------------------------------------------------------------------------- 5. where it still fails


@safe_stream
@heavy
def fails(seed, lang):
    """Two counts and two relations through the five scenes models (one sample each, the same noise), the
    checker's verdicts, and the measured rates, streamed a model (a column) at a time, the columns still to come
    black in grey frames. Outputs: the grid (a row per prompt, a column per model), text."""
    lang = lang_of(lang)
    nets = [im.text2img(s, lang) for s in im.MODELS]
    seed = im.seed(seed, lang)
    prompts = FAIL_PROMPTS[lang]
    names = [t(f"im.short_{s}", lang) for s in im.MODELS]
    empty = torch.zeros(len(nets), 3, 32, 32)
    rows = [(p, empty.clone(), [None] * len(nets)) for p in prompts]  # (prompt, a column per model, verdicts)
    hits, rates = [], im.rates_table(lang)  # the measured rates, read once
    for j, net in enumerate(nets):
        judged = views.imagen_samples(net, prompts, 1, FAIL_W, im.STEPS, seed)  # [prompt]
        for (_, images, marks), one in zip(rows, judged):
            images[j], marks[j] = one.images[0], one.matched[0]
        hits.append(f"{names[j]} **{sum(bool(one.matched[0]) for one in judged)}**")
        run = t("im.fails_run", lang, seed=seed, w=im.fmt(FAIL_W), steps=im.STEPS, n=len(prompts),
                hits=" · ".join(hits))
        yield views.verdict_grid(rows, names, CELL_SCALE), f"{run}\n\n{rates}"


# ----------------------------------------------------------------------------- 6. DALL-E 2 vs Imagen


def _pipeline_picture(judged: list):
    return views.verdict_grid([(j.prompt, j.images, j.matched) for j in judged], None, CELL_SCALE)


def _summary(d2: list, imagen: list, lang) -> str:
    """The means so far (a narrow table: a column per pipeline), then each prompt's match share and diversity."""
    decimal = t("app.decimal", lang)
    num = lambda v: "–" if v is None else f"{v:.3f}".replace(".", decimal)  # noqa: E731
    share = lambda v: "–" if v is None else im.percent(v, lang)  # noqa: E731
    wait = t("im.cmp_waiting", lang)
    means = [(views.mean([j.share for j in r]), views.mean([j.diversity for j in r])) if r else None
             for r in (d2, imagen)]
    lines = [t("im.cmp_head", lang)]
    for key, k in (("im.cmp_match", 0), ("im.cmp_diversity", 1)):
        cells = [wait if m is None else f"**{(share, num)[k](m[k])}**" for m in means]
        lines.append(f"| {t(key, lang)} | {cells[0]} | {cells[1]} |")
    lines.append("")
    for k, j in enumerate(d2):
        other = imagen[k] if k < len(imagen) else None
        lines.append(t("im.cmp_prompt", lang, prompt=j.prompt, d2=share(j.share), d2_div=num(j.diversity),
                       im=wait if other is None else share(other.share),
                       im_div=wait if other is None else num(other.diversity)))
    return "\n".join(lines)


@safe_stream
@heavy
def compare(which, prompt, n, seed, lang):
    """The same prompts through DALL-E 2 and through Imagen-style text2img-scenes-large, n samples each (one batch
    per pipeline: 4 x 2 images ~ 1.5 s each on a CPU), the checker's match share and the diversity; DALL-E 2
    first. Outputs: DALL-E 2's grid, Imagen's, text, words."""
    lang = lang_of(lang)
    which = choice(which, WHICH, "im.cmp_which", lang)
    clip, prior, decoder = (model(name, lang) for name in im.DALLE2)
    net = im.text2img("large", lang)
    n = number(n, "im.cmp_n", N_MIN, N_MAX, lang, integer=True)
    seed = im.seed(seed, lang)
    if which == "mine":
        prompt, marked, note = im.prompt([clip, net], prompt, lang)
        prompts = [prompt]
    else:
        prompts, marked, note = COMPARE_PROMPTS[lang], [], t("im.cmp_set_note", lang)
    head = t("im.cmp_run", lang, n=n, seed=seed, steps=im.STEPS, wp=im.fmt(W_PRIOR), wd=im.fmt(W_DECODER),
             w=im.fmt(W_IMAGEN))
    d2 = views.dalle2_samples(clip, prior, decoder, prompts, n, W_PRIOR, W_DECODER, im.STEPS, seed)
    d2_picture = _pipeline_picture(d2)
    yield d2_picture, None, "\n\n".join([note, head, _summary(d2, [], lang)]), marked
    imagen = views.imagen_samples(net, prompts, n, W_IMAGEN, im.STEPS, seed)
    yield d2_picture, _pipeline_picture(imagen), "\n\n".join([note, head, _summary(d2, imagen, lang)]), marked


@safe
@gpu(GPU_S)
def read_compare(prompt, lang):
    """The words view while a prompt is typed (or an example picked); the comparison then takes the user's prompt."""
    marked, note = im.typed([model(im.DALLE2[0], lang), im.text2img("large", lang)], prompt, lang)
    return marked, note, "mine"


# ----------------------------------------------------------------------------- layout


def build_fails(page: Page) -> None:
    lang = page.lang
    page.md("im.fails_help")
    with gr.Row():
        seed = seed_box(page, "im.seed")
        go = page.button("im.fails_go", variant="primary")
    with gr.Row():
        grid = page.picture("im.fails_grid", height=None, elem_classes="genkit-natural")
        text = gr.Markdown(latex_delimiters=LATEX)
    go.click(fails, [seed, lang], [grid, text], api_name="im_fails", concurrency_id=HEAVY)
    seed.submit(fails, [seed, lang], [grid, text], api_visibility="private", concurrency_id=HEAVY,
                trigger_mode="always_last")


def build_compare(page: Page) -> None:
    lang = page.lang
    page.md("im.cmp_help")
    which = page.make(gr.Radio, label="im.cmp_which", value="set",
                      choices_keys=[("im.cmp_which_set", "set"), ("im.cmp_which_mine", "mine")])
    prompt, seed = im.prompt_block(page)
    n = page.make(gr.Slider, label="im.cmp_n", info="im.cmp_n_info", minimum=N_MIN, maximum=N_MAX, step=1,
                  value=N_DEFAULT)
    go = page.button("im.cmp_go", variant="primary")
    with gr.Row():
        d2 = page.picture("im.cmp_dalle2", height=None, elem_classes="genkit-natural", min_width=300)
        imagen = page.picture("im.cmp_imagen", height=None, elem_classes="genkit-natural", min_width=300)
    text = gr.Markdown(latex_delimiters=LATEX)
    marked = im.words(page)
    inputs, outputs = [which, prompt, n, seed, lang], [d2, imagen, text, marked]
    go.click(compare, inputs, outputs, api_name="im_compare", concurrency_id=HEAVY)
    prompt.submit(compare, inputs, outputs, api_visibility="private", concurrency_id=HEAVY,
                  trigger_mode="always_last")
    prompt.change(read_compare, [prompt, lang], [marked, text, which], api_visibility="private",
                  trigger_mode="always_last")
