"""The access-control walk: every URL pattern of the site (from the resolver), as every role of the
district, as the commune's user and as a visitor, with GET and with mutating methods, checked
against the one table in tests/hardening/access_table.py. Another organization's plans, comments,
slots, reports' attachments and tasks answer 404 to every method.

A pattern that has no row in the table fails the test: add the row (see access_table.py).
"""

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver
from rest_framework.authtoken.models import Token

from tests.hardening import scenery
from tests.hardening.access_table import ACCESS, ADMIN, API_REFUSED, UI_FORM_REFUSED
from workflow.flow_sync import human_tasks

ROLES = ["drafter", "reviewer", "signer", "clerk", "reporter", "auditor", "admin"]
READ_ONLY_METHODS = ["post", "put", "delete"]
FIXED_VALUES = {"action": "submit", "name": "approve", "fmt": "docx", "decision": "accept", "purpose": "json"}


def all_routes(patterns=None, prefix=""):
    """Every leaf pattern as (route, the pattern's converters by parameter name)."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from all_routes(pattern.url_patterns, route)
        else:
            yield route


def row_for(route):
    return ACCESS.get(route) or (ADMIN if route.startswith("admin/") else None)


def _task_of(plan):
    return human_tasks().filter(process__artifact_object_id=plan.pk).order_by("-pk").first()


def _objects(scene):
    """The path values for each `fill` of the table: (own organization, other organization)."""
    plans = scene["plans"]
    own_task, other_task = _task_of(plans["review"]), _task_of(scene["other_plan"])
    assert own_task and other_task
    return {
        None: ({}, None),
        "plan": ({"pk": plans["draft"].pk}, {"pk": scene["other_plan"].pk}),
        "slot_plan": ({"pk": plans["reporting"].pk}, {"pk": scene["other_plan"].pk}),
        "comment": (
            {"pk": scene["comment"].plan_id, "comment_id": scene["comment"].pk},
            {"pk": scene["other_comment"].plan_id, "comment_id": scene["other_comment"].pk},
        ),
        "comment_api": ({"pk": scene["comment"].pk}, {"pk": scene["other_comment"].pk}),
        "slot": ({"pk": scene["slot"].pk}, {"pk": scene["other_slot"].pk}),
        "attachment": ({"pk": scene["attachment"].pk}, {"pk": scene["other_attachment"].pk}),
        "plan_query": ({"plan": plans["issued"].pk}, {"plan": scene["other_plan"].pk}),
        "task": ({"task_pk": own_task.pk}, {"task_pk": other_task.pk}),
        "delegation": ({"pk": scene["delegation"].pk}, {"pk": scene["other_delegation"].pk}),
        "imported_plan": ({"pk": scene["imported_plan"].pk}, {"pk": scene["other_imported_plan"].pk}),
        "pending": ({"pk": scene["pending"].pk}, {"pk": scene["other_pending"].pk}),
    }


def _url(route, values):
    """The route with its <converter:name> parts filled (comment routes name the comment's plan pk)."""
    import re

    def fill(match):
        name = match.group(1)
        if name in values:
            return str(values[name])
        if name in FIXED_VALUES:
            return FIXED_VALUES[name]
        if route.startswith("admin/"):
            return "1" if name == "object_id" else "auth"
        return "x"

    url = re.sub(r"<(?:\w+:)?(\w+)>", fill, route)
    if "plan" in values:  # a filter in the query string (the audit export of one plan)
        url += f"?plan={values['plan']}"
    url = re.sub(r"\(\?P<\w+>[^)]*\)|[\^$]", "", url)  # regex routes: the simplest match
    return "/" + url


def _read_only_answer(route, who):
    """405 to a mutating method; before that, the visitor is asked to log in (401 API, 302 UI)."""
    public = route.startswith(("api/schema/", "api/docs/", "pki/"))
    if who == "anon" and not public:
        return 401 if route.startswith("api/") else 302
    return 405


def _expected(table, who):
    return table.get(who, table.get("*"))


class Walker:
    def __init__(self, world):
        self.clients = {}
        for name in [*ROLES, "outsider"]:
            user = world["users"]["xa_drafter" if name == "outsider" else name]
            ui = Client()
            ui.force_login(user)
            token = Token.objects.get_or_create(user=user)[0].key
            self.clients[name] = (ui, Client(HTTP_AUTHORIZATION=f"Token {token}"))
        self.clients["anon"] = (Client(), Client())
        self.problems = []
        self.requests = 0

    def send(self, who, method, url):
        ui, api = self.clients[who]
        client = api if url.startswith("/api/") else ui
        self.requests += 1
        return getattr(client, method)(url, content_type="application/json") if method != "get" else client.get(url)

    def expect(self, who, method, url, allowed):
        status = self.send(who, method, url).status_code
        allowed = {allowed} if isinstance(allowed, int) else set(allowed)
        if status not in allowed:
            self.problems.append(f"{method.upper()} {url} as {who}: {status}, table says {sorted(allowed)}")


@pytest.mark.django_db
def test_every_url_answers_as_the_access_table_says(world):
    scene = scenery.build(world)
    objects = _objects(scene)
    walker = Walker(world)
    routes = sorted(all_routes(), key=lambda route: route == "accounts/logout/")  # logging out: last
    missing = [route for route in routes if row_for(route) is None]
    assert not missing, f"URL patterns without a row in tests/hardening/access_table.py: {missing}"
    stale = set(ACCESS) - set(routes)
    assert not stale, f"rows for patterns that no longer exist: {sorted(stale)}"

    for route in routes:
        row = row_for(route)
        own, other = objects[row.fill]
        url = _url(route, own)
        api = url.startswith("/api/")
        refused = API_REFUSED if api else UI_FORM_REFUSED
        for who in [*ROLES, "anon"] + ([] if other is not None else ["outsider"]):
            walker.expect(who, "get", url, _expected(row.get, who))
            if row.write is None:
                for method in READ_ONLY_METHODS:
                    walker.expect(who, method, url, _read_only_answer(route, who))
            else:
                default = {401} if api and who == "anon" else ({302} if who == "anon" else refused)
                allowed = row.write.get(who) or (default if who == "anon" else row.write.get("*", default))
                walker.expect(who, "post", url, allowed)
        if other is not None:
            # another organization: its objects are not there for the district, ours not for the commune
            methods = ([] if row.get.get("*") == 405 else ["get"]) + ([] if row.write is None else ["post"])
            for who, target in (("drafter", _url(route, other)), ("outsider", url)):
                for method in methods:
                    walker.expect(who, method, target, 404)

    assert walker.requests > 400
    assert not walker.problems, f"{len(walker.problems)} answers differ from the table:\n" + "\n".join(walker.problems)
