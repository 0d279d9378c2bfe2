"""Text-to-image: a conditional U-Net, a text encoder (trained with it, or pretrained and frozen), classifier-free guidance.

References:
  Ho & Salimans (2022), "Classifier-free diffusion guidance": one model trained with
    and without its condition (the caption dropped with probability p_uncond), and at
    sampling time eps = eps_uncond + w * (eps_cond - eps_uncond) (their eq. 6 written
    with w = 1 + their w: w = 0 is unconditional, w = 1 conditional, w > 1 guided).
  Peebles & Xie (2023), "DiT": the dropped condition is a learned null embedding (token_drop).
  Saharia et al. (2022), "Imagen": text tokens read by cross-attention, the pooled text
    vector added to the time embedding (sec. 2.1, appendix F), dynamic thresholding (sec. 2.3).
  Rombach et al. (2022), "Latent diffusion" (sec. 3.3): cross-attention conditioning.

API (a UI calls these): `TextToImage.cond(prompts)`, `.null_cond(batch)`, `.unknown_words(prompt)`;
`steps(model, prompts, w, steps=25, seed=0, eta=0.0, dynamic_threshold=None)` yields samplers.Step;
`generate(...)` -> (B, C, H, W) in [0, 1]; `guidance_parts(model, prompt, w, at_step)` -> the three eps.
Bad input: w outside [0, 50], an empty list of prompts, a prompt of more than max_len known words
raise ValueError with the reason.

The null condition is one learned token (at position 0, the rest masked) and one learned
pooled vector: an empty prompt, or a prompt with no known word, gets it, which is the
unconditional model (documented behaviour, see `cond`). Unknown words are ignored and
reported by `unknown_words`.
"""

import dataclasses
from dataclasses import dataclass, field

import torch
from torch import nn

from genkit.diffusion import predict_x0, to_eps_x0
from genkit.samplers import ddim_steps, schedule_of
from genkit.text import TextEncoder, Tokenizer
from genkit.unet import UNetConfig
from genkit.weights import GenkitModel


def _plain(d: dict) -> dict:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in d.items()}  # JSON-like: equal after a round trip


@dataclass
class Text2ImgConfig:
    vocab: list = field(default_factory=lambda: ["<pad>"])  # the tokenizer's words, id 0 = padding
    max_len: int = 16  # tokens per prompt (longer prompts are refused)
    text_width: int = 64  # D: width of the text encoder = the U-Net's cond_dim
    text_layers: int = 2  # transformer blocks of the text encoder
    text_heads: int = 4  # attention heads of the text encoder
    p_uncond: float = 0.15  # caption dropout: share of training captions swapped for the null condition
    dataset: str = "scenes"  # what it was trained on: scenes, mnist or fashion (the captions differ)
    encoder: str = ""  # "": the text encoder is trained with the U-Net; else the frozen textlm checkpoint it copies
    unet: dict = field(default_factory=dict)  # UNetConfig fields (cond_dim is set to text_width)

    def __post_init__(self):
        self.vocab = list(self.vocab)
        self.unet = _plain(dataclasses.asdict(self.unet_config()))
        if not 0 <= self.p_uncond < 1:
            raise ValueError(f"p_uncond must be in [0, 1), not {self.p_uncond}")

    def unet_config(self) -> UNetConfig:
        unet = dataclasses.asdict(self.unet) if isinstance(self.unet, UNetConfig) else dict(self.unet)
        return UNetConfig(**{**unet, "cond_dim": self.text_width})


def content_words(config: Text2ImgConfig) -> list[str]:
    """TextToImage.content_words from the configuration alone (the browser's page lists them without the weights)."""
    from genkit import scenes
    from genkit.text import words

    texts = scenes.vocabulary() if config.dataset == "scenes" else scenes.digit_vocabulary(config.dataset)
    seen = {w for text in texts for w in words(text)}
    return [w for w in config.vocab[1:] if w in seen and w not in scenes.FUNCTION_WORDS]


