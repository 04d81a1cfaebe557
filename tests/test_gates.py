"""Unit tests of course_utils.gates (truth tables, step, line search, many XOR networks at once)."""

import numpy as np
import pytest

from course_utils import gates


def test_truth_tables():
    X, y = gates.truth_table("xor")  # case-insensitive
    assert X.shape == (4, 2) and X.dtype == np.float32
    assert np.array_equal(X, [[0, 0], [0, 1], [1, 0], [1, 1]])
    expected = {
        "AND": lambda a, b: a & b,
        "OR": lambda a, b: a | b,
        "NAND": lambda a, b: 1 - (a & b),
        "NOR": lambda a, b: 1 - (a | b),
        "XOR": lambda a, b: a ^ b,
        "XNOR": lambda a, b: 1 - (a ^ b),
    }
    for name, f in expected.items():
        X, y = gates.truth_table(name)
        assert np.array_equal(y, [f(int(a), int(b)) for a, b in X]), name
    # a copy: changing it does not change the module's table
    X[0, 0] = 5
    assert gates.truth_table("AND")[0][0, 0] == 0


def test_truth_table_unknown_gate():
    with pytest.raises(KeyError, match="unknown gate 'IMPLIES'.*AND, OR"):
        gates.truth_table("IMPLIES")


def test_step_and_perceptron_predict():
    assert np.array_equal(gates.step([-1.0, 0.0, 1e-9, 3.0]), [0, 0, 1, 1])
    X, y = gates.truth_table("AND")
    assert np.array_equal(gates.perceptron_predict(X, [1.0, 1.0], -1.5), y)
    assert np.array_equal(gates.perceptron_predict(X, np.array([[1.0], [1.0]]), -0.5), gates.truth_table("OR")[1])
    with pytest.raises(ValueError, match=r"shape \(n, 3\)"):
        gates.perceptron_predict(X, [1.0, 1.0, 1.0], 0.0)


def test_format_table():
    X, y = gates.truth_table("AND")
    assert gates.format_table(X, AND=y) == "x1 x2 | AND\n 0  0 |   0\n 0  1 |   0\n 1  0 |   0\n 1  1 |   1"
    text = gates.format_table(X, h=[0.25, 1.0, 0.5, 0.0])
    assert text.splitlines()[1] == " 0  0 | 0.250" and text.splitlines()[2] == " 0  1 | 1.000"
    assert gates.format_table(X) == "x1 x2\n 0  0\n 0  1\n 1  0\n 1  1"
    with pytest.raises(ValueError, match="column 'y' has 3 values for 4 rows"):
        gates.format_table(X, y=[0, 1, 1])
    with pytest.raises(ValueError, match="2-D"):
        gates.format_table(np.zeros(4))


def test_line_search_separable_and_xor():
    for name in ("AND", "OR", "NAND", "NOR"):
        X, y = gates.truth_table(name)
        accs, best, w, b = gates.line_search(X, y)
        assert best == 1.0, name
        assert accs.shape == (360 * 400,)
        assert np.array_equal(gates.perceptron_predict(X, w, b), y), name  # the returned line works
    for name in ("XOR", "XNOR"):
        accs, best, _, _ = gates.line_search(*gates.truth_table(name))
        assert best == 0.75 and not np.any(accs == 1.0), name


def test_line_search_errors():
    with pytest.raises(ValueError, match=r"shape \(n, 2\)"):
        gates.line_search(np.zeros((4, 3)), [0, 1, 1, 0])
    with pytest.raises(ValueError, match="same length"):
        gates.line_search(np.zeros((4, 2)), [0, 1, 1])
    with pytest.raises(ValueError, match="n_angles"):
        gates.line_search(np.zeros((4, 2)), [0, 1, 1, 0], n_offsets=1)


def test_parallel_mlp_members_are_independent_networks():
    keras = pytest.importorskip("keras")
    model = gates.parallel_mlp(5, 3, seed=1)
    X = gates.INPUTS
    out = keras.ops.convert_to_numpy(model(X))
    assert out.shape == (4, 5) and np.all((out > 0) & (out < 1))
    w1, b1, w2, b2 = model.get_weights()
    assert w1.shape == (5, 2, 3) and b1.shape == (5, 3) and w2.shape == (5, 3) and b2.shape == (5,)
    assert np.abs(w1).max() <= np.sqrt(6 / 5) and np.abs(w2).max() <= np.sqrt(6 / 4)  # Glorot limits
    assert not np.allclose(w1[0], w1[1])  # every network starts somewhere else
    for k in range(5):  # column k is network k alone
        h = 1 / (1 + np.exp(-(X @ w1[k] + b1[k])))
        assert np.allclose(out[:, k], 1 / (1 + np.exp(-(h @ w2[k] + b2[k]))), atol=1e-6)
    # same seed, same start
    assert np.array_equal(gates.parallel_mlp(5, 3, seed=1).get_weights()[0], w1)
    with pytest.raises(ValueError, match="at least 1"):
        gates.parallel_mlp(0, 2)


def test_summed_loss_gives_each_network_its_own_gradient():
    keras = pytest.importorskip("keras")
    X, y = gates.truth_table("XOR")
    model = gates.parallel_mlp(3, 2, seed=4)
    before = [w.copy() for w in model.get_weights()]
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=1.0), loss=gates.summed_binary_crossentropy)
    model.fit(X, np.tile(y[:, None], (1, 3)).astype("float32"), batch_size=4, epochs=1, shuffle=False, verbose=0)
    after = model.get_weights()

    # the same step for network 0 alone, with a single column
    alone = gates.parallel_mlp(1, 2)
    alone.set_weights([w[:1] for w in before])
    alone.compile(optimizer=keras.optimizers.SGD(learning_rate=1.0), loss="binary_crossentropy")
    alone.fit(X, y[:, None].astype("float32"), batch_size=4, epochs=1, shuffle=False, verbose=0)
    for got, want in zip(after, alone.get_weights(), strict=True):
        assert np.allclose(got[:1], want, atol=1e-5)


