"""Logic gates, the perceptron's step function, and many small XOR networks trained at once.

Day 02 (the perceptron) and Day 03 (the multi-layer perceptron) share these:

- ``truth_table("AND")`` gives the four inputs and the gate's outputs, ``format_table`` prints them;
- ``step`` and ``perceptron_predict`` are the perceptron's output rule;
- ``line_search`` tries a grid of straight lines and reports the best accuracy any of them gets,
  the evidence that XOR is not linearly separable (and that it becomes so in a hidden layer);
- ``parallel_mlp`` and ``summed_binary_crossentropy`` train many independent 2-H-1 networks in one
  Keras model, so that "how many random starts get stuck?" takes seconds instead of minutes;
  ``parallel_hidden`` and ``parallel_gradient_norms`` give their hidden activations and the length
  of each one's gradient, and ``widened`` copies some of them with extra hidden neurons that do not
  change what they compute (or with those neurons switched off).
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


def parallel_mlp(n_nets: int, hidden: int, *, seed: int | None = None, activation: str = "sigmoid", active=None):
    """``n_nets`` independent 2-``hidden``-1 networks (sigmoid output) in one Keras model.

    Input ``(batch, 2)``; output ``(batch, n_nets)``: column k is network k's output. Each network
    starts like a Keras ``Dense`` layer would start it: Glorot-uniform kernels (limit
    ``sqrt(6 / (fan_in + fan_out))`` of its own layer) and zero biases, drawn from ``seed``.
    Train it with ``loss=summed_binary_crossentropy`` and targets tiled to ``(batch, n_nets)``.

    ``active`` (optional, 0/1 of shape ``(n_nets, hidden)``) switches hidden neurons off: an inactive
    neuron's output is multiplied by 0, so it neither contributes nor learns (its weights get zero
    gradients). The weights are ``[w1 (n_nets, 2, hidden), b1 (n_nets, hidden), w2 (n_nets, hidden),
    b2 (n_nets,)]`` in ``get_weights()`` order.
    """
    if int(n_nets) < 1 or int(hidden) < 1:
        raise ValueError(f"n_nets and hidden must be at least 1, got {n_nets} and {hidden}")
    keras = import_keras()
    ops = keras.ops
    n_nets, hidden = int(n_nets), int(hidden)
    act = keras.activations.get(activation)
    mask = None
    if active is not None:
        mask = np.asarray(active, dtype="float32")
        if mask.shape != (n_nets, hidden) or not np.all((mask == 0) | (mask == 1)):
            raise ValueError(f"active must be 0s and 1s of shape ({n_nets}, {hidden}), got shape {mask.shape}")

    def glorot(fan_in, fan_out, offset):
        limit = float(np.sqrt(6.0 / (fan_in + fan_out)))
        return keras.initializers.RandomUniform(-limit, limit, seed=None if seed is None else seed + offset)

    class ParallelMLP(keras.layers.Layer):
        def build(self, input_shape):
            self.w1 = self.add_weight(shape=(n_nets, 2, hidden), initializer=glorot(2, hidden, 0), name="w1")
            self.b1 = self.add_weight(shape=(n_nets, hidden), initializer="zeros", name="b1")
            self.w2 = self.add_weight(shape=(n_nets, hidden), initializer=glorot(hidden, 1, 1), name="w2")
            self.b2 = self.add_weight(shape=(n_nets,), initializer="zeros", name="b2")

        def hidden_activations(self, x):
            h = act(ops.einsum("bi,kih->bkh", x, self.w1) + self.b1)  # (batch, nets, hidden)
            return h if mask is None else h * ops.convert_to_tensor(mask)

        def call(self, x):
            h = self.hidden_activations(x)
            return ops.sigmoid(ops.einsum("bkh,kh->bk", h, self.w2) + self.b2)  # (batch, nets)

    inputs = keras.Input((2,))
    return keras.Model(inputs, ParallelMLP(name="parallel_mlp")(inputs), name=f"xor_nets_{n_nets}x{hidden}")


def parallel_hidden(model, X) -> np.ndarray:
    """The hidden activations of every network of a :func:`parallel_mlp` model for the inputs ``X``.

    Returns a NumPy array of shape ``(len(X), n_nets, hidden)`` (0 for switched-off neurons).
    """
    keras = import_keras()
    layer = model.get_layer("parallel_mlp")
    x = keras.ops.convert_to_tensor(np.asarray(X, dtype="float32"))
    return np.asarray(keras.ops.convert_to_numpy(layer.hidden_activations(x)))


def widened(model, nets, extra: int, *, grow=True, seed: int | None = None):
    """Copies of some networks of a :func:`parallel_mlp` model, each with ``extra`` more hidden neurons.

    ``nets`` lists the indices of the networks to copy (an index may repeat). The new neurons start
    with Glorot-uniform input weights (drawn from ``seed``), zero biases and **zero output weights**,
    so each copy computes exactly what its original computes: only training can make use of them.
    ``grow`` (one bool, or one per copy) says whether a copy's new neurons are switched on; a copy
    with ``grow=False`` is its original network, and trains exactly like it (a control).
    """
    nets = np.asarray(nets, dtype=int).reshape(-1)
    if nets.size == 0:
        raise ValueError("nets is empty: pass the indices of the networks to copy")
    w1, b1, w2, b2 = model.get_weights()
    n_all, _, hidden = w1.shape
    if nets.min() < 0 or nets.max() >= n_all:
        raise ValueError(f"network indices must be in 0..{n_all - 1}, got {nets.min()}..{nets.max()}")
    if int(extra) < 1:
        raise ValueError(f"extra must be at least 1, got {extra}")
    grow = np.broadcast_to(np.asarray(grow, dtype=bool), nets.shape)
    width = hidden + int(extra)
    active = np.ones((nets.size, width), dtype="float32")
    active[~grow, hidden:] = 0
    copy = parallel_mlp(nets.size, width, seed=seed, active=active)
    nw1, nb1, nw2, nb2 = copy.get_weights()
    nw1[:, :, :hidden], nb1[:, :hidden] = w1[nets], b1[nets]
    nw2[:, :hidden], nw2[:, hidden:], nb2[:] = w2[nets], 0.0, b2[nets]
    copy.set_weights([nw1, nb1, nw2, nb2])
    return copy


def parallel_gradient_norms(model, X, y) -> np.ndarray:
    """The length of each network's loss gradient, for a :func:`parallel_mlp` model on ``(X, y)``.

    Each network's loss is its mean binary cross-entropy on the rows of ``X`` (targets ``y``, one
    per row); the gradient is taken with respect to all of that network's weights (backpropagation
    by the backend's autodiff). Returns a NumPy array of shape ``(n_nets,)``.
    """
    from .backend import keras_gradients

    keras = import_keras()
    ops = keras.ops
    x = ops.convert_to_tensor(np.asarray(X, dtype="float32"))
    n_nets = model.output_shape[-1]
    targets = np.tile(np.asarray(y, dtype="float32").reshape(-1, 1), (1, n_nets))
    if len(targets) != len(X):
        raise ValueError(f"X and y must have the same length, got {len(X)} and {len(targets)}")
    t = ops.convert_to_tensor(targets)
    grads = keras_gradients(lambda: ops.mean(summed_binary_crossentropy(t, model(x))), model.trainable_variables)
    return np.sqrt(sum((np.asarray(g, dtype=float).reshape(n_nets, -1) ** 2).sum(axis=1) for g in grads))
