"""A convolutional variational autoencoder with a Bernoulli decoder, its bound, and log p(x).

References: Kingma & Welling (2014), "Auto-encoding variational Bayes" (eq. 3: the
bound; eq. 10: the KL of two diagonal Gaussians in closed form; sec. 2.4: the
reparameterization trick); Burda, Grosse & Salakhutdinov (2016), "Importance
weighted autoencoders" (eq. 8: the k-sample estimate of log p(x), 86.76 nats for a
VAE on MNIST); Higgins et al. (2017), "beta-VAE" (the weight beta on the KL term);
Shoemake (1985) for the spherical interpolation. Lecture: "Auto-encodeur variationnel".

Symbols:
    x        image, (B, 1, 28, 28); binarized (0 or 1) for the likelihood
    mu       mean of q(z|x), (B, z)
    logvar   log sigma^2 of q(z|x), (B, z)
    eps      eps ~ N(0, I), (B, z)
    z        z = mu + sigma * eps, (B, z)
    p(z)     the prior N(0, I);  p(x|z) = Bernoulli(sigmoid(decoder(z))), pixel by pixel

The bound (ELBO), in nats, per image:
    log p(x) >= E_q[log p(x|z)] - KL(q(z|x) || p(z)) = rec - kl

and the importance-weighted estimate with k samples z_1..z_k ~ q(z|x):
    log p(x) ~= log (1/k) sum_i p(x|z_i) p(z_i) / q(z_i|x)
which is the ELBO (in expectation) for k = 1 and increases to log p(x) as k grows.
"""

import math
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

from genkit.autoencoder import ConvDecoder, ConvEncoder
from genkit.weights import GenkitModel

LOG_2PI = math.log(2 * math.pi)


@dataclass
class VAEConfig:
    z: int = 16  # size of the latent variable z
    channels: tuple = (32, 64)  # channels of the two convolutions (encoder) / transposed convolutions (decoder)
    hidden: int = 256  # width of the dense layer between the 7x7 maps and (mu, logvar)

    def __post_init__(self):
        self.channels = tuple(self.channels)  # JSON turns tuples into lists


# the checkpoints' configs, by latent size: z = 2 models decode 400 codes at once for the latent map,
# so their decoder is narrower (under 50 ms on a 2-core CPU); z = 16 models get the width for the likelihood
CONFIGS = {2: VAEConfig(z=2, channels=(16, 32)), 16: VAEConfig(z=16, channels=(32, 64))}


def kl_diagonal_gaussian(mu: torch.Tensor, logvar: torch.Tensor) -> torch.Tensor:
    """KL(N(mu, sigma^2) || N(0, I)) per row, in nats (Kingma & Welling, appendix B):

    KL = 1/2 sum_j (mu_j^2 + sigma_j^2 - 1 - log sigma_j^2)
    """
    return 0.5 * (mu.square() + logvar.exp() - 1 - logvar).sum(-1)  # (B,)


