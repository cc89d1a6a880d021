"""Forms of the web UI for a plan: the main form plus one formset per part.

The forms only check types and sizes; the rules of a careful clerk live in `plans.validation` and are
applied by `plans.services`, whose refusals `PlanEditor.show_refusal` puts back on the form.
Choices (signers, reviewers, units) are loaded once per request and shared by every row, so a
page with many rows does not run a query per select box.
"""

from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization, Role
from config.text import SafeFormCharField

from .block_editor import COMPARATORS, KINDS, QUARTERS, TIMING_KINDS, BlockEditor, validate_body
from .error_summary import ErrorItem, form_errors
from .models import SUBJECT_MAX_LENGTH, TEXT_MAX_LENGTH, RecipientPurpose, ScheduleKind, SigningAuthority
from .number_fields import WholeNumberField

MAX_UNIT_COST = 10**12  # 1.000 tỷ đồng per unit: keeps unit cost × quantity inside a 64-bit integer
MAX_QUANTITY = 10**6
MAX_ROWS = 200
MONEY_SUFFIXES = ("đồng", "vnđ", "vnd", "đ")  # "5.000.000 đ": the unit may follow the amount


def person_label(user):
    full_name = user.get_full_name()
    return f"{full_name} ({user.get_username()})" if full_name else user.get_username()


def people_with_role(organization, role):
    """Users holding `role` in `organization` or one of its units."""
    in_org = Q(memberships__organization=organization) | Q(
        memberships__organization__parent=organization, memberships__organization__kind=Organization.Kind.UNIT
    )
    return list(get_user_model().objects.filter(in_org, memberships__role=role).distinct().order_by("last_name", "first_name", "username"))


class PlanChoices:
    """What the selects of a plan of `organization` offer, loaded once."""

    def __init__(self, organization):
        self.organization = organization
        self.signers = people_with_role(organization, Role.SIGNER)
        self.reviewers = people_with_role(organization, Role.REVIEWER)
        self.units = list(Organization.objects.filter(parent=organization, kind=Organization.Kind.UNIT).order_by("name"))


class ObjectChoiceField(forms.ChoiceField):
    """A choice among objects already loaded; cleans to the object (or None)."""

    def __init__(self, *, objects=(), label_of=str, empty_label="—", **kwargs):
        super().__init__(**kwargs)
        self.set_objects(objects, label_of, empty_label)

    def set_objects(self, objects, label_of=str, empty_label="—"):
        self.objects = {str(obj.pk): obj for obj in objects}
        self.choices = [("", empty_label)] + [(str(obj.pk), label_of(obj)) for obj in objects]

    def clean(self, value):
        key = super().clean(value)
        return self.objects.get(key) if key else None


class ObjectMultipleChoiceField(forms.MultipleChoiceField):
    """Several objects among those already loaded; cleans to a list of objects."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, *, objects=(), label_of=str, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.set_objects(objects, label_of)

    def set_objects(self, objects, label_of=str):
        self.objects = {str(obj.pk): obj for obj in objects}
        self.choices = [(str(obj.pk), label_of(obj)) for obj in objects]

    def clean(self, value):
        keys = super().clean(value)
        return [self.objects[key] for key in keys]


class TextField(SafeFormCharField):
    """Text kept as typed (no stripping), in NFC and checked by config.text (one line unless
    `multiline`); only the browser's CRLF line breaks become LF."""

    def __init__(self, *, rows=None, **kwargs):
        kwargs.setdefault("strip", False)
        if rows:
            kwargs.setdefault("widget", forms.Textarea(attrs={"rows": rows}))
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n") if isinstance(value, str) else value


TOO_LONG = _("Tối đa %(limit_value)d ký tự (hiện có %(show_value)d).")


def date_field(label, **kwargs):
    return forms.DateField(
        label=label,
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Ngày không hợp lệ (ví dụ 31/12/2025).")},
        **kwargs,
    )


class PlanForm(forms.Form):
    subject = TextField(
        label=_("Trích yếu"),
        rows=2,
        max_length=SUBJECT_MAX_LENGTH,
        error_messages={"required": _("Trích yếu không được để trống."), "max_length": TOO_LONG},
    )
    preamble = TextField(
        label=_("Lời mở đầu"), rows=3, multiline=True, required=False, max_length=TEXT_MAX_LENGTH, error_messages={"max_length": TOO_LONG}
    )
    period_start = date_field(_("Thực hiện từ ngày"))
    period_end = date_field(_("Đến ngày"))
    signing_authority = forms.ChoiceField(label=_("Thẩm quyền ký"), choices=SigningAuthority.choices, required=False)
    signer = ObjectChoiceField(label=_("Người ký"), required=False)
    reviewers = ObjectMultipleChoiceField(label=_("Người thẩm định"))

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signer"].set_objects(choices.signers, person_label, empty_label=_("— Chưa chọn —"))
        self.fields["reviewers"].set_objects(choices.reviewers, person_label)


