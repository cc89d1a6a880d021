"""Hostile text (issue 13, point 5): one rule (config.text) for every text field of every model, shared
by the forms, the API, the services (import, demo, shell) and the admin.

Refused, with a Vietnamese message naming the character and where it is: C0/C1 control characters
(tab and line breaks only where the text has several lines), bidi overrides and isolates, U+FEFF
inside the text, lone surrogates, noncharacters. Text is stored NFC: Vietnamese typed decomposed
finds and equals the same words typed precomposed. Rows stored before the rule still print to DOCX
and PDF, the refused characters shown as U+FFFD.
"""

import io
import json
import subprocess
import unicodedata

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models

from config.refusals import InvalidInput
from plans.models import Block, Plan, Section
from plans.services import create_plan
from tests.api.conftest import advance, plan_json
from tests.conftest import PASSWORD, plan_data
from tests.ui.helpers import plan_form_data

pytestmark = pytest.mark.django_db

SUBJECT = "Kế hoạch tuyên truyền năm 2025"

# (name, the hostile text, the code point the message must name, a word of the message)
HOSTILE = [
    ("bell (C0)", f"{SUBJECT}\x07", "U+0007", "điều khiển"),
    ("NUL (C0)", "Kế\x00 hoạch", "U+0000", "điều khiển"),
    ("escape (C0)", f"\x1b[31m{SUBJECT}", "U+001B", "điều khiển"),
    ("DEL", f"{SUBJECT}\x7f", "U+007F", "điều khiển"),
    ("next line (C1)", "Kế hoạch\x85năm 2025", "U+0085", "điều khiển"),
    ("CSI (C1)", "Kế hoạch\x9b năm 2025", "U+009B", "điều khiển"),
    *[(f"bidi U+{code:04X}", f"Kinh phí 3{chr(code)}00 tỷ đồng", f"U+{code:04X}", "đảo chiều") for code in range(0x202A, 0x202F)],
    *[(f"bidi isolate U+{code:04X}", f"Kinh phí {chr(code)}300 tỷ đồng", f"U+{code:04X}", "đảo chiều") for code in range(0x2066, 0x206A)],
    ("BOM inside", "Kế hoạch\ufeff năm 2025", "U+FEFF", "BOM"),
    ("lone high surrogate", "Kế hoạch \ud800 năm 2025", "U+D800", "surrogate"),
    ("lone low surrogate", "Kế hoạch \udfff", "U+DFFF", "surrogate"),
    ("noncharacter U+FFFE", "Kế hoạch \ufffe", "U+FFFE", "không dùng"),
    ("noncharacter U+FDD0", "Kế hoạch \ufdd0", "U+FDD0", "không dùng"),
    ("noncharacter U+1FFFF", "Kế hoạch \U0001ffff", "U+1FFFF", "không dùng"),
    ("newline in one line", "Kế hoạch\nnăm 2025", "U+000A", "một dòng"),
    ("tab in one line", "Kế hoạch\tnăm 2025", "U+0009", "một dòng"),
]


def raw_json(body):
    """JSON text with every non-ASCII character escaped, so a lone surrogate travels as \\ud800."""
    return json.dumps(body, ensure_ascii=True)


def assert_names_the_character(messages, code, word):
    assert any(code in message and word in message for message in messages), messages


@pytest.mark.parametrize("name,text,code,word", HOSTILE, ids=[h[0] for h in HOSTILE])
def test_the_api_refuses_hostile_text_and_stores_nothing(world, api, unchanged, name, text, code, word):
    client = api("drafter")
    with unchanged():
        response = client.post("/api/plans/", raw_json(plan_json(world, subject=text)), content_type="application/json")
    assert response.status_code == 400, response.content[:300]
    body = response.json()
    assert body["code"] == "invalid"
    assert_names_the_character(body["errors"]["subject"], code, word)


@pytest.mark.parametrize("name,text,code,word", HOSTILE[:8], ids=[h[0] for h in HOSTILE[:8]])
def test_hostile_text_in_a_nested_part_is_refused_at_its_path(world, api, make_plan, unchanged, name, text, code, word):
    plan = make_plan()
    with unchanged():
        response = api("drafter").patch(
            f"/api/plans/{plan.pk}/", raw_json({"sections": [{"heading": "I. MỤC ĐÍCH", "body": text}]}), content_type="application/json"
        )
    assert response.status_code == 400
    assert_names_the_character(response.json()["errors"]["sections[0].body"], code, word)


