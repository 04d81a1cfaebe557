"""course_utils.runner and the `course` command: selecting, executing and reporting notebooks."""

from pathlib import Path

import nbformat
import pytest

from course_utils import cli, runner


def make_nb(path, *sources):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


def test_day_notebooks_and_select(tmp_path):
    for name in ("Day01_intro.ipynb", "Day12_capstone_fizzbuzz.ipynb", "Day3_bad.ipynb", "notes.ipynb"):
        make_nb(tmp_path / name, "1")
    found = runner.day_notebooks(tmp_path)
    assert sorted(found) == [1, 12]
    assert runner.select([12], tmp_path) == [tmp_path / "Day12_capstone_fizzbuzz.ipynb"]
    assert runner.select(None, tmp_path) == [found[1], found[12]]
    with pytest.raises(SystemExit, match=r"no notebook for day\(s\) \[5\]; days available: 1, 12"):
        runner.select([5], tmp_path)


def test_run_notebook_executes_in_the_chosen_mode(tmp_path):
    nb = make_nb(tmp_path / "Day01_x.ipynb", "import os\nprint(os.environ['COURSE_SMOKE'])", "print(2 + 2)")
    r = runner.run_notebook(nb, smoke=True, out_dir=tmp_path / "out", progress=False)
    assert r.status == "ok" and r.output == tmp_path / "out" / "Day01_x.ipynb"
    executed = nbformat.read(r.output, as_version=4)
    assert [c.outputs[0]["text"] for c in executed.cells] == ["1\n", "4\n"]
    assert [c.execution_count for c in executed.cells] == [1, 2]
    assert nbformat.read(nb, as_version=4).cells[0].outputs == []  # the source is untouched


def test_run_notebook_leaves_no_kernel_or_socket_behind(tmp_path, monkeypatch):
    import os
    import tempfile

    import psutil

    runtime = tmp_path / "runtime"  # where Jupyter puts connection files and IPC sockets
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(runtime))
    before = {p.pid for p in psutil.Process().children(recursive=True)}
    for source in ("print(1)", "raise ValueError('boom')"):
        r = runner.run_notebook(make_nb(tmp_path / "Day03_z.ipynb", source), smoke=True,
                                out_dir=tmp_path / "out", progress=False)
        assert r.status in ("ok", "failed") and "ZMQError" not in r.error
    left = [p for p in psutil.Process().children(recursive=True) if p.pid not in before and p.is_running()
            and p.status() != psutil.STATUS_ZOMBIE]
    assert left == [], [p.cmdline() for p in left]
    assert list(runtime.glob("*")) == []
    assert list(Path(tempfile.gettempdir()).glob(f"course-kernel-{os.getpid()}-*")) == []


def test_ipc_socket_paths_stay_within_the_length_limit(tmp_path, monkeypatch):
    import os
    import tempfile

    import zmq
    from jupyter_client.manager import KernelManager

    if os.name != "posix":
        pytest.skip("IPC transport is POSIX only")
    short = tempfile.mkdtemp(prefix="rt")  # pytest's tmp_path is itself too deep under xdist
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", short)
    km = runner.use_ipc(KernelManager())
    os.rmdir(short)
    assert km.transport == "ipc" and km.ip.startswith(short)
    deep = tmp_path / ("d" * 60) / ("e" * 60)  # a runtime folder too deep for a socket path
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(deep))
    km = runner.use_ipc(KernelManager())
    assert km.transport == "ipc" and km.ip.startswith(os.path.abspath(tempfile.gettempdir()))
    assert len(km.ip) + 2 <= zmq.IPC_PATH_MAX_LEN
    deep.mkdir(parents=True)  # gettempdir() only takes a folder that exists
    monkeypatch.setenv("TMPDIR", str(deep))
    monkeypatch.setattr(tempfile, "tempdir", None)  # gettempdir() reads TMPDIR again
    assert runner.use_ipc(KernelManager()).transport == "tcp"  # nowhere short enough: stays on TCP


def test_failed_inplace_run_keeps_the_committed_notebook(tmp_path):
    nb = make_nb(tmp_path / "Day02_y.ipynb", "print('before')", "raise ValueError('boom')")
    before = nb.read_text()
    r = runner.run_notebook(nb, smoke=True, inplace=True, progress=False)
    assert r.status == "failed" and "boom" in r.error
    assert nb.read_text() == before
    table = runner.format_table([r])
    assert "02" in table and "failed" in table and "0/1 ok" in table


