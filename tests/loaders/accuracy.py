"""Accuracy of an extraction against a hand-written gold file (tests/fixtures/*_gold.yaml)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from innograph.graph.schema import Label
from innograph.loaders import Extraction

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@dataclass
class Accuracy:
    recall: float
    kind_accuracy: float
    missing: list[str]
    wrong_kind: list[str]
    wrong_tasks: list[str]
    pairing_recall: float
    missing_pairs: list[str]
    collectives_as_actors: list[str]
    programmes_missing: list[str]


def _forms(node) -> set[str]:
    return {node.name, *node.aliases}


def measure(extraction: Extraction, gold_file: str) -> Accuracy:
    gold = yaml.safe_load((FIXTURES / gold_file).read_text(encoding="utf-8"))
    actors = [n for n in extraction.delta.nodes if n.label is Label.ACTOR]
    programs = [n for n in extraction.delta.nodes if n.label is Label.PROGRAM]
    by_form: dict[str, list] = {}
    for node in actors:
        for form in _forms(node):
            by_form.setdefault(form, []).append(node)
    expected = [(name, kind) for kind, names in gold["actors"].items() for name in names]
    missing, wrong_kind = [], []
    for name, kind in expected:
        nodes = by_form.get(name, [])
        if not nodes:
            missing.append(name)
        elif all(n.kind.value != kind for n in nodes):
            wrong_kind.append(f"{name}: {sorted(n.kind.value for n in nodes)} != {kind}")
    program_names = {n.name for n in programs}
    for fund in gold.get("funds", []):  # funds are finance-side actors
        expected.append((fund, "finance"))
        nodes = by_form.get(fund, [])
        if not nodes:
            missing.append(fund)
        elif all(n.kind.value != "finance" for n in nodes):
            wrong_kind.append(f"{fund}: {sorted(n.kind.value for n in nodes)} != finance")
    programmes_missing = [p for p in gold.get("programmes", []) if p not in program_names]
    total = len(expected)
    found = total - len(missing)
    ids = {n.id: n for n in actors}
    wrong_tasks = []
    summaries = {t.title: t for t in extraction.tasks}
    for task in gold.get("tasks", []):
        got = summaries.get(task["title"])
        if got is None:
            wrong_tasks.append(f"{task['title']}: not found")
            continue
        lead = sorted(ids[i].name for i in got.lead)
        responsible = sorted(ids[i].name for i in got.responsible)
        if lead != sorted(task["lead"]) or responsible != sorted(task["responsible"]):
            wrong_tasks.append(f"{task['title']}: lead {lead} responsible {responsible}")
    names = {n.id: _forms(n) for n in actors}
    pairs = {frozenset((a, b)) for e in extraction.delta.edges if e.type.value == "PARTNERS_WITH"
             for a in names.get(e.source, ()) for b in names.get(e.target, ())}
    wanted = [(a, b) for group in gold.get("pairings", []) for a in group["each"] for b in group["with"]]
    missing_pairs = [f"{a}–{b}" for a, b in wanted if frozenset((a, b)) not in pairs]
    collectives = set(gold.get("collectives", []))
    return Accuracy(
        recall=found / total if total else 1.0,
        kind_accuracy=(found - len(wrong_kind)) / total if total else 1.0,
        missing=missing,
        wrong_kind=wrong_kind,
        wrong_tasks=wrong_tasks,
        pairing_recall=1 - len(missing_pairs) / len(wanted) if wanted else 1.0,
        missing_pairs=missing_pairs,
        collectives_as_actors=sorted(c for c in collectives if c in by_form),
        programmes_missing=programmes_missing,
    )
