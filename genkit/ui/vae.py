"""The VAE tab: the latent map, the reparameterization, sampling, and the bound.

Lecture: "Auto-encodeur variationnel". The model (genkit/vae.py) comes with the
autoencoder issue; until its checkpoints exist the tab explains the concept.
"""

from genkit.ui.common import Page, pending_tab

TEXT = {
    "vae.intro": {
        "en": "## Variational autoencoder (VAE)\n"
              "The data $x$ is generated from a latent variable $z$: $p_\\theta(x) = \\int_z p_\\theta(x \\mid z)\\, "
              "p(z)\\, dz$. The integral and the posterior are intractable, so the encoder learns an approximation "
              "$q_\\phi(z \\mid x) = \\mathcal{N}(\\mu, \\sigma^2)$ and we maximize a lower bound (the ELBO):\n\n"
              "$$\\log p_\\theta(x) \\ge -\\mathrm{KL}\\big(q_\\phi(z \\mid x) \\,\\|\\, p(z)\\big) + "
              "\\mathbb{E}_{q_\\phi(z \\mid x)}\\big[\\log p_\\theta(x \\mid z)\\big]$$\n\n"
              "**Reparameterization**: $z = \\mu + \\sigma \\epsilon$ with $\\epsilon \\sim \\mathcal{N}(0, 1)$, so the "
              "network only has to learn $\\mu$ and $\\sigma$, and gradients flow through the sampling. "
              "Because the KL term pulls every code towards the prior $p(z) = \\mathcal{N}(0, I)$, "
              "a random $z \\sim p(z)$ now decodes to a plausible image: the VAE is a generative model.",
        "fr": "## Auto-encodeur variationnel (VAE)\n"
              "Les données $x$ sont générées à partir d'une variable latente $z$ : $p_\\theta(x) = \\int_z "
              "p_\\theta(x \\mid z)\\, p(z)\\, dz$. L'intégrale et le *posterior* sont intraitables ; l'encodeur "
              "apprend donc une approximation $q_\\phi(z \\mid x) = \\mathcal{N}(\\mu, \\sigma^2)$ et l'on maximise "
              "une borne inférieure (l'ELBO) :\n\n"
              "$$\\log p_\\theta(x) \\ge -\\mathrm{KL}\\big(q_\\phi(z \\mid x) \\,\\|\\, p(z)\\big) + "
              "\\mathbb{E}_{q_\\phi(z \\mid x)}\\big[\\log p_\\theta(x \\mid z)\\big]$$\n\n"
              "**Reparamétrisation** : $z = \\mu + \\sigma \\epsilon$ avec $\\epsilon \\sim \\mathcal{N}(0, 1)$ ; le "
              "réseau n'a qu'à apprendre $\\mu$ et $\\sigma$, et le gradient traverse l'échantillonnage. "
              "Comme le terme KL rapproche chaque code de l'a priori $p(z) = \\mathcal{N}(0, I)$, un $z \\sim p(z)$ "
              "tiré au hasard se décode maintenant en une image plausible : le VAE est un modèle génératif.",
    },
}


def build(page: Page) -> None:
    pending_tab(page, "vae", ["vae-mnist-z2", "vae-mnist-z16"], "python -m genkit.train vae --dataset mnist --z 2 --preset full")
