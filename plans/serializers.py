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

from .blocks import block_data, legacy_blocks, numbering_warnings, value_problem
from .models import (
    BLOCK_TEXT_MAX_LENGTH,
    DECIMAL_KW,
    SUBJECT_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    BlockKind,
    Comparator,
    Plan,
    RecipientPurpose,
    ScheduleKind,
    SigningAuthority,
    Succession,
    TimingKind,
    schedule_data,
)

User = get_user_model()

MAX_PARTS = 500
MAX_BLOCKS = 5000  # blocks of one body: a long plan has a few hundred  # items in one nested list: far above any real plan, low enough to refuse abuse
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


class StrictInput:
    """An input that refuses a key it does not know, with a 400 naming it (its path, by the error
    format of config.api_errors). `echoed` lists the read-only keys of what the API returns, which a
    client may send back as it read them: they are accepted and ignored."""

    echoed = ()

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = [key for key in data if key not in self.fields and key not in self.echoed]
            if unknown:
                raise serializers.ValidationError({str(key): [_("Trường không có trong API: %(key)s.") % {"key": key}] for key in unknown})
        return super().to_internal_value(data)


class LegalBasisInputSerializer(StrictInput, serializers.Serializer):
    text = exact_text(TEXT_MAX_LENGTH, multiline=True)


class SectionInputSerializer(StrictInput, serializers.Serializer):
    heading = exact_text(500)
    body = exact_text(100000, multiline=True, allow_blank=True, default="")


class TargetInputSerializer(StrictInput, serializers.Serializer):
    echoed = ("id", "block", "kind", "label", "measure")

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
    ScheduleKind.TIMING_END: (),
    ScheduleKind.YEARLY: ("day", "month"),
}
NO_SCHEDULE = {"schedule_kind": ScheduleKind.NONE, "schedule_date": None, "schedule_day": None, "schedule_month": None}


class ScheduleSerializer(StrictInput, serializers.Serializer):
    """A reporting schedule: {"kind": "once", "date"} | monthly/quarterly {"day"} | yearly {"day", "month"}."""

    kind = serializers.ChoiceField(choices=[(k, ScheduleKind(k).label) for k in SCHEDULE_KINDS])
    date = serializers.DateField(required=False, allow_null=True, help_text="Với kind=once.")
    day = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=31, help_text="Với monthly, quarterly, halfyearly, yearly."
    )
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


MAX_SCHEDULES = 4


def schedules_field(**kwargs):
    return ScheduleSerializer(
        many=True,
        max_length=MAX_SCHEDULES,
        help_text="Mọi lịch báo cáo của nhiệm vụ, lịch đầu tiên là `schedule` (vd. hằng tháng và hằng năm).",
        **kwargs,
    )


def schedule_fields(attrs):
    """The Task fields of a task's `schedule` and `schedules` (validated): the first schedule as
    schedule_kind/_date/_day/_month, the others as more_schedules. With both sent, `schedules` is the
    list and `schedule` must be its first (a client sending back what it read); else a 400."""
    first = attrs.pop("schedule", None)
    listed = attrs.pop("schedules", None)
    if listed is None:
        return {**(first or NO_SCHEDULE), "more_schedules": []}
    if first is not None and (not listed or first != listed[0]):
        raise serializers.ValidationError({"schedule": [_("`schedule` khác lịch đầu tiên của `schedules`.")]})
    if not listed:
        return {**NO_SCHEDULE, "more_schedules": []}
    more = [schedule_data(s["schedule_kind"], s["schedule_date"], s["schedule_day"], s["schedule_month"]) for s in listed[1:]]
    return {**listed[0], "more_schedules": more}


class TaskInputSerializer(StrictInput, serializers.Serializer):
    echoed = ("id", "block", "kind", "label", "lead", "supporting", "timing")

    text = exact_text(TEXT_MAX_LENGTH, multiline=True)
    lead_unit = organization_field(allow_null=True, default=None)
    supporting_units = organization_field(many=True, default=list)
    schedule = ScheduleSerializer(allow_null=True, default=None)
    schedules = schedules_field(required=False)

    def validate(self, attrs):
        schedules = schedule_fields(attrs)
        return {**attrs, **schedules}


