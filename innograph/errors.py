"""The exception hierarchy's first import path, kept for users' code and for graph/stores (being
rewritten on branch stores-simple); it now lives in ``innograph.core.errors``."""

from __future__ import annotations

from innograph.core.errors import *  # noqa: F403
from innograph.core.errors import __all__  # noqa: F401
