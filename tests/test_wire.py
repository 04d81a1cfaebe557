"""The boundary of the verdict (course_utils.wire, course_utils.remote): only plain data crosses, decoded strictly."""

from __future__ import annotations

import base64
import json

import numpy as np
import pytest

from course_utils import remote, wire


def _no(_):
    raise AssertionError("no handle or callback expected")


def roundtrip(value):
    data = json.loads(json.dumps(wire.encode(value, _no)))
    return wire.decode(data, _no, _no)


@pytest.mark.parametrize("value", [
    None, True, 3, 2**70, -1.5, "text", [1, [2.0, "x"]], (1, (2, 3)), {"a": 1, 2: (3,), (4, "b"): None},
    float("inf"),
])
def test_plain_values_cross_as_themselves(value):
    got = roundtrip(value)
    assert got == value and type(got) is type(value)


@pytest.mark.parametrize("array", [
    np.arange(6, dtype=np.float32).reshape(2, 3), np.array([True, False]), np.array([1, 2], dtype=np.uint8),
    np.array([1 + 2j]), np.array(["ab", "c"]), np.zeros((0, 4)), np.float64(2.5), np.int32(7),
])
def test_arrays_and_numpy_scalars_keep_dtype_shape_and_values(array):
    got = roundtrip(array)
    assert type(got) is type(array) and got.dtype == array.dtype and np.shape(got) == np.shape(array)
    assert np.array_equal(got, array)


def test_nan_crosses():
    assert np.isnan(roundtrip(float("nan"))) and np.isnan(roundtrip(np.array([np.nan]))[0])


class Lying(float):
    def __eq__(self, other):
        return True


def test_subclasses_become_their_plain_base():
    got = roundtrip(Lying(1.0))
    assert type(got) is float and got != 2.0


def test_anything_else_becomes_a_handle():
    seen = []

    def other(obj):
        seen.append(obj)
        return {"$": "handle", "id": len(seen)}

    data = wire.encode([print, np.array([object()], dtype=object)], other)
    assert data == [{"$": "handle", "id": 1}, {"$": "handle", "id": 2}]


@pytest.mark.parametrize("data", [
    {"$": "pickle", "v": "gASV"},  # an unknown tag
    {"$": "nd", "dtype": "|O", "shape": [1], "b64": ""},  # object arrays never
    {"$": "nd", "dtype": "|V8", "shape": [1], "b64": base64.b64encode(b"12345678").decode()},
    {"$": "nd", "dtype": "<f8", "shape": [2], "b64": base64.b64encode(b"\0" * 8).decode()},  # bytes != shape
    {"$": "nd", "dtype": "<f8", "shape": [-1], "b64": ""},
    {"$": "nd", "dtype": "<U3", "shape": [2], "items": ["a", 3]},
    {"$": "dict", "k": [[1, 2]], "v": [3]},  # a list cannot be a key
    {"$": "tuple", "v": "abc"},
    {"$": "handle", "id": "1"},
])
def test_malformed_data_is_refused(data):
    with pytest.raises(wire.WireError):
        wire.decode(data, lambda i: i, lambda i: i)


def test_depth_is_bounded():
    data = []
    for _ in range(wire.MAX_DEPTH + 5):
        data = [data]
    with pytest.raises(wire.WireError):
        wire.decode(data, _no, _no)


def test_errors_cross_as_their_builtin_type_or_as_a_remote_error():
    with pytest.raises(ValueError, match="bad"):
        wire.raise_error(wire.error_of(ValueError("bad"))["error"])

    class Custom(Exception):
        pass

    with pytest.raises(wire.RemoteError, match="Custom: odd"):
        wire.raise_error(wire.error_of(Custom("odd"))["error"])


