"""Release: the student edition of a day notebook (nbgrader ``generate_assignment``)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
from nbformat.notebooknode import NotebookNode
from traitlets.config import Config

from ..runner import NOTEBOOK_DIR
from .common import _alembic_on_path, _course_config, select_notebooks


def secret_lines(nb: NotebookNode) -> set[str]:
    """Lines of the solution and hidden-test regions that appear nowhere else in the notebook."""
    secret, public = set(), set()
    for cell in nb.cells:
        region = None
        for line in cell.source.splitlines():
            s = line.strip()
            if s in ("### BEGIN SOLUTION", "### BEGIN HIDDEN TESTS"):
                region = s
                continue
            if s in ("### END SOLUTION", "### END HIDDEN TESTS"):
                region = None
                continue
            (secret if region else public).add(s)
    return {s for s in secret - public if len(s) >= 4 and not s.startswith("#")}


def leaked_lines(source: NotebookNode, release_text: str) -> list[str]:
    """The secret lines of ``source`` found anywhere in ``release_text`` (the student edition's JSON)."""
    data = json.loads(release_text)
    lines = set()
    for c in data["cells"]:
        src = c.get("source", "")
        lines.update(x.strip() for x in ("".join(src) if isinstance(src, list) else src).splitlines())
        for o in c.get("outputs", []):
            lines.update(x.strip() for x in json.dumps(o).replace("\\n", "\n").splitlines())
    return sorted(s for s in secret_lines(source) if s in lines)


def _generate(root: Path, paths: list[Path], config_extra: Config | None = None) -> dict[str, Path]:
    """nbgrader generate_assignment for each notebook (assignment id = notebook stem) under ``root``."""
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    _alembic_on_path()
    for p in paths:
        dest = root / "source" / p.stem
        dest.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(p, dest / p.name)
    cfg = _course_config(root, extra=config_extra)
    api = NbGraderAPI(coursedir=CourseDirectory(config=cfg), config=cfg)
    out = {}
    for p in paths:
        res = api.generate_assignment(p.stem, force=True)
        if not res.get("success"):
            raise RuntimeError(f"nbgrader generate_assignment failed for {p.name}:\n"
                               f"{res.get('error') or res.get('log')}")
        out[p.name] = root / "release" / p.stem / p.name
    return out


def release(days: list[int] | None, out: Path, *, work: Path | None = None,
            notebook_dir: Path = NOTEBOOK_DIR) -> list[Path]:
    """Write the student edition of each chosen day to ``out/DayNN_<slug>.ipynb``."""
    import tempfile

    paths = select_notebooks(days, notebook_dir)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory(prefix="course-release-") as tmp:
        built = _generate(Path(work or tmp), paths)
        for p in paths:
            text = built[p.name].read_text(encoding="utf-8")
            leaks = leaked_lines(nbformat.read(p, as_version=4), text)
            if leaks:
                raise RuntimeError(f"{p.name}: the student edition still contains solution or hidden-test "
                                   f"lines: {leaks[:5]}")
            dest = out / p.name
            dest.write_text(text, encoding="utf-8")
            written.append(dest)
    return written
