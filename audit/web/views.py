"""The history tab of a plan: its audit timeline, each event with its field changes, filtered by
actor, kind, day and state (audit.web.forms, audit.web.timeline), labelled by audit.web.labels. Its rows link to the auditor pages of
audit.web.auditor_views: the plan as of an event, two events compared, verify and export."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from plans.models import Plan
from plans.selectors import visible_plans

from .forms import TimelineFilterForm
from .labels import event_rows
from .timeline import filter_events, plan_events

PAGE_SIZE = 20


def visible_plan_or_404(request, pk):
    return get_object_or_404(visible_plans(request.user, Plan.objects.select_related("organization")), pk=pk)


@login_required
@require_safe
def plan_history(request, pk):
    plan = visible_plan_or_404(request, pk)
    filters = TimelineFilterForm(request.GET or None, plan=plan)
    events = filter_events(plan_events(plan), **filters.filters())
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"plan": plan, "tab": "history", "filters": filters, "page_obj": page, "rows": event_rows(page.object_list)}
    return render(request, "audit/plan_history.html", context)
