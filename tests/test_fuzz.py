"""Hostile and broken input on every public endpoint, through gradio_client, on a running app.

The endpoints come from the client's API info, so a new tab's endpoints are fuzzed
without touching this file. For each parameter of each endpoint, a catalogue of bad
values chosen by the parameter's component (wrong types, NaN and infinities,
negative and huge numbers, empty and 10,000-character strings, unicode, ragged and
oversized grids, corrupt and truncated image files, a decompression bomb, paths of
the server's own files) replaces the valid value. Every such call must end within
HANG_S seconds with an error whose message is clear (a gradio_client AppError that
is neither empty, nor Gradio's "verbose error reporting" placeholder, nor our own
"something went wrong" for an exception the handler did not expect), or succeed
(a documented clamp: printed, for review); and a normal call after each
parameter's hostile values must still succeed. A busy machine is told apart from
a broken server: a slow hostile call counts as a hang only when the UI's own
values, asked right after, are three times faster; a normal call that times out
is asked again before anything is said about the server. NaN and infinities cannot be written by gradio_client (it sends
strict JSON), so they go through Gradio's REST route with a raw HTTP client, as a
hostile script would.
"""

import http.client
import json
import math
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from gradio_client import Client, handle_file
from PIL import Image

from genkit.appclient import digit_image, endpoints, enum_of, finish, generators, is_lang, make_client, valid_args
from genkit.ui import launch_options
from genkit.ui.text.shell import TEXT as SHELL_TEXT
from tests.conftest import ROOT

pytestmark = pytest.mark.slow  # python -m pytest -m "not slow" leaves it out

HANG_S = 10.0  # an answer, even an error, within this many seconds (the machine is shared and slow)
UNCLEAR = [  # messages that say nothing useful to a student
    "has not enabled verbose error reporting",  # Gradio hides the error (show_error=False)
    *(text.split("(")[0] for text in SHELL_TEXT["err.internal"].values()),  # the handler did not expect it
]
NAN, INF = float("nan"), float("inf")


class Raw:
    """A value sent by raw HTTP (Gradio's /call/ route), for what gradio_client refuses to send."""

    def __init__(self, value):
        self.value = value

    def __repr__(self):
        return f"raw({self.value!r})"


# ----------------------------------------------------------------------------- bad files


