"""The app shell: one gr.Blocks with a tab per concept, in the lecture's order.

Each tab lives in its own module (conv.py, autoencoder.py, ...) with a
``build(page)`` function, its texts in genkit/ui/text/<tab>.py. `TABS` is the one
list of tabs. This module only assembles them, adds the header (title, language
switch, light/dark), and sets the queue and launch options shared by `app.py` and
the tests.
"""

import importlib
import json
import os
import threading
from pathlib import Path

import gradio as gr

from genkit.ui import browser
from genkit.ui.common import HEAVY, Page, is_tab_title
from genkit.ui.i18n import LANGS, i18n, t, table

# (module in genkit/ui, translation key of the tab's title), in the lecture's order
TABS = [
    ("conv", "tab.conv"),
    ("autoencoder", "tab.ae"),
    ("vae", "tab.vae"),
    ("gan", "tab.gan"),
    ("diffusion", "tab.diff"),
    ("text2img", "tab.t2i"),
    ("dalle2", "tab.d2"),
    ("imagen", "tab.im"),
]

THEME = gr.themes.Default(
    primary_hue="indigo", neutral_hue="slate", text_size=gr.themes.sizes.text_lg,
    # local fonts only: the app must work offline (no web font requests)
    font=[gr.themes.Font(f) for f in ("system-ui", "Segoe UI", "Roboto", "sans-serif")],
    font_mono=[gr.themes.Font(f) for f in ("ui-monospace", "DejaVu Sans Mono", "monospace")],
).set(body_text_color="*neutral_950", body_text_color_dark="*neutral_50")

# projector-friendly: large text, crisp pixels for 28x28 images, no horizontal scrolling on phones
CSS = """
.gradio-container { font-size: 18px; max-width: 1880px !important; }
.gradio-container label[data-testid=block-label].float { position: static; white-space: normal; max-width: 100%; }  /* above its picture, not over it, wrapped on a phone */
.gradio-container .prose { font-size: 18px; line-height: 1.5; }
.gradio-container img { image-rendering: pixelated; }
.gradio-container .genkit-chart img { image-rendering: auto; }
.dark .genkit-chart img { filter: invert(1) hue-rotate(180deg); }  /* a chart drawn on white, dark with the page */
.genkit-picture .image-container .image-frame { width: 100%; height: 100%; }  /* the picture fills its block */
.genkit-picture .image-container .image-frame img { width: 100%; height: 100%; object-fit: contain; }
/* a picture at its own size (a matrix: every cell as large as in the others), beside the next one when both fit */
.genkit-natural.block { flex: 0 1 auto !important; width: auto !important; margin: 0 auto; }
.genkit-picture.genkit-natural .image-container .image-frame { display: flex; justify-content: center; align-items: flex-start; }
.genkit-picture.genkit-natural .image-container .image-frame img { width: auto; height: auto; max-width: 100%; }
#genkit-header { align-items: center; }
.gradio-container .tab-wrapper button[role=tab] { font-size: 20px; }  /* tab names read from the back of the room */
/* every tab's name on a phone, on as many lines as it takes: Gradio measures the names in a hidden copy of the
   bar and moves those that do not fit into a "..." menu (students did not find the other tabs); measured as
   zero wide, they all stay in the bar, which wraps */
.tab-container.visually-hidden button { font-size: 0 !important; padding: 0 !important; min-width: 0 !important; }
.tab-wrapper [role=tablist].tab-container { flex-wrap: wrap; overflow: visible; height: auto; }
.tab-wrapper { height: auto !important; }
.genkit-notice { border-left: 6px solid #c2410c; padding: 0.5em 1em; }
@media (max-width: 600px) {  /* a phone */
  .gradio-container { font-size: 16px; padding: 4px !important; }
}
"""

