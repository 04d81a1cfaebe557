"""Batch: ``course grade``, every submission autograded in its own worker process and sandbox."""

from __future__ import annotations

import html
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook
from traitlets.config import Config

from ..runner import NOTEBOOK_DIR
from . import sandbox as sbx
from .common import (
    DEFAULT_NOTEBOOK_TIMEOUT,
    META,
    _alembic_on_path,
    _course_config,
    _notebooks,
    select_notebooks,
)
from .release import _generate
from .report import GradeReport, Task, _exercises, _rows_for, write_csv
from .sanitize import _student_ok, collect
from .workers import Workers

NO_SANDBOX = "not sandboxed: graded with --no-sandbox"


def _worker_env(threads: int) -> dict:
    env = dict(os.environ)
    _alembic_on_path()
    env["PATH"] = os.environ["PATH"]
    env.update({
        "COURSE_SMOKE": "1", "TF_CPP_MIN_LOG_LEVEL": "3", "PYTHONWARNINGS": "ignore",
        "OMP_NUM_THREADS": str(threads), "TF_NUM_INTRAOP_THREADS": str(threads),
        "TF_NUM_INTEROP_THREADS": "1", "MKL_NUM_THREADS": str(threads),
        "XLA_FLAGS": os.environ.get("XLA_FLAGS", ""), "PYTHONHASHSEED": "0",
    })
    return env


_KERNEL_START_FAILURES = ("Address already in use", "Kernel died before replying to kernel_info",
                          "Kernel didn't respond")


def _run_task(task: Task, workdir: Path, workers: Workers, *, cell_timeout: int, notebook_timeout: int,
              sandbox: bool = True, feedback: bool = True) -> None:
    """Autograde one submission; once more if its kernel failed to start (under heavy load, say)."""
    _run_task_once(task, workdir, workers, cell_timeout=cell_timeout, notebook_timeout=notebook_timeout,
                   sandbox=sandbox, feedback=feedback)
    log = workdir / "logs" / f"{task.student}__{Path(task.notebook).stem}.log"
    text = log.read_text(errors="replace") if log.exists() else ""
    if not task.result.get("autograde", True) and any(m in text for m in _KERNEL_START_FAILURES):
        first = task.seconds
        task.status, task.result = "", {}
        _run_task_once(task, workdir, workers, cell_timeout=cell_timeout, notebook_timeout=notebook_timeout,
                       sandbox=sandbox, feedback=feedback)
        task.seconds += first


def _run_task_once(task: Task, workdir: Path, workers: Workers, *, cell_timeout: int, notebook_timeout: int,
                   sandbox: bool = True, feedback: bool = True) -> None:
    """Autograde one submission in its own process in ``workdir`` (a worker's course folder)."""
    stem = Path(task.notebook).stem
    sub = workdir / "submitted" / task.student / stem
    if sub.exists():
        shutil.rmtree(sub)
    sub.mkdir(parents=True)
    shutil.copyfile(task.path, sub / task.notebook)  # read and validated by collect()
    result_file = workdir / "results" / f"{task.student}__{stem}.json"
    result_file.parent.mkdir(exist_ok=True)
    result_file.unlink(missing_ok=True)
    args = json.dumps({"root": str(workdir), "assignment": stem, "student": task.student,
                       "cell_timeout": cell_timeout, "result": str(result_file),
                       "sandbox": sandbox, "feedback": feedback})
    log = workdir / "logs" / f"{task.student}__{stem}.log"
    log.parent.mkdir(exist_ok=True)
    start = time.perf_counter()
    if workers.run(args, log, workdir, notebook_timeout) is None:
        task.status = f"timeout: the notebook took longer than {notebook_timeout} s"
    task.seconds = time.perf_counter() - start
    if not task.status:
        try:
            task.result = json.loads(result_file.read_text())
        except (OSError, ValueError):
            tail = log.read_text(errors="replace")[-300:].strip().splitlines()
            task.status = f"error: the grader failed ({tail[-1] if tail else 'no log'})"


def _worker_main(arg: str) -> int:
    """In the worker process: nbgrader autograde + generate_feedback for one submission."""
    import logging

    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    a = json.loads(arg)
    root = Path(a["root"])
    extra = Config()
    extra.GradingExecute.sandbox = bool(a.get("sandbox", True))
    extra.GradingExecute.trusted_connection_file = a.get("trusted", "")
    cfg = _course_config(root, cell_timeout=a["cell_timeout"], extra=extra)
    api = NbGraderAPI(coursedir=CourseDirectory(config=cfg), config=cfg)
    api.log.setLevel(logging.WARNING)
    assignment, student = a["assignment"], a["student"]
    res = api.autograde(assignment, student, force=True)
    out = {"autograde": bool(res.get("success")), "log": (res.get("log") or "")[-4000:],
           "error": (res.get("error") or "")[-2000:]}
    nb_path = root / "autograded" / student / assignment / f"{assignment}.ipynb"
    if res.get("success") and nb_path.exists():
        if a.get("feedback", True):
            fb = api.generate_feedback(assignment, student, force=True)
            out["feedback"] = bool(fb.get("success"))
            html_path = root / "feedback" / student / assignment / f"{assignment}.html"
            out["feedback_path"] = str(html_path) if html_path.exists() else ""
        nb = nbformat.read(nb_path, as_version=4)
        out["notes"] = nb.metadata.get(META, {}).get("notes", {})
        with Gradebook(api.coursedir.db_url) as gb:
            sub = gb.find_submission_notebook(assignment, assignment, student)
            # the autograder's score only: a manual score nobody set here must not count
            out["grades"] = {g.name: [g.auto_score or 0.0, g.max_score] for g in sub.grades}
    Path(a["result"]).write_text(json.dumps(out))
    return 0


