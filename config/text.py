"""Text people type, made safe once for every way it comes in (issue 13, point 5).

One rule, `text_problem`, refuses what has no place in a plan's text and can make it lie:

- C0 and C1 control characters (U+0000–U+001F, U+007F–U+009F); tab, line feed and carriage return
  are allowed where the text has several lines;
- bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069), which make a text display in
  another order than it is stored ("…3 tỷ" that reads "…1 tỷ");
- U+FEFF (a byte order mark) inside the text, lone surrogates, and Unicode noncharacters.

Text is stored in NFC (`normalize_text`; a leading byte order mark is dropped), so Vietnamese typed
decomposed ("e" + combining marks, as some keyboards and macOS send it) compares and searches as
the same word typed precomposed.

Every place text comes in uses these:
- the models' text fields are `SafeCharField` (one line) and `SafeTextField` (several lines): their
  validator runs in the admin and any ModelForm, and their form field normalizes;
- the forms' and the API serializers' text fields are `SafeFormCharField` / `SafeSerializerCharField`;
- the services (the one door for the import, the demo and the shell too) check with `clean_text`.
tests/hardening/test_hostile_text.py walks every model, form and serializer to hold this.

`display_text` is for printing rows stored before these rules: it replaces what the rules refuse
with U+FFFD, so such a row still renders to PDF and DOCX, visibly marked.
"""

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _
from rest_framework import serializers

LINE_BREAKS = frozenset("\t\n\r")
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
BOM = "\ufeff"
REPLACEMENT = "\ufffd"
MAY_BE_REFUSED = re.compile("[\x00-\x1f\x7f-\x9f\u2000-\U0010ffff]")
"""The only characters the rule can refuse lie below U+00A0 (controls) or at U+2000 and above."""


def _is_control(char):
    code = ord(char)
    return code < 0x20 or 0x7F <= code <= 0x9F


def _is_noncharacter(code):
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


def _refused(char, multiline):
    """None when `char` may stand in text, else what it is (for the message)."""
    code = ord(char)
    if char in LINE_BREAKS:
        return None if multiline else "line"
    if _is_control(char):
        return "control"
    if char in BIDI_CONTROLS:
        return "bidi"
    if char == BOM:
        return "bom"
    if 0xD800 <= code <= 0xDFFF:
        return "surrogate"
    if _is_noncharacter(code):
        return "noncharacter"
    return None


def _first_refused(value, multiline):
    """(position from 1, char, kind) of the first refused character, or None. Plain text is
    checked quickly: only the characters MAY_BE_REFUSED finds are looked at."""
    for match in MAY_BE_REFUSED.finditer(value):
        char = match.group()
        kind = _refused(char, multiline)
        if kind:
            return match.start() + 1, char, kind
    return None


def text_problem(value, multiline=True):
    """A Vietnamese sentence naming the first character `value` may not hold, or None."""
    if not isinstance(value, str):
        return None
    found = _first_refused(value, multiline)
    if found is None:
        return None
    position, char, kind = found
    where = {"code": f"U+{ord(char):04X}", "position": position}
    messages = {
        "line": _("Trường này chỉ có một dòng: không được xuống dòng hay dùng ký tự tab (%(code)s, ở vị trí %(position)d)."),
        "control": _("Có ký tự điều khiển không được phép (%(code)s, ở vị trí %(position)d)."),
        "bidi": _(
            "Có ký tự đảo chiều văn bản (%(code)s, ở vị trí %(position)d): "
            "ký tự này làm văn bản hiển thị khác với nội dung thật, không được phép."
        ),
        "bom": _("Có ký tự BOM (%(code)s) giữa văn bản, ở vị trí %(position)d."),
        "surrogate": _("Có ký tự hỏng (nửa cặp surrogate %(code)s, ở vị trí %(position)d)."),
        "noncharacter": _("Có ký tự không dùng trong văn bản (%(code)s, ở vị trí %(position)d)."),
    }
    return messages[kind] % where


