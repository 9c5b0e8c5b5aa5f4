"""Rendering pages from our Jinja2 templates, with escaping on by default.

Templates autoescape everything. The only unescaped text put into a page is (a) vis-network's
own code and CSS, read from pyvis's package, and (b) data as JSON inside
``<script type="application/json">``, where ``<``, ``>`` and ``&`` are written as ``\\u003c``
... so no document text can end the script element or open a tag.
"""

from __future__ import annotations

import functools
import json
import math
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from innograph.core import i18n

from .assets import vis_network_css, vis_network_js
from .style import FONT_STACK

__all__ = ["script_json", "render_page"]

_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def _finite(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None  # JSON.parse rejects NaN and Infinity
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def script_json(value: Any) -> Markup:
    """JSON safe to place inside a ``<script>`` element of an HTML page.

    >>> str(script_json({"name": "</script><img src=x onerror=alert(1)>"}))
    '{"name":"\\\\u003c/script\\\\u003e\\\\u003cimg src=x onerror=alert(1)\\\\u003e"}'
    """
    text = json.dumps(_finite(value), ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for char, escape in _JSON_ESCAPES.items():
        text = text.replace(char, escape)
    return Markup(text)


@functools.cache
def _environment() -> Environment:
    env = Environment(loader=PackageLoader("innograph.viz", "templates"), autoescape=select_autoescape(default=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["script_json"] = script_json
    return env


def _static(name: str) -> Markup:
    # Our own JS/CSS beside the templates, trusted like vis-network's code.
    return Markup(_environment().loader.get_source(_environment(), name)[0])  # type: ignore[union-attr]


def render_page(template: str, *, lang: str, **context: Any) -> str:
    """Render one of our templates with the shared context: UI strings, fonts, inlined vis-network."""
    env = _environment()
    return env.get_template(template).render(
        t=i18n.strings(lang),
        lang=lang,
        html_lang="zh-CN" if lang == "zh" else "en",
        font_stack=FONT_STACK,
        vis_js=Markup(vis_network_js()),
        vis_css=Markup(vis_network_css()),
        map_js=_static("map.js"),
        map_css=_static("map.css"),
        **context,
    )
