"""Reading slots and reports within what a user may see."""

from django.shortcuts import get_object_or_404

from plans.selectors import visible_plans

from .models import Report, ReportAttachment, ReportSlot


def visible_slots(user):
    return ReportSlot.objects.filter(plan__in=visible_plans(user))


def visible_slot_or_404(user, slot_id):
    return get_object_or_404(visible_slots(user).select_related("task", "task__lead_unit", "plan"), pk=slot_id)


def visible_attachment_or_404(user, attachment_id):
    return get_object_or_404(ReportAttachment.objects.filter(report__slot__plan__in=visible_plans(user)), pk=attachment_id)


def reports_of(slot):
    return Report.objects.filter(slot=slot).select_related("author", "unit").prefetch_related("target_values", "attachments")
