"""Shared fixtures: one authority with its units and a user for each role, plus another authority."""

import os

os.environ.setdefault("PLANFLOW_TESTING", "1")

import pytest  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402

from accounts.models import Membership, Organization, Role  # noqa: E402

PASSWORD = "test-password-123"

POSTGRES_ONLY_REASON = "needs PostgreSQL; `make test` runs it in the PostgreSQL run"


def _database_label():
    from django.conf import settings

    db = settings.DATABASES["default"]
    engine = db["ENGINE"].rsplit(".", 1)[-1]
    if engine == "sqlite3":
        return "SQLite (in-memory test database)"
    host = db.get("HOST") or "local socket"
    return f"{engine} {host}:{db.get('PORT') or 5432} (test database test_{db['NAME']})"


def pytest_report_header(config):
    return f"planflow database: {_database_label()}"


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` (optionally `postgres(reason=…)`) are skipped, with the reason shown,
    when the suite runs on SQLite; tests marked `sqlite(reason=…)` when it runs on PostgreSQL."""
    from django.db import connection

    if connection.vendor == "postgresql":
        for item in items:
            marker = item.get_closest_marker("sqlite")
            if marker:
                item.add_marker(
                    pytest.mark.skip(reason=f"needs SQLite; `make test` runs it in the SQLite run: {marker.kwargs.get('reason', '')}")
                )
        return
    for item in items:
        marker = item.get_closest_marker("postgres")
        if marker:
            why = marker.kwargs.get("reason")
            item.add_marker(pytest.mark.skip(reason=f"{POSTGRES_ONLY_REASON}: {why}" if why else POSTGRES_ONLY_REASON))


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """Hashing with the production hasher costs ~0.4 s a password: tests use a fast one."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Counters kept in the cache (the step-up password throttle) start empty in every test."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _sqlite_flush_past_the_append_only_triggers(request):
    """After a test that commits (transactional, live server), Django empties the tables with DELETE
    on SQLite, which the append-only triggers refuse: they are dropped just before, and the flush's
    post_migrate makes them again (audit.apps)."""
    yield
    marker = request.node.get_closest_marker("django_db")
    committed = {"transactional_db", "live_server"} & set(request.fixturenames) or (
        marker is not None and (marker.kwargs.get("transaction") or (marker.args and marker.args[0]))
    )
    if committed:
        from tests.tampering import drop_sqlite_triggers

        drop_sqlite_triggers()


@pytest.fixture
def head(world, django_user_model):
    """The district's head (Chủ tịch): a second signer, who grants TUQ./KT. (plans.delegation)."""
    user = django_user_model.objects.create_user("chu_tich", password=PASSWORD, first_name="Chủ", last_name="Tịch")
    Membership.objects.create(user=user, organization=world["district"], role=Role.SIGNER, position="CHỦ TỊCH")
    return user


@pytest.fixture
def world(db):
    """UBND huyện Ia H'Drai with units and users drafter/reviewer/reviewer2/signer/clerk/reporter/auditor;
    UBND xã Kon Braih with xa_drafter."""
    return make_world()


def make_world():
    """The `world` fixture's organizations and users, made in the current database (also used by
    tests that fill a database of their own, tests/hardening/sqlite_server.py)."""
    User = get_user_model()
    province = Organization.objects.create(name="UBND tỉnh Kon Tum", code="UBND", place_name="Kon Tum")
    district = Organization.objects.create(
        name="UBND huyện Ia H'Drai",
        code="UBND",
        place_name="Ia H'Drai",
        parent=province,
        header_name="ỦY BAN NHÂN DÂN HUYỆN IA H'DRAI",
        collective_title="ỦY BAN NHÂN DÂN",
    )
    police = Organization.objects.create(name="Công an huyện", kind="unit", parent=district)
    finance = Organization.objects.create(name="Phòng Tài chính - Kế hoạch", kind="unit", parent=district)
    commune = Organization.objects.create(name="UBND xã Kon Braih", code="UBND", place_name="Kon Braih", parent=district)
    commune_unit = Organization.objects.create(name="Công an xã", kind="unit", parent=commune)

    def user(username, org, role, full_name="", position=""):
        first, _, last = full_name.rpartition(" ")
        u = User.objects.create_user(username, password=PASSWORD, first_name=first, last_name=last)
        Membership.objects.create(user=u, organization=org, role=role, position=position)
        return u

    users = {
        "drafter": user("drafter", district, Role.DRAFTER, "Trần Văn Soạn"),
        "drafter2": user("drafter2", district, Role.DRAFTER, "Lê Thị Hai"),
        "reviewer": user("reviewer", district, Role.REVIEWER, "Phạm Thẩm Định"),
        "reviewer2": user("reviewer2", district, Role.REVIEWER, "Hoàng Văn Xét"),
        "signer": user("signer", district, Role.SIGNER, "Nguyễn Tiên Dũng", "PHÓ CHỦ TỊCH"),
        "clerk": user("clerk", district, Role.CLERK, "Đỗ Văn Thư"),
        "reporter": user("reporter", police, Role.REPORTER, "Vũ Báo Cáo"),
        "auditor": user("auditor", district, Role.AUDITOR, "Kiểm Tra Viên"),
        "xa_drafter": user("xa_drafter", commune, Role.DRAFTER, "Y Xã"),
    }
    return {
        "province": province,
        "district": district,
        "police": police,
        "finance": finance,
        "commune": commune,
        "commune_unit": commune_unit,
        "users": users,
    }


def plan_data(world, **overrides):
    """Complete content for a plan of the district, ready to submit."""
    u = world["users"]
    data = {
        "subject": "Triển khai thực hiện Phong trào thi đua “Chung tay xóa nhà tạm, nhà dột nát” năm 2025",
        "preamble": "Ủy ban nhân dân huyện Ia H'Drai ban hành Kế hoạch, cụ thể như sau:",
        "period_start": None,
        "period_end": None,
        "signing_authority": "KT.",
        "signer": u["signer"],
        "reviewers": [u["reviewer"]],
        "legal_bases": [{"text": "Căn cứ Kế hoạch số 4754/KH-UBND ngày 31 tháng 12 năm 2024 của Ủy ban nhân dân tỉnh Kon Tum;"}],
        "sections": [{"heading": "I. MỤC ĐÍCH, YÊU CẦU", "body": "Tạo khí thế thi đua sôi nổi."}],
        "targets": [{"text": "Xóa nhà tạm", "unit": "%", "target_value": __import__("decimal").Decimal("100"), "baseline": None}],
        "tasks": [
            {
                "text": "Chủ trì, phối hợp đôn đốc, kiểm tra.",
                "lead_unit": world["police"],
                "supporting_units": [world["finance"]],
                "schedule_kind": "monthly",
                "schedule_day": 15,
            }
        ],
        "budget_lines": [{"item": "Hỗ trợ", "unit_cost": 5_000_000, "quantity": 10, "source": "Ngân sách huyện"}],
        "recipients": [{"name": "Thường trực Huyện ủy", "purpose": "b/c"}, {"name": "VT", "purpose": "lưu"}],
    }
    data.update(overrides)
    return data


@pytest.fixture
def make_plan(world):
    from plans.services import create_plan

    def make(**overrides):
        return create_plan(world["users"]["drafter"], world["district"], plan_data(world, **overrides))

    return make


@pytest.fixture
def login(client, world):
    """login("reviewer") logs the test client in as that user of the `world` fixture and returns it."""

    def as_user(name):
        client.force_login(world["users"][name])
        return client

    return as_user
