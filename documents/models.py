"""The signed PDFs of a plan, stored once and served as they are.

A row is written by documents.services inside workflow.services.perform's transaction:
`signed` when the signer's main signature is recorded (the PDF without number, certified by the
signer), `issued` when the clerk issues (the same file plus the number and date filled in and the
organization's seal signature, as incremental updates). Rows and files are never changed
afterwards: a new main signature (after a return and a new round) makes a new `signed` row.
"""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from approvals.models import Signature
from audit.models import AppendOnly
from filestore.storage import record_storage
from plans.models import Plan


def signed_pdf_path(instance, filename):
    return f"documents/plan-{instance.plan_id}/{instance.stage}-{uuid.uuid4().hex}.pdf"


class SignedDocument(AppendOnly):
    class Stage(models.TextChoices):
        SIGNED = "signed", _("Bản người ký đã ký (chưa có số)")
        ISSUED = "issued", _("Bản ban hành (có số và chữ ký số của cơ quan)")

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="signed_documents")
    stage = models.CharField(_("giai đoạn"), max_length=10, choices=Stage.choices)
    signature = models.ForeignKey(Signature, on_delete=models.PROTECT, related_name="+", help_text=_("Chữ ký chính mà tệp mang."))
    file = models.FileField(_("tệp PDF"), upload_to=signed_pdf_path, storage=record_storage)
    sha256 = models.CharField(_("SHA-256 của tệp"), max_length=64)
    content_hash = models.CharField(_("SHA-256 nội dung kế hoạch"), max_length=64)
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("văn bản đã ký số")
        verbose_name_plural = _("văn bản đã ký số")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan"], condition=models.Q(stage="issued"), name="signed_document_one_issued_per_plan"),
            models.UniqueConstraint(fields=["signature", "stage"], name="signed_document_one_per_signature_and_stage"),
        ]

    def __str__(self):
        return f"{self.plan_id} {self.stage} {self.sha256[:12]}"
