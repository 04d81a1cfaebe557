"""Logic gates, the perceptron's step function, and many small XOR networks trained at once.

Day 02 (the perceptron) and Day 03 (the multi-layer perceptron) share these:

- ``truth_table("AND")`` gives the four inputs and the gate's outputs, ``format_table`` prints them;
- ``step`` and ``perceptron_predict`` are the perceptron's output rule;
- ``line_search`` tries a grid of straight lines and reports the best accuracy any of them gets,
  the evidence that XOR is not linearly separable (and that it becomes so in a hidden layer);
- ``parallel_mlp`` and ``summed_binary_crossentropy`` train many independent 2-H-1 networks in one
  Keras model, so that "how many random starts get stuck?" takes seconds instead of minutes.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from .backend import import_keras

# The four inputs in truth-table order: (x1, x2) = 00, 01, 10, 11.
INPUTS = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype="float32")

GATES: Mapping[str, tuple[int, int, int, int]] = {
    "AND": (0, 0, 0, 1),
    "OR": (0, 1, 1, 1),
    "NAND": (1, 1, 1, 0),
    "NOR": (1, 0, 0, 0),
    "XOR": (0, 1, 1, 0),
    "XNOR": (1, 0, 0, 1),
}


def truth_table(gate: str) -> tuple[np.ndarray, np.ndarray]:
    """``(X, y)`` of a two-input gate: ``X`` the (4, 2) inputs, ``y`` the (4,) outputs as ints."""
    key = str(gate).upper()
    if key not in GATES:
        raise KeyError(f"unknown gate {gate!r}; known gates: {', '.join(GATES)}")
    return INPUTS.copy(), np.array(GATES[key], dtype=int)


def step(z) -> np.ndarray:
    """The perceptron's activation: 1 where ``z > 0``, else 0 (as ints)."""
    return (np.asarray(z) > 0).astype(int)


def perceptron_predict(X, w, b) -> np.ndarray:
    """``step(X @ w + b)``: the output of one perceptron for each row of ``X``."""
    X = np.asarray(X, dtype=float)
    w = np.asarray(w, dtype=float).reshape(-1)
    if X.ndim != 2 or X.shape[1] != w.size:
        raise ValueError(f"X must have shape (n, {w.size}) to match w, got {X.shape}")
    return step(X @ w + float(b))


def format_table(X, **columns) -> str:
    """A truth table as text: the inputs ``x1 x2 ...``, then one column per keyword argument.

    A column of whole numbers prints as integers, any other column to three decimals; ``|`` separates inputs from outputs.
    ``print(format_table(INPUTS, AND=[0, 0, 0, 1]))`` prints::

        x1 x2 | AND
         0  0 |   0
         0  1 |   0
         1  0 |   0
         1  1 |   1
    """
    X = np.asarray(X)
    if X.ndim != 2:
        raise ValueError(f"X must be a 2-D array of inputs, got shape {X.shape}")
    table = {f"x{i + 1}": X[:, i] for i in range(X.shape[1])}
    for name, values in columns.items():
        values = np.asarray(values).reshape(-1)
        if len(values) != len(X):
            raise ValueError(f"column {name!r} has {len(values)} values for {len(X)} rows")
        table[name] = values

    def cells(values) -> list[str]:
        values = np.asarray(values, dtype=float)
        if np.all(values == np.round(values)):
            return [str(int(v)) for v in values]
        return [f"{v:.3f}" for v in values]

    texts = {name: cells(values) for name, values in table.items()}
    widths = {name: max([len(name)] + [len(t) for t in cells]) for name, cells in texts.items()}
    n_in = X.shape[1]

    def line(parts: list[str]) -> str:
        left, right = " ".join(parts[:n_in]), " ".join(parts[n_in:])
        return f"{left} | {right}" if right else left

    rows = [line([name.rjust(widths[name]) for name in table])]
    for i in range(len(X)):
        rows.append(line([texts[name][i].rjust(widths[name]) for name in table]))
    return "\n".join(rows)


