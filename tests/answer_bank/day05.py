"""Answer bank, Day 05: backward passes of a chain of multiply nodes and of a tanh layer."""

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
}
