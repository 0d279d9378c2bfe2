"""The 2-D lab's maths (genkit/flow2d.py) and the flow samplers (genkit/samplers.py), against the equations."""

import math

import numpy as np
import pytest
import torch
from PIL import Image, ImageDraw

from genkit import diffusion, flow2d, gan2d
from genkit import live as games
from genkit.samplers import euler_steps, flow_times, heun_steps


def exact_flow(x_star: torch.Tensor):
    """The exact velocity when the data is the single point x*: x_t = (1 - t) x* + t eps, so
    eps = (x_t - (1 - t) x*) / t and v = eps - x* = (x_t - x*) / t."""
    return lambda x, t, cond=None: (x - x_star) / t.clamp(min=1e-9)[:, None]


class Exact(torch.nn.Module):
    """The exact denoiser of the single data point x*, for both objectives (flow2d.trajectory's interface)."""

    def __init__(self, objective: str, x_star: torch.Tensor):
        super().__init__()
        self.config, self.x_star = flow2d.Flow2DConfig(objective), x_star

    def forward(self, xt, t, cond=None):
        if self.config.objective == "flow":
            return exact_flow(self.x_star)(xt, t)
        ab = diffusion.at(flow2d.schedule().alpha_bar, t, xt)  # eq. 4 solved for eps
        return (xt - ab.sqrt() * self.x_star) / (1 - ab).sqrt()


# ----------------------------------------------------------------------------- the flow's path and target


def test_path_endpoints_and_velocity():
    g = torch.Generator().manual_seed(0)
    x0, eps = torch.randn(64, 2, generator=g), torch.randn(64, 2, generator=g)
    assert torch.equal(flow2d.flow_path(x0, eps, torch.zeros(64)), x0)  # t = 0: the data
    assert torch.equal(flow2d.flow_path(x0, eps, torch.ones(64)), eps)  # t = 1: the noise
    t, h = torch.rand(64, generator=g) * 0.8 + 0.1, 1e-3
    derivative = (flow2d.flow_path(x0, eps, t + h) - flow2d.flow_path(x0, eps, t - h)) / (2 * h)
    assert torch.allclose(derivative, flow2d.flow_target(x0, eps), atol=1e-3)  # d x_t / dt = eps - x0
    assert torch.equal(flow2d.flow_target(x0, eps), eps - x0)


def test_flow_loss_is_the_regression_on_the_velocity():
    net = flow2d.Denoiser(flow2d.Flow2DConfig("flow"))
    g = torch.Generator().manual_seed(1)
    x0, eps, t = torch.randn(32, 2, generator=g), torch.randn(32, 2, generator=g), torch.rand(32, generator=g)
    by_hand = ((eps - x0 - net((1 - t)[:, None] * x0 + t[:, None] * eps, t)) ** 2).mean()
    assert torch.allclose(flow2d.flow_loss(net, x0, eps=eps, t=t), by_hand)


def test_ddpm_loss_is_genkit_diffusion_loss():
    net = flow2d.Denoiser(flow2d.Flow2DConfig("ddpm"))
    x0 = gan2d.sample("ring", 128, torch.Generator().manual_seed(2))
    ours = flow2d.ddpm_loss(net, x0, torch.Generator().manual_seed(5))
    theirs = diffusion.loss(net, diffusion.make_schedule("cosine", 1000), x0, torch.Generator().manual_seed(5))
    assert torch.equal(ours, theirs)
    g = torch.Generator().manual_seed(5)  # and by hand, with eq. 4 and eq. 14
    t = torch.randint(1, 1001, (128,), generator=g)
    eps = torch.randn(128, 2, generator=g)
    xt = diffusion.q_sample(flow2d.schedule(), x0, t, eps)
    assert torch.allclose(ours, ((eps - net(xt, t)) ** 2).mean())


def test_denoiser_shapes_and_time_scale():
    for objective, t in (("ddpm", torch.tensor([1, 500, 1000])), ("flow", torch.tensor([0.0, 0.5, 1.0]))):
        net = flow2d.Denoiser(flow2d.Flow2DConfig(objective))
        assert net(torch.zeros(3, 2), t).shape == (3, 2)
    ddpm, flow = flow2d.Denoiser(flow2d.Flow2DConfig("ddpm")), flow2d.Denoiser(flow2d.Flow2DConfig("flow"))
    flow.load_state_dict(ddpm.state_dict())
    x = torch.randn(4, 2)
    assert torch.allclose(ddpm(x, torch.full((4,), 300)), flow(x, torch.full((4,), 0.3)))  # both see t / T
    with pytest.raises(ValueError, match="objective"):
        flow2d.Denoiser(flow2d.Flow2DConfig("gan"))


# ----------------------------------------------------------------------------- samplers


def test_euler_on_a_straight_path_is_exact_in_one_step():
    x_star = torch.tensor([[1.5, -0.5]])
    for steps in (1, 4, 100):
        path = flow2d.trajectory(Exact("flow", x_star), 50, steps, "euler", seed=3)
        assert path.shape == (steps + 1, 50, 2)
        assert torch.allclose(path[0], torch.randn(50, 2, generator=torch.Generator().manual_seed(3)))  # x_1 ~ N(0, I)
        assert torch.allclose(path[-1], x_star.expand(50, 2), atol=1e-5)
    assert flow_times(4) == [1.0, 0.75, 0.5, 0.25, 0.0]


