"""The curated gazetteer (seeds/gazetteer.yaml): canonical names, kinds, aliases, industries.

Loaded with PyYAML and validated with pydantic; a bad entry raises ``LoaderError`` with one line
naming the file and the entry. The format is documented in the YAML file's header comment.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from innograph.core.errors import LoaderError
from innograph.graph.model import normalize_name
from innograph.graph.schema import ActorKind

__all__ = ["GazetteerActor", "GazetteerIndustry", "Gazetteer", "DEFAULT_GAZETTEER", "PLAN_GAZETTEER_SUFFIX", "load_gazetteer",
           "default_gazetteer", "plan_gazetteer"]

# In a checkout loaders/ and seeds/ are siblings; installed, innograph.loaders and innograph.seeds are.
DEFAULT_GAZETTEER = Path(__file__).resolve().parent.parent / "seeds" / "gazetteer.yaml"


# Look-ups normalise every candidate a plan yields, and candidates repeat: the form is pure.
_normal_form = lru_cache(maxsize=65536)(normalize_name)


class GazetteerActor(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    kind: ActorKind
    aliases: list[str] = Field(default_factory=list)
    industries: list[str] = Field(default_factory=list)

    @field_validator("name")
    @classmethod
    def _normal(cls, value: str) -> str:
        return normalize_name(value)

    @field_validator("aliases", "industries")
    @classmethod
    def _normal_list(cls, value: list[str]) -> list[str]:
        return [normalize_name(str(v)) for v in value if str(v).strip()]


class GazetteerIndustry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    keywords: list[str] = Field(default_factory=list)


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid")

    actors: list[dict] = Field(default_factory=list)
    industries: list[dict] = Field(default_factory=list)


class Gazetteer:
    """Look-ups over the curated names: exact name/alias -> entry, and a scanner for text."""

    def __init__(self, actors: list[GazetteerActor] = (), industries: list[GazetteerIndustry] = (),  # type: ignore[assignment]
                 origin: str = "<memory>") -> None:
        self.actors = list(actors)
        self.industries = list(industries)
        self.by_name: dict[str, GazetteerActor] = {}
        for entry in self.actors:
            for form in [entry.name, *entry.aliases]:
                other = self.by_name.get(form)
                if other is not None and other is not entry:
                    raise LoaderError(f"{origin}: name {form!r} belongs to both {other.name!r} and {entry.name!r}; keep it on one")
                self.by_name[form] = entry
        self.names = frozenset(self.by_name)
        self.government_names = frozenset(n for n, e in self.by_name.items() if e.kind is ActorKind.GOVERNMENT)
        # Longest names first so that 重师涉外商贸学院 wins over 重师.
        forms = sorted((f for f in self.by_name if len(f) >= 2), key=len, reverse=True)
        self._scanner = re.compile("|".join(map(re.escape, forms))) if forms else None
        keywords = [(kw, ind.name) for ind in self.industries for kw in [ind.name, *ind.keywords]]
        self._industry_of = dict(sorted(keywords, key=lambda kv: len(kv[0])))
        kw_forms = sorted(self._industry_of, key=len, reverse=True)
        self._industry_scanner = re.compile("|".join(map(re.escape, kw_forms))) if kw_forms else None

    def lookup(self, name: str) -> GazetteerActor | None:
        found = self.by_name.get(name)
        return found if found is not None else self.by_name.get(_normal_form(name))

    def scan(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[str, int, int]]:
        """Every gazetteer name in ``text[start:end]`` as ``(form, start, end)`` (offsets into
        ``text``), longest match first."""
        if self._scanner is None:
            return []
        stop = len(text) if end is None else end
        return [(m.group(), m.start(), m.end()) for m in self._scanner.finditer(text, start, stop)]

    def industry_in(self, text: str) -> str | None:
        """The industry a text (a task title) is about, by its longest keyword."""
        if self._industry_scanner is None:
            return None
        found = [m.group() for m in self._industry_scanner.finditer(text)]
        return self._industry_of[max(found, key=len)] if found else None

    def canonical_industry(self, name: str) -> str:
        return self._industry_of.get(name, name)

    def extended(self, other: Gazetteer, origin: str = "<memory>") -> Gazetteer:
        """This gazetteer with ``other``'s entries added; where both name one form, ``other``'s
        entry wins (a plan's own gazetteer over the shipped one)."""
        taken = set(other.by_name)
        actors = [*other.actors, *(a for a in self.actors if not ({a.name, *a.aliases} & taken))]
        named = {i.name for i in other.industries}
        industries = [*other.industries, *(i for i in self.industries if i.name not in named)]
        return Gazetteer(actors, industries, origin=origin)


def load_gazetteer(path: str | Path) -> Gazetteer:
    """Read and validate a gazetteer YAML file; raises ``LoaderError`` naming file and entry."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError as e:
        raise LoaderError(f"{path}: cannot read the gazetteer ({e.strerror or e})") from e
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        raise LoaderError(f"{path}:{where} is not valid YAML ({getattr(e, 'problem', e)})") from e
    if not isinstance(raw, dict):
        raise LoaderError(f"{path}: expected a mapping with 'actors' and 'industries'")
    try:
        top = _File.model_validate(raw)
    except ValidationError as e:
        raise LoaderError(f"{path}: {_first_error(e)}") from e
    actors = [_entry(GazetteerActor, item, path, "actors", i) for i, item in enumerate(top.actors)]
    industries = [_entry(GazetteerIndustry, item, path, "industries", i) for i, item in enumerate(top.industries)]
    return Gazetteer(actors, industries, origin=str(path))


def _entry(model: type[BaseModel], item: object, path: Path, section: str, index: int):  # type: ignore[no-untyped-def]
    label = item.get("name", "?") if isinstance(item, dict) else "?"
    try:
        return model.model_validate(item)
    except ValidationError as e:
        raise LoaderError(f"{path}: {section}[{index}] {label!r}: {_first_error(e)}") from e


def _first_error(e: ValidationError) -> str:
    err = e.errors()[0]
    field = ".".join(str(p) for p in err["loc"])
    value = err.get("input")
    if err["type"] == "enum":
        allowed = ", ".join(k.value for k in ActorKind)
        return f"field '{field}': {value!r} is not one of {allowed}"
    return f"field '{field}': {err['msg']}"


PLAN_GAZETTEER_SUFFIX = ".gazetteer.yaml"


def plan_gazetteer(path: str | Path, base: Gazetteer) -> Gazetteer:
    """``base`` with the plan's own gazetteer added when one lies beside it: for plan.docx,
    plan.gazetteer.yaml (names an analyst curated for that plan, kept out of the shipped file).
    The file is read again when it changes."""
    own = Path(path).with_suffix(PLAN_GAZETTEER_SUFFIX)
    if not own.is_file():
        return base
    return _extended(base, str(own), own.stat().st_mtime_ns)


@lru_cache(maxsize=64)
def _extended(base: Gazetteer, own: str, _mtime: int) -> Gazetteer:
    # Where both name one form, the gazetteer in use (the shipped one, or yours by --gazetteer) wins.
    return load_gazetteer(own).extended(base, origin=own)


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    return load_gazetteer(DEFAULT_GAZETTEER)
