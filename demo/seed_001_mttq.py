"""Seed 001: Kế hoạch phối hợp duy trì các mô hình điểm thực hiện Cuộc vận động năm 2023 (Ban Thường trực UBMTTQ Việt Nam tỉnh Kon Tum).

The text is the seed's own: only the line and page breaks of its extraction are joined (and
see the notes below). The structured parts and the demo steps follow the text.
"""

import datetime as dt

from demo.accounts import MTTQ

from .blocks import seed_body
from .text import quote

SUBJECT = "Phối hợp duy trì các mô hình điểm thực hiện Cuộc vận động “Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh” năm 2023"
LEGAL_BASES = [
    "Căn cứ Chương trình công tác Mặt trận năm 2023 (Chương trình số 12/CTr-MTTQ-BTT ngày 29 tháng 12 năm 2022 của Ban Thường trực Uỷ ban MTTQ Việt Nam tỉnh Kon Tum).",
    "Thực hiện Kế hoạch số 358/KH-MTTQ-BTT ngày 08 tháng 02 năm 2023 của Ban Thường trực Uỷ ban MTTQ Việt Nam tỉnh về việc triển khai thực hiện Cuộc vận động “Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh” năm 2023.",
]
PREAMBLE = "Ban Thường trực Uỷ ban MTTQ Việt Nam tỉnh ban hành kế hoạch phối hợp duy trì các mô hình điểm trong thực hiện Cuộc vận động “Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh” năm 2023, như sau:"
SECTIONS = [
    (
        "I. MỤC ĐÍCH YÊU CẦU",
        """\
1. Đẩy mạnh công tác tuyên truyền, vận động Nhân dân hiểu biết và nâng cao ý thức chấp hành pháp luật, tạo sự chuyển biến mạnh mẽ về nhận thức và vai trò và trách nhiệm của các tầng lớp Nhân dân trong chấp hành các chủ trương chính sách, pháp luật của Nhà nước, giữ gìn an ninh chính trị, trật tự an toàn xã hội ở cộng đồng dân cư gắn với việc thực hiện 5 nội dung cuộc vận động “Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh”, các cuộc vận động và các phong trào thi đua yêu nước khác trên địa bàn tỉnh.
2. Công tác tuyên truyền đảm bảo hiệu quả, tập hợp được đông đảo quần chúng Nhân dân tham, nâng cao hiệu quả của mô hình trong cộng đồng dân cư; Việc xây dựng và duy trì các mô hình đảm bảo thiết thực, tiết kiệm, hiệu quả.""",
    ),
    (
        "II. NỘI DUNG THỰC HIỆN",
        """\
1. Nội dung duy trì các mô hình tuyên truyền:
- Tuyên truyền phổ biến, vận động đoàn viên, hội viên và các tầng lớp Nhân dân về các chủ trương, chính sách pháp luật của Nhà nước, tích cực hưởng ứng và tham gia thực hiện Cuộc vận động “Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh”, các cuộc vận động và các phong trào thi đua yêu nước trên địa bàn tỉnh.
Đồng thời tuyên truyền về trách nhiệm của mỗi công dân, tổ chức nhằm nâng cao ý thức xây dựng khu dân cư sáng- xanh- sạch- đẹp- văn minh,tích cực tham gia bảo vệ và trồng rừng; tham gia phòng ngừa, đấu tranh ngăn chặn các loại tội phạm trong các tầng lớp Nhân dân, góp phần đảm bảo an ninh trật tự, an toàn xã hội trên địa bàn tỉnh.
2. Hình thức: Tổ chức hội nghị tuyên truyền trực tiếp cho đoàn viên, hội viên và các tầng lớp Nhân dân
3. Số lượng, địa điểm: 10 mô hình
3.1. Mô hình Phòng chống tội phạm:
- Thôn PengSaPeng- ĐăkPet- ĐăkGlei,
- Thôn Hòa Bình- xã Đăk Kan- Ngọc Hồi,
- Thôn Măng Rương- xã Văn Lem- Đăk Tô,
- Thôn Đăk Viên- xã Tê Xăng- Tu Mơ Rông,
- Tổ dân phố 9- Thị trấn Đăk Hà- Đăk Hà,
- Thôn Tân Sang- xã Hơ Moong- Sa Thầy,
- Thôn KonPring- xã ĐăkLong- Kon Plong,
- Thôn 1- xã IaDom- Ia H’Đrai.
3.2. Mô hình phòng chống tội phạm, ma túy:
Thôn 2- xã Tân Lập- Kon Rẫy;
Thôn Plei Đôn- Phường Quang Trung- Tp. Kon Tum.
4. Thời gian thực hiện: từ ngày 4/2023 đến ngày 30/11/2023""",
    ),
    (
        "III. KINH PHÍ THỰC HIỆN:",
        """\
Ngân sách cấp triển khai Cuộc vận động “Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh” năm 2023, cụ thể: 5.000.000đ/01 đơn vị x 10 huyện, thành phố = 50.000.000đ (Năm mươi triệu đồng chẵn).""",
    ),
    (
        "IV. TỔ CHỨC THỰC HIỆN",
        """\
1. Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh giao các Ban, Văn phòng cụ thể:
1.1. Ban Phong trào, Ủy ban MTTQ Việt Nam:
Tham mưu Ban Thường trực xây dựng kế hoạch triển khai thực hiện; tổng hợp, biên soạn tài liệu tuyên truyền; tổng hợp báo cáo kết quả tổ chức tuyên truyền, vận động thực hiện Cuộc vận động trên địa bàn toàn tỉnh; Phối hợp Ban Thường trực Ủy ban MTTQ Việt Nam huyện Đăk Glei, Đăk Tô, Sa Thầy, Ia H’Drai. Tổ chức tuyên truyền, vận động tại các huyện: Đăk Glei, Đăk Tô, Sa Thầy, Ia H’Drai.
1.2. Văn phòng:
Hướng dẫn chứng từ thanh quyết toán; Phối hợp Ban Thường trực Ủy ban MTTQ Việt Nam huyện, thành phố tổ chức tuyên truyền tại thành phố Kon Tum và huyện Đăk Hà.
1.3. Ban Tổ chức – Tuyên giáo:
Phối hợp Ban Thường trực Ủy ban MTTQ Việt Nam huyện Kon Plong và Kon Rẫy tổ chức tuyên truyền tại huyện Kon Plong và Kon Rẫy.
1.4. Ban Dân chủ - Pháp luật:
Phối hợp Ban Thường trực Ủy ban MTTQ Việt Nam huyện huyện Ngọc Hồi và Tu Mơ Rông tổ chức tuyên truyền tại huyện Ngọc Hồi và Tu Mơ Rông.
* Ghi chú: Đề nghị Các Ban, Văn phòng báo cáo kết quả thực hiện gửi về Ban Phong trào trước ngày 05/12/2023.
2. Ban Thường trực Ủy ban MTTQ Việt Nam các huyện, thành phố:
- Phối hợp với Ban Phong trào trong triển khai thực hiện Kế hoạch, phân công cán bộ phối hợp với đoàn công tác của tỉnh, trực tiếp thường xuyên trong quá trình triển khai các nội dung Kế hoạch.
- Phối hợp hướng dẫn Ban Thường trực Ủy ban MTTQ Việt Nam các xã, phường, thị trấn trong việc duy trì và nâng cao hiệu quả hoạt động của các mô hình trong thực hiện Cuộc vận động tại địa phương.
3. Ban Thường trực Ủy ban MTTQ Việt Nam các xã, phường, thị trấn
- Báo cáo cấp uỷ về chủ trương, phối hợp với UBND và các tổ chức đoàn thể xã triển khai Kế hoạch.
- Phối hợp hướng dẫn các khu dân cư chuẩn bị các hội nghị, tập hợp Nhân dân để tuyên truyền tại địa phương theo Kế hoạch.
- Phân công cán bộ phối hợp với đoàn công tác của tỉnh, huyện trực tiếp thường xuyên trong quá trình triển khai tuyên truyền, vận động.
Trên đây là kế hoạch phối hợp duy trì các mô hình điểm trong thực hiện Cuộc vận động “Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh” năm 2023 của Ban Thường trực UBMTTQVN tỉnh đề nghị Ban Thường trực UBMTTQ các huyện, thành phố, các ban, phòng liên quan phối hợp thực hiện./.""",
    ),
]


