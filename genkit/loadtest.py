"""A class of simulated students clicking through the app: latency, failures, server memory.

    python -m genkit.loadtest --users 50 --minutes 2          # starts its own `python app.py`
    python -m genkit.loadtest --users 50 --minutes 2 --url http://127.0.0.1:7860/ --pid 1234

Each student is a thread with its own `gradio_client.Client` (its own session). It
opens the page (the calls the browser sends by itself on load, all at once), then
walks the tabs left to right, as in the lecture, calling each public endpoint with
valid inputs (the UI's default values, a hand-drawn digit for images, English or
French), with a few seconds of thinking between clicks; a live stream (GAN training)
is watched for a few seconds, then paused. Endpoints that refuse even the UI's default
inputs here (a model not trained yet, no dataset on this machine) are left out, and
listed. Everything is bounded: the run stops at the deadline, every call has a
timeout, and the server this module started is stopped.

The run has two parts. First the class tours the app: every student walks through
every tab once (a minute and a half for 50 students). By then each session holds
what it legitimately keeps (its GAN game, its diffusion trajectory, Gradio's copy of
the page's state, ~5 MB), so the memory baseline is taken there. Then the class keeps
working for `--minutes`: memory that still grows is a leak.

With ``--browser`` the students' generation runs in their browsers (genkit/ui/browser.js): an endpoint that
a browser view computes instead (`genkit.ui.browser.TWINS`) becomes the download of that view's runtime and
graph, in full the first time and then as a browser's cache checks it (If-None-Match, 304); the long
endpoints that have no browser view yet are left out, and listed; the rest is called as before.

The report: requests served, failures (a translated "busy" message is counted
apart, as the only allowed refusal), median and p95 latency per endpoint, the
server's CPU time per request, and its resident memory (VmRSS from
/proc/<pid>/status, sampled every 2 s): at start, once the models are loaded, after
the tour and at the end (medians of the samples in the 20 s after the tour and in
the last 20 s: one sample alone would catch a passing peak of a long request), the
peak, the memory each session holds, and the growth after the tour. The last line is JSON.
"""

import argparse
import json
import os
import random
import re
import statistics
import tempfile
import threading
import time
from pathlib import Path

from gradio_client.exceptions import AppError

from genkit import loadtest_browser as browser_load
from genkit.appclient import (TAB_PREFIXES, cpu_seconds, digit_image, endpoints, finish, generators, log_tail,
                              make_client, on_load, rss_mb, start_app, stop_app, tab_of, valid_args)

LIGHT_TABS = ("conv", "autoencoder", "vae")  # target: p95 under 3 s
CALL_TIMEOUT = 60.0  # seconds before a call counts as a failure ("timeout")
STREAM_WATCH_S = 5.0  # a student watches a live stream (GAN training) this long, then pauses it
MAX_TOUR_S = 600.0  # a class that has not toured the app after 10 minutes starts its timed part anyway
WINDOW_S = 20.0  # memory at a moment: the median of the samples in this window (a quarter of shorter runs)


# ----------------------------------------------------------------------------- the class


def message_patterns(key: str) -> list[re.Pattern]:
    """Regular expressions for the shell's message `key` in each language, {fields} matching anything."""
    from genkit.ui.text.shell import TEXT as SHELL_TEXT

    return [re.compile(re.sub(r"\\\{\w+\\\}", ".+?", re.escape(text))) for text in SHELL_TEXT[key].values()]


def busy_patterns() -> list[re.Pattern]:
    """The translated "server busy" messages, the only refusal allowed under load."""
    return message_patterns("err.busy")


class Clock:
    """The run's two parts: the class's tour of the app, then `seconds` of work after the last student's tour."""

    def __init__(self, users: int, seconds: float):
        self.seconds, self.left, self.lock = seconds, users, threading.Lock()
        self.started = time.monotonic()
        self.toured_at: float | None = None
        self.deadline = self.started + MAX_TOUR_S + seconds  # until the tour is over

    def toured(self) -> None:
        """One more student has been through every tab (or gave up): the last one starts the clock."""
        with self.lock:
            self.left -= 1
            if self.left == 0 and self.toured_at is None:
                self.toured_at = time.monotonic()
                self.deadline = self.toured_at + self.seconds


