"""Sandbox: the grading kernel's launch command wrapped in bubblewrap (``bwrap``), Linux only.

Each kernel gets one private folder (``course-sbx-*`` in the temporary folder, removed afterwards):
``run/`` (its connection file and IPC sockets), ``work/`` (its working folder and home, empty at
the start) and ``tmp/`` (its ``/tmp``). As root, the command is

    prlimit --as --nproc --fsize --cpu --core=0 --
      bwrap --unshare-pid --unshare-ipc --unshare-net --unshare-uts --die-with-parent --new-session
            (the system, the Python environment, the course package and the data read-only; /proc,
             /dev, the private folder; nothing else) --
      setpriv --reuid U --regid U --clear-groups --inh-caps=-all --bounding-set=-all --no-new-privs --
      bwrap --unshare-user --disable-userns --die-with-parent --dev-bind / / -- KERNEL

so the kernel runs as an unprivileged user id of its own (``UID_BASE`` + the worker's process id, no
capabilities, no groups) in its own user, PID, IPC, network, UTS and mount namespaces. The outer
``bwrap`` needs root for the bind mounts of folders the user id cannot open (a Python under
``/root``); the inner one adds the user namespace. Run by another user, one ``bwrap --unshare-all``
does it all, and the kernel keeps that user's id (no process limit then: it would count the user's
other processes). The kernel talks to the grader over IPC sockets in ``run/``: with its own network
namespace, 127.0.0.1 inside is not the grader's. An interrupt is sent to the kernel's own process
(the sandbox's process group does not hold it).
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager

from ..data import DATA_DIR, find_mnist

ROOT_ENV = "COURSE_SANDBOX_ROOT"  # where the private folders go (``course grade`` removes it at the end)
UID_BASE = 1_000_000_000  # + the process id of the grading worker: one unused user id per kernel
INSTALL_HINT = ("install bubblewrap (Debian/Ubuntu: `apt-get install bubblewrap`, Fedora: `dnf install "
                "bubblewrap`), or grade without the sandbox: `course grade --no-sandbox` (not for "
                "untrusted submissions)")
# Environment variables the kernel keeps (the grader's own, tokens say, stay outside).
ENV_KEEP = ("PATH", "LANG", "LANGUAGE", "TZ", "TERM", "PYTHONHASHSEED", "PYTHONWARNINGS", "MPLBACKEND",
            "NBGRADER_EXECUTION", "JPY_SESSION_NAME", "PYDEVD_DISABLE_FILE_VALIDATION")
ENV_PREFIXES = ("COURSE_", "KERAS_", "TF_", "XLA_", "JAX_", "OMP_", "MKL_", "OPENBLAS_", "LC_")


@dataclass(frozen=True)
class Limits:
    """Per kernel. ``memory``: address space (bytes); ``processes``: processes and threads of its user
    id; ``file_size``: the largest file it may write (bytes); ``cpu``: CPU seconds of one process."""

    memory: int = 6 * 2**30
    processes: int = 512
    file_size: int = 256 * 2**20
    cpu: int = 600


def unavailable() -> str | None:
    """Why grading cannot be sandboxed here (None: it can)."""
    if not sys.platform.startswith("linux"):
        return f"the sandbox needs Linux (this is {sys.platform}); " + INSTALL_HINT
    missing = [t for t in ("bwrap", "setpriv", "prlimit") if shutil.which(t) is None]
    if os.geteuid() != 0:
        missing = [t for t in missing if t != "setpriv"]
    if missing:
        return f"{', '.join(missing)} not found; " + INSTALL_HINT
    return _probe()


@functools.lru_cache(maxsize=1)
def _probe() -> str | None:
    """Run ``true`` in the sandbox once; None if it works, else bwrap's complaint."""
    with tempfile.TemporaryDirectory(prefix="course-sbx-probe-") as tmp:
        private = prepare(Path(tmp) / "p", UID_BASE + os.getpid())
        cmd = command([shutil.which("true") or "/bin/true"], private, UID_BASE + os.getpid(), Limits())
        try:
            r = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        except (OSError, subprocess.TimeoutExpired) as e:
            return f"bubblewrap could not start a sandbox ({e}); " + INSTALL_HINT
    if r.returncode != 0:
        why = (r.stderr.strip().splitlines() or ["no message"])[-1]
        return f"bubblewrap could not start a sandbox here ({why}); " + INSTALL_HINT
    return None


