"""course_utils.data: the MNIST search path, checksums, formats, smoke subset, errors; the IQ table."""

import gzip
import shutil

import numpy as np
import pytest

from course_utils import data

IDX = list(data.MNIST_IDX_SHA256)


def copy_mnist(src, dest, gz=True):
    dest.mkdir(parents=True, exist_ok=True)
    for stem in IDX:
        if gz:
            shutil.copy(src / f"{stem}.gz", dest / f"{stem}.gz")
        else:
            (dest / stem).write_bytes(gzip.decompress((src / f"{stem}.gz").read_bytes()))
    return dest


def test_full_mnist_shapes_and_values(mnist_dir, monkeypatch):
    monkeypatch.setenv("COURSE_DATA_DIR", str(mnist_dir))
    (x_tr, y_tr), (x_te, y_te) = data.load_mnist(smoke=False)
    assert x_tr.shape == (60000, 28, 28) and x_te.shape == (10000, 28, 28)
    assert y_tr.shape == (60000,) and y_te.shape == (10000,)
    assert x_tr.dtype == np.uint8 and y_tr.dtype == np.uint8
    assert x_tr.max() == 255 and x_tr.min() == 0
    # The published first labels of each split.
    assert list(y_tr[:5]) == [5, 0, 4, 1, 9]
    assert list(y_te[:5]) == [7, 2, 1, 0, 4]
    assert np.bincount(y_tr).tolist() == [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]


def test_smoke_subset_is_fixed_stratified_and_follows_the_mode(mnist_dir, monkeypatch):
    monkeypatch.setenv("COURSE_DATA_DIR", str(mnist_dir))
    monkeypatch.setenv("COURSE_SMOKE", "1")
    (x_tr, y_tr), (x_te, y_te) = data.load_mnist()
    assert np.bincount(y_tr).tolist() == [data.SMOKE_TRAIN_PER_CLASS] * 10
    assert np.bincount(y_te).tolist() == [data.SMOKE_TEST_PER_CLASS] * 10
    (x_tr2, _), _ = data.load_mnist()
    np.testing.assert_array_equal(x_tr, x_tr2)
    (x_full, y_full), _ = data.load_mnist(smoke=False)
    idx = data.smoke_indices(y_full, data.SMOKE_TRAIN_PER_CLASS)
    np.testing.assert_array_equal(x_tr, x_full[idx])
    monkeypatch.setenv("COURSE_SMOKE", "0")
    assert len(data.load_mnist()[0][0]) == 60000


def test_uncompressed_idx_files_are_accepted(mnist_dir, isolated_data, monkeypatch):
    folder = copy_mnist(mnist_dir, isolated_data / "plain", gz=False)
    monkeypatch.setenv("COURSE_DATA_DIR", str(folder))
    (x_tr, y_tr), _ = data.load_mnist(smoke=False)
    assert x_tr.shape == (60000, 28, 28) and y_tr[0] == 5


def test_corrupt_file_names_file_both_hashes_and_fix(mnist_dir, isolated_data, monkeypatch):
    folder = copy_mnist(mnist_dir, isolated_data / "bad", gz=False)
    victim = folder / "t10k-labels-idx1-ubyte"
    raw = bytearray(victim.read_bytes())
    raw[100] ^= 0xFF
    victim.write_bytes(bytes(raw))
    monkeypatch.setenv("COURSE_DATA_DIR", str(folder))
    with pytest.raises(data.ChecksumError) as e:
        data.load_mnist(smoke=False)
    msg = str(e.value)
    assert str(victim) in msg
    assert data.MNIST_IDX_SHA256["t10k-labels-idx1-ubyte"] in msg
    assert data.sha256_bytes(bytes(raw)) in msg
    assert "Fix:" in msg and "delete" in msg


def test_truncated_gzip_is_reported_with_its_name(mnist_dir, isolated_data, monkeypatch):
    folder = copy_mnist(mnist_dir, isolated_data / "trunc")
    victim = folder / "t10k-labels-idx1-ubyte.gz"
    victim.write_bytes(victim.read_bytes()[:500])
    monkeypatch.setenv("COURSE_DATA_DIR", str(folder))
    with pytest.raises(data.DataError, match="t10k-labels-idx1-ubyte.gz"):
        data.load_mnist(smoke=False)


def test_read_idx_rejects_bad_magic_and_wrong_length(tmp_path):
    bad_magic = tmp_path / "bad_magic"
    bad_magic.write_bytes(b"\x01\x02\x03\x04" + bytes(10))
    with pytest.raises(data.DataError, match="magic"):
        data.read_idx(bad_magic)
    wrong_len = tmp_path / "wrong_len"  # announces 2x3 bytes, holds 5
    wrong_len.write_bytes(b"\x00\x00\x08\x02" + (2).to_bytes(4, "big") + (3).to_bytes(4, "big") + bytes(5))
    with pytest.raises(data.DataError, match=r"shape \(2, 3\)"):
        data.read_idx(wrong_len)
    good = tmp_path / "good"
    good.write_bytes(b"\x00\x00\x08\x02" + (2).to_bytes(4, "big") + (3).to_bytes(4, "big") + bytes(range(6)))
    np.testing.assert_array_equal(data.read_idx(good), np.arange(6, dtype=np.uint8).reshape(2, 3))