def test_ddim_and_ddpm_with_the_exact_noise_land_on_the_point():
    x_star = torch.tensor([[-1.0, 2.0]])
    for sampler in ("ddim", "ddpm"):
        final = flow2d.trajectory(Exact("ddpm", x_star), 40, 20, sampler)[-1]
        assert torch.allclose(final, x_star.expand(40, 2), atol=1e-3), sampler


def test_heun_is_second_order_on_a_linear_ode():
    """dx/dt = x from t = 1 to 0: x(0) = x(1) / e. Euler's error shrinks like 1/n, Heun's like 1/n^2."""
    model = lambda x, t, cond=None: x  # noqa: E731
    x1 = torch.ones(1, 2)
    exact = x1 / math.e

    def error(steps_fn, n):
        return (list(steps_fn(model, steps=n, x_T=x1))[-1].x_prev - exact).abs().max().item()

    assert error(heun_steps, 8) < error(euler_steps, 8) / 10
    assert error(euler_steps, 16) < error(euler_steps, 8) * 0.6
    assert error(heun_steps, 16) < error(heun_steps, 8) * 0.3


def test_trajectory_refuses_bad_settings():
    net = flow2d.Denoiser(flow2d.Flow2DConfig("flow"))
    for steps in (0, 101):
        with pytest.raises(ValueError, match="steps"):
            flow2d.trajectory(net, 10, steps)
    with pytest.raises(ValueError, match="sampler"):
        flow2d.trajectory(net, 10, 4, "ddim")


def test_denoised_is_the_paths_start():
    net = flow2d.Denoiser(flow2d.Flow2DConfig("flow"))
    x = torch.randn(20, 2)
    with torch.no_grad():
        assert torch.allclose(flow2d.denoised(net, x, 0.7), x - 0.7 * net(x, torch.full((20,), 0.7)))
    assert torch.allclose(flow2d.denoised(Exact("ddpm", torch.tensor([[0.5, 0.5]])), x, 0.5),
                          torch.tensor([[0.5, 0.5]]).expand(20, 2), atol=1e-4)


# ----------------------------------------------------------------------------- the distance and the modes


def test_sliced_wasserstein_is_zero_for_equal_sets_and_grows_with_a_shift():
    a = gan2d.sample("moons", 1000, torch.Generator().manual_seed(4))
    assert flow2d.sliced_wasserstein(a, a.clone()) == 0.0
    assert flow2d.sliced_wasserstein(a, a[torch.randperm(1000)]) < 1e-12  # an order does not matter
    shifts = [flow2d.sliced_wasserstein(a, a + torch.tensor([s, 0.0])) for s in (0.1, 0.5, 1.0)]
    assert shifts[0] < shifts[1] < shifts[2]
    assert abs(shifts[2] - 2 / math.pi) < 0.01  # W1 of a shift s projected on a direction at angle a: s |cos a|
    assert abs(flow2d.sliced_wasserstein(a, a[:400]) - flow2d.sliced_wasserstein(a[:400], a)) < 1e-9


def test_modes_reuse_the_gans_count():
    ring = gan2d.ring_centers()
    assert flow2d.modes(ring.repeat(10, 1), "ring") == (8, 8)
    assert flow2d.modes(ring[:1].repeat(80, 1), "ring") == (1, 8)
    assert flow2d.modes(gan2d.grid_centers().repeat(4, 1), "grid") == (25, 25)
    assert flow2d.modes(torch.zeros(5, 2), "moons") is None


# ----------------------------------------------------------------------------- a drawing's points


def canvas(strokes, size=300, background=(0, 0, 0, 0), width=12):
    im = Image.new("RGBA", (size, size), background)
    draw = ImageDraw.Draw(im)
    for line in strokes:
        draw.line(line, fill=(0, 0, 0, 255), width=width)
    return {"background": None, "layers": [], "composite": np.asarray(im)}


def test_drawing_points_are_normalised_like_the_presets():
    value = canvas([[(50, 40), (50, 260)], [(50, 260), (150, 260)]])  # an L: tall and thin
    pts = flow2d.drawing_points(value)
    assert pts.shape[1] == 2 and 100 < len(pts) <= flow2d.MAX_POINTS
    assert abs(pts[:, 1].max().item() - 2.0) < 0.05 and abs(pts[:, 1].min().item() + 2.0) < 0.05  # spans [-2, 2]
    assert pts[:, 0].max().item() < 1.2  # the shorter side keeps its proportion
    foot = pts[pts[:, 0] > 0.2]
    assert (foot[:, 1] < -1.5).all()  # y points up: the foot of the L is at the bottom
    white = canvas([[(50, 40), (50, 260)], [(50, 260), (150, 260)]], background=(255, 255, 255, 255))
    assert flow2d.drawing_points(white).shape == pts.shape  # dark ink on white paper too
    big = canvas([[(10, 10), (290, 290)], [(10, 290), (290, 10)]], width=60)
    assert len(flow2d.drawing_points(big)) == flow2d.MAX_POINTS
    points = flow2d.Points("drawing", pts)
    assert points.sample(500).shape == (500, 2)


