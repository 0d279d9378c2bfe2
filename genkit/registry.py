"""The registry: the list of every checkpoint, what makes it, and the concept of the lecture it illustrates.

A checkpoint is named ``<model>-<dataset>[-<variant>]`` (a text-only model: ``<model>-<variant>``). Its `Entry` says

    what makes it       the `genkit.train` subcommand, the dataset and the variant's arguments
                        (``Entry.train_command`` is the command that rebuilds it)
    what loads it       the network class, ``"module:Class"`` (``Entry.model_class()``)
    what it teaches     the lecture concept, and the sentence of its model card
    where it lives      the Hub repository ``<namespace>/genkit-<name>`` and its pinned revision

This is the only list of checkpoints: genkit/hub.py saves, loads and publishes them,
genkit/card.py writes their model cards, genkit/eval.py scores those present. The
layout follows the Hugging Face Hub's conventions: one model repository per
checkpoint, pinned to a commit.
"""

import dataclasses
import importlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

CODE_URL = "https://github.com/genkit-edu/genkit"
LICENSE = "mit"
REVISIONS_FILE = Path(__file__).with_name("hub_revisions.json")  # name -> pinned commit, written by hub.push


def hub_namespace() -> str:
    return os.environ.get("GENKIT_HUB_NAMESPACE", "genkit-edu")


@dataclass(frozen=True)
class Entry:
    """One model of the registry."""

    name: str  # checkpoint name, <model>-<dataset>[-<variant>]
    model: str  # the `genkit.train` subcommand that builds it
    dataset: str  # genkit.data name (mnist, fashion) or a procedural set (scenes)
    cls: str  # "module:Class" of the network
    concept: str  # the lecture concept it illustrates
    description: str  # one sentence for the model card
    revision: str | None = None  # pinned Hub commit, set once the model is published
    variant: dict | None = None  # extra training arguments (e.g. {"z": 2})

    @property
    def repo_id(self) -> str:
        return self.repo_in(hub_namespace())

    def repo_in(self, namespace: str) -> str:
        return f"{namespace}/genkit-{self.name}"

    @property
    def train_command(self) -> str:
        """The command that (re)builds it in checkpoints/ and measures it (--replace: a run writes to runs/ else)."""
        extra = "".join(f" --{k}" if v is True else f" --{k} {v}" for k, v in (self.variant or {}).items())
        return f"python -m genkit.train {self.model} --dataset {self.dataset}{extra} --preset full --replace"

    def model_class(self) -> type:
        module, cls = self.cls.split(":")
        return getattr(importlib.import_module(module), cls)


DATASET_WORDS = {"mnist": "handwritten digits (MNIST)", "fashion": "clothes (Fashion-MNIST)"}


