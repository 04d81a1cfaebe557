"""Worker processes that start in milliseconds: a server imports nbgrader once, then forks a child per submission.

Importing nbgrader takes about 3 s, a third of what grading a small notebook costs. Each worker slot of
``course grade`` therefore keeps one *server* process (started without ``course_utils/__init__``, so
without Keras, and with no thread running) that has imported the grading code; for every submission it
forks a child, which is a fresh process for nbgrader's purposes: its own session (killed as a whole on a
timeout), its own log file, its own working folder. The server answers on its stdout with one JSON line
when the child starts (``{"pid": ...}``) and one when it ends (``{"rc": ...}``).

Where ``os.fork`` does not exist, :class:`Workers` falls back to one plain process per submission.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import time
from pathlib import Path

_PACKAGE = str(Path(__file__).resolve().parents[1])
# The package without course_utils/__init__ (which imports Keras): the grading code needs none of it.
_STUB = (f"import sys, types; p = types.ModuleType('course_utils'); p.__path__ = [{_PACKAGE!r}]; "
         "sys.modules['course_utils'] = p; ")
ONE_SHOT_BOOT = _STUB + "from course_utils.grading import _worker_main; sys.exit(_worker_main(sys.argv[1]))"
SERVER_BOOT = _STUB + "from course_utils.grading.workers import serve; serve()"


def serve() -> None:  # pragma: no cover (runs in the server process; tested through Workers)
    """The server's loop: one request per stdin line, ``{"arg", "log", "cwd"}``."""
    import jupyter_client  # noqa: F401  (what every child imports: done once, here)
    import nbgrader.apps  # noqa: F401

    from course_utils.grading import _worker_main

    proto = os.fdopen(os.dup(1), "w", buffering=1)
    devnull = os.open(os.devnull, os.O_RDWR)
    for line in sys.stdin:
        req = json.loads(line)
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            rc = 1
            try:
                os.setsid()
                log = os.open(req["log"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
                os.dup2(devnull, 0)
                os.dup2(log, 1)
                os.dup2(log, 2)
                os.chdir(req["cwd"])
                rc = _worker_main(req["arg"])
            except BaseException:  # noqa: BLE001 (the child's failure goes to its log)
                import traceback

                traceback.print_exc()
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(rc if isinstance(rc, int) else 1)
        proto.write(json.dumps({"pid": pid}) + "\n")
        _, status = os.waitpid(pid, 0)
        proto.write(json.dumps({"rc": os.waitstatus_to_exitcode(status)}) + "\n")


def kill_tree(pid: int) -> None:
    """Kill ``pid`` and every process below it (and its process group, where it led one)."""
    try:
        import psutil
    except ImportError:  # pragma: no cover
        os.killpg(pid, 9)
        return
    try:
        parent = psutil.Process(pid)
        procs = parent.children(recursive=True) + [parent]
    except psutil.NoSuchProcess:
        procs = []
    for p in procs:
        try:
            p.kill()
        except psutil.NoSuchProcess:
            pass
    try:
        os.killpg(pid, 9)
    except OSError:
        pass
    psutil.wait_procs(procs, timeout=10)


class Workers:
    """One worker slot: ``run(arg, log, cwd, timeout)`` grades a submission in a fresh process.

    Returns the exit code, or ``None`` if it ran past ``timeout`` seconds (it is then killed).
    """

    def __init__(self, env: dict):
        self.env = env
        self.fork = hasattr(os, "fork")
        self._server: subprocess.Popen | None = None
        self._buf = b""

    def _start(self) -> subprocess.Popen:
        if self._server is None or self._server.poll() is not None:
            self._server = subprocess.Popen([sys.executable, "-c", SERVER_BOOT], env=self.env,
                                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0)
            self._buf = b""
        return self._server

    def _line(self, deadline: float | None) -> dict | None:
        """The server's next line; None at end of file; TimeoutError past the deadline."""
        fd = self._server.stdout.fileno()
        while b"\n" not in self._buf:
            wait = None if deadline is None else max(0.0, deadline - time.monotonic())
            if not select.select([fd], [], [], wait)[0]:
                raise TimeoutError
            chunk = os.read(fd, 4096)
            if not chunk:
                return None
            self._buf += chunk
        line, self._buf = self._buf.split(b"\n", 1)
        return json.loads(line)

    def run(self, arg: str, log: Path, cwd: Path, timeout: float) -> int | None:
        if not self.fork:
            return self._run_one_shot(arg, log, cwd, timeout)
        deadline = time.monotonic() + timeout
        server = self._start()
        try:
            server.stdin.write((json.dumps({"arg": arg, "log": str(log), "cwd": str(cwd)}) + "\n").encode())
            started = self._line(None)
        except (BrokenPipeError, TimeoutError):
            started = None
        if started is None:  # the server died: one plain process for this submission, a new server next time
            self.close()
            return self._run_one_shot(arg, log, cwd, max(1.0, deadline - time.monotonic()))
        try:
            done = self._line(deadline)
        except TimeoutError:
            kill_tree(started["pid"])
            self._line(None)  # the server's line for the killed child
            return None
        return None if done is None else done["rc"]

    def _run_one_shot(self, arg: str, log: Path, cwd: Path, timeout: float) -> int | None:
        with open(log, "wb") as logf:
            proc = subprocess.Popen([sys.executable, "-c", ONE_SHOT_BOOT, arg], cwd=str(cwd), env=self.env,
                                    stdout=logf, stderr=subprocess.STDOUT, start_new_session=True)
            try:
                return proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                return None
            finally:
                kill_tree(proc.pid)
                proc.wait()

    def close(self) -> None:
        if self._server is not None:
            try:
                self._server.stdin.close()
            except OSError:
                pass
            try:
                self._server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                kill_tree(self._server.pid)
                self._server.wait()
            self._server = None
