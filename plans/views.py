"""Web pages of a plan: the list, creating and editing, and the plan as an official document.

Views stay thin: forms check types, `plans.services` writes, `plans.selectors` reads, and
`workflow.services.available_actions` says which buttons to show.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from accounts.models import Organization, Role
from accounts.roles import authority_ids, authority_ids_for_role
from approvals.models import Signature
from approvals.selectors import approved_reviewer_ids, valid_main_signature
from config.text import SafeFormCharField
from plans.content import content_hash
from workflow.lifecycle import State
from workflow.refusals import NotPermitted, Refusal, WrongState
from workflow.rules import ACTIONS, DRAFTER_OF_PLAN, relations
from workflow.services import available_actions

from .forms import PlanEditor, initial_from_plan
from .models import Plan, RecipientPurpose
from .selectors import visible_plans, with_parts
from .services import create_plan, update_plan

PAGE_SIZE = 20


def visible_authorities(user):
    queryset = Organization.objects.filter(kind=Organization.Kind.AUTHORITY)
    if not user.is_superuser:
        queryset = queryset.filter(pk__in=authority_ids(user))
    return list(queryset.order_by("name"))


def drafting_authorities(user):
    return list(
        Organization.objects.filter(pk__in=authority_ids_for_role(user, Role.DRAFTER), kind=Organization.Kind.AUTHORITY).order_by("name")
    )


def can_edit(plan, user, held=None):
    return plan.state == State.DRAFT and DRAFTER_OF_PLAN in (relations(plan, user) if held is None else held)


class PlanFilterForm(forms.Form):
    q = SafeFormCharField(label=gettext_lazy("Tìm trong trích yếu"), required=False, max_length=200)  # NFC, as the subjects are
    state = forms.ChoiceField(label=gettext_lazy("Trạng thái"), required=False)
    organization = forms.TypedChoiceField(label=gettext_lazy("Cơ quan ban hành"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, authorities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", _("Tất cả"))] + list(State.choices)
        self.fields["organization"].choices = [("", _("Tất cả"))] + [(org.pk, org.name) for org in authorities]


@login_required
@require_safe  # a read-only page: POST, PUT, DELETE … get 405
def plan_list(request):
    """Plans the user may see, filtered by state, organization and words of the subject."""
    authorities = visible_authorities(request.user)
    filters = PlanFilterForm(request.GET or None, authorities=authorities)
    plans = visible_plans(request.user, Plan.objects.select_related("organization", "created_by"))
    if filters.is_bound:
        filters.is_valid()  # invalid values are shown as errors and ignored
        wanted = getattr(filters, "cleaned_data", {})
        if wanted.get("state"):
            plans = plans.filter(state=wanted["state"])
        if wanted.get("organization"):
            plans = plans.filter(organization_id=wanted["organization"])
        if wanted.get("q"):
            plans = plans.filter(subject__icontains=wanted["q"])
    page = Paginator(plans, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filters": filters,
        "page_obj": page,
        "plans": page.object_list,
        "may_create": bool(authority_ids_for_role(request.user, Role.DRAFTER)),
    }
    return render(request, "plans/plan_list.html", context)


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
    plan = get_object_or_404(with_parts(visible_plans(request.user)), pk=pk)
    if DRAFTER_OF_PLAN not in relations(plan, request.user):
        raise PermissionDenied(_("Chỉ chuyên viên soạn thảo kế hoạch này được sửa nó."))
    if plan.state != State.DRAFT:
        messages.error(request, _("Chỉ sửa được kế hoạch ở trạng thái dự thảo."))
        return redirect("plans:detail", pk=plan.pk)

    if request.method != "POST":
        editor = PlanEditor(plan.organization, initial=initial_from_plan(plan))
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
@require_safe  # a read-only page: POST, PUT, DELETE … get 405
def plan_detail(request, pk):
    """The plan laid out like the signed paper, with its state and the actions open to this user."""
    plan = get_object_or_404(with_parts(visible_plans(request.user)), pk=pk)
    current_hash = content_hash(plan)
    signatures = list(Signature.objects.filter(plan=plan).select_related("signer"))
    for signature in signatures:
        signature.matches_content = signature.content_hash == current_hash and signature.review_round == plan.review_round
    # The "(Đã ký)" mark needs a main signature whose key and certificate verify, not only a matching hash.
    main_signature = valid_main_signature(plan, current_hash, signatures)
    approved = approved_reviewer_ids(plan)
    reviewers = [(link.user, link.user_id in approved) for link in plan.reviewer_links.all()]
    recipients = [r for r in plan.recipients.all() if r.purpose != RecipientPurpose.ARCHIVE]
    archive = [r for r in plan.recipients.all() if r.purpose == RecipientPurpose.ARCHIVE]
    held = relations(plan, request.user)  # asked once for the page: actions, editing, the review panel
    actions = [(name, label, ACTIONS[name][2]) for name, label in available_actions(plan, request.user, held)]
    context = {
        "plan": plan,
        "tab": "document",
        "actions": actions,
        "held": held,
        "can_edit": can_edit(plan, request.user, held),
        "reviewers": reviewers,
        "signatures": signatures,
        "main_signature": main_signature,
        "recipients": recipients,
        "archive": archive,
        "budget_total": sum(line.amount for line in plan.budget_lines.all()),
        "is_issued": plan.number is not None,
    }
    return render(request, "plans/plan_detail.html", context)
