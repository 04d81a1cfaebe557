"""course_utils.claims: a lesson's claims, checked and printed with their numbers."""

import json
import re
from pathlib import Path

import numpy as np
import pytest

import course_utils as cu
from course_utils import claims

SANITIZER = Path(__file__).with_name("nbval_sanitize.cfg")


def test_a_chain_prints_the_sentence_and_its_numbers(capsys):
    assert cu.claim("Adam ends below plain SGD", ("Adam", 0.0421312), "<", ("SGD", 0.1587)) is None
    assert capsys.readouterr().out == "✓ Adam ends below plain SGD (Adam 0.04213 < SGD 0.1587)\n"
    cu.claim("the share is in range", 0.15, "<=", np.float32(0.272), "<=", 0.4, fmt=".0%")
    assert capsys.readouterr().out == "✓ the share is in range (15% <= 27% <= 40%)\n"
    cu.claim("counts agree", np.int64(4), "==", 4)
    assert capsys.readouterr().out == "✓ counts agree (4 == 4)\n"


def test_a_condition_prints_the_sentence_and_its_detail(capsys):
    cu.claim("XOR is not linearly separable", np.bool_(True))
    cu.claim("XOR is not linearly separable", True, detail="the best line gets 75%")
    assert capsys.readouterr().out.splitlines() == [
        "✓ XOR is not linearly separable",
        "✓ XOR is not linearly separable (the best line gets 75%)",
    ]


@pytest.mark.parametrize(
    ("terms", "evidence"),
    [((0.3, "<", 0.1), "0.3 < 0.1"), ((1, "<", 2, "<", 2), "1 < 2 < 2"), ((float("nan"), ">=", 0.5), "nan >= 0.5"), ((False,), None)],
)
def test_a_false_claim_stops_with_its_sentence(terms, evidence, capsys):
    with pytest.raises(cu.ClaimError, match="claim does not hold on this run: the net learns") as e:
        cu.claim("the net learns", *terms)
    assert isinstance(e.value, AssertionError)
    if evidence:
        assert evidence in str(e.value)
    assert capsys.readouterr().out == ""


def test_full_only_claims_fail_in_full_mode_and_are_marked_in_smoke_mode(monkeypatch, capsys):
    monkeypatch.setenv("COURSE_SMOKE", "0")
    with pytest.raises(cu.ClaimError):
        cu.claim("dropout narrows the gap", 0.2, "<", 0.1, full_only=True)
    monkeypatch.setenv("COURSE_SMOKE", "1")
    cu.claim("dropout narrows the gap", 0.2, "<", 0.1, full_only=True)
    cu.claim("dropout narrows the gap", 0.05, "<", 0.1, full_only=True)  # holds: printed as checked
    assert capsys.readouterr().out.splitlines() == [
        "○ dropout narrows the gap (full mode only; not shown by smoke data: 0.2 < 0.1)",
        "✓ dropout narrows the gap (0.05 < 0.1)",
    ]


@pytest.mark.parametrize(
    "terms", [(), (1, 2), (1, "<", 2, "<"), (1, "=<", 2), (("a", 1, 2), "<", 3)],
)
def test_malformed_claims_are_programming_errors(terms):
    with pytest.raises(TypeError):
        cu.claim("a sentence", *terms)
    with pytest.raises(TypeError):
        cu.claim("  ", True)


def test_claims_are_recorded_for_the_run_report(tmp_path, monkeypatch):
    path = tmp_path / "claims.jsonl"
    monkeypatch.setenv(claims.CLAIMS_ENV, str(path))
    monkeypatch.setenv("COURSE_SMOKE", "1")
    cu.claim("one", True)
    cu.claim("two", False, full_only=True)
    with pytest.raises(cu.ClaimError):
        cu.claim("three", 2, "<", 1)
    assert claims.read_claims(path) == [
        {"claim": "one", "holds": True}, {"claim": "two", "holds": None}, {"claim": "three", "holds": False},
    ]
    assert json.loads(path.read_text(encoding="utf-8").splitlines()[0])["claim"] == "one"
    assert claims.read_claims(tmp_path / "missing") == []


def _sanitize(text):
    """Apply tests/nbval_sanitize.cfg the way nbval does (regex/replace pairs, in order)."""
    lines = [ln for ln in SANITIZER.read_text(encoding="utf-8").splitlines() if ln.startswith(("regex:", "replace:"))]
    for regex, replace in zip(lines[0::2], lines[1::2], strict=True):
        text = re.sub(regex[len("regex: "):], replace[len("replace: "):], text)
    return text


def test_the_sanitizer_compares_a_claims_sentence_not_its_numbers():
    full = "before\n✓ Adam ends below plain SGD (Adam 0.04213 < SGD 0.1587)\n✓ XOR is hard\nafter"
    smoke = "before\n✓ Adam ends below plain SGD (Adam 0.3 < SGD 0.5)\n✓ XOR is hard\nafter"
    skipped = "before\n○ Adam ends below plain SGD (full mode only; not shown by smoke data: 0.5 < 0.3)\n✓ XOR is hard\nafter"
    assert _sanitize(full) == _sanitize(smoke) == _sanitize(skipped)
    assert "CLAIM: Adam ends below plain SGD\n" in _sanitize(full)
    assert _sanitize(full) != _sanitize(full.replace("Adam ends below", "Adam ends above"))