def test_a_file_with_the_wrong_shape_is_refused(tmp_path, isolated_data, monkeypatch):
    folder = tmp_path / "tiny"
    folder.mkdir()
    tiny = b"\x00\x00\x08\x01" + (3).to_bytes(4, "big") + bytes(3)
    for stem in IDX:
        (folder / stem).write_bytes(tiny)
    monkeypatch.setattr(data, "MNIST_IDX_SHA256", {s: data.sha256_bytes(tiny) for s in IDX})
    monkeypatch.setenv("COURSE_DATA_DIR", str(folder))
    with pytest.raises(data.DataError, match=r"has shape \(3,\), expected \(60000, 28, 28\)"):
        data.load_mnist(smoke=False)


def _write_npz(mnist_dir, path):
    (x_tr, y_tr), (x_te, y_te) = data._load_idx_folder(data.Found("idx", mnist_dir, "t", data._idx_files_in(mnist_dir)))
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, x_train=x_tr, y_train=y_tr, x_test=x_te, y_test=y_te)
    return data.sha256_file(path)


def test_npz_is_accepted_and_checked(mnist_dir, isolated_data, monkeypatch):
    npz = isolated_data / "npz" / "mnist.npz"
    digest = _write_npz(mnist_dir, npz)
    monkeypatch.setenv("COURSE_DATA_DIR", str(npz.parent))
    with pytest.raises(data.ChecksumError, match=data.MNIST_NPZ_SHA256):  # not Keras's file
        data.load_mnist(smoke=False)
    monkeypatch.setattr(data, "MNIST_NPZ_SHA256", digest)
    (x_tr, y_tr), (x_te, _) = data.load_mnist(smoke=False)
    assert x_tr.shape == (60000, 28, 28) and y_tr[0] == 5 and len(x_te) == 10000


def test_search_order_env_then_repository_then_keras(mnist_dir, isolated_data, monkeypatch):
    assert data.find_mnist() is None
    keras_npz = data.keras_cache_dir() / "mnist.npz"
    keras_npz.parent.mkdir(parents=True)
    keras_npz.write_bytes(b"placeholder")
    assert data.find_mnist().label == "Keras cache"
    copy_mnist(mnist_dir, data.DATA_DIR / "mnist")
    assert data.find_mnist().label == "repository cache"
    monkeypatch.setenv("COURSE_DATA_DIR", str(mnist_dir))
    found = data.find_mnist()
    assert found.label == "$COURSE_DATA_DIR" and found.kind == "idx"


def test_offline_without_data_names_the_folder_to_use(isolated_data, monkeypatch):
    import keras

    def offline(*args, **kwargs):
        raise Exception("URL fetch failure: [Errno -3] Temporary failure in name resolution")

    monkeypatch.setattr(keras.utils, "get_file", offline)
    with pytest.raises(data.DataNotFoundError) as e:
        data.load_mnist()
    msg = str(e.value)
    assert str(data.DATA_DIR / "mnist") in msg
    assert "COURSE_DATA_DIR" in msg and "name resolution" in msg


def test_download_goes_through_keras_get_file(mnist_dir, isolated_data, monkeypatch):
    import keras

    calls = []
    staged = isolated_data / "staged" / "mnist.npz"
    digest = _write_npz(mnist_dir, staged)

    def fake_get_file(fname, origin, file_hash):
        calls.append((fname, origin, file_hash))
        dest = data.keras_cache_dir() / fname
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(staged, dest)
        return str(dest)

    monkeypatch.setattr(keras.utils, "get_file", fake_get_file)
    monkeypatch.setattr(data, "MNIST_NPZ_SHA256", digest)
    (x_tr, _), _ = data.load_mnist(smoke=False)
    assert calls == [("mnist.npz", data.MNIST_NPZ_URL, digest)]
    assert len(x_tr) == 60000
    assert data.find_mnist().label == "Keras cache"  # the next call finds the cached copy


def test_iq_table_matches_the_slides():
    x, y = data.load_iq()
    assert x.shape == y.shape == (9,)
    assert x[0] == 15.35 and y[0] == 80 and x[-1] == 20.33 and y[-1] == 110
    assert x[6] == 15.606


def test_iq_errors(tmp_path):
    with pytest.raises(data.DataNotFoundError, match="missing"):
        data.load_iq(tmp_path / "nope.csv")
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n")
    with pytest.raises(data.DataError, match="swear_factor,iq"):
        data.load_iq(bad)
