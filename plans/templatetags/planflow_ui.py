"""Small helpers of the UI shell (menu, buttons)."""

from django import template

from accounts.models import Role
from accounts.roles import authority_ids_for_role
from plans.error_summary import form_errors

register = template.Library()


@register.simple_tag(takes_context=True)
def may_draft(context):
    """True when the user drafts for some authority: shows "Tạo kế hoạch"."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated and authority_ids_for_role(user, Role.DRAFTER))


@register.filter
def error_items(form):
    """{% include "planflow/includes/error_summary.html" with items=form|error_items %}: each failed field, named."""
    return form_errors(form)
