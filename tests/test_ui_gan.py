"""The GAN tab's handlers, called directly in English and French: streams, sessions, caps, cleanup.

No dataset is needed: the image mode's training images are replaced by random ones, and the
replay reads a record written on the spot from an untrained generator.
"""

import itertools

import gradio as gr
import pytest
import torch
from PIL import Image

from genkit import bench, data, gan2d, viz
from genkit import live as games
from genkit.gan import DCGAN, DCGANConfig
from genkit.loops import gan as loop
from genkit.ui import gan as gan_tab
from genkit.ui import gan_live as tab
from genkit.ui.common import Gate
from genkit.ui.i18n import t
from genkit.ui.text.gan import TEXT
from genkit.views import gan as pictures

LANGS = ("en", "fr")
IMG = ("mnist", "nonsaturating", 1, 2e-4, 2e-4, 16, 8)  # dataset, loss, k, lr_g, lr_d, batch, z
PLANE = ("ring", "nonsaturating", 1, 1e-4, 1e-4, 64, 2)


@pytest.fixture(autouse=True)
def fresh_server(monkeypatch):
    """No real data, no slot left over from another test, small per-picture chunks."""
    fake = torch.rand(256, 1, 28, 28) * 2 - 1
    monkeypatch.setattr(games, "training_images", lambda dataset: fake)
    monkeypatch.setitem(games.EVERY, "image", 2)
    monkeypatch.setitem(games.EVERY, "2d", 5)
    monkeypatch.setattr(tab, "PLOT_EVERY_S", 0.0)  # every picture redraws the curves (test_curves_at_most_... not)
    monkeypatch.setitem(games.DEFAULTS, "image", {**games.DEFAULTS["image"], "z_dim": 8})
    monkeypatch.setattr(tab, "GATES", {kind: Gate(g.slots, g.patience, g.stale_s, g.min_wait_s)
                                       for kind, g in tab.GATES.items()})  # fresh slots, the same settings
    games._data_failures.clear()
    yield
    games._data_failures.clear()


def error(fn, *args) -> str:
    with pytest.raises(gr.Error) as e:
        out = fn(*args)
        if hasattr(out, "__next__"):
            next(out)
    message = e.value.message
    assert "Something went wrong" not in message and "Une erreur est survenue" not in message
    return message


def take(gen, n: int) -> list:
    out = list(itertools.islice(gen, n))
    gen.close()  # what Gradio does when the stream is cancelled: the slot is freed
    return out


def check_view(views, lang: str):
    """A stream's pictures: the first gives the session its game (the state), the later ones leave it as it is (a
    late picture cannot put back a game that a reset replaced); the last one is checked whole. Returns the game."""
    live, picture, losses, probs, status = views[-1]
    live = views[0][0]
    assert isinstance(live, games.Live) and isinstance(picture, Image.Image)
    assert all(v[0] == gr.skip() for v in views[1:])
    if live.game.history:  # the two charts, drawn for the projector
        assert all(isinstance(c, Image.Image) and c.size == (560, 400) for c in (losses, probs))
    else:  # nothing to draw before the first step
        assert losses is None and probs is None
    assert (t("gan.status", lang, step=live.game.step, seconds="X", rate="X", loss_d="X", loss_g="X", d_real="X",
              d_fake="X").split("X")[0]) in status
    return live


@pytest.mark.parametrize("lang", LANGS)
def test_live_image_stream_pause_resume_and_one_step(lang):
    views = take(tab.train_images(None, *IMG, lang), 3)
    live = check_view(views, lang)
    assert live.game.step == 4 and tab.GATES["image"].running() == 0
    assert views[0][4].endswith(t("gan.fresh", lang))
    paused = tab.pause(live, lang)  # the figures stay, with the note
    assert paused.endswith(t("gan.paused", lang)) and t("gan.status", lang, step=4, seconds="X", rate="X", loss_d="X",
                                                         loss_g="X", d_real="X", d_fake="X").split("X")[0] in paused
    assert live.stop
    stream = tab.train_images(live, *IMG, lang)  # resume: the same game goes on
    again = list(itertools.islice(stream, 2))
    assert tab.pause(live, lang).endswith(t("gan.paused", lang))
    rest = list(stream)  # a stream that was not cancelled ends with one picture that says it is paused
    assert len(rest) == 1 and rest[0][4].endswith(t("gan.paused", lang)) and tab.GATES["image"].running() == 0
    assert again[0][0] is live and live.game.step == 6
    one = tab.single_images(live, *IMG, lang)
    assert one[0].game.step == 7 and t("gan.one_step_done", lang, k=1) in one[4]
    reset = tab.reset_images(live, *IMG, lang)
    assert reset[0] is not live and reset[0].game.step == 0 and live.stop


