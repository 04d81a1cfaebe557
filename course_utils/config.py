"""The course's two modes and the one-call set-up every notebook starts with."""

from __future__ import annotations

import os
import platform
from dataclasses import dataclass
from typing import TypeVar

from . import backend

T = TypeVar("T")

SMOKE_ENV = "COURSE_SMOKE"
MIXED_PRECISION_ENV = "COURSE_MIXED_PRECISION"
SEED_ENV = "COURSE_SEED"
DEFAULT_SEED = 42
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"", "0", "false", "no", "off"}


def get_mode() -> str:
    """``"smoke"`` when ``COURSE_SMOKE`` is set to a true value, else ``"full"``."""
    raw = os.environ.get(SMOKE_ENV, "").strip().lower()
    if raw in _TRUE:
        return "smoke"
    if raw in _FALSE:
        return "full"
    raise ValueError(f"{SMOKE_ENV}={raw!r} is not understood: use 1 for smoke mode or 0 for full mode.")


def get_seed() -> int:
    """The course's seed: ``COURSE_SEED`` when set, else 42."""
    raw = os.environ.get(SEED_ENV, "").strip()
    if not raw:
        return DEFAULT_SEED
    try:
        seed = int(raw)
    except ValueError:
        seed = -1
    if not 0 <= seed < 2**32:
        raise ValueError(f"{SEED_ENV}={raw!r} is not a seed: use a whole number from 0 to 4294967295, or unset it for {DEFAULT_SEED}.")
    return seed


def is_smoke() -> bool:
    return get_mode() == "smoke"


def _env_flag(var: str) -> bool:
    raw = os.environ.get(var, "").strip().lower()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ValueError(f"{var}={raw!r} is not understood: use 1 or 0.")


@dataclass(frozen=True)
class Config:
    """What a notebook needs to know about the run: the mode, the seed and the devices."""

    mode: str
    seed: int
    backend: str
    devices: tuple[str, ...]
    replicas: int = 1
    mixed_precision: bool = False

    @property
    def smoke(self) -> bool:
        return self.mode == "smoke"

    def pick(self, full: T, smoke: T) -> T:
        """The value for this mode: ``EPOCHS = cfg.pick(full=10, smoke=1)``."""
        return smoke if self.smoke else full

    def __str__(self) -> str:
        return describe(self)


def describe(cfg: Config) -> str:
    keras = backend.import_keras()
    devices = ", ".join(cfg.devices)
    if cfg.replicas > 1:
        devices += f" (data parallel, {cfg.replicas} replicas)"
    if cfg.mixed_precision:
        devices += " (mixed precision)"
    return (
        f"Python {platform.python_version()} | Keras {keras.__version__} "
        f"({cfg.backend} {backend.version()}) | devices: {devices} | "
        f"mode: {cfg.mode} | seed: {cfg.seed}"
    )


def setup(
    seed: int | None = None,
    *,
    deterministic: bool = True,
    distribute: bool | None = None,
    mixed_precision: bool | None = None,
    verbose: bool = True,
) -> Config:
    """Prepare a notebook: seeds, mode, devices. Prints one line and returns a :class:`Config`.

    - seeds Python, NumPy and the backend (and turns on deterministic ops where offered) with
      ``seed``, else ``COURSE_SEED``, else 42; notebooks derive every other seed from ``cfg.seed``;
    - reads the mode: full by default, smoke when ``COURSE_SMOKE=1``;
    - turns on GPU memory growth where GPUs exist;
    - with several GPUs, trains data-parallel on them (``distribute=None`` means: when there are
      several; ``False`` keeps one device);
    - mixed precision only when asked (``mixed_precision=True`` or ``COURSE_MIXED_PRECISION=1``)
      and only on GPUs that support it.
    """
    mode = get_mode()
    if seed is None:
        seed = get_seed()
    check_versions()
    backend.enable_memory_growth()  # must come before anything touches the devices
    backend.seed_everything(seed, deterministic=deterministic)
    devices = backend.compute_devices()
    replicas = backend.use_data_parallel(devices) if distribute is not False and len(devices) > 1 else 1
    if mixed_precision is None:
        mixed_precision = _env_flag(MIXED_PRECISION_ENV)
    mixed = backend.use_mixed_precision(mixed_precision)
    cfg = Config(
        mode=mode,
        seed=seed,
        backend=backend.name(),
        devices=tuple(backend.list_devices()),
        replicas=replicas,
        mixed_precision=mixed,
    )
    _matplotlib_defaults()
    if verbose:
        print(describe(cfg))
    return cfg


MIN_PYTHON = (3, 10)
MIN_KERAS = 3


def check_versions() -> None:
    """Stop early, with the fix, on a Python or Keras the course was not written for."""
    import sys

    if sys.version_info < MIN_PYTHON:
        raise RuntimeError(
            f"This course needs Python {'.'.join(map(str, MIN_PYTHON))} or newer, this is "
            f"{platform.python_version()}. Fix: create the environment again with a newer Python."
        )
    keras = backend.import_keras()
    major = int(keras.__version__.split(".")[0])
    if major < MIN_KERAS:
        raise RuntimeError(
            f"This course needs Keras 3 or newer, this is Keras {keras.__version__}. "
            f'Fix: pip install -U "keras>=3" (and never tf_keras), then restart the kernel.'
        )


def _matplotlib_defaults() -> None:
    import matplotlib as mpl

    mpl.rcParams.update({"figure.dpi": 100, "axes.grid": True, "grid.alpha": 0.3})
