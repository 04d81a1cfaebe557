"""The answer bank (tests/answer_bank/): graded by ``course grade``, every correct answer earns full marks on its
exercise and every wrong answer loses points on it, for every exercise of every day.

All answers go through one sandboxed batch in smoke mode (two worker slots): slot ``cN`` holds the N-th correct
answer of every exercise, ``wN`` the N-th wrong one, ``ref`` the committed solutions; each slot's notebooks keep only
the cells their homework needs (see ``tests/answer_bank/bank.py``). ``python tests/answer_bank/bank.py 6`` grades
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
from course_utils.grading import sandbox  # noqa: E402

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


def test_reference_solutions_earn_full_marks_in_the_slimmed_notebooks(graded):
    every, rows, _ = graded
    refs = [a for a in every if a.slot == "ref"]
    assert len(refs) == sum(len(_exercises(bank.REPO / "notebooks" / nb)) for nb in BANKS)
    for a in refs:
        assert bank.verdict(a, rows.get((a.slot, a.notebook, a.exercise)))[0], (a.exercise, rows.get((a.slot, a.notebook, a.exercise)))


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
    assert bank._names("for x in range(3):\n    y = x\nz = [q for q in w]\ndef f(a):\n    return a + g + y") == (
        {"x", "y", "z", "f"}, {"w", "g"})