@pytest.mark.parametrize("stop", ["pause", "reset", "failure"])
def test_a_stopped_stream_ends_with_the_answer_of_what_stopped_it(stop):
    """Pause, reset and a failure preset answer at once while the stream's picture of its last step may still be
    on its way (Gradio encodes it after the step); the stream then ends by sending their answer again, so that
    the page never ends on that late picture (pause used to cancel the stream: "paused" was then hidden for
    good, and the browser test waited 30 s for it)."""
    stream = tab.train_2d(None, *PLANE, "fr")
    live = next(stream)[0]
    in_flight = next(stream)  # computed, not yet in the browser
    if stop == "pause":
        answer = tab.pause(live, "fr")
    elif stop == "reset":
        answer = tab.reset_2d(live, *PLANE, "fr")
    else:
        answer = tab.failure("collapse", live, "fr")[:5]
    rest = list(stream)
    assert in_flight[0] == gr.skip() and len(rest) == 1 and tab.GATES["2d"].running() == 0
    if stop == "pause":  # a fresh picture of the game, whose status ends as pause's answer does
        assert rest[0][0] is live and rest[0][4] == answer
    else:  # the new game, as the reset or the preset answered it
        assert rest[0][0] is answer[0] and rest[0][4] == answer[4] and answer[0] is not live
        assert answer[0].game.step == 0


def test_curves_at_most_once_a_second_and_pause_answers_at_once(monkeypatch):
    """A stream sends the curves with its first picture, then not again before PLOT_EVERY_S (the picture and
    the status at every step); pause answers with the figures last shown without waiting for the step."""
    monkeypatch.setattr(tab, "PLOT_EVERY_S", 3600.0)
    live = tab.single_2d(None, *PLANE, "fr")[0]  # a game with a first step: it has curves to show
    views = take(tab.train_2d(live, *PLANE, "fr"), 3)
    assert views[0][0] is live and isinstance(views[0][2], Image.Image) and isinstance(views[0][3], Image.Image)
    for later in views[1:]:
        assert later[2] == gr.skip() and later[3] == gr.skip()  # the browser keeps the curves it has
        assert isinstance(later[1], Image.Image) and t("gan.modes", "fr", covered=0, total=8)[:10] in later[4]
    monkeypatch.setattr(tab, "plane_picture", lambda *a: pytest.fail("pause drew the plane again"))
    answer = tab.pause(live, "fr")  # the figures of the last picture, at once
    assert answer.endswith(t("gan.paused", "fr")) and t("gan.modes", "fr", covered=0, total=8)[:10] in answer
    assert live.stop and live.paused


@pytest.mark.parametrize("lang", LANGS)
def test_2d_stream_counts_modes_and_draws_the_push(lang):
    views = take(tab.train_2d(None, *PLANE, lang), 2)
    live = check_view(views, lang)
    assert t("gan.modes", lang, covered=0, total=8).split("0")[0] in views[-1][4]
    assert t("gan.modes", lang, covered=0, total=8).split("0")[0] in tab.pause(live, lang)  # paused: still counted
    assert views[-1][1].size == (pictures.PLANE_PX, pictures.PLANE_PX)
    changed = tab.single_2d(live, "moons", *PLANE[1:], lang)  # another dataset: a new game
    assert changed[0] is not live and changed[0].settings["dataset"] == "moons"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", list(games.FAILURES))
def test_failure_presets_set_the_controls_and_explain(name, lang):
    out = tab.failure(name, None, lang)
    live, why, controls = out[0], out[5], out[6:]
    assert why == t(f"gan.why_{name}", lang)
    s = games.FAILURES[name]
    assert controls == (s["dataset"], s["loss"], s["k"], s["lr_g"], s["lr_d"], s["batch_size"], s["z_dim"])
    assert live.settings == s and live.game.step == 0


