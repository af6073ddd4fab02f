"""Font stacks by language: Latin text in the report's own face, Japanese and Chinese in the CJK
face of that language.

Why per language: Han characters shared by Japanese and Chinese are drawn differently in each
(直, 骨, 角 …), and a renderer that falls back to "some CJK font" picks one for both — WeasyPrint
(the PDF board pack) drew Chinese with the Japanese face. Debian's ``fonts-noto-cjk`` carries Noto
Sans CJK JP and SC; ``scripts/test`` installs it.
"""

from __future__ import annotations

__all__ = ["CJK_FACES", "cjk_font_stack"]

CJK_FACES = {"ja": "Noto Sans CJK JP", "zh": "Noto Sans CJK SC"}  # i18n: not text


def cjk_font_stack(lang: str, latin: str) -> str:
    """``latin`` (a CSS font list without the generic family), the language's CJK face when it has
    one, then ``sans-serif``."""
    face = CJK_FACES.get(lang)
    return f"{latin}, {face}, sans-serif" if face else f"{latin}, sans-serif"