class PartySerializer(StrictInput, serializers.Serializer):
    """A task's party: {"unit": id} (an organization, the issuing body included) or {"name": "…"} (a post or a group)."""

    unit = organization_field(required=False, allow_null=True, help_text="Cơ quan, đơn vị (kể cả chính cơ quan ban hành).")
    name = exact_text(500, required=False, allow_blank=True, help_text="Chức danh hoặc nhóm không phải một tổ chức.")

    def validate(self, attrs):
        unit, name = attrs.get("unit"), (attrs.get("name") or "")
        if (unit is None) == (not name.strip()):
            raise serializers.ValidationError(_("Ghi đúng một trong hai: unit (cơ quan, đơn vị) hoặc name (chức danh, nhóm)."))
        return (unit, "" if unit is not None else name)


TIMING_FIELDS = {
    TimingKind.ONGOING: (),
    TimingKind.BY: ("date",),
    TimingKind.BETWEEN: ("from", "to"),
    TimingKind.QUARTER: ("year", "quarter"),
    TimingKind.MONTH: ("year", "month"),
}


TIMING_KIND_CHOICES = [(k.value, k.label) for k in TIMING_FIELDS]


class TimingSerializer(StrictInput, serializers.Serializer):
    """When a task is done: ongoing | by {date} | between {from, to} | quarter {year, quarter} | month {year, month}."""

    kind = serializers.ChoiceField(choices=TIMING_KIND_CHOICES)
    date = serializers.DateField(required=False, allow_null=True, help_text="Với kind=by.")
    to = serializers.DateField(required=False, allow_null=True, help_text="Với kind=between.")
    year = serializers.IntegerField(required=False, allow_null=True, min_value=1900, max_value=2999)
    quarter = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=4)
    month = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=12)

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = serializers.DateField(required=False, allow_null=True, help_text="Với kind=between.")
        return fields

    def validate(self, attrs):
        kind = attrs["kind"]
        missing = {name: [_("Thời gian loại này cần trường này.")] for name in TIMING_FIELDS[kind] if attrs.get(name) is None}
        if missing:
            raise serializers.ValidationError(missing)
        if kind == TimingKind.BETWEEN and attrs["to"] < attrs["from"]:
            raise serializers.ValidationError({"to": [_("Ngày kết thúc phải sau ngày bắt đầu.")]})
        return {
            "timing_kind": kind,
            "timing_from": attrs.get("from") if kind == TimingKind.BETWEEN else None,
            "timing_to": attrs.get("to") if kind == TimingKind.BETWEEN else attrs.get("date") if kind == TimingKind.BY else None,
            "timing_year": attrs.get("year") if kind in (TimingKind.QUARTER, TimingKind.MONTH) else None,
            "timing_part": attrs.get("quarter") if kind == TimingKind.QUARTER else attrs.get("month") if kind == TimingKind.MONTH else None,
        }


NO_TIMING = {"timing_kind": "", "timing_from": None, "timing_to": None, "timing_year": None, "timing_part": None}
VALUE_HELP = 'Số như viết, dấu thập phân là dấu phẩy hoặc dấu chấm ("77,17" hoặc "77.17"); giữ nguyên số chữ số thập phân.'


class MeasureSerializer(StrictInput, serializers.Serializer):
    """A target's measure, the value kept as written."""

    comparator = serializers.ChoiceField(choices=[c for c in Comparator.choices if c[0]], required=False, allow_null=True, allow_blank=True)
    value = exact_text(40, required=False, allow_null=True, allow_blank=True, help_text=VALUE_HELP)
    value_max = exact_text(40, required=False, allow_null=True, allow_blank=True, help_text="Với between: giá trị lớn nhất, như viết.")
    unit = exact_text(50, required=False, allow_blank=True, default="")
    baseline = exact_text(40, required=False, allow_null=True, allow_blank=True, help_text=VALUE_HELP)

    def validate(self, attrs):
        values = {name: (attrs.get(name) or "").strip() for name in ("value", "value_max", "baseline")}
        errors = {name: [problem] for name, text in values.items() if (problem := value_problem(text))}
        comparator = attrs.get("comparator") or ""
        if comparator == Comparator.BETWEEN and not errors and not (values["value"] and values["value_max"]):
            errors["value_max"] = [_("Khoảng “từ … đến …” cần value và value_max.")]
        if errors:
            raise serializers.ValidationError(errors)
        return {"comparator": comparator, **values, "unit": attrs.get("unit") or ""}


MAX_TABLE_ROWS = 1000


