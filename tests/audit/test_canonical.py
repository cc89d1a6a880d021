"""audit.record.canonical must give exactly the bytes of the rfc8785 package (RFC 8785 JSON
Canonicalization Scheme) for every JSON value — its fast path and its literal one — and refuse
what RFC 8785 refuses. The offline verifier relies on it without the package."""

import math

import pytest
import rfc8785
from hypothesis import given, settings
from hypothesis import strategies as st

from audit.record.canonical import CanonicalizationError, canonical_json

SAFE = 2**53 - 1
scalars = (
    st.none() | st.booleans() | st.integers(min_value=-SAFE, max_value=SAFE) | st.floats(allow_nan=False, allow_infinity=False) | st.text()
)
keys = st.text() | st.sampled_from(["a", "b", "é", "\ue000", "\U0001f600", "€", "\u0080", "aa", ""])
json_values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=5) | st.dictionaries(keys, children, max_size=5),
    max_leaves=30,
)


@settings(max_examples=800, deadline=None)
@given(json_values)
def test_same_bytes_as_rfc8785_for_any_json_value(value):
    assert canonical_json(value) == rfc8785.dumps(value)


@settings(max_examples=1500, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_numbers_are_written_as_ecmascript_does(number):
    assert canonical_json(number) == rfc8785.dumps(number)


@pytest.mark.parametrize(
    "value",
    [
        1e21,
        1e20,
        123456789012345680000.0,
        1e-7,
        1e-6,
        0.000001234,
        5e-324,
        1.7976931348623157e308,
        -0.0,
        100.0,
        0.1,
        -1.5e-9,
        {"\U0001f600": 1, "\ue000": 2, "z": 3, "é": 4},  # keys sort by UTF-16 code units, not code points
        {"s": '\x00\x01\x1f\x7f\u2028"\\/\b\f\n\r\t'},  # control characters, quote, backslash
        ["Kế hoạch 05/KH-UBND", "Thường trực Huyện ủy", None, True, False, SAFE, -SAFE],
        {"plan": 1, "changes": [{"field": "subject", "old": None, "new": "“trích yếu”"}], "rows": []},
        (1, 2, [3]),
    ],
)
def test_edge_cases(value):
    assert canonical_json(value) == rfc8785.dumps(value)


@pytest.mark.parametrize("value", [2**53, -(2**53), math.nan, math.inf, {1: "non-string key"}, {"a": {1, 2}}, "\ud800"])
def test_refuses_what_rfc8785_refuses(value):
    with pytest.raises(rfc8785.CanonicalizationError):
        rfc8785.dumps(value)
    with pytest.raises(CanonicalizationError):
        canonical_json(value)
