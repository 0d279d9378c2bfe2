"""Deploying the Space offline: the exact files, the app started from them alone, the upload's calls."""

import subprocess
from pathlib import Path

import pytest

from genkit import space
from genkit.appclient import (TAB_PREFIXES, digit_image, endpoints, finish, generators, make_client, start_app,
                              stop_app, tab_of, valid_args)
from tests.conftest import ROOT


def tracked(*folders: str) -> set[str]:
    out = subprocess.run(["git", "ls-files", *folders], cwd=ROOT, capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_the_plan_is_the_app_the_library_and_the_checkpoints():
    """Every file the app reads, no test, doc or data file; weights and pictures go as binaries."""
    plan = space.plan("someone", "cpu")
    library = {f for f in tracked("genkit") if f.endswith((".py", ".js"))} | tracked("genkit/ui/static")
    expected = {"app.py", "README.md", "docs/screenshot.png", "requirements.txt"} | library | tracked("checkpoints")
    assert set(plan["files"]) - {"genkit/hub_revisions.json"} == expected
    assert plan["repo_id"] == "someone/genkit"
    for path, info in plan["files"].items():
        assert info["binary"] == path.endswith((".safetensors", ".png", ".onnx", ".wasm.gz")), path
        if path != "requirements.txt":
            assert info["bytes"] == (ROOT / path).stat().st_size, path


def test_requirements_take_cpu_torch_on_cpu_hardware_only():
    cpu, gpu = space.requirements("cpu"), space.requirements("zerogpu")
    assert space.CPU_INDEX in cpu.splitlines() and space.CPU_INDEX not in gpu
    for text in (cpu, gpu):
        names = [line.split(">")[0].split("=")[0] for line in text.splitlines() if line and line[0].isalpha()]
        assert {"gradio", "torch", "torchvision"} <= set(names) and "pytest" not in names and "playwright" not in names
    with pytest.raises(ValueError, match="hardware"):
        space.plan("someone", "tpu")


@pytest.mark.slow
def test_the_staged_space_alone_serves_every_tab(tmp_path):
    """Started from the staged folder only (no project beside it, no network), one endpoint of each tab answers."""
    folder = space.stage(space.plan("someone", "cpu"), tmp_path / "space")
    env = {"PYTHONPATH": "", "GENKIT_CHECKPOINTS": str(folder / "checkpoints"), "HF_HUB_OFFLINE": "1"}
    process, url = start_app(env=env, log=tmp_path / "space.log", cwd=folder)
    try:
        client = make_client(url, str(tmp_path / "downloads"))
        api, streams, image = endpoints(client), generators(client), digit_image(tmp_path)
        tabs = {tab for _, tab in TAB_PREFIXES}
        first = {}
        for name in api:  # the first endpoint of each tab that does not stream
            if name not in streams:
                first.setdefault(tab_of(name), name)
        assert tabs <= set(first), f"tabs without an endpoint: {tabs - set(first)}"
        for tab in sorted(tabs):
            name = first[tab]
            result = finish(client.submit(*valid_args(api[name], image), api_name=name), False, 120)
            assert result is not None, f"{tab}: {name} gave nothing"
        client.close()
    finally:
        stop_app(process)


def test_upload_makes_a_gradio_space_and_sends_the_staged_files(tmp_path):
    """What HfApi is asked: a Space repo with the Gradio SDK, then one folder upload holding exactly the plan."""
    plan, calls = space.plan("someone", "zerogpu"), []

    class Api:  # huggingface_hub.HfApi's two methods, recorded
        def create_repo(self, repo_id, **kw):
            calls.append(("create_repo", repo_id, kw))

        def upload_folder(self, repo_id, folder_path, **kw):
            files = {str(p.relative_to(folder_path)) for p in Path(folder_path).rglob("*") if p.is_file()}
            calls.append(("upload_folder", repo_id, files, kw))
            return type("Commit", (), {"oid": "abc123"})()

    assert space.upload(plan, api=Api()) == "abc123"
    (_, repo, create), (_, repo2, files, upload) = calls
    assert repo == repo2 == "someone/genkit" and create["repo_type"] == "space" and create["space_sdk"] == "gradio"
    assert create["space_hardware"] == "zero-a10g" and upload["repo_type"] == "space"
    assert files == set(plan["files"])
