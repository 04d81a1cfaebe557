"""The in-kernel guard's side in the grader: starts kernel_guard.py in the kernel, asks it around tests."""

from __future__ import annotations

import ast
import hashlib
import json
import os
import sys

import nbformat
from nbformat.notebooknode import NotebookNode

from ..data import REPO_ROOT
from ..runner import NOTEBOOK_DIR
from .common import _MARK, CHECKS_PATH, _nb_note, _stream

GUARD_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "kernel_guard.py")


def _guard_setup_source() -> str:
    """The code run in the kernel to start the guard (kernel_guard.py), before its arguments."""
    with open(GUARD_FILE, encoding="utf-8") as f:
        text = f.read()
    text = text[text.index("def __course_grader_setup("):]
    return text.replace("_MARK", repr(_MARK)) + (
        "\n_course_grader_check = __course_grader_setup(%(args)s)\n"
        "del __course_grader_setup\n"
        'print(_course_grader_check(0, "init"))\n')


class GuardMixin:
    """For GuardedExecute: the guard's paths, start, and checks (``_check`` -> ``(answered, diffs)``)."""

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
            cell = self._run_hidden(_guard_setup_source().replace("%(args)s", args), index)
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

