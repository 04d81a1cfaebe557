"""course_utils.models: the shared dense baseline."""

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
