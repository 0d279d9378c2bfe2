"""The GAN tab, step 4: CycleGAN, unpaired translation between handwritten and typeset digits.

Lecture: "GANs - Varia" (Monet <-> photos, zebras <-> horses: Zhu et al., 2017). A round trip
a -> G(a) -> F(G(a)) (or b -> F(b) -> G(F(b))) of a test digit, a drawing or an upload, with the
cycle error as a number and a difference picture; a grid of 8 test digits of each domain; the
replay of the committed run. The model is genkit/cyclegan.py (typeset digits: genkit/typeset.py),
the pictures genkit/views/gan_cycle.py, the texts genkit/ui/text/gan_cycle.py. Imported only by
genkit/ui/gan.py.

Without the MNIST test images (a Space, a fresh clone), the typeset side still works: its test
digits are rendered here from fixed seeds; the handwritten test source says why it cannot.
"""

import functools
import math

import gradio as gr
import torch

from genkit import hub, typeset
from genkit.cyclegan import DIRECTIONS
from genkit.ui.common import GPU_S, LATEX, Page, changes, checkpoint_present, fail, gpu, initial, model, safe
from genkit.ui.i18n import t
from genkit.ui.inputs import SOURCES, choice, input_block, number, read_input, test_set
from genkit.views import gan_cycle as views

NAME = "cyclegan-digits"
CLASSIFIER = "classifier-mnist"
TEST_MAX = 9999  # test indices 0 .. TEST_MAX in both domains (MNIST's test split; typeset seeds TEST_SEED + i)
GRID = 8  # test digits of each domain in the grid
CAPTIONS = {"a2b": ["a", "G(a)", "F(G(a))", "F(G(a)) − a"], "b2a": ["b", "F(b)", "G(F(b))", "G(F(b)) − b"]}
ROWS = ["a", "G(a)", "F(G(a))", "b", "F(b)", "G(F(b))"]


# ----------------------------------------------------------------------------- inputs


def _typeset_test(index, klass, lang) -> tuple[torch.Tensor, int, int]:
    """The index-th typeset test digit (its digit forced to `klass` unless "any"): ((1, 28, 28), digit, seed)."""
    i = number(index, "input.index", 0, TEST_MAX, lang, integer=True)
    k = None if klass in (None, "", "any") else choice(klass, tuple(range(10)), "input.class", lang)
    x, d = typeset.sample(typeset.TEST_SEED + i, k)
    return x, d, typeset.TEST_SEED + i


def read_digit(direction, source, index, klass, drawing, upload, lang) -> tuple[torch.Tensor, object, str]:
    """The round trip's input (1, 28, 28) in [0, 1], the preprocessing strip (drawings, uploads) or None, a note.

    A test image is MNIST's for a2b and a typeset test digit for b2a; a drawing or an upload is read as
    MNIST's digits were prepared (genkit/ui/inputs.py), whichever the direction."""
    source = choice(source, SOURCES, "input.source", lang)
    if source == "test" and direction == "b2a":
        x, d, seed = _typeset_test(index, klass, lang)
        return x, None, t("gan.cy_note_typeset", lang, label=d, seed=seed)
    if source == "test" and test_set("mnist") is None:
        fail("gan.cy_err_no_mnist", lang)
    return read_input(source, "mnist", index, klass, drawing, upload, lang)


def _classifier(lang):
    """classifier-mnist, which only reads the digits: missing or corrupt (said in the Convolution tab), the
    translation still works and its readings show "–"."""
    if not checkpoint_present(CLASSIFIER):
        return None
    try:
        return model(CLASSIFIER, lang)
    except gr.Error:
        return None


def _fmt(v: float, lang: str) -> str:
    return f"{v:.3f}".replace(".", t("app.decimal", lang))


# ----------------------------------------------------------------------------- handlers


@safe
@gpu(GPU_S)
def translate(direction, source, index, klass, drawing, upload, lang):
    """One round trip: the picture (input, translation, way back, difference), the numbers, the preprocessing."""
    direction = choice(direction, DIRECTIONS, "gan.cy_direction", lang)
    x, steps, note = read_digit(direction, source, index, klass, drawing, upload, lang)
    net = model(NAME, lang)
    trip = views.round_trip(net, x, direction, CAPTIONS[direction], _classifier(lang))
    domain = lambda p: t("gan.cy_typeset" if p > 0.5 else "gan.cy_handwritten", lang)  # noqa: E731
    digit = lambda d: t("gan.cy_no_classifier", lang) if d is None else str(d)  # noqa: E731
    x_name, y_name, back_name = CAPTIONS[direction][:3]
    text = t("gan.cy_result", lang, l1=_fmt(trip.cycle_l1, lang), x=x_name, y=y_name, back=back_name,
             p_in=_fmt(trip.p_typeset_in, lang), p_out=_fmt(trip.p_typeset_out, lang),
             d_in=domain(trip.p_typeset_in), d_out=domain(trip.p_typeset_out),
             digit_in=digit(trip.digit_in), digit_out=digit(trip.digit_out), note=note)
    return trip.picture, text, gr.update(value=steps, visible=steps is not None)


