"""Worker processes that start in milliseconds: a server imports nbgrader once, then forks a child per submission.

Importing nbgrader takes about 3 s, a third of what grading a small notebook costs. Each worker slot of
``course grade`` therefore keeps one *server* process (started without ``course_utils/__init__``, so
without Keras, and with no thread running) that has imported the grading code; for every submission it
forks a child, which is a fresh process for nbgrader's purposes: its own session (killed as a whole on a
timeout), its own log file, its own working folder. The server answers on its stdout with one JSON line
when the child starts (``{"pid": ...}``) and one when it ends (``{"rc": ...}``).

The server also keeps the slot's *trusted kernel* (``verdict.py``) between submissions of the same
notebook: a plain ``ipykernel`` it starts with a connection file of its own (and kills when the notebook
changes, when a submission's grading did not end cleanly, and when it ends itself). The first submission
runs the instructor's notebook in it; the next ones only reset its namespace.

Where ``os.fork`` does not exist, :class:`Workers` falls back to one plain process per submission (each
then starts its own trusted kernel).
"""

from __future__ import annotations

import json
import os
import secrets
import select
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_PACKAGE = str(Path(__file__).resolve().parents[1])
# The package without course_utils/__init__ (which imports Keras): the grading code needs none of it.
_STUB = (f"import sys, types; p = types.ModuleType('course_utils'); p.__path__ = [{_PACKAGE!r}]; "
         "sys.modules['course_utils'] = p; ")
ONE_SHOT_BOOT = _STUB + "from course_utils.grading import _worker_main; sys.exit(_worker_main(sys.argv[1]))"
SERVER_BOOT = _STUB + "from course_utils.grading.workers import serve; serve()"


def _die_with_parent() -> None:  # pragma: no cover (runs between fork and exec)
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except Exception:  # noqa: BLE001 (not Linux: the kernel's parent poller still ends it)
        pass


class TrustedKernels:
    """The server's trusted kernel: one at a time, for one notebook, kept while submissions end cleanly."""

    def __init__(self):
        self.current: tuple[str, subprocess.Popen, Path, str] | None = None

    def connection_file(self, key: str, folder: Path) -> str:
        if self.current and (self.current[0] != key or self.current[1].poll() is not None):
            self.stop()
        if self.current is None:
            self.current = self._start(key, folder)
        return str(self.current[2])

    def _start(self, key: str, folder: Path):
        from jupyter_client.connect import write_connection_file

        folder.mkdir(parents=True, exist_ok=True)
        conn = folder / f"trusted-{key}.json"
        for p in (conn, Path(f"{conn}.pid"), Path(f"{conn}.ready")):
            p.unlink(missing_ok=True)
        ip = os.path.join(tempfile.gettempdir(), f"course-trusted-{os.getpid()}-{time.monotonic_ns()}")
        write_connection_file(str(conn), transport="ipc", ip=ip, key=secrets.token_hex(32).encode())
        env = dict(os.environ, MPLBACKEND="agg", JPY_PARENT_PID=str(os.getpid()))
        with open(folder / f"trusted-{key}.log", "ab") as log:
            proc = subprocess.Popen([sys.executable, "-m", "ipykernel_launcher", "-f", str(conn)], cwd=str(folder),
                                    env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                    preexec_fn=_die_with_parent)  # noqa: PLW1509 (the server has no thread)
        Path(f"{conn}.pid").write_text(str(proc.pid))
        return key, proc, conn, ip

    def after(self, rc: int) -> None:
        """A submission ended: keep the kernel only if it ended cleanly with the lesson run."""
        if self.current and (rc != 0 or not Path(f"{self.current[2]}.ready").exists()):
            self.stop()

    def stop(self) -> None:
        if self.current is None:
            return
        _, proc, conn, ip = self.current
        self.current = None
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        for p in [conn, Path(f"{conn}.pid"), Path(f"{conn}.ready")]:
            p.unlink(missing_ok=True)
        folder = Path(ip).parent
        for p in folder.glob(Path(ip).name + "-*"):
            p.unlink(missing_ok=True)


def serve() -> None:  # pragma: no cover (runs in the server process; tested through Workers)
    """The server's loop: one request per stdin line, ``{"arg", "log", "cwd"}``."""
    import jupyter_client  # noqa: F401  (what every child imports: done once, here)
    import nbgrader.apps  # noqa: F401

    from course_utils.grading import _worker_main

    proto = os.fdopen(os.dup(1), "w", buffering=1)
    devnull = os.open(os.devnull, os.O_RDWR)
    trusted = TrustedKernels()
    for line in sys.stdin:
        req = json.loads(line)
        try:
            arg = json.loads(req["arg"])
        except ValueError:
            arg = None
        if isinstance(arg, dict) and arg.get("assignment"):
            arg["trusted"] = trusted.connection_file(arg["assignment"], Path(req["cwd"]) / "trusted")
            req["arg"] = json.dumps(arg)
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
        rc = os.waitstatus_to_exitcode(status)
        trusted.after(rc)
        proto.write(json.dumps({"rc": rc}) + "\n")
    trusted.stop()


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
