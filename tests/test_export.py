"""genkit.export: each browser graph, run by onnxruntime, gives PyTorch's numbers; the noise the browser will
draw is a standard normal and reproducible; the exported DDIM step is the server's DDIM step."""

import numpy as np
import pytest
import torch

from genkit import export, hub
from genkit.samplers import ddim_sample, schedule_of

@pytest.mark.parametrize("name", ["diffusion-mnist", "flow-mnist", "text2img-scenes", "vae-mnist-z2", "gan-mnist"])
def test_graph_matches_pytorch(name, tmp_path):
    path = export.export(name, tmp_path / export.GRAPHS[name][0])
    assert path.stat().st_size > 100_000  # the weights are in the file
    assert export.check(name, path, batch=3) < export.TOLERANCE


def test_exported_steps_sample_what_the_server_samples(tmp_path):
    """The browser's loop (ONNX step after step on the trailing timesteps) ends where samplers.ddim_sample ends."""
    import onnxruntime as ort

    path = export.export("diffusion-mnist", tmp_path / "ddim_step.onnx")
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    model = hub.load("diffusion-mnist").eval()
    x_T = export.portable_noise(7, (2, 1, 28, 28))
    want, _ = ddim_sample(model, schedule_of(model), steps=4, x_T=x_T, target=model.config.target)
    x, ts = x_T.numpy(), [1000, 750, 500, 250, 0]
    for t, s in zip(ts[:-1], ts[1:]):
        x, _, image = session.run(None, {"x_t": x, "t": np.array([t]), "t_prev": np.array([s])})
    assert np.abs(x - want.numpy()).max() < 1e-3
    assert np.abs(image - export.to_image(want).numpy()).max() < 1e-3


def test_exported_euler_steps_sample_what_the_server_samples(tmp_path):
    """Flow matching: the browser's loop (the Euler step graph on samplers.flow_times) ends where euler_steps ends."""
    import onnxruntime as ort

    from genkit.samplers import euler_steps, flow_times

    path = export.export("flow-mnist", tmp_path / "euler_step.onnx")
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    model = hub.load("flow-mnist").eval()
    x_T = export.portable_noise(11, (2, 1, 28, 28))
    *_, want = euler_steps(model, steps=3, x_T=x_T)
    x, ts = x_T.numpy(), flow_times(3)
    for t, s in zip(ts[:-1], ts[1:]):
        x, _, image = session.run(None, {"x_t": x, "t": np.array([t], np.float32), "t_prev": np.array([s], np.float32)})
    assert np.abs(x - want.x_prev.numpy()).max() < 1e-3
    assert np.abs(image - export.to_image(want.x_prev).numpy()).max() < 1e-3


def test_exported_guided_steps_sample_what_the_server_samples(tmp_path):
    """Text-to-image: the browser's loop (token ids from the same vocabulary, the guided step graph at w = 3)
    ends where text2img.guided_steps ends from the same x_T, for a prompt and for the empty prompt."""
    import onnxruntime as ort

    from genkit import text2img

    path = export.export("text2img-scenes", tmp_path / "guided_step.onnx")
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    model = hub.load("text2img-scenes").eval()
    prompts = ["a red circle left of a blue square", ""]
    x_T = export.portable_noise(3, (2, 3, 32, 32))
    for want in text2img.guided_steps(model, prompts, w=3.0, steps=4, x_T=x_T):
        pass
    ids, _ = model.tokenizer.batch(prompts)
    x, ts = x_T.numpy(), [1000, 750, 500, 250, 0]
    for t, s in zip(ts[:-1], ts[1:]):
        x, _, image = session.run(None, {"x_t": x, "t": np.array([t]), "t_prev": np.array([s]), "ids": ids.numpy(),
                                         "w": np.array([3.0], dtype=np.float32)})
    assert np.abs(x - want.x_prev.numpy()).max() < 1e-3
    assert np.abs(image - export.to_image(want.x_prev).numpy()).max() < 1e-3
    assert np.abs(x[0] - x[1]).max() > 0.1  # the prompt was read: its image is not the unconditional one


def test_portable_noise_is_standard_normal_and_seeded():
    a = export.portable_noise(0, (100_000,))
    assert torch.equal(a, export.portable_noise(0, (100_000,)))
    assert not torch.equal(a[:100], export.portable_noise(1, (100,)))
    assert abs(a.mean().item()) < 0.02 and abs(a.std().item() - 1) < 0.02
    assert abs((a.abs() < 1).float().mean().item() - 0.6827) < 0.01  # one standard deviation either side
    assert export.portable_noise(3, (2, 3)).shape == (2, 3)


def test_mulberry32_is_the_published_generator():
    """The first outputs of mulberry32 for seed 0, computed by hand from its definition (uint32 arithmetic)."""
    def reference(seed, n):
        out = []
        for _ in range(n):
            seed = (seed + 0x6D2B79F5) % 2**32
            z = seed
            z = ((z ^ (z >> 15)) * (z | 1)) % 2**32
            z = (z ^ ((z + ((z ^ (z >> 7)) * (z | 61)) % 2**32) % 2**32))
            out.append((((z ^ (z >> 14)) % 2**32) + 1) / 2**32)
        return out
    assert np.allclose(export.mulberry32(12345, 5), reference(12345, 5), rtol=0, atol=0)
    assert ((0 < export.mulberry32(1, 1000)) & (export.mulberry32(1, 1000) <= 1)).all()


def test_command_never_overwrites(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("GENKIT_CHECKPOINTS", str(tmp_path))
    folder = tmp_path / "gan-mnist"
    folder.mkdir()
    for f in ("config.json", "model.safetensors"):
        (folder / f).write_bytes((hub.ROOT / "checkpoints" / "gan-mnist" / f).read_bytes())
    assert export.main(["gan-mnist"]) == 0
    first = (folder / "generator.onnx").read_bytes()
    (folder / "generator.onnx").write_bytes(b"kept")
    assert export.main(["gan-mnist"]) == 0
    assert (folder / "generator.onnx").read_bytes() == b"kept"  # there already: left alone
    assert "--replace" in capsys.readouterr().out
    assert export.main(["gan-mnist", "--replace"]) == 0
    assert len((folder / "generator.onnx").read_bytes()) == len(first)
    with pytest.raises(ValueError, match="no browser graph"):
        export.graph_path("clip-scenes")


@pytest.mark.parametrize("name", list(export.GRAPHS))
def test_committed_graph_is_its_checkpoint(name):
    """The graph the app serves (checkpoints/<name>/<graph>.onnx) computes what the committed weights compute:
    after a checkpoint is retrained, `python -m genkit.export --replace NAME` must rebuild it."""
    assert export.check(name, batch=2, seed=1) < export.TOLERANCE
