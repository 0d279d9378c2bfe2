"""Checkpoints: saving, loading, and the Hub, for the models that genkit/registry.py lists.

A checkpoint is a folder ``checkpoints/<name>/`` named ``<model>-<dataset>[-<variant>]``:

    config.json         the model's config dataclass, enough to rebuild it
    model.safetensors   the weights in half precision (no pickle anywhere)
    README.md           the model card (written by `genkit.card` from the two files below)
    train.json          how it was made: command, device, time, images per second
    metrics.json        what `python -m genkit.eval --write` measured
    sample.png          a picture the model made (or, for a classifier, its filters)

Loading looks in ``checkpoints/<name>/`` first (``GENKIT_CHECKPOINTS`` moves that
folder), then in the Hub repository that the registry (genkit/registry.py) names,
at its pinned revision. Every model class inherits `genkit.weights.GenkitModel`, which mixes
in ``huggingface_hub.PyTorchModelHubMixin`` and loads with ``strict=True``.

Command line (``python -m genkit.hub --help``): ``push`` uploads, ``pull`` downloads, ``space``
deploys the app itself as a Gradio Space (genkit/space.py).
"""

import json
import os
import shutil
import sys
from pathlib import Path

from safetensors import SafetensorError
from torch import nn

from genkit import card
from genkit.registry import REGISTRY, REVISIONS_FILE, CheckpointError, entry, hub_namespace, rebuild_hint
from genkit.weights import GenkitModel

ROOT = Path(__file__).resolve().parent.parent


def checkpoints_dir() -> Path:
    return Path(os.environ.get("GENKIT_CHECKPOINTS", ROOT / "checkpoints"))


def save(model: GenkitModel, name: str, out_dir=None, train_record: dict | None = None, sample=None) -> Path:
    """Write config.json, model.safetensors, train.json, sample.png (a PIL image) and the card into <out_dir>/<name>/."""
    folder = Path(out_dir or checkpoints_dir()) / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "README.md").unlink(missing_ok=True)  # the mixin writes a stub card only if none exists
    model.save_pretrained(folder)
    if train_record is not None:
        (folder / "train.json").write_text(json.dumps(train_record, indent=2) + "\n")
    if sample is not None:
        sample.save(folder / "sample.png")
    card.write(folder, name)
    return folder


def load(name: str, device="cpu", revision: str | None = None) -> nn.Module:
    """Load a registered checkpoint: the local folder first, then the Hub (pinned revision)."""
    e = entry(name)
    local = checkpoints_dir() / name
    if local.exists():
        for needed in ("config.json", "model.safetensors"):
            if not (local / needed).exists():
                raise CheckpointError(f"checkpoint {name} is incomplete: {local / needed} is missing. {rebuild_hint(name)}")
    source = str(local) if local.exists() else e.repo_id
    rev = revision or e.revision
    if source == e.repo_id and rev is None:  # never published: do not wait on the network for nothing
        raise CheckpointError(f"checkpoint {name} not found: {local} does not exist, and {name} has no pinned "
                              f"Hub revision (it has not been published). {rebuild_hint(name)}")
    try:
        model = e.model_class().from_pretrained(source, revision=rev, map_location=str(device))
    except (SafetensorError, json.JSONDecodeError, UnicodeDecodeError) as err:
        bad = "model.safetensors" if isinstance(err, SafetensorError) else "config.json"
        where = Path(source) / bad if local.exists() else f"{source}/{bad}"
        raise CheckpointError(f"checkpoint {name} is corrupt: {where} cannot be read ({err}). "
                              f"{rebuild_hint(name)}") from err
    except Exception as err:
        from_hub = type(err).__module__.startswith("huggingface_hub") or isinstance(err, OSError)
        if source == e.repo_id and from_hub:  # offline and not cached, wrong revision, unknown repo ...
            first_line = str(err).splitlines()[0] if str(err) else ""
            raise CheckpointError(
                f"checkpoint {name} not found: not in {local}, nor on the Hub as {e.repo_id}"
                f"{' at revision ' + rev if rev else ''} ({type(err).__name__}: {first_line}). {rebuild_hint(name)}"
            ) from err
        # a shape or key mismatch under strict=True, or a config the model does not accept
        raise CheckpointError(f"checkpoint {name} does not match its model ({type(err).__name__}: {err}). "
                              f"{rebuild_hint(name)}") from err
    return model.to(device)


# ----------------------------------------------------------------------------- publishing

UPLOADED = ("config.json", "model.safetensors", "README.md", "train.json", "metrics.json", "sample.png",
            "replay.json", "replay.png")  # replay.*: the GAN's training record, for the GAN tab's replay


def upload_plan(name: str, namespace: str | None = None) -> dict:
    """Exactly what `push` would upload for `name`: repo id, files with sizes, and the model card text."""
    namespace = namespace or hub_namespace()
    e, folder = entry(name), checkpoints_dir() / name
    if not (folder / "model.safetensors").exists():
        raise CheckpointError(f"nothing to push for {name}: {folder / 'model.safetensors'} is missing. {rebuild_hint(name)}")
    files = {f: (folder / f).stat().st_size for f in UPLOADED if (folder / f).exists() and f != "README.md"}
    text = card.render(folder, name, namespace)
    files["README.md"] = len(text.encode())
    return {"name": name, "repo_id": e.repo_in(namespace), "files": dict(sorted(files.items())), "card": text}


