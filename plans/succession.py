"""After issue (Art. 18 of Nghị định 30): a correcting (đính chính) or replacing document.

`create_successor` makes a new draft linked to an issued plan and prefilled from it; the draft goes
through the whole lifecycle. The original is never changed: its chain gets one "successor" event,
and its page reads its successors (`succession_panel`). One successor at a time is on its way to
issue (the original's row is locked while it is made; a partial unique constraint backs it up).
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.models import AuditEvent
from config.refusals import InvalidInput, NotPermitted, WrongState

from .audited import audited_write
from .lifecycle import State
from .models import OPEN_STATES, Plan, Succession
from .rules import may_create
from .selectors import with_parts
from .services import PART_MODELS, create_plan

Action, Kind = AuditEvent.Action, AuditEvent.Kind

SUCCEEDABLE_STATES = (State.ISSUED, State.REPORTING, State.CLOSED)
NOTES = {
    Succession.CORRECTS: gettext_lazy("đã được đính chính bởi %(symbol)s"),
    Succession.REPLACES: gettext_lazy("đã được thay thế bởi %(symbol)s"),
}


def prefilled_data(original, relation, drafter):
    """The original's content as create_plan's input. The drafter of the successor cannot review or
    sign it, so they are left out of those places."""
    plan = with_parts(Plan.objects).get(pk=original.pk)
    data = {field: getattr(plan, field) for field in ("preamble", "period_start", "period_end", "signing_authority")}
    data["subject"] = plan.subject
    if relation == Succession.CORRECTS:
        data["subject"] = (_("Đính chính Kế hoạch số %(symbol)s: ") % {"symbol": plan.symbol} + plan.subject)[:1000]
    data["signer"] = plan.signer if plan.signer_id != drafter.pk else None
    data["reviewers"] = [
        link.user for link in plan.reviewer_links.all() if link.user_id not in (drafter.pk, data["signer"] and data["signer"].pk)
    ]
    for name, (_model, fields) in PART_MODELS.items():
        items = []
        for part in getattr(plan, name).all():
            item = {field: getattr(part, field) for field in fields}
            if name == "tasks":
                item["supporting_units"] = [link.unit for link in part.supporting_links.all()]
            items.append(item)
        data[name] = items
    return data


def create_successor(original, user, relation):
    """A drafter of the original's body starts a document that corrects or replaces it; returns the draft."""
    if relation not in Succession.values:
        message = _("Quan hệ phải là “corrects” (đính chính) hoặc “replaces” (thay thế).")
        raise InvalidInput(message, errors={"relation": [message]})
    with audited_write(original, user, Action.SUCCESSOR, kind=Kind.EDIT, queryset=Plan.objects.select_related("organization")) as event:
        locked = event.plan
        if not may_create(user, locked.organization):
            raise NotPermitted(_("Chỉ chuyên viên soạn thảo của cơ quan ban hành được tạo văn bản đính chính, thay thế."))
        if locked.state not in SUCCEEDABLE_STATES:
            raise WrongState(
                _("Chỉ đính chính, thay thế được kế hoạch đã ban hành; kế hoạch đang ở trạng thái “%(state)s”.")
                % {"state": locked.get_state_display()}
            )
        if locked.successors.filter(state__in=OPEN_STATES).exists():
            raise WrongState(_("Kế hoạch này đã có một văn bản đính chính hoặc thay thế đang soạn; hãy hoàn thành hoặc hủy bỏ nó trước."))
        if locked.successors.filter(succession=Succession.REPLACES).exclude(state__in=[*OPEN_STATES, State.DISCARDED]).exists():
            raise WrongState(_("Kế hoạch này đã được thay thế."))
        successor = create_plan(user, locked.organization, prefilled_data(locked, relation, user), predecessor=locked, succession=relation)
        event.comment = str(Succession(relation).label)
        event.changes = [{"field": "successors", "old": None, "new": {"id": successor.pk, "relation": relation}}]
    return successor


def succession_panel(plan, user):
    """What the plan's page shows of Art. 18: what it fixes, what fixed it, and whether `user` may start a successor."""
    successors = list(plan.successors.select_related("organization").order_by("id"))
    issued = [s for s in successors if s.number is not None]
    replaced = any(s.succession == Succession.REPLACES for s in issued)
    busy = any(s.state in OPEN_STATES for s in successors)
    return {
        "predecessor": plan.predecessor if plan.predecessor_id else None,
        "notes": [(NOTES[s.succession] % {"symbol": s.symbol}, s) for s in sorted(issued, key=lambda s: (s.issued_on, s.pk))],
        "may_start": plan.state in SUCCEEDABLE_STATES and not busy and not replaced and may_create(user, plan.organization),
        "relations": Succession.choices,
    }
