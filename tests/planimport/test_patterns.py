"""Each phrase the recognizer reads, alone (planimport.patterns)."""

import pytest

from planimport.patterns.ending import budget_lines, read_ending, recipient
from planimport.patterns.measures import measure_of
from planimport.patterns.parties import Directory, heading_party, lead_name, supporting_parties
from planimport.patterns.timing import heading_timing, schedules, task_timing


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Có trên 77,17% trở lên hộ đồng bào được tuyên truyền", ("more_than", "77,17", None, "%", None)),
        ("Phấn đấu 80% trở lên số thôn đạt chuẩn", ("at_least", "80", None, "%", None)),
        ("Tổ chức ít nhất 3 lớp tập huấn cho cán bộ", ("at_least", "3", None, "lớp", None)),
        ("Tỷ lệ hộ nghèo từ 60% đến 70,5%", ("between", "60", "70,5", "%", None)),
        ("Mở từ 5 đến 10 lớp bồi dưỡng", ("between", "5", "10", "lớp", None)),
        ("Tỷ lệ hộ nghèo giảm 2,5% so với năm 2023", ("decrease_by", "2,5", None, "%", None)),
        ("Tỷ lệ tái phạm giảm 3% so với 12,4% năm trước", ("decrease_by", "3", None, "%", "12,4")),
        ("Thu ngân sách tăng 10% so với cùng kỳ", ("increase_by", "10", None, "%", None)),
        ("Tỷ lệ hộ nghèo không quá 5%", ("at_most", "5", None, "%", None)),
        ("Tỷ lệ trẻ suy dinh dưỡng dưới 12%", ("less_than", "12", None, "%", None)),
        ("Đến tháng 6 năm 2025 xóa 100% nhà tạm", ("exactly", "100", None, "%", None)),
        ("Số lượng, địa điểm: 10 mô hình", ("exactly", "10", None, "mô hình", None)),
        ("Hỗ trợ trên 1.000 hộ", ("more_than", "1000", None, "hộ", None)),
    ],
)
def test_a_figure_and_its_comparator(text, expected):
    measure = measure_of(text)
    assert (measure.comparator, measure.value, measure.value_max, measure.unit, measure.baseline) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Triển khai từ tháng 9 năm 2024 và tổng kết vào cuối năm 2025.",
        "Thời gian thực hiện: từ ngày 4/2023 đến ngày 30/11/2023",
        "Chào mừng 80 năm ngày Cách mạng Tháng Tám thành công",
        "Nghị định số 40/2024/NĐ-CP ngày 16 tháng 4 năm 2024",
        "tăng cường công tác tuyên truyền trên địa bàn",
    ],
)
def test_dates_numbers_of_documents_and_words_alone_are_no_target(text):
    assert measure_of(text) is None


class Unit:
    def __init__(self, pk, name):
        self.pk, self.name, self.header_name = pk, name, ""


DIRECTORY = Directory(
    Unit(1, "UBND huyện Ia H'Drai"),
    [Unit(5, "Công an huyện"), Unit(6, "Phòng Tài chính - Kế hoạch"), Unit(7, "Trung tâm Văn hóa - Thể thao")],
)


@pytest.mark.parametrize(
    "text,lead",
    [
        ("Giao Công an huyện chủ trì, phối hợp với các cơ quan", "Công an huyện"),
        ("Giao Phòng Nội vụ: tham mưu tổng kết", "Phòng Nội vụ"),
        ("Phòng Văn hóa và Thông tin chủ trì tổ chức hội thi", "Phòng Văn hóa và Thông tin"),
        ("Phòng Nội vụ: Chủ trì, phối hợp với Phòng Tài chính - Kế hoạch", "Phòng Nội vụ"),
        ("Huyện đoàn phối hợp với cấp uỷ vận động đoàn viên", "Huyện đoàn"),
        ("Chủ trì, phối hợp với các cơ quan liên quan", None),
        ("Hình thức: Tổ chức hội nghị", None),
        ("Ghi chú: Đề nghị Các Ban, Văn phòng báo cáo kết quả trước ngày 05/12/2023.", "Các Ban, Văn phòng"),
    ],
)
def test_the_lead_a_task_names(text, lead):
    assert lead_name(text) == lead


def test_a_heading_that_names_a_body_and_names_matched_to_units():
    assert heading_party("Công an huyện:") == "Công an huyện"
    assert heading_party("Đề nghị Ủy ban MTTQ Việt Nam huyện") == "Ủy ban MTTQ Việt Nam huyện"
    assert heading_party("Mục đích") is None
    assert (
        heading_party("Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh giao các Ban, Văn phòng cụ thể:")
        == "Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh"
    )
    assert DIRECTORY.party("Trung tâm Văn hoá-Thể thao") == {"unit": 7}  # "hoá"/"hóa", dashes
    assert DIRECTORY.party("UBND huyện Ia H’Drai") == {"unit": 1}
    assert DIRECTORY.party("Phòng Nội vụ") == {"name": "Phòng Nội vụ"}


def test_supporting_parties_after_phoi_hop():
    text = "Chủ trì, phối hợp với Phòng Tài chính - Kế hoạch, Phòng Kinh tế và Hạ tầng và các cơ quan, đơn vị có liên quan hướng dẫn"
    assert supporting_parties(text, DIRECTORY) == [{"unit": 6}, {"name": "Phòng Kinh tế và Hạ tầng"}]
    assert supporting_parties("phối hợp với Công an huyện kiểm tra", DIRECTORY, lead={"unit": 5}) == []


