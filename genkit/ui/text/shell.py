"""The shell's own texts (title, language switch, tab names) and the messages every tab shares.

A leaf, like every module of genkit/ui/text: it imports nothing of genkit.ui.
"""

TEXT = {
    "app.title": {"en": "# genkit: modern generative models, from scratch",
                  "fr": "# genkit : les modèles génératifs modernes, de zéro"},
    "app.subtitle": {
        "en": "From convolution to text-to-image, every model written in PyTorch and trained by our own scripts. "
              "Pick a tab, left to right, as in the lecture.",
        "fr": "De la convolution au texte-vers-image, chaque modèle écrit en PyTorch et entraîné par nos propres "
              "scripts. Parcourez les onglets de gauche à droite, comme dans le cours.",
    },
    "app.language": {"en": "Language", "fr": "Langue"},
    "tab.conv": {"en": "Convolution", "fr": "Convolution"},
    "tab.ae": {"en": "Autoencoder", "fr": "Auto-encodeur"},
    "tab.vae": {"en": "VAE", "fr": "VAE"},
    "tab.gan": {"en": "GAN", "fr": "GAN"},
    "tab.diff": {"en": "Diffusion", "fr": "Diffusion"},
    "tab.t2i": {"en": "Text-to-image", "fr": "Texte vers image"},
    "tab.d2": {"en": "DALL-E 2", "fr": "DALL-E 2"},
    "tab.im": {"en": "Imagen", "fr": "Imagen"},
    "app.dark": {"en": "Light / dark", "fr": "Clair / sombre"},
    "app.decimal": {"en": ".", "fr": ","},  # the decimal mark of numbers drawn in pictures (French: 0,5 and 10 000)
    "err.checkpoint": {
        "en": "The model {name} is not available: {detail}",
        "fr": "Le modèle {name} n'est pas disponible : {detail}",
    },
    "err.not_trained": {
        "en": "**Not trained yet.** This tab's models are not in `checkpoints/` yet: the explanation above stays "
              "valid, and the command below builds them on a GPU.",
        "fr": "**Pas encore entraîné.** Les modèles de cet onglet ne sont pas encore dans `checkpoints/` : "
              "l'explication ci-dessus reste valable, et la commande ci-dessous les construit sur GPU.",
    },
    "err.title": {"en": "Error", "fr": "Erreur"},
    "toast.error": {"en": "Error", "fr": "Erreur"},
    "app.error_label": {"en": "Error:", "fr": "Erreur :"},  # before an error written under a control (page.js)
    "app.stale": {"en": "Not updated", "fr": "Pas à jour"},  # over the outputs of an event that failed
    "app.close": {"en": "Close", "fr": "Fermer"},
    "app.fullscreen": {"en": "Fullscreen", "fr": "Plein écran"},  # Gradio writes these two in English only
    "app.exit_fullscreen": {"en": "Exit fullscreen mode", "fr": "Quitter le plein écran"},
    "toast.warning": {"en": "Warning", "fr": "Attention"},
    "toast.info": {"en": "Info", "fr": "Info"},
    "toast.success": {"en": "Success", "fr": "Réussi"},
    "err.busy": {"en": "The server is busy: try again in {seconds} s.",
                 "fr": "Le serveur est occupé : réessayez dans {seconds} s."},
    "err.internal": {"en": "Something went wrong on the server ({detail}). The other tabs keep working.",
                     "fr": "Une erreur est survenue sur le serveur ({detail}). Les autres onglets fonctionnent toujours."},
}