def test_sessions_are_isolated():
    a = take(tab.train_2d(None, *PLANE, "en"), 2)[0][0]
    b = take(tab.train_2d(None, *PLANE, "fr"), 3)[0][0]
    assert a is not b and a.game is not b.game and a.game.gan is not b.game.gan
    assert (a.game.step, b.game.step) == (5, 10)
    tab.reset_2d(b, *PLANE, "fr")
    assert a.game.step == 5 and not a.stop


def test_busy_cap_gives_the_translated_message(monkeypatch):
    monkeypatch.setattr(tab.GATES["2d"], "slots", 1)
    first = tab.train_2d(None, *PLANE, "en")
    next(first)  # session A holds the only slot
    assert tab.GATES["2d"].running() == 1
    for lang in LANGS:
        message = error(tab.train_2d, None, *PLANE, lang)
        expected = t("err.busy", lang, seconds=0).split("0")[0]
        assert message.startswith(expected) and any(c.isdigit() for c in message)
    first.close()  # A stops: B can train
    assert tab.GATES["2d"].running() == 0
    take(tab.train_2d(None, *PLANE, "fr"), 2)


def test_a_silent_run_frees_its_slot(monkeypatch):
    monkeypatch.setattr(tab.GATES["2d"], "slots", 1)
    stuck = tab.train_2d(None, *PLANE, "en")
    next(stuck)  # never resumed nor closed (a browser that vanished)
    monkeypatch.setattr(tab.GATES["2d"], "stale_s", 0.0)
    take(tab.train_2d(None, *PLANE, "en"), 2)
    stuck.close()


def test_per_session_step_and_time_caps(monkeypatch):
    monkeypatch.setitem(games.MAX_STEPS, "2d", 12)
    views = list(tab.train_2d(None, *PLANE, "fr"))  # the stream ends by itself at the cap
    live = views[0][0]
    assert 12 <= live.game.step < 12 + games.EVERY["2d"]
    note = t("gan.limit", "fr", steps=12, seconds=int(games.MAX_SECONDS["2d"]))
    assert views[-1][4].endswith(note)
    again = list(tab.train_2d(live, *PLANE, "fr"))  # no more training for this session
    assert len(again) == 1 and again[0][0].game.step == live.game.step and again[0][4].endswith(note)
    assert tab.single_2d(live, *PLANE, "en")[0].game.step == live.game.step
    monkeypatch.setitem(games.MAX_STEPS, "2d", 10**6)
    monkeypatch.setitem(games.MAX_SECONDS, "2d", 0.0)
    assert len(list(tab.train_2d(live, *PLANE, "en"))) == 1  # the time cap too


def test_cleanup_when_the_session_closes():
    gen = tab.train_2d(None, *PLANE, "en")
    live = next(gen)[0]
    assert tab.GATES["2d"].running() == 1
    tab._release(live)  # the gr.State's delete_callback
    assert tab.GATES["2d"].running() == 0 and live.stop
    assert list(gen) == []  # the stream ends at its next look, with nothing more to say
    tab._release(None)  # a session that never trained


@pytest.mark.parametrize("lang", LANGS)
def test_bad_controls_and_missing_data_are_explained(lang, monkeypatch):
    message = error(tab.train_2d, None, "ring", "nonsaturating", 1, "abc", 1e-4, 64, 2, lang)
    assert t("gan.lr_g", lang) in message
    message = error(tab.single_2d, None, "swiss", *PLANE[1:], lang)
    assert t("gan.dataset", lang) in message and ", ".join(gan2d.DATASETS) in message  # what is allowed, too
    assert t("gan.k", lang) in error(tab.reset_2d, None, "ring", "minimax", 99, 1e-4, 1e-4, 64, 2, lang)

    def missing(dataset):
        raise data.DataNotFoundError("no data here")

    monkeypatch.setattr(games, "training_images", missing)
    message = error(tab.train_images, None, *IMG, lang)
    assert "GENKIT_DATA" in message and message == t("gan.err_no_data", lang, dataset="mnist", detail="no data here")
    monkeypatch.setattr(games, "training_images", lambda dataset: pytest.fail("looked for the data again at once"))
    assert error(tab.reset_images, None, *IMG, lang) == message  # remembered for a while, not retried per click
    take(tab.train_2d(None, *PLANE, lang), 1)  # the 2-D mode needs no data


