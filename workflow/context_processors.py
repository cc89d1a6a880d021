"""The approval desk's header badges on every page (settings.TEMPLATES context_processors): a
function the template calls only where it shows the badges, once (one query)."""

from functools import cache

from .inbox import open_task_counts as count_open_tasks


def approval_desk(request):
    user = getattr(request, "user", None)

    @cache
    def open_task_counts():
        """(my open tasks, my queue): each badge counts what its page lists."""
        if user is None or not user.is_authenticated:
            return 0, 0
        return count_open_tasks(user)

    return {"open_task_counts": open_task_counts}
