"""Answer bank, Day 01 (pilot)."""

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
        },
    },
}
