"""Generative adversarial networks: a DCGAN for 28x28 images, the two losses, one training step.

References: Goodfellow et al. (2014), "Generative adversarial nets" (the min-max
game, eq. 1, and Algorithm 1: k steps of D, then one step of G; section 3, the
non-saturating generator loss); Radford, Metz and Chintala (2016), DCGAN
(transposed convolutions, batch norm in G, LeakyReLU in D, Adam with beta1 = 0.5).

Symbols (as in the lecture):

    x        a real image, x ~ P_r              z        noise, z ~ p(z) = N(0, I)
    G(z)     a generated image x~ ~ P_g         D(x)     probability that x is real
    l        D's logit: D(x) = sigmoid(l)       k        discriminator steps per generator step

D maximizes  E[log D(x)] + E[log(1 - D(G(z)))]; with log sigmoid(l) = -softplus(-l) and
log(1 - sigmoid(l)) = -softplus(l) its loss (to minimize) is softplus(-l_real) + softplus(l_fake).
G minimizes  E[log(1 - D(G(z)))] = -softplus(l_fake)          (the minimax form), or
G maximizes  E[log D(G(z))],  loss softplus(-l_fake)          (the non-saturating form).
When D wins (D(G(z)) -> 0, l_fake -> -inf) the minimax gradient d/dl = -sigmoid(l) vanishes,
while the non-saturating one, -(1 - sigmoid(l)), tends to -1: G still learns.

The networks work on images in [-1, 1] (tanh output); `DCGAN.generate` returns [0, 1].
The 2-D version of the game (point clouds, mode counting) is in genkit/gan2d.py.
The live tab's games (their measured defaults, a session's budget) are in genkit/live.py.
"""

import time
from dataclasses import dataclass, field
from typing import Callable

import torch
import torch.nn.functional as F
from torch import nn

from genkit.weights import GenkitModel

LOSSES = ("nonsaturating", "minimax")


# ----------------------------------------------------------------------------- the networks


@dataclass
class DCGANConfig:
    z_dim: int = 64  # size of the noise z
    hidden: int = 0  # width of a hidden layer in each player (G: after z; D: before its logit); 0: none
    g_channels: int = 32  # channels of G at 14x14 (twice as many at 7x7)
    d_channels: int = 32  # channels of D at 14x14 (twice as many at 7x7)
    image_channels: int = 1  # grayscale


class Generator(nn.Module):
    """z (B, z_dim) -> [hidden layer] -> linear -> 7x7 -> transposed conv -> 14x14 -> transposed conv -> 28x28, tanh.

    The optional hidden layer gives the map from z to the 7x7 layout a non-linearity of its own: a
    digit's overall shape is decided there, before the convolutions draw its strokes.
    """

    def __init__(self, config: DCGANConfig):
        super().__init__()
        c, h = config.g_channels, config.hidden
        self.hidden = nn.Sequential(nn.Linear(config.z_dim, h), nn.ReLU()) if h else nn.Identity()
        self.fc = nn.Sequential(nn.Linear(h or config.z_dim, 2 * c * 7 * 7, bias=False), nn.BatchNorm1d(2 * c * 7 * 7),
                                nn.ReLU())
        self.net = nn.Sequential(
            nn.ConvTranspose2d(2 * c, c, 4, stride=2, padding=1, bias=False), nn.BatchNorm2d(c), nn.ReLU(),  # 14x14
            nn.ConvTranspose2d(c, config.image_channels, 4, stride=2, padding=1), nn.Tanh(),  # 28x28
        )
        self.c = c

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        h = self.fc(self.hidden(z)).view(z.shape[0], 2 * self.c, 7, 7)  # (B, 2c, 7, 7)
        return self.net(h)  # (B, 1, 28, 28) in [-1, 1]


class Discriminator(nn.Module):
    """x (B, 1, 28, 28) in [-1, 1] -> conv 14x14 -> conv 7x7 -> [hidden layer] -> linear -> one logit l.

    D(x) = sigmoid(l). The optional hidden layer lets D judge the whole 7x7 layout (is this a digit?)
    with a non-linearity, not only add up local evidence.
    """

    def __init__(self, config: DCGANConfig):
        super().__init__()
        c, h = config.d_channels, config.hidden
        head = [nn.Linear(2 * c * 7 * 7, h), nn.LeakyReLU(0.2), nn.Linear(h, 1)] if h else [nn.Linear(2 * c * 7 * 7, 1)]
        self.net = nn.Sequential(
            nn.Conv2d(config.image_channels, c, 4, stride=2, padding=1), nn.LeakyReLU(0.2),  # (B, c, 14, 14)
            nn.Conv2d(c, 2 * c, 4, stride=2, padding=1, bias=False), nn.BatchNorm2d(2 * c), nn.LeakyReLU(0.2),  # 7x7
            nn.Flatten(), *head,
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x)[:, 0]  # (B,) logits


