"""CLI commands, one module per area, listed here in workflow order."""

from __future__ import annotations

import importlib

import click

__all__ = ["all_commands"]

# Each module exposes COMMANDS, a list of click commands.
_MODULES = ["maps", "loading", "core", "analysis", "neo4j_commands"]  # maps first: `analyze` is the main job


def all_commands() -> list[click.Command]:
    commands: list[click.Command] = []
    for name in _MODULES:
        module = importlib.import_module(f"{__name__}.{name}")
        commands.extend(module.COMMANDS)
    return commands
