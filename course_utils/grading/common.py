"""What every stage of the grader shares: constants, notes on what it did, nbgrader's config."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import nbformat
from nbformat.notebooknode import NotebookNode
from traitlets.config import Config

from .. import runner  # light: runner imports nbclient and Keras only inside its functions
from ..data import REPO_ROOT
from ..runner import NOTEBOOK_DIR

CHECKS_PATH = Path(__file__).resolve().parents[1] / "checks.py"
CONFIG_FILE = REPO_ROOT / "nbgrader_config.py"

DEFAULT_CELL_TIMEOUT = 180  # s per cell, smoke mode (< 60 s a notebook on 2 free cores; room for a busy grader)
DEFAULT_NOTEBOOK_TIMEOUT = 900  # s wall clock per submission (kernel start, all cells, feedback)
MAX_SUBMISSION_BYTES = 50 * 2**20
META = "course_grading"  # notebook metadata key for what the grader did
_MARK = "@@course-grader@@"

STATUS_ORDER = ("error", "invalid", "missing", "out of memory", "kernel died", "timeout", "not run",
                "flagged", "restored", "stderr", "truncated", "ok")


# --------------------------------------------------------------------------- helpers

def _notebooks(folder: Path = NOTEBOOK_DIR) -> dict[str, Path]:
    """``{file name: path}`` of the day notebooks."""
    return {p.name: p for p in runner.day_notebooks(Path(folder)).values()}


def select_notebooks(days: list[int] | None = None, folder: Path = NOTEBOOK_DIR) -> list[Path]:
    return runner.select(days, Path(folder))


def _note(nb: NotebookNode, grade_id: str, status: str, text: str) -> None:
    """Record what the grader did to one exercise: ``status`` is one of STATUS_ORDER."""
    meta = nb.metadata.setdefault(META, {})
    notes = meta.setdefault("notes", {})
    entry = notes.setdefault(grade_id, [])
    if [status, text] not in entry:
        entry.append([status, text])


def _nb_note(nb: NotebookNode, status: str, text: str) -> None:
    _note(nb, "*", status, text)


def _stream(text: str, name: str = "stdout") -> NotebookNode:
    return nbformat.v4.new_output("stream", name=name, text=text)


def _error(ename: str, evalue: str) -> NotebookNode:
    return nbformat.v4.new_output("error", ename=ename, evalue=evalue,
                                  traceback=[f"\x1b[0;31m{ename}\x1b[0m: {evalue}"])


def _course_config(root: Path, *, cell_timeout: int | None = None, extra: Config | None = None) -> Config:
    """nbgrader config for a course folder at ``root`` (``source/<assignment>/<notebook>.ipynb``).

    Starts from the repository's ``nbgrader_config.py`` (so instructors' settings apply), then points
    the course directory at ``root``.
    """
    from traitlets.config.loader import PyFileConfigLoader

    c = pipeline_config()
    if CONFIG_FILE.exists():
        c.merge(PyFileConfigLoader(CONFIG_FILE.name, path=str(CONFIG_FILE.parent)).load_config())
    c.CourseDirectory.root = str(root)
    c.CourseDirectory.source_directory = "source"
    c.CourseDirectory.course_id = "course"
    c.RestoreGradeCells.source_template = "{root}/source/{assignment}/{notebook}.ipynb"
    c.GradingExecute.source_template = "{root}/source/{assignment}/{notebook}.ipynb"
    if cell_timeout is not None:
        c.Execute.timeout = int(cell_timeout)
    if extra is not None:
        c.merge(extra)
    return c


def pipeline_config() -> Config:
    """The preprocessors this course needs; ``nbgrader_config.py`` merges this."""
    c = Config()
    c.Autograde.sanitize_preprocessors = [
        "course_utils.grading.RestoreGradeCells",
        "nbgrader.preprocessors.ClearOutput",
        "nbgrader.preprocessors.DeduplicateIds",
        "nbgrader.preprocessors.OverwriteKernelspec",
        "nbgrader.preprocessors.OverwriteCells",
        "nbgrader.preprocessors.CheckCellMetadata",
    ]
    c.Autograde.autograde_preprocessors = [
        "course_utils.grading.GradingExecute",
        "nbgrader.preprocessors.IgnorePattern",
        "nbconvert.preprocessors.ClearMetadataPreprocessor",
        "nbgrader.preprocessors.LimitOutput",
        "nbgrader.preprocessors.SaveAutoGrades",
        "nbgrader.preprocessors.AssignLatePenalties",
        "nbgrader.preprocessors.CheckCellMetadata",
    ]
    c.OverwriteCells.add_missing_cells = True
    c.OverwriteCells.missing_cell_notification = (
        "This test cell (id:{cell_id}) was missing from the submission; the grader put it back.\n")
    c.GenerateFeedback.preprocessors = [
        "nbgrader.preprocessors.GetGrades",
        "course_utils.grading.HideHiddenTests",
        "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
    ]
    c.Execute.timeout = DEFAULT_CELL_TIMEOUT
    c.Execute.startup_timeout = 300  # a kernel importing TensorFlow on a busy machine
    c.Execute.raise_on_iopub_timeout = False  # a flood of output is truncated, not a crash
    return c


def _strip_hidden(source: str) -> str:
    """``source`` as the student edition has it: nbgrader's ClearHiddenTests, line by line."""
    out, inside = [], False
    for line in source.split("\n"):
        if "### BEGIN HIDDEN TESTS" in line:
            inside = True
        elif "### END HIDDEN TESTS" in line:
            inside = False
        elif not inside:
            out.append(line)
    return "\n".join(out)


def _alembic_on_path() -> None:
    """nbgrader calls the ``alembic`` executable; make sure the environment's bin/ is on PATH."""
    bindir = str(Path(sys.executable).parent)
    if bindir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bindir + os.pathsep + os.environ.get("PATH", "")
