"""Answer bank, Day 06: preprocessing MNIST, the best constant guess, the steps fit makes."""

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
    "day06_constant_guess": {
        "correct": {
            "bincount with minlength, entropy over the classes that occur": '''\
def best_constant_guess(y, num_classes=10):
    p = np.bincount(np.asarray(y, dtype=int), minlength=num_classes) / len(y)
    seen = p > 0
    return p, float(-np.sum(p[seen] * np.log(p[seen])))
''',
            "counted in a loop; the loss as the mean of -log p[label]": '''\
import math


def best_constant_guess(y, num_classes=10):
    counts = [0] * num_classes
    for label in y:
        counts[int(label)] += 1
    p = np.array(counts, dtype=float) / len(y)
    loss = sum(-math.log(p[int(label)]) for label in y) / len(y)
    return p, loss
''',
            "np.unique and scipy-free entropy with np.where": '''\
def best_constant_guess(y, num_classes=10):
    labels, counts = np.unique(np.asarray(y), return_counts=True)
    p = np.zeros(num_classes)
    p[labels] = counts / counts.sum()
    logs = np.log(np.where(p > 0, p, 1.0))
    return p, float(-(p * logs).sum())
''',
        },
        "wrong": {
            "uniform probabilities (every class equally likely)": '''\
def best_constant_guess(y, num_classes=10):
    p = np.full(num_classes, 1.0 / num_classes)
    return p, float(np.log(num_classes))
''',
            "always the most common class, with certainty": '''\
def best_constant_guess(y, num_classes=10):
    p = np.zeros(num_classes)
    p[np.bincount(np.asarray(y, dtype=int)).argmax()] = 1.0
    shares = np.bincount(np.asarray(y, dtype=int), minlength=num_classes) / len(y)
    return p, float(-np.log(shares.max()))
''',
            "the entropy in bits (log2)": '''\
def best_constant_guess(y, num_classes=10):
    p = np.bincount(np.asarray(y, dtype=int), minlength=num_classes) / len(y)
    seen = p > 0
    return p, float(-np.sum(p[seen] * np.log2(p[seen])))
''',
            "p * log(p) over every class (0 * log 0 is nan)": '''\
def best_constant_guess(y, num_classes=10):
    p = np.bincount(np.asarray(y, dtype=int), minlength=num_classes) / len(y)
    with np.errstate(divide="ignore", invalid="ignore"):
        return p, float(-np.sum(p * np.log(p)))
''',
            "y.shape[0] for the count (labels given as a list fail)": '''\
def best_constant_guess(y, num_classes=10):
    p = np.bincount(y, minlength=num_classes) / y.shape[0]
    seen = p > 0
    return p, float(-np.sum(p[seen] * np.log(p[seen])))
''',
            "bincount without minlength (a class that never occurs at the end is lost)": '''\
def best_constant_guess(y, num_classes=10):
    p = np.bincount(np.asarray(y, dtype=int)) / len(y)
    seen = p > 0
    return p, float(-np.sum(p[seen] * np.log(p[seen])))
''',
        },
    },
    "day06_training_steps": {
        "correct": {
            "Keras's rule with floor and ceil": '''\
def training_steps(n, batch_size, epochs, validation_split=0.0):
    n_train = int(np.floor(n * (1.0 - validation_split)))
    return int(np.ceil(n_train / batch_size)) * epochs
''',
            "integer arithmetic: -(-a // b)": '''\
import math


def training_steps(n, batch_size, epochs, validation_split=0.0):
    n_train = math.floor(n * (1 - validation_split))
    return epochs * (-(-n_train // batch_size))
''',
            "counting the batches in a loop": '''\
def training_steps(n, batch_size, epochs, validation_split=0.0):
    n_train = int(n * (1 - validation_split))
    per_epoch = 0
    start = 0
    while start < n_train:
        per_epoch += 1
        start += batch_size
    return per_epoch * epochs
''',
        },
        "wrong": {
            "floor: the last, smaller batch dropped": '''\
def training_steps(n, batch_size, epochs, validation_split=0.0):
    n_train = int(np.floor(n * (1.0 - validation_split)))
    return (n_train // batch_size) * epochs
''',
            "validation_split ignored": '''\
def training_steps(n, batch_size, epochs, validation_split=0.0):
    return int(np.ceil(n / batch_size)) * epochs
''',
            "steps per epoch only (epochs ignored)": '''\
def training_steps(n, batch_size, epochs, validation_split=0.0):
    n_train = int(np.floor(n * (1.0 - validation_split)))
    return int(np.ceil(n_train / batch_size))
''',
            "the training share rounded up": '''\
import math


def training_steps(n, batch_size, epochs, validation_split=0.0):
    n_train = math.ceil(n * (1 - validation_split))
    return math.ceil(n_train / batch_size) * epochs
''',
        },
    },
}
