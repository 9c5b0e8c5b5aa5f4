"""Held-out accuracy: invented plans written as real government documents are written, in styles
the rules were not developed against (tests/fixtures/holdout_*), each with a hand-written gold file (holdout_*_gold.yaml).
Batches b to h were each written after the rules had been fixed on the batches before, and
scored on first sight before they were committed (figures in the commit messages). The figures are the issue's accuracy bar:

- >= 95% of the named actors recovered (funds may be Program nodes or finance actors),
- >= 90% of them with the right kind (a gold kind "a|b" accepts either),
- every gold task with exactly the right lead and responsible departments,
- >= 90% of the explicit enterprise–university/institute pairings,
- no generic collective (and no body named only by page boilerplate) reported as an actor.

Beyond the bar, and tested separately so the report says which is which: targets (value, unit,
comparator, metric word) and structure (title, each task's parent headings, and the collectives a
responsibility list names kept on the task as groups).

A failing test prints the whole per-plan report. ``python tests/loaders/test_holdout_accuracy.py``
prints the report for every plan without pytest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

from innograph.graph.model import normalize_name
from innograph.graph.schema import Label
from innograph.loaders import Extraction, extract

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
PLANS = sorted(p.name for p in FIXTURES.glob("holdout_*") if not p.name.endswith(("_gold.yaml", ".py")))
# Leading heading numbers: 一、 （一） (一) 1. 1． 1、 （1） ①
_NUMBERING = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+\s*[.．、]|[①-⑳])\s*")
# Scale words in units, so that 80亿元 and 800000万元 compare equal.
_SCALE = {"亿": 1e8, "万": 1e4, "千": 1e3, "百": 1e2}


def gold_for(plan: str) -> dict:
    return yaml.safe_load((FIXTURES / (plan.rsplit(".", 1)[0] + "_gold.yaml")).read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def extraction_for(plan: str) -> Extraction:
    return extract(FIXTURES / plan)


def _norm(name: str) -> str:
    return normalize_name(name)


def _strip_number(heading: str) -> str:
    """A heading as the gold writes it: no number, no closing "。" ("（一）产业攻关行动。")."""
    return _NUMBERING.sub("", heading).strip().rstrip("。.")


def _in_base_unit(value: float, unit: str) -> tuple[float, str]:
    scale = 1.0
    while unit and unit[0] in _SCALE and len(unit) > 1:
        scale *= _SCALE[unit[0]]
        unit = unit[1:]
    return round(value * scale, 6), unit


@dataclass
class Score:
    plan: str
    expected_actors: int = 0
    missing: list[str] = field(default_factory=list)
    wrong_kind: list[str] = field(default_factory=list)
    tasks: int = 0
    wrong_tasks: list[str] = field(default_factory=list)
    pairs: int = 0
    missing_pairs: list[str] = field(default_factory=list)
    collectives_as_actors: list[str] = field(default_factory=list)
    boilerplate_actors: list[str] = field(default_factory=list)
    spurious_actors: list[str] = field(default_factory=list)
    targets: int = 0
    missing_targets: list[str] = field(default_factory=list)
    wrong_comparators: list[str] = field(default_factory=list)
    structure: list[str] = field(default_factory=list)
    missing_programmes: list[str] = field(default_factory=list)
    extra_leaf_tasks: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return 1 - len(self.missing) / self.expected_actors if self.expected_actors else 1.0

    @property
    def kind_accuracy(self) -> float:
        found = self.expected_actors - len(self.missing)
        return (found - len(self.wrong_kind)) / self.expected_actors if self.expected_actors else 1.0

    @property
    def task_accuracy(self) -> float:
        return 1 - len(self.wrong_tasks) / self.tasks if self.tasks else 1.0

    @property
    def pairing_recall(self) -> float:
        return 1 - len(self.missing_pairs) / self.pairs if self.pairs else 1.0

    @property
    def target_recall(self) -> float:
        return 1 - len(self.missing_targets) / self.targets if self.targets else 1.0

    def summary(self) -> str:
        return (f"{self.plan}: actors {self.recall:.0%} recovered, {self.kind_accuracy:.0%} right kind "
                f"({self.expected_actors}); tasks {self.tasks - len(self.wrong_tasks)}/{self.tasks} exact; "
                f"pairings {self.pairing_recall:.0%} ({self.pairs}); targets {self.target_recall:.0%} "
                f"({self.targets}); collectives as actors {len(self.collectives_as_actors)}; "
                f"spurious actors {len(self.spurious_actors)}")

    def report(self) -> str:
        lines = [self.summary()]
        for label, items in [("missing actors", self.missing), ("wrong kinds", self.wrong_kind),
                             ("wrong tasks", self.wrong_tasks), ("missing pairings", self.missing_pairs),
                             ("collectives as actors", self.collectives_as_actors),
                             ("boilerplate bodies as actors", self.boilerplate_actors),
                             ("spurious actors (not in gold)", self.spurious_actors),
                             ("missing targets", self.missing_targets), ("wrong comparators", self.wrong_comparators),
                             ("structure", self.structure), ("missing programmes", self.missing_programmes),
                             ("leaf tasks not in gold", self.extra_leaf_tasks)]:
            if items:
                lines.append(f"  {label}:")
                lines.extend(f"    - {item}" for item in items)
        return "\n".join(lines)


def _forms(node) -> set[str]:
    return {_norm(node.name), *(_norm(a) for a in node.aliases)}


def score(plan: str) -> Score:
    gold = gold_for(plan)
    extraction = extraction_for(plan)
    result = Score(plan)
    nodes = extraction.delta.nodes
    actors = [n for n in nodes if n.label is Label.ACTOR]
    programs = [n for n in nodes if n.label is Label.PROGRAM]
    by_form: dict[str, list] = {}
    for node in actors:
        for form in _forms(node):
            by_form.setdefault(form, []).append(node)
    program_names = {_norm(n.name): n for n in programs}

    gold_names: set[str] = set()
    for kinds, names in gold["actors"].items():
        allowed = set(kinds.split("|"))
        for name in names:
            gold_names.add(_norm(name))
            result.expected_actors += 1
            found = by_form.get(_norm(name), [])
            if not found:
                result.missing.append(f"{name} ({kinds})")
            elif all(n.kind.value not in allowed for n in found):
                result.wrong_kind.append(f"{name}: got {sorted(n.kind.value for n in found)}, want {kinds}")
    for fund in gold.get("funds", []):
        gold_names.add(_norm(fund))
        result.expected_actors += 1
        program = program_names.get(_norm(fund))
        found = by_form.get(_norm(fund), [])
        if program is None and not found:
            result.missing.append(f"{fund} (fund)")
        elif program is None and all(n.kind.value != "finance" for n in found):
            result.wrong_kind.append(f"{fund}: got {sorted(n.kind.value for n in found)}, want fund/finance")
        elif program is not None and program.properties.get("program_type") != "fund":
            result.wrong_kind.append(f"{fund}: program_type {program.properties.get('program_type')!r}, want fund")
    for programme in gold.get("programmes", []):
        gold_names.add(_norm(programme))
        if _norm(programme) not in program_names:
            result.missing_programmes.append(programme)

    names_by_id = {n.id: n for n in actors}
    summaries: dict[str, list] = {}
    for task in extraction.tasks:
        summaries.setdefault(task.title, []).append(task)
    for task in gold.get("tasks", []):
        result.tasks += 1
        title = task["title"]
        candidates = summaries.get(title) or [t for t in extraction.tasks if title in t.title]
        if not candidates:
            result.wrong_tasks.append(f"{title}: task not found")
            continue
        got = candidates[0]
        if got.title != title:
            result.structure.append(f"{title}: extracted title is {got.title!r}")
        problems = []
        for role, ids in (("lead", got.lead), ("responsible", got.responsible)):
            want = {_norm(n) for n in task[role]}
            have = [names_by_id[i] for i in ids if i in names_by_id]
            unknown = [i for i in ids if i not in names_by_id]
            matched = {w for w in want if any(w in _forms(n) for n in have)}
            extra = sorted(n.name for n in have if not (_forms(n) & want)) + unknown
            if matched != want or extra or len(have) + len(unknown) != len(want):
                problems.append(f"{role} got {sorted(n.name for n in have) + unknown}, want {sorted(task[role])}")
        if problems:
            result.wrong_tasks.append(f"{title}: " + "; ".join(problems))
        parents = [_strip_number(h) for h in got.path[:-1]]
        if "parents" in task and parents != task["parents"]:
            result.structure.append(f"{title}: parents {parents}, want {task['parents']}")
        lost = [g for g in task.get("groups", []) if _norm(g) not in {_norm(x) for x in got.groups}]
        if lost:
            result.structure.append(f"{title}: groups {got.groups} lack {lost}")

    forms_by_id = {n.id: _forms(n) for n in actors}
    pairs = {frozenset((a, b)) for e in extraction.delta.edges if e.type.value == "PARTNERS_WITH"
             for a in forms_by_id.get(e.source, ()) for b in forms_by_id.get(e.target, ())}
    wanted = [(a, b) for group in gold.get("pairings", []) for a in group["each"] for b in group["with"]]
    result.pairs = len(wanted)
    result.missing_pairs = [f"{a} – {b}" for a, b in wanted if frozenset((_norm(a), _norm(b))) not in pairs]

    result.collectives_as_actors = sorted(c for c in gold.get("collectives", []) if _norm(c) in by_form)
    result.boilerplate_actors = sorted(c for c in gold.get("not_actors", []) if _norm(c) in by_form)
    result.spurious_actors = sorted(f"{n.name} ({n.kind.value})" for n in actors if not (_forms(n) & gold_names))

    _score_targets(result, gold, [n.properties for n in nodes if n.label is Label.TARGET])

    titles = [gold["title"], *gold.get("title_alternatives", [])]
    if extraction.delta.source.title not in titles:
        result.structure.append(f"title {extraction.delta.source.title!r}, want {gold['title']!r}")
    paths = [tuple(t.path) for t in extraction.tasks]
    parents_of_others = {p[:-1] for p in paths}
    gold_titles = {t["title"] for t in gold.get("tasks", [])}
    result.extra_leaf_tasks = [t.title for t in extraction.tasks
                               if tuple(t.path) not in parents_of_others and t.title not in gold_titles
                               and not t.targets]
    return result


def _score_targets(result: Score, gold: dict, extracted: list[dict]) -> None:
    for target in gold.get("targets", []):
        result.targets += 1
        want = _in_base_unit(float(target["value"]), target["unit"])
        matches = [t for t in extracted if _in_base_unit(float(t["value"]), t.get("unit") or "") == want
                   and (target["metric"] in t.get("metric", "") or target["metric"] in t.get("text", ""))]
        label = f"{target['metric']} {target['comparator']} {target['value']}{target['unit']}"
        if not matches:
            result.missing_targets.append(label)
        elif all(t["comparator"] != target["comparator"] for t in matches):
            result.wrong_comparators.append(f"{label}: got {sorted({t['comparator'] for t in matches})}")


@lru_cache(maxsize=None)
def score_for(plan: str) -> Score:
    return score(plan)


def test_the_holdout_plans_each_have_gold():
    assert len(PLANS) == 17
    assert {p.rsplit(".", 1)[1] for p in PLANS} == {"txt", "html", "htm", "docx"}
    for plan in PLANS:
        assert gold_for(plan)["tasks"], plan


def _raw_text(path: Path) -> str:
    """The plan's words read without the loaders (so that a reader bug cannot hide a gold typo):
    tags dropped from HTML, paragraphs and cells from .docx, UTF-16 (BOM), UTF-8 or GB18030."""
    import html

    if path.suffix == ".docx":
        import docx

        document = docx.Document(str(path))
        cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
        return "\n".join([p.text for p in document.paragraphs] + cells)
    raw = path.read_bytes()
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = raw.decode("utf-16")
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("gb18030")
    if path.suffix in (".html", ".htm"):
        text = html.unescape(re.sub(r"<[^>]+>", "", text))
    return text


@pytest.mark.parametrize("plan", PLANS)
def test_gold_names_occur_in_the_plan(plan):
    """The yardstick itself: every gold name, title and collective is written in the plan."""
    # Compared without any whitespace so that a name hard-wrapped across lines still counts as
    # written: this test checks the gold, the others check the loaders.
    text = re.sub(r"\s", "", _norm(_raw_text(FIXTURES / plan)))
    gold = gold_for(plan)
    names = [n for names in gold["actors"].values() for n in names]
    names += gold.get("funds", []) + gold.get("programmes", []) + gold.get("collectives", [])
    names += [t["title"] for t in gold["tasks"]] + [t["metric"] for t in gold.get("targets", [])]
    names += [n for t in gold["tasks"] for n in t["lead"] + t["responsible"] + t.get("groups", [])]
    names += [n for g in gold.get("pairings", []) for n in g["each"] + g["with"]]
    assert [n for n in names if re.sub(r"\s", "", _norm(n)) not in text] == []
    gold_actors = {_norm(n) for names in gold["actors"].values() for n in names}
    for task in gold["tasks"]:
        assert {_norm(n) for n in task["lead"] + task["responsible"]} <= gold_actors, task["title"]


@pytest.mark.parametrize("plan", PLANS)
def test_holdout_names_are_unknown_to_the_gazetteer_and_the_rules(plan):
    """Held out means held out: the invented organisations (all but departments) are neither in
    the shipped gazetteer nor written into the loaders' code, so the scores measure the rules."""
    from innograph.loaders.gazetteer import default_gazetteer

    gold = gold_for(plan)
    invented = {_norm(n) for kinds, names in gold["actors"].items() if "government" not in kinds for n in names}
    invented |= {_norm(n) for n in gold.get("funds", [])}
    known = {form for a in default_gazetteer().actors for form in (a.name, *a.aliases)}
    code = "\n".join(p.read_text(encoding="utf-8") for p in (FIXTURES.parent.parent / "loaders").glob("*.py"))
    assert sorted(invented & known) == []
    assert sorted(n for n in invented if n in code) == []


