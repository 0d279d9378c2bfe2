"""Every text of the DALL-E 2 tab, in English and French (the lecture's terms: plongement, similarité...).

A leaf: it imports nothing of genkit.ui, so that genkit.ui.i18n can gather it without importing the tab.
Texts filled by t() with values write LaTeX braces doubled ({{ and }}); the others single.
"""

TEXT = {
    "d2.intro": {
        "en": "## DALL-E 2, step by step\n"
              "From a prompt $y$ to an image $x$ in four steps, each one a model of its own, trained here from "
              "scratch on the coloured-shape scenes (32×32, captions in English and French):\n\n"
              "1. **CLIP** (Contrastive Language-Image Pre-training) learns an image embedding and a text embedding "
              "in one shared space, from batches of $N$ (image, caption) pairs.\n"
              "2. A **diffusion decoder** (as GLIDE) draws an image from an image embedding $z_i$: from one image, "
              "several that resemble it.\n"
              "3. A **prior** maps the text embedding $z_t$ to an image embedding $z_i$ (the *semantic mapping*), "
              "trained by diffusion too.\n"
              "4. **Wrap-it up!** Chained, they give the image given the text:\n\n"
              "$$\\begin{aligned} P(x \\mid y) &= P(x, z_i \\mid y) \\\\ "
              "&= P(x \\mid z_i, y)\\,P(z_i \\mid y) \\end{aligned}$$\n\n"
              "Our decoder reads $z_i$ only, so here $P(x \\mid y) = P(x \\mid z_i)\\,P(z_i \\mid y)$. "
              "The sub-tabs follow the lecture: CLIP first (1, 2), then the prior and the decoder (3), "
              "and the decoder alone on an image's embedding (4).",
        "fr": "## DALL-E 2, étape par étape\n"
              "D'une description (*prompt*) $y$ à une image $x$ en quatre étapes, chacune un modèle à part, "
              "entraîné ici de zéro sur les scènes de formes colorées (32×32, légendes en anglais et en "
              "français) :\n\n"
              "1. **CLIP** (*Contrastive Language-Image Pre-training*) apprend un plongement des images et un "
              "plongement des textes dans un même espace, à partir de lots de $N$ couples (image, légende).\n"
              "2. Un **décodeur par diffusion** (comme GLIDE) crée une image à partir d'un plongement d'image "
              "$z_i$ : à partir d'une image, plusieurs qui lui ressemblent.\n"
              "3. Un **prior** transforme le plongement du texte $z_t$ en un plongement d'image $z_i$ (la "
              "*cartographie sémantique*), appris lui aussi par diffusion.\n"
              "4. **Wrap-it up!** Enchaînés, ils donnent l'image sachant le texte :\n\n"
              "$$\\begin{aligned} P(x \\mid y) &= P(x, z_i \\mid y) \\\\ "
              "&= P(x \\mid z_i, y)\\,P(z_i \\mid y) \\end{aligned}$$\n\n"
              "Notre décodeur ne lit que $z_i$ : ici $P(x \\mid y) = P(x \\mid z_i)\\,P(z_i \\mid y)$. "
              "Les sous-onglets suivent le cours : CLIP d'abord (1, 2), puis le prior et le décodeur (3), "
              "et le décodeur seul sur le plongement d'une image (4).",
    },
    "d2.tab_similarity": {"en": "1. CLIP: similarity matrix", "fr": "1. CLIP : matrice de similarité"},
    "d2.tab_zero_shot": {"en": "2. CLIP: zero-shot", "fr": "2. CLIP : zéro-shot"},
    "d2.tab_text": {"en": "3. Text → image", "fr": "3. Texte → image"},
    "d2.tab_variations": {"en": "4. Variations", "fr": "4. Variations"},
    # --- shared controls and messages
    "d2.seed": {"en": "Seed", "fr": "Graine"},
    "d2.seed_info": {"en": "the same seed gives the same scene · Enter: run again",
                     "fr": "la même graine donne la même scène · Entrée : relancer"},
    "d2.source": {"en": "Image", "fr": "Image"},
    "d2.source_seed": {"en": "A scene drawn from the seed", "fr": "Une scène tirée de la graine"},
    "d2.source_draw": {"en": "My drawing", "fr": "Mon dessin"},
    "d2.drawing": {"en": "Draw in colour", "fr": "Dessinez en couleur"},
    "d2.drawing_hint": {
        "en": "*The scenes' six colours on black. Fill a shape: the canvas is shrunk to 32×32, as CLIP reads it.*",
        "fr": "*Les six couleurs des scènes sur fond noir. Remplissez une forme : le dessin est réduit en 32×32, "
              "comme CLIP le lit.*",
    },
    "d2.w_prior": {"en": "Prior guidance w", "fr": "Guidage du prior w"},
    "d2.w_prior_info": {"en": "0: ignore the text · 1: the prior as trained · more: closer to the text",
                        "fr": "0 : ignorer le texte · 1 : le prior tel qu'appris · plus : plus proche du texte"},
    "d2.w_decoder": {"en": "Decoder guidance w", "fr": "Guidage du décodeur w"},
    "d2.w_decoder_info": {"en": "0: ignore zᵢ · 1: conditional · more: closer to zᵢ, less varied",
                          "fr": "0 : ignorer zᵢ · 1 : conditionnel · plus : plus fidèle à zᵢ, moins varié"},
    "d2.words": {"en": "Words as CLIP reads them (unknown ones highlighted)",
                 "fr": "Mots tels que CLIP les lit (les inconnus surlignés)"},
    "d2.the_prompt": {"en": "The prompt", "fr": "La description"},
    "d2.caption_n": {"en": "Caption {i}", "fr": "La légende {i}"},
    "d2.err_long": {"en": "{where} has {n} characters; at most {max} are allowed.",
                    "fr": "{where} a {n} caractères ; {max} au plus sont permis."},
    "d2.err_empty": {
        "en": "{where} is empty: CLIP embeds a text, so write one (e.g. “a red circle on the left”).",
        "fr": "{where} est vide : CLIP plonge un texte, écrivez-en un (p. ex. « un cercle rouge à gauche »).",
    },
    "d2.err_words": {"en": "{where} has {n} known words; CLIP's text encoder reads at most {max}.",
                     "fr": "{where} a {n} mots connus ; l'encodeur de texte de CLIP en lit {max} au plus."},
    "d2.err_none": {
        "en": "{where} has no word CLIP knows ({words}): no text embedding can be made. CLIP knows the scenes' "
              "words (shapes, colours, sizes, positions), in English and French.",
        "fr": "{where} n'a aucun mot connu de CLIP ({words}) : aucun plongement de texte n'est possible. CLIP "
              "connaît les mots des scènes (formes, couleurs, tailles, positions), en anglais et en français.",
    },
    "d2.note_unknown": {"en": "Unknown words **ignored** by CLIP's text encoder: {words}.",
                        "fr": "Mots inconnus **ignorés** par l'encodeur de texte de CLIP : {words}."},
    "d2.note_known": {"en": "CLIP knows every word.", "fr": "CLIP connaît tous les mots."},
    "d2.err_no_drawing": {"en": "Draw something on the canvas first (or choose a scene drawn from the seed).",
                          "fr": "Dessinez d'abord quelque chose (ou choisissez une scène tirée de la graine)."},
    "d2.err_drawing_blank": {
        "en": "The drawing is empty (or one flat colour): draw a coloured shape on the black canvas.",
        "fr": "Le dessin est vide (ou d'une seule couleur) : dessinez une forme colorée sur le fond noir.",
    },
    "d2.err_drawing_shape": {"en": "This is not an image (shape {shape}).",
                             "fr": "Ce n'est pas une image (forme {shape})."},
    "d2.saw_nothing": {"en": "no object", "fr": "aucun objet"},
    # --- 1. the similarity matrix
    "d2.similarity_help": {
        "en": "A batch of $N$ scenes and their captions. CLIP embeds each image ($I_j$) and each caption ($T_i$) "
              "as a unit vector of one shared space; the matrix shows the **cosine similarity** of every caption "
              "(a row) with every image (a column). Training **maximizes the $N$ similarities of the matching pairs** "
              "(the diagonal, outlined) and **minimizes the $N^2 - N$ others**, with the symmetric cross-entropy "
              "over the similarities scaled by a learned temperature, $\\ell_{ij} = e^{t} \\cos(I_i, T_j)$:\n\n"
              "$$\\begin{aligned} \\mathcal{L} = \\frac{1}{2N} \\sum_{i=1}^{N} \\Big[ &-\\log \\frac{e^{\\ell_{ii}}}"
              "{\\sum_j e^{\\ell_{ij}}} \\\\ &- \\log \\frac{e^{\\ell_{ii}}}{\\sum_j e^{\\ell_{ji}}} \\Big] "
              "\\end{aligned}$$\n\n"
              "each image must pick its caption among the $N$, and each caption its image. **Edit a caption** "
              "(e.g. *red* → *blue*, in English or French): its row is computed again as you type.",
        "fr": "Un lot de $N$ scènes et leurs légendes. CLIP plonge chaque image ($I_j$) et chaque légende ($T_i$) "
              "en un vecteur unitaire d'un même espace ; la matrice montre la **similarité cosinus** de chaque "
              "légende (une ligne) avec chaque image (une colonne). L'entraînement **maximise les $N$ similarités "
              "des couples qui vont ensemble** (la diagonale, encadrée) et **minimise les $N^2 - N$ autres**, par "
              "l'entropie croisée symétrique sur les similarités mises à l'échelle par une température apprise, "
              "$\\ell_{ij} = e^{t} \\cos(I_i, T_j)$ :\n\n"
              "$$\\begin{aligned} \\mathcal{L} = \\frac{1}{2N} \\sum_{i=1}^{N} \\Big[ &-\\log \\frac{e^{\\ell_{ii}}}"
              "{\\sum_j e^{\\ell_{ij}}} \\\\ &- \\log \\frac{e^{\\ell_{ii}}}{\\sum_j e^{\\ell_{ji}}} \\Big] "
              "\\end{aligned}$$\n\n"
              "chaque image doit choisir sa légende parmi les $N$, et chaque légende son image. **Modifiez une "
              "légende** (p. ex. *rouge* → *bleu*, en français ou en anglais) : sa ligne est recalculée à la "
              "frappe.",
    },
    "d2.n": {"en": "Batch size N", "fr": "Taille du lot N"},
    "d2.n_info": {"en": "from 4 to 16 pairs (image, caption)", "fr": "de 4 à 16 couples (image, légende)"},
    "d2.batch_seed_info": {"en": "the same seed gives the same batch · Enter: new batch",
                           "fr": "la même graine donne le même lot · Entrée : nouveau lot"},
    "d2.new_batch": {"en": "New batch", "fr": "Nouveau lot"},
    "d2.captions": {"en": "Captions, one per line (line i goes with image i; English or French)",
                    "fr": "Légendes, une par ligne (la ligne i va avec l'image i ; en français ou en anglais)"},
    "d2.captions_info": {"en": "edit one: its row of the matrix changes",
                         "fr": "modifiez-en une : sa ligne de la matrice change"},
    "d2.compute": {"en": "Compute the matrix with these captions", "fr": "Calculer la matrice avec ces légendes"},
    "d2.matrix": {"en": "Cosine similarities: a row per caption, a column per image",
                  "fr": "Similarités cosinus : une ligne par légende, une colonne par image"},
    "d2.rows_title": {"en": "captions Tᵢ ↓", "fr": "légendes Tᵢ ↓"},
    "d2.cols_title": {"en": "images Iⱼ →", "fr": "images Iⱼ →"},
    "d2.matrix_result": {
        "en": "**Loss of this batch**: $\\mathcal{{L}} = {loss}$ (symmetric cross-entropy over the ${n} \\times "
              "{n}$ similarities). Learned scale $e^{{t}} = {scale:.1f}$, so a temperature $\\tau = e^{{-t}} = "
              "{tau:.4f}$. The diagonal is the best of its row for **{rows} of {n}** captions and the best of its "
              "column for **{cols} of {n}** images (chance: 1 in {n}).",
        "fr": "**Perte de ce lot** : $\\mathcal{{L}} = {loss}$ (entropie croisée symétrique sur les ${n} \\times "
              "{n}$ similarités). Échelle apprise $e^{{t}} = {scale:.1f}$, soit une température $\\tau = e^{{-t}} = "
              "{tau:.4f}$. La diagonale est la meilleure de sa ligne pour **{rows} légendes sur {n}** et la "
              "meilleure de sa colonne pour **{cols} images sur {n}** (hasard : 1 sur {n}).",
    },
    "d2.err_long_all": {"en": "The captions have {n} characters in all; at most {max} are allowed.",
                        "fr": "Les légendes ont {n} caractères en tout ; {max} au plus sont permis."},
    "d2.err_lines": {
        "en": "Write {n} captions, one per line (one for each image of the batch): there are {found}.",
        "fr": "Écrivez {n} légendes, une par ligne (une pour chaque image du lot) : il y en a {found}.",
    },
    # --- 2. zero-shot
    "d2.zero_shot_help": {
        "en": "**CLIP as a classifier, with no classifier trained**: every caption the vocabulary can say of one "
              "object (5 shapes × 6 colours × 2 sizes × 5 positions = 300, in the page's language) is a class. "
              "The image's embedding $z_x$ is compared with each caption's $z_{y_k}$, and a softmax over the "
              "scaled similarities gives a probability:\n\n"
              "$$P(y_k \\mid x) = \\frac{\\exp\\big(e^{t} \\cos(z_x, z_{y_k})\\big)}{\\sum_{k'} "
              "\\exp\\big(e^{t} \\cos(z_x, z_{y_{k'}})\\big)}$$\n\n"
              "Take a scene from a seed, or draw one in colour (a filled shape, big or small, on the left, the "
              "right, the top, the bottom or the centre).",
        "fr": "**CLIP comme classifieur, sans entraîner de classifieur** : chaque légende que le vocabulaire peut "
              "dire d'un objet (5 formes × 6 couleurs × 2 tailles × 5 positions = 300, dans la langue de la page) "
              "est une classe. Le plongement de l'image $z_x$ est comparé à celui de chaque légende $z_{y_k}$, et "
              "un softmax sur les similarités mises à l'échelle donne une probabilité :\n\n"
              "$$P(y_k \\mid x) = \\frac{\\exp\\big(e^{t} \\cos(z_x, z_{y_k})\\big)}{\\sum_{k'} "
              "\\exp\\big(e^{t} \\cos(z_x, z_{y_{k'}})\\big)}$$\n\n"
              "Prenez une scène tirée d'une graine, ou dessinez-en une en couleur (une forme pleine, grande ou "
              "petite, à gauche, à droite, en haut, en bas ou au centre).",
    },
    "d2.zs_go": {"en": "Classify with CLIP", "fr": "Classer avec CLIP"},
    "d2.zs_input": {"en": "The image as CLIP reads it (32×32)", "fr": "L'image telle que CLIP la lit (32×32)"},
    "d2.zs_label": {"en": "The 5 most probable of the 300 captions", "fr": "Les 5 plus probables des 300 légendes"},
    "d2.zs_right": {"en": "The scene's caption: *{truth}*. CLIP's first choice among the {n}: **the right one** "
                          "({p:.0f}%).",
                    "fr": "La légende de la scène : *{truth}*. Premier choix de CLIP parmi les {n} : **la bonne** "
                          "({p:.0f}\u00a0%)."},
    "d2.zs_rank": {"en": "The scene's caption: *{truth}*. CLIP's first choice among the {n}: *{best}* ({p:.0f}%); "
                         "the right one comes at **rank {rank}**.",
                   "fr": "La légende de la scène : *{truth}*. Premier choix de CLIP parmi les {n} : *{best}* "
                         "({p:.0f}\u00a0%) ; la bonne arrive en **position {rank}**."},
    "d2.zs_wrong": {"en": "The scene's caption: *{truth}*. CLIP's first choice among the {n}: *{best}* ({p:.0f}%); "
                          "the right one is **not in its top 5**.",
                    "fr": "La légende de la scène : *{truth}*. Premier choix de CLIP parmi les {n} : *{best}* "
                          "({p:.0f}\u00a0%) ; la bonne n'est **pas dans ses 5 premiers**."},
    "d2.zs_drawing": {"en": "Your drawing, as CLIP reads it: *{best}* ({p:.0f}%), its first choice among the {n} "
                            "captions.",
                      "fr": "Votre dessin, tel que CLIP le lit : *{best}* ({p:.0f}\u00a0%), son premier choix "
                            "parmi les "
                            "{n} légendes."},
    # --- 3. text -> image
    "d2.text_help": {
        "en": "The whole of DALL-E 2 after CLIP. The prompt's **text embedding** $z_t$ (CLIP) is not an image "
              "embedding: the **prior** samples image embeddings $z_i \\sim P(z_i \\mid y)$. It was trained by "
              "diffusion on CLIP's image embeddings, noised to $z_{i,t}$, predicting the clean one directly:\n\n"
              "$$L_{\\text{prior}} = \\mathbb{E}_{t, z_i, \\epsilon} \\big\\| f_\\theta(z_{i,t}, t, z_t) - z_i "
              "\\big\\|^2$$\n\n"
              "with the caption dropped 10% of the time, so that sampling can be guided: $\\hat z_i = "
              "f_\\theta(z_{i,t}, t, \\varnothing) + w\\,\\big(f_\\theta(z_{i,t}, t, z_t) - f_\\theta(z_{i,t}, t, "
              "\\varnothing)\\big)$. Then the **decoder** draws $x \\sim P(x \\mid z_i)$, guided the same way on "
              "its noise prediction. Below: the captions nearest to each embedding (cosines), then the 4 images "
              "as they are denoised.",
        "fr": "Tout DALL-E 2 après CLIP. Le **plongement du texte** $z_t$ (CLIP) n'est pas un plongement d'image : "
              "le **prior** tire des plongements d'image $z_i \\sim P(z_i \\mid y)$. Il a été appris par diffusion "
              "sur les plongements d'image de CLIP, bruités en $z_{i,t}$, en prédisant directement le plongement "
              "propre :\n\n"
              "$$L_{\\text{prior}} = \\mathbb{E}_{t, z_i, \\epsilon} \\big\\| f_\\theta(z_{i,t}, t, z_t) - z_i "
              "\\big\\|^2$$\n\n"
              "la légende étant retirée 10 % du temps, pour pouvoir guider l'échantillonnage : $\\hat z_i = "
              "f_\\theta(z_{i,t}, t, \\varnothing) + w\\,\\big(f_\\theta(z_{i,t}, t, z_t) - f_\\theta(z_{i,t}, t, "
              "\\varnothing)\\big)$. Puis le **décodeur** crée $x \\sim P(x \\mid z_i)$, guidé de la même façon "
              "sur "
              "sa prédiction du bruit. En dessous : les légendes les plus proches de chaque plongement (cosinus), "
              "puis les 4 images pendant le débruitage.",
    },
    "d2.prompt": {"en": "Prompt", "fr": "Description (prompt)"},
    "d2.prompt_placeholder": {"en": "a red circle on the left", "fr": "un cercle rouge à gauche"},
    "d2.examples": {"en": "Examples (click one; English or French)",
                    "fr": "Exemples (cliquez ; en anglais ou en français)"},
    "d2.generate": {"en": "Generate through the prior and the decoder", "fr": "Générer par le prior et le décodeur"},
    "d2.images": {"en": "Decoder: xₜ → the 4 images", "fr": "Décodeur : xₜ → les 4 images"},
    "d2.frame": {"en": "Decoder step {i} / {n} (t = {t}), seed {seed}",
                 "fr": "Pas {i} / {n} du décodeur (t = {t}), graine {seed}"},
    "d2.frame_final": {
        "en": "**Done**: {count} images, {n} DDIM steps for the prior (w = {wp}) and {n} for the decoder (w = {wd}), "
              "seed {seed}.",
        "fr": "**Terminé** : {count} images, {n} pas DDIM pour le prior (w = {wp}) et {n} pour le décodeur "
              "(w = {wd}), graine {seed}.",
    },
    "d2.stage_text_title": {
        "en": "**1. CLIP's text embedding** $z_t$: the nearest of the 300 single-object captions (cosine of the "
              "text embeddings).",
        "fr": "**1. Le plongement du texte par CLIP** $z_t$ : les plus proches des 300 légendes d'un objet (cosinus "
              "des plongements de texte).",
    },
    "d2.stage_prior_title": {
        "en": "**2. The prior** samples 4 image embeddings $z_i \\sim P(z_i \\mid y)$ (w = {w}): the captions "
              "nearest to each, and its cosine with $z_t$ (an image embedding and a text embedding that match "
              "are close, not equal).",
        "fr": "**2. Le prior** tire 4 plongements d'image $z_i \\sim P(z_i \\mid y)$ (w = {w}) : les légendes les "
              "plus proches de chacun, et son cosinus avec $z_t$ (un plongement d'image et un plongement de texte "
              "qui vont ensemble sont proches, pas égaux).",
    },
    "d2.stage_row": {"en": "{k}. cosine with $z_t$: **{cos}** · nearest: {captions}",
                     "fr": "{k}. cosinus avec $z_t$ : **{cos}** · plus proches : {captions}"},
    "d2.stage_decoder_title": {
        "en": "**3. The decoder** draws each image from its $z_i$: $x \\sim P(x \\mid z_i)$ (w = {w}), above.",
        "fr": "**3. Le décodeur** crée chaque image à partir de son $z_i$ : $x \\sim P(x \\mid z_i)$ (w = {w}), "
              "ci-dessus.",
    },
    # --- 4. variations and interpolation
    "d2.variations_help": {
        "en": "**Variations** (the decoder alone): from one image, several that resemble it. The image's CLIP "
              "embedding $z_i$ keeps what CLIP needed to match it with its caption; decoding the **same** $z_i$ "
              "from **different noises** $x_T^{(k)} \\sim \\mathcal{N}(0, I)$ gives $x^{(k)} \\sim P(x \\mid z_i)$: "
              "what the embedding keeps stays (the colour and the shape; here the position and the size too, since "
              "our captions name them and CLIP learned them), the rest varies: the exact place within that "
              "position (the decoder was trained to draw each scene moved by up to 2 pixels) and the exact pixels. "
              "The scene checker reads each image's colour, shape and position.",
        "fr": "**Variations** (le décodeur seul) : à partir d'une image, en générer plusieurs qui lui ressemblent. "
              "Le plongement CLIP de l'image $z_i$ garde ce dont CLIP avait besoin pour l'associer à sa légende ; "
              "décoder le **même** $z_i$ à partir de **bruits différents** $x_T^{(k)} \\sim \\mathcal{N}(0, I)$ "
              "donne $x^{(k)} \\sim P(x \\mid z_i)$ : ce que le plongement garde reste (la couleur et la forme ; ici "
              "aussi la position et la taille, que nos légendes nomment et que CLIP a apprises), le reste varie : "
              "l'endroit exact dans cette position (le décodeur a appris à dessiner chaque scène décalée de 2 pixels "
              "au plus) et les pixels exacts. Le vérificateur de scènes lit la couleur, la forme et la position de "
              "chaque image.",
    },
    "d2.var_go": {"en": "Make variations", "fr": "Créer des variations"},
    "d2.var_picture": {"en": "The image, then 6 decodings of its embedding",
                       "fr": "L'image, puis 6 décodages de son plongement"},
    "d2.var_source": {"en": "image", "fr": "image"},
    "d2.var_result": {
        "en": "{n} decodings of one $z_i$ from {n} noises ($w = {w}$, {steps} DDIM steps): **{kept} of {n}** keep "
              "the colour and the shape of the image, **{moved} of {n}** put it somewhere else.",
        "fr": "{n} décodages d'un même $z_i$ à partir de {n} bruits ($w = {w}$, {steps} pas DDIM) : **{kept} sur "
              "{n}** gardent la couleur et la forme de l'image, **{moved} sur {n}** la placent ailleurs.",
    },
    "d2.var_head": {"en": "| | the checker reads | colour and shape kept | position changed |\n|---|---|---|---|",
                    "fr": "| | le vérificateur lit | couleur et forme gardées | position changée |\n"
                          "|---|---|---|---|"},
    "d2.interp_help": {
        "en": "**Interpolation**: two scenes' embeddings $z_a$ and $z_b$, and 8 points of the great circle between "
              "them on CLIP's sphere (*slerp*, where a straight line would cut inside the sphere), each decoded "
              "from the **same** noise $x_T$:\n\n"
              "$$z(s) = \\frac{\\sin((1 - s)\\,\\Omega)}{\\sin \\Omega}\\, z_a + \\frac{\\sin(s\\,\\Omega)}"
              "{\\sin \\Omega}\\, z_b, \\qquad \\cos \\Omega = z_a \\cdot z_b$$",
        "fr": "**Interpolation** : les plongements de deux scènes $z_a$ et $z_b$, et 8 points du grand cercle qui "
              "les relie sur la sphère de CLIP (*slerp*, là où une ligne droite passerait à l'intérieur de la "
              "sphère), chacun décodé à partir du **même** bruit $x_T$ :\n\n"
              "$$z(s) = \\frac{\\sin((1 - s)\\,\\Omega)}{\\sin \\Omega}\\, z_a + \\frac{\\sin(s\\,\\Omega)}"
              "{\\sin \\Omega}\\, z_b, \\qquad \\cos \\Omega = z_a \\cdot z_b$$",
    },
    "d2.seed_a": {"en": "Seed of scene A", "fr": "Graine de la scène A"},
    "d2.seed_b": {"en": "Seed of scene B", "fr": "Graine de la scène B"},
    "d2.interp_go": {"en": "Interpolate from A to B", "fr": "Interpoler de A à B"},
    "d2.interp_picture": {"en": "A, the decoded points z(s), B", "fr": "A, les points décodés z(s), B"},
    "d2.interp_result": {
        "en": "From *{a}* (A) to *{b}* (B): {k} points on the great circle, each decoded from the same noise "
              "($w = {w}$, {steps} DDIM steps).",
        "fr": "De *{a}* (A) à *{b}* (B) : {k} points sur le grand cercle, chacun décodé à partir du même bruit "
              "($w = {w}$, {steps} pas DDIM).",
    },
    "d2.interp_head": {"en": "| s | nearest caption of z(s) | cosine |\n|---|---|---|",
                       "fr": "| s | légende la plus proche de z(s) | cosinus |\n|---|---|---|"},
}
