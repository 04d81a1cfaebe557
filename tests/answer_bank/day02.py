"""Answer bank, Day 02: answers students would write, right and wrong (see bank.py)."""

NOTEBOOK = "Day02_perceptron_logic_gates.ipynb"

BANK = {
    "day02_nor_weights": {
        "correct": {
            "-1, -1 and a bias of 0.5": '''\
def nor_weights():
    return np.array([-1.0, -1.0]), 0.5
''',
            "larger weights, list turned into an array": '''\
def nor_weights():
    w = np.array([-10, -10])
    b = 5
    return w, b
''',
            "OR learned by the rule, then negated": '''\
def nor_weights():
    w_or, b_or, _ = train_perceptron(*gates.truth_table("OR"))
    # OR's line with its sides swapped, moved so that the margin is on both sides
    return -w_or / np.abs(w_or).max(), 0.5
''',
        },
        "wrong": {
            "OR's weights, not negated": '''\
def nor_weights():
    return np.array([1.0, 1.0]), -0.5
''',
            "bias 0: step(0) is 0, so (0, 0) gives 0": '''\
def nor_weights():
    return np.array([-1.0, -1.0]), 0.0
''',
            "the line through (0, 1) and (1, 0): no margin": '''\
def nor_weights():
    return np.array([-1.0, -1.0]), 1.0
''',
            "a tiny bias: right on the truth table, no margin": '''\
def nor_weights():
    return np.array([-1.0, -1.0]), 0.05
''',
            "NAND's weights (negated AND)": '''\
def nor_weights():
    return np.array([-1.0, -1.0]), 1.5
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
