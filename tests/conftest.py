"""Fixtures for the unit tests of course_utils."""

import os
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402

SHARED_MNIST = Path(__file__).resolve().parents[2] / "shared" / "data" / "mnist"


@pytest.fixture(scope="session")
def mnist_dir() -> Path:
    """The folder with the real MNIST IDX files ($COURSE_DATA_DIR, or ../shared/data/mnist)."""
    env = os.environ.get("COURSE_DATA_DIR")
    folder = Path(env) if env else SHARED_MNIST
    if not (folder / "t10k-labels-idx1-ubyte.gz").is_file():
        pytest.skip(f"real MNIST not found in {folder}; set COURSE_DATA_DIR")
    return folder


@pytest.fixture
def isolated_data(monkeypatch, tmp_path):
    """No $COURSE_DATA_DIR, an empty repository cache and an empty Keras cache."""
    from course_utils import data

    monkeypatch.delenv("COURSE_DATA_DIR", raising=False)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras_home"))
    monkeypatch.setattr(data, "DATA_DIR", tmp_path / "repo_data")
    return tmp_path


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")
