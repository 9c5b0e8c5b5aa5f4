"""Printing the report to PDF with a local Chromium, offline.

The report's print style sheet already lays it out for A4 (maps as static images, top-10 tables,
no navigation); a headless Chromium prints exactly what a person's "Print to PDF" would. No
browser library is needed: Chromium's own ``--print-to-pdf`` does it. The browser is found on
PATH (chromium, chromium-browser, google-chrome ...) or named by ``INNOGRAPH_CHROMIUM``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from innograph.core.errors import VizError
from innograph.core.files import apply_umask

__all__ = ["find_chromium", "print_pdf", "CHROMIUM_NAMES"]

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
_TIMEOUT = 120  # seconds: a report of a few thousand rows prints in a few


def find_chromium() -> str | None:
    """The Chromium to print with: ``INNOGRAPH_CHROMIUM`` when set, else the first on PATH."""
    named = os.environ.get("INNOGRAPH_CHROMIUM")
    if named:
        return named if Path(named).is_file() else shutil.which(named)
    return next((found for name in CHROMIUM_NAMES if (found := shutil.which(name))), None)


def print_pdf(html: str | os.PathLike[str], out: str | os.PathLike[str]) -> Path:
    """Print a local HTML page to ``out`` (A4 as the page's print styles say), atomically."""
    browser = find_chromium()
    if browser is None:
        raise VizError("no Chromium found to print the PDF; install chromium (apt-get install chromium) "
                       "or set INNOGRAPH_CHROMIUM to a Chrome/Chromium executable")
    target = Path(out)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    with tempfile.TemporaryDirectory(prefix="innograph-chromium-") as profile:
        command = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                   "--disable-extensions", "--disable-background-networking", "--no-pdf-header-footer",
                   f"--user-data-dir={profile}", "--virtual-time-budget=10000", f"--print-to-pdf={tmp}",
                   Path(html).resolve().as_uri()]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=_TIMEOUT, check=False)
        except (OSError, subprocess.TimeoutExpired) as e:
            Path(tmp).unlink(missing_ok=True)
            raise VizError(f"Chromium could not print {html}: {e}") from e
    if done.returncode != 0 or not Path(tmp).stat().st_size:
        Path(tmp).unlink(missing_ok=True)
        last = (done.stderr or "").strip().splitlines()[-1:] or ["no output"]
        raise VizError(f"Chromium could not print {html} (exit {done.returncode}): {last[0]}")
    apply_umask(tmp)
    os.replace(tmp, target)
    return target
