"""Export to ONNX: the sampling networks as graphs a browser runs (onnxruntime-web), so that a class of 100
generates on its own phones and laptops instead of queueing on one CPU.

What is exported is the *step* of each sampler, network and update together, traced from the very Python
functions the server samples with (`samplers.ddim_step`, `VAE.decode`, the GAN's generator): the maths
stays here, and the browser's script (genkit/ui/browser.js) only loops over the timesteps and paints pixels.

    ddim_step.onnx   diffusion-{mnist,fashion}: (x_t, t, t_prev) -> (x_prev, x0_image, x_prev_image),
                     one DDIM step with eta = 0 (Song et al. 2021, eq. 12), images in [0, 1]
    euler_step.onnx  flow-mnist: (x_t, t, t_prev) -> (x_prev, x0_image, x_prev_image), one Euler step of the flow
                     x_s = x_t + (s - t) v_theta(x_t, t), times in [0, 1]
    guided_step.onnx text2img-{scenes,digits}: (x_t, t, t_prev, ids, w) -> (x_prev, x0_image, x_prev_image),
                     the same step with classifier-free guidance, the prompt's token ids in, text encoder inside
    decoder.onnx     vae-{mnist,fashion}-z2: z (B, 2) -> the mean of p(x | z) (B, 1, 28, 28) in [0, 1]
    generator.onnx   gan-{mnist,fashion}: z (B, 64) -> G(z) mapped to [0, 1]

Format: ONNX opset 17, float32 weights and activations (onnxruntime-web's WebAssembly backend runs float32
fastest; float16 would halve the download of models that already weigh 1 to 3 MB). The batch axis is
dynamic. A graph is written next to its checkpoint (checkpoints/<name>/<graph>.onnx) and rebuilt from it by
``python -m genkit.export [NAME ...]``; `check` runs it with onnxruntime against PyTorch.

Same seed, same picture: `portable_noise` draws x_T from a seed with a generator simple enough to be
written again in JavaScript (mulberry32, then Box-Muller), so the browser and the server start from the
same noise; DDIM with eta = 0 is then deterministic.
"""

import argparse
import math
import sys
from pathlib import Path

import numpy as np
import torch
from torch import nn

from genkit import hub
from genkit.samplers import ddim_step, euler_step, schedule_of

OPSET = 17
TOLERANCE = 1e-3  # max |onnxruntime - PyTorch| allowed on one step, on images in [0, 1] (float32 rounding)


# ----------------------------------------------------------------------------- the graphs


class DDIMStep(nn.Module):
    """(x_t (B, 1, 28, 28), t (1,), t_prev (1,)) -> (x_prev, x0 as an image, x_prev as an image): one DDIM step."""

    inputs = ("x_t", "t", "t_prev")
    outputs = ("x_prev", "x0_image", "x_prev_image")

    def __init__(self, model):
        super().__init__()
        self.model, self.schedule, self.target = model, schedule_of(model), model.config.target

    def forward(self, x_t, t, t_prev):
        x_prev, x0, _ = ddim_step(self.model, self.schedule, x_t, t, t_prev, target=self.target)
        return x_prev, to_image(x0), to_image(x_prev)

    def example(self):
        c, s = self.model.config.image_channels, self.model.config.image_size
        return torch.zeros(2, c, s, s), torch.tensor([999]), torch.tensor([959])


class EulerStep(nn.Module):
    """(x_t (B, 1, 28, 28), t (1,), t_prev (1,)) -> (x_prev, x0 as an image, x_prev as an image): one Euler step of
    flow matching from time t to t_prev < t (floats in [0, 1]), samplers.euler_step."""

    inputs = ("x_t", "t", "t_prev")
    outputs = ("x_prev", "x0_image", "x_prev_image")

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, x_t, t, t_prev):
        x_prev, x0 = euler_step(self.model, x_t, t, t_prev)
        return x_prev, to_image(x0), to_image(x_prev)

    def example(self):
        c, s = self.model.config.image_channels, self.model.config.image_size
        return torch.zeros(2, c, s, s), torch.tensor([1.0]), torch.tensor([0.75])


