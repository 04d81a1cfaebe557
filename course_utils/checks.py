"""Checks for homework cells: they say what was expected and what was given.

Every check raises ``AssertionError`` with a sentence a student can act on, e.g.
``weights: expected shape (2, 1), got (2,)``. Test cells (visible and hidden) call these, so an
nbgrader test fails with that sentence instead of a bare ``AssertionError``.

The NumPy functions used here are bound when this module is imported, so an answer cell that
reassigns, say, ``np.allclose`` does not change what these checks compute.
"""

from __future__ import annotations

import builtins
import math

import numpy as _np

_asarray = _np.asarray
_isclose = _np.isclose
_isfinite = _np.isfinite
_abs = _np.abs
_array_equal = _np.array_equal
_shape_of = _np.shape
_argmax_flat = _np.argmax
_unravel = _np.unravel_index
_float64 = _np.float64
_len = builtins.len
_isinstance = builtins.isinstance
_callable = builtins.callable
_repr = builtins.repr
_str = builtins.str
_tuple = builtins.tuple
_AssertionError = builtins.AssertionError
_bool = builtins.bool


class HomeworkError(_AssertionError):
    """A homework check failed; the message says what was expected and what was given."""


_HIDDEN = [False]  # inside ``hidden_tests()``: say which property failed, not the expected numbers


class hidden_tests:  # noqa: N801 (used as ``with hidden_tests():``, like a function)
    """Hidden tests say *what* failed (the check's name), never the numbers they expected.

    ``check_close`` and ``check_equal`` then report "not what the instructions ask for" instead of the
    expected and given values, so the feedback of a hidden test helps without giving the answer away.
    Shape, type and "no answer yet" messages are unchanged: they give nothing away.
    """

    def __enter__(self):
        self._before = _HIDDEN[0]
        _HIDDEN[0] = True
        return self

    def __exit__(self, *exc):
        _HIDDEN[0] = self._before
        return False


def _hidden_fail(name: str):
    __tracebackhide__ = True
    _fail(f"{name}: not what the instructions ask for (a hidden test: its expected values are not shown)")


def _fail(message: str):
    __tracebackhide__ = True
    raise HomeworkError(message)


def _short(value, limit: int = 200) -> str:
    text = _repr(value)
    text = _np.array2string(_asarray(value), precision=4, threshold=20) if _isinstance(value, _np.ndarray) else text
    return text if _len(text) <= limit else text[: limit - 3] + "..."


def check_defined(name: str, value, *, placeholder=None) -> None:
    """Fails if the answer is still the unfilled stub (``None`` or ``NotImplemented``)."""
    __tracebackhide__ = True
    if value is None or value is NotImplemented or value is placeholder:
        _fail(f"{name}: no answer yet. Replace the `raise NotImplementedError()` line with your code and run the cell.")


def check_type(name: str, value, expected_type) -> None:
    __tracebackhide__ = True
    if not _isinstance(value, expected_type):
        want = getattr(expected_type, "__name__", _str(expected_type))
        _fail(f"{name}: expected a {want}, got {type(value).__name__}: {_short(value)}")


def check_callable(name: str, value) -> None:
    __tracebackhide__ = True
    if not _callable(value):
        _fail(f"{name}: expected a function, got {type(value).__name__}: {_short(value)}")


def check_shape(name: str, value, expected_shape) -> None:
    __tracebackhide__ = True
    expected_shape = _tuple(expected_shape)
    try:
        shape = _tuple(_shape_of(value))
    except Exception:  # ragged lists and the like
        _fail(f"{name}: expected an array of shape {expected_shape}, got {type(value).__name__}: {_short(value)}")
    if shape != expected_shape:
        _fail(f"{name}: expected shape {expected_shape}, got {shape}")


