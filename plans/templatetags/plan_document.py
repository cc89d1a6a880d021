"""Filters that print a plan the way an official Vietnamese document does.

Thin wrappers: the rules live in documents.formatting, which the document layout (and so
the HTML preview, the PDF and the DOCX) prints through too. The document itself stays in
Vietnamese whatever the UI language: it is the text that gets signed.
"""

from django import template

from accounts.roles import position_in
from documents import formatting
from documents.formatting import signature_lines  # noqa: F401  (kept importable from here)

register = template.Library()

so = register.filter("so", formatting.so)
dong = register.filter("dong", formatting.dong)
ngay_thang = register.filter("ngay_thang", formatting.ngay_thang)
ngay = register.filter("ngay", formatting.ngay)


@register.filter
def lich_bao_cao(task):
    """A task's reporting schedule in words, or ''."""
    return formatting.lich_bao_cao(task.schedule_kind, task.schedule_date, task.schedule_day, task.schedule_month)


@register.simple_tag
def khoi_chu_ky(plan):
    """The signature block lines for `plan` from its signing authority and the signer's position."""
    position = position_in(plan.signer, plan.organization) if plan.signer_id else ""
    return formatting.signature_lines(plan.signing_authority, plan.organization.collective_title, position)
