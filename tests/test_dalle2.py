"""DALL-E 2 after CLIP (genkit/prior.py, genkit/unclip.py): the prior's target and guidance, its samples on CLIP's
sphere, a short training that learns a text -> image mapping, the decoder's condition, slerp against its
definition, and the three training commands chained (clip -> prior -> unclip) with the metric names of the eval."""

import json
import math
import random

import pytest
import torch
import torch.nn.functional as F

from genkit import diffusion, scenes
from genkit.prior import DiffusionPrior, PriorConfig, prior_steps, sample
from genkit.samplers import predict
from genkit.unclip import UnCLIPConfig, UnCLIPDecoder, decoder_steps, from_text, generate, slerp
from genkit.unet import PRESETS as UNETS


def test_the_x0_target_gives_back_the_noise_and_regresses_the_clean_sample():
    schedule = diffusion.make_schedule("cosine", 1000)
    torch.manual_seed(0)
    x0, eps = torch.randn(5, 8), torch.randn(5, 8)
    t = torch.tensor([1, 10, 300, 700, 990])
    xt = diffusion.q_sample(schedule, x0, t, eps)
    eps_back, x0_back = diffusion.to_eps_x0(schedule, xt, t, x0, target="x0")
    assert torch.equal(x0_back, x0) and torch.allclose(eps_back, eps, atol=1e-3)

    class Constant(torch.nn.Module):  # predicts zero: the loss on x0 is then E ||x0||^2
        def forward(self, xt, t, cond=None):
            return torch.zeros_like(xt)

    loss = diffusion.loss(Constant(), schedule, x0, target="x0")
    assert torch.allclose(loss, x0.square().mean())


def tiny_prior(seed: int = 0) -> DiffusionPrior:
    torch.manual_seed(seed)
    return DiffusionPrior(PriorConfig(embed=16, width=32, layers=1, heads=2))


def test_the_prior_drops_captions_for_its_null_and_samples_on_the_sphere():
    prior = tiny_prior()
    z_txt = F.normalize(torch.randn(4, 16), dim=-1)
    drop = torch.tensor([True, False, True, False])
    cond = prior.cond(z_txt, drop)
    assert torch.equal(cond[1], z_txt[1]) and torch.equal(cond[0], prior.null_text.detach())
    assert prior(torch.randn(4, 16), torch.tensor([1, 2, 3, 4]), cond).shape == (4, 16)
    runs = [list(prior_steps(prior, z_txt, w=2.0, steps=5, seed=3)) for _ in range(2)]
    assert len(runs[0]) == 5 and torch.equal(runs[0][-1].x_prev, runs[1][-1].x_prev)  # seeded
    for step in runs[0]:  # each prediction put back on the sphere of radius sqrt(E), where sqrt(E) z_img lives
        assert torch.allclose(step.x0.norm(dim=-1), torch.full((4,), math.sqrt(16)), atol=1e-4)
    z = sample(prior, z_txt, 2.0, steps=5, seed=3)
    assert torch.allclose(z.norm(dim=-1), torch.ones(4), atol=1e-5)
    with pytest.raises(ValueError, match="between 0 and 50"):
        next(prior_steps(prior, z_txt, w=-1))


def test_guidance_on_the_prior_is_the_one_formula():
    prior, schedule = tiny_prior(), diffusion.make_schedule("cosine", 1000)
    z_txt, xt = F.normalize(torch.randn(3, 16), dim=-1), torch.randn(3, 16)
    t, w = torch.full((3,), 500), 4.0
    with torch.no_grad():
        cond, uncond = prior(xt, t, z_txt), prior(xt, t, prior.null_cond(3))
        _, x0 = predict(prior, schedule, xt, 500, z_txt, prior.null_cond(1), w, "x0", clip_x0=False)
    assert torch.allclose(x0, uncond + w * (cond - uncond), atol=1e-5)


def test_a_short_training_maps_text_embeddings_to_their_image_embeddings():
    """The lecture's three steps on a made-up CLIP: z_img is a fixed rotation of z_txt. After 400 steps of the
    prior's loss, a sample is near its caption's image embedding (cosine 0.9 and more when this was written),
    and far nearer than to the others'."""
    torch.manual_seed(0)
    rotation = torch.linalg.qr(torch.randn(16, 16))[0]
    prior, schedule = tiny_prior(1), diffusion.make_schedule("cosine", 1000)
    opt = torch.optim.Adam(prior.parameters(), lr=3e-3)
    gen = torch.Generator().manual_seed(0)
    pool = F.normalize(torch.randn(8, 16), dim=-1)  # eight "captions"
    for _ in range(400):
        z_txt = pool[torch.randint(8, (64,), generator=gen)]
        drop = torch.rand(64, generator=gen) < 0.1
        loss = diffusion.loss(prior, schedule, (z_txt @ rotation) * prior.scale(), generator=gen,
                              cond=prior.cond(z_txt, drop), target="x0")
        opt.zero_grad()
        loss.backward()
        opt.step()
    z = sample(prior, pool, w=1.0, steps=25, seed=0)
    cosines = z @ (pool @ rotation).T  # (8, 8)
    assert cosines.diagonal().min() > 0.8, cosines.diagonal()
    assert (cosines.argmax(1) == torch.arange(8)).all()


