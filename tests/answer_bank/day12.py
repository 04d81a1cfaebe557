"""Answer bank, Day 12: from classes to the printed answer, a FizzBuzz network of one's own."""

NOTEBOOK = "Day12_capstone_fizzbuzz.ipynb"

BANK = {
    "day12_strings": {
        "correct": {
            "a loop with say()": '''\
def fizzbuzz_strings(numbers, classes):
    out = []
    for n, c in zip(numbers, classes):
        out.append(say(int(n), int(c)))
    return out
''',
            "if/elif on the class": '''\
def fizzbuzz_strings(numbers, classes):
    result = []
    for i in range(len(numbers)):
        c = classes[i]
        if c == 1:
            result.append("Fizz")
        elif c == 2:
            result.append("Buzz")
        elif c == 3:
            result.append("FizzBuzz")
        else:
            result.append(str(numbers[i]))
    return result
''',
            "a dict and a comprehension": '''\
def fizzbuzz_strings(numbers, classes):
    words = {1: "Fizz", 2: "Buzz", 3: "FizzBuzz"}
    return [words.get(int(c), f"{n}") for n, c in zip(numbers, classes)]
''',
        },
        "wrong": {
            "recomputes the class from the number": '''\
def fizzbuzz_strings(numbers, classes):
    return [say(n, fizzbuzz_class(n)) for n in numbers]
''',
            "the class name for class 0 too": '''\
def fizzbuzz_strings(numbers, classes):
    return [CLASSES[c] for c in classes]
''',
            "numbers left as ints": '''\
def fizzbuzz_strings(numbers, classes):
    return [n if c == 0 else CLASSES[c] for n, c in zip(numbers, classes)]
''',
            "one string joined with spaces": '''\
def fizzbuzz_strings(numbers, classes):
    return " ".join(say(n, c) for n, c in zip(numbers, classes))
''',
        },
    },
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
}
