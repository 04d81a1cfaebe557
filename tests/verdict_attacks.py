"""Attacks on the verdict, as a determined student would write them into the answer cells (issue #14).

Each entry is a submission of the fixture notebook (Day 99): ``answers`` replace answer cells and
``before`` is a cell the student adds before the first answer. Every answer is wrong, so a sound grader
gives each exercise 0; before the verdict moved out of the student's kernel, each of these earned full
marks with status ``ok``. ``tests/test_grading.py`` grades them in its main batch, beside honest
submissions that keep full marks.
"""

from __future__ import annotations

# An object that finds the expected value in the caller's frames (check_close's `want`, check_equal's
# `expected`) and becomes it: through __array__, __float__ or __bool__, no patching at all.
ORACLE = '''\
import inspect


class Oracle:
    def _found(self):
        f = inspect.currentframe()
        while f is not None:
            for name in ("expected", "want", "expected_shape", "minimum"):
                v = f.f_locals.get(name)
                if v is not None and not isinstance(v, Oracle):
                    return v
            f = f.f_back
        return 0.0

    def __array__(self, dtype=None, copy=None):
        return np.asarray(self._found(), dtype=dtype)

    def __float__(self):
        return float(np.asarray(self._found()).ravel()[0])

    def __bool__(self):
        return True

    def __len__(self):
        return len(np.atleast_1d(self._found()))

'''

# Swapping the __code__ of the fresh checks while the test calls the answer; the same from a thread whose
# target claims to be NumPy's, and from a pre_run_cell callback that claims to be matplotlib's.
CODE_SWAP = '''\
import sys, threading, time
import course_utils.checks as C


def _ok(*a, **k):
    return None


def _swap():
    for mod in [m for n, m in list(sys.modules.items()) if n.endswith("checks")]:
        for name in ("check_close", "check_equal", "check_shape", "_fail", "_hidden_fail"):
            f = getattr(mod, name, None)
            if hasattr(f, "__code__"):
                f.__code__ = _ok.__code__


def _loop():
    while True:
        _swap()
        time.sleep(0.001)


_loop.__module__ = "numpy.core.multiarray"
threading.Thread(target=_loop, daemon=True).start()


def _hook(*a, **k):
    _swap()


_hook.__module__ = "matplotlib.pyplot"
get_ipython().events.register("pre_run_cell", _hook)
'''

# The kernel itself: failed tests reported as passed, test cells turned into `pass`, the old guard's
# entry point rebound.
KERNEL = '''\
import ast
ip = get_ipython()
_send = ip.kernel.session.send


def send(stream, msg_or_type, content=None, parent=None, *a, **k):
    if msg_or_type == "error":
        return None
    if isinstance(content, dict) and content.get("status") == "error":
        content = {"status": "ok", "execution_count": content.get("execution_count"), "user_expressions": {},
                   "payload": []}
    return _send(stream, msg_or_type, content, parent, *a, **k)


ip.kernel.session.send = send


class Passify(ast.NodeTransformer):
    def visit_Module(self, node):
        if "check_" in ast.unparse(node):
            node.body = [ast.Pass()]
        return node


ip.ast_transformers = [Passify()]


class NoTests:
    def transform_cell(self, cell):
        return "pass\\n" if "check_" in cell else cell

    def check_complete(self, cell):
        return "complete", None


ip.input_transformer_manager = NoTests()
_course_grader_check = lambda *a, **k: '{"diffs": []}'
'''

# Reading the running test's source (hidden literals included) from linecache and `In`.
SOURCE = '''\
import linecache, re


def _all_source():
    text = "\\n".join(get_ipython().user_ns.get("In", []))
    return text + "\\n".join("".join(entry[2]) for entry in list(linecache.cache.values()) if len(entry) > 2)


def _from_source(pattern):
    found = re.findall(pattern, _all_source())
    return found[-1] if found else None


def _expected_mse(y_true, y_pred):
    """The value a check_close line of the test expects for these very arguments."""
    for line in _all_source().splitlines():
        if ", mse(" not in line:
            continue
        rest = line.split(", mse(", 1)[1]
        for k in range(len(rest)):
            if not rest.startswith("), ", k):
                continue
            try:
                a, b = eval("(" + rest[:k] + ")", {"np": np})
                value = float(rest[k + 3:].split(")")[0].split(",")[0])
            except Exception:
                continue
            if np.shape(a) == np.shape(y_true) and np.allclose(a, y_true) and np.allclose(b, y_pred):
                return value
    return -1.0
'''

