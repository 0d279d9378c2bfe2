"""The app's texts, English and French: one module per tab, plus the shell's and the shared inputs'.

Each module defines ``TEXT = {key: {"en": ..., "fr": ...}}`` and imports nothing
of genkit.ui: these are leaves, so that `genkit.ui.i18n` gathers every module of
this folder into one table without importing a tab (no import circle). A key
starts with its tab's prefix (``conv.``, ``ae.``, ``vae.``, ``gan.``, ``diff.``,
``t2i.``); ``app.``, ``tab.`` and ``err.`` belong to the shell, ``input.`` to
genkit/ui/inputs.py, and gradio.py holds French for a few of Gradio's own keys. A new
tab adds its own module here.
"""
