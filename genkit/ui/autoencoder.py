"""The Autoencoder tab: compress, reconstruct, and see why the latent space cannot be sampled.

Lecture: "Auto-encodeur". The models (genkit/autoencoder.py) come with the
autoencoder issue; until their checkpoints exist the tab explains the concept
and names the command that trains them.
"""

from genkit.ui.common import Page, pending_tab

TEXT = {
    "ae.intro": {
        "en": "## Autoencoder\n"
              "An **encoder** $f_\\phi$ compresses an image $x$ into a small code $z = f_\\phi(x)$ (the *bottleneck*), "
              "and a **decoder** $g_\\theta$ rebuilds it: $\\hat{x} = g_\\theta(z)$. Both are trained together to make "
              "the reconstruction error small:\n\n"
              "$$\\min_{\\phi, \\theta} \\; \\lVert x - g_\\theta(f_\\phi(x)) \\rVert^2$$\n\n"
              "The code $z$ is a learned representation, an *embedding*. But nothing organizes the space of codes: "
              "a random $z$ decodes to garbage, so an autoencoder is **not** a generative model. "
              "The next tab, the VAE, fixes exactly that.",
        "fr": "## Auto-encodeur\n"
              "Un **encodeur** $f_\\phi$ compresse une image $x$ en un petit code $z = f_\\phi(x)$ (le *goulot "
              "d'étranglement*), et un **décodeur** $g_\\theta$ la reconstruit : $\\hat{x} = g_\\theta(z)$. Les deux "
              "sont entraînés ensemble pour rendre l'erreur de reconstruction petite :\n\n"
              "$$\\min_{\\phi, \\theta} \\; \\lVert x - g_\\theta(f_\\phi(x)) \\rVert^2$$\n\n"
              "Le code $z$ est une représentation apprise, un *plongement* (« embedding »). Mais rien n'organise "
              "l'espace des codes : un $z$ tiré au hasard se décode en n'importe quoi, donc un auto-encodeur "
              "**n'est pas** un modèle génératif. L'onglet suivant, le VAE, corrige précisément cela.",
    },
}


def build(page: Page) -> None:
    pending_tab(page, "ae", ["ae-mnist-z2", "ae-mnist-z16"], "python -m genkit.train ae --dataset mnist --z 2 --preset full")
