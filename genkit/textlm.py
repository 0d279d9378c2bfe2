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

    input   a  [mask]  circle  on  the  left          15% of the words (at least one) chosen: 80% -> [mask],
    target  a   red    circle  on  the  left          10% a random word, 10% left; every position says its word

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
    "large": (4, 128, 4),
}


# What text alone can teach about a word is the company it keeps. In the captions every colour fits every
# place another colour fits ("a _ circle"), so a model of the captions alone learns that red and blue are the
# same word (their vectors at cosine 0.999: measured, the first try). Web text tells them apart because the
# sky is blue and blood is red; these few sentences of such facts, in both languages, play that part.
FACTS = {
    "en": {
        "red": ["blood", "fire", "a tomato", "a strawberry"], "green": ["grass", "a leaf", "a frog", "a pea"],
        "blue": ["the sky", "the sea", "a sapphire"], "yellow": ["the sun", "a banana", "a lemon"],
        "white": ["snow", "milk", "a cloud"], "purple": ["a plum", "lavender", "an aubergine"],
        "circle": ["a wheel", "a coin", "the full moon"], "square": ["a window", "a tile", "a chessboard"],
        "triangle": ["a roof", "a slice of pizza", "a pyramid"], "diamond": ["a kite", "a rhombus"],
        "cross": ["a plus sign", "a crossroads"],
    },
    "fr": {
        "rouge": ["le sang", "le feu", "une tomate", "une fraise"], "vert": ["le gazon", "un pois"],
        "verte": ["l'herbe", "une feuille", "une grenouille"], "bleu": ["le ciel", "un saphir"],
        "bleue": ["la mer"], "jaune": ["le soleil", "une banane", "un citron"], "blanc": ["le lait", "un nuage"],
        "blanche": ["la neige"], "violet": ["le raisin"], "violette": ["une prune", "la lavande"],
        "cercle": ["une roue", "une pièce", "la pleine lune"], "carré": ["une fenêtre", "un carreau"],
        "triangle": ["un toit", "une part de pizza", "une pyramide"], "losange": ["un cerf-volant"],
        "croix": ["un signe plus", "un carrefour"],
    },
}
EN_FACT = ["{thing} is {word}", "{thing} looks like a {word}"]  # colours, shapes
FR_FACT = ["{thing} est {word}", "{thing} ressemble à un {word}", "{thing} ressemble à une {word}"]
RELATIONS_TEXT = {"en": ["left is the opposite of right", "the top is above the bottom", "the centre is the middle",
                         "small is the opposite of big", "little means small", "large means big",
                         "above is the opposite of below"],
                  "fr": ["la gauche est le contraire de la droite", "le haut est au-dessus du bas",
                         "le centre est le milieu", "petit est le contraire de grand", "au-dessus est le contraire "
                         "de au-dessous"]}


def fact(rng: random.Random, lang: str) -> str:
    """One sentence of world knowledge: a thing's colour or shape, an opposite, or a number ("7 is seven")."""
    from genkit.data import CLASSES

    kind = rng.random()
    if kind < 0.15:
        return rng.choice(RELATIONS_TEXT[lang])
    if kind < 0.35:
        k = rng.randrange(10)
        name = CLASSES["mnist"][lang][k].lower()
        if rng.random() < 0.5:
            return f"{k} is {name}" if lang == "en" else f"{k} est {name}"
        after = CLASSES["mnist"][lang][(k + 1) % 10].lower()
        return f"{after} comes after {name}" if lang == "en" else f"{after} vient après {name}"
    word, things = rng.choice(list(FACTS[lang].items()))
    shape = word in {v[0] for v in scenes.SHAPES.values()} | {v[1] for v in scenes.SHAPES.values()}
    if lang == "en":
        template = EN_FACT[1] if shape else EN_FACT[0]
    else:
        feminine = any(fr == word and gender == "f" for _, fr, gender, _ in scenes.SHAPES.values())  # une croix
        template = (FR_FACT[2] if feminine else FR_FACT[1]) if shape else FR_FACT[0]
    return template.format(thing=rng.choice(things), word=word)


def corpus(n: int, rng: random.Random, facts: float = 0.3) -> list[str]:
    """n sentences: a share `facts` of world knowledge (`fact`), the rest captions: 70% scene captions (every kind,
    any variant, EN or FR), 30% digits' and clothes' captions."""
    out = []
    for _ in range(n):
        lang = rng.choice(("en", "fr"))
        if rng.random() < facts:
            out.append(fact(rng, lang))
        elif rng.random() < 0.7:
            out.append(scenes.caption(scenes.sample(1, rng)[0], lang, rng))
        else:
            out.append(scenes.digit_caption(rng.choice(("mnist", "fashion")), rng.randrange(10), lang, rng))
    return out


def vocabulary() -> list[str]:
    """Padding, [mask], then every word of the scenes', digits' and clothes' captions and of the facts, sorted."""
    from genkit.data import CLASSES

    texts = scenes.vocabulary() + scenes.digit_vocabulary("mnist") + scenes.digit_vocabulary("fashion")
    texts += [t for lang in FACTS for word, things in FACTS[lang].items() for t in things + [word]]
    texts += EN_FACT + FR_FACT + RELATIONS_TEXT["en"] + RELATIONS_TEXT["fr"] + ["comes after vient après est is"]
    texts += [c.lower() for lang in ("en", "fr") for c in CLASSES["mnist"][lang]]
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
        """The loss of a batch of sentences: hide some words, then every position says its word (cross-entropy
        over all real tokens). The hidden ones must be guessed from the rest of the sentence; the others only
        have to be kept. That second half matters here: the U-Net reads each position's vector, so the vector
        of "red" in "a red circle" must still say "red" (trained on the hidden words alone, it did not)."""
        inputs, _ = hide(ids, mask, self.config.mask_rate, len(self.config.vocab), generator)
        logits = self.logits(inputs, mask)  # (B, L, V)
        targets = torch.where(mask, ids, torch.full_like(ids, -100))
        return F.cross_entropy(logits.flatten(0, 1), targets.flatten(), ignore_index=-100)


def hide(ids: torch.Tensor, mask: torch.Tensor, rate: float, vocab_size: int,
         generator: torch.Generator | None = None):
    """Choose `rate` of each sentence's words (at least one) -> (inputs, targets: the chosen ids there, -100
    elsewhere). BERT's rule for the chosen words: 80% become [mask], 10% a random word, 10% stay as they are.
    The last two matter here: the loss then also asks each position to say which word it really holds, so the
    vector of "red" in "a red circle" keeps being "red" (the U-Net reads those vectors, not the guesses)."""
    u = torch.rand(ids.shape, generator=generator).to(ids.device)  # (B, L)
    u = torch.where(mask, u, 2.0)  # padding is never chosen
    chosen = (u < rate) | (u == u.min(1, keepdim=True).values)  # (B, L): each row's smallest draw at least
    chosen &= mask
    how = torch.rand(ids.shape, generator=generator).to(ids.device)  # (B, L): which of the three fates
    random_ids = torch.randint(2, vocab_size, ids.shape, generator=generator).to(ids.device)  # any word, not pad/mask
    inputs = torch.where(chosen & (how < 0.8), torch.ones_like(ids), ids)  # id 1 = [mask]
    inputs = torch.where(chosen & (how >= 0.8) & (how < 0.9), random_ids, inputs)
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
