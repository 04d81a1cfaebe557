"""Images for the convolution days: a sample photograph, the classic 3×3 kernels, and grid plots.

- :func:`load_photo` returns the photograph that ships with Matplotlib (Grace Hopper), as floats in
  [0, 1], grey or colour, optionally shrunk by an integer factor. No download, no new dependency.
- :func:`classic_kernels` returns the hand-made filters (濾鏡) of image processing by name.
- :func:`plot_panels` draws named images side by side (before/after a filter);
  :func:`plot_filters` and :func:`plot_feature_maps` draw what a convolution layer learned and
  what it computes.
- :func:`multiply_adds` counts the multiply-adds per example of each convolution and dense layer
  of a Keras model: where the computation is, next to ``count_params`` (where the parameters are).

Every plot function returns its figure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np

PHOTO_NAME = "grace_hopper.jpg"
PHOTO_SHAPE = (600, 512, 3)
# ITU-R BT.601 luma weights: how bright each of R, G, B looks to the eye.
GREY_WEIGHTS = np.array([0.299, 0.587, 0.114], dtype=np.float32)


def load_photo(*, grey: bool = True, shrink: int = 1) -> np.ndarray:
    """The sample photograph shipped with Matplotlib, as ``float32`` in [0, 1].

    ``grey=True`` gives shape ``(600 // shrink, 512 // shrink)``, else ``(…, …, 3)`` (RGB).
    ``shrink`` averages non-overlapping ``shrink × shrink`` blocks (1 keeps the full size).
    """
    from matplotlib import cbook
    from matplotlib import image as mpimg

    if not isinstance(shrink, (int, np.integer)) or isinstance(shrink, bool) or shrink < 1:
        raise ValueError(f"shrink must be a positive integer, got {shrink!r}")
    with cbook.get_sample_data(PHOTO_NAME) as f:
        rgb = mpimg.imread(f, format="jpg")
    if rgb.shape != PHOTO_SHAPE:
        raise RuntimeError(
            f"Matplotlib's {PHOTO_NAME} has shape {rgb.shape}, expected {PHOTO_SHAPE}. "
            "Fix: reinstall matplotlib (pip install --force-reinstall matplotlib)."
        )
    img = rgb.astype(np.float32) / 255.0
    if grey:
        img = img @ GREY_WEIGHTS
    if shrink > 1:
        h, w = img.shape[0] // shrink, img.shape[1] // shrink
        img = img[: h * shrink, : w * shrink]
        img = img.reshape(h, shrink, w, shrink, *img.shape[2:]).mean(axis=(1, 3))
    return np.ascontiguousarray(img, dtype=np.float32)


def classic_kernels() -> dict[str, np.ndarray]:
    """The classic 3×3 kernels (卷積核) by name, as fresh ``float32`` arrays.

    Written for *cross-correlation* (what ``keras.layers.Conv2D`` computes): ``sobel_x`` is large
    where the image gets brighter from left to right, ``sobel_y`` where it gets brighter downwards.
    """
    k = {
        "identity": [[0, 0, 0], [0, 1, 0], [0, 0, 0]],
        "laplacian": [[0, 1, 0], [1, -4, 1], [0, 1, 0]],
        "sobel_x": [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]],
        "sobel_y": [[-1, -2, -1], [0, 0, 0], [1, 2, 1]],
        "box_blur": np.full((3, 3), 1 / 9),
        "gaussian_blur": np.outer([1, 2, 1], [1, 2, 1]) / 16,
        "sharpen": [[0, -1, 0], [-1, 5, -1], [0, -1, 0]],
    }
    return {name: np.asarray(v, dtype=np.float32) for name, v in k.items()}


def _limits(img: np.ndarray, signed: bool | None):
    """Colour map and limits: [0, 1] grey, robust grey for large values, or a symmetric diverging map."""
    lo, hi = float(np.min(img)), float(np.max(img))
    if signed is None:
        signed = lo < -1e-6
    if signed:
        m = float(np.percentile(np.abs(img), 99.5)) or 1.0
        return "RdBu_r", -m, m
    if lo >= 0 and hi <= 1 + 1e-6:
        return "gray", 0.0, 1.0
    return "gray", 0.0, float(np.percentile(img, 99.5)) or 1.0


def plot_panels(
    panels: Mapping[str, np.ndarray],
    *,
    ncols: int = 4,
    size: float = 2.2,
    signed: Mapping[str, bool] | None = None,
    title: str | None = None,
):
    """Named 2-D images side by side, e.g. a photograph before and after each filter.

    Images in [0, 1] are drawn in grey on that scale (values outside are clipped). Images with
    negative values (edge responses) are drawn with a red/blue map symmetric around 0 (white);
    non-negative images larger than 1 are scaled to their 99.5th percentile. ``signed`` overrides
    the choice per name.
    """
    if not panels:
        raise ValueError("plot_panels needs at least one image")
    signed = dict(signed or {})
    names = list(panels)
    for name in names:
        if np.ndim(panels[name]) != 2:
            raise ValueError(f"panel {name!r} must be a 2-D image, got shape {np.shape(panels[name])}")
    ncols = max(1, min(ncols, len(names)))
    nrows = -(-len(names) // ncols)
    h, w = np.shape(panels[names[0]])
    fig, axes = plt.subplots(nrows, ncols, figsize=(size * ncols, size * nrows * h / w + 0.4 * nrows), squeeze=False)
    for ax in axes.flat:
        ax.axis("off")
    for ax, name in zip(axes.flat, names, strict=False):
        img = np.asarray(panels[name], dtype=np.float32)
        cmap, vmin, vmax = _limits(img, signed.get(name))
        ax.imshow(img, cmap=cmap, vmin=vmin, vmax=vmax)
        ax.set_title(name, fontsize=10)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def _grid(maps: np.ndarray, *, ncols: int, size: float, cmap: str, symmetric: bool, titles: Sequence[str] | None, title: str | None):
    n = len(maps)
    ncols = max(1, min(ncols, n))
    nrows = -(-n // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(size * ncols, size * nrows + (0.4 if title else 0)), squeeze=False)
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i >= n:
            continue
        m = maps[i]
        if symmetric:
            lim = float(np.abs(m).max()) or 1.0
            ax.imshow(m, cmap=cmap, vmin=-lim, vmax=lim)
        else:
            ax.imshow(m, cmap=cmap)
        if titles is not None:
            ax.set_title(titles[i], fontsize=8)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_filters(kernel, *, in_channel: int = 0, ncols: int = 8, size: float = 1.1, title: str | None = None,
                 titles: Sequence[str] | None = None):
    """The kernels of a ``Conv2D`` layer, one small image per filter.

    ``kernel`` has Keras's layout ``(kh, kw, in_channels, filters)`` (``layer.get_weights()[0]``);
    the slice ``in_channel`` is drawn, red positive and blue negative, each on its own symmetric scale.
    ``titles`` names each filter (default ``filter 0``, ``filter 1``, …).
    """
    kernel = np.asarray(kernel)
    if kernel.ndim != 4:
        raise ValueError(f"kernel must have shape (kh, kw, in_channels, filters), got {kernel.shape}")
    if not 0 <= in_channel < kernel.shape[2]:
        raise ValueError(f"in_channel must be in [0, {kernel.shape[2]}), got {in_channel}")
    maps = np.moveaxis(kernel[:, :, in_channel, :], -1, 0)
    if titles is None:
        titles = [f"filter {i}" for i in range(len(maps))]
    elif len(titles) != len(maps):
        raise ValueError(f"titles must name all {len(maps)} filters, got {len(titles)}")
    return _grid(maps, ncols=ncols, size=size, cmap="RdBu_r", symmetric=True, titles=list(titles), title=title)


def plot_feature_maps(maps, *, ncols: int = 8, size: float = 1.1, title: str | None = None):
    """The feature maps (特徵圖) of one image: shape ``(h, w, channels)`` or ``(1, h, w, channels)``."""
    maps = np.asarray(maps)
    if maps.ndim == 4 and maps.shape[0] == 1:
        maps = maps[0]
    if maps.ndim != 3:
        raise ValueError(f"maps must have shape (h, w, channels) or (1, h, w, channels), got {maps.shape}")
    maps = np.moveaxis(maps, -1, 0)
    return _grid(maps, ncols=ncols, size=size, cmap="viridis", symmetric=False,
                 titles=[f"map {i}" for i in range(len(maps))], title=title)


def multiply_adds(model) -> dict[str, int]:
    """Multiply-adds per example of each ``Conv1D``/``Conv2D``/``Conv3D`` and ``Dense`` layer, by layer name.

    Such a layer computes, at every position of its output (every pixel of a feature map; the one
    position of a ``Dense`` layer on a vector), one multiply-add per weight of its kernel, so the
    count is ``positions × kernel.size``. Biases, pooling, normalisation and activations are not
    counted, and other layers are left out. Nested models are searched too. ``model`` must be built
    (created with a ``keras.Input``, or called once), so that each layer knows its output shape.
    """
    from .backend import import_keras

    keras = import_keras()
    counted = (keras.layers.Conv1D, keras.layers.Conv2D, keras.layers.Conv3D, keras.layers.Dense)
    out: dict[str, int] = {}

    def visit(layers):
        for layer in layers:
            if isinstance(layer, keras.Model):
                visit(layer.layers)
            elif type(layer) in counted:
                try:
                    shape = layer.output.shape
                except (AttributeError, ValueError) as e:
                    raise ValueError(f"layer {layer.name!r} has no output shape yet: build the model "
                                     "with keras.Input first, or call it once") from e
                positions = int(np.prod(shape[1:-1], dtype=np.int64))
                out[layer.name] = positions * int(np.prod(layer.kernel.shape, dtype=np.int64))

    visit(model.layers)
    return out
