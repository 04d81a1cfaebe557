"""Everything that depends on which Keras backend runs: quiet import, seeds, devices.

This is the only module of the course that imports TensorFlow or JAX by name. Notebooks and the
rest of ``course_utils`` use ``keras`` and ``keras.ops`` only.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import sys
from collections.abc import Callable, Sequence

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

        # On TensorFlow, TF is the backend. On other backends Keras still imports TensorFlow lazily,
        # in the middle of the first fit() (tf.data), where its C++ start-up lines would reach the
        # notebook's stderr: import it here, quietly, when it is installed.
        if keras.backend.backend() == "tensorflow" or importlib.util.find_spec("tensorflow"):
            import tensorflow  # noqa: F401  (imported here, quietly, once)
    return keras


def configured_name() -> str:
    """The backend Keras will use, without importing it: ``KERAS_BACKEND``, else keras.json, else TensorFlow."""
    if os.environ.get("KERAS_BACKEND"):
        return os.environ["KERAS_BACKEND"]
    import json

    home = os.environ.get("KERAS_HOME") or os.path.join(os.path.expanduser("~"), ".keras")
    try:
        with open(os.path.join(home, "keras.json"), encoding="utf-8") as f:
            return json.load(f).get("backend", "tensorflow")
    except (OSError, ValueError):
        return "tensorflow"


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


# ----------------------------------------------------------------------------- devices and scale
def split_cpu(n: int) -> None:
    """Present the CPU as ``n`` logical devices, to try data parallelism on a laptop.

    TensorFlow: a logical device configuration, possible only before TensorFlow touches a device.
    JAX: the count comes from ``XLA_FLAGS=--xla_force_host_platform_device_count=n``, which must be
    set before JAX is imported; this checks that it was.
    """
    backend = name()
    if backend == "tensorflow":
        import tensorflow as tf

        cpu = tf.config.list_physical_devices("CPU")[0]
        try:
            tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * n)
        except RuntimeError as e:
            raise RuntimeError(
                f"TensorFlow's devices are already initialised, so the CPU cannot be split into {n} ({e}). "
                "Fix: call split_cpu() first thing in a fresh process."
            ) from e
    elif backend == "jax":
        import jax

        have = len(jax.devices("cpu"))
        if have < n:
            raise RuntimeError(
                f"JAX sees {have} CPU device(s), not {n}. Fix: start Python with "
                f"XLA_FLAGS=--xla_force_host_platform_device_count={n} in the environment."
            )
    else:
        raise NotImplementedError(f"split_cpu is not available on the {backend} backend")


def compute_devices(kind: str = "auto") -> list[str]:
    """Device names to train on: the accelerators, or with ``kind="cpu"`` the (logical) CPUs."""
    backend = name()
    if backend == "tensorflow":
        import tensorflow as tf

        gpus = [d.name for d in tf.config.list_logical_devices("GPU")]
        if kind == "cpu" or not gpus:
            return [d.name for d in tf.config.list_logical_devices("CPU")]
        return gpus
    if backend == "jax":
        import jax

        accel = [d for d in jax.devices() if d.platform != "cpu"]
        chosen = jax.devices("cpu") if kind == "cpu" or not accel else accel
        return [f"{d.platform}:{d.id}" for d in chosen]
    return ["cpu:0"]


def use_data_parallel(devices: list[str] | None = None) -> int:
    """Train every model built from now on data-parallel over ``devices`` (default: all accelerators).

    Uses the backend's own engine: ``tf.distribute.MirroredStrategy`` (made the default strategy, so
    models need no ``with strategy.scope()``) on TensorFlow, ``keras.distribution.DataParallel`` on
    JAX. Returns the number of replicas; with one device this changes nothing and returns 1.
    """
    devices = devices or compute_devices()
    if len(devices) < 2:
        return 1
    backend = name()
    if backend == "tensorflow":
        import tensorflow as tf

        strategy = tf.distribute.MirroredStrategy(devices)
        tf.distribute.experimental_set_strategy(strategy)
        return strategy.num_replicas_in_sync
    if backend == "jax":
        keras = import_keras()
        keras.distribution.set_distribution(keras.distribution.DataParallel(devices=devices))
        return len(devices)
    raise NotImplementedError(f"data parallelism is not wired for the {backend} backend")


def use_single_device() -> None:
    """Undo :func:`use_data_parallel`."""
    backend = name()
    if backend == "tensorflow":
        import tensorflow as tf

        tf.distribute.experimental_set_strategy(None)
    elif backend == "jax":
        import_keras().distribution.set_distribution(None)


def supports_mixed_precision() -> bool:
    """True on GPUs with float16 tensor cores (NVIDIA compute capability 7.0 or newer)."""
    backend = name()
    if backend == "tensorflow":
        import tensorflow as tf

        for gpu in tf.config.list_physical_devices("GPU"):
            cc = tf.config.experimental.get_device_details(gpu).get("compute_capability")
            if cc and cc >= (7, 0):
                return True
        return False
    if backend == "jax":
        import jax

        return any(d.platform == "gpu" for d in jax.devices())
    return False


def use_mixed_precision(enable: bool = True) -> bool:
    """Opt in to float16 compute with float32 weights where the GPU supports it; returns whether on."""
    keras = import_keras()
    on = enable and supports_mixed_precision()
    keras.mixed_precision.set_global_policy("mixed_float16" if on else "float32")
    return on


# ----------------------------------------------------------------------------- autodiff
@contextlib.contextmanager
def float64():
    """A block in which float64 tensors really are float64, on every backend.

    TensorFlow and PyTorch honour ``dtype="float64"`` as they are. JAX silently computes in float32
    unless its ``jax_enable_x64`` flag is on, so on JAX this turns the flag on for the block only.
    Build, run and differentiate the float64 model inside the block.
    """
    if name() == "jax":
        import jax

        with jax.enable_x64(True):
            yield
    else:
        yield


def keras_gradients(loss_fn: Callable[[], object], variables: Sequence) -> list:
    """Gradients of ``loss_fn()`` (a scalar Keras tensor) with respect to Keras ``variables``.

    ``loss_fn`` takes no argument and computes the loss from the variables, e.g.
    ``lambda: keras.ops.mean(keras.losses.sparse_categorical_crossentropy(y, model(x)))`` with
    ``variables=model.trainable_variables``. Returns one NumPy array per variable, in order (zeros
    for a variable the loss does not use, as on every backend).
    Works on the TensorFlow, JAX and PyTorch backends (each has its own autodiff).
    """
    import numpy as np

    keras = import_keras()
    variables = list(variables)
    if not variables:
        raise ValueError("variables is empty: pass model.trainable_variables (build the model first)")
    for v in variables:
        if not isinstance(v, keras.Variable):
            raise TypeError(f"variables must be keras.Variable objects, got {type(v).__name__}")
    backend = name()
    if backend == "tensorflow":
        import tensorflow as tf

        with tf.GradientTape() as tape:
            loss = loss_fn()
        grads = tape.gradient(loss, [v.value for v in variables])
    elif backend == "jax":
        import jax

        def loss_of(values):
            with keras.StatelessScope(state_mapping=list(zip(variables, values, strict=True))):
                return loss_fn()

        grads = jax.grad(loss_of)([v.value for v in variables])
    elif backend == "torch":
        for v in variables:
            v.value.grad = None
        loss = loss_fn()
        loss.backward()
        grads = [v.value.grad for v in variables]
    else:
        raise NotImplementedError(f"keras_gradients does not know the {backend!r} backend")
    out = []
    for v, g in zip(variables, grads, strict=True):
        if g is None:  # TensorFlow and PyTorch say None where JAX gives zeros
            out.append(np.zeros(tuple(v.shape), dtype=v.dtype))
        else:
            out.append(np.asarray(keras.ops.convert_to_numpy(g)))
    return out
