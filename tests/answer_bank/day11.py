"""Answer bank, Day 11: a network's shapes and costs predicted, a tiny CNN, the bug in a training function."""

from bank import with_edits  # tests/answer_bank/bank.py

NOTEBOOK = "Day11_cnn_mnist.ipynb"


# A correct predict_costs that the wrong answers below share; each writes one mistake into it.
_COSTS = '''\
def predict_costs(input_shape, spec):
    shape = tuple(input_shape)
    costs = {}
    for layer in spec:
        kind = layer["type"]
        params = macs = 0
        if kind == "Conv2D":
            k = layer["kernel_size"]
            kh, kw = (k, k) if isinstance(k, int) else k
            s = layer.get("strides", 1)
            (h, w, c), f = shape, layer["filters"]
            if layer.get("padding", "valid") == "same":
                h, w = -(-h // s), -(-w // s)
            else:
                h, w = (h - kh) // s + 1, (w - kw) // s + 1
            shape = (h, w, f)
            params = kh * kw * c * f + f
            macs = h * w * kh * kw * c * f
        elif kind == "MaxPooling2D":
            p = layer["pool_size"]
            shape = (shape[0] // p, shape[1] // p, shape[2])
        elif kind == "Flatten":
            shape = (int(np.prod(shape)),)
        elif kind == "Dense":
            n_in, units = shape[-1], layer["units"]
            shape = (units,)
            params = n_in * units + units
            macs = n_in * units
        costs[layer["name"]] = (shape, params, macs)
    return costs
'''

