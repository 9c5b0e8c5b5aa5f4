"""Fixtures shared by every test package."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEED_PLAN = REPO / "seeds" / "collaborative-innovation-plan.txt"


@pytest.fixture
def seed_plan() -> Path:
    return SEED_PLAN


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.db"
