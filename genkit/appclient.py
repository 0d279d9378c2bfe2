"""Driving a running app from Python, for the load test and the end-to-end tests.

Start `python app.py` on a free port and stop it; open cheap gradio_client sessions;
list the app's public endpoints from its API info (which ones stream, which ones the
page calls by itself on load); make the values the UI itself would send; wait for a
call, or watch a stream and stop it; read the server's memory and CPU time from /proc.
Everything talks to 127.0.0.1 only and is bounded in time.
"""

import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent

# tab of an endpoint, from its api_name's prefix (in the lecture's order); unknown prefixes go last
TAB_PREFIXES = [("conv", "conv"), ("ae", "autoencoder"), ("vae", "vae"), ("gan", "gan"),
                ("diff", "diffusion"), ("t2i", "text2img"), ("text2img", "text2img"),
                ("d2", "dalle2"), ("im", "imagen")]


# ----------------------------------------------------------------------------- the server


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(env: dict | None = None, log=None, timeout: float = 120.0, cwd: Path = ROOT) -> tuple[subprocess.Popen, str]:
    """Start `python app.py` (of the folder `cwd`) on a free port of 127.0.0.1; return (process, url) once it answers.

    `log` is a path for the server's output (else it is discarded). On failure the
    process is stopped and the RuntimeError carries the end of the log.
    """
    port = free_port()
    full_env = {**os.environ, "GRADIO_SERVER_NAME": "127.0.0.1", "GRADIO_SERVER_PORT": str(port),
                "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1", "PYTHONUNBUFFERED": "1",
                **(env or {})}
    log_path = Path(log) if log else Path(tempfile.mkstemp(prefix="genkit-app-", suffix=".log")[1])
    with open(log_path, "wb") as out:
        process = subprocess.Popen([sys.executable, "app.py"], cwd=cwd, env=full_env,
                                   stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"`python app.py` exited with code {process.returncode} before answering.\n"
                               f"--- server log ({log_path}) ---\n{log_tail(log_path)}")
        try:
            with urllib.request.urlopen(url + "config", timeout=5) as r:
                if r.status == 200:
                    return process, url
        except OSError:
            pass
        if time.monotonic() > deadline:
            stop_app(process)
            raise RuntimeError(f"`python app.py` did not answer on {url} within {timeout:.0f} s.\n"
                               f"--- server log ({log_path}) ---\n{log_tail(log_path)}")
        time.sleep(0.5)


def stop_app(process: subprocess.Popen) -> None:
    """Stop a server started by `start_app` (that process only)."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


def log_tail(path: Path, n: int = 6000) -> str:
    """The end of a log file (for error messages)."""
    return path.read_text(errors="replace")[-n:] if path.exists() else "(no log)"


def rss_mb(pid: int) -> float | None:
    """Resident memory of process `pid` in MiB (VmRSS), or None when it cannot be read."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time used so far by process `pid` (and its finished children), in seconds."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return sum(int(v) for v in fields[11:15]) / os.sysconf("SC_CLK_TCK")  # utime stime cutime cstime


# ----------------------------------------------------------------------------- valid inputs


def tab_of(api_name: str) -> str:
    name = api_name.strip("/")
    for prefix, tab in TAB_PREFIXES:
        if name == prefix or name.startswith(prefix + "_"):
            return tab
    return "other"


