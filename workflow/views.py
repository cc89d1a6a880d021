"""The plan's page, and the confirmation page of an action on a plan.

The plan's page (`plan_page`) is where people act: the document, the actions open to the user, the
approval round, the review panel, the signatures and the reporting card. It gathers what the apps
below workflow hand it (approvals.selectors, documents.layout, reporting.selectors, workflow.inbox),
so it lives at the top; its templates only print.

The action page only collects what the action needs (a comment, for `sign` the kind and the
password); its POST calls `workflow.services.perform`, which alone decides whether the user may
act and whether the plan is ready.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from approvals.models import Signature
from approvals.selectors import (
    THREADS_PAGE_PARAMETER,
    kinds_left_to_sign,
    return_to_show,
    review_panel,
    reviewers_with_approval,
    signatures_on_page,
)
from config.logging import log_refusal
from config.refusals import InvalidInput, Refusal
from config.text import SafeFormCharField
from documents.layout import document_layout
from documents.verify import issued_pdf_reports
from planimport.services import source_of
from plans.content import content_hash
from plans.models import Plan
from plans.numbering import peek_number
from plans.rules import ACTIONS, available_actions, can_edit, relations, sign_kind_permitted
from plans.selectors import visible_plan_or_404, visible_plans
from plans.succession import succession_panel
from register.services import deliveries_panel
from reporting.selectors import slot_counts, unresolved_slots
from reporting.services import slots_opening_overdue, waive_overdue_slots

from .inbox import approval_round
from .services import perform

COMMENT_REQUIRED = {"return_for_revision", "close", "discard", "recall"}
COMMENT_LABELS = {
    "return_for_revision": gettext_lazy("Lý do trả lại"),
    "close": gettext_lazy("Tổng kết khi kết thúc"),
    "discard": gettext_lazy("Lý do hủy bỏ"),
    "recall": gettext_lazy("Lý do thu hồi"),
}


class ActionForm(forms.Form):
    comment = SafeFormCharField(
        multiline=True, label=gettext_lazy("Ý kiến"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    kind = forms.ChoiceField(label=gettext_lazy("Loại chữ ký"), required=False, widget=forms.RadioSelect)
    password = forms.CharField(
        label=gettext_lazy("Mật khẩu (xác nhận chữ ký chính)"), required=False, strip=False, widget=forms.PasswordInput
    )
    number = forms.IntegerField(label=gettext_lazy("Số của văn bản giấy"), min_value=1, max_value=999_999)
    issued_on = forms.DateField(
        label=gettext_lazy("Ngày ban hành (dd/mm/yyyy)"),
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, action, sign_kinds=(), opening_overdue=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.action = action
        if action in COMMENT_LABELS:
            self.fields["comment"].label = COMMENT_LABELS[action]
        if action in COMMENT_REQUIRED:
            self.fields["comment"].required = True
            self.fields["comment"].error_messages["required"] = _("Cần ghi nội dung này.")
        if action == "sign":
            self.fields["kind"].choices = [(kind, Signature.Kind(kind).label) for kind in sign_kinds]
            self.fields["kind"].required = True
            self.fields["kind"].error_messages["required"] = _("Chọn loại chữ ký.")
            if len(sign_kinds) == 1:
                self.fields["kind"].initial = sign_kinds[0]
            if Signature.Kind.MAIN not in sign_kinds:
                del self.fields["password"]
        else:
            del self.fields["kind"]
            del self.fields["password"]
        if action != "register_paper":
            del self.fields["number"]
            del self.fields["issued_on"]
        if action == "start_reporting" and opening_overdue:
            # A stale plan: its first slots open overdue. The clerk confirms, and may waive them in the same step.
            self.fields["confirm_overdue"] = forms.BooleanField(
                label=_("Tôi đã xem %(count)d kỳ báo cáo sẽ mở ở trạng thái quá hạn") % {"count": len(opening_overdue)},
                required=True,
                error_messages={"required": _("Hãy xác nhận đã xem các kỳ báo cáo sẽ quá hạn.")},
            )
            self.fields["waive_overdue"] = forms.BooleanField(label=_("Miễn báo cáo các kỳ quá hạn này"), required=False)
            self.fields["waive_reason"] = SafeFormCharField(
                multiline=True, label=_("Lý do miễn báo cáo"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
            )

    def clean(self):
        data = super().clean()
        if data.get("waive_overdue") and not (data.get("waive_reason") or "").strip():
            self.add_error("waive_reason", _("Cần ghi lý do miễn báo cáo."))
        return data


@login_required
@require_safe  # a read-only page: POST, PUT, DELETE … get 405
def plan_page(request, pk):
    """The plan laid out like the signed paper, with its state and the actions open to this user."""
    plan = visible_plan_or_404(request.user, pk, parts=True)
    held = relations(plan, request.user)  # asked once for the page: actions, editing, the review panel
    signatures, main_signature = signatures_on_page(plan, content_hash(plan))
    context = {
        "plan": plan,
        "tab": "document",
        "actions": [(name, label, ACTIONS[name][2]) for name, label in available_actions(plan, request.user, held)],
        "can_edit": can_edit(plan, request.user, held),
        "doc": document_layout(plan, main_signature),
        "review": review_panel(plan, request.user, held, request.GET.get(THREADS_PAGE_PARAMETER)),
        "round": approval_round(plan),
        "reviewers": reviewers_with_approval(plan),
        "signatures": signatures,
        "slot_counts": slot_counts(plan),
        "is_issued": plan.number is not None,
        "returned": return_to_show(plan),  # why a returned draft came back, at the top of its page
        "succession": succession_panel(plan, request.user),  # Art. 18: corrections and replacements
        "deliveries": deliveries_panel(plan, request.user),  # who received it: sent, received, acknowledged
        "pdf_reports": issued_pdf_reports(plan),  # each signature of the issued PDF, validated against the trust list
        "imported_source": source_of(plan),  # the file an imported plan came from (planimport)
    }
    return render(request, "plans/plan_detail.html", context)


def _sign_kinds(request, plan, action):
    """The kinds the sign form offers: those still to sign; a POST may name any kind the user may
    sign, so a second signature of the same content is refused by the service with its reason."""
    if action != "sign":
        return ()
    if request.method == "POST":
        held = relations(plan, request.user)
        return [kind for kind in Signature.PERSONAL_KINDS if sign_kind_permitted(plan, kind, request.user, held)]
    return kinds_left_to_sign(plan, request.user)


@login_required
def plan_action(request, pk, action):
    """GET: what the action does and a form; POST: take it through the one door, then back to the plan."""
    if action not in ACTIONS:
        raise Http404
    plan = get_object_or_404(visible_plans(request.user, Plan.objects.select_related("organization")), pk=pk)
    label, _relations, irreversible = ACTIONS[action]
    opening_overdue = slots_opening_overdue(plan) if action == "start_reporting" else []
    form = ActionForm(
        request.POST if request.method == "POST" else None,
        action=action,
        sign_kinds=_sign_kinds(request, plan, action),
        opening_overdue=opening_overdue,
    )

    if request.method != "POST":
        if action not in dict(available_actions(plan, request.user)):
            messages.error(request, _("Bạn không thể “%(label)s” với kế hoạch này lúc này.") % {"label": label})
            return redirect("plans:detail", pk=plan.pk)
    elif form.is_valid():
        data = form.cleaned_data
        try:
            plan = perform(
                plan,
                action,
                request.user,
                comment=data.get("comment", ""),
                kind=data.get("kind") or None,
                password=data.get("password"),
                number=data.get("number"),
                issued_on=data.get("issued_on"),
            )
        except InvalidInput as refusal:
            log_refusal(request, refusal, action=action, plan_id=plan.pk)  # security log
            _show_on_form(form, refusal)
        except Refusal as refusal:
            log_refusal(request, refusal, action=action, plan_id=plan.pk)
            messages.error(request, refusal.message)
            return redirect("plans:detail", pk=plan.pk)
        else:
            messages.success(request, _success_message(plan, action, label))
            if data.get("waive_overdue"):
                _waive_opened_overdue(request, plan, data["waive_reason"])
            return redirect("plans:detail", pk=plan.pk)

    context = {"plan": plan, "action": action, "label": label, "irreversible": irreversible, "form": form}
    context["opening_overdue"] = opening_overdue
    if action == "close":
        context["unresolved"] = unresolved_slots(plan)  # what still keeps the plan from closing
    if action == "issue":
        context["preview"] = issue_preview(plan)
    return render(request, "workflow/action_confirm.html", context)


def _waive_opened_overdue(request, plan, reason):
    """The clerk's second half of the one step: the slots that opened overdue are waived, with the reason."""
    try:
        count = waive_overdue_slots(plan, request.user, reason)
    except Refusal as refusal:
        log_refusal(request, refusal, action="waive_overdue", plan_id=plan.pk)
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Đã miễn báo cáo %(count)d kỳ quá hạn.") % {"count": count})


def issue_preview(plan):
    """The number and date issuing would give now (the counter may move before the clerk confirms)."""
    today = timezone.localdate()
    number = peek_number(plan.organization, plan.doc_type, today.year)
    return {"symbol": f"{number:02d}/{plan.doc_type}-{plan.organization.symbol_code}", "date": today}


def _show_on_form(form, refusal):
    placed = False
    for field, errors in refusal.errors.items():
        if field in form.fields:
            for error in errors:
                form.add_error(field, str(error))
            placed = True
    if not placed:
        form.add_error(None, refusal.message)


def _success_message(plan, action, label):
    if action in ("issue", "register_paper"):
        return _("Đã ban hành kế hoạch, số %(symbol)s.") % {"symbol": plan.symbol}
    return _("Đã thực hiện “%(label)s”.") % {"label": label}
