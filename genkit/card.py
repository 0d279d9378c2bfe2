"""Model cards: the README.md of each checkpoint folder, rebuilt from the files beside it.

The card is a pure function of the registry entry (genkit/registry.py: what the
model is), config.json (its architecture), model.safetensors (its parameter count),
train.json (how it was made) and metrics.json (what `python -m genkit.eval --write`
measured), so it can never disagree with them. Hugging Face reads the YAML front
matter. It reads the registry only, never genkit.hub (which imports this module).
"""

import json
from pathlib import Path

from safetensors import safe_open

from genkit import registry

DATASET_CARDS = {
    "mnist": ("ylecun/mnist", "MNIST (LeCun, Cortes and Burges): 60,000 + 10,000 handwritten digits, 28x28, CC BY-SA 3.0"),
    "fashion": ("zalando-datasets/fashion_mnist", "Fashion-MNIST (Xiao, Rasul and Vollgraf, 2017): 60,000 + 10,000 "
                "clothing images, 28x28, MIT license"),
    "scenes": (None, "genkit's procedural scenes: coloured shapes rendered on the fly, with English and French captions"),
    "captions": (None, "genkit's caption generators alone (scenes, digits, clothes; English and French), no image"),
}
PIPELINE_TAGS = {
    "classifier": "image-classification",
    "ae": "image-to-image", "vae": "unconditional-image-generation", "gan": "unconditional-image-generation",
    "diffusion": "unconditional-image-generation", "text2img": "text-to-image",
    "clip": "zero-shot-image-classification", "prior": "text-to-image", "unclip": "text-to-image",
    "textlm": "fill-mask", "superres": "image-to-image", "cyclegan": "image-to-image",
    "flow": "unconditional-image-generation",
}
PROTOCOLS = {
    "accuracy": "share of the 10,000 test images classified correctly",
    "fid_lenet_floor": "FID-LeNet between n_samples training images and as many test images: the best a generator "
                       "can score",
    "n_samples": "images on each side of the Fréchet distance (the protocol uses 10,000)",
    "fid_lenet": "FID-LeNet of 10,000 generated images against the 10,000 test images",
    "confident_fraction": "share of generated images that the classifier labels with probability above 0.9 "
                          "(calibrated probabilities: softmax(logits / T), T in the classifier's config)",
    "confident_fraction_test": "the same for the 10,000 test images: what real data scores",
    "calibration_error": "expected calibration error on the test images (15 bins) of softmax(logits / T)",
    "calibration_error_t1": "the same before calibration (T = 1): label smoothing and dropout make it modest",
    "test_mse": "mean squared error per pixel of the test images' reconstructions",
    "fid_lenet_reconstructions": "FID-LeNet of the reconstructions of the test images against the test images",
    "fid_lenet_random_codes": "FID-LeNet of decoded random N(0, I) codes: what sampling an autoencoder gives",
    "test_nll_iw": "negative log-likelihood in nats, importance-weighted with iw_k samples, on n_test dynamically "
                   "binarized test images (Burda et al., 2016)",
    "test_neg_elbo": "negative ELBO in nats on the whole binarized test set",
    "test_neg_elbo_subset": "negative ELBO in nats on the same n_test images as test_nll_iw",
    "iw_k": "importance samples per image",
    "n_test": "test images of the importance-weighted estimate (the protocol uses all 10,000)",
    "fid_lenet_prior_samples": "FID-LeNet of 10,000 samples from the prior p(z) = N(0, I), decoded",
    "fid_lenet_ddim50": "FID-LeNet of n_samples DDIM samples (eta = 0, 50 steps) against as many test images",
    "fid_lenet_ddim25": "the same with 25 DDIM steps",
    "fid_lenet_ddim10": "the same with 10 DDIM steps",
    "fid_lenet_euler50": "FID-LeNet of n_samples samples of a flow, 50 Euler steps, against as many test images",
    **{f"fid_lenet_euler{n}": f"the same with {n} Euler step{'s' if n > 1 else ''}" for n in (25, 8, 4, 2, 1)},
    "match_rate": "share of n_prompts single-object prompts (25 DDIM steps, w = 3) whose image the scene checker "
                  "accepts in colour, shape and position",
    "match_rate_w0": "the same at w = 0 (unconditional samples)",
    "match_rate_chance": "the rate of a random single object: 1 / (colours x shapes x positions)",
    "relation_rate": "share of n_prompts two-object relation prompts (\"a red circle left of a blue square\") "
                     "matched at w = 3",
    "count_rate": "share of n_prompts count prompts (\"two green triangles\") matched at w = 3",
    "n_prompts": "prompts per rate",
    "zero_shot_top1": "share of n_scenes fresh single-object scenes whose most similar caption, among the n_captions "
                      "single-object captions (shape x colour x size x position, English), names all four",
    "zero_shot_top1_fr": "the same with the French captions",
    "recall_at_1_image_to_text": "batches of 64 fresh distinct scenes (every kind) and their English captions: share "
                                 "of images whose most similar caption is their own",
    "recall_at_1_text_to_image": "the same, share of captions whose most similar image is their own",
    "n_scenes": "single-object scenes of the zero-shot rates",
    "n_captions": "candidate captions of the zero-shot rates",
    "scale": "the learned temperature exp(t) (at most 100)",
    "cosine_to_image": "mean cosine between the prior's sample (w = 1, 25 DDIM steps) and the CLIP embedding of a "
                       "render of the prompt's scene",
    "cosine_text": "mean cosine between the prompt's CLIP text embedding and that image embedding",
    "nearest_caption_rate": "share of sampled image embeddings whose nearest single-object caption names the "
                            "prompt's shape, colour and position",
    "masked_accuracy": "n_sentences fresh captions, each word hidden in turn as [mask]: share guessed exactly",
    "masked_accuracy_colour": "the same for colour words only (a caption's colour is free: near chance is right)",
    "masked_accuracy_shape": "the same for shape words only",
    "masked_accuracy_position": "the same for position words only",
    "content_kept_a2b": "share of n_images MNIST test digits a whose translation G(a) classifier-mnist reads as a's digit",
    "content_kept_b2a": "share of n_images typeset test digits b (genkit/typeset.py, seeds 1,000,000 on) whose F(b) "
                        "classifier-mnist reads as b's digit",
    "style_a2b": "share of those G(a) that the domain classifier (real A vs real B) calls typeset",
    "style_b2a": "share of those F(b) that the domain classifier calls handwritten",
    "cycle_l1": "mean absolute error per pixel ([0, 1] images) of the round trips F(G(a)) - a and G(F(b)) - b, "
                "averaged over both ways",
    "cycle_l1_a": "the same for F(G(a)) - a only",
    "cycle_l1_b": "the same for G(F(b)) - b only",
    "domain_accuracy": "the domain classifier's accuracy on n_images real test images of each domain",
    "classifier_reads_typeset": "classifier-mnist's accuracy on the real typeset test digits (what G(a) can hope "
                                "for)",
    "masked_accuracy_numeral": "the same for numerals (\"the digit 7\") only",
    "loss": "mean cross-entropy in nats of those guesses",
    "n_sentences": "sentences of the masked-word rates",
    "parameters": "the model's parameters",
    "psnr_db": "n_images prompts of every kind drawn by text2img-scenes (w = 3, 25 DDIM steps), each raised to "
               "64x64 (25 DDIM steps): PSNR in dB of the output's 2x2 mean against its 32x32 input (mean MSE)",
    "psnr_db_median": "the median of the per-image PSNR",
    "attribute_agreement": "share of those whose objects the scene checker reads with the same colour, shape, size "
                           "and position at 64x64 as at 32x32",
    "attribute_agreement_nearest": "the checker's own consistency (the control): the same share for the input only "
                                   "enlarged by nearest neighbour, which adds no information",
    "attribute_agreement_nearest_renders": "that control with the renders as inputs",
    "psnr_db_renders": "psnr_db with fresh 32x32 renders of the same scenes as inputs",
    "psnr_db_median_renders": "psnr_db_median with the renders as inputs",
    "attribute_agreement_renders": "attribute_agreement with the renders as inputs",
    "attribute_agreement_unambiguous": "attribute_agreement on the samples whose input, merely enlarged (nearest "
                                       "neighbour), the checker reads as at 32x32: the checker's doubt taken out",
    "attribute_agreement_unambiguous_renders": "attribute_agreement_unambiguous with the renders as inputs",
    "aug_sample": "the level s (of T = 1000) to which the low-resolution input is noised at sampling time",
    "n_images": "images of the super-resolution rates",
    "prompt_accuracy": "share of n_prompts images of \"a handwritten N\" (N = 0..9 in turn; clothes: \"a sneaker\" ...) "
                       "at w = 3, 25 DDIM steps, that the dataset's classifier labels N",
    "phrasing_accuracy": "the same with each prompt a random phrasing of its class, English and French in turn "
                         "(\"the digit 7\", \"un 7 écrit à la main\", \"le nombre sept\" ...)",
}
MODEL_PROTOCOLS = {  # where one kind of model measures a metric of the same name another way
    "unclip": {"match_rate": "share of n_prompts single-object prompts, through the prior (w_prior) then the "
                             "decoder (w_decoder), 25 DDIM steps each, that the scene checker accepts in colour, "
                             "shape and position",
               "match_rate_text2img_w3": "text2img-scenes on the same prompts at w = 3, 25 DDIM steps",
               "variation_keep_rate": "n_variations decodings (4 per fresh single-object scene, w_decoder, 25 DDIM "
                                      "steps) of the scene's CLIP image embedding: share showing one object of the "
                                      "source's colour and shape",
               "variation_moved_rate": "share of those whose object's centre is 1 pixel or more from the source's",
               "variation_anchor_rate": "share of those at the source's position word (left, centre ...)",
               "n_variations": "decoded variations", "w_prior": "guidance of the prior",
               "w_decoder": "guidance of the decoder"},
    "prior": {"w": "guidance of the prior (25 DDIM steps)"},
    "cyclegan": {"n_images": "test images translated each way (2,000 of each domain)"},
}
USAGE = {  # what to call the loaded model on, for the card's three lines of Python
    "classifier": "model(x)  # x: (B, 1, 28, 28) in [0, 1] -> logits (B, 10)",
    "ae": "model.decode(model.encode(x))  # x: (B, 1, 28, 28) in [0, 1] -> its reconstruction",
    "vae": "model.decode(torch.randn(16, model.config.z))  # 16 samples from the prior",
    "gan": "model.generate(model.sample_z(16))  # 16 generated images in [0, 1]",
    "diffusion": "from genkit.samplers import generate; generate(model, 16, steps=25)  # 16 samples in [0, 1]",
    "flow": "from genkit.flow import generate; generate(model, 16, steps=8)  # 16 samples in [0, 1], 8 Euler steps",
    "text2img": "from genkit.text2img import generate; generate(model, [\"{prompt}\"] * 4, w=3)  # 4 images in [0, 1]",
    "clip": "model.embed_captions([\"{prompt}\"])  # (1, E) on the unit sphere; model.embed_images(x) for images",
    "prior": "from genkit.prior import sample; sample(model, z_txt)  # CLIP text embeddings -> image embeddings",
    "textlm": "from genkit.textlm import fill; fill(model, \"a _ circle on the left\")  # the likeliest words",
    "superres": "from genkit.superres import upscale; upscale(model, x)  # x: (B, 3, 32, 32) in [0, 1] -> 64x64",
    "unclip": "from genkit.unclip import generate; generate(model, z_img)  # CLIP image embeddings -> images in [0, 1]",
    "cyclegan": "model.cycle(x, \"a2b\")  # x: (B, 1, 28, 28) handwritten in [0, 1] -> (G(x), F(G(x)))",
}
PROMPTS = {"scenes": "a red circle on the left", "mnist": "a handwritten seven", "fashion": "a sneaker"}  # text2img
SPACE_URL = "https://huggingface.co/spaces/{ns}/genkit"


