"""CycleGAN: unpaired image-to-image translation, handwritten digits (A) <-> typeset digits (B).

Reference: Zhu, Park, Isola and Efros (2017), "Unpaired image-to-image translation using
cycle-consistent adversarial networks" (section 3: eq. 1 the adversarial loss, eq. 2 the
cycle-consistency loss, eq. 3 the full objective, eq. 4 the min-max problem; section 4:
the least-squares form of eq. 1 (Mao et al., 2017), PatchGAN discriminators, Adam with
beta1 = 0.5; section 5.2: the identity loss). The lecture's "GANs - Varia" slide (Monet <->
photos, zebras <-> horses) is this model on pictures; here the two domains are MNIST's
handwriting and digits set in a font (genkit/typeset.py), never paired during training.

Symbols (the paper's X, Y are our A, B):

    a ~ P_A      a handwritten digit           b ~ P_B      a typeset digit
    G: A -> B    handwriting to type           F: B -> A    type to handwriting
    D_B          tells real b from G(a)        D_A          tells real a from F(b)
    lambda       weight of the cycle loss      lambda_id    weight of the identity loss

Why the cycle: with unpaired data the adversarial loss alone only asks that G(a) look like
*some* typeset digit; any mapping that lands on P_B satisfies it, e.g. every a to one good
"4" (the translation forgets its input). Asking F(G(a)) ~ a forces G(a) to keep what is
needed to bring a back, i.e. its content.

The networks work on images in [-1, 1] (tanh output); `translate` and `cycle` take and return
[0, 1]. A small domain classifier C (real A vs real B, trained before the game and frozen, not
part of the objective) is kept in the same checkpoint: the tab and the eval ask it whether a
translation changed domain.
"""

from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

from genkit.gan import make_optimizers
from genkit.weights import GenkitModel

DIRECTIONS = ("a2b", "b2a")  # G: A -> B, F: B -> A


@dataclass
class CycleGANConfig:
    channels: int = 16  # channels of G and F at 28x28 (twice as many at 14x14)
    blocks: int = 3  # residual blocks of G and F at 14x14
    d_channels: int = 16  # channels of D_A and D_B at 14x14 (twice as many at 7x7)
    d_extra: int = 0  # extra 3x3 layers of D at 7x7: each widens the patch a score sees by 8 pixels (18 -> 26)
    c_channels: int = 8  # channels of the domain classifier C
    image_channels: int = 1  # grayscale


# ----------------------------------------------------------------------------- the networks


class ResidualBlock(nn.Module):
    """conv 3x3, instance norm, ReLU, conv 3x3, instance norm, + x (Johnson et al., 2016, as CycleGAN uses)."""

    def __init__(self, c: int):
        super().__init__()
        self.net = nn.Sequential(nn.Conv2d(c, c, 3, padding=1, padding_mode="reflect"), nn.InstanceNorm2d(c, affine=True),
                                 nn.ReLU(), nn.Conv2d(c, c, 3, padding=1, padding_mode="reflect"),
                                 nn.InstanceNorm2d(c, affine=True))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.net(x)  # (B, c, H, W)


class Generator(nn.Module):
    """x (B, 1, 28, 28) -> conv 28x28 -> strided conv 14x14 -> residual blocks -> upsample + conv 28x28 -> tanh.

    An encoder-decoder: the residual blocks at 14x14 change the style, the skip inside each keeps
    what need not change. Upsampling is nearest + conv (no checkerboard of transposed convolutions).
    """

    def __init__(self, config: CycleGANConfig):
        super().__init__()
        c, io = config.channels, config.image_channels
        self.net = nn.Sequential(
            nn.Conv2d(io, c, 5, padding=2, padding_mode="reflect"), nn.InstanceNorm2d(c, affine=True), nn.ReLU(),
            nn.Conv2d(c, 2 * c, 3, stride=2, padding=1), nn.InstanceNorm2d(2 * c, affine=True), nn.ReLU(),  # 14x14
            *[ResidualBlock(2 * c) for _ in range(config.blocks)],
            nn.Upsample(scale_factor=2, mode="nearest"),  # 28x28
            nn.Conv2d(2 * c, c, 3, padding=1, padding_mode="reflect"), nn.InstanceNorm2d(c, affine=True), nn.ReLU(),
            nn.Conv2d(c, io, 5, padding=2, padding_mode="reflect"), nn.Tanh(),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x)  # (B, 1, 28, 28) in [-1, 1]


