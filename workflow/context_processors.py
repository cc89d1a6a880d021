"""The approval desk's header badges on every page (settings.TEMPLATES context_processors): a
function the template calls only where it shows the badges, once (two queries; one on the inbox
page, which has counted my duties for its pages already and left the count on the request)."""

from functools import cache

from .inbox import open_task_counts as count_open_tasks


def approval_desk(request):
    user = getattr(request, "user", None)

    @cache
    def open_task_counts():
        """(my open tasks, my queue): each badge counts what its page lists."""
        if user is None or not user.is_authenticated:
            return 0, 0
        return count_open_tasks(user, mine=getattr(request, "duty_count", None))

    return {"open_task_counts": open_task_counts}
