"""Review decisions, review comments, signatures and the key pairs behind them.

Review decisions and signatures are append-only records written by workflow.services.perform;
review comments are history-tracked and written only by approvals.comments; key pairs are made
on first use by approvals.keys and never change.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Organization
from audit.models import AppendOnly
from config.text import SafeCharField, SafeTextField
from plans.models import TEXT_MAX_LENGTH, Plan, SigningAuthority


class ReviewDecision(AppendOnly):
    """A reviewer's decision in a round: written once, never changed (append-only, like Signature)."""

    class Decision(models.TextChoices):
        APPROVE = "approve", _("Đồng ý")
        RETURN = "return", _("Trả lại")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="review_decisions")
    review_round = models.PositiveIntegerField()
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(max_length=10, choices=Decision.choices)
    comment = SafeTextField(blank=True)
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["decided_at", "id"]
        indexes = [models.Index(fields=["plan", "review_round"])]

    def __str__(self):
        return f"{self.reviewer_id} {self.decision} (vòng {self.review_round})"


class Signature(AppendOnly):
    """Who signed which content, in what capacity, with which key.

    `content_hash` is SHA-256 over the RFC 8785 canonical JSON of the plan's content
    (plans.content). `signed_payload` is the exact RFC 8785 JSON text that was signed (see
    approvals.signing.signed_document: the content, its hash, and what binds the signature to this
    plan, round and moment; for a seal also the number and date of issue); `signature_value` is the
    Ed25519 signature over it, by the key of `certificate_pem` (PEM, issued by the installation's
    CA, approvals.keys). approvals.verify checks all of it.

    Append-only: the application refuses to change or delete one (audit.models.AppendOnly), and so
    do the database's triggers (audit.record.append_only).

    `initial` and `main` are signed by a person (the `sign` action); `seal` is the organization's
    digital signature, applied by the clerk at `issue` (Art. 32 of Nghị định 30/2020): `signer` is
    then the clerk and the certificate is the organization's.
    """

    class Kind(models.TextChoices):
        INITIAL = "initial", _("Ký nháy")
        MAIN = "main", _("Ký chính")
        SEAL = "seal", _("Chữ ký số của cơ quan")

    # The kinds a person signs with the `sign` action (the seal comes only with `issue`).
    PERSONAL_KINDS = (Kind.INITIAL.value, Kind.MAIN.value)

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
    signed_payload = models.TextField(blank=True, help_text="The RFC 8785 JSON text that signature_value signs.")

    class Meta:
        verbose_name = _("chữ ký")
        verbose_name_plural = _("chữ ký")
        ordering = ["signed_at", "id"]
        indexes = [models.Index(fields=["plan", "kind"])]

    def __str__(self):
        return f"{self.signer_id} {self.kind} {self.content_hash[:12]}"


class KeyPair(AppendOnly):
    """A signing key and its X.509 certificate: a CA's, a person's, or an organization's.

    Made on first use by approvals.keys and never changed (append-only). The private key is kept
    encrypted at rest (audit.record.keys: AES-256-GCM under a key derived from SECRET_KEY, the public key
    as associated data); the certificate (PEM) holds the public key. One key per owner and purpose:
    "json" (Ed25519) signs the approval desk's signature records, "pdf" (ECDSA P-256 with SHA-256,
    what PDF readers validate) signs the PAdES signatures of the plan's PDF. Each purpose has its
    own CA, which issues the certificates of that purpose.
    """

    class Owner(models.TextChoices):
        CA = "ca", _("CA của hệ thống")
        PERSON = "person", _("Cá nhân")
        ORGANIZATION = "organization", _("Cơ quan")

    class Purpose(models.TextChoices):
        JSON = "json", _("Chữ ký trên hồ sơ (Ed25519)")
        PDF = "pdf", _("Chữ ký số trên tệp PDF (ECDSA P-256)")

    owner_kind = models.CharField(max_length=12, choices=Owner.choices)
    purpose = models.CharField(max_length=4, choices=Purpose.choices, default=Purpose.JSON)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    organization = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    algorithm = models.CharField(max_length=20, default="Ed25519")
    public_key = models.CharField(
        max_length=130,
        help_text="Hex: the raw 32-byte Ed25519 public key (json), or the 65-byte uncompressed X9.62 point of the P-256 key (pdf).",
    )
    encrypted_private_key = models.TextField(
        help_text="base64 of salt (16) | nonce (12) | AES-GCM ciphertext (audit.record.keys) of the raw Ed25519 key or the P-256 key's PKCS#8 DER"
    )
    certificate_pem = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cặp khóa ký")
        verbose_name_plural = _("cặp khóa ký")
        constraints = [
            models.UniqueConstraint(
                fields=["owner_kind", "purpose"], condition=models.Q(owner_kind="ca"), name="keypair_one_ca_per_purpose"
            ),
            models.UniqueConstraint(
                fields=["user", "purpose"], condition=models.Q(owner_kind="person"), name="keypair_one_per_person_and_purpose"
            ),
            models.UniqueConstraint(
                fields=["organization", "purpose"],
                condition=models.Q(owner_kind="organization"),
                name="keypair_one_per_organization_and_purpose",
            ),
            models.CheckConstraint(
                condition=models.Q(owner_kind="ca", user__isnull=True, organization__isnull=True)
                | models.Q(owner_kind="person", user__isnull=False, organization__isnull=True)
                | models.Q(owner_kind="organization", user__isnull=True, organization__isnull=False),
                name="keypair_owner_matches_kind",
            ),
            models.CheckConstraint(condition=models.Q(purpose__in=["json", "pdf"]), name="keypair_purpose_known"),
        ]

    def __str__(self):
        owner = self.user_id or self.organization_id or ""
        return f"{self.owner_kind} {owner} {self.purpose} {self.public_key[:16]}…"


