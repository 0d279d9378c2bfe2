"""genkit.hub and genkit.card: save/load round trip, clear errors, offline Hub, push dry run, pull."""

import ast
import dataclasses
import json
import shutil
from pathlib import Path

import huggingface_hub.constants as hf_constants
import pytest
import torch

from genkit import card, hub, registry, weights
from genkit.metrics import Classifier, ClassifierConfig

NAME = "classifier-mnist"
REV = "0123456789abcdef0123456789abcdef01234567"


@pytest.fixture
def saved(tmp_path, monkeypatch):
    """A freshly saved classifier in a private checkpoints folder, and its float16-rounded outputs."""
    monkeypatch.setenv("GENKIT_CHECKPOINTS", str(tmp_path / "checkpoints"))
    torch.manual_seed(0)
    model = Classifier(ClassifierConfig()).eval()
    folder = hub.save(model, NAME, train_record={"command": "python -m genkit.train classifier", "seconds": 1.0})
    x = torch.rand(4, 1, 28, 28)
    reference = Classifier(ClassifierConfig()).eval()
    reference.load_state_dict({k: v.half().float() if v.is_floating_point() else v
                               for k, v in model.state_dict().items()})
    with torch.no_grad():
        return folder, x, reference(x)


def test_round_trip_gives_identical_outputs(saved):
    folder, x, expected = saved
    assert sorted(p.name for p in folder.iterdir()) == ["README.md", "config.json", "model.safetensors", "train.json"]
    model = hub.load(NAME)
    with torch.no_grad():
        assert torch.equal(model(x), expected)
    assert not model.training


def test_weights_are_half_precision(saved):
    from safetensors import safe_open

    folder, _, _ = saved
    with safe_open(str(folder / "model.safetensors"), framework="pt") as f:
        dtypes = {f.get_tensor(k).dtype for k in f.keys()}
    assert torch.float16 in dtypes and torch.float32 not in dtypes


def test_truncated_weights_name_the_file_and_the_command(saved):
    folder, _, _ = saved
    weights = folder / "model.safetensors"
    weights.write_bytes(weights.read_bytes()[:1000])
    with pytest.raises(hub.CheckpointError) as err:
        hub.load(NAME)
    assert "corrupt" in str(err.value) and "python -m genkit.train classifier --dataset mnist" in str(err.value)


def test_missing_file_names_it(saved):
    folder, _, _ = saved
    (folder / "config.json").unlink()
    with pytest.raises(hub.CheckpointError, match="config.json is missing"):
        hub.load(NAME)


def test_mismatched_weights_fail_under_strict_loading(saved):
    folder, _, _ = saved
    config = json.loads((folder / "config.json").read_text())
    config["hidden"] = 64  # config.json holds the config dataclass's fields
    (folder / "config.json").write_text(json.dumps(config))
    with pytest.raises(hub.CheckpointError, match="does not match"):
        hub.load(NAME)


def test_pickle_files_are_never_loaded(saved):
    folder, _, _ = saved
    (folder / "model.safetensors").unlink()
    torch.save({}, folder / "pytorch_model.bin")  # what the stock mixin would fall back to
    with pytest.raises(hub.CheckpointError, match="model.safetensors is missing"):
        hub.load(NAME)


def test_unknown_name():
    with pytest.raises(hub.CheckpointError, match="unknown checkpoint"):
        hub.load("classifier-cifar")


def _fake_hub_cache(root, folder, repo_id, revision):
    """The layout huggingface_hub's cache has after a download: refs/main and snapshots/<rev>/."""
    repo = root / ("models--" + repo_id.replace("/", "--"))
    (repo / "refs").mkdir(parents=True)
    (repo / "refs" / "main").write_text(revision)
    shutil.copytree(folder, repo / "snapshots" / revision)


@pytest.fixture
def offline_hub(saved, tmp_path, monkeypatch):
    folder, x, expected = saved
    cache = tmp_path / "hf-cache"
    _fake_hub_cache(cache, folder, hub.entry(NAME).repo_id, REV)
    shutil.rmtree(folder)  # no local checkpoint: loading must go through the registry
    monkeypatch.setattr(hf_constants, "HF_HUB_CACHE", str(cache))
    monkeypatch.setattr(hf_constants, "HF_HUB_OFFLINE", True)
    monkeypatch.setitem(hub.REGISTRY, NAME, dataclasses.replace(hub.REGISTRY[NAME], revision=REV))
    return x, expected


def test_load_through_registry_offline(offline_hub):
    x, expected = offline_hub
    model = hub.load(NAME)
    with torch.no_grad():
        assert torch.equal(model(x), expected)


def test_wrong_revision_offline_is_a_clear_error(offline_hub):
    with pytest.raises(hub.CheckpointError) as err:
        hub.load(NAME, revision="f" * 40)
    assert "f" * 40 in str(err.value) and "python -m genkit.hub pull" in str(err.value)


