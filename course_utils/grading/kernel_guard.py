# ruff: noqa
# The guard that GuardedExecute (execute.py) starts in the grading kernel before any submitted code.
# This file is not imported: its text from "def __course_grader_setup" on is sent to the kernel, with
# _MARK replaced by the marker and %(args)s by the arguments (see execute._guard_setup_source).

def __course_grader_setup(nonce, checks_source, checks_path, no_read, no_write, allowed):
    import builtins, sys, types, hashlib, json, threading, os, functools
    import numpy
    import course_utils  # imports Keras quietly, as every notebook's first cell does
    import keras
    import course_utils.checks
    from IPython import get_ipython

    shell = get_ipython()
    kernel = getattr(shell, "kernel", None)
    B = dict(vars(builtins))
    _isinstance, _type, _vars, _id, _len, _sorted = B["isinstance"], B["type"], B["vars"], B["id"], B["len"], B["sorted"]
    _getattr, _setattr, _delattr, _callable, _print = B["getattr"], B["setattr"], B["delattr"], B["callable"], B["print"]
    _list, _dict, _set, _str, _tuple, _enumerate = B["list"], B["dict"], B["set"], B["str"], B["tuple"], B["enumerate"]
    _exec, _compile, _Exception = B["exec"], B["compile"], B["Exception"]
    _sha, _dumps = hashlib.sha256, json.dumps
    _realpath, _fspath, _startswith = os.path.realpath, os.fspath, str.startswith
    _threads = threading.enumerate
    _modules = sys.modules
    _ModuleType, _FunctionType = types.ModuleType, types.FunctionType
    DESCR = (classmethod, staticmethod, property)
    PREFIXES = ("numpy", "keras", "course_utils", "builtins", "math", "functools", "operator",
                "tensorflow._api", "IPython.core.interactiveshell", "ipykernel.ipkernel",
                "ipykernel.kernelbase", "ipykernel.zmqshell", "ipykernel.iostream")
    SKIP_MODULES = {"course_utils.checks"}
    # set by ipykernel around every execution (stdin forwarding), not by the submission
    # swapped by IPython/ipykernel around every execution, not by the submission
    VOLATILE = {"builtins": ("input", "raw_input", "get_ipython", "display", "exit", "quit"),
                "getpass": ("getpass",)}

    def watched(v):
        return _isinstance(v, DESCR) or _isinstance(v, _ModuleType) or (
            _callable(v) and not _isinstance(v, (int, float, str, bytes, bool)))

    def is_watched_module(n):
        for p in PREFIXES:
            if n == p or _startswith(n, p + "."):
                return n not in SKIP_MODULES
        return False

    mods, mod_attrs, cls_attrs, funcs = {}, [], [], []
    seen_cls, seen_fn = _set(), _set()

    def add_function(qual, f):
        if _isinstance(f, (classmethod, staticmethod)):
            f = f.__func__
        if _isinstance(f, _FunctionType) and _id(f) not in seen_fn:
            seen_fn.add(_id(f))
            funcs.append((qual, f, f.__code__, f.__defaults__, f.__kwdefaults__))

    def add_class(cls):
        if _id(cls) in seen_cls:
            return
        seen_cls.add(_id(cls))
        modname = _getattr(cls, "__module__", "") or ""
        if not is_watched_module(modname) or modname == "builtins":
            return
        try:
            d = {k: v for k, v in _vars(cls).items() if watched(v) and k != "__dict__" and k != "__weakref__"}
        except _Exception:
            return
        qual = modname + "." + _getattr(cls, "__qualname__", "?")
        cls_attrs.append((qual, cls, d))
        for k, v in d.items():
            add_function(qual + "." + k, v)

    def snapshot_module(n, m):
        mods[n] = m
        try:
            d = {k: v for k, v in _vars(m).items() if watched(v)}
        except _Exception:
            return
        for k in VOLATILE.get(n, ()):
            d.pop(k, None)
        if n == "course_utils":
            d.pop("checks", None)
        mod_attrs.append((n, m, d))
        for k, v in d.items():
            if _isinstance(v, _type):
                add_class(v)
            else:
                add_function(n + "." + k, v)

    LIBRARIES = ("matplotlib", "matplotlib_inline", "IPython", "ipykernel", "ipywidgets", "tqdm",
                 "keras", "tensorflow", "numpy", "jax", "threading", "concurrent", "multiprocessing",
                 "absl", "comm", "traitlets", "zmq", "jupyter_client")

    def from_library(cb):
        f = _getattr(cb, "__func__", cb)
        mod = _getattr(f, "__module__", None) or ""
        if not _isinstance(mod, _str) or mod == "__main__" or _isinstance(f, functools.partial):
            return False
        return mod.split(".")[0] in LIBRARIES

    def snapshot_new_modules():
        for n, m in _list(_modules.items()):
            if n not in mods and _isinstance(m, _ModuleType) and is_watched_module(n):
                snapshot_module(n, m)

    snapshot_new_modules()
    for obj in (shell, kernel, getattr(shell, "displayhook", None), getattr(shell, "display_pub", None),
                getattr(kernel, "session", None), sys.stdout, sys.stderr,
                getattr(shell, "input_transformer_manager", None), getattr(shell, "compile", None)):
        if obj is not None:
            for cls in _type(obj).__mro__:
                if cls is not object:
                    seen_cls.discard(_id(cls))
                    modname = _getattr(cls, "__module__", "") or ""
                    d = {k: v for k, v in _vars(cls).items() if watched(v) and k not in ("__dict__", "__weakref__")}
                    cls_attrs.append((modname + "." + cls.__qualname__, cls, d))
    instances = []
    for label, obj in (("shell", shell), ("kernel", kernel)):
        if obj is not None:
            instances.append((label, obj, {k: v for k, v in _vars(obj).items() if _callable(v)}))
    itm = getattr(shell, "input_transformer_manager", None)
    lists = [("shell.input_transformers_cleanup", shell.input_transformers_cleanup),
             ("shell.input_transformers_post", shell.input_transformers_post),
             ("shell.ast_transformers", shell.ast_transformers),
             ("sys.meta_path", sys.meta_path), ("sys.path_hooks", sys.path_hooks)]
    if itm is not None:
        for a in ("cleanup_transforms", "line_transforms", "token_transformers"):
            if _isinstance(_getattr(itm, a, None), _list):
                lists.append(("input_transformer_manager." + a, _getattr(itm, a)))
    lists = [(n, l, _list(l)) for n, l in lists]
    events = {k: _list(v) for k, v in shell.events.callbacks.items()}
    sysattrs = {k: _getattr(sys, k) for k in ( "stdout", "stderr", "stdin",
                                             "meta_path", "path_hooks", "modules", "breakpointhook")}
    hooks0 = (sys.gettrace(), sys.getprofile(), threading.gettrace() if hasattr(threading, "gettrace") else None)
    custom0 = (shell.custom_exceptions, shell.CustomTB)
    threads0 = _set(_threads())
    checks_code = _compile(checks_source, checks_path, "exec")
    cu_pkg = _modules["course_utils"]
    checks_orig = _modules["course_utils.checks"]
    checks_orig_d = {k: v for k, v in _vars(checks_orig).items() if watched(v)}
    state = {"n": 0, "fresh": None, "fresh_dict": None, "user_checks": {}, "blocked": []}
    aliases = {}
    user_ns = shell.user_ns

    # ---- an audit hook (it cannot be removed): no reading the solutions or other submissions,
    # no writing to the course or the environment, no new processes, no tracing
    def _norm(p):
        try:
            if _isinstance(p, int):
                return None
            p = _fspath(p)
            if _isinstance(p, bytes):
                p = p.decode("utf-8", "replace")
            return _realpath(p)
        except _Exception:
            return None

    def _under(p, roots):
        for r in roots:
            if p == r or _startswith(p, r + os.sep):
                return True
        return False

    def audit(event, args):
        if event == "open" or event == "sqlite3.connect" or event == "os.listdir" or event == "os.scandir":
            p = _norm(args[0]) if args else None
            if p is None or _under(p, allowed):
                return
            writing = False
            if event == "open" and _len(args) > 1:
                mode = args[1]
                flags = args[2] if _len(args) > 2 else 0
                writing = (_isinstance(mode, _str) and any(c in mode for c in "wax+")) or (
                    _isinstance(flags, int) and (flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT)) != 0)
            if _under(p, no_read) or (writing and _under(p, no_write)):
                state["blocked"].append(("write " if writing else "read ") + p)
                raise PermissionError("blocked by the course grader: " + p)
        elif event in ("subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn",
                       "os.fork", "os.forkpty", "pty.spawn", "sys.settrace", "sys.setprofile",
                       "ctypes.dlopen", "ctypes.call_function", "os.kill", "os.killpg"):
            if event in ("os.kill", "os.killpg") and args and args[0] != os.getpid():
                return
            state["blocked"].append(event)
            raise PermissionError("blocked by the course grader: " + event)

    sys.addaudithook(audit)

    def token(n):
        return _sha((nonce + ":" + _str(n)).encode()).hexdigest()

    def install_fresh_checks():
        m = _ModuleType("course_utils.checks")
        m.__file__ = checks_path
        m.__package__ = "course_utils"
        _exec(checks_code, m.__dict__)
        _modules["course_utils.checks"] = m
        cu_pkg.__dict__["checks"] = m
        state["fresh"], state["fresh_dict"] = m, _dict(m.__dict__)
        state["user_checks"] = {k: user_ns.get(k) for k in m.__dict__ if not k.startswith("_")}

    def compare(restore):
        diffs = []
        od = checks_orig.__dict__
        for k, v in checks_orig_d.items():
            if od.get(k, checks_orig_d) is not v:
                diffs.append("course_utils.checks." + k)
                if restore:
                    od[k] = v
        m = _modules.get("course_utils.checks")
        if m is not checks_orig and m is not state["fresh"]:
            diffs.append("sys.modules['course_utils.checks']")
        for n, m in mods.items():
            if _modules.get(n) is not m:
                diffs.append("sys.modules[%r]" % n)
                if restore:
                    _modules[n] = m
        for n, m, d in mod_attrs:
            md = m.__dict__
            for k, v in d.items():
                if md.get(k, d) is not v:
                    diffs.append(n + "." + k)
                    if restore:
                        md[k] = v
        for qual, cls, d in cls_attrs:
            try:
                cd = _vars(cls)
            except _Exception:
                continue
            for k, v in d.items():
                if cd.get(k, d) is not v:
                    diffs.append(qual + "." + k)
                    if restore:
                        try:
                            _setattr(cls, k, v)
                        except _Exception:
                            pass
            for k in _list(cd.keys()):
                if k not in d and watched(cd[k]) and not k.startswith("_abc") and k not in ("__doc__",):
                    if _isinstance(cd[k], (_FunctionType,) + DESCR):
                        diffs.append(qual + "." + k + " (added)")
                        if restore:
                            try:
                                _delattr(cls, k)
                            except _Exception:
                                pass
        for qual, f, code, defaults, kwdefaults in funcs:
            if f.__code__ is not code or f.__defaults__ is not defaults or f.__kwdefaults__ is not kwdefaults:
                diffs.append(qual + " (code or defaults)")
                if restore:
                    f.__code__, f.__defaults__, f.__kwdefaults__ = code, defaults, kwdefaults
        for label, obj, d in instances:
            od = _vars(obj)
            for k in _list(od.keys()):
                v = od[k]
                if _callable(v) and d.get(k, d) is not v:
                    diffs.append(label + "." + k)
                    if restore:
                        if k in d:
                            od[k] = d[k]
                        else:
                            del od[k]
        for n, l, items in lists:
            if _len(l) != _len(items) or any(a is not b for a, b in zip(l, items)):
                diffs.append(n)
                if restore:
                    l[:] = items
        cur = shell.events.callbacks
        for k, v in events.items():
            now = cur.get(k, [])
            if _len(now) != _len(v) or any(a is not b for a, b in zip(now, v)):
                known = [cb for cb in v if any(cb is x for x in now)]
                added = [cb for cb in now if not any(cb is x for x in v)]
                library = [cb for cb in added if from_library(cb)]
                if _len(known) == _len(v) and _len(library) == _len(added):
                    v[:] = _list(now)  # e.g. matplotlib-inline's post_execute hook: accepted
                    continue
                diffs.append("shell.events[%r]" % k)
                if restore:
                    now[:] = v + library
                    v[:] = _list(now)
        for k, v in sysattrs.items():
            if _getattr(sys, k) is not v:
                diffs.append("sys." + k)
                if restore:
                    _setattr(sys, k, v)
        if (shell.custom_exceptions, shell.CustomTB) != custom0:
            diffs.append("shell.set_custom_exc")
            if restore:
                shell.custom_exceptions, shell.CustomTB = custom0
        if (sys.gettrace(), sys.getprofile()) != hooks0[:2]:
            diffs.append("sys.settrace/setprofile")
        for k, v in _list(user_ns.items()):
            if _isinstance(v, _ModuleType) or k in aliases:
                name = _getattr(v, "__name__", None) if _isinstance(v, _ModuleType) else None
                if k not in aliases:
                    if name in mods and mods[name] is not v:
                        diffs.append("%s (a fake %s)" % (k, name))
                        if restore:
                            user_ns[k] = mods[name]
                        aliases[k] = mods[name]
                    else:
                        aliases[k] = v
                elif aliases[k] is not v:
                    diffs.append("%s (rebound)" % k)
                    if restore:
                        user_ns[k] = aliases[k]
        new = [t.name for t in _threads() if t not in threads0 and t.is_alive() and not (
            from_library(_getattr(t, "_target", None) or _type(t).run))]
        if new:
            diffs.append("threads started: " + ", ".join(_sorted(new)))
        if state["blocked"]:
            diffs.extend("blocked: " + b for b in state["blocked"])
            state["blocked"] = []
        return diffs

    def check(n, phase):
        state["n"] += 1
        diffs = compare(restore=True)
        if phase == "post" and state["fresh"] is not None:
            fd, cur = state["fresh_dict"], state["fresh"].__dict__
            for k, v in fd.items():
                if cur.get(k, fd) is not v:
                    diffs.append("course_utils.checks." + k)
            for k, before in state["user_checks"].items():
                v = user_ns.get(k)
                if v is not before and v is not fd.get(k):
                    diffs.append(k + " (rebound)")
        if phase == "pre":
            install_fresh_checks()
        snapshot_new_modules()
        return _MARK + " " + _dumps({"token": token(n), "phase": phase, "diffs": diffs})

    return check
