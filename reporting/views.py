"""Web pages of the reporting phase: a plan's slots, one slot with its reports, filing a report,
deciding on it, attachments, the dashboards and the consolidated report.

Views stay thin: forms check types, reporting.services decides and writes (a refusal changes
nothing and becomes a Vietnamese message), reporting.selectors / dashboard read, and
reporting.rules says what the user may do (the same functions the services enforce). A slot, plan or
attachment the user may not see is a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django_fsm import can_proceed

from config.refusals import InvalidInput, Refusal
from plans.lifecycle import State
from plans.models import Plan
from plans.selectors import visible_authorities, visible_plans

from . import consolidated, exports
from .attachments import download_response
from .charts import horizontal_bars
from .dashboard import organization_dashboard, plan_dashboard, slots_by_state
from .forms import DECISION_LABELS, REASON_REQUIRED, DecisionForm, ReportForm
from .models import Report, ReportSlot, SlotDecision, SlotState
from .rules import files_as_part, may_report, may_review, part_refusal, report_refusal
from .selectors import reports_of, visible_attachment_or_404, visible_slot_or_404
from .services import DECISIONS, review_slot, submit_report

PAGE_SIZE = 20
REPORTING_STATES = (State.REPORTING, State.CLOSED)


def _plan_or_404(request, pk):
    return get_object_or_404(visible_plans(request.user, Plan.objects.select_related("organization", "organization__parent")), pk=pk)


def decisions_open(slot, reviewer):
    """[(decision, label)] a reviewer may take on `slot` now: those its state transitions allow."""
    if not reviewer:
        return []
    return [
        (decision, DECISION_LABELS[decision]) for decision, (method, _action) in DECISIONS.items() if can_proceed(getattr(slot, method))
    ]


def _latest_progress():
    latest = Report.objects.filter(slot=OuterRef("pk")).order_by("-submitted_at", "-id")
    return Subquery(latest.values("progress")[:1])


@login_required
@require_safe  # a read-only page: POST, PUT, DELETE … get 405
def plan_reports(request, pk):
    """The "Báo cáo" tab: the plan's slots by due date (filterable by state), 20 a page."""
    plan = _plan_or_404(request, pk)
    slots = ReportSlot.objects.filter(plan=plan)
    counts = slots_by_state(slots)
    state = request.GET.get("state", "")
    if state in SlotState.values:
        slots = slots.filter(state=state)
    else:
        state = ""
    slots = slots.select_related("task", "task__lead_unit").annotate(latest_progress=_latest_progress()).order_by("due_on", "id")
    page = Paginator(slots, PAGE_SIZE).get_page(request.GET.get("page"))
    reviewer = may_review(plan, request.user)
    rows = [
        {"slot": slot, "may_report": may_report(slot, plan, request.user), "decisions": decisions_open(slot, reviewer)}
        for slot in page.object_list
    ]
    context = {
        "plan": plan,
        "tab": "reports",
        "page_obj": page,
        "rows": rows,
        "counts": counts,
        "state": state,
        "states": SlotState.choices,
        "reviewer": reviewer,
        "closed": plan.state == State.CLOSED,
    }
    return render(request, "reporting/plan_reports.html", context)


@login_required
@require_safe  # a read-only page: POST, PUT, DELETE … get 405
def slot_detail(request, pk):
    """One slot: its task, state, reports (newest first, 20 a page) with values and attachments."""
    slot = visible_slot_or_404(request.user, pk)
    plan = slot.plan
    reports = reports_of(slot).prefetch_related("target_values__target", "decisions__decided_by").order_by("-submitted_at", "-id")
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    reviewer = may_review(plan, request.user)
    context = {
        "plan": plan,
        "slot": slot,
        "tab": "reports",
        "page_obj": page,
        "reports": page.object_list,
        # A waiver of a slot that had no report waiting is the one decision without a report.
        "slot_decisions": list(slot.decisions.filter(report__isnull=True).select_related("decided_by")),
        "may_report": may_report(slot, plan, request.user)
        or (files_as_part(slot, request.user) and part_refusal(slot, plan, request.user) is None),
        "decisions": decisions_open(slot, reviewer),
        "closed": plan.state == State.CLOSED,
    }
    return render(request, "reporting/slot_detail.html", context)


