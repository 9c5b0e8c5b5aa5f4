"""The closed vocabulary of the graph: actor kinds, helix roles, node labels, relation types.

This module is the only place these words are defined. Stores build labels and relationship
types for Cypher only from these enums, never from input text, so a document can never inject a
label or a relationship type into a query string.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "ActorKind",
    "HelixRole",
    "Label",
    "RelationType",
    "KIND_ROLE",
    "ROLE_CHAR",
    "ROLE_ORDER",
    "KIND_NAMES_ZH",
    "ROLE_NAMES_ZH",
    "CROSS_SECTOR_KINDS",
    "COMPLEMENTARY_KINDS",
    "COLLABORATION_TYPES",
    "helix_role",
    "FRAMING_SECTION_WORDS",
    "is_framing_section",
    "parse_kind",
    "parse_relation_type",
]


class ActorKind(StrEnum):
    """What an actor is. Every actor node has exactly one kind."""

    GOVERNMENT = "government"
    FINANCE = "finance"
    ENTERPRISE = "enterprise"
    UNIVERSITY = "university"
    INSTITUTE = "institute"
    ASSOCIATION = "association"
    PLATFORM = "platform"
    USER = "user"
    OTHER = "other"


class HelixRole(StrEnum):
    """The plan's own frame 政金产学研用, plus intermediaries (associations, platforms)."""

    GOVERNMENT = "government"  # 政
    FINANCE = "finance"  # 金
    INDUSTRY = "industry"  # 产
    UNIVERSITY = "university"  # 学
    RESEARCH = "research"  # 研
    APPLICATION = "application"  # 用
    INTERMEDIARY = "intermediary"
    OTHER = "other"


class Label(StrEnum):
    """Node labels. Actors additionally carry their kind (see ``ActorKind``)."""

    ACTOR = "Actor"
    TASK = "Task"
    TARGET = "Target"
    ACHIEVEMENT = "Achievement"
    INDUSTRY = "Industry"
    PLAN = "Plan"
    PLACE = "Place"
    PROGRAM = "Program"


class RelationType(StrEnum):
    """Relationship types. Direction is given in each comment as source -> target."""

    LEADS = "LEADS"  # department -> task (牵头单位)
    RESPONSIBLE_FOR = "RESPONSIBLE_FOR"  # department -> task (责任/配合/协办/参与单位)
    PARTICIPATES_IN = "PARTICIPATES_IN"  # actor -> task where it is named
    PARTNERS_WITH = "PARTNERS_WITH"  # actor -> actor, an explicit pairing
    PART_OF = "PART_OF"  # task -> parent task or plan
    IN_INDUSTRY = "IN_INDUSTRY"  # task or actor -> industry
    HAS_TARGET = "HAS_TARGET"  # task or plan -> target
    HAS_PROGRAM = "HAS_PROGRAM"  # task -> program or fund it uses
    LOCATED_IN = "LOCATED_IN"  # task or actor -> place
    MEMBER_OF = "MEMBER_OF"  # actor -> association / alliance
    FUNDS = "FUNDS"  # finance actor or program -> actor or task


ROLE_ORDER: tuple[HelixRole, ...] = (
    HelixRole.GOVERNMENT,
    HelixRole.FINANCE,
    HelixRole.INDUSTRY,
    HelixRole.UNIVERSITY,
    HelixRole.RESEARCH,
    HelixRole.APPLICATION,
)

KIND_ROLE: dict[ActorKind, HelixRole] = {
    ActorKind.GOVERNMENT: HelixRole.GOVERNMENT,
    ActorKind.FINANCE: HelixRole.FINANCE,
    ActorKind.ENTERPRISE: HelixRole.INDUSTRY,
    ActorKind.UNIVERSITY: HelixRole.UNIVERSITY,
    ActorKind.INSTITUTE: HelixRole.RESEARCH,
    ActorKind.USER: HelixRole.APPLICATION,
    ActorKind.ASSOCIATION: HelixRole.INTERMEDIARY,
    ActorKind.PLATFORM: HelixRole.INTERMEDIARY,
    ActorKind.OTHER: HelixRole.OTHER,
}

ROLE_CHAR: dict[HelixRole, str] = {
    HelixRole.GOVERNMENT: "政",
    HelixRole.FINANCE: "金",
    HelixRole.INDUSTRY: "产",
    HelixRole.UNIVERSITY: "学",
    HelixRole.RESEARCH: "研",
    HelixRole.APPLICATION: "用",
    HelixRole.INTERMEDIARY: "中介",
    HelixRole.OTHER: "其他",
}

