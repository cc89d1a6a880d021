"""Rules a careful clerk applies to a plan's content, beyond field types.

Shared by the API serializers and the UI forms: both hand validated Python values to
`plans.services`, which calls `domain_errors` and refuses with field errors when any rule fails.
A person or unit that does not belong here is named by the id the client sent, never by its name:
it may belong to another organization, whose people and units a drafter has no business learning
(tests/hardening/test_no_leaks.py).
"""

import calendar

from django.utils.translation import gettext as _

from accounts.models import Organization, Role
from accounts.roles import has_role

from .models import RecipientPurpose, ScheduleKind


def _unit_of(org, unit):
    return unit is not None and unit.kind == Organization.Kind.UNIT and unit.parent_id == org.pk


def schedule_errors(item):
    """What is wrong with a task's reporting schedules: the first (schedule_*) and the others
    (more_schedules, as docs/API.md writes a schedule)."""
    errors = _one_schedule_errors(item)
    more = item.get("more_schedules") or []
    if errors or not more:
        return errors
    if not item.get("schedule_kind"):
        return [_("Lịch báo cáo thứ hai cần có lịch báo cáo thứ nhất.")]
    seen = [_schedule_key(item.get("schedule_kind"), item.get("schedule_date"))]
    for number, other in enumerate(more, start=2):
        if not isinstance(other, dict):
            return [_("Lịch báo cáo %(n)d không hợp lệ.") % {"n": number}]
        fields = {f"schedule_{name}": other.get(name) for name in ("kind", "date", "day", "month")}
        fields["schedule_kind"] = fields["schedule_kind"] or ""
        found = _one_schedule_errors(fields)
        if not found and not fields["schedule_kind"]:
            found = [_("Cần chọn loại lịch báo cáo.")]
        if found:
            return [_("Lịch báo cáo %(n)d: %(msg)s") % {"n": number, "msg": message} for message in found]
        key = _schedule_key(fields["schedule_kind"], fields["schedule_date"])
        if key in seen:
            return [
                _("Lịch báo cáo %(n)d trùng loại với một lịch khác của nhiệm vụ (mỗi loại một lịch, trừ “một lần” vào ngày khác nhau).")
                % {"n": number}
            ]
        seen.append(key)
    return []


def _schedule_key(kind, on):
    """Two schedules of a task may not share a kind (their slots would share due dates), except
    `once` on different dates."""
    return (kind, str(on)) if kind == ScheduleKind.ONCE else (kind,)


def _one_schedule_errors(item):
    kind = item.get("schedule_kind", "")
    day, month, date = item.get("schedule_day"), item.get("schedule_month"), item.get("schedule_date")
    if kind not in ScheduleKind.values:
        return [_("Loại lịch báo cáo không hợp lệ: %(kind)s.") % {"kind": kind}]
    if kind == ScheduleKind.ONCE and not date:
        return [_("Lịch báo cáo một lần cần ngày báo cáo.")]
    if kind in (ScheduleKind.MONTHLY, ScheduleKind.QUARTERLY, ScheduleKind.HALF_YEARLY, ScheduleKind.YEARLY):
        if day is None or not 1 <= day <= 31:
            return [_("Ngày báo cáo phải từ 1 đến 31.")]
    if kind == ScheduleKind.YEARLY:
        if month is None or not 1 <= month <= 12:
            return [_("Tháng báo cáo phải từ 1 đến 12.")]
        if day > calendar.monthrange(2024, month)[1]:  # 2024 is a leap year: 29/2 is possible
            return [_("Không có ngày %(day)d tháng %(month)d.") % {"day": day, "month": month}]
    return []


def _party_of(org, party):
    """A task block's party may be the issuing body, one of its units or a body under it."""
    return party is not None and (party.pk == org.pk or party.parent_id == org.pk)


