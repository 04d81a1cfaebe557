"""Report: grades.csv rows from what the workers found, and the summary table."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .common import STATUS_ORDER


@dataclass
class Row:
    student: str
    notebook: str
    exercise: str
    score: float
    max_score: float
    status: str


@dataclass
class Task:
    student: str
    notebook: str  # file name
    path: Path | None  # the submission, normalised; None when missing/invalid
    status: str = ""  # "missing", "invalid: ...", or "" (to grade)
    result: dict = field(default_factory=dict)
    seconds: float = 0.0


def _exercises(path: Path) -> list[tuple[str, str, float]]:
    """``(exercise, test grade_id, points)`` of the source notebook, in order."""
    nb = nbformat.read(path, as_version=4)
    out = []
    for c in nb.cells:
        m = c.metadata.get("nbgrader", {})
        if m.get("grade") and not m.get("solution"):
            gid = m["grade_id"]
            out.append((re.sub(r"_test$", "", gid), gid, float(m.get("points", 0))))
    return out


def _rows_for(task: Task, exercises: list[tuple[str, str, float]]) -> list[Row]:
    nbname = task.notebook
    if task.status:
        kind = task.status
        return [Row(task.student, nbname, ex, 0.0, pts, kind) for ex, _, pts in exercises] or [
            Row(task.student, nbname, "", 0.0, 0.0, kind)]
    r = task.result
    if not r.get("autograde") or "grades" not in r:
        err = (r.get("error") or r.get("log") or "").strip().splitlines()
        why = err[-1][:200] if err else "unknown"
        return [Row(task.student, nbname, ex, 0.0, pts, f"error: nbgrader could not grade it ({why})")
                for ex, _, pts in exercises]
    notes = r.get("notes", {})
    general = notes.get("*", [])
    flagged_at = [k.removesuffix("_test") for k, v in notes.items() if any(n[0] == "flagged" for n in v)]
    flagged_at += ["the notebook"] if any(n[0] == "flagged" for n in general) else []
    rows = []
    for ex, gid, pts in exercises:
        score, maxs = r["grades"].get(gid, [None, pts])
        entries = notes.get(gid, []) + (notes.get(ex, []) if ex != gid else [])
        # what happened elsewhere in the notebook explains lost points only
        entries += [n for n in general if n[0] == "error" or (
            n[0] in ("kernel died", "timeout", "out of memory") and (score or 0) < (maxs or pts))]
        if score is None:
            entries.append(["error", "no score recorded"])
        if flagged_at and not any(e[0] == "flagged" for e in entries):
            entries.append(["flagged", f"the submission was flagged at {', '.join(sorted(set(flagged_at)))}"])
        rows.append(Row(task.student, nbname, ex, float(score or 0.0), float(maxs), _status(entries)))
    return rows


def _status(entries: list[list[str]]) -> str:
    if not entries:
        return "ok"
    entries = sorted(entries, key=lambda e: STATUS_ORDER.index(e[0]) if e[0] in STATUS_ORDER else 0)
    parts = []
    for kind, text in entries:
        parts.append(f"{kind}: {text}")
    return "; ".join(dict.fromkeys(parts))


@dataclass
class GradeReport:
    rows: list[Row]
    tasks: list[Task]
    seconds: float
    jobs: int
    sandboxed: bool = True

    def table(self) -> str:
        by_nb: dict[str, dict] = {}
        for r in self.rows:
            if not r.exercise:
                continue
            d = by_nb.setdefault(r.notebook, {"students": set(), "score": 0.0, "max": 0.0, "flagged": set(),
                                               "problems": set()})
            d["students"].add(r.student)
            d["score"] += r.score
            d["max"] += r.max_score
            kind = r.status.split(":")[0]
            if kind == "flagged" or "flagged:" in r.status:
                d["flagged"].add(r.student)
            if kind in ("error", "invalid", "missing", "out of memory", "kernel died", "timeout", "not run"):
                d["problems"].add(r.student)
        head = ("notebook", "students", "mean score", "flagged", "not graded normally")
        lines = [head]
        for name, d in sorted(by_nb.items()):
            n = len(d["students"])
            mean = f"{d['score'] / n:.2f} / {d['max'] / n:.2f}" if n else "-"
            lines.append((Path(name).stem, str(n), mean, str(len(d["flagged"])), str(len(d["problems"]))))
        widths = [max(len(row[i]) for row in lines) for i in range(len(head))]
        out = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in lines]
        out.insert(1, "  ".join("-" * w for w in widths))
        graded = sum(1 for t in self.tasks if not t.status)
        out.append(f"{len(self.tasks)} submission(s), {graded} run, {self.seconds:.1f} s with {self.jobs} "
                   f"worker(s)" + ("" if self.sandboxed else ", NOT SANDBOXED"))
        if not self.sandboxed:
            out.append("WARNING: graded with --no-sandbox: the submissions' code ran with the grader's own "
                       "rights (it could read the solutions and change the grades); every row says so.")
        return "\n".join(out)


def write_csv(path: Path, rows: list[Row]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["student", "notebook", "exercise", "score", "max_score", "status"])
        for r in rows:
            w.writerow([r.student, r.notebook, r.exercise, _num(r.score), _num(r.max_score), r.status])


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:.4g}"


def read_csv(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))