class Memory:
    """Samples the server's RSS every 2 s in a thread, for the figures of `summary`."""

    def __init__(self, pid: int):
        self.pid, self.samples = pid, []  # (monotonic time, MiB)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True, name="memory")
        self._thread.start()

    def _run(self):
        while not self._stop.wait(2.0):
            rss = rss_mb(self.pid)
            if rss is None:
                return
            self.samples.append((time.monotonic(), rss))

    def stop(self, toured_at: float | None, end: float, window: float) -> dict:
        """after_tour and end: medians of the samples in `window` s after the tour and before `end`."""
        self._stop.set()
        self._thread.join(timeout=5)

        def median_between(t0, t1):
            values = [rss for t, rss in self.samples if t0 <= t <= t1]
            return statistics.median(values) if values else None

        return {"after_tour": median_between(toured_at, toured_at + window) if toured_at else None,
                "peak": max((rss for _, rss in self.samples), default=None),
                "end": median_between(end - window, end)}


class Stats:
    """Thread-safe record of every call: endpoint -> latencies, failures, busy refusals."""

    def __init__(self):
        self.lock = threading.Lock()
        self.latency: dict[str, list[float]] = {}
        self.failures: dict[str, list[str]] = {}
        self.busy: dict[str, int] = {}

    def record(self, endpoint: str, seconds: float, error: str | None = None, busy: bool = False):
        with self.lock:
            self.latency.setdefault(endpoint, [])
            self.failures.setdefault(endpoint, [])
            self.busy.setdefault(endpoint, 0)
            if busy:
                self.busy[endpoint] += 1
            elif error is not None:
                self.failures[endpoint].append(error)
            else:
                self.latency[endpoint].append(seconds)


def p95(values: list[float]) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def call(client, name: str, args: list, stats: Stats, busy: list[re.Pattern], stream: bool = False):
    """Submit one call; the function it returns waits for it and records how it ended.

    The latency of a stream is the time to its first picture (what a student waits for)."""
    start = time.monotonic()
    try:
        job = client.submit(*args, api_name=name)
    except Exception as e:  # noqa: BLE001 - a refused submission is a failure like any other
        stats.record(name, 0.0, f"{type(e).__name__}: {e}")
        return lambda: None

    first = []

    def wait():
        try:
            finish(job, stream, CALL_TIMEOUT, STREAM_WATCH_S, on_first=lambda: first.append(time.monotonic()))
            stats.record(name, (first[0] if first else time.monotonic()) - start)
        except Exception as e:  # noqa: BLE001 - every failure is counted and reported
            message = (f"timeout after {CALL_TIMEOUT:.0f} s" if isinstance(e, TimeoutError)
                       else f"{type(e).__name__}: {e}")
            stats.record(name, time.monotonic() - start, message, busy=any(p.search(str(e)) for p in busy))

    return wait


