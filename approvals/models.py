"""Review decisions and signatures: append-only records written by workflow.services.perform."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from plans.models import Plan, SigningAuthority


class ReviewDecision(models.Model):
    class Decision(models.TextChoices):
        APPROVE = "approve", _("Đồng ý")
        RETURN = "return", _("Trả lại")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="review_decisions")
    review_round = models.PositiveIntegerField()
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(max_length=10, choices=Decision.choices)
    comment = models.TextField(blank=True)
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["decided_at", "id"]
        indexes = [models.Index(fields=["plan", "review_round"])]

    def __str__(self):
        return f"{self.reviewer_id} {self.decision} (vòng {self.review_round})"


class Signature(models.Model):
    """Who signed which content, in what capacity.

    `content_hash` is SHA-256 over the RFC 8785 canonical JSON of the plan's content
    (plans.content). The key fields stay empty until signatures get real keys (approval desk);
    the record is shaped so that a public-key signature and its certificate fit beside the hash.
    """

    class Kind(models.TextChoices):
        INITIAL = "initial", _("Ký nháy")
        MAIN = "main", _("Ký chính")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="signatures")
    review_round = models.PositiveIntegerField()
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="signatures")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    authority = models.CharField(max_length=5, choices=SigningAuthority.choices, blank=True)
    position = models.CharField(max_length=100, blank=True)
    signer_name = models.CharField(max_length=255, blank=True)
    signed_at = models.DateTimeField()
    content_hash = models.CharField(max_length=64)
    algorithm = models.CharField(max_length=30, default="sha256")
    signature_value = models.BinaryField(null=True, blank=True)
    certificate_pem = models.TextField(blank=True)

    class Meta:
        ordering = ["signed_at", "id"]
        indexes = [models.Index(fields=["plan", "kind"])]

    def __str__(self):
        return f"{self.signer_id} {self.kind} {self.content_hash[:12]}"
