"""The decoder of DALL-E 2 (unCLIP): a diffusion U-Net that draws an image from its CLIP image embedding.

Lecture: "DALL.E - GLIDE et modèles de diffusion": from one image, make several that resemble it.
The image's CLIP embedding z_i keeps what CLIP needed to match it with its caption (the colour,
the shape, where it is); the decoder learns P(x | z_i) and fills in the rest, so that decoding
the same z_i from different noise gives variations, and decoding the z_i that the prior
(genkit/prior.py) sampled from a caption y gives text-to-image: P(x | y) = P(x | z_i) P(z_i | y)
("Wrap-it up!"; unCLIP's decoder may also read y, ours reads z_i only).

Reference: Ramesh et al. (2022), "Hierarchical text-conditional image generation with CLIP latents",
sec. 2.1: GLIDE's U-Net with the CLIP embedding projected and added to the timestep embedding, and
projected into four extra tokens of context for the cross-attention; the embedding dropped 10% of
the time (set to a learned null), for classifier-free guidance. Here that U-Net is genkit/unet.py's,
the same one text-to-image uses (pooled vector -> time embedding, tokens -> cross-attention), and
the sampler is genkit/samplers.py's DDIM with its one guidance formula
eps = eps_uncond + w * (eps_cond - eps_uncond).

Symbols and shapes: z_img (B, E) unit norm (CLIP's); D the U-Net's cond_dim; K extra tokens;
cond = dict(pooled (B, D), tokens (B, K, D), mask (B, K)); images (B, 3, 32, 32) in [-1, 1] inside.

API: `UnCLIPDecoder(config)`, `.cond(z_img, drop)`, `.null_cond(batch)`, `decoder(x_t, t, cond)` the U-Net;
`steps(decoder, z_img, w, steps=25, seed=0)` yields samplers.Step; `generate(...)` -> images in [0, 1];
`from_text(prior, decoder, z_txt, ...)` the whole of DALL-E 2 after CLIP; `slerp(a, b, s)` between embeddings.
"""

import dataclasses
from dataclasses import dataclass, field

import torch
import torch.nn.functional as F
from torch import nn

from genkit.samplers import ddim_steps, schedule_of
from genkit.unet import UNet, UNetConfig
from genkit.weights import GenkitModel


@dataclass
class UnCLIPConfig:
    embed: int = 64  # E: CLIP's embedding width
    tokens: int = 4  # K: extra cross-attention tokens made from z_img (unCLIP: 4)
    cond_dim: int = 64  # D: width of the condition's vectors in the U-Net
    p_uncond: float = 0.1  # share of training embeddings swapped for the learned null condition
    clip: str = "clip-scenes"  # the CLIP checkpoint whose image embeddings it decodes
    unet: dict = field(default_factory=dict)  # UNetConfig fields (cond_dim is set from cond_dim)

    def __post_init__(self):
        unet = dataclasses.asdict(self.unet) if isinstance(self.unet, UNetConfig) else dict(self.unet)
        unet = dataclasses.asdict(UNetConfig(**{**unet, "cond_dim": self.cond_dim}))
        self.unet = {k: list(v) if isinstance(v, tuple) else v for k, v in unet.items()}  # JSON-like

    def unet_config(self) -> UNetConfig:
        return UNetConfig(**self.unet)


