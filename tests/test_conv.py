"""genkit.conv and genkit.upsample against torch.nn.functional: values and gradients, many seeded random cases.

Property-style without hypothesis: each test draws its cases from a seeded generator, so a failure
prints the case and replays identically. Everything runs in float64 on tiny tensors (fast, exact).
"""

import math
import random

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from genkit import conv, upsample
from genkit.metrics import Classifier, ClassifierConfig

DT = torch.float64  # every tensor of these tests (the global default is left alone)


def randn(*shape) -> torch.Tensor:
    return torch.randn(*shape, dtype=DT)


@pytest.fixture(autouse=True)
def _seed():
    torch.manual_seed(0)  # the values too are replayable, not only the shapes


def _close(a, b, what=""):
    assert a.shape == b.shape, f"{what}: shape {tuple(a.shape)} != {tuple(b.shape)}"
    torch.testing.assert_close(a, b, rtol=1e-9, atol=1e-9, msg=lambda m: f"{what}: {m}")


def _grads(f, *tensors):
    """Output and gradients of sum(out * g) for a fixed random upstream gradient g."""
    leaves = [t.detach().clone().requires_grad_(True) if t is not None else None for t in tensors]
    out = f(*leaves)
    g = torch.randn(out.shape, generator=torch.Generator().manual_seed(1), dtype=DT)
    grads = torch.autograd.grad((out * g).sum(), [t for t in leaves if t is not None])
    return out.detach(), grads


def _pair_or_int(rng, low, high):
    return rng.randint(low, high) if rng.random() < 0.6 else (rng.randint(low, high), rng.randint(low, high))


def _conv_case(rng):
    return dict(B=rng.randint(1, 2), C=rng.randint(1, 3), O=rng.randint(1, 3), H=rng.randint(1, 9),
                W=rng.randint(1, 9), kh=rng.randint(1, 4), kw=rng.randint(1, 4), stride=_pair_or_int(rng, 1, 4),
                padding=_pair_or_int(rng, 0, 3), dilation=_pair_or_int(rng, 1, 3), bias=rng.random() < 0.5)


def _tensors(c, transposed=False):
    x = randn(c["B"], c["C"], c["H"], c["W"])
    w = randn(c["C"], c["O"], c["kh"], c["kw"]) if transposed else randn(c["O"], c["C"], c["kh"], c["kw"])
    b = randn(c["O"]) if c["bias"] else None
    return x, w, b


def _fits(c):
    pairs = [conv._pair(c[k]) for k in ("stride", "padding", "dilation")]
    return all(d * (k - 1) + 1 <= i + 2 * p
               for i, k, p, d in zip((c["H"], c["W"]), (c["kh"], c["kw"]), pairs[1], pairs[2]))


# ----------------------------------------------------------------------------- convolution


@pytest.mark.parametrize("method", ["unfold", "taps"])
def test_conv2d_matches_torch_values_and_gradients(method):
    rng = random.Random(0)
    checked = refused = 0
    for n in range(150):
        c = _conv_case(rng)
        x, w, b = _tensors(c)
        kw = dict(stride=c["stride"], padding=c["padding"], dilation=c["dilation"])
        if not _fits(c):  # the kernel does not fit in the padded input: both refuse
            with pytest.raises(conv.ShapeError) as e:
                conv.conv2d(x, w, b, method=method, **kw)
            assert e.value.code == "kernel_too_large" and e.value.details["axis"] in ("height", "width")
            with pytest.raises(RuntimeError):
                F.conv2d(x, w, b, **kw)
            refused += 1
            continue
        ours, g_ours = _grads(lambda x, w, *b: conv.conv2d(x, w, *b, method=method, **kw), x, w, b)
        ref, g_ref = _grads(lambda x, w, *b: F.conv2d(x, w, *b, **kw), x, w, b)
        _close(ours, ref, f"case {n} {c}")
        for a, r in zip(g_ours, g_ref):
            _close(a, r, f"gradient, case {n} {c}")
        checked += 1
    assert checked > 60 and refused > 5  # both branches really exercised


