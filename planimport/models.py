"""The file a plan was imported from (kept with the plan), and an upload waiting for its review."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from config.text import SafeCharField
from filestore.storage import record_storage


class ImportedSource(models.Model):
    """The source file of an imported plan, stored in the transaction that created the plan (its
    history row is covered by the plan's first audit event, `import`)."""

    plan = models.OneToOneField("plans.Plan", on_delete=models.PROTECT, related_name="imported_source")
    file = models.FileField(_("tệp nguồn"), upload_to="imports/%Y/%m/", storage=record_storage)
    original_name = SafeCharField(_("tên tệp"), max_length=255)
    kind = models.CharField(_("loại"), max_length=10)  # docx, pdf, text (SourceDocument.kind)
    ocr = models.BooleanField(_("nhận dạng chữ từ ảnh"), default=False)
    size = models.PositiveIntegerField(_("kích thước (byte)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    reference = models.JSONField(_("số, nơi ban hành của văn bản nguồn"), default=dict, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("văn bản nguồn được nhập")
        verbose_name_plural = _("văn bản nguồn được nhập")

    def __str__(self):
        return self.original_name


class PendingImport(models.Model):
    """An uploaded file between the upload page and "Lưu bản nháp": kept on the server (the review
    reads it again, never a client's copy), for its owner only, until it expires."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey("accounts.Organization", on_delete=models.CASCADE, related_name="+")
    file = models.FileField(upload_to="imports/pending/", storage=record_storage)
    original_name = SafeCharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()

    def __str__(self):
        return self.original_name
