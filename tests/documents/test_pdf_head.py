"""The head of the PDF measured: "Số: 01/KH-UBND" reads as one run of text (in the rendered PDF and in
the sealed one, where the clerk's number is a form field), the number and date the clerk fills in
print in the document's own embedded serif and are never clipped, and the rules are as long as
Nghị định 30 says."""

import subprocess

from documents.layout import document_layout, formatting
from documents.pdf import render_pdf
from documents.services import current_main_signature, document_pdf, load
from tests.documents.conftest import drive, pdf_text
from tests.documents.libreoffice import MM, read

HEAD_SPLIT_PT = 30 * MM + 0.4 * 165 * MM  # the head's left column is 40% of the text width (print.css)


def pdf_fonts(data, tmp_path):
    """[(name, embedded)] of a PDF's fonts, as poppler's pdffonts lists them (the last five columns
    are emb, sub, uni and the object number and generation)."""
    path = tmp_path / "fonts.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout.splitlines()[2:]
    return [(line.split()[0], line.split()[-5] == "yes") for line in out]


def test_the_rendered_number_is_one_run_and_the_rules_are_as_nd30_says(world, make_plan, tmp_path):
    plan = drive(make_plan(), world, "submit", "approve", "sign", "issue")
    plan = load(plan)
    layout = document_layout(plan, current_main_signature(plan))
    path = tmp_path / "issued.pdf"
    path.write_bytes(render_pdf(layout).data)
    lines, rules = read(path, x_split=HEAD_SPLIT_PT)
    head = [line for line in lines if line.page == 0]
    symbol = f"Số: {plan.number:02d}/KH-UBND"
    number = [line for line in head if line.text.startswith("Số:")]
    assert [line.text for line in number] == [symbol]
    assert f"{symbol}\n" in pdf_text(path.read_bytes(), tmp_path, 1, 1)  # one run: no gap inside
    # the rule under the issuing body: 1/3 to 1/2 of its widest line
    left_rules = [rule for rule in rules if rule.page == 0 and rule.x1 <= HEAD_SPLIT_PT]
    issuer = [line for line in head if line.bold and line.x1 <= HEAD_SPLIT_PT and line.top < left_rules[0].top]
    assert [line.text for line in issuer] == ["ỦY BAN NHÂN DÂN", "HUYỆN IA H'DRAI"]  # no parent over a UBND
    widest = max(line.width for line in issuer)
    assert widest / 3 <= left_rules[0].width <= widest / 2, (left_rules[0].width, widest)
    # the rule under the Tiêu ngữ: as long as it
    motto = next(line for line in head if line.text == "Độc lập - Tự do - Hạnh phúc")
    under = [rule for rule in rules if rule.page == 0 and rule.x0 >= HEAD_SPLIT_PT and 0 < rule.top - motto.top < 30]
    assert len(under) == 1 and abs(under[0].width - motto.width) <= 2, (under, motto.width)


def test_the_sealed_number_and_date_read_whole_in_the_document_s_font(world, make_plan, signed_pdfs, tmp_path):
    plan = drive(make_plan(), world, "submit", "approve", "sign", "issue")
    data, _name = document_pdf(plan)
    text = pdf_text(data, tmp_path, 1, 1)
    assert f"Số: {plan.number:02d}/KH-UBND\n" in text  # the field draws the whole line as one run
    issued_on = plan.issued_on
    date = f"ngày {formatting.day_text(issued_on)} tháng {formatting.month_text(issued_on)} năm {issued_on.year}"
    assert date in " ".join(pdf_text(data, tmp_path, 1, 1, layout=True).split())  # no clipped digit
    reference = f"số {plan.number:02d}/KH-UBND ngày {formatting.ngay_van_ban(issued_on)}"
    assert reference in " ".join(pdf_text(data, tmp_path).split())  # the annex's reference, whole
    fonts = pdf_fonts(data, tmp_path)
    assert all(embedded for _name, embedded in fonts), fonts
    names = {name.split("+")[-1] for name, _embedded in fonts}
    assert not {"Times-Roman", "Times-Italic", "Helvetica"} & names
    # the number and date fields draw in the document's serif: the same family as the page text
    assert {"Document-Serif", "Document-Serif-Italic"} <= names
