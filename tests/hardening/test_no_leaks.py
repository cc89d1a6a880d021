"""Error messages never name a user or anything else of another organization (issue 13, point 7).

A drafter of UBND huyện Ia H'Drai refers, by id, to people, units and an authority of another
province: the refusals say which field and which id is wrong, never whose name or what name is
behind the id. Asked through the API (create and edit) and the web form.
"""

import pytest
from django.contrib.auth import get_user_model

from accounts.models import Membership, Organization, Role
from tests.api.conftest import plan_json
from tests.ui.helpers import plan_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def elsewhere(world):
    """Sở Nội vụ tỉnh Gia Lai, its unit and its people: nothing a district drafter may learn about."""
    User = get_user_model()
    authority = Organization.objects.create(name="Sở Nội vụ tỉnh Gia Lai", code="SNV", place_name="Pleiku")
    unit = Organization.objects.create(name="Phòng Tổ chức biên chế Gia Lai", kind="unit", parent=authority)
    people = {}
    for username, role, first, last in (
        ("gl_signer", Role.SIGNER, "Rơ Châm", "Hyơk"),
        ("gl_reviewer", Role.REVIEWER, "Ksor", "Nguyệt"),
        ("gl_drafter", Role.DRAFTER, "Siu", "Thanh"),
    ):
        people[username] = User.objects.create_user(username, password="x-Passw0rd-gl", first_name=first, last_name=last)
        Membership.objects.create(user=people[username], organization=authority, role=role)
    secrets = {authority.name, unit.name, "Gia Lai", "Pleiku"}
    for user in people.values():
        secrets |= {user.username, user.first_name, user.last_name, user.get_full_name()}
    return {"authority": authority, "unit": unit, "people": people, "secrets": secrets}


def assert_names_nothing_of(elsewhere, response):
    text = response.content.decode()
    named = sorted(secret for secret in elsewhere["secrets"] if secret in text)
    assert not named, f"the answer names {named}: {text[:1500]}"


def foreign_references(world, elsewhere):
    people, unit = elsewhere["people"], elsewhere["unit"]
    task = {"text": "Nhiệm vụ", "lead_unit": world["police"].pk, "supporting_units": [], "schedule": None}
    return {
        "signer of another province": {"signer": people["gl_signer"].pk},
        "reviewer of another province": {"reviewers": [people["gl_reviewer"].pk]},
        "a drafter of another province as signer": {"signer": people["gl_drafter"].pk},
        "lead unit of another province": {"tasks": [{**task, "lead_unit": unit.pk}]},
        "supporting unit of another province": {"tasks": [{**task, "supporting_units": [unit.pk]}]},
        "another province's authority as lead unit": {"tasks": [{**task, "lead_unit": elsewhere["authority"].pk}]},
    }


def test_api_refusals_name_nothing_of_another_organization(world, api, make_plan, elsewhere):
    client = api("drafter")
    plan = make_plan()
    for name, fields in foreign_references(world, elsewhere).items():
        created = client.post("/api/plans/", plan_json(world, **fields), format="json")
        assert created.status_code == 400, (name, created.content)
        assert_names_nothing_of(elsewhere, created)
        edited = client.patch(f"/api/plans/{plan.pk}/", fields, format="json")
        assert edited.status_code == 400, (name, edited.content)
        assert_names_nothing_of(elsewhere, edited)


def test_the_refusal_still_says_which_id_is_wrong(world, api, elsewhere):
    signer = elsewhere["people"]["gl_signer"]
    response = api("drafter").post("/api/plans/", plan_json(world, signer=signer.pk), format="json")
    assert response.status_code == 400
    assert any(f"#{signer.pk}" in message for message in response.json()["errors"]["signer"]), response.json()


def test_creating_a_plan_for_another_organization_names_nothing_of_it(world, api, elsewhere):
    response = api("drafter").post("/api/plans/", plan_json(world, organization=elsewhere["authority"].pk), format="json")
    assert response.status_code == 403
    assert_names_nothing_of(elsewhere, response)


def test_the_web_form_names_nothing_of_another_organization(world, login, elsewhere):
    client = login("drafter")
    people, unit = elsewhere["people"], elsewhere["unit"]
    for fields, parts in (
        ({"signer": str(people["gl_signer"].pk)}, None),
        ({"reviewers": [str(people["gl_reviewer"].pk)]}, None),
        ({}, {"tasks": [{"text": "Nhiệm vụ", "lead_unit": str(unit.pk), "schedule_kind": ""}]}),
    ):
        response = client.post("/plans/new/", plan_form_data(world, parts=parts, **fields))
        assert response.status_code == 200
        assert_names_nothing_of(elsewhere, response)


def test_the_user_picker_lists_nobody_of_another_organization(world, api, elsewhere):
    response = api("drafter").get("/api/users/", {"organization": elsewhere["authority"].pk})
    assert response.status_code == 200
    assert_names_nothing_of(elsewhere, response)
