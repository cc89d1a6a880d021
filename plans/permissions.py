"""Object permissions (django-guardian) of the people assigned to a plan.

The drafter holds `draft_plan`, each assigned reviewer `review_plan`, the signer `sign_plan`.
Called whenever the plan is created or its reviewers/signer change, so the grants follow the plan.
"""

from django.contrib.auth import get_user_model
from guardian.shortcuts import assign_perm, get_users_with_perms, remove_perm

PLAN_PERMS = ("draft_plan", "review_plan", "sign_plan")


def sync_plan_permissions(plan):
    wanted = {
        "draft_plan": {plan.created_by_id},
        "review_plan": set(plan.reviewer_links.values_list("user_id", flat=True)),
        "sign_plan": {plan.signer_id} if plan.signer_id else set(),
    }
    current = {perm: set() for perm in PLAN_PERMS}
    for user, perms in get_users_with_perms(plan, attach_perms=True, with_group_users=False).items():
        for perm in perms:
            if perm in current:
                current[perm].add(user.pk)
    users = get_user_model().objects.in_bulk(set().union(*wanted.values(), *current.values()))
    for perm in PLAN_PERMS:
        for user_id in wanted[perm] - current[perm]:
            assign_perm(f"plans.{perm}", users[user_id], plan)
        for user_id in current[perm] - wanted[perm]:
            remove_perm(f"plans.{perm}", users[user_id], plan)
