"""The one palette and the node and edge styles every map and the report share.

Actor colours are the Okabe–Ito palette (distinguishable with the common colour-vision
deficiencies); non-actor nodes are neutral greys told apart by shape, so colour always means
"which kind of actor". Community colours are Paul Tol's "muted" set, also colour-blind safe.
"""

from __future__ import annotations

from innograph.graph.schema import ActorKind, Label, RelationType

__all__ = [
    "FONT_STACK",
    "KIND_COLORS",
    "LABEL_STYLES",
    "COMMUNITY_COLORS",
    "OTHER_COMMUNITY_COLOR",
    "EDGE_STYLES",
    "RECOMMENDED_STYLE",
    "category_of",
    "category_color",
    "category_shape",
    "CATEGORY_ORDER",
]

# Fonts that hold Chinese on Windows, macOS and Linux; the browser takes the first it has.
FONT_STACK = '"Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif'

KIND_COLORS: dict[ActorKind, str] = {
    ActorKind.GOVERNMENT: "#0072B2",  # blue
    ActorKind.FINANCE: "#E69F00",  # orange
    ActorKind.ENTERPRISE: "#D55E00",  # vermillion
    ActorKind.UNIVERSITY: "#009E73",  # bluish green
    ActorKind.INSTITUTE: "#56B4E9",  # sky blue
    ActorKind.ASSOCIATION: "#CC79A7",  # reddish purple
    ActorKind.PLATFORM: "#F0E442",  # yellow
    ActorKind.USER: "#000000",  # black
    ActorKind.OTHER: "#999999",  # grey
}

# Non-actor labels: (colour, vis-network shape).
LABEL_STYLES: dict[Label, tuple[str, str]] = {
    Label.TASK: ("#BBBBBB", "diamond"),
    Label.INDUSTRY: ("#6E6E6E", "triangle"),
    Label.PLAN: ("#444444", "square"),
    Label.PROGRAM: ("#A0A0A0", "hexagon"),
    Label.TARGET: ("#D9D9D9", "star"),
    Label.ACHIEVEMENT: ("#D9D9D9", "star"),
    Label.PLACE: ("#8C8C8C", "triangleDown"),
}

# Legend order: actors in the 政金产学研用 order, then the other labels.
CATEGORY_ORDER: tuple[str, ...] = (
    *(k.value for k in (ActorKind.GOVERNMENT, ActorKind.FINANCE, ActorKind.ENTERPRISE, ActorKind.UNIVERSITY,
                        ActorKind.INSTITUTE, ActorKind.USER, ActorKind.ASSOCIATION, ActorKind.PLATFORM,
                        ActorKind.OTHER)),
    *(label.value for label in (Label.PLAN, Label.TASK, Label.INDUSTRY, Label.PROGRAM, Label.TARGET,
                                Label.ACHIEVEMENT, Label.PLACE)),
)

COMMUNITY_COLORS: tuple[str, ...] = (
    "#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255", "#AA4499", "#6699CC",
)
OTHER_COMMUNITY_COLOR = "#DDDDDD"

# Edge styles by relation type: colour, width, arrow, dashes. Dashes are kept for recommended
# partnerships alone, so a dashed line always means "suggested, not in the plan".
EDGE_STYLES: dict[RelationType, dict[str, object]] = {
    RelationType.LEADS: {"color": "#0072B2", "width": 2.5, "arrows": "to"},
    RelationType.RESPONSIBLE_FOR: {"color": "#56B4E9", "width": 1.5, "arrows": "to"},
    RelationType.PARTICIPATES_IN: {"color": "#A0A0A0", "width": 1.0, "arrows": "to"},
    RelationType.PARTNERS_WITH: {"color": "#D55E00", "width": 3.0, "arrows": ""},
    RelationType.PART_OF: {"color": "#D0D0D0", "width": 1.0, "arrows": "to"},
    RelationType.IN_INDUSTRY: {"color": "#C8C8C8", "width": 0.8, "arrows": "to"},
    RelationType.HAS_TARGET: {"color": "#D0D0D0", "width": 0.8, "arrows": "to"},
    RelationType.HAS_PROGRAM: {"color": "#B0B0B0", "width": 1.0, "arrows": "to"},
    RelationType.LOCATED_IN: {"color": "#C8C8C8", "width": 0.8, "arrows": "to"},
    RelationType.MEMBER_OF: {"color": "#CC79A7", "width": 1.5, "arrows": "to"},
    RelationType.FUNDS: {"color": "#E69F00", "width": 2.0, "arrows": "to"},
}
RECOMMENDED_STYLE: dict[str, object] = {"color": "#AA4499", "width": 2.5, "arrows": "", "dashes": [8, 6]}


def category_of(attrs: dict[str, object]) -> str:
    """A node's legend category: its actor kind, or its label for non-actors."""
    if attrs.get("label") == Label.ACTOR.value:
        return ActorKind(attrs.get("kind") or ActorKind.OTHER).value
    return Label(attrs.get("label") or Label.TASK).value


def category_color(category: str) -> str:
    if category in ActorKind._value2member_map_:
        return KIND_COLORS[ActorKind(category)]
    return LABEL_STYLES[Label(category)][0]


def category_shape(category: str) -> str:
    if category in ActorKind._value2member_map_:
        return "dot"
    return LABEL_STYLES[Label(category)][1]
