"""Homework release and autograding on nbgrader (``course release``, ``course grade``).

The repository's day notebooks are the nbgrader *source* notebooks. This package drives nbgrader's own
steps (``generate_assignment``, ``autograde``, ``generate_feedback``, through ``NbGraderAPI``) and adds
what a course with untrusted submissions needs on top, one module per stage:

- :mod:`.release`: the student edition, refused if any solution or hidden-test line survives.
- :mod:`.sanitize`: :class:`RestoreGradeCells`, first of nbgrader's *sanitize* preprocessors: restores
  the nbgrader metadata and the locked source of every cell the gradebook knows, drops copies and
  made-up grade ids, and marks a test cell moved above its answer (it scores 0);
  :class:`HideHiddenTests` for the feedback.
- :mod:`.execute`: :class:`GradingExecute`, nbgrader's ``Execute`` with a kernel environment (smoke
  mode), caps on every output message, and a kernel that dies or hangs costing only the cells it did
  not run. The student's kernel runs in the OS sandbox of :mod:`.sandbox`; every test cell runs in the
  trusted kernel of :mod:`.verdict` (the instructor's notebook, the answers bound to proxies into the
  student's kernel through :mod:`course_utils.remote` and :mod:`course_utils.wire`).
- :mod:`.needs`: the cells a graded run needs and the names an exercise asks for, from the code.
- :mod:`.sandbox`: the kernel's launch command wrapped in bubblewrap: its own user, PID, IPC,
  network and mount namespaces, an unprivileged user id of its own, the system, the environment and
  the course package read-only, one private writable folder, and limits (memory, processes, file
  size, CPU time). Plain ``nbgrader autograde`` with the repository's ``nbgrader_config.py`` gets it
  too.
- :mod:`.batch`: :func:`grade`: one batch over ``SUBMISSIONS/<student>/DayNN_<slug>.ipynb`` with
  ``jobs`` worker slots, each submission autograded in its own process with a wall-clock limit, so
  nothing one submission does stops the others.
- :mod:`.workers`: each worker slot's server process, which imports nbgrader once and forks a fresh
  process per submission (killed with its kernel past the notebook's time limit).
- :mod:`.report`: the rows of ``grades.csv`` and the summary table.

nbgrader is imported here; ``course_utils`` itself does not need it.
"""

from __future__ import annotations

from .batch import Task, _worker_main, collect, grade
from .common import (
                     CHECKS_PATH,
                     CONFIG_FILE,
                     DEFAULT_CELL_TIMEOUT,
                     DEFAULT_NOTEBOOK_TIMEOUT,
                     MAX_SUBMISSION_BYTES,
                     META,
                     STATUS_ORDER,
                     pipeline_config,
                     select_notebooks,
)
from .execute import GradingExecute
from .release import leaked_lines, release, secret_lines
from .report import GradeReport, Row, read_csv, write_csv
from .sanitize import HideHiddenTests, RestoreGradeCells
from .verdict import GraderError

__all__ = [
    "CHECKS_PATH", "CONFIG_FILE", "DEFAULT_CELL_TIMEOUT", "DEFAULT_NOTEBOOK_TIMEOUT", "META",
    "MAX_SUBMISSION_BYTES", "STATUS_ORDER", "GradeReport", "GraderError", "GradingExecute", "HideHiddenTests",
    "RestoreGradeCells", "Row", "Task", "_worker_main", "collect", "grade", "leaked_lines",
    "pipeline_config", "read_csv", "release", "secret_lines", "select_notebooks", "write_csv",
]
