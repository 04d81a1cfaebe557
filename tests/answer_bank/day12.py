"""Answer bank, Day 12: a FizzBuzz network of one's own, the mistake in a training loop, counting before training."""

from bank import with_edits  # tests/answer_bank/bank.py

NOTEBOOK = "Day12_capstone_fizzbuzz.ipynb"


# A correct answer to day12_find_bug; the wrong answers below each write one mistake into it.
_FIXED = '''\
BUG = "the test numbers 1-100 are in the training data"


def build_and_train(x_train, y_train, x_test, y_test, passes, seed):
    """colleague_build_and_train without its mistake: train on x_train only."""
    keras.utils.set_random_seed(seed)
    x_all, y_all = x_train, y_train
    x_fit, y_fit = np.tile(x_all, (REPEAT, 1)), np.tile(y_all, REPEAT)  # one epoch = REPEAT passes
    epochs = max(1, passes // REPEAT)
    model = keras.Sequential([
        keras.Input((BITS,)),
        layers.Dense(256, activation="relu"),
        layers.Dense(256, activation="relu"),
        layers.Dense(4, activation="softmax"),
    ])
    steps = epochs * int(np.ceil(len(x_fit) / 128))  # the optimizer steps of the whole training
    schedule = keras.optimizers.schedules.CosineDecay(3e-3, decay_steps=steps)
    model.compile(optimizer=keras.optimizers.Adam(schedule), loss="sparse_categorical_crossentropy")
    model.fit(x_fit, y_fit, batch_size=128, epochs=epochs, verbose=0)
    accuracy = float(np.mean(predict_classes(model, x_test) == y_test))
    return model, accuracy
'''

