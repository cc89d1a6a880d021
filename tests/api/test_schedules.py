"""A task with several reporting schedules over the API (docs/API.md, "A plan" and "The body"):
`schedules` lists them all, `schedule` stays the first; both are written and read back, in the body
and in the legacy `tasks`; a mismatch or two of a kind is a 400 that changes nothing; the slots
made from them name their schedule."""

import pytest

from plans.content import field_label, plan_content
from plans.models import Plan, Task
from plans.selectors import with_parts
from tests.api.conftest import advance, plan_json

pytestmark = pytest.mark.django_db

MONTHLY = {"kind": "monthly", "day": 15}
YEARLY = {"kind": "yearly", "day": 15, "month": 12}
COMMUNES = "Định kỳ hằng tháng (trước ngày 15) và hằng năm (trước ngày 15 tháng 12) báo cáo kết quả thực hiện."


def body(world, **task):
    return [
        {"kind": "heading", "level": 1, "label": "I.", "text": "TỔ CHỨC THỰC HIỆN"},
        {"kind": "task", "label": "-", "text": COMMUNES, "lead": {"unit": world["police"].pk}, **task},
    ]


def task_block(read):
    return next(block for block in read["body"] if block["kind"] == "task")


def test_two_schedules_are_written_and_read_back_in_the_body_and_the_tasks(world, api):
    client = api("drafter")
    response = client.post("/api/plans/", plan_json(world, body=body(world, schedules=[MONTHLY, YEARLY])), format="json")
    assert response.status_code == 201, response.json()
    read = response.json()
    block = task_block(read)
    assert block["schedule"] == MONTHLY and block["schedules"] == [MONTHLY, YEARLY]
    [task] = read["tasks"]
    assert task["schedule"] == MONTHLY and task["schedules"] == [MONTHLY, YEARLY]
    stored = Task.objects.get()
    assert (stored.schedule_kind, stored.schedule_day, stored.more_schedules) == ("monthly", 15, [YEARLY])
    # sending back what was read (`schedule` and `schedules` together) changes nothing
    plan = Plan.objects.get()
    history = Task.history.filter(plan_id=plan.pk).count()
    again = client.patch(f"/api/plans/{plan.pk}/", read, format="json")
    assert again.status_code == 200, again.json()
    assert again.json()["body"] == read["body"] and Task.history.filter(plan_id=plan.pk).count() == history
    # and GET reads the same
    assert task_block(client.get(f"/api/plans/{plan.pk}/").json())["schedules"] == [MONTHLY, YEARLY]


def test_a_writer_of_schedule_alone_keeps_working_and_sets_the_one_schedule(world, api):
    client = api("drafter")
    created = client.post("/api/plans/", plan_json(world, body=body(world, schedules=[MONTHLY, YEARLY])), format="json").json()
    plan = created["id"]
    response = client.patch(f"/api/plans/{plan}/", {"body": body(world, schedule=YEARLY)}, format="json")
    assert response.status_code == 200, response.json()
    assert task_block(response.json())["schedules"] == [YEARLY] and task_block(response.json())["schedule"] == YEARLY
    assert Task.objects.get().more_schedules == []
    # one schedule or none: `schedules` is the list of it
    none = client.patch(f"/api/plans/{plan}/", {"body": body(world, schedule=None)}, format="json").json()
    assert task_block(none)["schedule"] is None and task_block(none)["schedules"] == []


def test_the_legacy_tasks_take_schedules_too(world, api):
    tasks = [{"text": COMMUNES, "lead_unit": world["police"].pk, "supporting_units": [], "schedules": [MONTHLY, YEARLY]}]
    response = api("drafter").post("/api/plans/", plan_json(world, tasks=tasks), format="json")
    assert response.status_code == 201, response.json()
    read = response.json()
    assert read["tasks"][0]["schedules"] == [MONTHLY, YEARLY] and read["tasks"][0]["schedule"] == MONTHLY
    assert task_block(read)["schedules"] == [MONTHLY, YEARLY]  # the body the parts make


