"""The recognizer on documents made for one point each: refusals, a DOCX's tables and footnotes,
an OCR'd source, paragraphs rejoined across a PDF's line breaks, the report's shape."""

import pytest

from config.refusals import InvalidInput
from planimport.lines import paragraphs
from planimport.recognize import recognize
from planimport.source import SourceDocument, SourceFootnote, SourceParagraph, SourceTable
from plans.models import Plan


def doc(*items, **kwargs):
    return SourceDocument(kind=kwargs.pop("kind", "docx"), items=[SourceParagraph(i) if isinstance(i, str) else i for i in items], **kwargs)


SMALL_PLAN = [
    "KẾ HOẠCH",
    "Tuyên truyền pháp luật năm 2024",
    "Căn cứ Kế hoạch số 12/KH-UBND ngày 05/01/2024 của Ủy ban nhân dân tỉnh;",
    "Ủy ban nhân dân huyện ban hành kế hoạch như sau:",
    "I. MỤC TIÊU",
    "1. Có trên 77,17% trở lên hộ gia đình được phổ biến pháp luật.",
    "II. TỔ CHỨC THỰC HIỆN",
    "1. Quý I/2024",
    "- Giao Công an huyện chủ trì, phối hợp với Phòng Tài chính - Kế hoạch tổ chức hội nghị; báo cáo kết quả hằng tháng, trước ngày 15.",
    "Nơi nhận:",
    "- Thường trực Huyện ủy (b/c);",
    "- Lưu: VT.",
    "TM. ỦY BAN NHÂN DÂN",
    "CHỦ TỊCH",
    "Nguyễn Tiên Dũng",
]


@pytest.mark.parametrize(
    "items,message",
    [
        ([], "KẾ HOẠCH"),
        (["Hôm nay trời đẹp.", "Chúng tôi đi chơi."], "KẾ HOẠCH"),
        (["QUYẾT ĐỊNH", "Về việc ban hành quy chế", "Điều 1. Ban hành."], "KẾ HOẠCH"),
        (["KẾ HOẠCH"], "trích yếu"),
        (["KẾ HOẠCH", "Tuyên truyền pháp luật năm 2024", "Nơi nhận:", "- Lưu: VT."], "nội dung"),
    ],
)
def test_text_that_is_not_a_plan_is_refused_and_nothing_is_created(world, items, message):
    with pytest.raises(InvalidInput) as refused:
        recognize(doc(*items), world["district"])
    assert message in refused.value.message and refused.value.errors["file"]
    assert not Plan.objects.exists()


def test_a_small_plan_all_its_parts(world):
    recognition = recognize(doc(*SMALL_PLAN), world["district"])
    plan, report = recognition.plan_json, recognition.report
    assert plan["subject"] == "Tuyên truyền pháp luật năm 2024"
    assert (plan["period_start"], plan["period_end"]) == ("2024-01-01", "2024-12-31")
    [target] = [b for b in plan["body"] if b["kind"] == "target"]
    assert target["measure"] == {"comparator": "more_than", "value": "77,17", "value_max": None, "unit": "%", "baseline": None}
    [task] = [b for b in plan["body"] if b["kind"] == "task"]
    assert task["lead"] == {"unit": world["police"].pk}
    assert task["supporting"] == [{"unit": world["finance"].pk}]
    assert task["timing"] == {"kind": "quarter", "year": 2024, "quarter": 1}
    assert task["schedule"] == {"kind": "monthly", "day": 15}
    assert plan["signer"] == world["users"]["signer"].pk and plan["signing_authority"] == "TM."
    assert plan["recipients"] == [
        {"name": "Thường trực Huyện ủy", "purpose": "b/c", "organization": None},
        {"name": "VT", "purpose": "lưu", "organization": None},
    ]
    recognized = report["recognized"]
    assert recognized["subject"] is True and recognized["legal_bases"] == 1
    assert (recognized["targets"], recognized["tasks"], recognized["recipients"], recognized["signing_authority"]) == (1, 1, 2, "TM.")
    assert recognized["blocks"] == len(plan["body"])
    assert report["warnings"] == [] and report["not_recognized"] == []
    assert recognition.plan["body"][4]["kind"] == "task" and recognition.plan["body"][4]["lead"][0] == world["police"]


def test_a_docx_with_a_head_table_a_body_table_and_footnotes(world):
    head = SourceTable(
        rows=[
            [
                "ỦY BAN NHÂN DÂN\nHUYỆN IA H'DRAI\nSố: 05/KH-UBND",
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nIa H'Drai, ngày 10 tháng 3 năm 2024",
            ]
        ]
    )
    table = SourceTable(rows=[["TT", "Nội dung", "Thời gian"], ["1", "Hội nghị", "Quý I"]])
    items = [head, *SMALL_PLAN[:6], table, "Theo Nghị định số 40/2024/NĐ-CP[^1].", *SMALL_PLAN[6:]]
    notes = [SourceFootnote(label="1", text="Quy định chi tiết một số điều của Luật.")]
    recognition = recognize(doc(*items, footnotes=notes), world["district"])
    body = recognition.plan_json["body"]
    assert recognition.source_reference == {
        "issuing_body": "ỦY BAN NHÂN DÂN HUYỆN IA H'DRAI",
        "number": "05/KH-UBND",
        "place": "Ia H'Drai",
        "date": "ngày 10 tháng 3 năm 2024",
    }
    assert any("05/KH-UBND" in w for w in recognition.report["warnings"])  # said to be the source's, not the plan's
    [block] = [b for b in body if b["kind"] == "table"]
    assert block["rows"] == [["TT", "Nội dung", "Thời gian"], ["1", "Hội nghị", "Quý I"]] and block["header_rows"] == 1
    kinds = [b["kind"] for b in body]
    assert kinds.index("footnote") == kinds.index("table") + 2  # right after the paragraph that calls it
    assert recognition.report["recognized"]["tables"] == 1 and recognition.report["recognized"]["footnotes"] == 1
    assert recognition.marks[kinds.index("table")] == {"block": kinds.index("table"), "items": [7], "became": "table"}
    assert recognition.marks[kinds.index("footnote")]["items"] == []


