"""Approval desk fixtures: plans with two reviewers taken to a given state, and raw-SQL tampering."""

import pytest

from tests.conftest import PASSWORD
from tests.tampering import behind_the_back
from workflow.services import perform


@pytest.fixture
def two_reviewer_plan(world, make_plan):
    """A district plan in review with `reviewer` and `reviewer2` assigned."""
    u = world["users"]
    plan = make_plan(reviewers=[u["reviewer"], u["reviewer2"]])
    return perform(plan, "submit", u["drafter"])


@pytest.fixture
def signing_plan(world, two_reviewer_plan):
    """The two-reviewer plan approved by both, in signing (not signed yet)."""
    u = world["users"]
    perform(two_reviewer_plan, "approve", u["reviewer"])
    return perform(two_reviewer_plan, "approve", u["reviewer2"])


@pytest.fixture
def signed_plan(world, signing_plan):
    """In signing with initials by `reviewer` and the main signature by `signer`."""
    u = world["users"]
    perform(signing_plan, "sign", u["reviewer"], kind="initial")
    return perform(signing_plan, "sign", u["signer"], kind="main", password=PASSWORD)


@pytest.fixture
def issued_plan(world, signed_plan):
    return perform(signed_plan, "issue", world["users"]["clerk"])


def raw(sql, params=()):
    """Change the database directly, as someone with the owner's rights would (no model, no history,
    the append-only triggers off: tests.tampering)."""
    behind_the_back(sql, params)
