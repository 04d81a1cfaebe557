"""course_utils.checks: friendly messages, and immunity to patched NumPy functions."""

import numpy as np
import pytest

from course_utils import checks


def test_check_close_passes_and_explains_failures():
    checks.check_close("x", 1.0 + 1e-9, 1.0)
    checks.check_close("v", [1, 2, 3], np.array([1.0, 2.0, 3.0]))
    with pytest.raises(AssertionError, match=r"x: expected 2, got 3"):
        checks.check_close("x", 3.0, 2.0)
    with pytest.raises(AssertionError, match=r"w: expected shape \(4, 1\), got \(4,\)"):
        checks.check_close("w", np.zeros(4), np.zeros((4, 1)))
    with pytest.raises(AssertionError, match=r"1 of 3 values differ.*index \(1,\): expected 2, got 5"):
        checks.check_close("v", [1, 5, 3], [1, 2, 3])
    with pytest.raises(AssertionError, match="NaN"):
        checks.check_close("v", [np.nan], [1.0])
    with pytest.raises(AssertionError, match="expected numbers, got str"):
        checks.check_close("v", "abc", 1.0)


def test_unanswered_stub_is_named():
    with pytest.raises(AssertionError, match="no answer yet"):
        checks.check_close("w", None, 1.0)


def test_shape_type_equal_and_bounds():
    checks.check_shape("a", np.zeros((2, 3)), (2, 3))
    with pytest.raises(AssertionError, match=r"a: expected shape \(3, 2\), got \(2, 3\)"):
        checks.check_shape("a", np.zeros((2, 3)), (3, 2))
    checks.check_type("n", 3, int)
    with pytest.raises(AssertionError, match="expected a int, got str"):
        checks.check_type("n", "3", int)
    checks.check_equal("t", np.array([0, 1]), np.array([0, 1]))
    with pytest.raises(AssertionError, match=r"t: expected \[0 1 1 0\], got \[0 1 1 1\]"):
        checks.check_equal("t", np.array([0, 1, 1, 1]), np.array([0, 1, 1, 0]))
    with pytest.raises(AssertionError, match="expected 'Fizz', got 'Buzz'"):
        checks.check_equal("label", "Buzz", "Fizz")
    checks.check_at_least("acc", 0.95, 0.9)
    with pytest.raises(AssertionError, match="acc: expected at least 0.9, got 0.8"):
        checks.check_at_least("acc", 0.8, 0.9)
    with pytest.raises(AssertionError, match="at most"):
        checks.check_at_most("loss", 2.0, 1.0)
    with pytest.raises(AssertionError, match="expected a function"):
        checks.check_callable("f", 3)
    with pytest.raises(AssertionError, match="custom"):
        checks.check_true(False, "custom")


def test_patching_numpy_does_not_fool_the_checks(monkeypatch):
    monkeypatch.setattr(np, "isclose", lambda *a, **k: np.ones(np.shape(a[0]), bool))
    monkeypatch.setattr(np, "allclose", lambda *a, **k: True)
    monkeypatch.setattr(np, "array_equal", lambda *a, **k: True)
    with pytest.raises(AssertionError):
        checks.check_close("x", 3.0, 2.0)
    with pytest.raises(AssertionError):
        checks.check_equal("t", np.array([1]), np.array([2]))


def test_an_answer_that_claims_to_equal_everything_fails():
    class Liar:
        def __eq__(self, other):
            return True

        __hash__ = object.__hash__

    for expected in ((8, 5), "Fizz", 14, [1, 2], np.array([0, 1])):
        with pytest.raises(AssertionError, match="expected"):
            checks.check_equal("x", Liar(), expected)
    with pytest.raises(AssertionError, match=r"expected \(8, 5\), got \(8, <.*Liar object"):
        checks.check_equal("x", (8, Liar()), (8, 5))


def test_equal_accepts_the_same_content_in_a_close_type():
    checks.check_equal("epochs", (np.int64(8), 5), (8, 5))
    checks.check_equal("list vs tuple", [1, 2], (1, 2))
    checks.check_equal("bool", np.bool_(True), True)
    with pytest.raises(AssertionError, match=r"expected '3', got 3 \(int\)"):
        checks.check_equal("s", 3, "3")


def test_bounds_say_what_was_given():
    checks.check_at_least("accuracy", np.float32(0.99), 0.98)
    checks.check_at_most("parameters", 9_000, 10_000)
    for check, bound in ((checks.check_at_least, 0.98), (checks.check_at_most, 10_000)):
        with pytest.raises(AssertionError, match=r"score: expected a number, got str: 'high'"):
            check("score", "high", bound)
        with pytest.raises(AssertionError, match=r"score: expected at (least|most) .*, got nan"):
            check("score", float("nan"), bound)
    with pytest.raises(AssertionError, match=r"accuracy: expected at least 0.98, got 0.5"):
        checks.check_at_least("accuracy", 0.5, 0.98)


def test_hidden_tests_name_the_property_not_the_expected_numbers():
    from course_utils.checks import check_close, check_equal, check_shape, hidden_tests

    with hidden_tests(), pytest.raises(checks.HomeworkError) as e:
        check_close("rows of very different scale", [0.5, 0.25], [0.125, 0.875])
    assert str(e.value).startswith("rows of very different scale: not what the instructions ask for")
    assert "0.125" not in str(e.value) and "0.875" not in str(e.value)
    with hidden_tests(), pytest.raises(checks.HomeworkError) as e:
        check_equal("labels of 1..30", ["1", "Fizz"], ["1", "2"])
    assert "Fizz" not in str(e.value) and "'2'" not in str(e.value)
    with hidden_tests(), pytest.raises(checks.HomeworkError, match=r"expected shape \(2,\), got \(3,\)"):
        check_shape("the gradient", np.zeros(3), (2,))  # a shape gives nothing away: it is still shown
    with pytest.raises(checks.HomeworkError, match="expected 0.125"):  # outside the block, the numbers are back
        check_close("visible", 0.5, 0.125)
