"""Optimizers on two-dimensional loss surfaces (Day 07).

- :class:`Surface`: a loss ``f(w)`` of two weights with its gradient, and three classic examples
  (:func:`ravine`, :func:`rosenbrock`, :func:`saddle`);
- the update rules of SGD, momentum, Nesterov, AdaGrad, RMSProp and Adam as small NumPy classes with
  one method, ``step(w, g) -> new w`` (each keeps its own state, e.g. the velocity ``v``);
- :func:`run` (our rules) and :func:`run_keras` (a ``keras.optimizers`` object, fed the same
  gradients) give trajectories of shape ``(steps + 1, 2)``;
- :func:`sign_changes` and :func:`step_sizes`: how often a path crosses an axis, and the size of each
  step a rule takes on a given sequence of gradients;
- :func:`plot_trajectories`: the contours of a surface with trajectories on top; :func:`plot_losses`:
  the loss against the step (both in :mod:`course_utils.optim2d_plots`, importable from here).

The rules follow the formulas Keras implements (``keras/src/optimizers/*.py``), so a trajectory of
ours and the Keras one from the same start agree to float32 precision.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from .backend import import_keras

Array = np.ndarray


# ----------------------------------------------------------------------------- surfaces
@dataclass(frozen=True)
class Surface:
    """A loss of two weights: ``f(w)`` for ``w`` of shape ``(..., 2)``, its gradient, a plot window."""

    name: str
    f: Callable[[Array], Array]
    grad: Callable[[Array], Array]
    xlim: tuple[float, float]
    ylim: tuple[float, float]
    minima: tuple[tuple[float, float], ...] = field(default_factory=tuple)
    log_levels: bool = False

    def __call__(self, w) -> Array:
        return self.f(np.asarray(w, dtype=float))


def ravine(a: float = 1 / 20, b: float = 1.0) -> Surface:
    """The elongated quadratic ``f = a x² + b y²`` (a ravine (峽谷) when ``a ≪ b``); minimum at 0."""

    def f(w):
        w = np.asarray(w, dtype=float)
        return a * w[..., 0] ** 2 + b * w[..., 1] ** 2

    def grad(w):
        w = np.asarray(w, dtype=float)
        return np.stack([2 * a * w[..., 0], 2 * b * w[..., 1]], axis=-1)

    return Surface(f"ravine {a:g}x² + {b:g}y²", f, grad, (-8.0, 8.0), (-3.0, 3.0), ((0.0, 0.0),))


def rosenbrock(a: float = 1.0, b: float = 100.0) -> Surface:
    """Rosenbrock's banana ``(a − x)² + b (y − x²)²``: a curved, flat-bottomed valley; minimum ``(a, a²)``."""

    def f(w):
        w = np.asarray(w, dtype=float)
        x, y = w[..., 0], w[..., 1]
        return (a - x) ** 2 + b * (y - x**2) ** 2

    def grad(w):
        w = np.asarray(w, dtype=float)
        x, y = w[..., 0], w[..., 1]
        return np.stack([-2 * (a - x) - 4 * b * x * (y - x**2), 2 * b * (y - x**2)], axis=-1)

    return Surface("Rosenbrock", f, grad, (-2.0, 2.0), (-1.0, 3.0), ((a, a * a),), log_levels=True)


def saddle() -> Surface:
    """``x² + y⁴/4 − y²/2``: a saddle point (鞍點) at the origin between two minima ``(0, ±1)``."""

    def f(w):
        w = np.asarray(w, dtype=float)
        x, y = w[..., 0], w[..., 1]
        return x**2 + y**4 / 4 - y**2 / 2

    def grad(w):
        w = np.asarray(w, dtype=float)
        x, y = w[..., 0], w[..., 1]
        return np.stack([2 * x, y**3 - y], axis=-1)

    return Surface("saddle x² + y⁴/4 − y²/2", f, grad, (-2.0, 2.0), (-1.6, 1.6), ((0.0, 1.0), (0.0, -1.0)))


# ----------------------------------------------------------------------------- update rules
class Rule:
    """An update rule: ``step(w, g)`` returns the new weights and updates the rule's own state."""

    name = "rule"

    def __init__(self, learning_rate: float):
        if learning_rate <= 0:
            raise ValueError(f"learning_rate must be positive, got {learning_rate}")
        self.lr = float(learning_rate)
        self.t = 0  # steps taken

    def step(self, w: Array, g: Array) -> Array:  # pragma: no cover - overridden
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}(learning_rate={self.lr:g})"


class SGD(Rule):
    """``w ← w − η g``."""

    name = "SGD"

    def step(self, w, g):
        self.t += 1
        return w - self.lr * g


