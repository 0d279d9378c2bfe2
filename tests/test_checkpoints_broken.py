"""A missing or corrupt checkpoint: its tab says what is wrong and how to fix it; the other tabs work.

The app is started on a copy of checkpoints/ where classifier-mnist is missing,
then truncated, and classifier-fashion removed (tests/conftest.py, `broken_app`).
`USES` says which endpoints read which checkpoint; a later tab adds its own
(e.g. "/vae_sample": ["vae-mnist-z16"]). Every other endpoint must answer as it
does in the app with the project's checkpoints (`app_url`).
"""

import pytest

from genkit import hub
from genkit.appclient import digit_image, endpoints, finish, generators, make_client, valid_args
from tests.conftest import BROKEN, OTHER

pytestmark = pytest.mark.slow  # python -m pytest -m "not slow" leaves it out

USES = {  # endpoint -> the checkpoints it reads
    "/conv_filters": ["classifier-mnist"],
}


@pytest.fixture(scope="module")
def client(broken_app):
    c = make_client(broken_app.url)
    yield c
    c.close()


def answer(client, name, params, image, lang, stream=False) -> tuple[bool, str]:
    """(whether the call succeeded, its answer as text: its Markdown outputs, or its error message)."""
    try:
        out = finish(client.submit(*valid_args(params, image, lang), api_name=name), stream, 60.0, watch_s=0.0)
    except Exception as e:  # noqa: BLE001 - an error toast is a valid way to explain
        return False, f"{type(e).__name__}: {e}"
    out = out if isinstance(out, (tuple, list)) else (out,)
    return True, "\n".join(o for o in out if isinstance(o, str))


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_tab_explains_what_is_wrong_and_how_to_fix_it(broken_app, client, tmp_path, lang):
    api = endpoints(client)
    affected = [name for name, needs in USES.items() if BROKEN in needs]
    assert affected and all(name in api for name in affected), f"unknown endpoints in USES: {affected}"
    command = hub.entry(BROKEN).train_command
    for name in affected:
        _, text = answer(client, name, api[name], digit_image(tmp_path), lang)
        assert BROKEN in text and command in text, f"{name} ({broken_app.broken}, {lang}) says: {text}"
        if broken_app.broken == "truncated":  # the file that is wrong, where it is
            weights = broken_app.checkpoints / BROKEN / "model.safetensors"
            assert str(weights) in text, f"{name} does not name the corrupt file {weights}: {text}"
        else:
            assert f"checkpoints/{BROKEN}" in text, f"{name} does not say where the checkpoint belongs: {text}"


def test_the_other_tabs_work(broken_app, client, app_url, tmp_path):
    healthy = make_client(app_url)
    api, streams = endpoints(client), generators(client)
    try:
        for name, params in api.items():
            if {BROKEN, OTHER} & set(USES.get(name, [])):
                continue
            image = digit_image(tmp_path)
            ok, text = answer(client, name, params, image, "fr", name in streams)
            ok_healthy, text_healthy = answer(healthy, name, params, image, "fr", name in streams)
            assert ok == ok_healthy, f"{name} answers {text[:300]!r} here, {text_healthy[:300]!r} in the intact app"
            assert BROKEN not in text, f"{name} is affected by the broken {BROKEN}: {text[:300]}"
    finally:
        healthy.close()


def test_the_affected_endpoint_keeps_serving(broken_app, client, tmp_path):
    """Asking again gives the same explanation (no half-loaded model was kept), and the server lives."""
    api = endpoints(client)
    for name in USES:
        first = answer(client, name, api[name], digit_image(tmp_path), "en")
        assert answer(client, name, api[name], digit_image(tmp_path), "en") == first
    assert broken_app.process.poll() is None, "the server died:\n" + broken_app.log_text()
