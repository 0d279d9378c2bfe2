"""Training and evaluating text-to-image (genkit.text2img: U-Net + text encoder + null condition).

``python -m genkit.train text2img --dataset scenes|mnist|fashion --preset smoke|cpu|full``: the
loop of genkit/loops/diffusion.py (v-prediction on the cosine schedule, AdamW with
warm-up then cosine decay, gradient clipping, EMA by `lerp`), with a caption per image
and caption dropout: a share p_uncond of the captions is swapped for the learned null
condition (Ho & Salimans 2022, sec. 3.2; DiT's token_drop), so that one network learns
both eps(x_t, t, text) and eps(x_t, t) for classifier-free guidance. The text encoder
is trained by the same loss, or, with ``--encoder textlm-small|textlm-large`` (scenes), copied from
a language model trained on text alone and frozen (Imagen; genkit/textlm.py): the same U-Net and
budget, only the encoder differs. ``--attn16`` adds attention (self and cross) at 16x16 to the
U-Net's 8x8 and middle ones (`-attn16` checkpoints), tried for relations: it lifted single objects, not them.

Scenes are rendered on the fly (genkit.scenes), a fresh batch at every step, captioned
in English or French at random. Digits and clothes: MNIST / Fashion-MNIST with a
caption of their label (genkit.scenes.digit_caption). Checkpoints: text2img-scenes,
text2img-scenes-small, text2img-scenes-large (frozen encoders), text2img-scenes-attn16,
text2img-scenes-large-attn16, text2img-digits (MNIST), text2img-fashion.

Evaluation (``python -m genkit.eval text2img-scenes``), the protocol: for `n` seeded
single-object prompts (English and French alternately), 25 DDIM steps at w = 3 and at
w = 0, the share that the scene checker (genkit.scene_check.match) accepts; the same
at w = 3 for relation and count prompts. Digits: the share of n samples of "a
handwritten N" (N = 0..9 in turn) at w = 3 that classifier-mnist labels N. `evaluate`
reads an optional ``n`` of its `args` (default 200 prompts per rate, 500 digits).
"""

import random

import torch

from genkit import data, diffusion, hub, scenes, viz
from genkit.loops.common import (autocast, ema_copy, ema_update, seeded, start_clock, stop_clock, training_split,
                                 warmup_cosine_adamw)
from genkit.samplers import schedule_of
from genkit.text import Tokenizer
from genkit.text2img import Text2ImgConfig, TextToImage, generate

DATASETS = ("scenes", "mnist", "fashion")
NAMES = {"scenes": "text2img-scenes", "mnist": "text2img-digits", "fashion": "text2img-fashion"}
UNETS = {  # the U-Net of each preset (image size and channels are set from the data)
    "tiny": dict(channels=8, channel_mult=(1, 2), attention_levels=(1,), attention_heads=2, norm_groups=4,
                 dropout=0.0, time_dim=32),
    "small": dict(channels=32, channel_mult=(1, 2, 2), attention_levels=(2,), attention_heads=4, norm_groups=8,
                  dropout=0.0, time_dim=128),
    "base": dict(channels=64, channel_mult=(1, 2, 2), num_res_blocks=2, attention_levels=(1, 2), attention_heads=4,
                 norm_groups=16, dropout=0.0, time_dim=256),
}
PRESETS = {
    # smoke: seconds on a CPU (the tests); cpu: ~35-40 minutes on 2 quiet cores; full: one GPU (bf16)
    "smoke": dict(unet="tiny", text_width=32, steps=20, batch_size=16, lr=2e-3, warmup=5, ema=0.9, n_train=256),
    # cpu: 0.97M parameters; 2,400 steps of 64 (154k images) on one thread of this machine's 2 cores, beside
    # other jobs: scenes 35 minutes (73 images/s), digits 29 minutes (88 images/s)
    "cpu": dict(unet="small", text_width=64, steps=2400, batch_size=64, lr=1.5e-3, warmup=200, ema=0.999,
                n_train=None),
    "full": dict(unet="base", text_width=128, steps=20000, batch_size=256, lr=1e-3, warmup=500, ema=0.9995,
                 n_train=None),
}
SCHEDULE, TARGET, P_UNCOND = "cosine", "v", 0.15
W_PICTURE = 3.0
PICTURE_PROMPTS = {
    "scenes": ["a red circle on the left", "un carré bleu en haut", "a large yellow triangle in the centre",
               "une petite croix verte en bas", "a white diamond on the right",
               "a purple square left of a green circle", "un cercle rouge au-dessus d'un triangle bleu",
               "two yellow circles"],
    "mnist": [scenes.digit_caption("mnist", k, "en" if k % 2 else "fr") for k in range(10)],
    "fashion": [scenes.digit_caption("fashion", k, "en" if k % 2 else "fr") for k in range(10)],
}


