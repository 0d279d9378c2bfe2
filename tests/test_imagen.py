"""Imagen's three lessons in the library: a masked-word model trained on text alone, frozen inside text-to-image;
the super-resolution stage (SR3's concatenation, noise conditioning augmentation); the commands and metric names."""

import json
import random

import pytest
import torch
import torch.nn.functional as F

from genkit import hub, scenes, train
from genkit.diffusion import make_schedule
from genkit.loops.superres import config_for as sr_config
from genkit.superres import SuperRes, downsample, psnr, upscale
from genkit.text2img import TextToImage
from genkit.textlm import MASK, TextLM, TextLMConfig, corpus, fill, hide, vocabulary
from genkit.unet import UNet, UNetConfig


pytestmark = pytest.mark.usefixtures("one_thread")  # see conftest.py


def tiny_lm() -> TextLM:
    torch.manual_seed(0)
    return TextLM(TextLMConfig(vocab=vocabulary(), width=16, layers=1, heads=2))


# ----------------------------------------------------------------------------- the masked-word model


def test_corpus_and_vocabulary_cover_both_languages_numerals_and_phrasings():
    vocab = set(vocabulary())
    assert vocab >= {"cercle", "circle", "left", "gauche", "7", "seven", "sept", "number", "nombre", "écrit", "main",
                     "sneaker", "basket"}
    assert vocabulary()[:2] == ["<pad>", MASK]
    sentences = corpus(2000, random.Random(0))
    assert any("7" in s.split() for s in sentences) and any("écrit à la main" in s for s in sentences)
    tok = tiny_lm().tokenizer
    assert all(not tok.encode(s)[1] for s in sentences)  # every generated word is in the vocabulary
    assert tok.encode("[mask]")[0] != [tok.ids[MASK]]  # the mask token cannot be typed


def test_hide_chooses_real_words_only_and_at_least_one_per_sentence():
    tok = tiny_lm().tokenizer
    V = len(tok)
    ids, mask = tok.batch(["a red circle on the left", "deux carrés bleus", "a seven"])
    inputs, targets = hide(ids, mask, 0.15, V, torch.Generator().manual_seed(0))
    chosen = targets != -100
    assert chosen.any(1).all()  # at least one hidden word in every sentence
    assert not (chosen & ~mask).any()  # never the padding
    assert torch.equal(targets[chosen], ids[chosen]) and torch.equal(inputs[~chosen], ids[~chosen])
    big, bmask = tok.batch(corpus(4000, random.Random(0)))
    inputs, targets = hide(big, bmask, 1.0, V, torch.Generator().manual_seed(0))  # every word chosen
    real = bmask
    masked = (inputs[real] == 1).float().mean().item()
    kept = (inputs[real] == big[real]).float().mean().item()
    assert abs(masked - 0.8) < 0.02 and 0.09 < kept < 0.12  # BERT's 80 / 10 / 10 (a random word may be itself)
    assert inputs[real].min() >= 1 and inputs[real].max() < V


def test_the_loss_is_cross_entropy_of_every_word_through_the_tied_head():
    model = tiny_lm()
    ids, mask = model.tokenizer.batch(["a red circle on the left", "un 7 écrit à la main"])
    inputs, _ = hide(ids, mask, model.config.mask_rate, len(model.tokenizer), torch.Generator().manual_seed(1))
    tokens, _ = model.encoder(inputs, mask)
    logits = tokens @ model.encoder.token.weight.T + model.bias  # the head is the embedding table
    expected = -logits[mask].log_softmax(-1).gather(1, ids[mask][:, None]).mean()  # every real word, said back
    got = model(ids, mask, generator=torch.Generator().manual_seed(1))
    assert torch.allclose(got, expected, atol=1e-6)


def test_fifty_steps_learn_the_grammar_and_fill_says_so():
    model = tiny_lm()
    opt = torch.optim.AdamW(model.parameters(), 1e-2)
    rng, g = random.Random(0), torch.Generator().manual_seed(0)
    first = None
    for _ in range(60):
        ids, mask = model.tokenizer.batch(corpus(64, rng))
        loss = model(ids, mask, generator=g)
        first = first if first is not None else loss.item()
        opt.zero_grad()
        loss.backward()
        opt.step()
    assert loss.item() < 0.8 * first
    (top,) = fill(model, "a red circle on _ left")
    assert "the" in [w for w, _ in top] and 0 < sum(p for _, p in top) <= 1 + 1e-6
    with pytest.raises(ValueError, match="zebra"):
        fill(model, "a _ zebra")
    with pytest.raises(ValueError, match="blank"):
        fill(model, "a red circle")


# ----------------------------------------------------------------------------- frozen inside text-to-image