@login_required
def slot_report(request, pk):
    """GET the filing form; POST files the report through reporting.services.submit_report."""
    slot = visible_slot_or_404(request.user, pk)
    plan = slot.plan
    as_part = files_as_part(slot, request.user)  # a supporting unit files its part on the same slot
    refusal = part_refusal(slot, plan, request.user) if as_part else report_refusal(slot, plan, request.user)
    if refusal is not None:  # refused before the form is read, whatever the method
        messages.error(request, refusal.message)
        return redirect("plans:slot", pk=slot.pk)
    targets = list(plan.targets.all())
    if request.method != "POST":
        form = ReportForm(targets=targets)
    else:
        form = ReportForm(request.POST, request.FILES, targets=targets)
        if form.is_valid():
            data = form.cleaned_data
            try:
                submit_report(
                    slot,
                    request.user,
                    progress=data["progress"],
                    text=data["text"],
                    target_values=form.target_values(),
                    attachments=data["attachments"],
                    as_part=as_part,
                )
            except InvalidInput as refusal:
                form.show_refusal(refusal)
            except Refusal as refusal:
                messages.error(request, refusal.message)
                return redirect("plans:slot", pk=slot.pk)
            else:
                messages.success(request, _("Đã nộp báo cáo kỳ hạn %(due)s.") % {"due": slot.due_on.strftime("%d/%m/%Y")})
                return redirect("plans:slot", pk=slot.pk)
    # The lead unit consolidates the supporting units' parts filed on this slot.
    parts = [] if as_part else list(slot.reports.filter(is_part=True).select_related("unit", "author").order_by("submitted_at", "id")[:50])
    context = {"plan": plan, "slot": slot, "form": form, "tab": "reports", "as_part": as_part, "parts": parts}
    return render(request, "reporting/report_form.html", context)


@login_required
def slot_review(request, pk, decision):
    """The confirmation page of accept / return / waive; its POST calls review_slot."""
    if decision not in SlotDecision.Decision.values:
        raise Http404
    slot = visible_slot_or_404(request.user, pk)
    plan = slot.plan
    label = DECISION_LABELS[decision]
    form = DecisionForm(request.POST if request.method == "POST" else None, decision=decision)
    if request.method != "POST":
        if decision not in dict(decisions_open(slot, may_review(plan, request.user))):
            messages.error(request, _("Bạn không thể “%(label)s” với kỳ báo cáo này lúc này.") % {"label": label})
            return redirect("plans:slot", pk=slot.pk)
    elif form.is_valid():
        try:
            review_slot(slot, request.user, decision=decision, comment=form.cleaned_data["comment"])
        except InvalidInput as refusal:
            form.add_error("comment" if "comment" in refusal.errors else None, refusal.message)
        except Refusal as refusal:
            messages.error(request, refusal.message)
            return redirect("plans:slot", pk=slot.pk)
        else:
            messages.success(request, _("Đã thực hiện “%(label)s”.") % {"label": label})
            return redirect("plans:slot", pk=slot.pk)
    last_report = slot.reports.order_by("-submitted_at", "-id").first()
    context = {
        "plan": plan,
        "slot": slot,
        "decision": decision,
        "label": label,
        "form": form,
        "last_report": last_report,
        "reason_required": decision in REASON_REQUIRED,
        "tab": "reports",
    }
    return render(request, "reporting/slot_review.html", context)


@login_required
@require_safe  # a read-only page: POST, PUT, DELETE … get 405
def attachment_download(request, pk):
    """A report's file, only to those who may see its plan, always as a download."""
    return download_response(visible_attachment_or_404(request.user, pk))


def _charts(numbers):
    """The four SVG charts of a dashboard's numbers (the tables beside them show the same numbers)."""
    return {
        "states": horizontal_bars(
            [(row["label"], row["count"]) for row in numbers["slots_by_state"].values()], title=_("Kỳ báo cáo theo trạng thái")
        ),
        "late": horizontal_bars([(row["unit"], row["count"]) for row in numbers["late_by_unit"]], title=_("Kỳ báo cáo chậm theo đơn vị")),
        "targets": horizontal_bars(
            [(row["target"].text, row["percent"] or 0) for row in numbers["targets"]],
            max_value=100,
            suffix="%",
            title=_("Chỉ tiêu: giá trị báo cáo gần nhất so với mục tiêu"),
        ),
        "progress": horizontal_bars(
            [(row["period"], row["progress"]) for row in numbers["progress_by_period"]],
            max_value=100,
            suffix="%",
            title=_("Tiến độ bình quân theo kỳ báo cáo"),
        ),
    }