class TextToImage(nn.Module, GenkitModel):
    """The U-Net (cond_dim = text width), the text encoder and the learned null condition.

    model(xt, t, cond) is the U-Net's forward, so the samplers and diffusion.loss take it as is.
    """

    def __init__(self, config: Text2ImgConfig):
        super().__init__()
        from genkit.unet import UNet

        self.config = cfg = config
        self.tokenizer = Tokenizer(cfg.vocab, cfg.max_len)
        self.text = TextEncoder(len(cfg.vocab), cfg.text_width, cfg.text_layers, cfg.text_heads, cfg.max_len)
        self.unet = UNet(cfg.unet_config())
        if cfg.encoder:  # Imagen: pretrained on text alone, then frozen; only the U-Net and null condition learn
            self.text.requires_grad_(False)
        self.null_token = nn.Parameter(torch.randn(cfg.text_width) * 0.02)  # (D,) the null caption's token
        self.null_pooled = nn.Parameter(torch.randn(cfg.text_width) * 0.02)  # (D,) and its pooled vector

    def forward(self, xt: torch.Tensor, t: torch.Tensor, cond=None) -> torch.Tensor:
        return self.unet(xt, t, cond=cond)

    def unknown_words(self, prompt: str) -> list[str]:
        """The words of `prompt` outside the vocabulary: the model ignores them."""
        return self.tokenizer.encode(prompt)[1]

    def content_words(self) -> list[str]:
        """The words of its image captions that name something (a shape, a colour, a digit ...): not the
        templates' articles and prepositions (scenes.FUNCTION_WORDS), nor words a frozen encoder learned from
        text alone and the U-Net never saw under an image."""
        return content_words(self.config)

    def null_cond(self, batch: int) -> dict:
        """The unconditional condition for `batch` images: pooled (B, D), tokens (B, L, D), mask (B, L)."""
        L, D = self.config.max_len, self.config.text_width
        first = torch.arange(L, device=self.null_token.device) == 0  # (L,): True at position 0 only
        tokens = (first[:, None] * self.null_token).expand(batch, L, D)  # (B, L, D): the null token, then zeros
        mask = first.expand(batch, L)  # (B, L): only the null token is read
        return {"pooled": self.null_pooled.expand(batch, D), "tokens": tokens, "mask": mask}

    def cond(self, prompts: list[str], drop: torch.Tensor | None = None) -> dict:
        """prompts -> dict(pooled (B, D), tokens (B, L, D), mask (B, L)).

        A prompt with no known word (empty, or only unknown words) gets the null condition, i.e.
        the unconditional model. `drop` (B,) bool swaps in the null condition for those rows
        (caption dropout during training, DiT's token_drop).
        """
        if isinstance(prompts, str):
            raise TypeError("cond takes a list of prompts, not a single string")
        ids, _ = self.tokenizer.batch(prompts)  # (B, L)
        return self.cond_of_ids(ids.to(self.null_token.device), drop)

    def cond_of_ids(self, ids: torch.Tensor, drop: torch.Tensor | None = None) -> dict:
        """Token ids (B, L), 0 for padding -> the condition of `cond` (genkit.export traces this half: a browser
        tokenizes with the same vocabulary, and the graph does the rest)."""
        device = ids.device
        mask = ids != 0  # (B, L)
        empty = ~mask.any(1)  # (B,)
        drop = empty if drop is None else (drop.to(device) | empty)
        mask_in = mask | empty[:, None] & (torch.arange(mask.shape[1], device=device) == 0)  # no all-padding row
        tokens, pooled = self.text(ids, mask_in)  # (B, L, D), (B, D)
        null = self.null_cond(ids.shape[0])
        return {"pooled": torch.where(drop[:, None], null["pooled"], pooled),
                "tokens": torch.where(drop[:, None, None], null["tokens"], tokens),
                "mask": drop[:, None] & null["mask"] | ~drop[:, None] & mask}  # torch.where on booleans, spelled out


# ----------------------------------------------------------------------------- sampling