def test_conv2d_loops_is_the_same_definition():
    rng = random.Random(1)
    for n in range(40):
        c = _conv_case(rng)
        if not _fits(c):
            continue
        x, w, b = _tensors(c)
        kw = dict(stride=c["stride"], padding=c["padding"], dilation=c["dilation"])
        _close(conv.conv2d_loops(x, w, b, **kw), F.conv2d(x, w, b, **kw), f"case {n} {c}")


@pytest.mark.parametrize("case", [
    dict(H=1, W=1, kh=1, kw=1, stride=1, padding=0, dilation=1),  # 1x1 input, 1x1 kernel
    dict(H=1, W=1, kh=3, kw=3, stride=1, padding=1, dilation=1),  # 1x1 input, padded to fit a 3x3 kernel
    dict(H=1, W=1, kh=3, kw=3, stride=5, padding=2, dilation=2),  # dilated kernel exactly the padded input
    dict(H=7, W=7, kh=2, kw=2, stride=4, padding=0, dilation=1),  # stride larger than the kernel: cells skipped
    dict(H=5, W=5, kh=3, kw=3, stride=2, padding=0, dilation=1),  # the lecture: 5x5, 3x3, stride 2 -> 2x2
    dict(H=4, W=6, kh=4, kw=6, stride=3, padding=0, dilation=1),  # kernel as large as the input -> 1x1
])
def test_conv2d_edge_cases(case):
    c = dict(B=2, C=2, O=3, bias=True, **case)
    x, w, b = _tensors(c)
    kw = dict(stride=c["stride"], padding=c["padding"], dilation=c["dilation"])
    for method in ("unfold", "taps"):
        ours, g_ours = _grads(lambda x, w, b: conv.conv2d(x, w, b, method=method, **kw), x, w, b)
        ref, g_ref = _grads(lambda x, w, b: F.conv2d(x, w, b, **kw), x, w, b)
        _close(ours, ref, str(case))
        for a, r in zip(g_ours, g_ref):
            _close(a, r, f"gradient {case}")


def test_lecture_example_gives_two_by_two():
    x = torch.arange(25.0).reshape(1, 1, 5, 5)
    assert conv.conv2d(x, torch.ones(1, 1, 3, 3), stride=2).shape == (1, 1, 2, 2)
    assert conv.conv_transpose2d(torch.ones(1, 1, 2, 2), torch.ones(1, 1, 3, 3)).shape == (1, 1, 4, 4)


def test_kernel_larger_than_padded_input_is_refused_with_reason():
    with pytest.raises(conv.ShapeError) as e:
        conv.conv2d(torch.zeros(1, 1, 2, 5), torch.zeros(1, 1, 3, 3))
    assert e.value.code == "kernel_too_large" and e.value.details["axis"] == "height"
    assert "padded input has only" in str(e.value) and isinstance(e.value, ValueError)
    with pytest.raises(conv.ShapeError, match="channels"):
        conv.conv2d(torch.zeros(1, 2, 5, 5), torch.zeros(1, 3, 3, 3))
    with pytest.raises(ValueError, match="method"):
        conv.conv2d(torch.zeros(1, 1, 5, 5), torch.zeros(1, 1, 3, 3), method="fft")


# ----------------------------------------------------------------------------- transposed convolution


def _transpose_case(rng):
    c = _conv_case(rng)
    s, d = conv._pair(c["stride"]), conv._pair(c["dilation"])
    c["output_padding"] = tuple(rng.randint(0, max(si, di) - 1) for si, di in zip(s, d))
    return c


def _transposed_size_ok(c):
    s, p, d = (conv._pair(c[k]) for k in ("stride", "padding", "dilation"))
    return all((i - 1) * si - 2 * pi + di * (k - 1) + a + 1 >= 1
               for i, k, si, pi, di, a in zip((c["H"], c["W"]), (c["kh"], c["kw"]), s, p, d, c["output_padding"]))


