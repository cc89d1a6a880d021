"""Files to import, built from the seeds (../shared/seeds): UTF-8 text, a DOCX with the header
table real documents have, a PDF with a text layer (WeasyPrint) and a scanned one (its pages as
images, no text). bench/import_bench.py builds its 15-page files with these too."""

import html
import io
import re
import zipfile
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]
SEEDS = next((p for p in (REPOSITORY.parent / "shared" / "seeds", Path("/work/shared/seeds")) if p.is_dir()), REPOSITORY / "missing-seeds")
HEADER = re.compile(r"^(ỦY BAN|UỶ BAN|HUYỆN|CỘNG HÒA|Độc lập|Số:|.*, ngày)", re.IGNORECASE)


def seed_text(number):
    """The text of seed `number` (0–3)."""
    path = next(SEEDS.glob(f"{number:03d}_*.txt"))
    return path.read_text(encoding="utf-8")


def seed_lines(number):
    return [line.strip() for line in seed_text(number).splitlines() if line.strip()]


def split_header(lines):
    """(the header lines before "KẾ HOẠCH" — issuer, motto, Số, place and date —, the rest)."""
    start = next((i for i, line in enumerate(lines) if line.upper() == "KẾ HOẠCH"), 0)
    return lines[:start], lines[start:]


def docx_of(lines, *, footnotes=(), pages=1):
    """A DOCX: the header as a two-column table (issuer | motto), "KẾ HOẠCH" bold and centered, then
    one paragraph per line (repeated `pages` times); `footnotes` as word/footnotes.xml."""
    from docx import Document
    from docx.enum.text import WD_PARAGRAPH_ALIGNMENT

    header, rest = split_header(lines)
    document = Document()
    if header:
        left = [line for line in header if not re.match(r"^(CỘNG HÒA|Độc lập|.*, ngày)", line)]
        right = [line for line in header if line not in left]
        table = document.add_table(rows=1, cols=2)
        table.cell(0, 0).text = "\n".join(left)
        table.cell(0, 1).text = "\n".join(right)
    for copy in range(pages):
        for position, line in enumerate(rest):
            if copy and position < 2:
                continue
            paragraph = document.add_paragraph()
            run = paragraph.add_run(line)
            if line.upper() == "KẾ HOẠCH":
                run.bold = True
                paragraph.alignment = WD_PARAGRAPH_ALIGNMENT.CENTER
    buffer = io.BytesIO()
    document.save(buffer)
    return with_footnotes(buffer.getvalue(), footnotes) if footnotes else buffer.getvalue()


def with_footnotes(docx, notes):
    """The DOCX with a word/footnotes.xml part holding `notes` (after Word's two separators)."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    parts = [
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>',
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>',
    ]
    for number, note in enumerate(notes, start=1):
        parts.append(f'<w:footnote w:id="{number}"><w:p><w:r><w:t>{html.escape(note)}</w:t></w:r></w:p></w:footnote>')
    xml = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{w}">{"".join(parts)}</w:footnotes>'
    return rezip(docx, {"word/footnotes.xml": xml.encode("utf-8")})


def rezip(archive_bytes, extra):
    """The ZIP archive with the members of `extra` added (or replaced)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(archive_bytes)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            if member.filename not in extra:
                target.writestr(member, source.read(member))
        for name, data in extra.items():
            target.writestr(name, data)
    return out.getvalue()


def pdf_of(lines, *, pages=1, table=None):
    """A PDF with a text layer (WeasyPrint, Liberation Serif 13 pt on A4): one paragraph per line,
    "KẾ HOẠCH" bold and centered; the body repeated `pages` times; `table` (rows) after the title."""
    from weasyprint import HTML

    header, rest = split_header(lines)
    body = [f"<p>{html.escape(line)}</p>" for line in header]
    for copy in range(pages):
        for position, line in enumerate(rest):
            if copy and position < 2:
                continue
            if line.upper() == "KẾ HOẠCH":
                body.append(f'<p class="title">{html.escape(line)}</p>')
                if table:
                    cells = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in table)
                    body.append(f"<table>{cells}</table>")
            else:
                body.append(f"<p>{html.escape(line)}</p>")
    style = (
        "@page{size:A4;margin:20mm 15mm 20mm 30mm} body{font-family:'Liberation Serif';font-size:13pt}"
        "p{margin:0 0 4pt 0;text-align:justify} .title{text-align:center;font-weight:bold}"
        "table{border-collapse:collapse;margin:6pt 0} td{border:1px solid black;padding:3pt 8pt}"
    )
    return HTML(string=f"<html><head><style>{style}</style></head><body>{''.join(body)}</body></html>").write_pdf()


def scanned_pdf_of(pdf, dpi=200):
    """The PDF's pages as images in a PDF with no text layer (a scan)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    images = [document[number].render(scale=dpi / 72).to_pil().convert("RGB") for number in range(len(document))]
    document.close()
    out = io.BytesIO()
    images[0].save(out, format="PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return out.getvalue()
