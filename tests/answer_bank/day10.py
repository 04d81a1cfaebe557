"""Answer bank, Day 10: a kernel that shifts the picture, average pooling by hand."""

NOTEBOOK = "Day10_convolution_filters.ipynb"

BANK = {
    "day10_shift_kernel": {
        "correct": {
            "a nested list": '''\
def shift_right_kernel():
    """A (3, 3) array: correlating with it moves the image one pixel to the right."""
    return [[0, 0, 0],
            [1, 0, 0],
            [0, 0, 0]]
''',
            "an integer array from np.eye's rows": '''\
def shift_right_kernel():
    """A (3, 3) array: correlating with it moves the image one pixel to the right."""
    k = np.zeros((3, 3), dtype=int)
    k[1] = np.eye(3, dtype=int)[0]
    return k
''',
            "the identity kernel rolled left": '''\
def shift_right_kernel():
    """A (3, 3) array: correlating with it moves the image one pixel to the right."""
    return np.roll(images.classic_kernels()["identity"], -1, axis=1)
''',
        },
        "wrong": {
            "the right neighbour (moves the picture left)": '''\
def shift_right_kernel():
    """A (3, 3) array: correlating with it moves the image one pixel to the right."""
    k = np.zeros((3, 3))
    k[1, 2] = 1
    return k
''',
            "rows and columns swapped (moves it down)": '''\
def shift_right_kernel():
    """A (3, 3) array: correlating with it moves the image one pixel to the right."""
    k = np.zeros((3, 3))
    k[0, 1] = 1
    return k
''',
            "the identity kernel (does not move it)": '''\
def shift_right_kernel():
    """A (3, 3) array: correlating with it moves the image one pixel to the right."""
    k = np.zeros((3, 3))
    k[1, 1] = 1
    return k
''',
            "a 2-point average of left and centre": '''\
def shift_right_kernel():
    """A (3, 3) array: correlating with it moves the image one pixel to the right."""
    k = np.zeros((3, 3))
    k[1, 0] = k[1, 1] = 0.5
    return k
''',
        },
    },
    "day10_avg_pool": {
        "correct": {
            "two loops over the blocks": '''\
def average_pool2d(x, size=2):
    """Non-overlapping size×size average pooling of a 2-D array."""
    h, w = x.shape[0] // size, x.shape[1] // size
    out = np.zeros((h, w))
    for i in range(h):
        for j in range(w):
            out[i, j] = x[i * size:(i + 1) * size, j * size:(j + 1) * size].mean()
    return out
''',
            "Keras's AveragePooling2D": '''\
def average_pool2d(x, size=2):
    """Non-overlapping size×size average pooling of a 2-D array."""
    x4 = np.asarray(x, dtype="float32")[None, :, :, None]
    pooled = keras.layers.AveragePooling2D(pool_size=size)(x4)
    return keras.ops.convert_to_numpy(pooled)[0, :, :, 0]
''',
            "sliding windows, every size-th one": '''\
def average_pool2d(x, size=2):
    """Non-overlapping size×size average pooling of a 2-D array."""
    x = np.asarray(x, dtype=float)
    windows = np.lib.stride_tricks.sliding_window_view(x, (size, size))[::size, ::size]
    return windows.mean(axis=(2, 3))
''',
            "sum of shifted slices divided by size squared": '''\
def average_pool2d(x, size=2):
    """Non-overlapping size×size average pooling of a 2-D array."""
    x = np.asarray(x, dtype=np.float64)
    h, w = x.shape[0] // size, x.shape[1] // size
    total = np.zeros((h, w))
    for a in range(size):
        for b in range(size):
            total += x[a : h * size : size, b : w * size : size]
    return total / size**2
''',
        },
        "wrong": {
            "blocks from the wrong reshape (h, w, size, size)": '''\
def average_pool2d(x, size=2):
    """Non-overlapping size×size average pooling of a 2-D array."""
    h, w = x.shape[0] // size, x.shape[1] // size
    return x[: h * size, : w * size].reshape(h, w, size, size).mean(axis=(2, 3))
''',
            "output array of the input's dtype (integers truncated)": '''\
def average_pool2d(x, size=2):
    """Non-overlapping size×size average pooling of a 2-D array."""
    h, w = x.shape[0] // size, x.shape[1] // size
    out = np.zeros_like(x[:h, :w])
    for i in range(h):
        for j in range(w):
            out[i, j] = x[i * size:(i + 1) * size, j * size:(j + 1) * size].mean()
    return out
''',
            "keeps the partial blocks at the border": '''\
def average_pool2d(x, size=2):
    """Non-overlapping size×size average pooling of a 2-D array."""
    rows = range(0, x.shape[0], size)
    cols = range(0, x.shape[1], size)
    return np.array([[x[i:i + size, j:j + size].mean() for j in cols] for i in rows])
''',
            "divides by size instead of size squared": '''\
def average_pool2d(x, size=2):
    """Non-overlapping size×size average pooling of a 2-D array."""
    x = np.asarray(x, np.float32)
    h, w = x.shape[0] // size, x.shape[1] // size
    return x[: h * size, : w * size].reshape(h, size, w, size).sum(axis=(1, 3)) / size
''',
            "the pool size fixed at 2": '''\
def average_pool2d(x, size=2):
    """Non-overlapping size×size average pooling of a 2-D array."""
    x = np.asarray(x, np.float32)
    h, w = x.shape[0] // 2, x.shape[1] // 2
    return x[: h * 2, : w * 2].reshape(h, 2, w, 2).mean(axis=(1, 3))
''',
        },
    },
}
