"""The block editor of the plan form, server side (plans.block_editor): the posted fields become the
API's blocks, the page shows every block with its kind's fields, a block is added without saving,
and the API's errors land next to their block and in the banner, in Vietnamese."""

import pytest
from django.http import QueryDict

from plans.block_editor import BlockEditor
from plans.error_summary import ErrorItem
from plans.models import Plan
from tests.ui.helpers import blocks_data, plan_form_data


def posted(blocks):
    data = QueryDict(mutable=True)
    for key, value in blocks_data(blocks).items():
        if isinstance(value, list):
            data.setlist(key, value)
        else:
            data[key] = value
    return data


def test_posted_fields_become_the_apis_blocks(world):
    finance = str(world["finance"].pk)
    editor = BlockEditor.from_post(
        posted(
            [
                {"kind": "heading", "level": "1", "label": "I.", "text": "MỤC ĐÍCH, YÊU CẦU"},
                {"kind": "paragraph", "level": "2", "label": "-", "text": "Tuyên truyền **sâu rộng**[^1]."},
                {"kind": "paragraph", "level": "1", "label": "", "text": ""},  # blank: skipped
                {
                    "kind": "target",
                    "level": "1",
                    "label": "1.",
                    "text": "Có từ 01 đến 02 mô hình",
                    "comparator": "between",
                    "value": "01",
                    "value_max": "02",
                    "unit": "mô hình",
                    "baseline": "",
                },
                {
                    "kind": "task",
                    "label": "-",
                    "text": "Tham mưu ban hành kế hoạch.",
                    "lead_unit": "",
                    "lead_name": "Công chức Văn hóa - Xã hội xã",
                    "supporting_units": [finance],
                    "supporting_names": "Các ban ngành, đoàn thể xã\n\n",
                    "timing_kind": "quarter",
                    "timing_year": "2024",
                    "timing_quarter": "1",
                    "schedule_kind": "quarterly",
                    "schedule_day": "5",
                },
                {"kind": "table", "header_rows": "1", "rows": "TT | Nội dung\r\n1 | Hội nghị\n"},
                {"kind": "footnote", "label": "1", "text": "Nghị định số 40/2024/NĐ-CP."},
            ]
        )
    )
    assert editor.body() == [
        {"kind": "heading", "label": "I.", "text": "MỤC ĐÍCH, YÊU CẦU", "level": 1},
        {"kind": "paragraph", "label": "-", "text": "Tuyên truyền **sâu rộng**[^1]."},
        {
            "kind": "target",
            "label": "1.",
            "text": "Có từ 01 đến 02 mô hình",
            "measure": {"comparator": "between", "value": "01", "value_max": "02", "unit": "mô hình", "baseline": None},
        },
        {
            "kind": "task",
            "label": "-",
            "text": "Tham mưu ban hành kế hoạch.",
            "lead": {"name": "Công chức Văn hóa - Xã hội xã"},
            "supporting": [{"unit": world["finance"].pk}, {"name": "Các ban ngành, đoàn thể xã"}],
            "timing": {"kind": "quarter", "year": 2024, "quarter": 1},
            "schedule": {"kind": "quarterly", "day": 5},
        },
        {"kind": "table", "label": "", "header_rows": 1, "rows": [["TT", "Nội dung"], ["1", "Hội nghị"]]},
        {"kind": "footnote", "label": "1", "text": "Nghị định số 40/2024/NĐ-CP."},
    ]


def test_a_block_read_back_gives_the_same_fields(world):
    """API block → the editor's fields → the same API block (what a reload shows is what was saved)."""
    blocks = [
        {"kind": "heading", "label": "II.", "text": "MỘT SỐ CHỈ TIÊU", "level": 1},
        {
            "kind": "target",
            "label": "2.",
            "text": "Trên 77,17%",
            "measure": {"comparator": "more_than", "value": "77,17", "value_max": None, "unit": "%", "baseline": "25,20"},
        },
        {
            "kind": "task",
            "label": "-",
            "text": "Kiểm tra",
            "lead": {"unit": world["police"].pk},
            "supporting": [{"name": "UBND các xã"}],
            "timing": {"kind": "between", "from": "2024-01-01", "to": "2024-03-31"},
            "schedule": {"kind": "yearly", "day": 15, "month": 12},
        },
        {"kind": "table", "label": "", "header_rows": 0, "rows": [["a", "b"]]},
    ]
    rows = BlockEditor.from_body(blocks).rows
    data = posted([{name: value for name, value in row.values.items() if name != "id" or value} for row in rows])
    assert BlockEditor.from_post(data).body() == blocks