def grade(
    submissions: Path,
    out: Path,
    *,
    days: list[int] | None = None,
    cell_timeout: int | None = None,
    notebook_timeout: int | None = None,
    jobs: int | None = None,
    progress: bool = True,
    notebook_dir: Path = NOTEBOOK_DIR,
    sandbox: bool = True,
    feedback: bool = True,
) -> GradeReport:
    """Grade ``submissions/<student>/DayNN_<slug>.ipynb`` against the source notebooks.

    Writes ``out/grades.csv`` and ``out/feedback/<student>/<notebook>.html``; the nbgrader course
    folders of the workers stay in ``out/.work`` for inspection (they are rebuilt on every run).
    Each kernel runs in the sandbox (``sandbox.py``); where it cannot, this stops with a message that
    says how to install it, unless ``sandbox=False`` (every row's status then says so).
    ``feedback=False`` skips the feedback HTML (the answer bank needs only the grades).
    """
    from concurrent.futures import ThreadPoolExecutor
    from queue import Queue

    from tqdm.auto import tqdm

    start = time.perf_counter()
    if sandbox:
        why = sbx.unavailable()
        if why:
            raise SystemExit(f"course grade: cannot sandbox the grading kernels here: {why}")
    submissions, out = Path(submissions).resolve(), Path(out).resolve()
    if not submissions.is_dir():
        raise SystemExit(f"no such folder: {submissions}")
    available = _notebooks(notebook_dir)
    if days:
        wanted = {p.name for p in select_notebooks(days, notebook_dir)}
    else:  # the course notebooks that at least one student handed in
        wanted = {f.name for d in submissions.iterdir() if d.is_dir() for f in d.iterdir()
                  if f.name in available}
    notebooks = {n: available[n] for n in sorted(wanted)}
    tasks, extra_rows = collect(submissions, notebooks)
    for t in tasks:
        if not _student_ok(t.student) and not t.status:
            t.status, t.path = "invalid: the student folder's name is not a valid student id", None

    cfg_timeout = cell_timeout
    if cfg_timeout is None:
        cfg_timeout = int(_course_config(out).Execute.timeout)
    if notebook_timeout is None:
        notebook_timeout = max(DEFAULT_NOTEBOOK_TIMEOUT, 0)
    jobs = max(1, min(jobs or (os.cpu_count() or 1), len([t for t in tasks if not t.status]) or 1))
    threads = max(1, (os.cpu_count() or 1) // jobs)

    work = out / ".work"
    if work.exists():
        shutil.rmtree(work)
    master = work / "master"
    master.mkdir(parents=True)
    if notebooks:
        _generate(master, list(notebooks.values()))
    workers = []
    for k in range(jobs):
        wdir = work / f"worker{k}"
        shutil.copytree(master, wdir)
        workers.append(wdir)
    env = _worker_env(threads)
    env[sbx.ROOT_ENV] = sandbox_root = tempfile.mkdtemp(prefix="course-grade-")

    # one notebook after another: a worker's trusted kernel runs a notebook's lesson once for all its submissions
    todo = sorted((t for t in tasks if not t.status), key=lambda t: t.notebook)
    slots: Queue = Queue()
    servers = [Workers(env) for _ in workers]
    for w, server in zip(workers, servers, strict=True):
        slots.put((w, server))
    bar = tqdm(total=len(todo), desc="grading", unit="nb", disable=not progress)

    def run(task: Task):
        wdir, server = slots.get()
        try:
            _run_task(task, wdir, server, cell_timeout=cfg_timeout, notebook_timeout=notebook_timeout,
                      sandbox=sandbox, feedback=feedback)
        except Exception as e:  # the grader's own failure on this one submission
            task.status = f"error: {type(e).__name__}: {e}"[:300]
        finally:
            slots.put((wdir, server))
            bar.set_postfix_str(f"{task.student}/{Path(task.notebook).stem}", refresh=False)
            bar.update(1)
        return task

    try:
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            list(pool.map(run, todo))
    finally:
        bar.close()
        for server in servers:
            server.close()
        shutil.rmtree(sandbox_root, ignore_errors=True)  # the private folders of killed kernels too

    exercises = {n: _exercises(p) for n, p in notebooks.items()}
    rows = list(extra_rows)
    fb_dir = out / "feedback"
    if fb_dir.exists():
        shutil.rmtree(fb_dir)
    for t in tasks:
        rows.extend(_rows_for(t, exercises[t.notebook]))
        if not feedback:
            continue
        dest = fb_dir / t.student / (Path(t.notebook).stem + ".html")
        dest.parent.mkdir(parents=True, exist_ok=True)
        src = t.result.get("feedback_path") if not t.status else None
        if src and Path(src).exists():
            shutil.copyfile(src, dest)
        else:
            why = t.status or "the grader could not grade this notebook"
            dest.write_text(
                f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(t.notebook)}</title>"
                f"</head><body><h1>{html.escape(t.notebook)}</h1><p>Student: {html.escape(t.student)}</p>"
                f"<p>Not graded: {html.escape(why)}. Score 0.</p></body></html>", encoding="utf-8")
    order = {n: i for i, n in enumerate(notebooks)}
    ex_order = {(n, ex): i for n, exs in exercises.items() for i, (ex, _, _) in enumerate(exs)}
    rows.sort(key=lambda r: (r.student, order.get(r.notebook, 10**6), r.notebook,
                             ex_order.get((r.notebook, r.exercise), 10**6)))
    if not sandbox:
        for r in rows:
            r.status = f"{r.status}; {NO_SANDBOX}"
    write_csv(out / "grades.csv", rows)
    return GradeReport(rows, tasks, time.perf_counter() - start, jobs, sandboxed=sandbox)
