"""The browser path (genkit/ui/browser.py and browser.js): generation in the student's own browser.

Without a browser: the vendored runtime is the npm release it says it is, the page's configuration holds the
server's own timesteps and pixel -> z map, and the server's fallback draws what the browser draws. In Chromium
(slow): the same seed gives the same pictures in the browser and on the server, a browser generation sends no
request to the server's handlers, and a graph that fails to load falls back to the server, said on screen in
the page's language.
"""

import hashlib
import json
import re

import numpy as np
import pytest
import torch

from genkit import export, hub
from genkit.samplers import flow_times, timesteps
from genkit.ui import browser, diffusion_browser, gan_browser, text2img_browser
from genkit.ui.i18n import LANGS, t
from genkit.ui.inputs import SEED_MAX
from genkit.views.vae import pixel_to_z
from tests.test_browser import browser as chromium  # noqa: F401 - the module's Chromium fixture
from tests.test_browser import open_app, settle

SAME = 1e-4  # max |browser - server| on images in [0, 1]: float32 rounding in two runtimes (measured: 5e-6)
ORIGINALS = {  # sha256 of onnxruntime-web 1.23.2's files, as the npm registry ships them
    "ort.wasm.min.js": "c6bc9f8e1d0ecc3983a57910e6a30b2230a512bcd2e0207cd64306459c3de7b4",
    "ort-wasm-simd-threaded.mjs": "90a557d15c02bac4504d95b67f431d8594635ed2a0a62a7f2cd83d090ff91d3e",
    browser.WASM: browser.WASM_SHA256,
}


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_vendored_runtime_is_the_npm_release(tmp_path, monkeypatch):
    monkeypatch.setenv("GENKIT_CACHE", str(tmp_path))
    folder = browser.runtime_dir()
    assert {p.name: sha256(p) for p in folder.iterdir()} == ORIGINALS
    assert "MIT License" in (browser.VENDORED / "LICENSE").read_text()
    (folder / browser.WASM).write_bytes(b"not the module")  # a damaged cache is rebuilt, not served
    assert sha256(browser.runtime_dir() / browser.WASM) == browser.WASM_SHA256


def test_every_graph_is_committed_and_served():
    assert set(browser.graphs()) == set(export.GRAPHS)
    served = browser.static_paths()
    assert str(browser.runtime_dir()) in served
    assert all(str(p) in served for p in browser.graphs().values())
    assert not any(str(hub.checkpoints_dir()) == p for p in served)  # the graphs, never the checkpoints' folder


def test_configuration_holds_the_servers_constants():
    config = browser.config()
    for name in ("diffusion-mnist", "diffusion-fashion"):
        model = config["models"][name]
        assert model["shape"] == [1, 28, 28]
        ts = config["timesteps"][model["schedule"]]
        assert all(ts[n] == timesteps(1000, n) for n in range(1, browser.MAX_STEPS + 1))
    flow = config["models"]["flow-mnist"]
    assert flow["schedule"] == "flow" and config["timesteps"]["flow"][4] == flow_times(4) == [1.0, 0.75, 0.5, 0.25, 0.0]
    assert config["seed_max"] == SEED_MAX
    a1, b1, a2, b2 = config["models"]["vae-mnist-z2"]["pixel_to_z"]
    for px, py in [(100, 120), (64, 14), (500.5, 333.25)]:
        assert np.allclose([a1 + b1 * px, a2 + b2 * py], pixel_to_z(px, py), atol=1e-9)
    assert config["models"]["gan-mnist"]["z"] == 64
    for name in ("text2img-scenes", "text2img-digits"):  # the tokenizer's vocabulary and the prompt's rules
        model, net = config["models"][name], hub.load(name)
        assert model["vocab"] == net.tokenizer.vocab and model["max_len"] == net.config.max_len
        assert model["content"] == net.content_words() and len(model["content"]) > 10
        assert config["timesteps"][model["schedule"]][25] == timesteps(net.unet.config.T, 25)
    assert config["models"]["text2img-scenes"]["shape"] == [3, 32, 32]
    placeholders = lambda text: set(re.findall(r"\{(\w+)\}", text))  # noqa: E731
    for word in browser.WORDS:  # the script fills the same placeholders in both languages
        assert placeholders(t(f"app.browser_{word}", "en")) == placeholders(t(f"app.browser_{word}", "fr")), word
    for word, key in browser.SERVER_WORDS.items():
        assert config["words"]["fr"][word] == t(key, "fr") and placeholders(t(key, "en")) == placeholders(t(key, "fr"))
    assert set(config["words"]) == set(LANGS)


