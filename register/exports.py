"""The register as files: XLSX (openpyxl) and PDF in Appendix IV's layout (WeasyPrint, the document font)."""

from io import BytesIO

from django.template.loader import render_to_string
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from documents.pdf import render_html_pdf

from .selectors import COLUMNS


def _cell(row, field):
    value = getattr(row, field)
    if isinstance(value, list):
        return "; ".join(value)
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return value


def register_xlsx(organization, year, rows):
    book = Workbook()
    sheet = book.active
    sheet.title = f"So van ban di {year}"
    sheet.append([f"SỔ ĐĂNG KÝ VĂN BẢN ĐI — {organization.name} — năm {year}"])
    sheet["A1"].font = Font(bold=True)
    sheet.append([heading for _field, heading in COLUMNS])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for row in rows:
        sheet.append([_cell(row, field) for field, _heading in COLUMNS])
    for letter, width in zip("ABCDEFGHIJ", (14, 12, 50, 22, 36, 18, 8, 12, 10, 24), strict=True):
        sheet.column_dimensions[letter].width = width
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def register_pdf(organization, year, rows):
    html = render_to_string(
        "register/register_print.html",
        {"organization": organization, "year": year, "columns": COLUMNS, "rows": [[_cell(r, f) for f, _h in COLUMNS] for r in rows]},
    )
    data, _boxes, _pages = render_html_pdf(html, stylesheet="fonts")
    return data


def file_name(organization, year, extension):
    return f"so-van-ban-di-{organization.pk}-{year}.{extension}"
