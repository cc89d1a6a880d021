"""The outgoing register (sổ đăng ký văn bản đi, Nghị định 30 Art. 16, Appendix IV), read from the plans.

One row per document the body numbered in the year, in number order: the plans issued through
planflow and those registered from paper. Nothing is stored twice: a row is the plan itself, and
its note says what happened to it since (recalled, corrected, replaced).
"""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organization
from accounts.roles import memberships
from plans.lifecycle import State
from plans.models import Plan, RecipientPurpose, Succession
from plans.selectors import ISSUING_BODY_ROLES

# Appendix IV's columns, in its order: (the API's field, the printed heading).
COLUMNS = [
    ("symbol", "Số, ký hiệu văn bản"),
    ("issued_on", "Ngày tháng văn bản"),
    ("type_and_subject", "Tên loại và trích yếu nội dung văn bản"),
    ("signer", "Người ký"),
    ("recipients", "Nơi nhận văn bản"),
    ("filed_copy", "Đơn vị, người nhận bản lưu"),
    ("copies", "Số lượng bản"),
    ("sent_on", "Ngày chuyển"),
    ("receipt", "Ký nhận"),
    ("note", "Ghi chú"),
]
DOC_TYPE_NAMES = {"KH": "Kế hoạch"}


@dataclass
class RegisterRow:
    plan_id: int
    number: int
    symbol: str
    issued_on: date
    doc_type: str
    subject: str
    signer: str
    recipients: list
    filed_copy: str
    copies: int
    sent_on: date | None
    note: str

    @property
    def type_and_subject(self):
        """ "Kế hoạch <trích yếu>", unless the trích yếu already starts with the type's name, as
        many do ("Kế hoạch triển khai …"): the register must not print "Kế hoạch Kế hoạch …"."""
        type_name = DOC_TYPE_NAMES.get(self.doc_type, self.doc_type)
        if self.subject.casefold().startswith(type_name.casefold()):
            return self.subject
        return f"{type_name} {self.subject}"

    receipt = ""  # signed by hand on the printed book

    def as_dict(self):
        return {
            "number": self.number,
            "symbol": self.symbol,
            "issued_on": self.issued_on,
            "doc_type": self.doc_type,
            "subject": self.subject,
            "signer": self.signer,
            "recipients": self.recipients,
            "filed_copy": self.filed_copy,
            "copies": self.copies,
            "sent_on": self.sent_on,
            "note": self.note,
            "plan": self.plan_id,
        }


def register_organizations(user):
    """The issuing bodies whose register `user` may read: where they write, review, sign, register,
    audit or administer plans (a unit's reporter does not keep its authority's book)."""
    if user.is_superuser:
        return list(Organization.objects.filter(kind=Organization.Kind.AUTHORITY).order_by("name"))
    ids = {
        m.organization.parent_id if m.organization.is_unit else m.organization_id for m in memberships(user) if m.role in ISSUING_BODY_ROLES
    }
    return list(Organization.objects.filter(pk__in=ids, kind=Organization.Kind.AUTHORITY).order_by("name"))


def registered_plans(organization, year):
    """The numbered plans of `organization` in `year`, in number order, with what the rows read."""
    return (
        Plan.objects.filter(organization=organization, issue_year=year, number__isnull=False)
        .select_related("organization", "signer")
        .prefetch_related("recipients", "successors__organization")
        .order_by("number", "id")
    )


def _note(plan):
    notes = []
    if plan.state == State.RECALLED:
        notes.append(_("Đã thu hồi"))
    for successor in plan.successors.all():
        if successor.number is None:
            continue
        label = (
            _("Đã được thay thế bởi %(symbol)s") if successor.succession == Succession.REPLACES else _("Đã được đính chính bởi %(symbol)s")
        )
        notes.append(label % {"symbol": successor.symbol})
    if plan.succession and plan.predecessor_id:
        notes.append(_("Văn bản %(relation)s") % {"relation": plan.get_succession_display().lower()})
    if getattr(plan, "entered_from_paper", False):
        notes.append(_("Nhập từ bản giấy"))
    return "; ".join(notes)


def row_of(plan):
    recipients = list(plan.recipients.all())
    sent = [r.name for r in recipients if r.purpose != RecipientPurpose.ARCHIVE]
    filed = [r.name for r in recipients if r.purpose == RecipientPurpose.ARCHIVE]
    signer = plan.signer.get_full_name() or plan.signer.get_username() if plan.signer_id else ""
    return RegisterRow(
        plan_id=plan.pk,
        number=plan.number,
        symbol=plan.symbol,
        issued_on=plan.issued_on,
        doc_type=plan.doc_type,
        subject=plan.subject,
        signer=f"{plan.signing_authority} {signer}".strip() if signer else "",
        recipients=sent,
        filed_copy=", ".join(filed),
        copies=len(recipients),
        sent_on=plan.issued_on,
        note=_note(plan),
    )


def register_rows(plans):
    return [row_of(plan) for plan in plans]


def current_year():
    return timezone.localdate().year


def received_deliveries(user):
    """What the user's organizations received, newest first: everything sent, for their clerks; what
    a clerk has recorded, for their other people (a unit's role counts for its authority)."""
    from django.db.models import Q

    from accounts.models import Role
    from plans.models import Delivery

    clerk_orgs, other_orgs = set(), set()
    for m in memberships(user):
        orgs = {m.organization_id} | ({m.organization.parent_id} if m.organization.is_unit else set())
        (clerk_orgs if m.role == Role.CLERK else other_orgs).update(orgs)
    return (
        Delivery.objects.filter(Q(organization_id__in=clerk_orgs) | Q(organization_id__in=other_orgs, received_at__isnull=False))
        .select_related("plan__organization", "organization")
        .order_by("-sent_at", "-id")
    )
