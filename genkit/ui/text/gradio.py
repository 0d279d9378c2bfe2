"""French for the few of Gradio's own strings that Gradio ships in English only.

Gradio translates its interface (upload areas, the footer, the image editor) in the browser,
from its own tables; a handful of keys are missing from its French one, and they showed in
English on a French page. gr.I18n merges the app's table into Gradio's, so the same keys
given here fill the gaps (the English is Gradio's own, unchanged). A leaf, like every module
of genkit/ui/text.
"""

TEXT = {
    "common.runs": {"en": "Runs", "fr": "Exécutions"},  # the footer
    "common.runs_description": {"en": "View runs saved in this browser",
                                "fr": "Voir les exécutions enregistrées dans ce navigateur"},
    "image_editor.select_draw_tool": {"en": "select the draw tool to start",  # a sketchpad with no tool chosen
                                      "fr": "choisissez l'outil de dessin pour commencer"},
}
