"""Answer bank, Day 07: RMSProp by hand, Keras 2's SGD(lr, momentum, decay, nesterov) in Keras 3, momentum's steps predicted."""

NOTEBOOK = "Day07_optimizers.ipynb"

BANK = {
    "day07_rmsprop_step": {
        "correct": {
            "in place, as Keras's optimizers do": '''\
def rmsprop_step(w, g, h, lr=0.001, rho=0.9, eps=1e-7):
    """One RMSProp update. Returns (new_w, new_h)."""
    h *= rho
    h += (1 - rho) * g ** 2
    w -= lr * g / np.sqrt(h + eps)
    return w, h
''',
            "a loop over the weights": '''\
import math


def rmsprop_step(w, g, h, lr=0.001, rho=0.9, eps=1e-7):
    """One RMSProp update. Returns (new_w, new_h)."""
    new_w, new_h = np.zeros(len(w)), np.zeros(len(w))
    for i in range(len(w)):
        new_h[i] = rho * h[i] + (1 - rho) * g[i] * g[i]
        new_w[i] = w[i] - lr * g[i] / math.sqrt(new_h[i] + eps)
    return new_w, new_h
''',
            "np.square and a power of one half": '''\
def rmsprop_step(w, g, h, lr=0.001, rho=0.9, eps=1e-7):
    """One RMSProp update. Returns (new_w, new_h)."""
    v = rho * h + (1.0 - rho) * np.square(g)
    step = lr * g / np.power(v + eps, 0.5)
    return w - step, v
''',
        },
        "wrong": {
            "eps outside the root (Keras 2)": '''\
def rmsprop_step(w, g, h, lr=0.001, rho=0.9, eps=1e-7):
    """One RMSProp update. Returns (new_w, new_h)."""
    h = rho * h + (1 - rho) * g * g
    return w - lr * g / (np.sqrt(h) + eps), h
''',
            "rho hard-coded to the seed's 0.9": '''\
def rmsprop_step(w, g, h, lr=0.001, rho=0.9, eps=1e-7):
    """One RMSProp update. Returns (new_w, new_h)."""
    h = 0.9 * h + 0.1 * g * g
    return w - lr * g / np.sqrt(h + eps), h
''',
            "the step uses the old h": '''\
def rmsprop_step(w, g, h, lr=0.001, rho=0.9, eps=1e-7):
    """One RMSProp update. Returns (new_w, new_h)."""
    new_h = rho * h + (1 - rho) * g * g
    with np.errstate(divide="ignore", invalid="ignore"):
        new_w = w - lr * g / np.sqrt(h + eps)
    return new_w, new_h
''',
            "eps hard-coded to Keras's default 1e-7": '''\
def rmsprop_step(w, g, h, lr=0.001, rho=0.9, eps=1e-7):
    """One RMSProp update. Returns (new_w, new_h)."""
    h = rho * h + (1 - rho) * g * g
    return w - lr * g / np.sqrt(h + 1e-7), h
''',
        },
    },
    "day07_keras3_sgd": {
        "correct": {
            "InverseTimeDecay, positional arguments": '''\
def keras3_sgd(lr=0.01, momentum=0.0, decay=0.0, nesterov=False):
    """Keras 3 equivalent of Keras 2's SGD(lr=lr, momentum=momentum, decay=decay, nesterov=nesterov)."""
    return keras.optimizers.SGD(keras.optimizers.schedules.InverseTimeDecay(lr, 1, decay), momentum, nesterov)
''',
            "a LearningRateSchedule subclass": '''\
class Keras2Decay(keras.optimizers.schedules.LearningRateSchedule):
    """lr / (1 + decay * t), as Keras 2's decay= did."""

    def __init__(self, lr, decay):
        self.lr, self.decay = lr, decay

    def __call__(self, step):
        step = keras.ops.cast(step, "float32")
        return self.lr / (1.0 + self.decay * step)

    def get_config(self):
        return {"lr": self.lr, "decay": self.decay}


def keras3_sgd(lr=0.01, momentum=0.0, decay=0.0, nesterov=False):
    """Keras 3 equivalent of Keras 2's SGD(lr=lr, momentum=momentum, decay=decay, nesterov=nesterov)."""
    return keras.optimizers.SGD(learning_rate=Keras2Decay(lr, decay), momentum=momentum, nesterov=nesterov)
''',
            "a plain rate without decay, staircase schedule otherwise": '''\
def keras3_sgd(lr=0.01, momentum=0.0, decay=0.0, nesterov=False):
    """Keras 3 equivalent of Keras 2's SGD(lr=lr, momentum=momentum, decay=decay, nesterov=nesterov)."""
    if decay == 0:
        rate = lr
    else:
        rate = keras.optimizers.schedules.InverseTimeDecay(
            initial_learning_rate=lr, decay_steps=1.0, decay_rate=decay, staircase=True)
    return keras.optimizers.SGD(learning_rate=rate, momentum=momentum, nesterov=nesterov)
''',
        },
        "wrong": {
            "nesterov hard-coded to True": '''\
def keras3_sgd(lr=0.01, momentum=0.0, decay=0.0, nesterov=False):
    """Keras 3 equivalent of Keras 2's SGD(lr=lr, momentum=momentum, decay=decay, nesterov=nesterov)."""
    schedule = keras.optimizers.schedules.InverseTimeDecay(lr, decay_steps=1, decay_rate=decay)
    return keras.optimizers.SGD(learning_rate=schedule, momentum=momentum, nesterov=True)
''',
            "momentum forgotten": '''\
def keras3_sgd(lr=0.01, momentum=0.0, decay=0.0, nesterov=False):
    """Keras 3 equivalent of Keras 2's SGD(lr=lr, momentum=momentum, decay=decay, nesterov=nesterov)."""
    schedule = keras.optimizers.schedules.InverseTimeDecay(lr, decay_steps=1, decay_rate=decay)
    return keras.optimizers.SGD(learning_rate=schedule, nesterov=nesterov)
''',
            "ExponentialDecay instead of inverse-time decay": '''\
def keras3_sgd(lr=0.01, momentum=0.0, decay=0.0, nesterov=False):
    """Keras 3 equivalent of Keras 2's SGD(lr=lr, momentum=momentum, decay=decay, nesterov=nesterov)."""
    schedule = keras.optimizers.schedules.ExponentialDecay(lr, decay_steps=1, decay_rate=1 - decay)
    return keras.optimizers.SGD(learning_rate=schedule, momentum=momentum, nesterov=nesterov)
''',
            "decay_steps of the lesson's plot (1000)": '''\
def keras3_sgd(lr=0.01, momentum=0.0, decay=0.0, nesterov=False):
    """Keras 3 equivalent of Keras 2's SGD(lr=lr, momentum=momentum, decay=decay, nesterov=nesterov)."""
    schedule = keras.optimizers.schedules.InverseTimeDecay(lr, decay_steps=1000, decay_rate=decay)
    return keras.optimizers.SGD(learning_rate=schedule, momentum=momentum, nesterov=nesterov)
''',
        },
    },
    "day07_momentum_prediction": {
        "correct": {
            "closed form, the two cases written out": '''\
def momentum_displacement(k, lr, beta, g, nesterov=False):
    """w_k - w_0 after k updates of Keras's SGD with momentum beta when the gradient is always g."""
    a = lr * g / (1 - beta)  # the size the steps approach: lr * g / (1 - beta)
    if nesterov:
        return -a * (k - beta**2 * (1 - beta**k) / (1 - beta))
    return -a * (k - beta * (1 - beta**k) / (1 - beta))
''',
            "a loop replaying Keras's rule": '''\
def momentum_displacement(k, lr, beta, g, nesterov=False):
    """w_k - w_0 after k updates of Keras's SGD with momentum beta when the gradient is always g."""
    v, w = 0.0, 0.0
    for _ in range(k):
        v = beta * v - lr * g
        w += beta * v - lr * g if nesterov else v
    return w
''',
            "vectorised over the steps with NumPy": '''\
def momentum_displacement(k, lr, beta, g, nesterov=False):
    """w_k - w_0 after k updates of Keras's SGD with momentum beta when the gradient is always g."""
    j = np.arange(1, k + 1)
    velocity = -lr * g * (1 - beta**j) / (1 - beta)
    steps = beta * velocity - lr * g if nesterov else velocity
    return float(np.sum(steps))
''',
        },
        "wrong": {
            "full speed from the first step: k * lr * g / (1 - beta)": '''\
def momentum_displacement(k, lr, beta, g, nesterov=False):
    """w_k - w_0 after k updates of Keras's SGD with momentum beta when the gradient is always g."""
    return -lr * g * k / (1 - beta)
''',
            "ignores nesterov": '''\
def momentum_displacement(k, lr, beta, g, nesterov=False):
    """w_k - w_0 after k updates of Keras's SGD with momentum beta when the gradient is always g."""
    return -lr * g / (1 - beta) * (k - beta * (1 - beta**k) / (1 - beta))
''',
            "always the Nesterov formula": '''\
def momentum_displacement(k, lr, beta, g, nesterov=False):
    """w_k - w_0 after k updates of Keras's SGD with momentum beta when the gradient is always g."""
    return -lr * g / (1 - beta) * (k - beta**2 * (1 - beta**k) / (1 - beta))
''',
            "the k-th step instead of the sum of the steps": '''\
def momentum_displacement(k, lr, beta, g, nesterov=False):
    """w_k - w_0 after k updates of Keras's SGD with momentum beta when the gradient is always g."""
    if k == 0:
        return 0.0
    power = k + 1 if nesterov else k
    return -lr * g * (1 - beta**power) / (1 - beta)
''',
            "velocity indexed from 0 (the first step is 0)": '''\
def momentum_displacement(k, lr, beta, g, nesterov=False):
    """w_k - w_0 after k updates of Keras's SGD with momentum beta when the gradient is always g."""
    v, w = 0.0, 0.0
    for _ in range(k):
        w += beta * v - lr * g if nesterov else v
        v = beta * v - lr * g
    return w
''',
            "the velocity added with the wrong sign (v = beta * v + lr * g)": '''\
def momentum_displacement(k, lr, beta, g, nesterov=False):
    """w_k - w_0 after k updates of Keras's SGD with momentum beta when the gradient is always g."""
    v, w = 0.0, 0.0
    for _ in range(k):
        v = beta * v + lr * g
        w += beta * v + lr * g if nesterov else v
    return w
''',
        },
    },
}
