"""Answer bank, Day 09: inverted dropout and batch normalisation in NumPy, predicting the moving averages."""

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
    "day09_bn_moving": {
        "correct": {
            'loops over units and rows, a while loop for (b)': '''\
def bn_predict(batches, momentum, x, eps=1e-3):
    """(moving_mean, moving_variance, inference output) of a fresh BatchNormalization after `batches`."""
    n, units = np.shape(x)
    moving_mean = [0.0] * units
    moving_var = [1.0] * units
    for batch in batches:
        m = len(batch)
        for j in range(units):
            col = [float(batch[i][j]) for i in range(m)]
            mu = sum(col) / m
            var = sum((c - mu) ** 2 for c in col) / m
            moving_mean[j] = momentum * moving_mean[j] + (1 - momentum) * mu
            moving_var[j] = momentum * moving_var[j] + (1 - momentum) * var
    out = np.zeros((n, units))
    for i in range(n):
        for j in range(units):
            out[i, j] = (x[i][j] - moving_mean[j]) / (moving_var[j] + eps) ** 0.5
    return np.array(moving_mean), np.array(moving_var), out


def batches_to_reach(momentum, fraction):
    """The first number of training calls after which the moving mean is at least `fraction` of the batch mean."""
    k, reached = 0, 0.0
    while True:
        k += 1
        reached = momentum * reached + (1 - momentum) * 1.0  # the moving mean of a batch of mean 1
        if reached >= fraction:
            return k
''',
            'closed form: weights momentum**(k-1-i), math.log': '''\
def bn_predict(batches, momentum, x, eps=1e-3):
    """(moving_mean, moving_variance, inference output) of a fresh BatchNormalization after `batches`."""
    k = len(batches)
    units = x.shape[1]
    if k == 0:
        mean, var = np.zeros(units), np.ones(units)
    else:
        w = (1 - momentum) * momentum ** np.arange(k - 1, -1, -1)   # the newest batch weighs most
        mean = sum(wi * b.mean(axis=0) for wi, b in zip(w, batches))
        var = momentum ** k * 1.0 + sum(wi * b.var(axis=0) for wi, b in zip(w, batches))
    return mean, var, (x - mean) / np.sqrt(var + eps)


def batches_to_reach(momentum, fraction):
    """The first number of training calls after which the moving mean is at least `fraction` of the batch mean."""
    import math
    return math.ceil(math.log(1 - fraction) / math.log(momentum))
''',
            'float32 in place, lists returned, (b) by counting powers': '''\
def bn_predict(batches, momentum, x, eps=1e-3):
    """(moving_mean, moving_variance, inference output) of a fresh BatchNormalization after `batches`."""
    units = x.shape[1]
    mm = np.zeros(units, dtype=np.float32)
    mv = np.ones(units, dtype=np.float32)
    for b in batches:
        mm *= momentum
        mm += (1 - momentum) * b.mean(axis=0)
        mv *= momentum
        mv += (1 - momentum) * ((b - b.mean(axis=0)) ** 2).mean(axis=0)
    x -= mm
    x /= np.sqrt(mv + eps)
    return list(mm), list(mv), x


def batches_to_reach(momentum, fraction):
    """The first number of training calls after which the moving mean is at least `fraction` of the batch mean."""
    k = 1
    while momentum ** k > 1 - fraction:
        k += 1
    return k
''',
        },
        "wrong": {
            "PyTorch's convention (momentum weighs the new batch)": '''\
def bn_predict(batches, momentum, x, eps=1e-3):
    """(moving_mean, moving_variance, inference output) of a fresh BatchNormalization after `batches`."""
    mean, var = np.zeros(x.shape[1]), np.ones(x.shape[1])
    for b in batches:
        mean = (1 - momentum) * mean + momentum * b.mean(axis=0)
        var = (1 - momentum) * var + momentum * b.var(axis=0)
    return mean, var, (x - mean) / np.sqrt(var + eps)


def batches_to_reach(momentum, fraction):
    """The first number of training calls after which the moving mean is at least `fraction` of the batch mean."""
    return int(np.ceil(np.log(1 - fraction) / np.log(momentum)))
''',
            'unbiased batch variance (ddof=1), as PyTorch keeps': '''\
def bn_predict(batches, momentum, x, eps=1e-3):
    """(moving_mean, moving_variance, inference output) of a fresh BatchNormalization after `batches`."""
    mean, var = np.zeros(x.shape[1]), np.ones(x.shape[1])
    for b in batches:
        mean = momentum * mean + (1 - momentum) * b.mean(axis=0)
        var = momentum * var + (1 - momentum) * b.var(axis=0, ddof=1)
    return mean, var, (x - mean) / np.sqrt(var + eps)


def batches_to_reach(momentum, fraction):
    """The first number of training calls after which the moving mean is at least `fraction` of the batch mean."""
    return int(np.ceil(np.log(1 - fraction) / np.log(momentum)))
''',
            "starts from the first batch's statistics": '''\
def bn_predict(batches, momentum, x, eps=1e-3):
    """(moving_mean, moving_variance, inference output) of a fresh BatchNormalization after `batches`."""
    if not batches:
        return np.zeros(x.shape[1]), np.ones(x.shape[1]), x / np.sqrt(1 + eps)
    mean, var = batches[0].mean(axis=0), batches[0].var(axis=0)
    for b in batches[1:]:
        mean = momentum * mean + (1 - momentum) * b.mean(axis=0)
        var = momentum * var + (1 - momentum) * b.var(axis=0)
    return mean, var, (x - mean) / np.sqrt(var + eps)


def batches_to_reach(momentum, fraction):
    """The first number of training calls after which the moving mean is at least `fraction` of the batch mean."""
    return int(np.ceil(np.log(1 - fraction) / np.log(momentum)))
''',
            'moving variance starts at 0': '''\
def bn_predict(batches, momentum, x, eps=1e-3):
    """(moving_mean, moving_variance, inference output) of a fresh BatchNormalization after `batches`."""
    mean, var = np.zeros(x.shape[1]), np.zeros(x.shape[1])
    for b in batches:
        mean = momentum * mean + (1 - momentum) * b.mean(axis=0)
        var = momentum * var + (1 - momentum) * b.var(axis=0)
    return mean, var, (x - mean) / np.sqrt(var + eps)


def batches_to_reach(momentum, fraction):
    """The first number of training calls after which the moving mean is at least `fraction` of the batch mean."""
    return int(np.ceil(np.log(1 - fraction) / np.log(momentum)))
''',
            "inference with x's own statistics": '''\
def bn_predict(batches, momentum, x, eps=1e-3):
    """(moving_mean, moving_variance, inference output) of a fresh BatchNormalization after `batches`."""
    mean, var = np.zeros(x.shape[1]), np.ones(x.shape[1])
    for b in batches:
        mean = momentum * mean + (1 - momentum) * b.mean(axis=0)
        var = momentum * var + (1 - momentum) * b.var(axis=0)
    return mean, var, (x - x.mean(axis=0)) / np.sqrt(x.var(axis=0) + eps)


def batches_to_reach(momentum, fraction):
    """The first number of training calls after which the moving mean is at least `fraction` of the batch mean."""
    return int(np.ceil(np.log(1 - fraction) / np.log(momentum)))
''',
            '(b) rounds down (int of the log ratio)': '''\
def bn_predict(batches, momentum, x, eps=1e-3):
    """(moving_mean, moving_variance, inference output) of a fresh BatchNormalization after `batches`."""
    x = np.asarray(x, dtype=np.float64)
    mean, var = np.zeros(x.shape[1]), np.ones(x.shape[1])
    for b in batches:
        b = np.asarray(b, dtype=np.float64)
        mean = momentum * mean + (1 - momentum) * b.mean(axis=0)
        var = momentum * var + (1 - momentum) * b.var(axis=0)
    return mean, var, (x - mean) / np.sqrt(var + eps)


def batches_to_reach(momentum, fraction):
    """The first number of training calls after which the moving mean is at least `fraction` of the batch mean."""
    return int(np.log(1 - fraction) / np.log(momentum))
''',
            '(b) linear: fraction / (1 - momentum) calls': '''\
def bn_predict(batches, momentum, x, eps=1e-3):
    """(moving_mean, moving_variance, inference output) of a fresh BatchNormalization after `batches`."""
    x = np.asarray(x, dtype=np.float64)
    mean, var = np.zeros(x.shape[1]), np.ones(x.shape[1])
    for b in batches:
        b = np.asarray(b, dtype=np.float64)
        mean = momentum * mean + (1 - momentum) * b.mean(axis=0)
        var = momentum * var + (1 - momentum) * b.var(axis=0)
    return mean, var, (x - mean) / np.sqrt(var + eps)


def batches_to_reach(momentum, fraction):
    """The first number of training calls after which the moving mean is at least `fraction` of the batch mean."""
    return int(np.ceil(fraction / (1 - momentum)))
''',
            '(b) log(fraction) / log(momentum)': '''\
def bn_predict(batches, momentum, x, eps=1e-3):
    """(moving_mean, moving_variance, inference output) of a fresh BatchNormalization after `batches`."""
    x = np.asarray(x, dtype=np.float64)
    mean, var = np.zeros(x.shape[1]), np.ones(x.shape[1])
    for b in batches:
        b = np.asarray(b, dtype=np.float64)
        mean = momentum * mean + (1 - momentum) * b.mean(axis=0)
        var = momentum * var + (1 - momentum) * b.var(axis=0)
    return mean, var, (x - mean) / np.sqrt(var + eps)


def batches_to_reach(momentum, fraction):
    """The first number of training calls after which the moving mean is at least `fraction` of the batch mean."""
    return int(np.ceil(np.log(fraction) / np.log(momentum)))
''',
        },
    },
}