def body_errors(organization, body):
    """{place in the body: {field: [messages]}} of the task blocks whose parties are not of this
    issuing body or whose reporting schedule cannot be kept (the same rules as a task's)."""
    errors = {}
    for place, item in enumerate(body):
        if item.get("kind") != "task":
            continue
        found = {}
        lead = item.get("lead")
        if lead and lead[0] is not None and not _party_of(organization, lead[0]):
            found["lead"] = [_("Đơn vị #%(id)d không thuộc %(org)s.") % {"id": lead[0].pk, "org": organization.name}]
        strangers = [org for org, _name in item.get("supporting") or [] if org is not None and not _party_of(organization, org)]
        if strangers:
            found["supporting"] = [_("Đơn vị #%(id)d không thuộc %(org)s.") % {"id": org.pk, "org": organization.name} for org in strangers]
        schedule = schedule_errors(item)
        if schedule:
            found["schedule"] = schedule
        if found:
            errors[place] = found
    return errors


def domain_errors(organization, data, drafter):
    """Field errors ({field: [messages]}) for `data` of a plan of `organization`."""
    errors = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    if "subject" in data and not (data["subject"] or "").strip():
        add("subject", _("Trích yếu không được để trống."))
    start, end = data.get("period_start"), data.get("period_end")
    if start and end and end < start:
        add("period_end", _("Ngày kết thúc phải sau ngày bắt đầu."))
    signer = data.get("signer")
    if signer is not None and not has_role(signer, Role.SIGNER, organization):
        add("signer", _("Người dùng #%(id)d không phải người ký của %(org)s.") % {"id": signer.pk, "org": organization.name})
    if signer is not None and drafter is not None and signer.pk == drafter.pk:
        add("signer", _("Người soạn thảo không được tự ký kế hoạch của mình."))
    for reviewer in data.get("reviewers") or []:
        if not has_role(reviewer, Role.REVIEWER, organization):
            add(
                "reviewers",
                _("Người dùng #%(id)d không phải người thẩm định của %(org)s.") % {"id": reviewer.pk, "org": organization.name},
            )
        if drafter is not None and reviewer.pk == drafter.pk:
            add("reviewers", _("Người soạn thảo không được tự thẩm định kế hoạch của mình."))
        if signer is not None and reviewer.pk == signer.pk:
            add("reviewers", _("Người ký không được đồng thời là người thẩm định."))
    for i, task in enumerate(data.get("tasks") or [], start=1):
        lead = task.get("lead_unit")
        if lead is not None and not _unit_of(organization, lead):
            add(
                "tasks",
                _("Nhiệm vụ %(n)d: đơn vị chủ trì #%(id)d không phải đơn vị của %(org)s.")
                % {"n": i, "id": lead.pk, "org": organization.name},
            )
        for unit in task.get("supporting_units") or []:
            if not _unit_of(organization, unit):
                add(
                    "tasks",
                    _("Nhiệm vụ %(n)d: đơn vị phối hợp #%(id)d không phải đơn vị của %(org)s.")
                    % {"n": i, "id": unit.pk, "org": organization.name},
                )
        if lead is not None and lead in (task.get("supporting_units") or []):
            add("tasks", _("Nhiệm vụ %(n)d: đơn vị chủ trì không đồng thời là đơn vị phối hợp.") % {"n": i})
        for message in schedule_errors(task):
            add("tasks", _("Nhiệm vụ %(n)d: %(msg)s") % {"n": i, "msg": message})
    for place, found in body_errors(organization, data.get("body") or []).items():
        for messages in found.values():
            for message in messages:
                add("body", _("Khối %(n)d: %(msg)s") % {"n": place + 1, "msg": message})
    for i, line in enumerate(data.get("budget_lines") or [], start=1):
        if line.get("unit_cost") is not None and line["unit_cost"] < 0:
            add("budget_lines", _("Dòng kinh phí %(n)d: đơn giá không được âm.") % {"n": i})
        if line.get("quantity") is not None and line["quantity"] < 0:
            add("budget_lines", _("Dòng kinh phí %(n)d: số lượng không được âm.") % {"n": i})
    for i, recipient in enumerate(data.get("recipients") or [], start=1):
        if recipient.get("purpose", "") not in RecipientPurpose.values:
            add("recipients", _("Nơi nhận %(n)d: mục đích không hợp lệ.") % {"n": i})
    return errors
