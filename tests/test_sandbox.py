"""The grading sandbox on its own (course_utils.grading.sandbox): a plain Python process in it, no kernel.

Each test runs a few lines of Python in the sandbox the grading kernels get (the same command, a
private folder, limits) and checks what it could see and do. Fast (no TensorFlow): the attacks from
answer cells of real notebooks are in test_sandbox_grading.py. Where bubblewrap is missing, the
tests that need it skip and say so.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from course_utils.grading import sandbox as sbx

REPO = Path(__file__).resolve().parents[1]
WHY = sbx.unavailable()
needs_bwrap = pytest.mark.skipif(WHY is not None, reason=f"no sandbox here: {WHY}")


def run(tmp_path, code, limits=None, env=None, timeout=120, name="k"):
    """Run ``code`` with the venv's Python in a fresh sandbox; (returncode, stdout, stderr)."""
    uid = sbx.UID_BASE + os.getpid()
    private = sbx.prepare(tmp_path / name, uid)
    cmd = sbx.command([sys.executable, "-c", textwrap.dedent(code)], private, uid, limits or sbx.Limits())
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                       env=sbx.kernel_env(dict(os.environ if env is None else env), private))
    return r.returncode, r.stdout, r.stderr


def test_unavailable_says_how_to_install(monkeypatch):
    monkeypatch.setattr(sbx.shutil, "which", lambda name: None)
    monkeypatch.setattr(sbx.sys, "platform", "linux")
    why = sbx.unavailable()
    assert "bwrap" in why and "apt-get install bubblewrap" in why and "--no-sandbox" in why


def test_command_unshares_everything_and_drops_to_a_user_of_its_own(tmp_path):
    cmd = sbx.command(["python"], tmp_path / "p", 1234, sbx.Limits(), ro=[str(REPO / "course_utils")])
    for flag in ("--unshare-pid", "--unshare-ipc", "--unshare-net", "--die-with-parent", "--new-session"):
        assert flag in cmd
    assert "--unshare-user" in cmd and "--disable-userns" in cmd
    sources = [cmd[i + 1] for i, a in enumerate(cmd) if a in ("--ro-bind", "--bind", "--dev-bind")]
    assert str(REPO / "course_utils") in sources and str(REPO) not in sources  # never the repository
    if os.geteuid() == 0:
        assert "--reuid=1234" in cmd and "--bounding-set=-all" in cmd


def test_kernel_env_keeps_course_settings_not_secrets(tmp_path):
    env = sbx.kernel_env({"COURSE_SMOKE": "1", "KERAS_BACKEND": "jax", "GITHUB_TOKEN": "x", "PATH": "/usr/bin",
                          "HOME": "/root"}, tmp_path)
    assert env["COURSE_SMOKE"] == "1" and env["KERAS_BACKEND"] == "jax" and "GITHUB_TOKEN" not in env
    assert env["HOME"].startswith(str(tmp_path))


@needs_bwrap
def test_sees_the_course_package_read_only_and_nothing_secret(tmp_path):
    (tmp_path / "course").mkdir()
    secret = tmp_path / "course" / "gradebook.db"  # beside the kernel's own folder
    secret.write_text("hidden tests")
    rc, out, err = run(tmp_path, f"""
        import os
        for p in [{str(REPO / 'notebooks')!r}, {str(REPO / '.git')!r}, {str(secret)!r}, {str(secret.parent)!r},
                  {str(REPO / 'nbgrader_config.py')!r}, "/root/.ssh", "/home"]:
            print("exists" if os.path.exists(p) else "absent", p)
        print("checks", os.path.exists({str(REPO / 'course_utils' / 'checks.py')!r}))
        try:
            open({str(REPO / 'course_utils' / 'checks.py')!r}, "a").write("x = 1")
            print("WROTE the package")
        except OSError as e:
            print("write refused", e.errno)
        open("mine.txt", "w").write("ok")  # its own folder is writable
        open("/tmp/t.txt", "w").write("ok")
        print("uid", os.getuid(), "pids", sorted(int(p) for p in os.listdir("/proc") if p.isdigit()))
        print([l.split()[1] for l in open("/proc/self/status") if l.startswith("CapEff")][0])
    """)
    assert rc == 0, err
    assert "exists" not in out.replace("checks True", ""), out
    assert "checks True" in out and "write refused" in out
    uid = int(out.split("uid ")[1].split()[0])
    assert uid != 0 and uid != os.getuid() or os.geteuid() != 0
    pids = out.split("pids ")[1].splitlines()[0]
    assert len(eval(pids)) <= 3, out  # bwrap's init, the process, perhaps bwrap's inner monitor
    assert out.strip().splitlines()[-1] == "0000000000000000"  # no capabilities


@needs_bwrap
def test_other_routes_to_a_file_outside_find_nothing(tmp_path):
    """dir_fd relative to an allowed folder, hard links, libc open() through ctypes."""
    rc, out, err = run(tmp_path, f"""
        import ctypes, os
        target = {str(REPO / 'notebooks' / 'Day02_perceptron_logic_gates.ipynb')!r}
        fd = os.open(".", os.O_RDONLY)
        try:
            os.open(os.path.relpath(target), os.O_RDONLY, dir_fd=fd); print("LEAK dir_fd")
        except OSError as e:
            print("dir_fd", e.errno)
        try:
            os.link(target, "copy.ipynb"); print("LEAK link")
        except OSError as e:
            print("link", e.errno)
        libc = ctypes.CDLL(None)
        print("libc open", libc.open(target.encode(), 0))
    """)
    assert rc == 0, err
    assert "LEAK" not in out and "libc open -1" in out, out


