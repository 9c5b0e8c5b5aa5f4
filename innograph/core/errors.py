"""One exception hierarchy. The CLI catches ``InnographError`` once and prints its message.

Messages are one line that says what is wrong, where (file, row, line) and what to do.
Third-party errors are wrapped where they enter: ``raise StoreError(...) from e``.
"""

from __future__ import annotations

__all__ = [
    "InnographError",
    "ModelError",
    "StoreError",
    "StoreConnectionError",
    "LoaderError",
    "DocumentError",
    "TableError",
    "QueryError",
    "VizError",
    "LanguageError",
    "MissingDependencyError",
]


class InnographError(Exception):
    """Root of every error innograph raises on purpose."""


class ModelError(InnographError, ValueError):
    """A node, edge or delta that breaks the graph model."""


class StoreError(InnographError):
    """A store could not do what was asked; the store is left as it was."""


class StoreConnectionError(StoreError):
    """A store (e.g. a Neo4j server) cannot be reached or refused the credentials."""


class LoaderError(InnographError):
    """Input that cannot be turned into a graph."""


class DocumentError(LoaderError):
    """A document that cannot be read as a plan (empty, binary, corrupt, unsupported)."""


class TableError(LoaderError):
    """A bad row or header in an analyst's table."""


class QueryError(InnographError):
    """A query that cannot be answered (unknown actor, empty graph, bad option)."""


class VizError(InnographError):
    """A map or report that cannot be written."""


class LanguageError(InnographError, ValueError):
    """A language innograph has no words for (see ``innograph.core.i18n.LANGS``)."""


class MissingDependencyError(InnographError):
    """An optional package is not installed; the message names the install command."""

    def __init__(self, package: str, extra: str) -> None:
        super().__init__(
            f"{package} is not installed; install it with: pip install 'innograph[{extra}]'"
        )
        self.package, self.extra = package, extra

    def __reduce__(self) -> tuple[type, tuple[str, str]]:
        # Rebuilt from its own arguments: an error raised in a worker process must unpickle in
        # the parent (the default would call __init__ with the message alone, and fail).
        return type(self), (self.package, self.extra)
