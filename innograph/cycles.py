"""The first import path of ``cycle_collector_paused``, kept for graph/stores (being rewritten on
branch stores-simple); it now lives in ``innograph.core.cycles``."""

from __future__ import annotations

from innograph.core.cycles import __all__, cycle_collector_paused  # noqa: F401
