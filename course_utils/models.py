"""Model builders reused across days (Day06's dense network is the baseline of Days 07–09 and 11)."""

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
