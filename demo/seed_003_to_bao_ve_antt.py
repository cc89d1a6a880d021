"""Seed 003: Kế hoạch triển khai Nghị quyết 24/2024/NQ-HĐND về Tổ bảo vệ an ninh, trật tự (UBND huyện Ia H'Drai).

The text is the seed's own: only the line and page breaks of its extraction are joined (and
see the notes below). The structured parts and the demo steps follow the text.
"""

import datetime as dt

from demo.accounts import DISTRICT

from .blocks import seed_body
from .text import quote

SUBJECT = "Triển khai thực hiện Kế hoạch số 3244/KH-UBND ngày 12/9/2024 của Ủy ban nhân dân tỉnh về thực hiện Nghị quyết số 24/2024/NQ-HĐND ngày 28 tháng 6 năm 2024 của Hội đồng nhân dân tỉnh Kon Tum"
LEGAL_BASES = [
    "Thực hiện Kế hoạch số 3244/KH-UBND, ngày 12/9/2024 của Ủy ban nhân dân tỉnh Kon Tum về triển khai thực hiện Nghị quyết số 24/2024/NQ-HĐND ngày 28 tháng 6 năm 2024 của Hội đồng nhân dân tỉnh quy định về tiêu chí thành lập Tổ bảo vệ an ninh, trật tự; tiêu chí về số lượng thành viên Tổ bảo vệ an ninh, trật tự; mức chi và một số chế độ, chính sách đối với lực lượng tham gia Tổ bảo vệ an ninh, trật tự ở cơ sở trên địa bàn tỉnh Kon Tum (gọi tắt là Kế hoạch số 3244/KH-UBND.",
]
PREAMBLE = "Ủy ban nhân dân huyện ban hành kế hoạch triển khai thực hiện, cụ thể như sau:"
SECTIONS = [
    (
        "I. MỤC ĐÍCH, YÊU CẦU",
        """\
1. Quán triệt, triển khai thực hiện Nghị quyết số 24/2024/NQ-HĐND và Kế hoạch số 3244/KH-UBND đến các cơ quan, đơn vị, địa phương và Nhân dân trên địa bàn huyện; củng cố, tăng cường công tác bảo vệ an ninh, trật tự ở cơ sở, phục vụ hiệu quả phát triển kinh tế - xã hội của huyện.
2. Việc triển khai thực hiện Kế hoạch đảm bảo thống nhất, đồng bộ với quy định của pháp luật và phù hợp với tình hình thực tế của địa phương.""",
    ),
    (
        "II. NỘI DUNG TRỌNG TÂM",
        """\
1. Tổ chức tuyên truyền, phổ biến Nghị quyết số 24/2024/NQ-HĐND gắn với việc tiếp tục đẩy mạnh tuyên truyền, phổ biến Luật Lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở, Nghị định số 40/2024/NĐ-CP ngày 16 tháng 4 năm 2024 của Chính phủ(1) và Thông tư số 14/2024/TT-BCA ngày 22 tháng 4 năm 2024 của Bộ trưởng Bộ Công an(2) đến các cơ quan, tổ chức, cá nhân và các tầng lớp Nhân dân trên địa bàn huyện biết, thực hiện.
2. Ban hành các văn bản triển khai, thực hiện Nghị quyết; đồng thời, căn cứ vào tình hình thực tế để tiếp tục rà soát, bãi bỏ hoặc sửa đổi, bổ sung, ban hành mới các văn bản phù hợp với quy định của pháp luật và Nghị quyết số 24/2024/NQ-HĐND.
3. Lập dự toán, phân bổ kinh phí và quản lý, thực hiện một số chế độ, chính sách đối với lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở trên địa bàn huyện theo quy định.
4. Hướng dẫn, kiểm tra, đôn đốc các cơ quan, tổ chức, cá nhân có liên quan triển khai thực hiện Nghị quyết số 24/2024/NQ-HĐND bảo đảm nghiêm túc, đồng bộ, có hiệu quả.
(1) Quy định chi tiết một số điều của Luật Lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở.
(2) Quy định chi tiết một số điều của Luật Lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở.""",
    ),
    (
        "III. PHÂN CÔNG NHIỆM VỤ",
        """\
1. Công an huyện:
- Chủ trì, phối hợp với các đơn vị liên quan đôn đốc, kiểm tra, hướng dẫn các cơ quan, tổ chức, cá nhân có liên quan triển khai thực hiện Nghị quyết số 24/2024/NQ-HĐND; kịp thời tổng hợp kết quả triển khai thực hiện Nghị quyết báo cáo Ủy ban nhân dân huyện biết, chỉ đạo.
- Định kỳ tổ chức các lớp huấn luyện, bồi dưỡng về chính trị, pháp luật; huấn luyện, bồi dưỡng về nghiệp vụ phù hợp với nhiệm vụ hỗ trợ của lực lượng tham gia Tổ bảo vệ an ninh, trật tự ở cơ sở.
- Hằng năm, có trách nhiệm: tổng hợp nhu cầu phương tiện, thiết bị, công cụ hỗ trợ cần trang bị cho lực lượng tham gia Tổ bảo vệ an ninh, trật tự ở cơ sở báo cáo về Công an tỉnh để tổng hợp, đề xuất cấp thẩm quyền phê duyệt.
3. Phòng Tài chính - Kế hoạch
Hằng năm tham mưu đảm bảo nguồn kinh phí, thực hiện chi trả chế độ đối với người tham gia lực lượng tham gia Tổ bảo vệ an ninh, trật tự ở cơ sở theo quy định của pháp luật và Nghị quyết số 24/2024/NQ-HĐND.
4. Bảo hiểm xã hội huyện:
- Phối hợp với Ủy ban nhân dân cấp xã rà soát, hướng dẫn lập danh sách, đối chiếu, xác nhận người tham gia bảo hiểm xã hội tự nguyện, bảo hiểm y tế và tổng hợp kinh phí thuộc đối tượng được hỗ trợ theo Nghị quyết số 24/2024/NQ-HĐND và thực hiện thanh quyết toán theo quy định.
5. Trung tâm Văn hóa - Thể thao - Du lịch và Truyền thông theo chức năng nhiệm vụ của đơn vị tổ chức thông tin, tuyên truyền nội dung Luật Lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở, Nghị định số 40/2024/NĐ-CP của Chính phủ và Thông tư số 14/2024/TT-BCA của Bộ trưởng Bộ Công an, Nghị quyết số 24/2024/NQ-HĐND của Hội đồng nhân dân tỉnh và Kế hoạch này trên các phương tiện thông tin đại chúng.
6. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam huyện và các tổ chức chính trị - xã hội huyện tăng cường tổ chức tuyên truyền, phổ biến Luật Lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở và các quy định có liên quan đến toàn thể đoàn viên, hội viên và Nhân dân trên địa bàn huyện; tham gia giám sát việc thực hiện Nghị quyết số 24/2024/NQ-HĐND theo quy định.
7. Ủy ban nhân dân các xã:
- Tổ chức tuyên truyền, quán triệt, triển khai thực hiện nghiêm túc Luật Lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở; Nghị định số 40/2024/NĐ-CP của Chính phủ, Thông tư số 14/2024/TT-BCA của Bộ trưởng Bộ Công an và Nghị quyết số 24/2024/NQ-HĐND của Hội đồng nhân dân tỉnh.
- Thực hiện kiện toàn, thành lập, công nhận Tổ, thành viên tham gia Tổ bảo vệ an ninh, trật tự; quy trình, trình tự, thủ tục tuyển chọn mới thành viên Tổ bảo vệ an ninh, trật tự và tổ chức quản lý hoạt động của lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở theo quy định.
- Ban hành Quyết định về Quy chế làm việc của Tổ bảo vệ an ninh, trật tự cơ sở trên địa bàn quản lý.
- Quản lý, sử dụng kinh phí, bảo đảm điều kiện hoạt động đối với lực lượng tham gia Tổ bảo vệ an ninh, trật tự ở cơ sở trên địa bàn theo phân cấp.
- Lập danh sách thành viên Tổ bảo vệ an ninh, trật tự đăng ký tham gia bảo hiểm xã hội tự nguyện; theo dõi, quản lý sổ bảo hiểm xã hội, bảo hiểm y tế theo hướng dẫn của Bảo hiểm xã hội huyện.
- Hằng năm, rà soát địa điểm, nơi làm việc của từng Tổ bảo vệ an ninh, trật tự ở cơ sở; trang thiết bị hiện có; tổng hợp nhu cầu số lượng, loại công cụ hỗ trợ trang bị cho lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở(3); tổng hợp nhu cầu trang bị phương tiện, thiết bị cho lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở(4) và nhu cầu mua sắm đèn pin, còi cho lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở(5)...
- Căn cứ dự toán ngân sách Ủy ban nhân dân huyện giao, số liệu cấp sổ bảo hiểm xã hội tự nguyện, thẻ bảo hiểm y tế của các đối tượng và nhu cầu kinh phí đóng bảo hiểm xã hội tự nguyện, bảo hiểm y tế do Bảo hiểm xã hội cấp huyện đề nghị, vào đầu mỗi quý chuyển kịp thời kinh phí tạm cấp vào tài khoản chuyên thu bảo hiểm xã hội do Bảo hiểm xã hội cấp huyện quản lý, chuyển dứt điểm kinh phí phát sinh hàng quý. Thực hiện quyết toán nguồn kinh phí hỗ trợ hằng năm theo quy định.
- Định kỳ hằng tháng (trước ngày 15) và hằng năm (trước ngày 15 tháng 12) hoặc đột xuất khi có yêu cầu, báo cáo kết quả thực hiện về Ủy ban nhân dân huyện (qua Công an huyện) để tổng hợp, báo cáo theo quy định.
8. Các cơ quan, ban, ngành, đơn vị liên quan trên địa bàn huyện theo chức năng nhiệm vụ, quyền hạn, lĩnh vực công tác được giao tuyên truyền, phổ biến, hỗ trợ công tác triển khai Luật Lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở và Nghị quyết số 24/2024/NQ-HĐND theo quy định.
(3) Tên công cụ được quy định tại khoản 1 Điều 8 Thông tư số 14/2024/TT-BCA của Bộ trưởng Bộ Công an.
(4) Danh mục, tiêu chuẩn, niên hạn được quy định tại khoản 1 Điều 4 Nghị định số 40/2024/NĐ-CP của Chính phủ
(5) Quy định tại khoản 1 Điều 4 Nghị quyết số 24/2024/NQ-HĐND của Hội đồng nhân dân tỉnh.""",
    ),
    (
        "IV. KINH PHÍ BẢO ĐẢM THỰC HIỆN:",
        """\
Kinh phí phục vụ bảo đảm điều kiện hoạt động đối với lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở trên địa bàn huyện thực hiện theo quy định của Luật Lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở; Nghị định số 40/2024/NĐ-CP của Chính phủ và Thông tư số 14/2024/TT-BCA của Bộ trưởng Bộ Công an, Nghị quyết số 24/2024/NQ-HĐND của Hội đồng nhân dân tỉnh và các quy định khác có liên quan.""",
    ),
    (
        "V. TỔ CHỨC THỰC HIỆN",
        """\
1. Các cơ quan, đơn vị, địa phương liên quan căn cứ nhiệm vụ được giao tại Kế hoạch này tổ chức triển khai thực hiện bảo đảm thiết thực, hiệu quả. Trong quá trình triển khai thực hiện, nếu phát sinh khó khăn, vướng mắc, chủ động phối hợp Công an huyện để được hướng dẫn triển khai thực hiện đảm bảo theo các quy định hiện hành.
2. Giao Công an huyện chủ trì, phối hợp với các cơ quan, đơn vị liên quan hướng dẫn, đôn đốc và kiểm tra các cơ quan, đơn vị, địa phương trong quá trình triển khai thực hiện; kịp thời phối hợp với các cơ quan, đơn vị, địa phương xử lý các khó khăn, vướng mắc theo thẩm quyền, trường hợp vượt thẩm quyền báo cáo Ủy ban nhân dân huyện biết, chỉ đạo. Tổng hợp, tham mưu Ủy ban nhân dân huyện báo cáo kết quả thực hiện Kế hoạch này theo quy định./.""",
    ),
]

