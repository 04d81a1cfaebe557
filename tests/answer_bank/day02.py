"""Answer bank, Day 02: answers students would write, right and wrong (see bank.py)."""

NOTEBOOK = "Day02_perceptron_logic_gates.ipynb"

PTS = '''WIDE_X = np.array([[0.9, 0.2], [1.7, 0.5], [2.3, 0.4], [0.7, 2.3], [2.8, 1.2], [2.4, 2.1]])
WIDE_Y = np.array([0, 0, 0, 1, 1, 1])

'''

BUG_RIGHT = '''def the_bug():
    return "label"


'''

CLASSMATE = '''def train_perceptron_fixed(X, y, lr=1.0, epochs=100):
    X1 = np.column_stack([X, np.ones(len(X))])
    theta = np.zeros(X1.shape[1])
    mistakes = []
    for _ in range(epochs):
        errors = 0
        for xi, yi in zip(X1, y, strict=True):
            if gates.step(xi @ theta) != yi:
                theta = theta + lr * UPDATE * xi
                errors += 1
        mistakes.append(errors)
        if errors == 0:
            break
    return theta[:-1], theta[-1], mistakes
'''


def FIX(update):  # noqa: N802 (the classmate's function with this update)
    return CLASSMATE.replace("UPDATE", update)


