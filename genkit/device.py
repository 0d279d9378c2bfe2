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


# ----------------------------------------------------------------------------- a server's memory
#
# A load test of 50 students made the app's resident memory grow by half in two minutes, with no
# Python object left behind. Two caches below Python did it, and each is bounded here:


ONEDNN_CACHE = "64"  # convolution kernels kept compiled: a full cache is ~20 MB instead of ~350 MB


def bound_kernel_cache() -> None:
    """Keep at most 64 compiled convolution kernels (oneDNN's cache; call before torch runs a convolution).

    On a CPU, torch hands convolutions to oneDNN, which compiles a kernel for each new shape and keeps
    up to 1,024 of them, about 0.35 MB each. A class uploads images of every size, so the cache only
    grows. 64 kernels hold every shape a tab uses again and again: the benchmarks do not move
    (ONEDNN_PRIMITIVE_CACHE_CAPACITY=0, no cache at all, makes sampling 30% slower). An explicit
    ONEDNN_PRIMITIVE_CACHE_CAPACITY in the environment wins.
    """
    os.environ.setdefault("ONEDNN_PRIMITIVE_CACHE_CAPACITY", ONEDNN_CACHE)


def return_freed_memory(every_s: float | None = None) -> bool:
    """Every few seconds, give the memory that finished requests freed back to the system.

    A request's tensors are freed when it ends, but glibc keeps the freed pages in the heaps of the
    threads that used them, fragmented, and the process' resident memory (what the Space is billed
    and killed for) keeps its peak. ``malloc_trim(0)`` hands the free pages back; it takes a few
    milliseconds, in a daemon thread (GENKIT_TRIM_S seconds apart, default 5; 0 turns it off).
    Returns False where there is nothing to do: no glibc (macOS, Windows, musl) or turned off.
    """
    import ctypes
    import threading
    import time

    every_s = float(os.environ.get("GENKIT_TRIM_S", "5")) if every_s is None else every_s
    try:
        trim = ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return False
    if every_s <= 0:
        return False

    def loop():
        while True:
            time.sleep(every_s)
            trim(0)

    threading.Thread(target=loop, daemon=True, name="malloc-trim").start()
    return True
