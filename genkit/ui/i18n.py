"""The one translation table of the app, English and French.

Each tab module defines ``TEXT = {key: {"en": ..., "fr": ...}}`` beside its
layout; this module gathers them (plus the shell's own strings below) into
`table()`, checks that both languages are complete, and builds the `gr.I18n`
object (`i18n()`) that Gradio uses to pick the language from the browser.

Dynamic text (results, formulas with numbers, error messages) goes through
``t(key, lang, **values)``, which fills ``{placeholders}`` with `str.format`.
"""

import functools
import importlib

import gradio as gr

LANGS = ("en", "fr")
TAB_MODULES = ("conv", "autoencoder", "vae", "gan", "diffusion", "text2img")

SHELL_TEXT = {
    "app.title": {"en": "# genkit: modern generative models, from scratch",
                  "fr": "# genkit : les modèles génératifs modernes, de zéro"},
    "app.subtitle": {
        "en": "From convolution to text-to-image, every model written in PyTorch and trained by our own scripts. "
              "Pick a tab, left to right, as in the lecture.",
        "fr": "De la convolution au texte-vers-image, chaque modèle écrit en PyTorch et entraîné par nos propres "
              "scripts. Parcourez les onglets de gauche à droite, comme dans le cours.",
    },
    "app.language": {"en": "Language", "fr": "Langue"},
    "tab.conv": {"en": "Convolution", "fr": "Convolution"},
    "tab.ae": {"en": "Autoencoder", "fr": "Auto-encodeur"},
    "tab.vae": {"en": "VAE", "fr": "VAE"},
    "tab.gan": {"en": "GAN", "fr": "GAN"},
    "tab.diff": {"en": "Diffusion", "fr": "Diffusion"},
    "tab.t2i": {"en": "Text-to-image", "fr": "Texte vers image"},
    "app.dark": {"en": "Light / dark", "fr": "Clair / sombre"},
    "err.checkpoint": {
        "en": "The model {name} is not available: {detail}",
        "fr": "Le modèle {name} n'est pas disponible : {detail}",
    },
    "err.not_trained": {
        "en": "**Not trained yet.** This tab's models are not in `checkpoints/` yet: the explanation above stays "
              "valid, and the command below builds them on a GPU.",
        "fr": "**Pas encore entraîné.** Les modèles de cet onglet ne sont pas encore dans `checkpoints/` : "
              "l'explication ci-dessus reste valable, et la commande ci-dessous les construit sur GPU.",
    },
    "err.title": {"en": "Error", "fr": "Erreur"},
    "err.busy": {"en": "The server is busy: try again in {seconds} s.",
                 "fr": "Le serveur est occupé : réessayez dans {seconds} s."},
    "err.internal": {"en": "Something went wrong on the server ({detail}). The other tabs keep working.",
                     "fr": "Une erreur est survenue sur le serveur ({detail}). Les autres onglets fonctionnent toujours."},
}


@functools.cache
def table() -> dict[str, dict[str, str]]:
    """Every key of the app with its English and French text (built on first use)."""
    texts = dict(SHELL_TEXT)
    for name in TAB_MODULES:
        module = importlib.import_module(f"genkit.ui.{name}")
        for key, value in getattr(module, "TEXT", {}).items():
            if key in texts:
                raise KeyError(f"translation key {key!r} is defined twice (genkit/ui/{name}.py)")
            texts[key] = value
    if missing(texts):
        raise KeyError("incomplete translations: " + ", ".join(missing(texts)))
    return texts


def missing(table: dict) -> list[str]:
    """Keys whose English or French text is absent or empty."""
    return [f"{key} [{lang}]" for key, texts in table.items() for lang in LANGS if not texts.get(lang)]


@functools.cache
def i18n() -> gr.I18n:
    """The table in the form Gradio's frontend uses to pick the browser's language."""
    return gr.I18n(**{lang: {key: texts[lang] for key, texts in table().items()} for lang in LANGS})


def lang_of(value) -> str:
    """Normalize a language value from the UI or the API ('fr', 'fr-CA', 'Français' ...) to 'en' or 'fr'."""
    return "fr" if isinstance(value, str) and value.lower().startswith("fr") else "en"


def t(key: str, lang: str = "en", **values) -> str:
    """The text of `key` in `lang`, with {placeholders} filled from `values`."""
    text = table()[key][lang_of(lang)]
    return text.format(**values) if values else text
