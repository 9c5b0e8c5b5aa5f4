"""The layers' import rules (docs/architecture.md), checked over the source tree's syntax.

The folders graph/, loaders/, queries/ and viz/ are mapped into ``innograph.*`` by pyproject's
``package-dir``, which tools that follow imports through the file tree (import-linter's grimp)
cannot see; so this reads the mapping itself, parses every module with ``ast`` and follows the
imports, relative ones, lazy ones inside functions and ``TYPE_CHECKING`` ones included. A
contract forbids a layer to reach another, directly or (by default) through any chain of
imports, as import-linter's "forbidden" contracts do.
"""

from __future__ import annotations

import ast
import tomllib
from collections import deque
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Contract", "CONTRACTS", "package_dirs", "find_modules", "import_graph", "broken", "store_reached_by_any"]

_CLI = ("innograph.cli", "innograph.commands")


@dataclass(frozen=True)
class Contract:
    """Modules under ``layer`` never import modules under ``forbidden`` (prefixes), except those
    under ``allowed``; ``direct_only`` checks the layer's own import statements only."""

    name: str
    layer: tuple[str, ...]
    forbidden: tuple[str, ...]
    allowed: tuple[str, ...] = ()
    direct_only: bool = False

    def forbids(self, module: str) -> bool:
        return _under(module, self.forbidden) and not _under(module, self.allowed)


CONTRACTS = (
    Contract("loaders never import stores, queries, views, the use-case layer or the CLI", ("innograph.loaders",),
             ("innograph.graph.stores", "innograph.queries", "innograph.viz", "innograph.api", *_CLI)),
    Contract("queries never import stores, loaders, views, the use-case layer or the CLI", ("innograph.queries",),
             ("innograph.graph.stores", "innograph.loaders", "innograph.viz", "innograph.api", *_CLI)),
    Contract("viz never imports loaders, stores, the use-case layer or the CLI", ("innograph.viz",),
             ("innograph.loaders", "innograph.graph.stores", "innograph.api", *_CLI)),
    Contract("graph never imports the CLI, the use-case layer, loaders, queries or views", ("innograph.graph",),
             (*_CLI, "innograph.api", "innograph.loaders", "innograph.queries", "innograph.viz")),
    Contract("core imports nothing of innograph but itself and the vocabulary", ("innograph.core",),
             ("innograph",), allowed=("innograph.core", "innograph.graph.schema")),
    Contract("the use-case layer never imports the CLI", ("innograph.api",), _CLI),
    # The CLI reaches loaders, queries and views through the use-case layer only (it may open
    # stores and use the model and vocabulary for its options).
    Contract("the CLI calls the use-case layer, not loaders, queries or views", _CLI,
             ("innograph.loaders", "innograph.queries", "innograph.viz"), direct_only=True),
)


def _under(module: str, prefixes: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def package_dirs(root: Path) -> dict[str, Path]:
    """Package name -> folder, as pyproject.toml maps them."""
    config = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    return {name: root / folder for name, folder in config["tool"]["setuptools"]["package-dir"].items()}


def find_modules(dirs: dict[str, Path]) -> dict[str, Path]:
    """Module name -> file for every module of the mapped packages (``pkg.__init__`` as ``pkg``)."""
    modules: dict[str, Path] = {}
    for package, folder in dirs.items():
        for path in folder.rglob("*.py"):
            parts = path.relative_to(folder).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules[".".join((package, *parts))] = path
    return modules


def _imported(module: str, path: Path, known: set[str]) -> set[str]:
    """The known modules one file imports (a name imported from a package counts as its
    submodule when there is one)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            # ``from a import b`` imports the module a.b when there is one, else a name of a.
            subs = [f"{base}.{alias.name}" for alias in node.names]
            names = [sub if sub in known else base for sub in subs]
        else:
            continue
        for name in names:
            # "import a.b.c" also loads a and a.b; the deepest known module is the one used.
            while name and name not in known:
                name = name.rpartition(".")[0]
            if name and name != module:
                found.add(name)
    return found


def import_graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    known = set(modules)
    return {module: _imported(module, path, known) for module, path in modules.items()}


def broken(graph: dict[str, set[str]], contracts: tuple[Contract, ...] = CONTRACTS) -> list[str]:
    """One line per forbidden import, with the chain of modules that reaches it."""
    found: list[str] = []
    for contract in contracts:
        for start in sorted(m for m in graph if _under(m, contract.layer)):
            came_from: dict[str, str | None] = {start: None}
            queue = deque([start])
            while queue:
                module = queue.popleft()
                for imported in sorted(graph.get(module, ())):
                    if imported in came_from:
                        continue
                    came_from[imported] = module
                    if contract.forbids(imported):
                        chain = [imported]
                        while came_from[chain[-1]] is not None:
                            chain.append(came_from[chain[-1]])  # type: ignore[arg-type]
                        found.append(f"{contract.name}: {' -> '.join(reversed(chain))}")
                    elif not contract.direct_only:
                        queue.append(imported)
    return found


def store_reached_by_any(modules: dict[str, Path], stores: str = "innograph.graph.stores") -> list[str]:
    """Places outside the stores that reach a store through ``Any`` or ``getattr``: a parameter
    named ``store`` (or ``*_store``) typed ``Any`` or not typed, or ``getattr``/``hasattr`` on
    such a name. The store protocol must say everything a caller uses."""
    found: list[str] = []
    for module, path in sorted(modules.items()):
        if _under(module, (stores,)):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for arg in node.args.args + node.args.kwonlyargs:
                    if _names_a_store(arg.arg) and (arg.annotation is None or ast.unparse(arg.annotation) == "Any"):
                        found.append(f"{module}:{node.lineno} {node.name}({arg.arg}: "
                                     f"{ast.unparse(arg.annotation) if arg.annotation else 'untyped'})")
            elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("getattr", "hasattr")
                  and node.args and isinstance(node.args[0], ast.Name) and _names_a_store(node.args[0].id)):
                found.append(f"{module}:{node.lineno} {ast.unparse(node)}")
    return found


def _names_a_store(name: str) -> bool:
    return name == "store" or name.endswith("_store")
