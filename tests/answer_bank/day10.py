"""Answer bank, Day 10: a kernel that shifts the picture, an edge detector designed and predicted, stride and padding as Keras does them."""

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
    "day10_edge_design": {
        "correct": {
            "Sobel x turned around, as an array": '''\
bar = np.zeros((6, 6), np.float32)
bar[1:5, 2:4] = 1.0  # a bright bar, 4 rows tall and 2 columns wide, on black


def left_edge_kernel():
    return np.array([[1, 0, -1],
                     [2, 0, -2],
                     [1, 0, -1]])


def predicted_response():
    return np.array([[-3, -3, 3, 3],
                     [-4, -4, 4, 4],
                     [-4, -4, 4, 4],
                     [-3, -3, 3, 3]])
''',
            "left minus right neighbour, nested lists": '''\
bar = np.zeros((6, 6), np.float32)
bar[1:5, 2:4] = 1.0  # a bright bar, 4 rows tall and 2 columns wide, on black


def left_edge_kernel():
    return [[0, 0, 0], [1, 0, -1], [0, 0, 0]]


def predicted_response():
    return [[-1, -1, 1, 1]] * 4
''',
            "Prewitt turned around": '''\
def left_edge_kernel():
    return [[1, 0, -1]] * 3


def predicted_response():
    return [[-2, -2, 2, 2],
            [-3, -3, 3, 3],
            [-3, -3, 3, 3],
            [-2, -2, 2, 2]]
''',
            "left pixel minus centre, halved floats": '''\
bar = np.zeros((6, 6), np.float32)
bar[1:5, 2:4] = 1.0  # a bright bar, 4 rows tall and 2 columns wide, on black


def left_edge_kernel():
    k = np.zeros((3, 3))
    k[1, 0], k[1, 1] = 0.5, -0.5
    return k


def predicted_response():
    return np.array([[0.0, -0.5, 0.0, 0.5]] * 4)
''',
        },
        "wrong": {
            "Sobel x as given (points right: the convolution convention)": '''\
bar = np.zeros((6, 6), np.float32)
bar[1:5, 2:4] = 1.0  # a bright bar, 4 rows tall and 2 columns wide, on black


def left_edge_kernel():
    return [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]


def predicted_response():
    return [[3, 3, -3, -3], [4, 4, -4, -4], [4, 4, -4, -4], [3, 3, -3, -3]]
''',
            "right kernel, prediction made for the true convolution (signs flipped)": '''\
bar = np.zeros((6, 6), np.float32)
bar[1:5, 2:4] = 1.0  # a bright bar, 4 rows tall and 2 columns wide, on black


def left_edge_kernel():
    return [[1, 0, -1], [2, 0, -2], [1, 0, -1]]


def predicted_response():
    return [[3, 3, -3, -3], [4, 4, -4, -4], [4, 4, -4, -4], [3, 3, -3, -3]]
''',
            "right kernel, prediction transposed": '''\
bar = np.zeros((6, 6), np.float32)
bar[1:5, 2:4] = 1.0  # a bright bar, 4 rows tall and 2 columns wide, on black


def left_edge_kernel():
    return [[1, 0, -1], [2, 0, -2], [1, 0, -1]]


def predicted_response():
    return [[-3, -4, -4, -3], [-3, -4, -4, -3], [3, 4, 4, 3], [3, 4, 4, 3]]
''',
            "the Laplacian (zero sum, but no direction)": '''\
bar = np.zeros((6, 6), np.float32)
bar[1:5, 2:4] = 1.0  # a bright bar, 4 rows tall and 2 columns wide, on black


def left_edge_kernel():
    return images.classic_kernels()["laplacian"]


def predicted_response():
    return [[1, 1, 1, 1], [0, 0, 0, 0], [0, 0, 0, 0], [1, 1, 1, 1]]
''',
            "Sobel y turned around (brighter towards the top)": '''\
bar = np.zeros((6, 6), np.float32)
bar[1:5, 2:4] = 1.0  # a bright bar, 4 rows tall and 2 columns wide, on black


def left_edge_kernel():
    return [[1, 2, 1], [0, 0, 0], [-1, -2, -1]]


def predicted_response():
    return [[-1, -3, -3, -1], [0, 0, 0, 0], [0, 0, 0, 0], [1, 3, 3, 1]]
''',
            "the left pixel alone (not 0 on a flat patch)": '''\
bar = np.zeros((6, 6), np.float32)
bar[1:5, 2:4] = 1.0  # a bright bar, 4 rows tall and 2 columns wide, on black


def left_edge_kernel():
    return [[0, 0, 0], [1, 0, 0], [0, 0, 0]]


def predicted_response():
    return [[0, 0, 1, 1]] * 4
''',
            "2, -3, 1 (zero sum, points left on ramps, but fires on a right-bright edge)": '''\
bar = np.zeros((6, 6), np.float32)
bar[1:5, 2:4] = 1.0  # a bright bar, 4 rows tall and 2 columns wide, on black


def left_edge_kernel():
    return [[0, 0, 0], [2, -3, 1], [0, 0, 0]]


def predicted_response():
    return [[1, -2, -1, 2]] * 4
''',
        },
    },
    "day10_strided_conv": {
        "correct": {
            "a loop over the output pixels, padding computed per axis": '''\
def correlate2d_keras(image, kernel, stride=1, padding="valid"):
    image = np.asarray(image, dtype=float)
    kernel = np.asarray(kernel, dtype=float)
    (h, w), (kh, kw) = image.shape, kernel.shape
    if padding == "same":
        oh, ow = int(np.ceil(h / stride)), int(np.ceil(w / stride))
        ph = max((oh - 1) * stride + kh - h, 0)
        pw = max((ow - 1) * stride + kw - w, 0)
        padded = np.zeros((h + ph, w + pw))
        padded[ph // 2 : ph // 2 + h, pw // 2 : pw // 2 + w] = image
        image = padded
    else:
        oh, ow = (h - kh) // stride + 1, (w - kw) // stride + 1
    out = np.zeros((oh, ow))
    for i in range(oh):
        for j in range(ow):
            patch = image[i * stride : i * stride + kh, j * stride : j * stride + kw]
            out[i, j] = np.sum(patch * kernel)
    return out
''',
            "the notebook's output_length and np.pad": '''\
def correlate2d_keras(image, kernel, stride=1, padding="valid"):
    kernel = np.asarray(kernel, np.float32)
    if padding == "same":
        widths = []
        for n, k in zip(image.shape, kernel.shape):
            n_out = output_length(n, k, stride, "same")
            extra = max(0, (n_out - 1) * stride + k - n)
            widths.append((extra // 2, extra - extra // 2))
        image = np.pad(image, widths, mode="constant")
    full = correlate2d(image, kernel)
    return full[::stride, ::stride]
''',
            "sliding windows, every stride-th one": '''\
def correlate2d_keras(image, kernel, stride=1, padding="valid"):
    x = np.asarray(image, np.float64)
    k = np.asarray(kernel, np.float64)
    if padding == "same":
        pad = []
        for axis in range(2):
            n, kk = x.shape[axis], k.shape[axis]
            need = (-(-n // stride) - 1) * stride + kk
            total = need - n if need > n else 0
            pad.append((total // 2, (total + 1) // 2))
        x = np.pad(x, pad)
    windows = np.lib.stride_tricks.sliding_window_view(x, k.shape)[::stride, ::stride]
    return np.einsum("ijab,ab->ij", windows, k)
''',
        },
        "wrong": {
            "'same' as (k - 1) // 2 zeros on each side (right only for stride 1 and odd k)": '''\
def correlate2d_keras(image, kernel, stride=1, padding="valid"):
    kernel = np.asarray(kernel, np.float32)
    if padding == "same":
        kh, kw = kernel.shape
        image = np.pad(image, (((kh - 1) // 2, (kh - 1) // 2), ((kw - 1) // 2, (kw - 1) // 2)))
    return correlate2d(image, kernel)[::stride, ::stride]
''',
            "the odd zero of padding before instead of after": '''\
def correlate2d_keras(image, kernel, stride=1, padding="valid"):
    kernel = np.asarray(kernel, np.float32)
    if padding == "same":
        pads = []
        for n, k in zip(image.shape, kernel.shape):
            total = max((-(-n // stride) - 1) * stride + k - n, 0)
            pads.append((total - total // 2, total // 2))
        image = np.pad(image, pads)
    return correlate2d(image, kernel)[::stride, ::stride]
''',
            "always k - 1 zeros in all (ignores the stride when padding)": '''\
def correlate2d_keras(image, kernel, stride=1, padding="valid"):
    kernel = np.asarray(kernel, np.float32)
    if padding == "same":
        pads = [((k - 1) // 2, k - 1 - (k - 1) // 2) for k in kernel.shape]
        image = np.pad(image, pads)
    out = correlate2d(image, kernel)[::stride, ::stride]
    return out
''',
            "the stride ignored": '''\
def correlate2d_keras(image, kernel, stride=1, padding="valid"):
    kernel = np.asarray(kernel, np.float32)
    if padding == "same":
        pads = []
        for n, k in zip(image.shape, kernel.shape):
            total = max(k - 1, 0)
            pads.append((total // 2, total - total // 2))
        image = np.pad(image, pads)
    return correlate2d(image, kernel)
''',
            "padding from the kernel's sides swapped (kw for the rows)": '''\
def correlate2d_keras(image, kernel, stride=1, padding="valid"):
    kernel = np.asarray(kernel, np.float32)
    if padding == "same":
        pads = []
        for n, k in zip(image.shape, kernel.shape[::-1]):
            total = max((-(-n // stride) - 1) * stride + k - n, 0)
            pads.append((total // 2, total - total // 2))
        image = np.pad(image, pads)
    return correlate2d(image, kernel)[::stride, ::stride]
''',
        },
    },
}