def student(index: int, url: str, api: dict, loaded: set, streams: set, images: list[Path], clock: Clock,
            think: tuple[float, float], stats: Stats, busy: list[re.Pattern], max_calls: int, download_dir: str,
            twins: dict[str, list[str]] | None = None):
    """One student: opens the page (its on-load calls at once), then walks the tabs until the deadline.
    `twins`: endpoint -> the files its browser view downloads instead of calling it (--browser)."""
    rng = random.Random(index)
    twins, cache = twins or {}, {}
    time.sleep(rng.uniform(0, think[1]))  # students do not all arrive in the same second
    order = sorted(api, key=lambda name: ([t for _, t in TAB_PREFIXES] + ["other"]).index(tab_of(name)))
    lang = rng.choice(("en", "fr"))
    client, toured = None, False
    try:
        opened = time.monotonic()
        client = make_client(url, download_dir, timeout=CALL_TIMEOUT)  # a browser waits for the page beyond 5 s
        stats.record("(page)", time.monotonic() - opened)  # the page's configuration, as a browser's first request
        waits = [call(client, name, valid_args(api[name], rng.choice(images), lang), stats, busy)
                 for name in order if name in loaded]  # the browser sends these together
        for wait in waits:
            wait()
        calls = len(waits)
        while time.monotonic() < clock.deadline and calls < max_calls:
            for name in order:
                if time.monotonic() >= clock.deadline or calls >= max_calls:
                    break
                time.sleep(min(rng.uniform(*think), max(0.0, clock.deadline - time.monotonic())))
                if name in twins:  # the browser computes it: its files, then nothing on the server
                    browser_load.fetch(twins[name], cache, stats, name)
                else:
                    call(client, name, valid_args(api[name], rng.choice(images), lang), stats, busy,
                         name in streams)()
                calls += 1
            if not toured:
                toured = True
                clock.toured()
    except Exception as e:  # noqa: BLE001 - a student who cannot even open the page is a failure, not a crash
        stats.record("(page)", 0.0, f"{type(e).__name__}: {e}")
    finally:
        if not toured:
            clock.toured()  # the class does not wait for a student who stopped
        if client is not None:
            client.close()


def run(url: str, users: int, seconds: float, pid: int | None = None, think=(1.0, 4.0),
        max_calls: int = 10_000, tabs: tuple[str, ...] | None = None, log=print, in_browser: bool = False) -> dict:
    """Simulate `users` students for `seconds` against the app at `url`; return the report as a dict.

    `tabs`: only the endpoints of these tabs (module names: conv, autoencoder ...); default all.
    `in_browser`: their generation runs in their browsers (--browser)."""
    busy = busy_patterns()
    stats, skipped = Stats(), {}
    with tempfile.TemporaryDirectory(prefix="genkit-loadtest-") as tmp:
        images = [digit_image(Path(tmp), seed) for seed in range(8)]
        downloads = os.path.join(tmp, "downloads")
        rss_start = rss_mb(pid) if pid else None
        warm = make_client(url, downloads)
        api, loaded, streams = endpoints(warm), on_load(warm), generators(warm)
        api = {name: params for name, params in api.items() if not tabs or tab_of(name) in tabs}
        twins = {}
        if in_browser:  # a browser view's endpoint becomes its files; long work with no browser view yet is left out
            twins = browser_load.twins(url, api)
            for name in browser_load.heavy_endpoints() - set(twins):
                if api.pop(name, None) is not None:
                    skipped[name] = "no browser view yet: a long job on the server"
        if not api:
            where = f" in the tabs {', '.join(tabs)}" if tabs else ""
            raise RuntimeError(f"the app at {url} has no public endpoint to load{where}")
        for name, params in [(n, p) for n, p in api.items() if n not in twins]:  # warm-up: models load, caches fill
            try:
                finish(warm.submit(*valid_args(params, images[0]), api_name=name), name in streams, CALL_TIMEOUT)
            except AppError as e:  # an explicit refusal (its model is not trained, no data here): left out
                skipped[name] = f"refuses the UI's default inputs here: {e}"
                del api[name]
            except Exception as e:  # noqa: BLE001 - reported, and the endpoint stays in the run
                log(f"warm-up call {name} failed: {type(e).__name__}: {e}")
        for name, reason in skipped.items():
            log(f"left out: {name}: {reason[:200]}")
        warm.close()
        rss_loaded = rss_mb(pid) if pid else None
        log(f"{users} students on {url}: a tour of the tabs, then {seconds:.0f} s; {len(api)} endpoints: "
            f"{', '.join(api)}")
        cpu0 = cpu_seconds(pid) if pid else None
        memory = Memory(pid) if pid else None
        clock = Clock(users, seconds)
        threads = [threading.Thread(target=student, daemon=True, name=f"student-{i}",
                                    args=(i, url, api, loaded, streams, images, clock, think, stats, busy,
                                          max_calls, downloads, twins))
                   for i in range(users)]
        for th in threads:
            th.start()
        for th in threads:
            th.join(timeout=max(0.0, clock.deadline - time.monotonic()) + CALL_TIMEOUT + 30)
        end = min(time.monotonic(), clock.deadline)  # the memory at the end is the class's, not a straggler's
        elapsed = time.monotonic() - clock.started
        rss = {"start": rss_start, "models_loaded": rss_loaded, "after_tour": None, "peak": None, "end": None}
        if memory:
            rss.update(memory.stop(clock.toured_at, end, min(WINDOW_S, seconds / 4)))
        cpu = cpu_seconds(pid) - cpu0 if cpu0 is not None else None
    stuck = sum(th.is_alive() for th in threads)
    result = report(stats, api, users, elapsed, rss, stuck, cpu)
    result["in_browser"] = sorted(twins)
    result["tour_s"] = round(clock.toured_at - clock.started, 1) if clock.toured_at else None
    result["left_out"] = {name: reason[:300] for name, reason in skipped.items()}
    return result


