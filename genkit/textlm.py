"""Text-only pretraining: a masked-word language model trained on captions alone, then frozen (Imagen's lesson).

Lecture: "Imagen". Imagen's text encoder is T5, pretrained on text only ("Aucune image !") and frozen
while the diffusion model learns to read it. Here the same story, small: a transformer learns to guess
hidden words of captions, with no image anywhere, and the text-to-image U-Net is then trained on its
token vectors with its weights fixed (genkit/text2img.py, ``Text2ImgConfig.encoder``).

Which objective, and why: masked-word prediction (BERT, Devlin et al. 2019; T5's span corruption,
Raffel et al. 2020, is its multi-word cousin and what Imagen's encoder was trained with). The U-Net
reads every token's vector by cross-attention, so each vector should know the words on both sides:
in "a red circle", the vector of "red" should know that it colours a circle, which comes after it.
A next-word model (GPT) is causal: the vector of "red" would see only "a".

    input   a  [mask]  circle  on  the  left          15% of the words (at least one) -> [mask]
    target  -    red     -     -    -    -            cross-entropy on the hidden words only

The head that turns a vector back into a word is the token embedding itself (tied weights, as BERT),
so the model has one table of word vectors. The corpus is free: every sentence is drawn on the fly
from the captions' generators (genkit/scenes.py: single objects, relations, counts, synonyms, both
languages; the digits' and clothes' captions, with numerals: "the digit 7", "un 7 écrit à la main").

Symbols and shapes:
    B  sentences, L  tokens (max_len), D  width, V  vocabulary (id 0 padding, id 1 [mask])
    ids, mask (B, L);  tokens (B, L, D);  logits (B, L, V)
"""

import random
from dataclasses import dataclass, field

import torch
import torch.nn.functional as F
from torch import nn

from genkit import scenes
from genkit.text import PAD, TextEncoder, Tokenizer
from genkit.weights import GenkitModel

MASK = "[mask]"  # never typed: words() turns "[mask]" into "mask", so a user cannot produce this token
SIZES = {  # (layers, width, heads): the lecture's "encoder size" axis, from the joint encoder's size up
    "small": (2, 64, 4),
    "large": (6, 256, 8),
}


def corpus(n: int, rng: random.Random) -> list[str]:
    """n sentences: 70% scene captions (every kind, any variant, EN or FR), 30% digits' and clothes' captions."""
    out = []
    for _ in range(n):
        lang = rng.choice(("en", "fr"))
        if rng.random() < 0.7:
            out.append(scenes.caption(scenes.sample(1, rng)[0], lang, rng))
        else:
            out.append(scenes.digit_caption(rng.choice(("mnist", "fashion")), rng.randrange(10), lang, rng))
    return out


def vocabulary() -> list[str]:
    """Padding, [mask], then every word of the scenes', digits' and clothes' captions, sorted."""
    texts = scenes.vocabulary() + scenes.digit_vocabulary("mnist") + scenes.digit_vocabulary("fashion")
    return [PAD, MASK] + Tokenizer.build(texts).vocab[1:]


@dataclass
class TextLMConfig:
    vocab: list = field(default_factory=lambda: [PAD, MASK])  # id 0 padding, id 1 [mask]
    max_len: int = 16
    width: int = 64  # D
    layers: int = 2
    heads: int = 4
    mask_rate: float = 0.15  # share of the words hidden in each sentence (BERT's 15%)

    def __post_init__(self):
        self.vocab = list(self.vocab)
        if self.vocab[:2] != [PAD, MASK]:
            raise ValueError(f"the vocabulary must start with {PAD!r} and {MASK!r}")


class TextLM(nn.Module, GenkitModel):
    """genkit.text's TextEncoder and a tied head: masked words -> their logits over the vocabulary."""

    def __init__(self, config: TextLMConfig):
        super().__init__()
        self.config = cfg = config
        self.tokenizer = Tokenizer(cfg.vocab, cfg.max_len)
        self.encoder = TextEncoder(len(cfg.vocab), cfg.width, cfg.layers, cfg.heads, cfg.max_len)
        nn.init.normal_(self.encoder.token.weight, std=0.02)  # small, as BERT and GPT: the head reads this table
        self.bias = nn.Parameter(torch.zeros(len(cfg.vocab)))  # (V,)

    def logits(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """(B, L) -> (B, L, V): each position's vector against every word's embedding (the tied head)."""
        tokens, _ = self.encoder(ids, mask)  # (B, L, D)
        return tokens @ self.encoder.token.weight.T + self.bias  # (B, L, V)

    def forward(self, ids: torch.Tensor, mask: torch.Tensor, generator: torch.Generator | None = None):
        """The masked-word loss of a batch of sentences: hide, predict, cross-entropy on the hidden words."""
        inputs, targets = hide(ids, mask, self.config.mask_rate, generator)
        logits = self.logits(inputs, mask)  # (B, L, V)
        return F.cross_entropy(logits.flatten(0, 1), targets.flatten(), ignore_index=-100)


def hide(ids: torch.Tensor, mask: torch.Tensor, rate: float, generator: torch.Generator | None = None):
    """Choose `rate` of each sentence's words (at least one) -> (inputs with [mask] there, targets: the
    hidden ids there, -100 elsewhere)."""
    u = torch.rand(ids.shape, generator=generator).to(ids.device)  # (B, L)
    u = torch.where(mask, u, 2.0)  # padding is never chosen
    chosen = (u < rate) | (u == u.min(1, keepdim=True).values)  # (B, L): each row's smallest draw at least
    chosen &= mask
    inputs = torch.where(chosen, torch.ones_like(ids), ids)  # id 1 = [mask]
    targets = torch.where(chosen, ids, torch.full_like(ids, -100))
    return inputs, targets


@torch.no_grad()
def fill(model: TextLM, sentence: str, k: int = 5) -> list[list[tuple[str, float]]]:
    """Each blank of `sentence` (written "_") -> its k likeliest words with their probabilities."""
    from genkit.text import words

    pieces = [words(part) for part in sentence.split("_")]
    tokens = [w for i, part in enumerate(pieces) for w in ([MASK] if i else []) + part]
    unknown = [w for w in tokens if w not in model.tokenizer.ids]
    if unknown or MASK not in tokens:
        raise ValueError(f"unknown words: {', '.join(unknown)}" if unknown else "write a blank as _")
    x = torch.tensor([[model.tokenizer.ids[w] for w in tokens]])
    probs = model.eval().logits(x, x != 0).softmax(-1)[0]  # (L, V)
    out = []
    for pos in (i for i, w in enumerate(tokens) if w == MASK):
        p, idx = probs[pos].topk(k)
        out.append([(model.tokenizer.vocab[j], round(float(q), 4)) for q, j in zip(p, idx.tolist())])
    return out
