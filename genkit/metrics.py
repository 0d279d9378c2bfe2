"""The evaluator: a small LeNet-style classifier, and the Fréchet distance on its features.

References: LeCun et al. (1998), "Gradient-based learning applied to document
recognition" (LeNet); Heusel et al. (2017), "GANs trained by a two time-scale
update rule converge to a local Nash equilibrium" (the Fréchet Inception
Distance, eq. 6). We replace Inception by our own classifier, so the number is
called FID-LeNet and is only comparable with itself.

The CNN is also the lecture's first picture: every block halves the image
side (28 -> 14 -> 7) while the channels grow, so the representation shrinks
until a linear layer reads the class.

Protocol (fixed, `python -m genkit.eval`): 10,000 generated images against the
10,000 test images, always printed next to its floor, the distance between
10,000 training images and the test images (what a perfect generator gets).
"""

from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

from genkit.weights import GenkitModel

N_FID = 10_000  # samples on each side of the Fréchet distance


@dataclass
class ClassifierConfig:
    in_channels: int = 1  # grayscale images
    channels: tuple = (16, 32)  # channels of the two convolution blocks
    first_kernel: int = 5  # side of the first layer's filters (shown in the Convolution tab)
    hidden: int = 128  # size of the penultimate layer: the features of FID-LeNet
    n_classes: int = 10
    dropout: float = 0.3  # on the hidden layer, during training only
    temperature: float = 1.0  # probabilities = softmax(logits / temperature), fitted after training (fit_temperature)


class Classifier(nn.Module, GenkitModel):
    """conv-conv-pool, conv-conv-pool, linear, linear: 28x28 -> 14x14 -> 7x7 -> 128 -> 10."""

    def __init__(self, config: ClassifierConfig):
        super().__init__()
        self.config = config
        c1, c2 = config.channels
        k = config.first_kernel
        self.block1 = nn.Sequential(
            nn.Conv2d(config.in_channels, c1, k, padding=k // 2), nn.BatchNorm2d(c1), nn.ReLU(),
            nn.Conv2d(c1, c1, 3, padding=1), nn.BatchNorm2d(c1), nn.ReLU(),
            nn.MaxPool2d(2),
        )
        self.block2 = nn.Sequential(
            nn.Conv2d(c1, c2, 3, padding=1), nn.BatchNorm2d(c2), nn.ReLU(),
            nn.Conv2d(c2, c2, 3, padding=1), nn.BatchNorm2d(c2), nn.ReLU(),
            nn.MaxPool2d(2),
        )
        self.fc = nn.Linear(c2 * 7 * 7, config.hidden)
        self.dropout = nn.Dropout(config.dropout)
        self.head = nn.Linear(config.hidden, config.n_classes)

    @property
    def first_layer(self) -> nn.Conv2d:
        return self.block1[0]

    def features(self, x: torch.Tensor) -> torch.Tensor:
        """Penultimate activations, (B, hidden): the space where FID-LeNet is measured."""
        h = self.block2(self.block1(x))  # (B, c2, 7, 7)
        return F.relu(self.fc(h.flatten(1)))  # (B, hidden)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Logits (B, n_classes) for images x (B, 1, 28, 28) in [0, 1]."""
        return self.head(self.dropout(self.features(x)))

    def probabilities(self, features: torch.Tensor) -> torch.Tensor:
        """p(y | x) from the features: softmax(logits / T), the calibrated probabilities (B, n_classes)."""
        return (self.head(features) / self.config.temperature).softmax(dim=1)


@torch.no_grad()
def predict(model: Classifier, x: torch.Tensor, batch_size: int = 1000) -> tuple[torch.Tensor, torch.Tensor]:
    """Return (features (N, hidden), probabilities (N, n_classes)) in batches."""
    model.eval()
    feats, probs = [], []
    for i in range(0, len(x), batch_size):
        f = model.features(x[i : i + batch_size])
        feats.append(f)
        probs.append(model.probabilities(f))
    return torch.cat(feats), torch.cat(probs)


def accuracy(model: Classifier, x: torch.Tensor, y: torch.Tensor) -> float:
    _, probs = predict(model, x)
    return (probs.argmax(1) == y).float().mean().item()


@torch.no_grad()
def fit_temperature(logits: torch.Tensor, labels: torch.Tensor) -> float:
    """The temperature T that makes softmax(logits / T) calibrated (Guo et al., 2017, section 4.2).

    Label smoothing and dropout make the classifier modest: a clear 7 gets 0.95, not 0.999,
    and "probability above 0.9" would then say more about the training than about the image.
    One number fixes it without touching the features (so FID-LeNet does not move): the T that
    minimizes the negative log-likelihood of labelled images, searched on a grid of log T. The
    training loop uses 10,000 training images (augmentation, smoothing and dropout keep the
    network from being sure of them); on the test set the fitted T is within 7% of it.
    """
    grid = torch.logspace(-1.5, 1, 251).tolist()  # T from 0.03 to 10, 1% apart
    nll = [F.cross_entropy(logits / t, labels).item() for t in grid]
    return round(grid[min(range(len(grid)), key=nll.__getitem__)], 3)


def calibration_error(probs: torch.Tensor, labels: torch.Tensor, bins: int = 15) -> float:
    """Expected calibration error: mean |accuracy - confidence| over confidence bins, weighted by size."""
    conf, pred = probs.max(dim=1)
    correct = (pred == labels).float()
    which = (conf * bins).ceil().clamp(1, bins) - 1  # bin of each image
    error = torch.zeros(())
    for b in which.unique():
        m = which == b
        error += m.float().mean() * (correct[m].mean() - conf[m].mean()).abs()
    return error.item()


def confident_fraction(probs: torch.Tensor, threshold: float = 0.9) -> float:
    """Share of images the classifier is sure about: max class probability above `threshold`."""
    return (probs.max(dim=1).values > threshold).float().mean().item()


def _sqrtm_psd(m: torch.Tensor) -> torch.Tensor:
    """Square root of a symmetric positive semi-definite matrix by eigendecomposition."""
    vals, vecs = torch.linalg.eigh(m)
    return (vecs * vals.clamp(min=0).sqrt()) @ vecs.T


def frechet_distance(f1: torch.Tensor, f2: torch.Tensor) -> float:
    """d^2 = |mu1 - mu2|^2 + tr(S1) + tr(S2) - 2 tr((S1 S2)^(1/2)) between two Gaussians fit to features.

    tr((S1 S2)^(1/2)) is computed as tr((S1^(1/2) S2 S1^(1/2))^(1/2)), a symmetric
    matrix with the same eigenvalues, so only symmetric eigendecompositions are needed.
    """
    f1, f2 = f1.double(), f2.double()
    mu1, mu2 = f1.mean(0), f2.mean(0)
    s1, s2 = torch.cov(f1.T), torch.cov(f2.T)
    r1 = _sqrtm_psd(s1)
    cross = torch.linalg.eigvalsh(r1 @ s2 @ r1).clamp(min=0).sqrt().sum()
    return ((mu1 - mu2).square().sum() + s1.trace() + s2.trace() - 2 * cross).item()


def fid_lenet(model: Classifier, images: torch.Tensor, reference: torch.Tensor) -> float:
    """FID-LeNet between two sets of images (N, 1, 28, 28) in [0, 1]."""
    f1, _ = predict(model, images)
    f2, _ = predict(model, reference)
    return frechet_distance(f1, f2)