def test_the_commands_chain_and_the_encoder_stays_frozen(tmp_path, monkeypatch):
    """textlm -> text2img --encoder (smoke): the encoder's weights are the language model's, fixed by training."""
    folder = tmp_path / "checkpoints"
    monkeypatch.setenv("GENKIT_CHECKPOINTS", str(folder))
    lm_sum = train.main(["textlm", "--dataset", "captions", "--size", "small", "--preset", "smoke", "--out",
                         str(folder), "--quiet"])
    assert lm_sum["checkpoint"] == "textlm-small"
    t2i = train.main(["text2img", "--dataset", "scenes", "--encoder", "textlm-small", "--preset", "smoke", "--out",
                      str(tmp_path / "runs"), "--quiet"])
    assert t2i["checkpoint"] == "text2img-scenes-small"
    record = json.loads((tmp_path / "runs" / "text2img-scenes-small" / "train.json").read_text())
    assert record["command"].endswith("--encoder textlm-small --preset smoke") and record["encoder_frozen"]
    lm = hub.load("textlm-small")
    (tmp_path / "runs" / "text2img-scenes-small").rename(folder / "text2img-scenes-small")
    model = hub.load("text2img-scenes-small")
    assert model.config.encoder == "textlm-small" and model.config.vocab == lm.config.vocab
    assert not any(p.requires_grad for p in model.text.parameters())
    assert all(p.requires_grad for p in model.unet.parameters())
    for k, v in lm.encoder.state_dict().items():  # trained 20 steps, yet exactly the language model's weights
        assert torch.equal(model.text.state_dict()[k], v), k
    from genkit import eval as scoreboard

    scores = scoreboard.main(["textlm-small", "--json", "--n", "50"])["textlm-small"]
    assert {"masked_accuracy", "masked_accuracy_colour", "masked_accuracy_numeral", "loss"} <= set(scores)


def test_attn16_reads_the_text_at_16x16_too_and_names_its_checkpoint(tmp_path):
    """--attn16: the cpu recipe's U-Net attends at level 1 (16x16) as well as level 2 (8x8), to itself and to the
    text; the run is named apart, its record and the registry's command say so."""
    from genkit.loops import text2img as loop

    plain, finer = loop.config_for("cpu", "scenes"), loop.config_for("cpu", "scenes", attn16=True)
    assert tuple(plain.unet["attention_levels"]) == (2,) and tuple(finer.unet["attention_levels"]) == (1, 2)
    net = TextToImage(finer)
    seen = []  # the spatial size at which each cross-attention reads the tokens
    for module in net.unet.modules():
        if getattr(module, "xattn", None) is not None:
            for a in (module.xattn if isinstance(module.xattn, torch.nn.ModuleList) else [module.xattn]):
                a.register_forward_hook(lambda m, args, out: seen.append(tuple(out.shape[-2:])))
    x = torch.randn(2, 3, 32, 32)
    net.unet(x, torch.tensor([10, 500]), net.cond(["a red circle left of a blue square", ""]))
    assert (16, 16) in seen and (8, 8) in seen and (32, 32) not in seen
    assert loop.name_of("scenes", "textlm-large", attn16=True) == "text2img-scenes-large-attn16"
    assert hub.entry("text2img-scenes-large-attn16").train_command == (
        "python -m genkit.train text2img --dataset scenes --encoder textlm-large --attn16 --preset full --replace")
    assert "--attn16" in hub.entry("text2img-scenes-attn16").train_command
    out = train.main(["text2img", "--dataset", "scenes", "--attn16", "--preset", "smoke", "--out", str(tmp_path),
                      "--quiet"])
    assert out["checkpoint"] == "text2img-scenes-attn16"
    record = json.loads((tmp_path / "text2img-scenes-attn16" / "train.json").read_text())
    assert record["command"].endswith("--attn16 --preset smoke") and record["attention_levels"] == [1]


def test_train_refuses_an_encoder_for_the_digits(tmp_path, monkeypatch):
    monkeypatch.setenv("GENKIT_CHECKPOINTS", str(tmp_path))
    args = type("A", (), dict(dataset="mnist", preset="smoke", seed=0, encoder="textlm-small", quiet=True))()
    from genkit.loops import text2img as loop

    with pytest.raises(ValueError, match="scenes"):
        loop.train(args, torch.device("cpu"), {})


# ----------------------------------------------------------------------------- super-resolution


def test_unet_image_condition_is_a_concatenation_of_channels():
    torch.manual_seed(0)
    cfg = UNetConfig(image_channels=3, image_size=16, channels=8, channel_mult=(1, 2), attention_levels=(),
                     norm_groups=4, time_dim=16, cond_dim=8, cond_channels=3)
    net = UNet(cfg).eval()
    x, low, t = torch.randn(2, 3, 16, 16), torch.randn(2, 3, 16, 16), torch.tensor([3, 700])
    pooled = torch.randn(2, 8)
    out = net(x, t, cond={"image": low, "pooled": pooled})
    # by hand: conv_in over the six channels equals the sum of its two halves
    w, b = net.conv_in.weight, net.conv_in.bias
    h = F.conv2d(x, w[:, :3], b, padding=1) + F.conv2d(low, w[:, 3:], None, padding=1)
    assert torch.allclose(net.conv_in(torch.cat([x, low], 1)), h, atol=1e-5)
    assert out.shape == x.shape
    assert not torch.allclose(out, net(x, t, cond={"image": low * 0, "pooled": pooled}))
    with pytest.raises(ValueError, match="image condition"):
        net(x, t, cond={"pooled": pooled})


