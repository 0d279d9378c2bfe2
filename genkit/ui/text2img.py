"""The Text-to-image tab: a prompt, a guidance slider, the sweep over w, inside guidance, where it fails, and the
same generation in the student's browser (genkit/ui/text2img_browser.py).

Lecture: "DALL-E 2", "Imagen", "« Classifier-free » guidance", "Encore loin d'être parfait"
(compter reste difficile). The models are genkit/text2img.py (a text encoder trained with a
conditional U-Net, the guidance formula in the samplers); the pictures and numbers are
genkit/views/text2img.py; the scene checker is genkit/scene_check.py. Every text is in
genkit/ui/text/text2img.py, in English and French.
"""

import functools
import time

import gradio as gr

from genkit.ui import browser, text2img_browser
from genkit.ui import text2img_inputs as ti
from genkit.ui.common import GPU_S, HEAVY, LATEX, Page, fail, gpu, heavy, image, intro, model, safe, safe_stream
from genkit.ui.i18n import lang_of, t
from genkit.ui.inputs import choice, number, seed_box
from genkit.views import imagen as cascade_views
from genkit.views import text2img as views
from genkit.views.diffusion import captioned_grid
from genkit.viz import line_chart

FRAMES = 10  # pictures per streamed run (the first is the noise x_T, the last the result)
FRAME_S = 0.04  # at least this long between two pictures, so that a fast run can still be watched
X2_SCALE = 4  # "then x2": a 32x32 image 128 px wide, its 64x64 version at the same size
INSIDE_STEPS = 25  # the guided run opened in "3. Inside guidance"
TRADEOFF_SEEDS, TRADEOFF_STEPS = 8, 15  # 6 x 8 images at 15 steps: ~10 s on a CPU
FAIL_W, FAIL_PER_PROMPT = 3.0, 2
EXAMPLES = [  # (model, prompt): single objects, a relation, a count, digits, an unknown word
    ("scenes", "a red circle on the left"), ("scenes", "un carré bleu en haut"),
    ("scenes", "a large yellow triangle in the centre"), ("scenes", "une croix verte à droite"),
    ("scenes", "a purple square left of a green circle"), ("scenes", "un cercle rouge au-dessus d'un triangle bleu"),
    ("scenes", "two yellow circles"), ("scenes", "deux triangles verts"),
    ("digits", "a handwritten seven"), ("digits", "un trois manuscrit"),
    ("scenes", "a red zebra on the left"),
]
FAIL_PROMPTS = {  # a control (one object), then counts and relations
    "en": ["a red circle on the left", "two green triangles", "two blue squares",
           "a red circle left of a blue square", "a yellow diamond above a white cross"],
    "fr": ["un cercle rouge à gauche", "deux triangles verts", "deux carrés bleus",
           "un cercle rouge à gauche d'un carré bleu", "un losange jaune au-dessus d'une croix blanche"],
}


# ----------------------------------------------------------------------------- handlers


@safe
def pick_example(index, lang):
    """A click on an example: its prompt and its model."""
    i = number(index, "t2i.examples", 0, len(EXAMPLES) - 1, lang, integer=True)
    name, prompt = EXAMPLES[i]
    return prompt, name


@safe
@gpu(GPU_S)
def read_words(name, prompt, lang):
    """The words view while the prompt is typed: a bad prompt or a missing model is said in the note, not a toast."""
    try:
        return ti.marked_words(ti.network(name, lang), ti.read_prompt(prompt, lang), lang)
    except gr.Error as e:
        return [], f"⚠ {e.message}"


@safe_stream
@heavy
def generate(name, prompt, w, seed, steps, n, lang):
    """n images of the prompt at guidance w, streamed as they are denoised. Outputs: images, status, words, note."""
    net = ti.network(name, lang)
    prompt, w, seed = ti.read_prompt(prompt, lang), ti.read_w(w, lang), ti.read_seed(seed, lang)
    steps = number(steps, "t2i.steps", 1, ti.MAX_STEPS, lang, integer=True)
    n = number(n, "t2i.n", 1, ti.MAX_IMAGES, lang, integer=True)
    marked, note = ti.marked_words(net, prompt, lang)
    last = 0.0
    for i, t_now, x in views.frames(net, [prompt] * n, w, steps, seed, FRAMES):
        wait = FRAME_S - (time.monotonic() - last)
        if wait > 0:
            time.sleep(wait)
        if t_now == 0:
            status = t("t2i.frame_final", lang, count=n, n=steps, w=ti.fmt(w), seed=seed)
        else:
            status = t("t2i.frame", lang, i=i, n=steps, t=t_now, w=ti.fmt(w), seed=seed)
        yield ti.show(net, views.tile(x)), status, marked, note
        last = time.monotonic()