def line_search(X, y, *, n_angles: int = 360, n_offsets: int = 400) -> tuple[np.ndarray, float, np.ndarray, float]:
    """Try a grid of straight lines ``w . x + b = 0`` on 2-D points; return how well each classifies.

    The normals ``w = (cos t, sin t)`` take ``n_angles`` directions around the circle and the
    offsets ``b`` take ``n_offsets`` values spanning the points (and a little beyond), so every way
    a line can cut a small set of points is on the grid. Points with ``w . x + b > 0`` are called 1.

    Returns ``(accuracies, best_accuracy, best_w, best_b)``: ``accuracies`` has one entry per line
    (shape ``(n_angles * n_offsets,)``).
    """
    X = np.asarray(X, dtype=float)
    y = np.asarray(y).reshape(-1).astype(int)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"line_search works on 2-D points: X must have shape (n, 2), got {X.shape}")
    if len(X) != len(y):
        raise ValueError(f"X and y must have the same length, got {len(X)} and {len(y)}")
    if n_angles < 1 or n_offsets < 2:
        raise ValueError("need n_angles >= 1 and n_offsets >= 2")
    t = np.arange(n_angles) * (2 * np.pi / n_angles)
    W = np.stack([np.cos(t), np.sin(t)], axis=1)  # (A, 2)
    proj = X @ W.T  # (n, A)
    reach = np.abs(proj).max() + 1.0
    offsets = np.linspace(-reach, reach, n_offsets)  # (B,)
    # (A, B, n): is point i on the positive side of line (a, b)?
    positive = proj.T[:, None, :] + offsets[None, :, None] > 0
    acc = (positive == y.astype(bool)).mean(axis=2).reshape(-1)
    best = int(np.argmax(acc))
    a, b = divmod(best, n_offsets)
    return acc, float(acc[best]), W[a].copy(), float(offsets[b])


# ----------------------------------------------------------------------------- many XOR networks
def summed_binary_crossentropy(y_true, y_pred):
    """Binary cross-entropy of each network, summed over the networks (the last axis).

    With one output column per independent network, each network's gradient is then exactly the
    gradient of its own mean loss: training them together is the same as training each alone.
    """
    keras = import_keras()
    ops = keras.ops
    y_true = ops.cast(y_true, y_pred.dtype)
    return ops.sum(ops.binary_crossentropy(y_true, y_pred), axis=-1)


def parallel_mlp(n_nets: int, hidden: int, *, seed: int | None = None, activation: str = "sigmoid"):
    """``n_nets`` independent 2-``hidden``-1 networks (sigmoid output) in one Keras model.

    Input ``(batch, 2)``; output ``(batch, n_nets)``: column k is network k's output. Each network
    starts like a Keras ``Dense`` layer would start it: Glorot-uniform kernels (limit
    ``sqrt(6 / (fan_in + fan_out))`` of its own layer) and zero biases, drawn from ``seed``.
    Train it with ``loss=summed_binary_crossentropy`` and targets tiled to ``(batch, n_nets)``.
    """
    if int(n_nets) < 1 or int(hidden) < 1:
        raise ValueError(f"n_nets and hidden must be at least 1, got {n_nets} and {hidden}")
    keras = import_keras()
    ops = keras.ops
    n_nets, hidden = int(n_nets), int(hidden)
    act = keras.activations.get(activation)

    def glorot(fan_in, fan_out, offset):
        limit = float(np.sqrt(6.0 / (fan_in + fan_out)))
        return keras.initializers.RandomUniform(-limit, limit, seed=None if seed is None else seed + offset)

    class ParallelMLP(keras.layers.Layer):
        def build(self, input_shape):
            self.w1 = self.add_weight(shape=(n_nets, 2, hidden), initializer=glorot(2, hidden, 0), name="w1")
            self.b1 = self.add_weight(shape=(n_nets, hidden), initializer="zeros", name="b1")
            self.w2 = self.add_weight(shape=(n_nets, hidden), initializer=glorot(hidden, 1, 1), name="w2")
            self.b2 = self.add_weight(shape=(n_nets,), initializer="zeros", name="b2")

        def call(self, x):
            h = act(ops.einsum("bi,kih->bkh", x, self.w1) + self.b1)  # (batch, nets, hidden)
            return ops.sigmoid(ops.einsum("bkh,kh->bk", h, self.w2) + self.b2)  # (batch, nets)

    inputs = keras.Input((2,))
    return keras.Model(inputs, ParallelMLP(name="parallel_mlp")(inputs), name=f"xor_nets_{n_nets}x{hidden}")
