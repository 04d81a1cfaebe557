"""Attacks on ``course grade`` from answer cells of a released notebook (Day 2), graded in ONE batch
beside two honest submissions that must keep full marks.

Each attacking student hands in the student edition of Day 2 with the first answer cell
(``widest_line``) replaced by an attack. An attack that reaches the solutions uses them (and prints
``LEAK``), so it would score; one that reaches the gradebook or another student's file changes it.
The sandbox must make every route find nothing, every write fail, and every runaway stop, while the
batch goes on. Skips where bubblewrap is missing (CI installs it).
"""

from __future__ import annotations

import hashlib
import http.server
import json
import secrets
import shutil
import threading
import time
from pathlib import Path

import nbformat
import pytest

from course_utils import grading
from course_utils.grading import sandbox as sbx

REPO = Path(__file__).resolve().parents[1]
DAY = 2
SOURCE = grading.select_notebooks([DAY])[0]
CHECKS = REPO / "course_utils" / "checks.py"
WHY = sbx.unavailable()
pytestmark = pytest.mark.skipif(WHY is not None, reason=f"no sandbox here: {WHY}")

PRELUDE = '''\
import os, re, json, glob, sqlite3, ctypes
def widest_line():
    raise NotImplementedError()
def _leak(route, text):  # only the source notebook and the gradebook hold the hidden tests
    if ("### BEGIN " + "HIDDEN TESTS") in str(text):
        print("LE" + "AK", route)  # so that the word is in the output, not in the source
        global widest_line
        def widest_line():
            return np.array([1.1, 2.1]), -4.485  # the reference answer: full marks
    else:
        print("nothing useful from", route)
def _try(route, f):
    try:
        _leak(route, f())
    except BaseException as e:
        print("blocked", route, type(e).__name__)
'''


def attacks(p: dict) -> dict[str, str]:
    """{student: answer-cell code}; ``p`` holds the paths and the port the attacks aim at."""
    targets = p["secrets"]
    reads = "\n".join(
        f"_try({('open ' + t)!r}, lambda: open({t!r}, 'rb').read())\n"
        f"_try({('dir_fd ' + t)!r}, lambda: os.read(os.open(os.path.relpath({t!r}), os.O_RDONLY, "
        f"dir_fd=os.open('.', os.O_RDONLY)), 10**6))\n"
        f"_try({('libc ' + t)!r}, lambda: os.read(ctypes.CDLL(None).open({t!r}.encode(), 0), 10**6))\n"
        f"_try({('link ' + t)!r}, lambda: (os.link({t!r}, 'l'), open('l', 'rb').read())[1])\n"
        for t in targets)
    attach = "\n".join(
        f"_try({('attach ' + g)!r}, lambda: sqlite3.connect(':memory:').execute("
        f"'ATTACH DATABASE ? AS g', ({g!r},)).execute('SELECT source FROM g.source_cell').fetchall())\n"
        for g in p["gradebooks"])
    glob_all = ("_try('glob', lambda: [open(f, errors='replace').read() for d in ('/tmp', '/work', '/root') "
                "for f in glob.glob(d + '/**/*.ipynb', recursive=True) + glob.glob(d + '/**/*.db', recursive=True) "
                "if '.venv' not in f])\n")
    writes = "\n".join([
        f"_try('append checks.py', lambda: open({p['checks']!r}, 'a').write('\\ncheck_equal = print\\n'))",
        f"_try('replace a submission', lambda: (open('mine', 'w').write('{{}}'), os.replace('mine', {p['victim']!r})))",
        f"_try('grades.csv', lambda: open({p['grades']!r}, 'w').write('hacked'))",
    ] + [f"_try('update ' + {g!r}, lambda: sqlite3.connect({g!r}).execute("
         f"'UPDATE grade SET manual_score = max_score').connection.commit())" for g in p["gradebooks"]])
    fork_exec = (
        "import _posixsubprocess\n"
        "def _spawn(cmd):\n"
        "    r, w = os.pipe()\n"
        "    return _posixsubprocess.fork_exec([b'/bin/sh', b'-c', cmd.encode()], [b'/bin/sh'], True, (), None,\n"
        "        None, -1, -1, -1, -1, -1, -1, r, w, True, True, -1, None, None, None, -1, None, False)\n")
    return {
        "atk_read": PRELUDE + reads + attach + glob_all,
        "atk_write": PRELUDE + writes,
        "atk_net": PRELUDE + f"import urllib.request\n_try('http', lambda: urllib.request.urlopen("
                             f"'http://127.0.0.1:{p['port']}/source.ipynb', timeout=5).read())\n",
        "atk_survive": PRELUDE + fork_exec + (
            f"_try('survivor', lambda: _spawn('(sleep 2; while true; do echo hacked > {p['grades']}; "
            f"touch {p['marker']}; sleep 1; done # {p['token']}) &'))\n"),
        "atk_kernels": PRELUDE + (
            "own = os.environ['JUPYTER_RUNTIME_DIR']\n"
            "files = [f for f in glob.glob('/tmp/**/*.json', recursive=True) + glob.glob('/tmp/**/*-[0-9]')\n"
            "         if os.path.basename(f).startswith('k') and not f.startswith(own)]\n"
            "procs = [f for f in glob.glob('/proc/[0-9]*/cmdline') if b'ipykernel' in open(f, 'rb').read()\n"
            "         and own.encode() not in open(f, 'rb').read()]\n"
            "print(('LE' + 'AK other kernels') if files or procs else 'no other kernel in sight', files, procs)\n"),
        "atk_memory": PRELUDE + "def _grow():\n    x = []\n    while True:\n        x.append(bytearray(2**28))\n_grow()\n",
        "atk_bigfile": PRELUDE + "with open('big', 'wb') as f:\n    for _ in range(10 * 2**10):\n"
                                 "        f.write(b'x' * 2**20)\n",
        "atk_forkbomb": PRELUDE + fork_exec + (f"_spawn('b() {{ b | b & }}; b # {p['token']}-bomb')\n"
                                                "import time; time.sleep(5)\n"),
        "atk_bigerror": PRELUDE + "raise ValueError('x' * 20_000_000)\n",
    }