@safe_stream
@heavy
def then_x2(name, prompt, w, seed, steps, n, lang):
    """The images of "Generate" again (same prompt, w, seed and steps), then raised to 64x64 by sr-scenes-64:
    Imagen's cascade, both stages streamed. Outputs: the 32x32 images, the 64x64 ones, status."""
    lang = lang_of(lang)
    if choice(name, ti.MODELS, "t2i.model", lang) != "scenes":
        fail("t2i.err_x2", lang)
    net, sr = ti.network(name, lang), model("sr-scenes-64", lang)
    prompt, w, seed = ti.read_prompt(prompt, lang), ti.read_w(w, lang), ti.read_seed(seed, lang)
    steps = number(steps, "t2i.steps", 1, ti.MAX_STEPS, lang, integer=True)
    n = number(n, "t2i.n", 1, ti.MAX_IMAGES, lang, integer=True)
    ti.marked_words(net, prompt, lang)
    last = 0.0
    for f in cascade_views.cascade(net, sr, [prompt] * n, w, steps, seed, FRAMES):
        wait = FRAME_S - (time.monotonic() - last)
        if wait > 0:
            time.sleep(wait)
        low = f.x if f.stage == "base" else f.low
        small, large = cascade_views.cascade_pictures(low, f.x if f.stage == "sr" else None, X2_SCALE)
        if f.stage == "sr" and f.t == 0:
            status = t("t2i.x2_done", lang, count=n, n=steps, w=ti.fmt(w), seed=seed,
                       db=round(cascade_views.kept_db(f.x, f.low), 1))
        else:
            status = t(f"t2i.x2_{f.stage}", lang, i=f.i, n=steps, t=f.t)
        yield small, large, status
        last = time.monotonic()


@safe
@heavy
def sweep(name, prompt, seed, lang):
    """The same seed at w = 0, 1, 2, 4, 8, 15, side by side. Outputs: strip, text, words, note."""
    net = ti.network(name, lang)
    prompt, seed = ti.read_prompt(prompt, lang), ti.read_seed(seed, lang)
    marked, note = ti.marked_words(net, prompt, lang)
    x = views.sweep(net, prompt, views.SWEEP_W, 25, seed)
    labels = [f"w = {ti.fmt(w)}" for w in views.SWEEP_W]
    strip = captioned_grid([list(x)], labels, scale=ti.scale_of(net), top=ti.LABEL_PX)
    return strip, t("t2i.sweep_result", lang, prompt=prompt or "∅", seed=seed), marked, note


@safe_stream
@heavy
def tradeoff(name, prompt, seed, lang):
    """Match share and diversity against w over TRADEOFF_SEEDS seeds, the plot growing one w at a time.

    Outputs: the chart (both curves against w), samples (one row per w), text."""
    net = ti.network(name, lang)
    prompt, seed = ti.read_prompt(prompt, lang), ti.read_seed(seed, lang)
    ti.marked_words(net, prompt, lang)
    names = {k: t(f"t2i.series_{k}", lang) for k in ("match", "diversity")}
    curves, table, pictures, labels = {names["match"]: ([], []), names["diversity"]: ([], [])}, [], [], []
    for p in views.tradeoff(net, prompt, views.SWEEP_W, TRADEOFF_SEEDS, TRADEOFF_STEPS, seed):
        for key, value in (("match", p.match), ("diversity", p.diversity)):
            if value is not None:
                curves[names[key]][0].append(p.w)
                curves[names[key]][1].append(value)
        match = "–" if p.match is None else f"{p.match:.0%}"
        table.append(t("t2i.tradeoff_row", lang, w=ti.fmt(p.w), match=match, diversity=f"{p.diversity:.3f}"))
        pictures.append(list(p.images))
        labels.append(f"w = {ti.fmt(p.w)}")
        text = t("t2i.tradeoff_head", lang, done=len(table), total=len(views.SWEEP_W), n=TRADEOFF_SEEDS, seed=seed,
                 steps=TRADEOFF_STEPS) + "\n" + "\n".join(table)
        if p.match is None:
            text = t("t2i.tradeoff_unparsed", lang) + "\n\n" + text
        grid = captioned_grid(pictures, [""] * TRADEOFF_SEEDS, labels, scale=3)
        chart = line_chart(curves, "w", t("t2i.axis_rate", lang), y_lim=(0, 1), x_lim=(0, ti.W_MAX),
                           decimal=t("app.decimal", lang))
        yield chart, grid, text


