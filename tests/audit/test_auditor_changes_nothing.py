"""The auditor reads every plan of its scope and changes nothing.

The addresses come from the URL resolver and the action names from plans.rules.ACTIONS, so a new
page, endpoint or action is covered without editing this file (a new kind of URL parameter makes
the test fail until it is given values here). Every address is requested with every unsafe method,
for plans in every state, with a body a rightful user's request would carry (so a refusal is the
permission's, not the form's). After each address every row of every table must be as before.

What counts as refused:
- the API: 403, 404 or 405 — nothing else;
- the UI: 403, 404 or 405; or the page's usual refusal, a redirect carrying an error message, or
  the form shown again with its errors; or a read-only address that answers POST as it answers GET
  (the same template, or the same redirect); never with a success message. The verify page's
  "Kiểm tra lại ngay" (RECHECKS) is the auditor's to press: it redirects back and writes only the
  stored result, which is not data (NOT_DATA).
"""

import hashlib
import json
import re
from datetime import date
from itertools import groupby

import pytest
from django.apps import apps
from django.contrib.messages import constants as message_levels
from django.urls import URLResolver, get_resolver
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from viewflow.workflow.models import Task as FlowTask

from approvals.comments import add_comment
from approvals.models import ReviewComment
from audit.models import AuditEvent
from plans.models import Plan
from plans.rules import ACTIONS
from plans.services import create_plan
from reporting.models import ReportAttachment, ReportSlot, SlotDecision
from reporting.services import submit_report
from tests.api.conftest import plan_json
from tests.conftest import PASSWORD, plan_data
from tests.ui.helpers import advance, plan_form_data
from workflow.services import perform

pytestmark = pytest.mark.django_db

UNSAFE = ("post", "put", "patch", "delete")

# Addresses that act on the requesting user's own session or credentials, not on any plan.
OWN_SESSION = {
    "accounts/login/",
    "accounts/logout/",
    "admin/login/",
    "admin/logout/",
    "admin/password_change/",
    "i18n/setlang/",
    "api/auth/token/",
}

# Tables that a request may write without changing anything of the application's data (the verify
# page's stored result is a cache of a verify anyone may redo: audit.models.VerifyResult).
NOT_DATA = {"sessions.session", "axes.accessattempt", "axes.accesslog", "axes.accessfailurelog", "admin.logentry", "audit.verifyresult"}

# Addresses whose POST only redoes a read and stores it in a NOT_DATA cache, then redirects back to the
# page: the verify page's "Kiểm tra lại ngay" (audit.verify.stored). The fingerprint still proves
# that nothing else changed.
RECHECKS = {"plans/<int:pk>/verify/"}

PARAM = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def routes():
    """(route, is_api) for every address of the project, from the URL resolver."""

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern)

    for route in walk(get_resolver().url_patterns):
        if route in OWN_SESSION or "(?P" in route:  # regex catch-alls answer 404 (tested in tests/api and tests/hardening)
            continue
        yield route, route.startswith("api/")


def fingerprint():
    """A digest of every row of every table (history, audit events and viewflow tasks included)."""
    digests = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if model._meta.proxy or label in NOT_DATA:
            continue
        rows = list(model._base_manager.order_by("pk").values_list())
        digests[label] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
    return digests


def changed_tables(before, after):
    return sorted(label for label in before if before[label] != after.get(label))


@pytest.fixture
def scene(world, full_plan, make_plan, settings):
    """Plans of the auditor's authority in every state, with comments, slots open and awaiting a
    decision, reports with an attachment and open viewflow tasks; and a plan of another authority."""
    u = world["users"]
    plans = {"reporting_done": full_plan}
    plans["draft"] = make_plan()
    plans["review"] = advance(make_plan(), world, "review")
    add_comment(plans["review"], u["reviewer"], text="Xem lại mục I.")
    plans["signing"] = advance(make_plan(), world, "signing")
    perform(plans["signing"], "sign", u["reviewer"], kind="initial")
    plans["issued"] = advance(make_plan(), world, "issued")
    once = {"lead_unit": world["police"], "supporting_units": [], "schedule_kind": "once"}
    waiting = make_plan(
        period_start=date(2025, 1, 1),
        period_end=date(2026, 12, 31),
        tasks=[
            {**once, "text": "Báo cáo sơ kết", "schedule_date": date(2026, 6, 30)},
            {**once, "text": "Tổng kết", "schedule_date": date(2026, 12, 1)},
        ],
    )
    plans["reporting"] = advance(waiting, world, "reporting")
    first_slot = ReportSlot.objects.filter(plan=waiting).order_by("due_on").first()
    submit_report(first_slot, u["reporter"], progress=50, text="Đang thực hiện")
    plans["closed"] = advance(make_plan(tasks=[{**once, "text": "Không báo cáo", "schedule_kind": ""}]), world, "reporting")
    perform(plans["closed"], "close", u["signer"], comment="Đã hoàn thành")
    plans["other_authority"] = create_plan(u["xa_drafter"], world["commune"], plan_data(world, signer=None, reviewers=[], tasks=[]))
    Token.objects.get_or_create(user=u["auditor"])
    return {name: Plan.objects.get(pk=plan.pk) for name, plan in plans.items()}


