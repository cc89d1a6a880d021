"""The auditor's pages of a plan, beside its history tab: the plan as it stood at any point of its
timeline, two points side by side, the verify result, and the audit bundle as a file.

Read-only (GET/HEAD only; other methods 405), except the verify page's "Kiểm tra lại ngay" (a POST
that verifies again and writes nothing but the stored result). A plan outside the user's scope is a
404, like a missing one. Rebuilding and diffing live in audit.web.asof, verifying in audit.verify.trail, the bundle in
audit.verify.export: these views only pick the points and lay the results out.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from audit.verify.export import export_bundle
from audit.verify.stored import check_now, current_result
from audit.web.asof import compare, event_of, version_at
from audit.web.forms import CompareForm, PointForm
from audit.web.labels import ValueNames, change_rows, event_rows
from audit.web.timeline import event_at_or_before, plan_events
from audit.web.views import visible_plan_or_404
from plans.content import diff


def _content_rows(version):
    """Every field of a version as (label, value) rows: its content read as one 'create' diff."""
    changes = diff({}, version.content)
    return change_rows(changes, ValueNames(changes))


def _point(plan, form):
    """(event, moment) chosen by a PointForm; the latest event when nothing was chosen."""
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    if data.get("event"):
        event = event_of(plan, data["event"])
        if event is None:
            raise Http404(_("Không có sự kiện này."))
        return event, event.at
    if data.get("at"):
        return event_at_or_before(plan, data["at"]), data["at"]
    event = plan_events(plan).order_by("-seq").first()
    return event, event.at if event else None


@login_required
@require_safe
def plan_as_of(request, pk):
    """The plan's content, state and number as they stood right after an event (or at a moment)."""
    plan = visible_plan_or_404(request, pk)
    form = PointForm(request.GET or None)
    event, moment = _point(plan, form)
    version = version_at(plan, moment) if moment else None
    context = {
        "plan": plan,
        "tab": "history",
        "form": form,
        "event_row": event_rows([event])[0] if event else None,
        "moment": moment,
        "version": version,
        "rows": _content_rows(version) if version else [],
    }
    return render(request, "audit/plan_as_of.html", context)


@login_required
@require_safe
def plan_compare(request, pk):
    """Two versions side by side: every field that differs after event `a` and after event `b`."""
    plan = visible_plan_or_404(request, pk)
    form = CompareForm(request.GET or None)
    context = {"plan": plan, "tab": "history", "form": form, "rows": None}
    if form.is_bound and form.is_valid():
        first, second = sorted((form.cleaned_data["a"], form.cleaned_data["b"]))
        older, newer = event_of(plan, first), event_of(plan, second)
        if older is None or newer is None:
            raise Http404(_("Không có sự kiện này."))
        old_version, new_version = version_at(plan, older.at), version_at(plan, newer.at)
        changes = compare(old_version, new_version)
        context.update(
            {
                "older": event_rows([older])[0],
                "newer": event_rows([newer])[0],
                "old_version": old_version,
                "new_version": new_version,
                "rows": change_rows(changes, ValueNames(changes)),
            }
        )
    return render(request, "audit/plan_compare.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def plan_verify(request, pk):
    """audit.verify.trail's result for the plan: all good, or each problem as verify names it.

    GET shows the stored result while the chain and the latest checkpoint are those it checked, and
    verifies (and stores) otherwise (audit.verify.stored); POST, the "Kiểm tra lại ngay" button,
    verifies in full now and redirects back to GET."""
    plan = visible_plan_or_404(request, pk)
    if request.method == "POST":
        check_now(plan, request.user)
        messages.info(request, _("Đã kiểm tra lại toàn bộ lịch sử của kế hoạch."))
        return redirect("plans:verify", pk=plan.pk)
    result, fresh = current_result(plan, request.user)
    return render(request, "audit/plan_verify.html", {"plan": plan, "tab": "verify", "report": result, "fresh": fresh})


@login_required
@require_safe
def plan_audit_export(request, pk):
    """The audit bundle of audit.verify.export as a JSON file (what GET /api/audit/export/?plan=ID gives)."""
    plan = visible_plan_or_404(request, pk)
    response = JsonResponse(export_bundle(plan.pk), json_dumps_params={"ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="planflow-audit-plan-{plan.pk}.json"'
    return response
