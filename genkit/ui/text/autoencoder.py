"""Every text of the Autoencoder tab, in English and French (the lecture's terms).

A leaf: it imports nothing of genkit.ui, so that genkit.ui.i18n can gather it without importing the tab.
"""


TEXT = {
    "ae.intro": {
        "en": "## Autoencoder\n"
              "An **encoder** $f_\\phi$ compresses an image $x$ into a small code $z = f_\\phi(x)$ (the *bottleneck*), "
              "and a **decoder** $g_\\theta$ rebuilds it: $\\hat{x} = g_\\theta(z)$. Both are trained together to make "
              "the reconstruction error small:\n\n"
              "$$\\min_{\\phi, \\theta} \\; \\lVert x - g_\\theta(f_\\phi(x)) \\rVert^2$$\n\n"
              "The code $z$ is a learned representation, an *embedding*. But nothing organizes the space of codes: "
              "a random $z$ decodes to whatever the decoder makes of a region it may never have seen (with z = 2 "
              "mostly one and the same digit, with z = 16 mostly smudges), so an autoencoder is **not** a generative "
              "model. "
              "The next tab, the VAE, fixes exactly that.",
        "fr": "## Auto-encodeur\n"
              "Un **encodeur** $f_\\phi$ compresse une image $x$ en un petit code $z = f_\\phi(x)$ (le *goulot "
              "d'étranglement*), et un **décodeur** $g_\\theta$ la reconstruit : $\\hat{x} = g_\\theta(z)$. Les deux "
              "sont entraînés ensemble pour rendre l'erreur de reconstruction petite :\n\n"
              "$$\\min_{\\phi, \\theta} \\; \\lVert x - g_\\theta(f_\\phi(x)) \\rVert^2$$\n\n"
              "Le code $z$ est une représentation apprise, un *plongement* (« embedding »). Mais rien n'organise "
              "l'espace des codes : un $z$ tiré au hasard se décode en ce que le décodeur fait d'une région qu'il n'a "
              "peut-être jamais vue (avec z = 2 presque toujours le même chiffre, avec z = 16 surtout des taches), "
              "donc un auto-encodeur **n'est pas** un modèle génératif. L'onglet suivant, le VAE, corrige précisément cela.",
    },
    "ae.dataset": {"en": "Dataset", "fr": "Jeu de données"},
    "ae.z": {"en": "Bottleneck size", "fr": "Taille du goulot"},
    "ae.z_info": {"en": "dimensions of the code z", "fr": "dimensions du code z"},
    "ae.z_2": {"en": "z = 2", "fr": "z = 2"},
    "ae.z_16": {"en": "z = 16", "fr": "z = 16"},
    "ae.noise": {"en": "Noise", "fr": "Bruit"},
    "ae.noise_info": {"en": "standard deviation of Gaussian noise added before encoding",
                      "fr": "écart type d'un bruit gaussien ajouté avant l'encodage"},
    "ae.occlusion": {"en": "Occlusion", "fr": "Occultation"},
    "ae.occlusion_info": {"en": "share of the image hidden (from the bottom) before encoding",
                          "fr": "part de l'image cachée (depuis le bas) avant l'encodage"},
    "ae.go": {"en": "Encode and decode", "fr": "Encoder et décoder"},
    "ae.input": {"en": "Input x (as encoded)", "fr": "Entrée x (telle qu'encodée)"},
    "ae.output": {"en": "Reconstruction x̂", "fr": "Reconstruction x̂"},
    "ae.error": {"en": "Error x̂ − x (red: too much ink, blue: missing)",
                 "fr": "Erreur x̂ − x (rouge : trop d'encre, bleu : manquante)"},
    "ae.code": {"en": "The code z (the bottleneck)", "fr": "Le code z (le goulot)"},
    "ae.axis_dimension": {"en": "dimension of z", "fr": "dimension de z"},
    "ae.axis_value": {"en": "value", "fr": "valeur"},
    "ae.steps": {"en": "Preprocessing, MNIST's way", "fr": "Prétraitement, à la manière de MNIST"},
    "ae.steps_help": {
        "en": "For drawings and uploads, left to right: grayscale ink, cropped to its bounding box, fitted in a "
              "20x20 box (aspect ratio kept), centred by its centre of mass in 28x28, as MNIST's digits were.",
        "fr": "Pour les dessins et les images téléversées, de gauche à droite : l'encre en niveaux de gris, recadrée "
              "sur sa boîte englobante, ajustée dans une boîte 20x20 (proportions gardées), centrée par son centre de "
              "masse dans 28x28, comme les chiffres de MNIST.",
    },
    "ae.result": {
        "en": "**Bottleneck z = {z}.** Mean squared error per pixel against the clean input: **{mse}** "
              "(against the corrupted input: {mse_in}). Norm of the code: |z| = {norm}.",
        "fr": "**Goulot z = {z}.** Erreur quadratique moyenne par pixel par rapport à l'entrée propre : **{mse}** "
              "(par rapport à l'entrée corrompue : {mse_in}). Norme du code : |z| = {norm}.",
    },
    "ae.sample_title": {"en": "Sample the latent space", "fr": "Échantillonner l'espace latent"},
    "ae.sample_help": {
        "en": "The same random codes $z \\sim \\mathcal{N}(0, I)$, decoded by the autoencoder (left) and by the "
              "VAE of the next tab (right), with the same bottleneck size.",
        "fr": "Les mêmes codes aléatoires $z \\sim \\mathcal{N}(0, I)$, décodés par l'auto-encodeur (à gauche) et "
              "par le VAE de l'onglet suivant (à droite), avec la même taille de goulot.",
    },
    "ae.seed": {"en": "Seed", "fr": "Graine"},
    "ae.sample_go": {"en": "Draw random codes", "fr": "Tirer des codes au hasard"},
    "ae.sample_ae": {"en": "Autoencoder: g(z), z ~ N(0, I)", "fr": "Auto-encodeur : g(z), z ~ N(0, I)"},
    "ae.sample_vae": {"en": "VAE: decoder(z), z ~ N(0, I)", "fr": "VAE : décodeur(z), z ~ N(0, I)"},
    "ae.sample_why": {
        "en": "**Why the autoencoder's samples are not a model of the data (z = {z}):** its training only asked codes to "
              "be decodable, never to lie where $\\mathcal{{N}}(0, I)$ puts them. Random codes fall wherever the "
              "decoder happens to extrapolate: in the left grid, with a 2-dimensional code mostly one and the same "
              "digit, with 16 dimensions mostly smudges; either way, not the ten classes. The VAE's KL term pulls "
              "its codes onto the prior, so the same draws spread over the digits on the right.",
        "fr": "**Pourquoi les tirages de l'auto-encodeur ne modélisent pas les données (z = {z}) :** son entraînement "
              "demandait seulement des codes décodables, jamais qu'ils se trouvent là où $\\mathcal{{N}}(0, I)$ les "
              "tire. Les codes aléatoires tombent là où le décodeur extrapole : dans la grille de gauche, avec un "
              "code de dimension 2 presque toujours le même chiffre, avec 16 dimensions surtout des taches ; dans "
              "les deux cas, pas les dix classes. Le terme KL du VAE ramène ses codes sur l'a priori : à droite, "
              "les mêmes tirages se répartissent sur les chiffres.",
    },
}
