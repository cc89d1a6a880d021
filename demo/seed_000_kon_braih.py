"""Seed 000: Kế hoạch thực hiện mô hình tự quản ở khu dân cư giai đoạn 2025-2030 (UBND xã Kon Braih).

The text is the seed's own: only the line and page breaks of its extraction are joined (and
see the notes below). The structured parts and the demo steps follow the text.
"""

import datetime as dt

from demo.accounts import COMMUNE

from .blocks import seed_body
from .text import quote

SUBJECT = "Thực hiện mô hình tự quản ở khu dân cư giai đoạn 2025-2030"
LEGAL_BASES = [
    "Thực hiện Kết luận của đồng chí Bí thư Đảng uỷ tại Hội nghị Ban chấp hành Đảng bộ xã lần thứ nhất (ngày 25/7/2025) về triển khai thực hiện Nghị quyết Đại hội đại biểu Đảng bộ xã Kon Braih lần thứ I, nhiệm kỳ 2025 – 2030.",
]
PREAMBLE = "Uỷ ban nhân dân xã Kon Braih xây dựng kế hoạch thực hiện mô hình tự quản ở khu dân cư giai đoạn 2025-2030 như sau:"
SECTIONS = [
    (
        "I. MỤC ĐÍCH, YÊU CẦU",
        """\
1. Mục đích
Nhằm cụ thể hóa Kết luận của đồng chí Bí thư Đảng uỷ tại Hội nghị Ban chấp hành Đảng bộ xã lần thứ nhất (ngày 25/7/2025) về triển khai thực hiện Nghị quyết Đại hội đại biểu Đảng bộ xã Kon Braih lần thứ I, nhiệm kỳ 2025 – 2030.
Phát huy vai trò của quần chúng nhân dân trong việc tham gia toàn dân bảo vệ an ninh Tổ quốc, từ đó nâng cao tinh thần đoàn kết, tự giác góp phần xây dựng nông thôn mới trên địa bàn xã. Góp phần xây dựng khu dân cư văn minh, an toàn, đoàn kết, phát riển bền vững nâng cao đời sống tinh thần của người dân, phát huy dân chủ cơ sở, tạo nền tảng thúc đấy xây dựng nông thôn mới, văn minh, xanh- sạch đẹp.
2. Yêu cầu
Việc xây dựng kế hoạch phải cụ thể, sát thực tiễn, tổ chức thực hiện đồng bộ, đảm bảo chất lượng, hiệu quả. Phát huy tốt vai trò chỉ đạo, hướng dẫn của các cơ quan, đơn vị; tinh thần tự giác, trách nhiệm của các thôn trong tổ chức thực hiện.
Bảo đảm tính thiết thực, sát với nhu cầu thực tiễn của từng thôn, làng, khu dân cư; phù hợp với điều kiện kinh tế, xã hội , đặc thù văn hoá địa bàn xã Kon Braih. Huy động sự tham gia rộng rãi, tự giác và chủ động của người dân, người có uy tín, già làng, trưởng thôn, các đoàn thể chính trị - xã hội""",
    ),
    (
        "II. MỤC TIÊU, NHIỆM VỤ",
        """\
1. Mục tiêu
Tiếp tục duy trì các tiêu chí khu dân cư, cơ quan, doanh nghiệp, cơ sở giáo dục đạt tiêu chuẩn “An toàn về an ninh, trật tự” theo Thông tư 124/2021/TT-BCA, ngày 28/12/2021 của Bộ Công an quy định khu dân cư, xã, phường, thị trấn, cơ quan, doanh nghiệp, cơ sở giáo dục đạt tiêu chuẩn “An toàn về an ninh, trật tự”.
2. Nhiệm vụ
Các cơ quan, đơn vị hướng dẫn các thôn tiếp tục triển khai thực hiện tốt nội dung các tiêu chuẩn, tiêu chí về xây dựng mô hình tự quản, phát triển toàn diện giai đoạn 2025 - 2030. Cụ thể:
2.1. Củng cố, kiện toàn nâng cao chất lượng, hiệu quả hoạt động của đội ngũ người hoạt động không chuyên trách và các chức danh khác ở khu dân cư.
2 2. Phát huy tiềm năng, thế mạnh của từng khu dân cư để phát triển kinh tế theo hướng toàn diện gắn với việc thực hiện các chỉ tiêu phát triển kinh tế - xã hội của địa phương.
3. Thực hiện tốt các nội dung tự quản về quản lý đô thị, xây dựng, đất đai, tài nguyên môi trường của khu dân cư.
4. Xây dựng khu dân cư sáng - xanh – sạch – đẹp, văn minh, tiên tiến, phát huy bản sắc văn hóa dân tộc.
5. Thực hiện tốt công tác giáo dục và đào tạo, y tế; đảm bảo an sinh xã hội, giảm nghèo bền vững.
6. Thực hiện tốt công tác tự quản về quốc phòng, an ninh tại địa bàn.""",
    ),
    (
        "III. GIẢI PHÁP THỰC HIỆN",
        """\
1. Tiếp tục tăng cường sự lãnh đạo, chỉ đạo, nêu cao vai trò, trách nhiệm cấp ủy Đảng, chính quyền từ xã đến các khu dân cư, đặc biệt là những người hoạt động không chuyên trách trong duy trì, nâng cao chất lượng các tiêu chuẩn, tiêu chí khu dân cư tự quản; phát triển toàn diện. Chú trọng công tác tuyên truyền, vận động, hướng dẫn, thực hiện có hiệu quả các nội dung tự quản, thường xuyên tuyên truyền, vận động Nhân dân tại khu dân cư thực hiện các quy định về quản lý đô thị, xây dựng...
2. Tăng cường công tác quản lý nhà nước về các lĩnh vực quản lý đô thị, đất đai, thương mại, dịch vụ, hàng hóa, giá cả; phòng, chống cháy nổ; đảm bảo an ninh trật tự, an toàn giao thông, an toàn thực phẩm và vệ sinh môi trường, công tác giảm nghèo, giáo dục, đào tạo... trên địa bàn xã. Đẩy mạnh công tác thanh tra, kiểm tra đặc biệt trong các lĩnh vực quản lý xây dựng, kinh doanh dịch vụ thương mại... Thường xuyên kiểm tra, lập lại trật tự vỉa hè, xử lý các trường hợp vi phạm về đặt bảng, biển quảng cáo, buôn bán lấn chiếm lòng lề đường, đổ vật liệu không đúng nơi quy định.
3. Tiếp tục thực hiện tốt công tác rà soát, sắp xếp, củng cố, kiện toàn, bồi dưỡng, tập huấn, cập nhật kiến thức, nâng cao kỹ năng hoạt động cho đội ngũ người hoạt động không chuyên trách ở các thôn về nghiệp vụ xây dựng khu dân cư tự quản, phát triển toàn diện, giữ gìn an ninh trật tự, phòng chống cháy nổ… đáp ứng được yêu cầu thực hiện nhiệm vụ tự quản trên các lĩnh vực của đời sống xã hội.
4. Phát huy tiềm năng, thế mạnh của địa phương. Bố trí hợp lý nguồn ngân sách, các nguồn lực, các chương trình dự án, kết hợp với việc đẩy mạnh công tác xã hội hóa, huy động các nguồn lực sẵn có trong khu dân cư để hỗ trợ hoạt động của các mô hình tự quản; có chính sách hỗ trợ cho các hộ nghèo thuộc đối tượng già cả, neo đơn, gia đình chính sách...; củng cố quốc phòng, an ninh và nâng cao mức thu nhập, đời sống vật chất tinh thần của Nhân dân. Khuyến khích tăng thu ngân sách, đề xuất phương án sử dụng nguồn tăng thu và các nguồn vốn hợp pháp khác để tổ chức thực hiện kế hoạch xây dựng các mô hình tự quản, phát triển toàn diện đảm bảo theo quy định.
5. Triển khai ký cam kết xây dựng khu dân cư tự quản, phát triển toàn diện, xác định nội dung cần tập trung ưu tiên thực hiện tự quản, phát triển, trên cơ sở đó xây dựng kế hoạch, hình thức triển khai phù hợp. Tiếp tục duy trì hiệu quả các mô hình tự quản trong khu dân cư; tích cực phối hợp tuyên truyền, nhắc nhở người dân nêu cao ý thức, trách nhiệm, tự giác chấp hành các quy định. Thường xuyên kiểm tra, theo dõi, nắm tình hình, kịp thời xử lý những trường hợp vi phạm theo quy định. Đồng thời, làm tốt công tác biểu dương đối với những tập thể, cá nhân trên địa bàn có nhiều thành tích, đóng góp trong việc xây dựng khu dân cư phát triển toàn diện; coi đây là tiêu chí để bình xét danh hiệu gia đình văn hóa, cũng như đánh giá, phân loại đảng viên hằng năm.
6. Thành lập đoàn và tổ chức thẩm định, công nhận mô hình tự quản ở các khu dân cư trên địa bàn.""",
    ),
    (
        "IV. TỔ CHỨC THỰC HIỆN",
        """\
1. Văn phòng HĐND&UBND xã
- Thường xuyên chỉ đạo, hướng dẫn, kiểm tra, đôn đốc các cơ quan, đơn vị, các khu dân cư trong triển khai thực hiện kế hoạch.
- Chủ trì, phối hợp với các ban, ngành, đoàn thể, các cơ quan, đơn vị liên quan tham mưu mở các lớp bồi dưỡng kiến thức, chuyên môn, nghiệp vụ cho các chức danh chủ chốt của chi bộ, ban công tác mặt trận, các đoàn thể chính trị - xã hội đảm bảo theo kế hoạch, kiện toàn các chức danh chủ chốt tại khu dân cư.
2. Phòng Kinh tế
Chủ trì tham mưu cho UBND xã cân đối, bố trí nguồn kinh phí trên cơ sở thứ tự ưu tiên tập trung vào những nhiệm vụ cần thiết để tham mưu phân bổ kinh phí phù hợp thực hiện kế hoạch theo quy định.
3. Phòng Văn hóa – Xã hội
Chủ trì, phối hợp với các cơ quan, đơn vị liên quan tăng thời lượng phát sóng, số lượng bài viết, định hướng tuyên truyền, phát triển kinh tế, văn hóa, xã hội, xây dựng nếp sống văn minh đô thị; tuyên truyền biểu dương những điểm sáng văn hóa, gương người tốt, việc tốt; các mô hình điển hình, khu dân cư thực hiện tốt các tiêu chí về tự quản, phát triển toàn diện.
4. Công an xã
- Chủ trì, phối hợp với các cơ quan, đơn vị hướng dẫn, triển khai thực hiện tốt nội dung các tiêu chí về lĩnh vực an ninh trật tự theo chức năng nhiệm vụ được giao. Định kỳ tổng hợp báo cáo kết quả thực hiện theo quy định.
- Làm tốt công tác tham mưu triển khai thực hiện phong trào toàn dân bảo vệ ANTQ; hướng dẫn các thôn trong triển khai, thực hiện nội dung tự quản về an ninh trật tự. Xây dựng và triển khai thực hiện kế hoạch bảo đảm ANCT, giữ gìn TTATXH trên địa bàn.
- Chủ trì, phối hợp với các cơ quan, đơn vị liên quan duy trì, xây dựng và nhân rộng các mô hình tự quản ở khu dân cư; hướng dẫn, bồi dưỡng nghiệp vụ, chuyên môn, kiến thức về xây dựng phong trào toàn dân bảo vệ ANTQ cho lực lượng nòng cốt và các lực lượng làm nhiệm vụ bảo vệ ANTT ở cơ sở.
5. Ban Chỉ huy Quân sự xã
- Chủ trì, phối hợp với các cơ quan, đơn vị hướng dẫn, triển khai thực hiện tốt các nội dung về lĩnh vực quốc phòng theo chức năng nhiệm vụ được giao. Định kỳ tổng hợp báo cáo kết quả thực hiện theo quy định.
- Phối hợp với các cơ quan, đơn vị tổ chức mở các lớp tập huấn, huấn luyện, bồi dưỡng kiến thức về quân sự, quốc phòng cho lực lượng dự bị động viên, dân quân tại các khu dân cư; hướng dẫn các khu dân cư làm tốt công tác tuyên truyền nâng cao ý thức, trách nhiệm bảo vệ Tổ quốc cho Nhân dân, vận động công dân thực hiện nghĩa vụ quân sự...
6. Các cơ quan, đơn vị
- Tổ chức quán triệt nội dung Kế hoạch đến cán bộ, công chức, viên chức thuộc cơ quan, đơn vị. Trên cơ sở chức năng, nhiệm vụ của cơ quan, đơn vị và nhiệm vụ được giao tại Kế hoạch này chủ động xây dựng kế hoạch và triển khai thực hiện nghiêm túc Kế hoạch
- Tiếp tục triển khai thực hiện tốt nhiệm vụ giúp đỡ các khu dân cư phát triển toàn diện theo phân công của Ban Chấp hành Đảng bộ xã.
7. Đề nghị các Ban Đảng, Mặt trận Tổ quốc Việt Nam và các tổ chức chính trị - xã hội
Căn cứ chức năng, nhiệm vụ của cơ quan, tổ chức đẩy mạnh công tác tuyên truyền, phối hợp với các cơ quan chuyên môn của xã trong triển khai thực hiện Kế hoạch.
Trên đây là Kế hoạch thực hiện mô hình tự quản ở khu dân cư trên địa bàn xã giai đoạn 2025 - 2030. UBND xã yêu cầu và đề nghị các cơ quan, đơn vị, Ban quản lý các thôn tổ chức triển khai thực hiện nghiêm túc./.""",
    ),
]

