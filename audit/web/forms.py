"""Forms of the auditor pages: the timeline filters, a point of the timeline, two points to compare.

Invalid values never fail the page: they are shown as errors and ignored (bad input never 500)."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from audit.models import AuditEvent
from plans.lifecycle import State

ALL = [("", _("Tất cả"))]
MAX_SEQ = 2**31 - 1


def _person(user):
    return user.get_full_name() or user.get_username()


class TimelineFilterForm(forms.Form):
    actor = forms.TypedChoiceField(label=_("Người thực hiện"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(label=_("Loại sự kiện"), required=False, choices=ALL + list(AuditEvent.Kind.choices))
    date_from = forms.DateField(label=_("Từ ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("Đến ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    state = forms.ChoiceField(label=_("Trạng thái kế hoạch"), required=False, choices=ALL + list(State.choices))

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        actors = get_user_model().objects.filter(pk__in=AuditEvent.objects.filter(plan=plan).values("actor_id")).order_by("pk")
        self.fields["actor"].choices = ALL + [(user.pk, _person(user)) for user in actors]

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("Ngày kết thúc phải sau ngày bắt đầu."))
        return data

    def filters(self):
        """The valid filters as keyword arguments of audit.web.timeline.filter_events."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in getattr(self, "cleaned_data", {}).items() if name not in self.errors}


class PointForm(forms.Form):
    """A point of the timeline: an event number, or a moment (the last event at or before it)."""

    event = forms.IntegerField(label=_("Sự kiện số"), required=False, min_value=1, max_value=MAX_SEQ)
    at = forms.DateTimeField(
        label=_("Hoặc thời điểm"),
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%d/%m/%Y %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


class CompareForm(forms.Form):
    a = forms.IntegerField(label=_("Phiên bản sau sự kiện số"), min_value=1, max_value=MAX_SEQ)
    b = forms.IntegerField(label=_("So với phiên bản sau sự kiện số"), min_value=1, max_value=MAX_SEQ)
