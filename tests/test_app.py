"""The app shell: eight tabs in the lecture's order, complete translations, the language switch, launch."""

import importlib
import json
import re
import subprocess
import sys

import gradio as gr
import pytest

from genkit.ui import TABS, build_app, launch_options
from genkit.ui.i18n import LANGS, lang_of, missing, t, table, text_modules
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def demo():
    return build_app()



def test_eight_tabs_in_lecture_order(demo):
    tabs = [b for b in demo.blocks.values() if isinstance(b, gr.Tab) and (b.elem_id or "").startswith("tab-")]
    assert [tab.elem_id for tab in tabs] == [f"tab-{m}" for m in
                                             ("conv", "autoencoder", "vae", "gan", "diffusion", "text2img", "dalle2",
                                              "imagen")]
    assert [t(key, "en") for _, key in TABS] == ["Convolution", "Autoencoder", "VAE", "GAN", "Diffusion",
                                                 "Text-to-image", "DALL-E 2", "Imagen"]


def test_every_key_has_english_and_french():
    texts = table()
    assert missing(texts) == []
    assert all(set(v) >= set(LANGS) for v in texts.values())


def test_french_is_not_a_copy_of_english():
    """Most texts must differ between the languages (names like 'GAN' or 'VAE' may not)."""
    texts = table()
    same = [k for k, v in texts.items() if v["en"] == v["fr"]]
    assert len(same) < 0.25 * len(texts), same


def test_placeholders_match_between_languages():
    for key, v in table().items():
        assert set(re.findall(r"{(\w+)}", v["en"])) == set(re.findall(r"{(\w+)}", v["fr"])), key


def test_each_tab_module_has_its_texts_apart():
    """A tab module builds (genkit/ui/<tab>.py) and its texts are a leaf (genkit/ui/text/<tab>.py) with its prefix."""
    assert {"shell", "inputs"} <= set(text_modules())
    for name, key in TABS:
        assert callable(importlib.import_module(f"genkit.ui.{name}").build), name
        texts = importlib.import_module(f"genkit.ui.text.{name}").TEXT
        prefix = {k.split(".")[0] for k in texts}
        assert len(prefix) == 1 and texts, (name, prefix)  # one prefix per tab: its keys are easy to find


def test_language_switch_is_the_browsers_own(demo):
    """The switch runs no server function: Gradio translates every label in the browser (genkit/ui/page.js
    stores the choice and reloads). Every component is built with translation keys, in both languages."""
    switch = next(b for b in demo.blocks.values() if getattr(b, "elem_id", None) == "genkit-lang")
    on_switch = [f for f in demo.fns.values() if any(target == switch._id for target, _ in f.targets)]
    assert on_switch and all(f.fn is None and f.js for f in on_switch if (switch._id, "input") in f.targets)
    relabels = [f for f in on_switch if f.fn is not None and len(f.outputs) > 16]
    assert relabels == []  # an event with hundreds of outputs made every later update walk them all


def test_no_event_has_many_outputs(demo):
    """Gradio's frontend walks every component that was ever an event's output on each later status
    message of any event: a stream stays light only if no event updates many components at once."""
    widest = max(demo.fns.values(), key=lambda f: len(f.outputs))
    assert len(widest.outputs) <= 16, (widest.name, len(widest.outputs))


def test_every_label_is_a_translation_key(demo):
    """The labels, infos and values built by Page are gr.I18n keys (translated by the browser), not text."""
    from gradio.i18n import I18nData

    labels = [b.label for b in demo.blocks.values() if getattr(b, "label", None) is not None]
    keyed = [label for label in labels if isinstance(label, I18nData)]
    assert len(keyed) > 150 and len(keyed) >= 0.9 * len(labels)


def test_page_head_carries_the_script_and_every_tab_title():
    from genkit.ui import page_head

    head = page_head()
    assert head.startswith("<style>") and "<script>" in head and "genkitSetLanguage" in head and "changeLocale" in head
    for lang in LANGS:
        assert all(t(key, lang) in head for _, key in TABS) and t("gan.tab_2d", lang) in head


