"""The plan's ending: "Nơi nhận" with each recipient's purpose and "Lưu", and the signature block
(TM./KT./TL./TUQ./Q., the signer's title, the signer's name)."""

import re
from dataclasses import dataclass, field

from .names import squeeze

PURPOSES = {
    "b/c": "b/c",
    "b/cáo": "b/c",
    "báo cáo": "b/c",
    "để báo cáo": "b/c",
    "p/h": "p/h",
    "phối hợp": "p/h",
    "để phối hợp": "p/h",
    "t/h": "t/h",
    "t/hiện": "t/h",
    "thực hiện": "t/h",
    "để thực hiện": "t/h",
    "đ/b": "đ/b",
    "để biết": "đ/b",
    "chỉ đạo": "đ/b",
}
PURPOSE = re.compile(r"\(\s*\*?(?P<purpose>[^()]{2,15}?)\*?\s*\)\s*$", re.IGNORECASE)
ARCHIVE = re.compile(r"^Lưu\s*:?\s*(?P<name>.*)$", re.IGNORECASE)
RECIPIENTS_START = re.compile(r"^Nơi nhận\s*:?\s*(?P<rest>.*)$", re.IGNORECASE)
AUTHORITY = re.compile(r"^(?P<authority>TM|KT|TL|TUQ|Q)\s*\.\s*(?P<title>.*)$")
SIGNED = re.compile(r"^\(?\s*(?:đã\s+ký|ký|ký tên,? đóng dấu|đã ký và đóng dấu)\s*\)?\.?$", re.IGNORECASE)
PERSON_NAME = re.compile(r"^(?:[A-ZĐÀ-Ỹ][\wÀ-ỹ]*\s+){1,5}[A-ZĐÀ-Ỹ][\wÀ-ỹ]*$")


def _is_upper(text):
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def recipient(line):
    """{"name", "purpose"} of one line of "Nơi nhận", or None for an empty line."""
    text = squeeze(line).lstrip("-–•+ ").strip()
    text = text.rstrip(" ;,.").strip()
    if not text:
        return None
    archive = ARCHIVE.match(text)
    if archive:
        name = archive.group("name").strip(" :;,.") or "VT"
        return {"name": name, "purpose": "lưu"}
    purpose = ""
    match = PURPOSE.search(text)
    if match and match.group("purpose").strip().lower() in PURPOSES:
        purpose = PURPOSES[match.group("purpose").strip().lower()]
        text = text[: match.start()].rstrip(" ;,")
    return {"name": text.replace("*", "").strip()[:500], "purpose": purpose}


@dataclass
class Ending:
    recipients: list = field(default_factory=list)
    signing_authority: str = ""
    signer_title: str = ""
    signer_name: str = ""
    collective: str = ""


def read_ending(lines):
    """The Ending of the lines from "Nơi nhận" on (the recipients, then the signature block, in
    any order a DOCX table's cells give them)."""
    ending = Ending()
    in_recipients = False
    authorities = []
    titles = []
    names = []
    for raw in lines:
        line = squeeze(raw)
        if not line:
            continue
        start = RECIPIENTS_START.match(line)
        if start:
            in_recipients = True
            line = start.group("rest").strip()
            if not line:
                continue
        authority = AUTHORITY.match(line)
        if authority:
            authorities.append((authority.group("authority") + ".", authority.group("title").strip()))
            in_recipients = False
            continue
        if in_recipients and (line.startswith(("-", "–", "•", "+")) or ARCHIVE.match(line) or not _is_upper(line)):
            item = recipient(line)
            if item:
                ending.recipients.append(item)
            if ARCHIVE.match(line.lstrip("-–•+ ")):
                in_recipients = False
            continue
        in_recipients = False
        if SIGNED.match(line):
            continue
        if _is_upper(line):
            titles.append(line)
        elif PERSON_NAME.match(line):
            names.append(line)
    if authorities:
        ending.signing_authority = authorities[-1][0]
        ending.collective = authorities[0][1] if authorities[0][0] == "TM." else ""
        ending.signer_title = titles[-1] if titles else authorities[-1][1]
    elif titles:
        ending.signer_title = titles[-1]
    if names:
        ending.signer_name = names[-1]
    return ending


# --- budget lines ----------------------------------------------------------------------------

MONEY = r"\d{1,3}(?:[.\s]\d{3})+|\d+"
BUDGET = re.compile(
    rf"(?P<unit_cost>{MONEY})\s*(?:đ|đồng|VNĐ)\s*/\s*(?P<per>[^x×*=]{{0,40}}?)\s*[x×*]\s*(?P<quantity>\d+)\s*(?P<what>[^=]{{0,80}}?)\s*=\s*(?P<amount>{MONEY})\s*(?:đ|đồng|VNĐ)",
    re.IGNORECASE,
)


def _dong(value):
    return f"{value:,}".replace(",", ".")


def money(text):
    return int(re.sub(r"[.\s]", "", text))


def budget_lines(text):
    """[(line, problem or None)] of "5.000.000đ/01 đơn vị x 10 huyện = 50.000.000đ" in `text`:
    the line ({"item", "unit_cost", "quantity", "source"}) and, when the written total is not
    unit cost × quantity, why (Vietnamese)."""
    found = []
    for match in BUDGET.finditer(text):
        unit_cost, quantity, amount = money(match.group("unit_cost")), int(match.group("quantity")), money(match.group("amount"))
        before = text[: match.start()].rstrip(" :,")
        before = re.sub(r"[,;]?\s*cụ thể\s*$", "", before).strip()
        sentence_start = max(before.rfind(". "), before.rfind("; "))
        item = before[sentence_start + 2 :] if sentence_start >= 0 else before
        what = squeeze(f"{match.group('per')} × {quantity} {match.group('what')}").strip(" ,")
        item = squeeze(f"{item} ({what})" if item else what)[:20000]
        source = "Ngân sách nhà nước" if re.match(r"ngân sách", item, re.IGNORECASE) else ""
        problem = None
        if unit_cost * quantity != amount:
            problem = f"Dòng kinh phí “{squeeze(match.group(0))}”: {_dong(unit_cost)} × {quantity} không bằng {_dong(amount)} đồng như văn bản ghi."
        found.append(({"item": item, "unit_cost": unit_cost, "quantity": quantity, "source": source}, problem))
    return found
