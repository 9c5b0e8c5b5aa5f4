"""Writing files so that a reader never sees half of one: write a temporary file beside the
target, then rename it over the target (atomic on POSIX and Windows); and the CSV spreadsheets
open as they are (UTF-8 with a BOM).

``tempfile.mkstemp`` makes its file owner-only (0600) whatever the umask, so a renamed temporary
file would keep that mode and colleagues on a shared drive could not open a report. Before the
rename the file gets the mode a plain ``open()`` would have given it: 0666 less the umask.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from .errors import InnographError

__all__ = ["atomic_write_text", "atomic_write_bytes", "safe_file_name", "excel_csv", "apply_umask", "current_umask"]


def current_umask() -> int:
    """The process's umask (read by setting and restoring it: there is no getter before 3.13
    outside Linux's /proc)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def apply_umask(path: str | os.PathLike[str]) -> None:
    """Give ``path`` the mode a newly created file gets: 0666 less the umask (POSIX only)."""
    if os.name == "posix":
        os.chmod(path, 0o666 & ~current_umask())


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    target = Path(path)
    if target.is_dir():
        raise InnographError(f"{target} is a folder; give a file name")
    folder = target.parent if str(target.parent) else Path(".")
    blocking = next((p for p in (folder, *folder.parents) if p.exists()), None)
    if blocking is not None and not blocking.is_dir():
        raise InnographError(f"cannot write {target}: {blocking} is a file, not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            apply_umask(tmp)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as e:
        raise InnographError(f"cannot write {target}: {e.strerror or e}") from e
    return target


def atomic_write_text(path: str | os.PathLike[str], text: str) -> Path:
    """Write text as UTF-8 (never the platform's locale encoding), atomically."""
    return atomic_write_bytes(path, text.encode("utf-8"))


_UNSAFE = set('<>:"/\\|?*\0')


def safe_file_name(name: str, default: str = "file", max_len: int = 80) -> str:
    """A file name made from untrusted text: no path separators, reserved or control characters,
    no leading dots; Chinese characters are kept (every common file system stores them).

    >>> safe_file_name("../../etc/passwd")
    'etc_passwd'
    >>> safe_file_name("医药健康 基地")
    '医药健康_基地'
    """
    cleaned = "".join("_" if (c in _UNSAFE or ord(c) < 32 or c.isspace()) else c for c in name)
    while "__" in cleaned:
        cleaned = cleaned.replace("__", "_")
    cleaned = cleaned.strip("._ ")[:max_len].rstrip("._ ")
    if not cleaned or cleaned.upper() in {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}:
        return default
    return cleaned


def excel_csv(columns: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """A CSV for spreadsheets: UTF-8 with a BOM (Excel on Windows needs it to read Chinese), CRLF.

    >>> excel_csv(["名称"], [["区科技局"]])[:3] == "\ufeff".encode("utf-8")
    True
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")
