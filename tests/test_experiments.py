"""course_utils.experiments: the small MNIST set-up, training variants, tables and plots."""

import types

import numpy as np
import pytest

from course_utils import experiments as ex


@pytest.fixture
def mnist(mnist_dir, monkeypatch):
    monkeypatch.setenv("COURSE_DATA_DIR", str(mnist_dir))
    monkeypatch.setenv("COURSE_SMOKE", "1")


def tiny_data(n=60, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.random((n, 4, 4)).astype("float32")
    y = (x.reshape(n, -1).mean(1) > 0.5).astype("int64")
    return types.SimpleNamespace(x_train=x, y_train=y, x_val=x[:20], y_val=y[:20], x_test=x[:10], y_test=y[:10])


def test_small_mnist_is_stratified_disjoint_and_scaled(mnist):
    d = ex.small_mnist(n_train=200, n_val=100)
    assert d.x_train.shape == (200, 28, 28) and d.x_val.shape == (100, 28, 28)
    assert d.x_train.dtype == np.float32 and 0.0 <= d.x_train.min() and d.x_train.max() <= 1.0
    assert np.bincount(d.y_train).tolist() == [20] * 10
    assert np.bincount(d.y_val).tolist() == [10] * 10
    flat_t, flat_v = d.x_train.reshape(200, -1), d.x_val.reshape(100, -1)
    assert not any((flat_v == row).all(1).any() for row in flat_t[:50])  # no image in both
    again = ex.small_mnist(n_train=200, n_val=100)
    assert np.array_equal(again.x_train, d.x_train) and np.array_equal(again.y_val, d.y_val)
    other = ex.small_mnist(n_train=200, n_val=100, seed=1)
    assert not np.array_equal(other.x_train, d.x_train)


def test_small_mnist_errors(mnist):
    with pytest.raises(ValueError, match="must be positive"):
        ex.small_mnist(n_train=0, n_val=10)
    with pytest.raises(ValueError, match="training images available"):
        ex.small_mnist(n_train=2000, n_val=1)


def test_overfitting_data_follows_the_mode(mnist):
    cfg = types.SimpleNamespace(mode="smoke")
    d = ex.overfitting_data(cfg)
    assert (len(d.y_train), len(d.y_val)) == ex.OVERFIT_SIZES["smoke"]


def test_train_variants_same_start_and_tables():
    keras = pytest.importorskip("keras")
    data = tiny_data()
    runs = ex.train_variants(
        {"a": {}, "b": {"optimizer": lambda: keras.optimizers.SGD(0.0001)}, "c": {"l2": 1e-2}},
        data, epochs=2, base={"input_shape": (4, 4), "hidden": (8,), "num_classes": 2, "seed": 3},
        batch_size=16, verbose=0,
    )
    assert list(runs) == ["a", "b", "c"] and runs["a"].epochs == 2
    # same initial weights and batches: "a" (adam) twice gives the same history
    again = ex.train_variants({"a": {}}, data, epochs=2, batch_size=16, verbose=0,
                              base={"input_shape": (4, 4), "hidden": (8,), "num_classes": 2, "seed": 3})
    assert np.allclose(again["a"].history["loss"], runs["a"].history["loss"], rtol=1e-5)
    assert runs["c"].settings == {"l2": 1e-2}
    summary = ex.summarize(runs, data)
    assert set(summary["a"]) >= {"train_loss", "val_acc", "gap", "best_val_epoch", "test_acc"}
    assert 1 <= summary["a"]["best_val_epoch"] <= 2
    ev = ex.evaluate_runs(runs, data)
    for row in ev.values():
        assert np.isclose(row["ce_gap"], row["val_ce"] - row["train_ce"])
        assert 0 <= row["test_acc"] <= 1
    # without a penalty, our cross-entropy equals Keras's loss
    loss, acc = runs["a"].model.evaluate(data.x_val, data.y_val, verbose=0)
    assert np.isclose(ev["a"]["val_ce"], loss, rtol=1e-4) and np.isclose(ev["a"]["val_acc"], acc)
    text = ex.format_table(ev, ["val_ce", "val_acc"], digits=3)
    assert text.splitlines()[0].split() == ["variant", "val_ce", "val_acc"] and len(text.splitlines()) == 5
    assert ex.format_table({}) == "(no rows)"
    assert ex.format_table({"x": {"n": 3, "s": "yes"}}).splitlines()[2].split() == ["x", "3", "yes"]
    fig = ex.plot_runs(runs, "loss", validation=True, logy=True, title="t")
    assert fig.axes[0].get_yscale() == "log" and len(fig.axes[0].lines) == 6
    with pytest.raises(KeyError, match="has no metric"):
        ex.plot_runs(runs, "nope")
    k = ex.dense_kernel(runs["a"].model)
    assert k.shape == (16, 8)
    assert ex.weight_fraction_below(runs["a"].model, 1e9) == 1.0
    with pytest.raises(IndexError, match="out of range"):
        ex.dense_kernel(runs["a"].model, 5)


def test_make_optimizer_and_errors():
    keras = pytest.importorskip("keras")
    assert isinstance(ex.make_optimizer("adam"), keras.optimizers.Adam)
    assert isinstance(ex.make_optimizer(lambda: keras.optimizers.SGD(0.1)), keras.optimizers.SGD)
    with pytest.raises(TypeError, match="factory"):
        ex.make_optimizer(keras.optimizers.SGD(0.1))
    model = keras.Sequential([keras.Input((3,)), keras.layers.Flatten()])
    with pytest.raises(ValueError, match="no Dense layer"):
        ex.dense_kernel(model)
    with pytest.raises(ValueError, match="do not match"):
        ex.cross_entropy_and_accuracy(keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)]),
                                      np.zeros((4, 3)), np.zeros(5))


