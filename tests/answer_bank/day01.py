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
}
