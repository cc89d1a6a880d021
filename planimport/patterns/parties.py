"""A task's parties from its words and its heading.

- the lead: "Giao X chủ trì …", "Giao X: …", "X chủ trì …", "X: <the task>" (a labelled line
  "b) Phòng Nội vụ: Chủ trì, …"), a heading that names a body ("1. Công an huyện:") for the lines
  under it, or a text that starts with one of the organization's units;
- the supporting parties: the units and the bodies named after "phối hợp với".

A name is matched to the organization's units (or the organization itself) by `Directory`; a name
that matches none is kept as a named party ({"name": …}).
"""

import re

from .names import name_key, squeeze

# The words an organization's or a group's name starts with.
BODY_WORDS = (
    r"(?:Phòng|Ban|Công an|Ủy ban|Uỷ ban|UBND|Trung tâm|Văn phòng|Bảo hiểm|Sở|Huyện đoàn|Tỉnh đoàn|Đoàn|Hội|Mặt trận|"
    r"Bộ|Chi cục|Cục|Đài|Trường|Bệnh viện|Kho bạc|Chi nhánh|Thường trực|Các|Công chức|Đảng ủy|Đảng uỷ|Huyện ủy|Huyện uỷ|"
    r"Liên đoàn|Quỹ|Viện|Tòa án|Viện kiểm sát|Ngân hàng|Đề nghị|Cơ quan)"
)
STARTS_LIKE_A_BODY = re.compile(rf"^{BODY_WORDS}\b")
REQUEST = re.compile(r"^Đề nghị\s+", re.IGNORECASE)
ASSIGN = re.compile(r"^Giao\s+(?P<party>.+?)(?:\s+(?:chủ trì|làm đầu mối|là cơ quan thường trực)\b|\s*:)", re.IGNORECASE)
LEADS = re.compile(rf"^(?P<party>{BODY_WORDS}[^:;.]{{0,120}}?)\s+(?:chủ trì|là đơn vị chủ trì|làm đầu mối)\b")
REQUESTED = re.compile(
    rf"(?:^|:\s*)Đề nghị\s+(?P<party>(?:{BODY_WORDS}|các)\b[^;.]{{0,100}}?)\s+(?:báo cáo|thực hiện|triển khai|phối hợp|chủ động|tổ chức|tham mưu)\b"
)
LEADS_TOGETHER = re.compile(rf"^(?P<party>{BODY_WORDS}[^:;.,]{{0,60}}?)\s+phối hợp\b")
NAMED_BEFORE_COLON = re.compile(r"^(?P<party>[^:;.]{3,150}?)\s*:\s*(?P<rest>\S.*)$", re.DOTALL)
SUPPORT = re.compile(r"\bphối hợp(?:\s+chặt chẽ)?\s+(?:với\s+)?(?P<tail>[^;.:]+)", re.IGNORECASE)
# Where the list of supporting parties ends: the verb of what they do together.
SUPPORT_ENDS = re.compile(
    r"\s(?:để|trong|tham mưu|hướng dẫn|triển khai|tổ chức|đôn đốc|kiểm tra|rà soát|thực hiện|tăng|duy trì|xây dựng|"
    r"tuyên truyền|theo dõi|xử lý|giải quyết|lập|xem xét|bố trí|vận động|chỉ đạo|cân đối|đề xuất|huy động|giám sát|quản lý|"
    r"khảo sát|tập huấn|mở|tiếp tục)\b"
)
LOOKS_LIKE_TASK = re.compile(r"\b(?:chủ trì|phối hợp|giao)\b", re.IGNORECASE)