def digit_image(folder: Path, seed: int = 0, size: int = 280) -> Path:
    """A hand-drawn-looking digit (black strokes on white, like the sketchpad) as a PNG in `folder`."""
    rng = random.Random(seed)
    im = Image.new("RGB", (size, size), "white")
    draw = ImageDraw.Draw(im)
    pts = [(rng.uniform(0.25, 0.75) * size, rng.uniform(0.15, 0.85) * size) for _ in range(4)]
    draw.line(pts, fill="black", width=size // 12, joint="curve")
    path = Path(folder) / f"digit-{seed}.png"
    im.save(path)
    return path


_SSL = None


def make_client(url: str, download_dir=False, timeout: float | None = None):
    """A gradio_client session on `url`, cheap on CPU.

    gradio_client opens a new httpx connection for every request and, with its default
    verify=True, builds a new SSL context each time (about 17 ms of CPU, twice or more per
    call): with 50 students in one process the load generator would take the CPU the
    server needs. All traffic here is plain HTTP, so one shared context changes nothing
    else. `download_dir`: where output files are downloaded, as a browser would (False: not). `timeout`: seconds
    any one request may wait (default gradio_client's: httpx's 5 s for the page's configuration).
    """
    import ssl

    from gradio_client import Client

    global _SSL
    _SSL = _SSL or ssl.create_default_context()
    return Client(url, verbose=False, analytics_enabled=False, download_files=download_dir, ssl_verify=_SSL,
                  httpx_kwargs={"timeout": timeout} if timeout else None)


def endpoints(client) -> dict[str, list[dict]]:
    """Every public named endpoint of the app: api_name -> its parameters (gradio_client's API info)."""
    info = client.view_api(return_format="dict", print_info=False)
    return {name: e["parameters"] for name, e in info["named_endpoints"].items()}


def on_load(client) -> set[str]:
    """The public endpoints that the browser calls by itself when the page opens (gr.on(None, ...), .load)."""
    return {"/" + d["api_name"] for d in client.config.get("dependencies", [])
            if d.get("api_name") and d.get("api_visibility", "public") == "public"
            and any(target[1] == "load" for target in d.get("targets", []))}


def generators(client) -> set[str]:
    """The public endpoints that stream (a generator handler: live training), which run until stopped."""
    return {"/" + d["api_name"] for d in client.config.get("dependencies", [])
            if d.get("api_name") and (d.get("types") or {}).get("generator")}


def finish(job, stream: bool, timeout: float, watch_s: float = 2.0, on_first=None):
    """Wait for a submitted call and return its result (raising its error, or TimeoutError).

    A stream is watched like a student does: once its first picture arrives (`on_first()`
    is called then), `watch_s` seconds more, then it is stopped (gradio_client cancels it
    on the server, as the page's pause button does) and its last picture is returned.
    """
    deadline = time.monotonic() + timeout
    if stream:
        first = None
        while not job.done():
            now = time.monotonic()
            if job.outputs():
                if first is None and on_first:
                    on_first()
                first = first or now
                if now - first >= watch_s:
                    job.cancel()
                    return job.outputs()[-1]
            if now > deadline:
                job.cancel()
                raise TimeoutError(f"no picture from the stream within {timeout:.0f} s")
            time.sleep(0.05)
    try:
        return job.result(timeout=max(0.1, deadline - time.monotonic()))
    except TimeoutError:
        try:
            job.cancel()
        except Exception:  # noqa: BLE001 - a server too busy to cancel is already a failure
            pass
        raise


def enum_of(param: dict) -> list | None:
    return param.get("type", {}).get("enum")


def is_lang(param: dict) -> bool:
    return param.get("parameter_name") == "lang" or set(enum_of(param) or []) == {"en", "fr"}


def valid_value(param: dict, image: Path, lang: str):
    """A value the UI itself would send for `param`: its default, an image, or the language."""
    from gradio_client import handle_file

    component = param.get("component", "").lower()
    if is_lang(param):
        return lang
    if component in ("image", "file"):
        return handle_file(str(image))
    if component in ("imageeditor", "sketchpad", "paint"):
        f = handle_file(str(image))
        return {"background": None, "layers": [f], "composite": f}
    if param.get("parameter_has_default"):
        return param.get("parameter_default")
    enum = enum_of(param)
    if enum:
        return enum[0]
    return param.get("example_input")


def valid_args(params: list[dict], image: Path, lang: str = "en") -> list:
    return [valid_value(p, image, lang) for p in params]