class UnCLIPDecoder(nn.Module, GenkitModel):
    """The U-Net and the two projections of z_img: to the time embedding's pooled vector and to K tokens."""

    def __init__(self, config: UnCLIPConfig):
        super().__init__()
        self.config = cfg = config
        self.unet = UNet(cfg.unet_config())
        self.to_pooled = nn.Linear(cfg.embed, cfg.cond_dim)  # added to the time embedding (through the U-Net's)
        self.to_tokens = nn.Linear(cfg.embed, cfg.tokens * cfg.cond_dim)  # K tokens of context
        self.null_pooled = nn.Parameter(torch.randn(cfg.cond_dim) * 0.02)
        self.null_tokens = nn.Parameter(torch.randn(cfg.tokens, cfg.cond_dim) * 0.02)

    def forward(self, xt: torch.Tensor, t: torch.Tensor, cond=None) -> torch.Tensor:
        return self.unet(xt, t, cond=cond)

    def null_cond(self, batch: int) -> dict:
        K, D = self.config.tokens, self.config.cond_dim
        mask = torch.ones(batch, K, dtype=torch.bool, device=self.null_tokens.device)
        return {"pooled": self.null_pooled.expand(batch, D), "tokens": self.null_tokens.expand(batch, K, D), "mask": mask}

    def cond(self, z_img: torch.Tensor, drop: torch.Tensor | None = None) -> dict:
        """z_img (B, E) -> the U-Net's condition; rows of `drop` (B,) bool get the null condition."""
        B, K, D = z_img.shape[0], self.config.tokens, self.config.cond_dim
        pooled, tokens = self.to_pooled(z_img), self.to_tokens(z_img).view(B, K, D)  # (B, D), (B, K, D)
        null = self.null_cond(B)
        if drop is not None:
            drop = drop.to(z_img.device)
            pooled = torch.where(drop[:, None], null["pooled"], pooled)
            tokens = torch.where(drop[:, None, None], null["tokens"], tokens)
        return {"pooled": pooled, "tokens": tokens, "mask": null["mask"]}


def decoder_steps(decoder: UnCLIPDecoder, z_img: torch.Tensor, w: float = 3.0, steps: int = 25, seed: int = 0,
                  x_T: torch.Tensor | None = None):
    """DDIM from noise (or x_T) to images of the embeddings z_img (B, E), guided by w; yields samplers.Step."""
    if not 0 <= float(w) <= 50:
        raise ValueError(f"guidance w must be between 0 and 50, not {w} (0: unconditional, 1: conditional)")
    decoder.eval()
    ucfg = decoder.unet.config
    gen = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        cond, null = decoder.cond(z_img), decoder.null_cond(1)
    shape = None if x_T is not None else (z_img.shape[0], ucfg.image_channels, ucfg.image_size, ucfg.image_size)
    yield from ddim_steps(decoder, schedule_of(decoder.unet), shape, steps=steps, generator=gen, x_T=x_T, cond=cond,
                          null_cond=null, w=float(w), target=ucfg.target)


steps = decoder_steps  # the public name; `generate` below has an argument called `steps`


def generate(decoder: UnCLIPDecoder, z_img: torch.Tensor, w: float = 3.0, steps: int = 25, seed: int = 0,
             x_T: torch.Tensor | None = None) -> torch.Tensor:
    """One image per embedding -> (B, 3, H, W) in [0, 1] on the CPU."""
    last = None
    for last in decoder_steps(decoder, z_img, w, steps, seed, x_T):
        pass
    return ((last.x_prev.float().cpu() + 1) / 2).clamp(0, 1)


def from_text(prior, decoder: UnCLIPDecoder, z_txt: torch.Tensor, w_prior: float = 1.0, w_decoder: float = 3.0,
              steps: int = 25, seed: int = 0) -> torch.Tensor:
    """P(x | y) = P(x | z_i) P(z_i | y) ("Wrap-it up!"): CLIP text embeddings (B, E) -> the prior samples an image
    embedding for each -> the decoder draws it. -> images (B, 3, H, W) in [0, 1]."""
    from genkit.prior import sample

    return generate(decoder, sample(prior, z_txt, w_prior, steps, seed), w_decoder, steps, seed)


def slerp(a: torch.Tensor, b: torch.Tensor, s: float) -> torch.Tensor:
    """Spherical interpolation of unit vectors (E,) or (B, E): the point at fraction s of the great circle from a
    to b (Shoemake 1985), which stays on CLIP's sphere where a straight line would cut inside it."""
    a, b = F.normalize(a, dim=-1), F.normalize(b, dim=-1)
    omega = (a * b).sum(-1, keepdim=True).clamp(-1, 1).acos()  # the angle between them
    if float(omega.min()) < 1e-4:  # (almost) the same direction: the straight line is the arc
        return F.normalize((1 - s) * a + s * b, dim=-1)
    return (torch.sin((1 - s) * omega) * a + torch.sin(s * omega) * b) / torch.sin(omega)
