"""Decode the bytes of a Chinese text file whose encoding nobody wrote down.

Plans and tables arrive as UTF-8 (with or without a BOM), GB18030/GBK (mainland Windows) or
Big5 (Taiwan, Hong Kong). Generic detectors often get short Chinese texts wrong, so the order
is fixed and tested:

1. a byte-order mark decides (UTF-8, UTF-16);
2. NUL bytes mean a binary file, unless the bytes read as UTF-16 without a mark;
3. strict UTF-8 (multi-byte UTF-8 almost never decodes by accident), then a declared charset
   (an HTML ``<meta charset>``) if the bytes decode with it;
4. GB18030 and Big5 are both tried strictly; when both decode, each reading is scored by the
   share of its characters that fall in that encoding's *common* tier (GB2312 level 1, Big5
   level 1, plus ordinary punctuation). Text decoded with the wrong one of the two lands in
   symbol rows, private-use areas and rare characters, so its score is far lower;
5. only when the two scores are close does charset-normalizer break the tie.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from innograph.core.errors import LoaderError

__all__ = ["decode_text", "read_input", "TextDecodingError"]

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_SAMPLE = 20000
# Scores closer than this are a tie; charset-normalizer decides.
_TIE = 0.08


class TextDecodingError(ValueError):
    """The bytes are binary or in no encoding innograph reads; the message says which."""


def read_input(file: Path, error: type[LoaderError]) -> bytes:
    """The bytes of an input file; a missing, unreadable or empty file raises ``error`` with
    a one-line message naming it."""
    try:
        data = file.read_bytes()
    except FileNotFoundError as e:
        raise error(f"{file}: file not found") from e
    except IsADirectoryError as e:
        raise error(f"{file}: is a folder, not a file") from e
    except OSError as e:
        raise error(f"{file}: cannot read: {e.strerror or e}") from e
    if not data.strip():
        raise error(f"{file.name}: the file is empty")
    return data


def decode_text(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Return ``(text, encoding)`` for the bytes of a text file.

    ``declared`` (e.g. an HTML ``<meta charset>``) is tried after UTF-8 and ignored if the
    bytes do not decode with it. Raises ``TextDecodingError`` for binary or undecodable data.

    >>> decode_text("协同创新".encode("gbk"))
    ('协同创新', 'gb18030')
    >>> decode_text("協同創新".encode("big5"))
    ('協同創新', 'big5')
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as e:
                raise TextDecodingError(f"has a {encoding} byte-order mark but is not valid {encoding}") from e
    if b"\x00" in data[:65536]:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return utf16
        raise TextDecodingError("is a binary file (it contains NUL bytes), not text")
    # Valid multi-byte UTF-8 is never an accident, so it wins even over a declaration: pages
    # re-saved as UTF-8 often keep their old <meta charset=gb2312>.
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if declared:
        encoding = _normalise_declared(declared)
        if encoding:
            try:
                return data.decode(encoding), encoding
            except (UnicodeDecodeError, LookupError):
                pass
    readings: dict[str, str] = {}
    for encoding in ("gb18030", "big5"):
        try:
            readings[encoding] = data.decode(encoding)
        except UnicodeDecodeError:
            continue
    if not readings:
        raise TextDecodingError("cannot be decoded as UTF-8, GB18030/GBK or Big5 (binary or another encoding)")
    if len(readings) == 1:
        encoding, text = next(iter(readings.items()))
        return text, encoding
    # A sample is plenty to tell the two apart and keeps big files fast.
    gb_score = _common_share(readings["gb18030"][:_SAMPLE], "gb2312", _is_common_gb)
    big5_score = _common_share(readings["big5"][:_SAMPLE], "big5", _is_common_big5)
    if abs(gb_score - big5_score) >= _TIE:
        encoding = "gb18030" if gb_score > big5_score else "big5"
    else:
        encoding = _ask_charset_normalizer(data) or "gb18030"
    return readings[encoding], encoding


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text saved without a byte-order mark (some Windows tools do): its NUL bytes are the
    high bytes of ASCII characters, and read the right way round it is mostly Chinese and
    printable.

    >>> _utf16_without_bom("一、加快协同创新（牵头单位：区科技局）".encode("utf-16-le"))
    ('一、加快协同创新（牵头单位：区科技局）', 'utf-16-le')
    """
    if len(data) % 2:
        return None
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        sample = text[:20000]
        visible = [ch for ch in sample if not ch.isspace()]
        if not visible or any(ch == "\x00" or (ord(ch) < 32 and ch not in "\t\n\r\f") for ch in sample):
            continue
        if sum(1 for ch in visible if "\u4e00" <= ch <= "\u9fff") >= 0.3 * len(visible):
            return text, encoding
    return None


def _normalise_declared(name: str) -> str | None:
    label = name.strip().strip("\"'").lower()
    # GB2312 and GBK declarations are routinely wrong about which of the family is used;
    # GB18030 is their superset, so it reads all of them.
    if label in {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "euc-cn", "hz-gb-2312"}:
        return "gb18030"
    if label in {"big5", "big5-hkscs", "cp950", "x-x-big5"}:
        return "big5hkscs"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _common_share(text: str, codec: str, is_common) -> float:
    """Share of the non-ASCII characters of ``text`` in the common tier of ``codec``."""
    total = common = 0
    for char in text:
        if char < "\x80":
            continue
        total += 1
        try:
            encoded = char.encode(codec)
        except UnicodeEncodeError:
            continue
        if len(encoded) == 2 and is_common(encoded[0], encoded[1]):
            common += 1
    return common / total if total else 0.0


def _is_common_gb(lead: int, trail: int) -> bool:
    # Rows A1-A3: punctuation and full-width forms; rows B0-D7: the 3755 level-1 hanzi.
    return 0xA1 <= lead <= 0xA3 or 0xB0 <= lead <= 0xD7


def _is_common_big5(lead: int, trail: int) -> bool:
    # A140-A3BF: punctuation and symbols; A440-C67E: the 5401 frequent (level-1) characters.
    code = lead << 8 | trail
    return 0xA140 <= code <= 0xA3BF or 0xA440 <= code <= 0xC67E


def _ask_charset_normalizer(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["gb18030", "big5"]).best()
    if best is None:
        return None
    guess = best.encoding.lower().replace("-", "").replace("_", "")
    if guess.startswith("big5") or guess == "cp950":
        return "big5"
    if guess.startswith("gb") or guess == "cp936":
        return "gb18030"
    return None
