import numpy as np
import pytest

from course_utils.evaluation import accuracy, per_class_accuracy, worst_mistakes

PROBS = np.array(
    [
        [0.9, 0.1, 0.0],  # pred 0, true 0: right
        [0.2, 0.7, 0.1],  # pred 1, true 0: wrong, 0.7
        [0.05, 0.05, 0.9],  # pred 2, true 1: wrong, 0.9
        [0.1, 0.6, 0.3],  # pred 1, true 2: wrong, 0.6
        [0.0, 0.2, 0.8],  # pred 2, true 2: right
    ]
)
Y = np.array([0, 0, 1, 2, 2])


def test_accuracy_from_labels_and_probabilities():
    assert accuracy(Y, PROBS) == pytest.approx(0.4)
    assert accuracy(Y, PROBS.argmax(1)) == pytest.approx(0.4)
    assert accuracy([1, 1], [1, 1]) == 1.0


def test_accuracy_errors():
    with pytest.raises(ValueError, match="differ in length"):
        accuracy([0, 1], [0])
    with pytest.raises(ValueError, match="empty"):
        accuracy([], [])
    with pytest.raises(ValueError, match="shape"):
        accuracy(np.zeros((2, 2, 2)), [0, 1])


def test_worst_mistakes_most_confident_first():
    assert worst_mistakes(Y, PROBS, k=2).tolist() == [2, 1]
    assert worst_mistakes(Y, PROBS, k=10).tolist() == [2, 1, 3]
    assert worst_mistakes(Y, PROBS, k=0).tolist() == []
    assert worst_mistakes([0, 1, 2, 2, 2], PROBS).tolist() == [3]
    tied = np.array([[0.3, 0.7], [0.3, 0.7], [0.3, 0.7]])
    assert worst_mistakes([0, 1, 0], tied).tolist() == [0, 2]  # ties keep data order


def test_worst_mistakes_errors():
    with pytest.raises(ValueError, match="shape"):
        worst_mistakes(Y, PROBS[:, 0])
    with pytest.raises(ValueError, match="differ in length"):
        worst_mistakes(Y[:2], PROBS)
    with pytest.raises(ValueError, match="k must"):
        worst_mistakes(Y, PROBS, k=-1)


def test_per_class_accuracy():
    acc = per_class_accuracy(Y, PROBS, num_classes=4)
    assert acc[:3].tolist() == [0.5, 0.0, 0.5]
    assert np.isnan(acc[3])
    with pytest.raises(ValueError, match="differ in length"):
        per_class_accuracy([0], [0, 1])
