"""Pydantic models built from values the loaders made themselves, without validating them again.

Validation is for input; a span the builder computed or a delta a worker process extracted a
moment ago (loaders/parallel.py) holds values that passed through the same code, so they are
built with pydantic's own ``model_construct`` (no validation). Tests validate whole deltas
instead.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

__all__ = ["construct_model"]


@lru_cache(maxsize=None)
def _all_fields_set(model: type[Any]) -> set[str]:
    """One "fields set" per model class, shared by every instance built with every field given.

    Such an instance has all its fields set, and pydantic only ever adds a field name to this
    set (on assignment), which is in it already, so its content never changes. A set per
    instance was a quarter of the objects the cycle collector walks after each document.
    """
    return set(model.model_fields)


def construct_model(model: type[Any], values: dict[str, Any], fields_set: set[str] | None = None) -> Any:
    """A pydantic model from values the loaders made themselves, no validation.

    ``fields_set`` None means every field was given.
    """
    return model.model_construct(_all_fields_set(model) if fields_set is None else fields_set, **values)
