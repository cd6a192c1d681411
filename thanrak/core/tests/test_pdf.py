"""Text copied out of a Thai PDF is the text the page showed: pdftotext reads back the same Unicode."""

import pytest

from thanrak.core.pdf import actual_text, html_to_pdf
from thanrak.core.testing.pdf import needs_pdftotext, pdf_text
from thanrak.finance.pdf import FONTS, _font_faces

# Sentences whose marks pdftotext scrambled in the field trial ("ตัวชีว\n้ ัด", "ผู้ซ้ อ\nื"), and
# the stacks a reader meets every day: tone mark on an upper vowel, SARA AM after a tone mark.
SENTENCES = [
    "ตัวชี้วัดที่ผ่านเกณฑ์",
    "ผู้ซื้อได้รับน้ำผึ้งดอกลำไยแล้ว",
    "ผลการดำเนินงานตามนโยบายข้อ ๗",
    "ปู่ย่าที่นี่ไปญี่ปุ่นกับกำนัน",
]


def document(*paragraphs: str) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<html><head><style>{_font_faces()} body "
        f"{{ font-family: Sarabun }}</style></head><body>{body}</body></html>"
    )


@needs_pdftotext
class TestThaiTextLayer:
    @pytest.mark.parametrize("mode", [(), ("-layout",), ("-raw",)])
    def test_reads_back_every_sentence_exactly_as_written(self, mode):
        content = html_to_pdf(document(*SENTENCES), base_url=str(FONTS))

        lines = [line.strip() for line in pdf_text(content, *mode).splitlines() if line.strip()]

        assert lines == SENTENCES

    def test_a_table_cell_reads_back_with_its_neighbours_in_order(self):
        html = document("<table><tr><td>ผู้ซื้อ</td><td>น้ำผึ้ง ๒ ขวด</td><td>1,000.00</td></tr></table>")

        text = pdf_text(html_to_pdf(html, base_url=str(FONTS)))

        assert "ผู้ซื้อ น้ำผึ้ง ๒ ขวด 1,000.00" in text

    def test_a_wrapped_paragraph_reads_back_line_by_line_without_losing_a_mark(self):
        sentence = "ผู้ซื้อที่นี่ได้รับน้ำผึ้งดอกลำไยจากกลุ่มวิสาหกิจชุมชนทอผ้าฝ้ายแล้วทุกคน"
        html = document(f'<span style="display:block;width:6em">{sentence}</span>')

        text = pdf_text(html_to_pdf(html, base_url=str(FONTS)))

        assert "".join(text.split()) == sentence


class TestActualText:
    def test_spans_only_lines_whose_glyphs_cannot_be_read_one_by_one(self):
        assert actual_text("ผู้ซื้อ") == "ผู้ซื้อ"
        assert actual_text("กำนัน") == "กำนัน"
        assert actual_text("1,000.00 บาท") is None
        assert actual_text("Receipt") is None
