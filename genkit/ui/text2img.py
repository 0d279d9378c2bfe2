"""The Text-to-image tab: a prompt, a guidance slider, and what guidance does inside.

Lecture: "DALL-E 2", "Imagen", "Classifier-free guidance". The text encoder
(genkit/text.py) and the conditional U-Net come with the text-to-image issue;
until its checkpoints exist the tab explains the idea.
"""

from genkit.ui.common import Page, pending_tab

TEXT = {
    "t2i.intro": {
        "en": "## Text-to-image with classifier-free guidance\n"
              "DALL-E 2 and Imagen turn a prompt $y$ into an embedding with a text encoder and condition a diffusion "
              "U-Net on it (Imagen: cross-attention on the text embedding), so the model learns $P(x \\mid y)$. "
              "**Classifier-free guidance** trains one model both with the text and without it (the caption is "
              "dropped at random) and mixes the two noise predictions at sampling time:\n\n"
              "$$\\hat{\\epsilon} = \\epsilon_\\theta(x_t, \\varnothing) + w \\,\\big(\\epsilon_\\theta(x_t, y) - "
              "\\epsilon_\\theta(x_t, \\varnothing)\\big)$$\n\n"
              "$w = 0$ ignores the text, $w = 1$ is the plain conditional model, $w > 1$ trades diversity for "
              "fidelity to the prompt. Counting and spatial relations remain hard.",
        "fr": "## Texte vers image avec le « classifier-free guidance »\n"
              "DALL-E 2 et Imagen encodent la description (le *prompt*) $y$ avec un encodeur de texte et "
              "conditionnent un U-Net de diffusion sur ce plongement (Imagen : attention croisée sur le texte) : le "
              "modèle apprend $P(x \\mid y)$. Le **classifier-free guidance** entraîne un seul modèle avec le texte et "
              "sans le texte (la description est retirée au hasard) et mélange les deux prédictions du bruit à "
              "l'échantillonnage :\n\n"
              "$$\\hat{\\epsilon} = \\epsilon_\\theta(x_t, \\varnothing) + w \\,\\big(\\epsilon_\\theta(x_t, y) - "
              "\\epsilon_\\theta(x_t, \\varnothing)\\big)$$\n\n"
              "$w = 0$ ignore le texte, $w = 1$ est le modèle conditionnel simple, $w > 1$ échange de la diversité "
              "contre de la fidélité à la description. Les opérations demandant de compter restent difficiles.",
    },
}


def build(page: Page) -> None:
    pending_tab(page, "t2i", ["text2img-scenes", "text2img-digits"],
                "python -m genkit.train text2img --dataset scenes --preset full")
