"""Answer bank, Day 00: answers students would write, right and wrong (see bank.py)."""

NOTEBOOK = "Day00_what_is_deep_learning.ipynb"

BANK = {
    "day00_param_count": {
        "correct": {
            "a loop over consecutive pairs": '''\
def dense_param_count(layer_sizes):
    total = 0
    for i in range(len(layer_sizes) - 1):
        total += layer_sizes[i] * layer_sizes[i + 1] + layer_sizes[i + 1]
    return total
''',
            "NumPy on arrays of sizes": '''\
def dense_param_count(layer_sizes):
    s = np.asarray(layer_sizes, dtype=np.int64)
    return int(np.sum(s[:-1] * s[1:] + s[1:]))
''',
            "(n_in + 1) * n_out with zip": '''\
def dense_param_count(layer_sizes):
    return sum((n_in + 1) * n_out for n_in, n_out in zip(layer_sizes, layer_sizes[1:]))
''',
        },
        "wrong": {
            "forgets the biases": '''\
def dense_param_count(layer_sizes):
    return sum(a * b for a, b in zip(layer_sizes[:-1], layer_sizes[1:]))
''',
            "one bias per input neuron instead of per output neuron": '''\
def dense_param_count(layer_sizes):
    return sum(a * b + a for a, b in zip(layer_sizes[:-1], layer_sizes[1:]))
''',
            "gives the input layer biases too": '''\
def dense_param_count(layer_sizes):
    return sum(a * b for a, b in zip(layer_sizes[:-1], layer_sizes[1:])) + sum(layer_sizes)
''',
            "list concatenation that fails on a tuple": '''\
def dense_param_count(layer_sizes):
    outs = layer_sizes[1:] + [0]
    return sum(a * b + b for a, b in zip(layer_sizes, outs))
''',
            "reduce without a start value (fails on an input layer alone)": '''\
from functools import reduce


def dense_param_count(layer_sizes):
    counts = [a * b + b for a, b in zip(layer_sizes[:-1], layer_sizes[1:])]
    return reduce(lambda s, c: s + c, counts)
''',
        },
    },
    "day00_feature": {
        "correct": {
            "sign of x1 times sign of x2": '''\
def quadrant_feature(X):
    X = np.asarray(X)
    return (np.sign(X[:, 0]) * np.sign(X[:, 1]))[:, None]
''',
            "a 0/1 'same sign' flag, keepdims": '''\
def quadrant_feature(X):
    same = (X[:, :1] > 0) == (X[:, 1:] > 0)
    return same.astype("float32")
''',
            "XOR of the signs (class 1 below the threshold)": '''\
def quadrant_feature(X):
    return np.logical_xor(X[:, 0] > 0, X[:, 1] > 0).astype(float).reshape(len(X), 1)
''',
            "a loop over the points": '''\
def quadrant_feature(X):
    out = np.zeros((len(X), 1))
    for i, (a, b) in enumerate(X):
        out[i, 0] = a * b
    return out
''',
        },
        "wrong": {
            "the rings' feature of section 3 (distance from the origin)": '''\
def quadrant_feature(X):
    return (X[:, 0] ** 2 + X[:, 1] ** 2).reshape(-1, 1)
''',
            "x1 + x2 (a straight line again)": '''\
def quadrant_feature(X):
    return (X[:, 0] + X[:, 1]).reshape(-1, 1)
''',
            "|x1 x2| (the sign is lost)": '''\
def quadrant_feature(X):
    return np.abs(X[:, 0] * X[:, 1]).reshape(-1, 1)
''',
            "reshape to the 400 points of the lesson": '''\
def quadrant_feature(X):
    return (X[:, 0] * X[:, 1]).reshape(400, 1)
''',
            "a threshold of 0.01 fixed inside the feature": '''\
def quadrant_feature(X):
    return (X[:, 0] * X[:, 1] > 0.01).astype(float).reshape(-1, 1)
''',
            "returns shape (n,)": '''\
def quadrant_feature(X):
    return X[:, 0] * X[:, 1]
''',
        },
    },
    "day00_pick_best": {
        "correct": {
            "a loop keeping the best so far": '''\
def pick_best(functions, loss, x, y):
    best, best_loss = 0, float("inf")
    for i, f in enumerate(functions):
        current = loss(y, f(x))
        if current < best_loss:
            best, best_loss = i, current
    return best
''',
            "min over the indices with a key": '''\
def pick_best(functions, loss, x, y):
    return min(range(len(functions)), key=lambda i: loss(y, functions[i](x)))
''',
            "list.index of the smallest loss": '''\
def pick_best(functions, loss, x, y):
    losses = [float(loss(y, f(x))) for f in functions]
    return losses.index(min(losses))
''',
        },
        "wrong": {
            "argmax instead of argmin": '''\
def pick_best(functions, loss, x, y):
    return int(np.argmax([loss(y, f(x)) for f in functions]))
''',
            "loss(f(x), y): predictions first": '''\
def pick_best(functions, loss, x, y):
    return int(np.argmin([loss(f(x), y) for f in functions]))
''',
            "<= keeps the last of equally good functions": '''\
def pick_best(functions, loss, x, y):
    best, best_loss = 0, float("inf")
    for i, f in enumerate(functions):
        if loss(y, f(x)) <= best_loss:
            best, best_loss = i, loss(y, f(x))
    return best
''',
            "counts from 1": '''\
def pick_best(functions, loss, x, y):
    return int(np.argmin([loss(y, f(x)) for f in functions])) + 1
''',
            "returns the function, not its index": '''\
def pick_best(functions, loss, x, y):
    return functions[int(np.argmin([loss(y, f(x)) for f in functions]))]
''',
        },
    },
}