ENCODERS = ("", "textlm-small", "textlm-large")  # "": trained jointly; else a frozen text-only encoder


def add_arguments(parser) -> None:
    parser.add_argument("--encoder", default="", choices=ENCODERS,
                        help="scenes only: a pretrained text-only encoder, frozen (default: trained jointly)")
    parser.add_argument("--attn16", action="store_true",
                        help="attend (to itself and to the text) at 16x16 too, not only at 8x8 and in the middle "
                             "(scenes: the -attn16 checkpoints)")


def name_of(dataset: str, encoder: str = "", attn16: bool = False) -> str:
    return NAMES[dataset] + (f"-{encoder.removeprefix('textlm-')}" if encoder else "") + ("-attn16" if attn16 else "")


def vocabulary(dataset: str) -> list[str]:
    texts = scenes.vocabulary() if dataset == "scenes" else scenes.digit_vocabulary(dataset)
    return Tokenizer.build(texts).vocab


def config_for(preset: str, dataset: str, lm=None, encoder: str = "", attn16: bool = False) -> Text2ImgConfig:
    """The recipe's config; with `lm` (the TextLM named `encoder`), its vocabulary and its encoder's shape;
    `attn16`: attention at level 1 (16x16 at 32) as well as the preset's."""
    p = PRESETS[preset]
    channels, size = (3, 32) if dataset == "scenes" else (1, 28)
    unet = {**UNETS[p["unet"]], "image_channels": channels, "image_size": size, "schedule": SCHEDULE, "T": 1000,
            "target": TARGET}
    if attn16:
        unet["attention_levels"] = tuple(sorted({1, *unet["attention_levels"]}))
    text = dict(vocab=vocabulary(dataset), text_width=p["text_width"])
    if lm is not None:
        c = lm.config
        text = dict(vocab=c.vocab, text_width=c.width, text_layers=c.layers, text_heads=c.heads, encoder=encoder)
    return Text2ImgConfig(**text, p_uncond=P_UNCOND, dataset=dataset, unet=unet)


def picture(model: TextToImage, samples: int = 8, seed: int = 0):
    """The card's picture: one row per prompt, `samples` images each, at w = 3, 25 DDIM steps."""
    prompts = PICTURE_PROMPTS[model.config.dataset]
    x = generate(model, [p for p in prompts for _ in range(samples)], W_PICTURE, steps=25, seed=seed)
    return viz.to_pil(viz.grid(x, nrow=samples, pad=2), 3)


def batches(args, p, device, rng: random.Random, g: torch.Generator):
    """An endless stream of (x0 (B, C, H, W) in [-1, 1], captions)."""
    if args.dataset == "scenes":
        while True:
            x, captions, _ = scenes.batch(p["batch_size"], rng)
            yield x.to(device) * 2 - 1, captions
    x, y, batch_size = training_split(args, p, device)
    x = x * 2 - 1  # (N, 1, 28, 28)
    while True:
        for idx in data.random_batches(len(x), batch_size, g, device):
            labels = y[idx].tolist()
            yield x[idx], [scenes.digit_caption(args.dataset, k, rng.choice(("en", "fr")), rng) for k in labels]


