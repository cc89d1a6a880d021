"""Request bodies within limits (issue 13, point 6).

- JSON nested deeper than PLANFLOW_JSON_MAX_DEPTH is a JSON 400 (code "parse_error") on every
  endpoint that takes a body — the token login included — and in the JSON a multipart form carries;
  a depth Python's parser cannot even reach (100 000) is the same 400, never a 500.
- A body over the limit is a JSON 413 (code "too_large") on every API path, before it is read.
Nothing is written by a refused request.
"""

import json

import pytest
from django.test import Client

from tests.api.conftest import advance, plan_json
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

DEPTH_LIMIT = 32  # PLANFLOW_JSON_MAX_DEPTH's default


def nested(depth, leaf=1):
    """JSON text of `depth` nested arrays, built as text (json.dumps itself would recurse)."""
    return "[" * depth + json.dumps(leaf) + "]" * depth


def deep_object(depth):
    return '{"a":' * depth + "1" + "}" * depth


def assert_json_error(response, status, code):
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = response.json()
    assert body["code"] == code, body
    assert body["detail"]
    return body


def body_operations(client):
    """(method, path) of every API operation of the schema that takes a request body, with a real id."""
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    found = []
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in ("post", "put", "patch") and "requestBody" in operation:
                found.append((method, path))
    return found


@pytest.fixture
def ids(world, make_plan, reporting_plan):
    """A real id for each path parameter, so no endpoint can answer 404 before it reads its body."""
    from approvals.comments import add_comment
    from reporting.models import ReportSlot

    in_review = advance(make_plan(), world, "review")
    comment = add_comment(in_review, world["users"]["reviewer"], text="Xem lại mục I.")
    slot = ReportSlot.objects.filter(plan=reporting_plan, task__lead_unit=world["police"]).first()
    return {"plans": in_review.pk, "slots": slot.pk, "comments": comment.pk, "attachments": 1}


def real_path(path, ids):
    """/api/slots/{id}/reports/ → /api/slots/12/reports/ (the id of the kind its path names)."""
    parts = path.split("/")
    for i, part in enumerate(parts):
        if part == "{id}":
            parts[i] = str(ids[parts[i - 1]])
        elif part == "{name}":
            parts[i] = "submit"
    return "/".join(parts)


@pytest.mark.parametrize("depth", [DEPTH_LIMIT + 1, 100_000])
def test_deep_json_is_a_json_400_on_every_endpoint_with_a_body(world, api, ids, unchanged, depth):
    operations = body_operations(api("drafter"))
    assert len(operations) >= 8, operations
    assert ("post", "/api/auth/token/") in operations
    for method, path in operations:
        with unchanged():
            for body in (nested(depth), deep_object(depth)):
                for client in (api("drafter"), api()):
                    response = getattr(client, method)(real_path(path, ids), body, content_type="application/json")
                    assert_json_error(response, 400, "parse_error")


def test_json_just_within_the_limit_is_read(world, api):
    # The login reads {"username", "password"}: nesting inside them is refused by the fields, not the parser.
    body = {"username": "drafter", "password": PASSWORD, "extra": json.loads(nested(DEPTH_LIMIT - 2))}
    response = api().post("/api/auth/token/", body, format="json")
    assert response.status_code == 200, response.content


def test_the_limit_comes_from_settings(world, api, settings):
    settings.PLANFLOW_JSON_MAX_DEPTH = 4
    body = json.dumps({"username": "drafter", "password": PASSWORD, "x": [[[1]]]})  # depth 4
    assert api().post("/api/auth/token/", body, content_type="application/json").status_code == 200
    body = json.dumps({"username": "drafter", "password": PASSWORD, "x": [[[[1]]]]})  # depth 5
    assert_json_error(api().post("/api/auth/token/", body, content_type="application/json"), 400, "parse_error")


def test_brackets_inside_strings_do_not_count(world, api):
    body = json.dumps({"username": "drafter", "password": PASSWORD, "note": "[" * 5000 + "{" * 5000})
    assert api().post("/api/auth/token/", body, content_type="application/json").status_code == 200


def test_deep_json_in_a_multipart_form_field_is_a_json_400(world, api, ids, unchanged):
    with unchanged():
        for depth in (DEPTH_LIMIT + 1, 100_000):
            response = api("reporter").post(
                f"/api/slots/{ids['slots']}/reports/",
                {"progress": 50, "text": "Đã làm", "target_values": nested(depth)},
                format="multipart",
            )
            assert_json_error(response, 400, "parse_error")


def test_deep_json_to_a_web_page_is_a_400_too(world):
    """The web pages take forms, not JSON; a deep JSON body sent to one (the login) is refused the same way."""
    response = Client().post("/accounts/login/", nested(100_000), content_type="application/json")
    assert_json_error(response, 400, "parse_error")


# --- size -------------------------------------------------------------------------------------


def test_an_oversized_json_body_is_a_json_413_on_api_paths(world, api, settings, unchanged):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024
    big = plan_json(world, preamble="x" * (80 * 1024))
    with unchanged():
        for client, path in ((api("drafter"), "/api/plans/"), (api(), "/api/auth/token/"), (api("drafter"), "/api/no-such-endpoint/")):
            response = client.post(path, big, format="json")
            body = assert_json_error(response, 413, "too_large")
            assert "64 KB" in body["detail"]


def test_an_oversized_multipart_body_is_a_json_413(world, api, ids, settings):
    settings.PLANFLOW_ATTACHMENT_MAX_BYTES = 1024
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    from django.core.files.uploadedfile import SimpleUploadedFile

    files = [SimpleUploadedFile(f"r{i}.pdf", b"%PDF-1.4\n" + b"0" * 2000, content_type="application/pdf") for i in range(12)]
    response = api("reporter").post(f"/api/slots/{ids['slots']}/reports/", {"progress": 1, "attachments": files}, format="multipart")
    assert_json_error(response, 413, "too_large")


def test_too_many_form_fields_is_a_json_400_on_api_paths(world, api, settings, reporting_plan):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    fields = {f"f{i}": "x" for i in range(50)}
    slot = reporting_plan.report_slots.filter(task__lead_unit=world["police"]).first()
    response = api("reporter").post(f"/api/slots/{slot.pk}/reports/", fields)  # multipart by default
    assert_json_error(response, 400, "too_many_fields")


def test_the_login_reads_json_only(world, api):
    """docs/API.md: the token is asked for with JSON; a form is a JSON 415 (one declared body type)."""
    response = api().post("/api/auth/token/", {"username": "drafter", "password": PASSWORD})
    assert_json_error(response, 415, "unsupported_media_type")


def test_a_body_within_the_limit_is_served(world, api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024
    response = api("drafter").post("/api/plans/", plan_json(world, preamble="x" * 900), format="json")
    assert response.status_code == 201, response.content