def test_summed_binary_crossentropy_values():
    keras = pytest.importorskip("keras")
    y_true = np.array([[1.0, 0.0]], dtype="float32")
    y_pred = np.array([[0.5, 0.5]], dtype="float32")
    loss = keras.ops.convert_to_numpy(gates.summed_binary_crossentropy(y_true, keras.ops.convert_to_tensor(y_pred)))
    assert loss.shape == (1,) and np.allclose(loss, 2 * np.log(2), atol=1e-5)


def test_inactive_neurons_neither_contribute_nor_learn():
    keras = pytest.importorskip("keras")
    X, y = gates.truth_table("XOR")
    full = gates.parallel_mlp(2, 3, seed=5)
    masked = gates.parallel_mlp(2, 3, seed=5, active=[[1, 1, 0], [1, 1, 1]])
    w1, b1, w2, b2 = masked.get_weights()
    h = 1 / (1 + np.exp(-(X @ w1[0] + b1[0])))
    out = keras.ops.convert_to_numpy(masked(X))
    assert np.allclose(out[:, 0], 1 / (1 + np.exp(-(h[:, :2] @ w2[0, :2] + b2[0]))), atol=1e-6)  # neuron 3 off
    assert np.allclose(out[:, 1], keras.ops.convert_to_numpy(full(X))[:, 1], atol=1e-6)  # all on: unchanged
    hidden = gates.parallel_hidden(masked, X)
    assert hidden.shape == (4, 2, 3) and np.all(hidden[:, 0, 2] == 0) and np.allclose(hidden[:, 0, :2], h[:, :2], atol=1e-6)
    masked.compile(optimizer=keras.optimizers.SGD(learning_rate=1.0), loss=gates.summed_binary_crossentropy)
    masked.fit(X, np.tile(y[:, None], (1, 2)).astype("float32"), batch_size=4, epochs=2, shuffle=False, verbose=0)
    v1, c1, v2, _ = masked.get_weights()
    assert np.array_equal(v1[0, :, 2], w1[0, :, 2]) and c1[0, 2] == b1[0, 2] and v2[0, 2] == w2[0, 2]  # frozen
    assert not np.allclose(v2[1, 2], w2[1, 2])  # the same neuron, switched on, learns
    with pytest.raises(ValueError, match=r"shape \(2, 3\)"):
        gates.parallel_mlp(2, 3, active=[[1, 1, 0]])


def test_widened_copies_compute_the_same_and_only_growing_ones_can_change():
    keras = pytest.importorskip("keras")
    X, y = gates.truth_table("XOR")
    base = gates.parallel_mlp(4, 2, seed=3)
    copies = gates.widened(base, [2, 0, 2], extra=2, grow=[False, True, True], seed=9)
    assert copies.get_weights()[0].shape == (3, 2, 4)
    before = keras.ops.convert_to_numpy(base(X))
    assert np.allclose(keras.ops.convert_to_numpy(copies(X)), before[:, [2, 0, 2]], atol=1e-6)
    w2 = copies.get_weights()[2]
    assert np.all(w2[:, 2:] == 0) and np.all(gates.parallel_hidden(copies, X)[:, 0, 2:] == 0)
    # the control copy (grow=False) trains exactly like the original network alone
    alone = gates.widened(base, [2], extra=1, grow=False)
    for model in (copies, alone):
        model.compile(optimizer=keras.optimizers.SGD(learning_rate=1.0), loss=gates.summed_binary_crossentropy)
        model.fit(X, np.tile(y[:, None], (1, model.output_shape[-1])).astype("float32"), batch_size=4, epochs=3,
                  shuffle=False, verbose=0)
    assert np.allclose(copies.get_weights()[0][0, :, :2], alone.get_weights()[0][0, :, :2], atol=1e-5)
    assert np.all(copies.get_weights()[2][0, 2:] == 0)  # switched off: still zero
    assert np.any(copies.get_weights()[2][2, 2:] != 0)  # switched on: learned
    with pytest.raises(ValueError, match="indices"):
        gates.widened(base, [4], extra=1)
    with pytest.raises(ValueError, match="extra"):
        gates.widened(base, [0], extra=0)
    with pytest.raises(ValueError, match="empty"):
        gates.widened(base, [], extra=1)


def test_parallel_gradient_norms_are_each_networks_own():
    keras = pytest.importorskip("keras")
    from course_utils.backend import keras_gradients

    X, y = gates.truth_table("XOR")
    model = gates.parallel_mlp(3, 2, seed=11)
    norms = gates.parallel_gradient_norms(model, X, y)
    assert norms.shape == (3,) and np.all(norms > 0)
    yt = keras.ops.convert_to_tensor(y[:, None].astype("float32"))
    for k in range(3):
        alone = gates.parallel_mlp(1, 2)
        alone.set_weights([w[k:k + 1] for w in model.get_weights()])
        grads = keras_gradients(lambda alone=alone: keras.ops.mean(keras.losses.binary_crossentropy(yt, alone(X))),
                                alone.trainable_variables)
        assert np.isclose(norms[k], np.sqrt(sum(np.sum(g**2) for g in grads)), rtol=1e-4)
    with pytest.raises(ValueError, match="same length"):
        gates.parallel_gradient_norms(model, X, y[:3])
