"""What the Diffusion tab's sub-tabs share: the checkpoints' constants, the model and the seed as read from the UI.

Imported only by the Diffusion tab's modules (genkit/ui/diffusion.py and genkit/ui/diffusion_*.py).
"""

from genkit.ui.common import model
from genkit.ui.inputs import DATASETS, SEED_MAX, choice, number

T = 1000  # the checkpoints' number of noising steps (UNetConfig.T); the forward process needs no model
MAX_STEPS = 250  # per run of the reverse process: ~2 s for DDPM on one CPU core, with the small U-Net
MOMENTS = 12  # moments in a filmstrip
LABEL_PX = 34  # blank rows above a wide picture: Gradio draws the image's label over its top-left corner


def net(dataset, lang):
    """The diffusion checkpoint of the chosen dataset (a translated error names a missing one)."""
    dataset = choice(dataset, DATASETS, "diff.dataset", lang)
    return model(f"diffusion-{dataset}", lang)


def seed(value, lang) -> int:
    return number(value, "diff.seed", 0, SEED_MAX, lang, integer=True)
