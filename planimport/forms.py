"""The upload form and the review's corrections (one small form a recognized block)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from config.text import SafeFormCharField
from plans.models import SUBJECT_MAX_LENGTH, BlockKind
from plans.serializers import MAX_BLOCKS

from .services import EDITABLE_KINDS


class UploadForm(forms.Form):
    organization = forms.ModelChoiceField(queryset=None, label=_("Cơ quan ban hành"), empty_label=None)
    file = forms.FileField(
        label=_("Văn bản"),
        help_text=_("Tệp Word (.docx), PDF (có lớp chữ; PDF ảnh quét được nhận dạng chữ) hoặc văn bản UTF-8 (.txt); tối đa 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".docx,.pdf,.txt,text/plain,application/pdf"}),
    )

    def __init__(self, authorities, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = authorities
        if len(authorities) == 1:
            self.fields["organization"].initial = authorities[0]


class SubjectForm(forms.Form):
    subject = SafeFormCharField(label=_("Trích yếu"), max_length=SUBJECT_MAX_LENGTH)


class BlockReviewForm(forms.Form):
    """A recognized block as the drafter leaves it: its kind, its text, or dropped."""

    kind = forms.ChoiceField(label=_("Loại"), choices=[(kind.value, kind.label) for kind in EDITABLE_KINDS], required=False)
    text = SafeFormCharField(label=_("Nội dung"), multiline=True, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    drop = forms.BooleanField(label=_("Bỏ khối này"), required=False)

    def __init__(self, *args, fixed_kind=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fixed_kind = fixed_kind  # a table or a footnote: kept as it is
        if fixed_kind is not None:
            self.fields["kind"].choices = [(fixed_kind, BlockKind(fixed_kind).label)]

    def correction(self):
        data = self.cleaned_data
        return {"kind": data.get("kind") or None, "text": data.get("text"), "drop": bool(data.get("drop"))}


class BaseBlockReviewFormSet(forms.BaseFormSet):
    """One form a recognized block; `fixed_kinds[i]`: the kind block i keeps (a table, a footnote), or None."""

    def __init__(self, *args, fixed_kinds=(), **kwargs):
        self.fixed_kinds = list(fixed_kinds)
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        kwargs["fixed_kind"] = self.fixed_kinds[index] if index is not None and index < len(self.fixed_kinds) else None
        return kwargs


BlockReviewFormSet = forms.formset_factory(
    BlockReviewForm, formset=BaseBlockReviewFormSet, extra=0, max_num=MAX_BLOCKS, absolute_max=MAX_BLOCKS, validate_max=True
)


def review_forms(plan_data, data=None):
    """(the subject's form, one form a body block) for the recognized `plan_data`; `data`: the POST."""
    body = plan_data.get("body") or []
    subject = SubjectForm(data, initial={"subject": plan_data.get("subject", "")})
    blocks = BlockReviewFormSet(
        data,
        initial=[{"kind": block["kind"], "text": block.get("text", "")} for block in body],
        prefix="block",
        fixed_kinds=[None if block["kind"] in EDITABLE_KINDS else block["kind"] for block in body],
    )
    return subject, blocks
