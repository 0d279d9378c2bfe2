"""Which device runs the models: the GPU when there is one, else the CPU.

`GENKIT_DEVICE` (``cpu``, ``cuda``, ``cuda:1`` ...) overrides the choice for the
app; the command-line tools take ``--device``.
"""

import os

import torch


def pick_device(name: str = "auto") -> torch.device:
    """Return the device named by `name`, or the best one available for ``auto``."""
    if name == "auto":
        name = os.environ.get("GENKIT_DEVICE", "auto")
    if name == "auto":
        name = "cuda" if torch.cuda.is_available() else "cpu"
    if name.startswith("cuda") and not torch.cuda.is_available():
        raise RuntimeError(f"device {name!r} was asked for, but this machine has no CUDA GPU; use --device cpu")
    return torch.device(name)


def set_threads() -> int:
    """Torch threads per request for the app and the benchmarks (``GENKIT_THREADS``, default 1).

    A classroom sends several requests at once to a 2-core machine: one thread each
    answers faster than two threads fighting over the same cores.
    """
    n = int(os.environ.get("GENKIT_THREADS", "1"))
    torch.set_num_threads(n)
    return n
