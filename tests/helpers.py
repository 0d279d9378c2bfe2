"""Small things the tests share: a tiny IDX data folder made on the spot (never real data)."""

from pathlib import Path

import numpy as np

from genkit.data import DATASETS, FILES, write_idx


def make_idx_folder(root: Path, n_train: int = 256, n_test: int = 128, seed: int = 0) -> Path:
    """Write mnist/ and fashion-mnist/ with random 28x28 images whose brightness encodes the label."""
    rng = np.random.default_rng(seed)
    for folder, _ in DATASETS.values():
        for split, n in (("train", n_train), ("test", n_test)):
            labels = rng.integers(0, 10, n).astype(np.uint8)
            images = rng.integers(0, 40, (n, 28, 28)).astype(np.uint8)
            for i, label in enumerate(labels):  # a bar whose row depends on the label: learnable
                images[i, 2 + 2 * label : 4 + 2 * label, 4:24] = 255
            image_file, label_file = FILES[split]
            write_idx(root / folder / image_file, images)
            write_idx(root / folder / label_file, labels)
    return root
