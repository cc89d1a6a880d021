"""Which register: the issuing body and the year (the page and the API read the same form)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .selectors import current_year


class RegisterChoice(forms.Form):
    organization = forms.TypedChoiceField(label=_("Cơ quan ban hành"), coerce=int, required=False, empty_value=None)
    year = forms.IntegerField(label=_("Năm"), min_value=1945, max_value=9999, required=False)

    def __init__(self, data, organizations):
        super().__init__(data)
        self.organizations = {org.pk: org for org in organizations}
        self.fields["organization"].choices = [(org.pk, org.name) for org in organizations]
        self.fields["organization"].error_messages["invalid_choice"] = _("Bạn không có sổ văn bản đi của cơ quan này.")

    def choice(self):
        """(organization, year) once valid; the first body and this year when not given (None, year: no body)."""
        organization = self.cleaned_data.get("organization")
        year = self.cleaned_data.get("year") or current_year()
        if organization is None:
            organization = next(iter(self.organizations), None)
        return self.organizations.get(organization), year