def check_close(name: str, value, expected, *, rtol: float = 1e-5, atol: float = 1e-8) -> None:
    """Numbers or arrays equal within ``atol + rtol * |expected|``, element by element."""
    __tracebackhide__ = True
    check_defined(name, value)
    try:
        got = _asarray(value, dtype=_float64)
    except (TypeError, ValueError):
        _fail(f"{name}: expected numbers, got {type(value).__name__}: {_short(value)}")
    want = _asarray(expected, dtype=_float64)
    if got.shape != want.shape:
        _fail(f"{name}: expected shape {want.shape}, got {got.shape}")
    if not _bool(_isfinite(got).all()):
        _fail(f"{name}: contains NaN or infinity: {_short(got)}")
    ok = _isclose(got, want, rtol=rtol, atol=atol)
    if not _bool(ok.all()):
        if _HIDDEN[0]:
            _hidden_fail(name)
        if want.ndim == 0:
            _fail(f"{name}: expected {float(want):.6g}, got {float(got):.6g} (tolerance {atol + rtol * abs(float(want)):.2g})")
        diff = _abs(got - want)
        where = _unravel(_argmax_flat(diff), diff.shape)
        bad = int((~ok).sum())
        _fail(
            f"{name}: {bad} of {ok.size} values differ from the expected ones; the largest difference is at "
            f"index {_tuple(int(i) for i in where)}: expected {want[where]:.6g}, got {got[where]:.6g}.\n"
            f"expected {_short(want)}\ngot      {_short(got)}"
        )


_NUMBERS = (int, float, complex, _np.number, _np.bool_)
_SEQUENCES = (builtins.tuple, builtins.list)


def _equal(value, expected) -> bool:
    """Equality that an answer object cannot fake with an ``__eq__`` that always says True."""
    if _isinstance(expected, _SEQUENCES):
        return (
            _isinstance(value, _SEQUENCES)
            and _len(value) == _len(expected)
            and builtins.all(_equal(v, e) for v, e in builtins.zip(value, expected, strict=True))
        )
    if _isinstance(expected, _NUMBERS):
        return _isinstance(value, _NUMBERS) and _bool(value == expected)
    if type(value) is not type(expected):
        return False
    return _bool(value == expected)


def check_equal(name: str, value, expected) -> None:
    """Exact equality (labels, integers, strings, small tuples): same kind of value, same content."""
    __tracebackhide__ = True
    check_defined(name, value)
    if _isinstance(value, _np.ndarray) or _isinstance(expected, _np.ndarray):
        if not _isinstance(value, (_np.ndarray, *_SEQUENCES, *_NUMBERS)) or not _array_equal(_asarray(value), _asarray(expected)):
            if _HIDDEN[0]:
                _hidden_fail(name)
            _fail(f"{name}: expected {_short(expected)}, got {_short(value)}")
        return
    if not _equal(value, expected):
        if _HIDDEN[0]:
            _hidden_fail(name)
        got_type = f" ({type(value).__name__})" if type(value) is not type(expected) and not (
            _isinstance(value, _NUMBERS) and _isinstance(expected, _NUMBERS)) else ""
        _fail(f"{name}: expected {_short(expected)}, got {_short(value)}{got_type}")


def _number(name: str, value) -> float:
    """``value`` as a float, or a HomeworkError that says what was given instead."""
    __tracebackhide__ = True
    check_defined(name, value)
    try:
        return float(value)
    except (TypeError, ValueError):
        _fail(f"{name}: expected a number, got {type(value).__name__}: {_short(value)}")


def check_at_least(name: str, value, minimum: float) -> None:
    """A score (accuracy, say) that must reach ``minimum``."""
    __tracebackhide__ = True
    v = _number(name, value)
    if math.isnan(v) or v < minimum:
        _fail(f"{name}: expected at least {minimum:.4g}, got {v:.4g}")


def check_at_most(name: str, value, maximum: float) -> None:
    __tracebackhide__ = True
    v = _number(name, value)
    if math.isnan(v) or v > maximum:
        _fail(f"{name}: expected at most {maximum:.4g}, got {v:.4g}")


def check_true(condition, message: str) -> None:
    """A custom condition; ``message`` says what was expected."""
    __tracebackhide__ = True
    if not _bool(condition):
        _fail(message)
