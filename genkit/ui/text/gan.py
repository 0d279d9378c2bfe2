"""Every text of the GAN tab, in English and French (the lecture's terms).

A leaf: it imports nothing of genkit.ui, so that genkit.ui.i18n can gather it without importing the tab.
"""

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
    # --- 1. live training
    "gan.tab_live": {"en": "1. Live training", "fr": "1. Entraînement en direct"},
    "gan.live_help": {
        "en": "A GAN trains here, on the server, for your browser session only. **Start** plays Algorithm 1: $k$ steps "
              "of the discriminator (ascend $\\log D(x) + \\log(1 - D(G(z)))$), then one step of the generator. Every "
              "few steps you see 64 images $G(z)$ for the same fixed $z$, the two losses, and the mean $D(x)$ and "
              "$D(G(z))$. From scratch, MNIST digits become recognizable within about 3 minutes on a CPU: each player "
              "here has one hidden layer more than the plain DCGAN (256 units, after $z$ in $G$ and before the logit "
              "in $D$), which gives the digits their shape sooner. "
              "A new dataset or latent size starts a new game.",
        "fr": "Un GAN s'entraîne ici, sur le serveur, pour votre session seulement. **Démarrer** joue l'algorithme 1 : "
              "$k$ pas du discriminateur (monter $\\log D(x) + \\log(1 - D(G(z)))$), puis un pas du générateur. Tous "
              "les quelques pas, vous voyez 64 images $G(z)$ pour le même $z$ fixé, les deux pertes, et les moyennes "
              "de $D(x)$ et $D(G(z))$. En partant de zéro, les chiffres MNIST deviennent reconnaissables en environ "
              "3 minutes sur un CPU : chaque joueur a ici une couche cachée de plus que le DCGAN de base (256 unités, "
              "après $z$ dans $G$ et avant le logit dans $D$), ce qui donne plus tôt leur forme aux chiffres. "
              "Un autre jeu de données ou une autre taille latente recommence une partie.",
    },
    "gan.dataset": {"en": "Data", "fr": "Données"},
    "gan.ds_mnist": {"en": "Digits (MNIST)", "fr": "Chiffres (MNIST)"},
    "gan.ds_fashion": {"en": "Clothes (Fashion-MNIST)", "fr": "Vêtements (Fashion-MNIST)"},
    "gan.ds_ring": {"en": "Ring of 8 Gaussians", "fr": "Anneau de 8 gaussiennes"},
    "gan.ds_grid": {"en": "Grid of 25 Gaussians", "fr": "Grille de 25 gaussiennes"},
    "gan.ds_moons": {"en": "Two moons", "fr": "Deux lunes"},
    "gan.ds_spiral": {"en": "Spiral", "fr": "Spirale"},
    "gan.loss": {"en": "Generator loss", "fr": "Perte du générateur"},
    "gan.loss_info": {"en": "minimax: G minimizes log(1 − D(G(z))); non-saturating: G maximizes log D(G(z))",
                      "fr": "minimax : G minimise log(1 − D(G(z))) ; non saturante : G maximise log D(G(z))"},
    "gan.loss_nonsaturating": {"en": "Non-saturating", "fr": "Non saturante"},
    "gan.loss_minimax": {"en": "Minimax", "fr": "Minimax"},
    "gan.k": {"en": "k (discriminator steps per generator step)", "fr": "k (pas du discriminateur par pas du générateur)"},
    "gan.k_info": {"en": "Algorithm 1 of Goodfellow et al. uses k = 1", "fr": "L'algorithme 1 de Goodfellow et al. prend k = 1"},
    "gan.lr_g": {"en": "Learning rate of G", "fr": "Taux d'apprentissage de G"},
    "gan.lr_d": {"en": "Learning rate of D", "fr": "Taux d'apprentissage de D"},
    "gan.batch": {"en": "Batch size m", "fr": "Taille du lot m"},
    "gan.z_dim": {"en": "Latent size (dimension of z)", "fr": "Taille latente (dimension de z)"},
    "gan.z_dim_info": {"en": "changing it starts a new game", "fr": "la changer recommence une partie"},
    "gan.start": {"en": "Start / resume", "fr": "Démarrer / reprendre"},
    "gan.pause": {"en": "Pause", "fr": "Pause"},
    "gan.one_step": {"en": "One step", "fr": "Un pas"},
    "gan.reset": {"en": "Reset", "fr": "Recommencer"},
    "gan.grid": {"en": "G(z) for a fixed z", "fr": "G(z) pour un z fixé"},
    "gan.plot_losses": {"en": "Losses", "fr": "Pertes"},
    "gan.plot_probs": {"en": "Mean output of the discriminator", "fr": "Sortie moyenne du discriminateur"},
    "gan.axis_step": {"en": "step", "fr": "itération"},
    "gan.axis_value": {"en": "value", "fr": "valeur"},
    "gan.series_loss_d": {"en": "D loss", "fr": "perte de D"},
    "gan.series_loss_g": {"en": "G loss", "fr": "perte de G"},
    "gan.series_d_real": {"en": "D(x), real", "fr": "D(x), réel"},
    "gan.series_d_fake": {"en": "D(G(z)), generated", "fr": "D(G(z)), généré"},
    "gan.status": {
        "en": "**Step {step}** ({seconds} s of training, {rate} steps/s). D loss {loss_d}, G loss {loss_g}; "
              "mean D(x) = {d_real}, mean D(G(z)) = {d_fake}.",
        "fr": "**Pas {step}** ({seconds} s d'entraînement, {rate} pas/s). Perte de D {loss_d}, perte de G {loss_g} ; "
              "D(x) moyen = {d_real}, D(G(z)) moyen = {d_fake}.",
    },
    "gan.modes": {"en": "**Modes covered: {covered} of {total}.**", "fr": "**Modes couverts : {covered} sur {total}.**"},
    "gan.push": {
        "en": "Orange segments: where the generator's gradient pushes its points (mean size {push}; a tiny size is a "
              "vanishing gradient).",
        "fr": "Segments orange : où le gradient du générateur pousse ses points (taille moyenne {push} ; une taille "
              "minuscule est un gradient qui s'annule).",
    },
    "gan.diagnosis": {"en": "**Diagnosis.** {text}", "fr": "**Diagnostic.** {text}"},
    "gan.diag_warming_up": {"en": "Too early to tell.", "fr": "Trop tôt pour le dire."},
    "gan.diag_balanced": {"en": "The two players are balanced: neither loss runs away.",
                          "fr": "Les deux joueurs sont à l'équilibre : aucune perte ne s'emballe."},
    "gan.diag_d_wins": {
        "en": "D loss near 0 and D(G(z)) near 0: the discriminator wins; with the minimax loss G's gradient vanishes.",
        "fr": "Perte de D proche de 0 et D(G(z)) proche de 0 : le discriminateur gagne ; avec la perte minimax, le "
              "gradient de G s'annule.",
    },
    "gan.diag_g_climbing": {"en": "G loss climbing: the generator is losing ground.",
                            "fr": "La perte de G grimpe : le générateur perd du terrain."},
    "gan.diag_oscillating": {"en": "The losses swing widely: the players oscillate instead of converging.",
                             "fr": "Les pertes oscillent fortement : les joueurs tournent en rond au lieu de converger."},
    "gan.diag_collapse": {"en": "Few modes covered: mode collapse, G produces only part of the data.",
                          "fr": "Peu de modes couverts : effondrement des modes, G ne produit qu'une partie des données."},
    "gan.limit": {
        "en": "This session reached its limit ({steps} steps or {seconds} s of training): press Reset to play again.",
        "fr": "Cette session a atteint sa limite ({steps} pas ou {seconds} s d'entraînement) : appuyez sur "
              "Recommencer pour rejouer.",
    },
    "gan.fresh": {"en": "New game: both players start from random weights.",
                  "fr": "Nouvelle partie : les deux joueurs partent de poids aléatoires."},
    "gan.one_step_done": {"en": "One iteration: {k} step(s) of D, then one step of G.",
                          "fr": "Une itération : {k} pas de D, puis un pas de G."},
    "gan.paused": {"en": "Paused. Start resumes the same game.", "fr": "En pause. Démarrer reprend la même partie."},
    "gan.reset_done": {"en": "Reset: a new game with random weights.",
                       "fr": "Recommencé : une nouvelle partie aux poids aléatoires."},
    "gan.err_no_data": {
        "en": "Live training on images needs the {dataset} training images, which this server does not have ({detail}). "
              "To get them: set GENKIT_DATA to a folder holding mnist/ and fashion-mnist/ (the original IDX .gz "
              "files), or run `python -m genkit.train classifier --preset smoke` once with internet access so that "
              "torchvision downloads them. The 2-D mode and the replay work without any data.",
        "fr": "L'entraînement en direct sur images a besoin des images d'entraînement {dataset}, que ce serveur n'a pas "
              "({detail}). Pour les obtenir : faites pointer GENKIT_DATA vers un dossier contenant mnist/ et "
              "fashion-mnist/ (les fichiers IDX .gz originaux), ou lancez une fois "
              "`python -m genkit.train classifier --preset smoke` avec un accès à internet pour que torchvision les "
              "télécharge. Le mode 2D et la rediffusion fonctionnent sans données.",
    },
    # --- 2. the plane
    "gan.tab_2d": {"en": "2. In two dimensions", "fr": "2. En deux dimensions"},
    "gan.2d_help": {
        "en": "The same game on points of the plane, fast enough to watch every step (the GAN Lab view). Background: "
              "the discriminator's output $D(x)$ (red: “real”, white: 1/2, blue: “generated”). Green: real points "
              "$x \\sim \\mathbb{P}_r$; black: generated points $G(z)$; orange: the direction in which the generator's "
              "gradient moves each of its points. On the ring and the grid, the modes covered are counted. By default $D$ "
              "learns twice as fast as $G$ (Heusel et al., 2017): with equal rates, $G$ often settles on a few of "
              "the ring's 8 modes.",
        "fr": "Le même jeu sur des points du plan, assez rapide pour suivre chaque pas (la vue de GAN Lab). En fond : "
              "la sortie du discriminateur $D(x)$ (rouge : « réel », blanc : 1/2, bleu : « généré »). En vert : les "
              "points réels $x \\sim \\mathbb{P}_r$ ; en noir : les points générés $G(z)$ ; en orange : la direction "
              "dans laquelle le gradient du générateur déplace chacun de ses points. Sur l'anneau et la grille, on "
              "compte les modes couverts. Par défaut, $D$ apprend deux fois plus vite que $G$ (Heusel et al., 2017) : "
              "à taux égaux, $G$ se fixe souvent sur quelques-uns des 8 modes de l'anneau.",
    },
    "gan.plane": {"en": "D(x) over the plane, real and generated points", "fr": "D(x) sur le plan, points réels et générés"},
    # --- 3. failure modes
    "gan.failures": {"en": "3. Failure modes", "fr": "3. Échecs typiques"},
    "gan.failures_help": {
        "en": "Each button loads settings that make the game fail in a known way, and starts it. Watch the diagnosis line.",
        "fr": "Chaque bouton charge des réglages qui font échouer le jeu d'une façon connue, et le démarre. Suivez la "
              "ligne de diagnostic.",
    },
    "gan.fail_collapse": {"en": "Mode collapse", "fr": "Effondrement des modes"},
    "gan.fail_d_wins": {"en": "D wins too fast (minimax)", "fr": "D gagne trop vite (minimax)"},
    "gan.fail_oscillation": {"en": "Oscillation (learning rate too high)", "fr": "Oscillation (taux trop élevé)"},
    "gan.why_collapse": {
        "en": "**Mode collapse.** G learns 10 times faster than D: it sends all its points to the one place the current "
              "D finds most real, faster than D can correct, and covers one or two of the 8 modes instead of all.",
        "fr": "**Effondrement des modes.** G apprend 10 fois plus vite que D : il envoie tous ses points à l'endroit que "
              "le D du moment juge le plus réel, plus vite que D ne corrige, et couvre un ou deux des 8 modes au lieu "
              "de tous.",
    },
    "gan.why_d_wins": {
        "en": "**The discriminator wins too fast.** With k = 10 steps of D per step of G and a faster D, D(G(z)) → 0; "
              "the minimax loss log(1 − D(G(z))) then has a vanishing gradient: the orange segments shrink and G stalls.",
        "fr": "**Le discriminateur gagne trop vite.** Avec k = 10 pas de D par pas de G et un D plus rapide, "
              "D(G(z)) → 0 ; la perte minimax log(1 − D(G(z))) a alors un gradient qui s'annule : les segments orange "
              "rétrécissent et G n'avance plus.",
    },
    "gan.why_oscillation": {
        "en": "**Oscillation.** With learning rates 50 times too high, each player overshoots the other's last move: "
              "the losses swing and jump and the points never settle.",
        "fr": "**Oscillation.** Avec des taux d'apprentissage 50 fois trop élevés, chaque joueur dépasse le dernier "
              "coup de l'autre : les pertes oscillent et font des bonds, et les points ne se posent jamais.",
    },
    # --- 4. replay
    "gan.tab_replay": {"en": "3. Replay of a full run", "fr": "3. Rediffusion d'un entraînement complet"},
    "gan.replay_help": {
        "en": "The committed checkpoint's training, recorded at 40 moments: move the slider through training time to "
              "see G(z) for a fixed z and the curves up to that moment.",
        "fr": "L'entraînement du modèle fourni, enregistré à 40 moments : déplacez le curseur dans le temps pour voir "
              "G(z) pour un z fixé et les courbes jusqu'à ce moment.",
    },
    "gan.moment": {"en": "Moment of training", "fr": "Moment de l'entraînement"},
    "gan.moment_info": {"en": "1: the start, 40: the end", "fr": "1 : le début, 40 : la fin"},
    "gan.replay_missing": {
        "en": "The record of {name} is not here (`checkpoints/{name}/replay.json` and `replay.png`). Build it with "
              "`{command}`.",
        "fr": "L'enregistrement de {name} n'est pas là (`checkpoints/{name}/replay.json` et `replay.png`). "
              "Construisez-le avec `{command}`.",
    },
    "gan.replay_status": {
        "en": "**Moment {n} of {total}**: step {step}, {seconds} s into training. D loss {loss_d}, G loss {loss_g}; "
              "mean D(x) = {d_real}, mean D(G(z)) = {d_fake}.",
        "fr": "**Moment {n} sur {total}** : pas {step}, {seconds} s après le début. Perte de D {loss_d}, perte de G "
              "{loss_g} ; D(x) moyen = {d_real}, D(G(z)) moyen = {d_fake}.",
    },
    # --- 5. in the browser (genkit/ui/gan_browser.py)
    "gan.tab_browser": {"en": "5. The generator in your browser", "fr": "5. Le générateur dans votre navigateur"},
    "gan.browser_help": {
        "en": "The generator $G$ of the full run (sub-tab 3), computed by **your own browser**: the page downloads "
              "$G$ once (3.5 MB) with a WebAssembly runtime. Each seed gives 64 codes $z \\sim \\mathcal{N}(0, I)$ "
              "in 64 dimensions and the grid shows $G(z)$ for each. Drag the seed: 64 new images at every notch, "
              "computed on this device, not by the server. Nothing is random in $G$ itself: the same $z$ always "
              "gives the same image, and the server (second button) draws the same grid from the same seed.",
        "fr": "Le générateur $G$ de l'entraînement complet (sous-onglet 3), calculé par **votre propre navigateur** : "
              "la page télécharge une fois $G$ (3,5 Mo) avec un moteur WebAssembly. Chaque graine donne 64 codes "
              "$z \\sim \\mathcal{N}(0, I)$ en dimension 64, et la grille montre $G(z)$ pour chacun. Faites glisser "
              "la graine : 64 nouvelles images à chaque cran, calculées sur cet appareil, pas par le serveur. Rien "
              "n'est aléatoire dans $G$ lui-même : le même $z$ donne toujours la même image, et le serveur (second "
              "bouton) dessine la même grille depuis la même graine.",
    },
    "gan.browser_seed": {"en": "Seed", "fr": "Graine"},
    "gan.browser_seed_info": {"en": "64 codes z per seed", "fr": "64 codes z par graine"},
    "gan.browser_go": {"en": "Generate in my browser", "fr": "Générer dans mon navigateur"},
    "gan.browser_server_go": {"en": "Same seed on the server", "fr": "Même graine sur le serveur"},
    "gan.browser_server_img": {"en": "Computed by the server", "fr": "Calculé par le serveur"},
    "gan.browser_server_done": {"en": "{n} images G(z) from seed {seed}, computed by the server from the same z.",
                                "fr": "{n} images G(z) depuis la graine {seed}, calculées par le serveur depuis les "
                                      "mêmes z."},
}
