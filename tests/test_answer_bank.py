"""The answer bank (tests/answer_bank/): graded by ``course grade``, every correct answer earns full marks on its
exercise and every wrong answer loses points on it, for every exercise of every day.

All answers go through one sandboxed batch in smoke mode (two worker slots): slot ``cN`` holds the N-th correct
answer of every exercise, ``wN`` the N-th wrong one, the reference solution where an exercise has fewer answers than
the slots of its notebook; each slot's notebooks keep only the cells their homework needs (see ``tests/answer_bank/bank.py``). ``python tests/answer_bank/bank.py 6`` grades
one day's bank and prints what every answer got.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "answer_bank"))
import bank  # noqa: E402

from course_utils import runner  # noqa: E402
from course_utils.grading import needs, sandbox  # noqa: E402

BANKS = bank.load()
ANSWERS = bank.answers(BANKS)
DAYS = sorted(runner.day_notebooks(bank.REPO / "notebooks").values())


def _exercises(path: Path) -> list[str]:
    nb = nbformat.read(path, as_version=4)
    return [c.metadata.nbgrader["grade_id"] for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")]


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    why = sandbox.unavailable()
    if why:
        pytest.skip(f"the grading sandbox is unavailable here: {why}")
    return bank.grade_bank(tmp_path_factory.mktemp("bank"), jobs=2)


@pytest.mark.parametrize("path", DAYS, ids=[p.stem[:5] for p in DAYS])
def test_every_exercise_has_two_correct_and_three_wrong_answers(path):
    mine = BANKS.get(path.name, {})
    for ex in _exercises(path):
        kinds = mine.get(ex, {})
        assert len(kinds.get("correct", {})) >= 2 and len(kinds.get("wrong", {})) >= 3, (
            f"{path.name}: {ex} has {len(kinds.get('correct', {}))} correct and {len(kinds.get('wrong', {}))} wrong "
            "answers in tests/answer_bank (at least 2 and 3 needed)")


@pytest.mark.parametrize("answer", ANSWERS, ids=[f"{a.exercise}-{a.kind}-{a.label}" for a in ANSWERS])
def test_answer_gets_what_it_deserves(answer, graded):
    _, rows, out = graded
    ok, got = bank.verdict(answer, rows.get((answer.slot, answer.notebook, answer.exercise)))
    deserved = "full marks" if answer.kind == "correct" else "to lose points"
    assert ok, f"{answer.kind} answer '{answer.label}' to {answer.exercise} should get {deserved}, got {got}: " \
               f"{bank.failure_message(out, answer)}"
    if answer.kind == "wrong":  # and the student is told which property failed
        assert bank.failure_message(out, answer), f"'{answer.label}' lost points without a message"


def test_reference_solutions_filling_a_slot_earn_full_marks(graded):
    every, rows, out = graded
    for a in every:
        if a.label == "the reference solution (filler)":
            ok, got = bank.verdict(a, rows.get((a.slot, a.notebook, a.exercise)))
            assert ok, f"the reference solution to {a.exercise} in slot {a.slot} got {got}: {bank.failure_message(out, a)}"


def test_slots_hold_every_answer_once_and_reference_solutions_only_as_fillers(tmp_path):
    nb = nbformat.v4.new_notebook()
    code = nbformat.v4.new_code_cell
    nb.cells = [code("import numpy as np"), code("def f():\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION"),
                code("assert f() == 1"), code("def g():\n    ### BEGIN SOLUTION\n    return 2\n    ### END SOLUTION"),
                code("assert g() == 2")]
    for i, gid in ((1, "ex_f"), (3, "ex_g")):
        nb.cells[i].metadata["nbgrader"] = {"grade_id": gid, "solution": True, "grade": False}
        nb.cells[i + 1].metadata["nbgrader"] = {"grade_id": gid + "_test", "solution": False, "grade": True, "points": 1}
    for d in ("src", "rel"):
        (tmp_path / d).mkdir()
        nbformat.write(nb, tmp_path / d / "Day99_x.ipynb")
    banks = {"Day99_x.ipynb": {"ex_f": {"correct": {"a": "def f(): return 1", "b": "f = lambda: 1"},
                                        "wrong": {"c": "def f(): return 0"}},
                               "ex_g": {"correct": {"d": "def g(): return 2"}, "wrong": {}}}}
    every = bank.build(tmp_path / "rel", tmp_path / "src", tmp_path / "subs", banks)
    assert sorted(p.name for p in (tmp_path / "subs").iterdir()) == ["c0", "c1", "w0"]  # no slot of fillers only
    got = {(a.slot, a.exercise): a.label for a in every}
    assert got == {("c0", "ex_f"): "a", ("c1", "ex_f"): "b", ("w0", "ex_f"): "c", ("c0", "ex_g"): "d",
                   ("c1", "ex_g"): "the reference solution (filler)", ("w0", "ex_g"): "the reference solution (filler)"}
    w0 = nbformat.read(tmp_path / "subs" / "w0" / "Day99_x.ipynb", as_version=4)
    assert [c.source for c in w0.cells if c.metadata.get("nbgrader", {}).get("solution")] == [
        "def f(): return 0", "def g():\n    return 2\n"]


def test_slimming_keeps_the_setup_the_homework_and_what_it_uses():
    nb = nbformat.v4.new_notebook()
    code = nbformat.v4.new_code_cell
    nb.cells = [code("import numpy as np\ncfg = 1"), code("unused = np.zeros(3)"), code("x = np.ones(3)"),
                code("def helper(v):\n    return v * x"), code("%matplotlib inline\nplot = 1"),
                code("def answer():\n    raise NotImplementedError()"), code("assert answer() == helper(2).sum()")]
    nb.cells[5].metadata["nbgrader"] = {"grade_id": "ex", "solution": True, "grade": False}
    nb.cells[6].metadata["nbgrader"] = {"grade_id": "ex_test", "solution": False, "grade": True, "points": 1}
    assert bank.needed_cells(nb) == [0, 2, 3, 5, 6]
    # a name the cell assigns before reading it (a loop variable, say) is its own, not an earlier cell's
    assert needs._names("for x in range(3):\n    y = x\nz = [q for q in w]\ndef f(a):\n    return a + g + y") == (
        {"x", "y", "z", "f"}, {"w", "g"})
