"""Run by tests/test_distributed.py in a fresh process: python data_parallel_check.py BACKEND.

Splits the CPU into two logical devices, fits the same small model from the same weights on the
same data once on one device and once data-parallel on both, and prints a JSON line with the
number of replicas and the largest weight difference.
"""

import json
import os
import sys

backend_name = sys.argv[1]
os.environ["KERAS_BACKEND"] = backend_name
if backend_name == "jax":
    os.environ["XLA_FLAGS"] = "--xla_force_host_platform_device_count=2"

from course_utils import backend  # noqa: E402

backend.import_keras()
backend.split_cpu(2)

import keras  # noqa: E402
import numpy as np  # noqa: E402

rng = np.random.default_rng(0)
x = rng.random((64, 6), dtype=np.float32)
y = (x.sum(1, keepdims=True) > 3).astype("float32")


def fit():
    model = keras.Sequential(
        [
            keras.Input((6,)),
            keras.layers.Dense(8, activation="relu", kernel_initializer=keras.initializers.GlorotUniform(1)),
            keras.layers.Dense(1, activation="sigmoid", kernel_initializer=keras.initializers.GlorotUniform(2)),
        ]
    )
    model.compile(optimizer=keras.optimizers.SGD(0.5), loss="binary_crossentropy")
    model.fit(x, y, batch_size=16, epochs=3, shuffle=False, verbose=0)
    return model.get_weights()


single = fit()
devices = backend.compute_devices("cpu")
replicas = backend.use_data_parallel(devices)
parallel = fit()
backend.use_single_device()
diff = max(float(np.abs(a - b).max()) for a, b in zip(single, parallel, strict=True))
moved = max(float(np.abs(a).max()) for a in single)
print(json.dumps({"backend": backend.name(), "devices": devices, "replicas": replicas, "max_diff": diff, "max_weight": moved}))
