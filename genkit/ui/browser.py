"""Generation in the student's own browser: the app serves onnxruntime-web and the graphs of genkit/export.py.

A class of 100 on a 2-core Space cannot queue for one CPU; their phones can run our 1-4 M parameter models.
This module is the server's half: it unzips the vendored runtime (genkit/ui/static/onnxruntime-web) into a
cache folder once, lets Gradio serve it and the exported graphs (`static_paths`), and writes the page's
configuration (`head`): where the runtime and each graph are, the checkpoints' constants, and the browser
script's words in both languages. The other half is genkit/ui/browser.js, put in the page's <head>.

Where a browser cannot (no WebAssembly, a graph that fails to load), the script says so and clicks the
view's server button: the same picture, from the same seed, computed by the server from export.portable_noise.
"""

import functools
import gzip
import hashlib
import json
import os
import shutil
from pathlib import Path

import gradio as gr

from genkit import export, hub
from genkit.samplers import flow_times, timesteps
from genkit.ui.common import LATEX
from genkit.ui.i18n import LANGS, t
from genkit.ui.inputs import SEED_MAX
from genkit.views.vae import LEFT, LIMIT, STEP, TOP, pixel_to_z

VENDORED = Path(__file__).with_name("static") / "onnxruntime-web"
VERSION = "1.23.2"  # onnxruntime-web, from the npm registry (VENDORED / README.md)
WASM = "ort-wasm-simd-threaded.wasm"
WASM_SHA256 = "45eaee27761ad883742a8d4b8fce1538d60ce43b51adf1726fafccc59b8c1a15"
SCRIPT = Path(__file__).with_name("browser.js")
WORDS = ("loading", "running", "done", "flow_done", "counts_done", "counts", "gan_done", "xt", "x0", "g", "x",
         "fallback", "fallback_pointer", "bad_steps", "bad_seed", "no_wasm", "no_graph", "pointer", "pointer_hint",
         "t2i_done", "t2i_unknown", "bad_w")
SERVER_WORDS = {"t2i_long": "t2i.err_long", "t2i_words": "t2i.err_words", "t2i_none": "t2i.err_none"}  # the
# server's own refusals (genkit/ui/text2img_inputs.py), said in the same words when the browser checks a prompt
MAX_STEPS = 50  # DDIM steps a browser run may take (the slider's end); their timesteps are in the configuration
COUNTS, COUNT_ROWS = (1, 2, 4, 8, 25), ("diffusion-mnist", "flow-mnist")  # one x_T, each count, DDIM then Euler
POINTER = {"view": "genkit-b-vae", "image": "vae-map-grid", "radio": "vae-map-dataset"}  # genkit/ui/vae.py's ids
URL = "gradio_api/file="  # Gradio's route for the files of `static_paths`, relative to the page


# the server's endpoints whose work a browser view does instead -> the graphs it runs (genkit.loadtest --browser)
TWINS = {"diff_browser_server": ("diffusion-mnist",), "diff_counts_server": COUNT_ROWS,
         "gan_browser_server": ("gan-mnist",), "vae_decode": ("vae-mnist-z2",),
         "t2i_browser_server": ("text2img-scenes",)}


def runtime_dir() -> Path:
    """The runtime's folder, served to browsers: the vendored files, the WebAssembly module unzipped (and checked)."""
    root = Path(os.environ.get("GENKIT_CACHE", Path.home() / ".cache" / "genkit")) / f"onnxruntime-web-{VERSION}"
    wasm = root / WASM
    if not wasm.exists() or _sha256(wasm) != WASM_SHA256:
        root.mkdir(parents=True, exist_ok=True)
        for f in VENDORED.glob("*.*js"):
            shutil.copyfile(f, root / f.name)
        tmp = wasm.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(gzip.decompress((VENDORED / f"{WASM}.gz").read_bytes()))
        if _sha256(tmp) != WASM_SHA256:
            tmp.unlink()
            raise RuntimeError(f"{VENDORED / WASM}.gz does not unzip to onnxruntime-web {VERSION}'s module")
        os.replace(tmp, wasm)  # two processes starting at once each write their own file, then rename
    return root


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def graphs() -> dict[str, Path]:
    """The exported graphs present: checkpoint name -> its .onnx file."""
    return {name: path for name in export.GRAPHS if (path := export.graph_path(name)).exists()}


def static_paths() -> list[str]:
    """What Gradio may serve to browsers for this path: the runtime's folder and each graph file, nothing else."""
    return [str(runtime_dir()), *(str(p) for p in graphs().values())]


