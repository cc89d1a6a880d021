"""API test helpers: clients that log in with a token, a plan as JSON, and a guard that a refused
request changed nothing."""

import pytest
from django.apps import apps
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from plans.content import editable_snapshot
from plans.models import Plan
from plans.selectors import with_parts
from tests.conftest import PASSWORD
from workflow.services import perform


@pytest.fixture
def api(world):
    """api("drafter") → an APIClient sending that user's token; api() → anonymous."""

    def client(username=None):
        c = APIClient()
        if username:
            token, _ = Token.objects.get_or_create(user=world["users"][username])
            c.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return c

    return client


def plan_json(world, **overrides):
    """A complete plan of the district as the API takes it (ids, strings for decimals)."""
    u = world["users"]
    body = {
        "organization": world["district"].pk,
        "subject": "Triển khai thực hiện Phong trào thi đua “Chung tay xóa nhà tạm, nhà dột nát” năm 2025",
        "preamble": "Ủy ban nhân dân huyện Ia H'Drai ban hành Kế hoạch, cụ thể như sau:",
        "period_start": None,
        "period_end": None,
        "signing_authority": "KT.",
        "signer": u["signer"].pk,
        "reviewers": [u["reviewer"].pk],
        "legal_bases": [{"text": "Căn cứ Kế hoạch số 4754/KH-UBND ngày 31 tháng 12 năm 2024 của Ủy ban nhân dân tỉnh Kon Tum;"}],
        "sections": [{"heading": "I. MỤC ĐÍCH, YÊU CẦU", "body": "Tạo khí thế thi đua sôi nổi."}],
        "targets": [{"text": "Hộ thay đổi nếp nghĩ", "unit": "%", "target_value": "77.17", "baseline": None}],
        "tasks": [
            {
                "text": "Chủ trì, phối hợp đôn đốc, kiểm tra.",
                "lead_unit": world["police"].pk,
                "supporting_units": [world["finance"].pk],
                "schedule": {"kind": "monthly", "day": 15},
            }
        ],
        "budget_lines": [{"item": "Hỗ trợ", "unit_cost": 5_000_000, "quantity": 10, "source": "Ngân sách huyện"}],
        "recipients": [{"name": "Thường trực Huyện ủy", "purpose": "b/c"}, {"name": "VT", "purpose": "lưu"}],
    }
    body.update(overrides)
    return body


def tracked_models():
    """Every model a refused request must leave alone: plans, parts, their history, audit, decisions."""
    labels = ("plans", "audit", "approvals", "reporting")
    return [m for m in apps.get_models() if m._meta.app_label in labels]


def database_state():
    """Row counts of every tracked model plus each plan's content and state."""
    counts = {m._meta.label: m._default_manager.count() for m in tracked_models()}
    plans = {
        p.pk: (editable_snapshot(p), p.state, p.review_round, p.number, p.updated_at, p.closing_summary)
        for p in with_parts(Plan.objects.order_by("pk"))
    }
    return counts, plans


@pytest.fixture
def unchanged():
    """with unchanged(): … — asserts nothing in the database changed inside the block."""
    from contextlib import contextmanager

    @contextmanager
    def guard():
        before = database_state()
        yield
        after = database_state()
        assert after[0] == before[0], "row counts changed"
        assert after[1] == before[1], "a plan changed"

    return guard


def advance(plan, world, to_state):
    """Take a plan made by the drafter through the service up to `to_state`."""
    u = world["users"]
    steps = [
        ("review", lambda p: perform(p, "submit", u["drafter"])),
        ("signing", lambda p: perform(p, "approve", u["reviewer"])),
        ("issued", lambda p: perform(perform(p, "sign", u["signer"], kind="main", password=PASSWORD), "issue", u["clerk"])),
        ("reporting", lambda p: perform(p, "start_reporting", u["clerk"])),
    ]
    for state, step in steps:
        if plan.state == to_state:
            break
        plan = step(plan)
        assert plan.state == state
    assert plan.state == to_state
    return plan