def test_noise_conditioning_augmentation_follows_q_sample():
    torch.manual_seed(0)
    model = SuperRes(sr_config("smoke"))
    low = torch.rand(4, 3, 32, 32) * 2 - 1
    clean = model.cond(low, torch.zeros(4, dtype=torch.long))["image"]
    assert torch.equal(clean, F.interpolate(low, scale_factor=2, mode="bilinear"))  # s = 0: the input, upsampled
    s = torch.full((4,), 900, dtype=torch.long)
    g = torch.Generator().manual_seed(0)
    noised = model.cond(low, s, g)["image"]
    abar = make_schedule("cosine", 1000).alpha_bar[900]
    eps = torch.randn(low.shape, generator=torch.Generator().manual_seed(0))
    by_hand = F.interpolate(abar.sqrt() * low + (1 - abar).sqrt() * eps, scale_factor=2, mode="bilinear")
    assert torch.allclose(noised, by_hand, atol=1e-5)


def test_psnr_and_downsample():
    a = torch.zeros(2, 3, 4, 4)
    b = a.clone()
    b[0] += 0.1
    b[1] += 0.01
    assert torch.allclose(psnr(a, b), torch.tensor([20.0, 40.0]), atol=1e-3)
    x = torch.arange(16.0).view(1, 1, 4, 4)
    assert torch.equal(downsample(x), torch.tensor([[[[2.5, 4.5], [10.5, 12.5]]]]))


def test_superres_smoke_training_and_metric_names(tmp_path, monkeypatch):
    monkeypatch.setenv("GENKIT_CHECKPOINTS", str(tmp_path / "checkpoints"))
    summary = train.main(["superres", "--dataset", "scenes", "--preset", "smoke", "--out", str(tmp_path / "runs"),
                          "--quiet"])
    assert summary["checkpoint"] == "sr-scenes-64"
    (tmp_path / "checkpoints").mkdir()
    (tmp_path / "runs" / "sr-scenes-64").rename(tmp_path / "checkpoints" / "sr-scenes-64")
    model = hub.load("sr-scenes-64")
    low = scenes.render(scenes.sample(3, random.Random(0)))
    high = upscale(model, low, steps=3, seed=1)
    assert high.shape == (3, 3, 64, 64) and 0 <= high.min() and high.max() <= 1
    assert torch.equal(high, upscale(model, low, steps=3, seed=1))
    with pytest.raises(ValueError, match="32, 32"):
        upscale(model, torch.rand(1, 3, 28, 28))
    from genkit.loops.superres import agreement

    scores = agreement(model, low)
    assert set(scores) == {"psnr_db", "psnr_db_median", "attribute_agreement", "attribute_agreement_nearest",
                           "attribute_agreement_unambiguous"}


def test_trained_superres_keeps_its_input():
    """The committed sr-scenes-64: fresh renders raised to 64x64 come back down to themselves."""
    if not (hub.checkpoints_dir() / "sr-scenes-64" / "model.safetensors").exists():
        pytest.fail("sr-scenes-64 is missing: python -m genkit.train superres --dataset scenes --preset cpu --replace")
    model = hub.load("sr-scenes-64")
    low = scenes.render(scenes.sample(8, random.Random(5)))
    high = upscale(model, low, steps=10, seed=0)
    assert psnr(downsample(high), low).mean() > 22


@pytest.mark.parametrize("name", ["textlm-small", "textlm-large"])
def test_trained_language_models_keep_each_word_readable_in_context(name):
    """Captions alone make every colour interchangeable ("a _ circle"): a first textlm, trained on them with every
    chosen word masked, gave the frozen text-to-image 5% of prompts right. With the corpus' facts ("the sky is
    blue") and BERT's 10% of chosen words left as they are, the vector of "red" in "a red circle" still says "red"
    (the tied head reads it back), which is what the U-Net needs to read; and the facts themselves are learned."""
    if not (hub.checkpoints_dir() / name / "model.safetensors").exists():
        pytest.fail(f"{name} is missing: python -m genkit.train textlm --dataset captions --size "
                    f"{name.split('-')[1]} --preset cpu --replace")
    lm = hub.load(name)
    captions = [scenes.caption(s, "en") for s in scenes.sample(300, random.Random(0), kinds=("single",))]
    ids, mask = lm.tokenizer.batch(captions)
    with torch.no_grad():
        read = lm.logits(ids, mask).argmax(-1)  # (B, L): the word each position's vector points to
    for group in (scenes.COLOURS, scenes.SHAPES):
        words = {lm.tokenizer.ids[w] for w in group}
        where = torch.tensor([[i in words for i in row] for row in ids.tolist()])
        assert (read[where] == ids[where]).float().mean() > 0.8
    (top,) = fill(lm, "the sky is _")
    assert top[0][0] == "blue"
