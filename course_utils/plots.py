"""Plots the notebooks share. Each function draws one figure and returns it.

In a notebook assign the result (``fig = plot_history(history)``): the inline backend shows the
figure once; a bare call as the last line would show it twice.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np


def _history_dict(history) -> dict[str, list[float]]:
    h = getattr(history, "history", history)
    if not isinstance(h, Mapping) or not h:
        raise TypeError(
            "plot_history expects a keras History (what model.fit returns) or a dict of "
            f"metric name -> list of values, got {type(history).__name__}"
        )
    return {k: list(v) for k, v in h.items()}


def plot_history(history, metrics: Sequence[str] | None = None, *, title: str | None = None):
    """Training vs validation curves, one panel per metric (loss first)."""
    h = _history_dict(history)
    if metrics is None:
        metrics = [k for k in h if not k.startswith("val_")]
        metrics.sort(key=lambda k: (k != "loss", k))
    missing = [m for m in metrics if m not in h]
    if missing:
        raise KeyError(f"metric(s) {missing} not in the history, which has {sorted(h)}")
    fig, axes = plt.subplots(1, len(metrics), figsize=(5 * len(metrics), 3.6), squeeze=False)
    for ax, m in zip(axes[0], metrics, strict=True):
        epochs = np.arange(1, len(h[m]) + 1)
        ax.plot(epochs, h[m], "o-", ms=3, label=f"train {m}")
        if f"val_{m}" in h:
            ax.plot(epochs, h[f"val_{m}"], "s--", ms=3, label=f"validation {m}")
        ax.set_xlabel("epoch")
        ax.set_ylabel(m)
        ax.legend()
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_decision_boundary(
    predict: Callable[[np.ndarray], np.ndarray],
    X: np.ndarray,
    y: np.ndarray,
    *,
    ax=None,
    title: str | None = None,
    resolution: int = 200,
    margin: float = 0.5,
    threshold: float = 0.5,
):
    """Regions of a 2-D classifier, with the data points on top.

    ``predict`` maps an ``(n, 2)`` array to scores: one column (or 1-D) of probabilities, thresholded
    at ``threshold``, or one column per class (argmax). A Keras model's ``predict`` works as is.
    """
    X = np.asarray(X, dtype="float32")
    y = np.asarray(y).reshape(-1)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"X must have shape (n, 2), got {X.shape}")
    if len(X) != len(y):
        raise ValueError(f"X and y must have the same length, got {len(X)} and {len(y)}")
    (x0, y0), (x1, y1) = X.min(0) - margin, X.max(0) + margin
    gx, gy = np.meshgrid(np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution))
    grid = np.c_[gx.ravel(), gy.ravel()].astype("float32")
    scores = np.asarray(predict(grid))
    if scores.ndim == 2 and scores.shape[1] > 1:
        labels = scores.argmax(1)
    else:
        labels = (scores.reshape(-1) >= threshold).astype(int)
    if ax is None:
        fig, ax = plt.subplots(figsize=(4, 4))
    else:
        fig = ax.figure
    ax.contourf(gx, gy, labels.reshape(gx.shape), alpha=0.3, cmap="coolwarm", levels=np.arange(-0.5, labels.max() + 1))
    for cls, marker in zip(np.unique(y), "os^vD<>p*h", strict=False):
        pts = X[y == cls]
        ax.scatter(pts[:, 0], pts[:, 1], marker=marker, s=80, edgecolor="k", label=f"class {cls}")
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.legend(loc="upper right", fontsize="small")
    if title:
        ax.set_title(title)
    return fig


def plot_spaces(model, X, y, *, title: str | None = None, hidden: str = "hidden", output: str = "output"):
    """A network with one hidden layer of two neurons, seen in two spaces (Day 03).

    Left: the network's regions in the input space, with the points ``X`` (labels ``y``). Right: the
    points where the hidden layer puts them, ``(h1, h2)``, with the output layer's regions there.
    Points that land on (almost) the same hidden point share one annotation, e.g. ``(0,1) (1,0)``.
    ``model`` is a Keras model whose layers named ``hidden`` (2 units) and ``output`` can be called.
    """
    from .backend import import_keras

    keras = import_keras()
    X = np.asarray(X, dtype="float32")
    hidden_layer, output_layer = model.get_layer(hidden), model.get_layer(output)

    def numpy(t):
        return np.asarray(keras.ops.convert_to_numpy(t))

    H = numpy(hidden_layer(X))
    if H.ndim != 2 or H.shape[1] != 2:
        raise ValueError(f"the hidden layer {hidden!r} must have 2 units to be drawn, it has shape {H.shape[1:]}")
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9, 4))
    plot_decision_boundary(lambda Z: numpy(model(Z)), X, y, ax=ax1, title="input space $(x_1, x_2)$")
    plot_decision_boundary(lambda Z: numpy(output_layer(Z)), H, y, ax=ax2, title="hidden space $(h_1, h_2)$")
    labels: dict[tuple, tuple[np.ndarray, list[str]]] = {}
    for point, h in zip(X, H, strict=True):
        name = "(" + ",".join(f"{v:g}" for v in point) + ")"
        labels.setdefault(tuple(np.round(h, 2)), (h, []))[1].append(name)
    for h, names in labels.values():
        ax2.annotate(" ".join(names), h, xytext=(6, 6), textcoords="offset points")
    ax2.set_xlabel("$h_1$")
    ax2.set_ylabel("$h_2$")
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def show_images(
    images,
    labels=None,
    predictions=None,
    *,
    ncols: int = 8,
    class_names: Sequence[str] | None = None,
    cmap: str = "gray",
    size: float = 1.3,
):
    """A grid of images titled with their labels (and predictions: wrong ones in red)."""
    images = np.asarray(images)
    if images.ndim == 4 and images.shape[-1] == 1:
        images = images[..., 0]
    if images.ndim not in (3, 4):
        raise ValueError(f"images must be (n, h, w) or (n, h, w, channels), got shape {images.shape}")
    n = len(images)
    for name, arr in (("labels", labels), ("predictions", predictions)):
        if arr is not None and len(arr) != n:
            raise ValueError(f"{name} has {len(arr)} entries for {n} images")
    ncols = max(1, min(ncols, n))
    nrows = max(1, -(-n // ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(size * ncols, size * 1.25 * nrows), squeeze=False)

    def name(v):
        return class_names[int(v)] if class_names is not None else str(v)

    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i >= n:
            continue
        ax.imshow(images[i], cmap=cmap)
        parts, colour = [], "black"
        if labels is not None:
            parts.append(f"label {name(labels[i])}")
        if predictions is not None:
            parts.append(f"pred {name(predictions[i])}")
            if labels is not None and labels[i] != predictions[i]:
                colour = "red"
        if parts:
            ax.set_title("\n".join(parts), fontsize=8, color=colour)
    fig.tight_layout()
    return fig


def confusion_matrix(y_true, y_pred, num_classes: int | None = None) -> np.ndarray:
    """Counts ``cm[i, j]`` of examples of true class i predicted as j."""
    y_true = np.asarray(y_true).reshape(-1).astype(int)
    y_pred = np.asarray(y_pred).reshape(-1).astype(int)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true and y_pred differ in length: {y_true.shape} vs {y_pred.shape}")
    k = num_classes or int(max(y_true.max(initial=0), y_pred.max(initial=0)) + 1)
    cm = np.zeros((k, k), dtype=int)
    np.add.at(cm, (y_true, y_pred), 1)
    return cm


def plot_confusion_matrix(y_true, y_pred, *, class_names: Sequence[str] | None = None, normalize: bool = False, title: str | None = None):
    """The confusion matrix as a heat map with counts (or row fractions) in each cell."""
    k = len(class_names) if class_names is not None else None
    cm = confusion_matrix(y_true, y_pred, k)
    shown = cm / np.maximum(cm.sum(1, keepdims=True), 1) if normalize else cm
    k = cm.shape[0]
    names = list(class_names) if class_names is not None else [str(i) for i in range(k)]
    fig, ax = plt.subplots(figsize=(0.55 * k + 2, 0.55 * k + 1.5))
    im = ax.imshow(shown, cmap="Blues")
    ax.grid(False)
    ax.set_xticks(range(k), names)
    ax.set_yticks(range(k), names)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    cut = shown.max() / 2 if shown.size else 0
    for i in range(k):
        for j in range(k):
            text = f"{shown[i, j]:.2f}" if normalize else str(shown[i, j])
            ax.text(j, i, text, ha="center", va="center", fontsize=7, color="white" if shown[i, j] > cut else "black")
    fig.colorbar(im, ax=ax, fraction=0.046)
    if title:
        ax.set_title(title)
    fig.tight_layout()
    return fig
