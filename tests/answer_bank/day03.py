"""Answer bank, Day 03: answers students would write, right and wrong (see bank.py)."""

NOTEBOOK = "Day03_mlp_xor.ipynb"

BANK = {
    "day03_forward": {
        "correct": {
            "sigmoid written inline, np.dot": '''\
def forward(X, W1, b1, W2, b2):
    H = 1.0 / (1.0 + np.exp(-(np.dot(X, W1) + b1)))
    Y = 1.0 / (1.0 + np.exp(-(np.dot(H, W2) + b2)))
    return H, Y
''',
            "sigmoid through tanh, a loop over the rows": '''\
def forward(X, W1, b1, W2, b2):
    def sigmoid(z):
        return 0.5 * (1.0 + np.tanh(0.5 * z))

    H = np.array([sigmoid(row @ W1 + b1) for row in np.asarray(X, dtype=float)])
    Y = np.array([sigmoid(h @ W2 + b2) for h in H])
    return H, Y
''',
            "a loop over the hidden neurons": '''\
def forward(X, W1, b1, W2, b2):
    sig = lambda z: 1 / (1 + np.exp(-z))
    X = np.asarray(X, dtype=np.float64)
    H = np.zeros((X.shape[0], W1.shape[1]))
    for j in range(W1.shape[1]):
        H[:, j] = sig(X[:, 0] * W1[0, j] + X[:, 1] * W1[1, j] + b1[j])
    Y = sig(H @ W2 + b2)
    return H, Y
''',
        },
        "wrong": {
            "no sigmoid on the output": '''\
def forward(X, W1, b1, W2, b2):
    H = 1 / (1 + np.exp(-(X @ W1 + b1)))
    return H, H @ W2 + b2
''',
            "the bias added after the sigmoid": '''\
def forward(X, W1, b1, W2, b2):
    sig = lambda z: 1 / (1 + np.exp(-z))
    H = sig(X @ W1) + b1
    return H, sig(H @ W2) + b2
''',
            "the kernel transposed (W1.T)": '''\
def forward(X, W1, b1, W2, b2):
    sig = lambda z: 1 / (1 + np.exp(-z))
    H = sig(X @ W1.T + b1)
    return H, sig(H @ W2 + b2)
''',
            "two hidden neurons written out": '''\
def forward(X, W1, b1, W2, b2):
    sig = lambda z: 1 / (1 + np.exp(-z))
    h1 = sig(X[:, 0] * W1[0, 0] + X[:, 1] * W1[1, 0] + b1[0])
    h2 = sig(X[:, 0] * W1[0, 1] + X[:, 1] * W1[1, 1] + b1[1])
    H = np.stack([h1, h2], axis=1)
    return H, sig(H @ W2 + b2)
''',
            "outputs flattened to shape (n,)": '''\
def forward(X, W1, b1, W2, b2):
    sig = lambda z: 1 / (1 + np.exp(-z))
    H = sig(X @ W1 + b1)
    return H, sig(H @ W2 + b2).ravel()
''',
            "tanh instead of the sigmoid": '''\
def forward(X, W1, b1, W2, b2):
    H = np.tanh(X @ W1 + b1)
    return H, np.tanh(H @ W2 + b2)
''',
        },
    },
    "day03_xnor_weights": {
        "correct": {
            "hidden AND and NOR, output OR": '''\
def xnor_weights():
    W1 = np.array([[20.0, -20.0], [20.0, -20.0]])
    b1 = np.array([-30.0, 10.0])
    W2 = np.array([[20.0], [20.0]])
    b2 = np.array([-10.0])
    return [W1, b1, W2, b2]
''',
            "the seed's network with its output negated, from the seed's arrays": '''\
def xnor_weights():
    W1, b1, W2, b2 = seed_net.get_weights()
    return [W1, b1, -W2, -b2]
''',
            "smaller weights (10 instead of 20), lists made arrays": '''\
def xnor_weights():
    return [np.array([[10, -10], [10, -10]], dtype=float), np.array([-5.0, 15.0]),
            np.array([[-10.0], [-10.0]]), np.array([15.0])]
''',
        },
        "wrong": {
            "the seed's XOR network unchanged": '''\
def xnor_weights():
    return [np.array([[20.0, -20.0], [20.0, -20.0]]), np.array([-10.0, 30.0]),
            np.array([[20.0], [20.0]]), np.array([-30.0])]
''',
            "output weights negated, bias kept": '''\
def xnor_weights():
    return [np.array([[20.0, -20.0], [20.0, -20.0]]), np.array([-10.0, 30.0]),
            np.array([[-20.0], [-20.0]]), np.array([-30.0])]
''',
            "weights too small (1 instead of 20): outputs near 0.5": '''\
def xnor_weights():
    return [np.array([[1.0, -1.0], [1.0, -1.0]]), np.array([-0.5, 1.5]),
            np.array([[-1.0], [-1.0]]), np.array([1.5])]
''',
            "W2 of shape (2,) and b2 a number": '''\
def xnor_weights():
    return [np.array([[20.0, -20.0], [20.0, -20.0]]), np.array([-10.0, 30.0]),
            np.array([-20.0, -20.0]), 30.0]
''',
            "AND's line just below (1, 1): right on the table, no margin": '''\
def xnor_weights():
    # hidden: AND (its line 40 x1 + 40 x2 = 76 passes close to (1, 1)) and NOR; output OR
    return [np.array([[40.0, -40.0], [40.0, -40.0]]), np.array([-76.0, 20.0]),
            np.array([[20.0], [20.0]]), np.array([-10.0])]
''',
        },
    },
    "day03_xor_settings": {
        "correct": {
            "8 hidden neurons, learning rate 6 (an int)": """\
def xor_settings():
    return dict(hidden=8, learning_rate=6, steps=200)
""",
            "6 hidden neurons, NumPy and float numbers": """\
def xor_settings():
    settings = {}
    settings["hidden"] = np.int64(6)
    settings["learning_rate"] = np.float32(4.5)
    settings["steps"] = 200.0
    return settings
""",
            "8 hidden neurons, learning rate 4": """\
def xor_settings():
    hidden, learning_rate, steps = 8, 4.0, 200
    return {"hidden": hidden, "learning_rate": learning_rate, "steps": steps}
""",
        },
        "wrong": {
            "the lesson's 2-2-1 network and learning rate, cut to 200 steps": """\
def xor_settings():
    return {"hidden": 2, "learning_rate": 2.0, "steps": 200}
""",
            "wide enough, but the lesson's learning rate: too slow for 200 steps": """\
def xor_settings():
    return {"hidden": 8, "learning_rate": 2.0, "steps": 200}
""",
            "a learning rate so large that the sigmoids saturate": """\
def xor_settings():
    return {"hidden": 8, "learning_rate": 30.0, "steps": 200}
""",
            "a good learning rate, but only 2 hidden neurons (stuck starts)": """\
def xor_settings():
    return {"hidden": 2, "learning_rate": 5.0, "steps": 200}
""",
            "the smoke-mode 750 steps: over the budget": """\
def xor_settings():
    return {"hidden": 4, "learning_rate": 2.0, "steps": 750}
""",
        },
    },
}
