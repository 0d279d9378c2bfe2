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
    # --- the browser path (genkit/ui/browser.js fills the {placeholders} itself)
    "app.browser_loading": {"en": "Loading the runtime and the model into your browser…",
                            "fr": "Chargement du moteur et du modèle dans votre navigateur…"},
    "app.browser_running": {"en": "Step {i} of {n} (t = {t}), computed in your browser",
                            "fr": "Pas {i} sur {n} (t = {t}), calculé dans votre navigateur"},
    "app.browser_done": {"en": "{n} samples, {steps} DDIM steps from seed {seed}: {s} s in your browser (WebAssembly), "
                               "nothing computed by the server.",
                         "fr": "{n} échantillons, {steps} pas DDIM depuis la graine {seed} : {s} s dans votre navigateur "
                               "(WebAssembly), rien de calculé par le serveur."},
    "app.browser_flow_done": {"en": "{n} samples, {steps} Euler steps of the flow from seed {seed}: {s} s in your "
                                    "browser (WebAssembly), nothing computed by the server.",
                              "fr": "{n} échantillons, {steps} pas d'Euler du flot depuis la graine {seed} : {s} s dans "
                                    "votre navigateur (WebAssembly), rien de calculé par le serveur."},
    "app.browser_counts_done": {"en": "Seed {seed} with {counts} steps, DDIM above and Euler below: {s} s in your "
                                      "browser, nothing computed by the server.",
                                "fr": "Graine {seed} avec {counts} pas, DDIM en haut et Euler en bas : {s} s dans "
                                      "votre navigateur, rien de calculé par le serveur."},
    "app.browser_counts": {"en": "The same x_T, more and more steps →: DDIM above, flow matching below",
                           "fr": "Le même x_T, de plus en plus de pas → : DDIM en haut, flow matching en bas"},
    "app.browser_gan_done": {"en": "{n} images G(z) from seed {seed}: {ms} ms in your browser, nothing computed by the "
                                   "server.",
                             "fr": "{n} images G(z) depuis la graine {seed} : {ms} ms dans votre navigateur, rien de "
                                   "calculé par le serveur."},
    "app.browser_xt": {"en": "xₜ, the image being denoised", "fr": "xₜ, l'image en cours de débruitage"},
    "app.browser_x0": {"en": "x̂₀, the network's guess of the clean image", "fr": "x̂₀, l'image propre que prédit le réseau"},
    "app.browser_g": {"en": "G(z), one image per code z", "fr": "G(z), une image par code z"},
    "app.browser_x": {"en": "The decoding under the pointer", "fr": "Le décodage sous le pointeur"},
    "app.browser_fallback": {"en": "Your browser could not compute it ({why}): the server computes the same picture "
                                   "instead, below.",
                             "fr": "Votre navigateur n'a pas pu le calculer ({why}) : le serveur calcule la même image "
                                   "à sa place, ci-dessous."},
    "app.browser_fallback_pointer": {"en": "Your browser could not decode under the pointer ({why}): click the map "
                                           "instead, the server decodes the point.",
                                     "fr": "Votre navigateur n'a pas pu décoder sous le pointeur ({why}) : cliquez "
                                           "sur la carte, le serveur décode le point."},
    "app.browser_bad_steps": {"en": "The number of steps must be a whole number from 1 to {max}.",
                              "fr": "Le nombre de pas doit être un entier de 1 à {max}."},
    "app.browser_bad_seed": {"en": "The seed must be a whole number from 0 to {max}.",
                             "fr": "La graine doit être un entier de 0 à {max}."},
    "app.browser_t2i_done": {"en": "{n} images of “{prompt}”, w = {w}, {steps} DDIM steps from seed {seed}: {s} s in "
                                   "your browser, nothing computed by the server.",
                             "fr": "{n} images de « {prompt} », w = {w}, {steps} pas DDIM depuis la graine {seed} : "
                                   "{s} s dans votre navigateur, rien de calculé par le serveur."},
    "app.browser_t2i_unknown": {"en": "Unknown words, ignored: {words}.", "fr": "Mots inconnus, ignorés : {words}."},
    "app.browser_bad_w": {"en": "The guidance w must be a number from 0 to {max}.",
                          "fr": "Le guidage w doit être un nombre de 0 à {max}."},
    "app.browser_no_wasm": {"en": "this browser has no WebAssembly", "fr": "ce navigateur n'a pas WebAssembly"},
    "app.browser_no_graph": {"en": "{name} has no exported graph", "fr": "{name} n'a pas de graphe exporté"},
    "app.browser_pointer": {"en": "Under the pointer: z = ({z1}, {z2}), decoded in your browser ({fps} images per "
                                  "second).",
                            "fr": "Sous le pointeur : z = ({z1} ; {z2}), décodé dans votre navigateur ({fps} images "
                                  "par seconde)."},
    "app.browser_pointer_hint": {"en": "Move the pointer over the map: your browser decodes the code under it at "
                                       "every move.",
                                 "fr": "Promenez le pointeur sur la carte : votre navigateur décode le code qui est "
                                       "dessous à chaque mouvement."},
}