class GuidedStep(nn.Module):
    """(x_t (B, C, H, W), t (1,), t_prev (1,), ids (B, L), w (1,)) -> (x_prev, x0 as an image, x_prev as an image):
    one DDIM step of text-to-image with classifier-free guidance, the unconditional and conditional passes as one
    batch of 2B (samplers.predict). The prompt comes in as token ids (0 for padding, the checkpoint's vocabulary);
    the text encoder runs inside the graph (TextToImage.cond_of_ids), so the browser only splits words."""

    inputs = ("x_t", "t", "t_prev", "ids", "w")
    outputs = ("x_prev", "x0_image", "x_prev_image")

    def __init__(self, model):
        super().__init__()
        self.model, self.schedule, self.target = model, schedule_of(model.unet), model.unet.config.target

    def forward(self, x_t, t, t_prev, ids, w):
        cond, null = self.model.cond_of_ids(ids), self.model.null_cond(1)
        x_prev, x0, _ = ddim_step(self.model, self.schedule, x_t, t, t_prev, cond=cond, null_cond=null, w=w,
                                  target=self.target)
        return x_prev, to_image(x0), to_image(x_prev)

    def example(self):
        c, s = self.model.unet.config.image_channels, self.model.unet.config.image_size
        ids = torch.zeros(2, self.model.config.max_len, dtype=torch.long)
        ids[:, :2] = torch.tensor([1, 2])  # two known words (any ids do: the trace records the operations)
        return torch.zeros(2, c, s, s), torch.tensor([999]), torch.tensor([959]), ids, torch.tensor([3.0])


class Decoder(nn.Module):
    """z (B, 2) -> the VAE's decoding, the mean of p(x | z), (B, 1, 28, 28) in [0, 1]."""

    inputs, outputs = ("z",), ("image",)

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, z):
        return self.model.decode(z)

    def example(self):
        return (torch.zeros(2, self.model.config.z),)


class Generator(nn.Module):
    """z (B, z_dim) -> G(z) in [0, 1] (the GAN's tanh output mapped from [-1, 1])."""

    inputs, outputs = ("z",), ("image",)

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, z):
        return to_image(self.model.G(z))

    def example(self):
        return (torch.zeros(2, self.model.z_dim),)


def to_image(x: torch.Tensor) -> torch.Tensor:
    """[-1, 1] -> [0, 1], clamped: what a canvas paints."""
    return ((x + 1) / 2).clamp(0, 1)


GRAPHS = {  # checkpoint -> (file name, the module that wraps it)
    **{f"diffusion-{d}": ("ddim_step.onnx", DDIMStep) for d in ("mnist", "fashion")},
    "flow-mnist": ("euler_step.onnx", EulerStep),
    **{f"text2img-{d}": ("guided_step.onnx", GuidedStep) for d in ("scenes", "digits")},
    **{f"vae-{d}-z2": ("decoder.onnx", Decoder) for d in ("mnist", "fashion")},
    **{f"gan-{d}": ("generator.onnx", Generator) for d in ("mnist", "fashion")},
}


def graph_path(name: str) -> Path:
    """Where checkpoint `name`'s graph lives: next to its weights."""
    if name not in GRAPHS:
        raise ValueError(f"{name} has no browser graph; these do: {', '.join(GRAPHS)}")
    return hub.checkpoints_dir() / name / GRAPHS[name][0]


def wrap(name: str) -> nn.Module:
    """The checkpoint loaded (CPU, eval mode) inside its graph module."""
    return GRAPHS[name][1](hub.load(name).eval()).eval()


def export(name: str, out: Path | None = None) -> Path:
    """Trace checkpoint `name`'s graph to ONNX at `out` (default: next to the checkpoint) -> the path."""
    graph, out = wrap(name), Path(out) if out else graph_path(name)
    batched = (graph.inputs[0], *graph.outputs, *(["ids"] if "ids" in graph.inputs else []))  # (B, ...) each
    with torch.no_grad():
        torch.onnx.export(graph, graph.example(), str(out), input_names=list(graph.inputs),
                          output_names=list(graph.outputs), opset_version=OPSET, dynamo=False,
                          dynamic_axes={k: {0: "batch"} for k in batched})
    return out


