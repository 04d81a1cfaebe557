"""Execute the day notebooks headless with nbclient (``course run``)."""

from __future__ import annotations

import os
import re
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .claims import CLAIMS_ENV, read_claims
from .data import REPO_ROOT
from .report import KEY_FIGURES_ENV, format_key_figures, read_key_figures

NOTEBOOK_DIR = REPO_ROOT / "notebooks"
BUILD_DIR = REPO_ROOT / "build" / "executed"
_DAY_RE = re.compile(r"^Day(\d{2})_[a-z0-9_]+\.ipynb$")


def day_notebooks(folder: Path | None = None) -> dict[int, Path]:
    """``{day number: path}`` of the ``DayNN_<slug>.ipynb`` notebooks in ``folder`` (default: notebooks/)."""
    found = {}
    for path in sorted(Path(folder or NOTEBOOK_DIR).glob("Day*.ipynb")):
        m = _DAY_RE.match(path.name)
        if m:
            found[int(m.group(1))] = path
    return found


def select(days: list[int] | None, folder: Path | None = None) -> list[Path]:
    available = day_notebooks(folder)
    if not days:
        return [available[d] for d in sorted(available)]
    missing = [d for d in days if d not in available]
    if missing:
        have = ", ".join(str(d) for d in sorted(available)) or "none"
        raise SystemExit(f"no notebook for day(s) {missing}; days available: {have}")
    return [available[d] for d in days]


@contextmanager
def _env(**values: str | None):
    old = {k: os.environ.get(k) for k in values}
    for k, v in values.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


@dataclass
class RunResult:
    path: Path
    output: Path
    seconds: float
    status: str  # "ok" or "failed"
    error: str = ""
    figures: list = field(default_factory=list)  # what the notebook reported with key_figure()
    claims: list = field(default_factory=list)  # what the notebook checked with claim()
    seed: int | None = None
    backend: str = ""


def use_ipc(km):
    """Make a local kernel manager talk over IPC sockets instead of TCP ports (POSIX only).

    Kernels started side by side then can't race for the same free port ("Address already in use"),
    and Jupyter doesn't warn about a kernel on TCP. The socket path is absolute and unique to this
    process and moment, because the kernel may run in another folder. A socket path has a hard
    length limit (107 bytes on Linux, 103 on macOS): the sockets go to Jupyter's runtime folder, or
    to the temporary folder when that path would be too long, or the kernel stays on TCP when both
    would. jupyter_client removes the socket files when the kernel is cleaned up. Returns ``km``.
    """
    if os.name != "posix":
        return km
    import zmq
    from jupyter_core.paths import jupyter_runtime_dir

    limit = getattr(zmq, "IPC_PATH_MAX_LEN", 103) - 4  # room for the "-N" channel suffix
    name = f"course-kernel-{os.getpid()}-{time.monotonic_ns()}"
    for folder in (jupyter_runtime_dir(), tempfile.gettempdir()):
        path = os.path.join(os.path.abspath(folder), name)
        if len(path.encode()) <= limit:
            os.makedirs(folder, exist_ok=True)
            km.transport, km.ip = "ipc", path
            break
    return km


class IPCKernels:
    """Mixin for nbclient's ``NotebookClient`` and what is built on it (nbgrader's ``Execute``): the
    kernel the client creates, and so owns and shuts down, runs over IPC sockets (``use_ipc``)."""

    def create_kernel_manager(self):
        return use_ipc(super().create_kernel_manager())


def run_notebook(
    path: Path,
    *,
    smoke: bool,
    inplace: bool = False,
    out_dir: Path = BUILD_DIR,
    timeout: int | None = None,
    progress: bool = True,
    seed: int | None = None,
    keras_backend: str | None = None,
) -> RunResult:
    """Execute one notebook top to bottom in a fresh kernel, in the notebook's own folder.

    ``seed`` sets ``COURSE_SEED`` and ``keras_backend`` sets ``KERAS_BACKEND`` for its kernel (default:
    whatever the environment says)."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
    from tqdm.auto import tqdm

    nb = nbformat.read(path, as_version=4)
    code_cells = sum(1 for c in nb.cells if c.cell_type == "code")
    bar = tqdm(total=code_cells, desc=path.stem, unit="cell", leave=False, disable=not progress)
    class Client(IPCKernels, NotebookClient):
        pass

    client = Client(
        nb,
        timeout=timeout if timeout is not None else (600 if smoke else 3600),
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=not inplace,  # keep committed notebooks free of timestamps
        on_cell_executed=lambda **_: bar.update(1),
    )
    output = path if inplace else Path(out_dir) / path.name
    start = time.perf_counter()
    status, error = "ok", ""
    with tempfile.TemporaryDirectory() as tmp:
        figures_file = os.path.join(tmp, "key_figures.jsonl")
        claims_file = os.path.join(tmp, "claims.jsonl")
        env = {KEY_FIGURES_ENV: figures_file, CLAIMS_ENV: claims_file}
        if seed is not None:
            env["COURSE_SEED"] = str(seed)
        if keras_backend:
            env["KERAS_BACKEND"] = keras_backend
        with _env(COURSE_SMOKE="1" if smoke else "0", **env):
            try:
                client.execute()
            except (CellExecutionError, CellTimeoutError, DeadKernelError) as e:
                status, error = "failed", str(e).strip().splitlines()[-1] if str(e).strip() else type(e).__name__
            finally:
                bar.close()
        figures = read_key_figures(figures_file)
        claims = read_claims(claims_file)
    seconds = time.perf_counter() - start
    if status == "ok" or not inplace:  # never overwrite a committed notebook with a failed run
        output.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, output)
    return RunResult(
        path, output, seconds, status, error, figures, claims,
        seed=seed if seed is not None else _env_seed(),
        backend=keras_backend or os.environ.get("KERAS_BACKEND", "tensorflow"),
    )


def _env_seed() -> int:
    from .config import get_seed

    return get_seed()


def write_report(results: list[RunResult], path: Path, *, smoke: bool) -> None:
    """The run as JSON: mode, machine, and per notebook its seconds, status and key figures."""
    import json
    import platform
    from datetime import datetime, timezone

    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "mode": "smoke" if smoke else "full",
        "machine": f"{platform.machine()} {platform.system()}, {os.cpu_count()} cores",
        "notebooks": [
            {
                "notebook": r.path.stem, "seconds": r.seconds, "status": r.status, "error": r.error,
                "figures": r.figures, "claims": r.claims, "seed": r.seed, "backend": r.backend,
            }
            for r in results
        ],
    }
    path.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")


def format_table(results: list[RunResult]) -> str:
    rows = [("day", "notebook", "seconds", "status", "claims", "key figures")]
    for r in results:
        m = _DAY_RE.match(r.path.name)
        rows.append((
            m.group(1) if m else "?", r.path.stem, f"{r.seconds:.1f}", r.status, format_claims(r.claims),
            format_key_figures(r.figures),
        ))
    widths = [max(len(row[i]) for row in rows) for i in range(6)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    total = sum(r.seconds for r in results)
    lines.append(f"total {total:.1f} s, {sum(r.status == 'ok' for r in results)}/{len(results)} ok")
    return "\n".join(lines)


def format_claims(claims: list[dict]) -> str:
    """``12/12`` checked claims that held (``11/12, 1 full-only`` when smoke skipped some)."""
    held = sum(c.get("holds") is True for c in claims)
    skipped = sum(c.get("holds") is None for c in claims)
    text = f"{held}/{len(claims)}"
    return text + (f", {skipped} full-only" if skipped else "")
