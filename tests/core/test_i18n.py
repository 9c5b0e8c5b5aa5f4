"""The one table of words: both languages complete, Chinese by default, examples that run."""

from __future__ import annotations

import doctest
import inspect

import pytest

from innograph import queries
from innograph.core import i18n
from innograph.core.errors import LanguageError


def test_docstring_examples():
    result = doctest.testmod(i18n)
    assert result.attempted > 0 and result.failed == 0


def test_every_string_exists_in_both_languages():
    zh, en = i18n.strings("zh"), i18n.strings("en")
    assert set(zh) == set(en)
    # A placeholder in one language and not the other would raise (or drop a value) in format().
    for key in zh:
        assert sorted(_fields(zh[key])) == sorted(_fields(en[key])), key


def _fields(template: str) -> list[str]:
    import string

    return [name for _, name, _, _ in string.Formatter().parse(template) if name]


def test_unknown_language_is_one_error_for_every_layer():
    with pytest.raises(LanguageError, match="unknown language 'fr'; use zh or en"):
        i18n.text("fr", "map_title")


@pytest.mark.parametrize("function", [queries.gap_pairs, queries.unlinked_actors, queries.task_gaps,
                                      queries.helix_gaps, queries.recommend, queries.recommend_all, queries.helix,
                                      queries.targets, queries.path])
def test_queries_default_to_the_one_default_language(function):
    assert inspect.signature(function).parameters["lang"].default == i18n.DEFAULT_LANG == "zh"
