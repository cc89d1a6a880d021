"""planimport.readers: what each kind of file becomes (a SourceDocument), read from real files built
from the seeds (tests/planimport/files.py)."""

import hashlib
import io

import pytest

from config.refusals import InvalidInput
from planimport.readers import read_upload
from planimport.source import SourceParagraph, SourceTable
from tests.planimport import files


def paragraphs(document):
    return [item.text for item in document.items if isinstance(item, SourceParagraph)]


def test_utf8_text_is_one_paragraph_a_line_hard_wrapped_with_its_sha256():
    data = files.seed_text(0).encode("utf-8")
    document = read_upload(data)
    assert (document.kind, document.hard_wrapped, document.ocr) == ("text", True, False)
    assert paragraphs(document) == files.seed_lines(0)
    assert document.sha256 == hashlib.sha256(data).hexdigest()


def test_text_with_a_byte_order_mark_reads_without_it():
    document = read_upload("\ufeffKẾ HOẠCH\nThực hiện\n".encode())
    assert paragraphs(document) == ["KẾ HOẠCH", "Thực hiện"]


def test_docx_keeps_body_order_the_header_table_bold_centered_title_and_footnotes():
    lines = files.seed_lines(3)
    document = read_upload(files.docx_of(lines, footnotes=["Nghị quyết số 24/2024/NQ-HĐND.", "Kế hoạch số 3244/KH-UBND."]))
    assert (document.kind, document.hard_wrapped) == ("docx", False)
    header = document.items[0]
    assert isinstance(header, SourceTable)
    assert header.rows[0][0].splitlines() == ["ỦY BAN NHÂN DÂN", "HUYỆN IA H’DRAI"]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header.rows[0][1]
    title = document.items[1]
    assert (title.text, title.bold, title.centered) == ("KẾ HOẠCH", True, True)
    assert not document.items[2].bold and not document.items[2].centered
    _header, rest = files.split_header(lines)
    assert paragraphs(document) == rest
    assert [(note.label, note.text) for note in document.footnotes] == [
        ("1", "Nghị quyết số 24/2024/NQ-HĐND."),
        ("2", "Kế hoạch số 3244/KH-UBND."),
    ]


def test_a_pdf_text_layer_reads_as_lines_in_order_with_its_tables_in_place():
    lines = files.seed_lines(2)
    table = [["Đơn vị", "Số hộ"], ["Xã Ia Tơi", "12"], ["Xã Ia Dom", "7"]]
    document = read_upload(files.pdf_of(lines, table=table))
    assert (document.kind, document.hard_wrapped, document.ocr) == ("pdf", True, False)
    texts = paragraphs(document)
    assert texts[: texts.index("KẾ HOẠCH") + 1] == lines[: lines.index("KẾ HOẠCH") + 1]
    title = next(item for item in document.items if getattr(item, "text", "") == "KẾ HOẠCH")
    assert title.bold and title.centered
    tables = [item for item in document.items if isinstance(item, SourceTable)]
    assert [t.rows for t in tables] == [table]
    assert document.items.index(tables[0]) == document.items.index(title) + 1
    words = " ".join(texts).split()
    assert words[-12:] == " ".join(lines).split()[-12:]  # the last page's last words, nothing lost at the end
    assert not any("Ia Tơi" in text for text in texts)  # the table's cells are not read again as lines


def test_a_scanned_pdf_is_read_by_tesseract_in_vietnamese_and_says_so():
    lines = files.seed_lines(3)[:20]
    document = read_upload(files.scanned_pdf_of(files.pdf_of(lines)))
    assert (document.kind, document.ocr, document.hard_wrapped) == ("pdf", True, True)
    texts = paragraphs(document)
    assert "KẾ HOẠCH" in texts
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in texts
    assert any("Kế hoạch số 3244/KH-UBND" in text for text in texts)
    assert not document.warnings  # every page had text to read (the report's OCR notice is the recognizer's)


def test_without_tesseract_a_scanned_pdf_is_refused_saying_so(settings):
    settings.PLANFLOW_TESSERACT = "/nonexistent/tesseract"
    with pytest.raises(InvalidInput, match="Tesseract"):
        read_upload(files.scanned_pdf_of(files.pdf_of(["KẾ HOẠCH", "Một dòng"])))


def test_without_the_vietnamese_data_a_scanned_pdf_is_refused_saying_so(settings, tmp_path):
    fake = tmp_path / "tesseract"
    fake.write_text('#!/bin/sh\necho "List of available languages in \\"/x\\" (2):"\necho eng\necho osd\n')
    fake.chmod(0o755)
    settings.PLANFLOW_TESSERACT = str(fake)
    with pytest.raises(InvalidInput, match="tesseract-ocr-vie"):
        read_upload(files.scanned_pdf_of(files.pdf_of(["KẾ HOẠCH", "Một dòng"])))


@pytest.mark.parametrize("number", [0, 1, 2, 3])
def test_a_pdf_of_only_text_reads_every_word_in_order_and_its_bold_centered_title(number):
    lines = files.seed_lines(number)
    document = read_upload(files.pdf_of(lines))  # no table: pdfium reads every page
    assert "".join("".join(paragraphs(document)).split()) == "".join("".join(lines).split())  # lines break elsewhere
    title = next(item for item in document.items if item.text == "KẾ HOẠCH")
    assert title.bold and title.centered
    assert not any(item.bold or item.centered for item in document.items if len(item.text) > 80)  # full lines of the body


def test_a_scanned_page_among_pages_of_text_is_read_by_ocr_too():
    from pypdf import PdfReader, PdfWriter

    text_page = files.pdf_of(["KẾ HOẠCH", "Thực hiện nhiệm vụ năm 2025"])
    scanned_page = files.scanned_pdf_of(files.pdf_of(["NƠI NHẬN", "Thường trực Huyện ủy"]))
    writer = PdfWriter()
    for data in (text_page, scanned_page):
        for page in PdfReader(io.BytesIO(data)).pages:
            writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    document = read_upload(out.getvalue())
    assert document.ocr
    assert paragraphs(document)[:2] == ["KẾ HOẠCH", "Thực hiện nhiệm vụ năm 2025"]
    assert "Thường trực Huyện ủy" in paragraphs(document)[2:]
    assert any("Trang 2" in warning and "OCR" in warning for warning in document.warnings)


def test_without_tesseract_a_scanned_page_among_pages_of_text_is_left_out_with_a_warning(settings):
    from pypdf import PdfReader, PdfWriter

    settings.PLANFLOW_TESSERACT = "/nonexistent/tesseract"
    writer = PdfWriter()
    for data in (files.pdf_of(["KẾ HOẠCH", "Một dòng"]), files.scanned_pdf_of(files.pdf_of(["Trang ảnh"]))):
        for page in PdfReader(io.BytesIO(data)).pages:
            writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    document = read_upload(out.getvalue())
    assert not document.ocr and paragraphs(document) == ["KẾ HOẠCH", "Một dòng"]
    assert any("Trang 2 không có chữ" in warning for warning in document.warnings)