def read_only_paths(env: dict | None = None) -> list[str]:
    """Folders the kernel sees read-only besides the system: Python, the course package, the data."""
    env = os.environ if env is None else env
    package = Path(__file__).resolve().parents[1]
    paths = [sys.prefix, sys.base_prefix, os.path.dirname(os.path.realpath(sys.executable)), package]
    paths += [DATA_DIR]
    if env.get("COURSE_DATA_DIR"):
        paths.append(Path(env["COURSE_DATA_DIR"]).expanduser())
    else:
        found = find_mnist()
        if found is not None:
            paths.append(found.folder)
    out = []
    for p in paths:
        p = os.path.realpath(p)
        if os.path.isdir(p) and p not in out:
            out.append(p)
    return out


def prepare(private: Path, uid: int) -> Path:
    """Make the kernel's private folder (``run/``, ``work/``, ``tmp/``), owned by ``uid`` when root."""
    private.mkdir(mode=0o700)
    for sub in ("run", "work", "tmp"):
        (private / sub).mkdir(mode=0o700)
    _seed_caches(private / "tmp")
    if os.geteuid() == 0:
        for dirpath, dirs, files in os.walk(private):
            for name in [dirpath] + [os.path.join(dirpath, f) for f in dirs + files]:
                os.chown(name, uid, uid)
    return private


def _seed_caches(tmp: Path) -> None:
    """Copy the grader's font caches (matplotlib, fontconfig) into the kernel's /tmp: building them
    anew costs seconds at every kernel start."""
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    mpl = Path(os.environ.get("MPLCONFIGDIR") or cache / "matplotlib")
    for src, dest in ((mpl, tmp / "matplotlib"), (cache / "fontconfig", tmp / "cache" / "fontconfig")):
        try:
            if src.is_dir():
                shutil.copytree(src, dest, ignore=shutil.ignore_patterns("tex.cache"), symlinks=False)
        except OSError:
            pass


def give(path: Path | str, uid: int) -> None:
    """Hand a file in the private folder (the connection file) to the kernel's user id."""
    if os.geteuid() == 0:
        os.chown(path, uid, uid)


def _system_binds() -> list[str]:
    args = ["--ro-bind", "/usr", "/usr", "--ro-bind", "/etc", "/etc"]
    for d in ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
        if os.path.islink(d):
            args += ["--symlink", os.readlink(d), d]
        elif os.path.isdir(d):
            args += ["--ro-bind", d, d]
    return args


def _mounts(private: Path, ro: list[str]) -> list[str]:
    """bwrap arguments: the read-only folders and the private folder, at their own paths."""
    private = os.path.realpath(private)
    args = _system_binds() + ["--proc", "/proc", "--dev", "/dev",
                              "--bind", os.path.join(private, "tmp"), "/tmp"]
    covered = ["/usr", "/etc", "/proc", "/dev"]
    binds = []
    for p in sorted(set(ro), key=len):
        if not any(p == c or p.startswith(c + "/") for c in covered + ["/tmp"]):
            binds.append(p)
            covered.append(p)
    made = set()
    for p in binds + [private]:
        parts = Path(p).parts
        for k in range(2, len(parts)):
            a = str(Path(*parts[:k]))
            if a not in made and not any(a == c or a.startswith(c + "/") for c in covered):
                args += ["--perms", "0755", "--dir", a]  # bwrap would make a missing parent 0700
                made.add(a)
    for p in binds:
        args += ["--ro-bind", p, p]
    return args + ["--bind", private, private]


