"""course_utils.diagrams.draw_graph: arrows, values and gradients where they belong; bad input rejected."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from course_utils.diagrams import GRAD_COLOR, VALUE_COLOR, draw_graph  # noqa: E402

NODES = {"x1": (0, 1, "x1"), "x2": (0, 0, "x2"), "mul": (1, 0.5, "×"), "L": (2, 0.5, "L")}
EDGES = [("x1", "mul", 2.0, 3.0), ("x2", "mul", np.float64(3.0), "x1"), ("mul", "L", 6, None)]


def _texts(ax):
    return [(t.get_text(), t.get_color()) for t in ax.texts]


def test_draws_one_arrow_per_edge_with_value_above_and_gradient_below():
    fig = draw_graph(NODES, EDGES, title="a multiply node")
    assert isinstance(fig, plt.Figure)
    ax = fig.axes[0]
    arrows = [a for a in ax.texts if isinstance(a, matplotlib.text.Annotation)]
    assert len(arrows) == len(EDGES)
    texts = _texts(ax)
    # numbers as :g, symbols as text, None as nothing; values black, gradients red
    assert ("2", VALUE_COLOR) in texts and ("3", GRAD_COLOR) in texts
    assert ("3", VALUE_COLOR) in texts and ("x1", GRAD_COLOR) in texts
    assert ("6", VALUE_COLOR) in texts and ("", GRAD_COLOR) in texts
    labels = {t.get_text() for t in ax.texts if t.get_bbox_patch() is not None}
    assert labels == {"x1", "x2", "×", "L"}
    value = next(t for t in ax.texts if t.get_text() == "2" and t.get_color() == VALUE_COLOR)
    grad = next(t for t in ax.texts if t.get_text() == "3" and t.get_color() == GRAD_COLOR)
    assert value.get_position()[1] > grad.get_position()[1]  # same edge: value above, gradient below
    assert ax.get_title() == "a multiply node"
    assert not ax.axison
    plt.close(fig)


def test_axes_fit_the_nodes_and_an_existing_axes_is_used():
    fig, (left, right) = plt.subplots(1, 2)
    out = draw_graph(NODES, EDGES, ax=right, pad=0.25)
    assert out is fig
    assert right.get_xlim() == pytest.approx((-0.25, 2.25))
    assert right.get_ylim() == pytest.approx((-0.25, 1.25))
    assert not left.texts
    plt.close(fig)


def test_rejects_bad_graphs():
    with pytest.raises(ValueError, match="at least one node"):
        draw_graph({}, [])
    with pytest.raises(ValueError, match="node 'a'"):
        draw_graph({"a": (0, 0)}, [])
    with pytest.raises(ValueError, match="an edge is"):
        draw_graph(NODES, [("x1", "mul", 1.0)])
    with pytest.raises(KeyError, match="unknown node"):
        draw_graph(NODES, [("x1", "nowhere", 1.0, 1.0)])
    plt.close("all")
