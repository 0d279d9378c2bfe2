"""The autoencoder, the shared encoder/decoder blocks, and genkit.sketch (MNIST's preprocessing of drawings).

Every image here is drawn on the spot (strokes, dots, blank canvases): no dataset image.
"""

import numpy as np
import pytest
import torch
from PIL import Image, ImageDraw

from genkit import hub, sketch
from genkit.autoencoder import CONFIGS, Autoencoder, AutoencoderConfig, ConvDecoder, ConvEncoder, reconstruction_error

TINY = AutoencoderConfig(z=3, channels=(4, 8), hidden=16)


def stroke_canvas(size=280, mode="RGBA", width=18, points=((140, 50), (120, 140), (150, 230))):
    """A black stroke on a transparent (RGBA) or white (RGB, L) canvas, as an array."""
    bg = {"RGBA": (0, 0, 0, 0), "RGB": (255, 255, 255), "L": 255}[mode]
    ink = {"RGBA": (0, 0, 0, 255), "RGB": (0, 0, 0), "L": 0}[mode]
    im = Image.new(mode, (size, size), bg)
    ImageDraw.Draw(im).line(list(points), fill=ink, width=width)
    return np.asarray(im)


# ----------------------------------------------------------------------------- the model


def test_shapes_and_range():
    torch.manual_seed(0)
    model = Autoencoder(TINY)
    x = torch.rand(5, 1, 28, 28)
    z = model.encode(x)
    assert z.shape == (5, 3)
    x_hat = model.decode(z)
    assert x_hat.shape == (5, 1, 28, 28) and 0 <= x_hat.min() and x_hat.max() <= 1
    assert torch.allclose(model(x), x_hat)
    assert reconstruction_error(x, x_hat).shape == (5,)
    # the loss is the squared error summed over pixels, averaged over the batch
    assert torch.allclose(model.loss(x), (x_hat - x).square().sum((1, 2, 3)).mean())


def test_shared_blocks_are_the_same_classes_in_both_models():
    from genkit.vae import VAE, VAEConfig

    ae, vae = Autoencoder(TINY), VAE(VAEConfig(z=3, channels=(4, 8), hidden=16))
    for m in (ae, vae):
        assert isinstance(m.encoder, ConvEncoder) and isinstance(m.decoder, ConvDecoder)
    assert vae.encoder.fc[-1].out_features == 2 * ae.encoder.fc[-1].out_features  # mu and logvar


def test_training_reduces_the_error():
    torch.manual_seed(0)
    model = Autoencoder(TINY)
    x = torch.zeros(8, 1, 28, 28)
    x[:, :, 8:20, 10:18] = 1.0
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    first = model.loss(x).item()
    for _ in range(25):
        loss = model.loss(x)
        opt.zero_grad()
        loss.backward()
        opt.step()
    assert loss.item() < 0.6 * first


def test_save_load_round_trip(tmp_path, monkeypatch):
    monkeypatch.setenv("GENKIT_CHECKPOINTS", str(tmp_path))
    model = Autoencoder(CONFIGS[2]).eval()
    hub.save(model, "ae-mnist-z2", train_record={"command": "test"})
    back = hub.load("ae-mnist-z2")
    assert back.config == model.config
    x = torch.rand(2, 1, 28, 28)
    with torch.no_grad():  # the weights are stored in half precision
        assert torch.allclose(back(x), model(x), atol=2e-2)


# ----------------------------------------------------------------------------- genkit.sketch


def test_sketchpad_rgba_stroke_becomes_an_mnist_digit():
    p = sketch.prepare({"background": None, "layers": [], "composite": stroke_canvas()})
    assert p.x.shape == (1, 28, 28) and 0 <= p.x.min() and p.x.max() <= 1
    assert set(p.steps) == {"ink", "crop", "box", "centered"}
    assert max(p.steps["box"].shape) == sketch.BOX  # the longer side fitted to 20 pixels
    h, w = p.steps["box"].shape
    assert h == 20 and w < 20  # a tall stroke keeps its aspect ratio
    # centre of mass at the centre of the 28x28 field (within a pixel)
    c = p.steps["centered"]
    cy = (c.sum(1) * np.arange(28)).sum() / c.sum()
    cx = (c.sum(0) * np.arange(28)).sum() / c.sum()
    assert abs(cy - 13.5) <= 1 and abs(cx - 13.5) <= 1
    assert not p.inverted


def test_layers_without_composite_are_stacked():
    layer = stroke_canvas()
    p = sketch.prepare({"background": np.zeros((280, 280, 4), np.uint8), "layers": [layer], "composite": None})
    q = sketch.prepare({"composite": layer})
    assert torch.allclose(p.x, q.x, atol=1e-6)


@pytest.mark.parametrize("mode", ["RGB", "L"])
def test_dark_on_white_is_inverted(mode):
    p = sketch.prepare(stroke_canvas(mode=mode))
    assert p.inverted and p.x.max() > 0.9 and p.x[0, 0, 0] == 0  # light ink on black, like MNIST
    rgba = sketch.prepare(stroke_canvas(mode="RGBA"))
    assert torch.allclose(p.x, rgba.x, atol=0.05)


@pytest.mark.parametrize("blank", [
    np.zeros((280, 280, 4), np.uint8),  # an untouched sketchpad: transparent
    np.full((280, 280, 3), 255, np.uint8),  # all white
    np.zeros((50, 60), np.uint8),  # all black
    np.full((64, 64, 4), 255, np.uint8),  # opaque white RGBA
])
def test_blank_is_a_clear_error(blank):
    with pytest.raises(sketch.SketchError) as e:
        sketch.prepare(blank)
    assert e.value.code == "blank"


def test_single_dot_is_a_clear_error():
    canvas = np.zeros((280, 280, 4), np.uint8)
    canvas[140:144, 100:104] = (0, 0, 0, 255)
    with pytest.raises(sketch.SketchError) as e:
        sketch.prepare(canvas)
    assert e.value.code == "dot" and "4 x 4" in str(e.value)
    click = Image.new("RGBA", (280, 280), (0, 0, 0, 0))  # one click of the sketchpad's 18-pixel brush
    ImageDraw.Draw(click).ellipse((130, 130, 148, 148), fill=(0, 0, 0, 255))
    with pytest.raises(sketch.SketchError) as e:
        sketch.prepare({"composite": np.asarray(click)})
    assert e.value.code == "dot"


def test_huge_and_odd_images():
    wide = np.full((40, 3000, 3), 255, np.uint8)
    wide[10:30, 100:2900] = 0  # a long bar: fitted to 20 pixels wide, a few high
    p = sketch.prepare(wide)
    assert p.steps["box"].shape[1] == 20 and p.x.shape == (1, 28, 28)
    huge = np.full((4000, 3000), 255, np.uint8)
    huge[500:3500, 1400:1600] = 0
    assert sketch.prepare(huge).x.sum() > 10
    one_pixel_line = np.zeros((28, 28), np.uint8)
    one_pixel_line[4:24, 14] = 255  # a thin 1, already light on black
    p = sketch.prepare(one_pixel_line)
    assert not p.inverted and p.steps["box"].shape[0] == 20
    float_image = torch.rand(3, 30, 30) * 0.05  # a faint tensor (C, H, W): below the ink threshold
    with pytest.raises(sketch.SketchError):
        sketch.prepare(float_image)
    for bad in (np.zeros((5,)), np.zeros((4, 4, 7))):
        with pytest.raises(sketch.SketchError) as e:
            sketch.prepare(bad)
        assert e.value.code == "shape"
    assert sketch.layers_of(None) is None and sketch.layers_of({"composite": None, "layers": []}) is None
