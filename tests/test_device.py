"""The server's memory guards in genkit.device, each checked in a fresh Python process."""

import json
import subprocess
import sys
import threading

import pytest

from genkit.device import return_freed_memory
from tests.conftest import ROOT

RSS = """
def rss_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS"):
            return int(line.split()[1]) / 1024
"""


def run_python(code: str) -> dict:
    out = subprocess.run([sys.executable, "-c", RSS + code], cwd=ROOT, capture_output=True, text=True, timeout=300,
                         env={"PATH": "/usr/bin:/bin", "OMP_NUM_THREADS": "1"})
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/status")


@linux_only
def test_kernel_cache_stays_small_when_every_image_has_its_own_size():
    r = run_python("""
import json, torch
from genkit.device import bound_kernel_cache
bound_kernel_cache()
torch.set_num_threads(1)
w = torch.randn(8, 3, 5, 5)
torch.nn.functional.conv2d(torch.randn(1, 3, 32, 32), w, padding=2)
before = rss_mb()
for i in range(300):  # 300 sizes, as 300 students' uploads: oneDNN's default cache keeps a kernel for each
    torch.nn.functional.conv2d(torch.randn(1, 3, 64 + i, 300 - i // 2), w, padding=2)
print(json.dumps({"growth_mb": rss_mb() - before}))
""")
    assert r["growth_mb"] < 40, r  # 20 MB here; the default cache of 1,024 kernels grows by 65 MB


def test_an_explicit_kernel_cache_size_wins(monkeypatch):
    from genkit.device import bound_kernel_cache

    monkeypatch.setenv("ONEDNN_PRIMITIVE_CACHE_CAPACITY", "7")
    bound_kernel_cache()
    import os

    assert os.environ["ONEDNN_PRIMITIVE_CACHE_CAPACITY"] == "7"


@linux_only
def test_freed_memory_goes_back_to_the_system():
    r = run_python("""
import json, time
from genkit.device import return_freed_memory
blocks = [bytes(40_000) for _ in range(6000)]  # 240 MB in blocks small enough for the heaps
keep = blocks[::50]  # a few survivors, so the heap cannot simply shrink from its top
del blocks
freed = rss_mb()
started = return_freed_memory(0.1)
time.sleep(1.0)
print(json.dumps({"started": started, "freed_mb": freed, "after_trim_mb": rss_mb()}))
""")
    assert r["started"]
    assert r["freed_mb"] - r["after_trim_mb"] > 100, r


def test_trimming_can_be_turned_off(monkeypatch):
    monkeypatch.setenv("GENKIT_TRIM_S", "0")
    before = {t.name for t in threading.enumerate()}
    assert return_freed_memory() is False
    assert {t.name for t in threading.enumerate()} == before