class ReviewComment(models.Model):
    """A reviewer's or the signer's comment on a plan, anchored to a block of its body (or, written
    before the body became blocks, to a section, target or task) or to the whole plan.

    A reply is a ReviewComment whose `parent` is the thread's first comment (replies keep its
    anchor). Only the first comment of a thread is resolved (by the drafter). Written only by
    approvals.comments, which locks the plan, records history and appends the audit event.
    """

    class Anchor(models.TextChoices):
        PLAN = "plan", _("Toàn bộ kế hoạch")
        SECTION = "section", _("Mục")
        TARGET = "target", _("Chỉ tiêu")
        TASK = "task", _("Nhiệm vụ")
        BLOCK = "block", _("Khối nội dung")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="review_comments")
    review_round = models.PositiveIntegerField(_("vòng thẩm định"))
    anchor_kind = models.CharField(_("gắn với"), max_length=10, choices=Anchor.choices, default=Anchor.PLAN)
    anchor_id = models.PositiveIntegerField(_("mã phần được gắn"), null=True, blank=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người viết"), on_delete=models.PROTECT, related_name="+")
    text = SafeTextField(_("nội dung"), max_length=TEXT_MAX_LENGTH)
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True)
    resolved = models.BooleanField(_("đã giải quyết"), default=False)
    resolved_at = models.DateTimeField(_("giải quyết lúc"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người giải quyết"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ý kiến thẩm định")
        verbose_name_plural = _("ý kiến thẩm định")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["plan", "parent"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(anchor_kind="plan", anchor_id__isnull=True)
                | (~models.Q(anchor_kind="plan") & models.Q(anchor_id__isnull=False)),
                name="review_comment_anchor_id_matches_kind",
            ),
        ]

    def __str__(self):
        return f"{self.plan_id} {self.anchor_kind}:{self.anchor_id or ''} {self.text[:40]}"

    @property
    def anchor(self):
        """'section:12', or 'plan' for the plan as a whole."""
        return self.anchor_kind if self.anchor_id is None else f"{self.anchor_kind}:{self.anchor_id}"


class TrustedCertificate(models.Model):
    """A CA certificate of planflow's trust list, imported by an admin (e.g. the national root CA,
    or the CA of a remote signing service). A signer's own certificate (client-side signing) and a
    time-stamping authority's must chain to one of these or to the installation's own PDF CA
    (approvals.trust)."""

    name = SafeCharField(_("tên"), max_length=200)
    certificate_pem = models.TextField(_("chứng thư số (PEM)"))
    sha256 = models.CharField(_("SHA-256 của chứng thư"), max_length=64, unique=True, editable=False)
    note = SafeTextField(_("ghi chú"), blank=True)
    active = models.BooleanField(_("đang tin cậy"), default=True)
    added_at = models.DateTimeField(_("thêm lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("chứng thư CA tin cậy")
        verbose_name_plural = _("danh sách CA tin cậy")
        ordering = ["name", "id"]

    def __str__(self):
        return self.name


class CertificateRevocation(AppendOnly):
    """A certificate of the installation's own CAs revoked (its owner left office, or the key was
    lost): the CAs' CRLs list it (/pki/crl/<purpose>.crl) and its key signs nothing after
    `revoked_at`. Signatures made before stay valid: the issued PDF carries the CRL of its time."""

    keypair = models.OneToOneField(KeyPair, on_delete=models.PROTECT, related_name="revocation")
    serial_number = models.CharField(_("số sê-ri (hex)"), max_length=64)
    revoked_at = models.DateTimeField(_("thu hồi lúc"))
    reason = SafeCharField(_("lý do"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("chứng thư số bị thu hồi")
        verbose_name_plural = _("chứng thư số bị thu hồi")
        ordering = ["revoked_at", "id"]

    def __str__(self):
        return f"{self.serial_number} @ {self.revoked_at:%Y-%m-%d}"


class SignerCertificate(models.Model):
    """A certificate a person signs with on their own device (a USB token, a remote signing
    service), issued by a CA of the trust list: an admin registers it to their account, so
    planflow knows whose it is (approvals.trust.registered_identity)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người ký"), on_delete=models.PROTECT, related_name="+")
    certificate_pem = models.TextField(_("chứng thư số (PEM)"))
    sha256 = models.CharField(_("SHA-256 của chứng thư"), max_length=64, unique=True, editable=False)
    added_at = models.DateTimeField(_("thêm lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("chứng thư số trên thiết bị của người ký")
        verbose_name_plural = _("chứng thư số trên thiết bị của người ký")

    def __str__(self):
        return f"{self.user_id} {self.sha256[:12]}"


class PendingDeviceSignature(models.Model):
    """A main signature prepared for the signer's own device (POST …/sign/prepare/), waiting for
    the device's signatures (POST …/sign/complete/): what the device must sign — the signature
    record's canonical JSON and the PDF signature's CMS signed attributes — and the prepared PDF
    with room for the signature. Consumed by complete; stale after PENDING_MINUTES."""

    PENDING_MINUTES = 10

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    signed_at = models.DateTimeField()
    review_round = models.PositiveIntegerField()
    content_hash = models.CharField(max_length=64)
    signed_payload = models.TextField()
    certificate_pem = models.TextField()
    chain_pem = models.TextField(blank=True)
    prepared_pdf = models.BinaryField()
    document_digest = models.CharField(max_length=128)
    reserved_region_start = models.PositiveBigIntegerField()
    reserved_region_end = models.PositiveBigIntegerField()
    signed_attributes = models.BinaryField()

    def __str__(self):
        return f"{self.plan_id} {self.user_id} {self.created_at:%Y-%m-%d %H:%M}"
