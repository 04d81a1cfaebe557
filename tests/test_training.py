"""course_utils.training: plain cross-entropy curves, seeds, mean ± sd tables, digit subsets, new heads."""

import types

import numpy as np
import pytest

from course_utils import training as tr


def tiny_data(n=64, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.random((n, 4, 4)).astype("float32")
    y = (x.reshape(n, -1).mean(1) > 0.5).astype("int64")
    return types.SimpleNamespace(x_train=x, y_train=y, x_val=x[:24], y_val=y[:24], x_test=x[:8], y_test=y[:8])


def tiny_model(l2=0.0, seed=1, dropout=0.0):
    from course_utils.models import dense_classifier

    return dense_classifier(input_shape=(4, 4), hidden=(8,), num_classes=2, l2=l2, seed=seed, dropout=dropout)


def test_cross_entropy_and_accuracy_by_hand_and_in_chunks():
    keras = pytest.importorskip("keras")
    d = tiny_data()
    m = tiny_model()
    p = keras.ops.convert_to_numpy(m(d.x_train, training=False)).astype("float64")
    ce_hand = -np.log(p[np.arange(len(d.y_train)), d.y_train]).mean()
    acc_hand = np.mean(p.argmax(1) == d.y_train)
    ce, acc = tr.cross_entropy_and_accuracy(m, d.x_train, d.y_train, batch_size=10)  # 7 chunks, last one short
    assert ce == pytest.approx(ce_hand, rel=1e-6) and acc == pytest.approx(acc_hand)
    with pytest.raises(ValueError, match="same, non-zero number"):
        tr.cross_entropy_and_accuracy(m, d.x_train, d.y_train[:-1])


def test_curves_are_the_loss_without_the_penalty_in_inference_mode():
    keras = pytest.importorskip("keras")
    d = tiny_data()
    keras.utils.set_random_seed(0)
    m = tiny_model(l2=1e-1, dropout=0.5)
    m.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    h = m.fit(d.x_train, d.y_train, validation_data=(d.x_val, d.y_val), epochs=2, batch_size=16, verbose=0,
              callbacks=tr.curves_for(d)())
    assert len(h.history["ce"]) == len(h.history["val_ce"]) == 2
    penalty = sum(float(keras.ops.convert_to_numpy(v)) for v in m.losses)
    assert penalty > 0.01
    # val_loss = plain cross-entropy + penalty, both with the weights at the end of the epoch
    assert h.history["val_loss"][-1] == pytest.approx(h.history["val_ce"][-1] + penalty, rel=1e-4)
    assert h.history["ce"][-1] == pytest.approx(tr.cross_entropy_and_accuracy(m, d.x_train, d.y_train)[0], rel=1e-6)


def test_curves_other_names_and_errors():
    assert tr.CrossEntropyCurves.key("train") == "ce" and tr.CrossEntropyCurves.key("val") == "val_ce"
    assert tr.CrossEntropyCurves.key("test") == "test_ce"
    with pytest.raises(ValueError, match="at least one set"):
        tr.CrossEntropyCurves()
    with pytest.raises(TypeError, match="must be a pair"):
        tr.CrossEntropyCurves(train=np.zeros(3))
    tr.CrossEntropyCurves(train=(np.zeros((1, 4, 4)), np.zeros(1))).on_epoch_end(0, None)  # no logs: nothing to do


def test_seeds_from_the_course_seed():
    assert tr.seeds_from(types.SimpleNamespace(seed=42), 3) == [42, 43, 44]
    assert tr.seeds_from(types.SimpleNamespace(seed=1), 1) == [1]
    with pytest.raises(ValueError, match="at least one seed"):
        tr.seeds_from(types.SimpleNamespace(seed=1), 0)


def test_over_seeds_mean_sd_and_table():
    res = tr.over_seeds(lambda s: {"a": {"x": s, "y": 2 * s}, "b": {"x": 0.5, "y": 1.0}}, [1, 2, 3])
    assert res == {"a": {"x": [1, 2, 3], "y": [2, 4, 6]}, "b": {"x": [0.5] * 3, "y": [1.0] * 3}}
    assert tr.mean_sd([1, 2, 3]) == (2.0, 1.0)
    assert tr.mean_sd([5]) == (5.0, 0.0)
    with pytest.raises(ValueError, match="no values"):
        tr.mean_sd([])
    table = tr.format_mean_sd(res, ["x"], digits=2).splitlines()
    assert table[0].split() == ["variant", "x"] and set(table[1]) <= {"-", " "}
    assert table[2].split() == ["a", "2.00", "±", "1.00"] and table[3].split() == ["b", "0.50", "±", "0.00"]
    assert "50.0 ± 0.0" in tr.format_mean_sd({"b": {"acc": [0.5, 0.5]}}, digits=1, scale=100)
    assert tr.format_mean_sd({}) == "(no rows)"
    with pytest.raises(KeyError, match="no metric 'z'"):
        tr.format_mean_sd(res, ["z"])
    with pytest.raises(ValueError, match="every metric"):
        tr.over_seeds(lambda s: {"a": {"x": 1}} if s == 1 else {"a": {"y": 1}}, [1, 2])
    with pytest.raises(ValueError, match="no seeds"):
        tr.over_seeds(lambda s: {}, [])


def test_select_digits_relabels_and_stratifies():
    y = np.array([0, 1, 2, 3, 4, 5] * 10)
    x = np.arange(len(y))
    xs, ys = tr.select_digits(x, y, [5, 3])
    assert sorted(set(ys.tolist())) == [0, 1] and len(ys) == 20
    assert np.all(y[xs] == np.where(ys == 0, 5, 3))  # 5 -> 0, 3 -> 1, images kept with their labels
    xs, ys = tr.select_digits(x, y, [1, 2, 4], per_class=4, seed=3)
    assert np.bincount(ys).tolist() == [4, 4, 4] and np.all(np.diff(xs) > 0)
    again = tr.select_digits(x, y, [1, 2, 4], per_class=4, seed=3)
    assert np.array_equal(again[0], xs)
    with pytest.raises(ValueError, match="fewer than per_class"):
        tr.select_digits(x, y, [1], per_class=11)
    with pytest.raises(ValueError, match="distinct"):
        tr.select_digits(x, y, [1, 1])


def test_with_augmentation_shares_weights_and_acts_only_in_training():
    keras = pytest.importorskip("keras")
    from course_utils.models import dense_classifier

    m = dense_classifier(input_shape=(6, 6), hidden=(5,), num_classes=3, seed=2)
    aug = tr.with_augmentation(m, [keras.layers.RandomTranslation(0.3, 0.3, fill_mode="constant", seed=1)])
    x = np.random.default_rng(0).random((4, 6, 6)).astype("float32")
    same = keras.ops.convert_to_numpy(aug(x, training=False))
    assert np.allclose(same, keras.ops.convert_to_numpy(m(x, training=False)), atol=1e-6)
    assert aug.count_params() == m.count_params()
    moved = keras.ops.convert_to_numpy(aug(x, training=True))
    assert not np.allclose(moved, same, atol=1e-6)
    with pytest.raises(ValueError, match="height, width"):
        tr.with_augmentation(keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)]), [])


