"""A stored file: its bytes in a row of the database, so it is written (or not) with the row that
names it, and every web node reads the same files without a shared disk."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StoredFile(models.Model):
    name = models.CharField(_("tên"), max_length=255, unique=True)
    content = models.BinaryField(_("nội dung"))
    size = models.PositiveBigIntegerField(_("kích thước (byte)"))
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("tệp lưu trữ")
        verbose_name_plural = _("tệp lưu trữ")

    def __str__(self):
        return self.name
