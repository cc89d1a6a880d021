"""The plan (Kế hoạch) and its parts, as the seed documents show them.

Every model here is tracked by django-simple-history, except the derived search row (PlanSearch) and
the issue-number counter (IssueCounter). Never write a tracked one with `queryset.update()`, `bulk_*`
or raw SQL: those skip history. Content changes go through `plans.services`, state
changes through `workflow.services.perform`.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from accounts.models import Organization
from config.text import SafeCharField, SafeTextField
from plans.lifecycle import PlanLifecycle, State
from plans.search import folded, plan_search_text

SUBJECT_MAX_LENGTH = 1000
TEXT_MAX_LENGTH = 20000


class SigningAuthority(models.TextChoices):
    """Art. 13 of Nghị định 30: the capacity in which the signer signs."""

    DIRECT = "", _("Ký trực tiếp")
    TM = "TM.", _("TM. (thay mặt tập thể)")
    KT = "KT.", _("KT. (ký thay người đứng đầu)")
    TL = "TL.", _("TL. (thừa lệnh)")
    TUQ = "TUQ.", _("TUQ. (thừa ủy quyền)")
    Q = "Q.", _("Q. (quyền)")


DOC_TYPES = [("KH", _("Kế hoạch"))]  # the document types planflow writes (Plan.DOC_TYPE)


class Succession(models.TextChoices):
    """Art. 18: how a later document fixes an issued one (the original itself never changes)."""

    CORRECTS = "corrects", _("Đính chính")
    REPLACES = "replaces", _("Thay thế")


OPEN_STATES = ("draft", "review", "signing")  # a plan on its way to issue (State values)


class Plan(FSMModelMixin, PlanLifecycle, models.Model):
    DOC_TYPE = "KH"

    organization = models.ForeignKey(Organization, verbose_name=_("cơ quan ban hành"), on_delete=models.PROTECT, related_name="plans")
    doc_type = models.CharField(_("loại văn bản"), max_length=10, default=DOC_TYPE, editable=False)
    subject = SafeCharField(_("trích yếu"), max_length=SUBJECT_MAX_LENGTH)
    preamble = SafeTextField(
        _("lời mở đầu"),
        blank=True,
        max_length=TEXT_MAX_LENGTH,
        help_text=_("Đoạn trước phần I, ví dụ: Ủy ban nhân dân huyện ban hành Kế hoạch … như sau:"),
    )
    period_start = models.DateField(_("thực hiện từ ngày"), null=True, blank=True)
    period_end = models.DateField(_("đến ngày"), null=True, blank=True)
    signing_authority = models.CharField(
        _("thẩm quyền ký"), max_length=5, choices=SigningAuthority.choices, default=SigningAuthority.DIRECT, blank=True
    )
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người ký"), null=True, blank=True, on_delete=models.PROTECT, related_name="plans_to_sign"
    )
    reviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("người thẩm định"), through="PlanReviewer", related_name="plans_to_review", blank=True
    )
    state = FSMField(_("trạng thái"), default=State.DRAFT, choices=State.choices, protected=True, db_index=True)
    review_round = models.PositiveIntegerField(_("vòng thẩm định"), default=1)
    number = models.PositiveIntegerField(_("số"), null=True, blank=True)
    issue_year = models.PositiveIntegerField(_("năm ban hành"), null=True, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    # the issuing body's symbol suffix as it stood at issue (accounts.Organization.symbol_code): a
    # later change of the setting leaves the numbers already given as they were issued
    symbol_suffix = SafeCharField(_("ký hiệu khi ban hành"), max_length=30, blank=True, default="")
    closing_summary = SafeTextField(_("tổng kết khi kết thúc"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người soạn thảo"), on_delete=models.PROTECT, related_name="plans_drafted"
    )
    predecessor = models.ForeignKey(
        "self",
        verbose_name=_("văn bản được đính chính, thay thế"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="successors",
    )
    succession = models.CharField(_("quan hệ với văn bản trước"), max_length=10, choices=Succession.choices, blank=True, default="")
    entered_from_paper = models.BooleanField(_("nhập từ bản giấy"), default=False, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True, db_index=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")
        ordering = ["-updated_at", "-id"]
        permissions = [
            ("draft_plan", "Soạn thảo kế hoạch này"),
            ("review_plan", "Thẩm định kế hoạch này"),
            ("sign_plan", "Ký kế hoạch này"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["organization", "doc_type", "issue_year", "number"], name="plan_unique_number_per_year"),
            # one successor on its way at a time (two clerks making one at once: one wins)
            models.UniqueConstraint(fields=["predecessor"], condition=models.Q(state__in=OPEN_STATES), name="plan_one_open_successor"),
            models.CheckConstraint(
                condition=models.Q(period_end__isnull=True)
                | models.Q(period_start__isnull=True)
                | models.Q(period_end__gte=models.F("period_start")),
                name="plan_period_ordered",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "state"]),
            # An organization's plans newest change first: a list page's first rows without sorting
            # every visible plan, and their count from the index alone (plans.selectors.visible_page).
            models.Index(fields=["organization", "-updated_at", "-id"], name="plan_org_newest_first"),
        ]

    def __str__(self):
        return self.subject

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        source = searched_source(self)
        if source is not None and source != getattr(self, "_search_source", None):
            PlanSearch.store(self)  # only when the plan's own searched text changed
            self._search_source = source

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._search_source = searched_source(instance)  # what PlanSearch holds, as read
        return instance

    @property
    def symbol(self):
        """The whole "Số" as printed: 05/KH-UBND (None until issued)."""
        if self.number is None:
            return None
        return f"{self.number:02d}/{self.doc_type}-{self.symbol_code}"

    @property
    def symbol_code(self):
        """What follows the type code: the issuing body's setting as it stood at issue ("UBND",
        "MTTQ-BTT"), its current one before."""
        return self.symbol_suffix or self.organization.symbol_code


def searched_source(plan):
    """The plan's text PlanSearch folds, or None when part of it was not loaded."""
    values = tuple(plan.__dict__.get(name) for name in SEARCHED_FIELDS)
    return None if any(value is None for value in values) else values


