"""What every page's menu asks of reporting (settings.TEMPLATES context_processors): a function
the template calls only where it shows the entry."""

from functools import cache

from accounts.roles import authority_ids


def reporting_menu(request):
    user = getattr(request, "user", None)

    @cache
    def may_see_reporting_summary():
        """True for people of some issuing authority: shows the menu entry "Tổng hợp báo cáo"."""
        return bool(user and user.is_authenticated and (user.is_superuser or authority_ids(user)))

    return {"may_see_reporting_summary": may_see_reporting_summary}
