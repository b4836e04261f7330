"""The CJK font documents embed: Noto Serif/Sans CJK SC from Debian's fonts-noto-cjk, found through fontconfig
(which is what WeasyPrint's Pango uses). Nothing is downloaded at run time; a missing font is a clear error."""

from __future__ import annotations

import shutil
import subprocess
from functools import cache

FAMILIES = ("Noto Serif CJK SC", "Noto Sans CJK SC")
INSTALL_HINT = "apt-get install fonts-noto-cjk（或 make documents）"


class FontMissing(RuntimeError):
    """No CJK font to embed: the PDF would show empty boxes instead of Chinese."""


@cache
def cjk_family() -> str:
    """The first of FAMILIES fontconfig knows, or FontMissing."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        raise FontMissing(f"文书需要 fontconfig 与中文字体 Noto CJK：{INSTALL_HINT}")
    for family in FAMILIES:
        found = subprocess.run([fc_list, f":family={family}", "file"], capture_output=True, text=True, timeout=30)
        if found.stdout.strip():
            return family
    raise FontMissing(f"找不到中文字体 {' / '.join(FAMILIES)}，无法生成 PDF 文书：{INSTALL_HINT}")
