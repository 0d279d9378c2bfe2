"""The load test's browser half (``python -m genkit.loadtest --browser``): what a student's browser asks of the
server when its generation runs in the page (genkit/ui/browser.js) instead of on the server.

A browser view's endpoint (genkit.ui.browser.TWINS) is not called: the student downloads that view's runtime and
graph instead, in full the first time and then as a browser's cache checks them (If-None-Match, answered 304).
Imported only by genkit/loadtest.py.
"""

import json
import time
import urllib.error
import urllib.parse
import urllib.request

TIMEOUT_S = 60.0  # as genkit.loadtest's calls: longer counts as a failure
RUNTIME_FILES = ("ort.wasm.min.js", "ort-wasm-simd-threaded.mjs", "ort-wasm-simd-threaded.wasm")


def heavy_endpoints() -> set[str]:
    """The app's long jobs (concurrency_id HEAVY: sampling loops), by api_name, from the app as built here."""
    from genkit.ui import build_app
    from genkit.ui.common import HEAVY

    return {f"/{fn.api_name}" for fn in build_app().fns.values() if fn.concurrency_id == HEAVY and fn.api_name}


def files(url: str) -> dict[str, list[str]]:
    """What a browser downloads for each graph, read from the page's configuration (genkit.ui.browser.head, which
    Gradio hands the page in its /config): graph name -> the absolute URLs of the runtime's three files and of
    the graph."""
    with urllib.request.urlopen(urllib.parse.urljoin(url, "config"), timeout=TIMEOUT_S) as r:
        head = json.load(r)["head"]
    start = head.index("window.genkitBrowserConfig = ") + len("window.genkitBrowserConfig = ")
    config, _ = json.JSONDecoder().raw_decode(head[start:])
    runtime = [urllib.parse.urljoin(url, config["runtime"] + f) for f in RUNTIME_FILES]
    return {name: [*runtime, urllib.parse.urljoin(url, m["url"])] for name, m in config["models"].items()}


def twins(url: str, api: dict) -> dict[str, list[str]]:
    """The endpoints of `api` (named "/api_name", as gradio_client names them) that a browser view computes
    instead -> the files that view downloads."""
    from genkit.ui.browser import TWINS

    served = files(url)
    return {f"/{name}": list(dict.fromkeys(u for graph in graphs for u in served[graph]))
            for name, graphs in TWINS.items() if f"/{name}" in api and all(graph in served for graph in graphs)}


def fetch(urls: list[str], cache: dict, stats, name: str) -> None:
    """A browser loading a view's files: each in full the first time (its ETag kept in `cache`), then checked.
    Recorded in `stats` (genkit.loadtest.Stats) under the endpoint `name` it replaces."""
    start = time.monotonic()
    try:
        for u in urls:
            headers = {"Accept-Encoding": "gzip"} | ({"If-None-Match": cache[u]} if u in cache else {})
            try:
                with urllib.request.urlopen(urllib.request.Request(u, headers=headers), timeout=TIMEOUT_S) as r:
                    r.read()
                    cache[u] = r.headers.get("etag") or ""
            except urllib.error.HTTPError as e:
                if e.code != 304:  # 304: the browser's copy is still good
                    raise
        stats.record(name, time.monotonic() - start)
    except Exception as e:  # noqa: BLE001 - every failure is counted and reported
        stats.record(name, time.monotonic() - start, f"{type(e).__name__}: {e}")
