"""Gradient checks: finite differences, a relative error, and the gradients Keras's autodiff computes.

``numerical_gradient`` and ``relative_error`` are plain NumPy. ``keras_gradients`` asks the active
backend for the gradient of a Keras computation, and ``float64()`` makes float64 mean float64 on
every backend (JAX needs a flag); both live in ``course_utils.backend``, so notebooks stay
backend-neutral.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .backend import float64, keras_gradients  # noqa: F401  (re-exported: per-backend autodiff, float64)


def numerical_gradient(f: Callable[[], float], x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """Central differences ``(f(x + eps) - f(x - eps)) / 2 eps``, one entry of ``x`` at a time.

    ``f`` takes no argument and reads ``x`` (a float array it closes over); ``x`` is changed in place
    while the gradient is computed and restored afterwards. Use float64 arrays: with float32 the
    rounding error of ``f`` swamps the difference.
    """
    if not isinstance(x, np.ndarray) or not np.issubdtype(x.dtype, np.floating):
        raise TypeError(f"x must be a float NumPy array (changed in place), got {type(x).__name__}")
    if eps <= 0:
        raise ValueError(f"eps must be positive, got {eps}")
    grad = np.zeros_like(x, dtype=np.float64)
    it = np.nditer(x, flags=["multi_index"])
    for _ in it:
        i = it.multi_index
        old = x[i]
        x[i] = old + eps
        f_plus = float(f())
        x[i] = old - eps
        f_minus = float(f())
        x[i] = old
        grad[i] = (f_plus - f_minus) / (2 * eps)
    return grad


def relative_error(a, b, tiny: float = 1e-12) -> float:
    """``‖a − b‖ / (‖a‖ + ‖b‖)``: 0 when equal, 1 when opposite; about 1e-7 or less means "agree".

    ``a`` and ``b`` may be arrays of the same shape or lists of such arrays (all parameters of a
    network), which are compared as one long vector.
    """
    a_flat, b_flat = _flatten(a), _flatten(b)
    if a_flat.shape != b_flat.shape:
        raise ValueError(f"a and b differ in size: {a_flat.size} vs {b_flat.size} numbers")
    num = np.linalg.norm(a_flat - b_flat)
    den = np.linalg.norm(a_flat) + np.linalg.norm(b_flat)
    return float(num / max(den, tiny))


def _flatten(x) -> np.ndarray:
    if isinstance(x, (list, tuple)):
        if not x:
            return np.zeros(0)
        return np.concatenate([np.asarray(v, dtype=np.float64).ravel() for v in x])
    return np.asarray(x, dtype=np.float64).ravel()
