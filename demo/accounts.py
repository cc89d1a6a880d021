"""Demo organizations and people, as the seed plans in ../shared/seeds/ name them.

Used by `manage.py loaddemo`. Every function here is idempotent: it creates what is missing, puts
back what differs, and leaves the rest alone, so running it twice changes nothing.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password

from accounts.models import Membership, Organization, Role

AUTHORITY = Organization.Kind.AUTHORITY
UNIT = Organization.Kind.UNIT

PROVINCE = "UBND tỉnh Kon Tum"
DISTRICT = "UBND huyện Ia H'Drai"
COMMUNE = "UBND xã Kon Braih"
MTTQ = "Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh Kon Tum"

# Issuing authorities: name → fields. A parent is named, and listed before its children.
AUTHORITIES = {
    PROVINCE: {
        "code": "UBND",
        "symbol_suffix": "",
        "place_name": "Kon Tum",
        "header_name": "ỦY BAN NHÂN DÂN TỈNH KON TUM",
        "collective_title": "ỦY BAN NHÂN DÂN",
        "parent": None,
    },
    DISTRICT: {
        "code": "UBND",
        "symbol_suffix": "",
        "place_name": "Ia H'Drai",
        "header_name": "ỦY BAN NHÂN DÂN HUYỆN IA H'DRAI",
        "collective_title": "ỦY BAN NHÂN DÂN",
        "parent": PROVINCE,
    },
    # Seed 000 does not print the commune's superior body, so none is recorded.
    COMMUNE: {
        "code": "UBND",
        "symbol_suffix": "",
        "place_name": "Kon Braih",
        "header_name": "ỦY BAN NHÂN DÂN XÃ KON BRAIH",
        "collective_title": "ỦY BAN NHÂN DÂN",
        "parent": None,
    },
    MTTQ: {
        "code": "MTTQ",
        "symbol_suffix": "MTTQ-BTT",  # seed 001 and its references: 358/KH-MTTQ-BTT
        "place_name": "Kon Tum",
        "header_name": "BAN THƯỜNG TRỰC ỦY BAN MTTQ VIỆT NAM TỈNH KON TUM",
        "collective_title": "BAN THƯỜNG TRỰC",
        "parent": None,
    },
}

# Units of each authority: the bodies the seed plans assign tasks to.
UNITS = {
    DISTRICT: [  # seeds 002 and 003
        "Công an huyện",
        "Phòng Tài chính - Kế hoạch",
        "Phòng Nội vụ",
        "Phòng Lao động - Thương binh và Xã hội",
        "Phòng Kinh tế và Hạ tầng",
        "Phòng Giáo dục và Đào tạo",
        "Trung tâm Văn hóa - Thể thao - Du lịch và Truyền thông",
        "Bảo hiểm xã hội huyện",
        "Ủy ban nhân dân các xã",
        "Ủy ban MTTQ Việt Nam huyện",
        "Huyện đoàn",
    ],
    COMMUNE: [  # seed 000
        "Văn phòng HĐND&UBND xã",
        "Phòng Kinh tế",
        "Phòng Văn hóa – Xã hội",
        "Công an xã",
        "Ban Chỉ huy Quân sự xã",
    ],
    MTTQ: [  # seed 001
        "Ban Phong trào",
        "Văn phòng",
        "Ban Tổ chức – Tuyên giáo",
        "Ban Dân chủ - Pháp luật",
        "Ban Thường trực Ủy ban MTTQ Việt Nam các huyện, thành phố",
        "Ban Thường trực Ủy ban MTTQ Việt Nam các xã, phường, thị trấn",
    ],
}

# The demo people: username → (full name, [(organization, unit or None, role, printed position)], note).
# The first seven are the accounts of issue 2; the others are the people the seed plans need.
USERS = {
    "drafter": ("Trần Thị Thu Hà", [(DISTRICT, None, Role.DRAFTER, "")], "soạn kế hoạch 002, 003"),
    "reviewer": ("Phạm Văn Hùng", [(DISTRICT, None, Role.REVIEWER, "")], "thẩm định 002, 003"),
    "signer": ("Nguyễn Tiên Dũng", [(DISTRICT, None, Role.SIGNER, "PHÓ CHỦ TỊCH")], "ký 002 (KT. CHỦ TỊCH)"),
    "clerk": ("Đỗ Thị Hoa", [(DISTRICT, None, Role.CLERK, "")], "văn thư: ban hành, cấp số"),
    "reporter": ("Hoàng Minh Đức", [(DISTRICT, "Công an huyện", Role.REPORTER, "")], "báo cáo cho Công an huyện"),
    "auditor": ("Bùi Văn Kiên", [(DISTRICT, None, Role.AUDITOR, "")], "xem, kiểm tra; không sửa"),
    "admin": ("Đặng Quốc Trị", [(DISTRICT, None, Role.ADMIN, "")], "quản trị (superuser)"),
    "xa_drafter": ("Y Hoa", [(COMMUNE, None, Role.DRAFTER, "")], "soạn kế hoạch 000"),
    "chairman": ("Võ Anh Tuấn", [(DISTRICT, None, Role.SIGNER, "CHỦ TỊCH")], "ký 003 (TM. ỦY BAN NHÂN DÂN)"),
    "reviewer2": ("Lê Thị Mai", [(DISTRICT, None, Role.REVIEWER, "")], "người thẩm định thứ hai của 002, 003"),
    "xa_reviewer": ("A Tuấn", [(COMMUNE, None, Role.REVIEWER, "")], "thẩm định 000"),
    "xa_signer": ("A Kiên", [(COMMUNE, None, Role.SIGNER, "CHỦ TỊCH")], "người ký dự kiến của 000"),
    "xa_clerk": ("Y Bích", [(COMMUNE, None, Role.CLERK, "")], "văn thư UBND xã"),
    "mttq_drafter": ("Trần Thị Ngọc", [(MTTQ, None, Role.DRAFTER, "")], "soạn kế hoạch 001"),
    "mttq_reviewer": ("Nguyễn Văn Bình", [(MTTQ, None, Role.REVIEWER, "")], "thẩm định 001"),
    "mttq_signer": ("Nguyễn Thị Lan", [(MTTQ, None, Role.SIGNER, "PHÓ CHỦ TỊCH")], "ký 001 (TM. BAN THƯỜNG TRỰC)"),
    "mttq_clerk": ("Phan Thị Thủy", [(MTTQ, None, Role.CLERK, "")], "văn thư MTTQ tỉnh"),
    "xa_reporter": ("Y Nhung", [(DISTRICT, "Ủy ban nhân dân các xã", Role.REPORTER, "")], "báo cáo hằng tháng, hằng năm của 003"),
}
SUPERUSERS = {"admin"}


def _sync(obj, fields):
    """Set `fields` on `obj` and save it only if something differs; True when it saved."""
    dirty = obj.pk is None
    for name, value in fields.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            dirty = True
    if dirty:
        obj.save()
    return dirty


def ensure_organizations():
    """Create the demo authorities and units; returns {authority name: {"self": org, unit name: unit}}."""
    result = {}
    for name, fields in AUTHORITIES.items():
        parent = result[fields["parent"]]["self"] if fields["parent"] else None
        org = Organization.objects.filter(name=name, kind=AUTHORITY).first() or Organization(name=name)
        _sync(org, {**fields, "kind": AUTHORITY, "parent": parent})
        result[name] = {"self": org}
    for authority, unit_names in UNITS.items():
        parent = result[authority]["self"]
        for unit_name in unit_names:
            unit = Organization.objects.filter(name=unit_name, kind=UNIT, parent=parent).first()
            unit = unit or Organization(name=unit_name, kind=UNIT, parent=parent)
            _sync(unit, {"code": "", "place_name": "", "header_name": "", "collective_title": ""})
            result[authority][unit_name] = unit
    return result


def demo_email(username):
    """The demo account's address, so the task mails have someone to go to. `.example` is a reserved
    top-level domain: nothing sent there reaches anyone (development mail stays in var/mail/)."""
    return f"{username}@demo.planflow.example"


def ensure_users(orgs, password):
    """Create the demo people with their memberships; every one gets `password`.

    The password is hashed once and the hash shared: the demo accounts have one published
    password, and hashing it for each account would cost ~0.4 s apiece on every `make run`.
    """
    User = get_user_model()
    existing = {u.username: u for u in User.objects.filter(username__in=USERS)}
    shared_hash = None
    checked = {}  # stored hash → whether it matches `password`
    users = {}
    for username, (full_name, memberships, _note) in USERS.items():
        first, _, last = full_name.rpartition(" ")
        user = existing.get(username) or User(username=username)
        superuser = username in SUPERUSERS
        fields = {
            "first_name": first,
            "last_name": last,
            "email": demo_email(username),
            "is_active": True,
            "is_staff": superuser,
            "is_superuser": superuser,
        }
        if user.password not in checked:
            checked[user.password] = bool(user.password) and check_password(password, user.password)
        if not checked[user.password]:
            shared_hash = shared_hash or make_password(password)
            fields["password"] = shared_hash
            checked[shared_hash] = True
        _sync(user, fields)
        for org_name, unit_name, role, position in memberships:
            org = orgs[org_name][unit_name] if unit_name else orgs[org_name]["self"]
            membership = Membership.objects.filter(user=user, organization=org, role=role).first()
            _sync(membership or Membership(user=user, organization=org, role=role), {"position": position})
        users[username] = user
    return users


def accounts_table():
    """Rows (username, full name, role, organization, note) for printing the demo accounts."""
    rows = []
    for username, (full_name, memberships, note) in USERS.items():
        for org_name, unit_name, role, position in memberships:
            role_text = Role(role).label + (f", {position}" if position else "")
            where = f"{unit_name}, {org_name}" if unit_name else org_name
            rows.append((username, full_name, role_text, where, note))
    return rows