class PartForm(forms.Form):
    """One row of a part. A row left blank is skipped."""

    def __init__(self, *args, choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.choices = choices


class LegalBasisForm(PartForm):
    text = TextField(
        label=_("Căn cứ"), rows=2, multiline=True, max_length=TEXT_MAX_LENGTH, error_messages={"required": _("Nhập nội dung căn cứ.")}
    )


class BudgetLineForm(PartForm):
    item = TextField(
        label=_("Nội dung chi"), rows=2, multiline=True, max_length=TEXT_MAX_LENGTH, error_messages={"required": _("Nhập nội dung chi.")}
    )
    unit_cost = WholeNumberField(
        label=_("Đơn giá (đồng)"),
        min_value=0,
        max_value=MAX_UNIT_COST,
        suffixes=MONEY_SUFFIXES,
        help_text=_("Số nguyên đồng, ví dụ 5.000.000 hoặc 5000000."),
        error_messages={
            "required": _("Nhập đơn giá."),
            "min_value": _("Số tiền không được âm."),
            "max_value": _("Đơn giá quá lớn."),
        },
    )
    quantity = WholeNumberField(
        label=_("Số lượng"),
        initial=1,
        min_value=0,
        max_value=MAX_QUANTITY,
        error_messages={
            "required": _("Nhập số lượng."),
            "min_value": _("Số lượng không được âm."),
            "max_value": _("Số lượng quá lớn."),
        },
    )
    source = TextField(label=_("Nguồn kinh phí"), required=False, max_length=500)

    def amount(self):
        """Unit cost × quantity of this row as entered, or None when it cannot be computed yet."""
        if self.is_bound:
            values = [self.data.get(self.add_prefix(name), "") for name in ("unit_cost", "quantity")]
        else:
            values = [self.initial.get("unit_cost"), self.initial.get("quantity", 1)]
        try:
            unit_cost, quantity = (self.fields[name].to_python(v) for name, v in zip(("unit_cost", "quantity"), values, strict=True))
        except forms.ValidationError:
            return None
        return None if unit_cost is None or quantity is None else unit_cost * quantity


class RecipientForm(PartForm):
    name = TextField(label=_("Nơi nhận"), max_length=500, error_messages={"required": _("Nhập tên nơi nhận.")})
    purpose = forms.ChoiceField(label=_("Mục đích"), choices=RecipientPurpose.choices, required=False)


class PartFormSet(forms.BaseFormSet):
    """Rows of one part. Every row may stay blank (then it is skipped), so spare rows cost nothing."""

    title = ""
    add_label = ""

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        kwargs["empty_permitted"] = True
        return kwargs

    def rows(self):
        """The cleaned rows in order, without blank or deleted ones (after is_valid)."""
        result = []
        for form in self.forms:
            data = dict(getattr(form, "cleaned_data", None) or {})
            if not data or data.pop("DELETE", False):
                continue
            result.append(data)
        return result


def part_formset(form, title, add_label):
    formset = forms.formset_factory(form, formset=PartFormSet, extra=1, can_delete=True, max_num=MAX_ROWS, validate_max=True)
    formset.title = title
    formset.add_label = add_label
    return formset


PART_FORMSETS = {
    "legal_bases": part_formset(LegalBasisForm, _("Căn cứ pháp lý"), _("Thêm căn cứ")),
    "budget_lines": part_formset(BudgetLineForm, _("Kinh phí"), _("Thêm dòng kinh phí")),
    "recipients": part_formset(RecipientForm, _("Nơi nhận"), _("Thêm nơi nhận")),
}


def _plain(value):
    """Decimal('77.1700') -> Decimal('77.17'), Decimal('100.0000') -> Decimal('100'): how it was typed."""
    return None if value is None else Decimal(format(value.normalize(), "f"))


def initial_from_plan(plan):
    """Initial values of the main form and of each formset for editing `plan` (parts prefetched)."""
    main = {
        "subject": plan.subject,
        "preamble": plan.preamble,
        "period_start": plan.period_start,
        "period_end": plan.period_end,
        "signing_authority": plan.signing_authority,
        "signer": plan.signer_id,
        "reviewers": [str(link.user_id) for link in plan.reviewer_links.all()],
    }
    parts = {
        "legal_bases": [{"text": b.text} for b in plan.legal_bases.all()],
        "budget_lines": [
            {"item": b.item, "unit_cost": b.unit_cost, "quantity": b.quantity, "source": b.source} for b in plan.budget_lines.all()
        ],
        "recipients": [{"name": r.name, "purpose": r.purpose} for r in plan.recipients.all()],
    }
    return main, parts


class BlockChoices:
    """What the block editor's selects offer (plans.block_editor): parties are the issuing body
    itself and its units, loaded once with the plan's other choices."""

    kinds = KINDS
    comparators = COMPARATORS
    timing_kinds = TIMING_KINDS
    quarters = (("", "—"), *QUARTERS)
    schedule_kinds = ScheduleKind.choices
    # A second duty of the same task ("hằng tháng … và hằng năm …"): none unless chosen.
    schedule2_kinds = [("", _("— Không có lịch thứ hai —")), *[(value, label) for value, label in ScheduleKind.choices if value]]
    schedule2_help = _("Khi nhiệm vụ báo cáo theo hai lịch, ví dụ hằng tháng và hằng năm: mỗi lịch có kỳ báo cáo riêng.")
    lead_unit_label = _("Chủ trì: cơ quan, đơn vị")
    lead_name_label = _("hoặc chức danh, nhóm chủ trì")
    supporting_names_label = _("Phối hợp: chức danh, nhóm khác (mỗi dòng một)")
    from_label = _("Từ ngày")
    to_label = _("Đến ngày")
    rows_help = _("Mỗi dòng của bảng một dòng; các ô cách nhau bằng dấu |")

    def __init__(self, choices):
        parties = [choices.organization, *choices.units]
        self.unit_options = [(str(org.pk), org.name) for org in parties]
        self.units = [("", _("— Chưa giao —")), *self.unit_options]


class PlanEditor:
    """The main form and the part formsets of one plan, validated together.

    `add_row` names a formset that gets one more blank row: the "add row" buttons submit the
    form with it, and the page comes back with what was typed plus the new row, nothing saved.
    """

    def __init__(self, organization, data=None, initial=None, add_row=None, body=None):
        self.organization = organization
        self.choices = PlanChoices(organization)
        self.block_choices = BlockChoices(self.choices)
        if data is not None:
            self.blocks = BlockEditor.from_post(data, add_block=add_row == "body")
        else:
            self.blocks = BlockEditor.from_body(body)
        self.refusal_errors = []
        self.part_errors = {}
        if data is not None and add_row in PART_FORMSETS:
            data = data.copy()
            key = f"{add_row}-TOTAL_FORMS"
            try:
                data[key] = str(min(int(data.get(key, 0)) + 1, MAX_ROWS))
            except ValueError:
                pass
        main_initial, parts_initial = initial or ({}, {})
        self.form = PlanForm(data, initial=main_initial if data is None else None, choices=self.choices)
        self.formsets = {
            name: formset_class(
                data,
                initial=parts_initial.get(name) if data is None else None,
                prefix=name,
                form_kwargs={"choices": self.choices},
            )
            for name, formset_class in PART_FORMSETS.items()
        }

    def is_valid(self):
        results = [self.form.is_valid()] + [formset.is_valid() for formset in self.formsets.values()]
        self.body, errors = validate_body(self.organization, self.blocks.body())
        if errors:
            self.blocks.show_errors(errors)
        return all(results) and not errors

    def has_errors(self):
        if self.refusal_errors or self.part_errors or self.blocks.has_errors():
            return True
        if not self.form.is_bound:
            return False
        return bool(self.form.errors) or any(formset.total_error_count() for formset in self.formsets.values())

    def data_for_service(self):
        """The validated values as `plans.services.create_plan/update_plan` take them."""
        data = dict(self.form.cleaned_data)
        data["signing_authority"] = data.get("signing_authority") or ""
        for name, formset in self.formsets.items():
            data[name] = formset.rows()
        data["body"] = self.body
        return data

    def show_refusal(self, refusal):
        """Put a service refusal back on the form: field errors where they belong, the rest on top."""
        self.refusal_errors.append(refusal.message)
        for field, messages in (refusal.errors or {}).items():
            for message in messages:
                if field in self.form.fields:
                    self.form.add_error(field, str(message))
                elif field in ("body", "sections", "targets", "tasks"):
                    self.blocks.show_errors(message if isinstance(message, list | dict) else [message])
                elif field in self.formsets:
                    self.part_errors.setdefault(field, []).append(str(message))
                else:
                    self.refusal_errors.append(str(message))

    def error_summary(self):
        """Every error of the page for the banner, in page order (plans.error_summary)."""
        items = [ErrorItem("", "", message) for message in self.refusal_errors]
        items += form_errors(self.form)
        for name, formset in self.formsets.items():
            if name == "budget_lines":  # the page's order: the body comes after the legal bases
                items += self.blocks.error_items(ErrorItem)
            part = f"part-{name}"
            items += [ErrorItem(part, str(formset.title), str(error)) for error in formset.non_form_errors()]
            items += [ErrorItem(part, str(formset.title), message) for message in self.part_errors.get(name, [])]
            for number, form in enumerate(formset.forms, start=1):
                if form.errors:
                    items += form_errors(form, _("%(part)s, dòng %(number)d") % {"part": formset.title, "number": number})
        return items

    def sections(self):
        """(name, formset, service errors for it) in page order, for the template."""
        return [(name, formset, self.part_errors.get(name, [])) for name, formset in self.formsets.items()]

    def budget_total(self):
        total = 0
        for form in self.formsets["budget_lines"].forms:
            amount = form.amount()
            if amount and not (form.is_bound and form.data.get(form.add_prefix("DELETE"))):
                total += amount
        return total
