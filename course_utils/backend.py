"""Everything that depends on which Keras backend runs: quiet import, seeds, devices.

This is the only module of the course that imports TensorFlow or JAX by name. Notebooks and the
rest of ``course_utils`` use ``keras`` and ``keras.ops`` only.
"""

from __future__ import annotations

import contextlib
import os
import sys

# TensorFlow's C++ runtime logs at import time; this must be set before it is first imported.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


@contextlib.contextmanager
def _stderr_silenced():
    """Send file descriptor 2 to /dev/null for the duration.

    TensorFlow writes some lines (``cudart_stub.cc: Could not find cuda drivers``) from C++ before
    its logging is initialised, so ``TF_CPP_MIN_LOG_LEVEL`` cannot stop them; only the descriptor can.
    """
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):  # no real descriptor (some embedded interpreters)
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def import_keras():
    """Import Keras (and so its backend) without the backend's start-up noise."""
    if "keras" in sys.modules:
        return sys.modules["keras"]
    with _stderr_silenced():
        import keras

        if keras.backend.backend() == "tensorflow":
            import tensorflow  # noqa: F401  (imported here, quietly, once)
    return keras


def name() -> str:
    """The active Keras backend: ``"tensorflow"``, ``"jax"`` or ``"torch"``."""
    return import_keras().backend.backend()


def version() -> str:
    """The version of the active backend's framework."""
    backend = name()
    if backend == "tensorflow":
        import tensorflow as tf

        return tf.__version__
    if backend == "jax":
        import jax

        return jax.__version__
    if backend == "torch":
        import torch

        return torch.__version__
    return "?"


def list_devices() -> list[str]:
    """Short names of the accelerators the backend sees, or ``["CPU"]`` when it sees none."""
    backend = name()
    found: list[str] = []
    if backend == "tensorflow":
        import tensorflow as tf

        found = [f"GPU:{i}" for i, _ in enumerate(tf.config.list_physical_devices("GPU"))]
    elif backend == "jax":
        import jax

        found = [f"{d.platform.upper()}:{d.id}" for d in jax.devices() if d.platform != "cpu"]
    elif backend == "torch":
        import torch

        found = [f"GPU:{i}" for i in range(torch.cuda.device_count())]
    return found or ["CPU"]


def enable_memory_growth() -> None:
    """Let TensorFlow take GPU memory as it needs it instead of all at once (no-op elsewhere)."""
    if name() != "tensorflow":
        return
    import tensorflow as tf

    for gpu in tf.config.list_physical_devices("GPU"):
        try:
            tf.config.experimental.set_memory_growth(gpu, True)
        except RuntimeError:  # devices already initialised: the setting can no longer change
            pass


def seed_everything(seed: int, deterministic: bool = True) -> None:
    """Seed Python, NumPy and the backend; ask for deterministic kernels where the backend has them."""
    keras = import_keras()
    keras.utils.set_random_seed(seed)  # Python's random, NumPy and the backend's generator
    if deterministic and name() == "tensorflow":
        import tensorflow as tf

        tf.config.experimental.enable_op_determinism()
