"""Importing a plan: read the file, recognize the plan, let the drafter correct it, create the draft.

The draft is made by plans.services.create_plan with the action `import`: its first audit event
names the source file's SHA-256, and the source file (an ImportedSource, bytes in the filestore) is
written in the same transaction, covered by the same event. A refusal — an unreadable file, text
that is not a plan, a user who is not a drafter of the organization — writes nothing.
"""

import datetime as dt
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditEvent
from config.refusals import InvalidInput
from plans.models import BlockKind
from plans.rules import create_refusal
from plans.services import create_plan

from .models import ImportedSource, PendingImport
from .readers import check_size, read_upload
from .recognize import recognize

EDITABLE_KINDS = (BlockKind.PARAGRAPH, BlockKind.HEADING, BlockKind.TARGET, BlockKind.TASK)
"""The kinds the review screen lets the drafter give a block."""


@dataclass
class Reading:
    """A file read and recognized: what the review screen shows and the import writes."""

    source: object  # planimport.source.SourceDocument
    recognition: object  # planimport.recognize.Recognition

    @property
    def report(self):
        """The import report: the recognizer's, with what the reader noticed (OCR, its warnings)."""
        report = dict(self.recognition.report)
        recognized = dict(report.get("recognized") or {})
        recognized["ocr"] = self.source.ocr
        warnings = list(report.get("warnings") or [])
        warnings += [warning for warning in self.source.warnings if warning not in warnings]
        return {**report, "recognized": recognized, "warnings": warnings}


def refuse_unless_drafter(user, organization):
    refusal = create_refusal(user, organization)
    if refusal is not None:
        raise refusal


def read_file(data, organization):
    """Read and recognize the bytes of an uploaded file (InvalidInput when it cannot be)."""
    source = read_upload(data)
    return Reading(source=source, recognition=recognize(source, organization))


def read_uploaded(upload):
    """The bytes of an uploaded file, its size checked before it is read."""
    check_size(upload.size)
    return upload.read()


def clean_file_name(name):
    """The uploaded file's own name, without a path or control characters."""
    name = re.sub(r"[\x00-\x1f\x7f-\x9f]", "", (name or "").replace("\\", "/").rsplit("/", 1)[-1]).strip()
    return name[-255:] or "van-ban"


def corrected(plan_data, corrections):
    """`plan_data` with the drafter's corrections: `subject`, and `blocks` (one per recognized body
    block, in order: `kind`, `text`, `drop`)."""
    data = dict(plan_data)
    if not corrections:
        return data
    if corrections.get("subject") is not None:
        data["subject"] = corrections["subject"]
    changes = corrections.get("blocks")
    if changes is None:
        return data
    body = list(data.get("body") or [])
    if len(changes) != len(body):
        raise InvalidInput(_("Các khối gửi lên không khớp với văn bản đã nhận dạng: hãy tải lại trang."))
    new_body = []
    for block, change in zip(body, changes, strict=True):
        if change.get("drop"):
            continue
        block = dict(block)
        kind = change.get("kind") or block["kind"]
        if kind != block["kind"]:
            if kind not in EDITABLE_KINDS or block["kind"] not in EDITABLE_KINDS:
                raise InvalidInput(_("Không đổi được loại khối này."), errors={"kind": [_("Loại khối không hợp lệ.")]})
            block["kind"] = kind
            if kind == BlockKind.HEADING and not block.get("level"):
                block["level"] = 1
        if change.get("text") is not None:
            block["text"] = change["text"]
        new_body.append(block)
    data["body"] = new_body
    return data


def import_plan(user, organization, data, name, *, corrections=None, stored_name=None):
    """Create the draft from a file's bytes; returns (plan, import report). `stored_name`: the file
    is already in the filestore (a pending upload) — the plan keeps that stored file."""
    refuse_unless_drafter(user, organization)
    reading = read_file(data, organization)
    source = reading.source
    name = clean_file_name(name)

    def attach(plan, event):
        kept = ImportedSource(
            plan=plan,
            original_name=name,
            kind=source.kind,
            ocr=source.ocr,
            size=len(data),
            sha256=source.sha256,
            reference=reading.recognition.source_reference or {},
        )
        if stored_name:
            kept.file.name = stored_name
        else:
            kept.file.save(name, ContentFile(data), save=False)
        kept.save()
        event.changes.append({"field": "source_sha256", "old": None, "new": source.sha256})
        event.comment = _("Nhập từ tệp “%(name)s” (SHA-256 %(sha)s).") % {"name": name, "sha": source.sha256}

    plan = create_plan(user, organization, corrected(reading.recognition.plan, corrections), action=AuditEvent.Action.IMPORT, attach=attach)
    return plan, reading.report


# --- an upload waiting for its review (the web page) -----------------------------------------------


def start_pending(user, organization, upload):
    """Check and keep an upload for the review screen; returns (PendingImport, Reading)."""
    refuse_unless_drafter(user, organization)
    data = read_uploaded(upload)
    reading = read_file(data, organization)  # refused here, before anything is kept
    name = clean_file_name(upload.name)
    with transaction.atomic():
        clear_expired()
        pending = PendingImport(
            owner=user,
            organization=organization,
            original_name=name,
            sha256=reading.source.sha256,
            expires_at=timezone.now() + dt.timedelta(hours=settings.PLANFLOW_IMPORT_PENDING_HOURS),
        )
        pending.file.save(name, ContentFile(data), save=False)
        pending.save()
    return pending, reading


def pending_of(user, pk):
    """The user's own pending upload, not expired, or None."""
    return PendingImport.objects.select_related("organization").filter(owner=user, pk=pk, expires_at__gt=timezone.now()).first()


def read_pending(pending):
    return read_file(_pending_bytes(pending), pending.organization)


def finish_pending(user, pending, corrections):
    """Create the draft from a pending upload with the drafter's corrections; the upload is done."""
    with transaction.atomic():
        plan, _report = import_plan(
            user,
            pending.organization,
            _pending_bytes(pending),
            pending.original_name,
            corrections=corrections,
            stored_name=pending.file.name,
        )
        pending.delete()  # the stored file now belongs to the plan
    return plan


def _pending_bytes(pending):
    with pending.file.open("rb") as stored:
        return stored.read()


def clear_expired():
    """Forget the uploads nobody saved in time, with their stored files."""
    for pending in PendingImport.objects.filter(expires_at__lte=timezone.now()):
        pending.file.delete(save=False)
        pending.delete()


def authorities_queryset(authorities):
    """The user's drafting authorities as a queryset (a form's choices)."""
    from accounts.models import Organization

    return Organization.objects.filter(pk__in=[org.pk for org in authorities]).order_by("name")


def source_of(plan):
    """The file `plan` was imported from, or None."""
    return ImportedSource.objects.filter(plan=plan).first()
