"""Training and evaluating CLIP on the procedural scenes (genkit.clip: two encoders, one sphere, one temperature).

``python -m genkit.train clip --dataset scenes --preset smoke|cpu|full``: at every step a fresh batch of
distinct scenes (genkit.scenes.batch(unique=True): no two with the same caption, so that the diagonal is
the only right answer), each with a random caption in English or French (synonyms included), and the
symmetric cross-entropy of Radford et al.'s Figure 3. AdamW with warm-up then cosine decay, gradient
clipping; the temperature is a parameter like the others (clipped at 100 by the model).
Checkpoint: clip-scenes.

Evaluation (``python -m genkit.eval clip-scenes``), the protocol:
  zero_shot_top1 (_fr)   1,000 fresh single-object scenes, each against every single-object caption the
                         templates make (5 shapes x 6 colours x 2 sizes x 5 positions = 300 canonical
                         captions, in English, or in French for _fr): the top-1 caption must name the
                         scene's shape, colour, size and position; `zero_shot_colour` ... report each part
  recall_at_1_image_to_text, recall_at_1_text_to_image (_fr)
                         batches of 64 fresh distinct scenes of every kind with their canonical captions:
                         how often an image's best caption is its own (and a caption's best image)
`evaluate` reads an optional ``n`` of its `args` (default 1,000 scenes, 16 batches of 64).
"""

import random

import torch

from genkit import hub, scenes, viz
from genkit.clip import CLIP, CLIPConfig, retrieval_accuracy, zero_shot
from genkit.loops.common import seeded, start_clock, stop_clock, warmup_cosine_adamw
from genkit.text import Tokenizer

DATASETS = ("scenes",)
NAME = "clip-scenes"
PRESETS = {
    # smoke: seconds on a CPU (the tests); cpu: ~15 minutes on 2 cores; full: one GPU
    "smoke": dict(channels=8, text_width=32, embed=32, steps=20, batch_size=32, lr=2e-3, warmup=5),
    "cpu": dict(channels=32, text_width=64, embed=64, steps=4000, batch_size=128, lr=1e-3, warmup=200),
    "full": dict(channels=64, text_width=128, embed=128, steps=20000, batch_size=512, lr=1e-3, warmup=500),
}


def config_for(preset: str) -> CLIPConfig:
    p = PRESETS[preset]
    vocab = Tokenizer.build(scenes.vocabulary()).vocab
    return CLIPConfig(vocab=vocab, channels=p["channels"], text_width=p["text_width"], embed=p["embed"])


def picture(n: int = 8, seed: int = 0):
    """The card's picture: the first batch of `n` scenes the evaluation's retrieval protocol draws."""
    images, _, _ = scenes.batch(n, random.Random(seed), unique=True)
    return viz.to_pil(viz.grid(images, nrow=n, pad=2, value=1.0), 4)


def train(args, device, record) -> dict:
    p = PRESETS[args.preset]
    rng, _ = random.Random(args.seed), seeded(args.seed)

    # 1. model and optimizer (warm-up then cosine decay of the learning rate)
    model = CLIP(config_for(args.preset)).to(device)
    total = p["steps"]
    opt, sched = warmup_cosine_adamw(model, p["lr"], p["warmup"], total, device)

    # 2. the loop: N distinct scenes and their captions, the N x N similarities, the symmetric cross-entropy
    t0, bar = start_clock(total, NAME, args.quiet)
    model.train()
    for step in range(total):
        images, captions, _ = scenes.batch(p["batch_size"], rng, unique=True)
        ids, mask = model.tokenizer.batch(captions)
        loss = model(images.to(device), ids.to(device), mask.to(device))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        bar.update()
        if step % 100 == 0:
            bar.set_postfix(loss=f"{loss.item():.3f}", scale=f"{model.scale().item():.1f}")
    timing = stop_clock(t0, bar, device, total, p["batch_size"])

    # 3. save, with a row of scenes as the picture
    model = model.cpu().eval()
    record.update(**timing, batch_size=p["batch_size"], lr=p["lr"], final_loss=round(loss.item(), 4),
                  scale=round(model.scale().item(), 2))
    folder = hub.save(model, NAME, args.out, record, sample=picture())
    return {"checkpoint": NAME, "folder": str(folder), "final_loss": round(loss.item(), 4)}


# ----------------------------------------------------------------------------- evaluation


def zero_shot_scores(model: CLIP, n: int, lang: str, seed: int = 0, batch: int = 250) -> dict:
    """Top-1 accuracy of zero-shot classification among all single-object captions, whole and per part."""
    captions, specs = list(scenes.single_captions(lang)), scenes.single_scenes()
    truth = scenes.sample(n, random.Random(seed), kinds=("single",))
    hits = {"top1": 0, "colour": 0, "shape": 0, "size": 0, "position": 0}
    for i in range(0, n, batch):
        chunk = truth[i : i + batch]
        best = zero_shot(model, scenes.render(chunk), captions).argmax(1).tolist()
        for s, k in zip(chunk, best):
            o, guess = s.objects[0], specs[k].objects[0]
            same = {a: getattr(o, a) == getattr(guess, a) for a in ("colour", "shape", "size", "position")}
            hits["top1"] += all(same.values())
            for a, ok in same.items():
                hits[a] += ok
    return {k: round(v / n, 4) for k, v in hits.items()}


def recall_scores(model: CLIP, batches: int, lang: str, seed: int = 1, n: int = 64) -> tuple[float, float]:
    rng, scores = random.Random(seed), []
    for _ in range(batches):
        specs = scenes.distinct(n, rng)
        ids, mask = model.tokenizer.batch([scenes.caption(s, lang) for s in specs])
        scores.append(retrieval_accuracy(model, scenes.render(specs), ids, mask))
    return tuple(round(sum(s[k] for s in scores) / len(scores), 4) for k in (0, 1))


def evaluate(name: str, model, args, device) -> dict:
    model = model.cpu().eval()  # small enough that the CPU is the simplest place
    n = getattr(args, "n", None) or 1000
    out = {}
    for lang, suffix in (("en", ""), ("fr", "_fr")):
        z = zero_shot_scores(model, n, lang)
        out[f"zero_shot_top1{suffix}"] = z.pop("top1")
        out.update({f"zero_shot_{k}{suffix}": v for k, v in z.items()})
        i2t, t2i = recall_scores(model, max(1, n // 64), lang)
        out[f"recall_at_1_image_to_text{suffix}"], out[f"recall_at_1_text_to_image{suffix}"] = i2t, t2i
    out.update(n_scenes=n, n_captions=len(scenes.single_captions("en")), scale=round(model.scale().item(), 2))
    return out
