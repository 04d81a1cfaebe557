"""The verdict outside the student's kernel: test cells run in a trusted kernel (``course_utils.remote``).

The trusted kernel is the grader's: it runs the instructor's notebook (the cells the homework needs,
solutions included, never a submitted line), once per assignment and worker when ``course grade`` keeps
it between submissions (``trusted_connection_file``), or once per submission otherwise (plain
``nbgrader autograde``). For each test cell, :class:`TrustedVerdict` binds the exercise's names to the
student's kernel (``remote.bind``) and runs the cell there: the checks, the expected values and the
hidden tests never enter the student's kernel, and the feedback shows an error's message, not its
traceback.
"""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import nbformat
from jupyter_client.asynchronous import AsyncKernelClient
from nbclient.util import run_sync

from ..runner import use_ipc
from .common import _error, _note, _strip_hidden
from .needs import answer_names, needed_cells

_REMOTE = "__import__('course_utils.remote').remote"


class _TrustedClient(AsyncKernelClient):
    """A client of a kernel this process did not start: alive while its process is."""

    pid: int | None = None

    async def is_alive(self) -> bool:  # type: ignore[override]
        if self.pid is None:
            return True
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            pass
        return True


class _Both:
    """What nbclient sees as the kernel manager while a test cell runs in the trusted kernel: a timeout
    interrupts the trusted kernel and the student's (which may be running the code the test called)."""

    def __init__(self, trusted_km, trusted_pid, student_km):
        self.trusted_km, self.trusted_pid, self.student_km = trusted_km, trusted_pid, student_km

    async def interrupt_kernel(self):
        if self.trusted_km is not None:
            await self.trusted_km.interrupt_kernel()
        elif self.trusted_pid:
            try:
                os.kill(self.trusted_pid, signal.SIGINT)
            except ProcessLookupError:
                pass
        try:
            await self.student_km.interrupt_kernel()
        except Exception:  # noqa: BLE001 (a dead student kernel is noticed on its next cell)
            pass

    async def is_alive(self):
        return True


class GraderError(RuntimeError):
    """The grader's own failure (not the submission's): the trusted kernel could not run the lesson."""


class TrustedVerdict:
    """For GradingExecute: the trusted kernel, its lesson state, and running a test cell there.

    Its settings, ``trusted_connection_file`` and ``source_template``, are GradingExecute's traits.
    """

    def _trusted_reset(self):
        self._tkc = self._tkm = None
        self._tpid = None
        self._begun = False

    # -- the trusted kernel
    def _source_notebook(self):
        info = self._resources.get("nbgrader", {})
        root = os.path.dirname(os.path.abspath(info.get("db_url", "").replace("sqlite:///", "", 1)))
        path = Path(self.source_template.format(root=root, assignment=info.get("assignment", ""),
                                                notebook=info.get("notebook", "")))
        return nbformat.read(path, as_version=4)

    def _trusted_start(self):
        if self.trusted_connection_file:
            kc = _TrustedClient(connection_file=self.trusted_connection_file)
            kc.load_connection_file()
            pid_file = Path(self.trusted_connection_file + ".pid")
            kc.pid = int(pid_file.read_text()) if pid_file.exists() else None
            self._tpid = kc.pid
        else:
            from jupyter_client.manager import AsyncKernelManager

            km = use_ipc(AsyncKernelManager(kernel_name=self.kernel_name or "python3"))
            env = dict(os.environ)
            env.update(self.kernel_env)
            run_sync(km.start_kernel)(env=env)
            self._tkm = km
            kc = km.client()
        kc.start_channels()
        run_sync(kc.wait_for_ready)(timeout=self.startup_timeout)
        self._tkc = kc
        ready = Path(self.trusted_connection_file + ".ready") if self.trusted_connection_file else None
        if ready is None or not ready.exists():
            self._trusted_prepare()
            if ready is not None:
                ready.write_text("")

    def _trusted_stop(self):
        if self._tkc is not None:
            self._tkc.stop_channels()
        if self._tkm is not None:
            try:
                run_sync(self._tkm.shutdown_kernel)(now=True)
            except Exception:  # noqa: BLE001
                pass
        self._trusted_reset()

    def _in_trusted(self, fn, *args, **kwargs):
        """``fn`` with nbclient pointed at the trusted kernel."""
        saved = self.kc, self.km
        self.kc, self.km = self._tkc, _Both(self._tkm, self._tpid, saved[1])
        try:
            return fn(*args, **kwargs)
        finally:
            self.kc, self.km = saved

    def _trusted_run(self, code: str, index: int, what: str):
        """Run grader code in the trusted kernel; a GraderError if it fails."""
        cell = self._in_trusted(self._run_hidden, code, index)
        errors = [o for o in cell.outputs if o.get("output_type") == "error"]
        if errors:
            raise GraderError(f"{what}: {errors[0].get('ename')}: {str(errors[0].get('evalue'))[:300]}")

    def _trusted_prepare(self):
        """The instructor's notebook (the cells the homework needs, no test cell) in the trusted kernel."""
        source = self._source_notebook()
        names = sorted(answer_names(source))
        saved = self.timeout
        self.timeout = max(saved or 0, 600)
        try:
            for i in needed_cells(source):
                cell = source.cells[i]
                meta = cell.metadata.get("nbgrader", {})
                if meta.get("grade") and not meta.get("solution"):
                    continue
                self._trusted_run(_strip_hidden(cell.source), 0, f"the instructor's notebook, cell {i}")
            self._trusted_run(f"{_REMOTE}.snapshot({names!r})", 0, "the trusted kernel's snapshot")
        finally:
            self.timeout = saved

    def _trusted_test(self, cell, resources, index, run):
        """Run the test cell ``cell`` in the trusted kernel, the answer names bound to the student's."""
        if self._tkc is None:
            self._trusted_start()
        if not self._begun:
            info = dict(self.km.get_connection_info())
            info = {k: (v.decode() if isinstance(v, bytes) else v) for k, v in info.items()}
            self._trusted_run(f"{_REMOTE}.begin({json.dumps(info)}, {float(self.timeout or 600)})", index,
                              "connecting the trusted kernel to the submission's")
            self._begun = True
        try:
            self._trusted_run(f"{_REMOTE}.bind()", index, "binding the answers")
        except GraderError as e:  # the student's kernel did not answer (as agreed): this test scores 0
            cell.outputs = [_error("GradingError", f"the grader could not read your answers ({e})")]
            if "WireError" in str(e) or "did not answer the grader's request" in str(e):
                _note(self.nb, cell.metadata.get("nbgrader", {}).get("grade_id", "*"), "flagged",
                      f"the student's kernel did not answer as agreed ({str(e)[:200]})")
            return cell, resources
        cell, resources = self._in_trusted(run, cell, resources, index)
        for o in cell.get("outputs", []):
            if o.get("output_type") == "error":  # the message only: a traceback would show the test's code
                o["traceback"] = [f"{o.get('ename')}: {o.get('evalue')}"]
                if o.get("ename") == "WireError" or "did not answer the grader's request" in str(o.get("evalue")):
                    gid = cell.metadata.get("nbgrader", {}).get("grade_id", "*")
                    _note(self.nb, gid, "flagged", "the student's kernel did not answer as agreed "
                                                   f"({str(o.get('evalue'))[:200]})")
        return cell, resources
