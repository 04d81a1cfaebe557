"""course_utils.optim2d: surfaces and their gradients, the update rules, Keras agreement, plots."""

import numpy as np
import pytest

from course_utils import optim2d as o

SURFACES = [o.ravine(), o.rosenbrock(), o.saddle()]


@pytest.mark.parametrize("surface", SURFACES, ids=lambda s: s.name)
def test_gradient_matches_finite_differences(surface):
    rng = np.random.default_rng(0)
    for w in rng.uniform(-1.5, 1.5, size=(5, 2)):
        num = np.array([(surface(w + e) - surface(w - e)) / 2e-6 for e in np.eye(2) * 1e-6])
        np.testing.assert_allclose(surface.grad(w), num, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("surface", SURFACES, ids=lambda s: s.name)
def test_minima_have_zero_gradient_and_surfaces_broadcast(surface):
    for m in surface.minima:
        np.testing.assert_allclose(surface.grad(np.array(m)), 0, atol=1e-12)
    grid = np.zeros((3, 4, 2))
    assert surface(grid).shape == (3, 4)
    assert surface.grad(grid).shape == (3, 4, 2)


def test_sgd_and_momentum_by_hand():
    g = np.array([1.0, -2.0])
    assert np.allclose(o.SGD(0.1).step(np.zeros(2), g), [-0.1, 0.2])
    m = o.Momentum(0.1, momentum=0.5)
    w1 = m.step(np.zeros(2), g)            # v = -0.1 g
    w2 = m.step(w1, g)                     # v = 0.5 * -0.1 g - 0.1 g = -0.15 g
    assert np.allclose(w2, w1 - 0.15 * g)


def test_adagrad_uses_eps_inside_the_root_and_initial_accumulator():
    r = o.AdaGrad(1.0, epsilon=1.0, initial_accumulator=0.0)
    w = r.step(np.zeros(1), np.array([2.0]))
    assert np.allclose(w, [-2.0 / np.sqrt(4.0 + 1.0)])
    r = o.AdaGrad(1.0, epsilon=0.0, initial_accumulator=5.0)
    assert np.allclose(r.step(np.zeros(1), np.array([2.0])), [-2.0 / 3.0])


def test_adam_first_step_has_the_size_of_the_learning_rate():
    # bias correction: the first step is lr * sign(g) (up to eps)
    w = o.Adam(0.01, epsilon=0.0).step(np.zeros(3), np.array([1e-4, -3.0, 50.0]))
    assert np.allclose(w, [-0.01, 0.01, -0.01])


@pytest.mark.parametrize("name", list(o.RULES))
@pytest.mark.parametrize("surface,start", [(o.ravine(), (-7.0, 2.0)), (o.saddle(), (1.5, 0.3))])
def test_rules_agree_with_keras(name, surface, start):
    hyper = {"SGD": 0.1, "Momentum": 0.05, "Nesterov": 0.05, "AdaGrad": 0.5, "RMSProp": 0.05, "Adam": 0.1}
    ours = o.run(o.RULES[name](hyper[name]), surface, start, 15)
    theirs = o.run_keras(o.keras_twin(o.RULES[name](hyper[name])), surface, start, 15)
    assert ours.shape == theirs.shape == (16, 2)
    np.testing.assert_allclose(ours, theirs, atol=1e-4)


def test_nesterov_differs_from_momentum():
    a = o.run(o.Momentum(0.05), o.saddle(), (1.5, 0.3), 10)
    b = o.run(o.Nesterov(0.05), o.saddle(), (1.5, 0.3), 10)
    assert not np.allclose(a, b)


def test_run_and_steps_to_reach():
    path = o.run(o.SGD(1.0), o.ravine(a=0.5, b=0.5), (1.0, -1.0), 3)  # grad = w, lr 1: jumps to 0
    assert np.allclose(path[1:], 0)
    assert o.steps_to_reach(path, (0, 0), 1e-9) == 1
    assert o.steps_to_reach(path, (5, 5), 0.1) is None
    assert o.run(o.SGD(0.1), o.ravine(), (1.0, 1.0), 0).shape == (1, 2)


def test_errors():
    with pytest.raises(ValueError, match="learning_rate must be positive"):
        o.SGD(0.0)
    with pytest.raises(ValueError, match="start must be two numbers"):
        o.run(o.SGD(0.1), o.ravine(), (1.0, 2.0, 3.0), 3)
    with pytest.raises(ValueError, match="steps must be >= 0"):
        o.run(o.SGD(0.1), o.ravine(), (1.0, 2.0), -1)
    with pytest.raises(ValueError, match="steps must be >= 0"):
        o.run_keras(o.keras_twin(o.SGD(0.1)), o.ravine(), (1.0, 2.0), -1)

    class Other(o.Rule):
        pass

    with pytest.raises(TypeError, match="no Keras twin"):
        o.keras_twin(Other(0.1))


def test_plot_trajectories_returns_a_figure():
    s = o.rosenbrock()
    fig = o.plot_trajectories(s, {"SGD": o.run(o.SGD(1e-3), s, (-1.0, 1.0), 5)}, title="t")
    ax = fig.axes[0]
    assert ax.get_title() == "t"
    assert ax.get_legend() is not None
    assert o.plot_trajectories(o.saddle(), {}).axes[0].get_legend() is None


def test_sign_changes_counts_strict_crossings():
    path = np.array([[0.0, 1.0], [0.0, -1.0], [0.0, -2.0], [0.0, 3.0], [0.0, 0.0], [0.0, 1.0]])
    assert o.sign_changes(path) == 2          # 1 -> -1 and -2 -> 3; touching 0 is not a crossing
    assert o.sign_changes(path, coord=0) == 0
    sgd = o.run(o.SGD(0.95), o.ravine(), (-7.0, 2.0), 10)   # w2 factor 1 - 2*0.95 = -0.9: flips every step
    assert o.sign_changes(sgd) == 10


def test_step_sizes_show_each_rules_memory():
    g = np.concatenate([np.full(50, 10.0), np.full(150, 0.1)])
    ada = o.step_sizes(o.AdaGrad(0.1, initial_accumulator=0.0, epsilon=0.0), g)
    rms = o.step_sizes(o.RMSProp(0.1, epsilon=0.0), g)
    assert ada.shape == rms.shape == (200,)
    np.testing.assert_allclose(ada[0], 0.1)                  # g / sqrt(g^2) = 1
    np.testing.assert_allclose(rms[:50], 0.1 / np.sqrt(1 - 0.9 ** np.arange(1, 51)))
    assert ada[-1] < 0.01 * 0.1 and rms[-1] > 0.9 * 0.1       # AdaGrad remembers, RMSProp forgets
    two = o.step_sizes(o.SGD(0.5), np.ones((3, 2)))
    assert two.shape == (3, 2) and np.allclose(two, 0.5)
    with pytest.raises(ValueError, match="grads must have shape"):
        o.step_sizes(o.SGD(0.1), np.zeros((2, 2, 2)))
    with pytest.raises(ValueError, match="grads must have shape"):
        o.step_sizes(o.SGD(0.1), [])


def test_adam_without_bias_correction_has_no_keras_twin():
    first = o.step_sizes(o.Adam(0.01, epsilon=0.0, bias_correction=False), [2.0])[0]
    np.testing.assert_allclose(first, 0.01 * 0.1 / np.sqrt(0.001))   # (1 - b1) / sqrt(1 - b2) ~ 3.16 lr
    np.testing.assert_allclose(o.step_sizes(o.Adam(0.01, epsilon=0.0), [2.0])[0], 0.01)
    with pytest.raises(TypeError, match="no Keras twin"):
        o.keras_twin(o.Adam(0.01, bias_correction=False))


def test_plot_losses_draws_one_line_per_path():
    s = o.ravine()
    paths = {"SGD": o.run(o.SGD(0.5), s, (-7.0, 2.0), 5), "Momentum": o.run(o.Momentum(0.1), s, (-7.0, 2.0), 5)}
    fig = o.plot_losses(s, paths, title="t", styles={"Momentum": "--"})
    ax = fig.axes[0]
    assert ax.get_title() == "t" and ax.get_yscale() == "log"
    assert [line.get_linestyle() for line in ax.get_lines()] == ["-", "--"]
    np.testing.assert_allclose(ax.get_lines()[0].get_ydata(), s(paths["SGD"]))
    assert o.plot_losses(s, {}).axes[0].get_legend() is None


def test_epsilon_outside_the_root_is_keras_2():
    g = np.array([2.0])
    for rule_out, rule_in in [
        (o.AdaGrad(1.0, epsilon=1.0, initial_accumulator=0.0, epsilon_inside=False), o.AdaGrad(1.0, epsilon=1.0, initial_accumulator=0.0)),
        (o.RMSProp(1.0, rho=0.0, epsilon=1.0, epsilon_inside=False), o.RMSProp(1.0, rho=0.0, epsilon=1.0)),
    ]:
        np.testing.assert_allclose(rule_out.step(np.zeros(1), g), [-2.0 / (2.0 + 1.0)])
        np.testing.assert_allclose(rule_in.step(np.zeros(1), g), [-2.0 / np.sqrt(4.0 + 1.0)])
        with pytest.raises(TypeError, match="no Keras twin"):
            o.keras_twin(rule_out)
