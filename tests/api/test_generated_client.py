"""A client generated from /api/schema/ works as generated (docs/API.md, "A generated client").

openapi-python-client generates the client from the live schema with the project's own configuration
(docs/openapi-client.yaml: files as bytes). The test imports every module, then walks a plan's whole
lifecycle with the typed calls only, and checks every answer against the schema with a strict
OpenAPI 3.0 validator (openapi-schema-validator): its status is documented, its content type is one the
schema declares, and a JSON body fits its schema. The requests go to the Django application in this
process (httpx's WSGI transport), inside the test's transaction."""

import importlib
import json
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from openapi_schema_validator import OAS30ReadValidator, oas30_format_checker
from rest_framework.test import APIClient

from tests.api.conftest import plan_json
from tests.conftest import PASSWORD
from tests.uploads import PDF

CONFIG = Path(settings.BASE_DIR) / "docs" / "openapi-client.yaml"
BASE_URL = "http://testserver"


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    with django_db_blocker.unblock():
        response = APIClient().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return json.loads(response.content)


@pytest.fixture(scope="module")
def generated(schema, tmp_path_factory):
    """The package planflow_client generated into a temporary folder, importable."""
    folder = tmp_path_factory.mktemp("client")
    (folder / "schema.json").write_text(json.dumps(schema), encoding="utf-8")
    generator = Path(sys.executable).with_name("openapi-python-client")
    command = [str(generator), "generate", "--path", str(folder / "schema.json"), "--config", str(CONFIG)]
    command += ["--output-path", str(folder / "out")]
    run = subprocess.run(command, capture_output=True, text=True, cwd=folder)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Warning" not in run.stdout + run.stderr, run.stdout + run.stderr
    sys.path.insert(0, str(folder / "out"))
    try:
        yield importlib.import_module("planflow_client")
    finally:
        sys.path.remove(str(folder / "out"))
        for name in [name for name in sys.modules if name.split(".")[0] == "planflow_client"]:
            del sys.modules[name]


