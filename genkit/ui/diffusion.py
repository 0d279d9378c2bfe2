"""The Diffusion tab: the forward process, every denoising step, and SDEdit.

Lecture: "Modèles de diffusion". The network (genkit/unet.py), the schedules
(genkit/diffusion.py) and the samplers (genkit/samplers.py) come with the
diffusion issue; until its checkpoints exist the tab explains the idea.
"""

from genkit.ui.common import Page, pending_tab

TEXT = {
    "diff.intro": {
        "en": "## Diffusion models\n"
              "Add noise to an image step by step until it is white noise; learn to undo one step; then start from "
              "noise and denoise to generate. With a schedule $\\beta_1, \\dots, \\beta_T$ and "
              "$\\bar{\\alpha}_t = \\prod_{s \\le t} (1 - \\beta_s)$, the noisy image at step $t$ has a closed form:\n\n"
              "$$x_t = \\sqrt{\\bar{\\alpha}_t}\\, x_0 + \\sqrt{1 - \\bar{\\alpha}_t}\\, \\epsilon, \\qquad "
              "\\epsilon \\sim \\mathcal{N}(0, I)$$\n\n"
              "A U-Net $\\epsilon_\\theta(x_t, t)$ (encoder-decoder with skip connections) learns to predict the "
              "noise, by minimizing $\\lVert \\epsilon - \\epsilon_\\theta(x_t, t) \\rVert^2$ (Ho et al., 2020). "
              "Sampling runs the chain backwards, from $x_T \\sim \\mathcal{N}(0, I)$ to $x_0$ "
              "(DDPM, or DDIM in fewer steps).",
        "fr": "## Modèles de diffusion\n"
              "Bruiter une image de façon incrémentale jusqu'à obtenir un bruit blanc ; apprendre à défaire un pas ; "
              "puis partir d'un bruit et débruiter pour générer. Avec un calendrier $\\beta_1, \\dots, \\beta_T$ et "
              "$\\bar{\\alpha}_t = \\prod_{s \\le t} (1 - \\beta_s)$, l'image bruitée au pas $t$ a une forme fermée :\n\n"
              "$$x_t = \\sqrt{\\bar{\\alpha}_t}\\, x_0 + \\sqrt{1 - \\bar{\\alpha}_t}\\, \\epsilon, \\qquad "
              "\\epsilon \\sim \\mathcal{N}(0, I)$$\n\n"
              "Un U-Net $\\epsilon_\\theta(x_t, t)$ (encodeur-décodeur avec connexions) apprend à prédire le bruit en "
              "minimisant $\\lVert \\epsilon - \\epsilon_\\theta(x_t, t) \\rVert^2$ (Ho et al., 2020). "
              "L'échantillonnage parcourt la chaîne à rebours, de $x_T \\sim \\mathcal{N}(0, I)$ jusqu'à $x_0$ "
              "(DDPM, ou DDIM en moins de pas).",
    },
}


def build(page: Page) -> None:
    pending_tab(page, "diff", ["diffusion-mnist"], "python -m genkit.train diffusion --dataset mnist --preset full")
