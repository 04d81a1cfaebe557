"""Scoring a classifier: accuracy and the mistakes it is most sure of."""

from __future__ import annotations

import numpy as np


def _labels(y) -> np.ndarray:
    """Class labels from labels (n,) or from scores/probabilities (n, classes) by argmax."""
    y = np.asarray(y)
    if y.ndim == 2:
        return y.argmax(axis=1)
    if y.ndim != 1:
        raise ValueError(f"expected labels (n,) or scores (n, classes), got shape {y.shape}")
    return y.astype(int)


def accuracy(y_true, y_pred) -> float:
    """Fraction of correct predictions; ``y_pred`` may be labels or class probabilities."""
    t, p = _labels(y_true), _labels(y_pred)
    if t.shape != p.shape:
        raise ValueError(f"y_true and y_pred differ in length: {len(t)} vs {len(p)}")
    if len(t) == 0:
        raise ValueError("accuracy of an empty set is undefined")
    return float((t == p).mean())


def worst_mistakes(y_true, probs, k: int = 8) -> np.ndarray:
    """Indices of the ``k`` wrong predictions made with the highest confidence, most confident first.

    ``probs`` is ``(n, classes)`` (what ``model.predict`` returns for a softmax output). The
    confidence of a prediction is the probability of the predicted class. Ties keep data order.
    Fewer than ``k`` indices come back when there are fewer mistakes.
    """
    probs = np.asarray(probs)
    if probs.ndim != 2:
        raise ValueError(f"probs must have shape (n, classes), got {probs.shape}")
    t = _labels(y_true)
    if len(t) != len(probs):
        raise ValueError(f"y_true and probs differ in length: {len(t)} vs {len(probs)}")
    if k < 0:
        raise ValueError(f"k must be >= 0, got {k}")
    pred = probs.argmax(axis=1)
    wrong = np.flatnonzero(pred != t)
    confidence = probs[wrong, pred[wrong]]
    order = np.argsort(-confidence, kind="stable")
    return wrong[order[:k]]


def per_class_accuracy(y_true, y_pred, num_classes: int | None = None) -> np.ndarray:
    """Accuracy within each true class (NaN for a class with no examples)."""
    t, p = _labels(y_true), _labels(y_pred)
    if t.shape != p.shape:
        raise ValueError(f"y_true and y_pred differ in length: {len(t)} vs {len(p)}")
    k = num_classes or int(max(t.max(initial=0), p.max(initial=0)) + 1)
    out = np.full(k, np.nan)
    for c in range(k):
        mask = t == c
        if mask.any():
            out[c] = (p[mask] == c).mean()
    return out