@safe
@gpu(GPU_S)
def open_step(name, prompt, seed, w, at_step, lang):
    """At one step of the guided run: x_t, the three eps, their difference, the guided x0, and the numbers."""
    net = ti.network(name, lang)
    prompt, seed, w = ti.read_prompt(prompt, lang), ti.read_seed(seed, lang), ti.read_w(w, lang)
    at_step = number(at_step, "t2i.at_step", 0, INSIDE_STEPS - 1, lang, integer=True)
    marked, note = ti.marked_words(net, prompt, lang)
    v = views.inside(net, prompt, w, at_step, INSIDE_STEPS, seed)
    r = {k: f"{x:.3f}" for k, x in v.norms.items()}
    text = t("t2i.inside_result", lang, i=at_step, t=v.t, w=ti.fmt(w), uncond=r["eps_uncond"], cond=r["eps_cond"],
             push=r["push"], wpush=f"{w * v.norms['push']:.3f}", guided=r["eps_guided"], m=f"{v.m:.2f}",
             m_push=f"{v.m_push:.3f}")
    pictures = (v.xt, v.eps_uncond, v.eps_cond, v.push, v.eps_guided, v.x0)
    return (*(ti.show(net, p) for p in pictures), text, marked, note)


@safe
@heavy
def fails(seed, lang):
    """A control, counts and relations, FAIL_PER_PROMPT images each, with the checker's verdicts.

    Outputs: gallery (image, caption), text (a table)."""
    lang = lang_of(lang)
    net = ti.network("scenes", lang)
    seed = ti.read_seed(seed, lang)
    prompts = FAIL_PROMPTS[lang]
    results = views.judged(net, prompts, FAIL_W, 25, seed, FAIL_PER_PROMPT)
    gallery, lines = [], []
    for r in results:
        verdict = t("t2i.verdict_yes" if r.matched else "t2i.verdict_no", lang)
        kind = t(f"t2i.kind_{r.spec.kind}", lang) if r.spec else "–"
        lines.append(f"| {r.prompt} | {kind} | {verdict} | {views.reading(r.found, lang, t('t2i.saw_nothing', lang))} |")
    for k in range(FAIL_PER_PROMPT):  # one row per sample, one column per prompt
        for r in results[k::FAIL_PER_PROMPT]:
            gallery.append((image(r.image, ti.scale_of(net)), f"{'✓' if r.matched else '✗'} {r.prompt}"))
    hits = sum(bool(r.matched) for r in results)
    return gallery, t("t2i.fails_head", lang, seed=seed, hits=hits, total=len(results)) + "\n" + "\n".join(lines)


# ----------------------------------------------------------------------------- layout


def _prompt_block(page: Page):
    """Model, prompt, examples and seed: (model radio, prompt box, seed box); an example sets model and prompt."""
    with gr.Row():
        name = page.make(gr.Radio, label="t2i.model", value="scenes",
                         choices_keys=[(f"t2i.model_{m}", m) for m in ti.MODELS])
        seed = seed_box(page, "t2i.seed")
    prompt = page.make(gr.Textbox, label="t2i.prompt", placeholder="t2i.prompt_placeholder", lines=1,
                       max_length=ti.MAX_CHARS, value=EXAMPLES[0][1])
    examples = page.make(gr.Dataset, label="t2i.examples", components=["textbox"], samples=[[p] for _, p in EXAMPLES],
                         type="index", samples_per_page=len(EXAMPLES))
    examples.click(pick_example, [examples, page.lang], [prompt, name], api_visibility="private", queue=False)
    return name, prompt, seed


def _words_block(page: Page):
    marked = page.make(gr.HighlightedText, label="t2i.words", color_map={"unknown": "red"},
                       show_inline_category=False, show_legend=False, combine_adjacent=False)
    note = gr.Markdown(latex_delimiters=LATEX)
    return marked, note


