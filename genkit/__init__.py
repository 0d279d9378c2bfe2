"""genkit: modern generative models written from scratch in PyTorch, for the classroom.

The package is a small textbook. Read it in the order of the lecture:

    conv.py  upsample.py         convolution, transposed convolution, upsampling
    metrics.py                   the LeNet-style classifier that judges generated images, FID-LeNet
    autoencoder.py  vae.py       compress and rebuild; the VAE, its bound and log p(x)
    gan.py  gan2d.py             the adversarial game on images and on the plane
    layers.py  unet.py           the U-Net's blocks, then the U-Net
    diffusion.py  samplers.py    schedules, the forward process and the loss; DDPM, DDIM, SDEdit
    text.py  text2img.py         a tokenizer and a text encoder; guided text-to-image
    scenes.py  scene_check.py    the procedural scenes and their captions; reading a generated scene

Around them: `data.py`, `images.py`, `sketch.py` (the inputs), `live.py` (the live tabs' games),
`weights.py`, `registry.py`, `hub.py`, `card.py` (checkpoints), `device.py`, `viz.py`, the
training loops in `loops/`, and the command-line entry points `train.py`, `eval.py`,
`bench.py` (`python -m genkit.train --help`), `loadtest.py`. The pictures of each tab are in
`views/`, the Gradio app in `ui/`, the only place that imports gradio. docs/ARCHITECTURE.md
is the map.
"""

__version__ = "0.1.0"