@pytest.fixture
def connection_kept():
    """Django's WSGI handler closes the database connection around each request (close_old_connections);
    inside the test's transaction that would end it. Django's own test client switches this off the
    same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


class SchemaCheck:
    """An httpx response hook: every answer must be one the schema documents, and fit it."""

    def __init__(self, schema):
        self.schema = schema
        self.operations = []
        for template, operations in schema["paths"].items():
            pattern = re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$")
            self.operations.append((pattern, operations))
        self.checked = []

    def operation(self, method, path):
        for pattern, operations in self.operations:
            if pattern.match(path) and method.lower() in operations:
                return operations[method.lower()]
        raise AssertionError(f"{method} {path} is not in the schema")

    def __call__(self, response):
        response.read()
        request = response.request
        operation = self.operation(request.method, request.url.path)
        where = f"{request.method} {request.url.path} → {response.status_code}"
        documented = operation["responses"].get(str(response.status_code))
        assert documented is not None, f"{where}: status not documented ({response.text[:300]})"
        content = documented.get("content", {})
        if not content:
            assert not response.content, f"{where}: a body where the schema declares none"
            return
        media_type = response.headers.get("content-type", "").split(";")[0].strip()
        assert media_type in content, f"{where}: {media_type} is not declared ({sorted(content)})"
        if media_type == "application/json":
            body_schema = {**content[media_type]["schema"], "components": self.schema["components"]}
            validator = OAS30ReadValidator(body_schema, format_checker=oas30_format_checker)
            errors = sorted(validator.iter_errors(response.json()), key=lambda e: list(e.absolute_path))
            assert not errors, f"{where}: " + "; ".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])
        self.checked.append(where)


def test_every_generated_module_imports(generated):
    broken = []
    for module in pkgutil.walk_packages(generated.__path__, "planflow_client."):
        try:
            importlib.import_module(module.name)
        except Exception as error:  # noqa: BLE001 - each failure is named in the assertion
            broken.append(f"{module.name}: {error!r}")
    assert broken == []


@pytest.mark.django_db
def test_the_generated_client_walks_a_plan_from_draft_to_a_filed_report(generated, schema, world, connection_kept):
    models = importlib.import_module("planflow_client.models")
    types = importlib.import_module("planflow_client.types")
    client_module = importlib.import_module("planflow_client.client")
    token_create = importlib.import_module("planflow_client.api.auth.auth_token_create")
    check = SchemaCheck(schema)
    wsgi = get_wsgi_application()

    def http_args():
        return {"transport": httpx.WSGITransport(app=wsgi), "event_hooks": {"response": [check]}}

    def login(username):
        anonymous = client_module.Client(base_url=BASE_URL, httpx_args=http_args(), raise_on_unexpected_status=True)
        token = token_create.sync(client=anonymous, body=models.CredentialsRequest(username=username, password=PASSWORD))
        assert isinstance(token, models.Token), token
        # the API's scheme is "Authorization: Token …" (DRF's), the generated client's default prefix "Bearer"
        return client_module.AuthenticatedClient(
            base_url=BASE_URL, token=token.token, prefix="Token", httpx_args=http_args(), raise_on_unexpected_status=True
        )

    def module(name):
        return importlib.import_module(f"planflow_client.api.plans.{name}")

    def act(client, plan_id, action, **body):
        answer = module("plans_actions_perform").sync(
            plan_id, models.PlansActionsPerformName(action), client=client, body=models.ActionInputRequest(**body)
        )
        assert isinstance(answer, models.Plan), answer
        return answer

    u = world["users"]
    drafter, reviewer, signer, clerk, reporter, auditor = (
        login(name) for name in ("drafter", "reviewer", "signer", "clerk", "reporter", "auditor")
    )

    # create: the typed body from the same JSON the API tests send
    body = plan_json(world, period_start="2025-01-01", period_end="2025-03-31")
    created = module("plans_create").sync(client=drafter, body=models.PlanCreateInputRequest.from_dict(body))
    assert isinstance(created, models.Plan), created
    assert created.available_actions == [models.PlanActionEnum.SUBMIT, models.PlanActionEnum.DISCARD]
    assert created.tasks[0].schedule is not None and created.targets[0].target_value == "77.17"

    act(drafter, created.id, "submit", comment="Kính trình")
    assert act(reviewer, created.id, "approve").state == models.PlanStateEnum.SIGNING
    act(signer, created.id, "sign", kind=models.ActionInputKindEnum.MAIN, password=PASSWORD)
    issued = act(clerk, created.id, "issue")
    assert (issued.state, issued.symbol) == (models.PlanStateEnum.ISSUED, "01/KH-UBND")
    assert act(clerk, created.id, "start_reporting", confirm_overdue=True).state == models.PlanStateEnum.REPORTING  # a 2025 plan: stale

    # a report with a target value and an attachment, then its acceptance
    slots = module("plan_slots").sync(created.id, client=reporter)
    assert slots and all(isinstance(slot, models.Slot) for slot in slots)
    target_id = created.targets[0].id
    report_body = models.ReportInputRequest(
        progress=40,
        text="Đã tuyên truyền",
        target_values=[models.TargetValueInputRequest(target=target_id, value="31.5")],
        attachments=[types.File(payload=PDF, file_name="ket-qua.pdf", mime_type="application/pdf")],
    )
    reports = importlib.import_module("planflow_client.api.slots.slot_reports_create")
    report = reports.sync(slots[0].id, client=reporter, body=report_body)
    assert isinstance(report, models.Report), report
    assert (report.author, report.target_values[0].value) == (u["reporter"].pk, "31.5")
    assert report.attachments[0].name == "ket-qua.pdf"
    review = importlib.import_module("planflow_client.api.slots.slot_review")
    accepted = review.sync(slots[0].id, client=drafter, body=models.ReviewInputRequest(decision=models.DecisionEnum.ACCEPT))
    assert isinstance(accepted, models.Slot) and accepted.state == models.SlotStateEnum.ACCEPTED

    # the auditor's reads: history, verify, the bundle, the PDF and the attachment as bytes
    history = module("plans_history_list").sync(created.id, client=auditor)
    assert [event.action for event in history.results][:2] == [models.ActionEnum.CREATE, models.ActionEnum.SUBMIT]
    verified = module("plans_verify_retrieve").sync(created.id, client=auditor)
    assert isinstance(verified, models.VerifyResult) and verified.ok, verified
    export = importlib.import_module("planflow_client.api.audit.audit_export_retrieve")
    bundle = export.sync(client=auditor, plan=created.id)
    assert isinstance(bundle, models.AuditBundle) and bundle.plan.id == created.id and bundle.version == 2
    pdf = module("plans_document_pdf").sync(created.id, client=auditor)
    assert isinstance(pdf, types.File) and pdf.payload.read().startswith(b"%PDF")
    download = importlib.import_module("planflow_client.api.attachments.attachment_download")
    attachment = download.sync(report.attachments[0].id, client=auditor)
    assert isinstance(attachment, types.File) and attachment.payload.read() == PDF

    assert len(check.checked) >= 20  # every answer above went through the schema check
