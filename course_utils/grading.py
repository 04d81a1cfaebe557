"""Homework release and autograding on nbgrader (``course release``, ``course grade``).

The repository's day notebooks are the nbgrader *source* notebooks. This module drives nbgrader's own
steps (``generate_assignment``, ``autograde``, ``generate_feedback``, through ``NbGraderAPI``) and adds
what a course with untrusted submissions needs on top:

- :class:`RestoreGradeCells`, first of nbgrader's *sanitize* preprocessors: restores the nbgrader
  metadata and the locked source of every cell the gradebook knows (edited tests, changed points,
  cells turned into something else), drops copies and made-up grade ids, and marks a test cell that
  was moved above its answer so that it scores 0. Deleted test cells are put back by nbgrader
  (``OverwriteCells.add_missing_cells``). What it did is kept in ``nb.metadata["course_grading"]``.
- :class:`GuardedExecute`, nbgrader's ``Execute`` with:
  a kernel environment (``COURSE_SMOKE=1``), a guard started in the kernel before any submitted code
  (snapshot of NumPy, Keras, ``course_utils``, builtins and IPython's hooks, plus an audit hook that
  blocks reading the solutions and the other submissions), a guard check before each test cell (puts
  back whatever was replaced, installs a fresh ``course_utils.checks``, flags the names) and after it
  (anything changed *during* the test: the test scores 0), a cap on each cell's output, stderr in
  test cells reported instead of zeroing a correct answer, and a kernel that dies or hangs costing
  only the cells it did not run.
- :func:`grade`: one batch over ``SUBMISSIONS/<student>/DayNN_<slug>.ipynb`` with ``jobs`` worker
  slots, each with its own nbgrader course folder and gradebook; every submission is autograded in its
  own process with a wall-clock limit, so nothing one submission does stops the others.

nbgrader is imported here at module level; ``course_utils`` itself does not need it.
"""

from __future__ import annotations

import ast
import csv
import hashlib
import html
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbformat.notebooknode import NotebookNode
from nbgrader import utils as nbg_utils
from nbgrader.api import Gradebook
from nbgrader.preprocessors import Execute, NbGraderPreprocessor
from traitlets import Bool, Dict, Integer, List, Unicode
from traitlets.config import Config

from . import runner  # light: runner imports nbclient and Keras only inside its functions
from .data import REPO_ROOT
from .runner import NOTEBOOK_DIR, IPCKernels

CHECKS_PATH = Path(__file__).resolve().parent / "checks.py"
CONFIG_FILE = REPO_ROOT / "nbgrader_config.py"

DEFAULT_CELL_TIMEOUT = 180  # s per cell, smoke mode (< 60 s a notebook on 2 free cores; room for a busy grader)
DEFAULT_NOTEBOOK_TIMEOUT = 900  # s wall clock per submission (kernel start, all cells, feedback)
MAX_SUBMISSION_BYTES = 50 * 2**20
META = "course_grading"  # notebook metadata key for what the grader did
_MARK = "@@course-grader@@"

STATUS_ORDER = ("error", "invalid", "missing", "kernel died", "timeout", "not run", "flagged",
                "restored", "stderr", "truncated", "ok")


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


def secret_lines(nb: NotebookNode) -> set[str]:
    """Lines of the solution and hidden-test regions that appear nowhere else in the notebook."""
    secret, public = set(), set()
    for cell in nb.cells:
        region = None
        for line in cell.source.splitlines():
            s = line.strip()
            if s in ("### BEGIN SOLUTION", "### BEGIN HIDDEN TESTS"):
                region = s
                continue
            if s in ("### END SOLUTION", "### END HIDDEN TESTS"):
                region = None
                continue
            (secret if region else public).add(s)
    return {s for s in secret - public if len(s) >= 4 and not s.startswith("#")}


def leaked_lines(source: NotebookNode, release_text: str) -> list[str]:
    """The secret lines of ``source`` found anywhere in ``release_text`` (the student edition's JSON)."""
    data = json.loads(release_text)
    lines = set()
    for c in data["cells"]:
        src = c.get("source", "")
        lines.update(x.strip() for x in ("".join(src) if isinstance(src, list) else src).splitlines())
        for o in c.get("outputs", []):
            lines.update(x.strip() for x in json.dumps(o).replace("\\n", "\n").splitlines())
    return sorted(s for s in secret_lines(source) if s in lines)


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
        "course_utils.grading.GuardedExecute",
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


# --------------------------------------------------------------------------- the kernel-side guard

