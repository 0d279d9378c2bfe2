"""The GAN tab: watch a generator and a discriminator play, live, and see them fail.

Lecture: "Réseaux antagonistes générateurs (GAN)". The models (genkit/gan.py)
come with the GAN issue; until then the tab explains the game.
"""

from genkit.ui.common import Page, pending_tab

TEXT = {
    "gan.intro": {
        "en": "## Generative adversarial networks (GAN)\n"
              "Two players. The **generator** $G$ turns noise $z \\sim p(z)$ into an image $\\tilde{x} = G(z)$; the "
              "**discriminator** $D$ says whether an image is real ($x \\sim \\mathbb{P}_r$) or generated "
              "($\\tilde{x} \\sim \\mathbb{P}_g$). They play a min-max game:\n\n"
              "$$\\min_G \\max_D \\; \\mathbb{E}_{x \\sim \\mathbb{P}_r}[\\log D(x)] + "
              "\\mathbb{E}_{\\tilde{x} \\sim \\mathbb{P}_g}[\\log(1 - D(\\tilde{x}))]$$\n\n"
              "In practice $G$ maximizes $\\mathbb{E}[\\log D(G(z))]$ (the *non-saturating* form), whose gradient does "
              "not vanish when $D$ wins early, and training alternates $k$ steps of $D$ with one step of $G$ "
              "(Goodfellow et al., 2014, Algorithm 1).",
        "fr": "## Réseaux antagonistes générateurs (GAN)\n"
              "Deux joueurs. Le **générateur** $G$ transforme un bruit $z \\sim p(z)$ en une image "
              "$\\tilde{x} = G(z)$ ; le **discriminateur** $D$ décide si une image est réelle ($x \\sim \\mathbb{P}_r$) "
              "ou générée ($\\tilde{x} \\sim \\mathbb{P}_g$). Ils jouent un jeu min-max :\n\n"
              "$$\\min_G \\max_D \\; \\mathbb{E}_{x \\sim \\mathbb{P}_r}[\\log D(x)] + "
              "\\mathbb{E}_{\\tilde{x} \\sim \\mathbb{P}_g}[\\log(1 - D(\\tilde{x}))]$$\n\n"
              "En pratique $G$ maximise $\\mathbb{E}[\\log D(G(z))]$ (la forme *non saturante*), dont le gradient ne "
              "s'annule pas quand $D$ gagne trop tôt, et l'entraînement alterne $k$ pas de $D$ et un pas de $G$ "
              "(Goodfellow et al., 2014, algorithme 1).",
    },
}


def build(page: Page) -> None:
    pending_tab(page, "gan", ["gan-mnist"], "python -m genkit.train gan --dataset mnist --preset full")
