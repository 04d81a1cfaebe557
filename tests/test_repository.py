"""Rules the repository keeps: the README's test command, and how notebooks are committed."""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("Day*.ipynb"))
TEST_LINE = re.compile(r"^COURSE_SMOKE=1 .*pytest", re.M)


def test_readme_gives_one_test_command_and_ci_runs_it():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = set(TEST_LINE.findall(readme))
    assert len(commands) == 1, f"expected one test command in README.md, found {commands}"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "grep -m 1 -E '^COURSE_SMOKE=1 .*pytest' README.md" in ci
    assert 'eval "$test_command"' in ci
    # A non-interactive matplotlib backend in the environment reaches the notebook kernels: no
    # figure is displayed and strict nbval misses every figure's output.
    assert "MPLBACKEND" not in ci


def test_every_notebook_is_in_the_readme_table():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for nb in NOTEBOOKS:
        assert f"(notebooks/{nb.name})" in readme, f"{nb.name} is not linked from README.md"


def _cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _src(cell):
    return "".join(cell["source"])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_committed_executed_in_order_without_errors(path):
    code = [c for c in _cells(path) if c["cell_type"] == "code" and _src(c).strip()]
    counts = [c["execution_count"] for c in code]
    assert counts == list(range(1, len(code) + 1)), f"run {path.name} top to bottom: course run --inplace"
    for c in code:
        for out in c["outputs"]:
            assert out["output_type"] != "error", f"stored error in {path.name}: {_src(c)[:80]}"
            if out.get("name") == "stderr":
                assert not re.search(r"^[IWEF]\d{4} ", "".join(out["text"]), re.M), "TensorFlow C++ log lines stored"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_section_a_notebook_points_to_exists(path):
    """'section 3' in a notebook (not 'Day 08, section 3') names one of its own numbered headings."""
    cells = _cells(path)
    md = "\n".join(_src(c) for c in cells if c["cell_type"] == "markdown")
    headings = set(re.findall(r"^#{2,4} (\d+[a-z]?)[.:]? ", md, re.M))
    refs = {m.group(2) for c in cells for m in re.finditer(r"(Day ?\d+[^.\n]{0,12})?\b[Ss]ection (\d+[a-z]?)\b", _src(c))
            if not m.group(1)}
    assert refs <= headings, f"{path.name} points to sections {sorted(refs - headings)} it does not have"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_follows_the_template(path):
    cells = _cells(path)
    text = "\n".join(_src(c) for c in cells)
    assert "本日知識點目標" in text and "重要知識點複習" in text, "objectives and recap headings"
    first_code = next(_src(c) for c in cells if c["cell_type"] == "code")
    assert "cu.setup(" in first_code, "the first code cell calls cu.setup()"
    if "import keras" in first_code:  # course_utils first: it imports Keras without the C++ noise
        assert first_code.index("import course_utils") < first_code.index("import keras")
    code = "\n".join(_src(c) for c in cells if c["cell_type"] == "code")
    assert not re.search(r"\btf\.keras\b|^\s*import tensorflow|^\s*from tensorflow", code, re.M), "backend-neutral code only"
    assert "os.environ" not in code, "notebooks read the mode from course_utils"
    assert "cu.key_figure(" in code, "the notebook reports its headline number with cu.key_figure()"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_has_graded_homework(path):
    cells = _cells(path)
    meta = [c["metadata"].get("nbgrader") for c in cells]
    ids = [m["grade_id"] for m in meta if m]
    assert len(ids) == len(set(ids)), f"duplicate grade_id in {path.name}"
    tests = [c for c, m in zip(cells, meta, strict=True) if m and m.get("grade")]
    answers = [c for c, m in zip(cells, meta, strict=True) if m and m.get("solution")]
    assert len(tests) >= 3 and len(answers) >= 3, "three exercises a day (CONTRIBUTING.md)"
    for c in answers:
        assert "### BEGIN SOLUTION" in _src(c) and "### END SOLUTION" in _src(c)
    for c in tests:
        m = c["metadata"]["nbgrader"]
        assert m["locked"] and m["points"] > 0
        assert "### BEGIN HIDDEN TESTS" in _src(c), f"{m['grade_id']} has no hidden test"
        assert "from course_utils.checks import" in _src(c), f"{m['grade_id']} must use course_utils.checks"


def test_the_instructors_table_lists_every_exercise_with_its_points():
    """docs/instructors.md's table of exercises is the notebooks' own: each grade id once, with its points."""
    doc = (ROOT / "docs" / "instructors.md").read_text(encoding="utf-8")
    cell = r"(?:[^|\\]|\\.)*"  # a table cell: no "|" but an escaped one
    rows = re.findall(rf"^\| (\d\d) \| {cell}\(`(day\d\d_\w+)`\) \|{cell}\| (\d+) \|", doc, re.M)
    table = {gid: (day, int(points)) for day, gid, points in rows}
    assert len(table) == len(rows), "an exercise is listed twice"
    expected = {}
    for path in NOTEBOOKS:
        for c in _cells(path):
            m = c["metadata"].get("nbgrader") or {}
            if m.get("grade") and m["grade_id"].endswith("_test"):
                expected[m["grade_id"][: -len("_test")]] = (path.name[3:5], m["points"])
    assert table == expected


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem[:5] for p in NOTEBOOKS])
def test_test_cells_work_through_the_graders_proxies(path):
    """Graded, a test cell runs in the trusted kernel after the lesson's cells ran (CONTRIBUTING.md):
    a lesson name it reads must not be rebound by a later cell, and an answer is only called or asked
    for an attribute that is not a special one."""
    import ast

    import nbformat

    from course_utils.grading.needs import _names, answer_names

    nb = nbformat.read(path, as_version=4)
    asked = answer_names(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    for i, cell in enumerate(code):
        meta = cell.metadata.get("nbgrader", {})
        if not meta.get("grade") or meta.get("solution"):
            continue
        reads = _names(cell.source)[1] - asked
        for later in code[i + 1:]:
            if not later.metadata.get("nbgrader", {}).get("grade"):
                rebound = _names(later.source)[0] & reads
                assert not rebound, f"{meta['grade_id']} reads {sorted(rebound)}, which a later cell rebinds"
        for node in ast.walk(ast.parse(cell.source)):
            plain = {"str", "int", "float", "bool", "dict", "list", "tuple"}  # what arrives as itself
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("isinstance", "type") \
                    and node.args and isinstance(node.args[0], ast.Name) and node.args[0].id in asked \
                    and not (len(node.args) == 2 and {n.id for n in ast.walk(node.args[1]) if isinstance(n, ast.Name)} <= plain):
                raise AssertionError(f"{meta['grade_id']}: {node.func.id}() of the answer {node.args[0].id!r}")
            if isinstance(node, ast.Attribute) and node.attr.startswith("__") and isinstance(node.value, ast.Name) \
                    and node.value.id in asked:
                raise AssertionError(f"{meta['grade_id']}: special attribute {node.attr!r} of an answer")
