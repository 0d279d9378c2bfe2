"""What every tab shares: translated components, the language switch, model loading, errors.

A tab module builds its components through a `Page`, which gives them their
texts as keys of the translation table (``gr.I18n``): the browser translates
them in the page's language, Gradio's own strings with them. Handlers are plain
functions whose last argument is ``lang`` ('en' or 'fr'); they convert UI
values, call one library function, and turn tensors into images.
"""

import functools
import inspect
import math
import os
import threading
import time
import types

import gradio as gr
import torch

from genkit import hub, viz
from genkit.device import pick_device
from genkit.ui.i18n import i18n, lang_of, t, table

HEAVY = "heavy"  # concurrency_id of the long handlers (sampling loops): `btn.click(..., concurrency_id=HEAVY)`
LATEX = [{"left": "$$", "right": "$$", "display": True}, {"left": "$", "right": "$", "display": False}]
TRANSLATED = ("label", "info", "placeholder", "x_title", "y_title", "color_title")  # keywords holding keys


def is_tab_title(key: str) -> bool:
    """Whether translation key `key` names a tab's title: tab.<name> (the lecture's tabs) or <prefix>.tab_<name>."""
    return key.startswith("tab.") or ".tab_" in key


def _rounded(self, payload):
    """Gradio's preprocess of a number without its range check (the handler checks it and says it translated)."""
    return gr.Number.round_to_precision(payload, self.precision) if isinstance(payload, (int, float)) else payload


# a slider's or a number's range is checked by the handler (`genkit.ui.inputs.number`), in the user's language:
# Gradio's own check answered "Value 99 is greater than maximum value 4." in English, before the handler could
# speak. Page.make replaces their preprocess on each instance (a subclass would make Gradio write a .pyi stub
# next to this file at every import).
CHECKED_BY_HANDLER = (gr.Slider, gr.Number)


PICTURE_PX = 440  # an output picture's height on the page: a 28x28 image drawn 440 px high, legible from the back


class Page:
    """Builds components whose texts are translation keys, translated in the browser (gr.I18n).

    Nothing is relabelled from the server when the language changes: the switch reloads the
    page in the other language (genkit/ui/page.js). An event whose outputs were every labelled
    component made each later update of the page walk all of them in Gradio's frontend, and the
    GAN's stream froze the page in French.
    """

    def __init__(self, lang: gr.Radio):
        self.lang = lang  # input of every handler: 'en' or 'fr'
        self._tracked: list[tuple[gr.components.Component | gr.blocks.Block, dict]] = []

    def make(self, cls, choices_keys=None, value_key=None, **kwargs):
        """``cls(**kwargs)`` where label/info/placeholder are translation keys.

        `choices_keys` is a list of (key, value) pairs for radios and dropdowns;
        `value_key` makes the component's value itself a translated text.
        """
        keys = {a: kwargs[a] for a in TRANSLATED if kwargs.get(a)}
        for a, key in keys.items():
            kwargs[a] = i18n()(key)
        if choices_keys is not None:
            keys["choices"] = choices_keys
            kwargs["choices"] = [(i18n()(k), v) for k, v in choices_keys]
        if value_key is not None:
            keys["value"] = value_key
            kwargs["value"] = i18n()(value_key)
        component = cls(**kwargs)
        if isinstance(component, CHECKED_BY_HANDLER):
            component.preprocess = types.MethodType(_rounded, component)
        return self.track(component, **keys)

    def track(self, component, **keys):
        """Check `component`'s translation keys (attribute name -> key) and remember them."""
        texts = table()
        for attr, key in keys.items():  # a missing key fails when the app is built, not in front of a class
            for k in ([k for k, _ in key] if attr == "choices" else [key]):
                if k not in texts:
                    raise KeyError(f"translation key {k!r} ({attr} of a {type(component).__name__}) is not in the table")
        self._tracked.append((component, keys))
        return component

    def md(self, key: str, **kwargs) -> gr.Markdown:
        """A translated Markdown block with LaTeX ($...$ and $$...$$)."""
        return self.make(gr.Markdown, value_key=key, latex_delimiters=LATEX, **kwargs)

    def button(self, key: str, **kwargs) -> gr.Button:
        return self.make(gr.Button, value_key=key, **kwargs)

    def picture(self, key: str, **kwargs) -> gr.Image:
        """An output image labelled `key`: a PIL picture sent as PNG (sharp pixels), not editable, enlarged by
        the browser to PICTURE_PX high (or its width) for the back of the room (CSS in genkit/ui/__init__.py)."""
        kwargs.setdefault("height", PICTURE_PX)
        kwargs.setdefault("min_width", 300)  # a row of pictures wraps before one is under 300 px (a phone: one a line)
        kwargs["elem_classes"] = ["genkit-picture"] + ([kwargs["elem_classes"]] if "elem_classes" in kwargs else [])
        return self.make(gr.Image, label=key, type="pil", format="png", interactive=False, **kwargs)

    def pictures(self, *keys: str, **kwargs) -> list[gr.Image]:
        """Output images side by side in one row, one per key (each as `picture` makes it)."""
        with gr.Row():
            return [self.picture(key, **kwargs) for key in keys]

    def accordion(self, key: str, **kwargs) -> gr.Accordion:
        return self.make(gr.Accordion, **{"label": key, **kwargs})

    def tab(self, key: str, **kwargs) -> gr.Tab:
        if not is_tab_title(key):  # genkit/ui/page.js retitles the tab bars by these keys
            raise KeyError(f"a tab's title key is named tab.<name> or <prefix>.tab_<name>, not {key!r}")
        return self.make(gr.Tab, **{"label": key, **kwargs})

    @property
    def tracked(self) -> list:
        return [c for c, _ in self._tracked]

    def texts(self, lang: str) -> list[dict]:
        """Each tracked component's texts in `lang` (attribute -> text): what the browser shows."""
        lang = lang_of(lang)
        return [{attr: [(t(k, lang), v) for k, v in key] if attr == "choices" else t(key, lang)
                 for attr, key in keys.items()} for _, keys in self._tracked]


