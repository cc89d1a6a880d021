"""Web pages of plans: the list, creating and editing.

Views stay thin: forms check types, `plans.services` writes, `plans.selectors` reads, and
`plans.rules` says what the user may do (the same functions the services enforce). The plan's own
page (the document with the actions open to you, the review panel, the approval round, the
reporting card) gathers the apps above plans: it is `workflow.views.plan_page`.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from config.refusals import NotPermitted, Refusal, WrongState

from .block_editor import body_of
from .exports import XLSX, plan_list_xlsx
from .filters import PlanFilter
from .forms import PlanEditor, initial_from_plan
from .models import Plan
from .rules import drafting_authority_ids, edit_refusal
from .selectors import drafting_authorities, visible_authorities, visible_plan_or_404, visible_plans
from .services import create_plan, update_plan
from .succession import create_successor

PAGE_SIZE = 20


@login_required
@require_safe  # a read-only page: POST, PUT, DELETE … get 405
def plan_list(request):
    """Plans the user may see, filtered by state, organization and words of the subject (plans.filters)."""
    plans = visible_plans(request.user, Plan.objects.select_related("organization", "created_by"), listing=True)
    filters = PlanFilter(request.GET or None, queryset=plans, authorities=visible_authorities(request.user))
    page = Paginator(filters.qs, PAGE_SIZE).get_page(request.GET.get("page"))  # invalid values: shown as errors, ignored
    context = {
        "filters": filters.form,
        "page_obj": page,
        "plans": page.object_list,
        "may_create": bool(drafting_authority_ids(request.user)),
    }
    return render(request, "plans/plan_list.html", context)


@login_required
@require_safe
def plan_list_export(request):
    """The list as XLSX, with the list's filters (a bad value is ignored, as on the page)."""
    plans = visible_plans(request.user, Plan.objects.select_related("organization", "created_by"), listing=True)
    filters = PlanFilter(request.GET or None, queryset=plans, authorities=visible_authorities(request.user))
    response = HttpResponse(plan_list_xlsx(filters.qs), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="ke-hoach.xlsx"'
    return response


@login_required
def plan_create(request):
    """A drafter writes a new plan of one of their authorities (chosen first when they have several)."""
    authorities = drafting_authorities(request.user)
    if not authorities:
        raise PermissionDenied(_("Chỉ chuyên viên soạn thảo được tạo kế hoạch."))
    chosen = request.GET.get("organization") or request.POST.get("organization")
    if len(authorities) == 1:
        organization = authorities[0]
    else:
        organization = next((org for org in authorities if str(org.pk) == chosen), None)
        if organization is None:
            return render(request, "plans/choose_organization.html", {"authorities": authorities})

    if request.method != "POST":
        editor = PlanEditor(organization)
        return _render_editor(request, editor, organization, plan=None)

    add_row = request.POST.get("add_row")
    editor = PlanEditor(organization, data=request.POST, add_row=add_row)
    if add_row or not editor.is_valid():
        return _render_editor(request, editor, organization, plan=None, hide_errors=bool(add_row))
    try:
        plan = create_plan(request.user, organization, editor.data_for_service())
    except Refusal as refusal:
        editor.show_refusal(refusal)
        return _render_editor(request, editor, organization, plan=None)
    messages.success(request, _("Đã tạo kế hoạch dự thảo."))
    return redirect("plans:detail", pk=plan.pk)


@login_required
def plan_edit(request, pk):
    """The drafter of a draft edits it; anyone else gets 403, a plan past draft a message."""
    plan = visible_plan_or_404(request.user, pk, parts=True)
    refusal = edit_refusal(plan, request.user)  # what update_plan enforces
    if isinstance(refusal, NotPermitted):
        raise PermissionDenied(refusal.message)
    if refusal is not None:
        messages.error(request, refusal.message)
        return redirect("plans:detail", pk=plan.pk)

    if request.method != "POST":
        editor = PlanEditor(plan.organization, initial=initial_from_plan(plan), body=body_of(plan))
        return _render_editor(request, editor, plan.organization, plan=plan)

    add_row = request.POST.get("add_row")
    editor = PlanEditor(plan.organization, data=request.POST, add_row=add_row)
    if add_row or not editor.is_valid():
        return _render_editor(request, editor, plan.organization, plan=plan, hide_errors=bool(add_row))
    try:
        update_plan(plan, request.user, editor.data_for_service())
    except (NotPermitted, WrongState) as refusal:
        messages.error(request, refusal.message)
        return redirect("plans:detail", pk=plan.pk)
    except Refusal as refusal:
        editor.show_refusal(refusal)
        return _render_editor(request, editor, plan.organization, plan=plan)
    messages.success(request, _("Đã lưu kế hoạch."))
    return redirect("plans:detail", pk=plan.pk)


def _render_editor(request, editor, organization, plan, hide_errors=False):
    context = {"editor": editor, "form": editor.form, "organization": organization, "plan": plan, "hide_errors": hide_errors}
    return render(request, "plans/plan_form.html", context)


@login_required
@require_POST
def plan_successor(request, pk):
    """ "Đính chính" / "Thay thế": a new draft linked to an issued plan (plans.succession), then its editor."""
    original = get_object_or_404(visible_plans(request.user), pk=pk)
    try:
        successor = create_successor(original, request.user, request.POST.get("relation", ""))
    except Refusal as refusal:
        messages.error(request, refusal.message)
        return redirect("plans:detail", pk=original.pk)
    messages.success(
        request, _("Đã tạo dự thảo %(relation)s; hãy sửa nội dung rồi trình.") % {"relation": successor.get_succession_display().lower()}
    )
    return redirect("plans:edit", pk=successor.pk)