ATTACKS = {
    # the oracle as a plain object and inside a NumPy object array; the other two answers are honest
    "fx_oracle": {
        "before": ORACLE,
        "answers": {"day99_mse": "def mse(y_true, y_pred):\n    return Oracle()"},
    },
    "fx_oracle_nd": {
        "before": ORACLE,
        "answers": {"day99_mse": "def mse(y_true, y_pred):\n    out = np.empty((), dtype=object)\n"
                                 "    out[()] = Oracle()\n    return out"},
    },
    "fx_code_swap": {
        "before": CODE_SWAP,
        "answers": {
            "day99_and_weights": "def and_gate_weights():\n    _swap()\n    return np.array([1.0, 1.0]), -0.5",
            "day99_mse": "def mse(y_true, y_pred):\n    _swap()\n    return 0.0",
            "day99_dense": "def build_model(n_in, n_out):\n    _swap()\n"
                           "    return keras.Sequential([keras.Input((n_in,)), keras.layers.Dense(n_out + 1)])",
        },
    },
    "fx_kernel": {
        "before": KERNEL,
        "answers": {
            "day99_and_weights": "def and_gate_weights():\n    return np.array([1.0, 1.0]), -0.5",
            "day99_mse": "def mse(y_true, y_pred):\n    return 0.0",
            "day99_dense": "def build_model(n_in, n_out):\n"
                           "    return keras.Sequential([keras.Input((n_in,)), keras.layers.Dense(n_out + 1)])",
        },
    },
    "fx_source": {
        "before": SOURCE,
        "answers": {
            "day99_and_weights": "def and_gate_weights():\n"
                                 "    b = _from_source(r'\\+ b\\), np.array\\(\\[([0-9, ]+)\\]')\n"
                                 "    return np.array([1.0, 1.0]), -0.5 if b is None else -1.5",
            "day99_mse": "def mse(y_true, y_pred):\n    return _expected_mse(y_true, y_pred)",
            "day99_dense": "def build_model(n_in, n_out):\n"
                           "    n = _from_source(r'build_model\\(10, 2\\).count_params\\(\\), ([0-9]+)\\)')\n"
                           "    return keras.Sequential([keras.Input((n_in,)), keras.layers.Dense(n_out + (n is None))])",
        },
    },
}

# Correct on the visible test, failing inside a hidden one: before, the traceback printed the hidden
# lines into the student's feedback (a plain None answer did too).
LEAK = {
    "day99_and_weights": "def and_gate_weights():\n    return None",
    "day99_mse": "def mse(y_true, y_pred):\n    if np.ndim(y_true) > 1:\n        raise ValueError('two dimensions')\n"
                 "    return float(np.mean((np.asarray(y_true, float) - np.asarray(y_pred, float)) ** 2))",
    "day99_dense": "def build_model(n_in, n_out):\n    if n_in == 10:\n        return None\n"
                   "    return keras.Sequential([keras.Input((n_in,)), keras.layers.Dense(n_out)])",
}

# The grader's own channel forged: the student's kernel answers every request of the trusted kernel with
# something that is not plain data in the agreed form. Nothing to beat in the student's own kernel; under
# ``course grade`` every test fails and the row is flagged.
FORGED = {
    "before": "import course_utils.wire as W\nW.serve = lambda request: '{\"ok\": {\"$\": \"pickle\", \"v\": \"gASV\"}}'",
    "answers": {
        "day99_and_weights": "def and_gate_weights():\n    return np.array([1.0, 1.0]), -1.5",
        "day99_mse": "def mse(y_true, y_pred):\n    return float(np.mean((np.asarray(y_true, float) - np.asarray(y_pred, float)) ** 2))",
        "day99_dense": "def build_model(n_in, n_out):\n    return keras.Sequential([keras.Input((n_in,)), keras.layers.Dense(n_out)])",
    },
}
