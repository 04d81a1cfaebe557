"""Answer bank, Day 09: inverted dropout and batch normalisation in NumPy."""

NOTEBOOK = "Day09_dropout_batchnorm.ipynb"

BANK = {
    "day09_inverted_dropout": {
        "correct": {
            "mask applied in place": '''\
def inverted_dropout(x, rate, rng):
    """Training-mode dropout as Keras does it."""
    if rate == 0:
        return x
    mask = rng.random(x.shape) >= rate
    x *= mask
    x /= 1 - rate
    return x
''',
            "a loop, one rng.random() per entry": '''\
def inverted_dropout(x, rate, rng):
    """Training-mode dropout as Keras does it."""
    flat = np.array(x, dtype=float).ravel()
    for i in range(flat.size):
        if rng.random() < rate:
            flat[i] = 0.0
        else:
            flat[i] = flat[i] / (1 - rate)
    return flat.reshape(np.shape(x))
''',
            "multiply by the keep mask, no special case for rate 0": '''\
def inverted_dropout(x, rate, rng):
    """Training-mode dropout as Keras does it."""
    keep_prob = 1.0 - rate
    keep = rng.random(size=np.shape(x)) > rate
    return x * keep / keep_prob
''',
        },
        "wrong": {
            "ignores rng (np.random.random)": '''\
def inverted_dropout(x, rate, rng):
    """Training-mode dropout as Keras does it."""
    if rate == 0:
        return x
    keep = np.random.random(x.shape) >= rate
    return np.where(keep, x / (1 - rate), 0.0)
''',
            "scales by (1 - rate), the paper's test-time factor": '''\
def inverted_dropout(x, rate, rng):
    """Training-mode dropout as Keras does it."""
    keep = rng.random(x.shape) >= rate
    return np.where(keep, x * (1 - rate), 0.0)
''',
            "keeps the entries where u < rate": '''\
def inverted_dropout(x, rate, rng):
    """Training-mode dropout as Keras does it."""
    if rate == 0:
        return x
    keep = rng.random(x.shape) < rate
    return np.where(keep, x / (1 - rate), 0.0)
''',
            "one number per row (drops whole rows)": '''\
def inverted_dropout(x, rate, rng):
    """Training-mode dropout as Keras does it."""
    if rate == 0:
        return x
    keep = rng.random((x.shape[0],) + (1,) * (x.ndim - 1)) >= rate
    return np.where(keep, x / (1 - rate), 0.0)
''',
        },
    },
    "day09_batchnorm": {
        "correct": {
            "keepdims and the mean of squares": '''\
def batchnorm_train(x, gamma, beta, eps=1e-3):
    """Batch normalisation of x (m, units) with the batch's own statistics."""
    mu = np.mean(x, axis=0, keepdims=True)
    sd = np.sqrt(np.mean((x - mu) ** 2, axis=0, keepdims=True) + eps)
    return gamma * ((x - mu) / sd) + beta
''',
            "a loop over the columns": '''\
def batchnorm_train(x, gamma, beta, eps=1e-3):
    """Batch normalisation of x (m, units) with the batch's own statistics."""
    m, units = x.shape
    out = np.empty((m, units))
    for j in range(units):
        col = [float(v) for v in x[:, j]]
        mu = sum(col) / m
        var = sum((c - mu) ** 2 for c in col) / m
        out[:, j] = [gamma[j] * (c - mu) / (var + eps) ** 0.5 + beta[j] for c in col]
    return out
''',
            "in place on x": '''\
def batchnorm_train(x, gamma, beta, eps=1e-3):
    """Batch normalisation of x (m, units) with the batch's own statistics."""
    x -= x.mean(axis=0)
    x /= np.sqrt((x ** 2).mean(axis=0) + eps)
    x *= gamma
    x += beta
    return x
''',
        },
        "wrong": {
            "eps outside the root (std + eps)": '''\
def batchnorm_train(x, gamma, beta, eps=1e-3):
    """Batch normalisation of x (m, units) with the batch's own statistics."""
    return gamma * (x - x.mean(axis=0)) / (x.std(axis=0) + eps) + beta
''',
            "unbiased variance (ddof=1)": '''\
def batchnorm_train(x, gamma, beta, eps=1e-3):
    """Batch normalisation of x (m, units) with the batch's own statistics."""
    return gamma * (x - x.mean(axis=0)) / np.sqrt(x.var(axis=0, ddof=1) + eps) + beta
''',
            "statistics of the whole batch, not per column": '''\
def batchnorm_train(x, gamma, beta, eps=1e-3):
    """Batch normalisation of x (m, units) with the batch's own statistics."""
    return gamma * (x - x.mean()) / np.sqrt(x.var() + eps) + beta
''',
            "standardises each row (axis=1)": '''\
def batchnorm_train(x, gamma, beta, eps=1e-3):
    """Batch normalisation of x (m, units) with the batch's own statistics."""
    mu = x.mean(axis=1, keepdims=True)
    var = x.var(axis=1, keepdims=True)
    return gamma * (x - mu) / np.sqrt(var + eps) + beta
''',
        },
    },
}
