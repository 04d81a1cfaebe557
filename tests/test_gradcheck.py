import numpy as np
import pytest

import course_utils  # noqa: F401  (imports Keras quietly)
from course_utils.gradcheck import keras_gradients, numerical_gradient, relative_error


def test_numerical_gradient_of_a_quadratic():
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    g = numerical_gradient(lambda: float((x**2).sum() + 3 * x[0, 1]), x)
    assert np.allclose(g, 2 * x + np.array([[0, 3], [0, 0]]), atol=1e-6)
    assert np.array_equal(x, [[1.0, -2.0], [0.5, 3.0]])  # restored


def test_numerical_gradient_rejects_bad_input():
    with pytest.raises(TypeError, match="float NumPy array"):
        numerical_gradient(lambda: 0.0, [1.0, 2.0])
    with pytest.raises(TypeError):
        numerical_gradient(lambda: 0.0, np.array([1, 2]))
    with pytest.raises(ValueError, match="eps"):
        numerical_gradient(lambda: 0.0, np.zeros(2), eps=0)


def test_relative_error():
    a = np.array([1.0, 2.0])
    assert relative_error(a, a) == 0.0
    assert relative_error(a, -a) == pytest.approx(1.0)
    assert relative_error([a, a], [a, a + 1e-9]) < 1e-9
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0
    with pytest.raises(ValueError, match="differ in size"):
        relative_error(a, np.zeros(3))
    assert relative_error([], []) == 0.0


def test_keras_gradients_of_a_dense_layer():
    import keras

    x = np.array([[1.0, 2.0], [-1.0, 0.5]], dtype="float32")
    layer = keras.layers.Dense(1, kernel_initializer="ones", bias_initializer="zeros")
    layer.build((None, 2))

    def loss():
        return keras.ops.sum(layer(x) ** 2)

    gw, gb = keras_gradients(loss, layer.trainable_variables)
    out = x @ np.ones((2, 1))
    assert np.allclose(gw, x.T @ (2 * out), atol=1e-5)
    assert np.allclose(gb, (2 * out).sum(0), atol=1e-5)


def test_keras_gradients_errors():
    import keras

    with pytest.raises(ValueError, match="empty"):
        keras_gradients(lambda: 0.0, [])
    with pytest.raises(TypeError, match="keras.Variable"):
        keras_gradients(lambda: 0.0, [np.zeros(2)])
    used = keras.Variable(np.ones(2, dtype="float32"))
    unused = keras.Variable(np.ones(2, dtype="float32"))
    g_used, g_unused = keras_gradients(lambda: keras.ops.sum(used * 2.0), [used, unused])
    assert np.allclose(g_used, 2.0)
    assert np.array_equal(g_unused, np.zeros(2))


_FLOAT64_PROBE = """
import numpy as np
import course_utils
from course_utils.gradcheck import float64, keras_gradients
import keras

rng = np.random.default_rng(0)
x, w = rng.normal(size=(5, 3)), rng.normal(size=(3, 2))
exact = 2 * x.T @ (x @ w)           # d/dw sum((x w)^2), in float64


def probe():
    layer = keras.layers.Dense(2, use_bias=False, dtype="float64")
    layer.build((None, 3))
    layer.set_weights([w])
    value = float(keras.ops.sum(layer(x) ** 2))
    [g] = keras_gradients(lambda: keras.ops.sum(layer(x) ** 2), layer.trainable_variables)
    return abs(value - float(((x @ w) ** 2).sum())), float(np.abs(g - exact).max())


with float64():
    inside = probe()
outside = probe()
print(course_utils.backend.name(), *inside, *outside)
"""


@pytest.mark.parametrize("backend", ["tensorflow", "jax"])
def test_float64_block_computes_in_float64_on_every_backend(backend):
    import os
    import subprocess
    import sys

    env = dict(os.environ, KERAS_BACKEND=backend)
    proc = subprocess.run([sys.executable, "-c", _FLOAT64_PROBE], capture_output=True, text=True, env=env,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    name, value_err, grad_err, value_err_outside, grad_err_outside = proc.stdout.split()
    assert name == backend
    assert float(value_err) < 1e-12 and float(grad_err) < 1e-12
    if backend == "jax":  # without the block JAX computes in float32: the block is what makes the difference
        assert float(grad_err_outside) > 1e-9