@pytest.mark.parametrize("lang", LANGS)
def test_replay_reads_the_record(lang, tmp_path, monkeypatch):
    monkeypatch.setenv("GENKIT_CHECKPOINTS", str(tmp_path))
    tab._replay.cache_clear()
    missing = tab.replay("fashion", 3, lang)
    assert missing[0] is None and "gan-fashion" in missing[3] and "replay.json" in missing[3]
    gan = DCGAN(DCGANConfig(z_dim=8, g_channels=4, d_channels=4))
    z = gan.sample_z(16)
    tiles = [loop.replay_tiles(gan, z) for _ in range(loop.MOMENTS)]
    moments = [{"step": 10 * (i + 1), "seconds": i, "loss_d": 1.3, "loss_g": 0.7, "d_real": 0.5, "d_fake": 0.5}
               for i in range(loop.MOMENTS)]
    curves = {"step": list(range(1, 401)), **{k: [0.5] * 400 for k in ("loss_d", "loss_g", "d_real", "d_fake")}}
    (tmp_path / "gan-mnist").mkdir()
    loop.save_replay(tmp_path / "gan-mnist", moments, tiles, curves)
    picture, losses, probs, text = tab.replay("mnist", 5, lang)  # the slider at 5 reads "Moment 5 of 40"
    assert picture.size == (117 * 3, 117 * 3)
    upto = {k: v[:50] for k, v in curves.items()}  # the curves up to moment 5's step, 50
    assert [c.tobytes() for c in (losses, probs)] == [c.tobytes() for c in pictures.curve_charts(upto, **tab._words(lang))]
    assert text.startswith(t("gan.replay_status", lang, n=5, total=40, step=50, seconds=4, loss_d=1.3, loss_g=0.7,
                             d_real=0.5, d_fake=0.5)[:12])
    assert tab.replay("mnist", 99, lang)[3].startswith(t("gan.replay_status", lang, n=40, total=40, step=400,
                                                         seconds=39, loss_d=1.3, loss_g=0.7, d_real=0.5,
                                                         d_fake=0.5)[:14])
    assert tab.replay("mnist", 0, lang)[3].startswith(t("gan.replay_status", lang, n=1, total=40, step=10,
                                                        seconds=0, loss_d=1.3, loss_g=0.7, d_real=0.5,
                                                        d_fake=0.5)[:14])
    tab._replay.cache_clear()


def test_bench_tasks_run():
    tasks = {**bench.gan_tasks(), **gan_tab.BENCH}  # the game's speed is a library task; the view's, the tab's
    for name in ("gan_live_step", "gan_2d_step", "gan_2d_view"):
        call = tasks[name]()
        call()
    assert tasks["gan_live_step"]().items == 10


def test_every_key_in_both_languages():
    for key, texts in TEXT.items():
        assert key.startswith("gan.") and texts["en"] and texts["fr"], key
        assert texts["en"] != texts["fr"] or key in ("gan.loss_minimax", "gan.pause"), key  # the same word in both
    assert all(f"gan.ds_{n}" in TEXT for n in gan2d.DATASETS)
    assert all(f"gan.why_{n}" in TEXT and f"gan.fail_{n}" in TEXT for n in games.FAILURES)


def test_the_charts_draw_each_curve_from_the_first_step():
    """No chart before the first step; then the losses and D's mean outputs, each curve in its own colour."""
    live = games.new_live("image", games.DEFAULTS["image"])
    assert pictures.game_charts(live.game, **tab._words("fr")) == (None, None)
    live.game.run(30)
    for chart in pictures.game_charts(live.game, **tab._words("fr")):
        colours = {c for _, c in chart.crop((0, 60, *chart.size)).getcolors(1 << 20)}  # below the legend
        assert all(c in colours for c in viz.PALETTE[:2])