def report(stats: Stats, api: dict, users: int, elapsed: float, rss: dict, stuck: int,
           cpu: float | None = None) -> dict:
    """The run's figures as a dict (printed as the last JSON line)."""
    per = {}
    for name in [*api, *(n for n in stats.failures if n not in api)]:  # and "(page)": a page that did not open
        lat = stats.latency.get(name, [])
        fails = stats.failures.get(name, [])
        per[name] = {
            "tab": tab_of(name), "served": len(lat), "failures": len(fails), "busy": stats.busy.get(name, 0),
            "median_s": round(statistics.median(lat), 3) if lat else None,
            "p95_s": round(p95(lat), 3) if lat else None, "max_s": round(max(lat), 3) if lat else None,
            "first_failures": sorted(set(f[:300] for f in fails))[:3],
        }
    served = sum(e["served"] for e in per.values())
    warm, end = rss["after_tour"], rss["end"]
    growth = (end - warm) / warm * 100 if warm and end else None
    per_session = (warm - rss["models_loaded"]) / users if warm and rss.get("models_loaded") else None
    light_p95 = [e["p95_s"] for e in per.values() if e["tab"] in LIGHT_TABS and e["p95_s"] is not None]
    failures = sum(e["failures"] for e in per.values())
    result = {
        "users": users, "seconds": round(elapsed, 1), "served": served, "failures": failures,
        "busy": sum(e["busy"] for e in per.values()), "requests_per_s": round(served / elapsed, 2),
        "server_cpu_s": round(cpu, 1) if cpu is not None else None,  # CPU time the server used during the run
        "server_cpu_ms_per_request": round(cpu / served * 1000, 1) if cpu is not None and served else None,
        "rss_mb": {k: _r(v) for k, v in rss.items()},
        "rss_growth_pct": round(growth, 1) if growth is not None else None,
        "rss_per_session_mb": _r(per_session),  # what the tour added, per student
        "stuck_students": stuck, "endpoints": per,
        "targets": {"zero_failures": failures == 0 and stuck == 0,
                    "light_p95_under_3s": max(light_p95) < 3.0 if light_p95 else None,
                    "light_p95_under_1s": max(light_p95) < 1.0 if light_p95 else None,
                    "memory_growth_under_10pct": growth is not None and growth < 10.0},
    }
    return result


def _r(x):
    return round(x, 1) if x is not None else None


