"""Pydantic models built from values the loaders made themselves.

Validation is for input; a span the builder computed or a delta a worker process extracted a
moment ago (loaders/parallel.py) holds values that passed through the same code. Models with
lists of other models (nodes, edges) are built with pydantic's own ``model_construct`` (no
validation); flat ones (paragraphs, evidence) go through pydantic's compiled validator, which
costs less than ``model_construct``. Tests validate whole deltas.
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
    """A pydantic model from values the loaders made themselves.

    ``fields_set`` None means every field was given. A flat model (scalar fields only: a
    paragraph, a piece of evidence) is validated by pydantic's compiled validator, twice as fast
    as ``model_construct``'s Python loop; one holding lists of models (a node, an edge) is
    constructed without validating its parts again.
    """
    if fields_set is None and _flat(model):
        return model.model_validate(values)
    return model.model_construct(_all_fields_set(model) if fields_set is None else fields_set, **values)


@lru_cache(maxsize=None)
def _flat(model: type[Any]) -> bool:
    return all(field.annotation in (str, int, float, bool) for field in model.model_fields.values())
