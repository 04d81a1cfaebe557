"""Answer bank, Day 01: answers students would write, right and wrong (see bank.py)."""

NOTEBOOK = "Day01_machine_learning_basics.ipynb"

BANK = {
    "day01_closed_form": {
        "correct": {
            "vectorised, np.asarray first": '''\
def fit_line(x, y):
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    a = np.sum((x - x.mean()) * (y - y.mean())) / np.sum((x - x.mean()) ** 2)
    return a, y.mean() - a * x.mean()
''',
            "plain Python loops": '''\
def fit_line(x, y):
    n = len(x)
    mx, my = sum(x) / n, sum(y) / n
    num = sum((xi - mx) * (yi - my) for xi, yi in zip(x, y))
    den = sum((xi - mx) ** 2 for xi in x)
    a = num / den
    return (a, my - a * mx)
''',
            "means of products (the shortcut formula)": '''\
def fit_line(x, y):
    x = np.array(x, dtype=float)
    y = np.array(y, dtype=float)
    a = (np.mean(x * y) - x.mean() * y.mean()) / (np.mean(x ** 2) - x.mean() ** 2)
    b = y.mean() - a * x.mean()
    return a, b
''',
            "np.cov for both (the same n - 1 cancels)": '''\
def fit_line(x, y):
    c = np.cov(x, y)
    a = c[0, 1] / c[0, 0]
    return a, np.mean(y) - a * np.mean(x)
''',
        },
        "wrong": {
            "intercept from the wrong mean": '''\
def fit_line(x, y):
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    a = np.sum((x - x.mean()) * (y - y.mean())) / np.sum((x - x.mean()) ** 2)
    return a, y.mean() - a * y.mean()
''',
            "slope and intercept swapped": '''\
def fit_line(x, y):
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    a = np.sum((x - x.mean()) * (y - y.mean())) / np.sum((x - x.mean()) ** 2)
    return y.mean() - a * x.mean(), a
''',
            "denominator not centred": '''\
def fit_line(x, y):
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    a = np.sum((x - x.mean()) * (y - y.mean())) / np.sum(x ** 2)
    return a, y.mean() - a * x.mean()
''',
            "np.cov (n - 1) over np.var (n)": '''\
def fit_line(x, y):
    a = np.cov(x, y)[0, 1] / np.var(x)
    return a, np.mean(y) - a * np.mean(x)
''',
            "x - x.mean() (fails on Python lists)": '''\
def fit_line(x, y):
    dx, dy = x - x.mean(), y - y.mean()
    a = (dx * dy).sum() / (dx ** 2).sum()
    return a, y.mean() - a * x.mean()
''',
            "uses the notebook's IQ table, not its arguments": '''\
def fit_line(xs, ys):
    dx, dy = x - x.mean(), y - y.mean()
    a = np.sum(dx * dy) / np.sum(dx ** 2)
    return a, y.mean() - a * x.mean()
''',
        },
    },
    "day01_mae_gradient": {
        "correct": {
            "a loop over the points": '''\
def mae_gradient(a, b, x, y):
    ga = gb = 0.0
    for xi, yi in zip(x, y):
        r = a * xi + b - yi
        s = 1.0 if r > 0 else (-1.0 if r < 0 else 0.0)
        ga += s * xi
        gb += s
    return np.array([ga / len(x), gb / len(x)])
''',
            "one matrix product with a column of ones": '''\
def mae_gradient(a, b, x, y):
    A = np.column_stack([x, np.ones(len(x))])
    s = np.sign(A @ np.array([a, b]) - y)
    return A.T @ s / len(y)
''',
            "r / |r| with 0 where r = 0": '''\
def mae_gradient(a, b, x, y):
    r = a * x + b - y
    s = np.divide(r, np.abs(r), out=np.zeros_like(r, dtype=float), where=r != 0)
    return np.array([np.mean(s * x), np.mean(s)])
''',
        },
        "wrong": {
            "sum instead of mean": '''\
def mae_gradient(a, b, x, y):
    s = np.sign(a * x + b - y)
    return np.array([np.sum(s * x), np.sum(s)])
''',
            "the residual the other way round (y - prediction)": '''\
def mae_gradient(a, b, x, y):
    s = np.sign(y - (a * x + b))
    return np.array([np.mean(s * x), np.mean(s)])
''',
            "the MSE's gradient": '''\
def mae_gradient(a, b, x, y):
    r = a * x + b - y
    return np.array([2 * np.mean(r * x), 2 * np.mean(r)])
''',
            "sign 0 taken as -1 (np.where(r > 0, 1, -1))": '''\
def mae_gradient(a, b, x, y):
    s = np.where(a * x + b - y > 0, 1.0, -1.0)
    return np.array([np.mean(s * x), np.mean(s)])
''',
            "forgets the x in d/da": '''\
def mae_gradient(a, b, x, y):
    s = np.sign(a * x + b - y)
    return np.array([np.mean(s), np.mean(s)])
''',
        },
    },
    "day01_max_stable_lr": {
        "correct": {
            "eigh of the Hessian, as in section 4b": """\
def max_stable_lr(x, momentum=0.0):
    A = np.column_stack([x, np.ones_like(x)])
    H = 2 * A.T @ A / len(x)
    lam, _ = np.linalg.eigh(H)
    return 2 * (1 + momentum) / lam[1]
""",
            "the 2x2 eigenvalue formula from the trace and determinant": """\
def max_stable_lr(x, momentum=0.0):
    n = len(x)
    sxx, sx = sum(v * v for v in x), sum(x)
    h11, h12, h22 = 2 * sxx / n, 2 * sx / n, 2.0
    tr, det = h11 + h22, h11 * h22 - h12 ** 2
    lam_max = (tr + np.sqrt(max(tr * tr - 4 * det, 0.0))) / 2
    return 2 * (1 + momentum) / lam_max
""",
            "found by experiment: bisection with its own gradient descent": """\
def max_stable_lr(x, momentum=0.0):
    x = np.asarray(x, dtype=float)
    A = np.column_stack([x, np.ones_like(x)])
    y_try = np.ones_like(x)  # any targets will do

    def diverges(lr):
        theta, v = np.zeros(2), np.zeros(2)
        with np.errstate(over="ignore", invalid="ignore"):
            for _ in range(1000):
                v = momentum * v - lr * 2 * A.T @ (A @ theta - y_try) / len(x)
                theta = theta + v
            loss = np.mean((A @ theta - y_try) ** 2)
        return not np.isfinite(loss) or loss > 1e3

    hi = 1.0
    while not diverges(hi):
        hi *= 2
    while diverges(hi / 2):
        hi /= 2
    lo = hi / 2
    for _ in range(30):
        mid = (lo + hi) / 2
        if diverges(mid):
            hi = mid
        else:
            lo = mid
    return (lo + hi) / 2
""",
        },
        "wrong": {
            "1 / lambda_max (forgets the 2)": """\
def max_stable_lr(x, momentum=0.0):
    A = np.column_stack([x, np.ones_like(x)])
    return (1 + momentum) / np.linalg.eigvalsh(2 * A.T @ A / len(x))[-1]
""",
            "ignores the momentum": """\
def max_stable_lr(x, momentum=0.0):
    A = np.column_stack([x, np.ones_like(x)])
    return 2 / np.linalg.eigvalsh(2 * A.T @ A / len(x))[-1]
""",
            "momentum as a learning rate eta / (1 - r): 2 (1 - r) / lambda_max": """\
def max_stable_lr(x, momentum=0.0):
    A = np.column_stack([x, np.ones_like(x)])
    return 2 * (1 - momentum) / np.linalg.eigvalsh(2 * A.T @ A / len(x))[-1]
""",
            "eigenvalues of A^T A without the factor 2/n": """\
def max_stable_lr(x, momentum=0.0):
    A = np.column_stack([x, np.ones_like(x)])
    return 2 * (1 + momentum) / np.linalg.eigvalsh(A.T @ A)[-1]
""",
            "the variance of x instead of the Hessian (forgets the column of ones)": """\
def max_stable_lr(x, momentum=0.0):
    return 2 * (1 + momentum) / (2 * np.var(x))
""",
            "the notebook's IQ table instead of its argument": """\
def max_stable_lr(xs, momentum=0.0):
    A_iq = np.column_stack([x, np.ones_like(x)])
    H = 2 * A_iq.T @ A_iq / len(x)
    return 2 * (1 + momentum) / np.linalg.eigvalsh(H)[-1]
""",
        },
    },
}
