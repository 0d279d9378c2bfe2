"""The README's figures that can be computed are true today: the Space's size, the checkpoints' count and size."""

import re

from genkit import space
from tests.conftest import ROOT
from tests.test_space import tracked


def tracked_checkpoints() -> set[str]:
    return {f.split("/")[1] for f in tracked("checkpoints")}  # what a clone holds


def test_the_space_figures():
    text = " ".join((ROOT / "README.md").read_text().split())
    found = re.search(r"About (\d+) files, (\d+) MB, almost all of it the (\d+) checkpoints \((\d+) MB\)", text)
    assert found, "the README's Space step no longer gives its figures"
    files, mb, checkpoints, checkpoints_mb = map(int, found.groups())
    plan = space.plan("someone", "cpu")
    weights = [f for f in plan["files"] if f.startswith("checkpoints/")]
    assert abs(files - len(plan["files"])) <= 10  # "about"
    assert mb == round(sum(info["bytes"] for info in plan["files"].values()) / 1e6)
    assert checkpoints == len({f.split("/")[1] for f in weights}) == len(tracked_checkpoints())
    assert checkpoints_mb == round(sum(plan["files"][f]["bytes"] for f in weights) / 1e6)
