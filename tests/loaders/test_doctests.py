"""The examples in the loaders' docstrings run as doctests (they document the rules)."""

from __future__ import annotations

import doctest

import pytest

from innograph.loaders import departments, encoding, lexicon, markers, name_checks, names, plan, script, segments


@pytest.mark.parametrize("module", [departments, encoding, lexicon, markers, name_checks, names, plan, script, segments],
                         ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_doctests(module):
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0
