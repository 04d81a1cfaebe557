"""Model builders reused across days (Day06's dense network is the baseline of Days 07–09 and 11;
Day 07's small recurrent network)."""

from __future__ import annotations

from collections.abc import Sequence

from .backend import import_keras


def dense_classifier(
    input_shape: Sequence[int] = (28, 28),
    hidden: Sequence[int] = (512, 512),
    num_classes: int = 10,
    *,
    activation: str = "relu",
    dropout: float = 0.0,
    batchnorm: bool = False,
    l1: float = 0.0,
    l2: float = 0.0,
    seed: int | None = None,
    name: str = "dense_classifier",
):
    """Flatten, then ``Dense(units) [+ BatchNorm] + activation [+ Dropout]`` per hidden layer, then softmax.

    Returns an uncompiled ``keras.Sequential``. ``l1``/``l2`` add weight penalties to every hidden
    and output kernel; ``seed`` fixes the initial weights (same seed, same starting point).
    """
    keras = import_keras()
    layers = keras.layers
    reg = keras.regularizers.L1L2(l1=l1, l2=l2) if (l1 or l2) else None

    def init():
        return keras.initializers.GlorotUniform(seed=None if seed is None else seed + len(stack))

    stack = [keras.Input(tuple(input_shape)), layers.Flatten()]
    for units in hidden:
        stack.append(layers.Dense(units, kernel_initializer=init(), kernel_regularizer=reg, use_bias=not batchnorm))
        if batchnorm:
            stack.append(layers.BatchNormalization())
        stack.append(layers.Activation(activation))
        if dropout:  # each layer its own seed: equal seeds would drop the same units in equal-width layers
            stack.append(layers.Dropout(dropout, seed=None if seed is None else seed + 1000 + len(stack)))
    stack.append(layers.Dense(num_classes, activation="softmax", kernel_initializer=init(), kernel_regularizer=reg))
    return keras.Sequential(stack, name=name)


def rnn_regressor(
    length: int = 10,
    features: int = 2,
    *,
    units: int = 32,
    seed: int | None = None,
    name: str = "rnn_regressor",
):
    """Day 07's small recurrent network: ``SimpleRNN(units)`` over a sequence, then ``Dense(1)``.

    Input shape ``(length, features)``; one number out (no activation: a regression). The loop over
    the steps is unrolled (fast for short sequences on a CPU). ``seed`` fixes the initial weights.
    Returns an uncompiled ``keras.Sequential``.
    """
    keras = import_keras()

    def seeded(offset):
        return None if seed is None else seed + offset

    return keras.Sequential([
        keras.Input((length, features)),
        keras.layers.SimpleRNN(units, unroll=True,
                               kernel_initializer=keras.initializers.GlorotUniform(seeded(0)),
                               recurrent_initializer=keras.initializers.Orthogonal(seed=seeded(1))),
        keras.layers.Dense(1, kernel_initializer=keras.initializers.GlorotUniform(seeded(2))),
    ], name=name)


def cnn_classifier(
    input_shape: Sequence[int] = (28, 28, 1),
    filters: Sequence[int] = (32, 64),
    num_classes: int = 10,
    *,
    dense: int = 128,
    dropout: float = 0.3,
    seed: int | None = None,
    name: str = "cnn",
):
    """Day 11's CNN: per entry of ``filters`` a block Conv2D(3×3, same, no bias) → MaxPool(2) →
    BatchNorm → ReLU, then Flatten → Dropout → Dense(``dense``, relu) → Dropout → softmax.

    Returns an uncompiled functional ``keras.Model`` whose layers are named ``conv1``, ``pool1``,
    ``bn1``, ``relu1``, … ``flatten``, ``dropout1``, ``dense``, ``dropout2``, ``softmax`` (so feature
    maps can be read by name). ``seed`` fixes the initial weights and the dropout masks.
    """
    keras = import_keras()
    layers = keras.layers

    def seeded(offset):
        return None if seed is None else seed + offset

    inputs = keras.Input(tuple(input_shape), name="digit")
    x = inputs
    for i, n in enumerate(filters, start=1):
        x = layers.Conv2D(n, 3, padding="same", use_bias=False,  # BatchNorm's shift replaces the bias
                          kernel_initializer=keras.initializers.HeUniform(seeded(i)), name=f"conv{i}")(x)
        x = layers.MaxPooling2D(2, name=f"pool{i}")(x)
        x = layers.BatchNormalization(name=f"bn{i}")(x)
        x = layers.ReLU(name=f"relu{i}")(x)
    x = layers.Flatten(name="flatten")(x)
    x = layers.Dropout(dropout, seed=seeded(0), name="dropout1")(x)
    he = keras.initializers.HeUniform(seeded(len(filters) + 1))
    x = layers.Dense(dense, activation="relu", kernel_initializer=he, name="dense")(x)
    x = layers.Dropout(dropout, seed=seeded(1), name="dropout2")(x)
    outputs = layers.Dense(num_classes, activation="softmax", name="softmax",
                           kernel_initializer=keras.initializers.GlorotUniform(seeded(len(filters) + 2)))(x)
    return keras.Model(inputs, outputs, name=name)
