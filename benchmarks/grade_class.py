"""Time ``course grade`` on a class of submissions of one day and report wall time and core use.

    python benchmarks/grade_class.py                  # Day06, 30 students, 2 workers
    python benchmarks/grade_class.py --day 2 --students 12 --jobs 1
    python benchmarks/grade_class.py --no-sandbox --json /tmp/unsandboxed.json   # the same, no sandbox

The class is built from the repository's own notebooks: a third hand in the solved notebook, a
third the student edition untouched, a third a partial one (the first half of the answer cells
solved). It prints a markdown table (seconds, per-submission seconds, CPU seconds of all the
grading processes, and CPU use as a share of ``workers x wall``) and checks the scores: solved
submissions get full marks, untouched ones zero, partial ones in between, and no row has an error.
The JSON goes to ``benchmarks/grade_class.json``.

With the sandbox, a kernel is reaped inside its own PID namespace, so its CPU time does not reach
this process's children's rusage: the CPU columns count the workers only (``machine_busy`` still
tells how busy the cores were).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from course_utils import grading  # noqa: E402
from course_utils.grading.batch import NO_SANDBOX  # noqa: E402


def partial(source: nbformat.NotebookNode, released: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The student edition with the first half (rounded up) of its answer cells taken from the source."""
    answers = {c.metadata["nbgrader"]["grade_id"]: c.source for c in source.cells
               if c.metadata.get("nbgrader", {}).get("solution")}
    ids = [c.metadata["nbgrader"]["grade_id"] for c in released.cells
           if c.metadata.get("nbgrader", {}).get("solution")]
    solved = set(ids[: (len(ids) + 1) // 2])
    nb = nbformat.from_dict(json.loads(json.dumps(released)))
    for c in nb.cells:
        gid = c.metadata.get("nbgrader", {}).get("grade_id")
        if gid in solved:
            c.source = answers[gid]
    return nb


def build_class(day: int, students: int, folder: Path) -> dict[str, str]:
    """``{student: kind}``, with the submissions written to ``folder/<student>/DayNN_<slug>.ipynb``."""
    [source_path] = grading.select_notebooks([day])
    released_dir = folder.parent / "released"
    [released_path] = grading.release([day], released_dir)
    source = nbformat.read(source_path, as_version=4)
    released = nbformat.read(released_path, as_version=4)
    kinds = {"solved": source, "blank": released, "partial": partial(source, released)}
    roster = {}
    for i in range(students):
        kind = list(kinds)[i % 3]
        student = f"s{i + 1:02d}_{kind}"
        (folder / student).mkdir(parents=True)
        nbformat.write(kinds[kind], folder / student / source_path.name)
        roster[student] = kind
    return roster


def machine_busy() -> tuple[float, float] | None:
    """(busy, total) CPU ticks of the whole machine so far, from /proc/stat (None elsewhere)."""
    try:
        fields = [float(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    except OSError:
        return None
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0.0)  # idle + iowait
    return sum(fields) - idle, sum(fields)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--day", type=int, default=6)
    ap.add_argument("--students", type=int, default=30)
    ap.add_argument("--jobs", type=int, default=None, help="grading workers (default: grade's own choice)")
    ap.add_argument("--json", type=Path, default=Path(__file__).with_name("grade_class.json"))
    ap.add_argument("--no-sandbox", action="store_true", help="grade without the bubblewrap sandbox")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="grade-class-") as tmp:
        subs = Path(tmp) / "submissions"
        roster = build_class(args.day, args.students, subs)
        load_before = os.getloadavg()[0]
        cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        busy0 = machine_busy()
        start = time.perf_counter()
        report = grading.grade(subs, Path(tmp) / "results", jobs=args.jobs, progress=True,
                               sandbox=not args.no_sandbox)
        wall = time.perf_counter() - start
        cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        busy1 = machine_busy()
        rows = grading.read_csv(Path(tmp) / "results" / "grades.csv")

    cpu = (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)
    # The whole machine's busy share over the run (includes anything else running; a cross-check).
    machine = (busy1[0] - busy0[0]) / (busy1[1] - busy0[1]) if busy0 and busy1 else None
    totals: dict[str, list[float]] = {}
    problems = []
    for r in rows:
        if not r["exercise"]:
            problems.append(f"{r['student']}: {r['status']}")
            continue
        t = totals.setdefault(r["student"], [0.0, 0.0])
        t[0] += float(r["score"])
        t[1] += float(r["max_score"])
        if r["status"].removesuffix("; " + NO_SANDBOX) not in ("", "ok"):
            problems.append(f"{r['student']}/{r['exercise']}: {r['status']}")
    wrong = []
    for student, kind in roster.items():
        score, top = totals.get(student, (None, None))
        ok = (score is not None and
              {"solved": score == top, "blank": score == 0, "partial": 0 < score < top}[kind])
        if not ok:
            wrong.append(f"{student}: {score}/{top}")
    result = {
        "day": args.day, "students": args.students, "workers": report.jobs, "sandbox": not args.no_sandbox,
        "wall_s": round(wall, 1),
        "per_submission_s": round(wall / args.students, 1), "cpu_s": round(cpu, 1),
        "cpu_use": round(cpu / (wall * report.jobs), 3), "cores": os.cpu_count(),
        "machine_busy": round(machine, 3) if machine is not None else None,
        "load_before": round(load_before, 2), "problems": problems, "wrong_scores": wrong,
    }
    args.json.write_text(json.dumps(result, indent=2) + "\n")
    print(f"\n| day | submissions | workers | sandbox | wall | per submission | CPU s (user+sys) | CPU use |\n"
          f"| --- | --- | --- | --- | --- | --- | --- | --- |\n"
          f"| {args.day:02d} | {args.students} | {report.jobs} | {'no' if args.no_sandbox else 'yes'} | "
          f"{wall / 60:.1f} min | "
          f"{wall / args.students:.1f} s | {cpu:.0f} | {100 * result['cpu_use']:.0f} % of "
          f"{report.jobs} core(s) |")
    if machine is not None:
        print(f"all {os.cpu_count()} cores of the machine were {100 * machine:.0f} % busy during the run")
    print(f"load average before: {load_before:.2f}; rows not ok: {len(problems)}; "
          f"scores not as expected: {len(wrong)}")
    for line in problems + wrong:
        print("  " + line)
    return 0 if not problems and not wrong else 1


if __name__ == "__main__":
    raise SystemExit(main())