def _entries() -> list[Entry]:
    cnn = "convolutional network (CNN): each layer reduces the dimensionality"
    out = [Entry(f"classifier-{d}", "classifier", d, "genkit.metrics:Classifier", cnn,
                 f"A small LeNet-style convolutional classifier of {DATASET_WORDS[d]}, used to score generated "
                 "images (accuracy and FID-LeNet).") for d in ("mnist", "fashion")]
    for d in ("mnist", "fashion"):
        for z in (2, 16):
            out.append(Entry(f"ae-{d}-z{z}", "ae", d, "genkit.autoencoder:Autoencoder",
                             "autoencoder: an encoder compresses, a decoder reconstructs; the codes cannot be sampled",
                             f"A convolutional autoencoder of {DATASET_WORDS[d]} with a {z}-dimensional bottleneck.",
                             variant={"z": z}))
            out.append(Entry(f"vae-{d}-z{z}", "vae", d, "genkit.vae:VAE",
                             "variational autoencoder: q(z|x) = N(mu, sigma^2), z = mu + sigma * eps, the ELBO",
                             f"A convolutional VAE of {DATASET_WORDS[d]} with a {z}-dimensional latent space and a "
                             "Bernoulli decoder.", variant={"z": z}))
    for d in ("mnist", "fashion"):
        out.append(Entry(f"gan-{d}", "gan", d, "genkit.gan:DCGAN",
                         "generative adversarial network: a generator and a discriminator play a min-max game",
                         f"A DCGAN (generator and discriminator) of {DATASET_WORDS[d]}, with one fully connected "
                         "hidden layer in each player (G: after z; D: before its logit)."))
    for d in ("mnist", "fashion"):
        out.append(Entry(f"diffusion-{d}", "diffusion", d, "genkit.unet:UNet",
                         "diffusion: noise an image step by step, learn to undo one step, generate from noise",
                         f"A U-Net denoiser (DDPM / DDIM) of {DATASET_WORDS[d]}, EMA weights, v-prediction "
                         "on the cosine schedule."))
    out.append(Entry("flow-mnist", "flow", "mnist", "genkit.flow:FlowUNet",
                     "flow matching (rectified flow): the straight path x_t = (1 - t) x0 + t eps, a network regresses "
                     "its velocity eps - x0; sampling follows it from the noise with a few Euler steps",
                     f"The U-Net of diffusion-mnist trained by flow matching on {DATASET_WORDS['mnist']}, with the "
                     "same budget; sampled by Euler or Heun steps; EMA weights."))
    words = {"scenes": "procedural scenes of coloured shapes", **DATASET_WORDS}
    for name, d in (("text2img-scenes", "scenes"), ("text2img-digits", "mnist"), ("text2img-fashion", "fashion")):
        out.append(Entry(name, "text2img", d, "genkit.text2img:TextToImage",
                         "text-to-image: a text encoder conditions a diffusion U-Net by cross-attention; "
                         "classifier-free guidance eps = eps_uncond + w (eps_cond - eps_uncond)",
                         f"A text-conditioned U-Net (DDIM, classifier-free guidance) of {words[d]}, with its word-level "
                         "text encoder trained jointly, English and French prompts, EMA weights."))
    out.append(Entry("clip-scenes", "clip", "scenes", "genkit.clip:CLIP",
                     "CLIP: an image encoder and a text encoder trained so that matching pairs are close on one "
                     "sphere (the N x N similarity matrix, a symmetric cross-entropy)",
                     "CLIP of procedural scenes: a small CNN and a word-level transformer projected to one "
                     "64-dimensional unit sphere, a learned temperature, captions in English and French."))
    out.append(Entry("prior-scenes", "prior", "scenes", "genkit.prior:DiffusionPrior",
                     "DALL-E 2's prior: P(z_i | y), from a caption's CLIP text embedding to a CLIP image embedding, "
                     "by diffusion (a transformer predicts the clean embedding)",
                     "The diffusion prior of DALL-E 2 over clip-scenes' embeddings: a 4-token transformer predicting "
                     "the clean image embedding, classifier-free guidance, EMA weights."))
    out.append(Entry("unclip-scenes", "unclip", "scenes", "genkit.unclip:UnCLIPDecoder",
                     "DALL-E 2's decoder: P(x | z_i), a diffusion U-Net conditioned on a CLIP image embedding "
                     "(variations of an image; with the prior, text-to-image)",
                     "The unCLIP decoder of procedural scenes: genkit's U-Net reading clip-scenes' image embedding "
                     "through its time embedding and four cross-attention tokens, classifier-free guidance, EMA "
                     "weights."))
    for size, shape in (("small", "2 layers x 64"), ("large", "4 layers x 128")):
        out.append(Entry(f"textlm-{size}", "textlm", "captions", "genkit.textlm:TextLM",
                         "Imagen's text encoder: pretrained on text alone (no image), to predict hidden words, "
                         "then frozen",
                         f"A masked-word language model ({shape}) trained on captions only, English and French; "
                         "its encoder is frozen inside text2img-scenes-" + size + ".", variant={"size": size}))
        out.append(Entry(f"text2img-scenes-{size}", "text2img", "scenes", "genkit.text2img:TextToImage",
                         "Imagen: a frozen text-only encoder read by the U-Net; the encoder's size matters",
                         f"A text-conditioned U-Net of procedural scenes (DDIM, classifier-free guidance) reading "
                         f"the frozen encoder of textlm-{size} ({shape}), the U-Net and budget of text2img-scenes.",
                         variant={"encoder": f"textlm-{size}"}))
    for encoder, base in (("", "text2img-scenes"), ("textlm-large", "text2img-scenes-large")):
        out.append(Entry(f"{base}-attn16", "text2img", "scenes", "genkit.text2img:TextToImage",
                         "Imagen: the text read at a finer scale (attention at 16x16 too), tried for relations: "
                         "single objects gain, relations do not",
                         f"{base} with attention (to itself and to the text's tokens) at 16x16 as well as at 8x8: "
                         "the same encoder, data and budget.",
                         variant={**({"encoder": encoder} if encoder else {}), "attn16": True}))
    out.append(Entry("sr-scenes-64", "superres", "scenes", "genkit.superres:SuperRes",
                     "Imagen's cascade: a diffusion model raises the resolution, conditioned on the smaller image",
                     "A super-resolution diffusion U-Net of procedural scenes, 32x32 -> 64x64: the low-resolution "
                     "image upsampled beside x_t (SR3), noise conditioning augmentation, EMA weights."))
    out.append(Entry("cyclegan-digits", "cyclegan", "mnist", "genkit.cyclegan:CycleGAN",
                     "CycleGAN: unpaired image-to-image translation; two generators and two discriminators, and "
                     "the cycle F(G(a)) ~ a that makes the translation keep its input",
                     "A small CycleGAN between handwritten digits (MNIST) and typeset digits rendered on the fly "
                     "(Pillow's bundled font, random size, slant, weight and position), never paired: residual "
                     "encoder-decoder generators, PatchGAN discriminators, least-squares loss, and a tiny "
                     "domain classifier (real A vs real B) that scores the translations' style."))
    return out


def _pinned() -> dict:
    return json.loads(REVISIONS_FILE.read_text()) if REVISIONS_FILE.exists() else {}


# name -> Entry; the revisions recorded by `python -m genkit.hub push` complete the entries
REGISTRY: dict[str, Entry] = {e.name: e for e in _entries()}
for _name, _rev in _pinned().items():
    if _name in REGISTRY:
        REGISTRY[_name] = dataclasses.replace(REGISTRY[_name], revision=_rev)


class CheckpointError(RuntimeError):
    """A checkpoint is missing or unreadable; the message says how to rebuild it."""


def entry(name: str) -> Entry:
    if name not in REGISTRY:
        raise CheckpointError(f"unknown checkpoint {name!r}; known: {', '.join(sorted(REGISTRY))}")
    return REGISTRY[name]


def rebuild_hint(name: str) -> str:
    e = REGISTRY.get(name)
    train = f"`{e.train_command}`" if e else "`python -m genkit.train ...`"
    return f"Rebuild it with {train}, or fetch it with `python -m genkit.hub pull --only {name}`."