KIND_NAMES_ZH: dict[ActorKind, str] = {
    ActorKind.GOVERNMENT: "政府部门",
    ActorKind.FINANCE: "金融机构",
    ActorKind.ENTERPRISE: "企业",
    ActorKind.UNIVERSITY: "高校",
    ActorKind.INSTITUTE: "科研院所",
    ActorKind.ASSOCIATION: "协会联盟",
    ActorKind.PLATFORM: "平台园区",
    ActorKind.USER: "应用方",
    ActorKind.OTHER: "其他",
}

ROLE_NAMES_ZH: dict[HelixRole, str] = ROLE_CHAR  # the one-character names are the Chinese names

# Pairs of kinds whose collaboration the 政金产学研用 frame asks for; gap finding and partner
# recommendation keep to these by default.
def _kind_pairs(*pairs: tuple[ActorKind, ActorKind]) -> frozenset[frozenset[ActorKind]]:
    return frozenset(frozenset(pair) for pair in pairs)


CROSS_SECTOR_KINDS: frozenset[frozenset[ActorKind]] = _kind_pairs(
    (ActorKind.ENTERPRISE, ActorKind.UNIVERSITY),
    (ActorKind.ENTERPRISE, ActorKind.INSTITUTE),
    (ActorKind.ENTERPRISE, ActorKind.FINANCE),
    (ActorKind.ENTERPRISE, ActorKind.PLATFORM),
    (ActorKind.ENTERPRISE, ActorKind.ASSOCIATION),
    (ActorKind.ENTERPRISE, ActorKind.USER),
    (ActorKind.UNIVERSITY, ActorKind.INSTITUTE),
    (ActorKind.UNIVERSITY, ActorKind.FINANCE),
    (ActorKind.INSTITUTE, ActorKind.FINANCE),
    (ActorKind.UNIVERSITY, ActorKind.USER),
    (ActorKind.INSTITUTE, ActorKind.USER),
)

# The cross-sector pairs proposed first: a firm with the research side or with finance, the
# core of 政金产学研用 (the other cross-sector pairs, with associations or platforms, come after).
COMPLEMENTARY_KINDS: frozenset[frozenset[ActorKind]] = _kind_pairs(
    (ActorKind.ENTERPRISE, ActorKind.UNIVERSITY),
    (ActorKind.ENTERPRISE, ActorKind.INSTITUTE),
    (ActorKind.ENTERPRISE, ActorKind.FINANCE),
)

# Relation types that mean two actors work together (directly or on one task).
COLLABORATION_TYPES: frozenset[RelationType] = frozenset(
    {
        RelationType.PARTNERS_WITH,
        RelationType.LEADS,
        RelationType.RESPONSIBLE_FOR,
        RelationType.PARTICIPATES_IN,
        RelationType.MEMBER_OF,
        RelationType.FUNDS,
    }
)


# Plan sections that frame the plan rather than assign work: their items are not expected to
# name departments, enterprises or universities, so task-coverage gaps leave them out.
FRAMING_SECTION_WORDS: tuple[str, ...] = (
    "指导思想", "总体要求", "基本原则", "工作原则", "工作目标", "发展目标", "主要目标", "总体目标",
    "预期目标", "适用范围", "编制依据", "政策依据", "附则", "附件",
)


def is_framing_section(path: list[str] | tuple[str, ...]) -> bool:
    """True when a task's heading path lies in a framing section (指导思想, 工作目标, ...).

    >>> is_framing_section(["一、指导思想"])
    True
    >>> is_framing_section(["三、主要任务", "（二）建设协同创新基地"])
    False
    """
    return any(word in heading for heading in path for word in FRAMING_SECTION_WORDS)


def helix_role(kind: ActorKind | str | None) -> HelixRole:
    """The 政金产学研用 role of an actor kind (``OTHER`` for non-actors)."""
    if kind is None:
        return HelixRole.OTHER
    return KIND_ROLE[ActorKind(kind)]


def _parse(enum: type[StrEnum], value: str, what: str) -> StrEnum:
    text = str(value).strip()
    for member in enum:
        if text.lower() in (member.value.lower(), member.name.lower()):
            return member
    allowed = ", ".join(m.value for m in enum)
    raise ValueError(f"{value!r} is not one of {allowed}")


def parse_kind(value: str) -> ActorKind:
    """Parse an actor kind written by a person (case-insensitive); raises ``ValueError``."""
    return _parse(ActorKind, value, "kind")  # type: ignore[return-value]


def parse_relation_type(value: str) -> RelationType:
    """Parse a relation type (case-insensitive, ``partners_with`` works); raises ``ValueError``."""
    return _parse(RelationType, value.replace("-", "_").replace(" ", "_"), "type")  # type: ignore[return-value]