def test_conv_transpose2d_matches_torch_values_and_gradients():
    rng = random.Random(2)
    checked = 0
    for n in range(150):
        c = _transpose_case(rng)
        x, w, b = _tensors(c, transposed=True)
        kw = dict(stride=c["stride"], padding=c["padding"], output_padding=c["output_padding"], dilation=c["dilation"])
        if not _transposed_size_ok(c):
            with pytest.raises(conv.ShapeError) as e:
                conv.conv_transpose2d(x, w, b, **kw)
            assert e.value.code == "padding_too_large"
            continue
        ours, g_ours = _grads(lambda x, w, *b: conv.conv_transpose2d(x, w, *b, **kw), x, w, b)
        ref, g_ref = _grads(lambda x, w, *b: F.conv_transpose2d(x, w, *b, **kw), x, w, b)
        _close(ours, ref, f"case {n} {c}")
        for a, r in zip(g_ours, g_ref):
            _close(a, r, f"gradient, case {n} {c}")
        if n % 4 == 0:
            _close(conv.conv_transpose2d_loops(x, w, b, **kw), ref, f"loops, case {n} {c}")
        checked += 1
    assert checked > 100


@pytest.mark.parametrize("case", [
    dict(H=1, W=1, k=3, stride=1, padding=0, output_padding=0, dilation=1),  # 1x1 input: the kernel itself
    dict(H=1, W=1, k=3, stride=2, padding=1, output_padding=1, dilation=1),
    dict(H=3, W=2, k=2, stride=4, padding=0, output_padding=3, dilation=1),  # stride > kernel: gaps of zeros
    dict(H=2, W=2, k=3, stride=2, padding=2, output_padding=0, dilation=2),  # padding crops, dilation spreads
    dict(H=2, W=2, k=1, stride=3, padding=0, output_padding=2, dilation=1),
])
def test_conv_transpose2d_edge_cases(case):
    x, w, b = randn(2, 2, case["H"], case["W"]), randn(2, 3, case["k"], case["k"]), randn(3)
    kw = {k: case[k] for k in ("stride", "padding", "output_padding", "dilation")}
    ours, g_ours = _grads(lambda x, w, b: conv.conv_transpose2d(x, w, b, **kw), x, w, b)
    ref, g_ref = _grads(lambda x, w, b: F.conv_transpose2d(x, w, b, **kw), x, w, b)
    _close(ours, ref, str(case))
    for a, r in zip(g_ours, g_ref):
        _close(a, r, f"gradient {case}")


def test_output_padding_must_be_smaller_than_stride_or_dilation():
    x, w = randn(1, 1, 3, 3), randn(1, 1, 3, 3)
    for s, d, a in [(1, 1, 1), (2, 1, 2), (2, 3, 3), (1, 2, 2)]:
        with pytest.raises(conv.ShapeError) as e:
            conv.conv_transpose2d(x, w, stride=s, dilation=d, output_padding=a)
        assert e.value.code == "output_padding"
        with pytest.raises(RuntimeError):
            F.conv_transpose2d(x, w, stride=s, dilation=d, output_padding=a)
    conv.conv_transpose2d(x, w, stride=1, dilation=2, output_padding=1)  # a < d is enough


# ----------------------------------------------------------------------------- the matrix view


def test_conv_matrix_gives_conv_and_its_transpose_gives_the_transposed_conv():
    rng = random.Random(3)
    checked = 0
    for n in range(80):
        c = _conv_case(rng)
        if not _fits(c):
            continue
        (H, W), (s, p, d) = (c["H"], c["W"]), (conv._pair(c[k]) for k in ("stride", "padding", "dilation"))
        w = randn(c["O"], c["C"], c["kh"], c["kw"])
        x = randn(c["C"], H, W)
        C = conv.conv_matrix(w, (c["C"], H, W), s, p, d)
        y = conv.conv2d(x[None], w, stride=s, padding=p, dilation=d)[0]  # (O, oh, ow)
        assert C.shape == (y.numel(), x.numel())
        _close(C @ x.flatten(), y.flatten(), f"C x, case {n} {c}")
        # the transposed convolution back to H x W is multiplication by C^T
        a = tuple((i + 2 * pi - di * (k - 1) - 1) % si for i, k, si, pi, di in zip((H, W), (c["kh"], c["kw"]), s, p, d))
        v = torch.randn_like(y)
        back = F.conv_transpose2d(v[None], w, stride=s, padding=p, output_padding=a, dilation=d)[0]
        _close(C.T @ v.flatten(), back.flatten(), f"C^T y, case {n} {c}")
        _close(conv.conv_transpose2d(v[None], w, stride=s, padding=p, output_padding=a, dilation=d)[0], back)
        # adjoint: <C x, v> = <x, C^T v>
        assert math.isclose((y * v).sum().item(), (x * back).sum().item(), rel_tol=1e-9, abs_tol=1e-9)
        checked += 1
    assert checked > 40