def test_missing_repo_offline_is_a_clear_error(offline_hub, monkeypatch):
    monkeypatch.setenv("GENKIT_HUB_NAMESPACE", "nobody")
    with pytest.raises(hub.CheckpointError, match="nobody/genkit-classifier-mnist"):
        hub.load(NAME)


def test_pull_offline_fills_checkpoints(offline_hub):
    x, expected = offline_hub
    assert hub.pull([NAME]) == [NAME]
    assert (hub.checkpoints_dir() / NAME / "model.safetensors").exists()
    with torch.no_grad():
        assert torch.equal(hub.load(NAME)(x), expected)


def test_dry_run_lists_files_and_a_complete_card(saved, monkeypatch):
    folder, _, _ = saved
    metrics = {"accuracy": 0.5, "fid_lenet_floor": 1.25, "n_samples": 10000}
    (folder / "metrics.json").write_text(json.dumps(metrics))
    card.write(folder, NAME)
    plan = hub.push([NAME], namespace="teacher", private=False, dry_run=True)[0]
    assert plan["repo_id"] == "teacher/genkit-classifier-mnist"
    assert sorted(plan["files"]) == ["README.md", "config.json", "metrics.json", "model.safetensors", "train.json"]
    text = plan["card"]
    for needed in ("license: mit", "library_name: pytorch", "pipeline_tag: image-classification", "datasets:",
                   "## Architecture", "parameters", "## Data", "## Training", "python -m genkit.train classifier",
                   "## Evaluation", "## Use it", 'Classifier.from_pretrained("teacher/genkit-classifier-mnist")',
                   "Lecture concept", "huggingface.co/spaces/teacher/genkit"):
        assert needed in text, needed
    for key, value in metrics.items():
        assert f"| `{key}` | {value} |" in text


def test_dry_run_of_missing_checkpoint_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("GENKIT_CHECKPOINTS", str(tmp_path))
    with pytest.raises(hub.CheckpointError, match="nothing to push"):
        hub.push([NAME], namespace=None, private=False, dry_run=True)


def test_unpublished_missing_checkpoint_fails_at_once(tmp_path, monkeypatch):
    """No local folder and no pinned revision: a clear error without touching the network."""
    monkeypatch.setenv("GENKIT_CHECKPOINTS", str(tmp_path))
    monkeypatch.setattr(weights, "hf_hub_download", lambda *a, **k: pytest.fail("the Hub was asked"))
    with pytest.raises(hub.CheckpointError, match="has not been published"):
        hub.load(NAME)


COMMITTED = sorted(p.parent.name for p in (hub.ROOT / "checkpoints").glob("*/model.safetensors"))


@pytest.mark.parametrize("name", COMMITTED)
def test_dry_run_of_every_committed_checkpoint(name, monkeypatch):
    """What would be uploaded for each committed checkpoint: its files, and a card that matches metrics.json."""
    monkeypatch.setenv("GENKIT_CHECKPOINTS", str(hub.ROOT / "checkpoints"))
    folder = hub.ROOT / "checkpoints" / name
    plan = hub.upload_plan(name, namespace="teacher")
    assert {"config.json", "model.safetensors", "README.md", "train.json", "metrics.json", "sample.png"} <= set(plan["files"])
    assert set(plan["files"]) <= set(hub.UPLOADED)
    text = plan["card"]
    for needed in ("license: mit", "library_name: pytorch", "pipeline_tag:", "## Architecture", "## Data",
                   "## Training", "## Evaluation", "## Sample", "## Use it", f'"teacher/genkit-{name}"'):
        assert needed in text, needed
    train = json.loads((folder / "train.json").read_text())
    assert train["command"].startswith(f"python -m genkit.train {hub.entry(name).model} ") and train["command"] in text
    for key, value in json.loads((folder / "metrics.json").read_text()).items():
        assert f"| `{key}` | {value} |" in text, key
    # the committed card is the one the files produce (with the default namespace)
    monkeypatch.delenv("GENKIT_HUB_NAMESPACE", raising=False)
    assert (folder / "README.md").read_text() == card.render(folder, name)


def test_every_committed_checkpoint_loads_strictly():
    for name in COMMITTED:
        model = hub.load(name)
        assert not model.training and sum(p.numel() for p in model.parameters()) > 0


def _genkit_imports(path: Path) -> set[str]:
    """The genkit modules a source file imports, at any depth (inside functions too): "genkit.hub", ..."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found |= {node.module} | {f"{node.module}.{a.name}" for a in node.names}
    return {m for m in found if m.startswith("genkit")}


def test_card_and_registry_do_not_import_hub():
    """One direction only: hub -> card -> registry, hub -> registry; never card or registry -> hub."""
    for module in (card, registry):
        imports = _genkit_imports(Path(module.__file__))
        assert not any(m == "genkit.hub" or m.startswith("genkit.hub.") for m in imports), (module.__name__, imports)
    assert "genkit.registry" in _genkit_imports(Path(card.__file__))
    assert hub.entry is registry.entry and hub.REGISTRY is registry.REGISTRY
    assert hub.CheckpointError is registry.CheckpointError
