"""Helpers of the approval-flow tests: users with e-mail addresses, a second clerk, and what each
person's inbox, queue and archive hold, as (plan id, step) pairs."""

import pytest
from django.contrib.auth import get_user_model

from accounts.models import Membership, Role
from tests.conftest import PASSWORD
from workflow.inbox import finished_by, my_tasks, queue_for

PEOPLE = ("drafter", "reviewer", "reviewer2", "signer", "clerk", "clerk2", "auditor")


@pytest.fixture(name="desk")
def desk_fixture(world):
    """The `world` users with e-mail addresses, plus `clerk2`, a second clerk of the district."""
    clerk2 = get_user_model().objects.create_user("clerk2", password=PASSWORD, first_name="Văn", last_name="Thư Hai")
    Membership.objects.create(user=clerk2, organization=world["district"], role=Role.CLERK)
    world["users"]["clerk2"] = clerk2
    for name, user in world["users"].items():
        user.email = f"{name}@example.test"
        user.save(update_fields=["email"])
    return world


def fresh(user):
    """The user without cached memberships (as the next request would load it)."""
    return get_user_model().objects.get(pk=user.pk)


def inbox(user):
    return sorted((t.process.artifact_object_id, t.flow_task.name) for t in my_tasks(fresh(user)))


def queue(user):
    return sorted((t.process.artifact_object_id, t.flow_task.name) for t in queue_for(fresh(user)))


def archive(user):
    return sorted((t.process.artifact_object_id, t.flow_task.name, t.data.get("outcome")) for t in finished_by(fresh(user)))


def everyone(world):
    """{name: (inbox, queue)} for every person of the desk."""
    return {name: (inbox(world["users"][name]), queue(world["users"][name])) for name in PEOPLE}