def config() -> dict:
    """What genkit/ui/browser.js reads (window.genkitBrowserConfig): URLs, each graph's constants, words.

    A sampler's times are listed once per schedule ("timesteps": schedule -> step count -> its times), the
    models name theirs ("schedule": T for DDIM's whole timesteps of samplers.timesteps, "flow" for
    samplers.flow_times in [0, 1]): four checkpoints share T = 1000."""
    models, schedules = {}, {"flow": {n: flow_times(n) for n in range(1, MAX_STEPS + 1)}}
    for name, path in graphs().items():
        cfg = json.loads((hub.checkpoints_dir() / name / "config.json").read_text())
        model = {"url": f"{URL}{path}"}
        if name.startswith(("diffusion-", "flow-", "text2img-")):  # the shape of x_T, its sampler's times
            unet = cfg["unet"] if name.startswith("text2img-") else cfg
            schedule = "flow" if name.startswith("flow-") else str(unet["T"])
            if schedule not in schedules:
                schedules[schedule] = {n: timesteps(unet["T"], n) for n in range(1, MAX_STEPS + 1)}
            model |= {"shape": [unet["image_channels"], unet["image_size"], unet["image_size"]],
                      "max_steps": MAX_STEPS, "schedule": schedule}
            if name.startswith("text2img-"):  # and what the tokenizer and the prompt's checks need
                model |= _prompt_rules(cfg)
        elif name.startswith("vae-"):  # z1 = a1 + b1 px, z2 = a2 + b2 py on the framed map (views.vae.pixel_to_z)
            (a1, a2), (c1, c2) = pixel_to_z(LEFT, TOP), pixel_to_z(LEFT + 1, TOP + 1)
            model |= {"pixel_to_z": [a1 - LEFT * (c1 - a1), c1 - a1, a2 - TOP * (c2 - a2), c2 - a2],
                      "limit": LIMIT + STEP / 2}
        else:
            model |= {"z": cfg["z_dim"]}
        models[name] = model
    return {"runtime": f"{URL}{runtime_dir()}/", "models": models, "timesteps": schedules, "seed_max": SEED_MAX,
            "pointer": POINTER, "words": words(), "counts": {"steps": COUNTS, "models": COUNT_ROWS}}


def _prompt_rules(cfg: dict) -> dict:
    """Text-to-image: the vocabulary (a word's id is its index, 0 the padding), and the limits of
    genkit/ui/text2img_inputs.py that the browser checks as the server does (read_prompt, read_w, marked_words)."""
    from genkit.text2img import Text2ImgConfig, content_words
    from genkit.ui import text2img_inputs as ti

    return {"vocab": cfg["vocab"], "max_len": cfg["max_len"], "content": content_words(Text2ImgConfig(**cfg)),
            "max_chars": ti.MAX_CHARS, "w_max": ti.W_MAX}


def words() -> dict:
    """browser.js's words (app.browser_*) in both languages, {placeholders} left for the script to fill."""
    return {lang: {w: t(f"app.browser_{w}", lang) for w in WORDS} | {w: t(k, lang) for w, k in SERVER_WORDS.items()}
            for lang in LANGS}


def head() -> str:
    """The browser path's part of the page's <head>: its configuration, then its script."""
    try:
        settings = config()
    except (OSError, RuntimeError, ValueError) as err:  # no runtime: every view uses the server, and says why
        settings = {"runtime": None, "models": {}, "error": str(err), "words": words()}
    settings = json.dumps(settings, ensure_ascii=False)
    return (f"<style>{CSS}</style>\n<script>\nwindow.genkitBrowserConfig = {settings};\n"
            f"{SCRIPT.read_text()}</script>")


def middleware():
    """The browser path's HTTP layer, around the whole app:

    - every response makes the page cross-origin isolated (COOP same-origin, COEP credentialless): only then may
      the WebAssembly runtime share memory between threads, one per core of the student's device. A page that is
      not isolated (Safari, the Space embedded in huggingface.co) runs on one thread. The app loads nothing from
      another origin, so nothing is blocked;
    - the runtime's WebAssembly module goes out as the vendored gzip file (3.1 MB instead of 11.9: a class of 100
      fetches 310 MB, not 1.2 GB), to every browser that accepts gzip (all do), cached for a day.
    """
    from starlette.middleware import Middleware

    class BrowserPath:
        def __init__(self, app):
            self.app = app

        async def __call__(self, scope, receive, send):
            if scope["type"] != "http":
                return await self.app(scope, receive, send)
            if scope["path"].endswith(_wasm_route()) and _accepts_gzip(scope):
                return await _send_wasm_gz(scope, send)

            async def with_headers(message):
                if message["type"] == "http.response.start":
                    message["headers"] = [*message.get("headers", []), *ISOLATION_HEADERS]
                await send(message)

            await self.app(scope, receive, with_headers)

    return Middleware(BrowserPath)


