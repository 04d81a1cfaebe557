"""Answer bank, Day 04: a stable softmax, the mean cross-entropy from logits, and one SGD step predicted."""

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
    "day04_sgd_step_prediction": {
        "correct": {
            "math, np.roots of the cubic in p": '''\
import math


def logit_after_step(z0, x, lr, loss):
    """The logit w*x + b of a sigmoid neuron after one SGD step on (x, label 1)."""
    p = 1 / (1 + math.exp(-z0))
    if loss == "mse":
        grad_z = 2 * (p - 1) * p * (1 - p)
    elif loss == "binary_crossentropy":
        grad_z = p - 1
    else:
        raise ValueError(loss)
    grad_w, grad_b = grad_z * x, grad_z  # z = w*x + b
    return z0 - lr * grad_w * x - lr * grad_b


def mse_stuck_below(eps):
    """The logit z* < 0 below which MSE's gradient (label 1) is smaller than eps."""
    # 2 p (1 - p)**2 = eps  <=>  2 p**3 - 4 p**2 + 2 p - eps = 0; the small root, below p = 1/3
    roots = np.roots([2.0, -4.0, 2.0, -eps])
    p = min(r.real for r in roots if abs(r.imag) < 1e-12 and 0 < r.real < 1 / 3)
    return math.log(p / (1 - p))
''',
            "a neuron with w = 0, b = z0, stepped for real; bisection on p": '''\
def logit_after_step(z0, x, lr, loss):
    """The logit w*x + b of a sigmoid neuron after one SGD step on (x, label 1)."""
    w, b = 0.0, z0  # any w, b with w*x + b = z0 will do
    p = sigmoid(w * x + b)
    dL_dp = 2 * (p - 1) if loss == "mse" else -1 / p
    dL_dz = dL_dp * p * (1 - p)
    w, b = w - lr * dL_dz * x, b - lr * dL_dz
    return float(w * x + b)


def mse_stuck_below(eps):
    """The logit z* < 0 below which MSE's gradient (label 1) is smaller than eps."""
    lo, hi = 0.0, 1 / 3  # 2 p (1 - p)**2 rises from 0 to its maximum 8/27 at p = 1/3
    while hi - lo > 1e-15:
        mid = (lo + hi) / 2
        if 2 * mid * (1 - mid) ** 2 < eps:
            lo = mid
        else:
            hi = mid
    p = (lo + hi) / 2
    return float(np.log(p) - np.log1p(-p))
''',
            "a dict of gradients; Newton's method on z": '''\
GRAD_Z = {  # dL/dz for label 1, as functions of p = sigmoid(z)
    "mse": lambda p: 2 * (p - 1) * p * (1 - p),
    "binary_crossentropy": lambda p: p - 1,
}


def logit_after_step(z0, x, lr, loss):
    """The logit w*x + b of a sigmoid neuron after one SGD step on (x, label 1)."""
    step = lr * GRAD_Z[loss](sigmoid(np.float64(z0)))
    return z0 - step * x * x - step


def mse_stuck_below(eps):
    """The logit z* < 0 below which MSE's gradient (label 1) is smaller than eps."""
    z = np.log(eps / 2)  # the far-left approximation 2 e**z as the start
    for _ in range(100):
        p = sigmoid(z)
        g = 2 * p * (1 - p) ** 2
        dg = 2 * p * (1 - p) ** 2 * (1 - 3 * p)  # d/dz of 2 p (1 - p)**2, since dp/dz = p (1 - p)
        z = min(z - (g - eps) / dg, -0.7)  # stay left of the maximum at z = -log 2
    return z
''',
        },
        "wrong": {
            "forgets the bias: only w moves": '''\
def logit_after_step(z0, x, lr, loss):
    """The logit w*x + b of a sigmoid neuron after one SGD step on (x, label 1)."""
    p = sigmoid(z0)
    dz = 2 * (p - 1) * p * (1 - p) if loss == "mse" else p - 1
    return z0 - lr * dz * x**2


def mse_stuck_below(eps):
    """The logit z* < 0 below which MSE's gradient (label 1) is smaller than eps."""
    lo, hi = -60.0, -np.log(2.0)
    for _ in range(200):
        mid = (lo + hi) / 2
        p = 1 / (1 + np.exp(-mid))
        if 2 * p * (1 - p) ** 2 < eps:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2
''',
            "moves the logit itself by -lr * dL/dz": '''\
def logit_after_step(z0, x, lr, loss):
    """The logit w*x + b of a sigmoid neuron after one SGD step on (x, label 1)."""
    p = sigmoid(z0)
    dz = 2 * (p - 1) * p * (1 - p) if loss == "mse" else p - 1
    return z0 - lr * dz


def mse_stuck_below(eps):
    """The logit z* < 0 below which MSE's gradient (label 1) is smaller than eps."""
    lo, hi = -60.0, -np.log(2.0)
    for _ in range(200):
        mid = (lo + hi) / 2
        p = 1 / (1 + np.exp(-mid))
        if 2 * p * (1 - p) ** 2 < eps:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2
''',
            "MSE's gradient without the sigmoid's slope, 2 (p - 1)": '''\
def logit_after_step(z0, x, lr, loss):
    """The logit w*x + b of a sigmoid neuron after one SGD step on (x, label 1)."""
    p = sigmoid(z0)
    dz = 2 * (p - 1) if loss == "mse" else p - 1
    return z0 - lr * dz * (x**2 + 1)


def mse_stuck_below(eps):
    """The logit z* < 0 below which MSE's gradient (label 1) is smaller than eps."""
    lo, hi = -60.0, -np.log(2.0)
    for _ in range(200):
        mid = (lo + hi) / 2
        p = 1 / (1 + np.exp(-mid))
        if 2 * p * (1 - p) ** 2 < eps:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2
''',
            "cross-entropy's gradient with the sigmoid's slope, (p - 1) p (1 - p)": '''\
def logit_after_step(z0, x, lr, loss):
    """The logit w*x + b of a sigmoid neuron after one SGD step on (x, label 1)."""
    p = sigmoid(z0)
    dz = 2 * (p - 1) * p * (1 - p) if loss == "mse" else (p - 1) * p * (1 - p)
    return z0 - lr * dz * (x**2 + 1)


def mse_stuck_below(eps):
    """The logit z* < 0 below which MSE's gradient (label 1) is smaller than eps."""
    lo, hi = -60.0, -np.log(2.0)
    for _ in range(200):
        mid = (lo + hi) / 2
        p = 1 / (1 + np.exp(-mid))
        if 2 * p * (1 - p) ** 2 < eps:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2
''',
            "multiplies by x + 1 instead of x**2 + 1 (dL/dw taken as dL/dz)": '''\
def logit_after_step(z0, x, lr, loss):
    """The logit w*x + b of a sigmoid neuron after one SGD step on (x, label 1)."""
    p = sigmoid(z0)
    dz = 2 * (p - 1) * p * (1 - p) if loss == "mse" else p - 1
    w_step, b_step = lr * dz, lr * dz
    return z0 - w_step * x - b_step


def mse_stuck_below(eps):
    """The logit z* < 0 below which MSE's gradient (label 1) is smaller than eps."""
    lo, hi = -60.0, -np.log(2.0)
    for _ in range(200):
        mid = (lo + hi) / 2
        p = 1 / (1 + np.exp(-mid))
        if 2 * p * (1 - p) ** 2 < eps:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2
''',
            "z* from the approximation 2 e^z": '''\
def logit_after_step(z0, x, lr, loss):
    """The logit w*x + b of a sigmoid neuron after one SGD step on (x, label 1)."""
    p = sigmoid(z0)
    dz = 2 * (p - 1) * p * (1 - p) if loss == "mse" else p - 1
    return z0 - lr * dz * (x**2 + 1)


def mse_stuck_below(eps):
    """The logit z* < 0 below which MSE's gradient (label 1) is smaller than eps."""
    return float(np.log(eps / 2))  # 2 p (1 - p)**2 is about 2 e**z for very negative z
''',
            "z* without MSE's factor 2": '''\
def logit_after_step(z0, x, lr, loss):
    """The logit w*x + b of a sigmoid neuron after one SGD step on (x, label 1)."""
    p = sigmoid(z0)
    dz = 2 * (p - 1) * p * (1 - p) if loss == "mse" else p - 1
    return z0 - lr * dz * (x**2 + 1)


def mse_stuck_below(eps):
    """The logit z* < 0 below which MSE's gradient (label 1) is smaller than eps."""
    lo, hi = -60.0, -np.log(2.0)
    for _ in range(200):
        mid = (lo + hi) / 2
        p = sigmoid(mid)
        if p * (1 - p) ** 2 < eps:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2
''',
        },
    },
}
