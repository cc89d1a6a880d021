"""Bad input (issue 2, "What bad input gets"): each case answers its status with a JSON body
{"detail", "code"[, "errors"]} and changes nothing — no plan row, field, history row or audit event."""

import pytest

from tests.api.conftest import advance, plan_json
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LONG = "x" * 1001


def task(world, **overrides):
    return {"text": "Nhiệm vụ", "lead_unit": world["police"].pk, "supporting_units": [], "schedule": None, **overrides}


# (name, content fields to send, the error path expected in "errors")
INVALID_CONTENT = [
    ("subject over 1,000 characters", lambda w: {"subject": LONG}, "subject"),
    ("empty subject", lambda w: {"subject": ""}, "subject"),
    ("blank subject", lambda w: {"subject": "   "}, "subject"),
    ("subject not text", lambda w: {"subject": {"vi": "x"}}, "subject"),
    ("NUL character", lambda w: {"subject": "a\x00b"}, "subject"),
    ("unknown unit", lambda w: {"tasks": [task(w, lead_unit=987654)]}, "tasks[0].lead_unit"),
    ("unknown supporting unit", lambda w: {"tasks": [task(w, supporting_units=[987654])]}, "tasks[0].supporting_units"),
    ("unit of another authority", lambda w: {"tasks": [task(w, lead_unit=w["commune_unit"].pk)]}, "tasks"),
    ("supporting unit of another authority", lambda w: {"tasks": [task(w, supporting_units=[w["commune_unit"].pk])]}, "tasks"),
    ("an authority as lead unit", lambda w: {"tasks": [task(w, lead_unit=w["district"].pk)]}, "tasks"),
    ("huge unit id", lambda w: {"tasks": [task(w, lead_unit=10**30)]}, "tasks[0].lead_unit"),
    ("non-numeric target value", lambda w: {"targets": [{"text": "t", "target_value": "nhiều"}]}, "targets[0].target_value"),
    ("target value NaN", lambda w: {"targets": [{"text": "t", "target_value": "NaN"}]}, "targets[0].target_value"),
    ("target value too precise", lambda w: {"targets": [{"text": "t", "target_value": "1.123456"}]}, "targets[0].target_value"),
    ("unknown schedule kind", lambda w: {"tasks": [task(w, schedule={"kind": "weekly", "day": 2})]}, "tasks[0].schedule.kind"),
    ("monthly day 32", lambda w: {"tasks": [task(w, schedule={"kind": "monthly", "day": 32})]}, "tasks[0].schedule.day"),
    ("monthly day 0", lambda w: {"tasks": [task(w, schedule={"kind": "monthly", "day": 0})]}, "tasks[0].schedule.day"),
    ("yearly 30/2", lambda w: {"tasks": [task(w, schedule={"kind": "yearly", "day": 30, "month": 2})]}, "tasks"),
    ("yearly month 13", lambda w: {"tasks": [task(w, schedule={"kind": "yearly", "day": 1, "month": 13})]}, "tasks[0].schedule.month"),
    ("once without a date", lambda w: {"tasks": [task(w, schedule={"kind": "once"})]}, "tasks[0].schedule.date"),
    ("once on 30/2", lambda w: {"tasks": [task(w, schedule={"kind": "once", "date": "2025-02-30"})]}, "tasks[0].schedule.date"),
    ("negative unit_cost", lambda w: {"budget_lines": [{"item": "Chi", "unit_cost": -5, "quantity": 1}]}, "budget_lines[0].unit_cost"),
    ("negative quantity", lambda w: {"budget_lines": [{"item": "Chi", "unit_cost": 5, "quantity": -1}]}, "budget_lines[0].quantity"),
    ("money as a fraction", lambda w: {"budget_lines": [{"item": "Chi", "unit_cost": 5.5}]}, "budget_lines[0].unit_cost"),
    ("amount overflows", lambda w: {"budget_lines": [{"item": "Chi", "unit_cost": 10**15, "quantity": 10**9}]}, "budget_lines[0].quantity"),
    ("period ends before it starts", lambda w: {"period_start": "2025-12-31", "period_end": "2025-01-01"}, "period_end"),
    ("impossible date", lambda w: {"period_start": "2025-13-01"}, "period_start"),
    ("unknown recipient purpose", lambda w: {"recipients": [{"name": "UBND xã", "purpose": "xem"}]}, "recipients[0].purpose"),
    ("unknown signing authority", lambda w: {"signing_authority": "KT"}, "signing_authority"),
    ("signer who is not a signer", lambda w: {"signer": w["users"]["reviewer"].pk}, "signer"),
    ("unknown reviewer", lambda w: {"reviewers": [987654]}, "reviewers"),
    ("drafter as reviewer", lambda w: {"reviewers": [w["users"]["drafter"].pk]}, "reviewers"),
    ("a list that is not a list", lambda w: {"tasks": "tất cả"}, "tasks.non_field_errors"),
    ("a part that is not an object", lambda w: {"sections": ["I. MỤC ĐÍCH"]}, "sections[0].non_field_errors"),
    ("a section without heading", lambda w: {"sections": [{"body": "…"}]}, "sections[0].heading"),
]


