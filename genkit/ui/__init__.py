"""The app shell: one gr.Blocks with a tab per concept, in the lecture's order.

Each tab lives in its own module (conv.py, autoencoder.py, ...) with its
translated texts (``TEXT``) and a ``build(page)`` function. This module only
assembles them, adds the header (title, language switch, light/dark), and sets
the queue and launch options shared by `app.py` and the tests.
"""

import importlib
import os

import gradio as gr

from genkit.ui.common import Page
from genkit.ui.i18n import i18n

# (module in genkit/ui, translation key of the tab's title), in the lecture's order
TABS = [
    ("conv", "tab.conv"),
    ("autoencoder", "tab.ae"),
    ("vae", "tab.vae"),
    ("gan", "tab.gan"),
    ("diffusion", "tab.diff"),
    ("text2img", "tab.t2i"),
]

THEME = gr.themes.Default(
    primary_hue="indigo", neutral_hue="slate", text_size=gr.themes.sizes.text_lg,
    # local fonts only: the app must work offline (no web font requests)
    font=[gr.themes.Font(f) for f in ("system-ui", "Segoe UI", "Roboto", "sans-serif")],
    font_mono=[gr.themes.Font(f) for f in ("ui-monospace", "DejaVu Sans Mono", "monospace")],
).set(body_text_color="*neutral_950", body_text_color_dark="*neutral_50")

# projector-friendly: large text, crisp pixels for 28x28 images, no horizontal scrolling on phones
CSS = """
.gradio-container { font-size: 18px; max-width: 1400px !important; }
.gradio-container .prose { font-size: 18px; line-height: 1.5; }
.gradio-container img { image-rendering: pixelated; }
#genkit-header { align-items: center; }
.genkit-notice { border-left: 6px solid #c2410c; padding: 0.5em 1em; }
@media (max-width: 600px) { .gradio-container { font-size: 16px; padding: 4px !important; } }
"""

# the browser's language picks the first one (the switch stays visible for the lecturer)
DETECT_LANG = "() => ((navigator.language || 'en').toLowerCase().startsWith('fr') ? 'fr' : 'en')"
TOGGLE_DARK = "() => { document.body.classList.toggle('dark'); }"


def build_app() -> gr.Blocks:
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
        lang.change(page.relabel, inputs=lang, outputs=page.tracked, queue=False, api_visibility="private")
        dark.click(None, js=TOGGLE_DARK)
        demo.load(None, js=DETECT_LANG, outputs=lang)
    return demo


def launch_options() -> dict:
    """Arguments of `launch()`: address from the environment, upload limit, translations and look."""
    return dict(
        server_name=os.environ.get("GRADIO_SERVER_NAME", "127.0.0.1"),
        server_port=int(os.environ.get("GRADIO_SERVER_PORT", "7860")),
        max_file_size="10mb",
        i18n=i18n(),
        theme=THEME,
        css=CSS,
        allowed_paths=[],
    )


def configure_queue(demo: gr.Blocks) -> gr.Blocks:
    """Light handlers run a few at a time; the queue refuses work beyond what a class needs."""
    return demo.queue(default_concurrency_limit=int(os.environ.get("GENKIT_CONCURRENCY", "4")),
                      max_size=int(os.environ.get("GENKIT_QUEUE_SIZE", "200")))
