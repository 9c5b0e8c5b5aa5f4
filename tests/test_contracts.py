"""The layers' rules hold on every test run, and the checker would see them broken."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from .contracts import CONTRACTS, broken, find_modules, import_graph, package_dirs, store_reached_by_any

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def modules() -> dict[str, Path]:
    return find_modules(package_dirs(REPO))


def test_the_layers_keep_their_contracts(modules):
    graph = import_graph(modules)
    # The checker reads what it should: every layer, and the use-case layer wiring them.
    assert {"innograph.api", "innograph.loaders.plan", "innograph.graph.stores.sqlite", "innograph.viz.map",
            "innograph.queries.gaps", "innograph.core.i18n", "innograph.commands.analysis"} <= set(graph)
    assert {"innograph.loaders", "innograph.queries", "innograph.viz"} <= set().union(
        *(graph[m] for m in modules if m.startswith("innograph.api.")))
    assert broken(graph) == []


def test_no_store_is_reached_through_any_or_getattr(modules):
    assert store_reached_by_any(modules) == []


def _tree(root: Path, files: dict[str, str]) -> dict[str, Path]:
    """A small package tree mapped as pyproject maps the real one."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return {"innograph": root / "innograph", "innograph.core": root / "innograph" / "core",
            "innograph.graph": root / "graph", "innograph.graph.stores": root / "graph" / "stores",
            "innograph.loaders": root / "loaders", "innograph.queries": root / "queries", "innograph.viz": root / "viz"}


_CLEAN = {
    "innograph/__init__.py": "",
    "innograph/core/__init__.py": "",
    "innograph/core/errors.py": "class InnographError(Exception): ...\n",
    "graph/__init__.py": "",
    "graph/schema.py": "",
    "graph/stores/__init__.py": "from .sqlite import SQLiteStore\n",
    "graph/stores/sqlite.py": "from innograph.core.errors import InnographError\nfrom ..schema import *\n",
    "loaders/__init__.py": "from innograph.graph import schema\n",
    "queries/__init__.py": "from .centrality import centrality\n",
    "queries/centrality.py": "import networkx\n",
    "viz/__init__.py": "from innograph.queries import centrality\n",
}


def test_a_clean_tree_passes(tmp_path):
    assert broken(import_graph(find_modules(_tree(tmp_path, _CLEAN)))) == []


@pytest.mark.parametrize("name, text, expected", [
    # a loader writing a store itself, by an absolute import
    ("loaders/load.py", "from innograph.graph.stores import SQLiteStore\n",
     ["loaders never import stores, queries, views, the use-case layer or the CLI: "
      "innograph.loaders.load -> innograph.graph.stores"]),
    # a relative import across the mapped folders, made lazily inside a function
    ("loaders/load.py", "def load():\n    from ..graph.stores import sqlite\n",
     ["loaders never import stores, queries, views, the use-case layer or the CLI: "
      "innograph.loaders.load -> innograph.graph.stores.sqlite"]),
    # a query opening a store breaks the queries' contract, and the views' through it
    ("queries/centrality.py", "import innograph.graph.stores.sqlite as s\n",
     ["queries never import stores, loaders, views, the use-case layer or the CLI: "
      "innograph.queries.centrality -> innograph.graph.stores.sqlite",
      "viz never imports loaders, stores, the use-case layer or the CLI: "
      "innograph.viz -> innograph.queries.centrality -> innograph.graph.stores.sqlite"]),
    # the graph reaching into the CLI
    ("graph/schema.py", "from innograph.cli import main\n",
     ["graph never imports the CLI, the use-case layer, loaders, queries or views: innograph.graph.schema -> innograph.cli",
      "loaders never import stores, queries, views, the use-case layer or the CLI: "
      "innograph.loaders -> innograph.graph.schema -> innograph.cli",
      "core imports nothing of innograph but itself and the vocabulary: "
      "innograph.core.errors -> innograph.graph.schema -> innograph.cli"]),
])
def test_a_forbidden_import_is_found(tmp_path, name, text, expected):
    files = dict(_CLEAN)
    files[name] = files.get(name, "") + text
    if name == "graph/schema.py":  # core may import the vocabulary: here it does, and so reaches the CLI
        files["innograph/core/errors.py"] += "from innograph.graph import schema\n"
        files["innograph/cli.py"] = ""
    found = broken(import_graph(find_modules(_tree(tmp_path, files))), CONTRACTS)
    # Each module of a layer reports its own chain: the expected ones are among them, and no
    # other contract is said to be broken.
    assert set(expected) <= set(found)
    assert {line.split(": ")[0] for line in found} == {line.split(": ")[0] for line in expected}


def test_a_store_typed_any_or_reached_by_getattr_is_found(tmp_path):
    files = dict(_CLEAN)
    files["loaders/__init__.py"] = """\
        from typing import Any
        def load(store: Any, paths): ...
        def where(store_like, db_store):
            return getattr(db_store, "path", None)
    """
    found = store_reached_by_any(find_modules(_tree(tmp_path, files)))
    assert found == ["innograph.loaders:2 load(store: Any)", "innograph.loaders:3 where(db_store: untyped)",
                     "innograph.loaders:4 getattr(db_store, 'path', None)"]
