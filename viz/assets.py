"""vis-network's JavaScript and CSS, read from the copy pyvis ships, for inlining into a page.

pyvis's own ``cdn_resources`` modes are not offline: ``remote`` and ``in_line`` load Bootstrap
(and ``remote`` vis-network) from a CDN, ``local`` points at a ``lib/`` folder beside the HTML.
A map sent by e-mail to an office without internet must carry everything inside one file, so we
inline the library files pyvis installs.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from innograph.core.errors import VizError

__all__ = ["vis_network_js", "vis_network_css", "VIS_VERSION"]

VIS_VERSION = "9.1.2"

# A trailing ``//# sourceMappingURL=...`` makes browser dev tools fetch a file that is not there.
_SOURCE_MAP = re.compile(r"^\s*(//|/\*)# sourceMappingURL=.*$", re.MULTILINE)


def _lib_dir() -> Path:
    try:
        import pyvis
    except ImportError as e:  # pyvis is a core dependency; this only happens in a broken install
        raise VizError("pyvis is not installed; reinstall innograph (pip install innograph)") from e
    base = Path(pyvis.__file__).resolve().parent
    for candidate in (base / "lib" / f"vis-{VIS_VERSION}", base / "templates" / "lib" / f"vis-{VIS_VERSION}"):
        if (candidate / "vis-network.min.js").is_file():
            return candidate
    raise VizError(f"pyvis at {base} does not ship vis-network {VIS_VERSION}; install pyvis 0.3.2 or later")


def _read(name: str, closing_tag: str) -> str:
    text = (_lib_dir() / name).read_text(encoding="utf-8")
    text = _SOURCE_MAP.sub("", text)
    # Inlined into <script>/<style>, the text must not be able to close its own element.
    if closing_tag in text.lower():
        raise VizError(f"{name} contains {closing_tag!r} and cannot be inlined safely")
    return text


@functools.cache
def vis_network_js() -> str:
    return _read("vis-network.min.js", "</script")


@functools.cache
def vis_network_css() -> str:
    return _read("vis-network.css", "</style")