def assert_error(response, status, code=None):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) >= {"detail", "code"} and body["detail"]
    if code:
        assert body["code"] == code
    return body


@pytest.mark.parametrize("name,fields,path", INVALID_CONTENT, ids=[c[0] for c in INVALID_CONTENT])
def test_invalid_content_on_create_is_400_and_creates_nothing(world, api, unchanged, name, fields, path):
    client = api("drafter")
    with unchanged():
        response = client.post("/api/plans/", plan_json(world, **fields(world)), format="json")
    body = assert_error(response, 400, "invalid")
    assert path in body["errors"], body


@pytest.mark.parametrize("name,fields,path", INVALID_CONTENT, ids=[c[0] for c in INVALID_CONTENT])
def test_invalid_content_on_patch_is_400_and_changes_nothing(world, api, make_plan, unchanged, name, fields, path):
    plan = make_plan()
    client = api("drafter")
    with unchanged():
        response = client.patch(f"/api/plans/{plan.pk}/", fields(world), format="json")
    body = assert_error(response, 400, "invalid")
    assert path in body["errors"], body


@pytest.mark.parametrize(
    "name,body,path",
    [
        ("missing subject", lambda w: {k: v for k, v in plan_json(w).items() if k != "subject"}, "subject"),
        ("missing organization", lambda w: {k: v for k, v in plan_json(w).items() if k != "organization"}, "organization"),
        ("unknown organization", lambda w: plan_json(w, organization=987654), "organization"),
        ("organization not an id", lambda w: plan_json(w, organization="UBND"), "organization"),
        ("a list instead of an object", lambda w: [plan_json(w)], "non_field_errors"),
    ],
)
def test_invalid_new_plans_are_400(world, api, unchanged, name, body, path):
    with unchanged():
        response = api("drafter").post("/api/plans/", body(world), format="json")
    assert path in assert_error(response, 400, "invalid")["errors"]


@pytest.mark.parametrize("raw", ['{"subject": "Kế hoạch"', "not json", '{"subject": NaN}', "[1, 2", '"\\ud800"'])
def test_invalid_json_is_400(world, api, make_plan, unchanged, raw):
    plan = make_plan()
    client = api("drafter")
    with unchanged():
        created = client.post("/api/plans/", raw, content_type="application/json")
        patched = client.patch(f"/api/plans/{plan.pk}/", raw, content_type="application/json")
        acted = client.post(f"/api/plans/{plan.pk}/actions/submit/", raw, content_type="application/json")
    for response in (created, patched, acted):
        assert_error(response, 400)


