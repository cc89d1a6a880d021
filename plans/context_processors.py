"""What every page's menu asks of plans (settings.TEMPLATES context_processors). Values are
functions the template calls only where it shows them (one query, or none from the role cache)."""

from functools import cache

from .rules import drafting_authority_ids


def plan_menu(request):
    user = getattr(request, "user", None)

    @cache
    def may_create_plan():
        """True when the user drafts for some authority: shows "Tạo kế hoạch"."""
        return bool(user and user.is_authenticated and drafting_authority_ids(user))

    return {"may_create_plan": may_create_plan}
