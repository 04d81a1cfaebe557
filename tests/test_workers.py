"""The grading workers (course_utils/grading/workers.py): a server that forks a fresh process per submission.

The whole grading path through them is exercised by tests/test_grading.py and the answer bank; these tests
cover what those do not reach: a failing child, a dead server, the notebook time limit, no fork at all.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import nbformat
import psutil
import pytest

from course_utils import grading
from course_utils.grading import sandbox
from course_utils.grading.batch import _worker_env
from course_utils.grading.workers import Workers

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "notebooks" / "Day99_fixture.ipynb"


def _children() -> set[int]:
    return {p.pid for p in psutil.Process().children(recursive=True)}


def test_a_failing_child_writes_its_log_and_the_server_lives_on(tmp_path):
    w = Workers(_worker_env(1))
    try:
        for k in range(2):
            log = tmp_path / f"{k}.log"
            assert w.run("not json", log, tmp_path, timeout=120) == 1
            assert "JSONDecodeError" in log.read_text()
            if k == 0:
                server = w._server.pid
        assert w._server.pid == server  # one server, two children
    finally:
        w.close()
    assert w._server is None


def test_a_dead_server_costs_one_plain_process_and_is_replaced(tmp_path):
    w = Workers(_worker_env(1))
    try:
        assert w.run("not json", tmp_path / "a.log", tmp_path, timeout=120) == 1
        first = w._server.pid
        os.kill(first, 9)
        w._server.wait()
        assert w.run("not json", tmp_path / "b.log", tmp_path, timeout=120) == 1  # the plain fallback
        assert "JSONDecodeError" in (tmp_path / "b.log").read_text()
        assert w.run("not json", tmp_path / "c.log", tmp_path, timeout=120) == 1
        assert w._server.pid != first
    finally:
        w.close()


def test_without_fork_one_plain_process_per_submission(tmp_path):
    w = Workers(_worker_env(1))
    w.fork = False
    assert w.run("not json", tmp_path / "a.log", tmp_path, timeout=120) == 1
    assert w._server is None and "JSONDecodeError" in (tmp_path / "a.log").read_text()


def test_a_submission_past_the_notebook_limit_is_killed_with_its_kernel(tmp_path):
    if sandbox.unavailable():
        pytest.skip(f"the grading sandbox is unavailable here: {sandbox.unavailable()}")
    src = tmp_path / "src"
    src.mkdir()
    shutil.copyfile(FIXTURE, src / FIXTURE.name)
    nb = nbformat.read(FIXTURE, as_version=4)
    for c in nb.cells:  # an answer that never ends, under a cell limit longer than the notebook's
        if c.metadata.get("nbgrader", {}).get("grade_id") == "day99_mse":
            c.source = "while True:\n    pass"
    (tmp_path / "subs" / "s1").mkdir(parents=True)
    nbformat.write(nb, tmp_path / "subs" / "s1" / FIXTURE.name)
    before = _children()
    start = time.perf_counter()
    report = grading.grade(tmp_path / "subs", tmp_path / "out", cell_timeout=300, notebook_timeout=20, jobs=1,
                           progress=False, notebook_dir=src, feedback=False)
    assert time.perf_counter() - start < 120
    rows = grading.read_csv(tmp_path / "out" / "grades.csv")
    assert rows and all(r["status"].startswith("timeout") and float(r["score"]) == 0 for r in rows), rows
    assert report.tasks[0].seconds < 60
    time.sleep(1)
    assert _children() - before == set(), "a process of the killed submission is still running"


def test_the_trusted_kernel_is_kept_per_notebook_and_ends_with_the_server(tmp_path):
    """One trusted kernel per worker: kept while a notebook's submissions end cleanly with the lesson
    run, replaced for another notebook or after a submission that did not end cleanly, gone at the end."""
    from pathlib import Path as P

    from course_utils.grading.workers import TrustedKernels

    tk = TrustedKernels()
    try:
        first = tk.connection_file("Day01_x", tmp_path / "trusted")
        pid = int(P(first + ".pid").read_text())
        assert psutil.pid_exists(pid) and P(first).exists()
        tk.after(0)  # ended cleanly, but the lesson never ran in it: not kept
        assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
        again = tk.connection_file("Day01_x", tmp_path / "trusted")
        pid = int(P(again + ".pid").read_text())
        P(again + ".ready").write_text("")
        tk.after(0)
        assert tk.connection_file("Day01_x", tmp_path / "trusted") == again and psutil.pid_exists(pid)
        tk.after(1)  # a submission that did not end cleanly: the kernel may be mid-test
        assert tk.current is None and not P(again).exists()
        other = tk.connection_file("Day02_y", tmp_path / "trusted")
        pid = int(P(other + ".pid").read_text())
        assert "Day02_y" in other
    finally:
        tk.stop()
    assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    assert not list((tmp_path / "trusted").glob("*.json"))