def test_opening_the_page_runs_no_handler(demo):
    """A class opening the Space at once must not queue every tab's views: the first views are built in."""
    on_load = [f for f in demo.fns.values() if any(event == "load" for _, event in f.targets)]
    assert [f.fn for f in on_load] == [None]  # only the browser-side language detection (JavaScript)
    shown = {b.label.key: b.value for b in demo.blocks.values()
             if isinstance(b, gr.Image) and getattr(b.label, "key", None) in ("conv.matrix_c", "conv.image_out",
                                                                                 "conv.up_transposed")}
    assert len(shown) == 3 and all(v for v in shown.values())  # the default views are there from the start


def test_lang_values_are_normalized():
    assert [lang_of(x) for x in ("fr", "fr-CA", "FR", "en", "en-US", None, 3, "de")] == ["fr", "fr", "fr", "en",
                                                                                        "en", "en", "en", "en"]


def test_launch_options_are_safe():
    opts = launch_options()
    assert opts["server_name"] == "127.0.0.1" or opts["server_name"]  # GRADIO_SERVER_NAME may override
    assert opts["max_file_size"] and opts["allowed_paths"] == []
    assert isinstance(opts["i18n"], gr.I18n)


def test_app_module_lowers_pillow_limit():
    from PIL import Image

    importlib.import_module("app")
    assert Image.MAX_IMAGE_PIXELS <= 50_000_000


def test_gpu_decorator_is_a_no_op_without_spaces(monkeypatch):
    from genkit.ui import common

    monkeypatch.delenv("SPACES_ZERO_GPU", raising=False)

    def handler(x):
        return x + 1

    assert common.gpu(30)(handler) is handler


def test_gpu_decorator_wraps_with_spaces_on_zero_gpu(monkeypatch):
    """With a stand-in `spaces` package and the ZeroGPU flag, handlers go through spaces.GPU."""
    import sys
    import types

    from genkit.ui import common

    calls = []
    fake = types.ModuleType("spaces")
    fake.__spec__ = importlib.machinery.ModuleSpec("spaces", None)

    def GPU(duration=60):
        def deco(fn):
            def run(*a):
                calls.append(duration)
                return fn(*a)
            return run
        return deco

    fake.GPU = GPU
    monkeypatch.setitem(sys.modules, "spaces", fake)
    monkeypatch.setenv("SPACES_ZERO_GPU", "true")
    assert common.on_zero_gpu()
    assert common.gpu(45)(lambda x: x * 2)(21) == 42 and calls == [45]
    assert len(build_app().blocks) > 20  # the whole app still builds with `spaces` present


def test_launch_answers_through_gradio_client(app_url):
    """`python app.py` (started by the app_url fixture) answers a notebook's calls by endpoint name."""
    from gradio_client import Client

    client = Client(app_url, verbose=False)
    named = set(client.view_api(return_format="dict", print_info=False)["named_endpoints"])
    assert {"/conv", "/conv_matrix", "/conv_image", "/conv_upsample", "/conv_shapes"} <= named
    view, sizes, step = client.predict(api_name="/conv")  # defaults: the lecture's 5x5 input, 3x3 kernel, stride 2
    assert "<table" in view and "= 2$" in sizes and step["maximum"] == 3  # a 2x2 output: cells 0..3
    shapes_fr = client.predict("fr", api_name="/conv_shapes")
    assert "Classifieur" in shapes_fr and "28" in shapes_fr


