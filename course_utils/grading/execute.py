"""Execute: nbgrader's Execute with the course's kernel environment, output caps, sandbox, and the verdict
outside the student's kernel (test cells run in the trusted kernel of ``verdict.py``)."""

from __future__ import annotations

import json
import os

import nbformat
from nbformat.notebooknode import NotebookNode
from nbgrader import utils as nbg_utils
from nbgrader.preprocessors import Execute
from traitlets import Bool, Dict, Integer, Unicode

from ..runner import IPCKernels
from . import sandbox as sbx
from .common import META, _error, _nb_note, _note, _stream
from .verdict import GraderError, TrustedVerdict


class GradingExecute(TrustedVerdict, IPCKernels, Execute):
    """nbgrader's Execute with the course's kernel environment, output cap and crash handling; every test
    cell runs in the trusted kernel (``verdict.TrustedVerdict``), never in the student's.

    Its kernels run over IPC sockets (``runner.IPCKernels``): workers started side by side never race
    for a TCP port. With ``sandbox`` (the default) the student's kernel runs in the OS sandbox of
    ``sandbox.py``, with the limits set here."""

    kernel_env = Dict(
        {"COURSE_SMOKE": "1", "TF_CPP_MIN_LOG_LEVEL": "3", "PYTHONWARNINGS": "ignore",
         "MPLBACKEND": "agg"},
        help="Variables set in the grading kernel's environment (smoke mode by default).",
    ).tag(config=True)
    max_output_bytes = Integer(
        1_000_000, help="Output kept per cell, every message counted whole (text, data, metadata, error "
                        "and traceback); the rest is dropped, an error cut short.").tag(config=True)
    max_notebook_output_bytes = Integer(
        20_000_000, help="Output kept for the whole notebook; past it, as past a cell's cap.").tag(config=True)
    sandbox = Bool(True, help="Run each kernel in the bubblewrap sandbox (Linux).").tag(config=True)
    sandbox_memory = Integer(sbx.Limits.memory, help="Address space of the kernel (bytes).").tag(config=True)
    sandbox_processes = Integer(sbx.Limits.processes,
                                help="Processes and threads of the kernel's user id.").tag(config=True)
    sandbox_file_size = Integer(sbx.Limits.file_size,
                                help="Largest file the kernel may write (bytes).").tag(config=True)
    sandbox_cpu = Integer(sbx.Limits.cpu, help="CPU seconds of each of the kernel's processes.").tag(config=True)
    stderr_scores_zero = Bool(
        False, help="nbgrader scores a test cell that wrote to stderr 0; by default the grader turns "
                    "such output into stdout (a warning from Keras must not cost a correct answer).",
    ).tag(config=True)
    trusted_connection_file = Unicode(
        "", help="Connection file of a trusted kernel kept between submissions (``course grade``'s "
                 "workers); empty: start one for this submission.").tag(config=True)
    source_template = Unicode(
        "{root}/source/{assignment}/{notebook}.ipynb",
        help="Where the instructor's notebook lies ({root} is the folder of the gradebook).").tag(config=True)


    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._reset_course_state()

    def _reset_course_state(self):
        self._trusted_reset()
        self._dead: str | None = None
        self._out_bytes: dict[int, int] = {}
        self._dropped: dict[int, int] = {}
        self._out_total = 0

    def create_kernel_manager(self):
        if self.sandbox and self.kernel_manager_class is self._kernel_manager_class_default():
            self.kernel_manager_class = sbx.SandboxKernelManager
        km = super().create_kernel_manager()
        if isinstance(km, sbx.SandboxKernelManager):
            km.limits = sbx.Limits(self.sandbox_memory, self.sandbox_processes, self.sandbox_file_size,
                                   self.sandbox_cpu)
            # no copy of the notebook in its folder: after nbgrader's sanitizing, it holds the hidden tests
        return km

    async def async_start_new_kernel(self, **kwargs):
        env = dict(os.environ)
        env.update(self.kernel_env)
        kwargs.setdefault("env", env)
        return await super().async_start_new_kernel(**kwargs)

    def preprocess(self, nb, resources=None, km=None):
        self._reset_course_state()
        self._resources = resources or {}
        try:
            return super().preprocess(nb, resources, km=km)
        finally:
            self._trusted_stop()

    # -- output cap
    def output(self, outs, msg, display_id, cell_index):
        content = msg.get("content", {})
        try:
            size = len(json.dumps(content, default=str))
        except (TypeError, ValueError, RecursionError):
            size = self.max_output_bytes + 1
        used = self._out_bytes.get(cell_index, 0)
        if (used + size > self.max_output_bytes or self._out_total + size > self.max_notebook_output_bytes) \
                and msg.get("msg_type") != "clear_output":
            self._dropped[cell_index] = self._dropped.get(cell_index, 0) + size
            if msg.get("msg_type") != "error":
                return None
            # an error is kept, cut short: a test that failed still fails
            content = {"ename": str(content.get("ename", "Error"))[:200],
                       "evalue": str(content.get("evalue", ""))[:2000] + " ... (cut short by the grader)",
                       "traceback": []}
            msg = dict(msg, content=content)
            size = len(json.dumps(content))
        self._out_bytes[cell_index] = used + size
        self._out_total += size
        return super().output(outs, msg, display_id, cell_index)

    # -- cells: the submission's in its kernel, the tests in the trusted one
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
        is_test = nbg_utils.is_grade(cell) and cell.cell_type == "code" and not nbg_utils.is_solution(cell)
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if is_test and gid in meta.get("moved", []):
            cell.outputs = [_error("GradingError", "this test cell was moved above its answer cell; "
                                                   "it was not run and scores 0")]
            return cell, resources
        run = super().preprocess_cell
        try:
            if is_test:
                cell, resources = self._trusted_test(cell, resources, index, run)
            else:
                cell, resources = run(cell, resources, index)
        except GraderError:
            raise
        except Exception as e:  # DeadKernelError, CellTimeoutError waiting for output, ...
            name = type(e).__name__
            dead = name == "DeadKernelError" or not self._kernel_alive()
            self._dead = (f"the kernel died in cell {index}{self._death_reason()}" if dead
                          else f"cell {index} could not be run ({name})")
            cell.outputs = list(cell.get("outputs", [])) + [_error(name, self._dead)]
            _nb_note(nb, "kernel died" if dead else "error", self._dead)
            if gid:
                _note(nb, gid, "kernel died" if dead else "error", self._dead)
            return cell, resources
        if cell.cell_type != "code":
            return cell, resources
        self._after_cell(nb, cell, index, gid, is_test)
        return cell, resources

    def _run_hidden(self, code: str, index: int) -> NotebookNode:
        """Run ``code`` in the current kernel without storing it in the notebook or the history."""
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

    def _death_reason(self) -> str:
        """What the kernel's exit status says (the sandbox passes its kernel's on), or ''."""
        import signal

        from nbclient.util import run_sync

        try:
            code = run_sync(self.km.provisioner.poll)()
        except Exception:
            return ""
        sig = -code if code is not None and code < 0 else (code - 128 if code and code > 128 else 0)
        if sig == signal.SIGXCPU or (sig == signal.SIGKILL and self.sandbox):
            return f" (killed: over a limit, perhaps the {self.sandbox_cpu} s of CPU time)"
        if sig == signal.SIGXFSZ:
            return " (killed: a file over the size limit)"
        return f" (exit status {code})" if code else ""

    def _kernel_alive(self) -> bool:
        from nbclient.util import run_sync

        try:
            return self.km is not None and bool(run_sync(self.km.is_alive)())
        except Exception:
            return False

    def _after_cell(self, nb, cell, index, gid, is_test):
        dropped = self._dropped.pop(index, 0)
        self._out_bytes.pop(index, None)
        if dropped:
            cell.outputs.append(_stream(f"\n... output truncated by the grader ({dropped} bytes dropped)\n"))
            if gid:
                _note(nb, gid, "truncated", f"output truncated ({dropped} bytes dropped)")
        if any(o.get("output_type") == "error" and o.get("ename") == "MemoryError" for o in cell.outputs):
            mib = self.sandbox_memory // 2**20
            why = f"cell {index} ran out of memory" + (f" (the limit is {mib} MiB)" if self.sandbox else "")
            if gid:
                _note(nb, gid, "out of memory", why)
            else:
                _nb_note(nb, "out of memory", why)
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
