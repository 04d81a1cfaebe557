"""The answer bank: answers students would write, graded by ``course grade`` to prove each test fair and discriminating.

Each ``dayNN.py`` here holds one day's answers::

    NOTEBOOK = "Day01_machine_learning_basics.ipynb"
    BANK = {
        "day01_closed_form": {                      # the grade_id of the answer cell
            "correct": {"with arrays": SRC, ...},   # follow the instructions: must earn full marks
            "wrong": {"divides by n - 1": SRC, ...},  # a mistake students make: must lose points
        },
    }

An answer is the whole source of the answer cell (`with_edits` writes a wrong one as a correct one with
its mistake spelled out). To keep the grading short, submissions are *slots*:
slot ``c0`` holds the first correct answer of every exercise of every notebook, ``w0`` the first wrong
answer, and so on; an exercise with fewer answers than the slot gets the reference solution, which must
then earn full marks too. A slot's notebook keeps only the cells the homework needs: the first code cell
(setup), every nbgrader cell, and the lesson cells that define a name those cells use (found from the
code, transitively). All slots go through one ``course grade`` batch, sandboxed, in smoke mode, exactly
as a class would. (The committed notebooks, whole, are graded by ``tests/test_grading.py``.)

    python tests/answer_bank/bank.py 1 6      # grade the banks of days 1 and 6; print what each answer got
"""

from __future__ import annotations

import copy
import importlib.util
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from course_utils.grading.needs import needed_cells  # noqa: E402  (the cells a homework needs)

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SOLUTION = re.compile(r"^[ \t]*### (BEGIN|END) SOLUTION[ \t]*\n?", re.M)


@dataclass(frozen=True)
class Answer:
    notebook: str  # file name
    exercise: str  # grade_id of the answer cell
    kind: str  # "correct" or "wrong"
    label: str
    source: str
    slot: str = ""  # the student folder it is graded in


def with_edits(source: str, edits: list[tuple[str, str]]) -> str:
    """``source`` with each ``old`` text replaced by ``new``: a wrong answer written as a correct one with its
    mistake spelled out. Each ``old`` must occur exactly once, so a change to the base cannot silently drop
    a mistake."""
    for old, new in edits:
        if source.count(old) != 1:
            raise ValueError(f"not exactly once in the base answer: {old!r}")
        source = source.replace(old, new)
    return source


def load(days: list[int] | None = None) -> dict[str, dict]:
    """{notebook: BANK} for every ``dayNN.py`` (or only ``days``)."""
    banks = {}
    for path in sorted(HERE.glob("day[0-9][0-9].py")):
        if days and int(path.stem[3:]) not in days:
            continue
        spec = importlib.util.spec_from_file_location(f"answer_bank_{path.stem}", path)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        banks[mod.NOTEBOOK] = mod.BANK
    return banks


def answers(banks: dict[str, dict]) -> list[Answer]:
    """Every answer with the slot it is graded in."""
    out = []
    for nb, bank in banks.items():
        for ex, kinds in bank.items():
            for kind in ("correct", "wrong"):
                for k, (label, src) in enumerate(kinds.get(kind, {}).items()):
                    out.append(Answer(nb, ex, kind, label, src, f"{kind[0]}{k}"))
    return out


# ----------------------------------------------------------------------------- the cells a homework needs

def slim(nb, source=None):
    """The notebook with only the code cells its homework needs (markdown dropped too).

    ``source``: the notebook whose code decides what is needed (the source notebook, hidden tests and
    solutions included; the student edition has the same cells in the same order); default ``nb``.
    """
    nb = copy.deepcopy(nb)
    source = nb if source is None else source
    if len(source.cells) != len(nb.cells):
        raise ValueError("the source notebook and its student edition have different cells")
    keep = set(needed_cells(source))
    nb.cells = [c for i, c in enumerate(nb.cells) if i in keep]
    return nb


# ----------------------------------------------------------------------------- building and grading

def _gid(cell) -> str | None:
    return cell.metadata.get("nbgrader", {}).get("grade_id")


def reference_solutions(source_nb) -> dict[str, str]:
    """{exercise: the committed solution, markers removed}."""
    return {_gid(c): SOLUTION.sub("", c.source) for c in source_nb.cells
            if c.metadata.get("nbgrader", {}).get("solution")}