# ----------------------------------------------------------------------------- models

_load_lock = threading.Lock()
_failures: dict[str, tuple[float, str]] = {}  # name -> (when, why) of the last failed load
RETRY_AFTER_S = 60.0  # a missing checkpoint is not looked for again (maybe on the Hub) on every click


@functools.cache
def _load(name: str):
    return hub.load(name, pick_device())


def model(name: str, lang: str):
    """The checkpoint `name`, loaded once per process; a translated gr.Error if it cannot be loaded."""
    with _load_lock:  # two first clicks at once load the model once
        failed = _failures.get(name)
        if failed and time.monotonic() - failed[0] < RETRY_AFTER_S:
            detail = failed[1]
        else:
            try:
                return _load(name)
            except hub.CheckpointError as e:
                detail = str(e)
                _failures[name] = (time.monotonic(), detail)
    raise gr.Error(t("err.checkpoint", lang, name=name, detail=detail), duration=None, title=t("err.title", lang))


def checkpoint_present(name: str) -> bool:
    return (hub.checkpoints_dir() / name / "model.safetensors").exists()


# ----------------------------------------------------------------------------- ZeroGPU


def on_zero_gpu() -> bool:
    """True on a Hugging Face Space with ZeroGPU hardware (the `spaces` package and its flag are there)."""
    import importlib.util
    import os

    return importlib.util.find_spec("spaces") is not None and os.environ.get("SPACES_ZERO_GPU", "") not in ("", "0")


def gpu(duration: int = 60):
    """Run the decorated handler inside ``@spaces.GPU(duration=...)`` on ZeroGPU; unchanged elsewhere.

    On ZeroGPU the function runs in a separate process that borrows a GPU: nothing
    it changes in memory survives it, so it must take its state in and give it back.
    """

    def wrap(fn):
        if not on_zero_gpu():
            return fn
        import spaces

        return spaces.GPU(duration=duration)(fn)

    return wrap


# ----------------------------------------------------------------------------- errors and images


def fail(key: str, lang: str, **values):
    """Stop the handler with a message in the user's language (page.js shows it under the control the user
    touched; the server goes on)."""
    raise gr.Error(t(key, lang, **values), title=t("err.title", lang))


