"""Compact JSON text for stored rows: one encoder and decoder for every store.

orjson encodes the small dicts and lists a load writes (contributions, evidence, source lists)
many times faster than the standard library's encoder, which was a fifth of a big load's time.
Its text is the compact form ``json.dumps(..., ensure_ascii=False, separators=(",", ":"))``
gives, except for a few float spellings (``1e-7`` for ``1e-07``); values it cannot encode
(integers beyond 64 bits) fall back to the standard library. Decoding is the standard
library's: orjson reads such integers back as floats.
"""

from __future__ import annotations

import json
from typing import Any

import orjson

__all__ = ["dumps", "loads"]

_stdlib_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
loads = json.loads


def dumps(value: Any) -> str:
    try:
        return orjson.dumps(value).decode()
    except TypeError:  # orjson.JSONEncodeError: e.g. an integer wider than 64 bits
        return _stdlib_dumps(value)
