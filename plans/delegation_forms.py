"""The form of the "Ủy quyền ký" page: a signer grants TUQ./KT. to another signer of their body.

Choices are limited to what the user may grant (their bodies, those bodies' other signers, plans
not yet issued); `plans.delegation.grant` checks the same again and its refusals come back here as
field errors."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from accounts.models import Membership, Organization, Role
from config.text import SafeFormCharField

from .lifecycle import State
from .models import DOC_TYPES, Delegation, Plan

NOT_YET_SIGNED = (State.DRAFT, State.REVIEW, State.SIGNING)


def date_input():
    """The browser's own date picker (as the plan form's dates); sent as YYYY-MM-DD whatever its language."""
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class GrantForm(forms.Form):
    field_order = ["organization", "kind", "grantee", "position", "plan", "doc_type", "valid_from", "valid_until"]

    organization = forms.ModelChoiceField(label=_("Cơ quan"), queryset=Organization.objects.none())
    kind = forms.ChoiceField(label=_("Thẩm quyền"), choices=Delegation.KINDS)
    grantee = forms.ModelChoiceField(label=_("Người được giao"), queryset=get_user_model().objects.none())
    plan = forms.ModelChoiceField(
        label=_("Kế hoạch"), queryset=Plan.objects.none(), required=False, empty_label=_("(mọi văn bản của loại dưới đây)")
    )
    doc_type = forms.ChoiceField(
        label=_("Loại văn bản"), choices=[("", "—"), *DOC_TYPES], required=False, help_text=_("Khi không chọn một kế hoạch.")
    )
    position = SafeFormCharField(label=_("Chức vụ in dưới dòng thẩm quyền"), max_length=100, required=False)
    valid_from = forms.DateField(label=_("Hiệu lực từ ngày"), widget=date_input())
    valid_until = forms.DateField(label=_("Đến hết ngày"), widget=date_input())

    def __init__(self, grantor, authority_ids, *args, **kwargs):
        super().__init__(*args, **kwargs)
        organizations = Organization.objects.filter(pk__in=authority_ids).order_by("name")
        self.fields["organization"].queryset = organizations
        if len(authority_ids) == 1:  # most heads sign for one body: it is chosen already
            self.fields["organization"].initial = next(iter(authority_ids))
            self.fields["organization"].empty_label = None
        signer_ids = Membership.objects.filter(organization_id__in=authority_ids, role=Role.SIGNER).values("user_id")
        self.fields["grantee"].queryset = (
            get_user_model().objects.filter(pk__in=signer_ids).exclude(pk=grantor.pk).order_by("first_name", "username")
        )
        self.fields["grantee"].label_from_instance = lambda user: user.get_full_name() or user.username
        plans = Plan.objects.filter(organization_id__in=authority_ids, state__in=NOT_YET_SIGNED).order_by("-id")
        self.fields["plan"].queryset = plans
        self.fields["plan"].label_from_instance = lambda plan: f"#{plan.pk} — {plan.subject[:120]}"

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("valid_from"), cleaned.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("Ngày hết hiệu lực phải sau ngày bắt đầu."))
        if not cleaned.get("plan") and not cleaned.get("doc_type"):
            self.add_error("doc_type", _("Cần chọn một kế hoạch hoặc một loại văn bản."))
        return cleaned
