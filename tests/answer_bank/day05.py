"""Answer bank, Day 05: backward passes of a chain of multiply nodes and of a tanh layer; a gradient check finds two bugs."""

NOTEBOOK = "Day05_backpropagation.ipynb"

BANK = {
    "day05_mul_backward": {
        "correct": {
            "one line per gradient": '''\
def mul3_backward(x1, x2, x3, dy):
    """Gradients of L with respect to x1, x2, x3 when y = x1 * x2 * x3 and dL/dy = dy."""
    return dy * x2 * x3, dy * x1 * x3, dy * x1 * x2
''',
            "two node objects, backward in reverse order": '''\
class MulNode:
    def forward(self, a, b):
        self.a, self.b = a, b
        return a * b

    def backward(self, dout):
        return dout * self.b, dout * self.a


def mul3_backward(x1, x2, x3, dy):
    """Gradients of L with respect to x1, x2, x3 when y = x1 * x2 * x3 and dL/dy = dy."""
    first, second = MulNode(), MulNode()
    t = first.forward(x1, x2)
    second.forward(t, x3)
    dt, dx3 = second.backward(dy)
    dx1, dx2 = first.backward(dt)
    return (dx1, dx2, dx3)
''',
            "np.multiply, returned as a list": '''\
def mul3_backward(x1, x2, x3, dy):
    """Gradients of L with respect to x1, x2, x3 when y = x1 * x2 * x3 and dL/dy = dy."""
    t = np.multiply(x1, x2)
    dt = np.multiply(dy, x3)
    return [np.multiply(dt, x2), np.multiply(dt, x1), np.multiply(dy, t)]
''',
        },
        "wrong": {
            "divides y by each input (fails where an input is 0)": '''\
def mul3_backward(x1, x2, x3, dy):
    """Gradients of L with respect to x1, x2, x3 when y = x1 * x2 * x3 and dL/dy = dy."""
    y = x1 * x2 * x3
    return dy * y / x1, dy * y / x2, dy * y / x3
''',
            "sums each gradient over the elements": '''\
def mul3_backward(x1, x2, x3, dy):
    """Gradients of L with respect to x1, x2, x3 when y = x1 * x2 * x3 and dL/dy = dy."""
    return np.sum(dy * x2 * x3), np.sum(dy * x1 * x3), np.sum(dy * x1 * x2)
''',
            "dx3 forgets the upstream gradient": '''\
def mul3_backward(x1, x2, x3, dy):
    """Gradients of L with respect to x1, x2, x3 when y = x1 * x2 * x3 and dL/dy = dy."""
    t = x1 * x2
    dt = dy * x3
    return dt * x2, dt * x1, t
''',
            "the first node's gradients stop at t (x3 not passed back)": '''\
def mul3_backward(x1, x2, x3, dy):
    """Gradients of L with respect to x1, x2, x3 when y = x1 * x2 * x3 and dL/dy = dy."""
    t = x1 * x2
    return dy * x2, dy * x1, dy * t
''',
        },
    },
    "day05_tanh_layer_backward": {
        "correct": {
            "1 / cosh^2 and einsum": '''\
def tanh_layer_backward(X, W, b, dA):
    """Gradients (dX, dW, db) of L when A = tanh(X @ W + b) and dL/dA = dA."""
    Z = X @ W + b
    dZ = dA / np.cosh(Z) ** 2
    dX = np.einsum("nu,du->nd", dZ, W)
    dW = np.einsum("nd,nu->du", X, dZ)
    db = np.einsum("nu->u", dZ)
    return dX, dW, db
''',
            "a loop over the examples": '''\
def tanh_layer_backward(X, W, b, dA):
    """Gradients (dX, dW, db) of L when A = tanh(X @ W + b) and dL/dA = dA."""
    dX, dW, db = np.zeros_like(X), np.zeros_like(W), np.zeros_like(b)
    for i in range(X.shape[0]):
        a = np.tanh(X[i] @ W + b)
        dz = dA[i] * (1 - a * a)
        dX[i] = W @ dz
        dW += np.outer(X[i], dz)
        db += dz
    return dX, dW, db
''',
            "np.dot and transposes, keepdims then reshape": '''\
def tanh_layer_backward(X, W, b, dA):
    """Gradients (dX, dW, db) of L when A = tanh(X @ W + b) and dL/dA = dA."""
    A = np.tanh(np.dot(X, W) + b)
    dZ = dA * (1.0 - np.square(A))
    db = np.sum(dZ, axis=0, keepdims=True).reshape(b.shape)
    return np.dot(dZ, W.T), np.dot(X.T, dZ), db
''',
        },
        "wrong": {
            "db is the mean over the batch": '''\
def tanh_layer_backward(X, W, b, dA):
    """Gradients (dX, dW, db) of L when A = tanh(X @ W + b) and dL/dA = dA."""
    A = np.tanh(X @ W + b)
    dZ = dA * (1 - A**2)
    return dZ @ W.T, X.T @ dZ, dZ.mean(axis=0)
''',
            "tanh' taken from Z instead of tanh(Z)": '''\
def tanh_layer_backward(X, W, b, dA):
    """Gradients (dX, dW, db) of L when A = tanh(X @ W + b) and dL/dA = dA."""
    Z = X @ W + b
    dZ = dA * (1 - Z**2)
    return dZ @ W.T, X.T @ dZ, dZ.sum(axis=0)
''',
            "forgets the activation's derivative": '''\
def tanh_layer_backward(X, W, b, dA):
    """Gradients (dX, dW, db) of L when A = tanh(X @ W + b) and dL/dA = dA."""
    dZ = dA
    return dZ @ W.T, X.T @ dZ, dZ.sum(axis=0)
''',
            "sigmoid's derivative A(1 - A)": '''\
def tanh_layer_backward(X, W, b, dA):
    """Gradients (dX, dW, db) of L when A = tanh(X @ W + b) and dL/dA = dA."""
    A = np.tanh(X @ W + b)
    dZ = dA * A * (1 - A)
    return dZ @ W.T, X.T @ dZ, dZ.sum(axis=0)
''',
            "averages dW and db over the batch": '''\
def tanh_layer_backward(X, W, b, dA):
    """Gradients (dX, dW, db) of L when A = tanh(X @ W + b) and dL/dA = dA."""
    n = X.shape[0]
    A = np.tanh(X @ W + b)
    dZ = dA * (1 - A**2)
    return dZ @ W.T, X.T @ dZ / n, dZ.sum(axis=0) / n
''',
        },
    },
    "day05_find_the_bugs": {
        "correct": {
            "own central differences on a copy; 1 - np.tanh(Z1)**2": '''\
import copy


def gradient_errors(forward_fn, backward_fn, params, X, y):
    """{name: relative error between backward_fn's gradient and finite differences}."""
    grads = backward_fn(params, forward_fn(params, X, y)[1])
    trial = copy.deepcopy(params)  # nudge a copy, never the caller's arrays
    errors = {}
    for name, value in trial.items():
        numeric = np.zeros_like(value)
        for i in np.ndindex(value.shape):
            old = value[i]
            value[i] = old + 1e-6
            up = forward_fn(trial, X, y)[0]
            value[i] = old - 1e-6
            down = forward_fn(trial, X, y)[0]
            value[i] = old
            numeric[i] = (up - down) / 2e-6
        errors[name] = relative_error(grads[name], numeric)
    return errors


def fixed_backward_tanh(params, cache):
    """Gradients of forward_tanh's mean cross-entropy, both bugs fixed."""
    X, Z1, H, P, y = cache
    n = X.shape[0]
    dS = P.copy()
    dS[np.arange(n), y] -= 1
    dS = dS / n
    grads = {"W2": H.T @ dS, "b2": np.sum(dS, axis=0)}
    dZ1 = (dS @ params["W2"].T) * (1 - np.tanh(Z1) ** 2)
    grads["W1"], grads["b1"] = X.T @ dZ1, np.sum(dZ1, axis=0)
    return grads
''',
            "a loop with a named loss function; a one-hot Y": '''\
def gradient_errors(forward_fn, backward_fn, params, X, y):
    """{name: relative error between backward_fn's gradient and finite differences}."""
    loss, cache = forward_fn(params, X, y)
    analytic = backward_fn(params, cache)

    def loss_now():
        return forward_fn(params, X, y)[0]

    errors = {}
    for name in params.keys():
        errors[name] = float(relative_error(analytic[name], numerical_gradient(loss_now, params[name])))
    return errors


def fixed_backward_tanh(params, cache):
    """Gradients of forward_tanh's mean cross-entropy, both bugs fixed."""
    X, Z1, H, P, y = cache
    Y = np.eye(P.shape[1])[y]
    dS = (P - Y) / len(y)
    dH = dS @ params["W2"].T
    dZ1 = dH * (1 - H * H)
    return {"W1": X.T @ dZ1, "b1": dZ1.sum(0), "W2": H.T @ dS, "b2": dS.sum(0)}
''',
            "patches the colleague's output: b2 times n, the tanh node redone": '''\
def gradient_errors(forward_fn, backward_fn, params, X, y):
    """{name: relative error between backward_fn's gradient and finite differences}."""
    _, cache = forward_fn(params, X, y)
    analytic = backward_fn(params, cache)
    return {name: relative_error(analytic[name], numerical_gradient(lambda: forward_fn(params, X, y)[0], params[name]))
            for name in params}


def fixed_backward_tanh(params, cache):
    """Gradients of forward_tanh's mean cross-entropy, both bugs fixed."""
    grads = backward_tanh(params, cache)
    X, Z1, H, P, y = cache
    grads["b2"] = grads["b2"] * len(y)  # the colleague divided by n twice
    dS = P.copy()
    dS[np.arange(len(y)), y] -= 1
    dZ1 = (dS / len(y)) @ params["W2"].T * (1 - H**2)
    grads["W1"], grads["b1"] = X.T @ dZ1, dZ1.sum(axis=0)
    return grads
''',
        },
        "wrong": {
            "finite differences of the loss computed once (a constant)": '''\
def gradient_errors(forward_fn, backward_fn, params, X, y):
    """{name: relative error between backward_fn's gradient and finite differences}."""
    loss, cache = forward_fn(params, X, y)
    analytic = backward_fn(params, cache)
    return {name: relative_error(analytic[name], numerical_gradient(lambda: loss, params[name])) for name in params}


def fixed_backward_tanh(params, cache):
    """Gradients of forward_tanh's mean cross-entropy, both bugs fixed."""
    X, Z1, H, P, y = cache
    dS = P.copy()
    dS[np.arange(len(y)), y] -= 1
    dS /= len(y)
    dW2, db2 = H.T @ dS, dS.sum(axis=0)
    dH = dS @ params["W2"].T
    dZ1 = dH * (1 - H**2)
    dW1, db1 = X.T @ dZ1, dZ1.sum(axis=0)
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}
''',
            "checks the lesson's backward instead of backward_fn": '''\
def gradient_errors(forward_fn, backward_fn, params, X, y):
    """{name: relative error between backward_fn's gradient and finite differences}."""
    _, cache = forward_fn(params, X, y)
    analytic = backward(params, cache)
    return {name: relative_error(analytic[name], numerical_gradient(lambda: forward_fn(params, X, y)[0], params[name]))
            for name in params}


def fixed_backward_tanh(params, cache):
    """Gradients of forward_tanh's mean cross-entropy, both bugs fixed."""
    X, Z1, H, P, y = cache
    dS = P.copy()
    dS[np.arange(len(y)), y] -= 1
    dS /= len(y)
    dW2, db2 = H.T @ dS, dS.sum(axis=0)
    dH = dS @ params["W2"].T
    dZ1 = dH * (1 - H**2)
    dW1, db1 = X.T @ dZ1, dZ1.sum(axis=0)
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}
''',
            "its own relative error, without the guard against 0 / 0": '''\
def gradient_errors(forward_fn, backward_fn, params, X, y):
    """{name: relative error between backward_fn's gradient and finite differences}."""
    _, cache = forward_fn(params, X, y)
    analytic = backward_fn(params, cache)
    errors = {}
    for name in params:
        a, b = analytic[name], numerical_gradient(lambda: forward_fn(params, X, y)[0], params[name])
        with np.errstate(invalid="ignore", divide="ignore"):
            errors[name] = np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b))
    return errors


def fixed_backward_tanh(params, cache):
    """Gradients of forward_tanh's mean cross-entropy, both bugs fixed."""
    X, Z1, H, P, y = cache
    dS = P.copy()
    dS[np.arange(len(y)), y] -= 1
    dS /= len(y)
    dW2, db2 = H.T @ dS, dS.sum(axis=0)
    dH = dS @ params["W2"].T
    dZ1 = dH * (1 - H**2)
    dW1, db1 = X.T @ dZ1, dZ1.sum(axis=0)
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}
''',
            "the largest absolute difference instead of the relative error": '''\
def gradient_errors(forward_fn, backward_fn, params, X, y):
    """{name: relative error between backward_fn's gradient and finite differences}."""
    _, cache = forward_fn(params, X, y)
    analytic = backward_fn(params, cache)
    return {name: float(np.abs(analytic[name] - numerical_gradient(lambda: forward_fn(params, X, y)[0], params[name])).max())
            for name in params}


def fixed_backward_tanh(params, cache):
    """Gradients of forward_tanh's mean cross-entropy, both bugs fixed."""
    X, Z1, H, P, y = cache
    dS = P.copy()
    dS[np.arange(len(y)), y] -= 1
    dS /= len(y)
    dW2, db2 = H.T @ dS, dS.sum(axis=0)
    dH = dS @ params["W2"].T
    dZ1 = dH * (1 - H**2)
    dW1, db1 = X.T @ dZ1, dZ1.sum(axis=0)
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}
''',
            "fixes only the tanh node (db2 still divided by n twice)": '''\
def gradient_errors(forward_fn, backward_fn, params, X, y):
    """{name: relative error between backward_fn's gradient and finite differences}."""
    _, cache = forward_fn(params, X, y)
    analytic = backward_fn(params, cache)
    return {name: relative_error(analytic[name], numerical_gradient(lambda: forward_fn(params, X, y)[0], params[name]))
            for name in params}


def fixed_backward_tanh(params, cache):
    """Gradients of forward_tanh's mean cross-entropy, both bugs fixed."""
    X, Z1, H, P, y = cache
    dS = P.copy()
    dS[np.arange(len(y)), y] -= 1
    dS /= len(y)
    dW2, db2 = H.T @ dS, dS.mean(axis=0)
    dZ1 = (dS @ params["W2"].T) * (1 - H**2)
    return {"W1": X.T @ dZ1, "b1": dZ1.sum(axis=0), "W2": dW2, "b2": db2}
''',
            "fixes only db2 (tanh' still 1 - Z1**2)": '''\
def gradient_errors(forward_fn, backward_fn, params, X, y):
    """{name: relative error between backward_fn's gradient and finite differences}."""
    _, cache = forward_fn(params, X, y)
    analytic = backward_fn(params, cache)
    return {name: relative_error(analytic[name], numerical_gradient(lambda: forward_fn(params, X, y)[0], params[name]))
            for name in params}


def fixed_backward_tanh(params, cache):
    """Gradients of forward_tanh's mean cross-entropy, both bugs fixed."""
    X, Z1, H, P, y = cache
    dS = P.copy()
    dS[np.arange(len(y)), y] -= 1
    dS /= len(y)
    dZ1 = (dS @ params["W2"].T) * (1 - Z1**2)
    return {"W1": X.T @ dZ1, "b1": dZ1.sum(axis=0), "W2": H.T @ dS, "b2": dS.sum(axis=0)}
''',
            "tanh' written as 1 - tanh(z), without the square": '''\
def gradient_errors(forward_fn, backward_fn, params, X, y):
    """{name: relative error between backward_fn's gradient and finite differences}."""
    _, cache = forward_fn(params, X, y)
    analytic = backward_fn(params, cache)
    return {name: relative_error(analytic[name], numerical_gradient(lambda: forward_fn(params, X, y)[0], params[name]))
            for name in params}


def fixed_backward_tanh(params, cache):
    """Gradients of forward_tanh's mean cross-entropy, both bugs fixed."""
    X, Z1, H, P, y = cache
    dS = P.copy()
    dS[np.arange(len(y)), y] -= 1
    dS /= len(y)
    dZ1 = (dS @ params["W2"].T) * (1 - H)
    return {"W1": X.T @ dZ1, "b1": dZ1.sum(axis=0), "W2": H.T @ dS, "b2": dS.sum(axis=0)}
''',
            "the lesson's ReLU backward copied": '''\
def gradient_errors(forward_fn, backward_fn, params, X, y):
    """{name: relative error between backward_fn's gradient and finite differences}."""
    _, cache = forward_fn(params, X, y)
    analytic = backward_fn(params, cache)
    return {name: relative_error(analytic[name], numerical_gradient(lambda: forward_fn(params, X, y)[0], params[name]))
            for name in params}


fixed_backward_tanh = backward  # the lesson's backward pass has no bug
''',
        },
    },
}