BANK = {
    "day02_widest_line": {
        "correct": {
            "a search over the angle of the normal": PTS + '''\
def widest_line():
    best_gap, best_w, best_b = -np.inf, None, None
    for t in np.linspace(0, 2 * np.pi, 3600, endpoint=False):
        u = np.array([np.cos(t), np.sin(t)])
        p = WIDE_X @ u
        low, high = p[WIDE_Y == 0].max(), p[WIDE_Y == 1].min()
        if high - low > best_gap:
            best_gap, best_w, best_b = high - low, u, -(low + high) / 2
    return best_w, best_b
''',
            "numbers worked out on paper, w as a list": PTS + '''\
def widest_line():
    # parallel to the edge (0.7, 2.3)-(2.8, 1.2), halfway to (2.3, 0.4)
    return [1.0, 1.9], -4.1
''',
            "a hard-margin SVM with scipy (minimise |w| with every margin >= 1)": PTS + '''\
from scipy.optimize import minimize


def widest_line():
    s = 2 * WIDE_Y - 1
    cons = [{"type": "ineq", "fun": lambda v, i=i: s[i] * (WIDE_X[i] @ v[:2] + v[2]) - 1} for i in range(len(s))]
    res = minimize(lambda v: v[0] ** 2 + v[1] ** 2, x0=np.array([1.0, 1.0, -3.0]), constraints=cons, method="SLSQP")
    return res.x[:2], res.x[2]
''',
        },
        "wrong": {
            "the perceptron's own line": PTS + '''\
def widest_line():
    w, b, _ = train_perceptron(WIDE_X, WIDE_Y, epochs=100)
    return w, b
''',
            "the perpendicular bisector of the two class means": PTS + '''\
def widest_line():
    m0, m1 = WIDE_X[WIDE_Y == 0].mean(axis=0), WIDE_X[WIDE_Y == 1].mean(axis=0)
    w = m1 - m0
    return w, -w @ (m0 + m1) / 2
''',
            "the perpendicular bisector of the closest pair of opposite classes": PTS + '''\
def widest_line():
    pairs = [(np.linalg.norm(p - q), p, q) for p in WIDE_X[WIDE_Y == 0] for q in WIDE_X[WIDE_Y == 1]]
    _, p, q = min(pairs, key=lambda t: t[0])
    w = q - p
    return w, -w @ (p + q) / 2
''',
            "a horizontal line halfway through the gap, by eye": PTS + '''\
def widest_line():
    return np.array([0.0, 1.0]), -0.85
''',
            "the widest line with the sides swapped": PTS + '''\
def widest_line():
    w = np.array([1.1, 2.1])
    return -w, w @ (WIDE_X[3] + WIDE_X[2]) / 2
''',
        },
    },
    "day02_fix_the_bug": {
        "correct": {
            "the error y - prediction in the update": BUG_RIGHT + FIX("(yi - gates.step(xi @ theta))"),
            "labels turned into +1 / -1": BUG_RIGHT + FIX("(2 * yi - 1)"),
            "section 3's rule, w and b apart": '''\
def the_bug():
    return "label"  # a missed 0 gives y = 0: no correction at all


def train_perceptron_fixed(X, y, lr=1.0, epochs=100):
    w, b, mistakes = np.zeros(X.shape[1]), 0.0, []
    for epoch in range(epochs):
        n_wrong = 0
        for i in range(len(X)):
            error = y[i] - (1 if X[i] @ w + b > 0 else 0)
            if error != 0:
                w = w + lr * error * X[i]
                b = b + lr * error
                n_wrong += 1
        mistakes.append(n_wrong)
        if n_wrong == 0:
            break
    return w, b, mistakes
''',
            "calls train_perceptron of section 3 with the arguments passed on": '''\
def the_bug():
    return "label"


def train_perceptron_fixed(X, y, lr=1.0, epochs=100):
    return train_perceptron(X, y, lr=lr, epochs=epochs)
''',
        },
        "wrong": {
            "the right fix, but names the bias": '''\
def the_bug():
    return "bias"


''' + FIX("(yi - gates.step(xi @ theta))"),
            "the bug left in": BUG_RIGHT + FIX("yi"),
            "the error the wrong way round (prediction - y)": BUG_RIGHT + FIX("(gates.step(xi @ theta) - yi)"),
            "+1 / -1 labels, but corrects after every example": BUG_RIGHT + '''\
def train_perceptron_fixed(X, y, lr=1.0, epochs=100):
    X1 = np.column_stack([X, np.ones(len(X))])
    theta = np.zeros(X1.shape[1])
    mistakes = []
    for _ in range(epochs):
        errors = 0
        for xi, yi in zip(X1, y, strict=True):
            errors += int(gates.step(xi @ theta) != yi)
            theta = theta + lr * (2 * yi - 1) * xi
        mistakes.append(errors)
        if errors == 0:
            break
    return theta[:-1], theta[-1], mistakes
''',
            "ignores the epochs argument (always 100)": BUG_RIGHT + FIX("(yi - gates.step(xi @ theta))").replace(
                "for _ in range(epochs):", "for _ in range(100):"),
            "calls train_perceptron with its default 20 epochs": '''\
def the_bug():
    return "label"


def train_perceptron_fixed(X, y, lr=1.0, epochs=100):
    return train_perceptron(X, y, lr)
''',
        },
    },
    "day02_separable": {
        "correct": {
            "min of the mistakes, a loop over the 16 gates": '''\
def is_linearly_separable(X, y):
    w, b, mistakes = train_perceptron(X, y, epochs=100)
    return min(mistakes) == 0


def separable_gates():
    result = []
    for ys in itertools.product((0, 1), repeat=4):
        if is_linearly_separable(gates.INPUTS, np.array(ys)):
            result.append(ys)
    return result
''',
            "0 in mistakes; lists of outputs, own input order": '''\
def is_linearly_separable(X, y):
    return 0 in train_perceptron(np.asarray(X, dtype=float), np.asarray(y), lr=1.0, epochs=100)[2]


def separable_gates():
    inputs = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    return [list(ys) for ys in itertools.product([0, 1], repeat=4) if is_linearly_separable(inputs, ys)]
''',
            "bool() of the last epoch's mistakes, gates as tuples": '''\
def is_linearly_separable(X, y):
    w, b, mistakes = train_perceptron(X, np.asarray(y), epochs=100)
    return bool(mistakes[-1] == 0)


def separable_gates():
    return [g for g in itertools.product((0, 1), repeat=4) if is_linearly_separable(gates.INPUTS, g)]
''',
        },
        "wrong": {
            "train_perceptron's default of 20 epochs": '''\
def is_linearly_separable(X, y):
    return train_perceptron(X, y)[2][-1] == 0


def separable_gates():
    return [ys for ys in itertools.product((0, 1), repeat=4) if is_linearly_separable(gates.INPUTS, np.array(ys))]
''',
            "100 passed by position (it is the learning rate)": '''\
def is_linearly_separable(X, y):
    return train_perceptron(X, y, 100)[2][-1] == 0


def separable_gates():
    return [ys for ys in itertools.product((0, 1), repeat=4) if is_linearly_separable(gates.INPUTS, np.array(ys))]
''',
            "'converged' as fewer than 100 epochs run": '''\
def is_linearly_separable(X, y):
    return len(train_perceptron(X, y, epochs=100)[2]) < 100


def separable_gates():
    return [ys for ys in itertools.product((0, 1), repeat=4) if is_linearly_separable(gates.INPUTS, np.array(ys))]
''',
            "1000 epochs to be safe": '''\
def is_linearly_separable(X, y):
    return train_perceptron(X, y, epochs=1000)[2][-1] == 0


def separable_gates():
    return [ys for ys in itertools.product((0, 1), repeat=4) if is_linearly_separable(gates.INPUTS, np.array(ys))]
''',
            "no mistake in the first epoch": '''\
def is_linearly_separable(X, y):
    return train_perceptron(X, y, epochs=100)[2][0] == 0


def separable_gates():
    return [ys for ys in itertools.product((0, 1), repeat=4) if is_linearly_separable(gates.INPUTS, np.array(ys))]
''',
            "leaves out the two constant gates": '''\
def is_linearly_separable(X, y):
    return train_perceptron(X, y, epochs=100)[2][-1] == 0


def separable_gates():
    return [ys for ys in itertools.product((0, 1), repeat=4)
            if 0 < sum(ys) < 4 and is_linearly_separable(gates.INPUTS, np.array(ys))]
''',
        },
    },
}
