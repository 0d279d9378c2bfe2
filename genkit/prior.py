"""The prior of DALL-E 2: from a caption's CLIP text embedding to a CLIP image embedding, by diffusion.

Lecture: "DALL.E - Cartographie sémantique". CLIP puts a caption and its images near each other on one
sphere, but not at the same point: a text embedding is not an image embedding. The prior learns
P(z_i | y), the image embeddings that go with a caption y, so that the decoder, which turns an
image embedding into pixels, can draw from a caption. Training, in the lecture's three steps:
(1) embed the caption with CLIP (z_t, frozen), (2) diffuse toward the CLIP-embedded, noised image
embedding (q(z_i,t | z_i) of genkit/diffusion.py on a vector instead of an image), (3) a transformer
predicts the clean image embedding z_i from the noised one, the text embedding and the time.

Reference: Ramesh et al. (2022), "Hierarchical text-conditional image generation with CLIP latents"
(DALL-E 2 / unCLIP), sec. 2.2: a decoder-only transformer over a sequence (the text embedding, the
timestep's embedding, the noised image embedding, a final token whose output is the prediction),
trained to predict the unnoised z_i directly with a mean squared error,

    L_prior = E_{t, z_i, eps} || f_theta(z_i,t, t, z_t) - z_i ||^2,

the text embedding dropped 10% of the time so that sampling can use classifier-free guidance
(the one formula of genkit/samplers.py, on the network's prediction). Here the four tokens attend
to each other (no causal mask: the sequence is too short for the order to matter), we leave out
the caption's token sequence and keep its pooled CLIP embedding, and the image embedding is
scaled by sqrt(E) so that each of its E components has unit variance like the noise. A
prediction is put back on that sphere at each step (`on_sphere`), as CLIP's embeddings live there.

Symbols and shapes:
    B batch, E width of CLIP's embedding, W width of the prior's transformer
    z_txt (B, E) unit norm;  z_img (B, E) unit norm;  x = sqrt(E) z_img, the diffused variable (B, E)

API: `DiffusionPrior(config)`, `prior(x_t, t, cond)` -> the predicted clean x (B, E), `.cond(z_txt, drop)`,
`.null_cond(batch)`; `steps(prior, z_txt, w, steps=25, seed=0)` yields samplers.Step (on x);
`sample(...)` -> z_img (B, E) of unit norm.
"""

import math
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

from genkit.diffusion import make_schedule
from genkit.layers import TimeEmbedding
from genkit.samplers import ddim_steps
from genkit.text import Block
from genkit.weights import GenkitModel


@dataclass
class PriorConfig:
    embed: int = 64  # E: CLIP's embedding width (the checkpoint of `clip` below)
    width: int = 128  # W: the transformer's width
    layers: int = 4  # transformer blocks
    heads: int = 4  # attention heads
    p_uncond: float = 0.1  # share of training captions swapped for the learned null embedding
    schedule: str = "cosine"  # noise schedule of genkit/diffusion.py
    T: int = 1000  # diffusion steps
    clip: str = "clip-scenes"  # the CLIP checkpoint whose embeddings it maps


class DiffusionPrior(nn.Module, GenkitModel):
    """f_theta(x_t, t, z_txt) -> x0 (B, E): four tokens (text, time, noised image, query), pre-norm blocks."""

    target = "x0"  # what the network predicts (genkit.diffusion.TARGETS)

    def __init__(self, config: PriorConfig):
        super().__init__()
        self.config = cfg = config
        self.text_in = nn.Linear(cfg.embed, cfg.width)  # the text embedding's token
        self.time_in = TimeEmbedding(cfg.width, cfg.width)  # the timestep's token
        self.x_in = nn.Linear(cfg.embed, cfg.width)  # the noised image embedding's token
        self.query = nn.Parameter(torch.randn(cfg.width) * 0.02)  # the final token, read out
        self.position = nn.Parameter(torch.randn(4, cfg.width) * 0.02)
        self.blocks = nn.ModuleList(Block(cfg.width, cfg.heads) for _ in range(cfg.layers))
        self.ln = nn.LayerNorm(cfg.width)
        self.out = nn.Linear(cfg.width, cfg.embed)
        self.null_text = nn.Parameter(torch.randn(cfg.embed) * 0.02)  # (E,) the dropped caption's embedding

    def forward(self, x_t: torch.Tensor, t: torch.Tensor, cond: torch.Tensor) -> torch.Tensor:
        B = x_t.shape[0]
        seq = torch.stack([self.text_in(cond), self.time_in(t), self.x_in(x_t), self.query.expand(B, -1)], 1)
        h = seq + self.position  # (B, 4, W)
        every = torch.ones(B, 4, dtype=torch.bool, device=x_t.device)  # no padding
        for block in self.blocks:
            h = block(h, every)  # (B, 4, W)
        return self.out(self.ln(h[:, -1]))  # (B, E): the query token's output, the predicted clean x

    def cond(self, z_txt: torch.Tensor, drop: torch.Tensor | None = None) -> torch.Tensor:
        """z_txt (B, E), with the rows of `drop` (B,) bool swapped for the null embedding (caption dropout)."""
        if drop is None:
            return z_txt
        return torch.where(drop.to(z_txt.device)[:, None], self.null_text.to(z_txt.dtype), z_txt)

    def null_cond(self, batch: int) -> torch.Tensor:
        """The unconditional condition (B, E): the learned null embedding, for every row."""
        return self.null_text.expand(batch, -1)

    def scale(self) -> float:
        """sqrt(E): z_img (unit norm) * sqrt(E) has components of unit variance, like the noise."""
        return math.sqrt(self.config.embed)

    def on_sphere(self, x0: torch.Tensor) -> torch.Tensor:
        """A prediction put back on the sphere of radius sqrt(E), where sqrt(E) z_img lives."""
        return F.normalize(x0, dim=-1) * self.scale()


def prior_steps(prior: DiffusionPrior, z_txt: torch.Tensor, w: float = 1.0, steps: int = 25, seed: int = 0):
    """DDIM on the image embedding, guided: x0 = x0_uncond + w (x0_cond - x0_uncond), yielding samplers.Step
    (x_t and x0 are sqrt(E) times an embedding; the last x_prev is the sample). w = 0: no caption, w = 1:
    the caption's prior, w > 1 guided."""
    if not 0 <= float(w) <= 50:
        raise ValueError(f"guidance w must be between 0 and 50, not {w}")
    prior.eval()
    gen = torch.Generator().manual_seed(seed)
    schedule = make_schedule(prior.config.schedule, prior.config.T)
    shape = (z_txt.shape[0], prior.config.embed)
    yield from ddim_steps(prior, schedule, shape, steps=steps, generator=gen, cond=z_txt, null_cond=prior.null_cond(1),
                          w=float(w), target=prior.target, clip_x0=prior.on_sphere)


steps = prior_steps  # the public name; `sample` below has an argument called `steps`


def sample(prior: DiffusionPrior, z_txt: torch.Tensor, w: float = 1.0, steps: int = 25, seed: int = 0) -> torch.Tensor:
    """z_txt (B, E) -> sampled image embeddings z_img (B, E) of unit norm."""
    last = None
    for last in prior_steps(prior, z_txt, w, steps, seed):
        pass
    return F.normalize(last.x_prev, dim=-1)
