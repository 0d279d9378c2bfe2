"""CLIP: image and text embeddings learned together from matching pairs (DALL-E 2's first step).

Lecture: "DALL.E 2 - CLIP". From a batch of N (image, caption) pairs, CLIP maximizes the N
similarities of the matching pairs and minimizes the N^2 - N others. Afterwards an image and
a text that say the same thing are close in one shared space, which the prior and the decoder
of DALL-E 2 build on.

Reference: Radford et al. (2021), "Learning transferable visual models from natural language
supervision" (CLIP), Figure 3's pseudo-code, which `contrastive_loss` follows line by line:

    I_e = l2_normalize(I_f @ W_i)            # (N, E) the images' embeddings
    T_e = l2_normalize(T_f @ W_t)            # (N, E) the texts' embeddings
    logits = I_e @ T_e.T * exp(t)            # (N, N) scaled cosine similarities
    loss = (CE(logits, arange(N), axis=0) + CE(logits, arange(N), axis=1)) / 2

and its sec. 2.5: the temperature is learned as log(1/0.07) at the start, its scale clipped to 100.
Pair i's caption is the right answer among the N captions for image i (one cross-entropy over a
row), and image i among the N images for caption i (one over a column).

Here the images are the procedural scenes (genkit/scenes.py, 32x32, captions in English and
French) and the text encoder is genkit/text.py's. Two scenes of a batch may share a caption ("a
red circle"): each is then a wrong answer for the other, as in CLIP's own web batches; with
thousands of possible captions this is rare and only adds a little noise.

Symbols and shapes:
    N  pairs in a batch, E  width of the shared embedding
    images (N, 3, 32, 32) in [0, 1];  ids, mask (N, L) from genkit.text.Tokenizer.batch
    z_img, z_txt (N, E) of unit norm;  logits (N, N): logits[i, j] = scale * cos(image i, caption j)
"""

import math
from dataclasses import dataclass, field

import torch
import torch.nn.functional as F
from torch import nn

from genkit.text import TextEncoder, Tokenizer
from genkit.weights import GenkitModel

MAX_SCALE = 100.0  # CLIP clips exp(t) to 100 so that the softmax cannot become arbitrarily sharp


@dataclass
class CLIPConfig:
    vocab: list = field(default_factory=lambda: ["<pad>"])  # the tokenizer's words, id 0 = padding
    max_len: int = 16  # tokens per caption (longer ones are refused)
    text_width: int = 64  # the text encoder (genkit/text.py)
    text_layers: int = 2
    heads: int = 4
    channels: int = 32  # the image encoder's first width (then x2, x4)
    embed: int = 64  # E, the shared embedding

    def __post_init__(self):
        self.vocab = list(self.vocab)


class ImageEncoder(nn.Module):
    """(N, 3, 32, 32) -> (N, E): four convolutions, three of them stride 2 (32 -> 16 -> 8 -> 4), then a linear map
    of the whole 4x4 grid (flattened, not averaged: "a circle left of a square" needs to know where things are)."""

    def __init__(self, channels: int, embed: int):
        super().__init__()
        c = channels

        def down(c_in, c_out):  # halves the side
            return [nn.Conv2d(c_in, c_out, 3, stride=2, padding=1), nn.GroupNorm(8, c_out), nn.GELU()]

        self.net = nn.Sequential(nn.Conv2d(3, c, 3, padding=1), nn.GELU(), *down(c, c), *down(c, 2 * c),
                                 *down(2 * c, 4 * c))
        self.head = nn.Linear(4 * c * 4 * 4, embed)  # W_i of the pseudo-code (with the features before it)

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        return self.head(self.net(images * 2 - 1).flatten(1))  # (N, 4c, 4, 4) -> (N, E)


