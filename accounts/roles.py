"""Questions about who holds which role where. One query each, cached on the user object."""

from django.db.models import CharField, IntegerField

from config.compiled_queries import CompiledQuery, Param

from .models import Membership, Role

# Nearly every request asks who the user is where: compiled once per process (config.compiled_queries).
MEMBERSHIPS = CompiledQuery(lambda: Membership.objects.filter(user_id=Param("user", IntegerField())).select_related("organization"))
# The same rows found from an API token's key, read together with the token (accounts.tokens).
MEMBERSHIPS_OF_TOKEN = CompiledQuery(
    lambda: Membership.objects.filter(user__auth_token__key=Param("key", CharField())).select_related("organization")
)


def _memberships(user):
    if not user or not user.is_authenticated:
        return []
    cached = getattr(user, "_planflow_memberships", None)
    if cached is None:
        cached = MEMBERSHIPS.instances(user._state.db or "default", user=user.pk)
        user._planflow_memberships = cached
    return cached


def remember_memberships(user, rows):
    """`rows` are `user`'s memberships, read with something else (the token, accounts.tokens): the
    cache the questions below read, as `_memberships` would fill it."""
    user._planflow_memberships = list(rows)


def memberships_cached(user):
    """True when `user`'s memberships are read already (`memberships_with` would not query)."""
    return getattr(user, "_planflow_memberships", None) is not None


def memberships_with(user, **annotations):
    """The user's memberships read (and cached, as `_memberships` does) with extra `annotations`
    on each row, in one query: a caller that needs something else about the user at the same
    moment (plans.rules: their permissions on a plan) asks it here instead of a query of its own.
    None when the memberships are cached already (the caller asks its own query then)."""
    if not user or not user.is_authenticated or memberships_cached(user):
        return None
    rows = list(Membership.objects.filter(user=user).select_related("organization").annotate(**annotations))
    user._planflow_memberships = rows
    return rows


def memberships(user):
    return list(_memberships(user))


def has_role(user, role, organization):
    """True when `user` holds `role` in `organization` (an authority) or in one of its units."""
    org_id = organization.pk if hasattr(organization, "pk") else organization
    for m in _memberships(user):
        if m.role != role:
            continue
        if m.organization_id == org_id or (m.organization.is_unit and m.organization.parent_id == org_id):
            return True
    return False


def authority_ids(user):
    """Ids of the issuing authorities where `user` holds any role (directly or through a unit)."""
    return {m.organization.authority.pk if m.organization.is_unit else m.organization_id for m in _memberships(user)}


def authority_ids_for_role(user, role):
    return {m.organization.parent_id if m.organization.is_unit else m.organization_id for m in _memberships(user) if m.role == role}


def position_in(user, organization):
    """The printed position (PHÓ CHỦ TỊCH) of a signer in `organization`, or ''."""
    for m in _memberships(user):
        if m.organization_id == organization.pk and m.role == Role.SIGNER and m.position:
            return m.position
    return ""
