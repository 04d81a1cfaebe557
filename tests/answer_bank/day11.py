"""Answer bank, Day 11: a convolution layer's parameters, a tiny CNN."""

NOTEBOOK = "Day11_cnn_mnist.ipynb"

BANK = {
    "day11_conv_params": {
        "correct": {
            "np.prod over the kernel shape": '''\
def conv2d_params(kernel_size, in_channels, filters, use_bias=True):
    if np.isscalar(kernel_size):
        kernel_size = (kernel_size, kernel_size)
    weights = int(np.prod(kernel_size)) * in_channels * filters
    return weights + filters * int(use_bias)
''',
            "counted by a Keras layer": '''\
def conv2d_params(kernel_size, in_channels, filters, use_bias=True):
    layer = keras.layers.Conv2D(filters, kernel_size, use_bias=use_bias)
    layer.build((None, 32, 32, in_channels))
    return layer.count_params()
''',
            "if/else on tuple, bias added separately": '''\
def conv2d_params(kernel_size, in_channels, filters, use_bias=True):
    if type(kernel_size) is tuple:
        kh, kw = kernel_size
    else:
        kh = kw = kernel_size
    total = kh * kw * in_channels * filters
    if use_bias:
        total += filters
    return total
''',
        },
        "wrong": {
            "forgets the biases": '''\
def conv2d_params(kernel_size, in_channels, filters, use_bias=True):
    kh, kw = (kernel_size, kernel_size) if isinstance(kernel_size, int) else kernel_size
    return kh * kw * in_channels * filters
''',
            "one bias per input channel": '''\
def conv2d_params(kernel_size, in_channels, filters, use_bias=True):
    kh, kw = (kernel_size, kernel_size) if isinstance(kernel_size, int) else kernel_size
    return kh * kw * in_channels * filters + (in_channels if use_bias else 0)
''',
            "ignores use_bias": '''\
def conv2d_params(kernel_size, in_channels, filters, use_bias=True):
    kh, kw = (kernel_size, kernel_size) if isinstance(kernel_size, int) else kernel_size
    return kh * kw * in_channels * filters + filters
''',
            "a pair read as a square kernel of its first side": '''\
def conv2d_params(kernel_size, in_channels, filters, use_bias=True):
    k = kernel_size if isinstance(kernel_size, int) else kernel_size[0]
    return k * k * in_channels * filters + (filters if use_bias else 0)
''',
            "ignores the input channels": '''\
def conv2d_params(kernel_size, in_channels, filters, use_bias=True):
    kh, kw = (kernel_size, kernel_size) if isinstance(kernel_size, int) else kernel_size
    return kh * kw * filters + (filters if use_bias else 0)
''',
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
}
