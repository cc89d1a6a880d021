"""Canonical JSON (RFC 8785, "JCS") and the digests of the audit trail — standard library only.

This module is shared by the application and by the offline verifier (`python -m audit.verify.bundle`),
so it must never import Django. Everything an auditor recomputes is defined here once:

- `canonical_json(value)`: the RFC 8785 bytes of a JSON value. Byte-identical to `rfc8785.dumps`
  (tests/audit/test_canonical.py checks this with generated values). The common case — dicts with
  ASCII keys, lists, strings, safe integers, booleans, null — goes through the C-accelerated
  `json` encoder, which already escapes strings exactly as RFC 8785 does; anything else (floats,
  non-ASCII keys, subclasses of the basic types) takes a slower, literal implementation of the RFC.
- `event_digest(payload)`: SHA-256 (hex) over an event payload, the link of the hash chain.
- `row_digest(fields)`: SHA-256 (hex) over one database row written as {column: JSON value}.
- `checkpoint_message(checkpoint)`: the exact bytes an installation key signs for a checkpoint.
"""

import hashlib
import json
import math
from decimal import Decimal

GENESIS = "0" * 64
"""The prev_hash of the first event of every chain, and the `prev` of the first checkpoint."""

_SAFE_INT = 2**53 - 1  # RFC 8785 numbers are IEEE doubles: larger integers lose precision

CHECKPOINT_VERSION = 2
CHECKPOINT_FIELDS = ("version", "created_at", "prev", "heads_root", "heads_count", "public_key")
"""The keys of a checkpoint that its signature covers: the Merkle root of the heads (audit.record.merkle)
and their number, not the heads themselves (its id and the signature itself are not covered)."""


class CanonicalizationError(ValueError):
    """The value has no RFC 8785 form (a float NaN/infinity, a huge integer, a non-string key …)."""


_fast_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True, allow_nan=False, check_circular=False).encode


def _plain(value):
    """True when the stdlib encoder gives the RFC 8785 bytes for `value` (see the module docstring).
    Scalars inside containers are checked inline: this runs for every row verify hashes."""
    kind = type(value)
    if kind is dict:
        for key, item in value.items():
            if type(key) is not str or not key.isascii():
                return False
            item_kind = type(item)
            if item_kind is str or item is None or item_kind is bool:
                continue
            if item_kind is int:
                if -_SAFE_INT <= item <= _SAFE_INT:
                    continue
                return False
            if not _plain(item):
                return False
        return True
    if kind is list or kind is tuple:
        for item in value:
            item_kind = type(item)
            if item_kind is str or item is None or item_kind is bool:
                continue
            if item_kind is int:
                if -_SAFE_INT <= item <= _SAFE_INT:
                    continue
                return False
            if not _plain(item):
                return False
        return True
    if kind is str or kind is bool or value is None:
        return True
    if kind is int:
        return -_SAFE_INT <= value <= _SAFE_INT
    return False


def canonical_json(value):
    """The RFC 8785 canonical serialization of `value`, as UTF-8 bytes."""
    if _plain(value):
        text = _fast_encode(value)
    else:
        parts = []
        _write(value, parts)
        text = "".join(parts)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as error:  # a lone surrogate has no UTF-8 form
        raise CanonicalizationError("string is not valid Unicode") from error


_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _string(text):
    """RFC 8785 3.2.2.2: escape only '"', '\\' and the control characters (short forms where JSON has them)."""
    out = ['"']
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif char < " ":
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def _number(value):
    """ECMAScript Number.prototype.toString for a finite double (RFC 8785 3.2.2.3)."""
    if math.isnan(value) or math.isinf(value):
        raise CanonicalizationError(f"{value!r} has no JSON form")
    if value == 0:
        return "0"
    if value < 0:
        return "-" + _number(-value)
    # repr() gives the shortest digits that read back as the same double, as ECMAScript requires.
    _sign, digit_tuple, exponent = Decimal(repr(value)).as_tuple()
    all_digits = "".join(map(str, digit_tuple))
    digits = all_digits.rstrip("0")
    exponent += len(all_digits) - len(digits)
    k = len(digits)  # value = digits × 10^exponent = 0.digits × 10^n
    n = exponent + k
    if k <= n <= 21:
        return digits + "0" * (n - k)
    if 0 < n <= 21:
        return digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return "0." + "0" * (-n) + digits
    e = n - 1
    mantissa = digits if k == 1 else digits[0] + "." + digits[1:]
    return f"{mantissa}e{'+' if e >= 0 else '-'}{abs(e)}"


def _write(value, out):
    if value is None:
        out.append("null")
    elif isinstance(value, bool):
        out.append("true" if value else "false")
    elif isinstance(value, int):
        if not -_SAFE_INT <= value <= _SAFE_INT:
            raise CanonicalizationError(f"{value} is outside the safe integer range of JSON")
        out.append(str(int(value)))
    elif isinstance(value, float):
        out.append(_number(float(value)))
    elif isinstance(value, str):
        out.append(_string(str.__str__(value)))
    elif isinstance(value, (list, tuple)):
        out.append("[")
        for index, item in enumerate(value):
            if index:
                out.append(",")
            _write(item, out)
        out.append("]")
    elif isinstance(value, dict):
        if not all(isinstance(key, str) for key in value):
            raise CanonicalizationError("object keys must be strings")
        out.append("{")
        # RFC 8785 3.2.3: members sorted by the UTF-16 code units of their names.
        for index, key in enumerate(sorted(value, key=lambda name: name.encode("utf-16-be", "surrogatepass"))):
            if index:
                out.append(",")
            out.append(_string(str.__str__(key)))
            out.append(":")
            _write(value[key], out)
        out.append("}")
    else:
        raise CanonicalizationError(f"{type(value).__name__} has no JSON form")


def sha256_hex(data):
    return hashlib.sha256(data).hexdigest()


def event_digest(payload):
    """The hash of an audit event: SHA-256 over the canonical JSON of its payload (see audit.record.chain)."""
    return hashlib.sha256(canonical_json(payload)).hexdigest()


def row_digest(fields):
    """The hash of one stored row, given as {column attname: JSON value} (see audit.record.rows)."""
    return hashlib.sha256(canonical_json(fields)).hexdigest()


def checkpoint_message(checkpoint):
    """The bytes an installation key signs: the canonical JSON of the checkpoint's covered fields."""
    if checkpoint.get("version") != CHECKPOINT_VERSION:
        raise CanonicalizationError(f"not a version {CHECKPOINT_VERSION} checkpoint")
    return canonical_json({key: checkpoint[key] for key in CHECKPOINT_FIELDS})


def checkpoint_digest(checkpoint):
    """What the next checkpoint stores as `prev`: checkpoints form a chain of their own."""
    return sha256_hex(checkpoint_message(checkpoint))
