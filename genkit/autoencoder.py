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
the missing term. The encoder and the decoder are the shared blocks of
genkit/layers.py, the same as the VAE's.
"""

from dataclasses import dataclass

import torch
from torch import nn

from genkit.hub import GenkitModel
from genkit.layers import ConvDecoder, ConvEncoder


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