class PatchDiscriminator(nn.Module):
    """PatchGAN (Isola et al., 2017): x (B, 1, 28, 28) -> a 7x7 map of scores, one per overlapping patch.

    Each score sees an 18x18 patch (26x26 with one extra layer): D judges strokes, curves and
    their regularity over most of a digit, which is what "style" means here, not the digit's identity.
    """

    def __init__(self, config: CycleGANConfig):
        super().__init__()
        c = config.d_channels
        extra = [m for _ in range(config.d_extra) for m in (nn.Conv2d(2 * c, 2 * c, 3, padding=1),
                                                            nn.InstanceNorm2d(2 * c, affine=True), nn.LeakyReLU(0.2))]
        self.net = nn.Sequential(
            nn.Conv2d(config.image_channels, c, 4, stride=2, padding=1), nn.LeakyReLU(0.2),  # (B, c, 14, 14)
            nn.Conv2d(c, 2 * c, 4, stride=2, padding=1), nn.InstanceNorm2d(2 * c, affine=True), nn.LeakyReLU(0.2),
            *extra,  # (B, 2c, 7, 7)
            nn.Conv2d(2 * c, 1, 3, padding=1),  # (B, 1, 7, 7)
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x)  # (B, 1, 7, 7) scores (least squares: 1 real, 0 fake)


class DomainClassifier(nn.Module):
    """x (B, 1, 28, 28) in [0, 1] -> one logit: > 0 says "typeset" (B), < 0 "handwritten" (A)."""

    def __init__(self, config: CycleGANConfig):
        super().__init__()
        c = config.c_channels
        self.net = nn.Sequential(
            nn.Conv2d(config.image_channels, c, 3, stride=2, padding=1), nn.ReLU(),  # (B, c, 14, 14)
            nn.Conv2d(c, 2 * c, 3, stride=2, padding=1), nn.ReLU(),  # (B, 2c, 7, 7)
            nn.Flatten(), nn.Linear(2 * c * 7 * 7, 1),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x)[:, 0]  # (B,) logits


class CycleGAN(nn.Module, GenkitModel):
    """G, F, D_A, D_B and the domain classifier C in one module, so that one checkpoint holds the whole game."""

    def __init__(self, config: CycleGANConfig):
        super().__init__()
        self.config = config
        self.G, self.F = Generator(config), Generator(config)  # G: A -> B, F: B -> A
        self.D_A, self.D_B = PatchDiscriminator(config), PatchDiscriminator(config)
        self.C = DomainClassifier(config)
        for m in self.modules():  # CycleGAN's initialization: N(0, 0.02)
            if isinstance(m, nn.Conv2d):
                nn.init.normal_(m.weight, 0.0, 0.02)
                nn.init.zeros_(m.bias)

    def generator(self, direction: str) -> nn.Module:
        if direction not in DIRECTIONS:
            raise ValueError(f"unknown direction {direction!r}; choose one of {DIRECTIONS}")
        return self.G if direction == "a2b" else self.F

    @torch.no_grad()
    def translate(self, x: torch.Tensor, direction: str = "a2b") -> torch.Tensor:
        """G(x) (a2b) or F(x) (b2a): images (B, 1, 28, 28) in [0, 1] -> their translations in [0, 1]."""
        net = self.generator(direction)
        return (net(x.to(next(self.parameters()).device) * 2 - 1) + 1) / 2

    @torch.no_grad()
    def cycle(self, x: torch.Tensor, direction: str = "a2b") -> tuple[torch.Tensor, torch.Tensor]:
        """The round trip: (G(a), F(G(a))) for a2b, (F(b), G(F(b))) for b2a, in [0, 1]."""
        y = self.translate(x, direction)
        return y, self.translate(y, "b2a" if direction == "a2b" else "a2b")

    @torch.no_grad()
    def p_typeset(self, x: torch.Tensor) -> torch.Tensor:
        """The domain classifier's probability that each image (B, 1, 28, 28) in [0, 1] is typeset (B): (B,)."""
        return torch.sigmoid(self.C(x.to(next(self.parameters()).device)))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.translate(x, "a2b")


# ----------------------------------------------------------------------------- the losses


def lsgan_d_loss(s_real: torch.Tensor, s_fake: torch.Tensor) -> torch.Tensor:
    """Eq. 1 in its least-squares form (section 4), D's side: E_b[(D_B(b) - 1)^2] + E_a[D_B(G(a))^2].

    (The paper writes the negative log-likelihood form as eq. 1 and trains with this one; each
    patch's score is one term of the mean.)"""
    return (s_real - 1).square().mean() + s_fake.square().mean()