def test_new_head_keeps_the_hidden_layers():
    keras = pytest.importorskip("keras")
    from course_utils.models import dense_classifier

    m = dense_classifier(input_shape=(4, 4), hidden=(6,), num_classes=5, seed=2)
    t = tr.new_head(m, 3, seed=0)
    assert t.output_shape == (None, 3)
    assert t.layers[1] is m.layers[1]  # the hidden Dense layer is shared, weights and all
    x = np.ones((2, 4, 4), "float32")
    p = keras.ops.convert_to_numpy(t(x))
    assert np.allclose(p.sum(1), 1, atol=1e-5)
    with pytest.raises(ValueError, match="ends in a Dense"):
        tr.new_head(keras.Sequential([keras.Input((3,)), keras.layers.Dense(2), keras.layers.Activation("relu")]), 2)


def test_train_and_evaluate_measures_once_at_the_end():
    keras = pytest.importorskip("keras")
    d = tiny_data()
    base = {"input_shape": (4, 4), "hidden": (8,), "num_classes": 2, "seed": 3}
    row = tr.train_and_evaluate(base, d, epochs=3, seed=0, batch_size=16)
    assert set(row) == {"train_ce", "train_acc", "val_ce", "val_acc", "test_ce", "test_acc", "epochs_to_target"}
    again = tr.train_and_evaluate(base, d, epochs=3, seed=0, batch_size=16)
    assert again["val_ce"] == pytest.approx(row["val_ce"], rel=1e-6)   # same seed, same run
    assert np.isnan(row["epochs_to_target"]) or 1 <= row["epochs_to_target"] <= 3
    easy = tr.train_and_evaluate(base, d, epochs=2, seed=0, batch_size=16, target=0.0)
    assert easy["epochs_to_target"] == 1.0
    never = tr.train_and_evaluate({**base, "dropout": 0.5}, d, epochs=1, seed=0, batch_size=16, target=1.01)
    assert np.isnan(never["epochs_to_target"])
    assert 0.0 <= row["test_acc"] <= 1.0 and row["train_ce"] > 0
    keras.backend.clear_session()


def test_plot_mean_sd():
    res = {"a": {"x": [1.0, 2.0, 3.0], "y": [0.5, 0.5, 0.5]}, "b": {"x": [2.0, 2.0, 2.0], "y": [0.1, 0.2, 0.3]}}
    fig = tr.plot_mean_sd(res, ["x", "y"], xlabels=["x (units)", "y"], title="t")
    assert len(fig.axes) == 2 and fig.axes[0].get_xlabel() == "x (units)"
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["a", "b"]
    with pytest.raises(ValueError, match="no results"):
        tr.plot_mean_sd({}, ["x"])


def test_history_table_shows_a_few_epochs():
    h = {"loss": [0.9, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05], "val_loss": [1.0, 0.6, 0.5, 0.55, 0.6, 0.7, 0.8]}
    lines = tr.history_table(h, ["loss", "val_loss"], every=3, mark=3).splitlines()
    assert lines[0].split() == ["epoch", "loss", "val_loss"]
    assert [int(line.split()[0]) for line in lines[1:]] == [1, 3, 6, 7]
    assert lines[2].split() == ["3", "0.4000", "0.5000", "*"] and "*" not in lines[1] + lines[3]
    assert len(tr.history_table(h, ["loss"]).splitlines()) == 1 + 3  # epochs 1, 5, 7
    with pytest.raises(KeyError, match="no \\['acc'\\]"):
        tr.history_table(h, ["acc"])
    with pytest.raises(ValueError, match="mark"):
        tr.history_table(h, ["loss"], mark=8)