class Directory:
    """The organization and its units by the key of their names (planimport.patterns.names)."""

    def __init__(self, organization, units=()):
        self.organization = organization
        self.by_key = {}
        for org in [organization, *units]:
            for name in (org.name, getattr(org, "header_name", "") or ""):
                if name:
                    self.by_key.setdefault(name_key(name), org)

    @classmethod
    def of(cls, organization):
        from accounts.models import Organization

        units = Organization.objects.filter(parent=organization, kind=Organization.Kind.UNIT).order_by("pk")
        return cls(organization, list(units))

    def find(self, name):
        return self.by_key.get(name_key(name))

    def party(self, name):
        """{"unit": id} when `name` (or its part before a comma: "Ban Phong trào, Ủy ban MTTQ …") is
        the organization or one of its units, else {"name": name}."""
        name = clean_name(name)
        org = self.find(name) or self.find(name.split(",")[0])
        return {"unit": org.pk} if org is not None else {"name": name[:500]}

    def key_at_start(self, text, org):
        """`text` starts with `org`'s name."""
        key = name_key(text)
        return any(key.startswith(k) for k, o in self.by_key.items() if o == org)

    def units_in(self, text):
        """The organizations of this directory named in `text`, in order of appearance."""
        key = name_key(text)
        found = []
        for name_of, org in self.by_key.items():
            at = key.find(name_of)
            if at >= 0 and org not in [o for _at, o in found]:
                found.append((at, org))
        return [org for _at, org in sorted(found, key=lambda pair: pair[0])]


def clean_name(name):
    name = squeeze(name).strip(" :;,.-–")
    return REQUEST.sub("", name)


def heading_party(text):
    """The body a heading names ("Công an huyện:", "Đề nghị Ủy ban MTTQ … huyện"), or None."""
    text = squeeze(text).rstrip(":").strip()
    if STARTS_LIKE_A_BODY.match(text) and len(text) <= 200:
        end = NAME_ENDS.search(text)  # "Ban Thường trực … tỉnh giao các Ban, Văn phòng cụ thể"
        return clean_name(text[: end.start()] if end else text)
    return None


def lead_name(text):
    """The lead a task's own words name, or None: "Giao X chủ trì", "X chủ trì", "X: …"."""
    text = squeeze(text)
    for pattern in (ASSIGN, LEADS, LEADS_TOGETHER):
        match = pattern.match(text)
        if match:
            return clean_name(match.group("party"))
    match = REQUESTED.search(text[:300])
    if match:
        return clean_name(match.group("party"))
    match = NAMED_BEFORE_COLON.match(text)
    if match and STARTS_LIKE_A_BODY.match(match.group("party")) and len(match.group("party")) <= 120:
        return clean_name(match.group("party"))
    return None


NAME_ENDS = re.compile(
    r"(?<!các)\s(?:giao|theo|căn cứ|có trách nhiệm|chịu trách nhiệm|chủ động|phối hợp|nghiên cứu|tiếp tục|thường xuyên|"
    r"tăng|tham mưu|hướng dẫn|triển khai|tổ chức|thực hiện|xây dựng|tuyên truyền|kiểm tra|rà soát|đôn đốc)\b"
)


def named_at_start(text):
    """The body a duty's text starts with ("Trung tâm Văn hóa … theo chức năng …"), or None."""
    text = squeeze(text)
    if not STARTS_LIKE_A_BODY.match(text):
        return None
    end = NAME_ENDS.search(text)
    if end is None or end.start() > 200:
        return None
    return clean_name(text[: end.start()]) or None


def supporting_parties(text, directory, lead=None):
    """The parties named after "phối hợp với": the directory's units, then other bodies by name."""
    parties = []
    for match in SUPPORT.finditer(squeeze(text)):
        tail = match.group("tail")
        end = SUPPORT_ENDS.search(tail)
        tail = tail[: end.start()] if end else tail
        for org in directory.units_in(tail):
            parties.append({"unit": org.pk})
        for chunk in re.split(rf",\s*|\s+và\s+(?={BODY_WORDS}\b|các\b)", tail):
            chunk = clean_name(chunk)
            if chunk and STARTS_LIKE_A_BODY.match(chunk) and not chunk.startswith("Các") and directory.find(chunk) is None:
                parties.append({"name": chunk[:500]})
    unique = []
    for party in parties:
        if party not in unique and party != lead:
            unique.append(party)
    return unique
