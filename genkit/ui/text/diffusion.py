"""Every text of the Diffusion tab, in English and French (the lecture's terms).

A leaf: it imports nothing of genkit.ui, so that genkit.ui.i18n can gather it without importing the tab.
"""

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
    # --- shared controls
    "diff.dataset": {"en": "Dataset", "fr": "Jeu de données"},
    "diff.seed": {"en": "Seed", "fr": "Graine"},
    # --- 1. forward process
    "diff.tab_forward": {"en": "1. Forward process (add noise)", "fr": "1. Processus direct (bruiter)"},
    "diff.forward_help": {
        "en": "Pick a test image or draw one, then move $t$: the image is noised to step $t$ **in one jump**, by the "
              "closed form, with the same noise $\\epsilon$ at every $t$ (fixed by the seed). No network here: the "
              "forward process is fixed, nothing is learned. The curves show how much of $x_0$ is left, "
              "$\\bar{\\alpha}_t$, and the signal-to-noise ratio, for the two schedules.",
        "fr": "Choisissez une image de test ou dessinez-en une, puis déplacez $t$ : l'image est bruitée jusqu'au pas $t$ "
              "**d'un seul coup**, par la forme fermée, avec le même bruit $\\epsilon$ pour tout $t$ (fixé par la "
              "graine). Aucun réseau ici : le processus direct est fixé, rien n'est appris. Les courbes montrent la "
              "part de $x_0$ qui reste, $\\bar{\\alpha}_t$, et le rapport signal sur bruit, pour les deux calendriers.",
    },
    "diff.schedule": {"en": "Noise schedule", "fr": "Calendrier de bruit"},
    "diff.schedule_info": {"en": "the models of the next sub-tabs were trained with the cosine one",
                           "fr": "les modèles des sous-onglets suivants ont été entraînés avec le cosinus"},
    "diff.schedule_cosine": {"en": "cosine", "fr": "cosinus"},
    "diff.schedule_linear": {"en": "linear", "fr": "linéaire"},
    "diff.t": {"en": "Step t", "fr": "Pas t"},
    "diff.t_info": {"en": "0: the clean image x₀; 1000 = T: pure noise",
                    "fr": "0 : l'image propre x₀ ; 1000 = T : du bruit pur"},
    "diff.forward_go": {"en": "Noise it", "fr": "Bruiter"},
    "diff.x0_clean": {"en": "x₀, the clean image", "fr": "x₀, l'image propre"},
    "diff.xt_forward": {"en": "xₜ, noised to step t", "fr": "xₜ, bruitée jusqu'au pas t"},
    "diff.eps": {"en": "ε, the noise (the same at every t)", "fr": "ε, le bruit (le même pour tout t)"},
    "diff.curves": {"en": "The two schedules, t marked", "fr": "Les deux calendriers, t marqué"},
    "diff.curve_alpha": {"en": "ᾱₜ: share of x₀ left", "fr": "ᾱₜ : part de x₀ qui reste"},
    "diff.curve_snr": {"en": "SNR(t) = ᾱₜ / (1 − ᾱₜ), log scale",
                       "fr": "SNR(t) = ᾱₜ / (1 − ᾱₜ), échelle log"},
    "diff.formula": {
        "en": "**t = {t}**, {schedule} schedule: $\\bar{{\\alpha}}_{{{t}}} = {ab}$, so\n\n"
              "$$x_{{{t}}} = \\sqrt{{{ab}}}\\; x_0 + \\sqrt{{{one_minus}}}\\; \\epsilon "
              "= {a}\\, x_0 + {b}\\, \\epsilon$$\n\n"
              "Signal-to-noise ratio: $\\mathrm{{SNR}}({t}) = \\bar{{\\alpha}}_{{{t}}} / (1 - \\bar{{\\alpha}}_{{{t}}}) "
              "= {snr}$. At the brightest pixel of $x_0$ (row {row}, column {col}), in the model's units "
              "(black $-1$, white $+1$): ${a} \\times {x0} + {b} \\times ({eps}) = {xt}$.",
        "fr": "**t = {t}**, calendrier {schedule} : $\\bar{{\\alpha}}_{{{t}}} = {ab}$, donc\n\n"
              "$$x_{{{t}}} = \\sqrt{{{ab}}}\\; x_0 + \\sqrt{{{one_minus}}}\\; \\epsilon "
              "= {a}\\, x_0 + {b}\\, \\epsilon$$\n\n"
              "Rapport signal sur bruit : $\\mathrm{{SNR}}({t}) = \\bar{{\\alpha}}_{{{t}}} / (1 - \\bar{{\\alpha}}_{{{t}}}) "
              "= {snr}$. Au pixel le plus clair de $x_0$ (ligne {row}, colonne {col}), dans les unités du modèle "
              "(noir $-1$, blanc $+1$) : ${a} \\times {x0} + {b} \\times ({eps}) = {xt}$.",
    },
    # --- 2. reverse process
    "diff.tab_reverse": {"en": "2. Reverse process (denoise)", "fr": "2. Processus inverse (débruiter)"},
    "diff.reverse_help": {
        "en": "Start from pure noise $x_T \\sim \\mathcal{N}(0, I)$ and let the U-Net denoise it, one step at a time. "
              "At each step you see the current $x_t$ and the clean image the network predicts from it, "
              "$\\hat{x}_0$: blurry and average at first, sharp at the end. **DDPM** adds fresh noise at every step "
              "(ancestral sampling); **DDIM** with $\\eta = 0$ is deterministic and takes bigger steps. Afterwards, "
              "the slider replays the run and the filmstrip shows twelve of its moments.",
        "fr": "Partir d'un bruit pur $x_T \\sim \\mathcal{N}(0, I)$ et laisser le U-Net le débruiter, un pas à la "
              "fois. À chaque pas, vous voyez le $x_t$ courant et l'image propre que le réseau en prédit, "
              "$\\hat{x}_0$ : floue et moyenne au début, nette à la fin. **DDPM** ajoute un bruit neuf à chaque pas "
              "(échantillonnage ancestral) ; **DDIM** avec $\\eta = 0$ est déterministe et fait de plus grands pas. "
              "Ensuite, le curseur rejoue la génération et la pellicule en montre douze moments.",
    },
    "diff.sampler": {"en": "Sampler", "fr": "Échantillonneur"},
    "diff.sampler_ddpm": {"en": "DDPM (noise at every step)", "fr": "DDPM (du bruit à chaque pas)"},
    "diff.sampler_ddim": {"en": "DDIM", "fr": "DDIM"},
    "diff.steps": {"en": "Number of steps", "fr": "Nombre de pas"},
    "diff.steps_info": {
        "en": "at most 250 here (the model was trained with T = 1000): a few seconds on the server's CPU",
        "fr": "au plus 250 ici (le modèle a été entraîné avec T = 1000) : quelques secondes sur le CPU du serveur",
    },
    "diff.eta": {"en": "η (DDIM only)", "fr": "η (DDIM seulement)"},
    "diff.eta_info": {"en": "0: deterministic; 1: as much noise as DDPM",
                      "fr": "0 : déterministe ; 1 : autant de bruit que DDPM"},
    "diff.generate": {"en": "Generate", "fr": "Générer"},
    "diff.xt": {"en": "xₜ, being denoised", "fr": "xₜ, en cours de débruitage"},
    "diff.x0_pred": {"en": "x̂₀, the clean image predicted from xₜ",
                     "fr": "x̂₀, l'image propre prédite à partir de xₜ"},
    "diff.moment": {"en": "Replay the run", "fr": "Rejouer la génération"},
    "diff.moment_info": {"en": "0: pure noise x_T; the last one: the generated image",
                         "fr": "0 : le bruit pur x_T ; le dernier : l'image générée"},
    "diff.filmstrip": {"en": "Filmstrip: xₜ (top) and x̂₀ (bottom)",
                       "fr": "Pellicule : xₜ (en haut) et x̂₀ (en bas)"},
    "diff.frame": {
        "en": "**Step {k} of {n}** ({sampler}, seed {seed}): the network sees $x_{{{t}}}$ and predicts $\\hat{{x}}_0$.",
        "fr": "**Pas {k} sur {n}** ({sampler}, graine {seed}) : le réseau voit $x_{{{t}}}$ et prédit $\\hat{{x}}_0$.",
    },
    "diff.frame_final": {
        "en": "**Done: $x_0$ after {n} steps** ({sampler}, seed {seed}). Move the slider to replay the run.",
        "fr": "**Terminé : $x_0$ après {n} pas** ({sampler}, graine {seed}). Déplacez le curseur pour rejouer.",
    },
    "diff.scrub_empty": {"en": "Generate an image first: the slider replays its run.",
                         "fr": "Générez d'abord une image : le curseur rejoue sa génération."},
    # --- 3. step counts
    "diff.tab_counts": {"en": "3. Same noise, different step counts", "fr": "3. Même bruit, nombres de pas différents"},
    "diff.counts_help": {
        "en": "One starting noise $x_T$ (left), denoised by DDIM ($\\eta = 0$, deterministic) in 5, 10, 25, 50 "
              "and 250 steps. "
              "The cost grows with the number of steps (one pass of the U-Net each); the image changes less and less: "
              "with few steps, DDIM already lands close to where many steps lead.",
        "fr": "Un seul bruit de départ $x_T$ (à gauche), débruité par DDIM ($\\eta = 0$, déterministe) en 5, 10, "
              "25, 50 et 250 "
              "pas. Le coût croît avec le nombre de pas (une passe du U-Net chacun) ; l'image change de moins en moins : "
              "avec peu de pas, DDIM arrive déjà près de là où mènent beaucoup de pas.",
    },
    "diff.counts_go": {"en": "Sample with each number of steps", "fr": "Échantillonner avec chaque nombre de pas"},
    "diff.counts_strip": {"en": "The same x_T, more and more steps", "fr": "Le même x_T, de plus en plus de pas"},
    "diff.count_caption": {"en": "{n} steps", "fr": "{n} pas"},
    "diff.count_noise": {"en": "x_T, the noise", "fr": "x_T, le bruit"},
    "diff.count_time": {"en": "{n} steps: {ms} ms", "fr": "{n} pas : {ms} ms"},
    "diff.counts_start": {"en": "**Seed {seed}.** The starting noise x_T; now sampling with 5 to 250 steps…",
                          "fr": "**Graine {seed}.** Le bruit de départ x_T ; échantillonnage de 5 à 250 pas…"},
    "diff.counts_result": {"en": "**Seed {seed}.** Time on the server: {times}.",
                           "fr": "**Graine {seed}.** Temps sur le serveur : {times}."},
    # --- 3. (continued) DDIM beside flow matching
    "diff.flow_help": {
        "en": "**DDIM beside flow matching.** The same starting noise $x_T$ (the seed above) through diffusion-mnist "
              "by DDIM (top row) and through flow-mnist, the same U-Net trained by flow matching (rectified flow), by "
              "Euler steps (bottom row), in 1, 2, 4, 8 and 25 steps. The flow's path from an image to its noise is a "
              "straight line, $x_t = (1 - t)\\, x_0 + t\\, \\epsilon$ ($t = 0$ the data, $t = 1$ the noise), "
              "whose velocity $v = \\epsilon - x_0$ is the same at every $t$; the network learns it, and one Euler "
              "step, $x_{t - \\Delta t} = x_t - \\Delta t\\, v_\\theta(x_t, t)$, follows a straight line "
              "exactly however large $\\Delta t$: fewer steps are needed. Diffusion's path, "
              "$\\sqrt{\\bar{\\alpha}_t}\\, x_0 + \\sqrt{1 - \\bar{\\alpha}_t}\\, \\epsilon$, is "
              "curved. With one step both rows show the blurred mean of the digits (from pure noise, the best guess "
              "of $x_0$ is the average). The gap stays small here: DDIM is itself an Euler step in a rescaled time "
              "(Song et al., 2021, sec. 4.3), and the flow's learned paths, an average of lines that cross, bend a "
              "little (reflow, in the 2-D lab, straightens them).",
        "fr": "**DDIM à côté du flow matching.** Le même bruit de départ $x_T$ (la graine ci-dessus) passe par "
              "diffusion-mnist avec DDIM (rangée du haut) et par flow-mnist, le même U-Net entraîné par flow "
              "matching (appariement de flux, rectified flow), avec des pas d'Euler (rangée du bas), en 1, 2, 4, 8 et "
              "25 pas. Le chemin du flux, d'une image à son bruit, est une droite, "
              "$x_t = (1 - t)\\, x_0 + t\\, \\epsilon$ ($t = 0$ les données, $t = 1$ le bruit), dont la "
              "vitesse $v = \\epsilon - x_0$ est la même en tout $t$ ; le réseau l'apprend, et un pas d'Euler, "
              "$x_{t - \\Delta t} = x_t - \\Delta t\\, v_\\theta(x_t, t)$, suit exactement une droite, "
              "aussi grand que soit $\\Delta t$ : il faut moins de pas. Le chemin de la diffusion, "
              "$\\sqrt{\\bar{\\alpha}_t}\\, x_0 + \\sqrt{1 - \\bar{\\alpha}_t}\\, \\epsilon$, est "
              "courbe. En un seul pas, les deux rangées montrent la moyenne floue des chiffres (depuis un bruit pur, "
              "la meilleure estimation de $x_0$ est la moyenne). L'écart reste faible ici : DDIM est lui-même un pas "
              "d'Euler dans un temps remis à l'échelle (Song et al., 2021, sec. 4.3), et les chemins appris du flux, "
              "une moyenne de droites qui se croisent, se courbent un peu (le reflow, dans le labo 2-D, les "
              "redresse).",
    },
    "diff.flow_go": {"en": "Same x_T: DDIM and flow matching", "fr": "Même x_T : DDIM et flow matching"},
    "diff.flow_grid": {"en": "The same x_T: DDIM (top), flow matching's Euler (bottom)",
                       "fr": "Le même x_T : DDIM (en haut), Euler du flow matching (en bas)"},
    "diff.flow_step_one": {"en": "1 step", "fr": "1 pas"},
    # --- 4. SDEdit
    "diff.tab_sdedit": {"en": "4. Denoise my drawing (SDEdit)", "fr": "4. Débruiter mon dessin (SDEdit)"},
    "diff.sdedit_help": {
        "en": "Choose “My drawing” and draw a rough digit (or pick a test image). It is noised to step "
              "$t_{\\text{start}}$ with the closed "
              "form, then the reverse process runs from there (DDIM), as if this noisy image had come from pure noise "
              "(SDEdit, Meng et al., 2022). A small $t_{\\text{start}}$ keeps your drawing and cleans its strokes; a "
              "large one keeps only its rough layout; $t_{\\text{start}} = T$ ignores it.",
        "fr": "Choisissez « Mon dessin » et dessinez un chiffre grossier (ou prenez une image de test). Il est "
              "bruité jusqu'au pas "
              "$t_{\\text{start}}$ par la forme fermée, puis le processus inverse repart de là (DDIM), comme si cette "
              "image bruitée venait d'un bruit pur (SDEdit, Meng et al., 2022). Un petit $t_{\\text{start}}$ garde "
              "votre dessin et nettoie ses traits ; un grand n'en garde que la disposition ; "
              "$t_{\\text{start}} = T$ l'ignore.",
    },
    "diff.t_start": {"en": "Noise up to step t_start", "fr": "Bruiter jusqu'au pas t_start"},
    "diff.t_start_info": {"en": "out of T = 1000: more noise, more freedom for the model",
                          "fr": "sur T = 1000 : plus de bruit, plus de liberté pour le modèle"},
    "diff.sd_steps": {"en": "Denoising steps", "fr": "Pas de débruitage"},
    "diff.sd_steps_info": {"en": "DDIM steps from t_start to 0 (at most t_start)",
                           "fr": "pas DDIM de t_start à 0 (au plus t_start)"},
    "diff.sdedit_go": {"en": "Noise and denoise", "fr": "Bruiter puis débruiter"},
    "diff.sd_input": {"en": "Your image x₀ (28x28)", "fr": "Votre image x₀ (28x28)"},
    "diff.sd_noised": {"en": "Noised to t_start", "fr": "Bruitée jusqu'à t_start"},
    "diff.sd_output": {"en": "Denoised by the model", "fr": "Débruitée par le modèle"},
    "diff.sd_result": {
        "en": "**t_start = {t_start}** of T = {T} ({share} of the way to pure noise), then {steps} DDIM steps back "
              "to $t = 0$ (seed {seed}).",
        "fr": "**t_start = {t_start}** sur T = {T} ({share} du chemin vers le bruit pur), puis {steps} pas DDIM "
              "jusqu'à $t = 0$ (graine {seed}).",
    },
    # --- 6. in the browser (genkit/ui/diffusion_browser.py)
    "diff.tab_browser": {"en": "6. In your browser", "fr": "6. Dans votre navigateur"},
    "diff.browser_help": {
        "en": "The same DDIM as in sub-tabs 2 and 3, computed by **your own browser**: the page downloads the U-Net "
              "once (4.7 MB) with a WebAssembly runtime, then runs every step $x_t \\to x_{t'}$ on this device. "
              "A whole class can sample at once without waiting for the server. The step itself "
              "(the U-Net's prediction, $\\hat{x}_0$ and $\\hat\\epsilon$ from it, then "
              "$x_{t'} = \\sqrt{\\bar\\alpha_{t'}}\\, \\hat{x}_0 + \\sqrt{1 - \\bar\\alpha_{t'}}\\, \\hat\\epsilon$) was exported from the very Python the server runs. "
              "With $\\eta = 0$ DDIM is deterministic: the same seed gives the same $x_T$, hence the same pictures, "
              "in the browser and on the server (second button). Flow matching (sub-tab 3) runs the same way: its "
              "step is Euler's, $x_{t'} = x_t + (t' - t)\\, v_\\theta(x_t, t)$.",
        "fr": "Le même DDIM que dans les sous-onglets 2 et 3, calculé par **votre propre navigateur** : la page "
              "télécharge une fois le U-Net (4,7 Mo) avec un moteur WebAssembly, puis exécute chaque pas "
              "$x_t \\to x_{t'}$ sur cet appareil. Toute une classe peut échantillonner en même temps sans attendre "
              "le serveur. Le pas lui-même (la prédiction du U-Net, $\\hat{x}_0$ et $\\hat\\epsilon$ qui en "
              "découlent, puis $x_{t'} = \\sqrt{\\bar\\alpha_{t'}}\\, \\hat{x}_0 + \\sqrt{1 - \\bar\\alpha_{t'}}\\, "
              "\\hat\\epsilon$) a été exporté depuis le code Python même qu'exécute le serveur. Avec $\\eta = 0$, DDIM est "
              "déterministe : la même graine donne le même $x_T$, donc les mêmes images, dans le navigateur et sur "
              "le serveur (second bouton). Le flow matching (sous-onglet 3) s'exécute de même : son pas est celui "
              "d'Euler, $x_{t'} = x_t + (t' - t)\\, v_\\theta(x_t, t)$.",
    },
    "diff.browser_counts_help": {
        "en": "**The same noise, more and more steps**, as in sub-tab 3 but computed in your browser: one $x_T$ from "
              "the seed through DDIM (diffusion-mnist, top row) and through flow matching's Euler steps (flow-mnist, "
              "bottom row), with 1, 2, 4, 8 and 25 steps.",
        "fr": "**Le même bruit, de plus en plus de pas**, comme dans le sous-onglet 3 mais calculé dans votre "
              "navigateur : un $x_T$ issu de la graine passe par DDIM (diffusion-mnist, ligne du haut) et par les pas "
              "d'Euler du flow matching (flow-mnist, ligne du bas), avec 1, 2, 4, 8 et 25 pas.",
    },
    "diff.browser_counts_go": {"en": "Each step count in my browser", "fr": "Chaque nombre de pas dans mon navigateur"},
    "diff.browser_counts_server_go": {"en": "The same strip on the server", "fr": "La même bande sur le serveur"},
    "diff.browser_counts_server_img": {"en": "The strip computed by the server", "fr": "La bande calculée par le serveur"},
    "diff.browser_counts_server_done": {
        "en": "Seed {seed}, {counts} steps (DDIM above, Euler below), computed by the server from the same $x_T$.",
        "fr": "Graine {seed}, {counts} pas (DDIM en haut, Euler en bas), calculés par le serveur depuis le même $x_T$.",
    },
    "diff.browser_model": {"en": "Model and sampler", "fr": "Modèle et échantillonneur"},
    "diff.browser_model_diffusion_mnist": {"en": "DDIM · diffusion-mnist", "fr": "DDIM · diffusion-mnist"},
    "diff.browser_model_diffusion_fashion": {"en": "DDIM · diffusion-fashion", "fr": "DDIM · diffusion-fashion"},
    "diff.browser_model_flow_mnist": {"en": "Flow matching, Euler · flow-mnist",
                                      "fr": "Flow matching, Euler · flow-mnist"},
    "diff.browser_go": {"en": "Sample in my browser", "fr": "Échantillonner dans mon navigateur"},
    "diff.browser_server_go": {"en": "Same seed on the server", "fr": "Même graine sur le serveur"},
    "diff.browser_server_img": {"en": "Computed by the server", "fr": "Calculé par le serveur"},
    "diff.browser_server_done": {
        "en": "{n} samples, {steps} DDIM steps from seed {seed}, computed by the server from the same $x_T$.",
        "fr": "{n} échantillons, {steps} pas DDIM depuis la graine {seed}, calculés par le serveur depuis le même $x_T$.",
    },
}