def bernoulli_log_likelihood(logits: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
    """log p(x|z) = sum_pixels x log p + (1 - x) log(1 - p), p = sigmoid(logits); per image, in nats."""
    return -F.binary_cross_entropy_with_logits(logits, x, reduction="none").flatten(1).sum(1)  # (B,)


def gaussian_log_density(z: torch.Tensor, mu: torch.Tensor, logvar: torch.Tensor) -> torch.Tensor:
    """log N(z; mu, diag(exp(logvar))) summed over the last dimension."""
    return -0.5 * (LOG_2PI + logvar + (z - mu).square() / logvar.exp()).sum(-1)


def binarize(x: torch.Tensor, generator: torch.Generator | None = None) -> torch.Tensor:
    """Dynamic binarization: each pixel becomes 1 with probability its grey level (a fresh draw each time)."""
    u = torch.rand(x.shape, generator=generator, device="cpu" if generator is not None else x.device)
    return (u.to(x.device) < x).to(x.dtype)


class VAE(nn.Module, GenkitModel):
    """encode -> (mu, logvar); reparameterize -> z; decode -> the mean image of p(x|z)."""

    def __init__(self, config: VAEConfig):
        super().__init__()
        self.config = config
        self.encoder = ConvEncoder(2 * config.z, config.channels, config.hidden)  # outputs [mu, logvar]
        self.decoder = ConvDecoder(config.z, config.channels, config.hidden)  # outputs Bernoulli logits

    def encode(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        mu, logvar = self.encoder(x).chunk(2, dim=1)  # (B, z) each
        return mu, logvar.clamp(-12.0, 8.0)  # sigma between 0.0025 and 55: keeps exp() finite

    @staticmethod
    def reparameterize(mu: torch.Tensor, logvar: torch.Tensor, eps: torch.Tensor | None = None) -> torch.Tensor:
        """z = mu + sigma * eps, eps ~ N(0, I): the randomness is an input, so gradients reach mu and sigma."""
        if eps is None:
            eps = torch.randn_like(mu)
        return mu + (0.5 * logvar).exp() * eps  # (B, z)

    def decode_logits(self, z: torch.Tensor) -> torch.Tensor:
        return self.decoder(z)  # (B, 1, 28, 28)

    def decode(self, z: torch.Tensor) -> torch.Tensor:
        """The mean of p(x|z): the probability that each pixel is on, an image in [0, 1]."""
        return torch.sigmoid(self.decoder(z))  # (B, 1, 28, 28)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        mu, logvar = self.encode(x)
        return self.decode(self.reparameterize(mu, logvar))

    def sample(self, n: int, temperature: float = 1.0, generator: torch.Generator | None = None) -> torch.Tensor:
        """n images from the model: z ~ N(0, temperature^2 I), then the mean of p(x|z)."""
        device = next(self.parameters()).device
        z = torch.randn(n, self.config.z, generator=generator).to(device) * temperature
        return self.decode(z)

    def elbo_terms(self, x: torch.Tensor, eps: torch.Tensor | None = None) -> tuple[torch.Tensor, torch.Tensor]:
        """(rec, kl) per image, in nats: rec = log p(x|z) for one z ~ q(z|x), kl = KL(q(z|x) || p(z)).

        x must be binary (0/1) for rec to be a log-likelihood. ELBO = rec - kl.
        """
        mu, logvar = self.encode(x)
        z = self.reparameterize(mu, logvar, eps)
        return bernoulli_log_likelihood(self.decode_logits(z), x), kl_diagonal_gaussian(mu, logvar)

    def loss(self, x: torch.Tensor, beta: float = 1.0) -> tuple[torch.Tensor, dict]:
        """-(rec - beta * kl), averaged over the batch; beta = 1 is the ELBO, beta != 1 the beta-VAE."""
        rec, kl = self.elbo_terms(x)
        loss = (beta * kl - rec).mean()
        return loss, {"rec": rec.mean().detach(), "kl": kl.mean().detach()}

    @torch.no_grad()
    def iw_log_px(self, x: torch.Tensor, k: int = 1000, chunk: int = 1000,
                  generator: torch.Generator | None = None) -> torch.Tensor:
        """Importance-weighted estimate of log p(x) per image, in nats, with k samples (Burda et al., eq. 8).

        log w_i = log p(x|z_i) + log p(z_i) - log q(z_i|x), z_i ~ q(z|x);  log p(x) ~= logsumexp_i(log w_i) - log k.
        The k samples are drawn `chunk` at a time (images x chunk decoder passes per batch).
        """
        mu, logvar = self.encode(x)  # (B, z)
        B, d = mu.shape
        log_w = []
        for start in range(0, k, chunk):
            m = min(chunk, k - start)
            eps = torch.randn(m, B, d, generator=generator).to(mu.device)  # (m, B, z)
            z = mu + (0.5 * logvar).exp() * eps  # (m, B, z)
            logits = self.decode_logits(z.reshape(m * B, d)).view(m, B, *x.shape[1:])  # (m, B, 1, 28, 28)
            log_px_z = -F.binary_cross_entropy_with_logits(
                logits, x.expand(m, *x.shape), reduction="none").flatten(2).sum(2)  # (m, B)
            log_pz = -0.5 * (LOG_2PI + z.square()).sum(-1)  # (m, B)
            log_qz = gaussian_log_density(z, mu, logvar)  # (m, B)
            log_w.append(log_px_z + log_pz - log_qz)
        return torch.logsumexp(torch.cat(log_w), dim=0) - math.log(k)  # (B,)


# ----------------------------------------------------------------------------- paths in the latent space


def lerp(z0: torch.Tensor, z1: torch.Tensor, steps: int) -> torch.Tensor:
    """steps points on the segment from z0 to z1 (both (z,)) -> (steps, z)."""
    w = torch.linspace(0, 1, steps, device=z0.device)[:, None]
    return torch.lerp(z0[None], z1[None], w)


def slerp(z0: torch.Tensor, z1: torch.Tensor, steps: int) -> torch.Tensor:
    """steps points on the great circle from z0 to z1 (Shoemake 1985), norms interpolated linearly.

    Under a Gaussian prior, typical codes lie near a sphere; the straight line between
    two of them passes closer to the origin, where the prior puts codes of "average" images.
    """
    w = torch.linspace(0, 1, steps, device=z0.device)[:, None]
    n0, n1 = z0.norm(), z1.norm()
    if n0 < 1e-8 or n1 < 1e-8:
        return lerp(z0, z1, steps)
    u0, u1 = z0 / n0, z1 / n1
    omega = torch.arccos((u0 * u1).sum().clamp(-1 + 1e-7, 1 - 1e-7))
    if omega < 1e-4:
        return lerp(z0, z1, steps)
    direction = (torch.sin((1 - w) * omega) * u0 + torch.sin(w * omega) * u1) / torch.sin(omega)  # (steps, z)
    return direction * torch.lerp(n0, n1, w)


def latent_grid(n: int, limit: float = 3.0, device="cpu") -> torch.Tensor:
    """An n x n grid of 2-D codes over [-limit, limit]^2, row by row, top row = largest z_2: (n*n, 2)."""
    v = torch.linspace(-limit, limit, n, device=device)
    z2, z1 = torch.meshgrid(v.flip(0), v, indexing="ij")  # rows go down in z_2, columns right in z_1
    return torch.stack([z1.reshape(-1), z2.reshape(-1)], dim=1)


# ----------------------------------------------------------------------------- what the VAE tab shows, computed here


@torch.no_grad()
def reparameterization_draws(model: VAE, x: torch.Tensor, n: int, generator: torch.Generator | None = None) -> dict:
    """For one image x (1, 28, 28): mu, sigma (z,), n draws eps (n, z), z = mu + sigma * eps, and the decoded images."""
    mu, logvar = model.encode(x[None])  # (1, z) each
    eps = torch.randn(n, mu.shape[1], generator=generator).to(mu.device)  # (n, z)
    z = model.reparameterize(mu, logvar, eps)  # (n, z), broadcast over the draws
    return {"mu": mu[0], "sigma": (0.5 * logvar[0]).exp(), "eps": eps, "z": z, "x": model.decode(z),
            "x_mean": model.decode(mu)[0]}


@torch.no_grad()
def bound(model: VAE, x_bin: torch.Tensor, samples: int = 64, k: int = 1000,
          generator: torch.Generator | None = None) -> dict:
    """The two terms of the bound for one binary image (1, 28, 28), in nats, and the IW estimate of log p(x).

    rec = E_q[log p(x|z)] averaged over `samples` draws; kl = KL(q(z|x) || p(z)) in closed form;
    elbo = rec - kl; iw = the k-sample importance-weighted estimate (>= elbo on average).
    """
    mu, logvar = model.encode(x_bin[None])  # (1, z)
    eps = torch.randn(samples, mu.shape[1], generator=generator).to(mu.device)  # (S, z)
    z = model.reparameterize(mu, logvar, eps)  # (S, z)
    rec = bernoulli_log_likelihood(model.decode_logits(z), x_bin[None].expand(samples, *x_bin.shape)).mean()
    kl = kl_diagonal_gaussian(mu, logvar)[0]
    iw = model.iw_log_px(x_bin[None], k=k, chunk=min(k, 500), generator=generator)[0]
    return {"rec": rec.item(), "kl": kl.item(), "elbo": (rec - kl).item(), "iw": iw.item(), "k": k}
