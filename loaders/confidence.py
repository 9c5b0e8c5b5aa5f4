"""How sure extraction is of an actor: a confidence for each rule that can name one.

The figures rank the rules by how often what they find is a real, rightly bounded name on the
real-plan corpus (tests/corpus/real, dev split): a curated name is almost always right, a name
read from a responsibility marker nearly so, a name whose kind comes only from the category
word after 等 (``A、B等企业``) or that no organisation suffix supports least. An actor found by
several rules keeps the highest. ``innograph extract --review`` lists those below
``REVIEW_BELOW`` for a person to check; what they confirm or correct in a corrections table
(loaders/corrections.py) is "reviewed".
"""

from __future__ import annotations

__all__ = ["RULES", "REVIEW_BELOW", "confidence_of"]

RULES: dict[str, tuple[float, str]] = {
    "reviewed": (1.0, "checked by a person in a corrections table (--corrections)"),
    "gazetteer": (0.98, "a name or alias in the gazetteer"),
    "marker": (0.95, "named in a responsibility marker, kind from its suffix"),
    "list": (0.9, "an item of a list of names, kind from its suffix"),
    "roster": (0.9, "the unit of a member named in a leading group's roster"),
    "fund": (0.85, "a fund named by its own suffix (…基金)"),
    "department": (0.85, "a government body named in prose: a level (省, 市 …) and a department word"),
    "suffix": (0.8, "a stretch of prose ending in an organisation suffix"),
    "quoted": (0.8, "a quoted brand opening a platform's name (“爱山东”APP)"),
    "nested": (0.75, "an organisation opening a longer name"),
    "category": (0.7, "an item of a list whose kind comes from the category word after 等"),
    "marker-guess": (0.6, "named in a responsibility marker without an organisation suffix"),
}
REVIEW_BELOW = 0.8


def confidence_of(rule: str) -> float:
    """The confidence of an actor found by ``rule`` (one of ``RULES``).

    >>> confidence_of("gazetteer") > confidence_of("category")
    True
    """
    return RULES[rule][0]