def safe(fn):
    """Turn unexpected exceptions of a handler into a translated gr.Error; its last argument is lang."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        lang = kwargs.get("lang", args[-1] if args else "en")
        try:
            return fn(*args, **kwargs)
        except gr.Error:
            raise
        except Exception as e:  # noqa: BLE001 - the point is to keep the server and the class going
            raise gr.Error(t("err.internal", lang, detail=f"{type(e).__name__}: {e}"), title=t("err.title", lang)) from e

    return wrapper


def safe_stream(fn):
    """`safe` for generator handlers (streaming): an unexpected error becomes a translated gr.Error."""

    @functools.wraps(fn)
    def wrapper(*args):
        try:
            yield from fn(*args)
        except gr.Error:
            raise
        except Exception as e:  # noqa: BLE001 - keep the server and the class going
            lang = args[-1] if args else "en"
            raise gr.Error(t("err.internal", lang, detail=f"{type(e).__name__}: {e}"), title=t("err.title", lang)) from e

    return wrapper


# ----------------------------------------------------------------------------- long work


class Gate:
    """Admission for long work: at most `slots` holders at once on the server, one mechanism for all.

    A holder is a key. `heavy` gives each call a fresh one; the GAN tab uses its session's game, so
    that a resumed game re-enters the slot it already holds (and refreshes what it announced). A
    caller waits at most `patience` seconds for a slot; beyond, it gets the translated "busy, try
    again in N s" at once instead of waiting minutes in Gradio's queue behind a whole class. N is
    the least time left that the holders announced (`left_s`: a live game's training budget), else
    the moving mean of the jobs' durations; never under `min_wait_s`. A holder that has not entered
    or `beat` for `stale_s` (a stream its browser abandoned) is taken back.
    """

    def __init__(self, slots: int, patience: float, stale_s: float = 120.0, min_wait_s: float = 2.0):
        self.slots, self.patience, self.stale_s, self.min_wait_s = slots, patience, stale_s, min_wait_s
        self._cond = threading.Condition()
        self._holders: dict[object, tuple[float, float, float | None]] = {}  # key -> (start, last beat, s left)
        self._mean_s = 2.0  # moving average of the jobs' durations, for the "try again in N s"

    def enter(self, lang: str, key: object = None, left_s: float | None = None) -> object:
        """Take a slot for `key` (a fresh key if None) and return the key, or fail with "busy"."""
        key = object() if key is None else key
        deadline = time.monotonic() + self.patience
        with self._cond:
            while True:
                now = time.monotonic()
                for k in [k for k, (_, beat, _) in self._holders.items() if now - beat > self.stale_s]:
                    del self._holders[k]
                if key in self._holders or len(self._holders) < self.slots:
                    start = self._holders[key][0] if key in self._holders else now
                    self._holders[key] = (start, now, left_s)
                    return key
                if now >= deadline:
                    fail("err.busy", lang, seconds=self.wait_s())
                self._cond.wait(deadline - now)

    def beat(self, key: object, left_s: float | None = None) -> None:
        """A long stream is still there (and has `left_s` seconds left): its slot is not stale."""
        with self._cond:
            if key in self._holders:
                self._holders[key] = (self._holders[key][0], time.monotonic(), left_s)

    def leave(self, key: object) -> None:
        with self._cond:
            held = self._holders.pop(key, None)
            if held is not None:
                self._mean_s = 0.8 * self._mean_s + 0.2 * (time.monotonic() - held[0])
            self._cond.notify()

    def running(self) -> int:
        """Holders that are not stale (for the tests and the load test)."""
        now = time.monotonic()
        with self._cond:
            return sum(now - beat <= self.stale_s for _, beat, _ in self._holders.values())

    def wait_s(self) -> int:
        """The N of "busy, try again in N s" (called with the lock held)."""
        announced = [left for _, _, left in self._holders.values() if left is not None]
        guess = min(announced) if announced else self._mean_s
        return max(math.ceil(self.min_wait_s), math.ceil(guess))


GATE = Gate(slots=int(os.environ.get("GENKIT_HEAVY_CONCURRENCY", "2" if torch.cuda.is_available() else "1")),
            patience=float(os.environ.get("GENKIT_HEAVY_PATIENCE", "5")))


GPU_S = 15  # ZeroGPU's duration for a light model call (an autoencoder's or a VAE's handler)
HEAVY_GPU_S = 60  # ZeroGPU's duration for a heavy handler: 25 DDIM steps of 48 samples take a few seconds there


def heavy(fn):
    """Run the handler (a function or a generator) inside one of the GATE's slots; its last argument is lang.
    On ZeroGPU it runs inside ``spaces.GPU`` (see `gpu`): every heavy handler computes with a model."""
    streams, fn = inspect.isgeneratorfunction(fn), gpu(HEAVY_GPU_S)(fn)
    if streams:

        @functools.wraps(fn)
        def stream(*args):
            token = GATE.enter(lang_of(args[-1] if args else "en"))
            try:
                yield from fn(*args)
            finally:  # also when the browser goes away and the stream is closed
                GATE.leave(token)

        return stream

    @functools.wraps(fn)
    def call(*args, **kwargs):
        token = GATE.enter(lang_of(kwargs.get("lang", args[-1] if args else "en")))
        try:
            return fn(*args, **kwargs)
        finally:
            GATE.leave(token)

    return call


def initial(handler, *defaults):
    """The handler's outputs for the tab's default inputs (in English), to give its components as first values.

    Computed once when the app is built, so that opening the page runs no handler:
    a class of 50 opening the Space at once would otherwise queue 50 x (every view
    of the tab) calls before anyone sees anything.
    """
    return handler(*defaults)


def changes(inputs: list) -> list:
    """The change events of `inputs`: a view recomputed whenever one of them changes, but not on page load."""
    return [c.change for c in inputs]


def image(x: torch.Tensor, scale: int = 8):
    """A (C, H, W) or (H, W) tensor in [0, 1] as a PIL image, enlarged without blur for the projector."""
    return viz.to_pil(x, scale)


def intro(page: Page, key: str, checkpoints: list[str]) -> None:
    """A tab's opening: its explanation (`key`), then, if some of its `checkpoints` are missing, the shell's
    "not trained yet" notice with the command that builds the first of them (from the registry)."""
    page.md(key)
    if any(not checkpoint_present(name) for name in checkpoints):
        with gr.Group(elem_classes=["genkit-notice"]):
            page.md("err.not_trained")
            gr.Code(hub.entry(checkpoints[0]).train_command, language="shell", interactive=False, show_label=False,
                    lines=1)