class DCGAN(nn.Module, GenkitModel):
    """Both players in one module, so that one checkpoint holds the whole game."""

    def __init__(self, config: DCGANConfig):
        super().__init__()
        self.config = config
        self.G = Generator(config)
        self.D = Discriminator(config)
        for m in self.modules():  # DCGAN's initialization: N(0, 0.02)
            if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d, nn.Linear)):
                nn.init.normal_(m.weight, 0.0, 0.02)
                if m.bias is not None:
                    nn.init.zeros_(m.bias)

    @property
    def z_dim(self) -> int:
        return self.config.z_dim

    def sample_z(self, n: int, generator: torch.Generator | None = None) -> torch.Tensor:
        return torch.randn(n, self.config.z_dim, generator=generator).to(next(self.parameters()).device)

    def to_data(self, x: torch.Tensor) -> torch.Tensor:
        """Images in [0, 1] (the dataset's range) -> the networks' range [-1, 1]."""
        return x * 2 - 1

    @torch.no_grad()
    def generate(self, z: torch.Tensor) -> torch.Tensor:
        """G(z) as images in [0, 1], (B, 1, 28, 28), in eval mode (batch-norm running statistics)."""
        was = self.G.training
        self.G.eval()
        x = self.G(z)
        self.G.train(was)
        return (x + 1) / 2

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return self.generate(z)


# ----------------------------------------------------------------------------- the losses


def d_loss(l_real: torch.Tensor, l_fake: torch.Tensor) -> torch.Tensor:
    """-(E[log D(x)] + E[log(1 - D(G(z)))]) from D's logits: what D minimizes."""
    return F.softplus(-l_real).mean() + F.softplus(l_fake).mean()


def g_loss(l_fake: torch.Tensor, form: str = "nonsaturating") -> torch.Tensor:
    """What G minimizes: E[log(1 - D(G(z)))] (minimax) or -E[log D(G(z))] (non-saturating)."""
    if form == "minimax":
        return -F.softplus(l_fake).mean()  # log(1 - sigmoid(l)) = -softplus(l)
    if form == "nonsaturating":
        return F.softplus(-l_fake).mean()  # -log sigmoid(l) = softplus(-l)
    raise ValueError(f"unknown loss {form!r}; choose one of {LOSSES}")


# ----------------------------------------------------------------------------- one step of the game


@dataclass
class StepResult:
    loss_d: float  # D's loss on its last step
    loss_g: float  # G's loss (the chosen form)
    d_real: float  # mean D(x) on real data, at D's last step
    d_fake: float  # mean D(G(z)) on generated data, seen by G's step


def make_optimizers(G: nn.Module, D: nn.Module, lr_g: float, lr_d: float) -> tuple:
    """Adam with beta1 = 0.5 for each player (DCGAN, section 4)."""
    return (torch.optim.Adam(G.parameters(), lr=lr_g, betas=(0.5, 0.999)),
            torch.optim.Adam(D.parameters(), lr=lr_d, betas=(0.5, 0.999)))


def train_step(G: nn.Module, D: nn.Module, opt_g, opt_d, real: Callable[[], torch.Tensor],
               noise: Callable[[], torch.Tensor], k: int = 1, loss: str = "nonsaturating") -> StepResult:
    """One iteration of Algorithm 1: k steps of D, then one step of G. Shared by every front end.

    `real()` draws a minibatch x ~ P_r and `noise()` a minibatch z ~ p(z), both on the models' device.
    """
    # 1. k steps of D: ascend E[log D(x)] + E[log(1 - D(G(z)))] (descend d_loss)
    for _ in range(k):
        x = real()
        with torch.no_grad():
            x_fake = G(noise())  # G is held fixed during D's steps
        l_real, l_fake = D(x), D(x_fake)
        ld = d_loss(l_real, l_fake)
        opt_d.zero_grad(set_to_none=True)
        ld.backward()
        opt_d.step()
    # 2. one step of G, D held fixed (its weights need no gradient here)
    D.requires_grad_(False)
    l_fake = D(G(noise()))
    lg = g_loss(l_fake, loss)
    opt_g.zero_grad(set_to_none=True)
    lg.backward()
    opt_g.step()
    D.requires_grad_(True)
    return StepResult(ld.item(), lg.item(), torch.sigmoid(l_real).mean().item(), torch.sigmoid(l_fake).mean().item())


# ----------------------------------------------------------------------------- a game you can pause


