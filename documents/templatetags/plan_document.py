"""Filters that print a plan the way an official Vietnamese document does.

Thin wrappers: the rules live in documents.formatting, which the document layout (and so
the HTML preview, the PDF and the DOCX) prints through too. The document itself stays in
Vietnamese whatever the UI language: it is the text that gets signed.
"""

from django import template

from documents import formatting

register = template.Library()

so = register.filter("so", formatting.so)
dong = register.filter("dong", formatting.dong)
ngay_thang = register.filter("ngay_thang", formatting.ngay_thang)
ngay = register.filter("ngay", formatting.ngay)


@register.filter
def lich_bao_cao(task):
    """A task's reporting schedule in words, or ''."""
    return formatting.lich_bao_cao(task.schedule_kind, task.schedule_date, task.schedule_day, task.schedule_month)