def table(result: dict) -> str:
    rows = [f"{'endpoint':<22} {'tab':<12} {'served':>7} {'fail':>5} {'busy':>5} "
            f"{'median s':>9} {'p95 s':>7} {'max s':>7}"]
    for name, e in result["endpoints"].items():
        f = lambda v: f"{v:.3f}" if v is not None else "-"  # noqa: E731
        rows.append(f"{name:<22} {e['tab']:<12} {e['served']:>7} {e['failures']:>5} {e['busy']:>5} "
                    f"{f(e['median_s']):>9} {f(e['p95_s']):>7} {f(e['max_s']):>7}")
    m = result["rss_mb"]
    rows.append(f"{result['users']} students, {result['seconds']} s: {result['served']} requests served "
                f"({result['requests_per_s']}/s), {result['failures']} failures, {result['busy']} busy, "
                f"{result['stuck_students']} stuck")
    rows.append(f"the class toured every tab in {result.get('tour_s')} s; then {result['users']} students worked "
                f"until the end")
    rows.append(f"server memory (RSS, MiB): start {m['start']}, models loaded {m['models_loaded']}, after the "
                f"tour {m['after_tour']} ({result['rss_per_session_mb']} per student), peak {m['peak']}, end "
                f"{m['end']} (growth since the tour {result['rss_growth_pct']}%)")
    rows.append(f"server CPU: {result['server_cpu_s']} s over the run, {result['server_cpu_ms_per_request']} ms "
                f"per request (on {os.cpu_count()} cores)")
    for name, reason in result.get("left_out", {}).items():
        rows.append(f"left out: {name} ({reason[:120]})")
    if result.get("in_browser"):
        rows.append(f"computed in the students' browsers (their files downloaded instead): {', '.join(result['in_browser'])}")
    for name, e in result["endpoints"].items():
        for msg in e["first_failures"]:
            rows.append(f"  failure in {name}: {msg}")
    return "\n".join(rows)


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m genkit.loadtest", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--users", type=int, default=50, help="simulated students (threads), default 50")
    ap.add_argument("--minutes", type=float, default=2.0,
                    help="how long the class works after its tour of the app (the memory baseline), default 2")
    ap.add_argument("--url", default=None,
                    help="an app already running (default: start `python app.py` on a free port)")
    ap.add_argument("--pid", type=int, default=None, help="with --url: the server's process id, to read its memory")
    ap.add_argument("--think", type=float, nargs=2, default=(1.0, 4.0), metavar=("MIN", "MAX"),
                    help="think time between clicks, uniform in [MIN, MAX] seconds (default 1 4)")
    ap.add_argument("--max-calls", type=int, default=10_000, help="stop a student after this many calls")
    ap.add_argument("--browser", action="store_true",
                    help="the students' generation runs in their browsers (the browser path): see above")
    ap.add_argument("--tabs", nargs="+", default=None, metavar="TAB",
                    help="only these tabs' endpoints: " + " ".join(dict.fromkeys(t for _, t in TAB_PREFIXES)))
    args = ap.parse_args(argv)
    if not 1 <= args.users <= 500 or not 0 < args.minutes <= 60:
        ap.error("--users must be in 1..500 and --minutes in (0, 60]")

    process, log = None, None
    url, pid = args.url, args.pid
    if url is None:
        log = Path(tempfile.mkstemp(prefix="genkit-loadtest-app-", suffix=".log")[1])
        print(f"starting python app.py (log: {log}) ...", flush=True)
        process, url = start_app(log=log)
        pid = process.pid
    try:
        result = run(url, args.users, args.minutes * 60, pid, tuple(args.think), args.max_calls, args.tabs,
                     log=lambda s: print(s, flush=True), in_browser=args.browser)
        if process is not None:  # did our server survive the whole run?
            result["server_exit_code"] = process.poll()
    finally:
        if process is not None:
            stop_app(process)
    if result.get("server_exit_code") is not None:
        print(f"THE SERVER STOPPED during the run (exit code {result['server_exit_code']}; negative: killed by "
              f"that signal). Its log: {log}\n{log_tail(log, 3000)}")
    print(table(result))
    print(json.dumps(result))
    return result


if __name__ == "__main__":
    main()
