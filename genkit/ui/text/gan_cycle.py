"""The texts of the GAN tab's CycleGAN sub-tab (genkit/ui/gan_cycle.py), in English and French.

The lecture's "GANs - Varia" slide (Monet <-> photos, zebras <-> horses, summer <-> winter), made live on
digits. A leaf: it imports nothing of genkit.ui. Keys under the GAN tab's prefix, `gan.cy_*`.
"""

TEXT = {
    "gan.tab_cycle": {"en": "4. CycleGAN: translation", "fr": "4. CycleGAN : traduction"},
    "gan.cy_help": {
        "en": "## Image-to-image translation without pairs (CycleGAN)\n"
              "The lecture's *GANs - Varia* slide turns Monet into photos, zebras into horses, summer into winter, "
              "although nobody ever painted the same scene twice. Here the two domains are **A: handwritten digits** "
              "(MNIST) and **B: typeset digits** (drawn here in a font, with a random size, slant, weight and "
              "position). The model never saw a handwritten 3 next to *its* typeset 3: only a pile of each.\n\n"
              "Two generators, $G: A \\to B$ and $F: B \\to A$, and two discriminators: $D_B$ tells real typeset "
              "digits from $G(a)$, $D_A$ real handwriting from $F(b)$ (each answers with a 7x7 map of scores, one per "
              "overlapping patch of the image: *PatchGAN*). The "
              "adversarial loss, in its least-squares form (Zhu et al., 2017, eq. 1 and section 4):\n\n"
              "$$\\mathcal{L}_{GAN}(G, D_B) = \\mathbb{E}_b[(D_B(b) - 1)^2] + \\mathbb{E}_a[D_B(G(a))^2]$$\n\n"
              "**Why the cycle?** This loss only asks $G(a)$ to look like *some* typeset digit: turning every "
              "digit into one good typeset 4 satisfies it. Nothing says that the 4 must be *this* digit. The cycle "
              "says it: going there and back must return the input (eq. 2),\n\n"
              "$$\\mathcal{L}_{cyc}(G, F) = \\mathbb{E}_a\\big[\\lVert F(G(a)) - a \\rVert_1\\big] + "
              "\\mathbb{E}_b\\big[\\lVert G(F(b)) - b \\rVert_1\\big]$$\n\n"
              "and the whole objective (eq. 3 and 4), with an identity term $\\mathcal{L}_{id} = "
              "\\mathbb{E}_b\\lVert G(b) - b\\rVert_1 + \\mathbb{E}_a\\lVert F(a) - a\\rVert_1$ (section 5.2):\n\n"
              "$$G^*, F^* = \\arg\\min_{G, F} \\max_{D_A, D_B} \\; \\mathcal{L}_{GAN}(G, D_B) + "
              "\\mathcal{L}_{GAN}(F, D_A) + \\lambda \\, \\mathcal{L}_{cyc}(G, F) + \\lambda_{id} \\, \\mathcal{L}_{id}"
              "$$\n\nwith the paper's $\\lambda = 10$, and $\\lambda_{id} = 0.5$: the paper's $0.5 \\lambda = 5$ let both "
              "generators get away with copying their input in our short run (the cycle and identity terms are "
              "then nearly 0).",
        "fr": "## Traduction d'image à image sans paires (CycleGAN)\n"
              "La diapositive *GANs - Varia* du cours change Monet en photos, les zèbres en chevaux, l'été en hiver, "
              "alors que personne n'a jamais peint deux fois la même scène. Ici les deux domaines sont **A : des "
              "chiffres manuscrits** (MNIST) et **B : des chiffres imprimés** (dessinés ici dans une police, avec une "
              "taille, une inclinaison, une graisse et une position au hasard). Le modèle n'a jamais vu un 3 "
              "manuscrit à côté de *son* 3 imprimé : seulement un tas de chacun.\n\n"
              "Deux générateurs, $G : A \\to B$ et $F : B \\to A$, et deux discriminateurs : $D_B$ distingue les "
              "vrais chiffres imprimés de $G(a)$, $D_A$ la vraie écriture de $F(b)$ (chacun répond par une carte "
              "de 7x7 notes, une par morceau de l'image, les morceaux se chevauchant : *PatchGAN*). La perte "
              "antagoniste, sous sa forme des moindres carrés (Zhu et al., 2017, éq. 1 "
              "et section 4) :\n\n"
              "$$\\mathcal{L}_{GAN}(G, D_B) = \\mathbb{E}_b[(D_B(b) - 1)^2] + \\mathbb{E}_a[D_B(G(a))^2]$$\n\n"
              "**Pourquoi le cycle ?** Cette perte demande seulement que $G(a)$ ressemble à *un* chiffre imprimé : "
              "changer chaque chiffre en un beau 4 imprimé la satisfait. Rien ne dit que ce 4 doit être *ce* "
              "chiffre-là. Le cycle le dit : l'aller-retour doit rendre l'entrée (éq. 2),\n\n"
              "$$\\mathcal{L}_{cyc}(G, F) = \\mathbb{E}_a\\big[\\lVert F(G(a)) - a \\rVert_1\\big] + "
              "\\mathbb{E}_b\\big[\\lVert G(F(b)) - b \\rVert_1\\big]$$\n\n"
              "et l'objectif complet (éq. 3 et 4), avec un terme d'identité $\\mathcal{L}_{id} = "
              "\\mathbb{E}_b\\lVert G(b) - b\\rVert_1 + \\mathbb{E}_a\\lVert F(a) - a\\rVert_1$ (section 5.2) :\n\n"
              "$$G^*, F^* = \\arg\\min_{G, F} \\max_{D_A, D_B} \\; \\mathcal{L}_{GAN}(G, D_B) + "
              "\\mathcal{L}_{GAN}(F, D_A) + \\lambda \\, \\mathcal{L}_{cyc}(G, F) + \\lambda_{id} \\, \\mathcal{L}_{id}"
              "$$\n\navec le $\\lambda = 10$ de l'article, et $\\lambda_{id} = 0,5$ : le $0,5 \\lambda = 5$ de l'article "
              "laissait les deux générateurs s'en tirer en recopiant leur entrée dans notre court entraînement (les "
              "termes de cycle et d'identité sont alors presque nuls).",
    },
    # --- one round trip
    "gan.cy_trip_title": {"en": "One round trip", "fr": "Un aller-retour"},
    "gan.cy_trip_help": {
        "en": "Choose a direction and a digit (a test image, a drawing or an upload). The picture shows the input, "
              "its translation, the way back and their difference (red: ink the round trip added; blue: ink it "
              "lost). With *typeset → handwritten*, the test images are typeset digits drawn here.",
        "fr": "Choisissez un sens et un chiffre (une image de test, un dessin ou une image envoyée). L'image montre "
              "l'entrée, sa traduction, le retour et leur différence (rouge : encre ajoutée par l'aller-retour ; "
              "bleu : encre perdue). Avec *imprimé → manuscrit*, les images de test sont des chiffres imprimés "
              "dessinés ici.",
    },
    "gan.cy_direction": {"en": "Direction", "fr": "Sens"},
    "gan.cy_a2b": {"en": "handwritten → typeset: a → G(a) → F(G(a))", "fr": "manuscrit → imprimé : a → G(a) → F(G(a))"},
    "gan.cy_b2a": {"en": "typeset → handwritten: b → F(b) → G(F(b))", "fr": "imprimé → manuscrit : b → F(b) → G(F(b))"},
    "gan.cy_go": {"en": "Translate and come back", "fr": "Traduire et revenir"},
    "gan.cy_trip": {"en": "Input, translation, way back, difference", "fr": "Entrée, traduction, retour, différence"},
    "gan.cy_steps": {"en": "Your drawing, prepared like MNIST", "fr": "Votre dessin, préparé comme MNIST"},
    "gan.cy_handwritten": {"en": "handwritten", "fr": "manuscrit"},
    "gan.cy_typeset": {"en": "typeset", "fr": "imprimé"},
    "gan.cy_result": {
        "en": "**Cycle error** (mean $|{back} - {x}|$ per pixel, images in [0, 1]): **{l1}**.\n\n"
              "| | input {x} | translation {y} |\n|---|---|---|\n"
              "| domain classifier: P(typeset) | {p_in} ({d_in}) | {p_out} ({d_out}) |\n"
              "| digit read by the MNIST classifier | {digit_in} | {digit_out} |\n\n{note}",
        "fr": "**Erreur de cycle** (moyenne de $|{back} - {x}|$ par pixel, images dans [0, 1]) : **{l1}**.\n\n"
              "| | entrée {x} | traduction {y} |\n|---|---|---|\n"
              "| classifieur de domaine : P(imprimé) | {p_in} ({d_in}) | {p_out} ({d_out}) |\n"
              "| chiffre lu par le classifieur MNIST | {digit_in} | {digit_out} |\n\n{note}",
    },
    "gan.cy_note_typeset": {
        "en": "A typeset test digit ({label}), drawn here from seed {seed}: the same on every machine.",
        "fr": "Un chiffre imprimé de test ({label}), dessiné ici à partir de la graine {seed} : le même sur toutes "
              "les machines.",
    },
    "gan.cy_no_classifier": {"en": "–", "fr": "–"},
    "gan.cy_err_no_mnist": {
        "en": "The MNIST test images are not on this machine, so there is no handwritten test digit to show. Choose "
              "*typeset → handwritten* (its test digits are drawn here), or draw or upload a digit.",
        "fr": "Les images de test de MNIST ne sont pas sur cette machine : il n'y a donc pas de chiffre manuscrit de "
              "test à montrer. Choisissez *imprimé → manuscrit* (ses chiffres de test sont dessinés ici), ou "
              "dessinez ou envoyez un chiffre.",
    },
    # --- the grid
    "gan.cy_grid_title": {"en": "Eight test digits of each domain", "fr": "Huit chiffres de test de chaque domaine"},
    "gan.cy_grid_help": {
        "en": "Rows: the handwritten test digits $a$, $G(a)$, $F(G(a))$; then the typeset ones $b$, $F(b)$, "
              "$G(F(b))$. Move the first index to see other digits. Look for a translation that changes the digit (an "
              "open 4 set as a 9) while the way back still restores it: the cycle only asks $G(a)$ to keep *enough* to "
              "bring $a$ back, and a faint trace will do (Chu et al., 2017, \"CycleGAN, a master of "
              "steganography\").",
        "fr": "Lignes : les chiffres manuscrits de test $a$, $G(a)$, $F(G(a))$ ; puis les imprimés $b$, $F(b)$, "
              "$G(F(b))$. Changez le premier indice pour voir d'autres chiffres. Cherchez une traduction qui change le "
              "chiffre (un 4 ouvert imprimé comme un 9) alors que le retour le rend quand même : le cycle demande "
              "seulement que $G(a)$ garde *assez* pour revenir à $a$, et une trace à peine visible suffit (Chu et al., "
              "2017, « CycleGAN, a master of steganography »).",
    },
    "gan.cy_start": {"en": "First test index", "fr": "Premier indice de test"},
    "gan.cy_start_info": {"en": "the grid shows this one and the next 7", "fr": "la grille montre celui-ci et les 7 "
                                                                             "suivants"},
    "gan.cy_grid_go": {"en": "Translate the grid", "fr": "Traduire la grille"},
    "gan.cy_grid": {"en": "Test digits and their translations", "fr": "Chiffres de test et leurs traductions"},
    "gan.cy_grid_result": {
        "en": "Test digits {start} to {end}: mean cycle error **{l1}** per pixel.",
        "fr": "Chiffres de test {start} à {end} : erreur de cycle moyenne **{l1}** par pixel.",
    },
    "gan.cy_grid_no_mnist": {
        "en": "The MNIST test images are not on this machine: only the typeset rows are shown (they are drawn here).",
        "fr": "Les images de test de MNIST ne sont pas sur cette machine : seules les lignes imprimées sont "
              "montrées (elles sont dessinées ici).",
    },
    # --- the replay
    "gan.cy_replay_title": {"en": "Replay of the training run", "fr": "Rediffusion de l'entraînement"},
    "gan.cy_replay_help": {
        "en": "The committed checkpoint's training at 12 moments: $G$ of 8 fixed handwritten test digits and "
              "$F$ of 8 fixed typeset ones. At first both generators nearly copy their input (the identity and "
              "cycle terms are easiest to satisfy that way); then the adversarial terms push the style across.",
        "fr": "L'entraînement du modèle fourni à 12 moments : $G$ de 8 chiffres manuscrits de test fixés et $F$ "
              "de 8 chiffres imprimés fixés. Au début les deux générateurs recopient presque leur entrée (c'est la "
              "façon la plus simple de satisfaire les termes d'identité et de cycle) ; puis les termes antagonistes "
              "font passer le style.",
    },
    "gan.cy_moment": {"en": "Moment of training", "fr": "Moment de l'entraînement"},
    "gan.cy_moment_info": {"en": "1: the start, 12: the end", "fr": "1 : le début, 12 : la fin"},
    "gan.cy_replay": {"en": "Translations at that moment", "fr": "Traductions à ce moment"},
    "gan.cy_replay_status": {
        "en": "**Moment {n} of {total}**: step {step}, {seconds} s into training. Adversarial terms {adv}, cycle "
              "{cycle}, identity {identity}, discriminators {loss_d}.",
        "fr": "**Moment {n} sur {total}** : pas {step}, {seconds} s après le début. Termes antagonistes {adv}, cycle "
              "{cycle}, identité {identity}, discriminateurs {loss_d}.",
    },
    "gan.cy_replay_inputs_missing": {
        "en": "(Without the MNIST test images here, the handwritten inputs are not shown, only their translations.)",
        "fr": "(Sans les images de test de MNIST ici, les entrées manuscrites ne sont pas montrées, seulement leurs "
              "traductions.)",
    },
}
