"""Data parallelism on the backend's own engine gives the same training as one device.

Each backend runs in a fresh process (TensorFlow can split its CPU only before it starts; JAX
reads its device count from XLA_FLAGS at import).
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).with_name("data_parallel_check.py")
TOLERANCE = 1e-5  # float32 sums of the two half-batch gradients vs one full-batch gradient


@pytest.mark.parametrize("backend", ["tensorflow", "jax"])
def test_data_parallel_step_matches_single_device(backend):
    proc = subprocess.run([sys.executable, str(SCRIPT), backend], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["backend"] == backend
    assert result["replicas"] == 2 and len(result["devices"]) == 2
    assert result["max_weight"] > 0.1  # the weights really trained
    assert result["max_diff"] < TOLERANCE, result