def build(released: Path, sources: Path, submissions: Path, banks: dict[str, dict]) -> list[Answer]:
    """One folder per slot under ``submissions``; returns the answers, each with its slot.

    A slot's exercise without an answer of its own gets the reference solution, returned as a correct
    answer labelled "the reference solution (filler)": it must earn full marks like any other.
    """
    every = answers(banks)
    for nbname in banks:
        slots = sorted({a.slot for a in every if a.notebook == nbname})  # no slot of fillers only
        source = nbformat.read(sources / nbname, as_version=4)
        refs = reference_solutions(source)
        base = slim(nbformat.read(released / nbname, as_version=4), source)
        unknown = set(banks[nbname]) - set(refs)
        if unknown:
            raise KeyError(f"{nbname}: the bank names exercises the notebook lacks: {sorted(unknown)}")
        for slot in slots:
            mine = {a.exercise: a.source for a in every if a.notebook == nbname and a.slot == slot}
            every += [Answer(nbname, ex, "correct", "the reference solution (filler)", src, slot)
                      for ex, src in refs.items() if ex not in mine]
            nb = copy.deepcopy(base)
            for cell in nb.cells:
                if cell.metadata.get("nbgrader", {}).get("solution"):
                    cell.source = mine.get(_gid(cell), refs[_gid(cell)])
            (submissions / slot).mkdir(parents=True, exist_ok=True)
            nbformat.write(nb, submissions / slot / nbname)
    return every


def failure_message(out: Path, answer: Answer) -> str:
    """The last line of the error its test cell printed (from the autograded notebook), if any."""
    test_id = f"{answer.exercise}_test"
    for path in (out / ".work").glob(f"worker*/autograded/{answer.slot}/*/{answer.notebook}"):
        nb = nbformat.read(path, as_version=4)
        for c in nb.cells:
            if _gid(c) == test_id:
                for o in c.get("outputs", []):
                    if o.get("output_type") == "error":
                        return f"{o.get('ename')}: {o.get('evalue', '')}".strip()[:300]
                    if o.get("name") == "stderr":
                        return o.get("text", "").strip().splitlines()[-1][:300] if o.get("text") else "stderr"
    return ""


def grade_bank(work: Path, days: list[int] | None = None, jobs: int = 2, progress: bool = False):
    """Release, build and grade; returns (answers, {(slot, notebook, exercise): row}, out folder)."""
    import shutil

    from course_utils import grading

    banks = load(days)
    sources = work / "sources"
    sources.mkdir(parents=True, exist_ok=True)
    for nbname in banks:
        shutil.copyfile(REPO / "notebooks" / nbname, sources / nbname)
    released = work / "release"
    grading.release(None, released, notebook_dir=sources)
    every = build(released, sources, work / "submissions", banks)
    out = work / "results"
    grading.grade(work / "submissions", out, jobs=jobs, progress=progress, notebook_dir=sources, feedback=False)
    rows = {(r["student"], r["notebook"], r["exercise"]): r for r in grading.read_csv(out / "grades.csv")}
    return every, rows, out


def verdict(answer: Answer, row: dict | None) -> tuple[bool, str]:
    """(as expected, what it got)."""
    if row is None:
        return False, "no row in grades.csv"
    score, most = float(row["score"]), float(row["max_score"])
    got = f"{score:g}/{most:g} ({row['status']})"
    if answer.kind == "correct":
        return score == most and most > 0, got
    return score < most, got


def main(argv: list[str]) -> int:
    import tempfile
    import time

    days = [int(a) for a in argv] or None
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        every, rows, out = grade_bank(Path(tmp), days, progress=True)
        bad = 0
        for a in every:
            ok, got = verdict(a, rows.get((a.slot, a.notebook, a.exercise)))
            bad += not ok
            msg = "" if a.kind == "correct" and ok else (failure_message(out, a).splitlines() or [""])[0][:160]
            print(f"{'ok ' if ok else 'BAD'} {a.exercise:<28} {a.kind:<7} {a.label[:44]:<44} {got}  {msg}")
    n_c = sum(a.kind == "correct" for a in every)
    print(f"{len(every)} answers ({n_c} correct, {len(every) - n_c} wrong), {bad} not as expected, "
          f"{time.perf_counter() - start:.0f} s")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    raise SystemExit(main(sys.argv[1:]))