def test_long_work_gets_busy_in_the_users_language_instead_of_a_queue():
    """The gate admits `slots` long jobs; a click that would wait past its patience is told to come back."""
    import threading
    import time

    from genkit.ui.common import Gate, heavy

    gate = Gate(slots=1, patience=0.2)
    held = gate.enter("en")
    t0 = time.monotonic()
    with pytest.raises(gr.Error) as busy:
        gate.enter("fr")
    assert 0.15 < time.monotonic() - t0 < 2.0  # it waited its patience, not a minute
    assert "réessayez dans" in busy.value.message
    threading.Timer(0.05, gate.leave, [held]).start()  # a slot freed while one waits: it gets it
    gate.leave(gate.enter("en"))
    # the decorator frees its slot when a stream ends early (a browser that goes away closes it)
    import genkit.ui.common as common

    gate2 = Gate(slots=1, patience=0.05)
    original, common.GATE = common.GATE, gate2
    try:
        stream = heavy(lambda n, lang: (yield from range(n)))
        frames = stream(5, "en")
        assert next(frames) == 0
        with pytest.raises(gr.Error):
            next(stream(5, "en"))  # the first stream still holds the only slot
        frames.close()
        assert list(stream(3, "en")) == [0, 1, 2]
    finally:
        common.GATE = original


def test_keyed_gate_re_entry_beat_busy_seconds_and_stale_holders(monkeypatch):
    """One gate for every long job: a key re-enters its own slot (a resumed game), a beat keeps a long stream
    alive and refreshes the time it announces, "try again in N s" comes from the holders' announced time left
    (else the mean duration), and a holder silent for stale_s is taken back."""
    from types import SimpleNamespace

    import genkit.ui.common as common
    from genkit.ui.common import Gate

    clock = [1000.0]
    monkeypatch.setattr(common, "time", SimpleNamespace(monotonic=lambda: clock[0]))  # the gate's clock only
    gate = Gate(slots=2, patience=0, stale_s=10.0, min_wait_s=5)
    assert gate.enter("en", key="a", left_s=42.3) == "a"
    assert gate.enter("en", key="a", left_s=40.0) == "a" and gate.running() == 1  # re-entry: still one slot
    gate.enter("en", key="b", left_s=300.0)
    assert gate.running() == 2
    for lang in ("en", "fr"):
        with pytest.raises(gr.Error) as busy:
            gate.enter(lang, key="c", left_s=600.0)
        assert busy.value.message == t("err.busy", lang, seconds=40)  # the least announced time left
    gate.enter("en", key="b", left_s=300.0)  # a holder re-enters even when the gate is full
    gate.beat("a", left_s=2.0)
    with pytest.raises(gr.Error) as busy:
        gate.enter("en")
    assert busy.value.message == t("err.busy", "en", seconds=5)  # never under min_wait_s
    clock[0] += 8
    gate.beat("a", left_s=30.0)  # "a" is still there; "b" has been silent 8 s
    clock[0] += 3
    assert gate.running() == 1  # "b" silent for 11 s: no longer counted ...
    assert gate.enter("en", key="c") == "c" and gate.running() == 2  # ... and its slot is taken back
    gate.beat("b", left_s=1.0)  # a beat of a holder taken back does not give it its slot again
    assert gate.running() == 2
    gate.leave("a")
    gate.leave("a")  # leaving twice (a pause, then the stream's end) is harmless
    gate.leave("c")
    assert gate.running() == 0
    # without announced times, the mean duration of the jobs (heavy's jobs announce nothing)
    plain = Gate(slots=1, patience=0)
    held = plain.enter("en")
    clock[0] += 20
    plain.leave(held)  # mean: 0.8 * 2 + 0.2 * 20 = 5.6 s
    plain.enter("en")
    with pytest.raises(gr.Error) as busy:
        plain.enter("fr")
    assert busy.value.message == t("err.busy", "fr", seconds=6)