class BlockInputSerializer(StrictInput, serializers.Serializer):
    """A block of the body (docs/API.md "The body")."""

    echoed = ("id", "target", "task")

    kind = serializers.ChoiceField(choices=BlockKind.choices)
    label = exact_text(20, required=False, allow_blank=True, default="", help_text="Số thứ tự như viết: I., 1., a), -, hoặc rỗng.")
    text = exact_text(BLOCK_TEXT_MAX_LENGTH, multiline=True, required=False, allow_blank=True, default="")
    level = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=3, help_text="Cấp của tiêu đề: 1–3.")
    header_rows = serializers.IntegerField(required=False, min_value=0, max_value=MAX_TABLE_ROWS, default=0)
    rows = serializers.ListField(
        child=serializers.ListField(child=exact_text(5000, multiline=True, allow_blank=True), max_length=50),
        required=False,
        max_length=MAX_TABLE_ROWS,
        default=list,
    )
    measure = MeasureSerializer(required=False, allow_null=True)
    lead = PartySerializer(required=False, allow_null=True)
    supporting = PartySerializer(many=True, required=False, max_length=MAX_PARTS)
    timing = TimingSerializer(required=False, allow_null=True)
    schedule = ScheduleSerializer(required=False, allow_null=True)
    schedules = schedules_field(required=False)

    ONLY = {
        "level": BlockKind.HEADING,
        "header_rows": BlockKind.TABLE,
        "rows": BlockKind.TABLE,
        "measure": BlockKind.TARGET,
        "lead": BlockKind.TASK,
        "supporting": BlockKind.TASK,
        "timing": BlockKind.TASK,
        "schedule": BlockKind.TASK,
        "schedules": BlockKind.TASK,
    }

    def validate(self, attrs):
        kind = attrs["kind"]
        errors = {}
        for name, only in self.ONLY.items():
            if name in attrs and only != kind and attrs[name] not in (None, [], 0):
                errors[name] = [_("Chỉ dùng cho khối loại %(kind)s.") % {"kind": only.value}]
        if kind == BlockKind.HEADING and not attrs.get("level"):
            errors["level"] = [_("Tiêu đề cần cấp 1, 2 hoặc 3.")]
        if kind == BlockKind.TABLE and attrs.get("header_rows", 0) > len(attrs.get("rows") or []):
            errors["header_rows"] = [_("Số dòng tiêu đề lớn hơn số dòng của bảng.")]
        if errors:
            raise serializers.ValidationError(errors)
        item = {"kind": kind, "label": attrs["label"], "text": attrs["text"]}
        if kind == BlockKind.HEADING:
            item["level"] = attrs["level"]
        elif kind == BlockKind.TABLE:
            item.update(header_rows=attrs["header_rows"], rows=attrs["rows"])
        elif kind == BlockKind.TARGET:
            item.update(attrs.get("measure") or {"comparator": "", "value": "", "value_max": "", "baseline": "", "unit": ""})
        elif kind == BlockKind.TASK:
            item.update(lead=attrs.get("lead"), supporting=attrs.get("supporting") or [])
            item.update(attrs.get("timing") or NO_TIMING)
            item.update(schedule_fields({"schedule": attrs.get("schedule"), "schedules": attrs.get("schedules")}))
        return item


class BudgetLineInputSerializer(StrictInput, serializers.Serializer):
    echoed = ("amount",)

    item = exact_text(TEXT_MAX_LENGTH, multiline=True)
    unit_cost = serializers.IntegerField(min_value=0, max_value=MAX_MONEY, help_text="Đơn giá, đồng (số nguyên).")
    quantity = serializers.IntegerField(min_value=0, max_value=MAX_QUANTITY, default=1)
    source = exact_text(500, allow_blank=True, default="")

    def validate(self, attrs):
        if attrs["unit_cost"] * attrs["quantity"] > MAX_MONEY:
            raise serializers.ValidationError({"quantity": [_("Thành tiền vượt quá %(max)d đồng.") % {"max": MAX_MONEY}]})
        return attrs


class RecipientInputSerializer(StrictInput, serializers.Serializer):
    name = exact_text(500)
    purpose = serializers.ChoiceField(choices=RecipientPurpose.choices, allow_blank=True, default=RecipientPurpose.NONE)
    organization = organization_field(allow_null=True, default=None)


class PlanContentInputSerializer(StrictInput, serializers.Serializer):
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
    body = BlockInputSerializer(many=True, required=False, max_length=MAX_BLOCKS, help_text='Toàn bộ nội dung như viết (xem "The body").')

    echoed = (
        "id",
        "organization",
        "state",
        "state_label",
        "number",
        "symbol",
        "issued_on",
        "review_round",
        "closing_summary",
        "predecessor",
        "succession",
        "entered_from_paper",
        "available_actions",
        "numbering_warnings",
        "created_by",
        "created_at",
        "updated_at",
    )

    def validate(self, attrs):
        if "body" in attrs:  # with the body, the parts it makes are what the client read: ignored
            for name in ("sections", "targets", "tasks"):
                attrs.pop(name, None)
        return attrs


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