# Notes on the text: parts of the seed were in decomposed Unicode and are stored composed (NFC); a
# paragraph break lost in extraction (after "nhiệm kỳ 2025 – 2030.") is restored. The seed has no
# signature block: the commune's chairman is named as the intended signer so the draft can be submitted.


def _quote(first, last=None):
    return quote(SECTIONS, "IV.", first, last)


SEED = {
    "key": "000",
    "organization": COMMUNE,
    "drafter": "xa_drafter",
    "data": {
        "subject": SUBJECT,
        "preamble": PREAMBLE,
        "period_start": dt.date(2025, 1, 1),  # "giai đoạn 2025-2030"
        "period_end": dt.date(2030, 12, 31),
        "signing_authority": "TM.",
        "signer": "xa_signer",
        "reviewers": ["xa_reviewer"],
        "legal_bases": LEGAL_BASES,
        "body": seed_body(
            SECTIONS,
            targets=[{"at": quote(SECTIONS, "II.", "Tiếp tục duy trì các tiêu chí khu dân cư")}],  # no figure in the text
            tasks=[
                {
                    "text": _quote("- Thường xuyên chỉ đạo", "- Chủ trì, phối hợp với các ban, ngành"),
                    "lead": "Văn phòng HĐND&UBND xã",
                    "timing": {"kind": "ongoing"},  # "Thường xuyên"
                },
                {"text": _quote("Chủ trì tham mưu cho UBND xã"), "lead": "Phòng Kinh tế"},
                {"text": _quote("Chủ trì, phối hợp với các cơ quan, đơn vị liên quan tăng thời lượng"), "lead": "Phòng Văn hóa – Xã hội"},
                {
                    "text": _quote(
                        "- Chủ trì, phối hợp với các cơ quan, đơn vị hướng dẫn, triển khai thực hiện tốt nội dung",
                        "- Chủ trì, phối hợp với các cơ quan, đơn vị liên quan duy trì",
                    ),
                    "lead": "Công an xã",
                },
                {
                    "text": _quote(
                        "- Chủ trì, phối hợp với các cơ quan, đơn vị hướng dẫn, triển khai thực hiện tốt các nội dung",
                        "- Phối hợp với các cơ quan, đơn vị tổ chức mở",
                    ),
                    "lead": "Ban Chỉ huy Quân sự xã",
                },
            ],
        ),
        "recipients": [
            ("TT Đảng ủy, HĐND xã", "", None),
            ("Lãnh đạo UBND xã", "", None),
            ("Các cơ quan, đơn vị", "", None),
            ("Ban quản lý các thôn", "", None),
            ("VT, NV", "lưu", None),
        ],
    },
    "steps": [],  # a draft: xa_drafter can still edit it and submit it
    "state": "draft",
}