def test_page_head_is_valid_json_then_the_script():
    head = browser.head()
    start = head.index("window.genkitBrowserConfig = ") + len("window.genkitBrowserConfig = ")
    config, _ = json.JSONDecoder().raw_decode(head[start:])
    assert config["models"].keys() == browser.graphs().keys()
    assert "window.genkitBrowser = " in head and "</script>" in head[start:]


def test_servers_fallback_draws_what_the_graph_draws():
    """The fallback's grid (PyTorch) is the exported graph's output (onnxruntime) on the same noise."""
    import onnxruntime as ort

    net = hub.load("gan-mnist").eval()
    session = ort.InferenceSession(str(export.graph_path("gan-mnist")), providers=["CPUExecutionProvider"])
    (got,) = session.run(None, {"z": export.portable_noise(5, (64, 64)).numpy()})
    assert np.abs(got - gan_browser.samples(net, 5).numpy()).max() < SAME
    picture, caption = gan_browser.on_server("mnist", 5, "fr")
    assert picture.size == (3 * (8 * 30 + 2),) * 2 and "graine 5" in caption


def test_diffusion_fallback_samples_each_model_as_its_graph_does():
    import onnxruntime as ort

    net = hub.load("flow-mnist").eval()
    session = ort.InferenceSession(str(export.graph_path("flow-mnist")), providers=["CPUExecutionProvider"])
    x = export.portable_noise(2, (16, 1, 28, 28)).numpy()
    for step_from, step_to in ((1.0, 0.5), (0.5, 0.0)):
        x, _, image = session.run(None, {"x_t": x, "t": np.array([step_from], np.float32),
                                         "t_prev": np.array([step_to], np.float32)})
    assert np.abs(image - diffusion_browser.samples(net, 2, 2).numpy()).max() < SAME
    picture, caption = diffusion_browser.on_server("flow-mnist", 2, 2, "fr")
    assert picture.size == (5 * (4 * 30 + 2),) * 2 and "graine 2" in caption
    picture, caption = diffusion_browser.on_counts_server(2, "en")  # 2 rows (DDIM, flow) of 5 counts, 6 times
    assert picture.size == (6 * (5 * 30 + 2), 6 * (2 * 30 + 2)) and "1, 2, 4, 8, 25 steps" in caption
    with pytest.raises(Exception, match="flow-mnist"):  # not one of the models: the allowed ones are listed
        diffusion_browser.on_server("mnist", 2, 2, "en")


def test_text_to_image_fallback_reads_the_prompt_as_the_browser_does():
    picture, caption = text2img_browser.on_server("scenes", "un cercle rouge à gauche", 3, 2, 4, "fr")
    assert picture.size == (5 * (2 * 34 + 2),) * 2 and "graine 4" in caption  # 2 x 2 images of 32 px, 5 times
    with pytest.raises(Exception, match="ne nomme rien"):  # names nothing the model knows: refused, as in the browser
        text2img_browser.on_server("scenes", "🎈 zèbre", 3, 2, 4, "fr")


# ----------------------------------------------------------------------------- in Chromium