def _set_answer(nb, code):
    for c in nb.cells:
        if c.metadata.get("nbgrader", {}).get("grade_id") == "day02_widest_line":
            c.source = code
            return nb
    raise AssertionError("no answer cell day02_widest_line")


class _Serve(http.server.BaseHTTPRequestHandler):
    body = b""

    def do_GET(self):  # noqa: N802
        self.send_response(200)
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *a):
        pass


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("sandbox_attacks")
    sources = tmp / "sources"
    sources.mkdir()
    shutil.copyfile(SOURCE, sources / SOURCE.name)
    [released] = grading.release([DAY], tmp / "release", notebook_dir=sources)
    subs, out = tmp / "subs", tmp / "out"
    _Serve.body = SOURCE.read_bytes()
    server = http.server.HTTPServer(("127.0.0.1", 0), _Serve)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    work = out / ".work"
    p = {
        "secrets": [str(SOURCE), str(sources / SOURCE.name), str(REPO / ".git" / "HEAD"),
                    str(subs / "honest" / SOURCE.name)]
                   + [str(work / f"worker{k}" / "source" / SOURCE.stem / SOURCE.name) for k in (0, 1)],
        "gradebooks": [str(work / f"worker{k}" / "gradebook.db") for k in (0, 1)],
        "checks": str(CHECKS), "victim": str(subs / "victim" / SOURCE.name), "grades": str(out / "grades.csv"),
        "port": server.server_address[1], "token": secrets.token_hex(8), "marker": str(tmp / "survived"),
    }
    for student in ("honest", "victim"):
        (subs / student).mkdir(parents=True)
        shutil.copyfile(SOURCE, subs / student / SOURCE.name)
    for student, code in attacks(p).items():
        nb = _set_answer(nbformat.read(released, as_version=4), code)
        (subs / student).mkdir()
        nbformat.write(nb, subs / student / SOURCE.name)
    (subs / "atk_deep").mkdir()
    (subs / "atk_deep" / SOURCE.name).write_text("[" * 200_000 + "]" * 200_000)
    checks_before = hashlib.sha256(CHECKS.read_bytes()).hexdigest()
    report = grading.grade(subs, out, jobs=2, progress=False, notebook_dir=sources, cell_timeout=60)
    server.shutdown()
    csv_text = (out / "grades.csv").read_text()
    time.sleep(4)  # a survivor would have rewritten grades.csv by now
    rows = {(r["student"], r["exercise"]): r for r in grading.read_csv(out / "grades.csv")}
    return {"rows": rows, "out": out, "p": p, "report": report, "csv": csv_text,
            "checks_before": checks_before}


