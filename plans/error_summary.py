"""The error banner of a form page: every field that failed, by its name (and row), with its
message, linked to the field. static/planflow/ui.js moves the cursor to the first one."""

from dataclasses import dataclass

from django.forms.forms import NON_FIELD_ERRORS


@dataclass(frozen=True)
class ErrorItem:
    target: str  # the id of the field (or of the part's card) the banner links to; "" for none
    label: str  # what failed, as the page names it: "Kinh phí, dòng 1 — Đơn giá (đồng)"
    message: str


def form_errors(form, where=""):
    """ErrorItems of a bound form; `where` names the part and row the form is in."""
    items = []
    for name, errors in form.errors.items():
        if name == NON_FIELD_ERRORS:
            items += [ErrorItem("", where, str(error)) for error in errors]
            continue
        field = form[name]
        label = f"{where} — {field.label}" if where else str(field.label)
        items += [ErrorItem(field.auto_id or "", label, str(error)) for error in errors]
    return items