class Momentum(Rule):
    """``v ← r v − η g``; ``w ← w + v`` (the seed's formula, r = 0.9)."""

    name = "Momentum"

    def __init__(self, learning_rate: float, momentum: float = 0.9):
        super().__init__(learning_rate)
        self.r = float(momentum)
        self.v = None

    def step(self, w, g):
        self.t += 1
        self.v = np.zeros_like(w) if self.v is None else self.v
        self.v = self.r * self.v - self.lr * g
        return w + self.v


class Nesterov(Momentum):
    """Nesterov momentum as Keras writes it: ``v ← r v − η g``; ``w ← w + r v − η g``.

    The gradient is the one at the current weights, and the step looks ahead by one more ``r v``.
    """

    name = "Nesterov"

    def step(self, w, g):
        self.t += 1
        self.v = np.zeros_like(w) if self.v is None else self.v
        self.v = self.r * self.v - self.lr * g
        return w + self.r * self.v - self.lr * g


def _scaled_step(lr, g, h, eps, inside: bool):
    """``lr g / √(h + ε)`` (Keras 3) or, with ``inside=False``, ``lr g / (√h + ε)`` (Keras 2)."""
    return lr * g / (np.sqrt(h + eps) if inside else np.sqrt(h) + eps)


class AdaGrad(Rule):
    """``h ← h + g ⊙ g``; ``w ← w − η g / √(h + ε)`` (ε inside the root, as in the seed and in Keras 3).

    ``initial_accumulator`` is where ``h`` starts: 0 in the seed and in Keras 2, 0.1 in Keras 3.
    ``epsilon_inside=False`` gives Keras 2's ``w ← w − η g / (√h + ε)``.
    """

    name = "AdaGrad"

    def __init__(self, learning_rate: float, epsilon: float = 1e-7, initial_accumulator: float = 0.1,
                 epsilon_inside: bool = True):
        super().__init__(learning_rate)
        self.eps = float(epsilon)
        self.h0 = float(initial_accumulator)
        self.eps_inside = bool(epsilon_inside)
        self.h = None

    def step(self, w, g):
        self.t += 1
        self.h = np.full_like(w, self.h0) if self.h is None else self.h
        self.h = self.h + g * g
        return w - _scaled_step(self.lr, g, self.h, self.eps, self.eps_inside)


class RMSProp(Rule):
    """``h ← ρ h + (1 − ρ) g ⊙ g``; ``w ← w − η g / √(h + ε)`` (ρ = 0.9 in the seed and in Keras).

    ``epsilon_inside=False`` gives Keras 2's ``w ← w − η g / (√h + ε)``.
    """

    name = "RMSProp"

    def __init__(self, learning_rate: float, rho: float = 0.9, epsilon: float = 1e-7, epsilon_inside: bool = True):
        super().__init__(learning_rate)
        self.rho = float(rho)
        self.eps = float(epsilon)
        self.eps_inside = bool(epsilon_inside)
        self.h = None

    def step(self, w, g):
        self.t += 1
        self.h = np.zeros_like(w) if self.h is None else self.h
        self.h = self.rho * self.h + (1 - self.rho) * g * g
        return w - _scaled_step(self.lr, g, self.h, self.eps, self.eps_inside)


class Adam(Rule):
    """Adam (Kingma & Ba, 2015, Algorithm 1): momentum on ``g`` and an RMSProp-like scale, bias-corrected.

    ``m ← β₁ m + (1 − β₁) g``; ``v ← β₂ v + (1 − β₂) g ⊙ g``;
    ``w ← w − η · √(1 − β₂ᵗ)/(1 − β₁ᵗ) · m / (√v + ε)``: the paper's "more efficient order" (end of its
    §2), which Keras uses; it equals ``η m̂ / (√v̂ + ε')`` with ``m̂, v̂`` the bias-corrected moments.
    ``bias_correction=False`` drops the factor ``√(1 − β₂ᵗ)/(1 − β₁ᵗ)`` (the paper's §5: RMSProp with
    momentum on ``g``, which has no Keras twin).
    """

    name = "Adam"

    def __init__(self, learning_rate: float, beta_1: float = 0.9, beta_2: float = 0.999, epsilon: float = 1e-7,
                 bias_correction: bool = True):
        super().__init__(learning_rate)
        self.b1, self.b2, self.eps = float(beta_1), float(beta_2), float(epsilon)
        self.bias_correction = bool(bias_correction)
        self.m = self.v = None

    def step(self, w, g):
        self.t += 1
        if self.m is None:
            self.m, self.v = np.zeros_like(w), np.zeros_like(w)
        self.m = self.b1 * self.m + (1 - self.b1) * g
        self.v = self.b2 * self.v + (1 - self.b2) * g * g
        alpha = self.lr
        if self.bias_correction:
            alpha = alpha * np.sqrt(1 - self.b2**self.t) / (1 - self.b1**self.t)
        return w - alpha * self.m / (np.sqrt(self.v) + self.eps)


