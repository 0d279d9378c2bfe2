"""Datasets: MNIST and Fashion-MNIST as whole tensors.

References: LeCun et al. (1998), the MNIST database; Xiao et al. (2017),
Fashion-MNIST. Both come as IDX files: a big-endian header (magic number, then
one 32-bit size per dimension) followed by raw unsigned bytes.

Where the files come from, in this order:
  1. the folder passed as ``--data-dir`` (the ``data_dir`` argument),
  2. else the folder named by the ``GENKIT_DATA`` environment variable,
  3. else a cache folder (``~/.cache/genkit/data``) filled by torchvision's own
     download (``torchvision.datasets.MNIST(download=True)``).

A data folder holds one subfolder per dataset with the original, gzipped IDX
files, exactly as distributed::

    DATA/mnist/train-images-idx3-ubyte.gz          DATA/fashion-mnist/...
    DATA/mnist/train-labels-idx1-ubyte.gz
    DATA/mnist/t10k-images-idx3-ubyte.gz
    DATA/mnist/t10k-labels-idx1-ubyte.gz

28x28 images are tiny: a whole training set is 47 MB as bytes, so training
keeps it as one tensor on the device and draws random batches by indexing,
with no DataLoader and no worker processes.
"""

import gzip
import os
import shutil
import struct
from pathlib import Path

import numpy as np
import torch

# name used on the command line -> (folder name, torchvision class name)
DATASETS = {
    "mnist": ("mnist", "MNIST"),
    "fashion": ("fashion-mnist", "FashionMNIST"),
}

CLASSES = {
    "mnist": {
        "en": ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"],
        "fr": ["zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf"],
    },
    "fashion": {
        "en": ["T-shirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle boot"],
        "fr": ["t-shirt", "pantalon", "pull", "robe", "manteau", "sandale", "chemise", "basket", "sac", "bottine"],
    },
}

FILES = {
    "train": ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"),
    "test": ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"),
}

CACHE_DIR = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "genkit" / "data"


class DataNotFoundError(FileNotFoundError):
    """The dataset is neither in the data folder nor downloadable."""


def read_idx(path: Path) -> np.ndarray:
    """Read one IDX file (gzipped or not) into an array of unsigned bytes."""
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rb") as f:
        raw = f.read()
    zero, dtype_code, ndim = struct.unpack(">HBB", raw[:4])
    if zero != 0 or dtype_code != 0x08:  # 0x08: unsigned byte, the only type MNIST uses
        raise ValueError(f"{path} is not an IDX file of unsigned bytes (header {raw[:4].hex()})")
    shape = struct.unpack(">" + "I" * ndim, raw[4 : 4 + 4 * ndim])
    data = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim)
    if data.size != int(np.prod(shape)):
        raise ValueError(f"{path} is truncated: header says {shape}, found {data.size} bytes")
    return data.reshape(shape)


def resolve_data_dir(data_dir: str | os.PathLike | None = None) -> tuple[Path | None, str]:
    """Return (folder, where it came from); folder is None when the cache should be used."""
    if data_dir:
        return Path(data_dir), "--data-dir"
    if os.environ.get("GENKIT_DATA"):
        return Path(os.environ["GENKIT_DATA"]), "GENKIT_DATA"
    return None, "cache"


def _from_folder(folder: Path, name: str, split: str, how: str) -> tuple[np.ndarray, np.ndarray]:
    sub = folder / DATASETS[name][0]
    paths = [sub / f for f in FILES[split]]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise DataNotFoundError(
            f"{name} ({split}) not found in the data folder given by {how}: missing "
            + ", ".join(missing)
            + f". The folder must hold {DATASETS[name][0]}/ with the original IDX .gz files "
            "(train-images-idx3-ubyte.gz, ...). Point --data-dir or GENKIT_DATA at such a folder, "
            "or set neither to let torchvision download the data into the cache."
        )
    return read_idx(paths[0]), read_idx(paths[1])


def _from_torchvision(name: str, split: str) -> tuple[np.ndarray, np.ndarray]:
    import torchvision

    cls = getattr(torchvision.datasets, DATASETS[name][1])
    folders = (CACHE_DIR.parent, CACHE_DIR, CACHE_DIR / DATASETS[name][1])  # ~/.cache/genkit/data/MNIST
    made = [f for f in folders if not f.exists()]  # what the download creates
    try:
        ds = cls(root=str(CACHE_DIR), train=(split == "train"), download=True)
    except Exception as e:  # no network, proxy refused, disk full ...
        if made:  # a failed download leaves no empty or half-filled folder behind
            shutil.rmtree(made[0], ignore_errors=True)
        raise DataNotFoundError(
            f"{name} is not in the cache folder {CACHE_DIR} and could not be downloaded ({e}). "
            f"Fix: connect to the internet once, or point GENKIT_DATA (or --data-dir) at a folder holding "
            f"{DATASETS[name][0]}/train-images-idx3-ubyte.gz and the three other IDX files."
        ) from e
    return ds.data.numpy(), ds.targets.numpy()


def load(name: str, split: str = "train", data_dir=None, device="cpu") -> tuple[torch.Tensor, torch.Tensor]:
    """Load a whole split as (x, y): x float (N, 1, 28, 28) in [0, 1], y long (N,)."""
    if name not in DATASETS:
        raise ValueError(f"unknown dataset {name!r}; choose one of {sorted(DATASETS)}")
    if split not in FILES:
        raise ValueError(f"unknown split {split!r}; choose 'train' or 'test'")
    folder, how = resolve_data_dir(data_dir)
    images, labels = _from_folder(folder, name, split, how) if folder else _from_torchvision(name, split)
    if len(images) != len(labels):
        raise ValueError(f"{name} ({split}): {len(images)} images but {len(labels)} labels")
    x = torch.from_numpy(images.copy()).to(device).unsqueeze(1).float().div_(255)  # (N, 1, 28, 28)
    y = torch.from_numpy(labels.astype(np.int64)).to(device)  # (N,)
    return x, y


def write_idx(path: Path, array: np.ndarray) -> None:
    """Write an array of unsigned bytes as a gzipped IDX file (used by the tests)."""
    array = np.ascontiguousarray(array, dtype=np.uint8)
    header = struct.pack(">HBB", 0, 0x08, array.ndim) + struct.pack(">" + "I" * array.ndim, *array.shape)
    path.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(path, "wb") as f:
        f.write(header + array.tobytes())


def random_batches(n: int, batch_size: int, generator: torch.Generator, device="cpu"):
    """Yield index tensors of one shuffled pass over n items (the last short batch is dropped)."""
    order = torch.randperm(n, generator=generator).to(device)
    for i in range(0, n - batch_size + 1, batch_size):
        yield order[i : i + batch_size]