def command(kernel_cmd: list[str], private: Path, uid: int, limits: Limits,
            ro: list[str] | None = None) -> list[str]:
    """The sandboxed launch command of ``kernel_cmd``."""
    ro = read_only_paths() if ro is None else ro
    work = os.path.join(os.path.realpath(private), "work")
    lim = ["prlimit", f"--as={limits.memory}", f"--fsize={limits.file_size}",
           f"--cpu={limits.cpu}:{limits.cpu + 5}", "--core=0"]
    common = ["--unshare-pid", "--unshare-ipc", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try",
              "--die-with-parent", "--new-session", "--hostname", "sandbox",
              # ipykernel would watch for its parent to become PID 1, which is bwrap's own PID 1 from
              # the start when run by another user; --die-with-parent ends the kernel with its worker
              "--unsetenv", "JPY_PARENT_PID"]
    common += _mounts(private, ro) + ["--chdir", work]
    if os.geteuid() != 0:  # one unprivileged bwrap: user namespace included, the user's own id outside
        return lim + ["--", "bwrap", "--unshare-user", "--disable-userns"] + common + ["--"] + kernel_cmd
    lim.insert(2, f"--nproc={limits.processes}")
    drop = ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "--inh-caps=-all",
            "--bounding-set=-all", "--no-new-privs", "--"]
    inner = ["bwrap", "--unshare-user", "--disable-userns", "--die-with-parent", "--dev-bind", "/", "/",
             "--chdir", work, "--"]
    return lim + ["--", "bwrap"] + common + ["--"] + drop + inner + kernel_cmd


def kernel_env(env: dict, private: Path) -> dict:
    """The kernel's environment: what it needs from ``env``, with home and caches in its folder."""
    keep = {k: v for k, v in env.items() if k in ENV_KEEP or k.startswith(ENV_PREFIXES)}
    work = os.path.join(os.path.realpath(private), "work")
    keep.update({"HOME": work, "TMPDIR": "/tmp", "USER": "student", "LOGNAME": "student",
                 "MPLCONFIGDIR": "/tmp/matplotlib", "XDG_CACHE_HOME": "/tmp/cache",
                 "IPYTHONDIR": "/tmp/ipython", "JUPYTER_RUNTIME_DIR": os.path.join(private, "run")})
    keep.setdefault("PATH", os.defpath)
    return keep


class SandboxKernelManager(AsyncKernelManager):
    """A kernel manager whose kernel runs in the sandbox (see the module's docstring).

    ``limits`` is set by GradingExecute. The kernel's working folder starts empty: the notebook it
    runs is not there (after nbgrader's sanitizing it holds the hidden tests of every exercise)."""

    limits: Limits = Limits()
    private: Path | None = None

    async def _async_pre_start_kernel(self, **kw):
        why = unavailable()
        if why:
            raise RuntimeError("the grading sandbox is not available: " + why)
        uid = UID_BASE + os.getpid()
        root = os.environ.get(ROOT_ENV)
        root = root if root and os.path.isdir(root) else None
        self.private = prepare(Path(tempfile.mkdtemp(prefix="course-sbx-", dir=root)) / "k", uid)
        run = self.private / "run"
        self.transport, self.ip = "ipc", str(run / "k")
        self.connection_file = str(run / "kernel.json")
        env = kw.get("env") or dict(os.environ)
        kw["env"] = kernel_env(env, self.private)
        ro = read_only_paths(env)
        cmd, kw = await super()._async_pre_start_kernel(**kw)
        give(self.connection_file, uid)
        return command(cmd, self.private, uid, self.limits, ro), kw

    async def _async_signal_kernel(self, signum: int) -> None:
        """To the kernel itself: the sandbox's process group does not hold it (``--new-session``)."""
        pid = self._kernel_pid()
        if pid is None:
            return await super()._async_signal_kernel(signum)
        try:
            os.kill(pid, signum)
        except ProcessLookupError:
            pass

    signal_kernel = _async_signal_kernel

    def _kernel_pid(self) -> int | None:
        """The kernel's process id (outside the sandbox): the descendant that bwrap started."""
        import psutil

        wrappers = ("bwrap", "setpriv", "prlimit")
        try:
            for p in psutil.Process(self.provisioner.pid).children(recursive=True):
                if p.name() not in wrappers and p.parent() is not None and p.parent().name() in wrappers:
                    return p.pid
        except (AttributeError, psutil.Error):
            pass
        return None

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        if self.private is not None and not restart:
            shutil.rmtree(self.private.parent, ignore_errors=True)
            self.private = None
