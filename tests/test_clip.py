"""CLIP (genkit/clip.py): its loss is Figure 3's pseudo-code, its embeddings live on the unit sphere, and a
short training on the procedural scenes makes matching pairs find each other far above chance."""

import random

import numpy as np
import torch

from genkit import scenes
from genkit.clip import CLIP, MAX_SCALE, CLIPConfig, contrastive_loss, retrieval_accuracy
from genkit.text import Tokenizer


def numpy_figure_3(i_e: np.ndarray, t_e: np.ndarray, t: float) -> float:
    """Radford et al. (2021), Figure 3, in numpy: the symmetric cross-entropy over the scaled similarities."""
    logits = i_e @ t_e.T * np.exp(t)  # (N, N)

    def cross_entropy(z, axis):  # -log softmax of the diagonal along `axis`, averaged
        z = z - z.max(axis=axis, keepdims=True)
        log_p = z - np.log(np.exp(z).sum(axis=axis, keepdims=True))
        return -np.mean(np.diag(log_p))

    return (cross_entropy(logits, 0) + cross_entropy(logits, 1)) / 2


def small_clip(seed: int = 0) -> tuple[CLIP, Tokenizer]:
    tokenizer = Tokenizer.build(scenes.vocabulary())
    torch.manual_seed(seed)
    cfg = CLIPConfig(vocab=tokenizer.vocab, max_len=tokenizer.max_len, channels=8, text_width=32, text_layers=1,
                     heads=2, embed=32)
    return CLIP(cfg), tokenizer


def test_the_loss_is_figure_3():
    torch.manual_seed(0)
    z_img = torch.nn.functional.normalize(torch.randn(7, 5, dtype=torch.float64), dim=-1)
    z_txt = torch.nn.functional.normalize(torch.randn(7, 5, dtype=torch.float64), dim=-1)
    t = 2.3
    ours = contrastive_loss(np.exp(t) * z_img @ z_txt.T).item()
    assert abs(ours - numpy_figure_3(z_img.numpy(), z_txt.numpy(), t)) < 1e-10
    # a perfect matching (each image its own caption, all others orthogonal) costs almost nothing at scale 100
    eye = torch.eye(7, dtype=torch.float64)
    assert contrastive_loss(MAX_SCALE * eye).item() < 1e-40  # log(1 + 6 exp(-100)) per side
    # and rows are images, columns captions: swapping the two encoders' roles gives the same symmetric loss
    assert abs(contrastive_loss(np.exp(t) * z_txt @ z_img.T).item() - ours) < 1e-10


def test_embeddings_are_unit_vectors_and_the_scale_is_clipped():
    model, tokenizer = small_clip()
    images, captions, _ = scenes.batch(6, random.Random(0))
    ids, mask = tokenizer.batch(captions)
    z_img, z_txt = model.embed_images(images), model.embed_texts(ids, mask)
    assert z_img.shape == z_txt.shape == (6, 32)
    assert torch.allclose(z_img.norm(dim=-1), torch.ones(6), atol=1e-5)
    assert torch.allclose(z_txt.norm(dim=-1), torch.ones(6), atol=1e-5)
    assert abs(model.scale().item() - 1 / 0.07) < 1e-3  # CLIP's starting temperature
    with torch.no_grad():
        model.log_scale.fill_(10.0)
    assert abs(model.scale().item() - MAX_SCALE) < 1e-3  # exp(10) would be 22,026
    logits = model.logits(z_img, z_txt)
    assert logits.shape == (6, 6) and logits.abs().max() <= MAX_SCALE + 1e-3


def test_a_short_training_pairs_scenes_with_their_captions():
    """50 steps of Adam on batches of 32 fresh scenes: on a held-out batch of 64, each image finds its own caption
    (and each caption its image) far more often than the 1 in 64 of chance (about 1 in 3 when this was written)."""
    model, tokenizer = small_clip(seed=1)
    rng = random.Random(1)
    held_out = scenes.batch(64, random.Random(12345))
    ids_out, mask_out = tokenizer.batch(held_out[1])
    before = retrieval_accuracy(model, held_out[0], ids_out, mask_out)
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    for _ in range(50):
        images, captions, _ = scenes.batch(32, rng)
        loss = model(images, *tokenizer.batch(captions))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    after = retrieval_accuracy(model, held_out[0], ids_out, mask_out)
    assert max(before) < 0.1 and min(after) > 0.15, (before, after)
