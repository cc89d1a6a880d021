"""Plans over the API: list, create, read, edit — the shapes of docs/API.md and who sees what."""

import pytest

from plans.models import Plan
from tests.api.conftest import advance, plan_json

pytestmark = pytest.mark.django_db


def without_times(body):
    return {k: v for k, v in body.items() if k not in ("created_at", "updated_at")}


def test_create_answers_201_with_the_whole_plan_as_api_md_shows_it(world, api):
    u, police, finance = world["users"], world["police"], world["finance"]
    response = api("drafter").post("/api/plans/", plan_json(world), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    plan = Plan.objects.get()
    blocks = list(plan.blocks.all())
    target_block = {
        "kind": "target",
        "label": "",
        "text": "Hộ thay đổi nếp nghĩ",
        "measure": {"comparator": None, "value": "77.17", "value_max": None, "unit": "%", "baseline": None},
    }
    task_block = {
        "kind": "task",
        "label": "",
        "text": "Chủ trì, phối hợp đôn đốc, kiểm tra.",
        "lead": {"unit": police.pk},
        "supporting": [{"unit": finance.pk}],
        "timing": None,
        "schedule": {"kind": "monthly", "day": 15},
        "schedules": [{"kind": "monthly", "day": 15}],
    }
    assert body["created_at"] and body["updated_at"]
    assert without_times(body) == {
        "id": plan.pk,
        "organization": world["district"].pk,
        "state": "draft",
        "state_label": "Dự thảo",
        "number": None,
        "symbol": None,
        "issued_on": None,
        "subject": "Triển khai thực hiện Phong trào thi đua “Chung tay xóa nhà tạm, nhà dột nát” năm 2025",
        "preamble": "Ủy ban nhân dân huyện Ia H'Drai ban hành Kế hoạch, cụ thể như sau:",
        "period_start": None,
        "period_end": None,
        "signing_authority": "KT.",
        "signer": u["signer"].pk,
        "reviewers": [u["reviewer"].pk],
        "review_round": 1,
        "legal_bases": [{"text": "Căn cứ Kế hoạch số 4754/KH-UBND ngày 31 tháng 12 năm 2024 của Ủy ban nhân dân tỉnh Kon Tum;"}],
        "sections": [{"heading": "I. MỤC ĐÍCH, YÊU CẦU", "body": "Tạo khí thế thi đua sôi nổi."}],
        "body": [
            {"id": blocks[0].pk, "kind": "heading", "label": "I.", "text": "MỤC ĐÍCH, YÊU CẦU", "level": 1},
            {"id": blocks[1].pk, "kind": "paragraph", "label": "", "text": "Tạo khí thế thi đua sôi nổi."},
            {"id": blocks[2].pk, "target": blocks[2].pk, **target_block},
            {"id": blocks[3].pk, "task": blocks[3].pk, **task_block},
        ],
        "numbering_warnings": [],
        "targets": [
            {
                "id": blocks[2].pk,  # the API names targets and tasks by their blocks
                "block": blocks[2].pk,
                "text": "Hộ thay đổi nếp nghĩ",
                "unit": "%",
                "target_value": "77.17",
                "baseline": None,
                "kind": "target",
                "label": "",
                "measure": target_block["measure"],
            }
        ],
        "tasks": [
            {
                "id": blocks[3].pk,
                "block": blocks[3].pk,
                "kind": "task",
                "label": "",
                "text": "Chủ trì, phối hợp đôn đốc, kiểm tra.",
                "lead_unit": police.pk,
                "supporting_units": [finance.pk],
                "schedule": {"kind": "monthly", "day": 15},
                "schedules": [{"kind": "monthly", "day": 15}],
                "lead": {"unit": police.pk},
                "supporting": [{"unit": finance.pk}],
                "timing": None,
            }
        ],
        "budget_lines": [{"item": "Hỗ trợ", "unit_cost": 5000000, "quantity": 10, "amount": 50000000, "source": "Ngân sách huyện"}],
        "recipients": [
            {"name": "Thường trực Huyện ủy", "purpose": "b/c", "organization": None},
            {"name": "VT", "purpose": "lưu", "organization": None},
        ],
        "closing_summary": "",
        "predecessor": None,
        "succession": "",
        "entered_from_paper": False,
        "available_actions": ["submit", "discard"],
        "created_by": u["drafter"].pk,
    }
    assert plan.created_by == u["drafter"] and plan.state == "draft"
    assert api("drafter").get(f"/api/plans/{plan.pk}/").json() == body


@pytest.mark.parametrize(
    "schedule",
    [
        None,
        {"kind": "once", "date": "2025-10-25"},
        {"kind": "monthly", "day": 15},
        {"kind": "quarterly", "day": 10},
        {"kind": "yearly", "day": 29, "month": 2},
    ],
)
def test_each_schedule_kind_travels_as_api_md_writes_it(world, api, schedule):
    task = {"text": "Báo cáo", "lead_unit": world["police"].pk, "supporting_units": [], "schedule": schedule}
    body = api("drafter").post("/api/plans/", plan_json(world, tasks=[task]), format="json").json()
    assert body["tasks"][0]["schedule"] == schedule


def test_fields_a_schedule_kind_does_not_use_are_dropped(world, api):
    task = {"text": "Báo cáo", "lead_unit": world["police"].pk, "schedule": {"kind": "monthly", "day": 5, "month": 3, "date": "2025-01-01"}}
    body = api("drafter").post("/api/plans/", plan_json(world, tasks=[task]), format="json").json()
    assert body["tasks"][0]["schedule"] == {"kind": "monthly", "day": 5}
    stored = Plan.objects.get().tasks.get()
    assert (stored.schedule_month, stored.schedule_date) == (None, None)


def test_text_is_kept_exactly_as_sent(world, api):
    """Spaces, quotes and markup are kept; a tab only where the text has several lines (config.text)."""
    tricky = "  Kế hoạch “thi đua” <script>alert(\"x\")</script> & 'nháy' — Ia H'Drai  đ/b  "
    lines = tricky + "\tcột hai\n\ndòng hai"
    body = plan_json(
        world,
        subject=tricky,
        preamble=lines,
        sections=[{"heading": tricky, "body": lines}],
        recipients=[{"name": tricky, "purpose": "đ/b"}],
    )
    created = api("drafter").post("/api/plans/", body, format="json").json()
    fetched = api("reviewer").get(f"/api/plans/{created['id']}/").json()
    for data in (created, fetched):
        assert data["subject"] == tricky
        assert data["preamble"] == lines
        assert data["sections"] == [{"heading": tricky, "body": lines}]
        assert data["recipients"][0]["name"] == tricky and data["recipients"][0]["purpose"] == "đ/b"
    assert Plan.objects.get().subject == tricky


def test_patch_changes_only_what_is_sent_and_a_list_replaces_the_list(world, api, make_plan):
    plan = make_plan(sections=[{"heading": "I", "body": "a"}, {"heading": "II", "body": "b"}, {"heading": "III", "body": "c"}])
    client = api("drafter")
    response = client.patch(f"/api/plans/{plan.pk}/", {"sections": [{"heading": "Mới"}]}, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["sections"] == [{"heading": "Mới", "body": ""}]
    assert body["subject"] == plan.subject
    assert len(body["tasks"]) == 1 and body["budget_lines"][0]["amount"] == 50_000_000
    assert Plan.objects.get(pk=plan.pk).sections.count() == 1

    response = client.patch(f"/api/plans/{plan.pk}/", {"reviewers": [world["users"]["reviewer2"].pk], "tasks": []}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["reviewers"] == [world["users"]["reviewer2"].pk]
    assert response.json()["tasks"] == []
    assert response.json()["sections"] == [{"heading": "Mới", "body": ""}]


def test_patch_can_send_back_what_it_read(world, api, make_plan):
    """The read shape (ids, amount, read-only fields) is accepted as input: unknown keys are ignored."""
    plan = make_plan()
    client = api("drafter")
    read = client.get(f"/api/plans/{plan.pk}/").json()
    read["subject"] = "Trích yếu mới"
    response = client.patch(f"/api/plans/{plan.pk}/", read, format="json")
    assert response.status_code == 200, response.json()
    again = response.json()
    assert again["subject"] == "Trích yếu mới"
    assert without_times(again) == {**without_times(read), "subject": "Trích yếu mới"}


def test_list_is_paginated_with_the_summary_fields_and_only_visible_plans(world, api, make_plan):
    mine = make_plan()
    from plans.services import create_plan
    from tests.conftest import plan_data

    other_world_data = plan_data(
        world,
        signer=None,
        reviewers=[],
        tasks=[{"text": "x", "lead_unit": world["commune_unit"]}],
    )
    theirs = create_plan(world["users"]["xa_drafter"], world["commune"], other_world_data)

    body = api("reviewer").get("/api/plans/").json()
    assert body["count"] == 1 and body["next"] is None and body["previous"] is None
    assert body["results"] == [
        {
            "id": mine.pk,
            "subject": mine.subject,
            "organization": world["district"].pk,
            "state": "draft",
            "number": None,
            "symbol": None,
            "issued_on": None,
            "updated_at": body["results"][0]["updated_at"],
        }
    ]
    assert [p["id"] for p in api("xa_drafter").get("/api/plans/").json()["results"]] == [theirs.pk]
    # a member of a unit sees the plans of its authority from their issue on: not this draft
    assert [p["id"] for p in api("reporter").get("/api/plans/").json()["results"]] == []
    assert api("reporter").get(f"/api/plans/{mine.pk}/").status_code == 404


def test_list_filters_by_state_organization_and_subject(world, api, make_plan):
    draft = make_plan(subject="Kế hoạch phòng cháy chữa cháy")
    review = advance(make_plan(subject="Kế hoạch chuyển đổi số"), world, "review")
    client = api("drafter")

    def ids(query):
        response = client.get("/api/plans/" + query)
        assert response.status_code == 200, response.json()
        return [p["id"] for p in response.json()["results"]]

    assert set(ids("")) == {draft.pk, review.pk}
    assert ids("?state=review") == [review.pk]
    assert ids("?state=draft") == [draft.pk]
    assert ids("?state=closed") == []
    assert set(ids(f"?organization={world['district'].pk}")) == {draft.pk, review.pk}
    assert ids(f"?organization={world['commune'].pk}") == []
    assert ids("?q=chuyển đổi") == [review.pk]
    assert ids("?q=CHÁY") in ([draft.pk], [])  # case folding of non-ASCII letters depends on the database
    assert ids("?q=cháy") == [draft.pk]
    assert set(ids("?state=&organization=&q=")) == {draft.pk, review.pk}  # empty filters are no filters


def test_list_pages(world, api, make_plan):
    for i in range(22):
        make_plan(subject=f"Kế hoạch {i}")
    first = api("drafter").get("/api/plans/").json()
    assert first["count"] == 22 and len(first["results"]) == 20 and first["next"].endswith("page=2")
    second = api("drafter").get("/api/plans/?page=2").json()
    assert len(second["results"]) == 2 and second["next"] is None
    assert not {p["id"] for p in first["results"]} & {p["id"] for p in second["results"]}
    last = api("drafter").get("/api/plans/?page=last").json()
    assert last == second
    for page in ("3", "abc", "0", "-1", "1.5"):  # a page that does not exist is DRF's JSON 404
        response = api("drafter").get("/api/plans/?page=" + page)
        assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_list_pages_when_nothing_matches(world, api, make_plan):
    """The page and its count are read in one query (config.api_pages.CountInPagePaginator): an empty
    first page still says 0, a page past the end of nothing is still a 404."""
    make_plan()
    empty = api("drafter").get("/api/plans/?state=closed").json()
    assert empty == {"count": 0, "next": None, "previous": None, "results": []}
    response = api("drafter").get("/api/plans/?state=closed&page=2")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_a_superusers_list_pages_as_anyone_elses(world, api, make_plan, django_user_model):
    """A superuser's list counts apart (every plan is visible, CountInPagePagination): the same page object."""
    for i in range(22):
        make_plan(subject=f"Kế hoạch {i}")
    drafter = api("drafter").get("/api/plans/?page=2").json()
    admin = django_user_model.objects.create_superuser("province-root", "root@example.org", "x-Very-long-pass-1")
    client = api()
    client.force_authenticate(admin)
    everything = client.get("/api/plans/?page=2").json()
    assert everything == drafter


@pytest.mark.parametrize(
    "query",
    ["?state=nonsense", "?organization=abc", "?organization=999999", "?organization=99999999999999999999999", "?organization=-1"],
)
def test_invalid_list_filters_are_400(world, api, query):
    response = api("drafter").get("/api/plans/" + query)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and body["detail"] and body["errors"]


def test_an_issued_plan_shows_its_number_and_symbol(world, api, make_plan):
    plan = advance(make_plan(), world, "issued")
    body = api("auditor").get(f"/api/plans/{plan.pk}/").json()
    assert body["number"] == 1 and body["symbol"] == "01/KH-UBND" and body["issued_on"] == plan.issued_on.isoformat()
    assert body["available_actions"] == []
    summary = api("auditor").get("/api/plans/?state=issued").json()["results"][0]
    assert (summary["number"], summary["symbol"], summary["issued_on"]) == (1, "01/KH-UBND", plan.issued_on.isoformat())


def test_unknown_api_addresses_answer_json_404(world, api):
    for url in ("/api/plans/abc/", "/api/nothing/", "/api/plans/1/unknown/"):
        response = api("drafter").get(url)
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"


def test_the_schema_is_served(world, api):
    response = api().get("/api/schema/")
    assert response.status_code == 200
    assert b"/api/plans/{id}/actions/{name}/" in response.content


def test_a_plan_written_as_targets_and_tasks_names_them_by_their_blocks(world, api):
    """Legacy `targets`/`tasks` (no `body`) still make blocks; a plan made first keeps the block ids
    apart from the Target/Task rows' ids, so reading the wrong one fails."""
    client = api("drafter")
    earlier = [{"kind": "paragraph", "label": "", "text": f"Đoạn {n}"} for n in range(9)]
    first = {k: v for k, v in plan_json(world, body=earlier).items() if k not in ("sections", "targets", "tasks")}
    assert client.post("/api/plans/", first, format="json").status_code == 201
    response = client.post("/api/plans/", plan_json(world), format="json")
    assert response.status_code == 201, response.json()
    read = response.json()
    plan = Plan.objects.get(pk=read["id"])
    target, task = plan.targets.get(), plan.tasks.get()
    assert target.block.pk != target.pk and task.block.pk != task.pk
    assert [t["id"] for t in read["targets"]] == [target.block.pk]
    assert [t["id"] for t in read["tasks"]] == [task.block.pk]
    assert client.get(f"/api/plans/{plan.pk}/").json()["tasks"][0]["id"] == task.block.pk
