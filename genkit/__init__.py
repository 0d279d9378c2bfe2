"""genkit: modern generative models written from scratch in PyTorch, for the classroom.

The package is a small textbook. Read it in the order of the lecture:

    conv.py          convolution, transposed convolution, upsampling
    metrics.py       the LeNet-style classifier used to judge generated images
    autoencoder.py   vae.py   gan.py   unet.py   diffusion.py   samplers.py   text.py

`data.py` loads the datasets, `hub.py` saves and loads checkpoints, and
`train.py`, `eval.py`, `bench.py` are the command-line entry points
(`python -m genkit.train --help`). The Gradio app lives in `genkit/ui/` and is
the only place that imports gradio.
"""

__version__ = "0.1.0"
