"""The recognizer on the four seeds (../shared/seeds), as text read from a PDF and as a DOCX reader
gives them: what it finds is what the demo enters by hand (demo/seed_*.py), and its body has the
seed's words in the seed's order."""

import difflib

import pytest

from demo import seed_000_kon_braih, seed_001_mttq, seed_002_xoa_nha_tam, seed_003_to_bao_ve_antt
from planimport.recognize import recognize
from plans.blocks import split_label
from plans.models import Plan
from plans.services import create_plan
from tests.documents.test_demo_render import MATCH_AT_LEAST, body_words, find, words

from .sources import SEED_KEYS, docx_source, seed_text, text_source

DEMO = {"000": seed_000_kon_braih, "001": seed_001_mttq, "002": seed_002_xoa_nha_tam, "003": seed_003_to_bao_ve_antt}
READ_AS = {"text": text_source, "docx": docx_source}
# The figures the seeds state in their own words (demo/seed_*.py: the targets whose value is written).
TARGETS = {"000": [], "001": [("exactly", "10", "mô hình")], "002": [("exactly", "100", "%")], "003": []}
# Tasks whose lead each seed names, with the lead as the recognizer must read it.
LEADS = {
    "000": ["Văn phòng HĐND&UBND xã", "Phòng Kinh tế", "Công an xã", "Ban Chỉ huy Quân sự xã"],
    "001": ["Ban Phong trào, Ủy ban MTTQ Việt Nam", "Văn phòng", "Ban Tổ chức – Tuyên giáo", "Ban Dân chủ - Pháp luật"],
    "002": ["Phòng Giáo dục và Đào tạo", "Phòng Tài chính - Kế hoạch", "Phòng Nội vụ", "Huyện đoàn", "Ủy ban nhân dân các xã"],
    "003": ["Bảo hiểm xã hội huyện", "Ủy ban nhân dân các xã", "Trung tâm Văn hóa - Thể thao - Du lịch và Truyền thông"],
}
# The signature block as each seed prints it (seed 000's text ends at "Nơi nhận": no block).
SIGNING = {"000": "", "001": "TM.", "002": "KT.", "003": "TM."}
CASES = [(key, kind) for key in SEED_KEYS for kind in READ_AS]


def recognized(key, kind, organization):
    return recognize(READ_AS[kind](seed_text(key)), organization)


def block_words(body):
    found = []
    for block in body:
        if block["kind"] == "table":
            found += words(" ".join(" ".join(row) for row in block["rows"]))
        else:
            found += words(f"{block['label']} {block['text']}".replace("[^", "(").replace("]", ")"))
    return found


@pytest.mark.parametrize("key,kind", CASES)
def test_the_head_and_the_ending_are_what_the_demo_enters(world, key, kind):
    demo = DEMO[key]
    recognition = recognized(key, kind, world["district"])
    plan, report = recognition.plan_json, recognition.report
    assert words(plan["subject"]) == words(demo.SUBJECT)
    assert report["recognized"]["subject"] is True
    assert len(plan["legal_bases"]) == report["recognized"]["legal_bases"] == len(demo.LEGAL_BASES)
    assert [words(b["text"]) for b in plan["legal_bases"]] == [words(text) for text in demo.LEGAL_BASES]
    assert words(plan["preamble"]) == words(demo.PREAMBLE)
    assert plan["signing_authority"] == report["recognized"]["signing_authority"] == SIGNING[key]
    expected = [(name, purpose) for name, purpose, _org in demo.SEED["data"]["recipients"]]
    assert [(r["name"], r["purpose"]) for r in plan["recipients"]] == expected
    assert report["recognized"]["recipients"] == len(expected)


@pytest.mark.parametrize("key,kind", CASES)
def test_the_body_keeps_the_seeds_words_its_level_1_headings_and_its_figures(world, key, kind):
    demo = DEMO[key]
    body = recognized(key, kind, world["district"]).plan_json["body"]
    level_1 = [(b["label"], b["text"].rstrip(":")) for b in body if b["kind"] == "heading" and b["level"] == 1]
    assert [(label, words(text)) for label, text in level_1] == [
        (split_label(heading)[0], words(split_label(heading)[1])) for heading, _text in demo.SECTIONS
    ]
    targets = [(b["measure"]["comparator"], b["measure"]["value"], b["measure"]["unit"]) for b in body if b["kind"] == "target"]
    assert targets == TARGETS[key]
    leads = [b["lead"].get("name") for b in body if b["kind"] == "task" and b["lead"]]
    assert all(lead in leads for lead in LEADS[key] if lead not in ("Công an huyện", "Phòng Tài chính - Kế hoạch")), leads
    first = next(b for b in body if b["kind"] == "heading")
    expected = body_words(seed_text(key), f"{first['label']} {first['text']}")
    ratio = difflib.SequenceMatcher(None, expected, block_words(body), autojunk=False).ratio()
    assert ratio >= MATCH_AT_LEAST, ratio


