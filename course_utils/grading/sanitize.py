"""Sanitize: read untrusted submissions, and put the source's graded cells back before one runs."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import nbformat
from nbformat.notebooknode import NotebookNode
from nbgrader import utils as nbg_utils
from nbgrader.api import Gradebook
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Bool, Unicode

from .common import MAX_SUBMISSION_BYTES, META, _nb_note, _note, _strip_hidden
from .report import Row, Task

# --------------------------------------------------------------------------- sanitize: RestoreGradeCells

class RestoreGradeCells(NbGraderPreprocessor):
    """Put every graded/answer cell back as the source has it; mark tests moved above their answer.

    Runs before nbgrader's own ``OverwriteCells`` (which then finds nothing left to fix) so that
    what was changed can be reported per exercise.
    """

    enabled = Bool(True).tag(config=True)
    source_template = Unicode(
        "{root}/source/{assignment}/{notebook}.ipynb",
        help="Where the source notebook lies ({root} is the folder of the gradebook); it gives the "
             "order of the cells. Without it the gradebook's order is used.",
    ).tag(config=True)

    def _source_order(self, root: str, assignment: str, notebook: str, names: list[str]) -> list[str]:
        path = Path(self.source_template.format(root=root, assignment=assignment, notebook=notebook))
        try:
            src = nbformat.read(path, as_version=4)
        except Exception:
            return names
        order = [c.metadata.get("nbgrader", {}).get("grade_id") for c in src.cells]
        order = [n for n in order if n in names]
        return order + [n for n in names if n not in order]

    def preprocess(self, nb, resources):
        nb.metadata.pop(META, None)  # only the grader writes its notes (a submission may bring its own)
        info = resources["nbgrader"]
        db_url = info["db_url"]
        root = os.path.dirname(db_url.replace("sqlite:///", "", 1))
        with Gradebook(db_url) as gb:
            src_nb = gb.find_notebook(info["notebook"], info["assignment"])
            source = {c.name: c for c in src_nb.source_cells}
            grade = {c.name: float(c.max_score) for c in src_nb.grade_cells}
            solution = {c.name for c in src_nb.solution_cells}
            task = {c.name for c in src_nb.task_cells}
            self._restore(nb, source, grade, solution, task)
            order = self._source_order(root, info["assignment"], info["notebook"], list(source))
        self._check_order(nb, order, grade, solution)
        return nb, resources

    def _restore(self, nb, source, grade, solution, task):
        # keep the last copy of each known grade id (nbgrader's DeduplicateIds keeps the last too)
        last = {}
        for i, cell in enumerate(nb.cells):
            gid = cell.metadata.get("nbgrader", {}).get("grade_id") if isinstance(
                cell.metadata.get("nbgrader"), dict) else None
            if gid in source:
                last[gid] = i
        for i, cell in enumerate(nb.cells):
            meta = cell.metadata.get("nbgrader")
            if meta is None:
                continue
            gid = meta.get("grade_id") if isinstance(meta, dict) else None
            if gid not in source or last.get(gid) != i:
                # a copy, or a cell claiming to be graded that the source does not have
                del cell.metadata["nbgrader"]
                cell.metadata.pop("deletable", None)
                cell.metadata.pop("editable", None)
                if gid in source:
                    _note(nb, gid, "restored", "an extra copy of this cell was ignored")
                elif isinstance(meta, dict) and (meta.get("grade") or meta.get("solution")):
                    _nb_note(nb, "restored", f"a cell claiming to be graded ({gid!r}) was ignored")
                continue
            src = source[gid]
            want = {
                "grade": gid in grade, "grade_id": gid, "locked": bool(src.locked),
                "schema_version": 3, "solution": gid in solution, "task": gid in task,
            }
            if gid in grade:
                want["points"] = grade[gid]
            changed = [k for k, v in want.items()
                       if k != "schema_version" and (meta.get(k) if k != "points" else
                                                     _as_float(meta.get(k))) != v]
            if cell.cell_type != src.cell_type:
                changed.append("cell_type")
                _set_cell_type(cell, src.cell_type)
            if src.locked and not _same_locked_source(cell.source, src.source):
                changed.append("source")
            if src.locked:
                cell.source = src.source
            new_meta = dict(want)
            if "checksum" in meta:
                new_meta["checksum"] = meta["checksum"]
            cell.metadata["nbgrader"] = new_meta
            if src.locked:
                cell.metadata["deletable"] = False
                cell.metadata["editable"] = False
            if "source" in changed:
                _note(nb, gid, "restored", "test cell edited; restored from the source")
            other = [k for k in changed if k != "source"]
            if other:
                _note(nb, gid, "restored", f"changed {', '.join(other)}; restored from the source")
        present = {c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells}
        for gid in grade:
            if gid not in present:
                _note(nb, gid, "restored", "test cell deleted; put back from the source")

    def _check_order(self, nb, order, grade, solution):
        """A test cell above an answer cell that comes before it in the source does not run."""
        pos = {}
        for i, cell in enumerate(nb.cells):
            gid = cell.metadata.get("nbgrader", {}).get("grade_id")
            if gid:
                pos[gid] = i
        moved = []
        for k, gid in enumerate(order):
            if gid not in grade or gid in solution or gid not in pos:
                continue
            before = [a for a in order[:k] if a in solution and a in pos and pos[a] > pos[gid]]
            if before:
                moved.append(gid)
                _note(nb, gid, "flagged", f"test cell moved above its answer cell ({', '.join(before)}); "
                                          "not run, scores 0")
        nb.metadata.setdefault(META, {})["moved"] = moved


def _same_locked_source(given: str, source: str) -> bool:
    def norm(text):
        return [line.rstrip() for line in text.strip().splitlines()]

    return norm(given) in (norm(source), norm(_strip_hidden(source)))


def _as_float(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return v


def _set_cell_type(cell, cell_type):
    cell.cell_type = cell_type
    if cell_type == "code":
        cell.outputs = []
        cell.execution_count = None
    else:
        cell.pop("outputs", None)
        cell.pop("execution_count", None)


class HideHiddenTests(NbGraderPreprocessor):
    """For ``generate_feedback``: the hidden tests' code stays hidden (their messages still show)."""

    enabled = Bool(True).tag(config=True)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code" and nbg_utils.is_grade(cell) and "### BEGIN HIDDEN TESTS" in cell.source:
            cell.source = _strip_hidden(cell.source).rstrip() + "\n# (hidden tests not shown)"
        return cell, resources