def test_conv_matrix_2d_kernel_and_sources_agree():
    k = torch.arange(1.0, 10.0).reshape(3, 3)
    C = conv.conv_matrix(k, (5, 5), stride=2, padding=1, dilation=1)
    assert C.shape == (9, 25)  # (5 + 2 - 3)/2 + 1 = 3 -> 3 x 3 outputs
    for row in range(9):
        i, j = divmod(row, 3)
        inside = [(r, q, a, b) for r, q, a, b in conv.conv_sources(i, j, (3, 3), 2, 1, 1) if 0 <= r < 5 and 0 <= q < 5]
        assert set(torch.nonzero(C[row]).flatten().tolist()) == {r * 5 + q for r, q, _, _ in inside}
        for r, q, a, b in inside:
            assert C[row, r * 5 + q] == k[a, b]
    # the transposed view: input cell (i, j) paints the cells of column (i, j) of C^T
    assert conv.conv_transpose_targets(1, 1, (3, 3), 2, 1, 1) == conv.conv_sources(1, 1, (3, 3), 2, 1, 1)


# ----------------------------------------------------------------------------- sizes


def test_output_size_formulas_match_torch():
    rng = random.Random(4)
    for _ in range(200):
        i, k, s, p, d = rng.randint(1, 12), rng.randint(1, 5), rng.randint(1, 5), rng.randint(0, 3), rng.randint(1, 3)
        x = torch.zeros(1, 1, i, 1)
        if d * (k - 1) + 1 <= i + 2 * p:
            o = conv.conv_output_size(i, k, s, p, d)
            assert o == F.conv2d(x, torch.zeros(1, 1, k, 1), stride=(s, 1), padding=(p, 0), dilation=(d, 1)).shape[2]
        else:
            with pytest.raises(conv.ShapeError):
                conv.conv_output_size(i, k, s, p, d)
        a = rng.randint(0, max(s, d) - 1)
        o = (i - 1) * s - 2 * p + d * (k - 1) + a + 1
        if o >= 1:
            assert conv.conv_transpose_output_size(i, k, s, p, d, a) == o == F.conv_transpose2d(
                x, torch.zeros(1, 1, k, 1), stride=(s, 1), padding=(p, 0), output_padding=(a, 0), dilation=(d, 1)
            ).shape[2]


@pytest.mark.parametrize("args, code", [
    ((0, 3, 1, 0, 1), "input"), ((5, 0, 1, 0, 1), "kernel"), ((5, 3, 0, 0, 1), "stride"),
    ((5, 3, 1, 0, 0), "dilation"), ((5, 3, 1, -1, 1), "padding"), ((2, 3, 1, 0, 1), "kernel_too_large"),
    ((3, 2, 1, 0, 3), "kernel_too_large"),
])
def test_conv_output_size_errors(args, code):
    with pytest.raises(conv.ShapeError) as e:
        conv.conv_output_size(*args)
    assert e.value.code == code and str(e.value)