def _quote(first, last=None):
    return quote(SECTIONS, "IV.", first, last)


# "* Ghi chú: Đề nghị Các Ban, Văn phòng báo cáo kết quả thực hiện gửi về Ban Phong trào trước ngày 05/12/2023."
REPORT_BY = {"kind": "once", "date": dt.date(2023, 12, 5)}
DISTRICT_COMMITTEES = "Ban Thường trực Ủy ban MTTQ Việt Nam các huyện, thành phố"

SEED = {
    "key": "001",
    "organization": MTTQ,
    "drafter": "mttq_drafter",
    "data": {
        "subject": SUBJECT,
        "preamble": PREAMBLE,
        "period_start": dt.date(2023, 4, 1),  # "Thời gian thực hiện: từ ngày 4/2023
        "period_end": dt.date(2023, 11, 30),  # đến ngày 30/11/2023"
        "signing_authority": "TM.",
        "signer": "mttq_signer",
        "reviewers": ["mttq_reviewer"],
        "legal_bases": LEGAL_BASES,
        "body": seed_body(
            SECTIONS,
            targets=[
                {"at": "3. Số lượng, địa điểm: 10 mô hình", "comparator": "exactly", "unit": "mô hình", "value": "10"},
                {"at": "3.1. Mô hình Phòng chống tội phạm", "comparator": "exactly", "unit": "mô hình", "value": "8"},
                {"at": "3.2. Mô hình phòng chống tội phạm, ma túy", "comparator": "exactly", "unit": "mô hình", "value": "2"},
            ],
            tasks=[
                {
                    "text": _quote("1.1. Ban Phong trào", "Tham mưu Ban Thường trực"),
                    "lead": "Ban Phong trào",
                    "supporting": [DISTRICT_COMMITTEES],
                    "schedule": REPORT_BY,
                },
                {
                    "text": _quote("1.2. Văn phòng", "Hướng dẫn chứng từ"),
                    "lead": "Văn phòng",
                    "supporting": [DISTRICT_COMMITTEES],
                    "schedule": REPORT_BY,
                },
                {
                    "text": _quote("1.3. Ban Tổ chức", "Phối hợp Ban Thường trực Ủy ban MTTQ Việt Nam huyện Kon Plong"),
                    "lead": "Ban Tổ chức – Tuyên giáo",
                    "supporting": [DISTRICT_COMMITTEES],
                    "schedule": REPORT_BY,
                },
                {
                    "text": _quote("1.4. Ban Dân chủ", "Phối hợp Ban Thường trực Ủy ban MTTQ Việt Nam huyện huyện Ngọc Hồi"),
                    "lead": "Ban Dân chủ - Pháp luật",
                    "supporting": [DISTRICT_COMMITTEES],
                    "schedule": REPORT_BY,
                },
                {
                    "text": _quote("2. Ban Thường trực Ủy ban MTTQ Việt Nam các huyện", "- Phối hợp hướng dẫn Ban Thường trực"),
                    "lead": DISTRICT_COMMITTEES,
                    "supporting": ["Ban Phong trào"],
                },
                {
                    "text": _quote("3. Ban Thường trực Ủy ban MTTQ Việt Nam các xã", "- Phân công cán bộ phối hợp"),
                    "lead": "Ban Thường trực Ủy ban MTTQ Việt Nam các xã, phường, thị trấn",
                },
            ],
        ),
        "recipients": [
            ("Chủ tịch, Phó CT MTTQ tỉnh", "b/c", None),
            ("BTT UBMT huyện, Thành phố", "", None),
            ("BTT MTTQ các xã, phường có mô hình", "", None),
            ("Các Ban VP cơ quan", "t/h", None),
            ("VT, Ban PT", "lưu", None),
        ],
    },
    # Issued: "TM. BAN THƯỜNG TRỰC / PHÓ CHỦ TỊCH / (Đã Ký) Nguyễn Thị Lan".
    "steps": [
        ("submit", "mttq_drafter", {"comment": "Kính trình Ban Thường trực."}),
        ("approve", "mttq_reviewer", {"comment": "Đồng ý."}),
        ("sign", "mttq_signer", {"kind": "main"}),
        ("issue", "mttq_clerk", {}),
    ],
    "state": "issued",
}