def test_units_and_the_signer_are_matched_to_the_organization(world):
    """Seed 002 and 003 in the world of tests/conftest.py: UBND huyện Ia H'Drai, its units Công an
    huyện and Phòng Tài chính - Kế hoạch, its signer Nguyễn Tiên Dũng."""
    district, police, finance = world["district"], world["police"], world["finance"]
    recognition = recognized("002", "text", district)
    assert recognition.plan_json["signer"] == world["users"]["signer"].pk
    assert recognition.plan["signer"] == world["users"]["signer"]
    tasks = [b for b in recognition.plan_json["body"] if b["kind"] == "task"]
    assert {"unit": finance.pk} in [t["lead"] for t in tasks]
    assert any({"unit": finance.pk} in t["supporting"] for t in tasks)
    recognition = recognized("003", "text", district)
    assert recognition.plan_json["signer"] is None
    assert any("Võ Anh Tuấn" in warning for warning in recognition.report["warnings"])
    leads = [b["lead"] for b in recognition.plan_json["body"] if b["kind"] == "task"]
    assert {"unit": police.pk} in leads and {"unit": finance.pk} in leads
    named = {r["name"]: r["organization"] for r in recognition.plan_json["recipients"]}
    assert named["Công an huyện"] == police.pk and named["Thường trực Huyện ủy"] is None


@pytest.mark.parametrize("key,kind", CASES)
def test_create_plan_takes_what_is_recognized(world, key, kind):
    recognition = recognized(key, kind, world["district"])
    plan = create_plan(world["users"]["drafter"], world["district"], recognition.plan)
    plan = Plan.objects.get(pk=plan.pk)
    assert plan.state == "draft" and plan.number is None and plan.symbol in (None, "")
    assert plan.subject == recognition.plan_json["subject"]
    assert plan.blocks.count() == len(recognition.plan_json["body"])
    assert plan.blocks.filter(kind="task").count() == recognition.report["recognized"]["tasks"] > 0
    assert plan.recipients.count() == recognition.report["recognized"]["recipients"]
    assert plan.legal_bases.count() == recognition.report["recognized"]["legal_bases"]


def test_the_source_reference_is_kept_apart_from_the_plan(world):
    recognition = recognized("003", "text", world["district"])
    assert recognition.source_reference == {
        "issuing_body": "ỦY BAN NHÂN DÂN HUYỆN IA H’DRAI",
        "number": "/KH-UBND",
        "place": "Ia H’Drai",
        "date": "ngày tháng năm 2024",
    }
    assert "number" not in recognition.plan and "symbol" not in recognition.plan
    docx = recognized("003", "docx", world["district"])
    assert docx.source_reference == recognition.source_reference
    made_up = recognized("000", "docx", world["district"]).source_reference  # the head tests/planimport/sources.py adds
    assert made_up == {
        "issuing_body": "ỦY BAN NHÂN DÂN HUYỆN IA H'DRAI",
        "number": "05/KH-UBND",
        "place": "Ia H'Drai",
        "date": "ngày 10 tháng 3 năm 2025",
    }


def test_footnotes_budget_schedules_and_period_of_the_seeds(world):
    district = world["district"]
    body = recognized("003", "text", district).plan_json["body"]
    notes = [b for b in body if b["kind"] == "footnote"]
    assert [n["label"] for n in notes] == ["1", "2", "3", "4", "5"]
    assert any("Chính phủ[^1]" in b["text"] for b in body)
    schedules = [b["schedule"] for b in body if b["kind"] == "task" and b["schedule"]]
    assert {"kind": "monthly", "day": 15} in schedules
    # "Định kỳ hằng tháng (trước ngày 15) và hằng năm (trước ngày 15 tháng 12) …": one task, both duties
    both = [b for b in body if b["kind"] == "task" and "hằng tháng (trước ngày 15) và hằng năm" in b["text"]]
    assert [b["schedules"] for b in both] == [[{"kind": "monthly", "day": 15}, {"kind": "yearly", "day": 15, "month": 12}]]
    assert both[0]["schedule"] == {"kind": "monthly", "day": 15}
    validated = recognized("003", "text", district).plan["body"][body.index(both[0])]
    assert (validated["schedule_kind"], validated["schedule_day"]) == ("monthly", 15)
    assert validated["more_schedules"] == [{"kind": "yearly", "day": 15, "month": 12}]
    mttq = recognized("001", "text", district)
    assert mttq.plan_json["budget_lines"] == [
        {
            "item": "Ngân sách cấp triển khai Cuộc vận động “Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh” năm 2023 (01 đơn vị × 10 huyện, thành phố)",
            "unit_cost": 5000000,
            "quantity": 10,
            "source": "Ngân sách nhà nước",
        }
    ]
    assert (mttq.plan_json["period_start"], mttq.plan_json["period_end"]) == ("2023-01-01", "2023-12-31")
    once = [b["schedule"] for b in mttq.plan_json["body"] if b["kind"] == "task" and b["schedule"]]
    assert {"kind": "once", "date": "2023-12-05"} in once
    kon_braih = recognized("000", "text", district).plan_json
    assert (kon_braih["period_start"], kon_braih["period_end"]) == ("2025-01-01", "2030-12-31")
    assert "period_start" not in recognized("003", "text", district).plan_json


def test_marks_say_where_each_block_came_from_and_what_it_became(world):
    source = text_source(seed_text("003"))
    recognition = recognize(source, world["district"])
    body, marks = recognition.plan_json["body"], recognition.marks
    assert [m["block"] for m in marks] == list(range(len(body)))
    for block, mark in zip(body, marks, strict=True):
        assert mark["items"] and all(0 <= i < len(source.items) for i in mark["items"])
        assert mark["became"] == block["kind"] or (mark["became"] == "party" and block["kind"] in ("heading", "paragraph"))
        first_words = words(f"{block['label']} {block['text']}")[:3]
        assert find(words(" ".join(source.items[i].text for i in mark["items"])), first_words) is not None
    task_marks = [m for m in marks if m["became"] == "task"]
    assert task_marks and all(m["parties"][0]["role"] == "lead" for m in task_marks)
    assert any(m["became"] == "party" for m in marks)
