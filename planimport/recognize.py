"""From a SourceDocument to a draft plan's data, an import report and the marks of the review
screen (issue 17). Pure reading: the only queries read the organization's units, signers and
related bodies; nothing is written.

    recognition = recognize(source, organization)
    create_plan(user, organization, recognition.plan)

- `plan`: what `plans.services.create_plan` takes as `data` (the API's create input, validated by
  its serializer); `plan_json` is the same as the API's JSON (for the review screen, to correct
  and send).
- `report`: docs/API.md "Import": {"recognized": {...counts...}, "not_recognized": [...], "warnings": [...]}.
- `source_reference`: the source's issuing body, "Số", place and date as written: a reference,
  never the new plan's number.
- `marks`: one per body block, in order: {"block": index in plan body, "items": [indexes of
  source.items it came from], "became": "heading" | "paragraph" | "party" (a heading naming the
  body that leads the tasks under it) | "target" | "task" | "table" | "footnote"}, with "phrase"
  (the figure's words) for a target and "parties" ([{"role": "lead"|"supporting", "unit"|"name"}])
  for a task.

Text that is not a plan (no title "KẾ HOẠCH", no trích yếu, no body) is refused with InvalidInput.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from config.refusals import InvalidInput

from .body import read_body
from .header import period_of, read_head
from .lines import Table, paragraphs, text_lines
from .patterns.ending import AUTHORITY, RECIPIENTS_START, budget_lines, read_ending
from .patterns.names import name_key
from .patterns.parties import Directory
from .source import SourceDocument

MAX_MONEY = 10**15  # plans.serializers: đồng, unit_cost × quantity in a 64-bit column
MAX_QUANTITY = 10**9


@dataclass
class Recognition:
    plan: dict
    report: dict
    source_reference: dict
    marks: list
    plan_json: dict = field(default_factory=dict)


def _refuse(message):
    raise InvalidInput(message, errors={"file": [message]})


def _ending_start(entries, start):
    for i in range(start, len(entries)):
        entry = entries[i]
        if isinstance(entry, Table):
            if any(RECIPIENTS_START.match(cell.strip()) for row in entry.rows for cell in row):
                return i
        elif RECIPIENTS_START.match(entry.text) or AUTHORITY.match(entry.text):
            return i
    return len(entries)


def _signers(organization):
    from accounts.models import Membership, Role

    memberships = Membership.objects.filter(organization=organization, role=Role.SIGNER, user__is_active=True).select_related("user")
    return [m.user for m in memberships.order_by("user_id")]


def _related(organization):
    """The bodies a recipient line may name: the organization, its units, its superior body."""
    from accounts.models import Organization

    orgs = list(Organization.objects.filter(parent=organization).order_by("pk"))
    if organization.parent_id:
        orgs.append(organization.parent)
    return Directory(organization, orgs)


def recognize(source: SourceDocument, organization) -> Recognition:
    entries = paragraphs(source)
    head = read_head(entries)
    if head.title_index is None:
        _refuse(_("Văn bản không phải một kế hoạch: không thấy tiêu đề “KẾ HOẠCH”."))
    if not head.subject:
        _refuse(_("Văn bản không có trích yếu sau tiêu đề “KẾ HOẠCH”."))
    end = _ending_start(entries, head.body_start)
    directory = Directory.of(organization)
    body = read_body(entries[head.body_start : end], directory, source.footnotes)
    for mark in body.marks:
        mark["items"] = sorted(set(mark["items"]))
    if not any(block["kind"] != "footnote" for block in body.blocks):
        _refuse(_("Văn bản không có nội dung kế hoạch (không thấy phần I., 1. … sau trích yếu)."))
    ending = read_ending(text_lines(entries[end:]))
    warnings = [str(w) for w in source.warnings]
    if source.ocr:
        warnings.append(_("Văn bản được đọc từ ảnh quét (OCR): hãy soát lại từng chữ, nhất là số liệu."))
    warnings.extend(body.warnings)

    signer = None
    if ending.signer_name:
        wanted = name_key(ending.signer_name)
        signer = next((u for u in _signers(organization) if name_key(u.get_full_name()) == wanted), None)
        if signer is None:
            warnings.append(
                _("Không tìm thấy người ký “%(name)s” trong số người ký của cơ quan: hãy chọn người ký.") % {"name": ending.signer_name}
            )
    else:
        warnings.append(_("Không thấy tên người ký ở cuối văn bản: hãy chọn người ký."))
    if not ending.recipients:
        warnings.append(_("Không thấy phần “Nơi nhận”."))

    budget = []
    for block in body.blocks:
        for line, problem in budget_lines(block.get("text", "")):
            if line["unit_cost"] * line["quantity"] > MAX_MONEY or line["quantity"] > MAX_QUANTITY:
                warnings.append(_("Bỏ qua dòng kinh phí quá lớn: %(item)s.") % {"item": line["item"][:80]})
                continue
            budget.append(line)
            if problem:
                warnings.append(problem)

    related = _related(organization)
    recipients = []
    for item in ending.recipients:
        org = related.find(item["name"]) if item["purpose"] != "lưu" else None
        recipients.append({**item, "organization": org.pk if org is not None else None})

    plan_json = {
        "subject": head.subject[:1000],
        "preamble": "\n".join(head.preamble),
        "legal_bases": [{"text": text} for text, _items in head.legal_bases],
        "body": body.blocks,
        "budget_lines": budget,
        "recipients": recipients,
        "signing_authority": ending.signing_authority,
        "signer": signer.pk if signer is not None else None,
    }
    period = period_of(head.subject)
    if period:
        plan_json["period_start"], plan_json["period_end"] = period

    source_reference = {"issuing_body": head.issuing_body, "number": head.number, "place": head.place, "date": head.date}
    if head.number:
        warnings.append(
            _("Số “%(number)s” là số của văn bản nguồn, không phải số của kế hoạch mới (số được cấp khi ban hành).")
            % {"number": head.number}
        )
    kinds = [block["kind"] for block in body.blocks]
    report = {
        "recognized": {
            "subject": bool(head.subject),
            "legal_bases": len(head.legal_bases),
            "preamble": bool(head.preamble),
            "blocks": len(body.blocks),
            "headings": kinds.count("heading"),
            "targets": kinds.count("target"),
            "tasks": kinds.count("task"),
            "tables": kinds.count("table"),
            "footnotes": kinds.count("footnote"),
            "budget_lines": len(budget),
            "recipients": len(recipients),
            "signing_authority": ending.signing_authority,
            "signer_title": ending.signer_title,
            "signer_name": ending.signer_name,
            "signer": signer is not None,
            "period": bool(period),
            "source_reference": any(source_reference.values()),
            "ocr": source.ocr,
        },
        "not_recognized": body.not_recognized,
        "warnings": warnings,
    }
    return Recognition(
        plan=_validated(plan_json, organization), report=report, source_reference=source_reference, marks=body.marks, plan_json=plan_json
    )


def _validated(plan_json, organization):
    """`plan_json` as create_plan's `data`: what the API's create makes of it."""
    from plans.serializers import PlanCreateInputSerializer

    serializer = PlanCreateInputSerializer(data={**plan_json, "organization": organization.pk})
    if not serializer.is_valid():
        messages = [message for message in _messages(serializer.errors)][:20]
        raise InvalidInput(_("Không đọc được kế hoạch từ văn bản này."), errors={"file": messages})
    data = dict(serializer.validated_data)
    data.pop("organization", None)
    return data


def _messages(errors, path=""):
    """The serializer's errors as "path: message" lines."""
    if isinstance(errors, dict):
        for name, value in errors.items():
            yield from _messages(value, f"{path}.{name}" if path else str(name))
    elif isinstance(errors, list):
        for i, value in enumerate(errors):
            yield from _messages(value, f"{path}[{i}]" if isinstance(value, (dict, list)) else path)
    else:
        yield f"{path}: {errors}" if path else str(errors)


__all__ = ["Recognition", "recognize"]