# --------------------------------------------------------------------------- reading submissions

def _read_submission(path: Path) -> tuple[NotebookNode | None, str]:
    """The submission, or None and why not. Untrusted: every failure is the reason, none escapes."""
    try:
        return _read_untrusted(path)
    except Exception as e:  # noqa: BLE001 (anything a crafted file makes a library raise)
        return None, f"invalid: could not be read ({type(e).__name__})"


def _read_untrusted(path: Path) -> tuple[NotebookNode | None, str]:
    if path.is_symlink() or not path.is_file():
        return None, "invalid: not a regular file"
    if path.stat().st_size > MAX_SUBMISSION_BYTES:
        return None, f"invalid: larger than {MAX_SUBMISSION_BYTES // 2**20} MB"
    try:
        raw = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return None, "invalid: not a text file (a notebook is JSON)"
    except OSError as e:
        return None, f"invalid: could not be read ({e.strerror})"
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as e:
        return None, f"invalid: not valid JSON ({e.msg} at line {e.lineno})"
    except (ValueError, RecursionError, MemoryError) as e:  # nested too deep, too large a number, ...
        return None, f"invalid: JSON this grader will not read ({type(e).__name__})"
    if not isinstance(data, dict) or "cells" not in data or "nbformat" not in data:
        return None, "invalid: JSON but not a notebook"
    try:
        nb = nbformat.reads(raw, as_version=4)
        nbformat.validate(nb)
    except Exception as e:  # nbformat.ValidationError and friends
        msg = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        return None, f"invalid: not a valid notebook ({msg[:120]})"
    return nb, ""


def collect(submissions: Path, notebooks: dict[str, Path]) -> tuple[list[Task], list[Row]]:
    """The tasks to grade and the rows for files that are not course notebooks."""
    submissions = Path(submissions)
    students = sorted(p for p in submissions.iterdir() if p.is_dir() and not p.name.startswith("."))
    tasks, extra = [], []
    for sdir in students:
        student = sdir.name
        for f in sorted(sdir.iterdir()):
            if f.name.startswith(".") or f.name in notebooks:
                continue
            extra.append(Row(student, f.name, "", 0.0, 0.0, "ignored: not a notebook of this course"))
        for name in notebooks:
            f = sdir / name
            if not f.exists() and not f.is_symlink():
                tasks.append(Task(student, name, None, "missing"))
                continue
            nb, why = _read_submission(f)
            tasks.append(Task(student, name, None if nb is None else f, why))
    return tasks, extra


def _student_ok(student: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._@+-]{0,99}", student))
