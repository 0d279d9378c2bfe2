"""Servers for the end-to-end tests: `python app.py` as a subprocess on a free port.

`app_url` is the app as a student sees it (the project's checkpoints/ folder),
started once per test session. `broken_app` is another app whose checkpoints
folder is a copy where classifier-mnist (the Convolution tab's filters) is
missing, then, in a second run, truncated (its model.safetensors cut in half);
classifier-fashion is removed in both. They all run offline
(HF_HUB_OFFLINE=1): a missing checkpoint must never send the app to the Hub
during a test. Server logs go to artifacts/logs/, screenshots to
artifacts/screenshots/ (git-ignored).
"""

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
import torch

from genkit.appclient import start_app, stop_app

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
START_TIMEOUT = 120  # seconds: the app imports torch and gradio, on a machine shared with training jobs

BROKEN = "classifier-mnist"  # missing, or its model.safetensors cut in half, in the broken app's folder
OTHER = "classifier-fashion"  # removed from the broken app's folder too


@dataclass
class Server:
    """A running `python app.py`: its URL, process and log file."""

    url: str
    process: subprocess.Popen
    log: Path
    checkpoints: Path | None = None  # the GENKIT_CHECKPOINTS folder, when it is not the project's
    broken: str | None = None  # what was done to it: "missing" or "truncated"

    @property
    def pid(self) -> int:
        return self.process.pid

    def log_text(self, last: int = 6000) -> str:
        return self.log.read_text(errors="replace")[-last:] if self.log.exists() else "(no log)"


def start_server(name: str, env: dict | None = None) -> Server:
    """Start `python app.py` on a free port and wait until it answers (or fail with its log).

    Without GENKIT_DATA the app would ask torchvision to download MNIST when a tab needs the
    training images: the test servers get an empty data folder instead (they must never use
    the network), so those tabs answer with their "no data here" message.
    """
    (ARTIFACTS / "logs").mkdir(parents=True, exist_ok=True)
    log = ARTIFACTS / "logs" / f"{name}.log"
    env = {"GENKIT_DATA": os.environ.get("GENKIT_DATA") or tempfile.mkdtemp(prefix="genkit-no-data-"), **(env or {})}
    process, url = start_app(env, log=log, timeout=START_TIMEOUT)
    return Server(url, process, log)


def stop_server(server: Server) -> None:
    stop_app(server.process)


@pytest.fixture
def one_thread():
    """For tests of thousands of tiny ops: on a busy 2-core machine OpenMP's threads cost more than they save
    (a module opts in with ``pytestmark = pytest.mark.usefixtures("one_thread")``)."""
    n = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(n)


@pytest.fixture(scope="session")
def app_server():
    """The app with the project's checkpoints, shared by every end-to-end test of the session."""
    server = start_server("app")
    yield server
    stop_server(server)


@pytest.fixture(scope="session")
def app_url(app_server) -> str:
    """URL of the running app, e.g. http://127.0.0.1:54321/ (with the trailing slash)."""
    return app_server.url


def broken_checkpoints(folder: Path, how: str) -> Path:
    """A copy of checkpoints/ in `folder` with BROKEN removed (how="missing") or its weights cut in half
    (how="truncated"); OTHER is removed in both cases.

    When the project has no BROKEN checkpoint (a fresh clone), an untrained one is saved
    first, so that the test does not depend on trained files.
    """
    source = ROOT / "checkpoints"
    if source.exists():
        shutil.copytree(source, folder, dirs_exist_ok=True)
    folder.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(folder / OTHER, ignore_errors=True)
    if how == "missing":
        shutil.rmtree(folder / BROKEN, ignore_errors=True)
        return folder
    if not (folder / BROKEN / "model.safetensors").exists():
        from genkit import hub
        from genkit.metrics import Classifier, ClassifierConfig

        hub.save(Classifier(ClassifierConfig()), BROKEN, out_dir=folder)
    weights = folder / BROKEN / "model.safetensors"
    data = weights.read_bytes()
    weights.write_bytes(data[: len(data) // 2])
    return folder


@pytest.fixture(scope="module", params=["missing", "truncated"])
def broken_app(request, tmp_path_factory):
    """The app started on a copy of checkpoints/ where BROKEN is missing, then truncated (OTHER removed)."""
    folder = broken_checkpoints(tmp_path_factory.mktemp(f"checkpoints-{request.param}") / "checkpoints",
                                request.param)
    server = start_server(f"app-{request.param}-checkpoint", env={"GENKIT_CHECKPOINTS": str(folder)})
    server.checkpoints = folder
    server.broken = request.param
    yield server
    stop_server(server)
