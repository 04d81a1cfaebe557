"""Train several variants of one model and compare them (Days 07–09).

- :func:`small_mnist`: the overfitting set-up of Days 08 and 09, a small stratified training subset
  of MNIST with a held-out validation set (and the test set), scaled to [0, 1];
- :func:`adding_problem`: Day 07's small sequence task for a recurrent network;
- :func:`train_variants`: train variants of Day 06's dense network (other optimizers, penalties,
  dropout, batch normalisation) from the same initial weights and the same shuffling;
- :func:`summarize`, :func:`format_table`, :func:`plot_runs`: a table and one plot for all of them.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import SimpleNamespace

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator

from .backend import import_keras
from .data import load_mnist, smoke_indices
from .evaluation import accuracy
from .models import dense_classifier

# The overfitting set-up of Days 08 and 09: a wide network, few examples, a held-out validation set.
OVERFIT_MODEL = {"hidden": (512, 512), "seed": 8}
OVERFIT_SIZES = {"full": (1000, 2000), "smoke": (500, 500)}  # (training images, validation images)


def _scale(x) -> np.ndarray:
    return (np.asarray(x, dtype="float32") / 255.0).astype("float32")


def small_mnist(n_train: int, n_val: int, *, seed: int = 0, smoke: bool | None = None) -> SimpleNamespace:
    """A small MNIST training set that a wide network overfits, and a held-out validation set.

    ``n_train`` and ``n_val`` images are drawn from the (mode-dependent) training images, stratified
    (the same number of each digit, up to rounding) and disjoint; the test set is returned whole.
    Images are float32 in [0, 1]. Returns a namespace with ``x_train, y_train, x_val, y_val,
    x_test, y_test``.
    """
    (x_tr, y_tr), (x_te, y_te) = load_mnist(smoke=smoke)
    if n_train <= 0 or n_val <= 0:
        raise ValueError(f"n_train and n_val must be positive, got {n_train} and {n_val}")
    if n_train + n_val > len(y_tr):
        raise ValueError(
            f"n_train + n_val = {n_train + n_val} is more than the {len(y_tr)} training images available"
        )
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(y_tr))  # shuffle, then take the first of each digit: stratified
    classes = np.unique(y_tr)
    train_pos = smoke_indices(y_tr[order], -(-n_train // len(classes)))[:n_train]
    rest = np.setdiff1d(np.arange(len(order)), train_pos)
    val_pos = rest[smoke_indices(y_tr[order][rest], -(-n_val // len(classes)))][:n_val]
    tr, va = order[np.sort(train_pos)], order[np.sort(val_pos)]
    return SimpleNamespace(
        x_train=_scale(x_tr[tr]), y_train=y_tr[tr].astype("int64"),
        x_val=_scale(x_tr[va]), y_val=y_tr[va].astype("int64"),
        x_test=_scale(x_te), y_test=y_te.astype("int64"),
    )


def overfitting_data(cfg) -> SimpleNamespace:
    """The data of Days 08 and 09: :func:`small_mnist` with the sizes of ``OVERFIT_SIZES[cfg.mode]``."""
    n_train, n_val = OVERFIT_SIZES[cfg.mode]
    return small_mnist(n_train=n_train, n_val=n_val)


def adding_problem(n_train: int, n_val: int, *, length: int = 10, seed: int = 0) -> SimpleNamespace:
    """The adding problem (Hochreiter & Schmidhuber, 1997, experiment 4), a small test for recurrent networks.

    Each example is a sequence of ``length`` steps with two inputs per step: a random number in
    [0, 1) and a marker, 1 at exactly two steps (one in the first half, one in the second) and 0
    elsewhere. The target is the sum of the two marked numbers, so the network must remember the
    first marked number across the sequence. Returns a namespace with ``x_train`` of shape
    ``(n_train, length, 2)``, ``y_train`` of shape ``(n_train,)``, and ``x_val, y_val`` (float32).
    """
    if n_train <= 0 or n_val <= 0:
        raise ValueError(f"n_train and n_val must be positive, got {n_train} and {n_val}")
    if length < 2:
        raise ValueError(f"length must be at least 2 (one marked step in each half), got {length}")
    rng = np.random.default_rng(seed)

    def draw(n):
        values = rng.random((n, length))
        marks = np.zeros((n, length))
        rows = np.arange(n)
        marks[rows, rng.integers(0, length // 2, n)] = 1.0
        marks[rows, rng.integers(length // 2, length, n)] = 1.0
        return np.stack([values, marks], axis=-1).astype("float32"), (values * marks).sum(axis=1).astype("float32")

    x_train, y_train = draw(n_train)
    x_val, y_val = draw(n_val)
    return SimpleNamespace(x_train=x_train, y_train=y_train, x_val=x_val, y_val=y_val)


@dataclass
class Run:
    """One trained variant: its model, its per-epoch history and how long it took."""

    name: str
    model: object
    history: dict[str, list[float]]
    seconds: float
    settings: dict = field(default_factory=dict)

    @property
    def epochs(self) -> int:
        return len(self.history["loss"])

    def final(self, metric: str) -> float:
        return float(self.history[metric][-1])

    def best_epoch(self, metric: str = "val_loss") -> int:
        """1-based epoch of the lowest ``metric`` (highest for accuracies)."""
        values = np.asarray(self.history[metric])
        return int(np.argmax(values) if "acc" in metric else np.argmin(values)) + 1


def make_optimizer(spec):
    """A fresh optimizer from a name (``"adam"``), a factory (``lambda: SGD(...)``) or a config dict."""
    keras = import_keras()
    if callable(spec) and not isinstance(spec, keras.optimizers.Optimizer):
        return spec()
    if isinstance(spec, keras.optimizers.Optimizer):
        raise TypeError(
            "pass a factory such as `lambda: keras.optimizers.SGD(...)`, not an optimizer object: "
            "each variant needs a fresh optimizer (its state belongs to one model)"
        )
    return keras.optimizers.get(spec)


def train_variants(
    variants: Mapping[str, Mapping],
    data,
    *,
    epochs: int,
    base: Mapping | None = None,
    optimizer="adam",
    batch_size: int = 128,
    seed: int = 0,
    callbacks: Callable[[], list] | None = None,
    build: Callable = dense_classifier,
    verbose: int = 2,
    loss="sparse_categorical_crossentropy",
    metrics: Sequence = ("accuracy",),
) -> dict[str, Run]:
    """Train one model per variant from the same initial weights and the same shuffling.

    ``variants`` maps a name to the settings that differ from ``base``: keyword arguments of
    ``build`` (``l2=1e-3``, ``dropout=0.5``, ...) and optionally ``optimizer`` (a name or a factory).
    ``data`` has ``x_train, y_train, x_val, y_val`` (see :func:`small_mnist`). Each model is compiled
    with ``loss`` and ``metrics`` (sparse categorical cross-entropy and accuracy unless given, e.g.
    ``loss="mse", metrics=()`` for a regression). With the same ``seed`` in ``base`` every
    variant starts from the same weights; the global seed is reset to ``seed`` before each ``fit``,
    so every variant sees the batches in the same order.
    """
    keras = import_keras()
    runs = {}
    for name, settings in variants.items():
        settings = dict(settings)
        opt = make_optimizer(settings.pop("optimizer", optimizer))
        model_kwargs = {**(base or {}), **settings}
        keras.utils.set_random_seed(seed)
        model = build(**model_kwargs)
        model.compile(optimizer=opt, loss=loss, metrics=list(metrics))
        if verbose:
            print(f"--- {name}")
        start = time.perf_counter()
        hist = model.fit(
            data.x_train, data.y_train,
            validation_data=(data.x_val, data.y_val),
            epochs=epochs, batch_size=batch_size, verbose=verbose,
            callbacks=callbacks() if callbacks else None,
        )
        runs[name] = Run(name, model, {k: [float(v) for v in vs] for k, vs in hist.history.items()},
                         time.perf_counter() - start, dict(settings))
    return runs


def summarize(runs: Mapping[str, Run], data=None) -> dict[str, dict[str, float]]:
    """Per run: final train/validation loss and accuracy, the accuracy gap, the best validation epoch.

    With ``data`` (having ``x_test, y_test``) the test loss and accuracy are added.
    """
    table = {}
    for name, r in runs.items():
        row = {
            "train_loss": r.final("loss"), "val_loss": r.final("val_loss"),
            "train_acc": r.final("accuracy"), "val_acc": r.final("val_accuracy"),
        }
        row["gap"] = row["train_acc"] - row["val_acc"]
        row["best_val_epoch"] = r.best_epoch("val_loss")
        if data is not None:
            loss, acc = r.model.evaluate(data.x_test, data.y_test, verbose=0)
            row["test_loss"], row["test_acc"] = float(loss), float(acc)
        table[name] = row
    return table


def cross_entropy_and_accuracy(model, x, y, *, batch_size: int = 1024) -> tuple[float, float]:
    """Mean cross-entropy and accuracy of ``model`` on ``(x, y)`` in inference mode, *without* penalties.

    ``model.evaluate`` adds the L1/L2 penalties of the model to its loss; this does not, so models with
    and without penalties can be compared.
    """
    keras = import_keras()
    p = np.asarray(model.predict(x, batch_size=batch_size, verbose=0), dtype="float64")
    y = np.asarray(y).reshape(-1).astype(int)
    if p.ndim != 2 or len(p) != len(y):
        raise ValueError(f"predictions of shape {p.shape} do not match {len(y)} labels")
    p_true = np.clip(p[np.arange(len(y)), y], keras.config.epsilon(), 1.0)
    return float(-np.log(p_true).mean()), accuracy(y, p)


def evaluate_runs(runs: Mapping[str, Run], data) -> dict[str, dict[str, float]]:
    """Per run, in inference mode and without penalties: cross-entropy and accuracy on the training,
    validation and test sets, and the train/validation gaps (``ce_gap = val_ce - train_ce``,
    ``acc_gap = train_acc - val_acc``)."""
    table = {}
    for name, r in runs.items():
        row = {}
        for part in ("train", "val", "test"):
            row[f"{part}_ce"], row[f"{part}_acc"] = cross_entropy_and_accuracy(
                r.model, getattr(data, f"x_{part}"), getattr(data, f"y_{part}"))
        row["ce_gap"] = row["val_ce"] - row["train_ce"]
        row["acc_gap"] = row["train_acc"] - row["val_acc"]
        table[name] = row
    return table


def format_table(rows: Mapping[str, Mapping[str, float]], columns: Sequence[str] | None = None,
                 *, digits: int = 4) -> str:
    """A plain-text table: one row per name, one column per key (numbers with ``digits`` decimals)."""
    if not rows:
        return "(no rows)"
    columns = list(columns or next(iter(rows.values())).keys())

    def cell(v):
        if isinstance(v, (int, np.integer)) and not isinstance(v, bool):
            return str(int(v))
        if isinstance(v, (float, np.floating)):
            return f"{v:.{digits}f}"
        return str(v)

    body = [[str(name)] + [cell(r.get(c, "")) for c in columns] for name, r in rows.items()]
    header = ["variant"] + columns
    widths = [max(len(row[i]) for row in [header] + body) for i in range(len(header))]
    lines = ["  ".join(h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in enumerate(zip(header, widths, strict=True)))]
    lines.append("  ".join("-" * w for w in widths))
    for row in body:
        lines.append("  ".join(v.ljust(w) if i == 0 else v.rjust(w) for i, (v, w) in enumerate(zip(row, widths, strict=True))))
    return "\n".join(lines)


def plot_runs(runs: Mapping[str, Run], metric: str = "loss", *, validation: bool = False, ax=None,
              logy: bool = False, title: str | None = None):
    """One curve per run of ``metric`` against the epoch (dashed: its ``val_`` twin). Returns the figure."""
    if ax is None:
        fig, ax = plt.subplots(figsize=(6.5, 4))
    else:
        fig = ax.figure
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for i, (name, r) in enumerate(runs.items()):
        if metric not in r.history:
            raise KeyError(f"run {name!r} has no metric {metric!r}; it has {sorted(r.history)}")
        c = colours[i % len(colours)]
        epochs = np.arange(1, r.epochs + 1)
        ax.plot(epochs, r.history[metric], "o-", ms=3, color=c, label=f"{name}" + (" (train)" if validation else ""))
        if validation:
            ax.plot(epochs, r.history[f"val_{metric}"], "--", color=c, label=f"{name} (validation)")
    ax.set_xlabel("epoch")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel(metric)
    if logy:
        ax.set_yscale("log")
    ax.legend(fontsize="small", ncol=2 if validation else 1)
    if title:
        ax.set_title(title)
    fig.tight_layout()
    return fig


def weight_fraction_below(model, threshold: float, *, layer: int = 0) -> float:
    """The fraction of the kernel entries of the ``layer``-th Dense layer with ``|w| < threshold``."""
    return float(np.mean(np.abs(dense_kernel(model, layer)) < threshold))


def dense_kernel(model, layer: int = 0) -> np.ndarray:
    """The kernel (weight matrix) of the ``layer``-th Dense layer of ``model``, as NumPy."""
    keras = import_keras()
    dense = [lyr for lyr in model.layers if isinstance(lyr, keras.layers.Dense)]
    if not dense:
        raise ValueError(f"model {model.name!r} has no Dense layer")
    try:
        return np.asarray(keras.ops.convert_to_numpy(dense[layer].kernel))
    except IndexError:
        raise IndexError(f"model {model.name!r} has {len(dense)} Dense layers; layer={layer} is out of range") from None
