"""The per-plan timeline: one append-only, hash-chained event per edit, transition, decision."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from plans.models import Plan


class AuditEvent(models.Model):
    class Kind(models.TextChoices):
        EDIT = "edit", _("Chỉnh sửa")
        TRANSITION = "transition", _("Chuyển trạng thái")
        REVIEW = "review", _("Thẩm định")
        SIGNATURE = "signature", _("Ký")
        REPORT = "report", _("Báo cáo")

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="audit_events")
    seq = models.PositiveIntegerField()
    at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    action = models.CharField(max_length=40)
    from_state = models.CharField(max_length=12, blank=True)
    to_state = models.CharField(max_length=12, blank=True)
    comment = models.TextField(blank=True)
    changes = models.JSONField(default=list, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["plan", "seq"]
        constraints = [models.UniqueConstraint(fields=["plan", "seq"], name="audit_event_seq_unique")]

    def __str__(self):
        return f"{self.plan_id}#{self.seq} {self.kind}:{self.action}"

    def save(self, *args, **kwargs):
        if self.pk:
            raise ValueError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit events are append-only.")