def push(names: list[str], namespace: str | None, private: bool, dry_run: bool) -> list[dict]:
    """Create one model repo per checkpoint (if missing) and upload its files in one commit."""
    plans = [upload_plan(n, namespace) for n in names]
    if dry_run:
        return plans
    from huggingface_hub import CommitOperationAdd, HfApi

    api = HfApi()  # the token comes from HF_TOKEN or `hf auth login`; it is never printed
    revisions = json.loads(REVISIONS_FILE.read_text()) if REVISIONS_FILE.exists() else {}
    for plan in plans:
        folder = checkpoints_dir() / plan["name"]
        api.create_repo(plan["repo_id"], repo_type="model", private=private, exist_ok=True)
        ops = [CommitOperationAdd(path_in_repo=f, path_or_fileobj=str(folder / f)) for f in plan["files"] if f != "README.md"]
        ops.append(CommitOperationAdd(path_in_repo="README.md", path_or_fileobj=plan["card"].encode()))
        info = api.create_commit(plan["repo_id"], ops, commit_message=f"genkit: upload {plan['name']}")
        plan["revision"] = revisions[plan["name"]] = info.oid
    REVISIONS_FILE.write_text(json.dumps(revisions, indent=2, sort_keys=True) + "\n")
    return plans


def pull(names: list[str]) -> list[str]:
    """Download each checkpoint at its pinned revision into checkpoints/<name>/ (honours HF_HUB_OFFLINE)."""
    from huggingface_hub import snapshot_download

    done = []
    for name in names:
        e = entry(name)
        try:
            snapshot = Path(snapshot_download(e.repo_id, revision=e.revision, allow_patterns=list(UPLOADED)))
        except Exception as err:  # offline without a cache, unknown repo or revision
            raise CheckpointError(f"could not fetch {name} from {e.repo_id}"
                                  f"{' at ' + e.revision if e.revision else ''} ({type(err).__name__}). "
                                  f"{rebuild_hint(name)}") from err
        folder = checkpoints_dir() / name  # a plain copy out of the Hub cache, so the app finds it offline
        folder.mkdir(parents=True, exist_ok=True)
        for f in UPLOADED:
            if (snapshot / f).exists():
                shutil.copyfile(snapshot / f, folder / f)
        done.append(name)
    return done


def main(argv=None):
    import argparse

    ap = argparse.ArgumentParser(prog="python -m genkit.hub", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    p = sub.add_parser("push", help="upload checkpoints to the Hub, one model repo each")
    p.add_argument("--namespace", default=None, help="Hub user or organization (default: $GENKIT_HUB_NAMESPACE "
                   f"or {hub_namespace()})")
    p.add_argument("--only", nargs="+", default=None, metavar="MODEL", help="these checkpoints only")
    p.add_argument("--private", action="store_true", help="create private repos")
    p.add_argument("--dry-run", action="store_true", help="list the files and the card, upload nothing")
    q = sub.add_parser("pull", help="download the registry's checkpoints into checkpoints/")
    q.add_argument("--only", nargs="+", default=None, metavar="MODEL", help="these checkpoints only")
    r = sub.add_parser("space", help="deploy the app as a Gradio Space: the files it needs, binaries through "
                       "the Hub's storage (genkit/space.py)")
    r.add_argument("--namespace", default=None, help=f"Hub user or organization (default: {hub_namespace()})")
    r.add_argument("--name", default="genkit", help="the Space's name (default: genkit)")
    r.add_argument("--hardware", default="cpu", choices=["cpu", "zerogpu"], help="cpu: CPU basic, CPU torch; "
                   "zerogpu: ZeroGPU, CUDA torch (default: cpu)")
    r.add_argument("--private", action="store_true", help="create a private Space")
    r.add_argument("--dry-run", action="store_true", help="list every file, its size and whether it goes as a "
                   "binary; upload nothing")
    args = ap.parse_args(argv)

    try:
        if args.command == "space":
            from genkit import space

            plan = space.plan(args.namespace, args.hardware, args.name)
            for f, info in plan["files"].items():
                print(f"  {f:52s} {info['bytes']:>11,d} bytes{'  binary (Xet storage)' if info['binary'] else ''}")
            total = sum(info["bytes"] for info in plan["files"].values())
            print(f"{len(plan['files'])} files, {total / 1e6:.1f} MB, "
                  f"{'would go' if args.dry_run else 'going'} to https://huggingface.co/spaces/{plan['repo_id']}")
            summary = {"repo_id": plan["repo_id"], "files": len(plan["files"]), "bytes": total}
            if not args.dry_run:
                summary["revision"] = space.upload(plan, args.private)
        elif args.command == "push":
            names = args.only or [n for n in REGISTRY if (checkpoints_dir() / n / "model.safetensors").exists()]
            plans = push(names, args.namespace, args.private, args.dry_run)
            for plan in plans:
                print(f"{'would upload' if args.dry_run else 'uploaded'} to {plan['repo_id']}:")
                for f, size in plan["files"].items():
                    print(f"  {f:20s} {size:>10,d} bytes")
                if args.dry_run:
                    print("  --- README.md (model card) ---\n" + plan["card"])
            summary = {p["name"]: {"repo_id": p["repo_id"], "files": list(p["files"]), "revision": p.get("revision")}
                       for p in plans}
        else:
            names = pull(args.only or list(REGISTRY))
            summary = {n: {"folder": str(checkpoints_dir() / n), "revision": REGISTRY[n].revision} for n in names}
    except CheckpointError as err:
        print(f"error: {err}", file=sys.stderr)
        raise SystemExit(2)
    print(json.dumps(summary))
    return summary


if __name__ == "__main__":
    main()