def thresholded(x0: torch.Tensor, p: float = 0.995) -> torch.Tensor:
    """Imagen's dynamic thresholding (sec. 2.3): s = the p-quantile of |x0| per image (at least 1),
    then x0 = clamp(x0, -s, s) / s. With s = 1 it is the usual clipping to [-1, 1]."""
    if not 0 < p <= 1:
        raise ValueError(f"the percentile p must be in (0, 1], not {p}")
    s = x0.flatten(1).abs().float().quantile(p, dim=1).clamp(min=1).to(x0.dtype)  # (B,)
    s = s.view(-1, *([1] * (x0.dim() - 1)))  # (B, 1, 1, 1)
    return x0.clamp(-s, s) / s


def _check_w(w: float) -> float:
    w = float(w)
    if not 0 <= w <= 50:
        raise ValueError(f"guidance w must be between 0 and 50, not {w} (0: unconditional, 1: conditional)")
    return w


def guided_steps(model: TextToImage, prompts: list[str], w: float, steps: int = 25, seed: int = 0, eta: float = 0.0,
                 dynamic_threshold: float | None = None, x_T: torch.Tensor | None = None):
    """(also `steps`) DDIM with classifier-free guidance, yielding a samplers.Step per step (x_t and x0 in [-1, 1]).

    w: guidance weight, eps = eps_uncond + w * (eps_cond - eps_uncond); dynamic_threshold: Imagen's
    percentile p (e.g. 0.995) instead of clipping x0 to [-1, 1]; x_T: the starting noise (B, C, H, W) instead of
    the seed's (the browser's twin draws it with export.portable_noise).
    """
    if isinstance(prompts, str) or not prompts:
        raise ValueError("give a non-empty list of prompts (one image per prompt)")
    model.eval()
    w, ucfg = _check_w(w), model.unet.config
    clip = True if dynamic_threshold is None else (lambda x0: thresholded(x0, dynamic_threshold))
    gen = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        cond, null = model.cond(prompts), model.null_cond(1)
    shape = (len(prompts), ucfg.image_channels, ucfg.image_size, ucfg.image_size)
    yield from ddim_steps(model, schedule_of(model.unet), shape, steps=steps, eta=eta, generator=gen,
                          x_T=x_T, cond=cond, null_cond=null, w=w, target=ucfg.target, clip_x0=clip)


steps = guided_steps  # the public name; the functions below have an argument called `steps`


def generate(model: TextToImage, prompts: list[str], w: float, steps: int = 25, seed: int = 0, **kwargs) -> torch.Tensor:
    """One image per prompt -> (B, C, H, W) in [0, 1] on the CPU. kwargs: eta, dynamic_threshold."""
    last = None
    for last in guided_steps(model, prompts, w, steps, seed, **kwargs):
        pass
    return ((last.x_prev.float().cpu() + 1) / 2).clamp(0, 1)


@torch.no_grad()
def guidance_parts(model: TextToImage, prompt: str, w: float, at_step: int, steps: int = 25, seed: int = 0) -> dict:
    """Inside guidance: at DDIM step `at_step` of the guided run, the three noise predictions.

    -> dict(t, xt (1, C, H, W), eps_uncond, eps_cond, eps_guided = eps_uncond + w (eps_cond - eps_uncond)).
    """
    if not 0 <= at_step < steps:
        raise ValueError(f"at_step must be between 0 and steps - 1 = {steps - 1}, not {at_step}")
    for step in guided_steps(model, [prompt], w, steps, seed):
        if step.i == at_step:
            break
    xt, schedule, target = step.xt, schedule_of(model.unet), model.unet.config.target
    t = torch.full((1,), step.t, dtype=torch.long, device=xt.device)
    out_uncond = model(xt, t, cond=model.null_cond(1))
    out_cond = model(xt, t, cond=model.cond([prompt]))
    eps_uncond, _ = to_eps_x0(schedule, xt, t, out_uncond, target)
    eps_cond, _ = to_eps_x0(schedule, xt, t, out_cond, target)
    eps_guided = eps_uncond + w * (eps_cond - eps_uncond)
    return {"t": step.t, "xt": xt, "eps_uncond": eps_uncond, "eps_cond": eps_cond, "eps_guided": eps_guided,
            "x0_guided": predict_x0(schedule, xt, t, eps_guided)}