def test_a_handle_offers_calls_and_attributes_but_no_special_ones():
    calls = []

    class FakeRemote:
        def request(self, req):
            calls.append(req)
            return "value"

        def call(self, hid, args, kwargs):
            calls.append((hid, args, kwargs))
            return 1

    h = remote.Handle(FakeRemote(), 5)
    assert h.predict == "value" and h(2, k=3) == 1
    for name in ("__array_interface__", "__array_struct__", "__code__", "__globals__"):
        with pytest.raises(AttributeError):
            getattr(h, name)
    with pytest.raises(AttributeError):
        h.x = 1
    assert calls == [{"op": "getattr", "target": 5, "name": "predict"}, (5, (2,), {"k": 3})]
    assert not isinstance(np.asarray(h).dtype, np.dtypes.Float64DType)  # never numbers made up from a handle


def test_what_a_call_changed_in_place_reaches_the_callers_objects():
    a, d = np.zeros(3), {"w": np.ones(2), "gone": 1}
    remote._merge(a, np.array([1.0, 2.0, 3.0]))
    remote._merge(d, {"w": np.array([5.0, 6.0]), "new": 2})
    assert a.tolist() == [1, 2, 3] and d.keys() == {"w", "new"} and d["w"].tolist() == [5, 6]


def test_serve_answers_with_plain_data_and_errors(monkeypatch):
    ns = {"f": lambda x, y=1: np.asarray(x) * y, "CONST": (1, "a")}

    class Shell:
        user_ns = ns

    monkeypatch.setattr("IPython.get_ipython", lambda: Shell())
    reply = json.loads(wire.serve(json.dumps({"op": "get", "name": "CONST"})))
    assert wire.decode(reply["ok"], _no, _no) == (1, "a")
    h = json.loads(wire.serve(json.dumps({"op": "get", "name": "f"})))["ok"]
    assert h["$"] == "handle"
    args = wire.encode([np.arange(3.0)], _no)
    reply = json.loads(wire.serve(json.dumps({"op": "call", "target": h["id"], "args": args,
                                              "kwargs": wire.encode({"y": 2}, _no)})))
    assert wire.decode(reply["ok"], _no, _no).tolist() == [0, 2, 4]
    assert json.loads(wire.serve(json.dumps({"op": "get", "name": "missing"})))["error"]["type"] == "NameError"
    assert json.loads(wire.serve("not json"))["error"]["type"] == "JSONDecodeError"


def test_a_random_generator_crosses_with_its_state_and_its_draws_come_back():
    rng = np.random.default_rng(11)
    got = roundtrip(rng)
    assert got is not rng and got.random() == np.random.default_rng(11).random()
    remote._merge(rng, got)  # the draws the answer made, written back into the test's generator
    expected = np.random.default_rng(11)
    expected.random()
    assert rng.random() == expected.random()
    with pytest.raises(wire.WireError):
        wire.decode({"$": "rng", "state": {"$": "dict", "k": ["bit_generator"], "v": ["os.system"]}}, _no, _no)


def test_each_submission_starts_from_the_lesson_as_it_was(monkeypatch):
    """An answer that changes a lesson array in place (written back into the trusted kernel), or a test
    that rebinds a name, cannot change what the next submission's tests see."""
    x_train = np.arange(4.0)
    model = object()
    ns = {"x_train": x_train, "labels": [1, 2], "model": model, "In": ["cell"]}

    class Shell:
        user_ns = ns

    monkeypatch.setattr("IPython.get_ipython", lambda: Shell())
    monkeypatch.setattr(remote, "_state", {"snapshot": None, "data": {}, "remote": None, "names": ()})
    remote.snapshot(["answer"])
    remote._merge(ns["x_train"], np.full(4, 9.0))  # an answer's in-place change, written back
    ns["labels"].append(3)
    ns["answer"], ns["model"] = "bound for one submission", "rebound"
    remote.restore()
    assert ns["x_train"].tolist() == [0, 1, 2, 3] and ns["labels"] == [1, 2]
    assert ns["model"] is model and "answer" not in ns