def test_transposed_size_errors_and_stride_check():
    with pytest.raises(conv.ShapeError) as e:
        conv.conv_transpose_output_size(2, 3, 1, 0, 1, 1)
    assert e.value.code == "output_padding" and e.value.details == {"a": 1, "s": 1, "d": 1}
    with pytest.raises(conv.ShapeError) as e:
        conv.conv_transpose_output_size(1, 1, 1, 1)
    assert e.value.code == "padding_too_large"
    conv.check_stride(5, 5)  # the kernel is placed at 0, then would start past the end: allowed
    with pytest.raises(conv.ShapeError) as e:
        conv.check_stride(5, 6, 0)
    assert e.value.code == "stride_past_input" and e.value.details["padded"] == 5
    conv.check_stride(2, 6, 2)  # padding makes room


# ----------------------------------------------------------------------------- upsampling


@pytest.mark.parametrize("align_corners", [False, True])
def test_bilinear_matches_interpolate_values_and_gradients(align_corners):
    rng = random.Random(5)
    for n in range(60):
        shape = (rng.randint(1, 2), rng.randint(1, 3), rng.randint(1, 8), rng.randint(1, 8))
        if rng.random() < 0.5:
            kw = dict(size=(rng.randint(1, 17), rng.randint(1, 17)))
        else:
            kw = dict(scale_factor=rng.choice([2, 3, 4, 1.5, 2.5, 0.5, 1.75]))
            if min(math.floor(shape[2] * kw["scale_factor"]), math.floor(shape[3] * kw["scale_factor"])) < 1:
                continue
        x = randn(shape)
        ours, (g_ours,) = _grads(lambda x: upsample.upsample_bilinear(x, align_corners=align_corners, **kw), x)
        ref, (g_ref,) = _grads(lambda x: F.interpolate(x, mode="bilinear", align_corners=align_corners, **kw), x)
        _close(ours, ref, f"case {n} {shape} {kw}")
        _close(g_ours, g_ref, f"gradient, case {n} {shape} {kw}")


def test_bilinear_float32_matches_interpolate():
    x = torch.rand(1, 3, 7, 5, dtype=torch.float32)
    for ac in (False, True):
        ref = F.interpolate(x, scale_factor=2.5, mode="bilinear", align_corners=ac)
        torch.testing.assert_close(upsample.upsample_bilinear(x, scale_factor=2.5, align_corners=ac), ref)


def test_nearest_matches_interpolate():
    rng = random.Random(6)
    for n in range(80):
        shape = (1, rng.randint(1, 2), rng.randint(1, 10), rng.randint(1, 10))
        kw = (dict(size=(rng.randint(1, 23), rng.randint(1, 23))) if rng.random() < 0.5
              else dict(scale_factor=rng.choice([2, 3, 1.5, 2.05, 0.5, 3.3])))
        if "scale_factor" in kw and min(math.floor(s * kw["scale_factor"]) for s in shape[2:]) < 1:
            continue
        x = randn(shape)
        ours, (g_ours,) = _grads(lambda x: upsample.upsample_nearest(x, **kw), x)
        ref, (g_ref,) = _grads(lambda x: F.interpolate(x, mode="nearest", **kw), x)
        _close(ours, ref, f"case {n} {shape} {kw}")
        _close(g_ours, g_ref, f"gradient, case {n}")


def test_upsample_argument_errors():
    with pytest.raises(ValueError, match="exactly one"):
        upsample.upsample_bilinear(torch.zeros(1, 1, 2, 2))
    with pytest.raises(ValueError, match="0 cells"):
        upsample.upsample_nearest(torch.zeros(1, 1, 2, 2), scale_factor=0.2)


def test_transposed_upsampler_box_equals_repetition_and_bilinear_kernel_equals_interpolation():
    x = randn(2, 5, 6)
    for s in (2, 3, 4):
        _close(upsample.upsample_transposed(x, s, s, "box"), upsample.upsample_nearest(x, scale_factor=s))
    # FCN's tent kernel with k = 2s reproduces bilinear interpolation away from the border
    y = upsample.upsample_transposed(x, 2, 4, "bilinear")
    ref = F.interpolate(x[None], scale_factor=2, mode="bilinear", align_corners=False)[0]
    _close(y[:, 1:-1, 1:-1], ref[:, 1:-1, 1:-1])