class PartyOutSerializer(serializers.Serializer):
    unit = serializers.IntegerField(required=False, help_text="Cơ quan, đơn vị.")
    name = serializers.CharField(required=False, help_text="Chức danh, nhóm.")


class MeasureOutSerializer(serializers.Serializer):
    comparator = serializers.ChoiceField(choices=[c for c in Comparator.choices if c[0]], allow_null=True)
    value = serializers.CharField(allow_null=True, help_text='Như viết ("77,17").')
    value_max = serializers.CharField(allow_null=True)
    unit = serializers.CharField()
    baseline = serializers.CharField(allow_null=True)


class TimingOutSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=TIMING_KIND_CHOICES)
    date = serializers.DateField(required=False)
    to = serializers.DateField(required=False)
    year = serializers.IntegerField(required=False)
    quarter = serializers.IntegerField(required=False)
    month = serializers.IntegerField(required=False)

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = serializers.DateField(required=False)
        return fields


class BlockSerializer(serializers.Serializer):
    """A block as stored (docs/API.md "The body"); the fields of other kinds are left out. A plan
    that has only sections, targets and tasks reads as the blocks they make, with id null."""

    id = serializers.IntegerField(allow_null=True)
    kind = serializers.ChoiceField(choices=BlockKind.choices)
    label = serializers.CharField()
    text = serializers.CharField()
    level = serializers.IntegerField(required=False, help_text="heading")
    header_rows = serializers.IntegerField(required=False, help_text="table")
    rows = serializers.ListField(child=serializers.ListField(child=serializers.CharField()), required=False, help_text="table")
    measure = MeasureOutSerializer(required=False, help_text="target")
    target = serializers.IntegerField(required=False, allow_null=True, help_text="target: mã dùng khi báo cáo (mã của khối).")
    lead = PartyOutSerializer(required=False, allow_null=True, help_text="task")
    supporting = PartyOutSerializer(many=True, required=False, help_text="task")
    timing = TimingOutSerializer(required=False, allow_null=True, help_text="task")
    schedule = ScheduleSerializer(required=False, allow_null=True, help_text="task: lịch báo cáo (lịch đầu tiên).")
    schedules = ScheduleSerializer(many=True, required=False, help_text="task: mọi lịch báo cáo, lịch đầu tiên là `schedule`.")
    task = serializers.IntegerField(required=False, allow_null=True, help_text="task: mã dùng khi báo cáo (mã của khối).")

    def to_representation(self, block):
        if isinstance(block, dict):  # a block the parts make (no row)
            data = {"id": None, **block}
            if block["kind"] == BlockKind.TARGET:
                data["target"] = None
            elif block["kind"] == BlockKind.TASK:
                data["task"] = None
                data.setdefault("schedules", [block["schedule"]] if block["schedule"] else [])
            return data
        data = {"id": block.pk, **block_data(block)}
        if block.kind == BlockKind.TARGET:
            data["target"] = block.pk  # reported values name the target block
        elif block.kind == BlockKind.TASK:
            data["task"] = block.pk  # slots name the task block
            data["schedules"] = block.task.schedules if block.task is not None else []
        return data


class TargetSerializer(serializers.Serializer):
    """A target block, for reporting: `id` (and `block`) the block's, which reported values name."""

    id = serializers.IntegerField(allow_null=True)
    block = serializers.IntegerField(allow_null=True)
    kind = serializers.CharField()
    label = serializers.CharField()
    text = serializers.CharField()
    unit = serializers.CharField()
    target_value = decimal_field()
    baseline = decimal_field()
    measure = MeasureOutSerializer(allow_null=True)

    def to_representation(self, item):
        return dict(item)  # built whole by target_items / task_items


class TaskSerializer(serializers.Serializer):
    """A task block, for reporting: `id` (and `block`) the block's, which slots name."""

    id = serializers.IntegerField(allow_null=True)
    block = serializers.IntegerField(allow_null=True)
    kind = serializers.CharField()
    label = serializers.CharField()
    text = serializers.CharField()
    lead_unit = serializers.IntegerField(allow_null=True)
    supporting_units = serializers.ListField(child=serializers.IntegerField())
    schedule = ScheduleSerializer(allow_null=True)
    schedules = ScheduleSerializer(many=True)
    lead = PartyOutSerializer(allow_null=True)
    supporting = PartyOutSerializer(many=True)
    timing = TimingOutSerializer(allow_null=True)

    def to_representation(self, item):
        return dict(item)  # built whole by target_items / task_items


