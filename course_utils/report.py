"""A notebook's key figure (its headline accuracy or error), printed and, for `course run`, recorded."""

from __future__ import annotations

import json
import os

KEY_FIGURES_ENV = "COURSE_KEY_FIGURES"


def key_figure(name: str, value: float, *, fmt: str = ".4f") -> None:
    """Print ``Key figure: name = value``.

    Returns nothing, so that a call on the last line of a cell adds no ``Out[...]`` to the notebook.

    When ``COURSE_KEY_FIGURES`` names a file (``course run`` and the benchmark set it), the figure is
    also appended there as a JSON line, so the run's report can show it next to the notebook.
    """
    value = float(value)
    print(f"Key figure: {name} = {value:{fmt}}")
    path = os.environ.get(KEY_FIGURES_ENV)
    if path:
        with open(path, "a", encoding="utf-8") as f:
            f.write(json.dumps({"name": name, "value": value, "fmt": fmt}) + "\n")


def read_jsonl(path: str | os.PathLike) -> list[dict]:
    """The JSON lines a run recorded (key figures, claims); none when the file was never written."""
    try:
        with open(path, encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.strip()]
    except FileNotFoundError:
        return []


read_key_figures = read_jsonl


def format_key_figures(figures: list[dict]) -> str:
    return "; ".join(f"{f['name']} = {f['value']:{f.get('fmt', '.4f')}}" for f in figures)