@pytest.mark.parametrize(
    "text,timing",
    [
        ("Quý I/2024", {"kind": "quarter", "year": 2024, "quarter": 1}),
        ("Quý III năm 2025", {"kind": "quarter", "year": 2025, "quarter": 3}),
        ("Tháng 3/2024", {"kind": "month", "year": 2024, "month": 3}),
        ("Nhiệm vụ chung", None),
    ],
)
def test_the_timing_a_heading_gives(text, timing):
    assert heading_timing(text) == timing


@pytest.mark.parametrize(
    "text,timing",
    [
        ("Hoàn thành việc rà soát trước ngày 30/6/2024.", {"kind": "by", "date": "2024-06-30"}),
        ("Tổ chức trước ngày 15 tháng 3 năm 2025", {"kind": "by", "date": "2025-03-15"}),
        ("Thực hiện từ ngày 01/3/2024 đến ngày 30/6/2024", {"kind": "between", "from": "2024-03-01", "to": "2024-06-30"}),
        ("Rà soát danh sách. Thời gian: thường xuyên.", {"kind": "ongoing"}),
        ("Báo cáo kết quả trước ngày 05/12/2023.", None),  # a report's deadline: a schedule
    ],
)
def test_the_timing_a_task_states(text, timing):
    assert task_timing(text) == timing


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Báo cáo kết quả hằng tháng, trước ngày 15", [{"kind": "monthly", "day": 15}]),
        ("Tổng hợp báo cáo trước ngày 15/12 hằng năm", [{"kind": "yearly", "day": 15, "month": 12}]),
        (
            "Định kỳ hằng tháng (trước ngày 15) và hằng năm (trước ngày 15 tháng 12) báo cáo kết quả",
            [{"kind": "monthly", "day": 15}, {"kind": "yearly", "day": 15, "month": 12}],
        ),
        ("Gửi báo cáo quý trước ngày 5 của tháng đầu quý sau", [{"kind": "quarterly", "day": 5}]),
        ("Báo cáo kết quả về Ban Phong trào trước ngày 05/12/2023.", [{"kind": "once", "date": "2023-12-05"}]),
        ("chuyển dứt điểm kinh phí phát sinh hàng quý", []),
    ],
)
def test_reporting_schedules(text, expected):
    assert schedules(text) == expected


@pytest.mark.parametrize(
    "line,expected",
    [
        ("- Thường trực Huyện ủy (b/c);", {"name": "Thường trực Huyện ủy", "purpose": "b/c"}),
        ("- Chủ tịch, Phó CT MTTQ tỉnh (B/cáo);", {"name": "Chủ tịch, Phó CT MTTQ tỉnh", "purpose": "b/c"}),
        ("- Ủy ban MTTQVN huyện (p/h);", {"name": "Ủy ban MTTQVN huyện", "purpose": "p/h"}),
        ("- Các Ban VP cơ quan (T/hiện);", {"name": "Các Ban VP cơ quan", "purpose": "t/h"}),
        ("- Chủ tịch, các PCT UBND huyện (đ/b);", {"name": "Chủ tịch, các PCT UBND huyện", "purpose": "đ/b"}),
        ("- Hội đồng TĐKT tỉnh (*Sở Nội vụ*) (b/c);", {"name": "Hội đồng TĐKT tỉnh (Sở Nội vụ)", "purpose": "b/c"}),
        ("- UBND các xã;", {"name": "UBND các xã", "purpose": ""}),
        ("- Lưu: VT.", {"name": "VT", "purpose": "lưu"}),
        (" - Lưu VT, Ban PT.", {"name": "VT, Ban PT", "purpose": "lưu"}),
    ],
)
def test_a_recipient_and_its_purpose(line, expected):
    assert recipient(line) == expected


@pytest.mark.parametrize(
    "lines,authority,title,name",
    [
        (
            ["Nơi nhận:", "- A (b/c);", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Tiên Dũng"],
            "KT.",
            "PHÓ CHỦ TỊCH",
            "Nguyễn Tiên Dũng",
        ),
        (
            ["Nơi nhận:", "- A;", "TM. BAN THƯỜNG TRỰC", "PHÓ CHỦ TỊCH", "(Đã Ký)", "Nguyễn Thị Lan"],
            "TM.",
            "PHÓ CHỦ TỊCH",
            "Nguyễn Thị Lan",
        ),
        (["TUQ. CHỦ TỊCH", "CHÁNH VĂN PHÒNG", "Lê Văn A"], "TUQ.", "CHÁNH VĂN PHÒNG", "Lê Văn A"),
        (["TL. CHỦ TỊCH", "TRƯỞNG PHÒNG", "Lê Văn B"], "TL.", "TRƯỞNG PHÒNG", "Lê Văn B"),
        (["Q. CHỦ TỊCH", "Lê Văn C"], "Q.", "CHỦ TỊCH", "Lê Văn C"),
        (["CHỦ TỊCH", "Lê Văn D"], "", "CHỦ TỊCH", "Lê Văn D"),
    ],
)
def test_the_signature_block(lines, authority, title, name):
    ending = read_ending(lines)
    assert (ending.signing_authority, ending.signer_title, ending.signer_name) == (authority, title, name)


def test_a_budget_line_and_a_total_that_does_not_add_up():
    [(line, problem)] = budget_lines("Ngân sách cấp, cụ thể: 5.000.000đ/01 đơn vị x 10 huyện = 50.000.000đ (Năm mươi triệu đồng chẵn).")
    assert (line["unit_cost"], line["quantity"], problem) == (5000000, 10, None)
    assert line["item"] == "Ngân sách cấp (01 đơn vị × 10 huyện)"
    [(line, problem)] = budget_lines("Hỗ trợ 2.000.000 đồng/hộ x 3 hộ = 7.000.000 đồng")
    assert (line["unit_cost"], line["quantity"]) == (2000000, 3) and "7.000.000" in problem
    assert budget_lines("Kinh phí thực hiện theo quy định hiện hành.") == []