def _decimal_text(value):
    return None if value is None else format(value.normalize(), "f")


def target_items(plan):
    """The plan's targets in body order, as TargetSerializer reads them."""
    targets = {target.pk: target for target in plan.targets.all()}
    if not plan.blocks.all():
        return [_target_item(target, None) for target in targets.values()]
    return [_target_item(targets[b.target_id], b) for b in plan.blocks.all() if b.kind == BlockKind.TARGET and b.target_id in targets]


def _target_item(target, block):
    data = block_data(block) if block is not None else {"kind": BlockKind.TARGET.value, "label": "", "measure": None}
    return {
        "id": block.pk if block is not None else None,
        "block": block.pk if block is not None else None,
        "kind": data["kind"],
        "label": data["label"],
        "text": target.text,
        "unit": target.unit,
        "target_value": _decimal_text(target.target_value),
        "baseline": _decimal_text(target.baseline),
        "measure": data["measure"],
    }


def task_items(plan):
    """The plan's tasks in body order, as TaskSerializer reads them."""
    tasks = {task.pk: task for task in plan.tasks.all()}  # their supporting links prefetched
    if not plan.blocks.all():
        return [_task_item(task, None) for task in tasks.values()]
    return [_task_item(tasks[b.task_id], b) for b in plan.blocks.all() if b.kind == BlockKind.TASK and b.task_id in tasks]


def _task_item(task, block):
    supporting_units = sorted(link.unit_id for link in task.supporting_links.all())
    if block is not None:
        data = block_data(block)
    else:
        data = {
            "kind": BlockKind.TASK.value,
            "label": "",
            "lead": {"unit": task.lead_unit_id} if task.lead_unit_id else None,
            "supporting": [{"unit": unit} for unit in supporting_units],
            "timing": None,
        }
    return {
        "id": block.pk if block is not None else None,
        "block": block.pk if block is not None else None,
        "kind": data["kind"],
        "label": data["label"],
        "text": task.text,
        "lead_unit": task.lead_unit_id,
        "supporting_units": supporting_units,
        "schedule": task.schedule,
        "schedules": task.schedules,
        "lead": data["lead"],
        "supporting": data["supporting"],
        "timing": data["timing"],
    }


def body_items(plan):
    """The plan's blocks, or (a plan of sections, targets and tasks only) the blocks they make."""
    blocks = list(plan.blocks.all())
    return blocks if blocks else legacy_blocks(plan.sections.all(), plan.targets.all(), plan.tasks.all())


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


def _budget_line(line):
    """A budget line as BudgetLineSerializer's fields give it."""
    return {"item": line.item, "unit_cost": line.unit_cost, "quantity": line.quantity, "amount": line.amount, "source": line.source}


def _recipient(recipient):
    """A recipient as RecipientSerializer's fields give it."""
    return {"name": recipient.name, "purpose": recipient.purpose, "organization": recipient.organization_id}


class SuccessorInputSerializer(StrictInput, serializers.Serializer):
    relation = serializers.ChoiceField(choices=Succession.choices, help_text="corrects (đính chính) hoặc replaces (thay thế).")


# DRF's own formats for a date and a time (ISO 8601, the time in the current time zone), for the
# rows written directly below. These two fields are never bound to a serializer, and their
# to_representation keeps no state, so one of each serves every request.
_DATE = serializers.DateField()
_DATETIME = serializers.DateTimeField()


def _date(value):
    return None if value is None else _DATE.to_representation(value)


def _datetime(value):
    return None if value is None else _DATETIME.to_representation(value)


class PlanSummarySerializer(serializers.ModelSerializer):
    """A plan in a list. The fields describe it (the schema, docs/API.md); its rows are written by
    `to_representation` directly: the same JSON as the fields give (tests/plans_reads/test_plan_summary.py),
    without building eight fields for each list and going through them for each row (~3 ms of a
    page of 20, about a third of the list's Python; bench/NOTES.md)."""

    symbol = serializers.CharField(read_only=True, allow_null=True, help_text="Số, ký hiệu như in: 05/KH-UBND (null khi chưa ban hành).")

    class Meta:
        model = Plan
        fields = ["id", "subject", "organization", "state", "number", "symbol", "issued_on", "updated_at"]
        read_only_fields = fields

    def to_representation(self, plan):
        return {
            "id": plan.pk,
            "subject": plan.subject,
            "organization": plan.organization_id,
            "state": plan.state,
            "number": plan.number,
            "symbol": plan.symbol,
            "issued_on": _date(plan.issued_on),
            "updated_at": _datetime(plan.updated_at),
        }


