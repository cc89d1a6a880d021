"""Accounts over the API: me, organizations, users for pickers."""

import pytest

pytestmark = pytest.mark.django_db


def test_me_lists_the_roles_held(world, api):
    reporter = world["users"]["reporter"]
    assert api("reporter").get("/api/me/").json() == {
        "id": reporter.pk,
        "username": "reporter",
        "full_name": "Vũ Báo Cáo",
        "memberships": [{"organization": world["police"].pk, "organization_name": "Công an huyện", "role": "reporter", "position": ""}],
    }
    signer = api("signer").get("/api/me/").json()
    assert signer["memberships"] == [
        {"organization": world["district"].pk, "organization_name": "UBND huyện Ia H'Drai", "role": "signer", "position": "PHÓ CHỦ TỊCH"}
    ]


def test_organizations_are_listed_with_their_parent(world, api):
    body = api("drafter").get("/api/organizations/").json()
    assert body["count"] == 6 and body["next"] is None
    by_id = {o["id"]: o for o in body["results"]}
    assert by_id[world["police"].pk] == {
        "id": world["police"].pk,
        "name": "Công an huyện",
        "code": "",
        "symbol_suffix": "",
        "parent": world["district"].pk,
        "kind": "unit",
    }
    assert by_id[world["district"].pk] == {
        "id": world["district"].pk,
        "name": "UBND huyện Ia H'Drai",
        "code": "UBND",
        "symbol_suffix": "",
        "parent": world["province"].pk,
        "kind": "authority",
    }
    world["district"].symbol_suffix = "UBND-VP"  # the issuing body's setting, as the admin sets it
    world["district"].save()
    listed = api("drafter").get("/api/organizations/").json()["results"]
    assert next(o for o in listed if o["id"] == world["district"].pk)["symbol_suffix"] == "UBND-VP"
    units = api("drafter").get(f"/api/organizations/?kind=unit&parent={world['district'].pk}").json()["results"]
    assert [o["name"] for o in units] == ["Công an huyện", "Phòng Tài chính - Kế hoạch"]


@pytest.mark.parametrize("query", ["?kind=department", "?parent=abc", "?parent=987654"])
def test_invalid_organization_filters_are_400(world, api, query):
    response = api("drafter").get("/api/organizations/" + query)
    assert response.status_code == 400 and response.json()["code"] == "invalid"


def usernames(response):
    assert response.status_code == 200, response.content
    return [u["username"] for u in response.json()["results"]]


def test_users_are_those_of_the_requesters_authorities(world, api):
    district_people = ["auditor", "clerk", "drafter", "drafter2", "reporter", "reviewer", "reviewer2", "signer"]
    assert usernames(api("drafter").get("/api/users/")) == district_people
    assert usernames(api("reporter").get("/api/users/")) == district_people  # a unit member sees its authority
    assert usernames(api("xa_drafter").get("/api/users/")) == ["xa_drafter"]
    signer = world["users"]["signer"]
    body = api("drafter").get(f"/api/users/?role=signer&organization={world['district'].pk}").json()
    assert body["results"] == [{"id": signer.pk, "username": "signer", "full_name": "Nguyễn Tiên Dũng"}]


def test_users_filters(world, api):
    client = api("drafter")
    assert usernames(client.get("/api/users/?role=reviewer")) == ["reviewer", "reviewer2"]
    assert usernames(client.get(f"/api/users/?organization={world['police'].pk}")) == ["reporter"]
    assert usernames(client.get(f"/api/users/?role=reporter&organization={world['district'].pk}")) == ["reporter"]  # through its unit
    assert usernames(client.get(f"/api/users/?role=drafter&organization={world['commune'].pk}")) == []  # not the requester's authority
    assert usernames(client.get("/api/users/?role=&organization=")) == usernames(client.get("/api/users/"))


@pytest.mark.parametrize(
    "query", ["?role=boss", "?organization=abc", "?organization=987654", "?organization=1.5", f"?organization={10**30}"]
)
def test_invalid_user_filters_are_400(world, api, query):
    response = api("drafter").get("/api/users/" + query)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and body["errors"]
