"""The per-plan timeline (one append-only, hash-chained event per edit, transition, decision),
the signed checkpoints of all chains, and the installation key that signs them.

All three are append-only: the application refuses to change or delete a row (save/delete and
queryset update/delete raise), and on PostgreSQL triggers refuse it in the database too
(migration 0004). audit.verify.trail still catches a change made by other means.
"""

import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from audit.record.canonical import CanonicalizationError, canonical_json


class CanonicalJSONField(models.TextField):
    """JSON stored as its RFC 8785 canonical text (audit.record.canonical).

    Reads give Python values, like a JSONField. Because the stored text is already canonical,
    audit.verify.trail can hash an event from its stored columns without parsing and re-serializing
    them — the difference between ~20,000 and well over 50,000 events/s. Text that is not
    canonical (written by other means) still verifies: verify then parses it and compares values.
    """

    def from_db_value(self, value, expression, connection):
        return None if value is None else json.loads(value)

    def to_python(self, value):
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError as error:
                raise ValidationError(str(error)) from error
        return value

    def get_prep_value(self, value):
        if value is None:
            return None
        try:
            return canonical_json(value).decode("utf-8")
        except CanonicalizationError as error:
            raise ValueError(f"{self.name}: {error}") from error

    def value_to_string(self, obj):
        return self.get_prep_value(self.value_from_object(obj))


class AppendOnlyError(ValueError):
    pass


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(f"{self.model._meta.label} rows are append-only.")

    def delete(self):
        raise AppendOnlyError(f"{self.model._meta.label} rows are append-only.")


