"""Web forms of review comments on the plan page (the panel is templates/approvals/_review_panel.html).

Each view takes one POST, hands it to approvals.comments and goes back to the plan page with a
Vietnamese message. A plan the user may not see is a 404; a user who may not comment, answer or
resolve gets a 403; a refused request changes nothing.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from config.refusals import NotPermitted, Refusal
from config.text import SafeFormCharField
from plans.models import TEXT_MAX_LENGTH, Plan
from plans.selectors import visible_plans

from .comments import add_comment, answer_comment, resolve_comment
from .models import ReviewComment


class CommentForm(forms.Form):
    anchor = forms.CharField(label=gettext_lazy("Gắn với"), max_length=40, required=False)
    text = SafeFormCharField(
        multiline=True,
        label=gettext_lazy("Ý kiến"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("Cần ghi nội dung ý kiến.")},
    )

    def clean_anchor(self):
        """'plan', or 'block:12' (or 'section:12' / 'target:3' / 'task:5') → (kind, id); the service checks the part exists."""
        value = self.cleaned_data.get("anchor") or ReviewComment.Anchor.PLAN
        kind, _sep, number = value.partition(":")
        if kind == ReviewComment.Anchor.PLAN and not number:
            return kind, None
        if kind not in ReviewComment.Anchor.values or not number.isdigit() or len(number) > 10:
            raise forms.ValidationError(_("Chỗ gắn ý kiến không hợp lệ."))
        return kind, int(number)


class ReplyForm(forms.Form):
    text = SafeFormCharField(
        multiline=True,
        label=gettext_lazy("Trả lời"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": gettext_lazy("Cần ghi nội dung trả lời.")},
    )


# The comment forms sit in <turbo-frame id="comments">: Turbo follows the redirect and replaces only
# that frame, so the page neither reloads nor scrolls. Their messages are shown inside it ("inline").
INLINE = "inline"


def _back(plan_id):
    return redirect(reverse("plans:detail", args=[plan_id]) + "#comments")


def _form_error(request, form):
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error, extra_tags=INLINE)


def _run(request, plan_id, call, success):
    """Call the service; a refusal becomes a 403 (not permitted) or a message (anything else)."""
    try:
        call()
    except NotPermitted as refusal:
        raise PermissionDenied(refusal.message) from refusal
    except Refusal as refusal:
        messages.error(request, refusal.message, extra_tags=INLINE)
    else:
        messages.success(request, success, extra_tags=INLINE)
    return _back(plan_id)


def _visible_plan(request, pk):
    return get_object_or_404(visible_plans(request.user, Plan.objects.select_related("organization")), pk=pk)


def _visible_comment(request, pk, comment_id):
    plan = _visible_plan(request, pk)
    return get_object_or_404(ReviewComment.objects.filter(plan=plan), pk=comment_id)


@login_required
@require_POST
def comment_add(request, pk):
    plan = _visible_plan(request, pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        _form_error(request, form)
        return _back(plan.pk)
    kind, anchor_id = form.cleaned_data["anchor"]
    return _run(
        request,
        plan.pk,
        lambda: add_comment(plan, request.user, text=form.cleaned_data["text"], anchor_kind=kind, anchor_id=anchor_id),
        _("Đã gửi ý kiến."),
    )


@login_required
@require_POST
def comment_reply(request, pk, comment_id):
    comment = _visible_comment(request, pk, comment_id)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        _form_error(request, form)
        return _back(comment.plan_id)
    return _run(
        request, comment.plan_id, lambda: answer_comment(comment, request.user, text=form.cleaned_data["text"]), _("Đã trả lời ý kiến.")
    )


@login_required
@require_POST
def comment_resolve(request, pk, comment_id):
    comment = _visible_comment(request, pk, comment_id)
    return _run(request, comment.plan_id, lambda: resolve_comment(comment, request.user), _("Đã đánh dấu ý kiến là đã giải quyết."))
