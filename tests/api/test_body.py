"""The body as blocks over the API (docs/API.md "The body"): written and read back as written,
the measure as typed, posts and groups as parties, unknown fields refused, the parts it keeps."""

import pytest

from plans.models import Block, Plan
from tests.api.conftest import plan_json

pytestmark = pytest.mark.django_db


def body(world):
    return [
        {"kind": "heading", "level": 1, "label": "I.", "text": "MỤC ĐÍCH, YÊU CẦU"},
        {"kind": "paragraph", "label": "-", "text": "Việc triển khai **thực hiện** Cuộc vận động[^1] *nhằm* …"},
        {
            "kind": "target",
            "label": "2.",
            "text": "Có trên 77,17% trở lên hộ đồng bào …",
            "measure": {"comparator": "more_than", "value": "77,17", "unit": "%", "baseline": "25,20"},
        },
        {
            "kind": "target",
            "label": "3.",
            "text": "Từ 01 đến 02 mô hình",
            "measure": {"comparator": "between", "value": "1", "value_max": "2", "unit": "mô hình"},
        },
        {
            "kind": "task",
            "label": "-",
            "text": "Tham mưu ban hành kế hoạch triển khai …",
            "lead": {"name": "Công chức Văn hóa - Xã hội xã"},
            "supporting": [{"unit": world["finance"].pk}, {"name": "Các ban ngành, đoàn thể xã"}, {"unit": world["district"].pk}],
            "timing": {"kind": "quarter", "year": 2024, "quarter": 1},
            "schedule": {"kind": "quarterly", "day": 5},
        },
        {"kind": "task", "label": "-", "text": "Chủ trì kiểm tra.", "lead": {"unit": world["police"].pk}, "timing": {"kind": "ongoing"}},
        {"kind": "table", "label": "", "text": "", "header_rows": 1, "rows": [["TT", "Nội dung", "Thời gian"], ["1", "…", "Quý I"]]},
        {"kind": "footnote", "label": "1", "text": "Nghị định số 40/2024/NĐ-CP …"},
    ]


def test_the_body_is_kept_and_read_back_as_written(world, api):
    client = api("drafter")
    response = client.post("/api/plans/", plan_json(world, body=body(world)), format="json")
    assert response.status_code == 201, response.json()
    read = response.json()
    sent = body(world)
    got = [{k: v for k, v in block.items() if k not in ("id", "target", "task")} for block in read["body"]]
    assert got[0] == sent[0] and got[1] == sent[1] and got[6] == sent[6] and got[7] == sent[7]
    assert got[2]["measure"] == {"comparator": "more_than", "value": "77,17", "value_max": None, "unit": "%", "baseline": "25,20"}
    assert got[3]["measure"]["value_max"] == "2"
    assert got[4]["lead"] == {"name": "Công chức Văn hóa - Xã hội xã"}
    assert got[4]["supporting"] == sent[4]["supporting"]  # a unit, a group, the issuing body itself
    assert got[4]["timing"] == {"kind": "quarter", "year": 2024, "quarter": 1} and got[5]["timing"] == {"kind": "ongoing"}
    assert read["sections"] == []
    assert [t["text"] for t in read["targets"]] == [sent[2]["text"], sent[3]["text"]]
    assert [t["target_value"] for t in read["targets"]] == ["77.17", "1"]
    assert read["targets"][0]["block"] == read["body"][2]["id"] and read["targets"][0]["id"] == read["body"][2]["target"]
    assert [t["lead_unit"] for t in read["tasks"]] == [None, world["police"].pk]  # reporting: units only
    assert read["tasks"][0]["schedule"] == {"kind": "quarterly", "day": 5}
    # sending back what was read changes nothing
    plan = Plan.objects.get()
    history = Block.history.filter(plan_id=plan.pk).count()
    again = client.patch(f"/api/plans/{plan.pk}/", read, format="json")
    assert again.status_code == 200, again.json()
    assert again.json()["body"] == read["body"] and Block.history.filter(plan_id=plan.pk).count() == history


@pytest.mark.parametrize(
    "change, path",
    [
        (lambda b: b[2].update(comparator="more_than"), "body[2].comparator"),
        (lambda b: b[2]["measure"].update(value="1.500"), "body[2].measure.value"),
        (lambda b: b[2]["measure"].update(colour="red"), "body[2].measure.colour"),
        (lambda b: b[4]["lead"].update(name=" "), "body[4].lead.non_field_errors"),
        (lambda b: b[4].update(timing={"kind": "quarter", "year": 2024}), "body[4].timing.quarter"),
        (lambda b: b[0].update(level=None), "body[0].level"),
        (lambda b: b[1].update(measure={"value": "1"}), "body[1].measure"),
        (lambda b: b[3]["measure"].update(value_max=None), "body[3].measure.value_max"),
    ],
)
def test_a_wrong_or_unknown_field_is_a_400_naming_it_and_changes_nothing(world, api, make_plan, change, path):
    plan = make_plan()
    sent = body(world)
    change(sent)
    response = api("drafter").patch(f"/api/plans/{plan.pk}/", {"body": sent}, format="json")
    assert response.status_code == 400, response.json()
    assert path in response.json()["errors"], response.json()["errors"]
    assert Plan.objects.get(pk=plan.pk).sections.count() == 1


def test_an_unknown_top_level_key_is_a_400(world, api, make_plan):
    plan = make_plan()
    response = api("drafter").patch(f"/api/plans/{plan.pk}/", {"subjekt": "x"}, format="json")
    assert response.status_code == 400 and "subjekt" in response.json()["errors"]


def test_a_plan_written_as_blocks_takes_its_targets_and_tasks_in_place(world, api):
    client = api("drafter")
    read = client.post("/api/plans/", plan_json(world, body=body(world)), format="json").json()
    pk = read["id"]
    targets = [
        {"text": t["text"] + " (sửa)", "unit": t["unit"], "target_value": t["target_value"], "baseline": t["baseline"]}
        for t in read["targets"]
    ]
    tasks = [
        {"text": "Tham mưu (sửa).", "lead_unit": None, "supporting_units": [world["finance"].pk]},
        {"text": "Chủ trì.", "lead_unit": world["finance"].pk},
    ]
    response = client.patch(f"/api/plans/{pk}/", {"sections": [], "targets": targets, "tasks": tasks}, format="json")
    assert response.status_code == 200, response.json()
    after = response.json()["body"]
    assert [b["kind"] for b in after] == [b["kind"] for b in read["body"]]  # heading, table, footnote kept
    assert after[2]["text"].endswith("(sửa)") and after[2]["measure"]["value"] == "77,17"  # still as written
    assert after[4]["lead"] == {"name": "Công chức Văn hóa - Xã hội xã"}  # the post stays
    assert after[5]["lead"] == {"unit": world["finance"].pk}
    refused = client.patch(f"/api/plans/{pk}/", {"targets": targets[:1]}, format="json")
    assert refused.status_code == 400 and "targets" in refused.json()["errors"]
    refused = client.patch(f"/api/plans/{pk}/", {"sections": [{"heading": "I. MỚI", "body": ""}]}, format="json")
    assert refused.status_code == 400 and "sections" in refused.json()["errors"]
