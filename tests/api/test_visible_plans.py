"""Who sees a plan (plans.selectors.visible_plans): the UNION of id sets answers exactly what the
earlier single WHERE with OR answered, for every kind of person, on mixed data; a plan list costs the
same number of queries whoever asks, and a page read from the SQL kept for it (config.api_pages.Listing)
is that person's own. One plan's check (may_see, visible_plan: the same rule in Python, for the API's
reads of one plan) answers as the list does."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from accounts.models import Membership, Role
from accounts.roles import memberships
from config.api_pages import LISTING_PAGES, CountInPagePagination
from plans.models import Delivery, Plan, Recipient
from plans.selectors import ISSUED_STATES, ISSUING_BODY_ROLES, may_see, visible_plan, visible_plans
from register.services import acknowledge
from tests.conftest import PASSWORD, plan_data
from tests.ui.helpers import advance
from workflow.services import perform

pytestmark = pytest.mark.django_db


def old_visible_plans(user):
    """The definition before the UNION (one WHERE: organization IN … OR (issued AND (… OR pk IN …)))."""
    queryset = Plan.objects.all()
    if user.is_superuser:
        return queryset
    roles = [
        (m.role, m.organization_id, m.organization.parent_id if m.organization.is_unit else m.organization_id) for m in memberships(user)
    ]
    whole = {authority for role, _org, authority in roles if role in ISSUING_BODY_ROLES}
    from_issue = {authority for _role, _org, authority in roles} - whole
    organizations = {org for _role, org, _authority in roles} | {authority for _role, _org, authority in roles}
    clerk_of = {org for role, org, _a in roles if role == Role.CLERK} | {a for role, _o, a in roles if role == Role.CLERK}
    addressed = Recipient.objects.filter(organization_id__in=clerk_of).values("plan_id")
    received = Delivery.objects.filter(organization_id__in=organizations, received_at__isnull=False).values("plan_id")
    issued = Q(organization_id__in=from_issue) | Q(pk__in=addressed) | Q(pk__in=received)
    return queryset.filter(Q(organization_id__in=whole) | (Q(state__in=ISSUED_STATES) & issued))


def person(username, *roles):
    user = get_user_model().objects.create_user(username, password=PASSWORD)
    for organization, role in roles:
        Membership.objects.create(user=user, organization=organization, role=role)
    return user


@pytest.fixture
def mixed(world, make_plan):
    """District plans in every state up to reporting, some sent to the province and the commune (one
    received by each), a commune draft; and people of every kind, some with two roles."""
    to_both = plan_data(world)["recipients"] + [
        {"name": "UBND tỉnh Kon Tum", "purpose": "b/c", "organization": world["province"]},
        {"name": "UBND xã Kon Braih", "purpose": "t/h", "organization": world["commune"]},
    ]
    to_commune = plan_data(world)["recipients"] + [{"name": "Công an xã", "purpose": "t/h", "organization": world["commune_unit"]}]
    make_plan(recipients=to_both)  # a draft addressed to both: nobody outside sees it yet
    advance(make_plan(recipients=to_both), world, "review")
    advance(make_plan(), world, "signing")
    advance(make_plan(), world, "issued")
    received = advance(make_plan(recipients=to_both), world, "issued")
    sent_only = advance(make_plan(recipients=to_both), world, "reporting")
    advance(make_plan(recipients=to_commune), world, "issued")
    recalled = advance(make_plan(recipients=to_both), world, "issued")
    perform(recalled, "recall", world["users"]["signer"], comment="Sai sót")
    province_clerk = person("province_clerk", (world["province"], Role.CLERK))
    commune_clerk = person("commune_clerk", (world["commune"], Role.CLERK))
    acknowledge(received, province_clerk)
    acknowledge(Plan.objects.get(pk=recalled.pk), commune_clerk)
    from plans.services import create_plan

    create_plan(world["users"]["xa_drafter"], world["commune"], plan_data(world, signer=None, reviewers=[], tasks=[]))
    people = dict(world["users"])
    people.update(
        province_clerk=province_clerk,
        commune_clerk=commune_clerk,
        province_leader=person("province_leader", (world["province"], Role.SIGNER)),
        commune_leader=person("commune_leader", (world["commune"], Role.SIGNER)),
        commune_unit_reporter=person("commune_unit_reporter", (world["commune_unit"], Role.REPORTER)),
        commune_unit_clerk=person("commune_unit_clerk", (world["commune_unit"], Role.CLERK)),
        finance_reporter=person("finance_reporter", (world["finance"], Role.REPORTER)),
        two_roles=person("two_roles", (world["police"], Role.REPORTER), (world["commune"], Role.DRAFTER)),
        clerk_and_reporter=person("clerk_and_reporter", (world["province"], Role.CLERK), (world["police"], Role.REPORTER)),
        nobody=person("nobody"),
        root=get_user_model().objects.create_superuser("root", password=PASSWORD),
    )
    return people, sent_only


def test_the_union_sees_exactly_what_the_single_where_saw(mixed):
    people, _sent_only = mixed
    seen_by_someone_outside = set()
    for name, user in people.items():
        new = set(visible_plans(user).values_list("pk", flat=True))
        assert new == set(old_visible_plans(user).values_list("pk", flat=True)), name
        assert len(new) == visible_plans(user).count(), name  # each plan once
        listed = visible_plans(user, listing=True).order_by("-updated_at", "-id")
        assert list(listed.values_list("pk", flat=True)) == list(  # the list's form (ids first on PostgreSQL)
            old_visible_plans(user).order_by("-updated_at", "-id").values_list("pk", flat=True)
        ), name
        assert listed.count() == len(new), name
        if name in ("province_clerk", "commune_clerk", "province_leader", "commune_leader", "commune_unit_clerk"):
            seen_by_someone_outside |= new
    assert len(seen_by_someone_outside) >= 4  # the data does exercise the recipients' and receipts' ways
    assert visible_plans(people["nobody"]).count() == 0
    assert visible_plans(people["root"]).count() == Plan.objects.count()


def test_the_list_costs_the_same_for_each_kind_of_person(mixed, client):
    people, _sent_only = mixed

    def count(user):
        client.force_login(user)
        client.get("/api/plans/")  # warm-up
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/plans/").status_code == 200
        return len(captured)

    counts = {name: count(people[name]) for name in ("drafter", "reporter", "province_clerk", "commune_leader", "two_roles")}
    assert len(set(counts.values())) == 1, counts


def test_each_person_gets_their_own_page_from_the_kept_sql(mixed, client, monkeypatch):
    """The list's pages are compiled once per process for each ways of seeing, filters and page
    (plans.api, config.api_pages.Listing): whoever asked before, and in whatever order, a person's page
    is the one their own visible plans give, with its count."""
    people, _sent_only = mixed
    monkeypatch.setattr(CountInPagePagination, "page_size", 3)
    LISTING_PAGES.clear()
    pages = {"": (0, None), "?page=2": (3, None), "?state=issued": (0, "issued"), "?state=issued&page=last": (None, "issued")}
    for order in (list(people), list(reversed(people))):  # first built and kept, then read from the kept SQL
        for name in order:
            user = people[name]
            client.force_login(user)
            for query, (bottom, state) in pages.items():
                visible = visible_plans(user).order_by("-updated_at", "-id")
                ids = list((visible.filter(state=state) if state else visible).values_list("pk", flat=True))
                response = client.get(f"/api/plans/{query}")
                if bottom is None:  # the last page
                    bottom = max(0, (len(ids) - 1) // 3 * 3)
                if bottom and bottom >= len(ids):
                    assert response.status_code == 404, (name, query)
                    continue
                assert response.status_code == 200, (name, query, response.content)
                body = response.json()
                assert (body["count"], [row["id"] for row in body["results"]]) == (len(ids), ids[bottom : bottom + 3]), (name, query)
    assert 0 < len(LISTING_PAGES) < len(people) * len(pages)  # kept, and shared by people who see alike


def test_one_plans_check_answers_as_the_list_does(mixed):
    people, _sent_only = mixed
    plans = list(Plan.objects.order_by("pk"))
    outside_sees = 0
    for name, user in people.items():
        listed = set(visible_plans(user).values_list("pk", flat=True))
        for plan in plans:
            assert may_see(user, plan) == (plan.pk in listed), (name, plan.pk, plan.state)
            found = visible_plan(user, plan.pk)
            assert (found.pk if found else None) == (plan.pk if plan.pk in listed else None), (name, plan.pk)
            if name in ("province_clerk", "commune_clerk", "commune_leader", "commune_unit_clerk") and plan.pk in listed:
                outside_sees += 1
    assert outside_sees >= 4  # the recipients' and the receipts' branches were taken
    assert visible_plan(people["root"], plans[0].pk + 10**6) is None  # no such plan
    assert visible_plan(people["root"], 2**63) is None  # beyond a bigint: none, not an error
    assert visible_plan(people["root"], 0) is None
