"""course_utils.plots: each returns a Figure with the expected content, and rejects bad input."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from course_utils import plots


def test_plot_history_one_panel_per_metric_with_validation():
    h = {"loss": [1.0, 0.5, 0.3], "accuracy": [0.5, 0.7, 0.8], "val_loss": [1.1, 0.7, 0.6], "val_accuracy": [0.4, 0.6, 0.7]}
    fig = plots.plot_history(h, title="t")
    assert isinstance(fig, plt.Figure)
    axes = fig.axes
    assert [ax.get_ylabel() for ax in axes] == ["loss", "accuracy"]
    assert len(axes[0].lines) == 2
    np.testing.assert_array_equal(axes[0].lines[1].get_ydata(), h["val_loss"])


def test_plot_history_accepts_a_keras_history_and_checks_input():
    class History:  # what model.fit returns exposes .history
        history = {"loss": [2.0, 1.0]}

    fig = plots.plot_history(History())
    assert len(fig.axes) == 1 and len(fig.axes[0].lines) == 1
    with pytest.raises(TypeError, match="keras History"):
        plots.plot_history([1, 2, 3])
    with pytest.raises(KeyError, match="accuracy"):
        plots.plot_history({"loss": [1.0]}, metrics=["accuracy"])


def test_decision_boundary_regions_follow_the_classifier():
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    y = np.array([0, 0, 0, 1])

    def and_gate(p):
        return (p.sum(1) > 1.5).astype(float)

    fig = plots.plot_decision_boundary(and_gate, X, y, resolution=50, title="AND")
    ax = fig.axes[0]
    assert ax.get_title() == "AND"
    assert len(ax.collections) >= 2  # filled regions + the scattered classes
    # Multi-column scores use argmax.
    fig2 = plots.plot_decision_boundary(lambda p: np.c_[1 - and_gate(p), and_gate(p)], X, y, resolution=20)
    assert isinstance(fig2, plt.Figure)
    with pytest.raises(ValueError, match=r"shape \(n, 2\)"):
        plots.plot_decision_boundary(and_gate, np.zeros((4, 3)), y)
    with pytest.raises(ValueError, match="same length"):
        plots.plot_decision_boundary(and_gate, X, y[:3])


def test_show_images_marks_wrong_predictions_in_red():
    images = np.random.default_rng(0).random((5, 28, 28, 1))
    fig = plots.show_images(images, labels=[1, 2, 3, 4, 5], predictions=[1, 2, 0, 4, 5], ncols=3)
    assert len(fig.axes) == 6  # 2 rows x 3 columns, one left empty
    titles = [ax.title for ax in fig.axes[:5]]
    assert titles[2].get_color() == "red" and titles[0].get_color() == "black"
    assert titles[2].get_text() == "label 3\npred 0"
    with pytest.raises(ValueError, match="labels has 2 entries for 5 images"):
        plots.show_images(images, labels=[1, 2])
    with pytest.raises(ValueError, match="shape"):
        plots.show_images(np.zeros((3, 4)))


def test_confusion_matrix_counts_and_plot():
    cm = plots.confusion_matrix([0, 1, 2, 2, 1], [0, 2, 2, 2, 1])
    np.testing.assert_array_equal(cm, [[1, 0, 0], [0, 1, 1], [0, 0, 2]])
    assert plots.confusion_matrix([0], [0], num_classes=4).shape == (4, 4)
    fig = plots.plot_confusion_matrix([0, 1, 1], [0, 1, 0], class_names=["a", "b"], normalize=True)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts == ["1.00", "0.00", "0.50", "0.50"]
    with pytest.raises(ValueError, match="differ in length"):
        plots.confusion_matrix([0, 1], [0])


def test_plot_spaces_draws_both_spaces_and_groups_inputs_on_one_hidden_point():
    keras = pytest.importorskip("keras")
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype="float32")
    y = np.array([0, 1, 1, 0])
    model = keras.Sequential([
        keras.Input((2,)),
        keras.layers.Dense(2, activation="sigmoid", name="hidden"),
        keras.layers.Dense(1, activation="sigmoid", name="output"),
    ])
    model.set_weights([np.array([[20.0, -20.0], [20.0, -20.0]]), np.array([-10.0, 30.0]),
                       np.array([[20.0], [20.0]]), np.array([-30.0])])
    fig = plots.plot_spaces(model, X, y, title="XOR")
    ax1, ax2 = fig.axes
    assert fig._suptitle.get_text() == "XOR"
    assert ax1.get_title() == "input space $(x_1, x_2)$" and ax2.get_title() == "hidden space $(h_1, h_2)$"
    notes = sorted(t.get_text() for t in ax2.texts)
    assert notes == ["(0,0)", "(0,1) (1,0)", "(1,1)"]  # (0,1) and (1,0) land on the same hidden point
    plt.close(fig)
    wide = keras.Sequential([keras.Input((2,)), keras.layers.Dense(3, name="hidden"), keras.layers.Dense(1, name="output")])
    with pytest.raises(ValueError, match="2 units"):
        plots.plot_spaces(wide, X, y)