def test_form_encoded_bodies_are_refused(world, api, unchanged):
    with unchanged():
        response = api("drafter").post("/api/plans/", {"subject": "x", "organization": world["district"].pk})
    assert_error(response, 415)


def test_anonymous_requests_are_401(world, api, make_plan, unchanged):
    plan = make_plan()
    client = api()
    requests = [
        ("get", "/api/me/"),
        ("get", "/api/organizations/"),
        ("get", "/api/users/"),
        ("get", "/api/plans/"),
        ("post", "/api/plans/"),
        ("get", f"/api/plans/{plan.pk}/"),
        ("patch", f"/api/plans/{plan.pk}/"),
        ("get", f"/api/plans/{plan.pk}/actions/"),
        ("post", f"/api/plans/{plan.pk}/actions/submit/"),
        ("get", f"/api/plans/{plan.pk}/history/"),
    ]
    with unchanged():
        for method, url in requests:
            body = plan_json(world, subject="Mới") if method != "get" else None
            assert_error(getattr(client, method)(url, body, format="json"), 401, "not_authenticated")
    bad = api()
    bad.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    with unchanged():
        assert_error(bad.post(f"/api/plans/{plan.pk}/actions/submit/", {}, format="json"), 401, "authentication_failed")


def test_not_permitted_is_403(world, api, make_plan, unchanged):
    draft = make_plan()
    in_review = advance(make_plan(), world, "review")
    in_signing = advance(make_plan(), world, "signing")
    cases = [
        ("reviewer", "post", "/api/plans/", plan_json(world)),
        ("auditor", "post", "/api/plans/", plan_json(world)),
        ("reporter", "post", "/api/plans/", plan_json(world)),
        ("drafter", "post", "/api/plans/", plan_json(world, organization=world["police"].pk)),  # a unit issues nothing
        ("xa_drafter", "post", "/api/plans/", plan_json(world)),  # a drafter of another authority
        ("reviewer", "patch", f"/api/plans/{draft.pk}/", {"subject": "Sửa"}),
        ("drafter2", "patch", f"/api/plans/{draft.pk}/", {"subject": "Sửa"}),  # another drafter of the same authority
        ("auditor", "patch", f"/api/plans/{draft.pk}/", {"subject": "Sửa"}),
        ("drafter", "post", f"/api/plans/{in_review.pk}/actions/approve/", {}),
        ("clerk", "post", f"/api/plans/{in_review.pk}/actions/approve/", {}),
        ("reviewer", "post", f"/api/plans/{draft.pk}/actions/submit/", {}),
        ("drafter", "post", f"/api/plans/{in_signing.pk}/actions/sign/", {"kind": "main", "password": PASSWORD}),
        ("reviewer", "post", f"/api/plans/{in_signing.pk}/actions/sign/", {"kind": "main", "password": PASSWORD}),
        ("reviewer", "post", f"/api/plans/{in_signing.pk}/actions/issue/", {}),
        ("auditor", "post", f"/api/plans/{in_signing.pk}/actions/return_for_revision/", {"comment": "Không"}),
    ]
    for username, method, url, body in cases:
        with unchanged():
            response = getattr(api(username), method)(url, body, format="json")
        assert_error(response, 403, "not_permitted")


def test_a_plan_of_another_authority_is_404_everywhere(world, api, make_plan, unchanged):
    plan = advance(make_plan(), world, "review")
    client = api("xa_drafter")
    with unchanged():
        responses = [
            client.get(f"/api/plans/{plan.pk}/"),
            client.patch(f"/api/plans/{plan.pk}/", {"subject": "Của xã"}, format="json"),
            client.get(f"/api/plans/{plan.pk}/actions/"),
            client.post(f"/api/plans/{plan.pk}/actions/approve/", {}, format="json"),
            client.post(f"/api/plans/{plan.pk}/actions/return_for_revision/", {"comment": "x"}, format="json"),
            client.get(f"/api/plans/{plan.pk}/history/"),
            api("drafter").get("/api/plans/987654/"),
            api("drafter").patch("/api/plans/987654/", {"subject": "x"}, format="json"),
            api("drafter").post("/api/plans/987654/actions/submit/", {}, format="json"),
            api("drafter").get(f"/api/plans/{10**30}/"),
        ]
    for response in responses:
        assert_error(response, 404, "not_found")
    assert plan.pk not in [p["id"] for p in client.get("/api/plans/").json()["results"]]


