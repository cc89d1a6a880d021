"""Reading plans: what a user may see, and querysets with their parts prefetched."""

from django.db.models import Prefetch

from accounts.models import Organization
from accounts.roles import authority_ids

from .models import Plan, Task
from .rules import drafting_authority_ids


def visible_plans(user, queryset=None):
    """Plans of the authorities where `user` holds any role (units count for their authority)."""
    queryset = Plan.objects.all() if queryset is None else queryset
    if not user or not user.is_authenticated:
        return queryset.none()
    if user.is_superuser:
        return queryset
    return queryset.filter(organization_id__in=authority_ids(user))


def visible_authorities(user):
    """The issuing authorities whose plans `user` may see (all of them for a superuser), by name."""
    queryset = Organization.objects.filter(kind=Organization.Kind.AUTHORITY)
    if not user.is_superuser:
        queryset = queryset.filter(pk__in=authority_ids(user))
    return list(queryset.order_by("name"))


def drafting_authorities(user):
    """The authorities `user` drafts plans for, by name."""
    return list(Organization.objects.filter(pk__in=drafting_authority_ids(user), kind=Organization.Kind.AUTHORITY).order_by("name"))


def with_content_parts(queryset):
    """A plan queryset with just the parts plans.content.plan_content reads (for checking many
    signatures at once: no organization, people or reviewers)."""
    return queryset.prefetch_related(
        "legal_bases",
        "sections",
        "targets",
        Prefetch("tasks", queryset=Task.objects.prefetch_related("supporting_links")),
        "budget_lines",
        "recipients",
    )


def with_parts(queryset):
    """A plan queryset that loads every part in a fixed number of queries."""
    return queryset.select_related("organization", "organization__parent", "signer", "created_by").prefetch_related(
        "legal_bases",
        "sections",
        "targets",
        Prefetch("tasks", queryset=Task.objects.select_related("lead_unit").prefetch_related("supporting_links__unit")),
        "budget_lines",
        "recipients",
        "reviewer_links__user",
    )
