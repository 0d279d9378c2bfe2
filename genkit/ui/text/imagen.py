"""Every text of the Imagen tab, in English and French (the lecture's terms: encodeur préentraîné et fixé...).

A leaf: it imports nothing of genkit.ui, so that genkit.ui.i18n can gather it without importing the tab.
Texts filled by t() with values write LaTeX braces doubled ({{ and }}); the others single.
"""

TEXT = {
    "im.intro": {
        "en": "## Imagen: a frozen text encoder, then a cascade of diffusion models\n"
              "Imagen (Saharia et al., 2022) makes an image from a prompt $y$ in three parts:\n\n"
              "1. A text encoder **pretrained on text alone and frozen** (the encoder half of T5-XXL, an "
              "encoder-decoder transformer trained on a large text corpus: **no image**).\n"
              "2. A **diffusion model** (a U-Net reading the text's token vectors by attention, with classifier-free "
              "guidance) that draws a first, small image.\n"
              "3. A few more **diffusion models that raise the resolution**, each conditioned on the smaller image:\n\n"
              "$$P(x_{64} \\mid y) = P(x_{64} \\mid x_{32})\\,P(x_{32} \\mid y)$$\n\n"
              "Here every piece is small and trained from scratch on the coloured-shape scenes: two text-only "
              "masked-word models (a small and a large one), three 32×32 models (two read a frozen encoder, one "
              "trains its own) and two of them again reading the text at a finer scale, and one ×2 stage to "
              "64×64. The sub-tabs follow the lecture, and end with the "
              "comparison with DALL-E 2.",
        "fr": "## Imagen : un encodeur de texte fixé, puis une cascade de modèles de diffusion\n"
              "Imagen (Saharia et coll., 2022) crée une image à partir d'une description $y$ en trois parties :\n\n"
              "1. Un encodeur de texte **préentraîné sur du texte seulement, puis fixé** (la moitié encodeur de "
              "T5-XXL, un transformeur encodeur-décodeur entraîné sur un grand corpus de texte : **aucune "
              "image !**).\n"
              "2. Un **modèle de diffusion** (un U-Net qui lit les vecteurs des mots par un mécanisme d'attention, "
              "avec le « classifier-free » guidance) qui produit une première image, petite.\n"
              "3. Quelques autres **modèles de diffusion qui augmentent la résolution**, chacun conditionné sur "
              "l'image plus petite :\n\n"
              "$$P(x_{64} \\mid y) = P(x_{64} \\mid x_{32})\\,P(x_{32} \\mid y)$$\n\n"
              "Ici chaque morceau est petit et entraîné de zéro sur les scènes de formes colorées : deux modèles "
              "de mots masqués appris sur du texte seulement (un petit et un grand), trois modèles 32×32 (deux "
              "lisent un encodeur fixé, un apprend le sien), deux d'entre eux repris pour lire le texte à une "
              "échelle plus fine, et un étage ×2 vers 64×64. Les sous-onglets suivent le "
              "cours et finissent par la comparaison avec DALL-E 2.",
    },
    "im.tab_encoder": {"en": "1. Frozen text encoder", "fr": "1. Encodeur de texte fixé"},
    "im.tab_sizes": {"en": "2. Encoder size", "fr": "2. Taille de l'encodeur"},
    "im.tab_cascade": {"en": "3. Cascade 32 → 64", "fr": "3. Cascade 32 → 64"},
    "im.tab_threshold": {"en": "4. Dynamic thresholding", "fr": "4. Seuillage dynamique"},
    "im.tab_fails": {"en": "5. Where it still fails", "fr": "5. Encore loin d'être parfait"},
    "im.tab_compare": {"en": "6. DALL-E 2 vs Imagen", "fr": "6. DALL-E 2 ou Imagen"},
    # --- shared controls and messages
    "im.model": {"en": "Model", "fr": "Modèle"},
    "im.short_small": {"en": "small, frozen", "fr": "petit, fixé"},
    "im.short_large": {"en": "large, frozen", "fr": "grand, fixé"},
    "im.short_joint": {"en": "joint", "fr": "conjoint"},
    "im.short_large16": {"en": "large, frozen, 16×16", "fr": "grand, fixé, 16×16"},
    "im.short_joint16": {"en": "joint, 16×16", "fr": "conjoint, 16×16"},
    "im.prompt": {"en": "Prompt", "fr": "Description (prompt)"},
    "im.prompt_placeholder": {"en": "a red circle on the left", "fr": "un cercle rouge à gauche"},
    "im.examples": {"en": "Examples (click one; English or French)",
                    "fr": "Exemples (cliquez ; en anglais ou en français)"},
    "im.seed": {"en": "Seed", "fr": "Graine"},
    "im.w": {"en": "Guidance w", "fr": "Guidage w"},
    "im.w_info": {"en": "0: ignore the text · 1: conditional · more: closer to the prompt · let go: drawn again",
                  "fr": "0 : ignorer le texte · 1 : conditionnel · plus : plus fidèle · relâchez : redessiné"},
    "im.words": {"en": "Words of the prompt (unknown ones highlighted)",
                 "fr": "Mots de la description (les inconnus surlignés)"},
    "im.not_measured": {"en": "not measured", "fr": "non mesuré"},
    "im.err_long": {"en": "The text has {n} characters; at most {max} are allowed.",
                    "fr": "Le texte a {n} caractères ; {max} au plus sont permis."},
    "im.err_empty": {"en": "The prompt is empty: write what to draw (or click an example).",
                     "fr": "La description est vide : écrivez quoi dessiner (ou cliquez un exemple)."},
    "im.err_none": {
        "en": "No word of the prompt is known to the models ({words}): they would draw without text. Use the "
              "scenes' words (shapes, colours, sizes, positions), in English or French.",
        "fr": "Aucun mot de la description n'est connu des modèles ({words}) : ils dessineraient sans texte. "
              "Utilisez les mots des scènes (formes, couleurs, tailles, positions), en anglais ou en français.",
    },
    "im.err_words": {"en": "The prompt has {n} known words; the text encoder reads at most {max}.",
                     "fr": "La description a {n} mots connus ; l'encodeur de texte en lit {max} au plus."},
    "im.note_unknown": {"en": "Unknown words **ignored** by the text encoder: {words}.",
                        "fr": "Mots inconnus **ignorés** par l'encodeur de texte : {words}."},
    "im.note_known": {"en": "The text encoder knows every word.", "fr": "L'encodeur de texte connaît tous les mots."},
    "im.verdict_yes": {"en": "✓ matches", "fr": "✓ conforme"},
    "im.verdict_no": {"en": "✗ does not match", "fr": "✗ non conforme"},
    # --- 1. a frozen text encoder, trained on text alone
    "im.fill_help": {
        "en": "Imagen's first lesson: the text encoder can be **pretrained on text alone** and then **frozen**; the "
              "diffusion model learns to read it. Ours learned from captions and a few facts (*the sky is blue*), "
              "never an image: a transformer sees a sentence $\\tilde y$ with some words hidden and says every "
              "word back, guessing the hidden ones,\n\n"
              "$$\\mathcal{L} = -\\sum_{i} \\log p_\\theta(y_i \\mid \\tilde y)$$\n\n"
              "(15% of the words hidden; saying back the others keeps each word's vector its own: on captions "
              "alone, where any colour fits *a _ circle*, *red* and *blue* had ended up the same). Why hidden words rather than the next word (as a GPT "
              "learns)? The U-Net reads **every** token's vector by attention, so each vector should know the words "
              "on both sides: in *a red circle*, the vector of *red* should know that it colours a circle, which "
              "comes after it; a next-word model's vector of *red* sees only *a*. Write a sentence with blanks "
              "`_`: both models say their five likeliest words for each blank. They learned grammar too, from "
              "text alone: in *une _ verte*, only *croix* is a feminine shape.",
        "fr": "Première leçon d'Imagen : l'encodeur de texte peut être **préentraîné sur du texte seulement** puis "
              "**fixé** ; le modèle de diffusion apprend à le lire. Le nôtre n'a appris que des légendes et quelques "
              "faits (*le ciel est bleu*), jamais une image : un transformeur voit une phrase $\\tilde y$ dont "
              "certains mots sont cachés et redit chaque mot, en devinant les cachés,\n\n"
              "$$\\mathcal{L} = -\\sum_{i} \\log p_\\theta(y_i \\mid \\tilde y)$$\n\n"
              "(15 % des mots cachés ; redire les autres garde à chaque mot son propre vecteur : sur les seules "
              "légendes, où toute couleur convient dans *un cercle _*, *rouge* et *bleu* avaient fini pareils). Pourquoi des mots cachés plutôt que le prochain mot "
              "(comme apprend un GPT) ? Le U-Net lit le vecteur de **chaque** mot par attention : chaque vecteur "
              "doit connaître les mots des deux côtés. Dans *un cercle rouge*, le vecteur de *cercle* doit savoir "
              "qu'il est rouge, ce qui vient après ; dans un modèle du prochain mot, il ne verrait que *un*. "
              "Écrivez une phrase avec des blancs `_` : les deux modèles donnent leurs cinq mots les plus "
              "probables pour chaque blanc. Ils ont aussi appris la grammaire, du texte seul : dans *une _ "
              "verte*, seule *croix* est une forme au féminin.",
    },
    "im.sentence": {"en": "A sentence with blanks _", "fr": "Une phrase avec des blancs _"},
    "im.sentence_placeholder": {"en": "a _ circle on the left", "fr": "un cercle _ à gauche"},
    "im.fill_examples": {"en": "Examples (click one)", "fr": "Exemples (cliquez)"},
    "im.fill_go": {"en": "Fill the blanks", "fr": "Remplir les blancs"},
    "im.fill_small": {"en": "textlm-small (2 layers × 64)", "fr": "textlm-small (2 couches × 64)"},
    "im.fill_large": {"en": "textlm-large (4 layers × 128)", "fr": "textlm-large (4 couches × 128)"},
    "im.blank_n": {"en": "Blank {k}", "fr": "Blanc {k}"},
    "im.fill_head": {"en": "Each model's likeliest words, and what it guesses on sentences it never saw "
                           "(hidden words guessed right):",
                     "fr": "Les mots les plus probables de chaque modèle, et ce qu'il devine sur des phrases jamais "
                           "vues (mots cachés bien devinés) :"},
    "im.fill_row": {"en": "- **{model}** ({layers} layers × {width}, {params} parameters): {sentence} · "
                          "hidden words guessed: {accuracy}",
                    "fr": "- **{model}** ({layers} couches × {width}, {params} paramètres) : {sentence} · "
                          "mots cachés devinés : {accuracy}"},
    "im.err_fill_empty": {"en": "The sentence is empty: write one with a blank _ (or click an example).",
                          "fr": "La phrase est vide : écrivez-en une avec un blanc _ (ou cliquez un exemple)."},
    "im.err_no_blank": {"en": "The sentence has no blank: write _ where a word should be guessed.",
                        "fr": "La phrase n'a pas de blanc : écrivez _ là où un mot doit être deviné."},
    "im.err_blanks": {"en": "The sentence has {n} blanks; at most {max} are shown.",
                      "fr": "La phrase a {n} blancs ; {max} au plus sont affichés."},
    "im.err_fill_unknown": {
        "en": "Words the text models do not know: {words}. They learned the captions' words only (shapes, colours, "
              "sizes, positions, digits, clothes), in English and French.",
        "fr": "Mots que les modèles de texte ne connaissent pas : {words}. Ils n'ont appris que les mots des "
              "légendes (formes, couleurs, tailles, positions, chiffres, vêtements), en anglais et en français.",
    },
    "im.err_fill_words": {"en": "The sentence has {n} words and blanks; the text models read at most {max}.",
                          "fr": "La phrase a {n} mots et blancs ; les modèles de texte en lisent {max} au plus."},
    # --- 2. the encoder's size
    "im.sizes_help": {
        "en": "**The encoder's size is an important hyperparameter.** In Imagen, a larger frozen text encoder "
              "(up to T5-XXL, of which only the encoder is used) improved the **alignment** between images and "
              "text more than a larger U-Net did. Here, the same prompt and seed through three models with the "
              "same U-Net and training budget: one reads the frozen **small** text-only encoder (2 layers × 64), "
              "one the frozen **large** one (4 layers × 128), one trains its own encoder **jointly** with the U-Net "
              "(2 layers × 64). Under each: the share of images the scene checker accepts, measured on 200 prompts "
              "of each kind (`python -m genkit.eval`): one object, a relation between two, a count. The guidance "
              "is $\\hat{\\epsilon} = \\epsilon_\\theta(x_t, \\varnothing) + w\\,(\\epsilon_\\theta(x_t, y) - "
              "\\epsilon_\\theta(x_t, \\varnothing))$. Text alone teaches what the context tells apart: on "
              "captions only, every colour fits *a _ circle*, and our first text-only encoders gave *red* and "
              "*blue* the same vector (the U-Net then drew 5% of prompts right). These ones also read a few facts "
              "(*the sky is blue*, sub-tab 1) and must say back every word, hidden or not, so that each word keeps "
              "its own vector; T5 got that from far more varied text.",
        "fr": "**La taille de l'encodeur est un hyperparamètre important.** Dans Imagen, un encodeur de texte fixé "
              "plus grand (jusqu'à T5-XXL, dont on n'utilise que l'encodeur) a plus amélioré l'**alignement** "
              "entre les images et le texte qu'un U-Net plus grand. Ici, la même description et la même graine "
              "passent dans trois modèles au même U-Net et au même budget d'entraînement : l'un lit le **petit** "
              "encodeur fixé appris sur du texte seulement (2 couches × 64), l'autre le **grand** (4 couches × "
              "128), le troisième apprend son encodeur **conjointement** avec le U-Net (2 couches × 64). Sous "
              "chacun : la part des images acceptées par le vérificateur de scènes, mesurée sur 200 descriptions "
              "de chaque genre (`python -m genkit.eval`) : un objet, une relation entre deux, un compte. Le guidage "
              "est $\\hat{\\epsilon} = \\epsilon_\\theta(x_t, \\varnothing) + w\\,(\\epsilon_\\theta(x_t, y) - "
              "\\epsilon_\\theta(x_t, \\varnothing))$. Le texte seul apprend ce que le contexte "
              "distingue : sur les seules légendes, toute couleur convient dans *un cercle _*, et nos premiers "
              "encodeurs de texte donnaient à *rouge* et *bleu* le même vecteur (le U-Net réussissait alors 5 % "
              "des descriptions). Ceux-ci lisent aussi quelques faits (*le ciel est bleu*, sous-onglet 1) et "
              "doivent redire chaque mot, caché ou non, pour que chacun garde son vecteur ; T5 l'a appris d'un "
              "texte bien plus varié.",
    },
    "im.sizes_go": {"en": "Generate with the three models", "fr": "Générer avec les trois modèles"},
    "im.model_small": {"en": "Small frozen encoder (text2img-scenes-small)",
                       "fr": "Petit encodeur fixé (text2img-scenes-small)"},
    "im.model_large": {"en": "Large frozen encoder (text2img-scenes-large)",
                       "fr": "Grand encodeur fixé (text2img-scenes-large)"},
    "im.model_joint": {"en": "Encoder trained jointly (text2img-scenes)",
                       "fr": "Encodeur appris conjointement (text2img-scenes)"},
    "im.chart": {"en": "Alignment against the encoder, measured", "fr": "Alignement selon l'encodeur, mesuré"},
    "im.chart_title": {"en": "images the checker accepts", "fr": "images acceptées par le vérificateur"},
    "im.series_match_rate": {"en": "one object", "fr": "un objet"},
    "im.series_relation_rate": {"en": "relation", "fr": "relation"},
    "im.series_count_rate": {"en": "count", "fr": "compte"},
    "im.panel_encoder": {"en": "encoder {layers} × {width}, {params}", "fr": "encodeur {layers} × {width}, {params}"},
    "im.panel_match_rate": {"en": "one object: {rate}", "fr": "un objet : {rate}"},
    "im.panel_relation_rate": {"en": "relation: {rate}", "fr": "relation : {rate}"},
    "im.panel_count_rate": {"en": "count: {rate}", "fr": "compte : {rate}"},
    "im.panel_run": {"en": "this prompt: {hits} of {n} match", "fr": "cette description : {hits} sur {n} conformes"},
    "im.panel_unread": {"en": "this prompt: checker can't read it", "fr": "cette description : non lisible"},
    "im.sizes_status": {"en": "Model {done} of {total}…", "fr": "Modèle {done} sur {total}…"},
    "im.sizes_done": {
        "en": "**Done**: {n} images per model, {steps} DDIM steps, w = {w}, seed {seed} (the same noise for the "
              "three). The rates under each are the measured ones; the last line is this prompt's.",
        "fr": "**Terminé** : {n} images par modèle, {steps} pas DDIM, w = {w}, graine {seed} (le même bruit pour "
              "les trois). Les taux sous chacun sont ceux mesurés ; la dernière ligne est celle de cette "
              "description.",
    },
    # --- 3. the cascade
    "im.cascade_help": {
        "en": "Imagen draws a **first image at low resolution**, then **diffusion models raise the resolution**, "
              "each conditioned on the smaller image. Here: the large frozen-encoder model draws 32×32 images, "
              "then a ×2 diffusion model (which reads no text) draws 64×64 images given them, $P(x_{64} \\mid "
              "x_{32})$: the small image, upsampled, is given to the U-Net beside $x_t$. **Noise conditioning "
              "augmentation**: during training the small image was itself noised to a random level $s$,\n\n"
              "$$z_s = \\sqrt{\\bar\\alpha_s}\\,x_{32} + \\sqrt{1 - \\bar\\alpha_s}\\,\\epsilon$$\n\n"
              "and $s$ given to the network, so that it does not trust every pixel of a first stage's imperfect "
              "image; at sampling time $s$ is the slider's. Both are shown at the same size: the 32×32 enlarged "
              "6 times, the 64×64 3 times.",
        "fr": "Imagen produit une **première image à basse résolution**, puis des **modèles de diffusion augmentent "
              "la résolution**, chacun conditionné sur l'image plus petite. Ici : le modèle au grand encodeur fixé "
              "produit des images 32×32, puis un modèle de diffusion ×2 (qui ne lit pas le texte) produit des "
              "images 64×64 à partir d'elles, $P(x_{64} \\mid x_{32})$ : la petite image, agrandie, est donnée au "
              "U-Net à côté de $x_t$. **Augmentation par bruit du conditionnement** : à l'entraînement, la petite "
              "image était elle-même bruitée à un niveau $s$ au hasard,\n\n"
              "$$z_s = \\sqrt{\\bar\\alpha_s}\\,x_{32} + \\sqrt{1 - \\bar\\alpha_s}\\,\\epsilon$$\n\n"
              "et $s$ donné au réseau, pour qu'il ne se fie pas à chaque pixel d'une première image imparfaite ; à "
              "l'échantillonnage, $s$ est celui du curseur. Les deux sont affichées à la même taille : la 32×32 "
              "agrandie 6 fois, la 64×64 3 fois.",
    },
    "im.aug": {"en": "Noise level s of the small image", "fr": "Niveau de bruit s de la petite image"},
    "im.aug_info": {"en": "0: the 32×32 image as it is · trained up to 250 (of T = 1000) · let go: drawn again",
                    "fr": "0 : l'image 32×32 telle quelle · appris jusqu'à 250 (sur T = 1000) · relâchez : redessiné"},
    "im.cascade_go": {"en": "Draw, then raise the resolution", "fr": "Dessiner, puis augmenter la résolution"},
    "im.cascade_32": {"en": "1st stage: text → 32×32", "fr": "1er étage : texte → 32×32"},
    "im.cascade_64": {"en": "2nd stage: 32×32 → 64×64", "fr": "2e étage : 32×32 → 64×64"},
    "im.cascade_base": {"en": "1st stage, step {i} / {n} (t = {t}), seed {seed}",
                        "fr": "1er étage, pas {i} / {n} (t = {t}), graine {seed}"},
    "im.cascade_sr": {"en": "2nd stage, step {i} / {n} (t = {t}), seed {seed}",
                      "fr": "2e étage, pas {i} / {n} (t = {t}), graine {seed}"},
    "im.cascade_done": {
        "en": "**Done**: {n} images, {steps} DDIM steps per stage, w = {w}, seed {seed}, $s = {s}$. The 64×64 "
              "images seen at 32×32 (the mean of each 2×2 block) against the first stage's: PSNR **{db} dB** "
              "(the second stage keeps what it was given; above 30 dB the difference is hard to see).",
        "fr": "**Terminé** : {n} images, {steps} pas DDIM par étage, w = {w}, graine {seed}, $s = {s}$. Les "
              "images 64×64 vues en 32×32 (la moyenne de chaque bloc 2×2) comparées à celles du premier étage : "
              "PSNR **{db} dB** (le second étage garde ce qu'on lui a donné ; au-delà de 30 dB la différence se "
              "voit à peine).",
    },
    # --- 4. dynamic thresholding
    "im.th_help": {
        "en": "With a large guidance weight $w$, the guided prediction of the clean image $\\hat{x}_0$ leaves the "
              "range of pixels $[-1, 1]$. **Static clipping** cuts it, $\\hat{x}_0 \\leftarrow \\mathrm{clip}"
              "(\\hat{x}_0, -1, 1)$: every pixel beyond is flattened to the same value and the image saturates. "
              "Imagen's **dynamic thresholding** (sec. 2.3) rescales instead, at each step:\n\n"
              "$$s = \\max\\big(1, \\mathrm{quantile}_p(|\\hat{x}_0|)\\big), \\qquad \\hat{x}_0 \\leftarrow "
              "\\mathrm{clip}(\\hat{x}_0, -s, s) / s, \\qquad p = 0.995$$\n\n"
              "(as clipping a gradient's norm in an RNN). The same prompt and noise at $w = 8$ and $w = 15$, "
              "clipped or thresholded; the table gives the largest $s$ each run reached (above 1: $\\hat{x}_0$ "
              "left $[-1, 1]$). Imagen's photos gain from it; our flat scenes may not: their black background "
              "sits at the very end of the range, $-1$, and dividing by $s > 1$ brings it toward grey. Look at "
              "which column keeps the scene.",
        "fr": "Avec un grand poids de guidage $w$, la prédiction guidée de l'image propre $\\hat{x}_0$ sort de "
              "l'intervalle des pixels $[-1, 1]$. Le **découpage statique** la coupe, $\\hat{x}_0 \\leftarrow "
              "\\mathrm{clip}(\\hat{x}_0, -1, 1)$ : chaque pixel au-delà est aplati à la même valeur et l'image "
              "sature. Le **seuillage dynamique** d'Imagen (sec. 2.3) remet plutôt à l'échelle, à chaque pas :\n\n"
              "$$s = \\max\\big(1, \\mathrm{quantile}_p(|\\hat{x}_0|)\\big), \\qquad \\hat{x}_0 \\leftarrow "
              "\\mathrm{clip}(\\hat{x}_0, -s, s) / s, \\qquad p = 0{,}995$$\n\n"
              "(comme le découpage de la norme du gradient dans un RNN). La même description et le même bruit à "
              "$w = 8$ et $w = 15$, découpés ou seuillés ; le tableau donne le plus grand $s$ atteint par chaque "
              "exécution (au-dessus de 1 : $\\hat{x}_0$ est sorti de $[-1, 1]$). Les photos d'Imagen y gagnent ; "
              "nos scènes en aplats peut-être pas : leur fond noir est tout au bout de l'intervalle, $-1$, et "
              "diviser par $s > 1$ le rapproche du gris. Regardez quelle colonne garde la scène.",
    },
    "im.th_go": {"en": "Clip or threshold", "fr": "Découper ou seuiller"},
    "im.th_grid": {"en": "The same noise: static clipping or dynamic thresholding",
                   "fr": "Le même bruit : découpage statique ou seuillage dynamique"},
    "im.th_static": {"en": "static clipping", "fr": "découpage statique"},
    "im.th_dynamic": {"en": "dynamic thresholding", "fr": "seuillage dynamique"},
    "im.th_head": {
        "en": "Seed {seed}, {steps} DDIM steps, p = {p}. In each cell: the largest $s$ of the run, and the scene "
              "checker's verdict.\n\n| | static clipping | dynamic thresholding |\n|---|---|---|",
        "fr": "Graine {seed}, {steps} pas DDIM, p = {p}. Dans chaque case : le plus grand $s$ de l'exécution, et le "
              "verdict du vérificateur de scènes.\n\n| | découpage statique | seuillage dynamique |\n|---|---|---|",
    },
    "im.th_cell": {"en": "s = {s} · {verdict}", "fr": "s = {s} · {verdict}"},
    # --- 5. where it still fails
    "im.fails_help": {
        "en": "**Still far from perfect.** Even Imagen fails at *a pear cut into seven pieces arranged in a ring* or "
              "*one cat and two dogs sitting on the grass*: **operations that need counting (or writing) remain "
              "hard**, and so do relations between objects. Two counts and two relations through our five "
              "models, one sample each from the same noise ($w = 3$), each image read by the scene checker "
              "(green ✓: it matches; red ✗: it does not). The first three are sub-tab 2's; the last two are the "
              "large frozen and the joint ones again, with the U-Net attending to the text at 16×16 as well as "
              "8×8 (same data and budget). Reading the text at a finer scale helped single objects, not "
              "relations: in a relation the models often draw both objects with the same shape, as if the two "
              "shape words were one; tying each shape word to its own place is what they have not learned in "
              "this budget. Beside, the rates each model measured on 200 prompts of each kind: one "
              "run says little, the rates say more.",
        "fr": "**Encore loin d'être parfait.** Même Imagen échoue à *une poire coupée en sept morceaux disposés en "
              "anneau* ou à *un chat et deux chiens assis dans l'herbe* : **les opérations demandant de compter (ou "
              "d'écrire) restent difficiles**, et les relations entre objets aussi. Deux comptes et deux relations "
              "passent dans nos cinq modèles, un échantillon chacun à partir du même bruit ($w = 3$), chaque image "
              "lue par le vérificateur de scènes (vert ✓ : conforme ; rouge ✗ : non conforme). Les trois premiers "
              "sont ceux du sous-onglet 2 ; les deux derniers reprennent le grand encodeur fixé et le modèle "
              "conjoint, le U-Net lisant le texte à 16×16 en plus de 8×8 (mêmes données, même budget). Lire le "
              "texte plus finement a aidé les objets seuls, pas les relations : dans une relation, les modèles "
              "donnent souvent la même forme aux deux objets, comme si les deux mots de forme n'en faisaient "
              "qu'un ; lier chaque mot de forme à sa place, ils ne l'ont pas appris dans ce budget. À côté, les "
              "taux mesurés par chaque modèle sur 200 descriptions de chaque genre : une exécution dit peu, les "
              "taux disent plus.",
    },
    "im.fails_go": {"en": "Generate and check", "fr": "Générer et vérifier"},
    "im.fails_grid": {"en": "A row per prompt, a column per model", "fr": "Une ligne par description, une colonne "
                                                                           "par modèle"},
    "im.fails_run": {
        "en": "Seed {seed}, w = {w}, {steps} DDIM steps. Matches in this run, out of {n}: {hits}.\n\nMeasured "
              "(`python -m genkit.eval`, w = 3):",
        "fr": "Graine {seed}, w = {w}, {steps} pas DDIM. Conformes dans cette exécution, sur {n} : {hits}.\n\n"
              "Mesuré (`python -m genkit.eval`, w = 3) :",
    },
    "im.rates_n": {"en": "prompts", "fr": "descriptions"},  # of each kind: the column of the rates table
    "im.rates_note": {"en": "–: not measured yet (`python -m genkit.eval <model> --write`).",
                      "fr": "– : pas encore mesuré (`python -m genkit.eval <modèle> --write`)."},
    # --- 6. DALL-E 2 vs Imagen
    "im.cmp_help": {
        "en": "**Compared with DALL-E 2**, Imagen did better in human comparisons, on **alignment** (does the "
              "caption describe the image precisely?) and on **fidelity** (which image looks more real?), with a "
              "**simpler architecture, without CLIP**. DALL-E 2 goes through CLIP and a prior, $P(x \\mid y) = "
              "P(x \\mid z_i)\\,P(z_i \\mid y)$; Imagen reads the frozen encoder's vectors directly. The same prompts "
              "through both of ours (DALL-E 2: $w$ = 1 for the prior, 3 for the decoder; Imagen-style: the large "
              "frozen encoder, $w = 3$), from the same seeds. For each: the share the scene checker accepts "
              "(alignment, read by a program instead of people), and the **diversity**, the mean pixel distance "
              "between two samples of one prompt (we do not measure how real they look).",
        "fr": "**Par rapport à DALL-E 2**, Imagen a fait mieux selon une comparaison par des humains, sur "
              "l'**alignement** (la description décrit-elle précisément l'image ?) et sur la **fidélité** (quelle "
              "image a l'air plus réelle ?), avec une **architecture plus simple, sans CLIP**. DALL-E 2 passe par "
              "CLIP et un prior, $P(x \\mid y) = P(x \\mid z_i)\\,P(z_i \\mid y)$ ; Imagen lit directement les "
              "vecteurs de l'encodeur fixé. Les mêmes descriptions passent dans nos deux modèles (DALL-E 2 : $w$ = 1 "
              "pour le prior, 3 pour le décodeur ; façon Imagen : le grand encodeur fixé, $w = 3$), à partir des "
              "mêmes graines. Pour chacun : la part acceptée par le vérificateur de scènes (l'alignement, lu par un "
              "programme plutôt que par des humains), et la **diversité**, la distance moyenne en pixels entre deux "
              "échantillons d'une description (nous ne mesurons pas l'air réel des images).",
    },
    "im.cmp_which": {"en": "Prompts", "fr": "Descriptions"},
    "im.cmp_which_set": {"en": "The lecture's set: two single objects, a relation, a count",
                         "fr": "La série du cours : deux objets seuls, une relation, un compte"},
    "im.cmp_which_mine": {"en": "My prompt", "fr": "Ma description"},
    "im.cmp_n": {"en": "Samples per prompt", "fr": "Échantillons par description"},
    "im.cmp_n_info": {"en": "for each pipeline; the diversity needs at least 2 · each one more adds about 1 s",
                      "fr": "pour chaque modèle ; la diversité en demande au moins 2 · chacun de plus ajoute "
                            "environ 1 s"},
    "im.cmp_go": {"en": "Compare", "fr": "Comparer"},
    "im.cmp_dalle2": {"en": "DALL-E 2 (CLIP, prior, decoder)", "fr": "DALL-E 2 (CLIP, prior, décodeur)"},
    "im.cmp_imagen": {"en": "Imagen-style (frozen large encoder)", "fr": "Façon Imagen (grand encodeur fixé)"},
    "im.cmp_set_note": {"en": "The lecture's set of prompts (the prompt box is used with *My prompt*).",
                        "fr": "La série de descriptions du cours (la boîte de texte sert avec *Ma description*)."},
    "im.cmp_run": {
        "en": "{n} samples per prompt from seed {seed}, {steps} DDIM steps; DALL-E 2 at w = {wp} (prior) and {wd} "
              "(decoder), Imagen-style at w = {w}.",
        "fr": "{n} échantillons par description à partir de la graine {seed}, {steps} pas DDIM ; DALL-E 2 à "
              "w = {wp} (prior) et {wd} (décodeur), façon Imagen à w = {w}.",
    },
    "im.cmp_head": {"en": "| | DALL-E 2 | Imagen-style |\n|---|---|---|",
                    "fr": "| | DALL-E 2 | façon Imagen |\n|---|---|---|"},
    "im.cmp_match": {"en": "match the prompt", "fr": "conformes à la description"},
    "im.cmp_diversity": {"en": "diversity", "fr": "diversité"},
    "im.cmp_prompt": {"en": "- *{prompt}*: DALL-E 2 {d2} (diversity {d2_div}) · Imagen-style {im} (diversity {im_div})",
                      "fr": "- *{prompt}* : DALL-E 2 {d2} (diversité {d2_div}) · façon Imagen {im} (diversité "
                            "{im_div})"},
    "im.cmp_waiting": {"en": "…", "fr": "…"},
}
