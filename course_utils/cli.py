"""The ``course`` command: ``course doctor`` and ``course run``."""

from __future__ import annotations

import argparse
import os
import platform
import sys
from pathlib import Path

from . import backend, config, data, runner


def _doctor(_args) -> int:
    keras = backend.import_keras()
    mode = config.get_mode()
    print(f"Python       {platform.python_version()} ({sys.executable})")
    print(f"Platform     {platform.platform()}")
    print(f"Keras        {keras.__version__}, backend {backend.name()} {backend.version()}")
    print(f"Devices      {', '.join(backend.list_devices())}")
    print(f"Mode         {mode} ({config.SMOKE_ENV}={'1' if mode == 'smoke' else 'unset or 0'})")
    problems = 0
    print("MNIST        looked for in:")
    for label, folder in data.mnist_search_path():
        print(f"               - {label}: {folder}{'' if folder.is_dir() else '  (no such folder)'}")
    found = data.find_mnist()
    if found is None:
        print("             not found locally; the first load_mnist() downloads it "
              f"({data.MNIST_NPZ_URL}) into {data.keras_cache_dir()}")
    else:
        try:
            (x_tr, _), (x_te, _) = data.load_mnist(smoke=False)
            print(f"             found in {found.folder} ({found.label}, {found.kind} files): "
                  f"{len(x_tr)} train + {len(x_te)} test images, SHA-256 verified")
        except data.DataError as e:
            problems += 1
            print(f"             PROBLEM: {e}")
    try:
        x, _ = data.load_iq()
        print(f"IQ table     {data.IQ_CSV} ({len(x)} rows)")
    except data.DataError as e:
        problems += 1
        print(f"IQ table     PROBLEM: {e}")
    days = runner.day_notebooks()
    print(f"Notebooks    {len(days)} in {runner.NOTEBOOK_DIR}: days {', '.join(map(str, days)) or 'none'}")
    print(f"Grading      {_sandbox_line()}")
    print("All good." if not problems else f"{problems} problem(s) found, see above.")
    return 1 if problems else 0


def _sandbox_line() -> str:
    """Whether ``course grade`` can run each kernel in its sandbox here (not a problem for the course)."""
    try:
        from .grading import sandbox
    except ImportError as e:  # nbgrader is in the dev extra
        return f"not available ({e.name} is not installed: pip install -e '.[dev]')"
    why = sandbox.unavailable()
    if why:
        return f"NOT sandboxed here: {why}"
    who = "a user id of its own" if os.geteuid() == 0 else "this user's id"
    return f"sandboxed (bubblewrap: each kernel with no network, {who}, only its own folder writable)"