def test_a_nested_error_lands_on_its_field_and_in_the_banner(world):
    editor = BlockEditor.from_post(
        posted(
            [
                {"kind": "paragraph", "text": ""},  # blank, skipped: errors count kept blocks only
                {"kind": "heading", "level": "1", "text": "I. MỤC ĐÍCH"},
                {"kind": "target", "text": "Tỷ lệ", "value": "nhiều", "comparator": "at_least"},
                {"kind": "task", "text": "Kiểm tra", "timing_kind": "quarter", "timing_quarter": "5", "timing_year": "2024"},
            ]
        )
    )
    editor.show_errors([{}, {"measure": {"value": ["“nhiều” không phải là một số."]}}, {"timing": {"quarter": ["Quý từ 1 đến 4."]}}])
    rows = editor.rows
    assert rows[2].errors == {"value": ["“nhiều” không phải là một số."]}
    assert rows[3].errors == {"timing_quarter": ["Quý từ 1 đến 4."]}
    items = editor.error_items(ErrorItem)
    assert [(item.target, item.label, item.message) for item in items] == [
        ("id_body-2-value", "Khối 3 (Chỉ tiêu) — Giá trị", "“nhiều” không phải là một số."),
        ("id_body-3-timing_quarter", "Khối 4 (Nhiệm vụ) — Quý", "Quý từ 1 đến 4."),
    ]
    # A message about the body as a whole stays on the editor's card.
    editor.show_errors(["Kế hoạch cần ít nhất một nhiệm vụ."])
    assert editor.errors == ["Kế hoạch cần ít nhất một nhiệm vụ."]


def test_the_page_shows_each_block_with_its_kinds_fields(login, world):
    html = login("drafter").get("/plans/new/").content.decode()
    assert 'name="body-TOTAL_FORMS" value="1"' in html
    assert 'name="body-0-kind"' in html and 'name="body-0-text"' in html
    assert 'id="block-template"' in html and 'name="body-__prefix__-text"' in html
    # Parties: the issuing body itself and its units; never another authority's units.
    assert f'value="{world["district"].pk}"' in html and "Công an huyện" in html and "Công an xã" not in html
    assert "planflow/blocks.js" in html
    assert 'name="sections-TOTAL_FORMS"' not in html and 'name="tasks-TOTAL_FORMS"' not in html


