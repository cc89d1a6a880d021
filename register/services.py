"""Distribution and receipt (issue 19): an issued plan reaches the organizations of planflow among
its recipients. At issue each gets a Delivery (`send_to_recipients`, inside the issue's audited
write); its clerk records receipt and then one of its signers (its leaders) acknowledges it
(`acknowledge`), each an event on the issuing plan's chain."""

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.roles import has_role
from audit.models import AuditEvent
from config.refusals import NotPermitted, WrongState
from plans.audited import audited_write
from plans.models import Delivery

Action, Kind = AuditEvent.Action, AuditEvent.Kind


def send_to_recipients(plan):
    """Called by the issue (its transaction, its event): one Delivery per organization among the
    recipients other than the issuing body. Returns their organization ids."""
    now = timezone.now()
    # the recipients as the issue read them with the content (plans.content.read_content_once), else one query
    organization_ids = sorted({r.organization_id for r in plan.recipients.all() if r.organization_id is not None} - {plan.organization_id})
    for organization_id in organization_ids:
        Delivery.objects.create(plan=plan, organization_id=organization_id, sent_at=now)
    return organization_ids


def _step(delivery, user):
    """("received" | "acknowledged") that `user` may record on `delivery` now, or raise the refusal."""
    org = delivery.organization_id
    is_clerk, is_leader = has_role(user, Role.CLERK, org), has_role(user, Role.SIGNER, org)
    if not (is_clerk or is_leader):
        raise NotPermitted(_("Chỉ văn thư (vào sổ) hoặc lãnh đạo (xem) của cơ quan nhận được ghi nhận văn bản đến."))
    if delivery.received_at is None:
        if not is_clerk:
            raise WrongState(_("Văn thư của cơ quan chưa vào sổ văn bản đến này."))
        return "received"
    if is_leader and delivery.acknowledged_at is None:
        return "acknowledged"
    raise WrongState(_("Văn bản đến này đã được ghi nhận."))


def next_step(delivery, user):
    """What `user` may record on `delivery` now ("received", "acknowledged"), or None (the pages' buttons)."""
    try:
        return _step(delivery, user)
    except (NotPermitted, WrongState):
        return None


def acknowledge(plan, user):
    """The clerk of a recipient organization records receipt; then one of its leaders acknowledges.
    Returns the delivery; refuses (403/409) before writing anything."""
    plan_id = plan.pk
    deliveries = Delivery.objects.filter(plan_id=plan_id).select_related("organization")
    mine = [d for d in deliveries if has_role(user, Role.CLERK, d.organization_id) or has_role(user, Role.SIGNER, d.organization_id)]
    if not mine:
        raise NotPermitted(_("Cơ quan của bạn không có trong nơi nhận của văn bản này."))
    with audited_write(plan_id, user, Action.RECEIVED, kind=Kind.DELIVERY) as event:
        delivery = Delivery.objects.select_for_update().select_related("organization").get(pk=mine[0].pk)
        step = _step(delivery, user)
        now = timezone.now()
        if step == "received":
            delivery.received_at, delivery.received_by = now, user
        else:
            delivery.acknowledged_at, delivery.acknowledged_by = now, user
            event.action = Action.ACKNOWLEDGED
        delivery.save()
        event.comment = delivery.organization.name
        event.changes = [
            {"field": f"deliveries[{delivery.organization_id}]", "old": "sent" if step == "received" else "received", "new": step}
        ]
    return delivery


def deliveries_panel(plan, user):
    """[(delivery, what `user` may record on it)] of an issued plan, for its page (one query)."""
    if plan.number is None:
        return []
    return [
        (delivery, next_step(delivery, user)) for delivery in plan.deliveries.select_related("organization").order_by("organization__name")
    ]