def test_adding_problem_marks_two_steps_and_sums_them():
    d = ex.adding_problem(n_train=50, n_val=20, length=8, seed=1)
    assert d.x_train.shape == (50, 8, 2) and d.y_train.shape == (50,) and d.x_val.shape == (20, 8, 2)
    assert d.x_train.dtype == np.float32 and d.y_val.dtype == np.float32
    marks = d.x_train[..., 1]
    assert np.all(marks.sum(axis=1) == 2)
    assert np.all(marks[:, :4].sum(axis=1) == 1) and np.all(marks[:, 4:].sum(axis=1) == 1)
    np.testing.assert_allclose(d.y_train, (d.x_train[..., 0] * marks).sum(axis=1), rtol=1e-6)
    assert 0 <= d.x_train[..., 0].min() and d.x_train[..., 0].max() < 1
    again = ex.adding_problem(n_train=50, n_val=20, length=8, seed=1)
    assert np.array_equal(again.x_val, d.x_val)
    assert not np.array_equal(ex.adding_problem(n_train=50, n_val=20, length=8, seed=2).x_train, d.x_train)
    with pytest.raises(ValueError, match="must be positive"):
        ex.adding_problem(n_train=0, n_val=5)
    with pytest.raises(ValueError, match="length must be at least 2"):
        ex.adding_problem(n_train=5, n_val=5, length=1)


def test_train_variants_with_another_loss_trains_a_regression():
    pytest.importorskip("keras")
    from course_utils.models import rnn_regressor

    d = ex.adding_problem(n_train=64, n_val=32, length=4, seed=0)
    runs = ex.train_variants({"sgd": {"optimizer": "sgd"}, "adam": {}}, d, epochs=2, batch_size=32,
                             base={"length": 4, "units": 4, "seed": 0}, build=rnn_regressor,
                             loss="mse", metrics=(), verbose=0)
    assert set(runs["adam"].history) == {"loss", "val_loss"} and runs["sgd"].epochs == 2
    assert all(np.isfinite(r.final("val_loss")) for r in runs.values())