def test_overlap_counts_show_the_checkerboard():
    for k in range(1, 9):
        for s in range(2, 5):
            p, a = upsample.same_scale_padding(k, s)
            assert 0 <= a < s
            counts = upsample.overlap_counts((9, 8), s, k)
            assert counts.shape == (9 * s, 8 * s)
            interior = counts[s * 4 : s * 5, s * 4 : s * 5]  # far from the borders
            if k % s == 0:
                assert (interior == (k // s) ** 2).all()
            else:
                assert interior.min() < interior.max()  # uneven overlap: the checkerboard
    assert set(upsample.overlap_counts((3, 3), 2, 3)[1:5, 1:5].unique().tolist()) == {1.0, 2.0, 4.0}
    assert upsample.overlap_counts((3, 3), 3, 1).min() == 0  # k < s: holes


# ----------------------------------------------------------------------------- presets and shapes


def test_presets_are_three_by_three_and_behave():
    x = torch.rand(1, 1, 9, 9, dtype=DT)
    flat = torch.full((1, 1, 9, 9), 0.7, dtype=DT)
    for name, rows in conv.PRESETS.items():
        w = torch.tensor(rows, dtype=DT)[None, None]
        assert w.shape == (1, 1, 3, 3), name
        y = conv.conv2d(flat, w)  # (1, 1, 7, 7): a flat image keeps sum(w) times its value
        _close(y, torch.full_like(y, 0.7 * w.sum().item()), name)
    _close(conv.conv2d(x, torch.tensor(conv.PRESETS["identity"], dtype=DT)[None, None], padding=1), x)


class TinyUNet(nn.Module):
    """Two levels, a skip connection by concatenation, an Identity that passes a tensor on."""

    def __init__(self):
        super().__init__()
        self.inc = nn.Conv2d(1, 4, 3, padding=1)
        self.keep = nn.Identity()
        self.down = nn.Conv2d(4, 8, 3, stride=2, padding=1)
        self.up = nn.ConvTranspose2d(8, 4, 2, stride=2)
        self.dec = nn.Sequential(nn.Conv2d(8, 4, 3, padding=1), nn.ReLU())
        self.out = nn.Conv2d(4, 1, 1)

    def forward(self, x):
        h1 = self.keep(self.inc(x))  # (B, 4, 8, 8)
        h = self.up(self.down(h1))  # (B, 4, 8, 8)
        return self.out(self.dec(torch.cat([h, h1], dim=1)))


def test_layer_shapes_of_the_classifier_go_down():
    net = Classifier(ClassifierConfig()).train()
    rows = conv.layer_shapes(net, torch.zeros(2, 1, 28, 28))
    assert rows[0].name == "block1.0" and rows[0].kind == "Conv2d"
    assert rows[0].input_shape == (1, 28, 28) and rows[0].output_shape == (16, 28, 28)
    assert rows[-1].kind == "Linear" and rows[-1].output_shape == (10,)
    sides = [r.output_shape[-1] for r in rows if len(r.output_shape) == 3]
    assert sides == sorted(sides, reverse=True) and sides[-1] == 7
    assert net.training and not net.block1[0]._forward_hooks and not net.block1[0]._forward_pre_hooks


def test_layer_shapes_finds_skip_connections_and_units():
    rows = conv.layer_shapes(TinyUNet(), torch.zeros(1, 1, 8, 8))
    by_name = {r.name: r for r in rows}
    assert [r.name for r in rows] == ["inc", "keep", "down", "up", "dec.0", "dec.1", "out"]
    assert by_name["dec.0"].input_shape == (8, 8, 8) and by_name["dec.0"].skips == ["inc"]  # Identity passes it on
    assert all(not r.skips for r in rows if r.name != "dec.0")
    rows = conv.layer_shapes(TinyUNet(), torch.zeros(1, 1, 8, 8), units=(nn.Sequential,))
    assert [r.name for r in rows][-2:] == ["dec", "out"] and rows[-2].skips == ["inc"]