def test_bad_drawings_are_refused_with_a_reason():
    cases = [(None, "blank"), (canvas([]), "blank"), (canvas([[(100, 100), (101, 101)]], width=2), "dot"),
             (np.zeros((5000, 20, 4), dtype=np.uint8), "large"), (np.zeros((3, 3, 3, 3)), "shape"),
             (np.zeros((20, 20, 5)), "shape")]
    for value, code in cases:
        with pytest.raises(flow2d.DrawingError) as e:
            flow2d.drawing_points(value)
        assert e.value.code == code, (value if value is None else np.asarray(value.get("composite") if isinstance(
            value, dict) else value).shape, code)
    with pytest.raises(ValueError, match="cloud"):
        flow2d.Points("drawing", None)
    with pytest.raises(ValueError, match="unknown"):
        flow2d.Points("swiss")


# ----------------------------------------------------------------------------- training


def test_a_tiny_case_trained_by_hand_lands_on_its_two_points():
    """Two points of data: a few hundred steps of flow matching carry the noise onto them."""
    torch.manual_seed(0)
    two = torch.tensor([[-1.0, 0.0], [1.0, 0.0]])
    lab = flow2d.Lab(flow2d.Denoiser(flow2d.Flow2DConfig("flow")), flow2d.Points("drawing", two), lr=3e-3)
    lab.run(10)
    early = sum(loss for _, loss in lab.history) / 10
    lab.run(590)
    late = sum(loss for _, loss in lab.history[-50:]) / 50
    assert late < early and lab.step == 600 and len(lab.history) == 600
    final = flow2d.trajectory(lab.net, 400, 20)[-1]
    near = torch.cdist(final, two).min(1).values
    assert (near < 0.3).float().mean() > 0.8
    assert lab.curve(100)[0] == [100, 200, 300, 400, 500, 600]


def test_reflow_trains_on_the_models_own_pairs():
    lab = flow2d.new_lab("ring", "flow")
    lab.run(5)
    lab.reflow(n=300, steps=10)
    assert lab.reflows == 1 and lab.pairs.eps.shape == lab.pairs.x0.shape == (300, 2)
    assert torch.allclose(lab.pairs.x0, flow2d.trajectory(lab.net, 300, 10, x_T=lab.pairs.eps)[-1])
    lab.run(3)
    assert lab.step == 8
    ddpm = flow2d.new_lab("ring", "ddpm")
    with pytest.raises(ValueError, match="flow"):
        ddpm.reflow()


def test_session_lab_keeps_its_network_unless_the_data_or_objective_change():
    s = dict(games.LAB_2D)
    live, fresh = games.prepare_lab(None, s)
    assert fresh and live.kind == "lab"
    live.game.run(2)
    same, fresh = games.prepare_lab(live, {**s, "lr": 1e-3, "batch_size": 64})
    assert same is live and not fresh and live.game.opt.param_groups[0]["lr"] == 1e-3 and live.game.batch_size == 64
    for change in ({"objective": "ddpm"}, {"dataset": "grid"}):
        assert games.prepare_lab(live, {**s, **change})[1]
    cloud = flow2d.drawing_points(canvas([[(50, 50), (250, 250)]]))
    drawn, fresh = games.prepare_lab(live, {**s, "dataset": "drawing"}, cloud)
    assert fresh and games.prepare_lab(drawn, {**s, "dataset": "drawing"}, cloud.clone()) == (drawn, False)
    assert games.prepare_lab(drawn, {**s, "dataset": "drawing"}, cloud * 0.5)[1]  # a new drawing: a new lab


def test_reflow_straightens_the_paths_so_one_step_suffices():
    """Liu et al. sec. 2.3: after reflow, one Euler step lands much nearer the data than before."""
    data = gan2d.sample("ring", 1000, torch.Generator().manual_seed(12345))
    lab = flow2d.new_lab("ring", "flow", seed=1)
    lab.run(1500)
    one_step = lambda: flow2d.sliced_wasserstein(flow2d.trajectory(lab.net, 1000, 1, seed=7)[-1], data)  # noqa: E731
    before = one_step()
    lab.reflow()
    lab.run(1000)
    assert one_step() < before / 2


def test_the_eval_reports_per_start_and_per_objective():
    from genkit.loops import flow2d as loop

    out = loop.ring(seeds=2, max_steps=250, check_every=250, quiet=True, reflow_steps=20)
    for objective in ("ddpm", "flow"):
        figures = out[objective]
        assert len(figures["all_modes_at"]) == len(figures["distance_4_steps"]) == 2 and figures["steps_per_s"] > 0
        assert all(v is None or v == 250 for v in figures["all_modes_at"])
    assert len(out["flow"]["reflow"]["distance_1_step_after"]) == 2 and 0 <= out["flow_closer_at_4_steps"] <= 2
