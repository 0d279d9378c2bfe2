"""The one translation table of the app, English and French.

The texts live in genkit/ui/text/, one leaf module per tab (plus the shell's and
the shared inputs'), each with ``TEXT = {key: {"en": ..., "fr": ...}}``. This
module gathers every module of that folder into `table()`, checks that both
languages are complete and that no key is defined twice, and builds the
`gr.I18n` object (`i18n()`) that Gradio uses to pick the language from the
browser. It never imports a tab module: the tabs import it, not the reverse.

Dynamic text (results, formulas with numbers, error messages) goes through
``t(key, lang, **values)``, which fills ``{placeholders}`` with `str.format`.
"""

import functools
import importlib
import pkgutil
import string

import gradio as gr

from genkit.ui import text as texts_folder
from genkit.viz import french_number

LANGS = ("en", "fr")


def text_modules() -> list[str]:
    """The modules of genkit/ui/text, by name (each a leaf holding TEXT)."""
    return sorted(info.name for info in pkgutil.iter_modules(texts_folder.__path__))


@functools.cache
def table() -> dict[str, dict[str, str]]:
    """Every key of the app with its English and French text (built on first use)."""
    texts = {}
    for name in text_modules():
        for key, value in importlib.import_module(f"genkit.ui.text.{name}").TEXT.items():
            if key in texts:
                raise KeyError(f"translation key {key!r} is defined twice (genkit/ui/text/{name}.py)")
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


class FrenchNumbers(string.Formatter):
    """str.format, numbers written the French way: a decimal comma, and a narrow space between thousands from
    10 000 on (0.5 gives "0,5", 12000 gives "12 000"). Texts passed already formatted stay as they are."""

    def format_field(self, value, spec):
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            return format(value, spec)
        if not spec and isinstance(value, int) and abs(value) >= 10_000:
            spec = ","
        return french_number(format(value, spec))


FORMATTERS = {"en": string.Formatter(), "fr": FrenchNumbers()}


def t(key: str, lang: str = "en", **values) -> str:
    """The text of `key` in `lang`, with {placeholders} filled from `values` (numbers written the language's way)."""
    lang = lang_of(lang)
    text = table()[key][lang]
    return FORMATTERS[lang].vformat(text, (), values) if values else text