# outside the app's own blocks (Gradio scopes CSS= to them): on a phone the page's 32 px margins become 8, so that
# pictures are 300 px wide and more
PAGE_CSS = """
@media (max-width: 600px) { .gradio-container .main.app { padding-left: 8px; padding-right: 8px; } }
/* a table of figures in a text, on a phone: narrow cells, words kept whole (not "rel/ati/on") */
@media (max-width: 600px) {
  .prose table { display: block; overflow-x: auto; }  /* wider than the phone: the table scrolls, not the page */
  .prose table :is(td, th) { padding: 4px 5px !important; font-size: 15px !important;
    word-break: normal !important; overflow-wrap: normal !important; }
}
/* an error is written under the control the user touched (genkit/ui/page.js), not in a toast in a corner */
[data-testid=toast-body].error.genkit-placed { display: none !important; }
.genkit-error { display: flex; gap: 0.5em; align-items: baseline; margin: 8px 0; padding: 12px 16px; font-size: 20px;
  line-height: 1.4; border: 3px solid #b91c1c; border-radius: 8px; background: #fef2f2; color: #7f1d1d; }
.genkit-error strong { white-space: nowrap; }
.genkit-error button { margin-left: auto; font-size: 28px; line-height: 1; padding: 0 8px; color: inherit; }
.dark .genkit-error { background: #450a0a; color: #fecaca; border-color: #f87171; }
/* the outputs of the failed event keep their last pictures, dimmed, marked "not updated" (not hidden by "Error") */
[data-testid=status-tracker].wrap:has(> span.error) { background: transparent !important; pointer-events: none; }
[data-testid=status-tracker] > span.error { font-size: 18px; pointer-events: auto; }
[data-testid=status-tracker] .clear-status { pointer-events: auto; }
.block:has(> [data-testid=status-tracker] > span.error) > :not([data-testid=status-tracker]) { opacity: 0.35; }
"""

# the page's language (the browser's, or the switch's stored choice: page.js) sets the switch, the handlers' lang
DETECT_LANG = "() => window.genkitLanguage || ((navigator.language || 'en').startsWith('fr') ? 'fr' : 'en')"
SET_LANG = "(lang) => { window.genkitSetLanguage(lang); }"  # the switch stores the choice and reloads (page.js)
PAGE_JS = Path(__file__).with_name("page.js")
TOASTS = ("error", "warning", "info", "success")  # the kinds of Gradio's toasts, whose titles page.js translates
PAGE_WORDS = ("error_label", "stale", "close", "fullscreen", "exit_fullscreen")  # page.js's own words (app.*)
TOGGLE_DARK = "() => { document.body.classList.toggle('dark'); }"


def build_app() -> gr.Blocks:
    gr.set_static_paths(browser.static_paths())  # the browser path's runtime and graphs (genkit/ui/browser.py)
    with gr.Blocks(title="genkit") as demo:
        with gr.Row(elem_id="genkit-header"):
            with gr.Column(scale=4):
                lang = gr.Radio([("English", "en"), ("Français", "fr")], value="en", label=i18n()("app.language"),
                                elem_id="genkit-lang", render=False)
                page = Page(lang)
                page.track(lang, label="app.language")
                page.md("app.title")
            with gr.Column(scale=1, min_width=200):
                lang.render()
                dark = page.button("app.dark", size="sm", variant="secondary", elem_id="genkit-dark")
        page.md("app.subtitle")
        with gr.Tabs():
            for module, key in TABS:
                with page.tab(key, elem_id=f"tab-{module}"):
                    importlib.import_module(f"genkit.ui.{module}").build(page)
        lang.input(None, inputs=lang, js=SET_LANG)  # stores the choice and reloads: Gradio translates the page
        dark.click(None, js=TOGGLE_DARK)
        demo.load(None, js=DETECT_LANG, outputs=lang)
    return demo


def launch_options() -> dict:
    """Arguments of `launch()`: address from the environment, upload limit, translations and look."""
    return dict(
        server_name=os.environ.get("GRADIO_SERVER_NAME", "127.0.0.1"),
        server_port=int(os.environ.get("GRADIO_SERVER_PORT", "7860")),
        # a value Gradio cannot even hand to a handler (a word in a slider, a corrupt upload) is refused
        # with Gradio's own explanation instead of "the app has not enabled verbose error reporting";
        # our handlers' unexpected exceptions are already turned into translated messages by `safe`
        show_error=True,
        max_file_size="10mb",
        i18n=i18n(),
        theme=THEME,
        css=CSS,
        allowed_paths=[],
        head=page_head() + browser.head(),
        app_kwargs={"middleware": [browser.middleware()]},
    )


