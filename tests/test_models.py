"""course_utils.models: the shared dense baseline and Day 11's CNN."""

import keras
import numpy as np

from course_utils import models


def test_same_seed_same_initial_weights_and_layout():
    a, b = models.dense_classifier(seed=5), models.dense_classifier(seed=5)
    c = models.dense_classifier(seed=6)
    assert all(np.array_equal(x, y) for x, y in zip(a.get_weights(), b.get_weights(), strict=True))
    assert not np.array_equal(a.get_weights()[0], c.get_weights()[0])
    assert a.count_params() == 784 * 512 + 512 + 512 * 512 + 512 + 512 * 10 + 10
    assert a.output_shape == (None, 10)


def test_dropout_layers_draw_different_masks():
    m = models.dense_classifier(hidden=(16, 16), dropout=0.5, seed=1)
    drops = [layer for layer in m.layers if isinstance(layer, keras.layers.Dropout)]
    assert len(drops) == 2
    x = np.ones((4, 16), "float32")
    masks = [keras.ops.convert_to_numpy(d(x, training=True)) == 0 for d in drops]
    assert not np.array_equal(masks[0], masks[1])


def test_options_add_the_layers_they_name():
    m = models.dense_classifier(hidden=(8,), batchnorm=True, dropout=0.2, l2=1e-3)
    kinds = [type(layer).__name__ for layer in m.layers]
    assert kinds == ["Flatten", "Dense", "BatchNormalization", "Activation", "Dropout", "Dense"]
    assert m.layers[1].kernel_regularizer is not None and not m.layers[1].use_bias


def test_cnn_classifier_layout_parameters_and_seed():
    a, b = models.cnn_classifier(seed=3), models.cnn_classifier(seed=3)
    assert all(np.array_equal(x, y) for x, y in zip(a.get_weights(), b.get_weights(), strict=True))
    assert not np.array_equal(a.get_weights()[0], models.cnn_classifier(seed=4).get_weights()[0])
    names = [layer.name for layer in a.layers]
    assert names == ["digit", "conv1", "pool1", "bn1", "relu1", "conv2", "pool2", "bn2", "relu2",
                     "flatten", "dropout1", "dense", "dropout2", "softmax"]
    convs = 3 * 3 * 1 * 32 + 3 * 3 * 32 * 64                      # no biases: BatchNorm shifts
    bn = 4 * 32 + 4 * 64                                            # gamma, beta, moving mean and variance
    head = 7 * 7 * 64 * 128 + 128 + 128 * 10 + 10
    assert a.count_params() == convs + bn + head == 421_930
    assert a.output_shape == (None, 10)
    probs = keras.ops.convert_to_numpy(a(np.zeros((2, 28, 28, 1), "float32")))
    assert probs.shape == (2, 10) and np.allclose(probs.sum(axis=1), 1, atol=1e-5)


def test_cnn_classifier_options():
    m = models.cnn_classifier(input_shape=(32, 32, 3), filters=(8,), dense=16, num_classes=4, name="small")
    assert m.name == "small" and m.output_shape == (None, 4)
    assert m.get_layer("conv1").kernel.shape == (3, 3, 3, 8)
    assert m.get_layer("flatten").output.shape[1:] == (16 * 16 * 8,)


def test_rnn_regressor_same_seed_same_weights_and_shape():
    a, b = models.rnn_regressor(length=6, units=5, seed=2), models.rnn_regressor(length=6, units=5, seed=2)
    assert all(np.array_equal(x, y) for x, y in zip(a.get_weights(), b.get_weights(), strict=True))
    assert not np.array_equal(a.get_weights()[0], models.rnn_regressor(length=6, units=5, seed=3).get_weights()[0])
    assert a.count_params() == (2 * 5 + 5 * 5 + 5) + (5 + 1)
    out = keras.ops.convert_to_numpy(a(np.zeros((3, 6, 2), "float32")))
    assert out.shape == (3, 1)
