"""The approval desk's header badge on every page (settings.TEMPLATES context_processors): a
function the template calls only where it shows the badge, once (one query)."""

from functools import cache

from .inbox import open_task_count as count_open_tasks


def approval_desk(request):
    user = getattr(request, "user", None)

    @cache
    def open_task_count():
        """My open tasks plus my queue."""
        if user is None or not user.is_authenticated:
            return 0
        return count_open_tasks(user)

    return {"open_task_count": open_task_count}
