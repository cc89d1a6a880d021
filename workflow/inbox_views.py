"""The approval desk in the web UI: my tasks, my queue, what I finished; opening and taking a task.

Opening a task takes its owner to the page where the step is done (the plan page for a review,
the edit form for a revise, the sign or issue action page); the action itself then goes through
`workflow.services.perform`, which completes the task (workflow.flow_sync). A task that is no
longer open — someone else acted, the round ended — gets a clear message and changes nothing.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from plans.selectors import visible_plans

from .flow_sync import OPEN, TaskRefused, human_tasks, stale_message, take
from .inbox import duties, duty_items, finished_by, queue_for, with_plans

PAGE_SIZE = 20

TABS = {
    "inbox": (duties, "workflow/inbox.html"),
    "queue": (queue_for, "workflow/inbox_queue.html"),
    "archive": (finished_by, "workflow/inbox_archive.html"),
}


def _list(request, tab):
    tasks_of, template = TABS[tab]
    page = Paginator(tasks_of(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    if tab == "inbox":  # everything I must do: the approval tasks with their plans and returns, and the duties
        request.duty_count = page.paginator.count  # the header badge counts the same: counted once (context_processors)
        items = duty_items(page.object_list)
        with_plans([item["task"] for item in items if item["task"] is not None])
        return render(request, template, {"tab": tab, "page_obj": page, "items": items})
    return render(request, template, {"tab": tab, "page_obj": page, "tasks": with_plans(page.object_list)})


@login_required
@require_safe  # a read-only page: POST, PUT, DELETE … get 405
def inbox(request):
    """ "Việc cần làm": tasks assigned to me."""
    return _list(request, "inbox")


@login_required
@require_safe  # a read-only page: POST, PUT, DELETE … get 405
def queue(request):
    """ "Hàng chờ": unassigned tasks my role may take."""
    return _list(request, "queue")


@login_required
@require_safe  # a read-only page: POST, PUT, DELETE … get 405
def archive(request):
    """ "Đã xử lý": tasks I completed."""
    return _list(request, "archive")


def step_url(task):
    """Where the owner of an open task does it."""
    plan_pk = task.process.artifact_object_id
    step = task.flow_task.name
    if step == "revise":
        return reverse("plans:edit", args=[plan_pk])
    if step in ("sign", "issue"):
        return reverse("plans:action", args=[plan_pk, step])
    return reverse("plans:detail", args=[plan_pk])


def visible_task_or_404(user, task_pk):
    """A task of a plan `user` may see; any other (another organization's) is not there: 404."""
    task = human_tasks().select_related("process", "owner").filter(pk=task_pk).first()
    if task is None or not visible_plans(user).filter(pk=task.process.artifact_object_id).exists():
        raise Http404(_("Không có việc này, hoặc bạn không được xem nó."))
    return task


@login_required
@require_safe  # a read-only page: POST, PUT, DELETE … get 405
def open_task(request, task_pk):
    """The link of an inbox row and of the notification mail."""
    task = visible_task_or_404(request.user, task_pk)
    plan_url = reverse("plans:detail", args=[task.process.artifact_object_id])
    if task.status not in OPEN or (task.owner_id and task.owner_id != request.user.pk):
        messages.warning(request, stale_message(task, request.user))
        return redirect(plan_url)
    if task.owner_id is None:
        if queue_for(request.user).filter(pk=task.pk).exists():
            messages.info(request, _("Việc này đang ở hàng chờ: bấm “Nhận việc” để nhận rồi xử lý."))
            return redirect("plans:queue")
        messages.warning(request, _("Việc này không thuộc hàng chờ của bạn."))
        return redirect(plan_url)
    return redirect(step_url(task))


@login_required
@require_POST
def take_task(request, task_pk):
    """ "Nhận việc": the task moves from the queue to my tasks, then I do it."""
    visible_task_or_404(request.user, task_pk)
    try:
        task = take(task_pk, request.user)
    except TaskRefused as refusal:
        messages.error(request, refusal.message)
        return redirect("plans:queue")
    messages.success(request, _("Đã nhận việc “%(step)s”.") % {"step": task.flow_task.task_title})
    return redirect(step_url(task))
