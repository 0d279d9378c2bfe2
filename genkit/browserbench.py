"""The browser path's speed, measured in headless Chromium: ``python -m genkit.bench --browser [--json]``.

Starts ``python app.py`` (the project's checkpoints), opens it in Debian's Chromium (Playwright, never a
download) at 1920x1080 and runs each browser view as a student would:

    diffusion_16x25_first_s   16 samples x 25 DDIM steps on the page's first click (runtime and graph loaded)
    diffusion_16x25_s         the same, later clicks (median of 3)
    t2i_4x25_first_s          4 text-to-image scenes x 25 guided DDIM steps (w = 3), the first click
    t2i_4x25_s                the same, later clicks (median of 3)
    gan_64_ms                 the GAN's 64-image grid, later clicks (median of 5)
    vae_decode_ms             one decoding of the latent map (median of 100)
    vae_pointer_fps           decodings painted per second while the pointer sweeps the map for 3 s
    first_visit_mb            what the four views downloaded on a first visit: runtime + graphs (MB on the wire)
    later_visit_kb            the same on a later visit (a new page, the browser's cache kept)

The last line is one JSON object. Numbers vary with the machine's load: compare ratios measured in one run.
"""

import shutil
import statistics
import sys

from genkit.appclient import start_app, stop_app

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update"]
BYTES = """() => performance.getEntriesByType('resource')
    .filter(e => /onnxruntime-web|\\.onnx$/.test(e.name)).reduce((sum, e) => sum + e.transferSize, 0)"""
RUN = """async ([fn, view, args]) => {
    delete window.genkitBrowser.timing[view];
    await window.genkitBrowser[fn](view, 'none', ...args);
    return window.genkitBrowser.timing[view];
}"""
DECODES = """async (n) => {
    const net = await window.genkitBrowser.session('vae-mnist-z2'), ort = window.ort, times = [];
    for (let i = 0; i < n; i++) {
        const t0 = performance.now();
        await net.run({ z: new ort.Tensor('float32', Float32Array.from([i / n, -i / n]), [1, 2]) });
        times.push(performance.now() - t0);
    }
    return times;
}"""


def open_page(context, url: str):
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector("#tab-conv-button")
    page.wait_for_function("() => window.genkitBrowser")
    return page


def measure(url: str) -> dict:
    from playwright.sync_api import sync_playwright

    results = {}
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        context = chromium.new_context(viewport={"width": 1920, "height": 1080})
        page = open_page(context, url)
        runs = [page.evaluate(RUN, ["diffusion", "genkit-b-diffusion", ["diffusion-mnist", 25, k]]) for k in range(4)]
        results["threads"] = page.evaluate("() => ort.env.wasm.numThreads || 1")  # the runtime is loaded now
        results["diffusion_16x25_first_s"] = round(runs[0]["total_s"], 2)
        results["diffusion_16x25_s"] = round(statistics.median(r["total_s"] for r in runs[1:]), 2)
        prompts = ["a red circle left of a blue square", "deux triangles verts", "a small yellow cross at the top",
                   "un carré violet en bas"]
        t2i = [page.evaluate(RUN, ["text2img", "genkit-b-t2i", ["scenes", p, 3, 25, k]]) for k, p in enumerate(prompts)]
        results["t2i_4x25_first_s"] = round(t2i[0]["total_s"], 2)
        results["t2i_4x25_s"] = round(statistics.median(r["total_s"] for r in t2i[1:]), 2)
        gan = [page.evaluate(RUN, ["gan", "genkit-b-gan", ["mnist", k]])["run_s"] for k in range(6)]
        results["gan_64_ms"] = round(1000 * statistics.median(gan[1:]), 1)
        results["vae_decode_ms"] = round(statistics.median(page.evaluate(DECODES, 100)), 2)
        results["vae_pointer_fps"] = round(pointer_fps(page), 1)
        results["first_visit_mb"] = round(page.evaluate(BYTES) / 1e6, 2)
        later = open_page(context, url)  # a later visit: the same browser, its cache kept
        later.evaluate(RUN, ["diffusion", "genkit-b-diffusion", ["diffusion-mnist", 1, 0]])
        later.evaluate(RUN, ["text2img", "genkit-b-t2i", ["scenes", prompts[0], 3, 1, 0]])
        later.evaluate(RUN, ["gan", "genkit-b-gan", ["mnist", 0]])
        later.evaluate(DECODES, 1)
        results["later_visit_kb"] = round(later.evaluate(BYTES) / 1e3, 1)
        chromium.close()
    return results


def pointer_fps(page, seconds: float = 3.0) -> float:
    """Sweep the pointer over the VAE's map for `seconds`; decodings painted per second (browser.js counts)."""
    page.click("#tab-vae-button")
    img = page.locator("#vae-map-grid img")
    img.wait_for()
    img.scroll_into_view_if_needed()
    box = img.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_function("() => window.genkitBrowser.timing['genkit-b-vae']")
    start = page.evaluate("() => [performance.now(), window.genkitBrowser.timing['genkit-b-vae'].total]")
    k = 0
    while page.evaluate("(t0) => performance.now() - t0", start[0]) < 1000 * seconds:
        k += 1
        x = box["x"] + box["width"] * (0.42 + 0.16 * ((k % 50) / 50))
        page.mouse.move(x, box["y"] + box["height"] * (0.3 + 0.4 * ((k % 37) / 37)))
    end = page.evaluate("() => [performance.now(), window.genkitBrowser.timing['genkit-b-vae'].total]")
    return 1000 * (end[1] - start[1]) / (end[0] - start[0])


def main() -> dict:
    if shutil.which("chromium") is None:
        sys.exit("Chromium is missing: apt-get install chromium")
    process, url = start_app()
    try:
        return measure(url)
    finally:
        stop_app(process)
