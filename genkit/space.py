"""The classroom's Space: exactly the files ``python app.py`` needs, uploaded with huggingface_hub.

``python -m genkit.hub space --namespace NAME [--hardware cpu|zerogpu] [--dry-run]``

A Space is a git repository on the Hub, but a plain ``git push`` of this project is refused
("Your push was rejected because it contains binary files"): the Hub takes binaries (the weights,
the PNGs) only through its own storage (Xet), and here they are plain git blobs. So this module
stages the Space in a folder and hands it to ``HfApi.upload_folder``, which sends each binary
through that storage:

    app.py, genkit/**.py, genkit/ui/*.js      the app and the library (no tests, no training data)
    genkit/ui/static/**                       what the app serves to browsers: onnxruntime-web (vendored)
    checkpoints/<name>/*                      every registered checkpoint present: weights, cards, replays
    README.md, docs/screenshot.png            the Space's card: its front matter says sdk: gradio, app.py
    requirements.txt                          the app's, with torch from PyTorch's CPU index on CPU hardware

torch on a CPU Space: PyPI's Linux torch is the CUDA build (about 5 GB installed with its CUDA
libraries), useless without a GPU. The conventional fix is PyTorch's own CPU wheel index, given
to pip as an extra index in the Space's requirements.txt: its ``+cpu`` wheels (about 0.8 GB)
win over PyPI's build of the same version (PEP 440: a local version sorts after its public one).
Only the Space's copy says so; the project's requirements.txt stays plain, so a GPU machine
installing it gets CUDA. ZeroGPU hardware keeps PyPI's CUDA build.
"""

import shutil
from pathlib import Path

from genkit.registry import REGISTRY, hub_namespace

ROOT = Path(__file__).resolve().parent.parent
CPU_INDEX = "--extra-index-url https://download.pytorch.org/whl/cpu"
HARDWARE = {"cpu": None, "zerogpu": "zero-a10g"}  # --hardware -> the Hub's space_hardware (None: CPU basic)
CARD_FILES = ("README.md", "docs/screenshot.png")


def is_binary(data: bytes) -> bool:
    """What the Hub refuses as a plain git blob: a NUL byte in the first 8 kB (weights, PNGs)."""
    return b"\0" in data[:8192]


def requirements(hardware: str, source: Path = ROOT / "requirements.txt") -> str:
    """The Space's requirements.txt: the app's lines only (no test tools), CPU torch on CPU hardware."""
    lines = source.read_text().splitlines()
    app = lines[: next((i for i, line in enumerate(lines) if line.strip() == "# Tests"), len(lines))]
    head = ["# CPU Space: PyTorch's CPU wheels (genkit/space.py says why)", CPU_INDEX] if hardware == "cpu" else []
    return "\n".join(head + app).rstrip() + "\n"


def space_files(root: Path = ROOT) -> list[str]:
    """The paths, relative to `root`, that the Space needs, sorted: the app, the library, the checkpoints."""
    files = ["app.py", *[str(p.relative_to(root)) for p in (root / "genkit").rglob("*.py")]]
    files += [str(p.relative_to(root)) for p in (root / "genkit" / "ui").glob("*.js")]
    files += [str(p.relative_to(root)) for p in (root / "genkit" / "ui" / "static").rglob("*") if p.is_file()]
    files += [p for p in CARD_FILES if (root / p).exists()]
    if (root / "genkit" / "hub_revisions.json").exists():
        files.append("genkit/hub_revisions.json")
    for name in REGISTRY:
        folder = root / "checkpoints" / name
        if (folder / "model.safetensors").exists():
            files += [str(p.relative_to(root)) for p in folder.iterdir() if p.is_file()]
    return sorted(set(files))


def plan(namespace: str | None = None, hardware: str = "cpu", name: str = "genkit", root: Path = ROOT) -> dict:
    """Exactly what `upload` would send: the Space's id and every file with its size and whether it is binary."""
    if hardware not in HARDWARE:
        raise ValueError(f"--hardware must be one of {sorted(HARDWARE)}, not {hardware!r}")
    files = {}
    for path in space_files(root):
        data = (root / path).read_bytes()
        files[path] = {"bytes": len(data), "binary": is_binary(data)}
    text = requirements(hardware, root / "requirements.txt")
    files["requirements.txt"] = {"bytes": len(text.encode()), "binary": False}
    return {"repo_id": f"{namespace or hub_namespace()}/{name}", "hardware": hardware, "requirements": text,
            "files": dict(sorted(files.items()))}


def stage(the_plan: dict, folder: Path, root: Path = ROOT) -> Path:
    """Copy the plan's files into `folder` (the Space as it will be), with the Space's requirements.txt."""
    for path in the_plan["files"]:
        if path != "requirements.txt":
            (folder / path).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(root / path, folder / path)
    (folder / "requirements.txt").write_text(the_plan["requirements"])
    return folder


def upload(the_plan: dict, private: bool = False, api=None) -> str:
    """Create the Space (if missing) and upload the staged files in one commit; returns the commit's id."""
    import tempfile

    from huggingface_hub import HfApi

    api = api or HfApi()  # the token comes from HF_TOKEN or `hf auth login`; it is never printed
    api.create_repo(the_plan["repo_id"], repo_type="space", space_sdk="gradio", private=private, exist_ok=True,
                    space_hardware=HARDWARE[the_plan["hardware"]])
    with tempfile.TemporaryDirectory(prefix="genkit-space-") as tmp:
        folder = stage(the_plan, Path(tmp))
        info = api.upload_folder(repo_id=the_plan["repo_id"], repo_type="space", folder_path=str(folder),
                                 commit_message="genkit: deploy the classroom app")
    return getattr(info, "oid", None) or str(info)