class AppendOnly(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk:
            raise AppendOnlyError(f"{self._meta.label} rows are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(f"{self._meta.label} rows are append-only.")


class AuditEvent(AppendOnly):
    """One event of a plan's chain, appended by plans.audited.audited_write (the plan is named by
    its app label: audit's recording half sits below plans and never imports it)."""

    class Kind(models.TextChoices):
        EDIT = "edit", _("Chỉnh sửa")
        TRANSITION = "transition", _("Chuyển trạng thái")
        REVIEW = "review", _("Thẩm định")
        SIGNATURE = "signature", _("Ký")
        REPORT = "report", _("Báo cáo")
        DELIVERY = "delivery", _("Chuyển, nhận văn bản")

    class Action(models.TextChoices):
        """What an event records. The lifecycle's actions (plans.rules.ACTIONS) take their labels here."""

        CREATE = "create", _("Tạo dự thảo")
        IMPORT = "import", _("Nhập từ văn bản")
        EDIT = "edit", _("Chỉnh sửa")
        # the lifecycle (workflow.services.perform)
        SUBMIT = "submit", _("Trình thẩm định")
        APPROVE = "approve", _("Đồng ý, trình ký")
        RETURN_FOR_REVISION = "return_for_revision", _("Trả lại để sửa")
        SIGN = "sign", _("Ký")  # the action; its events are sign_initial or sign_main
        SIGN_INITIAL = "sign_initial", _("Ký nháy")
        SIGN_MAIN = "sign_main", _("Ký chính")
        ISSUE = "issue", _("Ban hành, cấp số")
        START_REPORTING = "start_reporting", _("Bắt đầu theo dõi báo cáo")
        CLOSE = "close", _("Kết thúc kế hoạch")
        WITHDRAW = "withdraw", _("Rút lại để sửa")
        DISCARD = "discard", _("Hủy bỏ dự thảo")
        RECALL = "recall", _("Thu hồi")
        SUCCESSOR = "successor", _("Tạo văn bản đính chính, thay thế")
        REGISTER_PAPER = "register_paper", _("Đăng ký văn bản đã ban hành trên giấy")
        RECEIVED = "received", _("Vào sổ văn bản đến")
        ACKNOWLEDGED = "acknowledged", _("Lãnh đạo đã xem văn bản đến")
        # reporting.services: reports and decisions on report slots
        REPORT_SUBMITTED = "report_submitted", _("Nộp báo cáo")
        REPORT_RETURNED = "report_returned", _("Trả lại báo cáo")
        REPORT_ACCEPTED = "report_accepted", _("Chấp nhận báo cáo")
        SLOT_WAIVED = "slot_waived", _("Miễn báo cáo")
        SLOT_OVERDUE = "slot_overdue", _("Kỳ báo cáo quá hạn")
        # approvals.comments: review comments
        COMMENT_ADDED = "comment_added", _("Góp ý kiến")
        COMMENT_ANSWERED = "comment_answered", _("Trả lời ý kiến")
        COMMENT_RESOLVED = "comment_resolved", _("Ý kiến đã giải quyết")

    plan = models.ForeignKey("plans.Plan", on_delete=models.PROTECT, related_name="audit_events")
    seq = models.PositiveIntegerField()
    at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    action = models.CharField(max_length=40, choices=Action.choices)
    from_state = models.CharField(max_length=12, blank=True)
    to_state = models.CharField(max_length=12, blank=True)
    comment = models.TextField(blank=True)
    changes = CanonicalJSONField(default=list, blank=True, help_text="[{field, old, new}]")
    rows = CanonicalJSONField(
        default=list, blank=True, help_text="[{model, id, sha256}]: the history rows and records written with this event."
    )
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["plan", "seq"]
        constraints = [models.UniqueConstraint(fields=["plan", "seq"], name="audit_event_seq_unique")]

    def __str__(self):
        return f"{self.plan_id}#{self.seq} {self.kind}:{self.action}"


class InstallationKey(AppendOnly):
    """The installation's Ed25519 key that signs checkpoints (audit.record.keys). One row, made on first use.

    The private key is stored encrypted (AES-256-GCM under a key derived from SECRET_KEY with HKDF);
    the public key is stored in the clear, as raw 32 bytes in hex."""

    name = models.CharField(max_length=40, unique=True, default="installation")
    algorithm = models.CharField(max_length=20, default="Ed25519")
    public_key = models.CharField(max_length=64)
    encrypted_private_key = models.TextField(help_text="base64 of salt (16) | nonce (12) | AES-GCM ciphertext")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.name} {self.algorithm} {self.public_key[:16]}…"


class Checkpoint(AppendOnly):
    """A signed statement of every chain's head: {plan_id: [seq, hash]} at `created_at`.

    The signature covers audit.record.canonical.checkpoint_message(as_dict()): the Merkle root of the
    heads (audit.record.merkle) and their number (version 2). `prev` is the
    digest of the previous checkpoint, so checkpoints form a chain too. `audit_checkpoint --export
    FILE` writes one as JSON for an auditor to keep outside the database."""

    created_at = models.DateTimeField()
    version = models.PositiveSmallIntegerField(default=2)
    heads = models.JSONField(help_text='{"<plan id>": [seq, hash]} for every plan with events')
    heads_root = models.CharField(max_length=64, blank=True, default="", help_text="Merkle root of `heads` (version 2)")
    heads_count = models.PositiveIntegerField(null=True, blank=True, help_text="number of heads (version 2)")
    prev = models.CharField(max_length=64)
    algorithm = models.CharField(max_length=20, default="Ed25519")
    public_key = models.CharField(max_length=64)
    signature = models.CharField(max_length=128)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"checkpoint {self.pk} ({len(self.heads)} chains)"


class VerifyResult(models.Model):
    """The verify page's last result for a plan (audit.verify.stored), with the chain head and the
    checkpoint it checked, so the page shows it again instead of verifying on every visit.

    Safe outside the chain: it is a cache of a computation anyone can redo (audit.verify.trail over
    the plan's chain, rows, signatures and checkpoint), it never decides anything — no action, API
    answer, export or `audit_verify` reads it — and the page says it is the stored result and when
    it was made, beside the button that checks everything again. Neither history-tracked nor
    append-only: it is overwritten in place (one row a plan), and the auditor's page writing it
    changes none of the plan's data."""

    plan = models.OneToOneField("plans.Plan", on_delete=models.CASCADE, related_name="+")
    checked_at = models.DateTimeField()
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    head_seq = models.PositiveIntegerField(help_text="seq of the chain's last event when checked (0: no event)")
    head_hash = models.CharField(max_length=64, help_text="hash of that event (GENESIS for an empty chain)")
    checkpoint_id = models.PositiveBigIntegerField(null=True, blank=True, help_text="the latest checkpoint then (none: null)")
    events = models.PositiveIntegerField(default=0)
    ok = models.BooleanField()
    chain_ok = models.BooleanField()
    signatures_ok = models.BooleanField()
    anchored = models.BooleanField(default=False)
    problems = models.JSONField(default=list, blank=True, help_text="each problem as audit.verify.trail names it")

    def __str__(self):
        return f"verify {self.plan_id} @{self.head_seq} {'ok' if self.ok else 'problems'}"