SEARCHED_FIELDS = ("subject", "preamble", "closing_summary")


class PlanSearch(models.Model):
    """The plan's searched text folded (plans.search): a derived row, not history-tracked.

    `text`: the plan's own text and its body (blocks, task parties), kept by Plan.save and by
    plans.services when the body is written. `report_text`: the reports filed on its slots, kept by
    reporting.services (plans does not read reporting). On PostgreSQL a pg_trgm GIN index on each
    serves LIKE (migrations 0004, 0015)."""

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, primary_key=True, related_name="search")
    text = models.TextField(blank=True, default="")
    report_text = models.TextField(blank=True, default="")

    def __str__(self):
        return f"{self.plan_id}: {self.text[:60]}"

    @classmethod
    def store(cls, plan):
        """Fold the plan's own text and body again (three reads, one write)."""
        cls.put(plan.pk, text=plan_search_text(plan, body_search_text(plan)))

    @classmethod
    def store_reports(cls, plan_id, texts):
        cls.put(plan_id, report_text=folded(" ".join(t for t in texts if t)))

    @classmethod
    def put(cls, plan_id, **values):
        if not cls.objects.filter(plan_id=plan_id).update(**values):  # not a tracked model: update is fine
            cls.objects.create(plan_id=plan_id, **values)


def body_search_text(plan):
    """The words of the plan's body: every block's label, text and table cells, and the task
    parties (a post named in words, an organization by its name)."""
    if plan.pk is None:
        return ""
    words = []
    for label, text, rows in Block.objects.filter(plan_id=plan.pk).values_list("label", "text", "rows"):
        words += [label, text, *table_cells(rows)]
    words += TaskParty.objects.filter(block__plan_id=plan.pk).values_list("name", "organization__name")
    return " ".join(" ".join(w for w in (item if isinstance(item, tuple) else (item,)) if w) for item in words)


