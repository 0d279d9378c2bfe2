"""genkit.metrics: the calibration of the classifier's probabilities, checked against the maths."""

import torch
import torch.nn.functional as F

from genkit.metrics import Classifier, ClassifierConfig, calibration_error, confident_fraction, fit_temperature, predict


def _sampled(scores: torch.Tensor, seed: int = 0) -> torch.Tensor:
    """Labels drawn from softmax(scores): the scores are then the true log-probabilities (up to a constant)."""
    return torch.multinomial(scores.softmax(1), 1, generator=torch.Generator().manual_seed(seed))[:, 0]


def test_fit_temperature_recovers_a_known_temperature():
    scores = torch.randn(20_000, 10, generator=torch.Generator().manual_seed(0)) * 3
    labels = _sampled(scores)
    for true_t in (0.5, 1.0, 2.0):  # a network that outputs scores * T_true needs T = T_true
        assert abs(fit_temperature(scores * true_t, labels) / true_t - 1) < 0.06


def test_the_fitted_temperature_lowers_the_negative_log_likelihood():
    scores = torch.randn(5_000, 10, generator=torch.Generator().manual_seed(1)) * 3
    labels = _sampled(scores, seed=1)
    modest = scores / 3  # an underconfident network, like one trained with label smoothing
    t = fit_temperature(modest, labels)
    assert t < 1 and F.cross_entropy(modest / t, labels) < F.cross_entropy(modest, labels)


def test_calibration_error_against_hand_computed_bins():
    # two bins: confidence 0.95 (2 images, 1 right) and 0.55 (2 images, 2 right)
    probs = torch.tensor([[0.95, 0.05], [0.95, 0.05], [0.55, 0.45], [0.45, 0.55]])
    labels = torch.tensor([0, 1, 0, 1])
    assert abs(calibration_error(probs, labels) - (0.5 * abs(0.5 - 0.95) + 0.5 * abs(1.0 - 0.55))) < 1e-6
    assert calibration_error(torch.tensor([[1.0, 0.0]]), torch.tensor([0])) == 0.0


def test_predict_divides_the_logits_by_the_temperature():
    model = Classifier(ClassifierConfig(temperature=0.5)).eval()
    x = torch.rand(8, 1, 28, 28, generator=torch.Generator().manual_seed(2))
    features, probs = predict(model, x)
    with torch.no_grad():
        assert torch.allclose(probs, (model(x) * 2).softmax(1), atol=1e-6)
        assert torch.allclose(features, model.features(x))  # FID-LeNet's features do not depend on T
    sharper = confident_fraction(probs, 0.2)
    model.config.temperature = 1.0
    assert confident_fraction(predict(model, x)[1], 0.2) <= sharper
