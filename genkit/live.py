"""The live tabs' games, without gradio: their settings, one session's game, and its budget.

Lecture: "Réseaux antagonistes générateurs (GAN)". The GAN tab (genkit/ui/gan.py) lets each
browser session play Algorithm 1 of Goodfellow et al. (2014), k steps of D then one step of
G, through `genkit.gan.Game`: on 28x28 images (a DCGAN, Radford et al., 2016) or on the plane
(genkit/gan2d.py, the ring of Metz et al., 2017). This module holds what such a game is made of:

    GAN_IMAGE, GAN_HIDDEN, live_dcgan   the image mode's default game and networks
    GAN_2D                              the 2-D mode's default game
    DEFAULTS, FAILURES                  the controls' first values; the settings that show each failure
    RealImages, RealPoints              x ~ P_r for a Game (training images in [-1, 1]; points of the plane)
    missing_data                        why the image mode cannot play here (no training images), if so
    Live, new_live, prepare, advance    what one session trains in one mode, and a few steps of it
    diagnosis                           what goes wrong in a game (genkit.gan.diagnose on its history)
    MAX_STEPS, MAX_SECONDS, EVERY       a session's budget per mode, and the stream's steps per picture
    LAB_2D, new_lab_live, prepare_lab   the Diffusion tab's 2-D lab (kind "lab", genkit/flow2d.Lab): its
                                        defaults, a new session's lab, the controls applied to it
    budget_left, over_budget            what is left of a session's budget

The defaults are measured, not guessed: `python -m genkit.eval gan-live` (genkit/loops/gan.py,
`live`) trains GAN_IMAGE for a few minutes and scores its samples, `python -m genkit.eval gan-2d`
(`ring`) counts the modes GAN_2D covers from several starts. genkit/gan.py and genkit/gan2d.py
know nothing of this module.
"""

import functools
import threading
import time
from dataclasses import dataclass, field

import torch

from genkit import data, flow2d, gan2d
from genkit.device import pick_device
from genkit.gan import DCGAN, DCGANConfig, Game, diagnose

KINDS = ("image", "2d")

# The image mode's controls. Measured by `python -m genkit.eval gan-live` (samples confident after
# 3 minutes on one CPU thread): the plain DCGAN 65% with z = 64, 70% with z = 16; with a hidden layer
# in each player (GAN_HIDDEN), see the README.
GAN_IMAGE = dict(loss="nonsaturating", k=1, lr_g=5e-4, lr_d=5e-4, batch_size=64, z_dim=16)
GAN_HIDDEN = 256  # the image mode's players have a hidden layer each (DCGANConfig.hidden)

# The 2-D mode's controls. D learns twice as fast as G (the two time-scale rule of Heusel et al., 2017)
# on batches of 256: `python -m genkit.eval gan-2d` finds all 8 modes of the ring covered within 1,000
# steps from each start; with equal rates and batches of 64, 2 starts out of 5 got there in 5,000.
GAN_2D = dict(loss="nonsaturating", k=1, lr_g=1e-3, lr_d=2e-3, batch_size=256, z_dim=2)

DEFAULTS = {"image": dict(dataset="mnist", **GAN_IMAGE), "2d": dict(dataset="ring", **GAN_2D)}
FAILURES = {  # one click: the 2-D settings that show each failure (and one sentence in the tab's texts)
    "collapse": dict(dataset="ring", loss="nonsaturating", k=1, lr_g=2e-3, lr_d=2e-4, batch_size=256, z_dim=2),
    "d_wins": dict(dataset="ring", loss="minimax", k=10, lr_g=1e-4, lr_d=2e-3, batch_size=64, z_dim=2),
    "oscillation": dict(dataset="ring", loss="nonsaturating", k=1, lr_g=5e-2, lr_d=5e-2, batch_size=256, z_dim=2),
}

MAX_STEPS = {"image": 20_000, "2d": 50_000, "lab": 50_000}  # per session and per mode
MAX_SECONDS = {"image": 600.0, "2d": 600.0, "lab": 600.0}  # training time per session and per mode
EVERY = {"image": 20, "2d": 50, "lab": 100}  # steps between two pictures of the stream


def live_dcgan(z_dim: int = GAN_IMAGE["z_dim"]) -> DCGAN:
    """The image mode's DCGAN: the plain one, with a hidden layer of GAN_HIDDEN units in each player."""
    return DCGAN(DCGANConfig(z_dim=z_dim, hidden=GAN_HIDDEN))


# ----------------------------------------------------------------------------- x ~ P_r


@functools.cache
def training_images(dataset: str) -> torch.Tensor:
    """The training split in [-1, 1], (N, 1, 28, 28), loaded once per process.

    From GENKIT_DATA, else torchvision's cache; raises data.DataNotFoundError without them."""
    x, _ = data.load(dataset, "train")
    return x * 2 - 1


_data_failures: dict[str, tuple[float, str]] = {}  # dataset -> (when, why) of the last failed load
DATA_RETRY_S = 60.0  # a missing dataset is not looked for (maybe downloaded) again on every click


def missing_data(dataset: str) -> str | None:
    """None when the training images of `dataset` are here (loading them once), else why they are not."""
    failed = _data_failures.get(dataset)
    if failed and time.monotonic() - failed[0] < DATA_RETRY_S:
        return failed[1]
    try:
        training_images(dataset)
        return None
    except data.DataNotFoundError as e:
        _data_failures[dataset] = (time.monotonic(), str(e)[:300])
        return _data_failures[dataset][1]