def lsgan_g_loss(s_fake: torch.Tensor) -> torch.Tensor:
    """Eq. 1, least squares, G's side: E_a[(D_B(G(a)) - 1)^2], G wants its fakes scored as real."""
    return (s_fake - 1).square().mean()


def cycle_loss(a: torch.Tensor, a_back: torch.Tensor, b: torch.Tensor, b_back: torch.Tensor) -> torch.Tensor:
    """Eq. 2: L_cyc(G, F) = E_a[||F(G(a)) - a||_1] + E_b[||G(F(b)) - b||_1] (mean absolute error per pixel)."""
    return (a_back - a).abs().mean() + (b_back - b).abs().mean()


def identity_loss(a: torch.Tensor, f_a: torch.Tensor, b: torch.Tensor, g_b: torch.Tensor) -> torch.Tensor:
    """Section 5.2: L_identity(G, F) = E_b[||G(b) - b||_1] + E_a[||F(a) - a||_1]: a picture already in the
    target domain should come out unchanged (it keeps G and F from repainting what need not change)."""
    return (g_b - b).abs().mean() + (f_a - a).abs().mean()


# ----------------------------------------------------------------------------- one step of the game


def make_cycle_optimizers(model: CycleGAN, lr: float) -> tuple:
    """Adam (beta1 = 0.5, section 4) for the two generators together, and for the two discriminators."""
    gens, discs = nn.ModuleList([model.G, model.F]), nn.ModuleList([model.D_A, model.D_B])
    return make_optimizers(gens, discs, lr, lr)


def train_step(model: CycleGAN, opt_g, opt_d, a: torch.Tensor, b: torch.Tensor, lam: float = 10.0,
               lam_id: float = 5.0) -> dict:
    """One iteration on a batch of a (B, 1, 28, 28) and one of b, unpaired, both in [-1, 1].

    1. G and F descend eq. 3: L_GAN(G, D_B) + L_GAN(F, D_A) + lambda L_cyc(G, F) (+ lambda_id L_identity);
    2. D_A and D_B descend their side of eq. 1 on real images and the fakes of step 1 (eq. 4's max).
    Returns the terms as floats.
    """
    G, Fn, D_A, D_B = model.G, model.F, model.D_A, model.D_B
    # 1. the generators, discriminators held fixed
    D_A.requires_grad_(False)
    D_B.requires_grad_(False)
    fake_b, fake_a = G(a), Fn(b)  # G(a) (B, 1, 28, 28), F(b)
    back_a, back_b = Fn(fake_b), G(fake_a)  # F(G(a)), G(F(b))
    adv = lsgan_g_loss(D_B(fake_b)) + lsgan_g_loss(D_A(fake_a))  # eq. 1, both ways
    cyc = cycle_loss(a, back_a, b, back_b)  # eq. 2
    idt = identity_loss(a, Fn(a), b, G(b)) if lam_id > 0 else torch.zeros((), device=a.device)
    loss_g = adv + lam * cyc + lam_id * idt  # eq. 3 (+ identity)
    opt_g.zero_grad(set_to_none=True)
    loss_g.backward()
    opt_g.step()
    D_A.requires_grad_(True)
    D_B.requires_grad_(True)
    # 2. the discriminators, on this step's fakes (detached: G is held fixed)
    loss_d_b = lsgan_d_loss(D_B(b), D_B(fake_b.detach()))
    loss_d_a = lsgan_d_loss(D_A(a), D_A(fake_a.detach()))
    loss_d = 0.5 * (loss_d_a + loss_d_b)  # halved, as in the paper's code: D learns slower than G
    opt_d.zero_grad(set_to_none=True)
    loss_d.backward()
    opt_d.step()
    return {"loss_g": loss_g.item(), "adv": adv.item(), "cycle": cyc.item(), "identity": idt.item(),
            "loss_d": loss_d.item()}


def train_classifier(model: CycleGAN, sample_a, sample_b, steps: int, batch_size: int = 64, lr: float = 2e-3) -> float:
    """Train the domain classifier C on real a (label 0) vs real b (label 1), [0, 1] images; returns the
    last batch's accuracy. It is trained before the game and never sees a translation."""
    opt = torch.optim.Adam(model.C.parameters(), lr=lr)
    acc = 0.0
    for _ in range(steps):
        x = torch.cat([sample_a(batch_size), sample_b(batch_size)])  # (2B, 1, 28, 28)
        y = torch.cat([torch.zeros(batch_size), torch.ones(batch_size)]).to(x.device)
        logits = model.C(x)
        loss = F.binary_cross_entropy_with_logits(logits, y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        acc = ((logits > 0).float() == y).float().mean().item()
    model.C.requires_grad_(False)
    return acc