@pytest.mark.parametrize(
    "task, path",
    [
        ({"schedule": YEARLY, "schedules": [MONTHLY, YEARLY]}, "body[1].schedule"),  # `schedule` is not the first
        ({"schedules": [MONTHLY, {"kind": "monthly", "day": 25}]}, "body"),  # two of a kind
        ({"schedules": [MONTHLY, {"kind": "yearly", "day": 15}]}, "body[1].schedules[1].month"),
        ({"schedules": [MONTHLY, {"kind": "weekly"}]}, "body[1].schedules[1].kind"),
        (
            {
                "schedules": [
                    MONTHLY,
                    YEARLY,
                    {"kind": "once", "date": "2024-06-30"},
                    {"kind": "quarterly", "day": 5},
                    {"kind": "halfyearly", "day": 5},
                ]
            },
            "body[1].schedules",
        ),
    ],
)
def test_bad_schedules_are_refused_and_change_nothing(world, api, unchanged, task, path):
    client = api("drafter")
    plan = client.post("/api/plans/", plan_json(world, body=body(world, schedule=MONTHLY)), format="json").json()["id"]
    with unchanged():
        response = client.patch(f"/api/plans/{plan}/", {"body": body(world, **task)}, format="json")
    assert response.status_code == 400, response.json()
    errors = response.json()["errors"]
    assert any(key == path or key.startswith(path + ".") or key.startswith(path + "[") for key in errors), errors


def test_two_once_schedules_on_different_dates_are_two_duties(world, api):
    first, second = {"kind": "once", "date": "2024-06-30"}, {"kind": "once", "date": "2024-12-15"}
    response = api("drafter").post("/api/plans/", plan_json(world, body=body(world, schedules=[first, second])), format="json")
    assert response.status_code == 201, response.json()
    assert task_block(response.json())["schedules"] == [first, second]


def test_one_schedule_a_task_keeps_the_content_it_had_and_a_second_one_is_in_it(world, api):
    client = api("drafter")
    plan = client.post("/api/plans/", plan_json(world, body=body(world, schedule=MONTHLY)), format="json").json()["id"]
    content = plan_content(with_parts(Plan.objects.filter(pk=plan)).get())
    assert "schedules" not in content["tasks"][0] and all("schedules" not in b for b in content["body"])
    client.patch(f"/api/plans/{plan}/", {"body": body(world, schedules=[MONTHLY, YEARLY])}, format="json")
    content = plan_content(with_parts(Plan.objects.filter(pk=plan)).get())
    assert content["tasks"][0]["schedules"] == [MONTHLY, YEARLY] and content["body"][1]["schedules"] == [MONTHLY, YEARLY]
    history = client.get(f"/api/plans/{plan}/history/").json()["results"]
    assert any(change["field"].endswith(".schedules") for change in history[-1]["changes"]), history[-1]["changes"]
    assert (
        field_label("body[1].schedules") == "Khối 2: các lịch báo cáo"
        and field_label("tasks[0].schedules") == "Nhiệm vụ 1: các lịch báo cáo"
    )


def test_the_slots_of_a_task_reported_monthly_and_yearly_name_their_schedule(world, api):
    client = api("drafter")
    created = client.post(
        "/api/plans/",
        plan_json(world, period_start="2024-01-01", period_end="2024-12-31", body=body(world, schedules=[MONTHLY, YEARLY])),
        format="json",
    )
    assert created.status_code == 201, created.json()
    plan = advance(Plan.objects.get(pk=created.json()["id"]), world, "reporting")
    slots = api("clerk").get(f"/api/plans/{plan.pk}/slots/").json()
    task = task_block(created.json())["id"]
    assert {slot["task"] for slot in slots} == {task}
    december = [(slot["schedule"], slot["period"]["label"]) for slot in slots if slot["due_on"] == "2024-12-15"]
    assert december == [("monthly", "Tháng 11/2024"), ("yearly", "Năm 2024")]
    assert len(slots) == 13
