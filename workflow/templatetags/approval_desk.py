"""Template helpers of the approval desk: the header badge and the plan page's round."""

from django import template

from workflow.inbox import approval_round as approval_round_of
from workflow.inbox import open_task_counts as count_open_tasks

register = template.Library()


@register.simple_tag(takes_context=True)
def open_task_counts(context):
    """{% open_task_counts as counts %}: (my open tasks, my queue), each the length of its page (one query)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0, 0
    return count_open_tasks(user)


@register.simple_tag
def approval_round(plan):
    """{% approval_round plan as round %}: who must act now and who has acted (None before submit)."""
    return approval_round_of(plan)
