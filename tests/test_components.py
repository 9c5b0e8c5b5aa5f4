"""A missing test component fails the run unless the user skips its group on purpose."""

from __future__ import annotations

import pytest

from . import components


def test_a_missing_component_fails_the_run(monkeypatch):
    monkeypatch.setattr(components, "SKIP_GROUPS", frozenset())
    with pytest.raises(pytest.fail.Exception, match="INNOGRAPH_TEST_SKIP=browser"):
        components.missing_component("browser", "/usr/bin/chromium is missing")


def test_a_group_skipped_on_purpose_is_skipped(monkeypatch):
    monkeypatch.setattr(components, "SKIP_GROUPS", frozenset({"neo4j"}))
    with pytest.raises(pytest.skip.Exception):
        components.missing_component("neo4j", "Java is missing")
    with pytest.raises(pytest.fail.Exception):
        components.missing_component("browser", "/usr/bin/chromium is missing")
