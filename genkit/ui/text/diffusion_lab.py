"""Every text of the Diffusion tab's 2-D lab (genkit/ui/diffusion_lab.py), in English and French.

A leaf: it imports nothing of genkit.ui. Keys start with the tab's prefix, `diff.lab.`.
"""

TEXT = {
    "diff.tab_lab": {"en": "5. 2-D lab: DDPM and flow matching", "fr": "5. Labo 2-D : DDPM et flow matching"},
    "diff.lab.help": {
        "en": "Noise becomes data, in the plane, trained live on the server. Pick the data (or draw it), the "
              "objective, then **Start**. Both objectives learn to undo the noise, with two different paths "
              "from the data $x_0$ to the noise $\\epsilon \\sim \\mathcal{N}(0, I)$:\n\n"
              "- **DDPM** (Ho et al., 2020): $x_t = \\sqrt{\\bar{\\alpha}_t}\\, x_0 + \\sqrt{1 - \\bar{\\alpha}_t}\\, "
              "\\epsilon$, and the network predicts the noise: "
              "$\\lVert \\epsilon - \\epsilon_\\theta(x_t, t) \\rVert^2$, $t \\in \\{1, \\dots, 1000\\}$.\n"
              "- **Flow matching** / rectified flow (Lipman et al., 2023; Liu et al., 2023): the straight line "
              "$x_t = (1 - t)\\, x_0 + t\\, \\epsilon$, $t \\in [0, 1]$, and the network predicts its velocity: "
              "$\\lVert (\\epsilon - x_0) - v_\\theta(x_t, t) \\rVert^2$. Sampling follows the velocity backwards "
              "from $t = 1$ to $0$ by Euler steps, $x_{t - \\Delta t} = x_t - \\Delta t\\, v_\\theta(x_t, t)$.\n\n"
              "Left: 1,000 particles drawn from the Gaussian, carried to the data (green) by the sampler, their "
              "trajectories in grey, the particles in blue at the chosen $t$. Right: the learned field at that $t$, "
              "each arrow pointing to the network's guess of the clean point $\\hat{x}_0$. With few sampling steps "
              "the straight paths of the flow still land on the data; DDPM's curved ones do not. **Reflow** "
              "(flow only) trains again on the model's own (noise, sample) pairs, which straightens the paths.",
        "fr": "Le bruit devient des données, dans le plan, entraîné en direct sur le serveur. Choisissez les données "
              "(ou dessinez-les), l'objectif, puis **Démarrer**. Les deux objectifs apprennent à défaire le bruit, "
              "avec deux chemins différents des données $x_0$ au bruit $\\epsilon \\sim \\mathcal{N}(0, I)$ :\n\n"
              "- **DDPM** (Ho et al., 2020) : $x_t = \\sqrt{\\bar{\\alpha}_t}\\, x_0 + \\sqrt{1 - \\bar{\\alpha}_t}\\, "
              "\\epsilon$, et le réseau prédit le bruit : "
              "$\\lVert \\epsilon - \\epsilon_\\theta(x_t, t) \\rVert^2$, $t \\in \\{1, \\dots, 1000\\}$.\n"
              "- **Flow matching** (appariement de flux) / rectified flow (Lipman et al., 2023 ; Liu et al., 2023) : "
              "la droite $x_t = (1 - t)\\, x_0 + t\\, \\epsilon$, $t \\in [0, 1]$, et le réseau prédit sa vitesse : "
              "$\\lVert (\\epsilon - x_0) - v_\\theta(x_t, t) \\rVert^2$. L'échantillonnage suit la vitesse à rebours, "
              "de $t = 1$ à $0$, par pas d'Euler, $x_{t - \\Delta t} = x_t - \\Delta t\\, v_\\theta(x_t, t)$.\n\n"
              "À gauche : 1 000 particules tirées de la gaussienne, portées vers les données (en vert) par "
              "l'échantillonneur, leurs trajectoires en gris, les particules en bleu au $t$ choisi. À droite : le champ "
              "appris à ce $t$, chaque flèche pointant vers la supposition du réseau pour le point propre "
              "$\\hat{x}_0$. Avec peu de pas d'échantillonnage, les chemins droits du flux arrivent encore sur les "
              "données ; ceux, courbes, de DDPM non. **Reflow** (flux seulement) réentraîne sur les paires "
              "(bruit, échantillon) du modèle lui-même, ce qui redresse les chemins.",
    },
    "diff.lab.dataset": {"en": "Data", "fr": "Données"},
    "diff.lab.dataset_info": {"en": "“my drawing”: the strokes of the sketchpad become the points",
                              "fr": "« mon dessin » : les traits du carnet deviennent les points"},
    "diff.lab.ds_ring": {"en": "ring of 8 Gaussians", "fr": "anneau de 8 gaussiennes"},
    "diff.lab.ds_grid": {"en": "grid of 25 Gaussians", "fr": "grille de 25 gaussiennes"},
    "diff.lab.ds_moons": {"en": "two moons", "fr": "deux lunes"},
    "diff.lab.ds_spiral": {"en": "spiral", "fr": "spirale"},
    "diff.lab.ds_drawing": {"en": "my drawing", "fr": "mon dessin"},
    "diff.lab.drawing": {"en": "Draw the data (then choose “my drawing”)",
                         "fr": "Dessinez les données (puis choisissez « mon dessin »)"},
    "diff.lab.objective": {"en": "Objective", "fr": "Objectif"},
    "diff.lab.objective_ddpm": {"en": "DDPM (predict the noise ε)", "fr": "DDPM (prédire le bruit ε)"},
    "diff.lab.objective_flow": {"en": "flow matching (predict the velocity ε − x₀)",
                                "fr": "flow matching (prédire la vitesse ε − x₀)"},
    "diff.lab.lr": {"en": "Learning rate (Adam)", "fr": "Taux d'apprentissage (Adam)"},
    "diff.lab.batch": {"en": "Batch size", "fr": "Taille du lot"},
    "diff.lab.start": {"en": "Start", "fr": "Démarrer"},
    "diff.lab.pause": {"en": "Pause", "fr": "Pause"},
    "diff.lab.one_step": {"en": "One step", "fr": "Un pas"},
    "diff.lab.reset": {"en": "Reset", "fr": "Réinitialiser"},
    "diff.lab.reflow": {"en": "Reflow (straighten the paths)", "fr": "Reflow (redresser les chemins)"},
    "diff.lab.steps": {"en": "Sampling steps", "fr": "Pas d'échantillonnage"},
    "diff.lab.steps_info": {"en": "from 1 to 100: try 4 with each objective",
                            "fr": "de 1 à 100 : essayez 4 avec chaque objectif"},
    "diff.lab.sampler": {"en": "DDPM's sampler", "fr": "Échantillonneur de DDPM"},
    "diff.lab.sampler_info": {"en": "flow matching always takes Euler steps",
                              "fr": "le flow matching fait toujours des pas d'Euler"},
    "diff.lab.sampler_ddim": {"en": "DDIM (deterministic)", "fr": "DDIM (déterministe)"},
    "diff.lab.sampler_ddpm": {"en": "DDPM (ancestral, noisy)", "fr": "DDPM (ancestral, bruité)"},
    "diff.lab.t": {"en": "Time t of the sampling", "fr": "Temps t de l'échantillonnage"},
    "diff.lab.t_info": {"en": "1: the Gaussian noise, 0: the samples; the particles and the field at this t",
                        "fr": "1 : le bruit gaussien, 0 : les échantillons ; les particules et le champ à ce t"},
    "diff.lab.particles": {"en": "Particles and their trajectories", "fr": "Particules et leurs trajectoires"},
    "diff.lab.field": {"en": "The learned field at t (towards x̂₀)", "fr": "Le champ appris à t (vers x̂₀)"},
    "diff.lab.curve": {"en": "Training loss", "fr": "Perte d'entraînement"},
    "diff.lab.loss": {"en": "loss", "fr": "perte"},
    "diff.lab.axis_step": {"en": "training step", "fr": "pas d'entraînement"},
    "diff.lab.axis_loss": {"en": "mean squared error", "fr": "erreur quadratique moyenne"},
    "diff.lab.status": {
        "en": "**{objective}**: step {step}, {seconds} s of training ({rate} steps/s), loss {loss}",
        "fr": "**{objective}** : pas {step}, {seconds} s d'entraînement ({rate} pas/s), perte {loss}",
    },
    "diff.lab.samples": {
        "en": "**{steps} sampling steps ({sampler})**, shown at t = {t} (frame {frame}): distance of the samples to "
              "the data (sliced Wasserstein, 1,000 points) **{distance}**",
        "fr": "**{steps} pas d'échantillonnage ({sampler})**, montrés à t = {t} (image {frame}) : distance des "
              "échantillons aux données (Wasserstein en tranches, 1 000 points) **{distance}**",
    },
    "diff.lab.modes": {"en": "Modes covered: **{covered} / {total}**", "fr": "Modes couverts : **{covered} / {total}**"},
    "diff.lab.reflowed": {"en": "Reflowed {n} time(s): training on the model's own (noise, sample) pairs.",
                          "fr": "Reflow {n} fois : entraînement sur les paires (bruit, échantillon) du modèle."},
    "diff.lab.limit": {
        "en": "This session's lab has used its budget ({steps} steps or {seconds} s of training): Reset to start again.",
        "fr": "Le labo de cette session a épuisé son budget ({steps} pas ou {seconds} s d'entraînement) : "
              "Réinitialiser pour recommencer.",
    },
    "diff.lab.fresh": {"en": "A new network, from random weights.", "fr": "Un nouveau réseau, aux poids aléatoires."},
    "diff.lab.paused": {"en": "Paused: Start goes on from here.", "fr": "En pause : Démarrer reprend d'ici."},
    "diff.lab.one_step_done": {"en": "One training step: one batch, one step of Adam.",
                               "fr": "Un pas d'entraînement : un lot, un pas d'Adam."},
    "diff.lab.reset_done": {"en": "Reset: a new network, nothing learned yet.",
                            "fr": "Réinitialisé : un nouveau réseau, rien d'appris encore."},
    "diff.lab.reflow_done": {
        "en": "Reflow {n}: 4,000 noises and the samples the model makes of them are now the training pairs "
              "(Liu et al., 2023). Press Start: the paths straighten, few steps suffice.",
        "fr": "Reflow {n} : 4 000 bruits et les échantillons que le modèle en fait sont désormais les paires "
              "d'entraînement (Liu et al., 2023). Appuyez sur Démarrer : les chemins se redressent, peu de pas "
              "suffisent.",
    },
    "diff.lab.nothing_yet": {"en": "Nothing trained yet: press Start or One step.",
                             "fr": "Rien d'entraîné encore : appuyez sur Démarrer ou Un pas."},
    "diff.lab.err_drawing_blank": {"en": "The drawing is empty: draw some strokes on the sketchpad.",
                                   "fr": "Le dessin est vide : tracez quelques traits sur le carnet."},
    "diff.lab.err_drawing_dot": {
        "en": "The drawing is a single point ({h} × {w} pixels of ink): draw strokes that spread over the canvas.",
        "fr": "Le dessin est un seul point ({h} × {w} pixels d'encre) : tracez des traits qui s'étendent sur "
              "le carnet.",
    },
    "diff.lab.err_drawing_large": {"en": "The drawing is {h} × {w} pixels: at most {side} × {side} is allowed.",
                                   "fr": "Le dessin fait {h} × {w} pixels : au plus {side} × {side} est permis."},
    "diff.lab.err_drawing_shape": {"en": "The drawing is not an image (shape {shape}).",
                                   "fr": "Le dessin n'est pas une image (forme {shape})."},
    "diff.lab.err_reflow_ddpm": {
        "en": "Reflow straightens the paths of a flow: choose the flow matching objective.",
        "fr": "Le reflow redresse les chemins d'un flux : choisissez l'objectif flow matching.",
    },
    "diff.lab.err_reflow_early": {
        "en": "Train for at least {steps} steps before reflow: its pairs come from the model's own samples.",
        "fr": "Entraînez au moins {steps} pas avant le reflow : ses paires viennent des échantillons du modèle.",
    },
}
