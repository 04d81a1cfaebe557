"""Answer bank, Day 08: early stopping by hand, the L1/L2 penalty Keras adds."""

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
    "day08_penalty": {
        "correct": {
            "a loop, Python float": '''\
def penalty(kernels, l1=0.0, l2=0.0):
    """l1 * sum |w| + l2 * sum w**2 over all matrices in `kernels`."""
    total = 0.0
    for k in kernels:
        total += l1 * np.sum(np.abs(k)) + l2 * np.sum(k ** 2)
    return total
''',
            "squared Frobenius norm": '''\
def penalty(kernels, l1=0.0, l2=0.0):
    """l1 * sum |w| + l2 * sum w**2 over all matrices in `kernels`."""
    return sum(l1 * np.abs(k).sum() + l2 * np.linalg.norm(k) ** 2 for k in kernels)
''',
            "all weights in one vector": '''\
def penalty(kernels, l1=0.0, l2=0.0):
    """l1 * sum |w| + l2 * sum w**2 over all matrices in `kernels`."""
    w = np.concatenate([np.ravel(k) for k in kernels]).astype(np.float64)
    return l1 * np.abs(w).sum() + l2 * (w @ w)
''',
        },
        "wrong": {
            "half the L2 term (the textbook's lambda / 2)": '''\
def penalty(kernels, l1=0.0, l2=0.0):
    """l1 * sum |w| + l2 * sum w**2 over all matrices in `kernels`."""
    return float(sum(l1 * np.abs(k).sum() + 0.5 * l2 * np.square(k).sum() for k in kernels))
''',
            "only one of the two penalties": '''\
def penalty(kernels, l1=0.0, l2=0.0):
    """l1 * sum |w| + l2 * sum w**2 over all matrices in `kernels`."""
    if l2:
        return float(sum(l2 * np.square(k).sum() for k in kernels))
    return float(sum(l1 * np.abs(k).sum() for k in kernels))
''',
            "matrix 1-norm instead of sum |w|": '''\
def penalty(kernels, l1=0.0, l2=0.0):
    """l1 * sum |w| + l2 * sum w**2 over all matrices in `kernels`."""
    return float(sum(l1 * np.linalg.norm(k, 1) + l2 * np.linalg.norm(k) ** 2 for k in kernels))
''',
            "mean instead of sum": '''\
def penalty(kernels, l1=0.0, l2=0.0):
    """l1 * sum |w| + l2 * sum w**2 over all matrices in `kernels`."""
    return float(sum(l1 * np.abs(k).mean() + l2 * np.square(k).mean() for k in kernels))
''',
        },
    },
}