def open_view(chromium, url, module, tab_key, lang, before=None):  # noqa: F811
    """The app opened at 1920x1080 in `lang`, on tab `module`'s sub-tab `tab_key`; `before(page)` runs first
    (before the sub-tab's graphs are preloaded)."""
    ctx, page, console = open_app(chromium, url, locale="fr-FR" if lang == "fr" else "en-US",
                                  viewport={"width": 1920, "height": 1080})
    if before:
        before(page)
    page.click(f"#tab-{module}-button")
    settle(page)
    page.get_by_role("tab", name=t(tab_key, lang), exact=True).click()
    settle(page)
    return ctx, page, console


def run(page, view: str, button: str):
    page.evaluate(f"() => {{ delete window.genkitBrowser.timing['{view}']; }}")
    page.get_by_role("button", name=button, exact=True).click()
    page.wait_for_function(f"() => window.genkitBrowser.timing['{view}']", timeout=60_000)
    return page.evaluate(f"() => window.genkitBrowser.timing['{view}']")


SERVER_CALLS = re.compile(r"/gradio_api/(queue|call|run)/")  # what a server-side generation would send


def same_picture_said(page, view: str, timing: dict, want: np.ndarray, *said: str) -> None:
    """The browser's last picture is the server's `want` (to SAME), and the view's status line says `said`."""
    got = np.array(timing["image"], dtype=np.float32).reshape(want.shape)
    assert np.abs(got - want).max() < SAME
    status = page.locator(f"#{view} .genkit-browser-status").text_content()
    assert all(words in status for words in said), status


def four_steps_asking_nothing(page, view: str, button: str) -> dict:
    """A view's steps slider set to 4, its button clicked: the run's timing, once it is checked that the page sent
    no request to the server's handlers (only the runtime's and the graph's files)."""
    page.locator(f"#{view}").scroll_into_view_if_needed()
    steps = page.locator(f"#{view}-steps input[type=number]")
    steps.fill("4")
    steps.press("Enter")
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    timing = run(page, view, button)
    assert not [u for u in requests if SERVER_CALLS.search(u)], requests
    return timing


@pytest.mark.slow
def test_diffusion_in_the_browser_is_the_servers_and_asks_it_nothing(chromium, app_url):  # noqa: F811
    ctx, page, console = open_view(chromium, app_url, "diffusion", "diff.tab_browser", "en")
    timing = four_steps_asking_nothing(page, diffusion_browser.VIEW, t("diff.browser_go", "en"))
    net = hub.load("diffusion-mnist").eval()
    with torch.no_grad():
        want = diffusion_browser.samples(net, 4, 0).numpy()
    same_picture_said(page, diffusion_browser.VIEW, timing, want, "4 DDIM steps", "in your browser")
    page.get_by_label(t("diff.browser_model_flow_mnist", "en"), exact=True).check()  # flow matching, Euler's steps
    timing = four_steps_asking_nothing(page, diffusion_browser.VIEW, t("diff.browser_go", "en"))
    with torch.no_grad():
        want = diffusion_browser.samples(hub.load("flow-mnist").eval(), 4, 0).numpy()
    same_picture_said(page, diffusion_browser.VIEW, timing, want, "4 Euler steps", "in your browser")
    timing = run(page, diffusion_browser.COUNTS_VIEW, t("diff.browser_counts_go", "en"))  # one x_T, each step count
    nets = [hub.load(name).eval() for name in browser.COUNT_ROWS]
    with torch.no_grad():
        want = diffusion_browser.count_samples(nets, 0).numpy()
    same_picture_said(page, diffusion_browser.COUNTS_VIEW, timing, want, "1, 2, 4, 8, 25 steps", "DDIM above")
    assert not console.errors, console.errors
    ctx.close()