def check(name: str, path: Path | None = None, batch: int = 4, seed: int = 0) -> float:
    """Max |onnxruntime - PyTorch| over every output of the graph at `path`, on seeded inputs."""
    import onnxruntime as ort  # a test and tool dependency only: the app never runs ONNX itself

    graph = wrap(name)
    feeds = example_inputs(graph, batch, seed)
    session = ort.InferenceSession(str(path or graph_path(name)), providers=["CPUExecutionProvider"])
    got = session.run(None, {k: v.numpy() for k, v in feeds.items()})
    with torch.no_grad():
        want = graph(*feeds.values())
    want = want if isinstance(want, tuple) else (want,)
    return max(float(np.abs(g - w.numpy()).max()) for g, w in zip(got, want))


def example_inputs(graph: nn.Module, batch: int, seed: int) -> dict:
    """Seeded inputs of a graph: noise for x_t and z, a step from t = 500 to 460 for DDIM."""
    shape = (batch, *graph.example()[0].shape[1:])
    feeds = {graph.inputs[0]: portable_noise(seed, shape)}
    if isinstance(graph, (DDIMStep, GuidedStep)):
        feeds |= {"t": torch.tensor([500]), "t_prev": torch.tensor([460])}
    if isinstance(graph, EulerStep):
        feeds |= {"t": torch.tensor([0.5]), "t_prev": torch.tensor([0.375])}
    if isinstance(graph, GuidedStep):  # a prompt of the vocabulary's first words, an empty one last; w = 3
        ids = torch.zeros(batch, graph.model.config.max_len, dtype=torch.long)
        for i in range(batch - 1):
            ids[i, : i + 1] = torch.arange(1, i + 2)
        feeds |= {"ids": ids, "w": torch.tensor([3.0])}
    return feeds


# ----------------------------------------------------------------------------- the noise both sides draw


def mulberry32(seed: int, n: int) -> np.ndarray:
    """n uniform numbers in (0, 1] from a 32-bit seed: Tommy Ettinger's mulberry32, the same bits as the
    JavaScript in genkit/ui/browser.js (`mulberry32`), which is why it works on uint32 by hand."""
    out, state, m = np.empty(n), seed & 0xFFFFFFFF, 0xFFFFFFFF
    for i in range(n):
        state = (state + 0x6D2B79F5) & m
        z = state
        z = ((z ^ (z >> 15)) * (z | 1)) & m
        z ^= (z + (((z ^ (z >> 7)) * (z | 61)) & m)) & m
        out[i] = (((z ^ (z >> 14)) & m) + 1) / 4294967296  # in (0, 1]: log(u) is finite
    return out


def portable_noise(seed: int, shape) -> torch.Tensor:
    """eps ~ N(0, I) of `shape` from `seed`, reproducible in a browser: pairs of uniforms (u1, u2) become
    sqrt(-2 log u1) cos(2 pi u2) and sqrt(-2 log u1) sin(2 pi u2) (Box & Muller 1958)."""
    n = math.prod(shape)
    u = mulberry32(seed, 2 * ((n + 1) // 2)).reshape(-1, 2)
    r, theta = np.sqrt(-2 * np.log(u[:, 0])), 2 * np.pi * u[:, 1]
    z = np.stack([r * np.cos(theta), r * np.sin(theta)], axis=1).reshape(-1)[:n]
    return torch.from_numpy(z.astype(np.float32)).reshape(shape)


# ----------------------------------------------------------------------------- command line


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m genkit.export", description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help=f"checkpoints (default: every one present of {', '.join(GRAPHS)})")
    parser.add_argument("--replace", action="store_true", help="rebuild a graph that is already there")
    args = parser.parse_args(argv)
    names = args.names or [n for n in GRAPHS if (hub.checkpoints_dir() / n / "model.safetensors").exists()]
    for name in names:
        path = graph_path(name)
        if path.exists() and not args.replace:
            print(f"{name}: {path} is there (--replace rebuilds it)")
            continue
        tmp = export(name, path.with_suffix(".onnx.tmp"))  # in place only once it is checked: no half-written graph
        try:
            diff = check(name, tmp)
        except Exception:
            tmp.unlink()
            raise
        if not diff <= TOLERANCE:
            tmp.unlink()
            raise SystemExit(f"{name}: onnxruntime and PyTorch differ by {diff:.1e} > {TOLERANCE}; nothing written")
        tmp.replace(path)
        print(f"{name}: {path} ({path.stat().st_size / 1e6:.1f} MB), max |onnxruntime - torch| = {diff:.1e}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
