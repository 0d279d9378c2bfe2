"""How a network's weights are kept: half-precision safetensors, loaded strictly, the Hub's way.

Every genkit network inherits `GenkitModel` beside ``nn.Module``. It mixes in
``huggingface_hub.PyTorchModelHubMixin`` (``save_pretrained``, ``from_pretrained``, a
config.json of the constructor's arguments) and changes two things: the weights are
written in float16 (the checkpoints stay small enough to commit; they are cast back to
the model's own dtype on loading), and loading is strict, so a checkpoint that does not
match its network fails at once instead of running with random layers. No pickle anywhere.

This module is a leaf: the networks import it, and genkit/hub.py (which finds, saves and
publishes whole checkpoint folders) imports the networks by name, so there is no circle.
"""

import os
from pathlib import Path

import torch
from huggingface_hub import PyTorchModelHubMixin, hf_hub_download
from safetensors.torch import load_file, save_file


class GenkitModel(PyTorchModelHubMixin):
    """Mixin of every genkit network: Hub-compatible save/load in fp16 safetensors, strict loading."""

    def _save_pretrained(self, save_directory: Path) -> None:
        half = {k: v.detach().to("cpu", torch.float16 if v.is_floating_point() else v.dtype).contiguous()
                for k, v in self.state_dict().items()}
        path = Path(save_directory) / "model.safetensors"
        save_file(half, str(path))
        path.chmod(0o644)  # safetensors writes 0600 (a temporary file renamed): readable like its config.json

    @classmethod
    def _from_pretrained(cls, *, model_id, revision, cache_dir, force_download, local_files_only, token,
                         map_location="cpu", strict=True, **model_kwargs):
        if os.path.isdir(model_id):
            path = os.path.join(model_id, "model.safetensors")
        else:
            path = hf_hub_download(model_id, "model.safetensors", revision=revision, cache_dir=cache_dir,
                                   force_download=force_download, local_files_only=local_files_only, token=token)
        model = cls(**model_kwargs)
        state = load_file(path, device=str(map_location))
        reference = model.state_dict()
        state = {k: v.to(reference[k].dtype) if k in reference else v for k, v in state.items()}
        model.load_state_dict(state, strict=strict)
        return model.eval()