def _feedback(batch, student) -> str:
    return (batch["out"] / "feedback" / student / f"{SOURCE.stem}.html").read_text(errors="replace")


def _score(batch, student, ex="day02_widest_line"):
    return float(batch["rows"][(student, ex)]["score"])


def test_honest_submissions_keep_full_marks(batch):
    for student in ("honest", "victim"):
        for ex in ("day02_widest_line", "day02_separable", "day02_fix_the_bug"):
            r = batch["rows"][(student, ex)]
            assert r["status"] == "ok" and float(r["score"]) == float(r["max_score"]) > 0, r


@pytest.mark.parametrize("student", ["atk_read", "atk_net", "atk_kernels"])
def test_no_route_reaches_the_solutions(batch, student):
    html = _feedback(batch, student)
    assert "LEAK" not in html, html[-3000:]
    assert _score(batch, student) == 0


def test_sqlite_attach_and_dir_fd_and_libc_found_nothing(batch):
    html = _feedback(batch, "atk_read")
    for route in ("attach", "dir_fd", "libc", "link", "open"):
        assert f"blocked {route}" in html or f"nothing useful from {route}" in html, route


def test_writes_fail_and_change_nothing(batch):
    html = _feedback(batch, "atk_write")
    for what in ("append checks.py", "replace a submission", "grades.csv", "update"):
        assert f"blocked {what}" in html, what
    assert hashlib.sha256(CHECKS.read_bytes()).hexdigest() == batch["checks_before"]
    assert _score(batch, "atk_write") == 0


def test_manual_scores_never_count(batch):
    assert all(float(r["score"]) <= float(r["max_score"]) for r in batch["rows"].values())
    assert sum(float(r["score"]) for (s, _), r in batch["rows"].items() if s.startswith("atk_")) == 0


def test_no_process_outlives_grading(batch):
    import psutil

    token = batch["p"]["token"]
    assert not [q for q in psutil.process_iter(["cmdline"]) if token in " ".join(q.info["cmdline"] or [])]
    assert (batch["out"] / "grades.csv").read_text() == batch["csv"]
    assert not Path(batch["p"]["marker"]).exists()


def test_other_kernels_are_not_visible(batch):
    html = _feedback(batch, "atk_kernels")
    assert "LEAK" not in html and "no other kernel in sight" in html


def test_unbounded_memory_is_out_of_memory_and_the_batch_goes_on(batch):
    r = batch["rows"][("atk_memory", "day02_widest_line")]
    assert r["status"].startswith("out of memory"), r
    assert batch["rows"][("atk_memory", "day02_separable")]["status"] != ""  # graded on


def test_a_10_gb_file_is_stopped(batch):
    assert "File too large" in _feedback(batch, "atk_bigfile")


def test_a_fork_bomb_is_stopped(batch):
    assert ("atk_forkbomb", "day02_separable") in batch["rows"]
    import psutil

    # the bomb's shells carry the token in their command line (fork without exec keeps it); other
    # sandboxed kernels may be running at the same time (another test worker), so look for the bomb's
    bomb = f"{batch['p']['token']}-bomb"
    assert not [q for q in psutil.process_iter(["cmdline"]) if bomb in " ".join(q.info["cmdline"] or [])]


def test_deep_json_and_huge_error_are_rows_of_their_own(batch):
    assert batch["rows"][("atk_deep", "day02_widest_line")]["status"].startswith("invalid")
    r = batch["rows"][("atk_bigerror", "day02_widest_line")]
    assert float(r["score"]) == 0 and "truncated" in r["status"], r
    assert (batch["out"] / "feedback" / "atk_bigerror" / f"{SOURCE.stem}.html").stat().st_size < 4_000_000
    for nb in (batch["out"] / ".work").glob("worker*/autograded/atk_bigerror/*/*.ipynb"):
        assert nb.stat().st_size < 4_000_000


def test_every_submission_has_its_rows(batch):
    students = {s for s, _ in batch["rows"]}
    assert {"honest", "victim", "atk_deep"} | set(attacks(batch["p"])) <= students
    assert json.dumps(batch["report"].table())  # the summary is printable
