"""Run the course in full mode for several seeds and both backends; print day × run → ok and key figure.

    python benchmarks/robustness.py                          # seeds 42 1 2 × tensorflow jax, every day
    python benchmarks/robustness.py --seeds 42 1234 --backends jax --days 6 11
    python benchmarks/robustness.py --from runs/*.json       # only tabulate earlier runs
    python benchmarks/robustness.py --from --readme          # tabulate every saved run, into README.md too

Each (seed, backend) is one `course run --report` in a fresh process, saved as
`benchmarks/robustness/<backend>-seed<seed>.json`; the table is built from every such file (those given
with --from, else all in that folder), so a sweep can be run in pieces (a run of some days replaces
those days' rows), even on several machines. The
table goes to `benchmarks/robustness.md`. A cell reads `ok` with the notebook's key figure, or
`FAILED` with the claim or error that stopped it; the last column gives each key figure's spread
(mean ± sd, min–max) over the runs that reached it. This is a benchmark, not a test: it takes about
15 minutes per TensorFlow run and 25 per JAX run on 2 CPU cores.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import re
import statistics
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = Path(__file__).resolve().parent / "robustness"
TABLE = Path(__file__).resolve().parent / "robustness.md"


def run_one(seed: int, backend: str, days: list[int]) -> Path:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    report = OUT_DIR / f"{backend}-seed{seed}.json"
    fresh = OUT_DIR / f"{backend}-seed{seed}.part{os.getpid()}.json"
    cmd = [sys.executable, "-m", "course_utils.cli", "run", "--quiet", "--seed", str(seed), "--backend", backend,
           "--out", str(ROOT / "build" / "robustness" / f"{backend}-seed{seed}"), "--report", str(fresh),
           *map(str, days)]
    env = dict(os.environ, COURSE_SMOKE="0")
    print("+", " ".join(cmd[1:]), flush=True)
    subprocess.run(cmd, cwd=ROOT, env=env, check=False)
    merge(report, fresh)
    return report


def merge(report: Path, fresh: Path) -> None:
    """Fold a run of some days into the (backend, seed) report: its rows replace those of the same notebook."""
    new = json.loads(fresh.read_text(encoding="utf-8"))
    with open(report.with_suffix(".lock"), "w") as lock:  # several sweeps of different days may finish at once
        fcntl.flock(lock, fcntl.LOCK_EX)
        _merge_locked(report, fresh, new)


def _merge_locked(report: Path, fresh: Path, new: dict) -> None:
    if report.exists():
        old = json.loads(report.read_text(encoding="utf-8"))
        rows = {r["notebook"]: r for r in old["notebooks"]}
        rows.update({r["notebook"]: r for r in new["notebooks"]})
        new["notebooks"] = [rows[k] for k in sorted(rows)]
        new["last_date"] = max(old.get("last_date", old.get("date", new["date"])), new["date"])
        new["date"] = min(old.get("date", new["date"]), new["date"])
    report.write_text(json.dumps(new, indent=2) + "\n", encoding="utf-8")
    fresh.unlink()


def _cell(row: dict) -> str:
    if row["status"] != "ok":
        error = re.sub(r"\x1b\[[0-9;]*m", "", row.get("error", ""))  # the traceback's colours
        return f"FAILED: {error[:90]}"
    figs = "; ".join(f"{f['value']:{f.get('fmt', '.4f')}}" for f in row.get("figures", []))
    claims = row.get("claims") or []
    held = sum(c.get("holds") is True for c in claims)
    return f"ok {figs}" + (f" ({held}/{len(claims)} claims)" if claims else "")


def _spread(values: list[float], fmt: str) -> str:
    if not values:
        return ""
    if len(values) == 1:
        return f"{values[0]:{fmt}}"
    mean, sd = statistics.mean(values), statistics.stdev(values)
    return f"{mean:{fmt}} ± {sd:{fmt}} ({min(values):{fmt}}–{max(values):{fmt}})"


def table(reports: list[Path]) -> str:
    runs = []
    for path in reports:
        payload = json.loads(Path(path).read_text(encoding="utf-8"))
        rows = payload["notebooks"]
        seed = next((r.get("seed") for r in rows if r.get("seed") is not None), "?")
        backend = next((r.get("backend") for r in rows if r.get("backend")), "?")
        runs.append((f"{backend} seed {seed}", payload, {r["notebook"]: r for r in rows}))
    runs.sort(key=lambda r: r[0])
    notebooks = sorted({nb for _, _, rows in runs for nb in rows})
    head = ["notebook", *[name for name, _, _ in runs], "key figure: spread over runs"]
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    failures = 0
    for nb in notebooks:
        cells, values, label, fmt = [], [], "", ".4f"
        for _, _, rows in runs:
            row = rows.get(nb)
            cells.append(_cell(row) if row else "not run")
            if row and row["status"] == "ok" and row.get("figures"):
                f = row["figures"][0]
                values.append(f["value"])
                label, fmt = f["name"], f.get("fmt", ".4f")
            failures += bool(row and row["status"] != "ok")
        spread = f"{label}: {_spread(values, fmt)}" if values else ""
        lines.append("| " + " | ".join([nb, *cells, spread]) + " |")
    total = sum(1 for _, _, rows in runs for r in rows.values())
    dates = sorted({d for _, p, _ in runs for d in (p.get("date", "?"), p.get("last_date", p.get("date", "?")))})
    machines = sorted({p.get("machine", "?") for _, p, _ in runs})
    header = (
        f"Full mode, {len(runs)} runs ({', '.join(n for n, _, _ in runs)}) on {'; '.join(machines)}, "
        f"{dates[0]} to {dates[-1]}: {total - failures} of {total} notebook runs ok."
    )
    return header + "\n\n" + "\n".join(lines) + "\n"


README_START, README_END = "<!-- robustness table (benchmarks/robustness.py --readme) -->", "<!-- end of robustness table -->"


def update_readme(readme: Path, text: str) -> None:
    """Replace the table between the two markers of the README's Robustness section."""
    body = readme.read_text(encoding="utf-8")
    start, end = body.find(README_START), body.find(README_END)
    if start < 0 or end < start:
        raise SystemExit(f"{readme} has no robustness markers ({README_START} ... {README_END})")
    readme.write_text(body[: start + len(README_START)] + "\n" + text + body[end:], encoding="utf-8")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seeds", nargs="*", type=int, default=[42, 1, 2])
    p.add_argument("--backends", nargs="*", default=["tensorflow", "jax"], choices=["tensorflow", "jax"])
    p.add_argument("--days", nargs="*", type=int, default=[])
    p.add_argument("--readme", action="store_true", help="also put the table into README.md's Robustness section")
    p.add_argument("--from", dest="reports", nargs="*", type=Path, help="tabulate these reports; run nothing")
    args = p.parse_args(argv)
    if args.reports is None:
        for backend in args.backends:
            for seed in args.seeds:
                run_one(seed, backend, args.days)
        reports = sorted(OUT_DIR.glob("*-seed*[0-9].json"))
    else:
        reports = args.reports or sorted(OUT_DIR.glob("*-seed*[0-9].json"))
    text = (f"Measured {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC by benchmarks/robustness.py.\n\n"
            + table(reports))
    TABLE.write_text(text, encoding="utf-8")
    if args.readme:
        update_readme(ROOT / "README.md", text)
    print(text)
    return 0 if "FAILED" not in text else 1


if __name__ == "__main__":
    sys.exit(main())