def protocol(model: str, metric: str) -> str:
    """How `metric` of a model of kind `model` is measured: its own protocol, else the shared one; a French
    variant (`..._fr`) and CLIP's per-part zero-shot rates (`zero_shot_colour` ...) are said from their base."""
    own = MODEL_PROTOCOLS.get(model, {})
    if metric in own or metric in PROTOCOLS:
        return own.get(metric, PROTOCOLS.get(metric))
    if metric.endswith("_fr") and protocol(model, metric[:-3]):
        return protocol(model, metric[:-3]) + ", with the French captions"
    if metric.startswith("zero_shot_"):
        return f"share of the zero-shot scenes whose top-1 caption names the right {metric[len('zero_shot_'):]}"
    return ""


def parameter_count(weights: Path) -> int:
    with safe_open(str(weights), framework="pt") as f:
        return sum(_numel(f.get_slice(k).get_shape()) for k in f.keys())


def _numel(shape) -> int:
    n = 1
    for s in shape:
        n *= s
    return n


def _read(folder: Path, name: str) -> dict:
    path = folder / name
    return json.loads(path.read_text()) if path.exists() else {}


def eval_command(name: str, metrics: dict) -> str:
    """The `genkit.eval` command that measured `metrics`, with the options of a run smaller than the protocol."""
    options = ""
    if metrics.get("iw_k", 1000) != 1000:
        options += f" --k {metrics['iw_k']}"
    if metrics.get("n_test", 10_000) < 10_000:
        options += f" --n {metrics['n_test']}"
    if metrics.get("n_prompts") and metrics["n_prompts"] != 200:
        options += f" --n {metrics['n_prompts']}"
    if metrics.get("n_scenes") and metrics["n_scenes"] != 1000:
        options += f" --n {metrics['n_scenes']}"
    if metrics.get("n_samples", 10_000) < 10_000:
        options += f" --n-fid {metrics['n_samples']}"
    return f"python -m genkit.eval {name}{options} --write"


