"""Shared helpers of the Keras course: set-up, data, plots, homework checks.

Import this before Keras in a notebook's first cell: it imports Keras quietly (without
TensorFlow's C++ start-up lines) and ``setup()`` seeds everything and reads the mode.
"""

from __future__ import annotations

from . import backend

backend.import_keras()

from . import checks, models  # noqa: E402  (cu.models.dense_classifier, cu.checks.check_close)
from .claims import ClaimError, claim  # noqa: E402
from .config import Config, get_mode, is_smoke, setup  # noqa: E402
from .data import DataError, load_iq, load_mnist  # noqa: E402
from .plots import (  # noqa: E402
    plot_confusion_matrix,
    plot_decision_boundary,
    plot_history,
    show_images,
)
from .report import key_figure  # noqa: E402

__version__ = "0.1.0"

__all__ = [
    "ClaimError",
    "Config",
    "claim",
    "checks",
    "models",
    "DataError",
    "get_mode",
    "is_smoke",
    "key_figure",
    "load_iq",
    "load_mnist",
    "plot_confusion_matrix",
    "plot_decision_boundary",
    "plot_history",
    "setup",
    "show_images",
]
