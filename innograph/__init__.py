"""innograph: a knowledge graph of innovation actors and their relationships.

The folders graph/, loaders/, queries/ and viz/ are installed as ``innograph.graph``,
``innograph.loaders``, ... (see pyproject.toml).
"""

from __future__ import annotations

from pathlib import Path

__version__ = "0.1.0"

# Run from a source checkout without installing (``python -m innograph`` in the repo root), this
# folder shadows the installed package and its subpackages are the sibling folders.
_checkout = Path(__file__).resolve().parent.parent
if not (Path(__file__).parent / "graph").is_dir() and (_checkout / "graph" / "model.py").is_file():
    __path__.append(str(_checkout))  # type: ignore[name-defined]  # noqa: F821

from .core.errors import InnographError  # noqa: E402

__all__ = ["__version__", "InnographError"]