def test_an_ocr_source_and_the_readers_warnings_reach_the_report(world):
    source = doc(*SMALL_PLAN, ocr=True, warnings=["Trang 3 không có chữ."])
    report = recognize(source, world["district"]).report
    assert report["recognized"]["ocr"] is True
    assert report["warnings"][0] == "Trang 3 không có chữ."
    assert any("OCR" in w for w in report["warnings"])


def test_an_unknown_signer_is_left_empty_with_a_warning(world):
    items = [*SMALL_PLAN[:-1], "Lê Văn Lạ"]
    recognition = recognize(doc(*items), world["district"])
    assert recognition.plan_json["signer"] is None and recognition.plan.get("signer") is None
    assert any("Lê Văn Lạ" in w for w in recognition.report["warnings"])


def test_a_pdfs_lines_are_rejoined_into_paragraphs():
    lines = [
        "I. MỤC ĐÍCH, YÊU CẦU",
        "1. Quán triệt, triển khai thực hiện Nghị quyết số 24/2024/NQ-HĐND và Kế",
        "hoạch số 3244/KH-UBND đến các cơ quan, đơn vị, địa phương và Nhân dân trên",
        "địa bàn huyện.",
        "2. Việc triển khai thực hiện Kế hoạch đảm bảo thống nhất, đồng bộ với quy",
        "định của pháp luật. Báo cáo định kỳ hằng tháng (trước ngày 15) và hằng năm",
        "12) hoặc đột xuất khi có yêu cầu (gọi tắt là Kế hoạch số 3244/KH-",
        "UBND.",
        "3. Phòng Tài chính - Kế hoạch",
        "Hằng năm tham mưu đảm bảo nguồn kinh phí, thực hiện chi trả chế độ đối",
    ]
    source = SourceDocument(kind="pdf", items=[SourceParagraph(line) for line in lines], hard_wrapped=True)
    texts = [p.text for p in paragraphs(source)]
    assert texts == [
        "I. MỤC ĐÍCH, YÊU CẦU",
        "1. Quán triệt, triển khai thực hiện Nghị quyết số 24/2024/NQ-HĐND và Kế hoạch số 3244/KH-UBND đến các cơ quan, đơn vị, địa phương và Nhân dân trên địa bàn huyện.",
        "2. Việc triển khai thực hiện Kế hoạch đảm bảo thống nhất, đồng bộ với quy định của pháp luật. Báo cáo định kỳ hằng tháng (trước ngày 15) và hằng năm 12) hoặc đột xuất khi có yêu cầu (gọi tắt là Kế hoạch số 3244/KH-UBND.",
        "3. Phòng Tài chính - Kế hoạch",
        "Hằng năm tham mưu đảm bảo nguồn kinh phí, thực hiện chi trả chế độ đối",
    ]
    assert [p.items for p in paragraphs(source)] == [[0], [1, 2, 3], [4, 5, 6, 7], [8], [9]]
    docx = SourceDocument(kind="docx", items=[SourceParagraph(line) for line in lines[1:3]])
    assert len(paragraphs(docx)) == 2  # a DOCX's paragraphs are never joined


def test_lines_kept_as_paragraphs_that_looked_like_targets_or_tasks_are_reported(world):
    items = [*SMALL_PLAN[:5], "1. Phấn đấu đạt chỉ tiêu đề ra cho năm 2024.", "2. Chủ trì tổ chức hội nghị sơ kết.", *SMALL_PLAN[9:]]
    report = recognize(doc(*items), world["district"]).report
    assert [(n["looked_like"], n["text"][:8]) for n in report["not_recognized"]] == [("target", "Phấn đấu"), ("task", "Chủ trì ")]


@pytest.mark.parametrize(
    "items",
    [
        ["KẾ HOẠCH", "Trích yếu", "I. NỘI DUNG", "x" * 300000],  # a paragraph longer than a block may be
        ["KẾ HOẠCH", "Trích yếu", "I. NỘI DUNG", "Có\x00 ký tự điều khiển\x07."],
        ["KẾ HOẠCH", "Trích yếu", "I. NỘI DUNG", SourceTable(rows=[["a"] * 60])],  # more columns than a table may have
        ["a" * 200000 + " KẾ HOẠCH", "KẾ HOẠCH", "Trích yếu", "I. NỘI DUNG", "1. Nội dung."],
    ],
)
def test_input_the_plan_cannot_hold_is_refused_never_a_crash(world, items):
    try:
        recognition = recognize(doc(*items), world["district"])
    except InvalidInput as refused:
        assert refused.errors["file"] and all(isinstance(m, str) for m in refused.errors["file"])
    else:
        assert recognition.plan["subject"] == "Trích yếu"


def test_a_budget_line_beyond_what_a_plan_holds_is_left_out_with_a_warning(world):
    items = [*SMALL_PLAN[:5], "1. Kinh phí: 9.000.000.000.000đ/01 đơn vị x 900 huyện = 8.100.000.000.000.000đ.", *SMALL_PLAN[9:]]
    recognition = recognize(doc(*items), world["district"])
    assert recognition.plan_json["budget_lines"] == []
    assert any("kinh phí quá lớn" in w for w in recognition.report["warnings"])