def test_add_block_keeps_what_was_typed_and_saves_nothing(login, world):
    data = plan_form_data(world, subject="Đang soạn dở", blocks=[{"kind": "target", "text": "Có trên 77,17%", "value": "77,17"}])
    data["add_row"] = "body"
    response = login("drafter").post("/plans/new/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="body-TOTAL_FORMS" value="2"' in html and 'name="body-1-text"' in html
    assert 'data-kind="target"' in html and 'value="77,17"' in html
    assert Plan.objects.count() == 0


@pytest.mark.parametrize("total", ["", "x", "-3", "99999999999"])
def test_a_broken_block_count_is_no_500(login, world, total):
    data = plan_form_data(world)
    data["body-TOTAL_FORMS"] = total
    response = login("drafter").post("/plans/new/", data)
    assert response.status_code in (200, 302)


def test_a_plan_saved_from_the_editor_reads_back_through_the_api(login, world):
    """The form and the API are one contract: what the editor posts, GET /api/plans/{id}/ returns."""
    blocks = [
        {"kind": "heading", "level": "1", "label": "I.", "text": "MỤC ĐÍCH, YÊU CẦU"},
        {"kind": "target", "label": "1.", "text": "Trên 77,17% hộ", "comparator": "more_than", "value": "77,17", "unit": "%"},
        {"kind": "target", "label": "2.", "text": "Giảm 25,20%", "comparator": "decrease_by", "value": "25,20", "baseline": "5.000.000"},
        {
            "kind": "task",
            "label": "-",
            "text": "Tham mưu ban hành kế hoạch.",
            "lead_name": "Công chức Văn hóa - Xã hội xã",
            "supporting_units": [str(world["district"].pk)],
            "timing_kind": "quarter",
            "timing_year": "2024",
            "timing_quarter": "1",
            "schedule_kind": "monthly",
            "schedule_day": "15",
        },
        {"kind": "footnote", "label": "1", "text": "Nghị định số 40/2024/NĐ-CP."},
    ]
    client = login("drafter")
    response = client.post("/plans/new/", plan_form_data(world, blocks=blocks))
    assert response.status_code == 302, response.content.decode()[:3000]
    plan = Plan.objects.get()
    body = client.get(f"/api/plans/{plan.pk}/").json()["body"]
    assert [(b["kind"], b["label"], b["text"]) for b in body] == [(b["kind"], b["label"], b["text"]) for b in blocks]
    assert body[1]["measure"]["value"] == "77,17" and body[2]["measure"]["value"] == "25,20"  # as written
    assert body[2]["measure"]["baseline"] == "5.000.000"
    task = body[3]
    assert task["lead"] == {"name": "Công chức Văn hóa - Xã hội xã"} and task["supporting"] == [{"unit": world["district"].pk}]
    assert task["timing"] == {"kind": "quarter", "year": 2024, "quarter": 1}
    assert task["schedule"]["kind"] == "monthly" and task["schedule"]["day"] == 15


@pytest.mark.parametrize(
    ("case", "block", "where", "message"),
    [
        (
            "value not a number",
            {"kind": "target", "text": "Tỷ lệ", "value": "nhiều"},
            "Khối 2 (Chỉ tiêu) — Giá trị",
            "“nhiều” không phải là một số",
        ),
        (
            "range without its end",
            {"kind": "target", "text": "Từ 01 mô hình", "comparator": "between", "value": "01"},
            "Khối 2 (Chỉ tiêu) — Đến giá trị",
            "",
        ),
        (
            "quarter 5",
            {"kind": "task", "text": "Kiểm tra", "timing_kind": "quarter", "timing_year": "2024", "timing_quarter": "5"},
            "Khối 2 (Nhiệm vụ) — Quý",
            "",
        ),
        (
            "table header longer than the table",
            {"kind": "table", "header_rows": "3", "rows": "a | b"},
            "Khối 2 (Bảng) — Số dòng tiêu đề",
            "",
        ),
    ],
)
def test_a_block_the_api_refuses_is_named_next_to_it_and_nothing_is_saved(login, world, case, block, where, message):
    blocks = [{"kind": "heading", "level": "1", "label": "I.", "text": "MỤC ĐÍCH"}, block]
    response = login("drafter").post("/plans/new/", plan_form_data(world, blocks=blocks))
    assert response.status_code == 200, case
    html = response.content.decode()
    assert "Chưa lưu được kế hoạch." in html and where in html and message in html, case
    assert 'id="block-1"' in html and "pf-block--invalid" in html
    assert Plan.objects.count() == 0


def test_a_party_outside_the_issuing_body_is_refused_next_to_its_block(login, world):
    block = {"kind": "task", "text": "Kiểm tra", "lead_unit": str(world["commune_unit"].pk)}
    response = login("drafter").post("/plans/new/", plan_form_data(world, blocks=[block]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Khối 1 (Nhiệm vụ) — Chủ trì" in html and f"Đơn vị #{world['commune_unit'].pk} không thuộc" in html
    assert Plan.objects.count() == 0


def test_a_second_schedule_is_read_back_as_the_same_fields(world):
    """A task with two (or more, written through the API) schedules: the editor shows the first two
    as fields, keeps the others as they are, and posts them back as the same `schedules`."""
    task = {
        "kind": "task",
        "label": "-",
        "text": "Định kỳ hằng tháng (trước ngày 15) và hằng năm (trước ngày 15 tháng 12) báo cáo kết quả.",
        "lead": {"unit": world["police"].pk},
        "supporting": [],
        "timing": None,
    }
    two = [{**task, "schedules": [{"kind": "monthly", "day": 15}, {"kind": "yearly", "day": 15, "month": 12}]}]
    three = [{**task, "schedules": [*two[0]["schedules"], {"kind": "once", "date": "2024-06-30"}]}]
    for blocks in (two, three):
        rows = BlockEditor.from_body(blocks).rows
        assert (rows[0].get("schedule_kind"), rows[0].get("schedule2_kind"), rows[0].get("schedule2_month")) == ("monthly", "yearly", "12")
        data = posted([{name: value for name, value in row.values.items() if name != "id" or value} for row in rows])
        assert BlockEditor.from_post(data).body() == blocks
    one = [{**task, "schedule": {"kind": "monthly", "day": 15}}]  # one schedule: posted as `schedule`, as before
    rows = BlockEditor.from_body(one).rows
    assert BlockEditor.from_post(posted([dict(rows[0].values)])).body() == one


def test_the_drafter_adds_a_second_schedule_and_the_api_reads_both(login, world):
    blocks = [
        {"kind": "heading", "level": "1", "label": "IV.", "text": "TỔ CHỨC THỰC HIỆN"},
        {
            "kind": "task",
            "label": "-",
            "text": "Định kỳ hằng tháng (trước ngày 15) và hằng năm (trước ngày 15 tháng 12) báo cáo kết quả.",
            "lead_unit": str(world["police"].pk),
            "schedule_kind": "monthly",
            "schedule_day": "15",
            "schedule2_kind": "yearly",
            "schedule2_day": "15",
            "schedule2_month": "12",
        },
    ]
    client = login("drafter")
    page = client.get("/plans/new/").content.decode()
    # a labelled select of its own: reached and chosen from the keyboard like the first
    assert '<label class="pf-field__label" for="id_body-0-schedule2_kind">Lịch báo cáo thứ hai</label>' in page
    assert '<select name="body-0-schedule2_kind" id="id_body-0-schedule2_kind" data-block-field="schedule2_kind">' in page
    response = client.post("/plans/new/", plan_form_data(world, blocks=blocks))
    assert response.status_code == 302, response.content.decode()[:3000]
    plan = Plan.objects.get()
    task = client.get(f"/api/plans/{plan.pk}/").json()["body"][1]
    assert task["schedules"] == [{"kind": "monthly", "day": 15}, {"kind": "yearly", "day": 15, "month": 12}]
    edit = client.get(f"/plans/{plan.pk}/edit/").content.decode()
    assert 'data-schedule="monthly" data-schedule2="yearly"' in edit
    # the second one removed: the task keeps its first
    blocks[1].update(schedule2_kind="", schedule2_day="", schedule2_month="")
    response = client.post(f"/plans/{plan.pk}/edit/", plan_form_data(world, blocks=blocks))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert client.get(f"/api/plans/{plan.pk}/").json()["body"][1]["schedules"] == [{"kind": "monthly", "day": 15}]


def test_an_error_of_the_second_schedule_lands_on_its_field(login, world):
    block = {
        "kind": "task",
        "text": "Báo cáo",
        "schedule_kind": "monthly",
        "schedule_day": "15",
        "schedule2_kind": "yearly",
        "schedule2_day": "15",
    }
    blocks = [{"kind": "heading", "level": "1", "label": "I.", "text": "MỤC ĐÍCH"}, block]
    response = login("drafter").post("/plans/new/", plan_form_data(world, blocks=blocks))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Chưa lưu được kế hoạch." in html and "Khối 2 (Nhiệm vụ) — Tháng" in html
    assert 'href="#id_body-1-schedule2_month"' in html
    assert Plan.objects.count() == 0
