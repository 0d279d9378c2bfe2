"""Every text of the Text-to-image tab, in English and French (the lecture's terms).

A leaf: it imports nothing of genkit.ui, so that genkit.ui.i18n can gather it without importing the tab.
"""

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
        "fr": "## Texte vers image avec le « classifier-free » guidance\n"
              "DALL-E 2 et Imagen encodent la description (le *prompt*) $y$ avec un encodeur de texte et "
              "conditionnent un U-Net de diffusion sur ce plongement (Imagen : attention croisée sur le texte) : le "
              "modèle apprend $P(x \\mid y)$. Le **« classifier-free » guidance** entraîne un seul modèle avec le "
              "texte et sans le texte (la description est retirée au hasard) et mélange les deux prédictions du "
              "bruit à l'échantillonnage :\n\n"
              "$$\\hat{\\epsilon} = \\epsilon_\\theta(x_t, \\varnothing) + w \\,\\big(\\epsilon_\\theta(x_t, y) - "
              "\\epsilon_\\theta(x_t, \\varnothing)\\big)$$\n\n"
              "$w = 0$ ignore le texte, $w = 1$ est le modèle conditionnel simple, $w > 1$ échange de la diversité "
              "contre de la fidélité à la description. Les opérations demandant de compter restent difficiles.",
    },
    # --- shared controls
    "t2i.model": {"en": "Model", "fr": "Modèle"},
    "t2i.model_scenes": {"en": "Scenes (coloured shapes, 32×32)", "fr": "Scènes (formes colorées, 32×32)"},
    "t2i.model_digits": {"en": "Digits (MNIST, 28×28)", "fr": "Chiffres (MNIST, 28×28)"},
    "t2i.prompt": {"en": "Prompt", "fr": "Description (prompt)"},
    "t2i.prompt_placeholder": {"en": "a red circle on the left", "fr": "un cercle rouge à gauche"},
    "t2i.examples": {"en": "Examples (click one; English or French)",
                     "fr": "Exemples (cliquez ; en anglais ou en français)"},
    "t2i.seed": {"en": "Seed", "fr": "Graine"},
    "t2i.w": {"en": "Guidance w", "fr": "Guidage w"},
    "t2i.w_info": {"en": "0: ignore the text · 1: conditional · more: closer to the prompt, less varied · let go: "
                         "drawn again, same seed",
                   "fr": "0 : ignorer le texte · 1 : conditionnel · plus : plus fidèle, moins varié · relâchez : "
                         "redessiné, même graine"},
    "t2i.steps": {"en": "DDIM steps", "fr": "Pas DDIM"},
    "t2i.steps_info": {"en": "more steps cost more: 25 steps for 4 images take about 2 s on a CPU",
                       "fr": "plus de pas coûtent plus : 25 pas pour 4 images prennent environ 2 s sur un CPU"},
    "t2i.n": {"en": "Number of images", "fr": "Nombre d'images"},
    # --- words the model knows
    "t2i.words": {"en": "Words of the prompt (unknown ones highlighted)",
                  "fr": "Mots de la description (les inconnus surlignés)"},
    "t2i.note_empty": {
        "en": "The prompt is empty: the model generates **without text** (the null embedding), as with $w = 0$.",
        "fr": "La description est vide : le modèle génère **sans texte** (le plongement nul), comme avec $w = 0$.",
    },
    "t2i.err_none": {
        "en": "This prompt names nothing the model knows (unknown: {words}), so it would draw something else. "
              "It knows these words: {known}.",
        "fr": "Cette description ne nomme rien que le modèle connaisse (inconnus : {words}) : il dessinerait autre "
              "chose. Il connaît ces mots : {known}.",
    },
    "t2i.note_unknown": {
        "en": "Unknown words **ignored**: {words}. The text encoder reads only the {n} known word(s).",
        "fr": "Mots inconnus **ignorés** : {words}. L'encodeur de texte ne lit que le(s) {n} mot(s) connu(s).",
    },
    "t2i.note_known": {
        "en": "All {n} words are known to the text encoder (a vocabulary of {vocab} words, English and French).",
        "fr": "Les {n} mots sont connus de l'encodeur de texte (un vocabulaire de {vocab} mots, anglais et français).",
    },
    "t2i.err_long": {
        "en": "The prompt has {n} characters; at most {max} are allowed.",
        "fr": "La description a {n} caractères ; {max} au plus sont permis.",
    },
    "t2i.err_words": {
        "en": "The prompt has {n} known words; the text encoder reads at most {max}.",
        "fr": "La description a {n} mots connus ; l'encodeur de texte en lit {max} au plus.",
    },
    # --- 1. generate
    "t2i.tab_generate": {"en": "1. Generate", "fr": "1. Générer"},
    "t2i.generate_help": {
        "en": "Write a prompt (or click an example), choose the guidance $w$, and generate: the images are shown "
              "**as they are denoised**, from pure noise $x_T$ to the result. The same seed gives the same images. "
              "The scenes model knows shapes, colours, sizes, positions, relations (left of, above...) and "
              "\"two ...\"; the digits model knows \"a handwritten seven\", \"un trois manuscrit\"...",
        "fr": "Écrivez une description (ou cliquez un exemple), choisissez le guidage $w$ et générez : les images "
              "s'affichent **pendant le débruitage**, du bruit pur $x_T$ au résultat. La même graine donne les "
              "mêmes images. Le modèle des scènes connaît des formes, couleurs, tailles, positions, relations "
              "(à gauche d'un, au-dessus d'un...) et « deux ... » ; celui des chiffres connaît « un trois "
              "manuscrit », « a handwritten seven »...",
    },
    "t2i.generate": {"en": "Generate", "fr": "Générer"},
    "t2i.images": {"en": "Images (xₜ → result)", "fr": "Images (xₜ → résultat)"},
    "t2i.frame": {"en": "Step {i} / {n} (t = {t}), w = {w}, seed {seed}",
                  "fr": "Pas {i} / {n} (t = {t}), w = {w}, graine {seed}"},
    "t2i.frame_final": {"en": "**Done**: {count} image(s), {n} DDIM steps, w = {w}, seed {seed}.",
                        "fr": "**Terminé** : {count} image(s), {n} pas DDIM, w = {w}, graine {seed}."},
    "t2i.x2_go": {"en": "Then ×2 (Imagen's cascade)", "fr": "Puis ×2 (la cascade d'Imagen)"},
    "t2i.x2_low": {"en": "The images above, 32×32", "fr": "Les images ci-dessus, 32×32"},
    "t2i.x2_high": {"en": "Raised to 64×64 by sr-scenes-64", "fr": "Passées en 64×64 par sr-scenes-64"},
    "t2i.x2_base": {"en": "32×32, step {i} / {n} (t = {t})", "fr": "32×32, pas {i} / {n} (t = {t})"},
    "t2i.x2_sr": {"en": "×2, step {i} / {n} (t = {t}), conditioned on the 32×32 images",
                  "fr": "×2, pas {i} / {n} (t = {t}), conditionné par les images 32×32"},
    "t2i.x2_done": {
        "en": "**Done**: the same {count} image(s) (w = {w}, seed {seed}), then a second diffusion model that "
              "reads each one as extra input channels and draws it at 64×64 in {n} DDIM steps. Seen at 32×32 "
              "again, the 64×64 images match their inputs at PSNR **{db} dB**: the second stage adds detail, "
              "it does not change the scene. The Imagen tab shows the cascade step by step.",
        "fr": "**Terminé** : les mêmes {count} image(s) (w = {w}, graine {seed}), puis un second modèle de "
              "diffusion qui les lit comme canaux d'entrée supplémentaires et les redessine en 64×64 en {n} pas "
              "DDIM. Revues en 32×32, les images 64×64 ressemblent à leur entrée à un PSNR de **{db} dB** : le "
              "second étage ajoute du détail, il ne change pas la scène. L'onglet Imagen montre la cascade pas "
              "à pas.",
    },
    "t2i.err_x2": {
        "en": "The ×2 stage was trained on scenes only: choose the scenes model to raise its images.",
        "fr": "L'étage ×2 n'a été entraîné que sur les scènes : choisissez le modèle des scènes pour agrandir "
              "ses images.",
    },
    # --- 2. sweep
    "t2i.tab_sweep": {"en": "2. Guidance sweep", "fr": "2. Balayage du guidage"},
    "t2i.sweep_help": {
        "en": "The **same starting noise** (same seed) denoised at $w$ = 0, 1, 2, 4, 8 and 15. At $w = 0$ the text is "
              "ignored; as $w$ grows the image follows the prompt more closely, then saturates. Below, the "
              "**trade-off**: for 8 seeds at each $w$, the share of images that match the prompt (read by the scene "
              "checker) and how different the images are from one another (mean pixel distance between pairs).",
        "fr": "Le **même bruit de départ** (même graine) débruité avec $w$ = 0, 1, 2, 4, 8 et 15. À $w = 0$ le texte "
              "est ignoré ; quand $w$ grandit l'image suit de plus près la description, puis sature. En dessous, le "
              "**compromis** : pour 8 graines à chaque $w$, la part des images conformes à la description (lue par "
              "le vérificateur de scènes) et leur diversité (distance moyenne en pixels entre deux images).",
    },
    "t2i.sweep_go": {"en": "Sweep w", "fr": "Balayer w"},
    "t2i.sweep_strip": {"en": "The same seed at each w", "fr": "La même graine à chaque w"},
    "t2i.sweep_result": {"en": "Prompt: *{prompt}*, seed {seed}, 25 DDIM steps.",
                         "fr": "Description : *{prompt}*, graine {seed}, 25 pas DDIM."},
    "t2i.tradeoff_go": {"en": "Measure the trade-off (8 seeds × 6 values of w)",
                        "fr": "Mesurer le compromis (8 graines × 6 valeurs de w)"},
    "t2i.tradeoff_plot": {"en": "Fidelity and diversity against w", "fr": "Fidélité et diversité selon w"},
    "t2i.tradeoff_samples": {"en": "The samples (one row per w)", "fr": "Les échantillons (une ligne par w)"},
    "t2i.series_match": {"en": "matches the prompt", "fr": "conforme à la description"},
    "t2i.series_diversity": {"en": "diversity", "fr": "diversité"},
    "t2i.axis_rate": {"en": "value (0 to 1)", "fr": "valeur (de 0 à 1)"},
    "t2i.tradeoff_row": {"en": "| {w} | {match} | {diversity} |", "fr": "| {w} | {match} | {diversity} |"},
    "t2i.tradeoff_head": {
        "en": "{done} of {total} values of w, {n} seeds from seed {seed}, {steps} DDIM steps.\n\n"
              "| w | matches the prompt | diversity |\n|---|---|---|",
        "fr": "{done} valeurs de w sur {total}, {n} graines à partir de la graine {seed}, {steps} pas DDIM.\n\n"
              "| w | conforme à la description | diversité |\n|---|---|---|",
    },
    "t2i.tradeoff_unparsed": {
        "en": "The scene checker cannot read this prompt (only prompts written like the training captions, with "
              "the **scenes** model, e.g. *a red circle on the left*): **no match rate**, only the diversity.",
        "fr": "Le vérificateur de scènes ne sait pas lire cette description (seulement celles écrites comme les "
              "légendes d'entraînement, avec le modèle des **scènes**, p. ex. *un cercle rouge à gauche*) : **pas de "
              "taux de conformité**, seulement la diversité.",
    },
    # --- 3. inside guidance
    "t2i.tab_inside": {"en": "3. Inside guidance", "fr": "3. Dans le guidage"},
    "t2i.inside_help": {
        "en": "At one step of the guided run, the U-Net is called twice on the same $x_t$: without the text "
              "($\\epsilon_\\theta(x_t, \\varnothing)$) and with it ($\\epsilon_\\theta(x_t, y)$). Their difference "
              "is what the text adds; guidance multiplies it by $w$. Noise predictions are signed: "
              "for the scenes, each colour channel is 0.5 + value / 2m (mid-grey is 0); for the digits, blue is "
              "negative, white 0, red positive. The three $\\epsilon$ share one scale; the difference has its own "
              "(it is much smaller).",
        "fr": "À un pas du débruitage guidé, le U-Net est appelé deux fois sur le même $x_t$ : sans le texte "
              "($\\epsilon_\\theta(x_t, \\varnothing)$) et avec ($\\epsilon_\\theta(x_t, y)$). Leur différence est "
              "ce qu'apporte le texte ; le guidage la multiplie par $w$. Les prédictions du bruit sont signées : "
              "pour les scènes, chaque canal de couleur vaut 0,5 + valeur / 2m (le gris moyen est 0) ; pour les "
              "chiffres, bleu est négatif, blanc 0, rouge positif. Les trois $\\epsilon$ partagent une échelle ; la "
              "différence a la sienne (bien plus petite).",
    },
    "t2i.at_step": {"en": "At step", "fr": "Au pas"},
    "t2i.at_step_info": {"en": "0: the first step, from pure noise; 24: the last of 25",
                         "fr": "0 : le premier pas, depuis le bruit pur ; 24 : le dernier des 25"},
    "t2i.inside_go": {"en": "Open the step", "fr": "Ouvrir le pas"},
    "t2i.in_xt": {"en": "xₜ, the input", "fr": "xₜ, l'entrée"},
    "t2i.in_uncond": {"en": "ε without text (∅)", "fr": "ε sans texte (∅)"},
    "t2i.in_cond": {"en": "ε with the text y", "fr": "ε avec le texte y"},
    "t2i.in_push": {"en": "ε(y) − ε(∅), own scale", "fr": "ε(y) − ε(∅), sa propre échelle"},
    "t2i.in_guided": {"en": "guided ε̂", "fr": "ε̂ guidé"},
    "t2i.in_x0": {"en": "x̂₀ predicted from ε̂", "fr": "x̂₀ prédit à partir de ε̂"},
    "t2i.inside_result": {
        "en": "Step {i} of 25, $t = {t}$, $w = {w}$:\n\n"
              "$$\\hat{{\\epsilon}} = \\epsilon_\\theta(x_{{{t}}}, \\varnothing) + {w} \\,\\big(\\epsilon_\\theta"
              "(x_{{{t}}}, y) - \\epsilon_\\theta(x_{{{t}}}, \\varnothing)\\big)$$\n\n"
              "Root mean square: $\\epsilon(\\varnothing)$ {uncond}, $\\epsilon(y)$ {cond}, difference {push} "
              "(times $w$: {wpush}), $\\hat{{\\epsilon}}$ {guided}. Colour scales: ±{m} for the three "
              "$\\epsilon$, ±{m_push} for the difference.",
        "fr": "Pas {i} sur 25, $t = {t}$, $w = {w}$ :\n\n"
              "$$\\hat{{\\epsilon}} = \\epsilon_\\theta(x_{{{t}}}, \\varnothing) + {w} \\,\\big(\\epsilon_\\theta"
              "(x_{{{t}}}, y) - \\epsilon_\\theta(x_{{{t}}}, \\varnothing)\\big)$$\n\n"
              "Moyenne quadratique : $\\epsilon(\\varnothing)$ {uncond}, $\\epsilon(y)$ {cond}, différence {push} "
              "(fois $w$ : {wpush}), $\\hat{{\\epsilon}}$ {guided}. Échelles de couleur : ±{m} pour les trois "
              "$\\epsilon$, ±{m_push} pour la différence.",
    },
    # --- 4. where it fails
    # --- 5. in the browser (genkit/ui/text2img_browser.py)
    "t2i.tab_browser": {"en": "5. In your browser", "fr": "5. Dans votre navigateur"},
    "t2i.browser_help": {
        "en": "Text-to-image computed by **your own browser**: the page downloads the U-Net and its text encoder "
              "once (4.1 MB), your browser splits the prompt into words and looks them up in the model's vocabulary, "
              "then runs every guided DDIM step on this device. Each step is one batch of $2B$ images, the "
              "unconditional and the conditional predictions, combined as "
              "$\\hat\\epsilon = \\epsilon_\\theta(x_t, \\varnothing) + w\\,(\\epsilon_\\theta(x_t, y) - "
              "\\epsilon_\\theta(x_t, \\varnothing))$: the step was exported from the very Python the server runs. "
              "The same prompt, $w$ and seed give the same pictures in the browser and on the server (second button).",
        "fr": "Le texte vers image calculé par **votre propre navigateur** : la page télécharge une fois le U-Net et "
              "son encodeur de texte (4,1 Mo), votre navigateur découpe la description en mots et les cherche dans le "
              "vocabulaire du modèle, puis exécute chaque pas DDIM guidé sur cet appareil. Chaque pas est un lot de "
              "$2B$ images, les prédictions sans condition et avec condition, combinées en "
              "$\\hat\\epsilon = \\epsilon_\\theta(x_t, \\varnothing) + w\\,(\\epsilon_\\theta(x_t, y) - "
              "\\epsilon_\\theta(x_t, \\varnothing))$ : le pas a été exporté depuis le code Python même qu'exécute "
              "le serveur. La même description, le même $w$ et la même graine donnent les mêmes images dans le "
              "navigateur et sur le serveur (second bouton).",
    },
    "t2i.browser_go": {"en": "Generate in my browser", "fr": "Générer dans mon navigateur"},
    "t2i.browser_server_go": {"en": "Same seed on the server", "fr": "Même graine sur le serveur"},
    "t2i.browser_server_img": {"en": "Computed by the server", "fr": "Calculé par le serveur"},
    "t2i.browser_server_done": {
        "en": "{n} images, $w = {w}$, {steps} DDIM steps from seed {seed}, computed by the server from the same $x_T$.",
        "fr": "{n} images, $w = {w}$, {steps} pas DDIM depuis la graine {seed}, calculées par le serveur depuis le "
              "même $x_T$.",
    },
    "t2i.tab_fails": {"en": "4. Where it fails", "fr": "4. Là où ça échoue"},
    "t2i.fails_help": {
        "en": "A single object in a colour, a shape and a position is easy. **Counting** (\"two green "
              "triangles\") and **relations** between two objects (\"a red circle left of a blue square\") are "
              "hard, for Imagen and DALL-E 2 too: operations that need counting remain difficult. The button "
              "generates a few such prompts (the scenes model, $w = 3$) and the **scene checker** (which reads the "
              "colour, shape and position of each object in the pixels) says whether each image matches.",
        "fr": "Un seul objet d'une couleur, d'une forme et à une position, c'est facile. **Compter** (« deux "
              "triangles verts ») et les **relations** entre deux objets (« un cercle rouge à gauche d'un carré "
              "bleu ») sont difficiles, pour Imagen et DALL-E 2 aussi : les opérations demandant de compter restent "
              "difficiles. Le bouton génère quelques descriptions de ce genre (le modèle des scènes, $w = 3$) et le "
              "**vérificateur de scènes** (qui lit la couleur, la forme et la position de chaque objet dans les "
              "pixels) dit si chaque image est conforme.",
    },
    "t2i.fails_go": {"en": "Generate and check", "fr": "Générer et vérifier"},
    "t2i.fails_gallery": {"en": "Images and verdicts", "fr": "Images et verdicts"},
    "t2i.verdict_yes": {"en": "✓ matches", "fr": "✓ conforme"},
    "t2i.verdict_no": {"en": "✗ does not match", "fr": "✗ non conforme"},
    "t2i.saw_nothing": {"en": "no object", "fr": "aucun objet"},
    "t2i.fails_head": {
        "en": "Seed {seed}, $w = 3$, 25 DDIM steps. Matches: **{hits} of {total}**.\n\n"
              "| prompt | kind | verdict | the checker reads |\n|---|---|---|---|",
        "fr": "Graine {seed}, $w = 3$, 25 pas DDIM. Conformes : **{hits} sur {total}**.\n\n"
              "| description | genre | verdict | le vérificateur lit |\n|---|---|---|---|",
    },
    "t2i.kind_single": {"en": "one object", "fr": "un objet"},
    "t2i.kind_relation": {"en": "relation", "fr": "relation"},
    "t2i.kind_count": {"en": "count", "fr": "compte"},
}
