"""Training and evaluating the LeNet-style classifier (genkit.metrics), the evaluator of every tab.

``python -m genkit.train classifier --dataset mnist|fashion --preset full``: AdamW
with a one-cycle learning rate, label smoothing and random shifts of up to two
pixels, 12 epochs; then the temperature of its probabilities is fitted on 10,000
training images (genkit.metrics.fit_temperature). The card's picture is the grid
of first-layer filters (the Convolution tab shows them too).
"""

import time

import torch
import torch.nn.functional as F
from tqdm import tqdm

from genkit import data, hub, viz
from genkit.loops.common import autocast, random_shift
from genkit.metrics import (N_FID, Classifier, ClassifierConfig, accuracy, calibration_error, confident_fraction,
                            fid_lenet, fit_temperature, predict)

PRESETS = {
    # smoke: seconds on a CPU, any data; full: the committed checkpoints
    "smoke": dict(epochs=3, n_train=512, batch_size=32, lr=3e-3),
    "full": dict(epochs=12, n_train=None, batch_size=128, lr=3e-3),
}


def train(args, device, record) -> dict:
    p = PRESETS[args.preset]
    g = torch.Generator().manual_seed(args.seed)
    torch.manual_seed(args.seed)

    # 1. data: the whole split as one tensor on the device
    x, y = data.load(args.dataset, "train", args.data_dir, device)
    x_test, y_test = data.load(args.dataset, "test", args.data_dir, device)
    if p["n_train"]:
        x, y = x[: p["n_train"]], y[: p["n_train"]]
        x_test, y_test = x_test[: p["n_train"]], y_test[: p["n_train"]]
    batch_size = min(p["batch_size"], len(x))

    # 2. model and optimizer (AdamW with a one-cycle learning rate)
    model = Classifier(ClassifierConfig()).to(device)
    steps_per_epoch = len(x) // batch_size
    total = p["epochs"] * steps_per_epoch
    opt = torch.optim.AdamW(model.parameters(), lr=p["lr"], weight_decay=5e-4)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=p["lr"], total_steps=total)

    # 3. the loop
    t0 = time.perf_counter()
    bar = tqdm(total=total, desc=f"classifier-{args.dataset}", disable=args.quiet)
    for epoch in range(p["epochs"]):
        model.train()
        for idx in data.random_batches(len(x), batch_size, g, device):
            xb = random_shift(x[idx], 2.0, g)  # (B, 1, 28, 28)
            with autocast(device):
                loss = F.cross_entropy(model(xb), y[idx], label_smoothing=0.05)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            bar.update()
            bar.set_postfix(epoch=epoch, loss=f"{loss.item():.3f}")
    bar.close()
    seconds = time.perf_counter() - t0

    # 4. calibrate: the temperature that makes its probabilities honest (the weights do not change)
    model.eval()
    with torch.no_grad():
        logits = torch.cat([model(x[i : i + 1000]) for i in range(0, min(len(x), 10_000), 1000)])
    model.config.temperature = fit_temperature(logits, y[: len(logits)])

    # 5. evaluate, save with the first-layer filters as the card's picture
    test_acc = accuracy(model, x_test, y_test)
    name = f"classifier-{args.dataset}"
    record.update(seconds=round(seconds, 1), images_per_s=round(total * batch_size / seconds, 1),
                  steps=total, epochs=p["epochs"], batch_size=batch_size, test_accuracy=round(test_acc, 4),
                  temperature=model.config.temperature)
    filters = viz.to_pil(viz.grid(viz.normalize(model.first_layer.weight.detach().cpu()), nrow=8, pad=1), scale=8)
    folder = hub.save(model.cpu(), name, args.out, record, sample=filters)
    return {"checkpoint": name, "folder": str(folder), "test_accuracy": round(test_acc, 4)}


def fid_floor(classifier, dataset: str, data_dir, device, n: int = N_FID) -> float:
    """FID-LeNet of n training images against the n first test images: what a perfect generator scores."""
    x_train, _ = data.load(dataset, "train", data_dir, device)
    x_test, _ = data.load(dataset, "test", data_dir, device)
    pick = torch.randperm(len(x_train), generator=torch.Generator().manual_seed(0))[:n]
    return fid_lenet(classifier, x_train[pick.to(x_train.device)], x_test[:n])


def evaluate(name: str, model, args, device) -> dict:
    """Test accuracy, calibration error with and without the temperature, and the dataset's FID-LeNet floor."""
    e = hub.entry(name)
    x_test, y_test = data.load(e.dataset, "test", args.data_dir, device)
    n = min(N_FID, len(x_test))
    features, probs = predict(model, x_test)
    raw = model.head(features).softmax(dim=1)  # the probabilities before calibration (T = 1)
    return {
        "accuracy": round((probs.argmax(1) == y_test).float().mean().item(), 4),
        "calibration_error": round(calibration_error(probs, y_test), 4),
        "calibration_error_t1": round(calibration_error(raw, y_test), 4),
        "confident_fraction_test": round(confident_fraction(probs), 4),
        "fid_lenet_floor": round(fid_floor(model, e.dataset, args.data_dir, device, n), 3),
        "n_samples": n,
    }
