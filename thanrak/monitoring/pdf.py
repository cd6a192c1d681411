"""The Policy 7 report's PDF is drawn by core's Thai-correct renderer (shared with finance and commerce)."""

from thanrak.core.pdf import glyph_texts, html_to_pdf

__all__ = ["glyph_texts", "html_to_pdf"]
