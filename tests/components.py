"""The components the tests need (a browser, CJK fonts, Java for Neo4j), and what a missing one does.

A missing browser, font or Java fails the run: a green run must mean the tests ran. A user who
cannot install one skips its group on purpose: ``INNOGRAPH_TEST_SKIP=browser,neo4j``.
"""

from __future__ import annotations

import os

import pytest

SKIP_GROUPS = frozenset(g.strip() for g in os.environ.get("INNOGRAPH_TEST_SKIP", "").split(",") if g.strip())


def missing_component(group: str, reason: str) -> None:
    """Skip when the user asked to skip ``group``, else fail saying what is missing and how to skip."""
    if group in SKIP_GROUPS:
        pytest.skip(f"{reason} (INNOGRAPH_TEST_SKIP={group})")
    pytest.fail(f"{reason}; install it, or set INNOGRAPH_TEST_SKIP={group} to skip these tests on purpose")
