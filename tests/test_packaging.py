"""The distribution ships every package folder and the data files the tool reads at run time."""

from __future__ import annotations

import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _setuptools_config() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def test_every_python_folder_is_a_listed_package():
    config = _setuptools_config()
    folders = {Path(folder) for folder in config["package-dir"].values()}
    listed = set(config["packages"])
    missing = []
    for init in REPO.glob("**/__init__.py"):
        folder = init.parent.relative_to(REPO)
        if folder.parts[0] in {"tests", "bench", "scripts", ".venv", "build"} or folder.parts[0].startswith("."):
            continue
        # Map the folder to its import name through the nearest package-dir entry.
        for name, target in sorted(config["package-dir"].items(), key=lambda kv: -len(kv[1])):
            target_path = Path(target)
            if folder == target_path or target_path in folder.parents:
                rest = folder.relative_to(target_path).parts
                module = ".".join((name, *rest))
                break
        else:
            missing.append(str(folder))
            continue
        if module not in listed:
            missing.append(module)
    assert folders, "package-dir is empty"
    assert not missing, f"add to [tool.setuptools] packages: {missing}"


def test_runtime_data_files_are_package_data():
    data = _setuptools_config()["package-data"]
    assert "*.yaml" in data["innograph.seeds"] and "*.txt" in data["innograph.seeds"]
    for template in (REPO / "viz" / "templates").iterdir():
        assert any(template.match(f"viz/{pattern}") for pattern in data["innograph.viz"]), template