def tiny_decoder(seed: int = 0) -> UnCLIPDecoder:
    torch.manual_seed(seed)
    unet = {**UNETS["tiny"].__dict__, "image_channels": 3, "image_size": 32, "schedule": "cosine", "target": "v"}
    return UnCLIPDecoder(UnCLIPConfig(embed=16, tokens=4, cond_dim=8, unet=unet))


def test_the_decoder_reads_an_embedding_as_a_pooled_vector_and_four_tokens():
    decoder = tiny_decoder()
    z = F.normalize(torch.randn(3, 16), dim=-1)
    cond = decoder.cond(z, drop=torch.tensor([False, True, False]))
    assert cond["pooled"].shape == (3, 8) and cond["tokens"].shape == (3, 4, 8) and cond["mask"].all()
    null = decoder.null_cond(1)
    assert torch.equal(cond["tokens"][1], null["tokens"][0]) and torch.equal(cond["pooled"][1], null["pooled"][0])
    assert not torch.equal(cond["tokens"][0], null["tokens"][0])
    a = [s.x_prev for s in decoder_steps(decoder, z, w=3.0, steps=4, seed=1)]
    b = generate(decoder, z, w=3.0, steps=4, seed=1)
    assert len(a) == 4 and torch.allclose(((a[-1] + 1) / 2).clamp(0, 1), b) and b.shape == (3, 3, 32, 32)
    x = from_text(tiny_prior(), tiny_decoder(), F.normalize(torch.randn(2, 16), dim=-1), steps=3)
    assert x.shape == (2, 3, 32, 32) and 0 <= x.min() and x.max() <= 1


def test_slerp_walks_the_great_circle():
    torch.manual_seed(0)
    a, b = F.normalize(torch.randn(16), dim=0), F.normalize(torch.randn(16), dim=0)
    omega = torch.arccos(a @ b)
    assert torch.allclose(slerp(a, b, 0.0), a, atol=1e-6) and torch.allclose(slerp(a, b, 1.0), b, atol=1e-6)
    for s in (0.25, 0.5, 0.8):
        p = slerp(a, b, s)
        assert abs(p.norm().item() - 1) < 1e-5  # on the sphere, where a straight line would not be
        assert abs(torch.arccos((p @ a).clamp(-1, 1)).item() - s * omega.item()) < 1e-4  # the angle grows with s
    assert torch.allclose(slerp(a, a, 0.3), a, atol=1e-6)  # the same point: no division by sin(0)


def test_the_three_commands_chain_and_report_the_issue_s_metric_names(tmp_path, monkeypatch):
    """clip -> prior -> unclip, smoke presets, into a checkpoints folder of their own; then genkit.eval."""
    from genkit import eval as scoreboard, hub, train

    folder = tmp_path / "checkpoints"
    folder.mkdir()
    (folder / "text2img-scenes").symlink_to(hub.ROOT / "checkpoints" / "text2img-scenes")  # the eval's baseline
    monkeypatch.setenv("GENKIT_CHECKPOINTS", str(folder))
    for model in ("clip", "prior", "unclip"):
        summary = train.main([model, "--dataset", "scenes", "--preset", "smoke", "--out", str(tmp_path / "runs"),
                              "--quiet"])
        (tmp_path / "runs" / summary["checkpoint"]).rename(folder / summary["checkpoint"])
    record = json.loads((folder / "unclip-scenes" / "train.json").read_text())
    assert record["clip"] == "clip-scenes" and record["command"].startswith("python -m genkit.train unclip")
    results = scoreboard.main(["clip-scenes", "prior-scenes", "unclip-scenes", "--n", "8", "--json"])
    assert {"zero_shot_top1", "zero_shot_top1_fr", "recall_at_1_image_to_text", "recall_at_1_text_to_image",
            "zero_shot_colour", "zero_shot_shape", "zero_shot_position"} <= set(results["clip-scenes"])
    assert {"match_rate", "match_rate_text2img_w3", "variation_keep_rate", "variation_moved_rate"} <= set(
        results["unclip-scenes"])
    assert all(0 <= v <= 1 for k, v in results["unclip-scenes"].items() if k.endswith("rate"))


def test_distinct_batches_have_no_repeated_caption():
    specs = scenes.distinct(200, random.Random(0))
    assert len({scenes.caption(s) for s in specs}) == 200
    _, captions, specs = scenes.batch(64, random.Random(1), unique=True)
    assert len({scenes.caption(s) for s in specs}) == 64 and len(captions) == 64
    assert len(scenes.single_scenes()) == 5 * 6 * 2 * 5