def test_several_lines_may_hold_line_breaks_and_tabs(world, api):
    body = "Dòng một\nDòng hai\r\n\tDòng ba thụt vào"
    response = api("drafter").post("/api/plans/", plan_json(world, preamble=body), format="json")
    assert response.status_code == 201, response.content
    assert Plan.objects.get(pk=response.json()["id"]).preamble == body


def test_every_text_input_of_the_api_refuses_it(world, api, make_plan, reporting_plan, unchanged):
    """Comments, replies, action comments, reports and report decisions too."""
    bidi = "Đồng ý\u202e 000.1"
    in_review = advance(make_plan(), world, "review")
    slot = reporting_plan.report_slots.filter(task__lead_unit=world["police"]).order_by("due_on").first()
    cases = [
        ("reviewer", f"/api/plans/{in_review.pk}/comments/", {"text": bidi}, "text"),
        ("reviewer", f"/api/plans/{in_review.pk}/actions/approve/", {"comment": bidi}, "comment"),
        ("reporter", f"/api/slots/{slot.pk}/reports/", {"progress": 10, "text": bidi}, "text"),
        ("drafter", f"/api/slots/{slot.pk}/review/", {"decision": "waive", "comment": bidi}, "comment"),
    ]
    for username, path, body, field in cases:
        with unchanged():
            response = api(username).post(path, raw_json(body), content_type="application/json")
        assert response.status_code == 400, (path, response.content)
        assert_names_the_character(response.json()["errors"][field], "U+202E", "đảo chiều")


