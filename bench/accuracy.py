"""Extraction accuracy on the real-document corpus (tests/corpus/real), against hand-made gold.

    .venv/bin/python bench/accuracy.py                 # the test split: the figures to report
    .venv/bin/python bench/accuracy.py --split dev     # the split rules may be tuned on
    .venv/bin/python bench/accuracy.py --split dev --doc 03 --details   # one document's misses and extras
    .venv/bin/python bench/accuracy.py --json          # one JSON object instead of the table

Gold is annotated as tests/corpus/real/ANNOTATION.md says (one NAME.gold.json beside each
document). Names match exactly after NFKC and whitespace removal, against an extracted actor's
name or any of its aliases, as the shared scorer (score_extract.py) does. Per document:

- actors: precision (extracted actors whose name or an alias is a gold name), recall (gold names
  found), F1, kind accuracy (found names whose extracted kind is the gold kind);
- task links: "tasks" is the share of gold items whose every lead and responsible unit was found
  on a task whose title matches the item's (either title contains the other), in that role;
  "link P/R" counts single (task, unit, role) links: an extracted link is right when a matching
  gold item names that unit in that role;
- pairs: explicit partnerships found (PARTNERS_WITH between the two names).

The last line is the mean over documents of each figure (a document without gold links or pairs
is left out of that mean). --details lists each document's misses and extras.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import unicodedata
from pathlib import Path

from innograph.loaders import extract

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus" / "real"
_NOT_DOCUMENTS = (".gold.json", ".record.json", ".source.pkl", ".md")


def norm(text: str | None) -> str:
    return "".join(unicodedata.normalize("NFKC", text or "").split())


def documents(split: str) -> list[tuple[Path, Path]]:
    """(document, gold) pairs of one split, in file-name order."""
    folder = CORPUS / split
    pairs = []
    for path in sorted(folder.iterdir()):
        if path.name.endswith(_NOT_DOCUMENTS):
            continue
        gold = path.with_name(path.stem + ".gold.json")
        if not gold.exists():
            raise SystemExit(f"{path}: no gold file {gold.name} beside it")
        pairs.append((path, gold))
    return pairs


def _title_matches(gold_task: str, title: str) -> bool:
    return bool(gold_task and title) and (gold_task in title or title in gold_task)


def score(view: dict, gold: dict) -> dict:
    """Figures, misses and extras of one extraction (``Extraction.view()``) against its gold."""
    names_of = {a["id"]: {n for n in (norm(a["name"]), *(norm(x) for x in a.get("aliases") or [])) if n}
                for a in view["actors"]}
    kind_of: dict[str, str] = {}
    for actor in view["actors"]:
        for name in names_of[actor["id"]]:
            kind_of.setdefault(name, actor["kind"])
    gold_kind = {norm(a["name"]): a["kind"] for a in gold["actors"]}
    found = [n for n in gold_kind if n in kind_of]
    right = [a for a in view["actors"] if names_of[a["id"]] & gold_kind.keys()]
    precision = len(right) / len(view["actors"]) if view["actors"] else 1.0
    recall = len(found) / len(gold_kind) if gold_kind else 1.0
    kind_ok = [n for n in found if kind_of[n] == gold_kind[n]]

    def names(ids: list[str]) -> set[str]:
        return set().union(*(names_of.get(i, {norm(i)}) for i in ids)) if ids else set()

    tasks = [(norm(t["title"]), names(t["lead"]), names(t["responsible"])) for t in view["tasks"]]
    gold_links = [(norm(g["task"]), {norm(x) for x in g.get("lead", [])}, {norm(x) for x in g.get("responsible", [])})
                  for g in gold.get("lead_links", [])]
    exact, wrong_tasks = 0, []
    for item, lead, responsible in gold_links:
        if any(_title_matches(item, title) and lead <= got_lead and responsible <= got_resp
               for title, got_lead, got_resp in tasks):
            exact += 1
        else:
            wrong_tasks.append(item)
    gold_triples = {(item, unit, role) for item, lead, resp in gold_links
                    for role, units in (("lead", lead), ("responsible", resp)) for unit in units}
    extracted = 0
    right_links = 0
    found_triples = set()
    extra_links = []
    for t in view["tasks"]:
        title = norm(t["title"])
        for role in ("lead", "responsible"):
            for unit_id in t[role]:
                extracted += 1
                forms = names_of.get(unit_id, {norm(unit_id)})
                hits = {(item, unit, role) for item, unit, r in gold_triples
                        if r == role and unit in forms and _title_matches(item, title)}
                if hits:
                    right_links += 1
                    found_triples |= hits
                else:
                    extra_links.append(f"{title[:16]}: {role} {min(forms)}")
    pairs = {frozenset((a, b)) for r in view["relations"] if r["type"] == "PARTNERS_WITH"
             for a in names_of.get(r["source"], ()) for b in names_of.get(r["target"], ())}
    gold_pairs = [frozenset((norm(a), norm(b))) for a, b in gold.get("partnerships", [])]
    return {
        "actors": len(gold_kind),
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "kind_accuracy": len(kind_ok) / len(found) if found else 1.0,
        "tasks": exact / len(gold_links) if gold_links else None,
        "link_precision": right_links / extracted if extracted else (1.0 if not gold_triples else 0.0),
        "link_recall": len(found_triples) / len(gold_triples) if gold_triples else None,
        "pairs": sum(p in pairs for p in gold_pairs) / len(gold_pairs) if gold_pairs else None,
        "gold_items": len(gold_links),
        "extracted_tasks_with_units": sum(1 for t in view["tasks"] if t["lead"] or t["responsible"]),
        "missed": sorted(n for n in gold_kind if n not in kind_of),
        "extra": sorted(a["name"] for a in view["actors"] if not names_of[a["id"]] & gold_kind.keys()),
        "wrong_kind": sorted(f"{n}: {kind_of[n]} != {gold_kind[n]}" for n in found if kind_of[n] != gold_kind[n]),
        "wrong_tasks": wrong_tasks,
        "extra_links": extra_links,
        "missed_pairs": sorted("–".join(sorted(p)) for p in gold_pairs if p not in pairs),
    }


FIGURES = ("precision", "recall", "f1", "kind_accuracy", "tasks", "link_precision", "link_recall", "pairs")


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", default="test", choices=("dev", "test"))
    parser.add_argument("--doc", help="only documents whose file name starts with this")
    parser.add_argument("--details", action="store_true", help="list misses and extras per document")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--means", action="store_true",
                        help="print only the means (how the test split is reported without reading its documents)")
    args = parser.parse_args(argv)
    rows = {}
    for path, gold_path in documents(args.split):
        if args.doc and not path.name.startswith(args.doc):
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        rows[path.name] = score(extract(path).view(), gold)
    if not rows:
        raise SystemExit("no documents matched")
    mean = {f: statistics.fmean(v) if (v := [r[f] for r in rows.values() if r[f] is not None]) else None for f in FIGURES}
    if args.json:
        json.dump({"split": args.split, "documents": rows, "mean": mean}, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    header = ["document", "actors", "P", "R", "F1", "kind", "tasks", "link P", "link R", "pairs"]
    print("\t".join(header))
    for name, r in rows.items() if not args.means else ():
        print("\t".join([name[:40], str(r["actors"]), *(_fmt(r[f]) for f in FIGURES)]))
        if args.details:
            for key in ("missed", "extra", "wrong_kind", "wrong_tasks", "extra_links", "missed_pairs"):
                if r[key]:
                    print(f"    {key}: {'  '.join(r[key])}")
    print("\t".join([f"mean of {len(rows)}", str(sum(r["actors"] for r in rows.values())), *(_fmt(mean[f]) for f in FIGURES)]))
    unlinked = [name for name, r in rows.items() if r["gold_items"] and not r["extracted_tasks_with_units"]]
    print(f"plans with markers but no linked task: {len(unlinked)}" + (f" ({', '.join(unlinked)})" if unlinked and not args.means else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