def test_course_run_exits_nonzero_when_a_notebook_fails(tmp_path, monkeypatch, capsys):
    make_nb(tmp_path / "Day01_ok.ipynb", "x = 1")
    make_nb(tmp_path / "Day02_bad.ipynb", "1/0")
    monkeypatch.setattr(runner, "NOTEBOOK_DIR", tmp_path)
    assert cli.main(["run", "1", "--smoke", "--quiet", "--out", str(tmp_path / "o")]) == 0
    assert cli.main(["run", "--smoke", "--quiet", "--out", str(tmp_path / "o")]) == 1
    out = capsys.readouterr().out
    assert "Day02_bad" in out and "failed" in out and "1/2 ok" in out


def test_doctor_reports_data_and_problems(mnist_dir, monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("COURSE_DATA_DIR", str(mnist_dir))
    assert cli.main(["doctor"]) == 0
    out = capsys.readouterr().out
    assert "SHA-256 verified" in out and "60000 train + 10000 test" in out and "All good." in out
    bad = tmp_path / "bad"
    bad.mkdir()
    for stem in ("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"):
        (bad / stem).write_bytes(b"\x00\x00\x08\x01" + bytes(8))
    monkeypatch.setenv("COURSE_DATA_DIR", str(bad))
    assert cli.main(["doctor"]) == 1
    out = capsys.readouterr().out
    assert "PROBLEM" in out and "is corrupt" in out and "1 problem(s)" in out


def test_key_figures_reach_the_run_report(tmp_path):
    nb = make_nb(tmp_path / "Day06_k.ipynb", "from course_utils.report import key_figure\nkey_figure('test accuracy', 0.98765)")
    r = runner.run_notebook(nb, smoke=True, out_dir=tmp_path / "out", progress=False)
    assert r.status == "ok"
    assert r.figures == [{"name": "test accuracy", "value": 0.98765, "fmt": ".4f"}]
    executed = nbformat.read(r.output, as_version=4)
    assert executed.cells[0].outputs[0]["text"] == "Key figure: test accuracy = 0.9877\n"
    assert "test accuracy = 0.9877" in runner.format_table([r])


def test_course_run_writes_a_json_report(tmp_path, monkeypatch):
    import json

    make_nb(tmp_path / "Day01_ok.ipynb", "from course_utils.report import key_figure\nkey_figure('x', 2)")
    monkeypatch.setattr(runner, "NOTEBOOK_DIR", tmp_path)
    report = tmp_path / "r" / "run.json"
    assert cli.main(["run", "--smoke", "--quiet", "--out", str(tmp_path / "o"), "--report", str(report)]) == 0
    payload = json.loads(report.read_text())
    assert payload["mode"] == "smoke"
    [row] = payload["notebooks"]
    assert row["notebook"] == "Day01_ok" and row["status"] == "ok" and row["seconds"] > 0
    assert row["figures"] == [{"name": "x", "value": 2.0, "fmt": ".4f"}]


def test_course_run_passes_seed_and_backend_to_every_notebook(tmp_path, monkeypatch, capsys):
    import json

    src = "import os\nprint(os.environ['COURSE_SEED'], os.environ['KERAS_BACKEND'])"
    for day in (1, 2):
        make_nb(tmp_path / f"Day0{day}_s.ipynb", src, "from course_utils.claims import claim\nclaim('it holds', True)")
    monkeypatch.setattr(runner, "NOTEBOOK_DIR", tmp_path)
    report = tmp_path / "run.json"
    argv = ["run", "--smoke", "--quiet", "--seed", "1234", "--backend", "jax", "--out", str(tmp_path / "o"), "--report", str(report)]
    assert cli.main(argv) == 0
    assert "on jax with seed 1234" in capsys.readouterr().out
    for day in (1, 2):
        executed = nbformat.read(tmp_path / "o" / f"Day0{day}_s.ipynb", as_version=4)
        assert executed.cells[0].outputs[0]["text"] == "1234 jax\n"
    rows = json.loads(report.read_text())["notebooks"]
    assert [(r["seed"], r["backend"], r["claims"]) for r in rows] == [(1234, "jax", [{"claim": "it holds", "holds": True}])] * 2


def test_a_failed_claim_fails_the_run_and_is_counted(tmp_path):
    nb = make_nb(tmp_path / "Day03_c.ipynb", "from course_utils.claims import claim\nclaim('a', True)\nclaim('b', 2, '<', 1)")
    r = runner.run_notebook(nb, smoke=True, out_dir=tmp_path / "out", progress=False)
    assert r.status == "failed" and "claim does not hold on this run: b (2 < 1)" in r.error
    assert runner.format_claims(r.claims) == "1/2"
    assert "1/2" in runner.format_table([r])
