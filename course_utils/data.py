"""Datasets of the course: where they are looked for, how they are checked, how they load.

MNIST is looked for, in order, in ``$COURSE_DATA_DIR``, in the repository's ``data/mnist/`` cache,
in Keras's cache (``~/.keras/datasets``, or ``$KERAS_HOME/datasets``), and only then downloaded
through ``keras.utils.get_file`` (with its progress bar). A folder may hold the four IDX files
(gzipped or not), as published by LeCun et al., or Keras's ``mnist.npz``. Every file is checked
against the SHA-256 sums below before it is used.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import config

REPO_ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = REPO_ROOT / "data"
DATA_ENV = "COURSE_DATA_DIR"

# SHA-256 of the *uncompressed* IDX bytes: the original .gz files and recompressed copies both pass.
MNIST_IDX_SHA256 = {
    "train-images-idx3-ubyte": "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
    "train-labels-idx1-ubyte": "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
    "t10k-images-idx3-ubyte": "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
    "t10k-labels-idx1-ubyte": "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
}
# Keras's own copy (the hash keras.datasets.mnist checks).
MNIST_NPZ = "mnist.npz"
MNIST_NPZ_SHA256 = "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"
MNIST_NPZ_URL = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz"
MNIST_SHAPES = {
    "train-images-idx3-ubyte": (60000, 28, 28),
    "train-labels-idx1-ubyte": (60000,),
    "t10k-images-idx3-ubyte": (10000, 28, 28),
    "t10k-labels-idx1-ubyte": (10000,),
}

# Smoke mode: a fixed, stratified subset (the first N of each digit, in file order).
SMOKE_TRAIN_PER_CLASS = 200
SMOKE_TEST_PER_CLASS = 50

IQ_CSV = DATA_DIR / "iq_swear.csv"


class DataError(RuntimeError):
    """A dataset could not be used. The message says which file, what is wrong and the fix."""


class ChecksumError(DataError):
    pass


class DataNotFoundError(DataError, FileNotFoundError):
    pass


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: str | os.PathLike) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


# ----------------------------------------------------------------------------- where to look
def keras_cache_dir() -> Path:
    home = os.environ.get("KERAS_HOME") or os.path.join(os.path.expanduser("~"), ".keras")
    return Path(home) / "datasets"


def mnist_search_path() -> list[tuple[str, Path]]:
    """The folders ``load_mnist`` looks in, in order, each with a short label."""
    places = []
    env = os.environ.get(DATA_ENV)
    if env:
        places.append((f"${DATA_ENV}", Path(env).expanduser().resolve()))
    places.append(("repository cache", DATA_DIR / "mnist"))
    places.append(("Keras cache", keras_cache_dir()))
    return places


@dataclass(frozen=True)
class Found:
    kind: str  # "idx" or "npz"
    folder: Path
    label: str
    files: dict[str, Path]


def _idx_files_in(folder: Path) -> dict[str, Path] | None:
    files = {}
    for stem in MNIST_IDX_SHA256:
        for candidate in (folder / f"{stem}.gz", folder / stem):
            if candidate.is_file():
                files[stem] = candidate
                break
        else:
            return None
    return files


def find_mnist() -> Found | None:
    """The first place on the search path that holds MNIST (unchecked), or None."""
    for label, folder in mnist_search_path():
        if not folder.is_dir():
            continue
        idx = _idx_files_in(folder)
        if idx:
            return Found("idx", folder, label, idx)
        if (folder / MNIST_NPZ).is_file():
            return Found("npz", folder, label, {MNIST_NPZ: folder / MNIST_NPZ})
    return None


# ----------------------------------------------------------------------------- reading
def _fix_hint(path: Path) -> str:
    return (
        f"Fix: delete {path} and run again (it is downloaded afresh when you are online), "
        f"or copy a good copy of the MNIST files into {path.parent}."
    )


def read_idx(path: str | os.PathLike, expected_sha256: str | None = None) -> np.ndarray:
    """Read one IDX file (gzipped or not), check its SHA-256, return it as a uint8 array."""
    path = Path(path)
    try:
        raw = path.read_bytes()
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
    except (OSError, EOFError, gzip.BadGzipFile) as e:
        raise DataError(f"{path} cannot be read as a gzip/IDX file ({e}). {_fix_hint(path)}") from e
    if expected_sha256 is not None:
        actual = sha256_bytes(raw)
        if actual != expected_sha256:
            raise ChecksumError(
                f"{path} is corrupt: the SHA-256 of its uncompressed bytes is {actual}, "
                f"expected {expected_sha256}. {_fix_hint(path)}"
            )
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] != 0x08:
        raise DataError(f"{path} is not an unsigned-byte IDX file (bad magic number). {_fix_hint(path)}")
    ndim = raw[3]
    header = 4 + 4 * ndim
    if len(raw) < header:
        raise DataError(f"{path} ends inside its header. {_fix_hint(path)}")
    shape = tuple(int.from_bytes(raw[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim))
    expected_len = header + int(np.prod(shape, dtype=np.int64))
    if len(raw) != expected_len:
        raise DataError(
            f"{path} holds {len(raw) - header} bytes of data but its header announces shape {shape} "
            f"({expected_len - header} bytes). {_fix_hint(path)}"
        )
    return np.frombuffer(raw, dtype=np.uint8, offset=header).reshape(shape)


def _load_idx_folder(found: Found):
    arrays = {}
    for stem, path in found.files.items():
        arr = read_idx(path, MNIST_IDX_SHA256[stem])
        if arr.shape != MNIST_SHAPES[stem]:
            raise DataError(
                f"{path} has shape {arr.shape}, expected {MNIST_SHAPES[stem]}. {_fix_hint(path)}"
            )
        arrays[stem] = arr
    return (
        (arrays["train-images-idx3-ubyte"], arrays["train-labels-idx1-ubyte"]),
        (arrays["t10k-images-idx3-ubyte"], arrays["t10k-labels-idx1-ubyte"]),
    )


def _load_npz(path: Path):
    expected_sha256 = MNIST_NPZ_SHA256
    actual = sha256_file(path)
    if actual != expected_sha256:
        raise ChecksumError(
            f"{path} is corrupt: its SHA-256 is {actual}, expected {expected_sha256}. {_fix_hint(path)}"
        )
    with np.load(path, allow_pickle=False) as f:
        return (f["x_train"], f["y_train"]), (f["x_test"], f["y_test"])


def _download_npz() -> Path:
    from . import backend

    keras = backend.import_keras()
    try:
        # Keras's own downloader: progress bar, cache in ~/.keras/datasets, hash check.
        return Path(
            keras.utils.get_file(MNIST_NPZ, origin=MNIST_NPZ_URL, file_hash=MNIST_NPZ_SHA256)
        )
    except Exception as e:  # offline, proxy, DNS, HTTP error: say what to do instead
        places = "\n".join(f"  - {label}: {folder}" for label, folder in mnist_search_path())
        raise DataNotFoundError(
            f"MNIST was not found locally and could not be downloaded from {MNIST_NPZ_URL} ({e}).\n"
            f"Looked in:\n{places}\n"
            f"Fix: put the four IDX files (train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, "
            f"t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz) or Keras's mnist.npz into "
            f"{DATA_DIR / 'mnist'}, or set {DATA_ENV} to the folder that holds them."
        ) from e


def smoke_indices(labels: np.ndarray, per_class: int) -> np.ndarray:
    """Indices of the first ``per_class`` examples of each class, kept in file order."""
    picked = [np.flatnonzero(labels == c)[:per_class] for c in np.unique(labels)]
    return np.sort(np.concatenate(picked))


def load_mnist(*, smoke: bool | None = None):
    """MNIST as ``((x_train, y_train), (x_test, y_test))``, uint8 images 28×28, like ``keras.datasets``.

    ``smoke=None`` follows the course mode; in smoke mode a fixed, stratified subset is returned
    (200 images of each digit for training, 50 for testing).
    """
    found = find_mnist()
    if found is None:
        (x_tr, y_tr), (x_te, y_te) = _load_npz(_download_npz())
    elif found.kind == "idx":
        (x_tr, y_tr), (x_te, y_te) = _load_idx_folder(found)
    else:
        (x_tr, y_tr), (x_te, y_te) = _load_npz(found.files[MNIST_NPZ])
    if smoke is None:
        smoke = config.is_smoke()
    if smoke:
        tr = smoke_indices(y_tr, SMOKE_TRAIN_PER_CLASS)
        te = smoke_indices(y_te, SMOKE_TEST_PER_CLASS)
        (x_tr, y_tr), (x_te, y_te) = (x_tr[tr], y_tr[tr]), (x_te[te], y_te[te])
    return (x_tr, y_tr), (x_te, y_te)


# ----------------------------------------------------------------------------- the IQ table
def load_iq(path: str | os.PathLike = IQ_CSV):
    """The IQ / swear-factor table from Arvin Liu's slides: ``(swear_factor, iq)`` as float arrays."""
    path = Path(path)
    if not path.is_file():
        raise DataNotFoundError(
            f"{path} is missing. Fix: restore it from the repository (git checkout -- data/)."
        )
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    try:
        x = np.array([float(r["swear_factor"]) for r in rows])
        y = np.array([float(r["iq"]) for r in rows])
    except (KeyError, TypeError, ValueError) as e:
        raise DataError(
            f"{path} must have the columns swear_factor,iq with a number in each ({e}). "
            f"Fix: restore it from the repository (git checkout -- data/)."
        ) from e
    return x, y
