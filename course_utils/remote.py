"""The trusted kernel's side of grading: proxies into the student's kernel, and a clean lesson state.

When ``course grade`` grades a submission, the instructor's notebook has already run in a *trusted*
kernel (the grader's). Each test cell runs there, against that lesson state, with the names the
exercise asks for bound to what the student's (sandboxed) kernel holds: plain data as itself, anything
else (a function, a model) as a :class:`Handle` that can only be called or asked for an attribute.
Arguments go in and results come back as plain data (:mod:`course_utils.wire`), so nothing the student's
code does can reach the test's expected values or its comparison, and the hidden tests never enter the
student's kernel.

The grader drives this module with one-line requests: :func:`snapshot` after the lesson ran,
:func:`begin` for each submission, :func:`bind` before each test cell.
"""

from __future__ import annotations

import ast
import json
import time

import numpy as np

from . import wire

MAX_MESSAGE = 512 * 2**20  # bytes of one reply from the student's kernel


class Handle:
    """An object that stays in the student's kernel: call it, or ask for an attribute (not a ``__special__`` one)."""

    __slots__ = ("_remote", "_id", "__weakref__")

    def __init__(self, remote: Remote, hid: int):
        object.__setattr__(self, "_remote", remote)
        object.__setattr__(self, "_id", hid)

    def __getattr__(self, name: str):
        if name.startswith("__") and name.endswith("__"):  # NumPy's __array_interface__, say, stays out
            raise AttributeError(f"{name!r}: special attributes of your objects do not reach the tests")
        return self._remote.request({"op": "getattr", "target": self._id, "name": name})

    def __setattr__(self, name, value):
        raise AttributeError("the tests cannot change your objects")

    def __call__(self, *args, **kwargs):
        return self._remote.call(self._id, args, kwargs)

    def __repr__(self) -> str:
        return f"<an object of your kernel, #{self._id}>"


def _merge(old, new):
    """``new``, written into ``old`` where ``old`` can change in place (what a call did to its arguments)."""
    if isinstance(old, np.ndarray) and isinstance(new, np.ndarray) and old.shape == new.shape \
            and old.flags.writeable:
        np.copyto(old, new, casting="unsafe")
        return old
    if isinstance(old, np.random.Generator) and isinstance(new, np.random.Generator) \
            and type(old.bit_generator) is type(new.bit_generator):
        old.bit_generator.state = new.bit_generator.state  # the draws the call made
        return old
    if isinstance(old, list) and isinstance(new, list):
        old[:] = [_merge(o, n) for o, n in zip(old, new, strict=False)] + new[len(old):]
        return old
    if isinstance(old, dict) and isinstance(new, dict):
        for k in [k for k in old if k not in new]:
            del old[k]
        for k, v in new.items():
            old[k] = _merge(old[k], v) if k in old else v
        return old
    return new


