"""Documents are stored with the record (issue 20, point 5): the signed PDF is written in the
transaction that records it. A failure at any step of `sign` (main) or `issue` — before or right
after each write — leaves neither a file nor a row behind; a committed action has both, and every
web node reads the file from the database (no shared disk)."""

import pytest

from approvals.models import Signature
from audit.models import AuditEvent
from documents.models import SignedDocument
from filestore.models import StoredFile
from plans.models import Plan
from reporting.models import ReportSlot
from tests.conftest import PASSWORD
from tests.documents.conftest import drive
from workflow.services import perform


class InjectedFault(Exception):
    """The failure the tests inject (any exception: a crash, a lost connection, a bug)."""


def _fail_after(monkeypatch, target):
    """Make `module:attribute.path` raise right after it ran (its writes done, the request not)."""
    module_name, path = target.split(":")
    owner = __import__(module_name, fromlist=["_"])
    *parents, attribute = path.split(".")
    for parent in parents:
        owner = getattr(owner, parent)
    original = getattr(owner, attribute)

    def failing(*args, **kwargs):
        original(*args, **kwargs)
        raise InjectedFault(target)

    monkeypatch.setattr(owner, attribute, failing)


def _snapshot(plan):
    plan = Plan.objects.get(pk=plan.pk)
    return {
        "state": plan.state,
        "number": plan.number,
        "files": sorted(StoredFile.objects.values_list("name", flat=True)),
        "documents": SignedDocument.objects.count(),
        "signatures": Signature.objects.filter(plan=plan).count(),
        "events": AuditEvent.objects.filter(plan=plan).count(),
        "slots": ReportSlot.objects.filter(plan=plan).count(),
    }


def _no_files_on_disk(media_root):
    return [path for path in media_root.rglob("*") if path.is_file()] if media_root.exists() else []


SIGN_STEPS = [
    "workflow.services:sign_content",  # the signature record written
    "documents.services:render_pdf",  # the PDF rendered
    "documents.pades:certify_as_signer",  # the signer's PAdES signature made
    "filestore.storage:DatabaseStorage._save",  # the file's bytes written
    "documents.services:_store",  # the SignedDocument row written
    "workflow.services:flow_sync.action_performed",  # the approval flow's tasks moved
    "plans.audited:append_event",  # the audit event appended
]
ISSUE_STEPS = [
    "workflow.services:next_number",
    "workflow.services:apply_seal",  # the organization's signature record
    "documents.pades:seal_issued",  # the seal and the number in the PDF
    "filestore.storage:DatabaseStorage._save",
    "documents.services:_store",
    "workflow.services:flow_sync.action_performed",
    "plans.audited:append_event",
]


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.mark.parametrize("step", SIGN_STEPS)
def test_a_failure_at_each_step_of_the_main_signature_leaves_no_file_and_no_row(
    world, make_plan, signed_pdfs, media_root, monkeypatch, step
):
    plan = drive(make_plan(), world, "submit", "approve")
    before = _snapshot(plan)
    _fail_after(monkeypatch, step)
    with pytest.raises(InjectedFault):
        perform(plan, "sign", world["users"]["signer"], kind="main", password=PASSWORD)
    assert _snapshot(plan) == before
    assert _no_files_on_disk(media_root) == []


@pytest.mark.parametrize("step", ISSUE_STEPS)
def test_a_failure_at_each_step_of_issue_leaves_no_file_and_no_row(world, make_plan, signed_pdfs, media_root, monkeypatch, step):
    plan = drive(make_plan(), world, "submit", "approve", "sign")
    before = _snapshot(plan)
    assert before["documents"] == 1 and len(before["files"]) == 1  # the signer's PDF, committed with its signature
    _fail_after(monkeypatch, step)
    with pytest.raises(InjectedFault):
        perform(plan, "issue", world["users"]["clerk"])
    assert _snapshot(plan) == before
    assert _no_files_on_disk(media_root) == []


def test_an_issued_plan_always_has_its_pdf_and_any_node_reads_it_without_a_shared_disk(issued_plan, settings, tmp_path, api):
    document = SignedDocument.objects.get(plan=issued_plan, stage=SignedDocument.Stage.ISSUED)
    stored = StoredFile.objects.get(name=document.file.name)
    assert bytes(stored.content)[:5] == b"%PDF-" and stored.size == len(stored.content)
    settings.MEDIA_ROOT = str(tmp_path / "another-node")  # another web node: its own, empty disk
    response = api("auditor").get(f"/api/plans/{issued_plan.pk}/document.pdf")
    assert response.status_code == 200 and response.content == bytes(stored.content)
