"""What every page's menu asks of plans (settings.TEMPLATES context_processors). Values are
functions the template calls only where it shows them (one query, or none from the role cache)."""

from functools import cache

from accounts.models import Role
from accounts.roles import authority_ids_for_role

from .rules import drafting_authority_ids


def plan_menu(request):
    user = getattr(request, "user", None)

    @cache
    def may_create_plan():
        """True when the user drafts for some authority: shows "Tạo kế hoạch"."""
        return bool(user and user.is_authenticated and drafting_authority_ids(user))

    @cache
    def may_delegate():
        """True when the user signs for some authority: shows "Ủy quyền ký"."""
        return bool(user and user.is_authenticated and authority_ids_for_role(user, Role.SIGNER))

    return {"may_create_plan": may_create_plan, "may_delegate": may_delegate}
