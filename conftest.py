"""pytest set-up shared by the unit tests and nbval (which runs every notebook).

- stderr is not compared: warnings and progress bars from Keras/TensorFlow go there and depend on
  the versions installed, not on the lesson.
- nbval waits 5 s by default for each output message after a cell replies; a training cell on a
  busy 2-core machine can take longer to flush, so it gets 120 s.
"""

NBVAL_OUTPUT_TIMEOUT = 120


def pytest_collectstart(collector):
    if hasattr(collector, "skip_compare"):  # nbval's notebook collector only
        collector.skip_compare = (*collector.skip_compare, "stderr")


def pytest_collection_modifyitems(items):
    for item in items:
        if hasattr(item, "output_timeout"):  # nbval's cell items only
            item.output_timeout = NBVAL_OUTPUT_TIMEOUT