@safe
@gpu(GPU_S)
def grid(start, lang):
    """8 test digits of each domain from index `start`, their translations and round trips, and the mean error."""
    start = number(start, "gan.cy_start", 0, TEST_MAX + 1 - GRID, lang, integer=True)
    net = model(NAME, lang)
    found = test_set("mnist")
    xa = None if found is None else found[0][start : start + GRID]
    xb, _ = typeset.batch(GRID, typeset.TEST_SEED + start)
    picture, l1 = views.translation_grid(net, xa, xb, [str(start + j) for j in range(GRID)], ROWS)
    text = t("gan.cy_grid_result", lang, start=start, end=start + GRID - 1, l1=_fmt(l1, lang))
    return picture, text + ("" if xa is not None else "\n\n" + t("gan.cy_grid_no_mnist", lang))


_replay = functools.cache(lambda: views.read_replay(hub.checkpoints_dir() / NAME))  # read once


@safe
def replay(moment, lang):
    """The committed run at one of its moments: G of the 8 fixed handwritten digits, F of the 8 typeset ones."""
    found = _replay()
    if found is None:
        return None, t("gan.replay_missing", lang, name=NAME, command=hub.entry(NAME).train_command)
    record, strip = found
    moments = record["moments"]
    # moments count from 1, as the slider says; beyond the ends, the first or the last one
    i = min(max(int(number(moment, "gan.cy_moment", -math.inf, math.inf, lang)), 1), len(moments)) - 1
    m = moments[i]
    found_a = test_set("mnist")
    xa = None if found_a is None else found_a[0][record["inputs"]["a_test_indices"]]
    xb = torch.stack([typeset.sample(s)[0] for s in record["inputs"]["b_seeds"]])
    picture = views.replay_picture(strip, record["tile"], i, xa, xb, ROWS)
    text = t("gan.cy_replay_status", lang, n=i + 1, total=len(moments), step=m["step"], seconds=m["seconds"],
             adv=m["adv"], cycle=m["cycle"], identity=m["identity"], loss_d=m["loss_d"])
    return picture, text + ("" if xa is not None else "\n\n" + t("gan.cy_replay_inputs_missing", lang))


@safe
def index_state(direction, lang):
    """The index slider: usable for typeset test digits (always here), and for MNIST's only where they are."""
    direction = choice(direction, DIRECTIONS, "gan.cy_direction", lang)
    return gr.update(interactive=direction == "b2a" or test_set("mnist") is not None)


# ----------------------------------------------------------------------------- layout


def build(page: Page) -> None:
    lang = page.lang
    page.md("gan.cy_help")

    # 1. one round trip
    page.md("gan.cy_trip_help")
    direction = page.make(gr.Radio, label="gan.cy_direction", value="a2b",
                          choices_keys=[("gan.cy_a2b", "a2b"), ("gan.cy_b2a", "b2a")])
    (source, index, klass, drawing, upload), _ = input_block(page)
    go = page.button("gan.cy_go", variant="primary")
    trip = page.picture("gan.cy_trip", height=None, elem_classes="genkit-natural")
    result = gr.Markdown(latex_delimiters=LATEX)
    steps = page.picture("gan.cy_steps", visible=False, height=None, elem_classes="genkit-natural")
    inputs = [direction, source, index, klass, drawing, upload, lang]
    go.click(translate, inputs, [trip, result, steps], api_name="gan_cy_translate")
    gr.on([direction.input, index.release, klass.input], translate, inputs, [trip, result, steps],
          api_visibility="private", trigger_mode="always_last")
    direction.input(index_state, [direction, lang], index, api_visibility="private")

    # 2. the grid of 8 + 8
    present = checkpoint_present(NAME)
    with page.accordion("gan.cy_grid_title", open=True):
        page.md("gan.cy_grid_help")
        with gr.Row():
            start = page.make(gr.Slider, label="gan.cy_start", info="gan.cy_start_info", minimum=0,
                              maximum=TEST_MAX + 1 - GRID, step=GRID, value=0)
            grid_go = page.button("gan.cy_grid_go")
        first = initial(grid, 0, "en") if present else (None, "")
        grid_picture = page.picture("gan.cy_grid", value=first[0], height=None, elem_classes="genkit-natural")
        grid_text = gr.Markdown(first[1], latex_delimiters=LATEX)
    grid_go.click(grid, [start, lang], [grid_picture, grid_text], api_name="gan_cy_grid")
    gr.on([start.release, lang.change], grid, [start, lang], [grid_picture, grid_text], api_visibility="private",
          trigger_mode="always_last")

    # 3. the replay of the committed run
    with page.accordion("gan.cy_replay_title", open=True):
        page.md("gan.cy_replay_help")
        last = len(_replay()[0]["moments"]) if _replay() is not None else 12
        moment = page.make(gr.Slider, label="gan.cy_moment", info="gan.cy_moment_info", minimum=1, maximum=last,
                           step=1, value=last)
        shown = initial(replay, last, "en")
        r_picture = page.picture("gan.cy_replay", value=shown[0], height=None, elem_classes="genkit-natural")
        r_text = gr.Markdown(shown[1])
    gr.on(changes([moment, lang]), replay, [moment, lang], [r_picture, r_text], api_name="gan_cy_replay",
          trigger_mode="always_last")


# ----------------------------------------------------------------------------- benchmark (genkit/ui/gan.py's BENCH)


def _bench_both_ways():
    """One translation each way (a test digit typeset -> handwritten, a drawing handwritten -> typeset)."""
    from genkit.ui.inputs import procedural_drawing

    drawing = procedural_drawing()

    def call():
        translate("a2b", "draw", 0, "any", drawing, None, "en")
        translate("b2a", "test", 3, "any", None, None, "en")

    return call


BENCH = {"gan_cy_translate_both_ways": _bench_both_ways, "gan_cy_grid": lambda: functools.partial(grid, 0, "en")}
