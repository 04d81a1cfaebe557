"""One benchmark measurement in a fresh process (run by benchmarks/run.py); prints a JSON line.

    python benchmarks/epoch.py MODEL PATH [--epochs N]

MODEL is ``dense`` (Day06's network) or ``cnn`` (Day11's). PATH is ``course`` (cu.setup(),
cu.load_mnist(), the course's model builder) or ``plain`` (the same arrays read straight from the
IDX files with NumPy, the same model builder, model.fit on NumPy arrays, no set-up). The backend comes from
KERAS_BACKEND. Reports the fastest of N timed epochs after one warm-up epoch.
"""

import argparse
import gzip
import json
import os
import time

import numpy as np

p = argparse.ArgumentParser()
p.add_argument("model", choices=["dense", "cnn"])
p.add_argument("path", choices=["course", "plain"])
p.add_argument("--epochs", type=int, default=2)
p.add_argument("--batch-size", type=int, default=128)
args = p.parse_args()

if args.path == "course":
    import course_utils as cu
    from course_utils import models

    cu.setup(verbose=False)
    (x, y), _ = cu.load_mnist(smoke=False)
    build = models.dense_classifier if args.model == "dense" else models.cnn_classifier
    model = build()
    import keras
else:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import keras

    folder = os.environ["COURSE_DATA_DIR"]

    def idx(name):
        raw = gzip.decompress(open(os.path.join(folder, name + ".gz"), "rb").read())
        ndim = raw[3]
        shape = [int.from_bytes(raw[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim)]
        return np.frombuffer(raw, np.uint8, offset=4 + 4 * ndim).reshape(shape)

    x, y = idx("train-images-idx3-ubyte"), idx("train-labels-idx1-ubyte")
    from course_utils import models  # the layer recipe only: same architecture, no set-up

    build = models.dense_classifier if args.model == "dense" else models.cnn_classifier
    model = build()

x = (x / 255.0).astype("float32")
if args.model == "cnn":
    x = x[..., None]
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x[:2048], y[:2048], batch_size=args.batch_size, epochs=1, verbose=0)  # warm-up: tracing, compilation
times = []
for _ in range(args.epochs):
    start = time.perf_counter()
    model.fit(x, y, batch_size=args.batch_size, epochs=1, verbose=0)
    times.append(time.perf_counter() - start)
print(json.dumps({"model": args.model, "path": args.path, "backend": keras.backend.backend(), "seconds_per_epoch": min(times), "all": times}))