# Notes on the text: the seed's footnote markers 4 and 5 lost their brackets in extraction ("cơ sở4")
# and are written (4), (5) like the others; the footnotes follow the section that cites them.
# The text gives no period. Its reporting duties are periodic ("hằng tháng (trước ngày 15) và hằng năm
# (trước ngày 15 tháng 12)"), and slots of periodic duties need one, so the demo gives it a period:
# from October 2024 (the plan follows the province's plan of 12/9/2024 and is dated 2024) to the end
# of 2025. That gives 15 monthly slots (15/10/2024 … 15/12/2025) and 2 yearly ones (15/12/2024, 15/12/2025).


def _quote(first, last=None, heading="III."):
    return quote(SECTIONS, heading, first, last)


# The reporting duty of the communes has two rhythms: one task for each.
COMMUNE_REPORTS = _quote("- Định kỳ hằng tháng (trước ngày 15)")

SEED = {
    "key": "003",
    "organization": DISTRICT,
    "drafter": "drafter",
    "data": {
        "subject": SUBJECT,
        "preamble": PREAMBLE,
        "period_start": dt.date(2024, 10, 1),
        "period_end": dt.date(2025, 12, 31),
        "signing_authority": "TM.",
        "signer": "chairman",
        "reviewers": ["reviewer", "reviewer2"],
        "legal_bases": LEGAL_BASES,
        "body": seed_body(
            SECTIONS,
            footnotes=True,
            tasks=[
                {"text": _quote("- Chủ trì, phối hợp với các đơn vị liên quan", "- Định kỳ tổ chức các lớp"), "lead": "Công an huyện"},
                {"text": _quote("- Hằng năm, có trách nhiệm"), "lead": "Công an huyện"},
                {"text": _quote("Hằng năm tham mưu đảm bảo nguồn kinh phí"), "lead": "Phòng Tài chính - Kế hoạch"},
                {
                    "text": _quote("- Phối hợp với Ủy ban nhân dân cấp xã"),
                    "lead": "Bảo hiểm xã hội huyện",
                    "supporting": ["Ủy ban nhân dân các xã"],
                },
                {"text": _quote("5. Trung tâm Văn hóa"), "lead": "Trung tâm Văn hóa - Thể thao - Du lịch và Truyền thông"},
                {
                    "text": _quote("6. Đề nghị Ủy ban Mặt trận"),
                    "lead": "Ủy ban MTTQ Việt Nam huyện",
                    "supporting": ["Các tổ chức chính trị - xã hội huyện"],  # a group, not an organization of planflow
                },
                {
                    "text": _quote("- Tổ chức tuyên truyền, quán triệt", "- Căn cứ dự toán ngân sách"),
                    "lead": "Ủy ban nhân dân các xã",
                    "supporting": ["Bảo hiểm xã hội huyện"],
                },
                {  # "Định kỳ hằng tháng (trước ngày 15) và hằng năm (trước ngày 15 tháng 12)": two duties
                    "text": COMMUNE_REPORTS,
                    "lead": "Ủy ban nhân dân các xã",
                    "schedules": [{"kind": "monthly", "day": 15}, {"kind": "yearly", "day": 15, "month": 12}],
                },
                {
                    "text": _quote("8. Các cơ quan, ban, ngành"),
                    "lead": "Các cơ quan, ban, ngành, đơn vị liên quan trên địa bàn huyện",  # named in words
                    "timing": {"kind": "ongoing"},
                },
                {"text": _quote("2. Giao Công an huyện chủ trì", heading="V."), "lead": "Công an huyện"},
            ],
        ),
        "recipients": [
            ("Thường trực Huyện ủy", "b/c", None),
            ("Thường trực HĐND huyện", "b/c", None),
            ("Chủ tịch, các Phó Chủ tịch UBND huyện", "", None),
            ("Ủy ban Mặt trận Tổ quốc Việt Nam huyện", "", "Ủy ban MTTQ Việt Nam huyện"),
            ("Công an huyện", "", "Công an huyện"),
            ("Các phòng, ban ngành, đơn vị thuộc huyện", "", None),
            ("Các tổ chức chính trị - xã hội huyện", "p/h", None),
            ("Bảo hiểm xã hội huyện", "", "Bảo hiểm xã hội huyện"),
            ("Ủy ban nhân dân các xã", "", "Ủy ban nhân dân các xã"),
            ("VT-TH", "lưu", None),
        ],
    },
    # To reporting: two reviewers agree, the head of the drafting unit initials, the Chairman signs,
    # the clerk issues it and opens the reporting phase.
    "steps": [
        ("submit", "drafter", {"comment": "Kính trình thẩm định dự thảo kế hoạch."}),
        ("approve", "reviewer2", {"comment": "Đồng ý."}),
        ("approve", "reviewer", {"comment": "Đồng ý, trình Chủ tịch ký ban hành."}),
        ("sign", "reviewer", {"kind": "initial"}),
        ("sign", "chairman", {"kind": "main"}),
        ("issue", "clerk", {}),
        ("start_reporting", "clerk", {}),
    ],
    "state": "reporting",
}