_GUARD_SETUP = r'''
def __course_grader_setup(nonce, checks_source, checks_path, no_read, no_write, allowed):
    import builtins, sys, types, hashlib, json, threading, os, functools
    import numpy
    import course_utils  # imports Keras quietly, as every notebook's first cell does
    import keras
    import course_utils.checks
    from IPython import get_ipython

    shell = get_ipython()
    kernel = getattr(shell, "kernel", None)
    B = dict(vars(builtins))
    _isinstance, _type, _vars, _id, _len, _sorted = B["isinstance"], B["type"], B["vars"], B["id"], B["len"], B["sorted"]
    _getattr, _setattr, _delattr, _callable, _print = B["getattr"], B["setattr"], B["delattr"], B["callable"], B["print"]
    _list, _dict, _set, _str, _tuple, _enumerate = B["list"], B["dict"], B["set"], B["str"], B["tuple"], B["enumerate"]
    _exec, _compile, _Exception = B["exec"], B["compile"], B["Exception"]
    _sha, _dumps = hashlib.sha256, json.dumps
    _realpath, _fspath, _startswith = os.path.realpath, os.fspath, str.startswith
    _threads = threading.enumerate
    _modules = sys.modules
    _ModuleType, _FunctionType = types.ModuleType, types.FunctionType
    DESCR = (classmethod, staticmethod, property)
    PREFIXES = ("numpy", "keras", "course_utils", "builtins", "math", "functools", "operator",
                "tensorflow._api", "IPython.core.interactiveshell", "ipykernel.ipkernel",
                "ipykernel.kernelbase", "ipykernel.zmqshell", "ipykernel.iostream")
    SKIP_MODULES = {"course_utils.checks"}
    # set by ipykernel around every execution (stdin forwarding), not by the submission
    # swapped by IPython/ipykernel around every execution, not by the submission
    VOLATILE = {"builtins": ("input", "raw_input", "get_ipython", "display", "exit", "quit"),
                "getpass": ("getpass",)}

    def watched(v):
        return _isinstance(v, DESCR) or _isinstance(v, _ModuleType) or (
            _callable(v) and not _isinstance(v, (int, float, str, bytes, bool)))

    def is_watched_module(n):
        for p in PREFIXES:
            if n == p or _startswith(n, p + "."):
                return n not in SKIP_MODULES
        return False

    mods, mod_attrs, cls_attrs, funcs = {}, [], [], []
    seen_cls, seen_fn = _set(), _set()

    def add_function(qual, f):
        if _isinstance(f, (classmethod, staticmethod)):
            f = f.__func__
        if _isinstance(f, _FunctionType) and _id(f) not in seen_fn:
            seen_fn.add(_id(f))
            funcs.append((qual, f, f.__code__, f.__defaults__, f.__kwdefaults__))

    def add_class(cls):
        if _id(cls) in seen_cls:
            return
        seen_cls.add(_id(cls))
        modname = _getattr(cls, "__module__", "") or ""
        if not is_watched_module(modname) or modname == "builtins":
            return
        try:
            d = {k: v for k, v in _vars(cls).items() if watched(v) and k != "__dict__" and k != "__weakref__"}
        except _Exception:
            return
        qual = modname + "." + _getattr(cls, "__qualname__", "?")
        cls_attrs.append((qual, cls, d))
        for k, v in d.items():
            add_function(qual + "." + k, v)

    def snapshot_module(n, m):
        mods[n] = m
        try:
            d = {k: v for k, v in _vars(m).items() if watched(v)}
        except _Exception:
            return
        for k in VOLATILE.get(n, ()):
            d.pop(k, None)
        if n == "course_utils":
            d.pop("checks", None)
        mod_attrs.append((n, m, d))
        for k, v in d.items():
            if _isinstance(v, _type):
                add_class(v)
            else:
                add_function(n + "." + k, v)

    LIBRARIES = ("matplotlib", "matplotlib_inline", "IPython", "ipykernel", "ipywidgets", "tqdm",
                 "keras", "tensorflow", "numpy", "jax", "threading", "concurrent", "multiprocessing",
                 "absl", "comm", "traitlets", "zmq", "jupyter_client")

    def from_library(cb):
        f = _getattr(cb, "__func__", cb)
        mod = _getattr(f, "__module__", None) or ""
        if not _isinstance(mod, _str) or mod == "__main__" or _isinstance(f, functools.partial):
            return False
        return mod.split(".")[0] in LIBRARIES

    def snapshot_new_modules():
        for n, m in _list(_modules.items()):
            if n not in mods and _isinstance(m, _ModuleType) and is_watched_module(n):
                snapshot_module(n, m)

    snapshot_new_modules()
    for obj in (shell, kernel, getattr(shell, "displayhook", None), getattr(shell, "display_pub", None),
                getattr(kernel, "session", None), sys.stdout, sys.stderr,
                getattr(shell, "input_transformer_manager", None), getattr(shell, "compile", None)):
        if obj is not None:
            for cls in _type(obj).__mro__:
                if cls is not object:
                    seen_cls.discard(_id(cls))
                    modname = _getattr(cls, "__module__", "") or ""
                    d = {k: v for k, v in _vars(cls).items() if watched(v) and k not in ("__dict__", "__weakref__")}
                    cls_attrs.append((modname + "." + cls.__qualname__, cls, d))
    instances = []
    for label, obj in (("shell", shell), ("kernel", kernel)):
        if obj is not None:
            instances.append((label, obj, {k: v for k, v in _vars(obj).items() if _callable(v)}))
    itm = getattr(shell, "input_transformer_manager", None)
    lists = [("shell.input_transformers_cleanup", shell.input_transformers_cleanup),
             ("shell.input_transformers_post", shell.input_transformers_post),
             ("shell.ast_transformers", shell.ast_transformers),
             ("sys.meta_path", sys.meta_path), ("sys.path_hooks", sys.path_hooks)]
    if itm is not None:
        for a in ("cleanup_transforms", "line_transforms", "token_transformers"):
            if _isinstance(_getattr(itm, a, None), _list):
                lists.append(("input_transformer_manager." + a, _getattr(itm, a)))
    lists = [(n, l, _list(l)) for n, l in lists]
    events = {k: _list(v) for k, v in shell.events.callbacks.items()}
    sysattrs = {k: _getattr(sys, k) for k in ( "stdout", "stderr", "stdin",
                                             "meta_path", "path_hooks", "modules", "breakpointhook")}
    hooks0 = (sys.gettrace(), sys.getprofile(), threading.gettrace() if hasattr(threading, "gettrace") else None)
    custom0 = (shell.custom_exceptions, shell.CustomTB)
    threads0 = _set(_threads())
    checks_code = _compile(checks_source, checks_path, "exec")
    cu_pkg = _modules["course_utils"]
    checks_orig = _modules["course_utils.checks"]
    checks_orig_d = {k: v for k, v in _vars(checks_orig).items() if watched(v)}
    state = {"n": 0, "fresh": None, "fresh_dict": None, "user_checks": {}, "blocked": []}
    aliases = {}
    user_ns = shell.user_ns

    # ---- an audit hook (it cannot be removed): no reading the solutions or other submissions,
    # no writing to the course or the environment, no new processes, no tracing
    def _norm(p):
        try:
            if _isinstance(p, int):
                return None
            p = _fspath(p)
            if _isinstance(p, bytes):
                p = p.decode("utf-8", "replace")
            return _realpath(p)
        except _Exception:
            return None

    def _under(p, roots):
        for r in roots:
            if p == r or _startswith(p, r + os.sep):
                return True
        return False

    def audit(event, args):
        if event == "open" or event == "sqlite3.connect" or event == "os.listdir" or event == "os.scandir":
            p = _norm(args[0]) if args else None
            if p is None or _under(p, allowed):
                return
            writing = False
            if event == "open" and _len(args) > 1:
                mode = args[1]
                flags = args[2] if _len(args) > 2 else 0
                writing = (_isinstance(mode, _str) and any(c in mode for c in "wax+")) or (
                    _isinstance(flags, int) and (flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT)) != 0)
            if _under(p, no_read) or (writing and _under(p, no_write)):
                state["blocked"].append(("write " if writing else "read ") + p)
                raise PermissionError("blocked by the course grader: " + p)
        elif event in ("subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn",
                       "os.fork", "os.forkpty", "pty.spawn", "sys.settrace", "sys.setprofile",
                       "ctypes.dlopen", "ctypes.call_function", "os.kill", "os.killpg"):
            if event in ("os.kill", "os.killpg") and args and args[0] != os.getpid():
                return
            state["blocked"].append(event)
            raise PermissionError("blocked by the course grader: " + event)

    sys.addaudithook(audit)

    def token(n):
        return _sha((nonce + ":" + _str(n)).encode()).hexdigest()

    def install_fresh_checks():
        m = _ModuleType("course_utils.checks")
        m.__file__ = checks_path
        m.__package__ = "course_utils"
        _exec(checks_code, m.__dict__)
        _modules["course_utils.checks"] = m
        cu_pkg.__dict__["checks"] = m
        state["fresh"], state["fresh_dict"] = m, _dict(m.__dict__)
        state["user_checks"] = {k: user_ns.get(k) for k in m.__dict__ if not k.startswith("_")}

    def compare(restore):
        diffs = []
        od = checks_orig.__dict__
        for k, v in checks_orig_d.items():
            if od.get(k, checks_orig_d) is not v:
                diffs.append("course_utils.checks." + k)
                if restore:
                    od[k] = v
        m = _modules.get("course_utils.checks")
        if m is not checks_orig and m is not state["fresh"]:
            diffs.append("sys.modules['course_utils.checks']")
        for n, m in mods.items():
            if _modules.get(n) is not m:
                diffs.append("sys.modules[%r]" % n)
                if restore:
                    _modules[n] = m
        for n, m, d in mod_attrs:
            md = m.__dict__
            for k, v in d.items():
                if md.get(k, d) is not v:
                    diffs.append(n + "." + k)
                    if restore:
                        md[k] = v
        for qual, cls, d in cls_attrs:
            try:
                cd = _vars(cls)
            except _Exception:
                continue
            for k, v in d.items():
                if cd.get(k, d) is not v:
                    diffs.append(qual + "." + k)
                    if restore:
                        try:
                            _setattr(cls, k, v)
                        except _Exception:
                            pass
            for k in _list(cd.keys()):
                if k not in d and watched(cd[k]) and not k.startswith("_abc") and k not in ("__doc__",):
                    if _isinstance(cd[k], (_FunctionType,) + DESCR):
                        diffs.append(qual + "." + k + " (added)")
                        if restore:
                            try:
                                _delattr(cls, k)
                            except _Exception:
                                pass
        for qual, f, code, defaults, kwdefaults in funcs:
            if f.__code__ is not code or f.__defaults__ is not defaults or f.__kwdefaults__ is not kwdefaults:
                diffs.append(qual + " (code or defaults)")
                if restore:
                    f.__code__, f.__defaults__, f.__kwdefaults__ = code, defaults, kwdefaults
        for label, obj, d in instances:
            od = _vars(obj)
            for k in _list(od.keys()):
                v = od[k]
                if _callable(v) and d.get(k, d) is not v:
                    diffs.append(label + "." + k)
                    if restore:
                        if k in d:
                            od[k] = d[k]
                        else:
                            del od[k]
        for n, l, items in lists:
            if _len(l) != _len(items) or any(a is not b for a, b in zip(l, items)):
                diffs.append(n)
                if restore:
                    l[:] = items
        cur = shell.events.callbacks
        for k, v in events.items():
            now = cur.get(k, [])
            if _len(now) != _len(v) or any(a is not b for a, b in zip(now, v)):
                known = [cb for cb in v if any(cb is x for x in now)]
                added = [cb for cb in now if not any(cb is x for x in v)]
                library = [cb for cb in added if from_library(cb)]
                if _len(known) == _len(v) and _len(library) == _len(added):
                    v[:] = _list(now)  # e.g. matplotlib-inline's post_execute hook: accepted
                    continue
                diffs.append("shell.events[%r]" % k)
                if restore:
                    now[:] = v + library
                    v[:] = _list(now)
        for k, v in sysattrs.items():
            if _getattr(sys, k) is not v:
                diffs.append("sys." + k)
                if restore:
                    _setattr(sys, k, v)
        if (shell.custom_exceptions, shell.CustomTB) != custom0:
            diffs.append("shell.set_custom_exc")
            if restore:
                shell.custom_exceptions, shell.CustomTB = custom0
        if (sys.gettrace(), sys.getprofile()) != hooks0[:2]:
            diffs.append("sys.settrace/setprofile")
        for k, v in _list(user_ns.items()):
            if _isinstance(v, _ModuleType) or k in aliases:
                name = _getattr(v, "__name__", None) if _isinstance(v, _ModuleType) else None
                if k not in aliases:
                    if name in mods and mods[name] is not v:
                        diffs.append("%s (a fake %s)" % (k, name))
                        if restore:
                            user_ns[k] = mods[name]
                        aliases[k] = mods[name]
                    else:
                        aliases[k] = v
                elif aliases[k] is not v:
                    diffs.append("%s (rebound)" % k)
                    if restore:
                        user_ns[k] = aliases[k]
        new = [t.name for t in _threads() if t not in threads0 and t.is_alive() and not (
            from_library(_getattr(t, "_target", None) or _type(t).run))]
        if new:
            diffs.append("threads started: " + ", ".join(_sorted(new)))
        if state["blocked"]:
            diffs.extend("blocked: " + b for b in state["blocked"])
            state["blocked"] = []
        return diffs

    def check(n, phase):
        state["n"] += 1
        diffs = compare(restore=True)
        if phase == "post" and state["fresh"] is not None:
            fd, cur = state["fresh_dict"], state["fresh"].__dict__
            for k, v in fd.items():
                if cur.get(k, fd) is not v:
                    diffs.append("course_utils.checks." + k)
            for k, before in state["user_checks"].items():
                v = user_ns.get(k)
                if v is not before and v is not fd.get(k):
                    diffs.append(k + " (rebound)")
        if phase == "pre":
            install_fresh_checks()
        snapshot_new_modules()
        return _MARK + " " + _dumps({"token": token(n), "phase": phase, "diffs": diffs})

    return check

_course_grader_check = __course_grader_setup(%(args)s)
del __course_grader_setup
print(_course_grader_check(0, "init"))
'''