@pytest.mark.slow
def test_gan_grid_in_the_browser_follows_the_seed_slider(chromium, app_url):  # noqa: F811
    ctx, page, console = open_view(chromium, app_url, "gan", "gan.tab_browser", "fr")
    first = run(page, gan_browser.VIEW, t("gan.browser_go", "fr"))
    seed = page.locator(f"#{gan_browser.VIEW}-seed input[type=number]")
    page.evaluate(f"() => {{ delete window.genkitBrowser.timing['{gan_browser.VIEW}']; }}")
    seed.fill("7")
    seed.press("Enter")  # a new seed draws a new grid, without a click
    page.wait_for_function(f"() => window.genkitBrowser.timing['{gan_browser.VIEW}']", timeout=30_000)
    second = page.evaluate(f"() => window.genkitBrowser.timing['{gan_browser.VIEW}']")
    net = hub.load("gan-mnist").eval()
    for seed_value, timing in ((0, first), (7, second)):
        want = gan_browser.samples(net, seed_value).numpy()
        assert np.abs(np.array(timing["image"], dtype=np.float32).reshape(want.shape) - want).max() < SAME
    assert "graine 7" in page.locator(f"#{gan_browser.VIEW} .genkit-browser-status").text_content()
    assert not console.errors, console.errors
    ctx.close()


@pytest.mark.slow
def test_latent_map_decodes_under_the_pointer(chromium, app_url):  # noqa: F811
    ctx, page, console = open_app(chromium, app_url, viewport={"width": 1920, "height": 1080})
    page.click("#tab-vae-button")
    settle(page)
    img = page.locator(f"#{browser.POINTER['image']} img")
    img.scroll_into_view_if_needed()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    natural = img.evaluate("(i) => [i.naturalWidth, i.naturalHeight]")
    box = img.bounding_box()
    scale = min(box["width"] / natural[0], box["height"] / natural[1])
    left = box["x"] + (box["width"] - scale * natural[0]) / 2
    top = box["y"] + (box["height"] - scale * natural[1]) / 2
    px, py = 200.0, 420.0  # a pixel of the map, at its own size
    page.mouse.move(left + scale * px - 30, top + scale * py)
    page.mouse.move(left + scale * px, top + scale * py, steps=5)
    page.wait_for_function(f"() => window.genkitBrowser.timing['{browser.POINTER['view']}']", timeout=30_000)
    page.wait_for_timeout(500)
    timing = page.evaluate(f"() => window.genkitBrowser.timing['{browser.POINTER['view']}']")
    assert np.allclose(timing["z"], pixel_to_z(px, py), atol=0.02)  # the code under the pointer
    net = hub.load("vae-mnist-z2").eval()
    with torch.no_grad():
        want = net.decode(torch.tensor([timing["z"]], dtype=torch.float32)).numpy()
    assert np.abs(np.array(timing["image"], dtype=np.float32).reshape(want.shape) - want).max() < SAME
    assert not [u for u in requests if SERVER_CALLS.search(u)], requests
    assert page.locator(".genkit-pointer-tip").is_visible()
    assert not console.errors, console.errors
    ctx.close()


@pytest.mark.slow
def test_a_graph_that_fails_to_load_falls_back_to_the_server(chromium, app_url):  # noqa: F811
    def broken_graph(page):  # the graph's download fails, from its preload on: as a network that drops it
        page.route("**/ddim_step.onnx", lambda route: route.abort())

    ctx, page, console = open_view(chromium, app_url, "diffusion", "diff.tab_browser", "fr", before=broken_graph)
    page.get_by_role("button", name=t("diff.browser_go", "fr"), exact=True).click()
    status = page.locator(f"#{diffusion_browser.VIEW} .genkit-browser-status")
    page.wait_for_function("(s) => s.classList.contains('genkit-browser-error')", arg=status.element_handle(),
                           timeout=30_000)
    assert "le serveur calcule la même image" in status.text_content()
    picture = page.locator(f"#{diffusion_browser.SERVER}-img")
    page.wait_for_function("(b) => { const i = b.querySelector('img'); return i && i.naturalWidth > 0; }",
                           arg=picture.element_handle(), timeout=60_000)
    assert page.get_by_text("calculés par le serveur depuis le même").is_visible()
    ctx.close()