def normalize_text(value):
    """`value` in NFC, without a leading byte order mark (anything not text is returned as it is)."""
    if not isinstance(value, str):
        return value
    if value.startswith(BOM):
        value = value[1:]
    if value.isascii():
        return value
    return unicodedata.normalize("NFC", value)


def display_text(value, multiline=True):
    """`value` as it may be printed: every character the rules refuse becomes U+FFFD (for rows
    stored before the rules; new text never holds one)."""
    if not isinstance(value, str) or _first_refused(value, multiline) is None:
        return value
    return "".join(REPLACEMENT if _refused(char, multiline) else char for char in value)


def clean_text(value, multiline=True):
    """(`value` normalized, the problem with it or None): what a service does with text it is given."""
    value = normalize_text(value)
    return value, text_problem(value, multiline)


def model_text_fields(model):
    """{field name: multiline} of the model's fields under the rule."""
    return {field.name: field.multiline for field in model._meta.concrete_fields if isinstance(field, _SafeTextMixin)}


@deconstructible(path="config.text.SafeTextValidator")
class SafeTextValidator:
    """The rule as a Django validator (models and forms); `multiline` allows tab and line breaks."""

    code = "unsafe_text"

    def __init__(self, multiline=True):
        self.multiline = multiline

    def __call__(self, value):
        problem = text_problem(value, self.multiline)
        if problem:
            raise ValidationError(problem, code=self.code)

    def __eq__(self, other):
        return isinstance(other, SafeTextValidator) and other.multiline == self.multiline

    def __hash__(self):
        return hash((SafeTextValidator, self.multiline))


SINGLE_LINE = SafeTextValidator(multiline=False)
MULTI_LINE = SafeTextValidator(multiline=True)


# --- forms and the API ---------------------------------------------------------------------------


class SafeFormCharField(forms.CharField):
    """A form's text field: normalized to NFC, then checked by the rule (one line unless `multiline`)."""

    def __init__(self, *args, multiline=False, **kwargs):
        self.multiline = multiline
        super().__init__(*args, **kwargs)
        self.validators.append(MULTI_LINE if multiline else SINGLE_LINE)

    def to_python(self, value):
        return normalize_text(super().to_python(value))


class SafeSerializerCharField(serializers.CharField):
    """An API serializer's text field: normalized to NFC, then checked by the rule."""

    def __init__(self, *args, multiline=False, **kwargs):
        self.multiline = multiline
        super().__init__(*args, **kwargs)
        self.validators.append(MULTI_LINE if multiline else SINGLE_LINE)

    def to_internal_value(self, data):
        return normalize_text(super().to_internal_value(data))


# --- models ----------------------------------------------------------------------------------------


class _SafeTextMixin:
    """The rule on a model field: its validator (run by the admin and any ModelForm: full_clean) and
    its form field, both normalizing to NFC. Saving does not normalize: text reaches the models
    through the forms, the serializers and the services, which have normalized it already; and a
    row stored before these rules must stay as it is — its history row and the signatures over it
    hold it so (verify would see a row changed behind its back)."""

    multiline = False

    def to_python(self, value):
        return normalize_text(super().to_python(value))

    def formfield(self, **kwargs):
        if not self.choices:
            kwargs.setdefault("form_class", SafeFormCharField)
            if kwargs["form_class"] is SafeFormCharField:
                kwargs.setdefault("multiline", self.multiline)
        return super().formfield(**kwargs)


class SafeCharField(_SafeTextMixin, models.CharField):
    """A one-line text column people type (a name, a subject, a heading)."""

    default_validators = [SINGLE_LINE]
    multiline = False


class SafeTextField(_SafeTextMixin, models.TextField):
    """A text column of several lines people type (a section's body, a comment)."""

    default_validators = [MULTI_LINE]
    multiline = True
