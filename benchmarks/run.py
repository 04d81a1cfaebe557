"""Measure the course on this machine and print a markdown report (JSON written beside it).

    python benchmarks/run.py                 # everything (about half an hour on 2 CPU cores)
    python benchmarks/run.py --skip-full     # all but the full-mode run of every day
    python benchmarks/run.py --days 6 11     # full mode for some days only

Sections:
1. the wall time to validate the whole course in smoke mode (the CI notebook step, both cores), on
   TensorFlow and on JAX;
2. each day in full mode: seconds and its key figure;
3. the cost of the helpers: load_mnist() from a warm cache, and one epoch through the course's
   helpers against the same model with plain model.fit on NumPy arrays (a ratio, same run);
4. TensorFlow vs JAX: seconds per epoch of the Day06 and Day11 models (a ratio, same run).
Each measurement that depends on process-wide settings runs in a fresh process.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

TARGETS = {
    "smoke_validation_s": 5 * 60,
    "full_course_s": 25 * 60,
    "load_mnist_warm_s": 1.0,
    "helper_overhead": 0.05,
}


def machine() -> str:
    cores = os.cpu_count()
    try:
        mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
        mem_s = f", {mem:.0f} GiB"
    except (ValueError, OSError, AttributeError):
        mem_s = ""
    return f"{platform.machine()} {platform.system()}, {cores} cores{mem_s}, Python {platform.python_version()}"


def smoke_validation(backend: str = "tensorflow") -> dict:
    env = dict(os.environ, COURSE_SMOKE="1", KERAS_BACKEND=backend)
    cmd = [sys.executable, "-m", "pytest", "-n", "2", "-q", "notebooks"]
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    last = (proc.stdout.strip().splitlines() or [""])[-1]
    return {"seconds": seconds, "ok": proc.returncode == 0, "summary": last.strip("= ")}


def full_days(days: list[int] | None) -> list[dict]:
    from course_utils import runner

    out_dir = ROOT / "build" / "benchmark"
    rows = []
    for path in runner.select(days):
        r = runner.run_notebook(path, smoke=False, out_dir=out_dir, progress=False)
        rows.append({"notebook": path.stem, "seconds": r.seconds, "status": r.status, "figures": r.figures, "error": r.error})
        print(f"  {path.stem}: {r.seconds:.0f} s {r.status}", file=sys.stderr)
    return rows


def load_mnist_warm(repeats: int = 5) -> dict:
    code = (
        "import time, statistics, json\n"
        "from course_utils.data import load_mnist\n"
        "load_mnist(smoke=False)\n"
        f"t=[]\nfor _ in range({repeats}):\n"
        "    s=time.perf_counter(); load_mnist(smoke=False); t.append(time.perf_counter()-s)\n"
        "print(json.dumps({'median': statistics.median(t), 'all': t}))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def epoch(model: str, path: str, backend: str = "tensorflow", epochs: int = 2) -> dict:
    env = dict(os.environ, KERAS_BACKEND=backend)
    cmd = [sys.executable, str(HERE / "epoch.py"), model, path, "--epochs", str(epochs)]
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "failed"}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def helper_overhead(rounds: int = 3, epochs: int = 3) -> dict:
    """Day06's model through the course's helpers vs plain ``model.fit``, in alternating processes.

    An epoch's time on a shared 2-core machine varies by 20 % or more from one minute to the next,
    more than the difference measured; alternating the two paths and keeping the fastest epoch of
    each (``rounds`` processes x ``epochs`` epochs) compares them under the same conditions.
    """
    runs: dict[str, list] = {"course": [], "plain": []}
    for _ in range(rounds):
        for path in runs:
            runs[path].append(epoch("dense", path, epochs=epochs))
    errors = [r["error"] for rs in runs.values() for r in rs if "error" in r]
    if errors:
        return {"error": errors[0]}
    best = {path: min(t for r in rs for t in r["all"]) for path, rs in runs.items()}
    return {"course": best["course"], "plain": best["plain"], "ratio": best["course"] / best["plain"],
            "epochs_timed": rounds * epochs, "runs": runs}


def fmt_figures(figures: list[dict]) -> str:
    from course_utils.report import format_key_figures

    return format_key_figures(figures) or "–"


def report(results: dict) -> str:
    lines = [f"Measured {results['date']} on {results['machine']}, backend TensorFlow unless stated.", ""]
    lines += ["| what | measured | target | met |", "| --- | --- | --- | --- |"]

    def row(what, value, target=None, met=None):
        met_s = "" if met is None else ("yes" if met else "**no**")
        lines.append(f"| {what} | {value} | {target or ''} | {met_s} |")

    for backend, sv in results.get("smoke_validation", {}).items():
        row(f"smoke validation of the whole course, {backend} (`COURSE_SMOKE=1 pytest -n 2 notebooks`)",
            f"{sv['seconds']:.0f} s ({sv['summary']})", "< 300 s",
            sv["ok"] and sv["seconds"] < TARGETS["smoke_validation_s"])
    days = results.get("full_days")
    if days:
        for d in days:
            row(f"full mode: {d['notebook']}", f"{d['seconds']:.0f} s, {d['status']}; {fmt_figures(d['figures'])}")
        if results.get("full_days_source"):
            lines.insert(1, f"Full-mode rows from `course run --report`: {results['full_days_source']}.")
        total = sum(d["seconds"] for d in days)
        all_ok = all(d["status"] == "ok" for d in days)
        row(f"full mode: the whole course ({len(days)} notebooks)", f"{total / 60:.1f} min", "< 25 min", all_ok and total < TARGETS["full_course_s"])
    lm = results.get("load_mnist_warm")
    if lm:
        row("`load_mnist()` from a warm cache (median of 5)", f"{lm['median']:.2f} s", "< 1 s", lm["median"] < TARGETS["load_mnist_warm_s"])
    oh = results.get("helper_overhead")
    if oh and "ratio" in oh:
        row(
            "one epoch of Day06's model: course helpers vs plain `model.fit` "
            f"(fastest of {oh['epochs_timed']} epochs each, alternating)",
            f"{oh['course']:.2f} s vs {oh['plain']:.2f} s, overhead {oh['ratio'] - 1:+.1%}",
            "< 5 %",
            oh["ratio"] - 1 < TARGETS["helper_overhead"],
        )
    for name, bc in results.get("backends", {}).items():
        if "ratio" in bc:
            row(f"{name} model, s/epoch: TensorFlow vs JAX", f"{bc['tensorflow']:.2f} vs {bc['jax']:.2f} (JAX/TF = {bc['ratio']:.2f})")
        else:
            row(f"{name} model, s/epoch: TensorFlow vs JAX", f"not measured: {bc}")
    return "\n".join(lines)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--skip-full", action="store_true", help="skip the full-mode run of every day")
    p.add_argument("--skip-smoke", action="store_true", help="skip the smoke validation")
    p.add_argument("--days", nargs="*", type=int, help="full mode for these days only")
    p.add_argument(
        "--full-from",
        metavar="JSON",
        help="take the full-mode rows from a `course run --report JSON` made on this machine instead of running every day again",
    )
    p.add_argument("--out", default=str(HERE / "results"), help="write OUT.json and OUT.md (default: %(default)s)")
    args = p.parse_args(argv)

    results: dict = {"date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "machine": machine()}
    if not args.skip_smoke:
        results["smoke_validation"] = {}
        for backend in ("tensorflow", "jax"):  # the notebook steps of the README's test command
            print(f"smoke validation, {backend} ...", file=sys.stderr)
            results["smoke_validation"][backend] = smoke_validation(backend)
    if args.full_from:
        run = json.loads(Path(args.full_from).read_text(encoding="utf-8"))
        if run.get("mode") != "full":
            raise SystemExit(f"{args.full_from} is a {run.get('mode')}-mode run, not a full one")
        results["full_days"] = run["notebooks"]
        results["full_days_source"] = f"{args.full_from} ({run['date']})"
    elif not args.skip_full:
        print("full mode, day by day ...", file=sys.stderr)
        results["full_days"] = full_days(args.days)
    print("helpers ...", file=sys.stderr)
    results["load_mnist_warm"] = load_mnist_warm()
    results["helper_overhead"] = helper_overhead()
    print("TensorFlow vs JAX ...", file=sys.stderr)
    results["backends"] = {}
    for label, model in (("Day06 dense", "dense"), ("Day11 CNN", "cnn")):
        tf_r, jax_r = epoch(model, "plain", "tensorflow"), epoch(model, "plain", "jax")
        if "error" in tf_r or "error" in jax_r:
            results["backends"][label] = {"tensorflow": tf_r, "jax": jax_r}
        else:
            results["backends"][label] = {
                "tensorflow": tf_r["seconds_per_epoch"],
                "jax": jax_r["seconds_per_epoch"],
                "ratio": jax_r["seconds_per_epoch"] / tf_r["seconds_per_epoch"],
            }
    text = report(results)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.with_suffix(".json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    out.with_suffix(".md").write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