BANK = {
    "day11_net_costs": {
        "correct": {
            'math.ceil, one helper per axis, lists for shapes': '''\
import math


def out_len(n, k, s, padding):
    if padding == "same":
        return math.ceil(n / s)
    return math.floor((n - k) / s) + 1


def predict_costs(input_shape, spec):
    h, w, c = input_shape
    flat = None
    result = {}
    for d in spec:
        t = d["type"]
        if t == "Conv2D":
            ks = d["kernel_size"]
            kh, kw = ks if isinstance(ks, (tuple, list)) else (ks, ks)
            s, pad = d.get("strides", 1), d.get("padding", "valid")
            h, w = out_len(h, kh, s, pad), out_len(w, kw, s, pad)
            weights = kh * kw * c * d["filters"]
            c = d["filters"]
            result[d["name"]] = ([h, w, c], weights + c, h * w * weights)
        elif t == "MaxPooling2D":
            h, w = h // d["pool_size"], w // d["pool_size"]
            result[d["name"]] = ([h, w, c], 0, 0)
        elif t == "Flatten":
            flat = h * w * c
            result[d["name"]] = ([flat], 0, 0)
        else:
            n_in = flat
            flat = d["units"]
            result[d["name"]] = ([flat], n_in * flat + flat, n_in * flat)
    return result
''',
            'numpy per-axis arrays and numpy integers': '''\
def predict_costs(input_shape, spec):
    size = np.array(input_shape[:2])
    channels = input_shape[2]
    units = None
    out = {}
    for layer in spec:
        name, kind = layer["name"], layer["type"]
        if kind == "Conv2D":
            kernel = np.broadcast_to(np.array(layer["kernel_size"]), (2,))
            stride = layer["strides"]
            if layer["padding"] == "same":
                size = (size + stride - 1) // stride
            else:
                size = (size - kernel) // stride + 1
            n_w = np.prod(kernel) * channels * layer["filters"]
            channels = layer["filters"]
            out[name] = ((*size.tolist(), channels), n_w + channels, np.prod(size) * n_w)
        elif kind == "MaxPooling2D":
            size = size // layer["pool_size"]
            out[name] = ((*size.tolist(), channels), 0, 0)
        elif kind == "Flatten":
            units = int(np.prod(size)) * channels
            out[name] = ((units,), 0, 0)
        elif kind == "Dense":
            w = units * layer["units"]
            units = layer["units"]
            out[name] = ((units,), w + units, w)
    return out
''',
            "the reference's way, padding p worked out for 'same'": '''\
def predict_costs(input_shape, spec):
    shape = tuple(input_shape)
    costs = {}
    for layer in spec:
        kind = layer["type"]
        params = macs = 0
        if kind == "Conv2D":
            k = layer["kernel_size"]
            kh, kw = (k, k) if isinstance(k, int) else k
            s = layer.get("strides", 1)
            (h, w, c), f = shape, layer["filters"]
            if layer.get("padding", "valid") == "same":
                # pad just enough for ceil(n / s) windows: n + total - k = (n_out - 1) * s
                n_h, n_w = -(-h // s), -(-w // s)
                total_h, total_w = max((n_h - 1) * s + kh - h, 0), max((n_w - 1) * s + kw - w, 0)
                h, w = (h + total_h - kh) // s + 1, (w + total_w - kw) // s + 1
            else:
                h, w = (h - kh) // s + 1, (w - kw) // s + 1
            shape = (h, w, f)
            params = kh * kw * c * f + f
            macs = h * w * kh * kw * c * f
        elif kind == "MaxPooling2D":
            p = layer["pool_size"]
            shape = (shape[0] // p, shape[1] // p, shape[2])
        elif kind == "Flatten":
            shape = (int(np.prod(shape)),)
        elif kind == "Dense":
            n_in, units = shape[-1], layer["units"]
            shape = (units,)
            params = n_in * units + units
            macs = n_in * units
        costs[layer["name"]] = (shape, params, macs)
    return costs
''',
        },
        "wrong": {  # each is _COSTS with one mistake written in
            "'valid' computed like 'same' (padding ignored)": with_edits(_COSTS, [
                ('            if layer.get("padding", "valid") == "same":\n                h, w = -(-h // s), -(-w // s)\n            else:\n                h, w = (h - kh) // s + 1, (w - kw) // s + 1\n',
                 '            h, w = -(-h // s), -(-w // s)\n'),
            ]),
            'the stride ignored': with_edits(_COSTS, [
                ('            if layer.get("padding", "valid") == "same":\n                h, w = -(-h // s), -(-w // s)\n            else:\n                h, w = (h - kh) // s + 1, (w - kw) // s + 1\n',
                 '            if layer.get("padding", "valid") == "valid":\n                h, w = h - kh + 1, w - kw + 1\n'),
            ]),
            'a pair read as a square kernel of its first side': with_edits(_COSTS, [
                ('            kh, kw = (k, k) if isinstance(k, int) else k\n',
                 '            kh = kw = k if isinstance(k, int) else k[0]\n'),
            ]),
            'multiply-adds counted at the input positions': with_edits(_COSTS, [
                ('                h, w = (h - kh) // s + 1, (w - kw) // s + 1\n',
                 '                h, w = (h - kh) // s + 1, (w - kw) // s + 1\n            macs = shape[0] * shape[1] * kh * kw * c * f\n'),
                ('            macs = h * w * kh * kw * c * f\n',
                 ''),
            ]),
            'multiply-adds include the biases': with_edits(_COSTS, [
                ('            macs = h * w * kh * kw * c * f\n',
                 '            macs = h * w * (kh * kw * c * f + f)\n'),
            ]),
            'pooling rounds up': with_edits(_COSTS, [
                ('            shape = (shape[0] // p, shape[1] // p, shape[2])\n',
                 '            shape = (-(-shape[0] // p), -(-shape[1] // p), shape[2])\n'),
            ]),
            "the input channels left out of a convolution's weights": with_edits(_COSTS, [
                ('            params = kh * kw * c * f + f\n            macs = h * w * kh * kw * c * f\n',
                 '            params = kh * kw * f + f\n            macs = h * w * kh * kw * f\n'),
            ]),
        },
    },
    "day11_small_cnn": {
        "correct": {
            "nested Sequential blocks, no metrics": '''\
def build_small_cnn():
    def block(filters):
        return keras.Sequential([layers.Conv2D(filters, 3, padding="same", activation="relu"), layers.MaxPooling2D(2)])

    model = keras.Sequential([
        keras.Input((28, 28, 1)),
        block(16),
        block(32),
        layers.MaxPooling2D(2),
        layers.Flatten(),
        layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(3e-3), loss="sparse_categorical_crossentropy")
    return model
''',
            "one-hot labels (categorical_crossentropy), the mnist_mlp recipe": '''\
def build_small_cnn():
    model = keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
        layers.Conv2D(16, (3, 3), activation="relu", padding="same"),
        layers.MaxPooling2D((2, 2)),
        layers.Conv2D(32, (3, 3), activation="relu", padding="same"),
        layers.MaxPooling2D((2, 2)),
        layers.MaxPooling2D((2, 2)),
        layers.Flatten(),
        layers.Dense(10, activation="softmax"),
    ])
    model.compile(loss=keras.losses.CategoricalCrossentropy(), optimizer=keras.optimizers.Adam(learning_rate=3e-3),
                  metrics=["accuracy"])
    return model
''',
            "functional API, ReLU before pooling": '''\
def build_small_cnn():
    inputs = keras.Input((28, 28, 1))
    h = layers.Conv2D(16, 3, activation="relu", padding="same")(inputs)
    h = layers.MaxPooling2D()(h)
    h = layers.Conv2D(32, 3, activation="relu", padding="same")(h)
    h = layers.MaxPooling2D()(h)
    h = layers.MaxPooling2D()(h)
    h = layers.Flatten()(h)
    outputs = layers.Dense(10, activation="softmax")(h)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer=keras.optimizers.Adam(3e-3), loss=keras.losses.SparseCategoricalCrossentropy(),
                  metrics=[keras.metrics.SparseCategoricalAccuracy()])
    return model
''',
        },
        "wrong": {
            "outputs logits (from_logits=True loss, no softmax)": '''\
def build_small_cnn():
    model = keras.Sequential([
        keras.Input((28, 28, 1)),
        layers.Conv2D(16, 3, padding="same", activation="relu"),
        layers.MaxPooling2D(2),
        layers.Conv2D(32, 3, padding="same", activation="relu"),
        layers.MaxPooling2D(2),
        layers.MaxPooling2D(2),
        layers.Flatten(),
        layers.Dense(10),
    ])
    model.compile(optimizer=keras.optimizers.Adam(3e-3),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
    return model
''',
            "a sigmoid output layer": '''\
def build_small_cnn():
    model = keras.Sequential([
        keras.Input((28, 28, 1)),
        layers.Conv2D(16, 3, padding="same", activation="relu"),
        layers.MaxPooling2D(2),
        layers.Conv2D(32, 3, padding="same", activation="relu"),
        layers.MaxPooling2D(2),
        layers.MaxPooling2D(2),
        layers.Flatten(),
        layers.Dense(10, activation="sigmoid"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(3e-3), loss="sparse_categorical_crossentropy")
    return model
''',
            "a Dense(64) layer after Flatten (too many parameters)": '''\
def build_small_cnn():
    model = keras.Sequential([
        keras.Input((28, 28, 1)),
        layers.Conv2D(8, 3, activation="relu"),
        layers.MaxPooling2D(2),
        layers.Flatten(),
        layers.Dense(64, activation="relu"),
        layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
''',
            "no convolution: a small dense network": '''\
def build_small_cnn():
    model = keras.Sequential([
        keras.Input((28, 28, 1)),
        layers.Flatten(),
        layers.Dense(12, activation="relu"),
        layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(3e-3), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
''',
            "one model built once and returned on every call": '''\
_the_model = keras.Sequential([
    keras.Input((28, 28, 1)),
    layers.Conv2D(16, 3, padding="same", activation="relu"),
    layers.MaxPooling2D(2),
    layers.Conv2D(32, 3, padding="same", activation="relu"),
    layers.MaxPooling2D(2),
    layers.MaxPooling2D(2),
    layers.Flatten(),
    layers.Dense(10, activation="softmax"),
])
_the_model.compile(optimizer=keras.optimizers.Adam(3e-3), loss="sparse_categorical_crossentropy")


def build_small_cnn():
    return _the_model
''',
        },
    },
    "day11_find_bug": {
        "correct": {
            'labels cut like the images, the string copied': '''\
def train_digits(images, labels, epochs=3, seed=0, verbose=0):
    keras.utils.set_random_seed(seed)
    x = (images / 255.0).astype("float32")[..., None]
    n_check = len(x) // 10
    x_fit, x_check = x[n_check:], x[:n_check]
    y_fit, y_check = labels[n_check:], labels[:n_check]
    model = keras.Sequential([
        keras.Input((28, 28, 1)),
        layers.Conv2D(16, 3, padding="same", activation="relu"),
        layers.MaxPooling2D(2),
        layers.Conv2D(32, 3, padding="same", activation="relu"),
        layers.MaxPooling2D(2),
        layers.Flatten(),
        layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x_fit, y_fit, validation_data=(x_check, y_check), batch_size=32, epochs=epochs, verbose=verbose)
    return model


def the_bug():
    return "the images and the labels do not line up"
''',
            'images cut like the labels (hold out the last tenth)': '''\
def train_digits(images, labels, epochs=3, seed=0, verbose=0):
    keras.utils.set_random_seed(seed)
    x = (images / 255.0).astype("float32")[..., None]
    n_check = len(x) // 10
    x_fit, x_check = x[:-n_check], x[-n_check:]
    y_fit, y_check = labels[:-n_check], labels[-n_check:]
    model = keras.Sequential([
        keras.Input((28, 28, 1)),
        layers.Conv2D(16, 3, padding="same", activation="relu"),
        layers.MaxPooling2D(2),
        layers.Conv2D(32, 3, padding="same", activation="relu"),
        layers.MaxPooling2D(2),
        layers.Flatten(),
        layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x_fit, y_fit, validation_data=(x_check, y_check), batch_size=32, epochs=epochs, verbose=verbose)
    return model


def the_bug():
    return BUGS[3]
''',
            "Keras's validation_split instead of cutting by hand": '''\
def train_digits(images, labels, epochs=3, seed=0, verbose=0):
    keras.utils.set_random_seed(seed)
    x = (images / 255.0).astype("float32")[..., None]
    model = keras.Sequential([
        keras.Input((28, 28, 1)),
        layers.Conv2D(16, 3, padding="same", activation="relu"),
        layers.MaxPooling2D(2),
        layers.Conv2D(32, 3, padding="same", activation="relu"),
        layers.MaxPooling2D(2),
        layers.Flatten(),
        layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x, labels, validation_split=0.1, batch_size=32, epochs=epochs, verbose=verbose)
    return model


def the_bug():
    return [b for b in BUGS if "line up" in b][0]
''',
        },
        "wrong": {
            'the mistake named, but left in the code': '''\
def train_digits(images, labels, epochs=3, seed=0, verbose=0):
    keras.utils.set_random_seed(seed)
    x = (images / 255.0).astype("float32")[..., None]
    n_check = len(x) // 10
    x_fit, x_check = x[n_check:], x[:n_check]
    y_fit, y_check = labels[:-n_check], labels[-n_check:]
    model = keras.Sequential([
        keras.Input((28, 28, 1)),
        layers.Conv2D(16, 3, padding="same", activation="relu"),
        layers.MaxPooling2D(2),
        layers.Conv2D(32, 3, padding="same", activation="relu"),
        layers.MaxPooling2D(2),
        layers.Flatten(),
        layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x_fit, y_fit, validation_data=(x_check, y_check), batch_size=32, epochs=epochs, verbose=verbose)
    return model


def the_bug():
    return BUGS[3]
''',
            'the code fixed, the wrong mistake named (pixels)': '''\
def train_digits(images, labels, epochs=3, seed=0, verbose=0):
    keras.utils.set_random_seed(seed)
    x = (images / 255.0).astype("float32")[..., None]
    n_check = len(x) // 10
    x_fit, x_check = x[n_check:], x[:n_check]
    y_fit, y_check = labels[n_check:], labels[:n_check]
    model = keras.Sequential([
        keras.Input((28, 28, 1)),
        layers.Conv2D(16, 3, padding="same", activation="relu"),
        layers.MaxPooling2D(2),
        layers.Conv2D(32, 3, padding="same", activation="relu"),
        layers.MaxPooling2D(2),
        layers.Flatten(),
        layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x_fit, y_fit, validation_data=(x_check, y_check), batch_size=32, epochs=epochs, verbose=verbose)
    return model


def the_bug():
    return BUGS[0]
''',
            "trains on the notebook's x_train and y_train, not on its arguments": '''\
def train_digits(images, labels, epochs=3, seed=0, verbose=0):
    keras.utils.set_random_seed(seed)
    n_check = len(x_train) // 10
    x_fit, x_check = x_train[n_check:], x_train[:n_check]
    y_fit, y_check = y_train[n_check:], y_train[:n_check]
    model = keras.Sequential([
        keras.Input((28, 28, 1)),
        layers.Conv2D(16, 3, padding="same", activation="relu"),
        layers.MaxPooling2D(2),
        layers.Conv2D(32, 3, padding="same", activation="relu"),
        layers.MaxPooling2D(2),
        layers.Flatten(),
        layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x_fit, y_fit, validation_data=(x_check, y_check), batch_size=32, epochs=epochs, verbose=verbose)
    return model


def the_bug():
    return BUGS[3]
''',
            'fixed, and the softmax swapped for from_logits=True (outputs logits)': '''\
def train_digits(images, labels, epochs=3, seed=0, verbose=0):
    keras.utils.set_random_seed(seed)
    x = (images / 255.0).astype("float32")[..., None]
    n_check = len(x) // 10
    x_fit, x_check = x[n_check:], x[:n_check]
    y_fit, y_check = labels[n_check:], labels[:n_check]
    model = keras.Sequential([
        keras.Input((28, 28, 1)),
        layers.Conv2D(16, 3, padding="same", activation="relu"),
        layers.MaxPooling2D(2),
        layers.Conv2D(32, 3, padding="same", activation="relu"),
        layers.MaxPooling2D(2),
        layers.Flatten(),
        layers.Dense(10),
    ])
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
    model.fit(x_fit, y_fit, validation_data=(x_check, y_check), batch_size=32, epochs=epochs, verbose=verbose)
    return model


def the_bug():
    return BUGS[3]
''',
        },
    },
}