RULES = {cls.name: cls for cls in (SGD, Momentum, Nesterov, AdaGrad, RMSProp, Adam)}


def keras_twin(rule: Rule):
    """The ``keras.optimizers`` object with the same formula and hyper-parameters as ``rule``.

    Raises ``TypeError`` for a rule Keras 3 does not implement (ε outside the root, Adam without bias
    correction, a subclass).
    """
    keras = import_keras()
    opt = keras.optimizers
    if type(rule) is SGD:
        return opt.SGD(learning_rate=rule.lr)
    if type(rule) is Momentum:
        return opt.SGD(learning_rate=rule.lr, momentum=rule.r)
    if type(rule) is Nesterov:
        return opt.SGD(learning_rate=rule.lr, momentum=rule.r, nesterov=True)
    if type(rule) is AdaGrad and rule.eps_inside:
        return opt.Adagrad(learning_rate=rule.lr, epsilon=rule.eps, initial_accumulator_value=rule.h0)
    if type(rule) is RMSProp and rule.eps_inside:
        return opt.RMSprop(learning_rate=rule.lr, rho=rule.rho, epsilon=rule.eps)
    if type(rule) is Adam and rule.bias_correction:
        return opt.Adam(learning_rate=rule.lr, beta_1=rule.b1, beta_2=rule.b2, epsilon=rule.eps)
    raise TypeError(f"no Keras twin known for {type(rule).__name__}")


# ----------------------------------------------------------------------------- trajectories
def _start(start) -> Array:
    w = np.asarray(start, dtype=float).reshape(-1)
    if w.shape != (2,):
        raise ValueError(f"start must be two numbers (x, y), got shape {np.shape(start)}")
    return w


def run(rule: Rule, surface: Surface, start, steps: int) -> Array:
    """Apply ``rule`` for ``steps`` steps from ``start``; the weights visited, shape ``(steps + 1, 2)``."""
    if steps < 0:
        raise ValueError(f"steps must be >= 0, got {steps}")
    w = _start(start)
    path = [w]
    for _ in range(steps):
        w = rule.step(w, surface.grad(w))
        path.append(w)
    return np.array(path)


def run_keras(optimizer, surface: Surface, start, steps: int) -> Array:
    """Like :func:`run`, with a ``keras.optimizers`` object: the same gradients, Keras's update, float32."""
    if steps < 0:
        raise ValueError(f"steps must be >= 0, got {steps}")
    keras = import_keras()
    var = keras.Variable(_start(start).astype("float32"), name="w")
    path = [_start(start)]
    for _ in range(steps):
        w = np.asarray(keras.ops.convert_to_numpy(var), dtype=float)
        g = surface.grad(w).astype("float32")
        optimizer.apply_gradients([(keras.ops.convert_to_tensor(g), var)])
        path.append(np.asarray(keras.ops.convert_to_numpy(var), dtype=float))
    return np.array(path)


def steps_to_reach(path: Array, target, tol: float) -> int | None:
    """The first step at which ``path`` is within ``tol`` (Euclidean) of ``target``, or None."""
    d = np.linalg.norm(np.asarray(path, dtype=float) - np.asarray(target, dtype=float), axis=-1)
    hits = np.flatnonzero(d <= tol)
    return int(hits[0]) if hits.size else None


def sign_changes(path: Array, coord: int = 1) -> int:
    """How many times coordinate ``coord`` of ``path`` changes sign (crosses the other axis)."""
    values = np.asarray(path, dtype=float)[:, coord]
    signs = np.sign(values)
    return int(np.sum(signs[1:] * signs[:-1] < 0))


def step_sizes(rule: Rule, grads) -> Array:
    """The size ``|Δw|`` of each step ``rule`` takes when fed the gradients ``grads`` one after another.

    ``grads`` has shape ``(steps,)`` (one weight) or ``(steps, n)``; the weights start at zero. The
    gradient does not depend on the weights here, so this shows how a rule turns a given history of
    gradients into steps (its memory), independent of any surface.
    """
    grads = np.asarray(grads, dtype=float)
    if grads.ndim not in (1, 2) or len(grads) == 0:
        raise ValueError(f"grads must have shape (steps,) or (steps, n) with steps >= 1, got {grads.shape}")
    g2 = grads.reshape(len(grads), -1)
    w = np.zeros(g2.shape[1])
    sizes = []
    for g in g2:
        new = rule.step(w, g)
        sizes.append(np.abs(new - w))
        w = new
    out = np.array(sizes)
    return out[:, 0] if grads.ndim == 1 else out


# the plots live in their own module; re-exported so that notebooks call optim2d.plot_*
from .optim2d_plots import plot_losses as plot_losses  # noqa: E402
from .optim2d_plots import plot_trajectories as plot_trajectories  # noqa: E402
