"""Every example in the queries' docstrings runs and gives what it shows."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["__init__", "network", "kernels", "linkpred", "centrality", "communities", "brokers", "gaps",
           "recommend", "helix", "targets", "paths", "findings", "pairing", "topics", "reasons"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    # importlib, not attribute access: innograph.queries.centrality is also the function's name.
    module = importlib.import_module("innograph.queries" if name == "__init__" else f"innograph.queries.{name}")
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0
