"""Filters that print a plan the way an official Vietnamese document does.

Thin wrappers: the rules live in documents.formatting, which the document layout (and so
the HTML preview, the PDF and the DOCX) prints through too. The document itself stays in
Vietnamese whatever the UI language: it is the text that gets signed.
"""

import datetime

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


@register.filter
def lich_bao_cao_cua_ky(slot):
    """In words, the one of its task's reporting schedules a slot is for (a task reported monthly
    and yearly has slots of each), or ''."""
    for schedule in slot.task.schedules:
        on = schedule.get("date")
        if schedule["kind"] == slot.schedule_kind and (schedule["kind"] != "once" or on == slot.due_on.isoformat()):
            return formatting.lich_bao_cao(
                schedule["kind"], datetime.date.fromisoformat(on) if on else None, schedule.get("day"), schedule.get("month")
            )
    return lich_bao_cao(slot.task)
