"""Training and evaluating the text-only language models (genkit.textlm: masked words, no image).

``python -m genkit.train textlm --dataset captions --size small|large --preset smoke|cpu|full``: at every
step a fresh batch of sentences from the captions' generators (genkit.textlm.corpus), 15% of each one's
words hidden, the cross-entropy of every position's word (the hidden ones guessed, the others kept); AdamW with warm-up then cosine decay, gradient
clipping. No image is ever read. Checkpoints: textlm-small (2 layers x 64), textlm-large (4 x 128).
They are then frozen inside text2img-scenes-small and text2img-scenes-large.

Evaluation (``python -m genkit.eval textlm-small``), the protocol: 2,000 fresh sentences (seed 1), one
word hidden at a time, each word of each sentence in turn:
  masked_accuracy        the share of hidden words guessed exactly
  masked_accuracy_<part> the same for the colour, shape, position and numeral words alone. A colour
                         cannot be guessed from the rest of a scene caption (any colour fits), so near
                         chance there is right; what it can guess is grammar and agreement ("verte" ->
                         a feminine noun).
  loss                   the mean cross-entropy of those guesses
"""

import random

import torch
import torch.nn.functional as F

from genkit import hub, scenes, viz
from genkit.loops.common import seeded, start_clock, stop_clock, warmup_cosine_adamw
from genkit.textlm import MASK, SIZES, TextLM, TextLMConfig, corpus, vocabulary

DATASETS = ("captions",)
PRESETS = {
    # smoke: seconds (the tests); cpu: one thread of this machine, a few minutes; full: one GPU
    "smoke": dict(steps=20, batch_size=32, lr=2e-3, warmup=5),
    "cpu": dict(steps=1500, batch_size=128, lr=1e-3, warmup=100),
    "full": dict(steps=20000, batch_size=512, lr=5e-4, warmup=1000),
}
SMOKE_SIZE = (1, 16, 2)  # the smoke preset trains a tiny model whatever --size says


def add_arguments(parser) -> None:
    parser.add_argument("--size", default="small", choices=list(SIZES), help="the encoder's layers x width")


def name_of(size: str) -> str:
    return f"textlm-{size}"


def config_for(preset: str, size: str) -> TextLMConfig:
    layers, width, heads = SMOKE_SIZE if preset == "smoke" else SIZES[size]
    return TextLMConfig(vocab=vocabulary(), width=width, layers=layers, heads=heads)


def picture(model: TextLM):
    """The card's picture: the cosines (red > 0 > blue) between the vectors the encoder gives each colour word in
    "a <colour> circle on the left" and each shape word in "a red <shape> on the left", each vector minus the
    mean of its group: a clear diagonal says that each word keeps its own vector in context."""
    from PIL import Image

    groups = [([f"a {c} circle on the left" for c in scenes.COLOURS], 1),
              ([f"a red {s} on the left" for s in scenes.SHAPES], 2)]
    vectors = []
    with torch.no_grad():
        for sentences, pos in groups:
            ids, mask = model.tokenizer.batch(sentences)
            v = model.encoder(ids, mask)[0][:, pos]  # (n, D): the word's vector in its sentence
            vectors.append(F.normalize(v - v.mean(0), dim=-1))
    v = torch.cat(vectors)  # (11, D)
    rgb = viz.diverging((v @ v.T).numpy(), m=1.0)
    return Image.fromarray(rgb).resize((rgb.shape[1] * 24, rgb.shape[0] * 24), Image.NEAREST)


def train(args, device, record) -> dict:
    p, size = PRESETS[args.preset], getattr(args, "size", "small")
    rng, g = random.Random(args.seed), seeded(args.seed)

    # 1. model and optimizer (warm-up then cosine decay of the learning rate)
    model = TextLM(config_for(args.preset, size)).to(device)
    total = p["steps"]
    opt, sched = warmup_cosine_adamw(model, p["lr"], p["warmup"], total, device)

    # 2. the loop: fresh sentences, hide 15% of their words, guess them
    name = name_of(size)
    t0, bar = start_clock(total, name, args.quiet)
    model.train()
    for step in range(total):
        ids, mask = model.tokenizer.batch(corpus(p["batch_size"], rng))
        loss = model(ids.to(device), mask.to(device), generator=g)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        bar.update()
        if step % 100 == 0:
            bar.set_postfix(loss=f"{loss.item():.3f}")
    timing = stop_clock(t0, bar, device, total, p["batch_size"])

    # 3. save, with the cosines of its words' vectors in context as the picture
    model = model.cpu().eval()
    record.update(**timing, batch_size=p["batch_size"], lr=p["lr"], mask_rate=model.config.mask_rate,
                  final_loss=round(loss.item(), 4))
    folder = hub.save(model, name, args.out, record, sample=picture(model))
    return {"checkpoint": name, "folder": str(folder), "final_loss": round(loss.item(), 4)}


# ----------------------------------------------------------------------------- evaluation

PARTS = {
    "colour": {w for v in scenes.COLOURS.values() for w in v[1:]},
    "shape": {w for v in scenes.SHAPES.values() for w in (v[0], v[1], v[3])} | {"crosses", "circles", "squares",
                                                                                "triangles", "diamonds"},
    "position": {"left", "right", "top", "bottom", "centre", "center", "middle", "gauche", "droite", "haut", "bas",
                 "milieu"},
    "numeral": {str(k) for k in range(10)},
}


@torch.no_grad()
def masked_scores(model: TextLM, n: int = 2000, seed: int = 1) -> dict:
    """Hide each word of n fresh sentences in turn; how often is it guessed?"""
    model.eval()
    ids, mask = model.tokenizer.batch(corpus(n, random.Random(seed)))  # (n, L)
    hits, losses, parts = [], [], {k: [] for k in PARTS}
    for pos in range(ids.shape[1]):
        rows = mask[:, pos]
        if not rows.any():
            break
        x, m = ids[rows], mask[rows]
        target = x[:, pos].clone()
        x[:, pos] = model.tokenizer.ids[MASK]
        logits = model.logits(x, m)[:, pos]  # (b, V)
        right = logits.argmax(-1) == target
        hits.append(right)
        losses.append(F.cross_entropy(logits, target, reduction="none"))
        for part, vocab in PARTS.items():
            sel = torch.tensor([model.tokenizer.vocab[i] in vocab for i in target.tolist()], dtype=torch.bool)
            parts[part].append(right[sel])
    out = {"masked_accuracy": round(torch.cat(hits).float().mean().item(), 4),
           "loss": round(torch.cat(losses).mean().item(), 4)}
    for part, r in parts.items():
        r = torch.cat(r)
        out[f"masked_accuracy_{part}"] = round(r.float().mean().item(), 4) if len(r) else None
    return {**out, "n_sentences": n, "parameters": sum(p.numel() for p in model.parameters())}


def evaluate(name: str, model, args, device) -> dict:
    return masked_scores(model.cpu(), getattr(args, "n", None) or 2000)