@dataclass
class Game:
    """A GAN in training that a front end advances a few steps at a time (the live tab, the loop).

    `gan` has `.G`, `.D` and `sample_z(n)`; `sample_real(n)` draws n real points in the networks'
    range. The history has one row per step: step, loss_d, loss_g, d_real, d_fake.
    """

    gan: nn.Module
    sample_real: Callable[[int], torch.Tensor]
    loss: str = "nonsaturating"
    k: int = 1
    lr_g: float = 2e-4
    lr_d: float = 2e-4
    batch_size: int = 64
    seed: int = 0
    step: int = 0
    seconds: float = 0.0  # time spent training
    history: list = field(default_factory=list)

    def __post_init__(self):
        self.opt_g, self.opt_d = make_optimizers(self.gan.G, self.gan.D, self.lr_g, self.lr_d)
        self.rng = torch.Generator().manual_seed(self.seed)
        self.z_fixed = self.gan.sample_z(64, torch.Generator().manual_seed(1234))  # the grid's fixed z

    def set(self, loss=None, k=None, lr_g=None, lr_d=None, batch_size=None) -> None:
        """Change the rules between two steps (the learning rates go into the optimizers)."""
        if loss is not None:
            g_loss(torch.zeros(1), loss)  # raises on an unknown form
            self.loss = loss
        self.k = k or self.k
        self.batch_size = batch_size or self.batch_size
        for opt, lr, name in ((self.opt_g, lr_g, "lr_g"), (self.opt_d, lr_d, "lr_d")):
            if lr is not None:
                setattr(self, name, lr)
                for group in opt.param_groups:
                    group["lr"] = lr

    def to(self, device) -> "Game":
        """Move both players, their optimizers' state and the fixed z (a GPU function borrows the game)."""
        self.gan.to(device)
        for opt in (self.opt_g, self.opt_d):
            for state in opt.state.values():
                for key, v in state.items():
                    if torch.is_tensor(v) and v.dim() > 0:
                        state[key] = v.to(device)
        self.z_fixed = self.z_fixed.to(device)
        return self

    def run(self, n: int) -> StepResult:
        """n iterations of Algorithm 1; returns the last one's figures."""
        t0 = time.perf_counter()
        self.gan.train()
        b = self.batch_size
        device = self.z_fixed.device
        for _ in range(n):
            r = train_step(self.gan.G, self.gan.D, self.opt_g, self.opt_d, lambda: self.sample_real(b).to(device),
                           lambda: self.gan.sample_z(b, self.rng).to(device), self.k, self.loss)
            self.step += 1
            self.history.append((self.step, r.loss_d, r.loss_g, r.d_real, r.d_fake))
        self.seconds += time.perf_counter() - t0
        return r

    def curves(self, every: int = 1) -> dict:
        """The history as columns, averaged over windows of `every` steps (for plots and the replay)."""
        h = torch.tensor([row[1:] for row in self.history], dtype=torch.float64)  # (steps, 4)
        n = len(h) // every * every
        if n == 0:
            return {k: [] for k in ("step", "loss_d", "loss_g", "d_real", "d_fake")}
        h = h[:n].view(-1, every, 4).mean(1)
        steps = [self.history[i][0] for i in range(every - 1, n, every)]
        return {"step": steps, **{k: [round(v, 4) for v in h[:, i].tolist()]
                                  for i, k in enumerate(("loss_d", "loss_g", "d_real", "d_fake"))}}


# ----------------------------------------------------------------------------- what the curves say


def _spread(x: torch.Tensor) -> float:
    """The 10-90 percentile spread of a curve: its swing, whatever a few spikes do."""
    return (torch.quantile(x, 0.9) - torch.quantile(x, 0.1)).item()


def diagnose(loss_d: list, loss_g: list, d_fake: list, modes: tuple | None = None) -> list[str]:
    """Codes for what the recent curves show (the tab translates them); `modes` is (covered, total).

    d_wins: D's loss near 0 and D(G(z)) near 0 (G's minimax gradient vanishes); g_climbing: G's
    loss rising; oscillating: the losses swing widely; collapse: few modes covered; balanced: none.
    A swing is measured by the spread between the 10th and 90th percentiles of the last window, not
    by its standard deviation: a few spikes of G's loss (to 11 in the live game's first seconds,
    while it learns) are not an oscillation. For Gaussian noise the thresholds are the same as
    0.6 and 0.4 standard deviations (the 10-90 spread is 2.56 of them).
    """
    n = len(loss_d)
    if n < 20:
        return ["warming_up"]
    w = max(10, n // 5)
    ld, lg, df = (torch.tensor(v[-w:], dtype=torch.float64) for v in (loss_d, loss_g, d_fake))
    codes = []
    if ld.mean() < 0.1 and df.mean() < 0.05:
        codes.append("d_wins")
    if n >= 2 * w:  # the last window against the older half of the curve
        before = torch.tensor(loss_g[: n // 2], dtype=torch.float64).mean()
        if lg.mean() - before > 0.25 * max(1.0, before.abs().item()):
            codes.append("g_climbing")
    if _spread(lg) > 1.54 * max(0.5, lg.abs().median().item()) or _spread(ld) > 1.0:
        codes.append("oscillating")
    if modes is not None and modes[0] < modes[1] * 0.75:
        codes.append("collapse")
    return codes or ["balanced"]
