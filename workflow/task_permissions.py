"""Who holds the permission that opens the clerks' queue: an authentication backend.

The issue task of the approval flow waits unassigned with the owner permission
`accounts.act_as_clerk` on the plan's organization (viewflow's `.Permission(..., obj=...)`).
Clerks are clerks by their role (accounts.Membership), not by a row in a permission table, so this
backend answers that permission from the role: viewflow's own `can_assign` (`user.has_perm(perm,
obj)`) then works as it is, and there is one source of truth for who is a clerk. (The permission
has no row in auth_permission: nothing grants it, the role is it. Its app label is the object's,
as django-guardian's backend insists.)
"""

from accounts.models import Organization, Role
from accounts.roles import has_role

PERMISSION = "accounts.act_as_clerk"


class OrganizationRoleBackend:
    """`user.has_perm("accounts.act_as_clerk", organization)` is true for its clerks."""

    def authenticate(self, request, **credentials):
        return None  # never logs anyone in; only answers has_perm

    def has_perm(self, user_obj, perm, obj=None):
        if perm != PERMISSION or not isinstance(obj, Organization):
            return False
        return bool(user_obj.is_active) and has_role(user_obj, Role.CLERK, obj)