def _accepts_gzip(scope) -> bool:
    return any(k == b"accept-encoding" and b"gzip" in v for k, v in scope["headers"])


@functools.cache
def _wasm_route() -> str:
    return f"{URL}{runtime_dir()}/{WASM}"  # checked once: runtime_dir hashes the module


@functools.cache
def _wasm_gz() -> bytes:
    return (VENDORED / f"{WASM}.gz").read_bytes()


async def _send_wasm_gz(scope, send) -> None:
    """The WebAssembly module as its gzip file (Content-Encoding: gzip), or 304 when the browser has it."""
    etag = f'"{WASM_SHA256[:32]}"'.encode()
    fresh = any(k == b"if-none-match" and etag in v for k, v in scope["headers"])
    body = b"" if fresh or scope["method"] == "HEAD" else _wasm_gz()
    headers = [(b"content-type", b"application/wasm"), (b"content-encoding", b"gzip"), (b"etag", etag),
               (b"cache-control", b"public, max-age=86400"), (b"vary", b"accept-encoding"), *ISOLATION_HEADERS]
    if not fresh:
        headers.append((b"content-length", str(len(_wasm_gz())).encode()))
    await send({"type": "http.response.start", "status": 304 if fresh else 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})


ISOLATION_HEADERS = [(b"cross-origin-opener-policy", b"same-origin"),
                     (b"cross-origin-embedder-policy", b"credentialless")]


def view(view_id: str, *canvases: str, width: int = 560, hint: str = "") -> gr.HTML:
    """A view the browser paints: a captioned canvas per role (browser.js's words name them), a status line
    (first showing the word `hint`, if any)."""
    cells = "".join(f'<figure><figcaption data-caption="{role}"></figcaption><canvas data-role="{role}" '
                    f'width="1" height="1"></canvas></figure>' for role in canvases)
    return gr.HTML(f'<div class="genkit-browser" style="--genkit-canvas: {width}px">{cells}</div>'
                   f'<p class="genkit-browser-status" role="status" aria-live="polite" data-hint="{hint}"></p>',
                   elem_id=view_id, js_on_load="window.genkitBrowser && window.genkitBrowser.label(element);")


def panel(page, texts: str, view_id: str, server_id: str, *canvases: str, width: int = 560, height: int = 420):
    """A browser view's controls, as every tab lays them out: its two buttons (the browser's, and the same seed on
    the server, `server_id`), the view, then the server's picture (elem_id <server_id>-img) and caption.
    `texts`: the view's text keys' prefix (<texts>_go, <texts>_server_go, <texts>_server_img).
    -> (go, server, picture, caption)."""
    with gr.Row():
        go = page.button(f"{texts}_go", variant="primary")
        server = page.button(f"{texts}_server_go", variant="secondary", elem_id=server_id)
    view(view_id, *canvases, width=width)
    with gr.Row():
        picture = page.picture(f"{texts}_server_img", height=height, elem_id=f"{server_id}-img")
        with gr.Column(min_width=300):  # beside the picture on a projector, under it on a phone
            caption = gr.Markdown(latex_delimiters=LATEX)
    return go, server, picture, caption


CSS = """
.genkit-browser { display: flex; flex-wrap: wrap; gap: 16px; }
.genkit-browser figure { margin: 0; flex: 1 1 300px; max-width: var(--genkit-canvas); }
.genkit-browser figcaption { font-weight: 600; margin-bottom: 4px; }
.genkit-browser canvas { width: 100%; image-rendering: pixelated; background: #4d4d4d; }
.genkit-browser-status { font-size: 20px; min-height: 1.5em; }
.genkit-browser-error { padding: 8px 12px; border: 3px solid #b91c1c; border-radius: 8px; background: #fef2f2;
  color: #7f1d1d; }
.dark .genkit-browser-error { background: #450a0a; color: #fecaca; border-color: #f87171; }
.genkit-pointer-tip { position: fixed; display: none; width: 140px; height: 140px; pointer-events: none; z-index: 50;
  image-rendering: pixelated; border: 3px solid #4f46e5; border-radius: 4px; box-shadow: 0 4px 16px rgb(0 0 0 / 40%); }
"""


def preload_js(*names: str) -> str:
    """The js= of a tab's select event: browser.js loads these graphs while the student reads the tab."""
    return "() => { " + " ".join(f"window.genkitBrowser.preload({json.dumps(n)});" for n in names) + " }"


def run_js(function: str, view_id: str, server_id: str) -> str:
    """The js= of an event that runs browser.js's `function` in view `view_id` on the event's inputs (its server
    button `server_id` is clicked when the browser cannot)."""
    ids = f"{json.dumps(view_id)}, {json.dumps(server_id)}"
    return f"(...args) => {{ window.genkitBrowser.{function}({ids}, ...args); }}"