def page_head() -> str:
    """The page's own script (genkit/ui/page.js) in a <script> tag, after every tab's title in both languages
    (the keys of tab titles are named tab.* or <prefix>.tab_*: `Page.tab` insists)."""
    keys = [key for key in table() if is_tab_title(key)]
    titles = {lang: [t(key, lang) for key in keys] for lang in LANGS}
    words = {lang: {"toasts": {kind: t(f"toast.{kind}", lang) for kind in TOASTS},
                    **{k: t(f"app.{k}", lang) for k in PAGE_WORDS}} for lang in LANGS}
    return (f"<style>{PAGE_CSS}</style>\n<script>\nwindow.genkitTabTitles = {json.dumps(titles, ensure_ascii=False)};\n"
            f"window.genkitWords = {json.dumps(words, ensure_ascii=False)};\n{PAGE_JS.read_text()}</script>")


def configure_queue(demo: gr.Blocks) -> gr.Blocks:
    """Size the queue for a class; the README ("Running it for a classroom") says how to size it up.

    - Each light handler (a few to a few hundred ms of CPU) runs at most GENKIT_CONCURRENCY
      calls at a time (default 4), each endpoint on its own, so a slow one never holds up a
      fast one.
    - Long work (sampling loops: handlers decorated with `common.heavy`, their events marked
      ``concurrency_id=HEAVY``) is admitted by `common.GATE`: GENKIT_HEAVY_CONCURRENCY jobs at a
      time (default 1 on a CPU, 2 on a GPU), so that it never takes all the CPU from the light
      tabs; a click that would wait more than GENKIT_HEAVY_PATIENCE seconds (default 5) gets
      "busy, try again in N s" at once instead of a minute in the queue. Gradio itself does
      not limit these events (the gate does). An event that sets its own concurrency_limit
      (GAN's live training streams set None, with their own slots) keeps it.
    - At most GENKIT_QUEUE_SIZE events wait (default 500): opening the page sends about six
      at once (one per Convolution view), so 500 lets some 80 students arrive in the same
      second; beyond it Gradio answers at once that the app is busy.
    """
    for block_fn in demo.fns.values():
        if block_fn.concurrency_id == HEAVY and block_fn.concurrency_limit == "default":
            block_fn.concurrency_limit = None  # admitted by common.GATE, which answers "busy" instead of queueing
    _atomic_image_cache()
    return demo.queue(default_concurrency_limit=int(os.environ.get("GENKIT_CONCURRENCY", "4")),
                      max_size=int(os.environ.get("GENKIT_QUEUE_SIZE", "500")))


def _atomic_image_cache() -> None:
    """Make Gradio write its output images atomically (a workaround for a race in Gradio 6.31).

    Gradio saves each output image under a name made from a hash of its bytes and rewrites
    the file every time (processing_utils.save_pil_to_cache: ``write_bytes``, which first
    empties it). When two students get the same picture (the same example, the default
    sliders), a browser can fetch the file while it is empty: the server then fails with
    "Too little data for declared Content-Length" and the student sees a broken image. The
    load test showed it within seconds. Writing to a temporary file and renaming it over
    the old one (atomic on POSIX) gives every reader either the whole old file or the whole
    new one, with the same bytes.
    """
    from gradio import processing_utils as pu

    if getattr(pu.save_pil_to_cache, "genkit_atomic", False):
        return

    def save_pil_to_cache(img, cache_dir: str, name: str = "image", format: str = "webp") -> str:
        data = pu.encode_pil_to_bytes(img, format)
        folder = Path(cache_dir) / pu.hash_bytes(data)
        folder.mkdir(exist_ok=True, parents=True)
        path = (folder / f"{name}.{format}").resolve()
        if not path.exists() or path.stat().st_size != len(data):  # same name, same bytes: already there
            tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
            tmp.write_bytes(data)
            os.replace(tmp, path)
        return str(path)

    save_pil_to_cache.genkit_atomic = True
    pu.save_pil_to_cache = save_pil_to_cache