def build(page: Page) -> None:
    lang = page.lang
    intro(page, "t2i.intro", [f"text2img-{m}" for m in ti.MODELS])

    # 1. generate, streamed
    with page.tab("t2i.tab_generate"):
        page.md("t2i.generate_help")
        name, prompt, seed = _prompt_block(page)
        with gr.Row():
            w = page.make(gr.Slider, label="t2i.w", info="t2i.w_info", minimum=0, maximum=ti.W_MAX, step=0.1, value=3)
            steps = page.make(gr.Slider, label="t2i.steps", info="t2i.steps_info", minimum=1, maximum=ti.MAX_STEPS,
                              step=1, value=25)
            n = page.make(gr.Slider, label="t2i.n", minimum=1, maximum=ti.MAX_IMAGES, step=1, value=4)
        go = page.button("t2i.generate", variant="primary")
        images = page.picture("t2i.images", height=560)  # four 32x32 images, each over 400 px
        status = gr.Markdown()
        marked, note = _words_block(page)
        g_inputs, g_outputs = [name, prompt, w, seed, steps, n, lang], [images, status, marked, note]
        go.click(generate, g_inputs, g_outputs, api_name="t2i_generate", concurrency_id=HEAVY)
        # then x2: the same images, raised to 64x64 by Imagen's second stage, side by side
        x2_go = page.button("t2i.x2_go")
        x2_low, x2_high = page.pictures("t2i.x2_low", "t2i.x2_high", min_width=300)  # one a row on a phone
        x2_status = gr.Markdown(latex_delimiters=LATEX)
        x2_go.click(then_x2, g_inputs, [x2_low, x2_high, x2_status], api_name="t2i_x2", concurrency_id=HEAVY)
        # the same seed again when w is let go (4 images ~0.7 s on a CPU): the class sees w's effect alone
        gr.on([prompt.submit, w.release], generate, g_inputs, g_outputs, api_visibility="private",
              concurrency_id=HEAVY, trigger_mode="always_last")
        gr.on([prompt.input, name.input], read_words, [name, prompt, lang], [marked, note], api_visibility="private",
              trigger_mode="always_last")

    # 2. the sweep over w, and the trade-off
    with page.tab("t2i.tab_sweep"):
        page.md("t2i.sweep_help")
        s_name, s_prompt, s_seed = _prompt_block(page)
        s_go = page.button("t2i.sweep_go", variant="primary")
        s_strip = page.picture("t2i.sweep_strip")
        s_text = gr.Markdown()
        s_marked, s_note = _words_block(page)
        s_go.click(sweep, [s_name, s_prompt, s_seed, lang], [s_strip, s_text, s_marked, s_note], api_name="t2i_sweep",
                   concurrency_id=HEAVY)
        o_go = page.button("t2i.tradeoff_go")
        with gr.Row():
            o_plot = page.picture("t2i.tradeoff_plot", elem_classes="genkit-chart")
            o_text = gr.Markdown(latex_delimiters=LATEX)
        o_grid = page.picture("t2i.tradeoff_samples")
        o_go.click(tradeoff, [s_name, s_prompt, s_seed, lang], [o_plot, o_grid, o_text], api_name="t2i_tradeoff",
                   concurrency_id=HEAVY)

    # 3. inside guidance
    with page.tab("t2i.tab_inside"):
        page.md("t2i.inside_help")
        i_name, i_prompt, i_seed = _prompt_block(page)
        with gr.Row():
            i_w = page.make(gr.Slider, label="t2i.w", info="t2i.w_info", minimum=0, maximum=ti.W_MAX, step=0.1, value=3)
            i_step = page.make(gr.Slider, label="t2i.at_step", info="t2i.at_step_info", minimum=0,
                               maximum=INSIDE_STEPS - 1, step=1, value=12)
        i_go = page.button("t2i.inside_go", variant="primary")
        i_xt, i_uncond, i_cond = page.pictures("t2i.in_xt", "t2i.in_uncond", "t2i.in_cond", min_width=120)
        i_push, i_guided, i_x0 = page.pictures("t2i.in_push", "t2i.in_guided", "t2i.in_x0", min_width=120)
        i_text = gr.Markdown(latex_delimiters=LATEX)
        i_marked, i_note = _words_block(page)
        i_inputs = [i_name, i_prompt, i_seed, i_w, i_step, lang]
        i_outputs = [i_xt, i_uncond, i_cond, i_push, i_guided, i_x0, i_text, i_marked, i_note]
        i_go.click(open_step, i_inputs, i_outputs, api_name="t2i_inside")
        gr.on([i_w.release, i_step.release], open_step, i_inputs, i_outputs, api_visibility="private",
              trigger_mode="always_last")

    # 4. where it fails
    with page.tab("t2i.tab_fails"):
        page.md("t2i.fails_help")
        with gr.Row():
            f_seed = seed_box(page, "t2i.seed")
            f_go = page.button("t2i.fails_go", variant="primary")
        f_gallery = page.make(gr.Gallery, label="t2i.fails_gallery", columns=len(FAIL_PROMPTS["en"]),
                              object_fit="contain", interactive=False, allow_preview=True)
        f_text = gr.Markdown(latex_delimiters=LATEX)
        f_go.click(fails, [f_seed, lang], [f_gallery, f_text], api_name="t2i_fails", concurrency_id=HEAVY)

    # 5. in the student's browser, the server's same picture beside
    with page.tab("t2i.tab_browser") as tab:
        text2img_browser.build(page)
    tab.select(None, js=browser.preload_js("text2img-scenes"))


# ----------------------------------------------------------------------------- benchmark (python -m genkit.bench)


def _bench_generate():
    def call():
        for _ in generate("scenes", EXAMPLES[0][1], 3.0, 0, 25, 4, "en"):
            pass

    call.items = 4
    return call


BENCH = {"t2i_generate_4x25": _bench_generate,
         "t2i_sweep_6": lambda: functools.partial(sweep, "scenes", EXAMPLES[0][1], 0, "en")}