# --------------------------------------------------------------------------- execute: GuardedExecute

class GuardedExecute(IPCKernels, Execute):
    """nbgrader's Execute with the course's kernel environment, guard, output cap and crash handling.

    Its kernels run over IPC sockets (``runner.IPCKernels``): workers started side by side never race
    for a TCP port."""

    kernel_env = Dict(
        {"COURSE_SMOKE": "1", "TF_CPP_MIN_LOG_LEVEL": "3", "PYTHONWARNINGS": "ignore",
         "MPLBACKEND": "agg"},
        help="Variables set in the grading kernel's environment (smoke mode by default).",
    ).tag(config=True)
    guard = Bool(True, help="Run the tamper guard around every test cell.").tag(config=True)
    max_output_bytes = Integer(1_000_000, help="Output kept per cell; the rest is dropped.").tag(config=True)
    stderr_scores_zero = Bool(
        False, help="nbgrader scores a test cell that wrote to stderr 0; by default the grader turns "
                    "such output into stdout (a warning from Keras must not cost a correct answer).",
    ).tag(config=True)
    protected_paths = List(
        Unicode(), help="Extra folders the submitted code may neither read nor write.").tag(config=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._reset_course_state()

    def _reset_course_state(self):
        self._guard_ready = False
        self._guard_n = 0
        self._nonce = secrets.token_hex(16)
        self._dead: str | None = None
        self._out_bytes: dict[int, int] = {}
        self._dropped: dict[int, int] = {}

    async def async_start_new_kernel(self, **kwargs):
        env = dict(os.environ)
        env.update(self.kernel_env)
        kwargs.setdefault("env", env)
        return await super().async_start_new_kernel(**kwargs)

    def preprocess(self, nb, resources=None, km=None):
        self._reset_course_state()
        self._resources = resources or {}
        return super().preprocess(nb, resources, km=km)

    # -- output cap
    def output(self, outs, msg, display_id, cell_index):
        content = msg.get("content", {})
        size = len(content.get("text", "")) + sum(
            len(v) if isinstance(v, str) else len(json.dumps(v)) for v in content.get("data", {}).values())
        used = self._out_bytes.get(cell_index, 0)
        if used + size > self.max_output_bytes and msg.get("msg_type") in (
                "stream", "display_data", "execute_result", "update_display_data"):
            self._dropped[cell_index] = self._dropped.get(cell_index, 0) + size
            return None
        self._out_bytes[cell_index] = used + size
        return super().output(outs, msg, display_id, cell_index)

    # -- guard
    def _paths(self):
        info = self._resources.get("nbgrader", {})
        db = info.get("db_url", "").replace("sqlite:///", "", 1)
        root = os.path.dirname(os.path.abspath(db)) if db else None
        cwd = os.path.realpath(self._resources.get("metadata", {}).get("path") or os.getcwd())
        no_read = [str(NOTEBOOK_DIR)]
        if root:
            no_read += [db] + [os.path.join(root, d) for d in ("source", "submitted", "autograded", "feedback")]
        no_read += list(self.protected_paths)
        no_write = [str(REPO_ROOT), sys.prefix, sys.base_prefix] + no_read
        allowed = [cwd]
        # the packages' own files stay readable (lazy imports), only the secrets are hidden
        no_read = [os.path.realpath(p) for p in no_read]
        no_write = [os.path.realpath(p) for p in no_write]
        return no_read, no_write, allowed

    def _run_hidden(self, code: str, index: int) -> NotebookNode:
        cell = nbformat.v4.new_code_cell(code)
        self._out_bytes.pop(index, None)
        original = self.nb.cells[index]
        try:
            self.execute_cell(cell, index, store_history=False)
        finally:
            self.nb.cells[index] = original  # nbclient stores the executed cell at its index
            self._out_bytes.pop(index, None)
            self._dropped.pop(index, None)
        return cell

    def _guard_report(self, cell: NotebookNode, n: int, phase: str) -> list[str] | None:
        want = hashlib.sha256(f"{self._nonce}:{n}".encode()).hexdigest()
        text = "".join(o.get("text", "") for o in cell.outputs if o.get("output_type") == "stream")
        for line in reversed(text.splitlines()):
            if line.startswith(_MARK + " "):
                try:
                    rep = json.loads(line[len(_MARK) + 1:])
                except ValueError:
                    continue
                if rep.get("token") == want and rep.get("phase") == phase:
                    return list(rep.get("diffs", []))
        return None

    def _start_guard(self, nb, index):
        no_read, no_write, allowed = self._paths()
        args = ", ".join(repr(a) for a in (self._nonce, CHECKS_PATH.read_text(), str(CHECKS_PATH),
                                            no_read, no_write, allowed))
        saved = self.timeout
        self.timeout = max(saved or 0, 300)  # imports Keras on a possibly busy machine
        try:
            cell = self._run_hidden(_GUARD_SETUP.replace("%(args)s", args).replace("_MARK", repr(_MARK)), index)
        finally:
            self.timeout = saved
        self._guard_ready = True
        diffs = self._guard_report(cell, 0, "init")
        if diffs is None:
            err = [o for o in cell.outputs if o.get("output_type") == "error"]
            why = f"{err[0].ename}: {err[0].evalue}" if err else "no answer"
            self._guard_broken = f"the grader's guard could not start ({why})"
            _nb_note(nb, "error", self._guard_broken)
        else:
            self._guard_broken = None

    def _check(self, nb, gid, index, phase) -> tuple[bool, list[str]]:
        """Run the guard; ``(answered, diffs)``."""
        if self._guard_broken:
            return False, []
        self._guard_n += 1
        # a user expression of an empty execution: no input transformers, no cell hooks run on it
        expr = f"_course_grader_check({self._guard_n}, {phase!r})"
        try:
            msg_id = self.kc.execute("", silent=False, store_history=False, user_expressions={"r": expr})
            reply = self.wait_for_reply(msg_id)
            data = (reply or {}).get("content", {}).get("user_expressions", {}).get("r", {})
            text = ast.literal_eval(data.get("data", {}).get("text/plain", "''"))
        except Exception:
            return False, []
        cell = nbformat.v4.new_code_cell("")
        cell.outputs = [_stream(str(text) + "\n")]
        diffs = self._guard_report(cell, self._guard_n, phase)
        if diffs is None:
            return False, []
        return True, diffs

    def preprocess_cell(self, cell, resources, index):
        nb = self.nb
        meta = nb.metadata.setdefault(META, {})
        if self._dead:
            if cell.cell_type == "code":
                cell.outputs = [_error("NotRun", f"not run: {self._dead}")]
                cell.execution_count = None
                gid = cell.metadata.get("nbgrader", {}).get("grade_id")
                if gid and nbg_utils.is_grade(cell):
                    _note(nb, gid, "not run", self._dead)
            return cell, resources
        if self.guard and not self._guard_ready and cell.cell_type == "code":
            self._start_guard(nb, index)
        is_test = nbg_utils.is_grade(cell) and cell.cell_type == "code" and not nbg_utils.is_solution(cell)
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if is_test and gid in meta.get("moved", []):
            cell.outputs = [_error("GradingError", "this test cell was moved above its answer cell; "
                                                   "it was not run and scores 0")]
            return cell, resources
        pre_ok, pre = (True, [])
        if is_test and self.guard:
            pre_ok, pre = self._check(nb, gid, index, "pre")
        try:
            cell, resources = super().preprocess_cell(cell, resources, index)
        except Exception as e:  # DeadKernelError, CellTimeoutError waiting for output, ...
            name = type(e).__name__
            dead = name == "DeadKernelError" or not self._kernel_alive()
            self._dead = (f"the kernel died in cell {index}" if dead
                          else f"cell {index} could not be run ({name})")
            cell.outputs = list(cell.get("outputs", [])) + [_error(name, self._dead)]
            _nb_note(nb, "kernel died" if dead else "error", self._dead)
            if gid:
                _note(nb, gid, "kernel died" if dead else "error", self._dead)
            return cell, resources
        if cell.cell_type != "code":
            return cell, resources
        self._after_cell(nb, cell, index, gid, is_test)
        if is_test and self.guard:
            if not pre_ok:
                self._zero(cell, "the grader could not check the kernel before this test; it scores 0")
                _note(nb, gid, "flagged", "guard did not answer before the test (kernel tampered with?)")
            if pre:
                _note(nb, gid, "flagged", "replaced before the test (put back): " + ", ".join(pre[:12]))
                cell.outputs.append(_stream("[grader] replaced before this test and put back: "
                                            + ", ".join(pre[:12]) + "\n"))
            post_ok, post = self._check(nb, gid, index, "post")
            if not post_ok:
                self._zero(cell, "the grader could not check the kernel after this test; it scores 0")
                _note(nb, gid, "flagged", "guard did not answer after the test (kernel tampered with?)")
            elif post:
                self._zero(cell, "changed while this test ran: " + ", ".join(post[:12]) + "; it scores 0")
                _note(nb, gid, "flagged", "changed during the test: " + ", ".join(post[:12]))
        return cell, resources

    def _responsive(self, index) -> bool:
        """After a timeout and nbclient's interrupt: does the kernel answer a trivial request?"""
        saved = self.timeout
        self.timeout = 15
        try:
            probe = self._run_hidden("None", index)
        except Exception:
            return False
        finally:
            self.timeout = saved
        return not any(o.get("ename") == "CellTimeoutError" for o in probe.outputs)

    def _kernel_alive(self) -> bool:
        from nbclient.util import run_sync

        try:
            return self.km is not None and bool(run_sync(self.km.is_alive)())
        except Exception:
            return False

    def _zero(self, cell, why):
        cell.outputs.append(_error("GradingIntegrityError", why))

    def _after_cell(self, nb, cell, index, gid, is_test):
        dropped = self._dropped.pop(index, 0)
        self._out_bytes.pop(index, None)
        if dropped:
            cell.outputs.append(_stream(f"\n... output truncated by the grader ({dropped} bytes dropped)\n"))
            if gid:
                _note(nb, gid, "truncated", f"output truncated ({dropped} bytes dropped)")
        timed_out = False
        for o in cell.outputs:
            if o.get("output_type") == "error" and o.get("ename") == "CellTimeoutError":
                timed_out = True
                if gid:
                    _note(nb, gid, "timeout", f"cell {index} ran past the {self.timeout} s limit")
                else:
                    _nb_note(nb, "timeout", f"cell {index} ran past the {self.timeout} s limit")
        if timed_out and not self._responsive(index):
            self._dead = f"the kernel stopped answering after cell {index} ran past the time limit"
            _nb_note(nb, "kernel died", self._dead)
        if is_test and not self.stderr_scores_zero:
            moved = False
            for o in cell.outputs:
                if o.get("output_type") == "stream" and o.get("name") == "stderr":
                    o["name"] = "stdout"
                    o["text"] = "".join("[stderr] " + line for line in o["text"].splitlines(True))
                    moved = True
            if moved:
                _note(nb, gid, "stderr", "the test wrote to stderr (shown as [stderr], not counted)")


class HideHiddenTests(NbGraderPreprocessor):
    """For ``generate_feedback``: the hidden tests' code stays hidden (their messages still show)."""

    enabled = Bool(True).tag(config=True)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code" and nbg_utils.is_grade(cell) and "### BEGIN HIDDEN TESTS" in cell.source:
            cell.source = _strip_hidden(cell.source).rstrip() + "\n# (hidden tests not shown)"
        return cell, resources


# --------------------------------------------------------------------------- release

def _generate(root: Path, paths: list[Path], config_extra: Config | None = None) -> dict[str, Path]:
    """nbgrader generate_assignment for each notebook (assignment id = notebook stem) under ``root``."""
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    _alembic_on_path()
    for p in paths:
        dest = root / "source" / p.stem
        dest.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(p, dest / p.name)
    cfg = _course_config(root, extra=config_extra)
    api = NbGraderAPI(coursedir=CourseDirectory(config=cfg), config=cfg)
    out = {}
    for p in paths:
        res = api.generate_assignment(p.stem, force=True)
        if not res.get("success"):
            raise RuntimeError(f"nbgrader generate_assignment failed for {p.name}:\n"
                               f"{res.get('error') or res.get('log')}")
        out[p.name] = root / "release" / p.stem / p.name
    return out


def _alembic_on_path() -> None:
    """nbgrader calls the ``alembic`` executable; make sure the environment's bin/ is on PATH."""
    bindir = str(Path(sys.executable).parent)
    if bindir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bindir + os.pathsep + os.environ.get("PATH", "")


def release(days: list[int] | None, out: Path, *, work: Path | None = None,
            notebook_dir: Path = NOTEBOOK_DIR) -> list[Path]:
    """Write the student edition of each chosen day to ``out/DayNN_<slug>.ipynb``."""
    import tempfile

    paths = select_notebooks(days, notebook_dir)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory(prefix="course-release-") as tmp:
        built = _generate(Path(work or tmp), paths)
        for p in paths:
            text = built[p.name].read_text(encoding="utf-8")
            leaks = leaked_lines(nbformat.read(p, as_version=4), text)
            if leaks:
                raise RuntimeError(f"{p.name}: the student edition still contains solution or hidden-test "
                                   f"lines: {leaks[:5]}")
            dest = out / p.name
            dest.write_text(text, encoding="utf-8")
            written.append(dest)
    return written


# --------------------------------------------------------------------------- grade

@dataclass
class Row:
    student: str
    notebook: str
    exercise: str
    score: float
    max_score: float
    status: str


@dataclass
class Task:
    student: str
    notebook: str  # file name
    path: Path | None  # the submission, normalised; None when missing/invalid
    status: str = ""  # "missing", "invalid: ...", or "" (to grade)
    result: dict = field(default_factory=dict)
    seconds: float = 0.0


def _exercises(path: Path) -> list[tuple[str, str, float]]:
    """``(exercise, test grade_id, points)`` of the source notebook, in order."""
    nb = nbformat.read(path, as_version=4)
    out = []
    for c in nb.cells:
        m = c.metadata.get("nbgrader", {})
        if m.get("grade") and not m.get("solution"):
            gid = m["grade_id"]
            out.append((re.sub(r"_test$", "", gid), gid, float(m.get("points", 0))))
    return out


def _read_submission(path: Path) -> tuple[NotebookNode | None, str]:
    if path.is_symlink() or not path.is_file():
        return None, "invalid: not a regular file"
    if path.stat().st_size > MAX_SUBMISSION_BYTES:
        return None, f"invalid: larger than {MAX_SUBMISSION_BYTES // 2**20} MB"
    try:
        raw = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return None, "invalid: not a text file (a notebook is JSON)"
    try:
        data = json.loads(raw)
    except ValueError as e:
        return None, f"invalid: not valid JSON ({e.msg} at line {e.lineno})"
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


def _kill_tree(pid: int) -> None:
    try:
        import psutil
    except ImportError:  # pragma: no cover
        os.killpg(pid, 9)
        return
    try:
        parent = psutil.Process(pid)
        procs = parent.children(recursive=True) + [parent]
    except psutil.NoSuchProcess:
        return
    for p in procs:
        try:
            p.kill()
        except psutil.NoSuchProcess:
            pass
    psutil.wait_procs(procs, timeout=10)


_KERNEL_START_FAILURES = ("Address already in use", "Kernel died before replying to kernel_info",
                          "Kernel didn't respond")


def _run_task(task: Task, workdir: Path, *, cell_timeout: int, notebook_timeout: int, env: dict,
              protected: list[str]) -> None:
    """Autograde one submission; once more if its kernel failed to start (under heavy load, say)."""
    _run_task_once(task, workdir, cell_timeout=cell_timeout, notebook_timeout=notebook_timeout,
                   env=env, protected=protected)
    log = workdir / "logs" / f"{task.student}__{Path(task.notebook).stem}.log"
    text = log.read_text(errors="replace") if log.exists() else ""
    if not task.result.get("autograde", True) and any(m in text for m in _KERNEL_START_FAILURES):
        first = task.seconds
        task.status, task.result = "", {}
        _run_task_once(task, workdir, cell_timeout=cell_timeout, notebook_timeout=notebook_timeout,
                       env=env, protected=protected)
        task.seconds += first


def _run_task_once(task: Task, workdir: Path, *, cell_timeout: int, notebook_timeout: int, env: dict,
                   protected: list[str]) -> None:
    """Autograde one submission in its own process in ``workdir`` (a worker's course folder)."""
    stem = Path(task.notebook).stem
    sub = workdir / "submitted" / task.student / stem
    if sub.exists():
        shutil.rmtree(sub)
    sub.mkdir(parents=True)
    nb = nbformat.read(task.path, as_version=4)
    nbformat.write(nb, sub / task.notebook)
    result_file = workdir / "results" / f"{task.student}__{stem}.json"
    result_file.parent.mkdir(exist_ok=True)
    result_file.unlink(missing_ok=True)
    args = json.dumps({"root": str(workdir), "assignment": stem, "student": task.student,
                       "cell_timeout": cell_timeout, "result": str(result_file), "protected": protected})
    log = workdir / "logs" / f"{task.student}__{stem}.log"
    log.parent.mkdir(exist_ok=True)
    start = time.perf_counter()
    with open(log, "wb") as logf:
        proc = subprocess.Popen(
            [sys.executable, "-c", _WORKER_BOOT, args], cwd=str(workdir), env=env,
            stdout=logf, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            proc.wait(timeout=notebook_timeout)
        except subprocess.TimeoutExpired:
            _kill_tree(proc.pid)
            proc.wait()
            task.status = f"timeout: the notebook took longer than {notebook_timeout} s"
        finally:
            _kill_tree(proc.pid)
    task.seconds = time.perf_counter() - start
    if not task.status:
        try:
            task.result = json.loads(result_file.read_text())
        except (OSError, ValueError):
            tail = log.read_text(errors="replace")[-300:].strip().splitlines()
            task.status = f"error: the grader failed ({tail[-1] if tail else 'no log'})"


# The worker process imports this module without running course_utils/__init__ (which imports Keras):
_WORKER_BOOT = (
    "import sys, types; p = types.ModuleType('course_utils'); "
    f"p.__path__ = [{str(Path(__file__).resolve().parent)!r}]; sys.modules['course_utils'] = p; "
    "from course_utils.grading import _worker_main; sys.exit(_worker_main(sys.argv[1]))"
)


def _worker_main(arg: str) -> int:
    """In the worker process: nbgrader autograde + generate_feedback for one submission."""
    import logging

    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    a = json.loads(arg)
    root = Path(a["root"])
    extra = Config()
    extra.GuardedExecute.protected_paths = a["protected"]
    cfg = _course_config(root, cell_timeout=a["cell_timeout"], extra=extra)
    api = NbGraderAPI(coursedir=CourseDirectory(config=cfg), config=cfg)
    api.log.setLevel(logging.WARNING)
    assignment, student = a["assignment"], a["student"]
    res = api.autograde(assignment, student, force=True)
    out = {"autograde": bool(res.get("success")), "log": (res.get("log") or "")[-4000:],
           "error": (res.get("error") or "")[-2000:]}
    nb_path = root / "autograded" / student / assignment / f"{assignment}.ipynb"
    if res.get("success") and nb_path.exists():
        fb = api.generate_feedback(assignment, student, force=True)
        out["feedback"] = bool(fb.get("success"))
        html_path = root / "feedback" / student / assignment / f"{assignment}.html"
        out["feedback_path"] = str(html_path) if html_path.exists() else ""
        nb = nbformat.read(nb_path, as_version=4)
        out["notes"] = nb.metadata.get(META, {}).get("notes", {})
        with Gradebook(api.coursedir.db_url) as gb:
            sub = gb.find_submission_notebook(assignment, assignment, student)
            out["grades"] = {g.name: [g.score, g.max_score] for g in sub.grades}
    Path(a["result"]).write_text(json.dumps(out))
    return 0


def _rows_for(task: Task, exercises: list[tuple[str, str, float]]) -> list[Row]:
    nbname = task.notebook
    if task.status:
        kind = task.status
        return [Row(task.student, nbname, ex, 0.0, pts, kind) for ex, _, pts in exercises] or [
            Row(task.student, nbname, "", 0.0, 0.0, kind)]
    r = task.result
    if not r.get("autograde") or "grades" not in r:
        err = (r.get("error") or r.get("log") or "").strip().splitlines()
        why = err[-1][:200] if err else "unknown"
        return [Row(task.student, nbname, ex, 0.0, pts, f"error: nbgrader could not grade it ({why})")
                for ex, _, pts in exercises]
    notes = r.get("notes", {})
    general = notes.get("*", [])
    flagged_at = [k.removesuffix("_test") for k, v in notes.items() if any(n[0] == "flagged" for n in v)]
    flagged_at += ["the notebook"] if any(n[0] == "flagged" for n in general) else []
    rows = []
    for ex, gid, pts in exercises:
        score, maxs = r["grades"].get(gid, [None, pts])
        entries = notes.get(gid, []) + (notes.get(ex, []) if ex != gid else [])
        # what happened elsewhere in the notebook explains lost points only
        entries += [n for n in general if n[0] == "error" or (
            n[0] in ("kernel died", "timeout") and (score or 0) < (maxs or pts))]
        if score is None:
            entries.append(["error", "no score recorded"])
        if flagged_at and not any(e[0] == "flagged" for e in entries):
            entries.append(["flagged", f"the submission was flagged at {', '.join(sorted(set(flagged_at)))}"])
        rows.append(Row(task.student, nbname, ex, float(score or 0.0), float(maxs), _status(entries)))
    return rows


def _status(entries: list[list[str]]) -> str:
    if not entries:
        return "ok"
    entries = sorted(entries, key=lambda e: STATUS_ORDER.index(e[0]) if e[0] in STATUS_ORDER else 0)
    parts = []
    for kind, text in entries:
        parts.append(f"{kind}: {text}")
    return "; ".join(dict.fromkeys(parts))


@dataclass
class GradeReport:
    rows: list[Row]
    tasks: list[Task]
    seconds: float
    jobs: int

    def table(self) -> str:
        by_nb: dict[str, dict] = {}
        for r in self.rows:
            if not r.exercise:
                continue
            d = by_nb.setdefault(r.notebook, {"students": set(), "score": 0.0, "max": 0.0, "flagged": set(),
                                               "problems": set()})
            d["students"].add(r.student)
            d["score"] += r.score
            d["max"] += r.max_score
            kind = r.status.split(":")[0]
            if kind == "flagged" or "flagged:" in r.status:
                d["flagged"].add(r.student)
            if kind in ("error", "invalid", "missing", "kernel died", "timeout", "not run"):
                d["problems"].add(r.student)
        head = ("notebook", "students", "mean score", "flagged", "not graded normally")
        lines = [head]
        for name, d in sorted(by_nb.items()):
            n = len(d["students"])
            mean = f"{d['score'] / n:.2f} / {d['max'] / n:.2f}" if n else "-"
            lines.append((Path(name).stem, str(n), mean, str(len(d["flagged"])), str(len(d["problems"]))))
        widths = [max(len(row[i]) for row in lines) for i in range(len(head))]
        out = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in lines]
        out.insert(1, "  ".join("-" * w for w in widths))
        graded = sum(1 for t in self.tasks if not t.status)
        out.append(f"{len(self.tasks)} submission(s), {graded} run, {self.seconds:.1f} s with {self.jobs} "
                   f"worker(s)")
        return "\n".join(out)


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
) -> GradeReport:
    """Grade ``submissions/<student>/DayNN_<slug>.ipynb`` against the source notebooks.

    Writes ``out/grades.csv`` and ``out/feedback/<student>/<notebook>.html``; the nbgrader course
    folders of the workers stay in ``out/.work`` for inspection (they are rebuilt on every run).
    """
    from concurrent.futures import ThreadPoolExecutor
    from queue import Queue

    from tqdm.auto import tqdm

    start = time.perf_counter()
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
    protected = [str(work), str(submissions)]

    todo = [t for t in tasks if not t.status]
    slots: Queue = Queue()
    for w in workers:
        slots.put(w)
    bar = tqdm(total=len(todo), desc="grading", unit="nb", disable=not progress)

    def run(task: Task):
        wdir = slots.get()
        try:
            _run_task(task, wdir, cell_timeout=cfg_timeout, notebook_timeout=notebook_timeout, env=env,
                      protected=protected)
        except Exception as e:  # the grader's own failure on this one submission
            task.status = f"error: {type(e).__name__}: {e}"[:300]
        finally:
            slots.put(wdir)
            bar.set_postfix_str(f"{task.student}/{Path(task.notebook).stem}", refresh=False)
            bar.update(1)
        return task

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(run, todo))
    bar.close()

    exercises = {n: _exercises(p) for n, p in notebooks.items()}
    rows = list(extra_rows)
    feedback = out / "feedback"
    if feedback.exists():
        shutil.rmtree(feedback)
    for t in tasks:
        rows.extend(_rows_for(t, exercises[t.notebook]))
        dest = feedback / t.student / (Path(t.notebook).stem + ".html")
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
    write_csv(out / "grades.csv", rows)
    return GradeReport(rows, tasks, time.perf_counter() - start, jobs)


def write_csv(path: Path, rows: list[Row]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["student", "notebook", "exercise", "score", "max_score", "status"])
        for r in rows:
            w.writerow([r.student, r.notebook, r.exercise, _num(r.score), _num(r.max_score), r.status])


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:.4g}"


def read_csv(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))