def test_the_web_form_refuses_it_with_the_same_message(world, login, unchanged):
    with unchanged():
        response = login("drafter").post("/plans/new/", plan_form_data(world, subject="Kinh phí 3\u202e00 tỷ"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "U+202E" in page and "đảo chiều" in page


def test_the_services_refuse_it_for_the_import_and_the_shell(world):
    with pytest.raises(InvalidInput) as refused:
        create_plan(world["users"]["drafter"], world["district"], plan_data(world, subject="Kế hoạch\x07"))
    assert_names_the_character(refused.value.errors["subject"], "U+0007", "điều khiển")
    with pytest.raises(InvalidInput) as refused:
        sections = [{"heading": "I. MỤC ĐÍCH", "body": "Nội dung \u2066ẩn"}]
        create_plan(world["users"]["drafter"], world["district"], plan_data(world, sections=sections))
    assert any("U+2066" in message for message in refused.value.errors["sections"])
    assert not Plan.objects.exists()


def test_the_admin_refuses_it(world, client):
    admin = get_user_model().objects.create_superuser("root13", password=PASSWORD)
    client.force_login(admin)
    response = client.post("/admin/accounts/organization/add/", {"name": "UBND xã \u202eiaP", "code": "UBND", "kind": "authority"})
    assert response.status_code == 200  # the form again, with the error
    page = response.content.decode()
    assert "U+202E" in page and "đảo chiều" in page
    assert not world["district"].__class__.objects.filter(code="UBND", name__contains="iaP").exists()


# --- NFC ---------------------------------------------------------------------------------------------


def test_decomposed_vietnamese_is_stored_composed_and_found_by_either(world, api, login):
    composed = "Kế hoạch phòng chống thiên tai năm 2025"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    response = api("drafter").post("/api/plans/", plan_json(world, subject=decomposed), format="json")
    assert response.status_code == 201
    plan = Plan.objects.get(pk=response.json()["id"])
    assert plan.subject == composed
    assert Plan.objects.filter(subject=composed).count() == 1

    query = unicodedata.normalize("NFD", "phòng chống thiên tai")
    found = api("drafter").get("/api/plans/", {"q": query}).json()["results"]
    assert [p["id"] for p in found] == [plan.pk]
    page = login("drafter").get("/plans/", {"q": query}).content.decode()
    assert composed in page

    # The web form's text and a nested part are stored composed too.
    edited = api("drafter").patch(
        f"/api/plans/{plan.pk}/",
        {"sections": [{"heading": unicodedata.normalize("NFD", "I. MỤC ĐÍCH"), "body": decomposed}]},
        format="json",
    )
    assert edited.status_code == 200
    section = Section.objects.get(plan=plan)
    assert (section.heading, section.body) == ("I. MỤC ĐÍCH", composed)


def test_a_leading_byte_order_mark_is_dropped(world, api):
    response = api("drafter").post("/api/plans/", plan_json(world, subject=f"\ufeff{SUBJECT}"), format="json")
    assert response.status_code == 201
    assert Plan.objects.get(pk=response.json()["id"]).subject == SUBJECT


# --- rows stored before the rule ------------------------------------------------------------------


# What PostgreSQL can hold too (it refuses NUL and lone surrogates outright).
LEGACY_SUBJECT = "Kinh phí 3\u202e00 tỷ\x07 đồng\ufeff\ufffe kết thúc"
LEGACY_BODY = "Đoạn một\x08\x1b[2J\u2067đoạn hai\u2069"


def test_rows_stored_before_the_rule_still_render_to_docx_and_pdf(world, make_plan, settings, tmp_path):
    from docx import Document

    from documents.services import document_docx, document_pdf

    settings.MEDIA_ROOT = tmp_path
    plan = make_plan()
    section = Section.objects.get(plan=plan)
    # Straight into the database, as an older version (or another program) could have written them.
    Plan.objects.filter(pk=plan.pk).update(subject=LEGACY_SUBJECT)
    Section.objects.filter(pk=section.pk).update(body=LEGACY_BODY)
    # The body prints from its blocks (issue 16): the section's paragraph block holds the same text.
    Block.objects.filter(plan=plan, kind="paragraph").update(text=LEGACY_BODY)

    docx_bytes, _name = document_docx(Plan.objects.get(pk=plan.pk))
    text = "\n".join(p.text for p in Document(io.BytesIO(docx_bytes)).paragraphs)
    assert "Kinh phí 3\ufffd00 tỷ\ufffd đồng\ufffd\ufffd kết thúc" in text
    assert "Đoạn một\ufffd\ufffd[2J\ufffdđoạn hai\ufffd" in text

    pdf_bytes, _name = document_pdf(Plan.objects.get(pk=plan.pk))
    printed = subprocess.run(["pdftotext", "-", "-"], input=pdf_bytes, capture_output=True, check=True).stdout.decode()
    assert "kết thúc" in printed and "đoạn hai" in printed
    for hostile in "\u202e\u2067\u2069\x07\x1b\ufeff":
        assert hostile not in printed


# --- every model, form and serializer ---------------------------------------------------------------

OUR_APPS = ("accounts", "plans", "documents", "workflow", "approvals", "reporting", "register", "audit")

# Text columns no person types: written by the system from values already checked, or machine data
# (hashes, keys, certificates, signed bytes, canonical JSON). Normalizing them would break what they
# sign or hash. Fields with choices accept only their listed values and are left out too.
MACHINE_WRITTEN = {
    "plans.plan": {"doc_type"},
    "plans.issuecounter": {"doc_type"},
    "plans.plansearch": {"text", "report_text"},  # folded copies of the plan's own text and of its reports (plans.search)
    "documents.signeddocument": {"sha256", "content_hash"},
    "approvals.signature": {"position", "signer_name", "content_hash", "algorithm", "certificate_pem", "signed_payload"},
    "approvals.keypair": {"algorithm", "public_key", "encrypted_private_key", "certificate_pem"},
    "approvals.trustedcertificate": {"certificate_pem", "sha256"},
    "approvals.certificaterevocation": {"serial_number"},
    "approvals.signercertificate": {"certificate_pem", "sha256"},
    "approvals.pendingdevicesignature": {"content_hash", "signed_payload", "certificate_pem", "chain_pem", "document_digest"},
    "reporting.reportattachment": {"content_type"},
    "reporting.reminderlog": {"key", "recipients"},
    "audit.auditevent": {"action", "from_state", "to_state", "comment", "changes", "rows", "prev_hash", "hash"},
    "audit.installationkey": {"name", "algorithm", "public_key", "encrypted_private_key"},
    "audit.checkpoint": {"heads_root", "prev", "algorithm", "public_key", "signature"},
    "audit.verifyresult": {"head_hash"},
}


def our_text_fields():
    for model in apps.get_models():
        if model._meta.app_label not in OUR_APPS or model.__name__.startswith("Historical"):
            continue
        for field in model._meta.concrete_fields:
            if field.model._meta.app_label not in OUR_APPS:
                continue  # inherited from a library (viewflow's process)
            if isinstance(field, models.CharField | models.TextField) and not field.choices:
                if field.name not in MACHINE_WRITTEN.get(model._meta.label_lower, set()):
                    yield model, field


def test_every_text_field_of_every_model_carries_the_rule():
    from config.text import SafeCharField, SafeTextField

    fields = list(our_text_fields())
    assert len(fields) >= 20
    missing = [f"{model._meta.label}.{field.name}" for model, field in fields if not isinstance(field, SafeCharField | SafeTextField)]
    assert not missing, f"text fields without the rule: {missing}"
    wrong_kind = [
        f"{model._meta.label}.{field.name}"
        for model, field in fields
        if isinstance(field, models.TextField) != isinstance(field, SafeTextField)
    ]
    assert not wrong_kind, f"a TextField must be a SafeTextField and a CharField a SafeCharField: {wrong_kind}"


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


# Form and serializer fields that are not text a person writes into a plan: credentials (never
# stored, never normalized), a comment's anchor ("section:12", parsed by its form) and a signing
# device's signatures (base64, decoded and checked: workflow.device_api).
NOT_TEXT = {"username", "password", "anchor", "record_signature", "pdf_signature"}
# The API's input serializers are named so (…InputSerializer, …FilterSerializer, …QuerySerializer,
# CredentialsSerializer); the others only write responses.
INPUT_SERIALIZER = ("InputSerializer", "FilterSerializer", "QuerySerializer", "RequestSerializer")


def _our_modules():
    """Every module of our apps (so every form and serializer class is defined), tests and migrations aside."""
    import pkgutil

    for app in OUR_APPS:
        package = apps.get_app_config(app).module
        for info in pkgutil.walk_packages(package.__path__, prefix=package.__name__ + "."):
            if ".migrations" not in info.name and ".management" not in info.name:
                yield info.name


def test_every_text_input_of_every_form_and_serializer_carries_the_rule():
    import importlib

    from django import forms
    from rest_framework import serializers

    from config.text import SafeFormCharField, SafeSerializerCharField

    for module in _our_modules():
        importlib.import_module(module)
    missing = []
    for form in _subclasses(forms.Form):
        if not form.__module__.startswith(OUR_APPS):
            continue
        for name, field in form.base_fields.items():
            if type(field) is forms.CharField or (isinstance(field, forms.CharField) and not isinstance(field, SafeFormCharField)):
                if name not in NOT_TEXT and not isinstance(field, forms.ChoiceField | forms.TypedChoiceField):
                    missing.append(f"{form.__module__}.{form.__name__}.{name}")
    inputs = [s for s in _subclasses(serializers.Serializer) if s.__module__.startswith(OUR_APPS) and s.__name__.endswith(INPUT_SERIALIZER)]
    assert len(inputs) >= 15, inputs
    for serializer in inputs:
        for name, field in serializer().fields.items():
            if field.read_only or name in NOT_TEXT:
                continue
            if isinstance(field, serializers.CharField) and not isinstance(field, SafeSerializerCharField):
                missing.append(f"{serializer.__module__}.{serializer.__name__}.{name}")
    assert not missing, f"text inputs without the rule: {missing}"


def test_the_rule_itself():
    from config.text import text_problem

    assert text_problem("Kế hoạch số 15/KH-UBND ngày 05/3/2025 — “Chung tay” (100%)") is None
    assert text_problem("Dòng một\nDòng hai\tcột", multiline=True) is None
    assert text_problem("Dòng một\nDòng hai", multiline=False)
    assert text_problem("Emoji 🎉 và chữ Hán 漢字 được phép") is None
    assert text_problem("\u200b\u200c\u200d zero-width joiners are not in the list") is None
