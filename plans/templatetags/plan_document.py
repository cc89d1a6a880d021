"""Filters that print a plan the way an official Vietnamese document does.

The document itself stays in Vietnamese whatever the UI language: it is the text that gets signed.
"""

import re
from decimal import Decimal

from django import template

from accounts.roles import position_in
from plans.models import ScheduleKind, SigningAuthority

register = template.Library()


def _group_thousands(digits):
    """'50000000' -> '50.000.000' (Vietnamese thousands separator is a dot)."""
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return ".".join(groups)


@register.filter
def so(value):
    """An integer the Vietnamese way: 50000000 -> 50.000.000; a decimal: 77.17 -> 77,17."""
    if value is None or value == "":
        return ""
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
    else:
        try:
            text = str(int(value))
        except (TypeError, ValueError):
            return value
    sign = "-" if text.startswith("-") else ""
    whole, _, fraction = text.lstrip("-").partition(".")
    result = sign + _group_thousands(whole)
    return f"{result},{fraction}" if fraction else result


@register.filter
def dong(value):
    """Money in đồng: 50000000 -> '50.000.000 đồng'."""
    if value is None or value == "":
        return ""
    return f"{so(value)} đồng"


def _day(value):
    return f"{value.day:02d}"


def _month(value):
    """Nghị định 30 writes months 1 and 2 with a leading zero (tháng 01, tháng 02), others without."""
    return f"{value.month:02d}" if value.month < 3 else str(value.month)


@register.filter
def ngay_thang(value):
    """A date as the date line writes it: 'ngày 05 tháng 3 năm 2025'."""
    if not value:
        return ""
    return f"ngày {_day(value)} tháng {_month(value)} năm {value.year}"


@register.filter
def ngay(value):
    """A short date: 05/3/2025 becomes '05/03/2025'."""
    if not value:
        return ""
    return value.strftime("%d/%m/%Y")


@register.filter
def lich_bao_cao(task):
    """A task's reporting schedule in words, or ''."""
    kind = task.schedule_kind
    if kind == ScheduleKind.ONCE:
        return f"Báo cáo một lần, trước {ngay_thang(task.schedule_date)}" if task.schedule_date else "Báo cáo một lần"
    if kind == ScheduleKind.MONTHLY:
        return f"Báo cáo hằng tháng, trước ngày {task.schedule_day}"
    if kind == ScheduleKind.QUARTERLY:
        return f"Báo cáo hằng quý, trước ngày {task.schedule_day} của tháng đầu quý sau"
    if kind == ScheduleKind.YEARLY:
        return f"Báo cáo hằng năm, trước ngày {task.schedule_day} tháng {task.schedule_month}"
    return ""


def _head_title(position):
    """The head's title a deputy signs for: 'PHÓ CHỦ TỊCH' -> 'CHỦ TỊCH'."""
    return re.sub(r"^PHÓ\s+", "", position.strip(), flags=re.IGNORECASE)


def signature_lines(authority, collective_title, position):
    """The capitals over the signer's name (Art. 13 of Nghị định 30), one string per line.

    TM.  -> TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH
    KT.  -> TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH  (the TM. line only for a collective body)
    TL., TUQ. -> TL. <collective title> / <position>
    Q.   -> Q. CHỦ TỊCH
    direct -> <position>
    """
    collective = collective_title.upper()
    position = position.upper()
    lines = []
    if authority == SigningAuthority.TM:
        lines = [f"TM. {collective}" if collective else "TM.", position]
    elif authority == SigningAuthority.KT:
        if collective:
            lines.append(f"TM. {collective}")
        lines += [f"KT. {_head_title(position)}", position]
    elif authority in (SigningAuthority.TL, SigningAuthority.TUQ):
        lines = [f"{authority} {collective}".strip(), position]
    elif authority == SigningAuthority.Q:
        lines = [f"Q. {_head_title(position)}"]
    else:
        lines = [position]
    return [line for line in lines if line]


@register.simple_tag
def khoi_chu_ky(plan):
    """The signature block lines for `plan` from its signing authority and the signer's position."""
    position = position_in(plan.signer, plan.organization) if plan.signer_id else ""
    return signature_lines(plan.signing_authority, plan.organization.collective_title, position)
