"""The command-line entry points: --help, a smoke run of each, and the final JSON line."""

import hashlib
import json
import subprocess
import sys

import pytest

from genkit import bench, eval as evaluate, hub, train
from tests.helpers import make_idx_folder


def last_json(capsys) -> dict:
    return json.loads(capsys.readouterr().out.strip().splitlines()[-1])


@pytest.mark.parametrize("module", ["genkit.train", "genkit.eval", "genkit.bench", "genkit.hub"])
def test_help(module):
    out = subprocess.run([sys.executable, "-m", module, "--help"], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and "usage: python -m " + module in out.stdout



def tree_digest(folder) -> dict:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_train_never_replaces_a_committed_checkpoint(tmp_path, monkeypatch, capsys):
    """The command that once overwrote checkpoints/vae-mnist-z2 with smoke weights: by default it writes to
    runs/ (GENKIT_RUNS here) and checkpoints/ stays byte-identical; --out checkpoints/ is refused."""
    before = tree_digest(hub.checkpoints_dir())
    monkeypatch.setenv("GENKIT_RUNS", str(tmp_path / "runs"))
    data_dir = make_idx_folder(tmp_path / "data", n_train=200, n_test=50)
    summary = train.main(["vae", "--dataset", "mnist", "--z", "2", "--preset", "smoke", "--data-dir", str(data_dir),
                          "--quiet"])
    assert summary["folder"] == str(tmp_path / "runs" / "vae-mnist-z2")
    assert (tmp_path / "runs" / "vae-mnist-z2" / "model.safetensors").exists()
    with pytest.raises(SystemExit):
        train.main(["vae", "--preset", "smoke", "--out", str(hub.checkpoints_dir()), "--data-dir", str(data_dir)])
    assert "--replace" in capsys.readouterr().err
    assert tree_digest(hub.checkpoints_dir()) == before


def test_train_replace_measures_the_new_weights(tmp_path, monkeypatch):
    """--replace writes into checkpoints/ and stores the new weights' own metrics and card, not the old ones."""
    monkeypatch.setenv("GENKIT_CHECKPOINTS", str(tmp_path / "checkpoints"))
    old = tmp_path / "checkpoints" / "classifier-mnist"
    old.mkdir(parents=True)
    (old / "metrics.json").write_text(json.dumps({"accuracy": 0.9999}))
    data_dir = make_idx_folder(tmp_path / "data", n_train=300, n_test=100)
    summary = train.main(["classifier", "--preset", "smoke", "--replace", "--data-dir", str(data_dir), "--quiet"])
    stored = json.loads((old / "metrics.json").read_text())
    assert summary["folder"] == str(old) and stored == summary["metrics"] and stored["accuracy"] != 0.9999
    assert f"{stored['accuracy']}" in (old / "README.md").read_text()


def test_loop_helpers_split_and_clock(tmp_path):
    """genkit.loops.common: the split cut to n_train with the batch size capped by it; the clock's record."""
    from argparse import Namespace

    import torch

    from genkit.loops.common import start_clock, stop_clock, training_split

    args = Namespace(dataset="mnist", data_dir=str(make_idx_folder(tmp_path, n_train=40, n_test=8)))
    x, y, batch_size = training_split(args, {"n_train": 30, "batch_size": 64}, torch.device("cpu"))
    assert x.shape == (30, 1, 28, 28) and y.shape == (30,) and batch_size == 30
    t0, bar = start_clock(3, "test", quiet=True)
    timing = stop_clock(t0, bar, torch.device("cpu"), 3, batch_size)
    assert list(timing) == ["seconds", "images_per_s", "steps"] and timing["steps"] == 3 and timing["images_per_s"] > 0

@pytest.fixture(scope="module")
def smoke_checkpoints(tmp_path_factory):
    """`python -m genkit.train classifier --preset smoke` on a tiny made-up IDX folder, for both datasets."""
    root = tmp_path_factory.mktemp("cli")
    data_dir = make_idx_folder(root / "data", n_train=600, n_test=200)
    summaries = [train.main(["classifier", "--dataset", d, "--preset", "smoke", "--data-dir", str(data_dir),
                             "--out", str(root / "checkpoints"), "--quiet"]) for d in ("mnist", "fashion")]
    return root, data_dir, summaries


def test_train_smoke_writes_a_checkpoint(smoke_checkpoints):
    root, _, summaries = smoke_checkpoints
    for s, name in zip(summaries, ("classifier-mnist", "classifier-fashion")):
        assert s["checkpoint"] == name and s["seconds"] > 0 and s["images_per_s"] > 0
        folder = root / "checkpoints" / name
        for f in ("config.json", "model.safetensors", "README.md", "train.json", "sample.png"):
            assert (folder / f).stat().st_mode & 0o777 == 0o644, f  # exists, readable by the Space and by git
        record = json.loads((folder / "train.json").read_text())
        assert record["command"] == f"python -m genkit.train classifier --dataset {name.split('-')[1]} --preset smoke"
        assert record["command"] in (folder / "README.md").read_text()
        config = json.loads((folder / "config.json").read_text())
        assert config["temperature"] == record["temperature"] > 0  # fitted, stored, rebuilt by the loader


def test_train_learns_the_made_up_task(smoke_checkpoints):
    _, _, summaries = smoke_checkpoints
    assert summaries[0]["test_accuracy"] > 0.5  # chance is 0.1; the bar's row gives the label away


def test_eval_json_and_write(smoke_checkpoints, monkeypatch, capsys):
    root, data_dir, _ = smoke_checkpoints
    monkeypatch.setenv("GENKIT_CHECKPOINTS", str(root / "checkpoints"))
    results = evaluate.main(["--data-dir", str(data_dir), "--json", "--write"])
    assert last_json(capsys) == results
    assert set(results) == {"classifier-mnist", "classifier-fashion"}
    m = results["classifier-mnist"]
    assert set(m) == {"accuracy", "calibration_error", "calibration_error_t1", "confident_fraction_test",
                      "fid_lenet_floor", "n_samples"} and m["n_samples"] == 200
    assert 0 <= m["accuracy"] <= 1 and m["fid_lenet_floor"] >= 0
    assert 0 <= m["calibration_error"] <= 1 and 0 <= m["confident_fraction_test"] <= 1
    stored = json.loads((root / "checkpoints" / "classifier-mnist" / "metrics.json").read_text())
    assert stored == m
    assert f"| `accuracy` | {m['accuracy']} |" in (root / "checkpoints" / "classifier-mnist" / "README.md").read_text()


def test_eval_without_data_fails_clearly(smoke_checkpoints, monkeypatch, tmp_path, capsys):
    root, _, _ = smoke_checkpoints
    monkeypatch.setenv("GENKIT_CHECKPOINTS", str(root / "checkpoints"))
    with pytest.raises(SystemExit) as exit_:
        evaluate.main(["classifier-mnist", "--data-dir", str(tmp_path)])
    assert exit_.value.code == 2 and "t10k-images-idx3-ubyte.gz" in capsys.readouterr().err


def test_bench_json(capsys):
    results = bench.main(["classifier_predict_1", "--repeat", "5", "--json"])
    assert last_json(capsys) == results
    r = results["classifier_predict_1"]
    assert r["calls"] == 5 and 0 < r["median_ms"] <= r["p95_ms"]


def test_bench_unknown_task_is_refused():
    with pytest.raises(SystemExit):
        bench.main(["no_such_task"])


def test_hub_dry_run_prints_plan(smoke_checkpoints, monkeypatch, capsys):
    root, _, _ = smoke_checkpoints
    monkeypatch.setenv("GENKIT_CHECKPOINTS", str(root / "checkpoints"))
    summary = hub.main(["push", "--dry-run", "--namespace", "teacher", "--only", "classifier-fashion"])
    out = capsys.readouterr().out
    assert "would upload to teacher/genkit-classifier-fashion" in out and "--- README.md (model card) ---" in out
    assert json.loads(out.strip().splitlines()[-1]) == summary
    assert summary["classifier-fashion"]["repo_id"] == "teacher/genkit-classifier-fashion"
