"""HTML → PDF with WeasyPrint, with a text layer that copies and searches correctly in Thai.

Two layers, because readers differ:

1. Each line of Thai text is wrapped in a marked-content span whose /ActualText is the line as the
   HTML has it (PDF 32000 §14.9.4). Poppler (pdftotext, Evince, Okular), PDFium (Chrome) and Acrobat
   extract and search that text instead of the glyphs. Without it a reader orders glyphs by
   position: a tone mark stacked on a vowel sits at the same x as the vowel and is taken for a
   duplicate or a new word, so pdftotext read "ผู้ซื้อ" as "ผู้ซ้ อ\nื" and "ที่นี่" as "ที่น่ี".
2. For readers that ignore /ActualText (pdf.js), every glyph maps to the character it draws.
   WeasyPrint maps each glyph to the text of the first cluster it was drawn in. Thai clusters
   hold several glyphs (a consonant and its marks; SARA AM is drawn as NIKHAHIT + SARA AA), so the
   first glyph of a cluster gets no text and the last gets the whole cluster: a tone mark drawn
   first in "ร้" would read back as "ร้" for every later "้". Here every glyph is mapped to the
   character it draws, from the font's cmap and its glyph names ("uni0E49.small" → U+0E49), before
   WeasyPrint's guess is consulted. SARA AM then reads back as "ํา" (equal under NFKC).
"""

import hashlib
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from io import BytesIO
from typing import Any

_LOCK = threading.Lock()
_NAME = re.compile(r"^(?:uni((?:[0-9A-F]{4})+)|u([0-9A-F]{4,6}))(?:\..*)?$")
# Thai vowels and marks drawn above or below a consonant, and SARA AM (drawn as two glyphs).
_THAI_MARKS = re.compile("[\u0e31\u0e33-\u0e3a\u0e47-\u0e4e]")


@lru_cache(maxsize=16)
def _glyph_texts_cached(digest: str, content: bytes, index: int) -> dict[int, str]:
    from fontTools.ttLib import TTFont

    font = TTFont(BytesIO(content), fontNumber=index, lazy=True)
    order = font.getGlyphOrder()
    ids = {name: i for i, name in enumerate(order)}
    texts: dict[int, str] = {}
    for code, name in sorted(font.getBestCmap().items(), reverse=True):
        texts[ids[name]] = chr(code)  # the lowest code point wins
    for gid, name in enumerate(order):
        if gid in texts:
            continue
        m = _NAME.match(name)
        if m and m[1]:
            texts[gid] = "".join(chr(int(m[1][i : i + 4], 16)) for i in range(0, len(m[1]), 4))
        elif m and m[2]:
            texts[gid] = chr(int(m[2], 16))
    return texts


def glyph_texts(content: bytes, index: int = 0) -> dict[int, str]:
    return _glyph_texts_cached(hashlib.sha1(content, usedforsecurity=False).hexdigest(), content, index)


class _KnownGlyphs(dict):
    """WeasyPrint's glyph → text map, answering from the font's own names first.

    WeasyPrint asks `glyph in to_unicode` before guessing; a known glyph is recorded then (so the
    font subset keeps exactly the glyphs drawn) and the guess is skipped."""

    def __init__(self, known: dict[int, str]):
        super().__init__()
        self._known = known

    def __contains__(self, gid: object) -> bool:
        if dict.__contains__(self, gid):
            return True
        text = self._known.get(gid)  # type: ignore[call-overload]
        if text is None:
            return False
        self[gid] = text
        return True


def actual_text(text: str) -> str | None:
    """The /ActualText of a drawn line: the line itself when its glyphs cannot be read back one by
    one (it holds Thai marks), else None (the glyphs' own text is exact)."""
    if not _THAI_MARKS.search(text):
        return None
    return text


def _spanned(draw_first_line: Any) -> Any:
    """WeasyPrint's draw_first_line, drawing the line inside a span that carries its text."""
    import pydyf

    def draw(stream: Any, textbox: Any, text_overflow: str, block_ellipsis: str, matrix: Any) -> Any:
        text = actual_text(textbox.text)
        if text is None or text_overflow == "ellipsis" or block_ellipsis != "none":  # text drawn ≠ text
            return draw_first_line(stream, textbox, text_overflow, block_ellipsis, matrix)
        stream.begin_marked_content("Span", pydyf.Dictionary({"ActualText": pydyf.String(text)}))
        try:
            return draw_first_line(stream, textbox, text_overflow, block_ellipsis, matrix)
        finally:
            stream.end_marked_content()

    return draw


@contextmanager
def _thai_text_layer() -> Iterator[None]:
    from weasyprint.draw import text as draw_text
    from weasyprint.pdf import fonts, stream

    class Font(fonts.Font):
        def __init__(self, *args: Any, **kwargs: Any):
            super().__init__(*args, **kwargs)
            try:
                self.to_unicode = _KnownGlyphs(glyph_texts(self.file_content, self.index))
            except Exception:  # noqa: BLE001 — a font fontTools cannot read keeps WeasyPrint's guess
                pass

    with _LOCK:
        original, original_draw = stream.Font, draw_text.draw_first_line
        stream.Font = Font
        draw_text.draw_first_line = _spanned(original_draw)
        try:
            yield
        finally:
            stream.Font = original
            draw_text.draw_first_line = original_draw


def html_to_pdf(html: str, *, base_url: str | None = None) -> bytes:
    """Render a complete HTML document to PDF bytes."""
    from weasyprint import HTML

    with _thai_text_layer():
        return HTML(string=html, base_url=base_url).write_pdf()
