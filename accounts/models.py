"""Organizations (issuing authorities and their units) and who holds which role in them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from config.text import SafeCharField


class Organization(models.Model):
    """An issuing authority (UBND huyện Ia H'Drai) or one of its units (Công an huyện).

    `parent` of an authority is its superior body (printed over its name in the document head);
    `parent` of a unit is the authority it belongs to.
    """

    class Kind(models.TextChoices):
        AUTHORITY = "authority", _("Cơ quan ban hành")
        UNIT = "unit", _("Đơn vị")

    name = SafeCharField(_("tên"), max_length=255)
    code = SafeCharField(_("ký hiệu"), max_length=30, blank=True, help_text=_("Ví dụ UBND, MTTQ: dùng trong số ký hiệu."))
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices, default=Kind.AUTHORITY)
    parent = models.ForeignKey(
        "self", verbose_name=_("cơ quan cấp trên"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    symbol_suffix = SafeCharField(
        _("ký hiệu trong số văn bản"),
        max_length=30,
        blank=True,
        help_text=_("Phần sau tên loại trong số, ký hiệu: UBND trong 01/KH-UBND, MTTQ-BTT trong 01/KH-MTTQ-BTT. Trống: dùng ký hiệu."),
    )
    place_name = SafeCharField(_("địa danh"), max_length=100, blank=True, help_text=_("Dùng ở dòng địa danh, ngày tháng."))
    header_name = SafeCharField(
        _("tên in ở tiêu đề"),
        max_length=255,
        blank=True,
        help_text=_("Tên cơ quan in hoa ở góc trái, ví dụ ỦY BAN NHÂN DÂN HUYỆN IA H'DRAI."),
    )
    collective_title = SafeCharField(_("danh nghĩa tập thể"), max_length=255, blank=True, help_text=_("Dòng TM., ví dụ ỦY BAN NHÂN DÂN."))

    class Meta:
        verbose_name = _("tổ chức")
        verbose_name_plural = _("tổ chức")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def is_unit(self):
        return self.kind == self.Kind.UNIT

    @property
    def symbol_code(self):
        """What follows the type code in the numbers this body gives: "UBND", "MTTQ-BTT"."""
        return self.symbol_suffix or self.code

    @property
    def authority(self):
        """The issuing authority this organization belongs to (itself for an authority)."""
        return self.parent if self.is_unit else self


class Role(models.TextChoices):
    DRAFTER = "drafter", _("Chuyên viên soạn thảo")
    REVIEWER = "reviewer", _("Người thẩm định")
    SIGNER = "signer", _("Người ký")
    CLERK = "clerk", _("Văn thư")
    REPORTER = "reporter", _("Đơn vị báo cáo")
    AUDITOR = "auditor", _("Kiểm tra, giám sát")
    ADMIN = "admin", _("Quản trị")


class Membership(models.Model):
    """A user holds a role in an organization (a reporter's organization is a unit)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    position = SafeCharField(_("chức vụ"), max_length=100, blank=True, help_text=_("Ví dụ PHÓ CHỦ TỊCH: in ở khối chữ ký."))

    class Meta:
        verbose_name = _("vai trò trong tổ chức")
        verbose_name_plural = _("vai trò trong tổ chức")
        constraints = [models.UniqueConstraint(fields=["user", "organization", "role"], name="membership_unique_role")]
        indexes = [models.Index(fields=["organization", "role"])]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} — {self.organization}"


class TokenUse(models.Model):
    """When an API token (DRF's authtoken.Token) was last used, to end tokens left idle
    (accounts.tokens). Written at most once per PLANFLOW_TOKEN_TOUCH_MINUTES per token, not on
    every request; deleted with its token."""

    token = models.OneToOneField("authtoken.Token", primary_key=True, on_delete=models.CASCADE, related_name="use")
    last_used = models.DateTimeField()

    class Meta:
        verbose_name = _("lần dùng token gần nhất")
        verbose_name_plural = _("lần dùng token gần nhất")

    def __str__(self):
        return f"{self.token_id[:8]}… {self.last_used:%Y-%m-%d %H:%M}"