def train(args, device, record) -> dict:
    if args.dataset not in DATASETS:
        raise ValueError(f"text2img trains on {', '.join(DATASETS)}, not {args.dataset!r}")
    p = PRESETS[args.preset]
    rng, g = random.Random(args.seed), seeded(args.seed)

    # 1. data: scenes rendered on the fly, or the digits with captions of their labels
    stream = batches(args, p, device, rng, g)

    # 2. model (with a frozen pretrained encoder if asked), its EMA copy, optimizer (warm-up, cosine decay)
    encoder = getattr(args, "encoder", "")
    if encoder and args.dataset != "scenes":
        raise ValueError("a frozen text-only encoder (--encoder) is for the scenes")
    lm = hub.load(encoder, "cpu") if encoder else None
    attn16 = getattr(args, "attn16", False)
    model = TextToImage(config_for(args.preset, args.dataset, lm, encoder, attn16)).to(device)
    if lm is not None:
        model.text.load_state_dict(lm.encoder.state_dict())  # the pretrained weights, kept fixed from now on
    ema = ema_copy(model)
    schedule = schedule_of(model.unet).to(device)
    total = p["steps"]
    opt, sched = warmup_cosine_adamw(model, p["lr"], p["warmup"], total, device)

    # 3. the loop: a captioned batch, caption dropout, the loss of eq. 14 (on v), a step, the EMA
    name = name_of(args.dataset, encoder, attn16)
    t0, bar = start_clock(total, name, args.quiet)
    model.train()
    for step in range(total):
        x0, captions = next(stream)
        drop = torch.rand(len(captions), generator=g) < model.config.p_uncond  # (B,) token_drop
        with autocast(device):
            cond = model.cond(captions, drop=drop)  # inside the graph: trained jointly, unless frozen
            loss = diffusion.loss(model, schedule, x0, cond=cond, target=TARGET)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        ema_update(ema, model, step, p["ema"])
        bar.update()
        if step % 100 == 0:
            bar.set_postfix(loss=f"{loss.item():.4f}", lr=f"{sched.get_last_lr()[0]:.1e}")
    timing = stop_clock(t0, bar, device, total, len(x0))

    # 4. save the EMA weights, with a prompts x samples grid at w = 3 as the picture
    ema = ema.cpu()
    record.update(**timing, batch_size=len(x0), lr=p["lr"], ema=p["ema"], schedule=SCHEDULE, target=TARGET,
                  p_uncond=model.config.p_uncond, final_loss=round(loss.item(), 4),
                  **({"encoder": encoder, "encoder_frozen": True} if encoder else {}),
                  **({"attention_levels": list(model.unet.config.attention_levels)} if attn16 else {}))
    folder = hub.save(ema, name, args.out, record, sample=picture(ema))
    return {"checkpoint": name, "folder": str(folder), "final_loss": round(loss.item(), 4)}


# ----------------------------------------------------------------------------- evaluation


def _rate(model, specs, w: float, batch: int = 100) -> float:
    from genkit.scene_check import match

    prompts = [scenes.caption(s, "en" if i % 2 == 0 else "fr") for i, s in enumerate(specs)]
    hits = 0
    for i in range(0, len(specs), batch):
        x = generate(model, prompts[i : i + batch], w, steps=25, seed=i)
        hits += sum(match(s, img) for s, img in zip(specs[i : i + batch], x))
    return round(hits / len(specs), 4)


def evaluate(name: str, model, args, device) -> dict:
    """scenes: match rates at w = 3 and 0, relation and count rates; digits: classified as asked at w = 3, for
    the canonical caption ("a handwritten seven") and for any of its phrasings in either language."""
    model = model.to(device).eval()
    dataset = model.config.dataset
    if dataset == "scenes":
        n = getattr(args, "n", None) or 200
        rng = random.Random(0)
        single = scenes.sample(n, rng, kinds=("single",))
        return {"match_rate": _rate(model, single, 3.0), "match_rate_w0": _rate(model, single, 0.0),
                "match_rate_chance": round(1 / (len(scenes.COLOURS) * len(scenes.SHAPES) * len(scenes.ANCHORS)), 4),
                "relation_rate": _rate(model, scenes.sample(n, rng, kinds=("relation",)), 3.0),
                "count_rate": _rate(model, scenes.sample(n, rng, kinds=("count",)), 3.0), "n_prompts": n}
    from genkit.metrics import predict

    n = getattr(args, "n", None) or 500
    classifier = hub.load(f"classifier-{dataset}", device)
    labels = torch.arange(n) % 10
    prompts = [scenes.digit_caption(dataset, k, "en") for k in labels.tolist()]
    rng = random.Random(0)  # every phrasing, both languages, numerals too: "the digit 7", "un 7 écrit à la main"
    varied = [scenes.digit_caption(dataset, k, ("en", "fr")[i % 2], rng) for i, k in enumerate(labels.tolist())]
    out = {}
    for metric, asked in (("prompt_accuracy", prompts), ("phrasing_accuracy", varied)):
        x = torch.cat([generate(model, asked[i : i + 100], 3.0, steps=25, seed=i) for i in range(0, n, 100)])
        _, probs = predict(classifier, x.to(device))
        out[metric] = round((probs.argmax(1).cpu() == labels).float().mean().item(), 4)
    return {**out, "n_prompts": n}
