"""genkit.data: IDX reading, where the data comes from, and the errors when it is missing."""

import gzip

import numpy as np
import pytest
import torch

from genkit import data
from tests.helpers import make_idx_folder


def test_idx_round_trip(tmp_path):
    array = np.random.default_rng(1).integers(0, 256, (5, 28, 28)).astype(np.uint8)
    data.write_idx(tmp_path / "x.gz", array)
    assert np.array_equal(data.read_idx(tmp_path / "x.gz"), array)


def test_truncated_idx_is_refused(tmp_path):
    array = np.zeros((5, 28, 28), np.uint8)
    data.write_idx(tmp_path / "x.gz", array)
    raw = gzip.open(tmp_path / "x.gz").read()
    with gzip.open(tmp_path / "y.gz", "wb") as f:
        f.write(raw[:-100])
    with pytest.raises(ValueError, match="truncated"):
        data.read_idx(tmp_path / "y.gz")


def test_load_from_data_dir_gives_float_tensors(tmp_path):
    make_idx_folder(tmp_path, n_train=64, n_test=32)
    x, y = data.load("fashion", "test", data_dir=tmp_path)
    assert x.shape == (32, 1, 28, 28) and x.dtype == torch.float32
    assert y.shape == (32,) and y.dtype == torch.long
    assert 0.0 <= x.min() and x.max() == 1.0
    # the bar drawn by make_idx_folder sits at the row given by the label
    row = 2 + 2 * int(y[0])
    assert x[0, 0, row, 10] == 1.0


def test_environment_variable_is_used(tmp_path, monkeypatch):
    make_idx_folder(tmp_path, n_train=16, n_test=8)
    monkeypatch.setenv("GENKIT_DATA", str(tmp_path))
    x, _ = data.load("mnist", "train")
    assert len(x) == 16


def test_data_dir_wins_over_environment(tmp_path, monkeypatch):
    make_idx_folder(tmp_path / "a", n_train=16, n_test=8)
    monkeypatch.setenv("GENKIT_DATA", str(tmp_path / "nowhere"))
    x, _ = data.load("mnist", "train", data_dir=tmp_path / "a")
    assert len(x) == 16


def test_missing_files_say_where_and_how(tmp_path):
    with pytest.raises(data.DataNotFoundError) as err:
        data.load("mnist", "train", data_dir=tmp_path)
    message = str(err.value)
    assert str(tmp_path / "mnist" / "train-images-idx3-ubyte.gz") in message
    assert "--data-dir" in message and "GENKIT_DATA" in message


def test_offline_cache_miss_says_how_to_fix(tmp_path, monkeypatch):
    monkeypatch.delenv("GENKIT_DATA", raising=False)
    monkeypatch.setattr(data, "CACHE_DIR", tmp_path / "cache")

    class Offline:  # stands in for torchvision's dataset class when the network is down
        def __init__(self, **kwargs):
            raise OSError("network unreachable")

    import torchvision

    monkeypatch.setattr(torchvision.datasets, "MNIST", Offline)
    with pytest.raises(data.DataNotFoundError) as err:
        data.load("mnist", "train")
    assert str(tmp_path / "cache") in str(err.value) and "GENKIT_DATA" in str(err.value)


def test_unknown_names_are_refused(tmp_path):
    with pytest.raises(ValueError, match="unknown dataset"):
        data.load("cifar", "train", data_dir=tmp_path)
    with pytest.raises(ValueError, match="unknown split"):
        data.load("mnist", "valid", data_dir=tmp_path)


def test_random_batches_cover_each_index_once():
    g = torch.Generator().manual_seed(0)
    batches = list(data.random_batches(10, 3, g))
    seen = torch.cat(batches)
    assert len(batches) == 3 and len(set(seen.tolist())) == 9


def test_a_failed_download_leaves_no_empty_folder(tmp_path, monkeypatch):
    """torchvision makes its folders before downloading; when the download fails, they are removed."""
    import torchvision

    class Offline:  # torchvision's MNIST without a network: the folders first, then the error
        def __init__(self, root, train, download):
            (tmp_path / "cache" / "genkit" / "data" / "MNIST" / "raw").mkdir(parents=True)
            raise OSError("network unreachable")

    monkeypatch.setattr(data, "CACHE_DIR", tmp_path / "cache" / "genkit" / "data")
    monkeypatch.setattr(torchvision.datasets, "MNIST", Offline)
    with pytest.raises(data.DataNotFoundError, match="could not be downloaded"):
        data._from_torchvision("mnist", "train")
    assert not (tmp_path / "cache" / "genkit").exists() and (tmp_path / "cache").exists()