def table_cells(rows):
    """The cells' text of a table block's rows (lists of strings, or of {"text": ...})."""
    for row in rows if isinstance(rows, list) else []:
        for cell in row if isinstance(row, list) else []:
            text = cell.get("text") if isinstance(cell, dict) else cell
            if isinstance(text, str):
                yield text


class PlanReviewer(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reviewer_links")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["plan", "user"], name="plan_reviewer_unique")]

    def __str__(self):
        return f"{self.plan_id}: {self.user_id}"


class PlanPart(models.Model):
    """A part of the plan, kept in the order it prints in."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["position", "id"]


class LegalBasis(PlanPart):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="legal_bases")
    text = SafeTextField(_("căn cứ"), max_length=TEXT_MAX_LENGTH)
    history = HistoricalRecords()

    class Meta(PlanPart.Meta):
        verbose_name = _("căn cứ pháp lý")
        verbose_name_plural = _("căn cứ pháp lý")

    def __str__(self):
        return self.text[:80]


class Section(PlanPart):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections")
    heading = SafeCharField(_("tiêu đề"), max_length=500)
    body = SafeTextField(_("nội dung"), blank=True, max_length=100000)
    history = HistoricalRecords()

    class Meta(PlanPart.Meta):
        verbose_name = _("mục")
        verbose_name_plural = _("mục")

    def __str__(self):
        return self.heading


DECIMAL_KW = {"max_digits": 20, "decimal_places": 4}


class Target(PlanPart):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    text = SafeTextField(_("chỉ tiêu"), max_length=TEXT_MAX_LENGTH)
    unit = SafeCharField(_("đơn vị tính"), max_length=50, blank=True)
    target_value = models.DecimalField(_("giá trị mục tiêu"), **DECIMAL_KW, null=True, blank=True)
    baseline = models.DecimalField(_("giá trị ban đầu"), **DECIMAL_KW, null=True, blank=True)
    history = HistoricalRecords()

    class Meta(PlanPart.Meta):
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")

    def __str__(self):
        return self.text[:80]


class ScheduleKind(models.TextChoices):
    NONE = "", _("Không định kỳ")
    ONCE = "once", _("Một lần, vào ngày")
    MONTHLY = "monthly", _("Hằng tháng, trước ngày")
    QUARTERLY = "quarterly", _("Hằng quý, ngày của tháng sau quý")
    HALF_YEARLY = "halfyearly", _("6 tháng, ngày của tháng sau kỳ")
    TIMING_END = "timing_end", _("Một lần, khi hết thời gian thực hiện nhiệm vụ")
    YEARLY = "yearly", _("Hằng năm, vào ngày/tháng")


class Task(PlanPart):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    text = SafeTextField(_("nhiệm vụ"), max_length=TEXT_MAX_LENGTH)
    lead_unit = models.ForeignKey(
        Organization, verbose_name=_("đơn vị chủ trì"), null=True, blank=True, on_delete=models.PROTECT, related_name="led_tasks"
    )
    supporting_units = models.ManyToManyField(
        Organization, verbose_name=_("đơn vị phối hợp"), through="TaskSupportingUnit", related_name="supported_tasks", blank=True
    )
    schedule_kind = models.CharField(_("lịch báo cáo"), max_length=10, choices=ScheduleKind.choices, default=ScheduleKind.NONE, blank=True)
    schedule_date = models.DateField(_("ngày báo cáo"), null=True, blank=True)
    schedule_day = models.PositiveSmallIntegerField(
        _("ngày trong tháng"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    schedule_month = models.PositiveSmallIntegerField(
        _("tháng"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    # The task's further reporting schedules, after the first (schedule_*): "hằng tháng (trước ngày 15)
    # và hằng năm (trước ngày 15 tháng 12)". Each as docs/API.md writes a schedule ({"kind", "day", …},
    # a date as ISO text); slots are made per schedule and period (reporting.services.task_periods).
    more_schedules = models.JSONField(_("lịch báo cáo khác"), default=list, blank=True)
    history = HistoricalRecords()

    class Meta(PlanPart.Meta):
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")

    def __str__(self):
        return self.text[:80]

    @property
    def schedule(self):
        """The (first) reporting schedule as docs/API.md writes it, or None."""
        return schedule_data(self.schedule_kind, self.schedule_date, self.schedule_day, self.schedule_month)

    @property
    def schedules(self):
        """Every reporting schedule of the task, the first one first, as docs/API.md writes them."""
        first = self.schedule
        return ([first] if first else []) + [dict(s) for s in self.more_schedules or []]


def schedule_data(kind, on, day, month):
    """A reporting schedule as docs/API.md writes it ({"kind", "date"|"day"|"day","month"}), or None."""
    if kind == ScheduleKind.ONCE:
        return {"kind": kind, "date": on.isoformat() if hasattr(on, "isoformat") else on}
    if kind in (ScheduleKind.MONTHLY, ScheduleKind.QUARTERLY, ScheduleKind.HALF_YEARLY):
        return {"kind": kind, "day": day}
    if kind == ScheduleKind.YEARLY:
        return {"kind": kind, "day": day, "month": month}
    if kind == ScheduleKind.TIMING_END:
        return {"kind": kind}
    return None


class TaskSupportingUnit(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="supporting_links")
    unit = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["task", "unit"], name="task_supporting_unit_unique")]

    def __str__(self):
        return f"{self.task_id}: {self.unit_id}"


class BlockKind(models.TextChoices):
    HEADING = "heading", _("Tiêu đề")
    PARAGRAPH = "paragraph", _("Đoạn văn")
    TARGET = "target", _("Chỉ tiêu")
    TASK = "task", _("Nhiệm vụ")
    TABLE = "table", _("Bảng")
    FOOTNOTE = "footnote", _("Chú thích")


class Comparator(models.TextChoices):
    """How a target's value reads (docs/API.md "The body")."""

    NONE = "", _("(không ghi)")
    AT_LEAST = "at_least", _("ít nhất, … trở lên")
    MORE_THAN = "more_than", _("trên")
    AT_MOST = "at_most", _("tối đa, không quá")
    LESS_THAN = "less_than", _("dưới")
    EXACTLY = "exactly", _("đúng bằng")
    BETWEEN = "between", _("từ … đến …")
    DECREASE_BY = "decrease_by", _("giảm")
    INCREASE_BY = "increase_by", _("tăng")


class TimingKind(models.TextChoices):
    """When a task is done (not when it is reported: that is its Task's schedule)."""

    NONE = "", _("(không ghi)")
    ONGOING = "ongoing", _("Thường xuyên")
    BY = "by", _("Trước ngày")
    BETWEEN = "between", _("Từ ngày … đến ngày")
    QUARTER = "quarter", _("Trong quý")
    MONTH = "month", _("Trong tháng")


BLOCK_TEXT_MAX_LENGTH = 100000


class Block(PlanPart):
    """One block of the plan's body as written (docs/API.md "The body"), in print order.

    A target block and a task block also own the Target and Task row that reporting points at
    (slots at tasks, reported values at targets): the block holds how the text writes them (the
    measure as written, the parties, the timing), the row what reporting computes with."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="blocks")
    kind = models.CharField(_("loại khối"), max_length=10, choices=BlockKind.choices)
    level = models.PositiveSmallIntegerField(_("cấp tiêu đề"), default=0, validators=[MaxValueValidator(3)])
    label = SafeCharField(_("số thứ tự như viết"), max_length=20, blank=True)
    text = SafeTextField(_("nội dung"), max_length=BLOCK_TEXT_MAX_LENGTH, blank=True)
    header_rows = models.PositiveSmallIntegerField(_("số dòng tiêu đề bảng"), default=0)
    rows = models.JSONField(_("các dòng của bảng"), default=list, blank=True)
    target = models.OneToOneField(Target, null=True, blank=True, on_delete=models.CASCADE, related_name="block")
    task = models.OneToOneField(Task, null=True, blank=True, on_delete=models.CASCADE, related_name="block")
    comparator = models.CharField(_("so sánh"), max_length=12, choices=Comparator.choices, default=Comparator.NONE, blank=True)
    value = SafeCharField(_("giá trị như viết"), max_length=40, blank=True)
    value_max = SafeCharField(_("giá trị tối đa như viết"), max_length=40, blank=True)
    baseline = SafeCharField(_("giá trị ban đầu như viết"), max_length=40, blank=True)
    timing_kind = models.CharField(_("thời gian thực hiện"), max_length=10, choices=TimingKind.choices, default=TimingKind.NONE, blank=True)
    timing_from = models.DateField(_("từ ngày"), null=True, blank=True)
    timing_to = models.DateField(_("đến ngày"), null=True, blank=True)
    timing_year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True)
    timing_part = models.PositiveSmallIntegerField(_("quý hoặc tháng"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta(PlanPart.Meta):
        verbose_name = _("khối")
        verbose_name_plural = _("nội dung")

    def __str__(self):
        return f"{self.label} {self.text[:80]}".strip()


class PartyRole(models.TextChoices):
    LEAD = "lead", _("Chủ trì")
    SUPPORTING = "supporting", _("Phối hợp")


class TaskParty(models.Model):
    """Who leads or supports a task block: an organization (the issuing body itself included) or a
    post or group named in words ("Công chức Văn hóa - Xã hội xã")."""

    block = models.ForeignKey(Block, on_delete=models.CASCADE, related_name="parties")
    role = models.CharField(_("vai trò"), max_length=10, choices=PartyRole.choices)
    position = models.PositiveIntegerField(default=0)
    organization = models.ForeignKey(
        Organization, verbose_name=_("cơ quan, đơn vị"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = SafeCharField(_("chức danh, nhóm"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("bên thực hiện")
        verbose_name_plural = _("bên thực hiện")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(organization__isnull=False) & models.Q(name=""))
                | (models.Q(organization__isnull=True) & ~models.Q(name="")),
                name="task_party_organization_or_name",
            )
        ]

    def __str__(self):
        return f"{self.block_id}: {self.role} {self.organization_id or self.name}"


class BudgetLine(PlanPart):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="budget_lines")
    item = SafeTextField(_("nội dung chi"), max_length=TEXT_MAX_LENGTH)
    unit_cost = models.PositiveBigIntegerField(_("đơn giá (đồng)"))
    quantity = models.PositiveIntegerField(_("số lượng"), default=1)
    amount = models.PositiveBigIntegerField(_("thành tiền (đồng)"), editable=False, default=0)
    source = SafeCharField(_("nguồn kinh phí"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta(PlanPart.Meta):
        verbose_name = _("dòng kinh phí")
        verbose_name_plural = _("kinh phí")

    def __str__(self):
        return self.item[:80]

    def save(self, *args, **kwargs):
        self.amount = self.unit_cost * self.quantity
        super().save(*args, **kwargs)


class RecipientPurpose(models.TextChoices):
    NONE = "", _("(không ghi)")
    REPORT = "b/c", _("b/c — để báo cáo")
    COORDINATE = "p/h", _("p/h — để phối hợp")
    IMPLEMENT = "t/h", _("t/h — để thực hiện")
    DIRECT = "đ/b", _("đ/b — để biết, chỉ đạo")
    ARCHIVE = "lưu", _("Lưu")


class Recipient(PlanPart):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="recipients")
    name = SafeCharField(_("nơi nhận"), max_length=500)
    organization = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    purpose = models.CharField(_("mục đích"), max_length=5, choices=RecipientPurpose.choices, default=RecipientPurpose.NONE, blank=True)
    history = HistoricalRecords()

    class Meta(PlanPart.Meta):
        verbose_name = _("nơi nhận")
        verbose_name_plural = _("nơi nhận")

    def __str__(self):
        return self.name


class IssueCounter(models.Model):
    """The last number given per issuing body, document type and calendar year (Art. 15).

    Issuing locks this row, so concurrent issues of one body queue here and numbers stay gap-free.
    """

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT)
    doc_type = models.CharField(max_length=10)
    year = models.PositiveIntegerField()
    last_number = models.PositiveIntegerField(default=0)
    # Numbers above last_number already taken by plans registered from paper (plans.numbering).
    reserved = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "doc_type", "year"], name="issue_counter_unique")]

    def __str__(self):
        return f"{self.organization_id}/{self.doc_type}/{self.year}: {self.last_number}"


class PlanUserObjectPermission(UserObjectPermissionBase):
    """Direct foreign-key object permissions (guardian): fast joins instead of generic tables."""

    content_object = models.ForeignKey(Plan, on_delete=models.CASCADE)


class PlanGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Plan, on_delete=models.CASCADE)


class Delivery(models.Model):
    """An issued plan sent to an organization of planflow named among its recipients (Nơi nhận).

    Made at issue (workflow.services); its clerk records receipt (vào sổ văn bản đến), then one of
    its signers (the leaders) acknowledges it (register.services). Sent, received, acknowledged."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="deliveries")
    organization = models.ForeignKey(Organization, verbose_name=_("nơi nhận"), on_delete=models.PROTECT, related_name="deliveries")
    sent_at = models.DateTimeField(_("gửi lúc"))
    received_at = models.DateTimeField(_("vào sổ lúc"), null=True, blank=True)
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    acknowledged_at = models.DateTimeField(_("lãnh đạo đã xem lúc"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("văn bản chuyển đến")
        verbose_name_plural = _("văn bản chuyển đến")
        ordering = ["-sent_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["plan", "organization"], name="delivery_unique")]
        indexes = [models.Index(fields=["organization", "-sent_at"])]

    def __str__(self):
        return f"{self.plan_id} → {self.organization_id}"

    @property
    def status(self):
        if self.acknowledged_at:
            return "acknowledged"
        return "received" if self.received_at else "sent"

    @property
    def status_label(self):
        return {"sent": _("Đã gửi"), "received": _("Đã vào sổ"), "acknowledged": _("Lãnh đạo đã xem")}[self.status]


class Delegation(models.Model):
    """A head's written grant (Art. 13 of Nghị định 30): TUQ. (thừa ủy quyền) to a person, or KT.
    naming the deputy who signs for the head; for one plan or for all plans of a type, for a
    validity window. Signing checks it at that moment (plans.delegation); revoking keeps the row."""

    KINDS = [(SigningAuthority.TUQ.value, SigningAuthority.TUQ.label), (SigningAuthority.KT.value, SigningAuthority.KT.label)]

    organization = models.ForeignKey(Organization, verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="delegations")
    kind = models.CharField(_("thẩm quyền"), max_length=5, choices=KINDS)
    grantor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người giao"), on_delete=models.PROTECT, related_name="+")
    grantee = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người được giao"), on_delete=models.PROTECT, related_name="+")
    plan = models.ForeignKey(Plan, verbose_name=_("kế hoạch"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    doc_type = models.CharField(
        _("loại văn bản"), max_length=10, blank=True, choices=DOC_TYPES, help_text=_("Mọi văn bản loại này (khi không chọn kế hoạch).")
    )
    position = SafeCharField(_("chức vụ in dưới dòng thẩm quyền"), max_length=100, blank=True)
    valid_from = models.DateField(_("hiệu lực từ ngày"))
    valid_until = models.DateField(_("đến hết ngày"))
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ủy quyền ký")
        verbose_name_plural = _("ủy quyền ký")
        ordering = ["-valid_until", "-id"]
        indexes = [models.Index(fields=["grantee", "organization"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(valid_until__gte=models.F("valid_from")), name="delegation_window_ordered"),
            models.CheckConstraint(condition=~models.Q(plan__isnull=True, doc_type=""), name="delegation_has_scope"),
        ]

    def __str__(self):
        return f"{self.kind} {self.grantor_id} → {self.grantee_id}"

    STATUS_LABELS = {
        "valid": _("Đang hiệu lực"),
        "pending": _("Chưa đến ngày hiệu lực"),
        "expired": _("Đã hết hạn"),
        "revoked": _("Đã thu hồi"),
    }

    def status(self, today):
        """ "valid", "pending", "expired" or "revoked" on `today`."""
        if self.revoked_at:
            return "revoked"
        if today < self.valid_from:
            return "pending"
        return "expired" if self.valid_until < today else "valid"
