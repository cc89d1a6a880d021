"""The review panel of the plan page: review rounds and comment threads with their forms.

`{% review_panel %}` (in templates/approvals/_review_section.html, included by the plan page)
reads `plan` (parts prefetched, plans.selectors.with_parts) and `request` from the context. A
fixed number of queries, whatever the number of rounds or comments; threads are paginated.
"""

from django import template
from django.core.paginator import Paginator
from django.template.defaultfilters import truncatechars
from django.utils.translation import gettext as _

from approvals.comments import may_answer, may_comment, may_resolve
from approvals.models import ReviewComment
from approvals.selectors import review_rounds, reviewers_pending, threads_in_document_order
from plans.lifecycle import State
from plans.rules import relations

register = template.Library()

THREADS_PER_PAGE = 20
PAGE_PARAMETER = "y_kien"


def anchor_choices(plan):
    """[(anchor, label)] in document order: the whole plan, each section, target and task."""
    A = ReviewComment.Anchor
    choices = [(A.PLAN.value, _("Toàn bộ kế hoạch"))]
    choices += [(f"section:{s.pk}", _("Mục: %(heading)s") % {"heading": truncatechars(s.heading, 80)}) for s in plan.sections.all()]
    choices += [
        (f"target:{t.pk}", _("Chỉ tiêu %(n)d: %(text)s") % {"n": n, "text": truncatechars(t.text, 80)})
        for n, t in enumerate(plan.targets.all(), start=1)
    ]
    choices += [
        (f"task:{t.pk}", _("Nhiệm vụ %(n)d: %(text)s") % {"n": n, "text": truncatechars(t.text, 80)})
        for n, t in enumerate(plan.tasks.all(), start=1)
    ]
    return choices


def _groups(threads, labels):
    """Consecutive threads on the same part → [(label, [thread …])]."""
    groups = []
    for thread in threads:
        label = labels.get(thread.anchor) or _("%(part)s đã bị xóa khỏi kế hoạch") % {"part": thread.get_anchor_kind_display()}
        if groups and groups[-1][0] == label:
            groups[-1][1].append(thread)
        else:
            groups.append((label, [thread]))
    return groups


@register.inclusion_tag("approvals/_review_panel.html", takes_context=True)
def review_panel(context):
    plan, request = context["plan"], context["request"]
    user = request.user
    held = context.get("held")
    if held is None:
        held = relations(plan, user)
    choices = anchor_choices(plan)
    page = Paginator(threads_in_document_order(plan), THREADS_PER_PAGE).get_page(request.GET.get(PAGE_PARAMETER))
    return {
        "plan": plan,
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "rounds": review_rounds(plan),
        "pending": reviewers_pending(plan) if plan.state == State.REVIEW else [],
        "groups": _groups(page.object_list, dict(choices)),
        "threads_page": page,
        "page_parameter": PAGE_PARAMETER,
        "anchor_choices": choices,
        "may_comment": may_comment(plan, user, held),
        "may_answer": may_answer(plan, user, held),
        "may_resolve": may_resolve(plan, user, held),
    }
