"""Every text of the VAE tab, in English and French (the lecture's terms).

A leaf: it imports nothing of genkit.ui, so that genkit.ui.i18n can gather it without importing the tab.
"""

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
    "vae.z": {"en": "Latent size (z)", "fr": "Taille de la variable latente (z)"},
    "vae.tab_map": {"en": "Latent map (z = 2)", "fr": "Carte latente (z = 2)"},
    "vae.map_help": {
        "en": "With a 2-dimensional latent variable, the whole latent space fits on a screen. **Left**: the decoder's "
              "image for each code of a 20x20 grid over $[-3, 3]^2$ (three standard deviations of the a priori "
              "$\\mathcal{N}(0, I)$). **Right**: where the encoder puts the test images ($\\mu$ of $q(z \\mid x)$), "
              "coloured by class, on the same axes. Click either picture (or move the sliders) to decode that $z$.",
        "fr": "Avec une variable latente de dimension 2, tout l'espace latent tient sur un écran. **À gauche** : "
              "l'image que le décodeur donne à chaque code d'une grille 20x20 sur $[-3, 3]^2$ (trois écarts types de "
              "l'a priori $\\mathcal{N}(0, I)$). **À droite** : où l'encodeur place les images de test ($\\mu$ de "
              "$q(z \\mid x)$), colorées par classe, sur les mêmes axes. Cliquez sur l'une ou l'autre image (ou "
              "déplacez les curseurs) pour décoder ce $z$.",
    },
    "vae.map_go": {"en": "Draw the map", "fr": "Tracer la carte"},
    "vae.map_grid": {"en": "Decoded grid: decoder(z) over [-3, 3]²", "fr": "Grille décodée : décodeur(z) sur [-3, 3]²"},
    "vae.map_scatter": {"en": "Test images encoded (μ), by class", "fr": "Images de test encodées (μ), par classe"},
    "vae.map_no_data": {
        "en": "The test images are not on this machine (set GENKIT_DATA), so only the decoded grid is shown; "
              "the map of encodings needs the data set.",
        "fr": "Les images de test ne sont pas sur cette machine (définir GENKIT_DATA) : seule la grille décodée "
              "est montrée ; la carte des encodages demande le jeu de données.",
    },
    "vae.map_note": {
        "en": "{n} test images encoded ({outside} fall outside the square). The classes form regions, and together "
              "they fill the a priori's disc: that is the KL term at work.",
        "fr": "{n} images de test encodées ({outside} tombent hors du carré). Les classes forment des régions, et "
              "ensemble elles remplissent le disque de l'a priori : c'est l'effet du terme KL.",
    },
    "vae.z1": {"en": "z₁ (horizontal)", "fr": "z₁ (horizontal)"},
    "vae.z2": {"en": "z₂ (vertical)", "fr": "z₂ (vertical)"},
    "vae.pixel": {"en": "Position on the map", "fr": "Position sur la carte"},
    "vae.point_img": {"en": "decoder(z)", "fr": "décodeur(z)"},
    "vae.point": {"en": "Decoded code z = ({z1}, {z2}).", "fr": "Code décodé z = ({z1}, {z2})."},
    "vae.tab_reparam": {"en": "Reparameterization and the bound", "fr": "Reparamétrisation et la borne"},
    "vae.reparam_help": {
        "en": "The encoder gives, for each dimension $j$ of $z$, a mean $\\mu_j$ and a standard deviation "
              "$\\sigma_j$ of $q(z \\mid x)$. A code is drawn as $z = \\mu + \\sigma \\epsilon$ with "
              "$\\epsilon \\sim \\mathcal{N}(0, I)$: the randomness is an input, so the gradient reaches $\\mu$ and "
              "$\\sigma$. Each draw gives a slightly different image.",
        "fr": "L'encodeur donne, pour chaque dimension $j$ de $z$, une moyenne $\\mu_j$ et un écart type $\\sigma_j$ "
              "de $q(z \\mid x)$. Un code se tire comme $z = \\mu + \\sigma \\epsilon$ avec "
              "$\\epsilon \\sim \\mathcal{N}(0, I)$ : le hasard est une entrée, le gradient atteint donc $\\mu$ et "
              "$\\sigma$. Chaque tirage donne une image un peu différente.",
    },
    "vae.draws": {"en": "Draws of ε", "fr": "Tirages de ε"},
    "vae.reparam_go": {"en": "Draw ε", "fr": "Tirer ε"},
    "vae.reparam_strip": {"en": "Input, decoder(μ), then decoder(z) for each draw",
                          "fr": "Entrée, décodeur(μ), puis décodeur(z) pour chaque tirage"},
    "vae.reparam_caption": {
        "en": "{draws} draws of ε (seed {seed}). Mean σ over the dimensions: {sigma}; a small σ means the encoder "
              "is sure of the code, and the draws look alike.",
        "fr": "{draws} tirages de ε (graine {seed}). σ moyen sur les dimensions : {sigma} ; un petit σ signifie "
              "que l'encodeur est sûr du code, et les tirages se ressemblent.",
    },
    "vae.col_dim": {"en": "dimension", "fr": "dimension"},
    "vae.col_mu": {"en": "μ", "fr": "μ"},
    "vae.col_sigma": {"en": "σ", "fr": "σ"},
    "vae.bound_title": {"en": "The bound, in nats", "fr": "La borne, en nats"},
    "vae.bound_help": {
        "en": "For the same input, binarized (the decoder is a Bernoulli per pixel: the likelihood is of a black "
              "and white image), the two terms of the bound, in nats (natural logarithms), and the "
              "importance-weighted estimate of $\\log p(x)$ with $k$ samples (Burda et al. 2016), which is tighter.",
        "fr": "Pour la même entrée, binarisée (le décodeur est une Bernoulli par pixel : la vraisemblance est celle "
              "d'une image noir et blanc), les deux termes de la borne, en nats (logarithmes naturels), et "
              "l'estimation par échantillonnage d'importance de $\\log p(x)$ avec $k$ échantillons (Burda et al. "
              "2016), plus serrée.",
    },
    "vae.k": {"en": "Importance samples k", "fr": "Échantillons d'importance k"},
    "vae.k_info": {"en": "k = 1 gives the bound itself (one draw)", "fr": "k = 1 redonne la borne (un tirage)"},
    "vae.bound_go": {"en": "Compute the bound", "fr": "Calculer la borne"},
    "vae.bound_img": {"en": "The binarized input", "fr": "L'entrée binarisée"},
    "vae.bound_text": {
        "en": "| term | nats |\n|---|---|\n"
              "| reconstruction $E_q[\\log p(x \\mid z)]$ (64 draws) | **{rec}** |\n"
              "| $-$ KL$(q(z \\mid x) \\Vert p(z))$ | **−{kl}** |\n"
              "| = ELBO (the bound) | **{elbo}** |\n"
              "| importance-weighted $\\log p(x)$, k = {k} | **{iw}** |\n\n"
              "The estimate is {gap} nats above the bound. As losses: negative ELBO {nelbo} nats, "
              "negative log-likelihood about {nll} nats (published VAEs on MNIST: about 85 to 87 nats).",
        "fr": "| terme | nats |\n|---|---|\n"
              "| reconstruction $E_q[\\log p(x \\mid z)]$ (64 tirages) | **{rec}** |\n"
              "| $-$ KL$(q(z \\mid x) \\Vert p(z))$ | **−{kl}** |\n"
              "| = ELBO (la borne) | **{elbo}** |\n"
              "| $\\log p(x)$ par échantillonnage d'importance, k = {k} | **{iw}** |\n\n"
              "L'estimation est {gap} nats au-dessus de la borne. En pertes : ELBO négative {nelbo} nats, "
              "log-vraisemblance négative d'environ {nll} nats (VAE publiés sur MNIST : environ 85 à 87 nats).",
    },
    "vae.tab_sample": {"en": "Sampling", "fr": "Échantillonnage"},
    "vae.sample_help": {
        "en": "The VAE as a generative model: draw $z \\sim \\mathcal{N}(0, T^2 I)$ from the a priori and decode "
              "it. The temperature $T$ scales the draws: below 1, typical and blurry images; above 1, stranger ones.",
        "fr": "Le VAE comme modèle génératif : tirer $z \\sim \\mathcal{N}(0, T^2 I)$ selon l'a priori et le "
              "décoder. La température $T$ met les tirages à l'échelle : sous 1, des images typiques et floues ; "
              "au-dessus, plus étranges.",
    },
    "vae.temperature": {"en": "Temperature T", "fr": "Température T"},
    "vae.temperature_info": {"en": "standard deviation of the draws of z", "fr": "écart type des tirages de z"},
    "vae.sample_go": {"en": "Sample", "fr": "Échantillonner"},
    "vae.sample_img": {"en": "decoder(z), z ~ N(0, T² I)", "fr": "décodeur(z), z ~ N(0, T² I)"},
    "vae.tab_interp": {"en": "Interpolation", "fr": "Interpolation"},
    "vae.interp_help": {
        "en": "Encode two images ($\\mu$ of each), walk from one code to the other, decode each step. "
              "**Linear**: the straight segment. **Spherical** (slerp): along the great circle, which keeps the norm "
              "of $z$ where the a priori puts typical codes, instead of cutting through the middle.",
        "fr": "Encoder deux images ($\\mu$ de chacune), aller d'un code à l'autre, décoder chaque étape. "
              "**Linéaire** : le segment. **Sphérique** (slerp) : le long du grand cercle, qui garde la norme de "
              "$z$ là où l'a priori place les codes typiques, au lieu de couper par le milieu.",
    },
    "vae.index_a": {"en": "Test image A", "fr": "Image de test A"},
    "vae.index_b": {"en": "Test image B", "fr": "Image de test B"},
    "vae.drawing_a": {"en": "Drawing A", "fr": "Dessin A"},
    "vae.drawing_b": {"en": "Drawing B", "fr": "Dessin B"},
    "vae.steps": {"en": "Steps", "fr": "Étapes"},
    "vae.interp_go": {"en": "Interpolate", "fr": "Interpoler"},
    "vae.interp_linear": {"en": "Linear", "fr": "Linéaire"},
    "vae.interp_spherical": {"en": "Spherical (slerp)", "fr": "Sphérique (slerp)"},
    "vae.interp_caption": {
        "en": "At both ends, the inputs A and B; between them, {steps} decoded steps in a {z}-dimensional latent "
              "space, from |μ_A| = {na} to |μ_B| = {nb}.",
        "fr": "Aux deux bouts, les entrées A et B ; entre elles, {steps} étapes décodées dans un espace latent de "
              "dimension {z}, de |μ_A| = {na} à |μ_B| = {nb}.",
    },
}