@needs_bwrap
def test_no_network_not_even_the_graders_localhost(tmp_path):
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)
    port = srv.getsockname()[1]
    threading.Thread(target=lambda: srv.accept()[0].sendall(b"the solutions"), daemon=True).start()
    rc, out, err = run(tmp_path, f"""
        import socket
        for addr in [("127.0.0.1", {port}), ("1.1.1.1", 80)]:
            try:
                socket.create_connection(addr, timeout=3).recv(100); print("CONNECTED", addr)
            except OSError as e:
                print("refused", addr, e.errno)
    """)
    srv.close()
    assert rc == 0, err
    assert "CONNECTED" not in out and out.count("refused") == 2, out


@needs_bwrap
def test_a_detached_process_does_not_outlive_the_sandbox(tmp_path):
    token = secrets.token_hex(8)
    marker = tmp_path / "survived"
    rc, out, err = run(tmp_path, f"""
        import _posixsubprocess, os
        # setsid + double fork through _posixsubprocess (no audit event), then the process exits
        args = [b"/bin/sh", b"-c", b"(sleep 3; echo {token} > {marker}; sleep 60 # {token}) &"]
        r, w = os.pipe()
        _posixsubprocess.fork_exec(args, [b"/bin/sh"], True, (), None, None, -1, -1, -1, -1, -1, -1,
                                   r, w, True, True, -1, None, None, None, -1, None, False)
        print("started")
    """)
    assert "started" in out, err
    time.sleep(5)
    import psutil

    alive = [p for p in psutil.process_iter(["cmdline"]) if token in " ".join(p.info["cmdline"] or [])]
    assert not alive and not marker.exists()


@needs_bwrap
def test_memory_limit_gives_memory_error(tmp_path):
    rc, out, err = run(tmp_path, """
        import numpy as np  # NumPy still imports under the limit
        try:
            x = bytearray(3 * 2**30); print("ALLOCATED")
        except MemoryError:
            print("MemoryError")
    """, limits=sbx.Limits(memory=2 * 2**30))
    assert rc == 0 and out.strip() == "MemoryError", (out, err)


@needs_bwrap
def test_a_10_gb_file_is_stopped(tmp_path):
    rc, out, err = run(tmp_path, """
        import os
        chunk, n = b"x" * 2**20, 0
        try:
            with open("big", "wb") as f:
                for n in range(10 * 2**10):
                    f.write(chunk)
            print("WROTE 10 GB")
        except OSError as e:
            print("stopped at", n, "MiB, errno", e.errno)
    """, limits=sbx.Limits(file_size=16 * 2**20))
    assert rc == 0 and out.startswith("stopped at 1") and "errno 27" in out, (out, err)  # EFBIG


@needs_bwrap
@pytest.mark.skipif(os.geteuid() != 0, reason="the process limit needs a user id of the kernel's own (root)")
def test_a_fork_bomb_is_stopped_and_cleaned_up(tmp_path):
    token = secrets.token_hex(8)
    rc, out, err = run(tmp_path, f"""
        import os, time
        n = 0
        try:
            while n < 5000:
                if os.fork() == 0:
                    time.sleep(60)  # {token}
                    os._exit(0)
                n += 1
            print("FORKED", n)
        except OSError as e:
            print("stopped after", n, "errno", e.errno)
    """, limits=sbx.Limits(processes=64))
    assert rc == 0 and out.startswith("stopped after") and int(out.split()[2]) < 64, (out, err)
    time.sleep(1)
    import psutil

    assert not [p for p in psutil.process_iter(["uids"]) if p.info["uids"] and
                p.info["uids"].real == sbx.UID_BASE + os.getpid()]


@needs_bwrap
def test_cpu_time_limit_kills(tmp_path):
    rc, out, err = run(tmp_path, "while True:\n    pass\n", limits=sbx.Limits(cpu=1), timeout=60)
    assert rc in (128 + signal.SIGXCPU, -signal.SIGXCPU, 128 + signal.SIGKILL, -signal.SIGKILL), (rc, err)


@needs_bwrap
def test_two_kernels_do_not_see_each_others_folders(tmp_path):
    other = sbx.prepare(tmp_path / "other", sbx.UID_BASE + 1)
    (other / "run" / "kernel.json").write_text("{}")
    rc, out, err = run(tmp_path, f"""
        import os
        print(os.path.exists({str(other)!r}), sorted(os.listdir("/tmp")))
    """, name="mine")
    assert rc == 0 and out.startswith("False"), (out, err)
    shutil.rmtree(other)


@needs_bwrap
def test_a_kernel_started_by_a_user_other_than_root_stays_up(tmp_path, monkeypatch):
    """Run by another user, the sandbox is one bwrap whose PID 1 is the kernel's parent from the start; ipykernel,
    told its parent's PID by jupyter_client, must not take that for its parent's exit (it did: no grading as non-root)."""
    monkeypatch.setattr(sbx.os, "geteuid", lambda: 1000)  # the command another user gets (root can run it too)
    private = sbx.prepare(tmp_path / "k", os.getuid())
    cmd = sbx.command([sys.executable, "-m", "ipykernel_launcher", "-f", str(private / "run" / "kernel.json")],
                      private, 0, sbx.Limits())
    monkeypatch.undo()
    assert "--reuid" not in " ".join(cmd)
    env = sbx.kernel_env(dict(os.environ), private)
    env["JPY_PARENT_PID"] = str(os.getpid())  # as jupyter_client's launcher sets it
    p = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        time.sleep(6)
        alive = p.poll() is None
    finally:
        p.kill()
    out = p.communicate()[0]
    assert alive, f"the kernel ended: {out[-500:]}"
