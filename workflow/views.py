"""The confirmation page of an action on a plan; its POST calls `workflow.services.perform`.

The page only collects what the action needs (a comment, for `sign` the kind and the password);
whether the user may act, and whether the plan is ready, is decided by the service alone.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from approvals.models import Signature
from config.logging import log_refusal
from config.text import SafeFormCharField
from plans.models import Plan
from plans.selectors import visible_plans

from .refusals import InvalidInput, Refusal
from .rules import ACTIONS, relations, sign_kind_permitted
from .services import available_actions, perform

COMMENT_REQUIRED = {"return_for_revision", "close"}
COMMENT_LABELS = {
    "return_for_revision": gettext_lazy("Lý do trả lại"),
    "close": gettext_lazy("Tổng kết khi kết thúc"),
}


class ActionForm(forms.Form):
    comment = SafeFormCharField(
        multiline=True, label=gettext_lazy("Ý kiến"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    kind = forms.ChoiceField(label=gettext_lazy("Loại chữ ký"), required=False, widget=forms.RadioSelect)
    password = forms.CharField(
        label=gettext_lazy("Mật khẩu (xác nhận chữ ký chính)"), required=False, strip=False, widget=forms.PasswordInput
    )

    def __init__(self, *args, action, sign_kinds=(), **kwargs):
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


def _sign_kinds(plan, user):
    held = relations(plan, user)
    return [kind for kind in Signature.Kind.values if sign_kind_permitted(plan, kind, user, held)]


@login_required
def plan_action(request, pk, action):
    """GET: what the action does and a form; POST: take it through the one door, then back to the plan."""
    if action not in ACTIONS:
        raise Http404
    plan = get_object_or_404(visible_plans(request.user, Plan.objects.select_related("organization")), pk=pk)
    label, _relations, irreversible = ACTIONS[action]
    form = ActionForm(request.POST if request.method == "POST" else None, action=action, sign_kinds=_sign_kinds(plan, request.user))

    if request.method != "POST":
        if action not in dict(available_actions(plan, request.user)):
            messages.error(request, _("Bạn không thể “%(label)s” với kế hoạch này lúc này.") % {"label": label})
            return redirect("plans:detail", pk=plan.pk)
    elif form.is_valid():
        data = form.cleaned_data
        try:
            plan = perform(
                plan, action, request.user, comment=data.get("comment", ""), kind=data.get("kind") or None, password=data.get("password")
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
            return redirect("plans:detail", pk=plan.pk)

    context = {"plan": plan, "action": action, "label": label, "irreversible": irreversible, "form": form}
    return render(request, "workflow/action_confirm.html", context)


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
    if action == "issue":
        return _("Đã ban hành kế hoạch, số %(symbol)s.") % {"symbol": plan.symbol}
    return _("Đã thực hiện “%(label)s”.") % {"label": label}
