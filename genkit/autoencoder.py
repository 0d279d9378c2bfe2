"""A convolutional autoencoder: an encoder compresses x into a code z, a decoder rebuilds x from z.

References: Hinton & Salakhutdinov (2006), "Reducing the dimensionality of data with
neural networks" (the deep autoencoder); Goodfellow, Bengio & Courville (2016),
"Deep Learning", ch. 14 (undercomplete autoencoders). Lecture: "Auto-encodeur".

    z     = f_phi(x)            encoder, (B, 1, 28, 28) -> (B, z)
    x_hat = g_theta(z)          decoder, (B, z) -> (B, 1, 28, 28) in [0, 1]
    loss  = ||x - x_hat||^2     summed over the pixels, averaged over the batch

Nothing in this loss says where the codes should lie: they land wherever the
encoder finds convenient, so a code drawn at random (say from N(0, I)) decodes to
something that looks like no training image. The VAE (genkit/vae.py) adds exactly
the missing term. It reuses the encoder and the decoder defined here (ConvEncoder,
ConvDecoder); the decoder's transposed convolutions follow Odena et al. (2016),
"Deconvolution and checkerboard artifacts" (kernel size a multiple of the stride).
"""

from dataclasses import dataclass

import torch
from torch import nn

from genkit.weights import GenkitModel


@dataclass
class AutoencoderConfig:
    z: int = 16  # size of the bottleneck (the code)
    channels: tuple = (32, 64)  # channels of the two convolutions (encoder) / transposed convolutions (decoder)
    hidden: int = 256  # width of the dense layer between the 7x7 maps and the code

    def __post_init__(self):
        self.channels = tuple(self.channels)  # JSON turns tuples into lists


# the checkpoints' configs, by latent size: z = 2 models decode 400 codes at once for the latent map,
# so their decoder is narrower (under 50 ms on a 2-core CPU); z = 16 models get the width for the likelihood
CONFIGS = {2: AutoencoderConfig(z=2, channels=(16, 32)), 16: AutoencoderConfig(z=16, channels=(32, 64))}


# ----------------------------------------------------------------------------- encoder and decoder of 28x28 images
# Shared with the VAE (genkit/vae.py): the same two halves, the VAE's encoder simply outputs twice as many
# numbers (mu and log sigma^2).


class ConvEncoder(nn.Module):
    """(B, C, 28, 28) -> (B, out_dim): two stride-2 convolutions (28 -> 14 -> 7), then two dense layers."""

    def __init__(self, out_dim: int, channels: tuple = (32, 64), hidden: int = 256, in_channels: int = 1):
        super().__init__()
        c1, c2 = channels
        self.convs = nn.Sequential(
            nn.Conv2d(in_channels, c1, 4, stride=2, padding=1), nn.SiLU(),  # (B, c1, 14, 14)
            nn.Conv2d(c1, c2, 4, stride=2, padding=1), nn.SiLU(),  # (B, c2, 7, 7)
        )
        self.fc = nn.Sequential(nn.Linear(c2 * 49, hidden), nn.SiLU(), nn.Linear(hidden, out_dim))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc(self.convs(x).flatten(1))  # (B, out_dim)


class ConvDecoder(nn.Module):
    """(B, z_dim) -> (B, C, 28, 28) logits: two dense layers to 7x7 maps, two x2 transposed convolutions.

    The transposed convolutions have a 4x4 kernel and stride 2: the kernel size is a multiple of
    the stride, so every output pixel receives the same number of taps and no checkerboard
    appears (Odena et al. 2016), at half the cost of resize-then-convolve (`genkit.layers.Upsample`).
    """

    def __init__(self, z_dim: int, channels: tuple = (32, 64), hidden: int = 256, out_channels: int = 1):
        super().__init__()
        c1, c2 = channels
        self.c2 = c2
        self.fc = nn.Sequential(nn.Linear(z_dim, hidden), nn.SiLU(), nn.Linear(hidden, c2 * 49), nn.SiLU())
        self.ups = nn.Sequential(
            nn.ConvTranspose2d(c2, c1, 4, stride=2, padding=1), nn.SiLU(),  # (B, c1, 14, 14)
            nn.ConvTranspose2d(c1, out_channels, 4, stride=2, padding=1),  # (B, C, 28, 28)
        )

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        h = self.fc(z).view(-1, self.c2, 7, 7)  # (B, c2, 7, 7)
        return self.ups(h)  # (B, C, 28, 28) logits


# ----------------------------------------------------------------------------- the autoencoder


class Autoencoder(nn.Module, GenkitModel):
    """encode: image -> code z; decode: z -> image in [0, 1] (sigmoid of the decoder's output)."""

    def __init__(self, config: AutoencoderConfig):
        super().__init__()
        self.config = config
        self.encoder = ConvEncoder(config.z, config.channels, config.hidden)
        self.decoder = ConvDecoder(config.z, config.channels, config.hidden)

    def encode(self, x: torch.Tensor) -> torch.Tensor:
        return self.encoder(x)  # (B, z)

    def decode(self, z: torch.Tensor) -> torch.Tensor:
        return torch.sigmoid(self.decoder(z))  # (B, 1, 28, 28) in [0, 1]

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.decode(self.encode(x))  # (B, 1, 28, 28)

    def loss(self, x: torch.Tensor) -> torch.Tensor:
        """Squared reconstruction error, summed over the pixels, averaged over the batch."""
        return (self(x) - x).square().flatten(1).sum(1).mean()


def reconstruction_error(x: torch.Tensor, x_hat: torch.Tensor) -> torch.Tensor:
    """Mean squared error per image (B,): the number the tab shows next to the heatmap."""
    return (x - x_hat).square().flatten(1).mean(1)