def values_for(route, name, converter):
    """The values a URL parameter takes: ids of what exists, every action name, every decision."""
    before = route[: route.index(f"<{converter + ':' if converter else ''}{name}>")].rstrip("/").rsplit("/", 1)[-1]
    if name == "pk":
        model = {"slots": ReportSlot, "attachments": ReportAttachment, "comments": ReviewComment}.get(before, Plan)
        return list(model.objects.order_by("pk").values_list("pk", flat=True))
    table = {
        "comment_id": lambda: ReviewComment.objects.values_list("pk", flat=True),
        "task_pk": lambda: FlowTask.objects.values_list("pk", flat=True),
        "action": lambda: [*ACTIONS, "unknown"],
        "name": lambda: [*ACTIONS, "unknown"],
        "decision": lambda: SlotDecision.Decision.values,
        "fmt": lambda: ["pdf", "docx"],
        "object_id": lambda: ["1"],
        "content_type_id": lambda: ["1"],
        "id": lambda: ["1"],
        "purpose": lambda: ["pdf", "json", "unknown"],
    }
    if name not in table:
        raise AssertionError(f"{route}: give the URL parameter <{name}> values in values_for()")
    return list(table[name]())


def addresses(route):
    """Every concrete address of `route` (pairs of a plan and its own comments, not all pairs)."""
    urls = ["/" + route]
    for match in PARAM.finditer(route):
        values = values_for(route, match.group("name"), match.group("converter"))
        urls = [url.replace(match.group(0), str(value), 1) for url in urls for value in values]
    if "<int:comment_id>" in route:
        own = {f"/{route}".replace("<int:pk>", str(c.plan_id)).replace("<int:comment_id>", str(c.pk)) for c in ReviewComment.objects.all()}
        urls = [url for url in urls if url in own]
    return urls


# A body as a rightful user would send it: every field some form or serializer wants, valid.
SIGN_AND_DECIDE = [{"kind": "initial", "decision": "accept"}, {"kind": "main", "decision": "return"}, {"kind": "main", "decision": "waive"}]


def ui_body(world, extra):
    return {
        **plan_form_data(world),
        "organization": str(world["district"].pk),
        "comment": "Kiểm toán viên thử thay đổi",
        "text": "Kiểm toán viên thử thay đổi",
        "password": PASSWORD,
        "progress": "50",
        **extra,
    }


def api_body(world, extra):
    return {
        **plan_json(world),
        "comment": "Kiểm toán viên thử thay đổi",
        "text": "Kiểm toán viên thử thay đổi",
        "password": PASSWORD,
        "progress": 50,
        "anchor_kind": "plan",
        **extra,
    }


def ui_refused(response, get_response):
    """`get_response`: the same address read with GET (given for a 200 or 302 answer)."""
    if response.status_code in (403, 404, 405):
        return True
    shown = [m.level for m in response.context["messages"]] if response.context and "messages" in response.context else []
    queued = [m.level for m in _queued_messages(response)]
    if message_levels.SUCCESS in shown + queued:
        return False
    if response.status_code == 302:
        if "/login/" in response["Location"] or message_levels.ERROR in queued:
            return True
        # a read-only address that redirects whatever the method (the site root, an inbox link)
        return get_response.status_code == 302 and get_response["Location"] == response["Location"]
    if response.status_code == 200:
        form = response.context.get("form") if response.context else None
        if form is not None and form.errors:
            return True
        # a read-only page that answers POST as it answers GET
        same_page = get_response.status_code == 200 and [t.name for t in response.templates] == [t.name for t in get_response.templates]
        return same_page and not shown
    return False


