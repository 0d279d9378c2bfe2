"""The texts of the shared input helpers (genkit/ui/inputs.py): one set of messages for every tab.

A leaf, like every module of genkit/ui/text: it imports nothing of genkit.ui.
"""

from genkit import data

_CLASS_TEXT = {
    f"input.class_{i}": {
        "en": f"{i}: {data.CLASSES['mnist']['en'][i]} / {data.CLASSES['fashion']['en'][i]}",
        "fr": f"{i} : {data.CLASSES['mnist']['fr'][i]} / {data.CLASSES['fashion']['fr'][i]}",
    }
    for i in range(10)
}

TEXT = {
    "input.dataset": {"en": "Dataset", "fr": "Jeu de données"},
    "input.dataset_mnist": {"en": "Digits (MNIST)", "fr": "Chiffres (MNIST)"},
    "input.dataset_fashion": {"en": "Clothes (Fashion-MNIST)", "fr": "Vêtements (Fashion-MNIST)"},
    "input.err_choice": {"en": "{name}: “{value}” is not one of the choices ({allowed}).",
                         "fr": "{name} : « {value} » ne fait pas partie des choix ({allowed})."},
    "input.err_number": {"en": "{name}: “{value}” is not a number.",
                         "fr": "{name} : « {value} » n'est pas un nombre."},
    "input.err_range": {"en": "{name} must be between {low} and {high} (got “{value}”).",
                        "fr": "{name} doit être entre {low} et {high} (reçu « {value} »)."},
    "input.err_integer": {"en": "{name} must be a whole number between {low} and {high} (got “{value}”).",
                          "fr": "{name} doit être un nombre entier entre {low} et {high} (reçu « {value} »)."},
    "input.source": {"en": "Input", "fr": "Entrée"},
    "input.source_test": {"en": "Test image", "fr": "Image de test"},
    "input.source_draw": {"en": "My drawing", "fr": "Mon dessin"},
    "input.source_upload": {"en": "Uploaded image", "fr": "Image téléversée"},
    "input.index": {"en": "Test image number", "fr": "Numéro de l'image de test"},
    "input.index_info": {"en": "among the test images of the chosen class",
                      "fr": "parmi les images de test de la classe choisie"},
    "input.class": {"en": "Class", "fr": "Classe"},
    "input.class_any": {"en": "any class", "fr": "toutes les classes"},
    "input.data_note_initial": {"en": "The test images are on this machine.",
                             "fr": "Les images de test sont sur cette machine."},
    "input.data_note": {"en": "{n} test images on this machine.", "fr": "{n} images de test sur cette machine."},
    "input.no_data_note": {
        "en": "*The test images are not on this machine (set `GENKIT_DATA`): draw or upload an image instead.*",
        "fr": "*Les images de test ne sont pas sur cette machine (définir `GENKIT_DATA`) : dessinez ou téléversez "
              "plutôt une image.*",
    },
    "input.drawing": {"en": "Draw a digit with the mouse or a finger", "fr": "Dessinez un chiffre à la souris ou au doigt"},
    "input.upload": {"en": "Or upload an image", "fr": "Ou téléversez une image"},
    "input.note_test": {"en": "Test image of class {label}.", "fr": "Image de test de la classe {label}."},
    "input.note_drawing": {"en": "Your drawing, preprocessed as below.", "fr": "Votre dessin, prétraité comme ci-dessous."},
    "input.note_upload": {"en": "Your image, preprocessed as below.", "fr": "Votre image, prétraitée comme ci-dessous."},
    "input.note_upload_inverted": {
        "en": "Your image had a light background: it was inverted (MNIST is light ink on black), then preprocessed.",
        "fr": "Votre image avait un fond clair : elle a été inversée (MNIST est de l'encre claire sur fond noir), "
              "puis prétraitée.",
    },
    "input.err_no_data": {
        "en": "The test images are not on this machine (set GENKIT_DATA to a folder with mnist/ and "
              "fashion-mnist/): choose “My drawing” or “Uploaded image” instead.",
        "fr": "Les images de test ne sont pas sur cette machine (définir GENKIT_DATA vers un dossier contenant "
              "mnist/ et fashion-mnist/) : choisissez plutôt « Mon dessin » ou « Image téléversée ».",
    },
    "input.err_no_drawing": {"en": "Draw something on the canvas first.", "fr": "Dessinez d'abord quelque chose."},
    "input.err_no_upload": {"en": "Upload an image first.", "fr": "Téléversez d'abord une image."},
    "input.err_sketch_blank": {
        "en": "The drawing is empty (or the image is uniform): there is no ink to read. Draw a digit.",
        "fr": "Le dessin est vide (ou l'image est uniforme) : il n'y a aucune encre à lire. Dessinez un chiffre.",
    },
    "input.err_sketch_dot": {
        "en": "The drawing is a single dot ({h} x {w} pixels of ink): enlarged to 20x20 it would be a blob. "
              "Draw a whole digit.",
        "fr": "Le dessin n'est qu'un point ({h} x {w} pixels d'encre) : agrandi à 20x20, ce serait une tache. "
              "Dessinez un chiffre entier.",
    },
    "input.err_sketch_shape": {"en": "This is not an image (array of shape {shape}).",
                            "fr": "Ce n'est pas une image (tableau de forme {shape})."},
    "input.err_image_missing": {"en": "No image was given.", "fr": "Aucune image n'a été fournie."},
    "input.err_image_not_image": {"en": "{name} is not an image that can be read (PNG, JPEG, WebP ...).",
                               "fr": "{name} n'est pas une image lisible (PNG, JPEG, WebP ...)."},
    "input.err_image_too_large": {
        "en": "The image declares {megapixels} megapixels, more than the {limit} allowed: refused before decoding.",
        "fr": "L'image déclare {megapixels} mégapixels, plus que les {limit} permis : refusée avant le décodage.",
    },
    "input.err_image_empty": {"en": "The image has no pixels ({width} x {height}).",
                           "fr": "L'image n'a aucun pixel ({width} x {height})."},
    "input.err_image_corrupt": {"en": "The image could not be decoded: {detail}",
                             "fr": "L'image n'a pas pu être décodée : {detail}"},
    "input.err_image_unsupported": {"en": "The image mode {mode} is not supported.",
                                 "fr": "Le mode d'image {mode} n'est pas pris en charge."},
    **_CLASS_TEXT,
}
