"""Diagrams the notebooks draw: computational graphs (Day 05).

``draw_graph`` draws a computational graph (計算圖) as circles joined by arrows, with the value each
edge carries forward written above it (black) and the gradient it carries backward below it (red).
Like the plots in ``course_utils.plots`` it returns its figure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from numbers import Number

import matplotlib.pyplot as plt

VALUE_COLOR, GRAD_COLOR = "black", "C3"


def _label(x) -> str:
    """A number as ``f"{x:g}"``, anything else (a symbol such as ``"x2"``) as text, None as nothing."""
    if x is None:
        return ""
    if hasattr(x, "item") and getattr(x, "ndim", 0) == 0:  # NumPy / backend scalars
        x = x.item()
    if isinstance(x, Number) and not isinstance(x, bool):
        return f"{x:g}"
    return str(x)


def draw_graph(
    nodes: Mapping[str, Sequence],
    edges: Sequence[Sequence],
    *,
    ax=None,
    title: str | None = None,
    pad: float = 0.5,
):
    """Draw a computational graph and return the figure.

    ``nodes`` maps a name to ``(x, y, label)``: where the node sits and the text in its circle
    (``"+"``, ``"×"``, ``"relu"``, an input's name). ``edges`` are ``(from, to, value, gradient)``:
    an arrow from node ``from`` to node ``to``, with the forward ``value`` above it and the backward
    ``gradient`` below it. A value or gradient may be a number, a text such as ``"x2"``, or None
    (nothing written). The axes fit the nodes with ``pad`` to spare and show no frame or ticks.
    """
    if not nodes:
        raise ValueError("a graph needs at least one node")
    for name, spec in nodes.items():
        if len(spec) != 3:
            raise ValueError(f"node {name!r} must be (x, y, label), got {spec!r}")
    for edge in edges:
        if len(edge) != 4:
            raise ValueError(f"an edge is (from, to, value, gradient), got {edge!r}")
        missing = [n for n in edge[:2] if n not in nodes]
        if missing:
            raise KeyError(f"edge {edge[0]!r} -> {edge[1]!r} names unknown node(s) {missing}; nodes are {sorted(nodes)}")
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 3))

    for a, b, value, grad in edges:
        (xa, ya, _), (xb, yb, _) = nodes[a], nodes[b]
        ax.annotate("", (xb, yb), (xa, ya),
                    arrowprops={"arrowstyle": "->", "color": "0.5", "shrinkA": 16, "shrinkB": 16})
        xm, ym = xa + 0.45 * (xb - xa), ya + 0.45 * (yb - ya)
        ax.text(xm, ym + 0.08, _label(value), ha="center", va="bottom", fontsize=9, color=VALUE_COLOR)
        ax.text(xm, ym - 0.08, _label(grad), ha="center", va="top", fontsize=9, color=GRAD_COLOR)
    for xn, yn, label in nodes.values():
        ax.text(xn, yn, str(label), ha="center", va="center", fontsize=10,
                bbox={"boxstyle": "circle", "fc": "white", "ec": "k"})

    xs = [spec[0] for spec in nodes.values()]
    ys = [spec[1] for spec in nodes.values()]
    ax.set_xlim(min(xs) - pad, max(xs) + pad)
    ax.set_ylim(min(ys) - pad, max(ys) + pad)
    ax.axis("off")
    if title:
        ax.set_title(title)
    return ax.figure
