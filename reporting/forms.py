"""Forms of the reporting pages: filing a report on a slot, and a decision on it.

They only check types and sizes of what was typed; whether the user may file or decide, and
whether a file is what its name says, is decided by reporting.services.
"""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.text import SafeFormCharField
from documents.formatting import so
from plans.models import DECIMAL_KW
from plans.number_fields import DecimalNumberField, WholeNumberField

from .attachments import max_files, too_many_files_message
from .models import SlotDecision


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; cleans to a list (empty when none was chosen)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data]
        files = [upload for upload in files if upload]
        if len(files) > max_files():  # the same limit as the API's (reporting.services)
            raise forms.ValidationError(too_many_files_message())
        return [super(MultipleFileField, self).clean(upload, initial) for upload in files]


def _target_label(target):
    text = target.text if len(target.text) <= 120 else target.text[:117] + "…"
    return f"{text} ({target.unit})" if target.unit else text


class ReportForm(forms.Form):
    """Progress, narrative, one optional value per target of the plan, attachments."""

    progress = WholeNumberField(
        label=gettext_lazy("Tiến độ thực hiện (%)"),
        min_value=0,
        max_value=100,
        suffixes=("%",),
        error_messages={
            "required": gettext_lazy("Nhập tiến độ (0–100)."),
            "min_value": gettext_lazy("Tiến độ phải là số nguyên từ 0 đến 100."),
            "max_value": gettext_lazy("Tiến độ phải là số nguyên từ 0 đến 100."),
        },
    )
    text = SafeFormCharField(
        multiline=True,
        label=gettext_lazy("Nội dung báo cáo"),
        required=False,
        max_length=50000,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    attachments = MultipleFileField(
        label=gettext_lazy("Tệp đính kèm"),
        required=False,
        help_text=gettext_lazy("PDF, DOCX, XLSX, PNG, JPEG; có thể chọn nhiều tệp."),
    )

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.targets = list(targets)
        for target in self.targets:
            help_text = _("Mục tiêu: %(value)s") % {"value": so(target.target_value)} if target.target_value is not None else ""
            self.fields[self.target_field(target)] = DecimalNumberField(
                label=_target_label(target),
                required=False,
                help_text=help_text,
                error_messages={
                    "max_digits": _("Số quá lớn."),
                    "max_whole_digits": _("Số quá lớn."),
                    "max_decimal_places": _("Tối đa 4 chữ số thập phân."),
                },
                **DECIMAL_KW,
            )

    @staticmethod
    def target_field(target):
        return f"target_{target.pk}"

    def target_fields(self):
        return [self[self.target_field(target)] for target in self.targets]

    def target_values(self):
        """[(target id, Decimal)] of the targets given a value."""
        values = []
        for target in self.targets:
            value = self.cleaned_data.get(self.target_field(target))
            if value is not None:
                values.append((target.pk, value))
        return values

    def show_refusal(self, refusal):
        """Put an InvalidInput's field errors on the form (the rest on top)."""
        placed = False
        for field, errors in refusal.errors.items():
            name = field if field in self.fields else None
            for error in errors:
                self.add_error(name, str(error))
            placed = True
        if not placed:
            self.add_error(None, refusal.message)


DECISION_LABELS = {
    SlotDecision.Decision.ACCEPT: gettext_lazy("Chấp nhận báo cáo"),
    SlotDecision.Decision.RETURN: gettext_lazy("Trả lại báo cáo"),
    SlotDecision.Decision.WAIVE: gettext_lazy("Miễn báo cáo kỳ này"),
}
REASON_REQUIRED = {SlotDecision.Decision.RETURN, SlotDecision.Decision.WAIVE}


class DecisionForm(forms.Form):
    comment = SafeFormCharField(
        multiline=True,
        label=gettext_lazy("Ý kiến"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, decision, **kwargs):
        super().__init__(*args, **kwargs)
        if decision in REASON_REQUIRED:
            field = self.fields["comment"]
            field.label = gettext_lazy("Lý do")
            field.required = True
            field.error_messages["required"] = _("Cần ghi lý do.")