def _run(args) -> int:
    smoke = args.smoke or config.is_smoke()
    paths = runner.select(args.days)
    where = "in place" if args.inplace else f"to {args.out}"
    seed = args.seed if args.seed is not None else config.get_seed()
    keras_backend = args.backend or backend.configured_name()
    print(f"Running {len(paths)} notebook(s) in {'smoke' if smoke else 'full'} mode on {keras_backend} "
          f"with seed {seed}, writing {where}.")
    from tqdm.auto import tqdm

    results = []
    for path in tqdm(paths, desc="notebooks", unit="nb", disable=args.quiet):
        r = runner.run_notebook(
            path, smoke=smoke, inplace=args.inplace, out_dir=Path(args.out), timeout=args.timeout,
            progress=not args.quiet, seed=seed, keras_backend=keras_backend,
        )
        results.append(r)
        if r.status != "ok":
            tqdm.write(f"{path.name} FAILED: {r.error}")
    print(runner.format_table(results))
    if args.report:
        runner.write_report(results, Path(args.report), smoke=smoke)
        print(f"report written to {args.report}")
    return 0 if all(r.status == "ok" for r in results) else 1


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="course", description="Tools for the Keras deep-learning course.")
    sub = p.add_subparsers(dest="command", required=True)

    d = sub.add_parser("doctor", help="versions, devices, and where the data was found (or why not)")
    d.set_defaults(func=_doctor)

    r = sub.add_parser("run", help="execute day notebooks headless and report a table of times")
    r.add_argument("days", nargs="*", type=int, metavar="DAY", help="day numbers (default: all)")
    r.add_argument("--smoke", action="store_true", help="small data and few epochs (COURSE_SMOKE=1)")
    r.add_argument("--inplace", action="store_true", help="refresh the stored outputs of the notebooks")
    r.add_argument("--out", default=str(runner.BUILD_DIR), help="folder for executed copies (default: %(default)s)")
    r.add_argument("--timeout", type=int, default=None, help="seconds allowed per cell (default 3600 full, 600 smoke)")
    r.add_argument("--seed", type=int, default=None, help="the course seed for every notebook (sets COURSE_SEED; default: COURSE_SEED or 42)")
    r.add_argument("--backend", choices=["tensorflow", "jax"], default=None, help="the Keras backend (sets KERAS_BACKEND; default: KERAS_BACKEND or tensorflow)")
    r.add_argument("--quiet", action="store_true", help="no progress bars")
    r.add_argument("--report", metavar="JSON", help="also write the table as JSON (benchmarks/run.py --full-from reads it)")
    r.set_defaults(func=_run)

    rel = sub.add_parser("release", help="write the student edition of day notebooks (nbgrader generate_assignment)")
    rel.add_argument("days", nargs="*", type=int, metavar="DAY", help="day numbers (default: all)")
    rel.add_argument("--out", required=True, help="folder for the student notebooks")
    rel.add_argument("--notebooks", default=None, help=argparse.SUPPRESS)  # source folder (tests)
    rel.set_defaults(func=_release)

    g = sub.add_parser("grade", help="autograde submissions with nbgrader: grades.csv and feedback")
    g.add_argument("submissions", help="folder of SUBMISSIONS/<student_id>/DayNN_<slug>.ipynb")
    g.add_argument("--out", required=True, help="folder for grades.csv and feedback/")
    g.add_argument("--days", nargs="*", type=int, metavar="DAY",
                   help="days to grade (default: every course notebook someone handed in)")
    g.add_argument("--timeout", type=int, default=None,
                   help="seconds allowed per cell (default: nbgrader_config.py's Execute.timeout, 180)")
    g.add_argument("--notebook-timeout", type=int, default=None,
                   help="seconds allowed per submission, all cells together (default 900)")
    g.add_argument("--jobs", type=int, default=None, help="submissions graded at once (default: CPU cores)")
    g.add_argument("--no-sandbox", action="store_true",
                   help="run the kernels without the bubblewrap sandbox (trusted submissions only; "
                        "every row's status says so)")
    g.add_argument("--notebooks", default=None, help=argparse.SUPPRESS)  # source folder (tests)
    g.add_argument("--quiet", action="store_true", help="no progress bar")
    g.set_defaults(func=_grade)
    return p


def _release(args) -> int:
    from . import grading

    kwargs = {"notebook_dir": Path(args.notebooks)} if args.notebooks else {}
    written = grading.release(args.days, Path(args.out), **kwargs)
    for path in written:
        print(path)
    print(f"{len(written)} student notebook(s) written to {args.out}")
    return 0


def _grade(args) -> int:
    from . import grading

    kwargs = {"notebook_dir": Path(args.notebooks)} if args.notebooks else {}
    report = grading.grade(
        Path(args.submissions), Path(args.out), days=args.days, cell_timeout=args.timeout,
        notebook_timeout=args.notebook_timeout, jobs=args.jobs, progress=not args.quiet,
        sandbox=not args.no_sandbox, **kwargs,
    )
    print(report.table())
    print(f"grades: {Path(args.out) / 'grades.csv'}; feedback: {Path(args.out) / 'feedback'}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
