"""Errors travel from worker processes to the one that reports them."""

from __future__ import annotations

import pickle

import pytest

from innograph.core import errors

ERRORS = [errors.ModelError("坏的模型"), errors.StoreError("x.db is locked"), errors.StoreConnectionError("down"),
          errors.LoaderError("a.txt: empty"), errors.DocumentError("b.docx: corrupt"), errors.TableError("c.csv:3: bad"),
          errors.QueryError("no actor"), errors.VizError("bad out"), errors.MissingDependencyError("neo4j", "neo4j")]


@pytest.mark.parametrize("error", ERRORS, ids=lambda e: type(e).__name__)
def test_every_error_survives_pickling_with_its_message(error):
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is type(error) and str(again) == str(error)


def test_missing_dependency_names_the_install_command():
    assert str(errors.MissingDependencyError("neo4j", "neo4j")) == \
        "neo4j is not installed; install it with: pip install 'innograph[neo4j]'"
