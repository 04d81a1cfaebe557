"""course_utils.report: key figures are printed, and recorded only when asked."""

from course_utils import report


def test_key_figure_prints_and_returns_nothing(capsys, monkeypatch):
    monkeypatch.delenv(report.KEY_FIGURES_ENV, raising=False)
    assert report.key_figure("loss", 0.123456, fmt=".3f") is None  # no Out[...] after a cell's last line
    assert capsys.readouterr().out == "Key figure: loss = 0.123\n"


def test_key_figures_are_recorded_when_a_file_is_named(tmp_path, monkeypatch):
    path = tmp_path / "figures.jsonl"
    monkeypatch.setenv(report.KEY_FIGURES_ENV, str(path))
    report.key_figure("a", 1)
    report.key_figure("b", 0.5, fmt=".1%")
    figures = report.read_key_figures(path)
    assert [f["name"] for f in figures] == ["a", "b"]
    assert report.format_key_figures(figures) == "a = 1.0000; b = 50.0%"
    assert report.read_key_figures(tmp_path / "missing") == []
