"""Homework release and autograding (``course release`` / ``course grade``, course_utils.grading).

Every day notebook in notebooks/ (and a small fixture notebook) is released and graded. To keep CI
short, all submissions go through a few ``course grade`` batches (module-scoped fixtures, two worker
processes each), and every test reads the rows it needs from the batch's grades.csv:

- batch ``main`` (``course grade`` CLI): per notebook the committed notebook (full marks), the
  student edition with only the cells its homework needs (zero, no grader error) and a cheap "attack" built from the student edition
  (tests edited, deleted, re-pointed, duplicated, moved, IPython hooks patched); for the fixture also
  patched checks/NumPy/Keras, patching during a test, a correct but noisy submission, a moved test, and
  the attacks on the verdict of ``verdict_attacks.py`` (each scores 0, the honest answers beside them
  keep their points, and no feedback shows a line of a hidden test);
- batch ``broken`` (short time limits): an infinite loop, os._exit, a kernel ignoring interrupts, and
  files that are not notebooks, invalid JSON, a missing notebook;
- batch ``rerun``: the same folder graded twice gives the same grades.csv.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from course_utils import grading, runner

sys.path.insert(0, str(Path(__file__).resolve().parent / "answer_bank"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
import bank  # noqa: E402  (tests/answer_bank/bank.py: slim())
import verdict_attacks  # noqa: E402  (the attacks on the verdict, issue #14)

REPO = Path(__file__).resolve().parents[1]
# Day 99: a number no course day uses, so releasing or grading "day 99" finds only the fixture.
FIXTURE = REPO / "tests" / "fixtures" / "notebooks" / "Day99_fixture.ipynb"
DAYS = sorted(runner.day_notebooks(REPO / "notebooks").values())
ALL = DAYS + [FIXTURE]

# The tamper suite hands in a second copy of a test cell, id and all; nbformat warns when it reads it.
pytestmark = pytest.mark.filterwarnings("ignore::nbformat.warnings.DuplicateCellId")
IDS = [p.stem for p in ALL]
COURSE = [sys.executable, "-m", "course_utils.cli"]


# ----------------------------------------------------------------------------- building submissions

def _gid(cell):
    return cell.metadata.get("nbgrader", {}).get("grade_id")


def _is_test(cell):
    m = cell.metadata.get("nbgrader", {})
    return bool(m.get("grade")) and not m.get("solution")


def _is_answer(cell):
    return bool(cell.metadata.get("nbgrader", {}).get("solution"))


def exercises(nb):
    """[(exercise, answer index, test index, points)] in order."""
    out = []
    for i, c in enumerate(nb.cells):
        if _is_test(c):
            ex = _gid(c).removesuffix("_test")
            ans = next(j for j, a in enumerate(nb.cells) if _gid(a) == ex)
            out.append((ex, ans, i, float(c.metadata.nbgrader.points)))
    return out


def code(src):
    return nbformat.v4.new_code_cell(src)


HOOKS = """\
# a student's cell trying to make every later cell (tests included) pass
ip = get_ipython()
ip.set_custom_exc((BaseException,), lambda *a, **k: None)
ip.input_transformers_cleanup.append(lambda lines: [l for l in lines if "check" not in l])
ip.events.register("pre_run_cell", lambda *a, **k: None)
"""


def attack(release_nb):
    """Student edition, lecture code removed (cheap to run), tests tampered with in every way."""
    nb = nbformat.from_dict(json.loads(json.dumps(release_nb)))
    first_code = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code")
    nb.cells = [c for i, c in enumerate(nb.cells)
                if c.cell_type != "code" or i == first_code or "nbgrader" in c.metadata]
    exs = exercises(nb)
    expect = {ex: [] for ex, *_ in exs}
    (ex1, _, t1, _) = exs[0]
    nb.cells[t1].source = "pass  # edited test"
    nb.cells[t1].metadata.nbgrader["points"] = 100
    expect[ex1] += ["test cell edited", "changed points"]
    exl, _, tl, _ = exs[-1]
    dup = nbformat.from_dict(json.loads(json.dumps(nb.cells[t1])))  # a second copy of the edited test
    expect[ex1] += ["extra copy"]
    fake = code("pass")
    fake.metadata["nbgrader"] = {"grade": True, "grade_id": "bonus_test", "locked": True, "points": 50,
                                 "schema_version": 3, "solution": False, "task": False}
    del nb.cells[tl]
    expect[exl] += ["test cell deleted"]
    if len(exs) >= 3:
        ex2, a2, t2, _ = exs[1]
        cell = nb.cells.pop(t2)
        nb.cells.insert(a2, cell)
        expect[ex2] += ["moved above its answer"]
    nb.cells.insert(first_code + 1, code(HOOKS))
    nb.cells += [fake, dup]
    return nb, expect


def set_answer(nb, ex, src):
    for c in nb.cells:
        if _gid(c) == ex:
            c.source = src


def fixture_variants(source_nb, release_nb):
    """Submissions of the fixture notebook with known answers: {student: (nb, expected rows)}."""
    out = {}
    # wrong answers plus patching what the tests rely on
    nb = nbformat.from_dict(json.loads(json.dumps(release_nb)))
    set_answer(nb, "day99_and_weights", "def and_gate_weights():\n    return np.array([1.0, 1.0]), -0.5  # OR")
    set_answer(nb, "day99_mse", "def mse(y_true, y_pred):\n    return 0.0")
    set_answer(nb, "day99_dense", "def build_model(n_in, n_out):\n"
                                  "    return keras.Sequential([keras.Input((n_in,)), keras.layers.Dense(n_out + 1)])")
    patch = code(
        "import builtins, numpy\nimport course_utils.checks as C\n"
        "C.check_equal = C.check_close = C.check_shape = lambda *a, **k: None\n"
        "numpy.array_equal = lambda *a, **k: True\n"
        "numpy.isclose = lambda a, b, **k: numpy.ones(numpy.shape(a), bool)\n"
        "keras.Model.count_params = lambda self: 15\n"
        "builtins.all = lambda *a: True\n")
    idx = next(i for i, c in enumerate(nb.cells) if _gid(c) == "day99_and_weights")
    nb.cells.insert(idx, patch)
    out["fx_patch"] = (nb, {"day99_and_weights": (0, "ok", []), "day99_mse": (0, "ok", []),
                            "day99_dense": (0, "ok", [])})  # the tests do not run where the patches are
    # wrong answers whose functions patch the checks while the test runs
    nb = nbformat.from_dict(json.loads(json.dumps(release_nb)))
    set_answer(nb, "day99_and_weights",
               "def and_gate_weights():\n    get_ipython().user_ns['check_equal'] = lambda *a, **k: None\n"
               "    get_ipython().user_ns['check_shape'] = lambda *a, **k: None\n"
               "    return np.array([1.0, 1.0]), -0.5")
    set_answer(nb, "day99_mse",
               "import sys\ndef mse(y_true, y_pred):\n"
               "    sys.modules['course_utils.checks']._isclose = lambda a, b, **k: np.ones(np.shape(a), bool)\n"
               "    return 0.0")
    set_answer(nb, "day99_dense", "def build_model(n_in, n_out):\n    raise NotImplementedError()")
    out["fx_during"] = (nb, {"day99_and_weights": (0, "ok", []), "day99_mse": (0, "ok", []),
                             "day99_dense": (0, "ok", [])})
    # correct answers, but the first test moved above its answer: that exercise scores 0
    nb = nbformat.from_dict(json.loads(json.dumps(source_nb)))
    exs = exercises(nb)
    _, a1, t1, _ = exs[0]
    nb.cells.insert(a1, nb.cells.pop(t1))
    out["fx_moved"] = (nb, {"day99_and_weights": (0, "flagged", ["moved above its answer"]),
                            "day99_mse": (3, "flagged", ["flagged at day99_and_weights"]),
                            "day99_dense": (1, "flagged", ["flagged at day99_and_weights"])})
    # correct answers that are noisy: megabytes of output from an answer cell, stderr from the answer a
    # test calls (it stays in the student's kernel: a test's output is the trusted kernel's)
    nb = nbformat.from_dict(json.loads(json.dumps(source_nb)))
    for c in nb.cells:
        if _gid(c) == "day99_and_weights":
            c.source = "print('x' * 3_000_000)\n" + c.source
        if _gid(c) == "day99_mse":
            c.source = c.source.replace("### BEGIN SOLUTION", "### BEGIN SOLUTION\n    import sys; print('warning: slow', file=sys.stderr)")
    nb.cells.insert(2, code("for i in range(50_000):\n    print(i)"))
    out["fx_noisy"] = (nb, {"day99_and_weights": (2, "truncated", ["output truncated"]),
                            "day99_mse": (3, "ok", []), "day99_dense": (1, "ok", [])})
    # the attacks on the verdict: every attacked exercise 0, every honest one full marks
    honest = {"day99_and_weights": 2, "day99_mse": 3, "day99_dense": 1}
    for student, att in {**verdict_attacks.ATTACKS, "fx_leak": {"before": "", "answers": verdict_attacks.LEAK},
                         "fx_forged": verdict_attacks.FORGED}.items():
        nb = nbformat.from_dict(json.loads(json.dumps(release_nb)))  # written into the released notebook
        for ex in honest:
            set_answer(nb, ex, att["answers"].get(ex) or next(c.source for c in source_nb.cells if _gid(c) == ex))
        first = next(i for i, c in enumerate(nb.cells) if _is_answer(c))
        if att["before"]:
            nb.cells.insert(first, code(att["before"]))
        out[student] = (nb, {ex: (0 if ex in att["answers"] else pts, None, []) for ex, pts in honest.items()})
    out["fx_forged"] = (out["fx_forged"][0], {ex: (0, "flagged", ["did not answer as agreed"]) for ex in honest})
    return out


def broken_variants(source_nb):
    out = {}
    nb = nbformat.from_dict(json.loads(json.dumps(source_nb)))
    set_answer(nb, "day99_mse", "while True:\n    pass")
    out["bk_loop"] = (nb, {"day99_and_weights": (2, "ok"), "day99_mse": (0, "timeout"), "day99_dense": (1, "ok")})
    nb = nbformat.from_dict(json.loads(json.dumps(source_nb)))
    set_answer(nb, "day99_mse", "import os\nos._exit(1)")
    out["bk_exit"] = (nb, {"day99_and_weights": (2, "ok"), "day99_mse": (0, "kernel died"),
                           "day99_dense": (0, "kernel died")})
    nb = nbformat.from_dict(json.loads(json.dumps(source_nb)))
    set_answer(nb, "day99_mse", "import signal, time\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\n"
                                "while True:\n    time.sleep(0.01)")
    out["bk_hang"] = (nb, {"day99_and_weights": (2, "ok"), "day99_mse": (0, "kernel died"),
                           "day99_dense": (0, "kernel died")})
    return out


def _write(nb, path):
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)


def _run(cmd, runtime_dir=None, **kw):
    env = dict(os.environ, COURSE_SMOKE="1")
    if runtime_dir:  # where Jupyter puts kernels' connection files and IPC sockets
        env["JUPYTER_RUNTIME_DIR"] = str(runtime_dir)
    return subprocess.run(cmd, capture_output=True, text=True, env=env, **kw)


@pytest.fixture(scope="module")
def sources(tmp_path_factory):
    d = tmp_path_factory.mktemp("sources")
    for p in ALL:
        shutil.copyfile(p, d / p.name)
    return d


@pytest.fixture(scope="module")
def released(sources, tmp_path_factory):
    out = tmp_path_factory.mktemp("release")
    r = _run(COURSE + ["release", "--out", str(out), "--notebooks", str(sources)])
    assert r.returncode == 0, r.stderr[-3000:]
    return out


def _rows(results):
    rows = grading.read_csv(results / "grades.csv")
    return {(r["student"], r["notebook"], r["exercise"]): r for r in rows}


@pytest.fixture(scope="module")
def main_batch(sources, released, tmp_path_factory):
    subs = tmp_path_factory.mktemp("subs_main")
    expect_attack = {}
    for p in ALL:
        rel = nbformat.read(released / p.name, as_version=4)
        (subs / "ref").mkdir(exist_ok=True)
        (subs / "blank").mkdir(exist_ok=True)
        shutil.copyfile(p, subs / "ref" / p.name)
        # the student edition as handed out, lesson cells left out: "ref" runs them all under the grader
        nbformat.write(bank.slim(nbformat.read(released / p.name, as_version=4), nbformat.read(p, as_version=4)),
                       subs / "blank" / p.name)
        nb, exp = attack(rel)
        _write(nb, subs / "attack" / p.name)
        expect_attack[p.name] = exp
    src = nbformat.read(FIXTURE, as_version=4)
    fx = fixture_variants(src, nbformat.read(released / FIXTURE.name, as_version=4))
    for student, (nb, _) in fx.items():
        _write(nb, subs / student / FIXTURE.name)
    results = tmp_path_factory.mktemp("results_main")
    runtime = tmp_path_factory.mktemp("jupyter_runtime")
    start = time.perf_counter()
    r = _run(COURSE + ["grade", str(subs), "--out", str(results), "--notebooks", str(sources), "--jobs", "2"],
             runtime_dir=runtime)
    seconds = time.perf_counter() - start
    assert r.returncode == 0, (r.stdout + r.stderr)[-3000:]
    return {"rows": _rows(results), "results": results, "stdout": r.stdout, "stderr": r.stderr,
            "runtime": runtime,
            "attack": expect_attack, "fixture": {k: v[1] for k, v in fx.items()}, "seconds": seconds}


@pytest.fixture(scope="module")
def broken_batch(sources, tmp_path_factory):
    subs = tmp_path_factory.mktemp("subs_broken")
    src = nbformat.read(FIXTURE, as_version=4)
    variants = broken_variants(src)
    for student, (nb, _) in variants.items():
        _write(nb, subs / student / FIXTURE.name)
    name = FIXTURE.name
    for student, content in {"bk_garbage": b"\x00\x01\xffnot a notebook", "bk_badjson": b'{"cells": [',
                             "bk_notnb": b'{"hello": "world"}',
                             "bk_invalid": b'{"cells": [{"cell_type": "code"}], "metadata": {}, '
                                           b'"nbformat": 4, "nbformat_minor": 5}'}.items():
        (subs / student).mkdir()
        (subs / student / name).write_bytes(content)
    (subs / "bk_missing").mkdir()
    (subs / "bk_missing" / "notes.txt").write_text("my notebook is on my laptop")
    (subs / "bk_dir" / name).mkdir(parents=True)
    results = tmp_path_factory.mktemp("results_broken")
    report = grading.grade(subs, results, cell_timeout=10, notebook_timeout=240, jobs=2,
                           progress=False, notebook_dir=sources)
    return {"rows": _rows(results), "results": results, "expect": {k: v[1] for k, v in variants.items()},
            "report": report}


# ----------------------------------------------------------------------------- release

@pytest.mark.parametrize("path", ALL, ids=IDS)
def test_release_has_no_solution_or_hidden_test(path, released):
    source = nbformat.read(path, as_version=4)
    text = (released / path.name).read_text(encoding="utf-8")
    student = nbformat.reads(text, as_version=4)
    secret, public = set(), set()
    for cell in source.cells:
        inside = False
        for line in cell.source.splitlines():
            s = line.strip()
            if s.startswith("### BEGIN"):
                inside = True
            elif s.startswith("### END"):
                inside = False
            elif len(s) > 3:
                (secret if inside else public).add(s)
    lines = {line.strip() for c in student.cells for line in c.source.splitlines()}
    assert not [s for s in secret - public if s in lines]  # nothing only a solution/hidden test has
    assert "### BEGIN" not in text and "### END" not in text
    for cell in student.cells:
        if _is_answer(cell) and cell.cell_type == "code":
            assert "raise NotImplementedError()" in cell.source
        if _is_test(cell):
            assert cell.metadata.nbgrader["locked"] and cell.metadata["editable"] is False
            assert cell.metadata["deletable"] is False
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None
    # every exercise of the source is in the student edition, with the same points
    assert [(e, p) for e, _, _, p in exercises(student)] == [(e, p) for e, _, _, p in exercises(source)]


def test_release_refuses_a_leak(tmp_path):
    nb = nbformat.read(FIXTURE, as_version=4)
    text = json.dumps(nbformat.from_dict(nb))  # the source itself "released"
    assert grading.leaked_lines(nb, text)


# ----------------------------------------------------------------------------- main batch

@pytest.mark.parametrize("path", ALL, ids=IDS)
def test_committed_notebook_scores_full_marks(path, main_batch):
    rows = [r for (s, n, _), r in main_batch["rows"].items() if s == "ref" and n == path.name]
    assert len(rows) == len(exercises(nbformat.read(path, as_version=4))) >= 2
    for r in rows:
        assert (r["status"], float(r["score"])) == ("ok", float(r["max_score"])), r


@pytest.mark.parametrize("path", ALL, ids=IDS)
def test_student_edition_scores_zero_without_grader_error(path, main_batch):
    rows = [r for (s, n, _), r in main_batch["rows"].items() if s == "blank" and n == path.name]
    assert rows
    for r in rows:
        assert (r["status"], float(r["score"])) == ("ok", 0.0), r
        assert float(r["max_score"]) > 0


@pytest.mark.parametrize("path", ALL, ids=IDS)
def test_tampered_tests_gain_nothing(path, main_batch):
    source = nbformat.read(path, as_version=4)
    points = {e: p for e, _, _, p in exercises(source)}
    rows = {e: r for (s, n, e), r in main_batch["rows"].items() if s == "attack" and n == path.name}
    assert set(rows) == set(points)  # the made-up "bonus_test" cell is no exercise
    for ex, wants in main_batch["attack"][path.name].items():
        r = rows[ex]
        assert float(r["score"]) == 0 and float(r["max_score"]) == points[ex], r
        assert r["status"].startswith("flagged"), r
        for w in wants:
            assert w in r["status"], (w, r)


@pytest.mark.parametrize("student", ["fx_patch", "fx_during", "fx_moved", "fx_noisy", *verdict_attacks.ATTACKS, "fx_leak",
                                     "fx_forged"])
def test_fixture_submissions(student, main_batch):
    for ex, (score, kind, words) in main_batch["fixture"][student].items():
        r = main_batch["rows"][(student, FIXTURE.name, ex)]
        assert float(r["score"]) == score, r
        if kind is not None:
            assert r["status"].split(":")[0] == kind, r
        for w in words:
            assert w in r["status"], (w, r)


def _hidden_lines(nb) -> set[str]:
    """The lines only the hidden tests have (stripped, longer than a few characters)."""
    hidden, public = set(), set()
    for cell in nb.cells:
        inside = False
        for line in cell.source.splitlines():
            s = line.strip()
            if s.startswith("### BEGIN HIDDEN TESTS"):
                inside = True
            elif s.startswith("### END HIDDEN TESTS"):
                inside = False
            elif len(s) > 12:
                (hidden if inside else public).add(s)
    return hidden - public


def test_no_feedback_shows_a_line_of_a_hidden_test(main_batch):
    """Not in the code shown, not in a traceback: a hidden test's message only (issue #14)."""
    import html as html_lib
    import re

    fb = main_batch["results"] / "feedback"
    checked = 0
    for p in ALL:
        secret = _hidden_lines(nbformat.read(p, as_version=4))
        assert secret, p.name
        for page in fb.glob(f"*/{p.stem}.html"):
            text = html_lib.unescape(re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8")))
            shown = secret & {line.strip() for line in text.splitlines()}
            assert not shown, (page, sorted(shown)[:3])
            checked += 1
    assert checked >= 3 * len(ALL)


def test_feedback_per_student_and_notebook(main_batch):
    fb = main_batch["results"] / "feedback"
    for student in ("ref", "blank", "attack"):
        for p in ALL:
            assert (fb / student / f"{p.stem}.html").is_file()
    html = (fb / "blank" / f"{FIXTURE.stem}.html").read_text()
    assert "AND with the rows reversed" not in html  # hidden tests' code is not shown
    assert (fb / "fx_noisy" / f"{FIXTURE.stem}.html").stat().st_size < 4_000_000


def test_cli_prints_progress_and_summary(main_batch):
    assert "grading" in main_batch["stderr"]  # tqdm's bar
    assert "mean score" in main_batch["stdout"] and "worker(s)" in main_batch["stdout"]


def test_grading_kernels_use_ipc_sockets_not_ports():
    """Two workers' kernels can't race for one TCP port: they talk over unique IPC socket files."""
    ex = grading.GradingExecute(kernel_name="python3")
    a, b = ex.create_kernel_manager(), ex.create_kernel_manager()
    if os.name != "posix":
        pytest.skip("IPC transport is POSIX only")
    assert a.transport == b.transport == "ipc"
    assert os.path.isabs(a.ip) and a.ip != b.ip


def test_grading_leaves_no_kernel_files_behind(main_batch):
    assert sorted(p.name for p in main_batch["runtime"].iterdir()) == []


def test_csv_columns(main_batch):
    header = (main_batch["results"] / "grades.csv").read_text().splitlines()[0]
    assert header == "student,notebook,exercise,score,max_score,status"


# ----------------------------------------------------------------------------- broken batch

@pytest.mark.parametrize("student", ["bk_loop", "bk_exit", "bk_hang"])
def test_runaway_submissions(student, broken_batch):
    for ex, (score, kind) in broken_batch["expect"][student].items():
        r = broken_batch["rows"][(student, FIXTURE.name, ex)]
        assert float(r["score"]) == score, r
        assert r["status"].split(":")[0] == kind, r


@pytest.mark.parametrize("student,kind", [
    ("bk_garbage", "invalid"), ("bk_badjson", "invalid"), ("bk_notnb", "invalid"),
    ("bk_invalid", "invalid"), ("bk_missing", "missing"), ("bk_dir", "invalid")])
def test_unreadable_submissions_get_a_row(student, kind, broken_batch):
    rows = [r for (s, n, e), r in broken_batch["rows"].items() if s == student and n == FIXTURE.name]
    assert len(rows) == 3
    for r in rows:
        assert r["status"].split(":")[0] == kind and float(r["score"]) == 0, r
    assert (broken_batch["results"] / "feedback" / student / f"{FIXTURE.stem}.html").is_file()


def test_unknown_files_are_listed(broken_batch):
    r = broken_batch["rows"][("bk_missing", "notes.txt", "")]
    assert r["status"].startswith("ignored")


# ----------------------------------------------------------------------------- determinism

def test_regrading_gives_the_same_grades(sources, released, tmp_path):
    subs = tmp_path / "subs"
    _write(nbformat.read(FIXTURE, as_version=4), subs / "a" / FIXTURE.name)
    nb, _ = attack(nbformat.read(released / FIXTURE.name, as_version=4))
    _write(nb, subs / "b" / FIXTURE.name)
    (subs / "c").mkdir()
    (subs / "c" / FIXTURE.name).write_text("{")
    out = tmp_path / "results"
    first = grading.grade(subs, out, jobs=2, progress=False, notebook_dir=sources)
    csv1 = (out / "grades.csv").read_text()
    grading.grade(subs, out, jobs=2, progress=False, notebook_dir=sources)
    assert (out / "grades.csv").read_text() == csv1
    assert {r.student for r in first.rows} == {"a", "b", "c"}


# ----------------------------------------------------------------------------- plain nbgrader

def test_plain_nbgrader_from_the_repository_root(tmp_path):
    """The repository's nbgrader_config.py: assignment ``notebooks`` = the notebooks/ folder."""
    root = tmp_path / "course"
    (root / "notebooks").mkdir(parents=True)
    shutil.copyfile(FIXTURE, root / "notebooks" / FIXTURE.name)
    shutil.copyfile(REPO / "nbgrader_config.py", root / "nbgrader_config.py")
    nbgrader = [str(Path(sys.executable).parent / "nbgrader")]
    env_path = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")
    run = lambda *a: subprocess.run(nbgrader + list(a), cwd=root, capture_output=True, text=True,  # noqa: E731
                                    env=dict(os.environ, PATH=env_path))
    r = run("generate_assignment", "notebooks", "--force")
    assert r.returncode == 0, r.stdout + r.stderr
    released = root / "release" / "notebooks" / FIXTURE.name
    assert "raise NotImplementedError()" in released.read_text()
    sub = root / "submitted" / "s1" / "notebooks"
    sub.mkdir(parents=True)
    shutil.copyfile(FIXTURE, sub / FIXTURE.name)
    r = run("autograde", "notebooks", "--force")
    assert r.returncode == 0, r.stdout + r.stderr
    r = run("generate_feedback", "notebooks", "--force")
    assert r.returncode == 0, r.stdout + r.stderr
    assert (root / "feedback" / "s1" / "notebooks" / f"{FIXTURE.stem}.html").is_file()
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        sub = gb.find_submission_notebook(FIXTURE.stem, "notebooks", "s1")
        assert {g.name: g.score for g in sub.grades} == {
            "day99_and_weights_test": 2, "day99_mse_test": 3, "day99_dense_test": 1}


def test_cli_has_release_and_grade():
    from course_utils.cli import build_parser

    p = build_parser()
    a = p.parse_args(["grade", "subs", "--out", "res", "--timeout", "30", "--jobs", "2"])
    assert (a.timeout, a.jobs, a.submissions) == (30, 2, "subs")
    a = p.parse_args(["release", "2", "3", "--out", "x"])
    assert a.days == [2, 3]


# ----------------------------------------------------------------------------- sandbox switch

def test_grade_stops_without_bubblewrap_and_says_how_to_install(tmp_path, monkeypatch):
    from course_utils.grading import sandbox

    monkeypatch.setattr(sandbox, "unavailable", lambda: "bwrap not found; " + sandbox.INSTALL_HINT)
    (tmp_path / "subs" / "a").mkdir(parents=True)
    with pytest.raises(SystemExit) as e:
        grading.grade(tmp_path / "subs", tmp_path / "out", progress=False)
    assert "apt-get install bubblewrap" in str(e.value) and "--no-sandbox" in str(e.value)


def test_no_sandbox_is_written_into_every_row_and_the_summary(sources, tmp_path):
    subs = tmp_path / "subs"
    (subs / "c").mkdir(parents=True)
    (subs / "c" / FIXTURE.name).write_text("{")  # nothing to run: the rows and the summary are the point
    report = grading.grade(subs, tmp_path / "out", progress=False, notebook_dir=sources, sandbox=False)
    rows = grading.read_csv(tmp_path / "out" / "grades.csv")
    assert rows and all("not sandboxed" in r["status"] for r in rows)
    assert "NOT SANDBOXED" in report.table() and "WARNING" in report.table()


def test_cli_grade_has_no_sandbox_and_doctor_reports_the_sandbox():
    from course_utils.cli import _sandbox_line, build_parser

    a = build_parser().parse_args(["grade", "subs", "--out", "res", "--no-sandbox"])
    assert a.no_sandbox is True
    assert build_parser().parse_args(["grade", "subs", "--out", "res"]).no_sandbox is False
    line = _sandbox_line()
    assert line.startswith("sandboxed") or "NOT sandboxed" in line


def test_the_attacks_beat_a_verdict_in_the_students_kernel(sources):
    """The attacks of verdict_attacks.py are real: with the test cells run in the student's own kernel
    (as nbgrader does by itself), each attacked test passes. Under ``course grade`` each scores 0
    (``test_fixture_submissions``)."""
    from nbclient import NotebookClient

    src = nbformat.read(FIXTURE, as_version=4)
    for student, att in verdict_attacks.ATTACKS.items():
        nb = nbformat.from_dict(json.loads(json.dumps(src)))
        for ex, answer in att["answers"].items():
            set_answer(nb, ex, answer)
        nb.cells.insert(next(i for i, c in enumerate(nb.cells) if _is_answer(c)), code(att["before"]))
        env = dict(os.environ, COURSE_SMOKE="1")
        client = NotebookClient(nb, allow_errors=True, timeout=180, resources={"metadata": {"path": str(sources)}})
        client.km = runner.use_ipc(client.create_kernel_manager())  # no TCP port to race for
        client.execute(env=env)
        for c in nb.cells:
            if _is_test(c) and _gid(c).removesuffix("_test") in att["answers"]:
                errors = [o for o in c.outputs if o.output_type == "error"]
                assert not errors, (student, _gid(c), errors[:1])
