"""Answer bank, Day 06: preprocessing MNIST and a classifier of your own."""

NOTEBOOK = "Day06_first_dnn_mnist.ipynb"

BANK = {
    "day06_preprocess": {
        "correct": {
            "astype first, then divide": '''\
def preprocess(images):
    """uint8 images (n, 28, 28) -> float32 vectors (n, 784) in [0, 1]."""
    return images.astype("float32").reshape(-1, 28 * 28) / 255
''',
            "np.float32 and in-place division": '''\
def preprocess(images):
    """uint8 images (n, 28, 28) -> float32 vectors (n, 784) in [0, 1]."""
    out = np.float32(images).reshape(images.shape[0], 784)
    out /= np.float32(255.0)
    return out
''',
            "a loop over the images with flatten()": '''\
def preprocess(images):
    """uint8 images (n, 28, 28) -> float32 vectors (n, 784) in [0, 1]."""
    rows = [image.flatten() / 255.0 for image in images]
    return np.array(rows, dtype=np.float32)
''',
        },
        "wrong": {
            "divides by the largest pixel of the batch": '''\
def preprocess(images):
    """uint8 images (n, 28, 28) -> float32 vectors (n, 784) in [0, 1]."""
    x = images.reshape(len(images), -1).astype("float32")
    return x / x.max()
''',
            "divides each image by its own largest pixel": '''\
def preprocess(images):
    """uint8 images (n, 28, 28) -> float32 vectors (n, 784) in [0, 1]."""
    x = images.reshape(len(images), -1).astype("float32")
    return x / x.max(axis=1, keepdims=True)
''',
            "min-max scaling of the batch": '''\
def preprocess(images):
    """uint8 images (n, 28, 28) -> float32 vectors (n, 784) in [0, 1]."""
    x = images.reshape(len(images), -1).astype("float32")
    return (x - x.min()) / (x.max() - x.min())
''',
            "keeps float64 (no astype)": '''\
def preprocess(images):
    """uint8 images (n, 28, 28) -> float32 vectors (n, 784) in [0, 1]."""
    return images.reshape(len(images), 784) / 255.0
''',
            "reshapes to (784, n) and transposes (pixels scrambled)": '''\
def preprocess(images):
    """uint8 images (n, 28, 28) -> float32 vectors (n, 784) in [0, 1]."""
    return (images.reshape(784, -1).T / 255.0).astype("float32")
''',
        },
    },
    "day06_train": {
        "correct": {
            "Sequential written out, no metrics": '''\
def build_and_train(x, y):
    """A compiled and trained Keras classifier for 28x28 images in [0, 1]."""
    model = keras.Sequential([
        keras.Input((28, 28)),
        keras.layers.Flatten(),
        keras.layers.Dense(128, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.fit(x, y, epochs=8, batch_size=32, verbose=0)
    return model
''',
            "Keras's mnist_mlp recipe: one-hot labels, RMSprop, dropout": '''\
def build_and_train(x, y):
    """A compiled and trained Keras classifier for 28x28 images in [0, 1]."""
    y_onehot = keras.utils.to_categorical(y, 10)
    model = keras.Sequential()
    model.add(keras.Input(shape=(28, 28)))
    model.add(keras.layers.Reshape((784,)))
    model.add(keras.layers.Dense(512, activation="relu"))
    model.add(keras.layers.Dropout(0.2))
    model.add(keras.layers.Dense(512, activation="relu"))
    model.add(keras.layers.Dropout(0.2))
    model.add(keras.layers.Dense(10, activation="softmax"))
    model.compile(loss="categorical_crossentropy", optimizer=keras.optimizers.RMSprop(),
                  metrics=["accuracy"])
    model.fit(x, y_onehot, batch_size=128, epochs=cfg.pick(full=5, smoke=15), verbose=0)
    return model
''',
            "functional API, nested Sequential block, SGD with Nesterov": '''\
def build_and_train(x, y):
    """A compiled and trained Keras classifier for 28x28 images in [0, 1]."""
    inputs = keras.Input(shape=(28, 28))
    h = keras.layers.Flatten()(inputs)
    h = keras.Sequential([keras.layers.Dense(256), keras.layers.Activation("relu")], name="block")(h)
    outputs = keras.layers.Dense(10)(h)
    outputs = keras.layers.Softmax()(outputs)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.05, momentum=0.9, nesterov=True),
                  loss=keras.losses.SparseCategoricalCrossentropy(),
                  metrics=[keras.metrics.SparseCategoricalAccuracy(), "sparse_top_k_categorical_accuracy"])
    model.fit(x, y, batch_size=64, epochs=15, verbose=0)
    return model
''',
            "dense_classifier, early stopping on a validation split": '''\
def build_and_train(x, y):
    """A compiled and trained Keras classifier for 28x28 images in [0, 1]."""
    model = dense_classifier(hidden=(256, 128), dropout=0.2)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=2e-3),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    stop = keras.callbacks.EarlyStopping(patience=3, restore_best_weights=True)
    model.fit(x, y, batch_size=64, epochs=30, validation_split=0.15, callbacks=[stop], verbose=0)
    return model
''',
        },
        "wrong": {
            "returns the History that fit returns": '''\
def build_and_train(x, y):
    """A compiled and trained Keras classifier for 28x28 images in [0, 1]."""
    model = dense_classifier(hidden=(128,))
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model.fit(x, y, epochs=8, batch_size=32, verbose=0)
''',
            "outputs logits (no softmax, from_logits=True)": '''\
def build_and_train(x, y):
    """A compiled and trained Keras classifier for 28x28 images in [0, 1]."""
    model = keras.Sequential([
        keras.Input((28, 28)),
        keras.layers.Flatten(),
        keras.layers.Dense(128, activation="relu"),
        keras.layers.Dense(10),
    ])
    model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    model.fit(x, y, epochs=8, batch_size=32, verbose=0)
    return model
''',
            "sigmoid outputs (do not sum to 1)": '''\
def build_and_train(x, y):
    """A compiled and trained Keras classifier for 28x28 images in [0, 1]."""
    model = keras.Sequential([
        keras.Input((28, 28)),
        keras.layers.Flatten(),
        keras.layers.Dense(128, activation="relu"),
        keras.layers.Dense(10, activation="sigmoid"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.fit(x, y, epochs=8, batch_size=32, verbose=0)
    return model
''',
            "compiled but never trained": '''\
def build_and_train(x, y):
    """A compiled and trained Keras classifier for 28x28 images in [0, 1]."""
    model = dense_classifier(hidden=(128,))
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
''',
            "trained for one epoch in batches of 1024": '''\
def build_and_train(x, y):
    """A compiled and trained Keras classifier for 28x28 images in [0, 1]."""
    model = dense_classifier(hidden=(128,))
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.fit(x, y, epochs=1, batch_size=1024, verbose=0)
    return model
''',
            "categorical_crossentropy on integer labels": '''\
def build_and_train(x, y):
    """A compiled and trained Keras classifier for 28x28 images in [0, 1]."""
    model = dense_classifier(hidden=(128,))
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    model.fit(x, y, epochs=8, batch_size=32, verbose=0)
    return model
''',
            "MSE on integer labels": '''\
def build_and_train(x, y):
    """A compiled and trained Keras classifier for 28x28 images in [0, 1]."""
    model = dense_classifier(hidden=(128,))
    model.compile(optimizer="adam", loss="mse")
    model.fit(x, y, epochs=8, batch_size=32, verbose=0)
    return model
''',
        },
    },
}
