"""Plans over the API: JSON in and out, exactly as docs/API.md writes it.

Input serializers (…InputSerializer) check types and formats and turn JSON into the Python `data`
that `plans.services` expects: Users and Organizations for ids, Decimals, dates, and a task's
`schedule` object spread into `schedule_kind/_date/_day/_month`. Domain rules (a unit of the plan's
authority, 30/2, a signer who is not the drafter …) stay in `plans.validation`, applied by the
services. Text is never trimmed: it is kept exactly as sent. Keys an input does not know (the
"id" of a target or task, a budget line's "amount", anything read-only) are ignored, so a client
may send back what it read: a nested list replaces the whole list, matched by position.

Output serializers read a plan loaded with `plans.selectors.with_parts`, so a plan of any size
costs the same number of queries.
"""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Organization
from config.api_numbers import ApiDecimalField
from config.text import SafeSerializerCharField
from plans.rules import ACTION_CHOICES, available_actions

from .models import (
    DECIMAL_KW,
    SUBJECT_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    Plan,
    RecipientPurpose,
    ScheduleKind,
    SigningAuthority,
    Succession,
)

User = get_user_model()

MAX_PARTS = 500  # items in one nested list: far above any real plan, low enough to refuse abuse
MAX_MONEY = 10**15  # đồng; keeps unit_cost × quantity inside a 64-bit column
MAX_QUANTITY = 10**9


def exact_text(max_length, multiline=False, **kwargs):
    """A text field that keeps what was sent (no trimming of spaces), in NFC and checked by config.text
    (one line unless `multiline`)."""
    return SafeSerializerCharField(max_length=max_length, multiline=multiline, trim_whitespace=False, **kwargs)


def organization_field(**kwargs):
    return serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all(), **kwargs)


def user_field(**kwargs):
    return serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True), **kwargs)


def decimal_field(**kwargs):
    return ApiDecimalField(**DECIMAL_KW, allow_null=True, **kwargs)


# --- input -------------------------------------------------------------------------------------


class LegalBasisInputSerializer(serializers.Serializer):
    text = exact_text(TEXT_MAX_LENGTH, multiline=True)


class SectionInputSerializer(serializers.Serializer):
    heading = exact_text(500)
    body = exact_text(100000, multiline=True, allow_blank=True, default="")


class TargetInputSerializer(serializers.Serializer):
    text = exact_text(TEXT_MAX_LENGTH, multiline=True)
    unit = exact_text(50, allow_blank=True, default="")
    target_value = decimal_field(default=None)
    baseline = decimal_field(default=None)


SCHEDULE_KINDS = [kind for kind in ScheduleKind.values if kind]
# Which fields of `schedule` each kind reads; the others are ignored.
SCHEDULE_FIELDS = {
    ScheduleKind.ONCE: ("date",),
    ScheduleKind.MONTHLY: ("day",),
    ScheduleKind.QUARTERLY: ("day",),
    ScheduleKind.HALF_YEARLY: ("day",),
    ScheduleKind.YEARLY: ("day", "month"),
}
NO_SCHEDULE = {"schedule_kind": ScheduleKind.NONE, "schedule_date": None, "schedule_day": None, "schedule_month": None}


class ScheduleSerializer(serializers.Serializer):
    """A reporting schedule: {"kind": "once", "date"} | monthly/quarterly {"day"} | yearly {"day", "month"}."""

    kind = serializers.ChoiceField(choices=[(k, ScheduleKind(k).label) for k in SCHEDULE_KINDS])
    date = serializers.DateField(required=False, allow_null=True, help_text="Với kind=once.")
    day = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=31, help_text="Với monthly, quarterly, halfyearly, yearly.")
    month = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=12, help_text="Với yearly.")

    def validate(self, attrs):
        kind = attrs["kind"]
        missing = {name: [_("Lịch báo cáo loại này cần trường này.")] for name in SCHEDULE_FIELDS[kind] if attrs.get(name) is None}
        if missing:
            raise serializers.ValidationError(missing)
        values = {name: attrs.get(name) for name in SCHEDULE_FIELDS[kind]}
        return {
            "schedule_kind": kind,
            "schedule_date": values.get("date"),
            "schedule_day": values.get("day"),
            "schedule_month": values.get("month"),
        }


class TaskInputSerializer(serializers.Serializer):
    text = exact_text(TEXT_MAX_LENGTH, multiline=True)
    lead_unit = organization_field(allow_null=True, default=None)
    supporting_units = organization_field(many=True, default=list)
    schedule = ScheduleSerializer(allow_null=True, default=None)

    def validate(self, attrs):
        schedule = attrs.pop("schedule", None) or NO_SCHEDULE
        return {**attrs, **schedule}


class BudgetLineInputSerializer(serializers.Serializer):
    item = exact_text(TEXT_MAX_LENGTH, multiline=True)
    unit_cost = serializers.IntegerField(min_value=0, max_value=MAX_MONEY, help_text="Đơn giá, đồng (số nguyên).")
    quantity = serializers.IntegerField(min_value=0, max_value=MAX_QUANTITY, default=1)
    source = exact_text(500, allow_blank=True, default="")

    def validate(self, attrs):
        if attrs["unit_cost"] * attrs["quantity"] > MAX_MONEY:
            raise serializers.ValidationError({"quantity": [_("Thành tiền vượt quá %(max)d đồng.") % {"max": MAX_MONEY}]})
        return attrs


