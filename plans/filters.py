"""The filters of the plan list: one django-filter FilterSet for the page (/plans/) and the API
(GET /api/plans/). A bad value is ignored with its error shown on the page, and a 400 in the API."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django_filters import utils
from django_filters.rest_framework import DjangoFilterBackend

from accounts.models import Organization
from config.text import SafeFormCharField

from .lifecycle import State
from .models import Plan, PlanSearch, Task, TaskParty, TaskSupportingUnit
from .search import folded


def search_words(value):
    """The words of `value`, folded (plans.search), each once; a word inside another word asked for
    is left out: the longer one finds it too ("ng nghi" asks for "nghi")."""
    words = set(folded(value).split())
    return sorted(word for word in words if not any(word != other and word in other for other in words))


class TextFilter(django_filters.CharFilter):
    """Words to look for, in NFC like the stored text (config.text): typed decomposed, they still match."""

    field_class = SafeFormCharField


class PlanFilter(django_filters.FilterSet):
    q = TextFilter(method="search", max_length=200, label=_("Tìm (không cần dấu)"))
    state = django_filters.ChoiceFilter(choices=State.choices, label=_("Trạng thái"), empty_label=_("Tất cả"))
    organization = django_filters.ModelChoiceFilter(
        queryset=Organization.objects.all(), label=_("Cơ quan ban hành"), empty_label=_("Tất cả")
    )

    year = django_filters.NumberFilter(field_name="issue_year", label=_("Năm ban hành"), min_value=1945, max_value=9999)
    unit = django_filters.NumberFilter(method="of_unit", label=_("Đơn vị thực hiện (mã)"), min_value=1)
    doc_type = django_filters.CharFilter(field_name="doc_type", max_length=10, label=_("Loại văn bản"))

    class Meta:
        model = Plan
        fields = ["q", "state", "organization", "year", "unit", "doc_type"]

    def search(self, queryset, name, value):
        """Every word of the plan's text, its body (tasks included) or its reports, in any order, with
        or without diacritics (plans.search): each word in the text or in the reports."""
        words = search_words(value)
        if not words:
            return queryset
        condition = Q()
        for word in words:
            condition &= Q(text__contains=word) | Q(report_text__contains=word)
        return queryset.filter(pk__in=PlanSearch.objects.filter(condition).values("plan_id"))

    def of_unit(self, queryset, name, value):
        """Plans with a task the unit leads or supports (as a reporting unit or as a party named)."""
        unit = int(value)
        return queryset.filter(
            Exists(Task.objects.filter(plan=OuterRef("pk"), lead_unit_id=unit))
            | Exists(TaskSupportingUnit.objects.filter(task__plan=OuterRef("pk"), unit_id=unit))
            | Exists(TaskParty.objects.filter(block__plan=OuterRef("pk"), organization_id=unit))
        )

    def __init__(self, *args, authorities=None, **kwargs):
        """`authorities` (already read): the page offers, and accepts, only these organizations; the
        API takes any organization's id (another's plans are not visible: an empty list)."""
        super().__init__(*args, **kwargs)
        if authorities is not None:
            field = self.form.fields["organization"]
            self.form.fields["organization"] = forms.TypedChoiceField(
                label=field.label,
                required=False,
                coerce=int,
                empty_value=None,
                choices=[("", field.empty_label)] + [(org.pk, org.name) for org in authorities],
            )


class PlanFilterBackend(DjangoFilterBackend):
    """The API list's filters (PlanFilter), with no FilterSet built when the request names none of
    them: with nothing to filter by, every filter leaves the list as it is, and building the set
    (copies of its filters, a form, its validation) was ~1.5 ms of each plain list (issue 21)."""

    def filter_queryset(self, request, queryset, view):
        if not any(name in request.query_params for name in PlanFilter.base_filters):
            return queryset
        return super().filter_queryset(request, queryset, view)

    @classmethod
    def checked_filters(cls, request, view):
        """The filters the request asks for, as ((name, (values…)), …), and their FilterSet (None
        when none is asked), once checked: a bad value is filter_queryset's 400."""
        asked = tuple((name, tuple(request.query_params.getlist(name))) for name in PlanFilter.base_filters if name in request.query_params)
        if not asked:
            return asked, None
        filterset = cls().get_filterset(request, Plan.objects.none(), view)
        if not filterset.is_valid():
            raise utils.translate_validation(filterset.errors)
        return asked, filterset
