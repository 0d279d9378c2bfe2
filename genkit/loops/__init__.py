"""One training loop per kind of model, each readable top to bottom (DiT's train.py, minDiffusion).

A loop module ``genkit/loops/<model>.py`` defines:

    PRESETS                       {"smoke": {...}, "full": {...}}: smoke runs on a CPU in seconds
    train(args, device, record)   data -> model -> optimizer -> for step: loss, backward, step -> save;
                                  fills `record` (time, images/s ...) and returns a summary dict
    evaluate(name, model, args, device)   the metrics of `python -m genkit.eval` (optional)
    add_arguments(parser)         extra command-line options, e.g. --z (optional)

`genkit.train` and `genkit.eval` find them by the model's name (`loop`); nothing registers itself.
"""

import importlib


def loop(model: str):
    """The loop module of `model` (imported only when that model is trained or evaluated)."""
    return importlib.import_module(f"genkit.loops.{model}")