@pytest.mark.slow
def test_bad_settings_are_said_in_the_view(chromium, app_url):  # noqa: F811
    ctx, page, console = open_view(chromium, app_url, "diffusion", "diff.tab_browser", "fr")
    status = page.locator(f"#{diffusion_browser.VIEW} .genkit-browser-status")
    bad = ((["diffusion-mnist", 500, 0], "bad_steps"), (["diffusion-mnist", 4, -3], "bad_seed"),
           (["flow-mnist", "🎲", 0], "bad_steps"), (["diffusion-mnist", 4, "x" * 10_000], "bad_seed"))
    for args, word in bad:
        page.evaluate("(args) => window.genkitBrowser.diffusion('genkit-b-diffusion', 'none', ...args)", args)
        top = browser.MAX_STEPS if word == "bad_steps" else SEED_MAX
        expected = t(f"app.browser_{word}", "fr").replace("{max}", str(top))
        assert status.text_content() == expected
        assert "genkit-browser-error" in status.get_attribute("class")
    assert not console.errors, console.errors
    ctx.close()


PROMPTS = ["Un CERCLE rouge, à gauche d'un carré bleu !", "a red circle 🎈 left of a square", "  two   green\ttriangles ",
           "", "a purple square above-a green circle", "« un losange » jaune… en haut"]
REFUSED = ["🎈🎈", "a zebra", "the", "x" * 10_000, "circle " * 17]


@pytest.mark.slow
def test_text_to_image_in_the_browser_is_the_servers(chromium, app_url):  # noqa: F811
    """The browser's tokenizer gives the Python tokenizer's ids and refuses what the server refuses; its guided
    images are the server's for the same prompt, w and seed; and it sends no request to the server's handlers."""
    from genkit.ui import text2img_inputs as ti

    ctx, page, console = open_view(chromium, app_url, "text2img", "t2i.tab_browser", "fr")
    net = hub.load("text2img-scenes").eval()
    read = "(p) => window.genkitBrowser.tokenize(window.genkitBrowserConfig.models['text2img-scenes'], p)"
    for prompt in PROMPTS:
        ids, _ = net.tokenizer.batch([prompt])
        assert page.evaluate(read, prompt)["ids"] == ids[0].tolist(), prompt
    for prompt in REFUSED:
        with pytest.raises(Exception):
            ti.marked_words(net, ti.read_prompt(prompt, "fr"), "fr")
        assert page.evaluate(read, prompt)["error"], prompt
    page.locator(f"#{text2img_browser.VIEW}-prompt textarea").fill(PROMPTS[0])
    timing = four_steps_asking_nothing(page, text2img_browser.VIEW, t("t2i.browser_go", "fr"))
    with torch.no_grad():
        want = text2img_browser.samples(net, PROMPTS[0], 3.0, 4, 0).numpy()
    same_picture_said(page, text2img_browser.VIEW, timing, want, "4 pas DDIM", "dans votre navigateur")
    assert not console.errors, console.errors
    ctx.close()


@pytest.mark.slow
def test_text_to_image_bad_settings_are_said_in_the_view(chromium, app_url):  # noqa: F811
    ctx, page, console = open_view(chromium, app_url, "text2img", "t2i.tab_browser", "en")
    status = page.locator(f"#{text2img_browser.VIEW} .genkit-browser-status")
    bad = ((["x" * 10_000, 3, 25, 0], "The prompt has 10000 characters"),
           (["🎈🥳", 3, 25, 0], "names nothing the model knows"),
           (["a red circle", 99, 25, 0], "guidance w must be a number from 0 to 15"),
           (["a red circle", "", 25, 0], "guidance w"),
           (["a red circle", 3, 0, 0], "from 1 to 50"),
           (["a red circle", 3, 25, 1.5], "The seed must be"))
    for args, expected in bad:
        page.evaluate("(args) => window.genkitBrowser.text2img('genkit-b-t2i', 'none', 'scenes', ...args)", args)
        assert expected in status.text_content(), (args[:1], status.text_content())
        assert "genkit-browser-error" in status.get_attribute("class")
    assert not console.errors, console.errors
    ctx.close()