def _queued_messages(response):
    """Messages a redirect left for the next page (cookie storage)."""
    from django.contrib.messages.storage.cookie import CookieStorage

    cookie = response.cookies.get("messages")
    if not cookie or not cookie.value:
        return []
    storage = CookieStorage(response.wsgi_request)
    return storage._decode(cookie.value) or []


def test_the_auditor_reads_every_plan_of_its_scope(client, world, scene):
    client.force_login(world["users"]["auditor"])
    api = APIClient()
    api.force_authenticate(world["users"]["auditor"])
    in_scope = [plan for name, plan in scene.items() if name != "other_authority"]
    listed = {int(pk) for pk in re.findall(r'href="/plans/(\d+)/"', client.get("/plans/").content.decode())}
    assert listed == {plan.pk for plan in in_scope}
    for plan in in_scope:
        for page in ("", "history/", "history/as-of/?event=1", "history/compare/?a=1&b=1", "verify/", "audit-bundle.json"):
            assert client.get(f"/plans/{plan.pk}/{page}").status_code == 200, (plan.state, page)
        for endpoint in ("", "history/", "verify/", "actions/"):
            assert api.get(f"/api/plans/{plan.pk}/{endpoint}").status_code == 200, (plan.state, endpoint)
        assert api.get(f"/api/plans/{plan.pk}/actions/").json() == []
    other = scene["other_authority"].pk
    assert client.get(f"/plans/{other}/").status_code == 404
    assert api.get(f"/api/plans/{other}/").status_code == 404


def requests_of(route, is_api):
    """(method, body variant) to send to `route`: the API with every unsafe method, a POST once per
    signature kind and slot decision its body can carry; the UI (whose forms only POST, with the
    decision in the address) with a POST per signature kind."""
    if is_api:
        return [("post", extra) for extra in SIGN_AND_DECIDE] + [(method, SIGN_AND_DECIDE[0]) for method in UNSAFE[1:]]
    return [("post", extra) for extra in SIGN_AND_DECIDE[:2]]


def test_every_action_and_every_edit_by_the_auditor_is_refused_and_changes_nothing(client, world, scene):
    auditor = world["users"]["auditor"]
    client.force_login(auditor)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get(user=auditor).key}")
    events, states = AuditEvent.objects.count(), {plan.pk: plan.state for plan in Plan.objects.all()}
    not_refused, changed, tried = [], [], set()
    for group, members in groupby(routes(), key=lambda member: "admin/…" if member[0].startswith("admin/") else member[0]):
        before = fingerprint()  # per address, the admin pages together (they only send the auditor to log in)
        for route, is_api in members:
            for url in addresses(route):
                get_response = None
                for method, extra in requests_of(route, is_api):
                    if is_api:
                        response = getattr(api, method)(url, json.dumps(api_body(world, extra)), content_type="application/json")
                        refused = response.status_code in (403, 404, 405)
                    else:
                        client.cookies.pop("messages", None)
                        response = client.post(url, ui_body(world, extra))
                        if response.status_code in (200, 302) and get_response is None:
                            client.cookies.pop("messages", None)
                            get_response = client.get(url)
                        refused = ui_refused(response, get_response) or (
                            route in RECHECKS and response.status_code == 302 and response["Location"] == url
                        )
                    tried.add(route)
                    if not refused:
                        not_refused.append(f"{method.upper()} {url} {extra} → {response.status_code}")
        after = fingerprint()
        if after != before:
            changed.append(f"{group}: {changed_tables(before, after)}")
    assert not changed, changed
    assert not not_refused, "\n".join(not_refused)
    assert AuditEvent.objects.count() == events
    assert {plan.pk: plan.state for plan in Plan.objects.all()} == states
    # The walk reached the doors that change things: every action, edit form, comment, report and decision.
    for route in (
        "plans/<int:pk>/actions/<slug:action>/",
        "plans/<int:pk>/edit/",
        "plans/new/",
        "plans/<int:pk>/comments/<int:comment_id>/resolve/",
        "plans/slots/<int:pk>/report/",
        "plans/slots/<int:pk>/review/<slug:decision>/",
        "plans/tasks/<int:task_pk>/take/",
        "api/plans/<int:pk>/actions/<str:name>/",
        "api/plans/",
        "api/slots/<int:pk>/review/",
    ):
        assert route in tried, route
