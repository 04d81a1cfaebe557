"""Checked claims: a lesson states a result, the code checks it and prints it with its numbers.

    cu.claim("Adam ends below plain SGD", ("Adam", adam), "<", ("SGD", sgd))
    ✓ Adam ends below plain SGD (Adam 0.04213 < SGD 0.1587)

A claim is a sentence of the lesson, not a test hidden in a cell: it prints as a verified sentence
with the numbers that back it, and stops the notebook with a message that names it when it fails.
The terms after the sentence are either one condition (anything true or false, with an optional
``detail``) or a chain of values and comparison operators, ``a, "<", b, "<=", c``, read like Python's
``a < b <= c``. A value may be a ``(label, number)`` pair, printed as ``label number``.

``full_only=True`` marks a claim that smoke mode's small data is too small to show: in smoke mode it is
still evaluated and printed, but a miss prints ``○ … (full mode only …)`` instead of failing.

When ``COURSE_CLAIMS`` names a file (``course run`` sets it), every claim is appended there as a JSON
line, so a run's report can count the claims each notebook checked.
"""

from __future__ import annotations

import json
import math
import operator
import os
from numbers import Number

CLAIMS_ENV = "COURSE_CLAIMS"
CHECK, SKIP = "✓", "○"

_OPS = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
}


class ClaimError(AssertionError):
    """A claim of the lesson does not hold on this run."""


def _value(term):
    return term[1] if isinstance(term, tuple) else term


def _fmt_number(x, fmt: str | None) -> str:
    if hasattr(x, "item") and getattr(x, "ndim", 0) == 0:  # NumPy / backend scalars
        x = x.item()
    if isinstance(x, bool) or not isinstance(x, Number):
        return str(x)
    if fmt:
        return format(x, fmt)
    if isinstance(x, int):
        return str(x)
    if isinstance(x, float) and (math.isnan(x) or math.isinf(x)):
        return str(x)
    return f"{x:.4g}"


def _fmt_term(term, fmt: str | None) -> str:
    if isinstance(term, tuple):
        if len(term) != 2 or not isinstance(term[0], str):
            raise TypeError(f"a labelled value is a (label, number) pair, not {term!r}")
        return f"{term[0]} {_fmt_number(term[1], fmt)}"
    return _fmt_number(term, fmt)


def _evaluate(terms: tuple, fmt: str | None) -> tuple[bool, str]:
    """(holds, evidence) for a chain ``a, op, b, op, c, …``."""
    if len(terms) < 3 or len(terms) % 2 == 0:
        raise TypeError("a chained claim reads value, operator, value[, operator, value …]")
    values, ops = terms[0::2], terms[1::2]
    for op in ops:
        if op not in _OPS:
            raise TypeError(f"unknown comparison {op!r}: use one of {', '.join(_OPS)}")
    holds = all(
        bool(_OPS[op](_value(a), _value(b))) for a, op, b in zip(values, ops, values[1:], strict=False)
    )
    parts = [_fmt_term(values[0], fmt)]
    for op, v in zip(ops, values[1:], strict=True):
        parts += [op, _fmt_term(v, fmt)]
    return holds, " ".join(parts)


def claim(statement: str, *terms, detail: str | None = None, full_only: bool = False, fmt: str | None = None) -> None:
    """Check ``statement`` and print it as ``✓ statement (evidence)``; raise :class:`ClaimError` if it fails.

    ``claim(text, condition, detail=...)`` or ``claim(text, a, "<", b[, "<=", c …])``. Returns nothing,
    so a claim on a cell's last line leaves no ``Out[]`` behind.
    """
    if not isinstance(statement, str) or not statement.strip():
        raise TypeError("a claim starts with the sentence it checks")
    if len(terms) == 1:
        holds, evidence = bool(_value(terms[0])), detail
    elif terms:
        holds, evidence = _evaluate(terms, fmt)
        if detail:
            evidence = f"{evidence}; {detail}"
    else:
        raise TypeError("a claim needs a condition, or values and comparisons, after its sentence")
    text = statement if not evidence else f"{statement} ({evidence})"
    skipped = False
    if not holds:
        from .config import is_smoke

        if full_only and is_smoke():
            skipped = True
        else:
            _record(statement, False)
            raise ClaimError(f"claim does not hold on this run: {text}")
    if skipped:
        print(f"{SKIP} {statement} (full mode only; not shown by smoke data: {evidence or 'false'})")
    else:
        print(f"{CHECK} {text}")
    _record(statement, True if not skipped else None)


def _record(statement: str, holds: bool | None) -> None:
    path = os.environ.get(CLAIMS_ENV)
    if path:
        with open(path, "a", encoding="utf-8") as f:
            f.write(json.dumps({"claim": statement, "holds": holds}, ensure_ascii=False) + "\n")


def read_claims(path: str | os.PathLike) -> list[dict]:
    from .report import read_jsonl

    return read_jsonl(path)
