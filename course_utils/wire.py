"""Plain data across the grading boundary: the codec both kernels use, and the student kernel's side.

When a submission is graded, its test cells run in a trusted kernel (``course_utils.remote``) and the
names the exercise asks for are proxies into the student's kernel. Only *plain data* crosses between
the two: None, booleans, integers, floats, strings, lists, tuples and dicts of those, NumPy arrays
(or scalars) of boolean, integer, float, complex or string dtype, and NumPy random generators (as their
bit generator's state). Decoding is strict: JSON with a closed
set of tags, a dtype that must match ``DTYPE``, a byte count that must match the shape; no pickle, no
object arrays. Anything else stays where it is and crosses as an opaque *handle* that can only be
called or asked for an attribute (a Keras model: ``model.predict(x)`` comes back as an array).

The student's side (:func:`serve`) runs in the student's kernel: it converts tensors to arrays there,
because whatever an object's ``__array__`` or ``__float__`` does, it does in the student's process,
where no expected value exists.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re

import numpy as np

MAX_DEPTH = 40
DTYPE = re.compile(r"^[<>|=]?(b1|[iu][1248]|f[248]|c(8|16)|U\d{1,6})$")
# NumPy's random generators cross as their bit generator's state (plain data), rebuilt on the other side
BIT_GENERATORS = {n: getattr(np.random, n) for n in ("PCG64", "PCG64DXSM", "MT19937", "Philox", "SFC64")}
# exceptions re-raised as themselves on the other side (by name); any other becomes a RemoteError
BUILTIN_ERRORS = {e.__name__: e for e in (
    ArithmeticError, AssertionError, AttributeError, FloatingPointError, IndexError, KeyError, LookupError,
    MemoryError, NameError, NotImplementedError, OverflowError, RecursionError, RuntimeError, TypeError,
    ValueError, ZeroDivisionError)}


class WireError(ValueError):
    """A message that is not plain data in the agreed form."""


class RemoteError(Exception):
    """An error raised on the other side whose type is not a plain Python error."""


# ----------------------------------------------------------------------------- the codec

def _array(a: np.ndarray, scalar: bool = False) -> dict:
    out = {"$": "nd", "dtype": a.dtype.str, "shape": list(a.shape)}
    if a.dtype.kind == "U":
        out["items"] = [str(v) for v in a.ravel().tolist()]
    else:
        out["b64"] = base64.b64encode(np.ascontiguousarray(a).tobytes()).decode("ascii")
    if scalar:
        out["scalar"] = True
    return out


def plain_array(obj) -> np.ndarray | None:
    """``obj`` as an array that may cross (right dtype), or None."""
    a = np.asarray(obj)
    return a if DTYPE.match(a.dtype.str) else None


def encode(obj, other, depth: int = 0):
    """``obj`` as JSON-ready data; ``other(obj)`` gives the tag of anything that is not plain data."""
    if depth > MAX_DEPTH:
        raise WireError("nested too deeply")
    if obj is None or isinstance(obj, bool):
        return None if obj is None else bool(obj)
    if isinstance(obj, (np.generic, np.ndarray)):  # before float: np.float64 is a float
        a = plain_array(obj)
        if a is not None:
            return _array(a, scalar=isinstance(obj, np.generic))
        return other(obj)
    if isinstance(obj, int):
        return int(obj)
    if isinstance(obj, float):
        return float(obj)
    if isinstance(obj, str):
        return str(obj)
    if isinstance(obj, np.random.Generator) and type(obj.bit_generator).__name__ in BIT_GENERATORS:
        return {"$": "rng", "state": encode(obj.bit_generator.state, other, depth + 1)}
    if isinstance(obj, (list, tuple)):
        items = [encode(v, other, depth + 1) for v in list(obj)]
        return items if isinstance(obj, list) else {"$": "tuple", "v": items}
    if isinstance(obj, dict):
        pairs = list(obj.items())
        return {"$": "dict", "k": [encode(k, other, depth + 1) for k, _ in pairs],
                "v": [encode(v, other, depth + 1) for _, v in pairs]}
    return other(obj)


def decode(data, handle, callback, depth: int = 0):
    """The value ``data`` (from ``json.loads``) stands for; ``handle(id)``/``callback(id)`` resolve tags."""
    if depth > MAX_DEPTH:
        raise WireError("nested too deeply")
    if data is None or type(data) in (bool, int, float, str):
        return data
    if type(data) is list:
        return [decode(v, handle, callback, depth + 1) for v in data]
    if type(data) is not dict:
        raise WireError(f"not plain data: {type(data).__name__}")
    tag = data.get("$")
    if tag == "tuple" and type(data.get("v")) is list:
        return tuple(decode(v, handle, callback, depth + 1) for v in data["v"])
    if tag == "dict" and type(data.get("k")) is list and type(data.get("v")) is list \
            and len(data["k"]) == len(data["v"]):
        keys = [decode(k, handle, callback, depth + 1) for k in data["k"]]
        try:
            return dict(zip(keys, (decode(v, handle, callback, depth + 1) for v in data["v"]), strict=True))
        except TypeError as e:
            raise WireError(f"a dict key that cannot be a key: {e}") from None
    if tag == "nd":
        return _decode_array(data)
    if tag == "rng":
        state = decode(data.get("state"), handle, callback, depth + 1)
        name = state.get("bit_generator") if type(state) is dict else None
        if name not in BIT_GENERATORS:
            raise WireError("a random generator of an unknown kind")
        bit = BIT_GENERATORS[name]()
        try:
            bit.state = state
        except (TypeError, ValueError, KeyError) as e:
            raise WireError(f"a malformed random generator state: {e}") from None
        return np.random.Generator(bit)
    if tag in ("handle", "callback") and type(data.get("id")) is int:
        return (handle if tag == "handle" else callback)(data["id"])
    raise WireError(f"not plain data: tag {str(tag)[:40]!r}")


def _decode_array(data: dict):
    dtype, shape = data.get("dtype"), data.get("shape")
    if type(dtype) is not str or not DTYPE.match(dtype):
        raise WireError(f"an array of a dtype that may not cross: {str(dtype)[:40]!r}")
    if type(shape) is not list or len(shape) > 32 or any(type(n) is not int or n < 0 for n in shape):
        raise WireError("an array with a malformed shape")
    dt = np.dtype(dtype)
    size = int(np.prod(shape, dtype=np.int64)) if shape else 1
    if dt.kind == "U":
        items = data.get("items")
        if type(items) is not list or len(items) != size or any(type(s) is not str for s in items):
            raise WireError("a string array whose items do not match its shape")
        a = np.array(items, dtype=dt).reshape(shape)
    else:
        raw = data.get("b64")
        if type(raw) is not str:
            raise WireError("an array without its bytes")
        buf = base64.b64decode(raw.encode("ascii"), validate=True)
        if len(buf) != size * dt.itemsize:
            raise WireError("an array whose bytes do not match its shape")
        a = np.frombuffer(buf, dtype=dt).reshape(shape).copy()
    return a[()] if data.get("scalar") is True and a.ndim == 0 else a


def error_of(e: BaseException) -> dict:
    return {"error": {"type": type(e).__name__[:100], "message": str(e)[:2000]}}


def raise_error(err) -> None:
    """Raise the error an ``{"error": ...}`` reply describes (its message as data, nothing else)."""
    if type(err) is not dict:
        raise WireError("a malformed error")
    name, msg = str(err.get("type", "Error"))[:100], str(err.get("message", ""))[:2000]
    cls = BUILTIN_ERRORS.get(name)
    raise (cls(msg) if cls else RemoteError(f"{name}: {msg}"))


# ----------------------------------------------------------------------------- the student's kernel

_objects: dict[int, object] = {}  # handle id -> the object it stands for
_ids: dict[int, int] = {}  # id(object) -> handle id: one object, one handle


def _handle(obj) -> dict:
    if hasattr(type(obj), "__array__") and not isinstance(obj, np.ndarray):  # a tensor, a Keras variable
        try:
            a = plain_array(obj)
            if a is not None:
                return _array(a)
        except Exception:  # noqa: BLE001 (then it stays here as a handle)
            pass
    key = id(obj)
    if key not in _ids:
        _ids[key] = len(_objects) + 1
        _objects[_ids[key]] = obj
    return {"$": "handle", "id": _ids[key]}


def _own(hid: int):
    if hid not in _objects:
        raise WireError(f"no object #{hid} here")
    return _objects[hid]


def _callback(cid: int):
    """A function that asks the trusted kernel to run its callable ``cid`` (over the kernel's stdin)."""
    def call(*args, **kwargs):
        from IPython import get_ipython

        req = json.dumps({"$callback": cid, "args": encode(list(args), _handle),
                          "kwargs": encode(kwargs, _handle)})
        reply = json.loads(get_ipython().kernel.raw_input(req))
        if "error" in reply:
            raise_error(reply["error"])
        return decode(reply.get("ok"), _own, _callback)

    call.__name__ = call.__qualname__ = f"grader_function_{cid}"
    return call


def _state_of(obj, depth: int = 0) -> str:
    """A digest of what a call could change in place: arrays, lists and dicts (the rest cannot change)."""
    if depth > MAX_DEPTH:
        return "deep"
    if isinstance(obj, np.ndarray):
        data = np.ascontiguousarray(obj).tobytes() if obj.dtype.kind != "O" else repr(obj).encode()
        return f"nd{obj.dtype.str}{obj.shape}" + hashlib.blake2b(data, digest_size=16).hexdigest()
    if isinstance(obj, list):
        return "[" + ",".join(_state_of(v, depth + 1) for v in obj) + "]"
    if isinstance(obj, dict):
        return "{" + ",".join(f"{k!r}:{_state_of(v, depth + 1)}" for k, v in obj.items()) + "}"
    if isinstance(obj, tuple):
        return "(" + ",".join(_state_of(v, depth + 1) for v in obj) + ")"
    if isinstance(obj, np.random.Generator):
        return "rng" + repr(obj.bit_generator.state)
    return "." if isinstance(obj, (int, float, str, bool, type(None))) else f"id{id(obj)}"


def serve(request: str) -> str:
    """Answer one request of the trusted kernel (a JSON string); the reply is a JSON string.

    ``{"op": "get", "name": n}``: the value of a global. ``{"op": "call", "target": id, "args": ...,
    "kwargs": ...}``: call an object; the reply carries the arguments again where the call changed
    them, so in-place changes reach the caller. ``{"op": "getattr", "target": id, "name": n}``.
    ``{"op": "seed", "seed": s}``: seed Python, NumPy and Keras as the test cell does.
    """
    from IPython import get_ipython

    try:
        req = json.loads(request)
        op = req.get("op")
        if op == "get":
            ns = get_ipython().user_ns
            if req["name"] not in ns:
                raise NameError(f"name {req['name']!r} is not defined")
            return json.dumps({"ok": encode(ns[req["name"]], _handle)})
        if op == "getattr":
            return json.dumps({"ok": encode(getattr(_own(req["target"]), str(req["name"])), _handle)})
        if op == "seed":
            import random
            import sys

            random.seed(req["seed"])
            np.random.seed(req["seed"])
            if "keras" in sys.modules:
                sys.modules["keras"].utils.set_random_seed(req["seed"])
            return json.dumps({"ok": None})
        if op == "call":
            fn = _own(req["target"])
            args = decode(req["args"], _own, _callback)
            kwargs = decode(req["kwargs"], _own, _callback)
            if type(args) is not list or type(kwargs) is not dict:
                raise WireError("malformed call")
            before = [_state_of(a) for a in args]
            before_kw = {k: _state_of(v) for k, v in kwargs.items()}
            result = fn(*args, **kwargs)
            out = {"ok": encode(result, _handle)}
            after = {f"a{i}": encode(a, _handle) for i, a in enumerate(args) if _state_of(a) != before[i]}
            after.update({f"k{k}": encode(v, _handle) for k, v in kwargs.items() if _state_of(v) != before_kw[k]})
            if after:
                out["changed"] = after
            return json.dumps(out)
        raise WireError(f"unknown request {str(op)[:40]!r}")
    except BaseException as e:  # noqa: BLE001 (an answer's error is data for the test)
        return json.dumps(error_of(e))
