"""A smoke run of the load test: `python -m genkit.loadtest` with 2 students for about 10 seconds."""

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow  # python -m pytest -m "not slow" leaves it out


def test_loadtest_smoke():
    run = subprocess.run([sys.executable, "-m", "genkit.loadtest", "--users", "2", "--minutes", "0.17",
                          "--think", "0.2", "0.5"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["users"] == 2 and result["served"] >= 4, run.stdout
    assert result["failures"] == 0 and result["stuck_students"] == 0, run.stdout
    assert result["endpoints"]["/conv"]["served"] > 0, run.stdout  # the first tab was reached
    assert result["rss_growth_pct"] is not None and result["server_cpu_s"] is not None, result
    assert all(result["rss_mb"][k] > 100 for k in ("start", "after_tour", "end")), result["rss_mb"]
    assert result["tour_s"] > 0 and result["seconds"] > result["tour_s"], result  # the tour, then the timed part
    assert "median s" in run.stdout and "p95 s" in run.stdout  # the table


def test_loadtest_with_generation_in_the_browser():
    """--browser: a browser view's endpoint is never called, its files are downloaded instead (in full, then 304);
    the long jobs that have no browser view are left out and listed, none of them is called."""
    from genkit.ui.browser import TWINS

    run = subprocess.run([sys.executable, "-m", "genkit.loadtest", "--users", "2", "--minutes", "0.17", "--think",
                          "0.2", "0.5", "--browser", "--tabs", "diffusion", "text2img"], cwd=ROOT, capture_output=True,
                         text=True, timeout=400)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert set(result["in_browser"]) == {"/diff_browser_server", "/diff_counts_server", "/t2i_browser_server"}, result
    assert {name[1:] for name in result["in_browser"]} <= set(TWINS)
    assert result["failures"] == 0 and result["stuck_students"] == 0, run.stdout
    assert all(result["endpoints"][name]["served"] > 0 for name in result["in_browser"]), result["endpoints"]
    assert "/t2i_generate" in result["left_out"] and "/t2i_generate" not in result["endpoints"], result