def test_wrong_state_is_409(world, api, make_plan, unchanged):
    draft = make_plan()
    in_review = advance(make_plan(), world, "review")
    issued = advance(make_plan(), world, "issued")
    cases = [
        ("drafter", "patch", f"/api/plans/{issued.pk}/", {"subject": "Sửa sau ban hành"}),
        ("drafter", "patch", f"/api/plans/{in_review.pk}/", {"subject": "Sửa khi thẩm định"}),
        ("drafter", "patch", f"/api/plans/{in_review.pk}/", {"tasks": []}),
        ("reviewer", "post", f"/api/plans/{draft.pk}/actions/approve/", {}),
        ("drafter", "post", f"/api/plans/{in_review.pk}/actions/submit/", {}),
        ("clerk", "post", f"/api/plans/{draft.pk}/actions/issue/", {}),
        ("drafter", "post", f"/api/plans/{issued.pk}/actions/close/", {"comment": "Xong"}),
    ]
    for username, method, url, body in cases:
        with unchanged():
            response = getattr(api(username), method)(url, body, format="json")
        assert_error(response, 409, "wrong_state")


def test_approving_twice_is_409(world, api, make_plan, unchanged):
    plan = advance(make_plan(reviewers=[world["users"]["reviewer"], world["users"]["reviewer2"]]), world, "review")
    client = api("reviewer")
    assert client.post(f"/api/plans/{plan.pk}/actions/approve/", {}, format="json").status_code == 200
    with unchanged():
        assert_error(client.post(f"/api/plans/{plan.pk}/actions/approve/", {}, format="json"), 409, "wrong_state")


def test_action_input_errors_are_400(world, api, make_plan, unchanged):
    in_signing = advance(make_plan(), world, "signing")
    in_review = advance(make_plan(), world, "review")
    empty_draft = make_plan(sections=[], tasks=[], reviewers=[])
    cases = [
        ("signer", f"/api/plans/{in_signing.pk}/actions/sign/", {"kind": "main", "password": "sai"}, "invalid", "password"),
        ("signer", f"/api/plans/{in_signing.pk}/actions/sign/", {"kind": "main"}, "invalid", "password"),
        ("signer", f"/api/plans/{in_signing.pk}/actions/sign/", {"kind": "chính"}, "invalid", "kind"),
        ("signer", f"/api/plans/{in_signing.pk}/actions/sign/", {}, "invalid", "kind"),
        ("reviewer", f"/api/plans/{in_review.pk}/actions/return_for_revision/", {}, "invalid", "comment"),
        ("reviewer", f"/api/plans/{in_review.pk}/actions/return_for_revision/", {"comment": "   "}, "invalid", "comment"),
        ("reviewer", f"/api/plans/{in_review.pk}/actions/approve/", {"comment": ["a"]}, "invalid", "comment"),
        ("drafter", f"/api/plans/{empty_draft.pk}/actions/submit/", {}, "conditions_unmet", None),
    ]
    for username, url, body, code, field in cases:
        with unchanged():
            response = api(username).post(url, body, format="json")
        data = assert_error(response, 400, code)
        if field:
            assert field in data["errors"], data
        else:
            assert data["reasons"]


def test_an_unknown_action_is_404(world, api, make_plan, unchanged):
    plan = make_plan()
    with unchanged():
        response = api("drafter").post(f"/api/plans/{plan.pk}/actions/publish/", {}, format="json")
    assert_error(response, 404, "unknown_action")