class CLIP(nn.Module, GenkitModel):
    """The two encoders, their projections to one sphere, and the learned temperature t."""

    def __init__(self, config: CLIPConfig):
        super().__init__()
        self.config = cfg = config
        self.tokenizer = Tokenizer(cfg.vocab, cfg.max_len)
        self.image = ImageEncoder(cfg.channels, cfg.embed)
        self.text = TextEncoder(len(cfg.vocab), cfg.text_width, cfg.text_layers, cfg.heads, cfg.max_len)
        self.text_proj = nn.Linear(cfg.text_width, cfg.embed, bias=False)  # W_t
        self.log_scale = nn.Parameter(torch.tensor(math.log(1 / 0.07)))  # t, learned

    def embed_images(self, images: torch.Tensor) -> torch.Tensor:
        """(N, 3, 32, 32) -> z_img (N, E), unit norm."""
        return F.normalize(self.image(images), dim=-1)

    def embed_texts(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """(N, L) ids and mask -> z_txt (N, E), unit norm: the text encoder's pooled vector, projected."""
        _, pooled = self.text(ids, mask)  # (N, D)
        return F.normalize(self.text_proj(pooled), dim=-1)

    def embed_captions(self, captions: list[str]) -> torch.Tensor:
        """captions -> z_txt (N, E). Unknown words are ignored (`tokenizer.encode` lists them); a caption with no
        known word has no embedding: ValueError."""
        if isinstance(captions, str) or not captions:
            raise ValueError("give a non-empty list of captions")
        ids, mask = self.tokenizer.batch(captions)
        empty = [c for c, m in zip(captions, mask.any(1).tolist()) if not m]
        if empty:
            raise ValueError(f"caption {empty[0]!r} has no word of the vocabulary")
        device = self.log_scale.device
        return self.embed_texts(ids.to(device), mask.to(device))

    def scale(self) -> torch.Tensor:
        """exp(t), at most MAX_SCALE."""
        return self.log_scale.clamp(max=math.log(MAX_SCALE)).exp()

    def logits(self, z_img: torch.Tensor, z_txt: torch.Tensor) -> torch.Tensor:
        """(N, E), (M, E) -> (N, M): scale * cosine similarity of every image with every caption."""
        return self.scale() * z_img @ z_txt.T

    def forward(self, images: torch.Tensor, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """The contrastive loss of a batch of N matching pairs (pair i: images[i] and caption i)."""
        return contrastive_loss(self.logits(self.embed_images(images), self.embed_texts(ids, mask)))


def contrastive_loss(logits: torch.Tensor) -> torch.Tensor:
    """(N, N) logits of N matching pairs (the diagonal) -> the symmetric cross-entropy of CLIP's Figure 3:
    each image must pick its caption among the N (rows), each caption its image among the N (columns)."""
    labels = torch.arange(logits.shape[0], device=logits.device)  # pair i matches column i and row i
    return (F.cross_entropy(logits, labels) + F.cross_entropy(logits.T, labels)) / 2


@torch.no_grad()
def zero_shot(model: CLIP, images: torch.Tensor, captions: list[str]) -> torch.Tensor:
    """CLIP as a classifier with no classifier trained: (N, 3, 32, 32) and K candidate captions -> (N, K)
    probabilities, the softmax over the K scaled similarities of each image (Radford et al., sec. 3.1.2)."""
    return model.logits(model.embed_images(images), model.embed_captions(captions)).softmax(-1)


@torch.no_grad()
def retrieval_accuracy(model: CLIP, images: torch.Tensor, ids: torch.Tensor, mask: torch.Tensor) -> tuple[float, float]:
    """(image -> caption, caption -> image) top-1 accuracy within the batch: how often the best match is the
    pair's own. Chance is 1/N. A caption shared by two scenes counts as right for either."""
    logits = model.logits(model.embed_images(images), model.embed_texts(ids, mask))  # (N, N)
    same = (ids[:, None, :] == ids[None, :, :]).all(-1)  # (N, N): captions i and j are the same words
    image_to_text = same[torch.arange(len(ids)), logits.argmax(1)].float().mean().item()
    text_to_image = same[logits.argmax(0), torch.arange(len(ids))].float().mean().item()
    return image_to_text, text_to_image
