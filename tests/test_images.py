"""Unit tests of course_utils.images: the photograph, the classic kernels and the grid plots."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from course_utils import images


def test_load_photo_grey_and_colour():
    grey = images.load_photo()
    assert grey.shape == (600, 512) and grey.dtype == np.float32
    assert 0.0 <= grey.min() and grey.max() <= 1.0 and grey.std() > 0.05
    rgb = images.load_photo(grey=False)
    assert rgb.shape == (600, 512, 3) and rgb.dtype == np.float32
    np.testing.assert_allclose(rgb @ images.GREY_WEIGHTS, grey, atol=1e-6)


def test_load_photo_shrink_is_block_mean():
    full = images.load_photo()
    half = images.load_photo(shrink=2)
    assert half.shape == (300, 256)
    np.testing.assert_allclose(half[0, 0], full[:2, :2].mean(), atol=1e-6)
    assert images.load_photo(grey=False, shrink=7).shape == (85, 73, 3)  # leftovers dropped


@pytest.mark.parametrize("bad", [0, -1, 1.5, True, "2"])
def test_load_photo_rejects_bad_shrink(bad):
    with pytest.raises(ValueError, match="shrink"):
        images.load_photo(shrink=bad)


def test_classic_kernels_properties():
    k = images.classic_kernels()
    assert set(k) == {"identity", "laplacian", "sobel_x", "sobel_y", "box_blur", "gaussian_blur", "sharpen"}
    for name, v in k.items():
        assert v.shape == (3, 3) and v.dtype == np.float32, name
    for name in ("laplacian", "sobel_x", "sobel_y"):
        assert abs(k[name].sum()) < 1e-6, name
    for name in ("identity", "box_blur", "gaussian_blur", "sharpen"):
        assert abs(k[name].sum() - 1) < 1e-6, name
    np.testing.assert_array_equal(k["sharpen"], k["identity"] - k["laplacian"])
    np.testing.assert_array_equal(k["sobel_y"], k["sobel_x"].T)


def test_classic_kernels_are_fresh_copies():
    k = images.classic_kernels()
    k["identity"][1, 1] = 99
    assert images.classic_kernels()["identity"][1, 1] == 1


def test_plot_panels_scales():
    img = np.linspace(0, 1, 20, dtype=np.float32).reshape(4, 5)
    fig = images.plot_panels({"unit": img, "signed": img - 0.5, "big": img * 7, "forced": img}, ncols=2,
                             signed={"forced": True}, title="t")
    axes = [ax for ax in fig.axes if ax.images]
    assert [ax.get_title() for ax in axes] == ["unit", "signed", "big", "forced"]
    assert axes[0].images[0].get_clim() == (0.0, 1.0)
    lo, hi = axes[1].images[0].get_clim()
    assert lo == -hi and axes[1].images[0].get_cmap().name == "RdBu_r"
    assert axes[2].images[0].get_clim()[1] > 1
    assert axes[3].images[0].get_cmap().name == "RdBu_r"
    plt.close(fig)


def test_plot_panels_errors():
    with pytest.raises(ValueError, match="at least one"):
        images.plot_panels({})
    with pytest.raises(ValueError, match="2-D"):
        images.plot_panels({"rgb": np.zeros((4, 4, 3))})


def test_plot_filters_and_feature_maps():
    kernel = np.random.default_rng(0).normal(size=(3, 3, 2, 5))
    fig = images.plot_filters(kernel, in_channel=1, ncols=3, title="filters")
    shown = [ax for ax in fig.axes if ax.images]
    assert len(shown) == 5 and shown[4].get_title() == "filter 4"
    np.testing.assert_allclose(shown[2].images[0].get_array(), kernel[:, :, 1, 2])
    fig = images.plot_feature_maps(np.ones((1, 6, 6, 4)))
    assert len([ax for ax in fig.axes if ax.images]) == 4
    fig = images.plot_filters(kernel, titles=list("abcde"))
    assert [ax.get_title() for ax in fig.axes if ax.images] == list("abcde")


def test_plot_filters_and_feature_maps_errors():
    with pytest.raises(ValueError, match="kh, kw"):
        images.plot_filters(np.zeros((3, 3, 4)))
    with pytest.raises(ValueError, match="in_channel"):
        images.plot_filters(np.zeros((3, 3, 1, 4)), in_channel=1)
    with pytest.raises(ValueError, match="all 4 filters, got 3"):
        images.plot_filters(np.zeros((3, 3, 1, 4)), titles=["a", "b", "c"])
    with pytest.raises(ValueError, match="h, w, channels"):
        images.plot_feature_maps(np.zeros((2, 6, 6, 4)))


def test_multiply_adds_conv_and_dense():
    import keras

    model = keras.Sequential([
        keras.Input((10, 12, 3)),
        keras.layers.Conv2D(4, 3, padding="same", name="c1"),      # 10*12 positions * 3*3*3*4
        keras.layers.MaxPooling2D(2, name="p"),                    # not counted
        keras.layers.Conv2D(6, (1, 3), strides=2, name="c2"),      # (5-1)//2+1=3 x (6-3)//2+1=2 positions * 1*3*4*6
        keras.layers.Flatten(),
        keras.layers.Dense(7, name="d"),                           # 36 * 7
    ])
    macs = images.multiply_adds(model)
    assert macs == {"c1": 10 * 12 * 108, "c2": 3 * 2 * 72, "d": 36 * 7}
    assert all(isinstance(v, int) for v in macs.values())
    # weights without biases: a Dense layer on a vector does one multiply-add per weight
    assert macs["d"] == model.get_layer("d").count_params() - 7


def test_multiply_adds_sequence_dense_and_nested_model():
    import keras

    inner = keras.Sequential([keras.Input((5, 8)), keras.layers.Dense(2, name="per_step"),
                              keras.layers.Conv1D(3, 2, name="c1d")], name="inner")
    outer = keras.Sequential([keras.Input((5, 8)), inner, keras.layers.Flatten(), keras.layers.Dense(1, name="out")])
    assert images.multiply_adds(outer) == {"per_step": 5 * 8 * 2, "c1d": 4 * 2 * 2 * 3, "out": 12}


def test_multiply_adds_needs_a_built_model():
    import keras

    model = keras.Sequential([keras.layers.Dense(3, name="d")])  # no Input: never built
    with pytest.raises(ValueError, match="'d' has no output shape yet"):
        images.multiply_adds(model)
    model(np.zeros((1, 4), np.float32))  # calling it once builds it
    assert images.multiply_adds(model) == {"d": 12}
