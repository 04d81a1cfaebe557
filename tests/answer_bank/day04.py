"""Answer bank, Day 04: a stable softmax and the mean cross-entropy from logits."""

NOTEBOOK = "Day04_neurons_activations_losses.ipynb"

BANK = {
    "day04_stable_softmax": {
        "correct": {
            "row by row in a loop": '''\
def stable_softmax(z):
    """Softmax over the last axis of z (1-D or 2-D), without overflow."""
    z = np.asarray(z, dtype=float)
    rows = np.atleast_2d(z)
    out = np.empty_like(rows)
    for i, row in enumerate(rows):
        e = np.exp(row - np.max(row))
        out[i] = e / np.sum(e)
    return out.reshape(z.shape)
''',
            "log-sum-exp, then exp": '''\
def stable_softmax(z):
    """Softmax over the last axis of z (1-D or 2-D), without overflow."""
    m = np.max(z, axis=-1, keepdims=True)
    log_sum = m + np.log(np.sum(np.exp(z - m), axis=-1, keepdims=True))
    return np.exp(z - log_sum)
''',
            "in place on a copy": '''\
def stable_softmax(z):
    """Softmax over the last axis of z (1-D or 2-D), without overflow."""
    out = np.array(z, dtype=np.float64)  # a copy: the caller's z stays as it was
    out -= out.max(axis=-1, keepdims=True)
    np.exp(out, out=out)
    out /= out.sum(axis=-1, keepdims=True)
    return out
''',
            "np.apply_along_axis": '''\
def _softmax_1d(v):
    e = np.exp(v - v.max())
    return e / e.sum()


def stable_softmax(z):
    """Softmax over the last axis of z (1-D or 2-D), without overflow."""
    return np.apply_along_axis(_softmax_1d, -1, np.asarray(z, dtype=float))
''',
        },
        "wrong": {
            "the maximum over the whole batch, not each row": '''\
def stable_softmax(z):
    """Softmax over the last axis of z (1-D or 2-D), without overflow."""
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max())
    return e / e.sum(axis=-1, keepdims=True)
''',
            "subtracts the smallest logit instead of the largest": '''\
def stable_softmax(z):
    """Softmax over the last axis of z (1-D or 2-D), without overflow."""
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.min(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)
''',
            "shifts the caller's array in place": '''\
def stable_softmax(z):
    """Softmax over the last axis of z (1-D or 2-D), without overflow."""
    z -= z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)
''',
            "no shift at all (the naive formula)": '''\
def stable_softmax(z):
    """Softmax over the last axis of z (1-D or 2-D), without overflow."""
    e = np.exp(np.asarray(z, dtype=float))
    return e / e.sum(axis=-1, keepdims=True)
''',
            "divides by the sum of the whole batch": '''\
def stable_softmax(z):
    """Softmax over the last axis of z (1-D or 2-D), without overflow."""
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum()
''',
        },
    },
    "day04_cross_entropy": {
        "correct": {
            "one-hot matrix from np.eye": '''\
def cross_entropy_from_logits(logits, labels):
    """Mean over the batch of -log softmax(logits)[label]."""
    z = np.asarray(logits, dtype=float)
    onehot = np.eye(z.shape[1])[np.asarray(labels)]
    c = z.max(axis=1, keepdims=True)
    log_probs = z - c - np.log(np.sum(np.exp(z - c), axis=1, keepdims=True))
    return -np.sum(onehot * log_probs) / len(z)
''',
            "a loop over the rows with math": '''\
import math


def cross_entropy_from_logits(logits, labels):
    """Mean over the batch of -log softmax(logits)[label]."""
    total = 0.0
    for row, label in zip(logits, labels):
        c = max(row)
        log_sum = c + math.log(sum(math.exp(v - c) for v in row))
        total += log_sum - row[label]
    return total / len(labels)
''',
            "np.take_along_axis and np.logaddexp.reduce": '''\
def cross_entropy_from_logits(logits, labels):
    """Mean over the batch of -log softmax(logits)[label]."""
    labels = np.asarray(labels).reshape(-1, 1)
    log_norm = np.logaddexp.reduce(logits, axis=1, keepdims=True)  # stable log-sum-exp
    picked = np.take_along_axis(logits - log_norm, labels, axis=1)
    return -picked.mean()
''',
        },
        "wrong": {
            "the maximum over the whole batch, not each row": '''\
def cross_entropy_from_logits(logits, labels):
    """Mean over the batch of -log softmax(logits)[label]."""
    logits = np.asarray(logits, dtype=float)
    shifted = logits - logits.max()
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return float(-log_probs[np.arange(len(logits)), labels].mean())
''',
            "np.log of the stable softmax": '''\
def cross_entropy_from_logits(logits, labels):
    """Mean over the batch of -log softmax(logits)[label]."""
    probs = stable_softmax(np.asarray(logits, dtype=float))
    return float(-np.log(probs[np.arange(len(probs)), labels]).mean())
''',
            "sums over the batch instead of the mean": '''\
def cross_entropy_from_logits(logits, labels):
    """Mean over the batch of -log softmax(logits)[label]."""
    logits = np.asarray(logits, dtype=float)
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return float(-log_probs[np.arange(len(logits)), labels].sum())
''',
            "indexes [:, labels] (every row with every label)": '''\
def cross_entropy_from_logits(logits, labels):
    """Mean over the batch of -log softmax(logits)[label]."""
    logits = np.asarray(logits, dtype=float)
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return float(-log_probs[:, labels].mean())
''',
            "forgets to subtract c outside the log": '''\
def cross_entropy_from_logits(logits, labels):
    """Mean over the batch of -log softmax(logits)[label]."""
    logits = np.asarray(logits, dtype=float)
    c = logits.max(axis=1, keepdims=True)
    log_probs = logits - np.log(np.exp(logits - c).sum(axis=1, keepdims=True))
    return float(-log_probs[np.arange(len(logits)), labels].mean())
''',
        },
    },
}