def bad_files(folder: Path) -> dict[str, Path]:
    """Image files a student (or an attacker) could upload; none of them is a usable picture."""
    f = {}
    ok = digit_image(folder, 1)
    f["corrupt"] = folder / "corrupt.png"
    f["corrupt"].write_bytes(b"\x89PNG\r\n\x1a\n" + b"not an image " * 50)
    f["truncated"] = folder / "truncated.png"
    f["truncated"].write_bytes(ok.read_bytes()[: ok.stat().st_size // 2])
    f["empty"] = folder / "empty.png"
    f["empty"].write_bytes(b"")
    f["text"] = folder / "notes.png"
    f["text"].write_text("these are not pixels\n" * 20)
    f["bomb"] = folder / "bomb.png"  # 20,000 x 20,000 = 400 megapixels in a few hundred kB
    Image.new("1", (20_000, 20_000)).save(f["bomb"], optimize=True)
    f["one_pixel"] = folder / "one-pixel.png"
    Image.new("L", (1, 1), 255).save(f["one_pixel"])
    f["thin"] = folder / "thin.png"
    Image.new("L", (6000, 1), 128).save(f["thin"])
    f["rgba_clear"] = folder / "transparent.png"
    Image.new("RGBA", (64, 64), (0, 0, 0, 0)).save(f["rgba_clear"])
    f["16bit"] = folder / "sixteen-bit.png"
    Image.new("I;16", (40, 40), 60000).save(f["16bit"])
    f["cmyk"] = folder / "cmyk.jpg"
    Image.new("CMYK", (40, 40), (0, 200, 0, 0)).save(f["cmyk"])
    f["gif"] = folder / "animated.gif"
    frames = [Image.new("P", (30, 30), i) for i in (0, 50)]
    frames[0].save(f["gif"], save_all=True, append_images=frames[1:])
    return f


SERVER_PATHS = ["/etc/passwd", str(ROOT / "app.py"), "http://127.0.0.1:1/digit.png"]  # never to be read


# ----------------------------------------------------------------------------- bad values


def numbers(param: dict) -> list:
    values = [-1, 2**70, 0.5, "abc", None, Raw(NAN), Raw(INF), Raw(-INF)]
    bounds = param.get("type", {}).get("description", "")
    if bounds.startswith("numeric value between"):  # a slider: its own ends are valid values
        low, high = (float(v) for v in bounds.split("between")[1].split("and"))
        return values + [low, high, low - 1, high + 1]  # the ends, and one step beyond
    return values + [0, 1e308, -1e308, 1e-320]  # a number box: no range of its own


STRINGS = ["", "x" * 10_000, "é漢字🙂\u202e\u0000\ud7ff", "NaN", "-1e309", "../../../../etc/passwd", None, 123, ["a"],
           {"a": 1}]


def grids(param: dict) -> list:
    def df(data, headers=None):
        width = max((len(r) for r in data if isinstance(r, list)), default=1)
        return {"headers": headers or [str(i + 1) for i in range(width)], "data": data, "metadata": None}

    # "1e9999999": 9 characters whose exact value (a 10-million-digit integer) takes seconds to compute
    cells = ["NaN", "-inf", "1e309", "1e9999999", "1/0", "abc", "", "x" * 10_000, "é漢🙂", "2/3", None, [1]]
    return ([df([[c, 1], [1, 1]]) for c in cells]
            + [df([]), df([[]]), df([[1, 2], [3]]), df([[1] * 300 for _ in range(300)]), df([[10**30, 1], [1, 1]]),
               df([[1e308, 1e308], [1e308, 1e308]]), {"data": "abc"}, {"headers": [], "data": [[1]]}, None, "abc",
               Raw(df([[NAN, 1], [1, 1]])), Raw(df([[INF, -INF], [1, 1]]))])


def enums(param: dict) -> list:
    return ["", "nope", "x" * 10_000, None, 7]


def files(param: dict, bad: dict) -> list:
    return ([handle_file(str(p)) for p in bad.values()]
            + [None, "abc", {"path": 5}]
            + [Raw({"path": p, "meta": {"_type": "gradio.FileData"}}) for p in SERVER_PATHS])


def editors(param: dict, bad: dict) -> list:
    return ([{"background": None, "layers": [], "composite": handle_file(str(p))} for p in bad.values()]
            + [None, {"layers": 5}, {"background": None, "layers": [], "composite": None}]
            + [Raw({"background": None, "layers": [], "composite": {"path": p, "meta": {"_type": "gradio.FileData"}}})
               for p in SERVER_PATHS])


def hostile(param: dict, bad: dict) -> list:
    """The bad values for one parameter, by its component."""
    component = param.get("component", "").lower()
    if is_lang(param) or enum_of(param):
        return enums(param)
    if component in ("slider", "number"):
        return numbers(param)
    if component == "dataframe":
        return grids(param)
    if component in ("image", "file"):
        return files(param, bad)
    if component in ("imageeditor", "sketchpad", "paint"):
        return editors(param, bad)
    if component == "checkbox":
        return ["yes", None, 2, "x" * 10_000, Raw(NAN)]
    return STRINGS  # textbox and anything new: strings of every kind


# ----------------------------------------------------------------------------- calling


@dataclass
class Endpoint:
    """One public endpoint, and what is needed to call it both ways."""

    client: Client
    url: str
    name: str  # "/conv"
    params: list[dict]
    stream: bool  # a generator handler (live training): it runs until stopped
    fn_index: int
    uploaded: dict = field(default_factory=dict)  # local file -> its upload on the server (raw calls)


def upload(url: str, path: Path) -> dict:
    r = httpx.post(f"{url}gradio_api/upload", files={"files": (path.name, path.read_bytes(), "image/png")}, timeout=30)
    r.raise_for_status()
    return {"path": r.json()[0], "orig_name": path.name, "meta": {"_type": "gradio.FileData"}}


def raw_args(e: Endpoint, args: list) -> list:
    """The arguments in Gradio's wire format: local files uploaded once and named by their server path."""
    out = []
    for value in args:
        if isinstance(value, dict) and value.get("meta", {}).get("_type") == "gradio.FileData":
            out.append(e.uploaded.setdefault(value["path"], upload(e.url, Path(value["path"]))))
        elif isinstance(value, dict) and isinstance(value.get("composite"), dict):
            f = e.uploaded.setdefault(value["composite"]["path"], upload(e.url, Path(value["composite"]["path"])))
            out.append({**value, "layers": [f], "composite": f})
        else:
            out.append(value)
    return out


def raw_call(e: Endpoint, data: list, timeout: float) -> tuple[str, str]:
    """POST `data` (NaN and Infinity allowed, as JSON tokens) to Gradio's /call/ route and read the event
    stream up to its end, or for a stream up to its first picture (then it is cancelled): (event, data)."""
    name, session = e.name.strip("/"), uuid.uuid4().hex
    body = json.dumps({"data": data, "session_hash": session})  # allow_nan: what a hostile script can send
    r = httpx.post(f"{e.url}gradio_api/call/{name}", content=body, headers={"content-type": "application/json"},
                   timeout=timeout)
    if r.status_code != 200:
        return "http_error", f"{r.status_code}: {r.text}"
    event_id = r.json()["event_id"]
    kind, payload = "none", ""
    with httpx.stream("GET", f"{e.url}gradio_api/call/{name}/{event_id}", timeout=timeout) as s:
        for line in s.iter_lines():
            if line.startswith("event:"):
                kind = line.split(":", 1)[1].strip()
            elif line.startswith("data:") and kind in ("complete", "error", "generating"):
                payload = line.removeprefix("data:").strip()
                break
    if kind == "generating":  # the stream has started: stop it, as the pause button does
        httpx.post(f"{e.url}gradio_api/cancel", json={"session_hash": session, "fn_index": e.fn_index,
                                                      "event_id": event_id}, timeout=timeout)
    return kind, payload


def attempt(e: Endpoint, args: list, raw_index: int | None = None) -> tuple[str, str, float]:
    """One call; (outcome, message, seconds) with outcome 'ok', 'error' or 'timeout'."""
    start = time.monotonic()
    if raw_index is not None:
        data = raw_args(e, args)
        data[raw_index] = args[raw_index].value
        try:
            kind, payload = raw_call(e, data, timeout=HANG_S * 3)
        except httpx.TimeoutException:
            return "timeout", "", time.monotonic() - start
        if kind in ("complete", "generating"):
            return "ok", payload[:200], time.monotonic() - start
        try:
            message = (json.loads(payload) or {}).get("error") if kind == "error" else f"{kind}: {payload}"
        except (json.JSONDecodeError, AttributeError):
            message = payload
        return "error", str(message or ""), time.monotonic() - start
    try:
        result = finish(e.client.submit(*args, api_name=e.name), e.stream, HANG_S * 3, watch_s=0.0)
        return "ok", repr(result)[:200], time.monotonic() - start
    except TimeoutError:
        return "timeout", "", time.monotonic() - start
    except Exception as err:  # noqa: BLE001 - judged by the caller
        return "error", f"{type(err).__name__}: {err}", time.monotonic() - start


def show(value) -> str:
    """A short description of a hostile value for the report (files by their name)."""
    if isinstance(value, dict) and "orig_name" in value:
        return f"file:{value['orig_name']}"
    if isinstance(value, dict) and isinstance(value.get("composite"), dict) and "orig_name" in value["composite"]:
        return f"sketch:{value['composite']['orig_name']}"
    text = repr(value)
    return text if len(text) <= 60 else text[:45] + f"...({len(text)} chars)"


def judge(outcome: str, message: str, seconds: float) -> str | None:
    """None when the answer is acceptable, else what is wrong with it."""
    if outcome == "timeout" or seconds > HANG_S:
        return f"no answer within {HANG_S:.0f} s ({seconds:.1f} s)"
    if outcome == "error":
        text = message.split(": ", 1)[1] if message.startswith(("AppError: ", "ValueError: ")) else message
        if not text.strip() or text.strip() in ("None", "Error", "Error raised."):
            return "an error without a message"
        for bad in UNCLEAR:
            if bad in text:
                return f"an unclear error: {text[:300]}"
    return None


def normal_answer(e: Endpoint, normal: list, patience_s: float = 0.0) -> str:
    """'ok', or the error the endpoint gives to the UI's own values (its model is not trained yet, say).
    With `patience_s`, a timeout is asked again until then: a busy machine is slow, not broken."""
    deadline = time.monotonic() + patience_s
    while True:
        outcome, message, seconds = attempt(e, normal)
        if outcome != "timeout" or time.monotonic() > deadline:
            return "ok" if outcome == "ok" else f"{outcome}: {message[:300]}"


def just_slow(e: Endpoint, normal: list, seconds: float) -> bool:
    """Whether a hostile call that took `seconds` was only as slow as the machine: the UI's own values, asked
    now, take at least a third as long (a hang is an input's fault; a loaded machine slows every call)."""
    outcome, _, normal_s = attempt(e, normal)
    return outcome == "timeout" or normal_s * 3 >= seconds


def recovers(e: Endpoint, normal: list, expected: str, within: float = 120.0) -> bool:
    """Whether the normal call gives its normal answer again within `within` seconds (the server was busy)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if normal_answer(e, normal) == expected:
            return True
        time.sleep(2)
    return False


# ----------------------------------------------------------------------------- tests


@pytest.fixture(scope="module")
def client(app_url, tmp_path_factory):
    c = make_client(app_url, str(tmp_path_factory.mktemp("downloads")))
    yield c
    c.close()


def test_fuzz_every_endpoint(client, app_url, tmp_path):
    api, streams = endpoints(client), generators(client)
    assert api, "the app has no public endpoint"
    fn_index = {"/" + d["api_name"]: d["id"] for d in client.config["dependencies"] if d.get("api_name")}
    bad = bad_files(tmp_path)
    image = digit_image(tmp_path, 0)
    counts, accepted, problems, refusing, slow = {}, {}, [], {}, []
    for name, params in api.items():
        e = Endpoint(client, app_url, name, params, name in streams, fn_index[name])
        normal = valid_args(params, image, "fr")
        expected = normal_answer(e, normal, patience_s=120)  # the UI's own values give "ok", or a clear refusal
        if expected != "ok":
            wrong = judge("error", expected.split(": ", 1)[1], 0.0) if expected.startswith("error") else expected
            assert not wrong, f"{name}: the UI's own values get {expected}"
            refusing[name] = expected
        counts[name] = 0
        for i, param in enumerate(params):
            values = hostile(param, bad)
            for value in values:
                args = list(normal)
                args[i] = value
                outcome, message, seconds = attempt(e, args, i if isinstance(value, Raw) else None)
                counts[name] += 1
                where = f"{name}({param['parameter_name']}={show(value)})"
                wrong = judge(outcome, message, seconds)
                if wrong and wrong.startswith("no answer") and just_slow(e, normal, seconds):
                    slow.append(f"{where}: {seconds:.1f} s")  # the machine was busy, not the input's fault
                elif wrong:
                    problems.append(f"{where}: {wrong}")
                elif outcome == "ok":
                    accepted.setdefault(name, []).append(f"{param['parameter_name']}={show(value)}")
            # the UI's own values once after each parameter's hostile values (a busy machine gets patience)
            where = f"{name}({param['parameter_name']}=each of {len(values)} hostile values)"
            after = normal_answer(e, normal, patience_s=60)
            if after != expected:
                problems.append(f"{where}: the next normal call got {after[:300]} instead of {expected[:100]}")
                if not recovers(e, normal, expected):
                    pytest.fail(f"the server stopped serving after {where}:\n" + "\n".join(problems))
    print("\nfuzz: hostile inputs tried per endpoint")
    for name, n in counts.items():
        print(f"  {name:<20} {n:>4} tried, {len(accepted.get(name, [])):>3} accepted (clamped or harmless)")
    print(f"  total: {sum(counts.values())} hostile inputs on {len(counts)} endpoints")
    for name, values in accepted.items():
        print(f"  accepted by {name}: {', '.join(values)}")
    for line in slow:
        print(f"  slow (the UI's own values were as slow then): {line}")
    for name, answer in refusing.items():
        print(f"  {name} refuses even the UI's values here (so after each input, the same refusal): {answer[:160]}")
    assert not problems, f"{len(problems)} hostile inputs were not handled well:\n" + "\n".join(problems[:60])


def test_upload_over_max_file_size_is_refused(client, app_url, tmp_path):
    limit = httpx.get(f"{app_url}config", timeout=30).json()["max_file_size"]
    assert limit and limit <= 10 * 1024 * 1024, f"launch() must set a max_file_size, found {limit}"
    big = tmp_path / "big.png"
    big.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(limit + 1024))
    r = httpx.post(f"{app_url}gradio_api/upload", files={"files": (big.name, big.read_bytes(), "image/png")},
                   timeout=60)
    assert r.status_code == 413, f"an upload over max_file_size got {r.status_code}: {r.text[:200]}"
    assert "size" in r.text.lower(), r.text[:200]
    api = endpoints(client)
    name, params = next((n, p) for n, p in api.items() if any(x["component"] in ("File", "Image") for x in p))
    with pytest.raises(Exception, match="maximum file size"):  # gradio_client refuses before sending
        client.predict(*[handle_file(str(big)) if p["component"] in ("File", "Image") else v
                         for v, p in zip(valid_args(params, digit_image(tmp_path)), params)], api_name=name)
    client.predict(*valid_args(params, digit_image(tmp_path)), api_name=name)  # and the server goes on


SECRETS = [b"root:x:", b"configure_queue(build_app())", b"model_type", b"PATH="]  # /etc/passwd, app.py, ...


def raw_get(app_url: str, path: str) -> tuple[int, bytes]:
    """GET `path` exactly as written: http.client sends `..` and `%2e` as they are (httpx would tidy them)."""
    host, port = app_url.split("//")[1].strip("/").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def test_server_files_are_not_served(app_url):
    """No route gives out a file the user names: only uploads and outputs live under gradio_api/file=. Tried:
    absolute paths, `..` plain, encoded and double-encoded, the source, the checkpoints, /proc, other routes."""
    src, weights = ROOT / "app.py", ROOT / "checkpoints" / "classifier-mnist" / "config.json"
    paths = [f"/gradio_api/file={p}" for p in (
        "/etc/passwd", src, weights, "/proc/self/environ", "//etc/passwd", "app.py", "checkpoints/classifier-mnist/"
        "config.json", "../../../../etc/passwd", "..%2f..%2f..%2fetc%2fpasswd", "%2e%2e/%2e%2e/app.py",
        "%252e%252e/%252e%252e/app.py", "..\\..\\app.py")]
    paths += ["/file=/etc/passwd", "/file=app.py", "/app.py", "/checkpoints/classifier-mnist/config.json",
              "/assets/../app.py", "/assets/%2e%2e/%2e%2e/app.py", "/static/../app.py", "/favicon.ico/../app.py",
              "/gradio_api/static/..%2f..%2fapp.py"]
    for path in paths:
        status, body = raw_get(app_url, path)
        assert status in (400, 403, 404), f"{path} answered {status}"
        assert not any(secret in body for secret in SECRETS), f"{path} gave out a file's content"


def test_a_huge_request_body_leaves_the_server_serving(client, app_url, tmp_path):
    """50 MB of JSON posted to the queue: answered (or refused) at once, and the next normal call succeeds."""
    body = b'{"data": ["' + b"a" * (50 * 1024 * 1024) + b'"], "fn_index": 0, "session_hash": "fuzz"}'
    r = httpx.post(f"{app_url}gradio_api/queue/join", content=body, headers={"Content-Type": "application/json"},
                   timeout=60)
    assert r.status_code in (200, 413, 422), r.text[:200]
    name, params = next(iter(endpoints(client).items()))
    client.predict(*valid_args(params, digit_image(tmp_path)), api_name=name)


def test_launch_limits():
    from PIL import Image as PILImage

    import app  # noqa: F401 - importing app.py lowers Pillow's limit and builds the page

    options = launch_options()
    assert options["max_file_size"], "launch() must set max_file_size"
    assert options.get("allowed_paths") in (None, []), "allowed_paths must stay empty"
    assert options.get("show_error"), "errors must reach the student (show_error=True)"
    assert PILImage.MAX_IMAGE_PIXELS and PILImage.MAX_IMAGE_PIXELS <= 40_000_000
    assert math.isfinite(PILImage.MAX_IMAGE_PIXELS)