@pytest.mark.parametrize("plan", PLANS)
def test_holdout_actors(plan):
    s = score_for(plan)
    assert s.recall >= 0.95, s.report()
    assert s.kind_accuracy >= 0.90, s.report()
    assert s.collectives_as_actors == [], s.report()
    assert s.boilerplate_actors == [], s.report()


@pytest.mark.parametrize("plan", PLANS)
def test_holdout_tasks_exact(plan):
    s = score_for(plan)
    assert s.wrong_tasks == [], s.report()


@pytest.mark.parametrize("plan", PLANS)
def test_holdout_pairings(plan):
    s = score_for(plan)
    assert s.pairing_recall >= 0.90, s.report()


@pytest.mark.parametrize("plan", PLANS)
def test_holdout_targets(plan):
    """Beyond the issue's bar: the plan's quantitative targets, with the right comparator."""
    s = score_for(plan)
    assert s.target_recall >= 0.90, s.report()
    assert s.wrong_comparators == [], s.report()


@pytest.mark.parametrize("plan", PLANS)
def test_holdout_structure(plan):
    """Beyond the issue's bar: the plan title, each task's heading path and its groups."""
    s = score_for(plan)
    assert s.structure == [], s.report()


if __name__ == "__main__":
    for name in PLANS:
        print(score_for(name).report(), end="\n\n")
