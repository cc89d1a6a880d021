"""POST /api/plans/import/ (docs/API.md "Import"): the draft, its report, the `import` event with the
source's SHA-256, the source kept with the plan, and who may import."""

import hashlib
import json

import pytest
from openapi_schema_validator import OAS30ReadValidator, oas30_format_checker
from rest_framework.test import APIClient

from audit.models import AuditEvent
from audit.verify.trail import verify_plan
from planimport.models import ImportedSource
from plans.models import Plan
from tests.planimport import files
from tests.planimport.conftest import upload

pytestmark = pytest.mark.django_db


def post_import(client, organization, data, name="ke-hoach.txt"):
    return client.post("/api/plans/import/", {"file": upload(data, name), "organization": organization.pk}, format="multipart")


@pytest.mark.parametrize("number", [0, 1, 2, 3])
def test_a_seed_as_text_becomes_a_draft_with_its_report(world, api, number):
    data = files.seed_text(number).encode("utf-8")
    response = post_import(api("drafter"), world["district"], data)
    assert response.status_code == 201, response.json()
    body = response.json()
    plan = Plan.objects.get()
    assert (body["id"], body["state"], plan.organization, plan.created_by) == (
        plan.pk,
        "draft",
        world["district"],
        world["users"]["drafter"],
    )
    assert plan.subject and plan.blocks.count() > 5
    report = body.pop("import_report")
    assert set(report) >= {"recognized", "warnings"}
    assert report["recognized"]["ocr"] is False
    assert isinstance(report["warnings"], list)
    read = api("drafter").get(f"/api/plans/{plan.pk}/").json()
    assert {k: v for k, v in body.items() if k != "updated_at"} == {k: v for k, v in read.items() if k != "updated_at"}


def test_the_first_event_is_import_with_the_sha256_and_the_source_stays_with_the_plan(world, api):
    data = files.docx_of(files.seed_lines(3))
    response = post_import(api("drafter"), world["district"], data, name="C:\\Văn bản\\KH 3244.docx")
    assert response.status_code == 201, response.json()
    plan = Plan.objects.get()
    sha = hashlib.sha256(data).hexdigest()
    events = list(AuditEvent.objects.filter(plan=plan).order_by("seq"))
    assert [(e.action, e.kind, e.to_state) for e in events] == [("import", "edit", "draft")]
    assert {"field": "source_sha256", "old": None, "new": sha} in events[0].changes
    assert sha in events[0].comment
    assert plan.history.earliest("history_date").history_change_reason == "import"
    source = ImportedSource.objects.get(plan=plan)
    assert (source.original_name, source.kind, source.sha256, source.size) == ("KH 3244.docx", "docx", sha, len(data))
    with source.file.open("rb") as stored:
        assert stored.read() == data
    report = verify_plan(plan.pk)
    assert report.ok, report.problems


def test_another_organizations_drafter_gets_403_and_nothing_is_created(world, api, nothing_written):
    data = files.seed_text(0).encode("utf-8")
    with nothing_written():
        response = post_import(api("xa_drafter"), world["district"], data)
    assert response.status_code == 403
    assert response.json()["code"] == "not_permitted"


@pytest.mark.parametrize("username", ["reviewer", "signer", "reporter"])
def test_someone_who_drafts_for_no_organization_gets_403(world, api, nothing_written, username):
    with nothing_written():
        response = post_import(api(username), world["district"], files.seed_text(0).encode("utf-8"))
    assert response.status_code == 403


def test_anonymous_gets_401(world, api, nothing_written):
    with nothing_written():
        response = post_import(api(), world["district"], b"KE HOACH")
    assert response.status_code == 401


def test_a_missing_file_or_organization_is_a_400_naming_it(world, api, nothing_written):
    with nothing_written():
        no_file = api("drafter").post("/api/plans/import/", {"organization": world["district"].pk}, format="multipart")
        no_org = api("drafter").post("/api/plans/import/", {"file": upload(b"x")}, format="multipart")
    assert no_file.status_code == no_org.status_code == 400
    assert "file" in no_file.json()["errors"] and "organization" in no_org.json()["errors"]


# --- the OpenAPI schema ----------------------------------------------------------------------------


@pytest.fixture
def schema(db):
    return json.loads(APIClient().get("/api/schema/", {"format": "json"}).content)


def test_the_schema_declares_a_multipart_body_with_a_binary_file(schema):
    operation = schema["paths"]["/api/plans/import/"]["post"]
    content = operation["requestBody"]["content"]
    assert list(content) == ["multipart/form-data"]
    body = content["multipart/form-data"]["schema"]
    if "$ref" in body:
        body = schema["components"]["schemas"][body["$ref"].rsplit("/", 1)[-1]]
    assert body["properties"]["file"] == {**body["properties"]["file"], "type": "string", "format": "binary"}
    assert set(body["required"]) == {"file", "organization"}
    assert set(operation["responses"]) >= {"201", "400", "401", "403"}


def test_the_answers_fit_the_schema(world, api, schema):
    def check(response):
        declared = schema["paths"]["/api/plans/import/"]["post"]["responses"][str(response.status_code)]
        body_schema = {**declared["content"]["application/json"]["schema"], "components": schema["components"]}
        errors = list(OAS30ReadValidator(body_schema, format_checker=oas30_format_checker).iter_errors(response.json()))
        assert not errors, [e.message for e in errors[:5]]

    created = post_import(api("drafter"), world["district"], files.seed_text(2).encode("utf-8"))
    assert created.status_code == 201
    check(created)
    assert "import_report" in schema["components"]["schemas"]["ImportedPlan"]["required"]
    check(post_import(api("drafter"), world["district"], b""))
    check(post_import(api("xa_drafter"), world["district"], b"x"))


def test_a_scanned_page_of_a_seed_is_read_by_ocr_and_recognizes_headings_and_a_target(world, api):
    lines = files.seed_lines(0)[:9] + ["Phấn đấu đến năm 2030 có trên 90% khu dân cư đạt tiêu chuẩn “An toàn về an ninh, trật tự”."]
    scan = files.scanned_pdf_of(files.pdf_of(lines))
    response = post_import(api("drafter"), world["district"], scan, name="scan.pdf")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["import_report"]["recognized"]["ocr"] is True
    assert any("OCR" in warning for warning in body["import_report"]["warnings"])
    headings = [block["text"] for block in body["body"] if block["kind"] == "heading"]
    assert any("MỤC ĐÍCH" in text for text in headings), body["body"]
    assert any(block["kind"] == "target" for block in body["body"]), body["body"]
    assert ImportedSource.objects.get().ocr is True
