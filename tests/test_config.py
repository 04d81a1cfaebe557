"""course_utils.config: modes, set-up, seeding, version checks."""

import numpy as np
import pytest

import course_utils as cu
from course_utils import config


@pytest.mark.parametrize(
    ("value", "mode"),
    [(None, "full"), ("", "full"), ("0", "full"), ("false", "full"), ("1", "smoke"), ("true", "smoke"), (" YES ", "smoke")],
)
def test_mode_from_environment(monkeypatch, value, mode):
    if value is None:
        monkeypatch.delenv("COURSE_SMOKE", raising=False)
    else:
        monkeypatch.setenv("COURSE_SMOKE", value)
    assert config.get_mode() == mode
    assert config.is_smoke() == (mode == "smoke")


def test_unknown_mode_value_is_an_error(monkeypatch):
    monkeypatch.setenv("COURSE_SMOKE", "maybe")
    with pytest.raises(ValueError, match="COURSE_SMOKE='maybe'"):
        config.get_mode()


def test_setup_prints_one_line_and_returns_config(monkeypatch, capsys):
    monkeypatch.setenv("COURSE_SMOKE", "1")
    cfg = cu.setup(seed=7)
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1
    line = out[0]
    for part in ("Python", "Keras 3.", cfg.backend, "devices:", "mode: smoke", "seed: 7"):
        assert part in line
    assert cfg.smoke and cfg.mode == "smoke" and cfg.seed == 7 and cfg.devices
    assert cfg.pick(full=10, smoke=2) == 2
    monkeypatch.setenv("COURSE_SMOKE", "0")
    cfg = cu.setup(verbose=False)
    assert capsys.readouterr().out == ""
    assert not cfg.smoke and cfg.pick(full=10, smoke=2) == 10


def test_setup_makes_numpy_python_and_keras_repeatable():
    import random

    import keras

    def draw():
        return (random.random(), np.random.rand(3), keras.ops.convert_to_numpy(keras.random.normal((3,))))

    cu.setup(seed=3, verbose=False)
    a = draw()
    cu.setup(seed=3, verbose=False)
    b = draw()
    cu.setup(seed=4, verbose=False)
    c = draw()
    assert a[0] == b[0] and np.array_equal(a[1], b[1]) and np.array_equal(a[2], b[2])
    assert a[0] != c[0] and not np.array_equal(a[1], c[1])


def test_old_keras_is_refused_with_the_fix(monkeypatch):
    import keras

    monkeypatch.setattr(keras, "__version__", "2.15.0")
    with pytest.raises(RuntimeError, match=r"Keras 3 or newer.*2\.15\.0.*pip install"):
        config.check_versions()


def test_the_seed_comes_from_course_seed(monkeypatch, capsys):
    monkeypatch.delenv("COURSE_SEED", raising=False)
    assert config.get_seed() == config.DEFAULT_SEED == 42
    monkeypatch.setenv("COURSE_SEED", " 1234 ")
    assert config.get_seed() == 1234
    cfg = cu.setup()
    assert cfg.seed == 1234 and "seed: 1234" in capsys.readouterr().out
    assert cu.setup(seed=5, verbose=False).seed == 5  # an explicit seed wins


@pytest.mark.parametrize("value", ["abc", "-1", "1.5", str(2**32)])
def test_a_bad_course_seed_says_what_to_use(monkeypatch, value):
    monkeypatch.setenv("COURSE_SEED", value)
    with pytest.raises(ValueError, match=r"COURSE_SEED=.* is not a seed: use a whole number"):
        config.get_seed()
