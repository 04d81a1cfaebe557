"""Answer bank, Day 08: early stopping by hand, one SGD step under L1/L2, the part validation_split holds out."""

NOTEBOOK = "Day08_overfitting_early_stopping_regularization.ipynb"

BANK = {
    "day08_early_stopping": {
        "correct": {
            "epochs since the best, no counter": '''\
def early_stopping_epochs(val_losses, patience):
    """(stop_epoch, best_epoch), both counted from 1."""
    best_epoch = 1
    for epoch in range(2, len(val_losses) + 1):
        if val_losses[epoch - 1] < val_losses[best_epoch - 1]:
            best_epoch = epoch
        elif epoch - best_epoch >= patience:
            return (epoch, best_epoch)
    return (len(val_losses), best_epoch)
''',
            "np.inf as the first best, 0-based inside": '''\
def early_stopping_epochs(val_losses, patience):
    """(stop_epoch, best_epoch), both counted from 1."""
    losses = np.asarray(val_losses, dtype=float)
    best, best_i = np.inf, 0
    for i, loss in enumerate(losses):
        if loss < best:
            best, best_i = loss, i
        if i - best_i >= patience:
            return i + 1, best_i + 1
    return len(losses), best_i + 1
''',
            "running minimum with NumPy (returns NumPy ints)": '''\
def early_stopping_epochs(val_losses, patience):
    """(stop_epoch, best_epoch), both counted from 1."""
    losses = np.asarray(val_losses, dtype=float)
    best_before = np.concatenate([[np.inf], np.minimum.accumulate(losses)[:-1]])
    improved = np.flatnonzero(losses < best_before)          # 0-based epochs that improve
    for i in range(len(losses)):
        last = improved[improved <= i].max()
        if i - last >= patience:
            return i + 1, last + 1
    return len(losses), improved.max() + 1
''',
        },
        "wrong": {
            "a tie counts as an improvement (<=)": '''\
def early_stopping_epochs(val_losses, patience):
    """(stop_epoch, best_epoch), both counted from 1."""
    best, best_epoch, wait = None, 0, 0
    for epoch, loss in enumerate(val_losses, start=1):
        if best is None or loss <= best:
            best, best_epoch, wait = loss, epoch, 0
            continue
        wait += 1
        if wait >= patience:
            return epoch, best_epoch
    return len(val_losses), best_epoch
''',
            "compares with the previous epoch, not the best": '''\
def early_stopping_epochs(val_losses, patience):
    """(stop_epoch, best_epoch), both counted from 1."""
    wait, best_epoch = 0, 1
    for epoch in range(2, len(val_losses) + 1):
        if val_losses[epoch - 1] < val_losses[epoch - 2]:
            wait, best_epoch = 0, epoch
        else:
            wait += 1
            if wait >= patience:
                return epoch, best_epoch
    return len(val_losses), best_epoch
''',
            "stops one epoch late (wait > patience)": '''\
def early_stopping_epochs(val_losses, patience):
    """(stop_epoch, best_epoch), both counted from 1."""
    best, best_epoch, wait = float("inf"), 0, 0
    for epoch, loss in enumerate(val_losses, start=1):
        if loss < best:
            best, best_epoch, wait = loss, epoch, 0
        else:
            wait += 1
            if wait > patience:
                return epoch, best_epoch
    return len(val_losses), best_epoch
''',
            "best epoch = lowest loss of the whole list": '''\
def early_stopping_epochs(val_losses, patience):
    """(stop_epoch, best_epoch), both counted from 1."""
    best, wait, stop = float("inf"), 0, len(val_losses)
    for epoch, loss in enumerate(val_losses, start=1):
        if loss < best:
            best, wait = loss, 0
        else:
            wait += 1
            if wait >= patience:
                stop = epoch
                break
    return stop, int(np.argmin(val_losses)) + 1
''',
        },
    },
    "day08_l2_step": {
        "correct": {
            "the derivative of each penalty, vectorised": '''\
def kernel_after_step(w, grad, lr, l1=0.0, l2=0.0):
    """The kernel after one SGD step with L1L2(l1, l2) on it; `grad` is the data loss's gradient."""
    return w - lr * (grad + l1 * np.sign(w) + 2 * l2 * w)
''',
            "weight decay written as a shrink factor, lists accepted": '''\
def kernel_after_step(w, grad, lr, l1=0.0, l2=0.0):
    w = np.array(w, dtype=float)
    g = np.array(grad, dtype=float)
    shrunk = w * (1 - 2 * lr * l2)          # d(l2 * w**2)/dw = 2 * l2 * w
    return shrunk - lr * g - lr * l1 * np.where(w > 0, 1.0, -1.0)
''',
            "element by element": '''\
def kernel_after_step(w, grad, lr, l1=0.0, l2=0.0):
    out = np.empty(np.shape(w))
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            wij = float(w[i][j])
            total_grad = float(grad[i][j]) + l1 * (1 if wij > 0 else -1) + 2 * l2 * wij
            out[i, j] = wij - lr * total_grad
    return out
''',
        },
        "wrong": {
            "l2 * w: the penalty taken as (l2 / 2) * w**2": '''\
def kernel_after_step(w, grad, lr, l1=0.0, l2=0.0):
    return w - lr * (grad + l1 * np.sign(w) + l2 * w)
''',
            "the penalty's gradient not scaled by the learning rate": '''\
def kernel_after_step(w, grad, lr, l1=0.0, l2=0.0):
    return w - lr * grad - (l1 * np.sign(w) + 2 * l2 * w)
''',
            "L1's gradient taken as l1 * w (no sign)": '''\
def kernel_after_step(w, grad, lr, l1=0.0, l2=0.0):
    return w - lr * (grad + l1 * w + 2 * l2 * w)
''',
            "the penalty added to the weights, not its gradient": '''\
def kernel_after_step(w, grad, lr, l1=0.0, l2=0.0):
    w = np.asarray(w, dtype=float)
    return w - lr * grad - lr * (l1 * np.abs(w).sum() + l2 * np.square(w).sum())
''',
            "the penalty pushes the weights away from 0 (sign flipped)": '''\
def kernel_after_step(w, grad, lr, l1=0.0, l2=0.0):
    return w - lr * grad + lr * (l1 * np.sign(w) + 2 * l2 * w)
''',
        },
    },
    "day08_validation_part": {
        "correct": {
            "Keras's own rule: floor of the training share": '''\
def validation_part(x, y, validation_split):
    split_at = int(np.floor(len(x) * (1.0 - validation_split)))
    return x[split_at:], y[split_at:]
''',
            "the last ceil(n * split) examples": '''\
import math


def validation_part(x, y, validation_split):
    k = math.ceil(len(x) * validation_split)
    return x[len(x) - k:], y[len(y) - k:]
''',
            "as lists, in a loop": '''\
def validation_part(x, y, validation_split):
    n = len(x)
    start = int(n * (1 - validation_split))
    xs, ys = [], []
    for i in range(start, n):
        xs.append(x[i])
        ys.append(y[i])
    return xs, ys
''',
        },
        "wrong": {
            "the first part, not the last": '''\
import math


def validation_part(x, y, validation_split):
    k = math.ceil(len(x) * validation_split)
    return x[:k], y[:k]
''',
            "int(n * split) examples from the end (one too few when n * split is not whole)": '''\
def validation_part(x, y, validation_split):
    k = int(len(x) * validation_split)
    return x[-k:], y[-k:]
''',
            "a random part, as if fit shuffled first": '''\
def validation_part(x, y, validation_split):
    rng = np.random.default_rng(0)
    idx = rng.permutation(len(x))
    k = int(round(len(x) * validation_split))
    return x[idx[-k:]], y[idx[-k:]]
''',
            "round(n * split) from the end": '''\
def validation_part(x, y, validation_split):
    k = round(len(x) * validation_split)
    return x[len(x) - k:], y[len(y) - k:]
''',
        },
    },
}