BANK = {
    "day12_my_model": {
        "correct": {
            "the lesson's design without bottleneck, schedule sized for HOMEWORK_PASSES": '''\
def build_my_model():
    model = keras.Sequential([
        keras.Input((BITS,)),
        layers.Dense(256, activation="relu"),
        layers.Dense(256, activation="relu"),
        layers.Dense(4, activation="softmax"),
    ])
    steps = (HOMEWORK_PASSES // REPEAT) * int(np.ceil(REPEAT * len(x_train) / 128))
    schedule = keras.optimizers.schedules.CosineDecay(3e-3, decay_steps=steps)
    model.compile(optimizer=keras.optimizers.Adam(schedule), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
''',
            "one wide hidden layer, no metrics": '''\
def build_my_model():
    model = keras.Sequential()
    model.add(keras.Input(shape=(10,)))
    model.add(layers.Dense(512, activation="relu"))
    model.add(layers.Dense(4, activation="softmax"))
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.003), loss="sparse_categorical_crossentropy")
    return model
''',
            "functional API, loss object": '''\
def build_my_model():
    inputs = keras.Input((BITS,))
    h = layers.Dense(256, activation="relu")(inputs)
    h = layers.Dense(256, activation="relu")(h)
    outputs = layers.Dense(4)(h)
    outputs = layers.Softmax()(outputs)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer=keras.optimizers.Adam(3e-3), loss=keras.losses.SparseCategoricalCrossentropy())
    return model
''',
        },
        "wrong": {
            "outputs logits (from_logits=True loss)": '''\
def build_my_model():
    model = keras.Sequential([
        keras.Input((BITS,)),
        layers.Dense(512, activation="relu"),
        layers.Dense(4),
    ])
    model.compile(optimizer=keras.optimizers.Adam(3e-3),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
    return model
''',
            "a sigmoid output layer": '''\
def build_my_model():
    model = keras.Sequential([
        keras.Input((BITS,)),
        layers.Dense(512, activation="relu"),
        layers.Dense(4, activation="sigmoid"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(3e-3), loss="sparse_categorical_crossentropy")
    return model
''',
            "no hidden layer (softmax regression)": '''\
def build_my_model():
    model = keras.Sequential([keras.Input((BITS,)), layers.Dense(4, activation="softmax")])
    model.compile(optimizer=keras.optimizers.Adam(1e-2), loss="sparse_categorical_crossentropy")
    return model
''',
            "the lesson's bottleneck model, schedule still sized for PASSES": '''\
PASSES = cfg.pick(full=820, smoke=60)  # copied from the lesson with its design


def build_my_model():
    keras.utils.set_random_seed(cfg.seed)
    model = keras.Sequential([
        keras.Input((BITS,)),
        layers.Dense(2, name="bottleneck"),
        layers.Dense(256, activation="relu"),
        layers.Dense(256, activation="relu"),
        layers.Dense(4, activation="softmax"),
    ])
    steps = (PASSES // REPEAT) * int(np.ceil(REPEAT * len(x_train) / 128))
    schedule = keras.optimizers.schedules.CosineDecay(3e-3, decay_steps=steps)
    model.compile(optimizer=keras.optimizers.Adam(schedule), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
''',
        },
    },
    "day12_find_bug": {
        "correct": {
            'the literal string, the concatenation removed': _FIXED,
            'BUG_CHOICES[2], the tail of the concatenation sliced off, accuracy from predict()': '''\
BUG = BUG_CHOICES[2]


def build_and_train(x_train, y_train, x_test, y_test, passes, seed):
    """colleague_build_and_train without its mistake: train on x_train only."""
    keras.utils.set_random_seed(seed)
    # more data helps (Day 08) -- but not the test numbers: keep only the training rows
    x_all = np.concatenate([x_train, x_test])[:len(x_train)]
    y_all = np.concatenate([y_train, y_test])[:len(y_train)]
    x_fit, y_fit = np.tile(x_all, (REPEAT, 1)), np.tile(y_all, REPEAT)  # one epoch = REPEAT passes
    epochs = max(1, passes // REPEAT)
    model = keras.Sequential([
        keras.Input((BITS,)),
        layers.Dense(256, activation="relu"),
        layers.Dense(256, activation="relu"),
        layers.Dense(4, activation="softmax"),
    ])
    steps = epochs * int(np.ceil(len(x_fit) / 128))  # the optimizer steps of the whole training
    schedule = keras.optimizers.schedules.CosineDecay(3e-3, decay_steps=steps)
    model.compile(optimizer=keras.optimizers.Adam(schedule), loss="sparse_categorical_crossentropy")
    model.fit(x_fit, y_fit, batch_size=128, epochs=epochs, verbose=0)
    probs = model.predict(x_test, verbose=0)
    accuracy = np.mean(np.argmax(probs, axis=1) == np.asarray(y_test))
    return model, accuracy
''',
            'rewritten in its own words, x_test only for the final score': '''\
BUG = BUG_CHOICES[BUG_CHOICES.index("the test numbers 1-100 are in the training data")]


def build_and_train(x_train, y_train, x_test, y_test, passes, seed):
    keras.utils.set_random_seed(seed)
    epochs = max(1, passes // REPEAT)
    inputs = keras.Input(shape=(BITS,))
    h = layers.Dense(256, activation="relu")(inputs)
    h = layers.Dense(256, activation="relu")(h)
    outputs = layers.Dense(4, activation="softmax")(h)
    model = keras.Model(inputs, outputs)
    n_fit = REPEAT * len(x_train)
    lr = keras.optimizers.schedules.CosineDecay(3e-3, decay_steps=epochs * ((n_fit + 127) // 128))
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=lr), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    model.fit(np.concatenate([x_train] * REPEAT), np.concatenate([y_train] * REPEAT), batch_size=128,
              epochs=epochs, verbose=0)
    right = 0
    for pred, true in zip(predict_classes(model, x_test), y_test):
        right += int(pred == true)
    return model, right / len(y_test)
''',
        },
        "wrong": {  # each is _FIXED with one mistake written in
            'names the mistake, leaves the loop as it was': with_edits(_FIXED, [
                ('    x_all, y_all = x_train, y_train\n',
                 '    x_all = np.concatenate([x_train, x_test])\n    y_all = np.concatenate([y_train, y_test])\n'),
            ]),
            'names the schedule, fixes the data': with_edits(_FIXED, [
                ('BUG = "the test numbers 1-100 are in the training data"\n',
                 'BUG = "the learning-rate schedule reaches 0 long before the training ends"\n'),
            ]),
            'drops 100 rows from the wrong end (1-100 stay in)': with_edits(_FIXED, [
                ('    x_all, y_all = x_train, y_train\n',
                 '    x_all = np.concatenate([x_train, x_test])[len(x_test):]\n    y_all = np.concatenate([y_train, y_test])[len(y_test):]\n'),
            ]),
            'returns the accuracy on the training numbers': with_edits(_FIXED, [
                ('    accuracy = float(np.mean(predict_classes(model, x_test) == y_test))\n',
                 '    accuracy = float(np.mean(predict_classes(model, x_train) == y_train))\n'),
            ]),
            'fixes the inputs but not the labels': with_edits(_FIXED, [
                ('    x_all, y_all = x_train, y_train\n',
                 '    x_all = x_train\n    y_all = np.concatenate([y_train, y_test])\n'),
            ]),
        },
    },
    "day12_counts": {
        "correct": {
            'a while loop on powers of 2, counts as a tuple': '''\
def bits_needed(n):
    """The smallest number of binary digits that represents every number from 0 to n."""
    bits = 0
    while 2 ** bits <= n:
        bits += 1
    return bits


def class_counts(lo, hi):
    """[number, Fizz, Buzz, FizzBuzz]: how many of lo, ..., hi (both included) fall into each class."""
    fizzbuzz = hi // 15 - (lo - 1) // 15
    fizz = hi // 3 - (lo - 1) // 3 - fizzbuzz
    buzz = hi // 5 - (lo - 1) // 5 - fizzbuzz
    return (hi - lo + 1 - fizz - buzz - fizzbuzz, fizz, buzz, fizzbuzz)
''',
            'floor(log2) + 1, counts up to hi minus counts up to lo - 1 (NumPy array)': '''\
def bits_needed(n):
    """The smallest number of binary digits that represents every number from 0 to n."""
    import math
    return math.floor(math.log2(n)) + 1


def class_counts(lo, hi):
    """[number, Fizz, Buzz, FizzBuzz]: how many of lo, ..., hi (both included) fall into each class."""
    def up_to(m):  # classes of 1..m
        fb = m // 15
        return np.array([m - m // 3 - m // 5 + fb, m // 3 - fb, m // 5 - fb, fb], dtype=np.int64)

    return up_to(hi) - up_to(lo - 1)
''',
            'len(bin(n)) - 2, a dict of divisors': '''\
def bits_needed(n):
    """The smallest number of binary digits that represents every number from 0 to n."""
    return len(bin(n)) - 2


def class_counts(lo, hi):
    """[number, Fizz, Buzz, FizzBuzz]: how many of lo, ..., hi (both included) fall into each class."""
    total = hi - lo + 1
    mult = {d: hi // d - (lo - 1) // d for d in (3, 5, 15)}
    counts = [0, mult[3] - mult[15], mult[5] - mult[15], mult[15]]
    counts[0] = total - sum(counts)
    return counts
''',
        },
        "wrong": {
            'bits: ceil(log2(n)), one short at powers of 2': '''\
def bits_needed(n):
    """The smallest number of binary digits that represents every number from 0 to n."""
    return int(np.ceil(np.log2(n)))


def class_counts(lo, hi):
    """[number, Fizz, Buzz, FizzBuzz]: how many of lo, ..., hi (both included) fall into each class."""
    def multiples(k):  # multiples of k in lo..hi
        return hi // k - (lo - 1) // k

    m3, m5, m15 = multiples(3), multiples(5), multiples(15)
    return [(hi - lo + 1) - m3 - m5 + m15, m3 - m15, m5 - m15, m15]
''',
            "bits: len(bin(n)), the '0b' counted": '''\
def bits_needed(n):
    """The smallest number of binary digits that represents every number from 0 to n."""
    return len(bin(n))


def class_counts(lo, hi):
    """[number, Fizz, Buzz, FizzBuzz]: how many of lo, ..., hi (both included) fall into each class."""
    def multiples(k):  # multiples of k in lo..hi
        return hi // k - (lo - 1) // k

    m3, m5, m15 = multiples(3), multiples(5), multiples(15)
    return [(hi - lo + 1) - m3 - m5 + m15, m3 - m15, m5 - m15, m15]
''',
            'Fizz and Buzz counts include the FizzBuzz numbers': '''\
def bits_needed(n):
    """The smallest number of binary digits that represents every number from 0 to n."""
    return int(n).bit_length()


def class_counts(lo, hi):
    """[number, Fizz, Buzz, FizzBuzz]: how many of lo, ..., hi (both included) fall into each class."""
    total = hi - lo + 1
    fizz = hi // 3 - (lo - 1) // 3
    buzz = hi // 5 - (lo - 1) // 5
    fizzbuzz = hi // 15 - (lo - 1) // 15
    return [total - fizz - buzz + fizzbuzz, fizz, buzz, fizzbuzz]
''',
            'hi // k - lo // k (misses lo when it is a multiple)': '''\
def bits_needed(n):
    """The smallest number of binary digits that represents every number from 0 to n."""
    return int(n).bit_length()


def class_counts(lo, hi):
    """[number, Fizz, Buzz, FizzBuzz]: how many of lo, ..., hi (both included) fall into each class."""
    def multiples(k):
        return hi // k - lo // k

    m3, m5, m15 = multiples(3), multiples(5), multiples(15)
    return [(hi - lo + 1) - m3 - m5 + m15, m3 - m15, m5 - m15, m15]
''',
            '(hi - lo + 1) // k, ignores where the range starts': '''\
def bits_needed(n):
    """The smallest number of binary digits that represents every number from 0 to n."""
    return int(n).bit_length()


def class_counts(lo, hi):
    """[number, Fizz, Buzz, FizzBuzz]: how many of lo, ..., hi (both included) fall into each class."""
    n = hi - lo + 1
    m3, m5, m15 = n // 3, n // 5, n // 15
    return [n - m3 - m5 + m15, m3 - m15, m5 - m15, m15]
''',
            'float division int(hi / k)': '''\
def bits_needed(n):
    """The smallest number of binary digits that represents every number from 0 to n."""
    return int(n).bit_length()


def class_counts(lo, hi):
    """[number, Fizz, Buzz, FizzBuzz]: how many of lo, ..., hi (both included) fall into each class."""
    def multiples(k):
        return int(hi / k) - int((lo - 1) / k)

    m3, m5, m15 = multiples(3), multiples(5), multiples(15)
    return [(hi - lo + 1) - m3 - m5 + m15, m3 - m15, m5 - m15, m15]
''',
            'a loop over the numbers with fizzbuzz_class': '''\
def bits_needed(n):
    """The smallest number of binary digits that represents every number from 0 to n."""
    return int(n).bit_length()


def class_counts(lo, hi):
    """[number, Fizz, Buzz, FizzBuzz]: how many of lo, ..., hi (both included) fall into each class."""
    counts = [0, 0, 0, 0]
    for n in range(lo, hi + 1):
        counts[fizzbuzz_class(n)] += 1
    return counts
''',
            'NumPy over every number of the range': '''\
def bits_needed(n):
    """The smallest number of binary digits that represents every number from 0 to n."""
    return int(n).bit_length()


def class_counts(lo, hi):
    """[number, Fizz, Buzz, FizzBuzz]: how many of lo, ..., hi (both included) fall into each class."""
    n = np.arange(lo, hi + 1)
    cls = np.where(n % 15 == 0, 3, np.where(n % 5 == 0, 2, np.where(n % 3 == 0, 1, 0)))
    return np.bincount(cls, minlength=4).tolist()
''',
        },
    },
}
