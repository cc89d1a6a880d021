"""The plan list as an XLSX file (openpyxl): the rows the list's filters select, newest change first."""

from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_ROWS = 10_000  # a year of a province's plans; a wider export is filtered first


def plan_list_xlsx(plans):
    """`plans`: a queryset with organization and created_by selected."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Kế hoạch"))
    headings = [
        _("Số, ký hiệu"),
        _("Ngày ban hành"),
        _("Trích yếu"),
        _("Cơ quan ban hành"),
        _("Trạng thái"),
        _("Người soạn thảo"),
        _("Cập nhật"),
    ]
    sheet.append(headings)
    for plan in plans[:MAX_ROWS].iterator(chunk_size=500):
        sheet.append(
            [
                plan.symbol or "",
                plan.issued_on.strftime("%d/%m/%Y") if plan.issued_on else "",
                plan.subject,
                plan.organization.name,
                plan.get_state_display(),
                plan.created_by.get_full_name() or plan.created_by.get_username(),
                timezone.localtime(plan.updated_at).strftime("%d/%m/%Y %H:%M"),
            ]
        )
    out = BytesIO()
    book.save(out)
    return out.getvalue()
