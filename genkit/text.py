"""Text for text-to-image: a word-level tokenizer and a small transformer text encoder.

References: Vaswani et al. (2017), "Attention is all you need" (sec. 3.2: scaled
dot-product attention with a padding mask; sec. 3.3: the position-wise MLP);
Radford et al. (2019), GPT-2 / Xiong et al. (2020) (pre-norm residual blocks);
Saharia et al. (2022), "Imagen" (a text encoder's token sequence read by the
U-Net's cross-attention, and its pooled vector added to the time embedding);
Radford et al. (2021), "CLIP" (contrastive pretraining of a text encoder).

Two ways to train it, both in genkit. Jointly with the U-Net (text2img-scenes): our captions use a
closed vocabulary of about a hundred words in two languages, so the diffusion loss alone can teach it
which word names which colour, shape or position. Or Imagen's way (text2img-scenes-small / -large):
pretrained on text alone as a masked-word model (genkit/textlm.py), then frozen while the U-Net learns
to read it; the Imagen tab compares the three, and the size of the frozen encoder.

Symbols and shapes:
    B  batch, L  tokens (padded to max_len), D  width of the encoder
    ids    (B, L) long, 0 = padding
    mask   (B, L) bool, True = a real token
    tokens (B, L, D) the encoder's output, one vector per word (cross-attention reads them)
    pooled (B, D) the mean of the real tokens' vectors (added to the time embedding)
"""

import re
import unicodedata

import torch
import torch.nn.functional as F
from torch import nn

PAD = "<pad>"


def words(text: str) -> list[str]:
    """Lower-case words: punctuation (apostrophes and hyphens too) becomes a space. "D'un" -> ["d", "un"].

    Symbols such as emoji are kept as words (the tokenizer then reports them as unknown).
    """
    text = "".join(" " if unicodedata.category(c).startswith("P") else c for c in text.lower())
    return re.split(r"\s+", text.strip()) if text.strip() else []


class Tokenizer:
    """Word-level tokenizer over a closed vocabulary; id 0 is padding. Unknown words are reported, never dropped
    silently: `encode` returns them so that the caller can tell the user."""

    def __init__(self, vocab: list[str], max_len: int = 16):
        if not vocab or vocab[0] != PAD:
            raise ValueError(f"the vocabulary must start with {PAD!r} (id 0, padding)")
        if len(set(vocab)) != len(vocab):
            raise ValueError("the vocabulary has duplicate words")
        self.vocab, self.max_len = list(vocab), max_len
        self.ids = {w: i for i, w in enumerate(self.vocab)}

    @classmethod
    def build(cls, texts: list[str], max_len: int = 16) -> "Tokenizer":
        """A tokenizer whose vocabulary is every word of `texts`, sorted, after the padding token."""
        return cls([PAD] + sorted({w for t in texts for w in words(t)}), max_len)

    def __len__(self) -> int:
        return len(self.vocab)

    def encode(self, prompt: str) -> tuple[list[int], list[str]]:
        """prompt -> (ids of its known words, in order; its unknown words). Raises if too long."""
        if not isinstance(prompt, str):
            raise TypeError(f"a prompt must be a string, not {type(prompt).__name__}")
        ws = words(prompt)
        ids = [self.ids[w] for w in ws if w in self.ids]
        unknown = [w for w in ws if w not in self.ids]
        if len(ids) > self.max_len:
            raise ValueError(f"the prompt has {len(ids)} known words; at most {self.max_len} are allowed")
        return ids, unknown

    def batch(self, prompts: list[str]) -> tuple[torch.Tensor, torch.Tensor]:
        """prompts -> (ids (B, max_len) long, mask (B, max_len) bool), padded with 0 on the right."""
        ids = torch.zeros(len(prompts), self.max_len, dtype=torch.long)
        for i, p in enumerate(prompts):
            row, _ = self.encode(p)
            ids[i, : len(row)] = torch.tensor(row, dtype=torch.long)
        return ids, ids != 0

    def decode(self, ids) -> str:
        return " ".join(self.vocab[i] for i in ids if i != 0)


class Block(nn.Module):
    """Pre-norm transformer block: x + attn(LN(x)), then x + MLP(LN(x)) (the padded keys masked out)."""

    def __init__(self, width: int, heads: int, mlp_ratio: int = 4):
        super().__init__()
        if width % heads:
            raise ValueError(f"text width {width} cannot be split into {heads} heads")
        self.heads = heads
        self.ln1, self.ln2 = nn.LayerNorm(width), nn.LayerNorm(width)
        self.qkv = nn.Linear(width, 3 * width)
        self.proj = nn.Linear(width, width)
        self.mlp = nn.Sequential(nn.Linear(width, mlp_ratio * width), nn.GELU(), nn.Linear(mlp_ratio * width, width))

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        B, L, D = x.shape
        q, k, v = self.qkv(self.ln1(x)).chunk(3, dim=-1)  # (B, L, D) each
        q, k, v = (z.unflatten(-1, (self.heads, D // self.heads)).transpose(1, 2) for z in (q, k, v))  # (B, h, L, d)
        a = F.scaled_dot_product_attention(q, k, v, attn_mask=mask[:, None, None, :])  # (B, h, L, d)
        x = x + self.proj(a.transpose(1, 2).reshape(B, L, D))  # (B, L, D)
        return x + self.mlp(self.ln2(x))  # (B, L, D)


class TextEncoder(nn.Module):
    """ids (B, L), mask (B, L) -> tokens (B, L, D), pooled (B, D): token + position embeddings, pre-norm blocks.

    Padding changes nothing: padded positions are never attended to (keys masked) and are left out
    of the pooled mean; their own output vectors are meaningless and must be masked by the reader.
    Every row needs at least one real token (use the null condition for an empty prompt).
    """

    def __init__(self, vocab_size: int, width: int = 64, layers: int = 2, heads: int = 4, max_len: int = 16):
        super().__init__()
        self.token = nn.Embedding(vocab_size, width)
        self.position = nn.Parameter(torch.randn(max_len, width) * 0.02)
        self.blocks = nn.ModuleList(Block(width, heads) for _ in range(layers))
        self.ln = nn.LayerNorm(width)

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        if not mask.any(1).all():
            raise ValueError("every prompt needs at least one known word; use the null condition for the others")
        L = ids.shape[1]
        x = self.token(ids) + self.position[:L]  # (B, L, D)
        for block in self.blocks:
            x = block(x, mask)  # (B, L, D)
        tokens = self.ln(x)  # (B, L, D)
        m = mask[..., None].to(tokens.dtype)  # (B, L, 1)
        pooled = (tokens * m).sum(1) / m.sum(1)  # (B, D): the mean of the real tokens
        return tokens, pooled
