"""Training helpers of Days 08 and 09: plain cross-entropy curves, runs over several seeds, and the
small set-ups of Day 08's training tips.

- :class:`CrossEntropyCurves`: a callback that adds the cross-entropy *without* weight penalties, in
  inference mode, to the history (``ce`` on the training set, ``val_ce`` on the validation set), so
  models with and without penalties or dropout can be compared epoch by epoch;
- :func:`train_and_evaluate`, :func:`seeds_from`, :func:`over_seeds`, :func:`mean_sd`,
  :func:`format_mean_sd`, :func:`plot_mean_sd`: train a variant and measure it once at the end, repeat
  that for several seeds derived from the course seed, and report mean ± standard deviation;
- :func:`select_digits`, :func:`with_augmentation`, :func:`new_head`: a subset of the digits (for
  transfer learning), data augmentation in front of a model, and a fresh output layer on a trained one;
- :func:`history_table`: a few epochs of a long ``fit`` history as a short table.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Mapping, Sequence

import numpy as np

from .backend import import_keras
from .models import dense_classifier

keras = import_keras()


def cross_entropy_and_accuracy(model, x, y, *, batch_size: int = 2048) -> tuple[float, float]:
    """Mean cross-entropy (no penalties) and accuracy of ``model`` on ``(x, y)``, in inference mode.

    Calls the model directly (``model(x, training=False)``) in chunks of ``batch_size``: cheap enough
    to run after every epoch, and usable from inside ``fit`` on every backend.
    """
    y = np.asarray(y).reshape(-1).astype(int)
    if len(x) != len(y) or len(y) == 0:
        raise ValueError(f"{len(x)} images and {len(y)} labels: need the same, non-zero number")
    eps = keras.config.epsilon()
    nll, hits = 0.0, 0
    for start in range(0, len(y), batch_size):
        p = np.asarray(keras.ops.convert_to_numpy(model(x[start:start + batch_size], training=False)), dtype="float64")
        yy = y[start:start + batch_size]
        if p.ndim != 2 or len(p) != len(yy):
            raise ValueError(f"the model returned shape {p.shape} for {len(yy)} images: expected (n, classes)")
        nll += float(-np.log(np.clip(p[np.arange(len(yy)), yy], eps, 1.0)).sum())
        hits += int((p.argmax(1) == yy).sum())
    return nll / len(y), hits / len(y)


class CrossEntropyCurves(keras.callbacks.Callback):
    """After every epoch, add the plain cross-entropy of the training and validation sets to the logs.

    ``CrossEntropyCurves(train=(x, y), val=(x_val, y_val))`` adds ``ce`` and ``val_ce`` (any other
    name ``n`` adds ``n_ce``). The values are measured with the weights at the end of the epoch, in
    inference mode (dropout off, batch normalisation on its moving averages) and without the L1/L2
    penalties that Keras adds to ``loss`` and ``val_loss``. Because the callback writes into the logs,
    ``fit``'s history (and its ``verbose=2`` lines) include them.
    """

    def __init__(self, **sets):
        super().__init__()
        if not sets:
            raise ValueError("name at least one set: CrossEntropyCurves(train=(x, y), val=(x_val, y_val))")
        for name, xy in sets.items():
            if not (isinstance(xy, (tuple, list)) and len(xy) == 2):
                raise TypeError(f"set {name!r} must be a pair (x, y), not {type(xy).__name__}")
        self.sets = dict(sets)

    @staticmethod
    def key(name: str) -> str:
        return {"train": "ce", "val": "val_ce"}.get(name, f"{name}_ce")

    def on_epoch_end(self, epoch, logs=None):
        if logs is None:
            return
        for name, (x, y) in self.sets.items():
            logs[self.key(name)] = cross_entropy_and_accuracy(self.model, x, y)[0]


def curves_for(data) -> Callable[[], list]:
    """A callback factory for ``experiments.train_variants(callbacks=...)``: plain ``ce``/``val_ce``
    on ``data.x_train``/``data.x_val``."""
    return lambda: [CrossEntropyCurves(train=(data.x_train, data.y_train), val=(data.x_val, data.y_val))]


def train_and_evaluate(settings: Mapping, data, *, epochs: int, seed: int, build: Callable = dense_classifier,
                       optimizer="adam", batch_size: int = 128, target: float = 0.99) -> dict[str, float]:
    """Train ``build(**settings)`` on ``data.x_train`` for ``epochs`` epochs, then measure it once.

    No validation during training (it is cheaper): the model is measured at the end, in inference
    mode and without penalties, on the training, validation and test sets (``train_ce``,
    ``train_acc``, ``val_ce``, ``val_acc``, ``test_ce``, ``test_acc``). ``epochs_to_target`` is the
    first epoch whose training accuracy as ``fit`` reports it (in training mode: dropout active,
    running mean over the epoch) reached ``target``, or ``nan`` if none did. The global seed is set to
    ``seed`` before the model is built, so the batches come in the same order for every variant.
    """
    keras.utils.set_random_seed(seed)
    model = build(**settings)
    model.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(data.x_train, data.y_train, epochs=epochs, batch_size=batch_size, verbose=0).history
    row = {}
    for part in ("train", "val", "test"):
        row[f"{part}_ce"], row[f"{part}_acc"] = cross_entropy_and_accuracy(
            model, getattr(data, f"x_{part}"), getattr(data, f"y_{part}"))
    reached = [i + 1 for i, acc in enumerate(history["accuracy"]) if acc >= target]
    row["epochs_to_target"] = float(reached[0]) if reached else float("nan")
    return row


def history_table(history: Mapping[str, Sequence[float]], keys: Sequence[str], *, every: int = 5,
                  mark: int | None = None, digits: int = 4) -> str:
    """A long ``fit`` history in a few lines: epoch 1, every ``every``-th epoch and the last one.

    ``history`` maps a metric to its per-epoch values (``fit(...).history``); ``mark`` (1-based) adds that
    epoch too, flagged with ``*`` (the best epoch, say).
    """
    missing = [k for k in keys if k not in history]
    if missing:
        raise KeyError(f"the history has no {missing}; it has {sorted(history)}")
    n = len(history[keys[0]]) if keys else 0
    if n == 0 or every < 1 or (mark is not None and not 1 <= mark <= n):
        raise ValueError(f"need a non-empty history, every >= 1 and 1 <= mark <= {n}; got every={every}, mark={mark}")
    epochs = sorted({1, n, *range(every, n + 1, every), *([mark] if mark else [])})
    width = max(len(k) for k in keys)
    lines = ["epoch " + "  ".join(k.rjust(max(width, digits + 2)) for k in keys)]
    for e in epochs:
        cells = "  ".join(f"{history[k][e - 1]:.{digits}f}".rjust(max(width, digits + 2)) for k in keys)
        lines.append(f"{e:5d} {cells}" + ("  *" if e == mark else ""))
    return "\n".join(lines)


def seeds_from(cfg, n: int) -> list[int]:
    """``n`` seeds derived from the course seed: ``cfg.seed, cfg.seed + 1, …``."""
    if n < 1:
        raise ValueError(f"need at least one seed, got n={n}")
    return [int(cfg.seed) + i for i in range(n)]


def over_seeds(experiment: Callable[[int], Mapping[str, Mapping[str, float]]],
               seeds: Sequence[int]) -> dict[str, dict[str, list[float]]]:
    """Run ``experiment(seed)`` for each seed; it returns ``{variant: {metric: value}}``.

    Returns ``{variant: {metric: [value per seed]}}`` (in the order of ``seeds``).
    """
    if not seeds:
        raise ValueError("no seeds given")
    out: dict[str, dict[str, list[float]]] = {}
    for seed in seeds:
        for variant, row in experiment(seed).items():
            for metric, value in row.items():
                out.setdefault(variant, {}).setdefault(metric, []).append(value)
    lengths = {len(v) for row in out.values() for v in row.values()}
    if lengths != {len(seeds)}:
        raise ValueError(f"every variant must report every metric for each of the {len(seeds)} seeds")
    return out


def mean_sd(values: Sequence[float]) -> tuple[float, float]:
    """Mean and sample standard deviation (0 for a single value)."""
    values = [float(v) for v in values]
    if not values:
        raise ValueError("mean_sd of no values")
    return statistics.fmean(values), (statistics.stdev(values) if len(values) > 1 else 0.0)


def format_mean_sd(results: Mapping[str, Mapping[str, Sequence[float]]], columns: Sequence[str] | None = None,
                   *, digits: int = 4, scale: float = 1.0) -> str:
    """A plain-text table of ``mean ± sd`` per variant (rows) and metric (columns).

    ``results`` is what :func:`over_seeds` returns; ``scale=100`` shows fractions as percentages.
    """
    if not results:
        return "(no rows)"
    columns = list(columns or next(iter(results.values())).keys())
    header = ["variant"] + columns
    body = []
    for name, row in results.items():
        cells = [str(name)]
        for c in columns:
            if c not in row:
                raise KeyError(f"variant {name!r} has no metric {c!r}; it has {sorted(row)}")
            m, s = mean_sd(row[c])
            cells.append(f"{m * scale:.{digits}f} ± {s * scale:.{digits}f}")
        body.append(cells)
    widths = [max(len(r[i]) for r in [header] + body) for i in range(len(header))]

    def line(cells):
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True)))

    return "\n".join([line(header), "  ".join("-" * w for w in widths)] + [line(r) for r in body])


def plot_mean_sd(results: Mapping[str, Mapping[str, Sequence[float]]], metrics: Sequence[str], *,
                 scale: float = 1.0, xlabels: Sequence[str] | None = None, title: str | None = None):
    """One panel per metric: a horizontal bar per variant at the mean, an error bar of ± one standard
    deviation, and a dot per seed. Returns the figure."""
    import matplotlib.pyplot as plt

    names = list(results)
    if not names:
        raise ValueError("no results to plot")
    fig, axes = plt.subplots(1, len(metrics), figsize=(4.2 * len(metrics), 0.45 * len(names) + 1.4), squeeze=False)
    for i, (ax, metric) in enumerate(zip(axes[0], metrics, strict=True)):
        stats = [mean_sd(results[n][metric]) for n in names]
        y = np.arange(len(names))
        ax.barh(y, [m * scale for m, _ in stats], xerr=[s * scale for _, s in stats], color="C0", alpha=0.35,
                capsize=4, error_kw={"elinewidth": 1.5})
        for j, n in enumerate(names):
            values = np.asarray(results[n][metric], dtype=float) * scale
            ax.plot(values, np.full(len(values), j), "o", color="C1", ms=4)
        ax.set_yticks(y, names if i == 0 else [""] * len(names))
        ax.invert_yaxis()
        ax.set_xlabel(xlabels[i] if xlabels else metric)
        lo = min(min(results[n][metric]) for n in names) * scale
        hi = max(max(results[n][metric]) for n in names) * scale
        pad = 0.15 * (hi - lo or abs(hi) or 1.0)
        ax.set_xlim(lo - pad, hi + pad)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def select_digits(x, y, digits: Sequence[int], *, per_class: int | None = None, seed: int = 0):
    """The images of ``digits`` only, relabelled ``0 … len(digits) - 1`` in the order given.

    With ``per_class``, a random (``seed``) but stratified subset of that many images per digit,
    kept in their original order. Raises ``ValueError`` if a digit has fewer images than that.
    """
    y = np.asarray(y).reshape(-1)
    digits = [int(d) for d in digits]
    if len(set(digits)) != len(digits) or not digits:
        raise ValueError(f"digits must be distinct and not empty, got {digits}")
    rng = np.random.default_rng(seed)
    keep = []
    for d in digits:
        idx = np.flatnonzero(y == d)
        if per_class is not None:
            if len(idx) < per_class:
                raise ValueError(f"digit {d} has {len(idx)} images, fewer than per_class={per_class}")
            idx = rng.choice(idx, per_class, replace=False)
        keep.append(idx)
    keep = np.sort(np.concatenate(keep))
    relabel = np.full(max(int(y.max()), max(digits)) + 1, -1)
    relabel[digits] = np.arange(len(digits))
    return np.asarray(x)[keep], relabel[y[keep]].astype("int64")


def with_augmentation(model, augmentation: Sequence, *, name: str | None = None):
    """``model`` with the preprocessing layers ``augmentation`` in front (they act only in training).

    Works for a ``Sequential`` model on images of shape ``(h, w)``: the images get a channel axis for
    the augmentation layers, then go on to ``model``'s layers, which share their weights with ``model``.
    """
    shape = tuple(model.input_shape[1:])
    if len(shape) != 2:
        raise ValueError(f"expected a model on (height, width) images, got input shape {shape}")
    return keras.Sequential(
        [keras.Input(shape), keras.layers.Reshape(shape + (1,)), *augmentation, keras.layers.Reshape(shape),
         *model.layers],
        name=name or f"{model.name}_augmented",
    )


def new_head(model, num_classes: int, *, seed: int | None = None, name: str | None = None):
    """Transfer learning: ``model``'s layers up to the last one, then a fresh softmax ``Dense(num_classes)``.

    The hidden layers are shared with ``model`` (their trained weights are the starting point); the new
    output layer starts from Glorot-uniform weights (``seed``).
    """
    layers = list(model.layers)
    if len(layers) < 2 or not isinstance(layers[-1], keras.layers.Dense):
        raise ValueError("new_head needs a Sequential model that ends in a Dense layer")
    head = keras.layers.Dense(num_classes, activation="softmax",
                              kernel_initializer=keras.initializers.GlorotUniform(seed), name="new_head")
    return keras.Sequential([keras.Input(tuple(model.input_shape[1:])), *layers[:-1], head],
                            name=name or f"{model.name}_new_head")