class RecipientInputSerializer(serializers.Serializer):
    name = exact_text(500)
    purpose = serializers.ChoiceField(choices=RecipientPurpose.choices, allow_blank=True, default=RecipientPurpose.NONE)
    organization = organization_field(allow_null=True, default=None)


class PlanContentInputSerializer(serializers.Serializer):
    """The content a drafter sends (PATCH). A field left out stays as it is; a list sent replaces the list."""

    subject = exact_text(SUBJECT_MAX_LENGTH, required=False)
    preamble = exact_text(TEXT_MAX_LENGTH, multiline=True, required=False, allow_blank=True, allow_null=True)
    period_start = serializers.DateField(required=False, allow_null=True)
    period_end = serializers.DateField(required=False, allow_null=True)
    signing_authority = serializers.ChoiceField(choices=SigningAuthority.choices, required=False, allow_blank=True, allow_null=True)
    signer = user_field(required=False, allow_null=True)
    reviewers = user_field(many=True, required=False)
    legal_bases = LegalBasisInputSerializer(many=True, required=False, max_length=MAX_PARTS)
    sections = SectionInputSerializer(many=True, required=False, max_length=MAX_PARTS)
    targets = TargetInputSerializer(many=True, required=False, max_length=MAX_PARTS)
    tasks = TaskInputSerializer(many=True, required=False, max_length=MAX_PARTS)
    budget_lines = BudgetLineInputSerializer(many=True, required=False, max_length=MAX_PARTS)
    recipients = RecipientInputSerializer(many=True, required=False, max_length=MAX_PARTS)


class PlanCreateInputSerializer(PlanContentInputSerializer):
    """A new plan (POST): the issuing authority and a subject are required."""

    organization = organization_field(help_text="Cơ quan ban hành (không phải đơn vị).")
    subject = exact_text(SUBJECT_MAX_LENGTH)


# --- output ------------------------------------------------------------------------------------


class LegalBasisSerializer(serializers.Serializer):
    text = serializers.CharField()


class SectionSerializer(serializers.Serializer):
    heading = serializers.CharField()
    body = serializers.CharField()


class TargetSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    unit = serializers.CharField()
    target_value = decimal_field()
    baseline = decimal_field()


class TaskSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    lead_unit = serializers.IntegerField(source="lead_unit_id", allow_null=True)
    supporting_units = serializers.SerializerMethodField()
    schedule = serializers.SerializerMethodField()

    def get_supporting_units(self, task) -> list[int]:
        return sorted(link.unit_id for link in task.supporting_links.all())

    @extend_schema_field(ScheduleSerializer(allow_null=True))
    def get_schedule(self, task):
        return task.schedule


class BudgetLineSerializer(serializers.Serializer):
    item = serializers.CharField()
    unit_cost = serializers.IntegerField()
    quantity = serializers.IntegerField()
    amount = serializers.IntegerField(help_text="unit_cost × quantity, đồng.")
    source = serializers.CharField()


class RecipientSerializer(serializers.Serializer):
    name = serializers.CharField()
    purpose = serializers.ChoiceField(choices=RecipientPurpose.choices)
    organization = serializers.IntegerField(source="organization_id", allow_null=True)


class SuccessorInputSerializer(serializers.Serializer):
    relation = serializers.ChoiceField(choices=Succession.choices, help_text="corrects (đính chính) hoặc replaces (thay thế).")


class PlanSummarySerializer(serializers.ModelSerializer):
    """A plan in a list."""

    symbol = serializers.CharField(read_only=True, allow_null=True, help_text="Số, ký hiệu như in: 05/KH-UBND (null khi chưa ban hành).")

    class Meta:
        model = Plan
        fields = ["id", "subject", "organization", "state", "number", "symbol", "issued_on", "updated_at"]
        read_only_fields = fields


class PlanSerializer(serializers.ModelSerializer):
    """The whole plan, as docs/API.md shows it, plus preamble, review_round, closing_summary and state_label."""

    symbol = serializers.CharField(read_only=True, allow_null=True, help_text="Số, ký hiệu như in: 05/KH-UBND (null khi chưa ban hành).")
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    reviewers = serializers.SerializerMethodField()
    legal_bases = LegalBasisSerializer(many=True, read_only=True)
    sections = SectionSerializer(many=True, read_only=True)
    targets = TargetSerializer(many=True, read_only=True)
    tasks = TaskSerializer(many=True, read_only=True)
    budget_lines = BudgetLineSerializer(many=True, read_only=True)
    recipients = RecipientSerializer(many=True, read_only=True)
    available_actions = serializers.SerializerMethodField(help_text="Tên các thao tác người dùng này làm được bây giờ.")
    succession = serializers.CharField(
        read_only=True, help_text="Với văn bản kế tiếp: corrects (đính chính) hoặc replaces (thay thế); rỗng nếu không."
    )

    class Meta:
        model = Plan
        fields = [
            "id",
            "organization",
            "state",
            "state_label",
            "number",
            "symbol",
            "issued_on",
            "subject",
            "preamble",
            "period_start",
            "period_end",
            "signing_authority",
            "signer",
            "reviewers",
            "review_round",
            "legal_bases",
            "sections",
            "targets",
            "tasks",
            "budget_lines",
            "recipients",
            "closing_summary",
            "predecessor",
            "succession",
            "entered_from_paper",
            "available_actions",
            "created_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_reviewers(self, plan) -> list[int]:
        return sorted(link.user_id for link in plan.reviewer_links.all())

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(choices=ACTION_CHOICES)))
    def get_available_actions(self, plan):
        return [name for name, _label in available_actions(plan, self.context["request"].user)]