class RealImages:
    """x ~ P_r for a Game: n random training images in [-1, 1]."""

    def __init__(self, dataset: str, seed: int = 0):
        self.dataset, self.g = dataset, torch.Generator().manual_seed(seed)

    def __call__(self, n: int) -> torch.Tensor:
        x = training_images(self.dataset)
        return x[torch.randint(len(x), (n,), generator=self.g)]  # (n, 1, 28, 28)


class RealPoints:
    """x ~ P_r for a Game on the plane."""

    def __init__(self, dataset: str, seed: int = 0):
        self.dataset, self.g = dataset, torch.Generator().manual_seed(seed)

    def __call__(self, n: int) -> torch.Tensor:
        return gan2d.sample(self.dataset, n, self.g)  # (n, 2)


# ----------------------------------------------------------------------------- one session's game


@dataclass
class Live:
    """What one browser session trains in one mode: the game, its settings and its budget."""

    kind: str  # "image" or "2d" (the GAN tab), "lab" (the Diffusion tab's 2-D lab, a genkit.flow2d.Lab as game)
    settings: dict  # dataset, loss, k, lr_g, lr_d, batch_size, z_dim
    game: Game
    stop: bool = False  # set by pause; the stream looks at it between two pictures
    paused: bool = False  # set by pause only (not by a reset or a new game): the stream's last picture says so
    after: tuple | None = None  # what a reset or a failure preset answered: the stopped stream sends it again, last
    run_id: int = 0  # the stream that owns the game; a newer start makes an older stream end
    said: str = ""  # the status under the last picture (pause repeats it at once, without waiting for a step)
    kept: tuple | None = None  # the lab's last sampling run (its key, its path): moving t alone draws it again
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)  # one step or picture at a time


def new_live(kind: str, s: dict) -> Live:
    """A new game from random weights with the settings `s` (checked by the caller)."""
    if kind == "image":
        gan, real = live_dcgan(s["z_dim"]), RealImages(s["dataset"])
    else:
        gan, real = gan2d.GAN2D(gan2d.GAN2DConfig(z_dim=s["z_dim"])), RealPoints(s["dataset"])
    game = Game(gan, real, loss=s["loss"], k=s["k"], lr_g=s["lr_g"], lr_d=s["lr_d"], batch_size=s["batch_size"])
    return Live(kind, dict(s), game)


def prepare(live: Live | None, kind: str, s: dict) -> tuple[Live, bool]:
    """The session's game with the settings `s` applied, and whether it is a new one.

    A new dataset or latent size (or no game yet) starts a new game; the rest (loss, k, the
    learning rates, the batch size) changes the game in play."""
    if live is None or live.kind != kind or any(live.settings[n] != s[n] for n in ("dataset", "z_dim")):
        return new_live(kind, s), True
    live.settings.update(s)
    live.game.set(loss=s["loss"], k=s["k"], lr_g=s["lr_g"], lr_d=s["lr_d"], batch_size=s["batch_size"])
    return live, False


def advance(game: Game, steps: int) -> Game:
    """`steps` iterations of Algorithm 1 on the best device, and the game back on the CPU.

    The game comes back (rather than being changed in place) so that the UI can run this in a
    separate process that borrows a GPU (ZeroGPU: genkit.ui.common.gpu)."""
    device = pick_device()
    if device.type != "cpu":
        game.to(device)
    game.run(steps)  # on the process's torch threads (genkit.device.set_threads, GENKIT_THREADS)
    return game.to("cpu") if device.type != "cpu" else game


def diagnosis(game: Game, modes: tuple | None = None) -> list[str]:
    """What the game shows (genkit.gan.diagnose's codes) over its last 400 steps; the modes covered
    (a 2-D game) only count against G once it had 1,000 steps to spread."""
    recent = game.history[-400:]
    judged = modes if game.step >= 1000 else None
    return diagnose([r[1] for r in recent], [r[2] for r in recent], [r[4] for r in recent], judged)


def budget_left(live: Live) -> float:
    """Seconds of training this session has left in this mode."""
    return max(0.0, MAX_SECONDS[live.kind] - live.game.seconds)


def over_budget(live: Live) -> bool:
    return live.game.step >= MAX_STEPS[live.kind] or budget_left(live) <= 0


# ----------------------------------------------------------------------------- the Diffusion tab's 2-D lab

# The lab's controls. Measured by `python -m genkit.eval flow-2d` (genkit/loops/flow2d.py): from these, both
# objectives cover the 8 modes of the ring within 3,000 steps from each of 5 starts (see the README).
LAB_2D = dict(dataset="ring", objective="flow", lr=2e-3, batch_size=256)


def new_lab_live(s: dict, cloud=None) -> Live:
    """A new lab (kind "lab") from random weights with the settings `s`; `cloud`: a drawing's points."""
    lab = flow2d.new_lab(s["dataset"], s["objective"], cloud, lr=s["lr"], batch_size=s["batch_size"])
    return Live("lab", dict(s), lab)


def prepare_lab(live: Live | None, s: dict, cloud=None) -> tuple[Live, bool]:
    """The session's lab with the settings `s` applied, and whether it is a new one: a new dataset, objective
    or drawing starts again; the learning rate and the batch size change the lab in play."""
    old = live.game.data.cloud if isinstance(live, Live) and live.kind == "lab" else None
    same_cloud = (old is None and cloud is None) or (old is not None and cloud is not None
                                                     and old.shape == cloud.shape and torch.equal(old, cloud))
    if (not isinstance(live, Live) or live.kind != "lab" or not same_cloud
            or any(live.settings[n] != s[n] for n in ("dataset", "objective"))):
        return new_lab_live(s, cloud), True
    live.settings.update(s)
    live.game.set(lr=s["lr"], batch_size=s["batch_size"])
    return live, False