def render(folder: Path, name: str, namespace: str | None = None) -> str:
    """The full text of the model card of checkpoint folder `folder` (repo links under `namespace`)."""
    e = registry.entry(name)
    namespace = namespace or registry.hub_namespace()
    config = _read(folder, "config.json")
    train = _read(folder, "train.json")
    metrics = _read(folder, "metrics.json")
    params = parameter_count(folder / "model.safetensors") if (folder / "model.safetensors").exists() else 0
    hf_dataset, dataset_text = DATASET_CARDS[e.dataset]
    module, cls = e.cls.split(":")

    front = ["---", f"license: {registry.LICENSE}", "library_name: pytorch",
             f"pipeline_tag: {PIPELINE_TAGS[e.model]}",
             "tags:", "- genkit", "- education", "- from-scratch", "- pytorch_model_hub_mixin", f"- {e.model}"]
    if hf_dataset:
        front += ["datasets:", f"- {hf_dataset}"]
    front.append("---")

    lines = [f"# genkit / {name}", "", e.description, "",
             f"**Lecture concept.** {e.concept}.", "",
             "## Architecture", "",
             f"`{module}.{cls}`, {params:,} parameters, stored in half precision (safetensors). Its config:", "",
             "```json", json.dumps(config, indent=2), "```", "",
             "## Data", "", dataset_text + ".", "",
             "## Training", ""]
    if train:
        lines += ["```bash", train.get("command", e.train_command), "```", "",
                  f"- hardware: {train.get('device', '?')}", f"- time: {train.get('seconds', '?')} s"
                  f" ({train.get('images_per_s', '?')} images/s)",
                  f"- date: {train.get('date', '?')}, torch {train.get('torch', '?')}"]
        if train.get("clip"):
            lines.append(f"- the embeddings of `{train['clip']}`, frozen")
        if train.get("init"):
            lines.append(f"- started from the U-Net of `{train['init']}` (its weights, then trained as written here)")
        lines.append("")
    else:
        lines += ["Not recorded.", ""]
    lines += ["## Evaluation", ""]
    if metrics:
        lines += ["Measured by `" + eval_command(name, metrics) + "`:", "",
                  "| metric | value | protocol |", "| --- | --- | --- |"]
        lines += [f"| `{k}` | {v} | {protocol(e.model, k)} |" for k, v in metrics.items()]
        lines.append("")
    else:
        lines += ["Not evaluated yet: run `python -m genkit.eval " + name + " --write`.", ""]
    if (folder / "sample.png").exists():
        lines += ["## Sample", "", "![sample](sample.png)", ""]
    lines += ["## Use it", "", "```python",
              f"from {module} import {cls}",
              f'model = {cls}.from_pretrained("{e.repo_in(namespace)}")',
              "model.eval()",
              USAGE.get(e.model, "model.eval()").replace("{prompt}", PROMPTS.get(e.dataset, "")),
              "```", "",
              "Or, inside a clone of the code, `genkit.hub.load(\"" + name + "\")`.", "",
              "## Links", "",
              f"- the code: {registry.CODE_URL} (every model is written from scratch; "
              "the training command above rebuilds it)",
              f"- the demo: {SPACE_URL.format(ns=namespace)}",
              f"- license: {registry.LICENSE.upper()} (the weights and the code)", ""]
    return "\n".join(front + [""] + lines)


def write(folder: Path, name: str) -> Path:
    path = Path(folder) / "README.md"
    path.write_text(render(Path(folder), name))
    return path