FAKE_SPACES = '''
import functools, inspect
CALLS = []
def GPU(duration=60):  # huggingface's `spaces.GPU`, recorded: the wrapped function is marked with its duration
    def wrap(fn):
        if inspect.isgeneratorfunction(fn):
            @functools.wraps(fn)
            def run(*a, **k):
                CALLS.append((fn.__name__, duration))
                yield from fn(*a, **k)
        else:
            @functools.wraps(fn)
            def run(*a, **k):
                CALLS.append((fn.__name__, duration))
                return fn(*a, **k)
        run.zerogpu = duration
        return run
    return wrap
'''
ON_GPU = {  # every handler that computes with a model, by tab
    "autoencoder": ["reconstruct", "sample"],
    "vae": ["latent_map", "map_note", "decode_point", "click_map", "reparam", "bound", "sample", "interpolate"],
    "diffusion_reverse": ["reverse", "compare_steps"],  # the Diffusion tab's sub-tabs
    "diffusion_sdedit": ["denoise_drawing"],
    "text2img": ["read_words", "generate", "sweep", "tradeoff", "open_step", "fails"],
    "dalle2_clip": ["new_batch", "similarity", "similarity_typed", "zero_shot"],  # the DALL-E 2 tab's sub-tabs
    "dalle2_prior": ["generate", "read_words"],
    "dalle2_variations": ["variations", "interpolate"],
    "imagen_encoder": ["fill_blanks", "compare_sizes", "read_sizes"],  # the Imagen tab's sub-tabs
    "imagen_cascade": ["cascade", "read_cascade", "threshold", "read_threshold"],
    "imagen_compare": ["fails", "compare", "read_compare"],
    "gan_cycle": ["translate", "grid"],  # the GAN tab's CycleGAN sub-tab
}


def test_every_model_handler_runs_inside_spaces_gpu_on_zero_gpu(tmp_path):
    """In a fresh process with a stand-in `spaces` and the ZeroGPU flag: each model handler is wrapped (with a
    duration), and calling one, or streaming one, goes through spaces.GPU and still gives its pictures."""
    (tmp_path / "spaces.py").write_text(FAKE_SPACES)
    code = f"""
import importlib, json, spaces
on_gpu = {ON_GPU!r}
durations = {{f"{{tab}}.{{n}}": getattr(getattr(importlib.import_module("genkit.ui." + tab), n), "zerogpu", None)
             for tab, names in on_gpu.items() for n in names}}
from genkit.ui import autoencoder, diffusion_reverse
picture = autoencoder.sample("mnist", 2, 0, "en")
first = next(diffusion_reverse.reverse("mnist", 0, "ddim", 5, 0.0, "en"))
print(json.dumps({{"durations": durations, "calls": spaces.CALLS, "picture": type(picture).__name__,
                  "streamed": len(first)}}))
"""
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300,
                         env={"PATH": "/usr/bin:/bin", "PYTHONPATH": f"{tmp_path}:{ROOT}", "SPACES_ZERO_GPU": "1",
                              "HF_HUB_OFFLINE": "1", "OMP_NUM_THREADS": "1"})
    assert out.returncode == 0, out.stderr[-3000:]
    found = json.loads(out.stdout.strip().splitlines()[-1])
    assert {k: v for k, v in found["durations"].items() if not v} == {}, "handlers outside spaces.GPU"
    assert found["durations"]["diffusion_reverse.reverse"] == 60 and found["durations"]["vae.bound"] == 15
    assert [name for name, _ in found["calls"]] == ["sample", "reverse"] and found["streamed"] > 1


def test_numbers_are_written_the_french_way():
    """In French a number given to t() gets a decimal comma and, from 10 000 on, a narrow space between
    thousands; in English it stays as Python writes it; a text already formatted is left alone."""
    values = dict(step=12000, seconds=3.5, rate=40, loss_d=1.402, loss_g=0.7, d_real=0.5, d_fake="0.25")
    fr, en = t("gan.status", "fr", **values), t("gan.status", "en", **values)
    assert "Pas 12\u202f000" in fr and "3,5 s" in fr and "1,402" in fr and "= 0.25" in fr
    assert "Step 12000" in en and "3.5 s" in en and "1.402" in en