class Remote:
    """The trusted kernel's connection to the student's kernel (shell, stdin and heartbeat channels)."""

    def __init__(self, info: dict, timeout: float = 600.0):
        import zmq
        from jupyter_client import BlockingKernelClient

        self._ctx = zmq.Context()
        self._ctx.setsockopt(zmq.MAXMSGSIZE, MAX_MESSAGE)  # a larger reply drops the connection
        self.kc = BlockingKernelClient(context=self._ctx)
        self.kc.load_connection_info(info)
        self.kc.start_channels(iopub=False, control=False)
        self.timeout = timeout
        self.handles: dict[int, Handle] = {}
        self.callbacks: dict[int, object] = {}
        self._busy = False

    def close(self) -> None:
        try:
            self.kc.stop_channels()
        finally:
            self._ctx.destroy(linger=0)

    # -- the codec's two ends
    def _handle(self, hid: int) -> Handle:
        if hid not in self.handles:
            self.handles[hid] = Handle(self, hid)
        return self.handles[hid]

    def _callback(self, cid: int):
        if cid not in self.callbacks:
            raise wire.WireError(f"no function #{cid} was given to your code")
        return self.callbacks[cid]

    def _other(self, obj) -> dict:
        """The tag of a test's object that is not plain data: a handle back, or a function to call back."""
        if isinstance(obj, Handle):
            if obj._remote is not self:
                raise wire.WireError("an object of another submission")
            return {"$": "handle", "id": obj._id}
        if hasattr(type(obj), "__array__"):
            a = wire.plain_array(obj)
            if a is not None:
                return wire.encode(a, self._other)
        if callable(obj):
            cid = len(self.callbacks) + 1
            self.callbacks[cid] = obj
            return {"$": "callback", "id": cid}
        raise TypeError(f"the grader cannot pass a {type(obj).__name__} to an answer (tests pass plain data)")

    def _decode(self, data):
        return wire.decode(data, self._handle, self._callback)

    # -- requests
    def call(self, hid: int, args: tuple, kwargs: dict):
        args, kwargs = list(args), dict(kwargs)
        reply = self._send({"op": "call", "target": hid, "args": wire.encode(args, self._other),
                            "kwargs": wire.encode(kwargs, self._other)})
        changed = reply.get("changed") or {}
        if type(changed) is dict:
            for key, enc in changed.items():
                if key.startswith("a") and key[1:].isdigit() and int(key[1:]) < len(args):
                    _merge(args[int(key[1:])], self._decode(enc))
                elif key.startswith("k") and key[1:] in kwargs:
                    _merge(kwargs[key[1:]], self._decode(enc))
        return self._decode(reply.get("ok"))

    def request(self, req: dict):
        return self._decode(self._send(req).get("ok"))

    def _send(self, req: dict) -> dict:
        """Send one request to ``wire.serve`` in the student's kernel; answer its callbacks; its reply."""
        import zmq

        if self._busy:
            raise RuntimeError("a function the test gave your code cannot call your code back")
        expr = f"__import__('course_utils.wire', fromlist=['serve']).serve({json.dumps(req)!r})"
        msg_id = self.kc.execute("", silent=True, store_history=False, user_expressions={"r": expr},
                                 allow_stdin=True)
        shell, stdin = self.kc.shell_channel.socket, self.kc.stdin_channel.socket
        poller = zmq.Poller()
        poller.register(shell, zmq.POLLIN)
        poller.register(stdin, zmq.POLLIN)
        deadline = time.monotonic() + self.timeout
        silent = 0  # seconds in a row without a heartbeat
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"your code did not answer within {self.timeout:g} s")
            events = dict(poller.poll(int(min(left, 1.0) * 1000)))
            if not events:
                silent = 0 if self.kc.is_alive() else silent + 1
                if silent >= 5:
                    raise RuntimeError("your kernel died while the test ran your code")
            if stdin in events:
                m = self.kc.stdin_channel.get_msg(timeout=0)
                if m.get("msg_type") == "input_request":
                    self.kc.input(self._serve_callback(m.get("content", {}).get("prompt", "")))
            if shell in events:
                m = self.kc.shell_channel.get_msg(timeout=0)
                if m.get("parent_header", {}).get("msg_id") == msg_id:
                    return self._reply(m.get("content", {}))

    def _reply(self, content: dict) -> dict:
        r = (content.get("user_expressions") or {}).get("r") or {}
        if content.get("status") != "ok" or r.get("status") != "ok":
            why = r.get("ename") or content.get("ename") or "no answer"
            raise wire.RemoteError(f"your kernel did not answer the grader's request ({why})")
        text = (r.get("data") or {}).get("text/plain")
        try:
            node = ast.parse(text, mode="eval").body
            if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
                raise ValueError
            reply = json.loads(node.value)
        except (TypeError, ValueError, SyntaxError, RecursionError):
            raise wire.WireError("your kernel's answer is not plain data") from None
        if type(reply) is not dict:
            raise wire.WireError("your kernel's answer is not plain data")
        if "error" in reply:
            wire.raise_error(reply["error"])
        return reply

    def _serve_callback(self, prompt: str) -> str:
        """Run the test's function that the student's code called (its arguments decoded strictly)."""
        try:
            req = json.loads(prompt)
            if type(req) is not dict or type(req.get("$callback")) is not int:
                raise wire.WireError("not a call of the grader's function")
            fn = self._callback(req["$callback"])
            args, kwargs = self._decode(req.get("args")), self._decode(req.get("kwargs"))
            if type(args) is not list or type(kwargs) is not dict or any(type(k) is not str for k in kwargs):
                raise wire.WireError("malformed call")
            self._busy = True
            try:
                result = fn(*args, **kwargs)
            finally:
                self._busy = False
            return json.dumps({"ok": wire.encode(result, self._other)})
        except Exception as e:  # noqa: BLE001 (the error goes back to the caller, as data)
            return json.dumps(wire.error_of(e))


# ----------------------------------------------------------------------------- the grader's requests

_state: dict = {"snapshot": None, "data": {}, "remote": None, "names": ()}


def _ns() -> dict:
    from IPython import get_ipython

    return get_ipython().user_ns


def _plain(value, depth: int = 0) -> bool:
    """Plain data (what a deep copy restores exactly): arrays, numbers, strings and containers of those."""
    if depth > 8:
        return False
    if isinstance(value, np.ndarray):
        return value.dtype.kind != "O"
    if value is None or isinstance(value, (bool, int, float, complex, str, np.generic)):
        return True
    if isinstance(value, (list, tuple)):
        return all(_plain(v, depth + 1) for v in value)
    if isinstance(value, dict):
        return all(_plain(v, depth + 1) for v in value.values())
    return False


def snapshot(names: list[str]) -> None:
    """After the lesson ran: remember its namespace (and a copy of its data), and the names the exercises ask for."""
    import copy

    ns = _ns()
    _state["snapshot"], _state["names"] = dict(ns), tuple(names)
    _state["data"] = {k: copy.deepcopy(v) for k, v in ns.items()
                      if not k.startswith("_") and k not in ("In", "Out") and _plain(v)}


def restore() -> None:
    """The lesson's namespace as it was after the lesson: its names, and its data as they were (a test,
    or an answer changing its arguments in place, may have changed an array the lesson made)."""
    import copy

    ns, snap = _ns(), _state["snapshot"]
    if snap is None:
        raise RuntimeError("the trusted kernel has not run the lesson")
    for k in [k for k in ns if k not in snap]:
        del ns[k]
    ns.update(snap)
    ns.update({k: copy.deepcopy(v) for k, v in _state["data"].items()})


def begin(info: dict, timeout: float) -> None:
    """A new submission: the lesson's namespace as it was after the lesson, a connection to its kernel."""
    restore()
    if _state["remote"] is not None:
        _state["remote"].close()
    _state["remote"] = Remote(info, timeout)


def bind() -> None:
    """Before a test cell: both kernels seeded with the course seed; the answer names bound to the student's."""
    ns, remote = _ns(), _state["remote"]
    seed = int(getattr(ns.get("cfg"), "seed", 42))
    import keras

    keras.utils.set_random_seed(seed)
    remote.request({"op": "seed", "seed": seed})
    for name in _state["names"]:
        ns.pop(name, None)  # never the reference solution
        try:
            ns[name] = remote.request({"op": "get", "name": name})
        except NameError:
            pass  # the test fails on it, as it would in the student's kernel