class PlanSerializer(serializers.ModelSerializer):
    """The whole plan, as docs/API.md shows it, plus preamble, review_round, closing_summary and state_label.

    The fields describe it (the schema); the plan is written by `to_representation` directly, as the
    list's rows are: the same JSON as DRF's fields give (tests/plans_reads/test_plan_summary.py),
    without building and copying some forty fields and nested serializers for each plan read and
    each action's answer (a plan detail's CPU 2.9 → 2.2 ms; bench/NOTES.md)."""

    symbol = serializers.CharField(read_only=True, allow_null=True, help_text="Số, ký hiệu như in: 05/KH-UBND (null khi chưa ban hành).")
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    reviewers = serializers.SerializerMethodField()
    legal_bases = LegalBasisSerializer(many=True, read_only=True)
    sections = SectionSerializer(many=True, read_only=True)
    body = serializers.SerializerMethodField(help_text='Toàn bộ nội dung như viết, theo thứ tự (docs/API.md "The body").')
    targets = serializers.SerializerMethodField(help_text="Các khối chỉ tiêu của body, chỉ đọc (id: mã chỉ tiêu khi báo cáo).")
    tasks = serializers.SerializerMethodField(help_text="Các khối nhiệm vụ của body, chỉ đọc (id: mã nhiệm vụ khi báo cáo).")
    numbering_warnings = serializers.SerializerMethodField(help_text="Số thứ tự lặp lại hoặc nhảy cóc: cảnh báo, không tự sửa.")
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
            "body",
            "numbering_warnings",
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

    def to_representation(self, plan):
        return {
            "id": plan.pk,
            "organization": plan.organization_id,
            "state": plan.state,
            "state_label": str(plan.get_state_display()),
            "number": plan.number,
            "symbol": plan.symbol,
            "issued_on": _date(plan.issued_on),
            "subject": plan.subject,
            "preamble": plan.preamble,
            "period_start": _date(plan.period_start),
            "period_end": _date(plan.period_end),
            "signing_authority": plan.signing_authority,
            "signer": plan.signer_id,
            "reviewers": self.get_reviewers(plan),
            "review_round": plan.review_round,
            "legal_bases": [{"text": basis.text} for basis in plan.legal_bases.all()],
            "sections": [{"heading": section.heading, "body": section.body} for section in plan.sections.all()],
            "body": self.get_body(plan),
            "numbering_warnings": self.get_numbering_warnings(plan),
            "targets": self.get_targets(plan),
            "tasks": self.get_tasks(plan),
            "budget_lines": [_budget_line(line) for line in plan.budget_lines.all()],
            "recipients": [_recipient(recipient) for recipient in plan.recipients.all()],
            "closing_summary": plan.closing_summary,
            "predecessor": plan.predecessor_id,
            "succession": plan.succession,
            "entered_from_paper": plan.entered_from_paper,
            "available_actions": self.get_available_actions(plan),
            "created_by": plan.created_by_id,
            "created_at": _datetime(plan.created_at),
            "updated_at": _datetime(plan.updated_at),
        }

    @extend_schema_field(BlockSerializer(many=True))
    def get_body(self, plan):
        return BlockSerializer(body_items(plan), many=True).data

    @extend_schema_field(TargetSerializer(many=True))
    def get_targets(self, plan):
        return TargetSerializer(target_items(plan), many=True).data

    @extend_schema_field(TaskSerializer(many=True))
    def get_tasks(self, plan):
        return TaskSerializer(task_items(plan), many=True).data

    def get_numbering_warnings(self, plan) -> list[str]:
        body = body_items(plan)
        return numbering_warnings([b if isinstance(b, dict) else {"kind": b.kind, "label": b.label} for b in body])

    def get_reviewers(self, plan) -> list[int]:
        return sorted(link.user_id for link in plan.reviewer_links.all())

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(choices=ACTION_CHOICES)))
    def get_available_actions(self, plan):
        return [name for name, _label in available_actions(plan, self.context["request"].user)]