@login_required
@require_safe  # a read-only page: POST, PUT, DELETE … get 405
def plan_dashboard_view(request, pk):
    """The "Thống kê" tab of a plan: slots by state, late slots by unit, targets, progress by month."""
    plan = _plan_or_404(request, pk)
    numbers = plan_dashboard(plan)
    context = {"plan": plan, "tab": "dashboard", "numbers": numbers, "charts": _charts(numbers), "targets": numbers["targets"]}
    return render(request, "reporting/plan_dashboard.html", context)


@login_required
@require_safe  # a read-only page: POST, PUT, DELETE … get 405
def organization_dashboard_view(request):
    """ "Tổng hợp báo cáo": the same numbers over every plan of one of the user's authorities."""
    authorities = visible_authorities(request.user)
    if not authorities:
        raise PermissionDenied(_("Bạn không thuộc cơ quan ban hành nào."))
    chosen = request.GET.get("organization")
    if chosen:
        organization = next((org for org in authorities if str(org.pk) == chosen), None)
        if organization is None:
            raise Http404
    else:
        organization = authorities[0]
    numbers = organization_dashboard(organization)
    targets = Paginator(numbers["targets"], PAGE_SIZE).get_page(request.GET.get("page"))
    numbers["targets"] = list(targets.object_list)  # the chart shows the page the table shows
    context = {
        "organization": organization,
        "authorities": authorities,
        "numbers": numbers,
        "charts": _charts(numbers),
        "targets": numbers["targets"],
        "page_obj": targets,
    }
    return render(request, "reporting/organization_dashboard.html", context)


@login_required
@require_safe  # a read-only page: POST, PUT, DELETE … get 405
def consolidated_report(request, pk, fmt):
    """The báo cáo tổng hợp of a plan in reporting (or closed), as DOCX or PDF, made now."""
    if fmt not in ("docx", "pdf"):
        raise Http404
    plan = _plan_or_404(request, pk)
    if plan.state not in REPORTING_STATES:
        messages.error(request, _("Kế hoạch chưa ở giai đoạn báo cáo: chưa có số liệu để tổng hợp."))
        return redirect("plans:detail", pk=plan.pk)
    with translation.override("vi"):  # a document: Vietnamese whatever the UI language
        data = consolidated.report_data(plan)
        if fmt == "docx":
            content, content_type = consolidated.as_docx(data), consolidated.DOCX_TYPE
        else:
            content, content_type = consolidated.as_pdf(data), "application/pdf"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{consolidated.file_name(plan, fmt)}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _xlsx_response(content, name):
    response = HttpResponse(content, content_type=exports.XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_safe  # a read-only page: POST, PUT, DELETE … get 405
def plan_slots_xlsx(request, pk):
    """The plan's slots and reports as XLSX (reporting.exports)."""
    plan = _plan_or_404(request, pk)
    return _xlsx_response(exports.slots_xlsx(exports.plan_slots(plan)), f"ky-bao-cao-ke-hoach-{plan.pk}.xlsx")


@login_required
@require_safe  # a read-only page: POST, PUT, DELETE … get 405
def organization_slots_xlsx(request):
    """The slots and reports of every plan of one of the user's authorities (?organization=) as XLSX."""
    authorities = visible_authorities(request.user)
    if not authorities:
        raise PermissionDenied(_("Bạn không thuộc cơ quan ban hành nào."))
    chosen = request.GET.get("organization")
    organization = next((org for org in authorities if str(org.pk) == chosen), None) if chosen else authorities[0]
    if organization is None:
        raise Http404
    return _xlsx_response(exports.slots_xlsx(exports.organization_slots(organization)), f"ky-bao-cao-co-quan-{organization.pk}.xlsx")
