"""Delegated signing (Art. 13 of Nghị định 30): granting, revoking and checking TUQ./KT. grants.

A plan signed "TUQ." needs its signer to hold a valid TUQ. grant at the moment of signing. "KT."
needs one too once the organization has named deputies (any KT. grant): before that, the KT. of
the signer's position is taken as the organization's standing arrangement. A grant covers one plan
or every plan of a type (`doc_type`), from `valid_from` to `valid_until` inclusive, until revoked.
Grants are history-tracked (simple-history: who, when, why).
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.roles import has_role
from config.refusals import InvalidInput, NotPermitted, WrongState

from .models import Delegation, SigningAuthority


def _covering(plan, user):
    grants = Delegation.objects.filter(organization_id=plan.organization_id, grantee=user, kind=plan.signing_authority)
    return [g for g in grants if g.plan_id == plan.pk or (g.plan_id is None and g.doc_type == plan.doc_type)]


def signing_grant(plan, user, today=None):
    """(grant, refusal): the grant `user` signs `plan` under now, or why they may not (None, None:
    no grant needed)."""
    authority = plan.signing_authority
    if authority not in (SigningAuthority.TUQ, SigningAuthority.KT):
        return None, None
    if authority == SigningAuthority.KT and not Delegation.objects.filter(organization_id=plan.organization_id, kind=authority).exists():
        return None, None  # no deputies named: KT. as the signer's position says
    today = today or timezone.localdate()
    grants = _covering(plan, user)
    valid = [g for g in grants if g.revoked_at is None and g.valid_from <= today <= g.valid_until]
    if valid:
        return valid[0], None
    if any(g.revoked_at is not None for g in grants):
        revoked = max((g for g in grants if g.revoked_at), key=lambda g: g.revoked_at)
        when = timezone.localtime(revoked.revoked_at).strftime("%d/%m/%Y")
        return None, NotPermitted(_("Ủy quyền ký (%(kind)s) của bạn đã bị thu hồi ngày %(date)s.") % {"kind": authority, "date": when})
    if grants:
        last = max(grants, key=lambda g: g.valid_until)
        if last.valid_until < today:
            message = _("Ủy quyền ký (%(kind)s) của bạn đã hết hạn ngày %(date)s.")
            return None, NotPermitted(message % {"kind": authority, "date": last.valid_until.strftime("%d/%m/%Y")})
        message = _("Ủy quyền ký (%(kind)s) của bạn có hiệu lực từ ngày %(date)s.")
        return None, NotPermitted(message % {"kind": authority, "date": last.valid_from.strftime("%d/%m/%Y")})
    return None, NotPermitted(_("Bạn không có ủy quyền ký (%(kind)s) cho kế hoạch này.") % {"kind": authority})


def grant(grantor, organization, *, kind, grantee, valid_from, valid_until, plan=None, doc_type="", position=""):
    """A signer (the head) of `organization` grants `kind` to another of its signers."""
    if not has_role(grantor, Role.SIGNER, organization):
        raise NotPermitted(_("Chỉ lãnh đạo (người ký) của cơ quan được giao ủy quyền ký."))
    errors = {}
    if kind not in dict(Delegation.KINDS):
        errors["kind"] = [_("Thẩm quyền phải là TUQ. hoặc KT.")]
    if grantee.pk == grantor.pk or not has_role(grantee, Role.SIGNER, organization):
        errors["grantee"] = [_("Người được giao phải là một người ký khác của cơ quan.")]
    if plan is not None and plan.organization_id != organization.pk:
        errors["plan"] = [_("Kế hoạch không thuộc cơ quan này.")]
    if plan is None and not doc_type:
        errors["doc_type"] = [_("Cần chọn một kế hoạch hoặc một loại văn bản.")]
    if valid_until < valid_from:
        errors["valid_until"] = [_("Ngày hết hiệu lực phải sau ngày bắt đầu.")]
    if errors:
        raise InvalidInput(_("Ủy quyền ký không hợp lệ."), errors=errors)
    delegation = Delegation(
        organization=organization,
        kind=kind,
        grantor=grantor,
        grantee=grantee,
        plan=plan,
        doc_type="" if plan is not None else doc_type,
        position=position,
        valid_from=valid_from,
        valid_until=valid_until,
    )
    delegation._history_user, delegation._change_reason = grantor, "grant"
    delegation.save()
    return delegation


def revoke(delegation, user):
    """The grantor (or another signer of the organization) revokes a grant; the row stays."""
    if not has_role(user, Role.SIGNER, delegation.organization_id):
        raise NotPermitted(_("Chỉ lãnh đạo (người ký) của cơ quan được thu hồi ủy quyền ký."))
    if delegation.revoked_at is not None:
        raise WrongState(_("Ủy quyền này đã bị thu hồi."))
    delegation.revoked_at = timezone.now()
    delegation._history_user, delegation._change_reason = user, "revoke"
    delegation.save()
    return delegation


def delegations_for(user):
    """Grants of the organizations where `user` signs (a signer sees them, to give, use and revoke)."""
    from accounts.roles import authority_ids_for_role

    return Delegation.objects.filter(organization_id__in=authority_ids_for_role(user, Role.SIGNER)).select_related("grantor", "grantee")
